/* Several sources, one screen: a real nginx serves a main schedule and a
 * sub-schedule (tests/data/core/merge-main.json and merge-sub.json) from
 * paths without an extension.
 * - `roomboard --state` with two --schedule options shows their union and
 *   lists both sources; each is cached on its own; a sub-schedule that
 *   starts failing keeps its last good copy in the union and is named.
 * - The kiosk's fetch path (sources_start/sources_take, no display): the
 *   union is built, then the sub-schedule breaks (404, then garbage) while
 *   the main one keeps updating: the union picks up the update, keeps the
 *   broken one's last good copy, and live names the stale source. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fetch.h"
#include "live.h"
#include "nettest.h"
#include "sources.h"

#define AT "2026-12-27T14:30:00+01:00"

static char scratch[4096], www[4200], bin[4096], main_url[256], sub_url[256];
static char *main_body, *sub_body;
static size_t main_len, sub_len;
static int port;
static pid_t nginx;

static void serve(const char *name, const char *data, size_t len)
{
    char path[4400];

    snprintf(path, sizeof(path), "%s/%s", www, name);
    nt_publish(path, data, len);
}

static void unserve(const char *name)
{
    char path[4400];

    snprintf(path, sizeof(path), "%s/%s", www, name);
    unlink(path);
}

static char *data_file(const char *name, size_t *len)
{
    char path[4096];
    const char *dir = getenv("RB_TEST_DATA");

    assert_non_null(dir);
    snprintf(path, sizeof(path), "%s/core/%s", dir, name);
    char *b = nt_read(path, len);
    assert_non_null(b);
    return b;
}

static int setup(void **state)
{
    (void)state;
    nt_scratch("multi", scratch, sizeof(scratch));
    snprintf(www, sizeof(www), "%s/www", scratch);
    mkdir(www, 0755);
    main_body = data_file("merge-main.json", &main_len);
    sub_body = data_file("merge-sub.json", &sub_len);
    snprintf(bin, sizeof(bin), "%s/roomboard", getenv("RB_BUILD") ? getenv("RB_BUILD") : ".");
    nginx = nt_nginx(scratch, NULL, NULL, &port);
    snprintf(main_url, sizeof(main_url), "http://127.0.0.1:%d/main", port);
    snprintf(sub_url, sizeof(sub_url), "http://127.0.0.1:%d/sub", port);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    nt_stop(nginx);
    free(main_body);
    free(sub_body);
    return 0;
}

/* `roomboard --state` for both sources with CACHE; the parsed output. */
static cJSON *state_of(const char *cache)
{
    char *out = NULL, *err = NULL;
    char *argv[] = {bin,    "--state",  "--schedule",  main_url,      "--schedule", sub_url,
                    "--at", (char *)AT, "--cache-dir", (char *)cache, NULL};
    int rc = nt_run(argv, 20000, &out, &err);
    cJSON *j = out ? cJSON_Parse(out) : NULL;

    if (rc != 0 || !j)
        fail_msg("--state: exit %d: %s", rc, err ? err : "");
    free(out);
    free(err);
    return j;
}

static const cJSON *get(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

static const char *str(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(get(o, key));
}

static const cJSON *room_named(const cJSON *j, const char *name)
{
    const cJSON *r;

    cJSON_ArrayForEach(r, get(j, "rooms"))
    {
        if (strcmp(str(r, "room"), name) == 0)
            return r;
    }
    fail_msg("no room %s in --state", name);
    return NULL;
}

/* How often GUID appears as now, next or later in any room. */
static int count_guid(const cJSON *j, const char *guid)
{
    const cJSON *r, *x;
    int n = 0;

    cJSON_ArrayForEach(r, get(j, "rooms"))
    {
        const char *keys[] = {"now", "next"};
        for (size_t i = 0; i < 2; i++) {
            const char *g = str(get(r, keys[i]), "guid");
            n += g && strcmp(g, guid) == 0;
        }
        cJSON_ArrayForEach(x, get(r, "later"))
        {
            n += strcmp(str(x, "guid"), guid) == 0;
        }
    }
    return n;
}

static void test_state_union(void **state)
{
    char cache[4300], sub_dir[4400], path[4500];
    const cJSON *srcs, *s0, *s1, *ws;
    cJSON *j;

    (void)state;
    serve("main", main_body, main_len);
    serve("sub", sub_body, sub_len);
    snprintf(cache, sizeof(cache), "%s/cache-state", scratch);
    j = state_of(cache);

    /* the union: rooms of both ("saal 1" of the sub is Saal 1), six sessions */
    assert_int_equal(get(get(j, "event"), "sessions")->valueint, 6);
    assert_int_equal(get(get(j, "event"), "rooms")->valueint, 3);
    assert_int_equal(cJSON_GetArraySize(get(j, "rooms")), 3);
    assert_string_equal(str(cJSON_GetArrayItem(get(j, "rooms"), 0), "room"), "Saal 1");
    assert_string_equal(str(cJSON_GetArrayItem(get(j, "rooms"), 1), "room"), "Saal 2");
    assert_string_equal(str(cJSON_GetArrayItem(get(j, "rooms"), 2), "room"), "Workshop Room");
    /* the shared guid once, as the later source has it (moved, 15:00) */
    assert_int_equal(count_guid(j, "shared-1"), 1);
    ws = room_named(j, "Workshop Room");
    assert_string_equal(str(get(ws, "next"), "guid"), "shared-1");
    assert_string_equal(str(get(ws, "next"), "title"), "Lightning talks (moved)");
    assert_string_equal(str(get(ws, "next"), "start"), "15:00");
    assert_null(str(get(room_named(j, "Saal 2"), "next"), "guid"));
    /* the sub's room "saal 1" session lands in Saal 1 */
    assert_string_equal(str(get(room_named(j, "Saal 1"), "next"), "guid"), "w-2");

    /* both sources listed; the top-level keys are the first one's */
    assert_string_equal(str(j, "source"), "network");
    assert_string_equal(str(j, "url"), main_url);
    srcs = get(j, "sources");
    assert_int_equal(cJSON_GetArraySize(srcs), 2);
    s0 = cJSON_GetArrayItem(srcs, 0);
    s1 = cJSON_GetArrayItem(srcs, 1);
    assert_string_equal(str(s0, "url"), main_url);
    assert_string_equal(str(s1, "url"), sub_url);
    assert_string_equal(str(s0, "format"), "frab-json");
    assert_string_equal(str(s1, "format"), "frab-json");
    assert_string_equal(str(s0, "source"), "network");
    assert_string_equal(str(s1, "source"), "network");
    assert_true(cJSON_IsFalse(get(s0, "stale")));
    assert_true(cJSON_IsFalse(get(s1, "stale")));
    assert_non_null(str(s1, "fetched_at"));
    cJSON_Delete(j);

    /* each cached on its own: the first where a one-source screen has it */
    snprintf(path, sizeof(path), "%s/schedule.json", cache);
    assert_true(nt_same_file(path, main_body, main_len));
    assert_true(fetch_cache_dir(cache, sub_url, 1, sub_dir, sizeof(sub_dir)));
    assert_non_null(strstr(sub_dir, "/source-"));
    snprintf(path, sizeof(path), "%s/schedule.json", sub_dir);
    assert_true(nt_same_file(path, sub_body, sub_len));

    /* the sub-schedule now 404s: its cached copy stays in the union, it is
     * named stale with its error, the main source is fine */
    unserve("sub");
    j = state_of(cache);
    assert_int_equal(get(get(j, "event"), "sessions")->valueint, 6);
    assert_int_equal(count_guid(j, "shared-1"), 1);
    s0 = cJSON_GetArrayItem(get(j, "sources"), 0);
    s1 = cJSON_GetArrayItem(get(j, "sources"), 1);
    assert_string_equal(str(s0, "source"), "network");
    assert_true(cJSON_IsFalse(get(s0, "stale")));
    assert_string_equal(str(s1, "source"), "cache");
    assert_true(cJSON_IsTrue(get(s1, "stale")));
    assert_string_equal(str(s1, "error"), "HTTP 404");
    assert_true(cJSON_IsFalse(get(j, "stale"))); /* top level: the first source */
    cJSON_Delete(j);

    /* a fresh screen whose sub-schedule has never worked: just absent */
    snprintf(cache, sizeof(cache), "%s/cache-fresh", scratch);
    j = state_of(cache);
    assert_int_equal(get(get(j, "event"), "sessions")->valueint, 3);
    assert_int_equal(get(get(j, "event"), "rooms")->valueint, 2);
    s1 = cJSON_GetArrayItem(get(j, "sources"), 1);
    assert_true(cJSON_IsNull(get(s1, "source")));
    assert_true(cJSON_IsNull(get(s1, "format")));
    assert_true(cJSON_IsTrue(get(s1, "stale")));
    assert_non_null(strstr(str(s1, "error"), "HTTP 404"));
    cJSON_Delete(j);
    serve("sub", sub_body, sub_len);
}

/* The kiosk's one-frame path (--screenshot reads every source once): with
 * the sub-schedule failing after it was cached, the frame's status line
 * names it and its error, and the union is still drawn. */
static void test_screenshot_names_stale_source(void **state)
{
    char cache[4300], png[4300], layout[4300], want[512];
    char *out = NULL, *err = NULL, *dump;
    size_t len;

    (void)state;
    snprintf(cache, sizeof(cache), "%s/cache-shot", scratch);
    snprintf(png, sizeof(png), "%s/shot.png", scratch);
    snprintf(layout, sizeof(layout), "%s/shot-layout.txt", scratch);
    serve("main", main_body, main_len);
    serve("sub", sub_body, sub_len);
    cJSON_Delete(state_of(cache)); /* both cached */
    unserve("sub");
    setenv("ROOMBOARD_LAYOUT", layout, 1);
    char *argv[] = {bin,          "--screenshot", png,        "--schedule", main_url,
                    "--schedule", sub_url,        "--at",     (char *)AT,   "--cache-dir",
                    cache,        "--size",       "1280x720", NULL};
    int rc = nt_run(argv, 30000, &out, &err);
    unsetenv("ROOMBOARD_LAYOUT");
    if (err && strstr(err, "this build has no screen")) {
        free(out);
        free(err);
        serve("sub", sub_body, sub_len);
        skip();
    }
    if (rc != 0)
        fail_msg("--screenshot: exit %d: %s", rc, err ? err : "");
    dump = nt_read(layout, &len);
    assert_non_null(dump);
    snprintf(want, sizeof(want), "last error: %s: HTTP 404", sub_url);
    if (!strstr(dump, want))
        fail_msg("no \"%s\" in the frame:\n%s", want, dump);
    assert_non_null(strstr(dump, "Workshop Room")); /* the broken source's rooms stay */
    free(dump);
    free(out);
    free(err);
    serve("sub", sub_body, sub_len);
}

/* The session with GUID in S, or NULL. */
static const struct sched_session *find(const struct sched *s, const char *guid)
{
    for (size_t i = 0; s && i < s->nsessions; i++)
        if (strcmp(s->sessions[i].guid, guid) == 0)
            return &s->sessions[i];
    return NULL;
}

static int count(const struct sched *s, const char *guid)
{
    int n = 0;

    for (size_t i = 0; s && i < s->nsessions; i++)
        n += strcmp(s->sessions[i].guid, guid) == 0;
    return n;
}

/* Takes from SS for up to MS until DONE(union, ss) holds; the union in use
 * is *U (replaced as new ones arrive). */
static bool wait_for(struct sources *ss, struct sched **u, int ms,
                     bool (*done)(const struct sched *, const struct sources *))
{
    int64_t end = nt_now_ms() + ms;

    do {
        struct sched *s = NULL;
        struct err e = {{0}};
        assert_true(sources_take(ss, &s, &e));
        if (s) {
            sched_free(*u);
            *u = s;
        }
        if (*u && done(*u, ss))
            return true;
        nt_sleep_ms(100);
    } while (nt_now_ms() < end);
    return false;
}

static bool both_in(const struct sched *u, const struct sources *ss)
{
    (void)ss;
    return u->nsessions == 6;
}

/* The main update is in, and the sub-schedule is seen failing. */
static bool update_and_failure(const struct sched *u, const struct sources *ss)
{
    struct live_source st[LIVE_MAX_SOURCES];
    const struct sched_session *k = find(u, "m-2");

    return sources_status(ss, st, LIVE_MAX_SOURCES) == 2 && k &&
           strcmp(k->title, "Keynote, updated") == 0 && st[1].stale && st[1].error[0];
}

static void test_kiosk_fetch_path(void **state)
{
    char cache[4300], *updated;
    struct cfg c;
    struct sources *ss = NULL;
    struct sched *u = NULL;
    struct err e = {{0}};
    struct live_source st[LIVE_MAX_SOURCES];
    const char *k;

    (void)state;
    serve("main", main_body, main_len);
    serve("sub", sub_body, sub_len);
    snprintf(cache, sizeof(cache), "%s/cache-kiosk", scratch);
    nt_cfg(&c, main_url, cache);
    assert_true(cfg_set_str(&c.schedules[1], sub_url));
    c.nschedules = 2;
    assert_true(sources_start(&c, NULL, NULL, &ss, &e));
    if (!wait_for(ss, &u, 15000, both_in))
        fail_msg("no union of both sources within 15 s");
    assert_int_equal(u->nrooms, 3);
    assert_int_equal(count(u, "shared-1"), 1);
    assert_string_equal(find(u, "shared-1")->title, "Lightning talks (moved)");

    /* the sub-schedule breaks (garbage where it was), the main one changes */
    serve("sub", "{\"schedule\": {\"conference\": ", 28);
    updated = malloc(main_len + 16);
    k = strstr(main_body, "\"Keynote\"");
    assert_non_null(k);
    size_t head = (size_t)(k - main_body);
    memcpy(updated, main_body, head);
    memcpy(updated + head, "\"Keynote, updated\"", 18);
    memcpy(updated + head + 18, k + 9, main_len - head - 9);
    serve("main", updated, main_len + 9);
    free(updated);
    if (!wait_for(ss, &u, 20000, update_and_failure))
        fail_msg("the main update and the sub failure were not both seen within 20 s");

    /* the broken source's last good copy is still in the union */
    assert_int_equal(u->nsessions, 6);
    assert_non_null(find(u, "w-1"));
    assert_non_null(find(u, "w-3"));
    assert_int_equal(count(u, "shared-1"), 1);
    assert_string_equal(find(u, "shared-1")->title, "Lightning talks (moved)");

    /* live names the failing source for the status line */
    size_t n = sources_status(ss, st, LIVE_MAX_SOURCES);
    struct live_in in = {.sched = u, .now = u->first_start, .src = st, .nsrc = n};
    struct live l;
    assert_true(live_compute(&in, &l, &e));
    assert_int_equal(l.nsrcs, 2);
    assert_int_equal(l.src_index, 1);
    assert_string_equal(l.src.url, sub_url);
    assert_true(l.src.stale);
    print_message("stale source: %s: %s\n", l.src.url, l.src.error);
    assert_non_null(strstr(l.src.error, "JSON"));
    assert_false(l.srcs[0].stale);
    assert_string_equal(l.srcs[0].source, "network");
    live_clear(&l);

    sources_stop(ss);
    sched_free(u);
    cfg_clear(&c);
    serve("sub", sub_body, sub_len);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_state_union),
        cmocka_unit_test(test_kiosk_fetch_path),
        cmocka_unit_test(test_screenshot_names_stale_source),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
