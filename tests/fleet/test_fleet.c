/* Screens aggregated from log lines and judged; the streaming reader (plain
 * and gzip); the JSON and HTML renderings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "fleet.h"
#include "logfile.h"
#include "report.h"

#define T0 1773478800 /* 2026-03-14T09:00:00Z */

static void feed(struct fleet *f, int64_t t, const char *addr, const char *path, const char *ua)
{
    char line[1024], ts[64];
    struct tm tm;
    time_t tt = (time_t)t;
    struct err e;

    gmtime_r(&tt, &tm);
    strftime(ts, sizeof(ts), "%d/%b/%Y:%H:%M:%S +0000", &tm);
    snprintf(line, sizeof(line), "%s - - [%s] \"GET %s HTTP/1.1\" 200 10 \"-\" \"%s\"", addr, ts,
             path, ua);
    if (!fleet_feed(f, line, strlen(line), &e))
        fail_msg("line refused: %s: %s", e.msg, line);
}

static void screen(struct fleet *f, int64_t t, const char *name, const char *version,
                   const char *status, const char *clock, int64_t up)
{
    char ua[512];

    snprintf(ua, sizeof(ua),
             "roomboard/0.2.0 (screen=%s; rooms=R %s,Lobby; version=%s; status=%s; clock=%s; "
             "up=%" PRId64 "m)",
             name, name, version, status, clock, up / 60);
    feed(f, t, "10.0.0.1", "/schedule.json", ua);
}

/* An hour of a small venue (see the comment on each screen). */
static void venue(struct fleet *f)
{
    struct err e;

    for (int64_t t = T0; t <= T0 + 3600; t += 30) {
        /* a: polls every 60 s, takes v2 at +20 min */
        if ((t - T0) % 60 == 0)
            screen(f, t, "a", t < T0 + 1200 ? "v1" : "v2", "ok", "ok", t - T0 + 600);
        /* b: every 30 s, stuck on v1 */
        screen(f, t + 1, "b", "v1", "ok", "ok", t - T0 + 7200);
        /* c: every 60 s, gone after +30 min */
        if ((t - T0) % 60 == 0 && t <= T0 + 1800)
            screen(f, t + 2, "c", "v1", "ok", "ok", t - T0 + 60);
        if ((t - T0) % 60 == 0) {
            screen(f, t + 3, "d", "v1", "stale", "ok", t - T0 + 60); /* refreshes fail */
            const char *v = t < T0 + 1200 ? "v1" : "v2";
            screen(f, t + 4, "e", v, "ok", "server", t - T0 + 60); /* no clock of its own */
            /* f: restarted at +50 min */
            screen(f, t + 5, "f", v, "ok", "ok", t < T0 + 3000 ? t - T0 + 3600 : t - T0 - 3000);
            screen(f, t + 6, "g", "", "no-schedule", "ok", t - T0 + 60);
        }
        feed(f, t, "10.0.0.9", "/", "Mozilla/5.0 (X11; Linux x86_64)");
    }
    assert_false(fleet_feed(f, "garbage", 7, &e));
    assert_false(fleet_feed(f, "", 0, &e));
}

static const struct fleet_screen *find(const struct fleet_screen *const *v, size_t n,
                                       const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i]->name, name) == 0)
            return v[i];
    fail_msg("no screen %s", name);
    return NULL;
}

static void test_verdicts(void **state)
{
    struct fleet *f;
    const struct fleet_screen *const *v;
    const struct fleet_screen *s;
    struct err e;
    size_t n;

    assert_true(fleet_new(INT64_MAX, &f, &e));
    venue(f);
    n = fleet_judge(f, T0 + 3600 + 10, &v);
    assert_int_equal(n, 7);
    /* Sorted: silent, trouble (e f g), stale (b d), ok (a). */
    assert_string_equal(v[0]->name, "c");
    assert_string_equal(v[1]->name, "e");
    assert_string_equal(v[2]->name, "f");
    assert_string_equal(v[3]->name, "g");
    assert_string_equal(v[4]->name, "b");
    assert_string_equal(v[5]->name, "d");
    assert_string_equal(v[6]->name, "a");

    s = find(v, n, "a");
    assert_int_equal(s->verdict, FLEET_OK);
    assert_string_equal(s->reason, "");
    assert_int_equal(s->interval_s, 60);
    assert_string_equal(s->version, "v2");
    assert_string_equal(s->newest, "v2");
    assert_string_equal(s->rooms, "R a,Lobby");
    assert_string_equal(s->addr, "10.0.0.1");
    assert_int_equal(s->last_seen, T0 + 3600);
    assert_int_equal(s->up_s, 3600 + 600);
    assert_int_equal(s->restarts, 0);
    assert_int_equal(s->polls, 61);

    s = find(v, n, "b");
    assert_int_equal(s->verdict, FLEET_STALE);
    assert_int_equal(s->interval_s, 30);
    assert_string_equal(s->reason, "shows v1, the server has handed out v2");
    s = find(v, n, "c");
    assert_int_equal(s->verdict, FLEET_SILENT);
    assert_int_equal(s->last_seen, T0 + 1802);
    assert_string_equal(s->reason, "not seen for 30m (polls every 60s)");
    s = find(v, n, "d");
    assert_int_equal(s->verdict, FLEET_STALE);
    assert_string_equal(s->reason, "its refreshes fail; it shows version v1");
    s = find(v, n, "e");
    assert_int_equal(s->verdict, FLEET_TROUBLE);
    assert_string_equal(s->clock, "server");
    s = find(v, n, "f");
    assert_int_equal(s->verdict, FLEET_TROUBLE);
    assert_int_equal(s->restarts, 1);
    assert_string_equal(s->reason, "restarted 10m ago (1 restarts)");
    s = find(v, n, "g");
    assert_int_equal(s->verdict, FLEET_TROUBLE);
    assert_string_equal(s->reason, "status no-schedule");

    assert_int_equal(fleet_counts(f)->skipped, 2);
    assert_int_equal(fleet_counts(f)->other, 121);
    /* Long after: every screen is silent; the restart is old news. */
    n = fleet_judge(f, T0 + 86400, &v);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(v[i]->verdict, FLEET_SILENT);
    fleet_free(f);
}

/* --at: judged as it was, lines after the instant not counted. */
static void test_until(void **state)
{
    struct fleet *f;
    const struct fleet_screen *const *v;
    struct err e;
    size_t n;

    assert_true(fleet_new(T0 + 1000, &f, &e));
    venue(f);
    n = fleet_judge(f, T0 + 1000, &v);
    assert_int_equal(n, 7);
    assert_int_equal(find(v, n, "b")->verdict, FLEET_OK); /* v2 not out yet */
    assert_int_equal(find(v, n, "c")->verdict, FLEET_OK);
    assert_int_equal(find(v, n, "f")->restarts, 0);
    assert_int_equal(find(v, n, "a")->last_seen, T0 + 960);
    assert_true(fleet_counts(f)->later > 0);
    fleet_free(f);
}

static void test_json_html(void **state)
{
    struct fleet *f;
    struct report r = {.at = T0 + 3610};
    struct err e;
    char *json, *html;
    cJSON *o, *a, *s;

    assert_true(fleet_new(INT64_MAX, &f, &e));
    venue(f);
    feed(f, T0 + 3601, "10.0.0.2", "/schedule.json",
         "roomboard/0.2.0 (screen=<b>&x; rooms=; version=v2; status=ok; clock=ok; up=1m)");
    r.counts = fleet_counts(f);
    r.n = fleet_judge(f, r.at, &r.screens);
    json = report_json(&r);
    html = report_html(&r);
    assert_non_null(json);
    assert_non_null(html);
    o = cJSON_Parse(json);
    assert_non_null(o);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(o, "at")->valuestring,
                        "2026-03-14T10:00:10Z");
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(o, "skipped_lines")->valueint, 2);
    a = cJSON_GetObjectItemCaseSensitive(o, "screens");
    assert_int_equal(cJSON_GetArraySize(a), 8);
    s = cJSON_GetArrayItem(a, 2); /* f, after c and e */
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(s, "name")->valuestring, "f");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(s, "rooms")), 2);
    assert_string_equal(
        cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(s, "rooms"), 0)->valuestring, "R f");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(s, "address")->valuestring, "10.0.0.1");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(s, "last_seen")->valuestring,
                        "2026-03-14T10:00:05Z");
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(s, "interval_s")->valueint, 60);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(s, "version")->valuestring, "v2");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(s, "newest_version")->valuestring, "v2");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(s, "status")->valuestring, "ok");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(s, "clock")->valuestring, "ok");
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(s, "uptime_s")->valueint, 600);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(s, "restarts")->valueint, 1);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(s, "verdict")->valuestring, "trouble");
    /* The page escapes what screens send. */
    assert_non_null(strstr(html, "&lt;b&gt;&amp;x"));
    assert_null(strstr(html, "<b>&x"));
    assert_null(strstr(html, "<script"));
    assert_non_null(strstr(html, "8 screens at 2026-03-14T10:00:10Z: 2 ok, 2 stale, 1 silent, "
                                 "3 trouble."));
    cJSON_Delete(o);
    free(json);
    free(html);
    fleet_free(f);
}

/* Lines back from a gzip file and a plain one: CRLF, an overlong line
 * skipped, a last line without a newline. */
static void test_logfile(void **state)
{
    char dir[] = "/tmp/rb-fleet-XXXXXX", path[64], *big = malloc(LOGFILE_MAX_LINE + 100);
    const char *line;
    size_t len;
    struct logfile *lf;
    struct err e;

    assert_non_null(mkdtemp(dir));
    memset(big, 'x', LOGFILE_MAX_LINE + 99);
    big[LOGFILE_MAX_LINE + 99] = '\0';
    for (int gz = 0; gz < 2; gz++) {
        snprintf(path, sizeof(path), "%s/log%s", dir, gz ? ".gz" : "");
        gzFile g = gzopen(path, gz ? "wb" : "wbT");
        assert_non_null(g);
        assert_int_equal(gzputs(g, "one\r\n"), 5);
        assert_int_equal(gzputs(g, big), LOGFILE_MAX_LINE + 99);
        assert_int_equal(gzputs(g, "\ntwo\n\nthree"), 11);
        gzclose(g);
        assert_true(logfile_open(path, false, &lf, &e));
        assert_int_equal(logfile_next(lf, &line, &len, &e), LOGFILE_LINE);
        assert_true(len == 3 && memcmp(line, "one", 3) == 0);
        assert_int_equal(logfile_next(lf, &line, &len, &e), LOGFILE_LONG);
        assert_int_equal(logfile_next(lf, &line, &len, &e), LOGFILE_LINE);
        assert_true(len == 3 && memcmp(line, "two", 3) == 0);
        assert_int_equal(logfile_next(lf, &line, &len, &e), LOGFILE_LINE);
        assert_int_equal(len, 0);
        assert_int_equal(logfile_next(lf, &line, &len, &e), LOGFILE_LINE);
        assert_true(len == 5 && memcmp(line, "three", 5) == 0);
        assert_int_equal(logfile_next(lf, &line, &len, &e), LOGFILE_END);
        logfile_close(lf);
        unlink(path);
    }
    assert_false(logfile_open(dir, false, &lf, &e));
    assert_non_null(strstr(e.msg, "not a regular file"));
    rmdir(dir);
    assert_false(logfile_open(dir, false, &lf, &e));
    assert_non_null(strstr(e.msg, "cannot open"));
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verdicts),
        cmocka_unit_test(test_until),
        cmocka_unit_test(test_json_html),
        cmocka_unit_test(test_logfile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
