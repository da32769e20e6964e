/* Every format a screen reads, served by a real nginx from paths without
 * an extension (so nothing but the bytes can tell the format), read by
 * `roomboard --state --schedule http://...`. */
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

#include "nettest.h"

static char scratch[4096], bin[4096];
static int port;
static pid_t nginx;

static void copy_in(const char *shared_name, const char *served_as)
{
    char src[4096], dst[4400];
    const char *dir = getenv("RB_SHARED");
    size_t len;
    char *b;

    assert_non_null(dir);
    snprintf(src, sizeof(src), "%s/formats/%s", dir, shared_name);
    snprintf(dst, sizeof(dst), "%s/www/%s", scratch, served_as);
    b = nt_read(src, &len);
    assert_non_null(b);
    nt_write(dst, b, len);
    free(b);
}

static int setup(void **state)
{
    char dir[4200];

    (void)state;
    nt_scratch("formats", scratch, sizeof(scratch));
    snprintf(dir, sizeof(dir), "%s/www", scratch);
    mkdir(dir, 0755);
    copy_in("fosdem-2025.xml", "fosdem");
    copy_in("fosdem-2019.xml", "programme");
    copy_in("ccc-38c3-v2-example.json", "congress");
    copy_in("pretalx-democon.json", "schedule");
    snprintf(bin, sizeof(bin), "%s/roomboard", getenv("RB_BUILD") ? getenv("RB_BUILD") : ".");
    nginx = nt_nginx(scratch, NULL, NULL, &port);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    nt_stop(nginx);
    return 0;
}

/* Runs --state for http://127.0.0.1:PORT/PATH at AT in ROOM (with ZONE when
 * not NULL); returns the exit status, *json the parsed output or NULL. */
static int state_of(const char *path, const char *at, const char *room, const char *zone,
                    cJSON **json, char **err)
{
    char url[256], cache[4300];
    char *out = NULL;
    int rc;

    snprintf(url, sizeof(url), "http://127.0.0.1:%d/%s", port, path);
    snprintf(cache, sizeof(cache), "%s/cache-%s", scratch, path);
    char *argv[] = {bin,
                    "--state",
                    "--schedule",
                    url,
                    "--at",
                    (char *)at,
                    "--room",
                    (char *)room,
                    "--cache-dir",
                    cache,
                    zone ? "--timezone" : NULL,
                    (char *)zone,
                    NULL};
    rc = nt_run(argv, 20000, &out, err);
    *json = out ? cJSON_Parse(out) : NULL;
    free(out);
    return rc;
}

static const char *str_at(const cJSON *j, const char *a, const char *b)
{
    const cJSON *o;
    const cJSON *rooms = cJSON_GetObjectItemCaseSensitive(j, "rooms");

    if (!b) /* event.FIELD */
        return cJSON_GetStringValue(
            cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "event"), a));
    o = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(rooms, 0), a); /* rooms[0].a.b */
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, b));
}

static void expect(const char *path, const char *at, const char *room, const char *zone,
                   const char *format, const char *now, const char *next_start)
{
    cJSON *j = NULL;
    char *err = NULL;
    int rc = state_of(path, at, room, zone, &j, &err);

    if (rc != 0 || !j)
        fail_msg("%s: exit %d: %s", path, rc, err ? err : "");
    assert_string_equal(str_at(j, "format", NULL), format);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "source")),
                        "network");
    if (now)
        assert_string_equal(str_at(j, "now", "title"), now);
    if (next_start)
        assert_string_equal(str_at(j, "next", "start_iso"), next_start);
    cJSON_Delete(j);
    free(err);
}

static void test_each_format(void **state)
{
    (void)state;
    expect("fosdem", "2025-02-01T10:40:00+01:00", "K.3.201", NULL, "frab-xml",
           "A New Approach to Callee-Saved Registers in LLVM", "2025-02-01T11:05:00+01:00");
    expect("programme", "2019-02-02T09:40:00+01:00", "Janson", "Europe/Brussels", "frab-xml",
           "Welcome to FOSDEM 2019", "2019-02-02T10:00:00+01:00");
    expect("congress", "2024-12-27T10:40:00+01:00", "Saal 1", NULL, "c3voc-v2",
           "38C3: Opening Ceremony", NULL);
    expect("schedule", "2020-12-14T12:00:00+01:00", "Gray Room", NULL, "frab-json", NULL, NULL);
    assert_true(nt_nginx_count(scratch, "GET /fosdem ") >= 1);
}

static void test_zone_missing(void **state)
{
    cJSON *j = NULL;
    char *err = NULL;

    (void)state;
    assert_int_equal(state_of("programme", "2019-02-02T09:40:00+01:00", "Janson", NULL, &j, &err),
                     1);
    assert_non_null(err);
    assert_non_null(strstr(err, "names no time zone; set the venue's zone with --timezone"));
    cJSON_Delete(j);
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_format),
        cmocka_unit_test(test_zone_missing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
