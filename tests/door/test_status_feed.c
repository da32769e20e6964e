/* The door status feed against a real nginx on loopback: first fetch and
 * the cache file, 304 on the next, an update picked up, a broken body
 * refused with the last good status kept, an unknown room reported but not
 * fatal, a running fetcher picking up a change within poll + jitter, and
 * the server going away (the fetch time stops, so the caller can call it
 * stale). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fetch.h"
#include "nettest.h"
#include "status.h"

static char scratch[4096], cache_file[4300], www_file[4300], url[512];
static int port;
static pid_t nginx;
static time_t mtime_step;

static const char full_doc[] =
    "{\"rooms\": {\"Main Hall\": {\"full\": true, \"note\": \"Overflow: Side Room\"}}}";
static const char late_doc[] = "{\"rooms\": {\"side\": {\"delay_min\": 10}, \"Atlantis\": "
                               "{\"full\": true}}}";
static const char broken_doc[] = "{\"rooms\": {\"Main Hall\": {\"full\": tr";

static int setup(void **state)
{
    char dir[4200];

    (void)state;
    nt_scratch("door-status", scratch, sizeof(scratch));
    snprintf(dir, sizeof(dir), "%s/www", scratch);
    mkdir(dir, 0755);
    snprintf(www_file, sizeof(www_file), "%s/status.json", dir);
    snprintf(dir, sizeof(dir), "%s/cache", scratch);
    mkdir(dir, 0755);
    snprintf(cache_file, sizeof(cache_file), "%s/status.json", dir);
    nginx = nt_nginx(scratch, NULL, NULL, &port);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/status.json", port);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (nginx > 0)
        nt_stop(nginx);
    return 0;
}

/* Publishes DOC with a new mtime (nginx's ETag is mtime and size). */
static void publish(const char *doc)
{
    struct timespec ts[2];

    nt_publish(www_file, doc, strlen(doc));
    mtime_step += 10;
    clock_gettime(CLOCK_REALTIME, &ts[0]);
    ts[1] = ts[0];
    ts[1].tv_sec += mtime_step;
    ts[1].tv_nsec = 0;
    assert_int_equal(utimensat(AT_FDCWD, www_file, ts, 0), 0);
}

static bool logged(const char *status, int before)
{
    int64_t t0 = nt_now_ms();

    while (nt_nginx_count(scratch, status) <= before && nt_now_ms() - t0 < 2000)
        nt_sleep_ms(10);
    return nt_nginx_count(scratch, status) > before;
}

static void status_cfg(struct cfg *c)
{
    char cache_dir[4200];

    snprintf(cache_dir, sizeof(cache_dir), "%s/cache", scratch);
    nt_cfg(c, "unused", cache_dir);
    cfg_set_str(&c->status, url);
    c->status_poll_s = 2;
    c->status_jitter_s = 0;
}

static void test_once(void **state)
{
    struct cfg c;
    struct status *st = NULL;
    struct fetch_info info;
    struct err e = {{0}};
    struct stat a, b;
    int n200 = nt_nginx_count(scratch, "\" 200 ");

    (void)state;
    status_cfg(&c);
    publish(full_doc);
    /* first fetch: 200, kept in the cache directory */
    assert_true(fetch_once_status(&c, &st, &info, &e));
    assert_string_equal(info.source, "network");
    assert_int_equal(st->nrooms, 1);
    assert_true(st->rooms[0].full);
    assert_string_equal(st->rooms[0].note, "Overflow: Side Room");
    status_free(st);
    assert_true(logged("\" 200 ", n200++));
    assert_true(nt_same_file(cache_file, full_doc, strlen(full_doc)));

    /* nothing changed: the file is the same bytes, no rewrite of the cache */
    assert_int_equal(stat(cache_file, &a), 0);
    st = NULL;
    assert_true(fetch_once_status(&c, &st, &info, &e));
    assert_true(st->rooms[0].full);
    status_free(st);
    assert_int_equal(stat(cache_file, &b), 0);
    assert_int_equal(a.st_ino, b.st_ino);

    /* an update with an unknown room: taken (unknown rooms are not fatal) */
    publish(late_doc);
    st = NULL;
    assert_true(fetch_once_status(&c, &st, &info, &e));
    assert_int_equal(st->nrooms, 2);
    assert_int_equal(st->rooms[0].delay_min, 10);
    assert_string_equal(st->rooms[1].key, "Atlantis");
    status_free(st);
    assert_true(nt_same_file(cache_file, late_doc, strlen(late_doc)));

    /* a broken body: refused with the reason, the last good one serves */
    publish(broken_doc);
    st = NULL;
    assert_true(fetch_once_status(&c, &st, &info, &e));
    assert_int_equal(st->nrooms, 2);
    assert_int_equal(st->rooms[0].delay_min, 10);
    assert_non_null(strstr(info.error, "status: not valid JSON"));
    status_free(st);
    assert_true(nt_same_file(cache_file, late_doc, strlen(late_doc)));

    /* an HTML error page instead of the feed: refused the same way */
    publish("<html><body>502 Bad Gateway</body></html>");
    st = NULL;
    assert_true(fetch_once_status(&c, &st, &info, &e));
    assert_int_equal(st->nrooms, 2);
    assert_non_null(strstr(info.error, "HTML"));
    status_free(st);
    cfg_clear(&c);
}

static void test_running(void **state)
{
    struct cfg c;
    struct fetch *f = NULL;
    struct fetch_info info;
    struct err e = {{0}};
    struct status *st;
    int64_t t0, ms, fetched;
    int n304;

    (void)state;
    publish(full_doc);
    status_cfg(&c);
    assert_true(fetch_start_status(&c, NULL, NULL, &f, &e));
    cfg_clear(&c);
    st = fetch_take_status(f, &info); /* the cache, at once */
    assert_non_null(st);
    assert_string_equal(info.source, "cache");
    status_free(st);

    /* the full sign reaches the fetcher within poll (2 s) + the refresh */
    t0 = nt_now_ms();
    st = NULL;
    while (!st && nt_now_ms() - t0 < 6000) {
        nt_sleep_ms(20);
        st = fetch_take_status(f, &info);
    }
    assert_non_null(st);
    ms = nt_now_ms() - t0;
    print_message("door status on the fetcher after %lld ms (poll 2 s)\n", (long long)ms);
    assert_true(st->rooms[0].full);
    assert_string_equal(info.source, "network");
    status_free(st);

    /* unchanged: revalidated with 304s, nothing handed over */
    n304 = nt_nginx_count(scratch, "\" 304 ");
    assert_true(logged("\" 304 ", n304) || logged("\" 304 ", n304)); /* 2 s each, poll is 2 s */
    assert_null(fetch_take_status(f, &info));

    /* the server goes away: refreshes fail, fetched_at stops where it was */
    nt_stop(nginx);
    nginx = -1;
    fetched = info.fetched_at;
    t0 = nt_now_ms();
    do {
        nt_sleep_ms(50);
        (void)fetch_take_status(f, &info);
    } while (info.failures == 0 && nt_now_ms() - t0 < 6000);
    assert_true(info.failures > 0);
    assert_true(info.fetched_at <= fetched + 3);
    assert_true(info.error[0] != '\0');
    fetch_stop(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_once),
        cmocka_unit_test(test_running),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
