/* A board without RTC before NTP answers: its clock says 1970. A schedule
 * fetched then is dated with the server's Date header (in fetch_info and
 * in the cache), not 1970. time() is replaced with the linker's --wrap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cache.h"
#include "fetch.h"
#include "nettest.h"

#define BOOT_TIME 100000 /* 1970-01-02 */

time_t __wrap_time(time_t *t);
time_t __wrap_time(time_t *t)
{
    if (t)
        *t = BOOT_TIME;
    return BOOT_TIME;
}

static void test_server_date_when_clock_is_1970(void **state)
{
    char scratch[4096], cache_dir[4200], url[256];
    int port;
    pid_t faultd;
    struct cfg c;
    struct sched *s = NULL, *cs = NULL;
    struct fetch_info info;
    struct cache_meta m;
    struct err e = {{0}};

    nt_scratch("noclock", scratch, sizeof(scratch));
    snprintf(cache_dir, sizeof(cache_dir), "%s/cache", scratch);
    faultd = nt_faultd(scratch, &port);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/schedule.json", port);
    nt_cfg(&c, url, cache_dir);
    bool ok = fetch_once(&c, &s, &info, &e);
    nt_stop(faultd);
    assert_true(ok);
    assert_string_equal(info.source, "network");
    assert_true(info.server_date > 1700000000);
    assert_int_equal(info.fetched_at, info.server_date);
    assert_int_equal(info.last_try, BOOT_TIME); /* the wrap is in effect */
    sched_free(s);
    assert_int_equal(cache_load(cache_dir, url, 0, &cs, &m, &e), CACHE_HIT);
    assert_int_equal(m.fetched_at, info.server_date);
    sched_free(cs);
    cfg_clear(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_server_date_when_clock_is_1970),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
