/* file:// and plain paths (a USB stick, a local copy), staleness by age,
 * the demo leaving the cache alone, and a corrupt cache at start-up. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "fetch.h"
#include "nettest.h"

static char scratch[4096], cache_dir[4200], p_body[4300], stick[4300], file_url[4400];
static char *v1, *v2;
static size_t v1len, v2len;

static int setup(void **state)
{
    nt_versions(&v1, &v1len, &v2, &v2len);
    return v1 && v2 ? 0 : -1;
}

static int teardown(void **state)
{
    free(v1);
    free(v2);
    return 0;
}

static int fresh(void **state)
{
    nt_scratch("sources", scratch, sizeof(scratch));
    snprintf(cache_dir, sizeof(cache_dir), "%s/cache", scratch);
    snprintf(p_body, sizeof(p_body), "%s/%s", cache_dir, CACHE_FILE);
    snprintf(stick, sizeof(stick), "%s/stick-schedule.json", scratch);
    snprintf(file_url, sizeof(file_url), "file://%s", stick);
    return 0;
}

static void test_plain_path_then_stick_removed(void **state)
{
    struct cfg c;
    struct sched *s = NULL;
    struct fetch_info info;
    struct err e = {{0}};

    nt_write(stick, v1, v1len);
    nt_cfg(&c, stick, cache_dir);
    assert_true(fetch_once(&c, &s, &info, &e));
    assert_string_equal(info.source, "file");
    assert_int_equal(s->nsessions, 3);
    sched_free(s);
    assert_true(nt_same_file(p_body, v1, v1len)); /* cached like any source */

    unlink(stick); /* the stick is pulled */
    s = NULL;
    assert_true(fetch_once(&c, &s, &info, &e));
    assert_string_equal(info.source, "cache");
    assert_true(info.stale);
    assert_non_null(strstr(info.error, "failed: No such file or directory"));
    assert_int_equal(s->nsessions, 3);
    sched_free(s);

    /* a file over max_body is refused before it is read */
    char *big = calloc(1, (size_t)c.max_body + 1);
    memset(big, ' ', (size_t)c.max_body + 1);
    nt_write(stick, big, (size_t)c.max_body + 1);
    free(big);
    s = NULL;
    assert_true(fetch_once(&c, &s, &info, &e));
    assert_string_equal(info.source, "cache");
    assert_non_null(strstr(info.error, "more than the limit of 262144"));
    sched_free(s);
    cfg_clear(&c);
}

static void test_file_url(void **state)
{
    struct cfg c;
    struct sched *s = NULL;
    struct fetch_info info;
    struct err e = {{0}};

    nt_write(stick, v2, v2len);
    nt_cfg(&c, file_url, cache_dir);
    assert_true(fetch_once(&c, &s, &info, &e));
    assert_string_equal(info.source, "file");
    assert_string_equal(info.url, file_url);
    assert_int_equal(s->nsessions, 4);
    sched_free(s);
    unlink(stick);
    s = NULL;
    assert_true(fetch_once(&c, &s, &info, &e));
    assert_string_equal(info.source, "cache");
    assert_int_equal(s->nsessions, 4);
    sched_free(s);
    cfg_clear(&c);
}

/* A FIFO planted where the schedule file should be (plain path or file://)
 * is refused at once: it used to block in open() (libcurl's file:// did),
 * hanging start-up before the watchdog's READY. */
static void test_fifo_refused(void **state)
{
    static const char *const forms[] = {"%s", "file://%s"};
    char fifo[4400], u[4500];

    snprintf(fifo, sizeof(fifo), "%s/fifo.json", scratch);
    unlink(fifo);
    assert_int_equal(mkfifo(fifo, 0644), 0);
    for (int i = 0; i < 2; i++) {
        struct cfg c;
        struct sched *s = NULL;
        struct fetch_info info;
        struct err e = {{0}};

        snprintf(u, sizeof(u), forms[i], fifo);
        nt_cfg(&c, u, cache_dir);
        assert_false(fetch_once(&c, &s, &info, &e));
        print_message("%s: %s\n", u, e.msg);
        assert_non_null(strstr(e.msg, "not a regular file"));
        assert_null(s);
        cfg_clear(&c);
    }
    unlink(fifo);
}

static void test_stale_by_age(void **state)
{
    struct cfg c;
    struct fetch *f = NULL;
    struct sched *s;
    struct fetch_info info;
    struct cache_meta m;
    struct err e = {{0}};
    int64_t at = (int64_t)time(NULL) - 1000;

    /* cached 1000 s ago from a server that accepts and then says nothing,
     * so the first refresh is still hanging (2 s timeout) when we look */
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET};
    socklen_t slen = sizeof(sa);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    assert_int_equal(listen(lfd, 4), 0);
    assert_int_equal(getsockname(lfd, (struct sockaddr *)&sa, &slen), 0);
    char silent[128];
    snprintf(silent, sizeof(silent), "http://127.0.0.1:%d/schedule.json", ntohs(sa.sin_port));
    memset(&m, 0, sizeof(m));
    snprintf(m.url, sizeof(m.url), "%s", silent);
    m.fetched_at = at;
    assert_true(cache_store(cache_dir, v1, v1len, &m, &e));
    nt_cfg(&c, silent, cache_dir);
    c.stale_s = 900;
    assert_true(fetch_start(&c, NULL, NULL, &f, &e));
    s = fetch_take(f, &info); /* no refresh has finished: age alone decides */
    assert_non_null(s);
    sched_free(s);
    assert_string_equal(info.source, "cache");
    assert_int_equal(info.fetched_at, at);
    assert_int_equal(info.failures, 0);
    assert_int_equal(info.last_try, -1);
    assert_true(info.stale); /* 1000 s > 900 s */
    fetch_stop(f);
    close(lfd);
    cfg_clear(&c);

    /* the same cache for the stick, with a limit it is young enough for */
    assert_true(strlen(stick) < sizeof(m.url));
    memcpy(m.url, stick, strlen(stick) + 1);
    assert_true(cache_store(cache_dir, v1, v1len, &m, &e));
    nt_cfg(&c, stick, cache_dir);
    c.poll_s = 1;

    /* the same bytes appear on the stick: confirmed, so fresh again, and
     * nothing new to hand over */
    nt_write(stick, v1, v1len);
    c.stale_s = 3600;
    assert_true(fetch_start(&c, NULL, NULL, &f, &e));
    s = fetch_take(f, &info);
    assert_non_null(s);
    sched_free(s);
    assert_false(info.stale); /* 1000 s < 3600 s, and nothing can fail here */
    for (int i = 0; i < 300 && info.last_try < 0; i++) {
        nt_sleep_ms(10);
        assert_null(fetch_take(f, &info));
    }
    assert_true(info.last_try >= 0);
    assert_string_equal(info.source, "file");
    assert_int_equal(info.failures, 0);
    assert_false(info.stale);
    assert_true(info.fetched_at > at);
    /* a new file: the next refresh takes it */
    nt_write(stick, v2, v2len);
    fetch_refresh_now(f);
    s = NULL;
    for (int i = 0; i < 300 && !s; i++) {
        nt_sleep_ms(10);
        s = fetch_take(f, &info);
    }
    assert_non_null(s);
    assert_int_equal(s->nsessions, 4);
    assert_string_equal(info.source, "file");
    assert_false(info.stale);
    assert_true(info.fetched_at >= (int64_t)time(NULL) - 5);
    sched_free(s);
    fetch_stop(f);
    cfg_clear(&c);
}

static void test_local_file_newer_than_cache(void **state)
{
    struct cfg c;
    struct fetch *f = NULL;
    struct sched *s;
    struct fetch_info info;
    struct cache_meta m;
    struct err e = {{0}};

    /* cached v1 from the stick; since then the stick got v2 */
    memset(&m, 0, sizeof(m));
    assert_true(strlen(stick) < sizeof(m.url));
    memcpy(m.url, stick, strlen(stick) + 1);
    m.fetched_at = (int64_t)time(NULL) - 60;
    assert_true(cache_store(cache_dir, v1, v1len, &m, &e));
    nt_write(stick, v2, v2len);
    nt_cfg(&c, stick, cache_dir);
    c.poll_s = 30;
    assert_true(fetch_start(&c, NULL, NULL, &f, &e));
    cfg_clear(&c);
    /* the very first frame already has v2, never the older cache */
    s = fetch_take(f, &info);
    assert_non_null(s);
    assert_int_equal(s->nsessions, 4);
    assert_string_equal(info.source, "file");
    assert_false(info.stale);
    sched_free(s);
    assert_null(fetch_take(f, &info));
    fetch_stop(f);
    assert_true(nt_same_file(p_body, v2, v2len));
}

static void test_demo_leaves_cache_alone(void **state)
{
    struct cfg c;
    struct sched *s = NULL;
    struct fetch_info info;
    struct err e = {{0}};
    struct cache_meta m;

    memset(&m, 0, sizeof(m));
    snprintf(m.url, sizeof(m.url), "https://event.example/schedule.json");
    assert_true(cache_store(cache_dir, v1, v1len, &m, &e));
    nt_write(stick, v2, v2len);
    nt_cfg(&c, stick, cache_dir);
    c.demo = true;
    assert_true(fetch_once(&c, &s, &info, &e));
    assert_string_equal(info.source, "file");
    assert_int_equal(s->nsessions, 4);
    sched_free(s);
    assert_true(nt_same_file(p_body, v1, v1len)); /* the event's cache survives */
    cfg_clear(&c);
}

static void test_corrupt_cache_at_start(void **state)
{
    struct cfg c;
    struct fetch *f = NULL;
    struct sched *s;
    struct fetch_info info;
    struct err e = {{0}};
    DIR *d;
    struct dirent *de;
    int aside = 0;

    assert_int_equal(mkdir(cache_dir, 0755), 0);
    nt_write(p_body, "{\"schedule\": {\"conf", 19); /* torn */
    nt_write(stick, v1, v1len);
    nt_cfg(&c, stick, cache_dir);
    /* not fatal: it starts, with nothing yet, and the file source answers */
    assert_true(fetch_start(&c, NULL, NULL, &f, &e));
    cfg_clear(&c);
    s = fetch_take(f, &info); /* a local file is read inside fetch_start */
    assert_non_null(s);
    assert_int_equal(s->nsessions, 3);
    assert_string_equal(info.source, "file");
    sched_free(s);
    fetch_stop(f);
    d = opendir(cache_dir);
    while (d && (de = readdir(d)) != NULL)
        aside += strncmp(de->d_name, "schedule.json.corrupt-", 22) == 0;
    closedir(d);
    assert_int_equal(aside, 1);
    assert_true(nt_same_file(p_body, v1, v1len)); /* and a good cache again */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_plain_path_then_stick_removed, fresh),
        cmocka_unit_test_setup(test_file_url, fresh),
        cmocka_unit_test_setup(test_fifo_refused, fresh),
        cmocka_unit_test_setup(test_stale_by_age, fresh),
        cmocka_unit_test_setup(test_local_file_newer_than_cache, fresh),
        cmocka_unit_test_setup(test_demo_leaves_cache_alone, fresh),
        cmocka_unit_test_setup(test_corrupt_cache_at_start, fresh),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
