/* The User-Agent a screen sends (docs/network.md, "User-Agent"): its exact
 * text, sanitising and bounds, and that a real nginx logs it in the default
 * combined format after a real fetch. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fetch.h"
#include "nettest.h"

#define V "roomboard/" ROOMBOARD_VERSION

static void test_format(void **state)
{
    const char *rooms[] = {"H.2213", "K.1105"};
    struct fetch_ua ua = {.report = true,
                          .name = "door-h2213",
                          .rooms = rooms,
                          .nrooms = 2,
                          .version = "2026-01-31 10:40",
                          .status = "ok",
                          .clock = "ok",
                          .up_s = 5 * 3600 + 12 * 60 + 59};
    char buf[FETCH_UA_MAX];

    assert_string_equal(fetch_user_agent(buf, sizeof(buf), &ua),
                        V " (screen=door-h2213; rooms=H.2213,K.1105; version=2026-01-31 10:40; "
                          "status=ok; clock=ok; up=5h12m)");
    ua.up_s = 2 * 86400 + 3600 + 60;
    ua.nrooms = 0;
    ua.version = NULL;
    ua.status = "no-schedule";
    ua.clock = "waiting";
    assert_string_equal(fetch_user_agent(buf, sizeof(buf), &ua),
                        V " (screen=door-h2213; rooms=; version=; status=no-schedule; "
                          "clock=waiting; up=2d1h1m)");
    ua.up_s = 59;
    ua.report = false;
    assert_string_equal(fetch_user_agent(buf, sizeof(buf), &ua), V);
}

static void test_sanitised(void **state)
{
    const char *rooms[] = {"Saal (1), oben", "Hörsaal; 2"};
    struct fetch_ua ua = {.report = true,
                          .name = "a\"b\\c\td\x01(e)\xff",
                          .rooms = rooms,
                          .nrooms = 2,
                          .version = "v1; status=ok",
                          .status = "stale",
                          .clock = "server",
                          .up_s = 61};
    char buf[FETCH_UA_MAX];

    assert_string_equal(fetch_user_agent(buf, sizeof(buf), &ua),
                        V " (screen=a_b_c_d__e__; rooms=Saal _1__ oben,Hörsaal_ 2; "
                          "version=v1_ status=ok; status=stale; clock=server; up=1m)");
}

static void test_bounded(void **state)
{
    static char big[4096];
    const char *rooms[CFG_MAX_ROOMS];
    struct fetch_ua ua = {.report = true, .status = "ok", .clock = "ok", .up_s = 0};
    char buf[FETCH_UA_MAX], small[40];
    const char *p;

    /* Two-byte characters: a cut never splits one. */
    for (size_t i = 0; i + 2 < sizeof(big); i += 2)
        memcpy(big + i, "\xc3\xa9", 2);
    for (size_t i = 0; i < CFG_MAX_ROOMS; i++)
        rooms[i] = big;
    ua.name = ua.version = big;
    ua.rooms = rooms;
    ua.nrooms = CFG_MAX_ROOMS;
    fetch_user_agent(buf, sizeof(buf), &ua);
    assert_true(strlen(buf) < FETCH_UA_MAX);
    p = strstr(buf, "screen=");
    assert_non_null(p);
    assert_int_equal(strcspn(p + 7, ";"), 64);
    p = strstr(buf, "rooms=");
    assert_true(strcspn(p + 6, ";") <= 160);
    assert_int_equal(strcspn(p + 6, ","), 48);
    p = strstr(buf, "version=");
    assert_int_equal(strcspn(p + 8, ";"), 64);
    assert_non_null(strstr(buf, "; up=0m)"));
    /* A tiny buffer is cut, never overrun. */
    fetch_user_agent(small, sizeof(small), &ua);
    assert_int_equal(strlen(small), sizeof(small) - 1);
}

/* A real fetch through nginx: the access log (default "combined") has the
 * line, with the config's name and rooms and the schedule's version after
 * the first refresh. */
static void test_nginx_logs_it(void **state)
{
    char scratch[1024], www[2048], file[4096], url[256], cache[2048], needle[1024];
    char *body;
    size_t len;
    int port;
    struct cfg c;
    struct sched *s = NULL;
    struct fetch_info info;
    struct err e;
    pid_t ng;

    nt_scratch("useragent", scratch, sizeof(scratch));
    snprintf(www, sizeof(www), "%s/www", scratch);
    snprintf(file, sizeof(file), "%s/schedule.json", www);
    snprintf(cache, sizeof(cache), "%s/cache", scratch);
    nt_fixture("sched-v2.json", needle, sizeof(needle));
    body = nt_read(needle, &len);
    assert_non_null(body);
    mkdir(www, 0755);
    nt_write(file, body, len);
    ng = nt_nginx(scratch, NULL, NULL, &port);
    free(body);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/schedule.json", port);
    nt_cfg(&c, url, cache);
    cfg_set_str(&c.name, "door-h2213");
    cfg_set_str(&c.rooms[0], "H.2213");
    c.nrooms = 1;

    /* First fetch: nothing shown yet. */
    assert_true(fetch_once(&c, &s, &info, &e));
    sched_free(s);
    /* Second: the cache has version 2 now. */
    assert_true(fetch_once(&c, &s, &info, &e));
    sched_free(s);
    c.report = false;
    assert_true(fetch_once(&c, &s, &info, &e));
    sched_free(s);
    nt_stop(ng);
    cfg_clear(&c);

    assert_int_equal(nt_nginx_count(scratch, "\"" V " (screen=door-h2213; rooms=H.2213; "
                                             "version=; status=no-schedule; clock=ok; up=0m)\""),
                     1);
    assert_int_equal(nt_nginx_count(scratch, "\"" V " (screen=door-h2213; rooms=H.2213; "
                                             "version=2; status=ok; clock=ok; up=0m)\""),
                     1);
    assert_int_equal(nt_nginx_count(scratch, "\"" V "\""), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_sanitised),
        cmocka_unit_test(test_bounded),
        cmocka_unit_test(test_nginx_logs_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
