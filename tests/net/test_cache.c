/* The on-disk cache: round trip, the URL rule, corrupt and hand-copied
 * files, and failures that must name the step and leave the old cache
 * intact. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "nettest.h"

#define URL "http://schedule.example/netcon/schedule.json"

static char dir[4096], p_body[4200], p_meta[4200];
static char *v1, *v2;
static size_t v1len, v2len;

static int setup(void **state)
{
    nt_scratch("cache", dir, sizeof(dir));
    snprintf(p_body, sizeof(p_body), "%s/%s", dir, CACHE_FILE);
    snprintf(p_meta, sizeof(p_meta), "%s/%s", dir, CACHE_META);
    nt_versions(&v1, &v1len, &v2, &v2len);
    assert_non_null(v1);
    assert_non_null(v2);
    return 0;
}

static int teardown(void **state)
{
    free(v1);
    free(v2);
    return 0;
}

static int fresh(void **state)
{
    nt_scratch("cache", dir, sizeof(dir));
    return 0;
}

static struct cache_meta meta(const char *etag, int64_t at)
{
    struct cache_meta m;

    memset(&m, 0, sizeof(m));
    snprintf(m.url, sizeof(m.url), "%s", URL);
    snprintf(m.etag, sizeof(m.etag), "%s", etag);
    snprintf(m.last_modified, sizeof(m.last_modified), "Wed, 12 Jun 2030 06:00:00 GMT");
    m.fetched_at = at;
    return m;
}

/* Names in dir starting with prefix. */
static int count_prefix(const char *prefix)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    while (d && (e = readdir(d)) != NULL)
        n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    if (d)
        closedir(d);
    return n;
}

static void test_hash_known_values(void **state)
{
    /* FNV-1a 64 reference values */
    assert_true(cache_hash("", 0) == 0xcbf29ce484222325ULL);
    assert_true(cache_hash("a", 1) == 0xaf63dc4c8601ec8cULL);
    assert_true(cache_hash("foobar", 6) == 0x85944171f73967e8ULL);
}

static void test_round_trip(void **state)
{
    struct cache_meta m = meta("\"v1\"", 1900000000), got;
    struct sched *s = NULL;
    struct err e = {{0}};

    assert_true(cache_store(dir, v1, v1len, &m, &e));
    assert_true(nt_same_file(p_body, v1, v1len));
    assert_int_equal(count_prefix("schedule.json.tmp"), 0);
    assert_int_equal(count_prefix("schedule.meta.json.tmp"), 0);

    assert_int_equal(cache_load(dir, URL, 0, &s, &got, &e), CACHE_HIT);
    assert_non_null(s);
    assert_int_equal(s->nsessions, 3);
    assert_string_equal(s->sessions[0].title, "Opening v1");
    assert_string_equal(got.url, URL);
    assert_string_equal(got.etag, "\"v1\"");
    assert_string_equal(got.last_modified, "Wed, 12 Jun 2030 06:00:00 GMT");
    assert_int_equal(got.fetched_at, 1900000000);
    assert_int_equal(got.length, v1len);
    assert_true(got.hash == cache_hash(v1, v1len));
    sched_free(s);
}

static void test_replace_keeps_one_entry(void **state)
{
    struct cache_meta m1 = meta("\"v1\"", 1900000000), m2 = meta("\"v2\"", 1900000100), got;
    struct sched *s = NULL;
    struct err e = {{0}};
    char *text;

    assert_true(cache_store(dir, v1, v1len, &m1, &e));
    assert_true(cache_store(dir, v2, v2len, &m2, &e));
    assert_true(nt_same_file(p_body, v2, v2len));
    text = nt_read(p_meta, NULL);
    assert_non_null(text);
    assert_non_null(strstr(text, "\\\"v2\\\""));
    assert_null(strstr(text, "\\\"v1\\\"")); /* the old entry is gone after the commit */
    free(text);
    assert_int_equal(cache_load(dir, URL, 0, &s, &got, &e), CACHE_HIT);
    assert_int_equal(s->nsessions, 4);
    assert_string_equal(got.etag, "\"v2\"");
    assert_int_equal(got.fetched_at, 1900000100);
    sched_free(s);
}

static void test_other_url_not_used(void **state)
{
    struct cache_meta m = meta("\"v1\"", 1900000000), got;
    struct sched *s = NULL;
    struct err e = {{0}};

    assert_true(cache_store(dir, v1, v1len, &m, &e));
    assert_int_equal(cache_load(dir, "http://other.example/s.json", 0, &s, &got, &e),
                     CACHE_OTHER_URL);
    assert_null(s);
    assert_non_null(strstr(e.msg, "not of http://other.example/s.json"));
    assert_true(nt_same_file(p_body, v1, v1len)); /* left alone */
}

static void test_empty_and_missing_dir(void **state)
{
    struct cache_meta got;
    struct sched *s = NULL;
    struct err e = {{0}};
    char missing[4300];

    assert_int_equal(cache_load(dir, URL, 0, &s, &got, &e), CACHE_EMPTY);
    assert_non_null(strstr(e.msg, "nothing cached"));
    snprintf(missing, sizeof(missing), "%s/nope", dir);
    assert_int_equal(cache_load(missing, URL, 0, &s, &got, &e), CACHE_EMPTY);
    assert_null(s);
}

static void test_corrupt_body_moved_aside(void **state)
{
    struct cache_meta m = meta("\"v1\"", 1900000000), got;
    struct sched *s = NULL;
    struct err e = {{0}};
    DIR *d;
    struct dirent *de;
    char aside[4400] = "";

    assert_true(cache_store(dir, v1, v1len, &m, &e));
    nt_write(p_body, v1, v1len / 2); /* a torn file (e.g. a dying SD card) */
    assert_int_equal(cache_load(dir, URL, 0, &s, &got, &e), CACHE_BAD);
    assert_null(s);
    assert_non_null(strstr(e.msg, "moved aside"));
    assert_int_equal(access(p_body, F_OK), -1);
    d = opendir(dir);
    while (d && (de = readdir(d)) != NULL)
        if (strncmp(de->d_name, "schedule.json.corrupt-", 22) == 0)
            snprintf(aside, sizeof(aside), "%s/%s", dir, de->d_name);
    closedir(d);
    assert_true(aside[0]);
    assert_non_null(strstr(e.msg, aside));
    assert_true(nt_same_file(aside, v1, v1len / 2)); /* kept for a post-mortem */
    /* and the next load just finds nothing */
    assert_int_equal(cache_load(dir, URL, 0, &s, &got, &e), CACHE_EMPTY);
}

static void test_hand_copied_body(void **state)
{
    struct cache_meta got;
    struct sched *s = NULL;
    struct err e = {{0}};
    struct stat st;

    nt_write(p_body, v2, v2len); /* staff primed the cache from a USB stick */
    assert_int_equal(stat(p_body, &st), 0);
    assert_int_equal(cache_load(dir, URL, 0, &s, &got, &e), CACHE_HIT);
    assert_int_equal(s->nsessions, 4);
    assert_string_equal(got.url, "");
    assert_string_equal(got.etag, "");
    assert_int_equal(got.fetched_at, (int64_t)st.st_mtime);
    sched_free(s);
}

static void test_corrupt_meta_moved_aside(void **state)
{
    struct cache_meta m = meta("\"v1\"", 1900000000), got;
    struct sched *s = NULL;
    struct err e = {{0}};

    assert_true(cache_store(dir, v1, v1len, &m, &e));
    nt_write(p_meta, "{\"format\": ", 11);
    assert_int_equal(cache_load(dir, URL, 0, &s, &got, &e), CACHE_HIT);
    assert_int_equal(s->nsessions, 3);
    assert_string_equal(got.etag, ""); /* nothing to revalidate with */
    assert_int_equal(count_prefix("schedule.meta.json.corrupt-"), 1);
    sched_free(s);
}

static void test_too_big_moved_aside(void **state)
{
    struct cache_meta m = meta("\"v1\"", 1900000000), got;
    struct sched *s = NULL;
    struct err e = {{0}};

    assert_true(cache_store(dir, v1, v1len, &m, &e));
    assert_int_equal(cache_load(dir, URL, 100, &s, &got, &e), CACHE_BAD);
    assert_non_null(strstr(e.msg, "more than the limit of 100"));
    assert_int_equal(count_prefix("schedule.json.corrupt-"), 1);
}

/* A signed URL of 2 KB (and one of 10 KB, past what the meta file keeps as
 * text) gets its own cache back offline; one differing in its last byte
 * does not. The meta file used to cut the URL at 1023 bytes and then compare
 * it with the whole one, so a long URL never found its cache. */
static void test_long_url_keys_the_cache(void **state)
{
    static char url[10300], other[10300];
    struct cache_meta m = meta("\"v1\"", 1900000000), got;
    struct sched *s = NULL;
    struct err e = {{0}};

    for (size_t len = 2048; len <= 10240; len += 8192) {
        nt_scratch("cache", dir, sizeof(dir));
        memcpy(url, "https://s.example/schedule.json?sig=", 36);
        for (size_t i = 36; i < len; i++)
            url[i] = (char)('a' + i % 26);
        url[len] = '\0';
        memcpy(other, url, len + 1);
        other[len - 1] = other[len - 1] == 'z' ? 'y' : 'z';
        snprintf(m.url, sizeof(m.url), "%s", url);
        m.url_hash = cache_hash(url, len);
        assert_true(cache_store(dir, v1, v1len, &m, &e));
        assert_int_equal(cache_load(dir, url, 0, &s, &got, &e), CACHE_HIT);
        assert_int_equal(s->nsessions, 3);
        assert_memory_equal(got.url, url, len < sizeof(got.url) ? len : sizeof(got.url) - 1);
        sched_free(s);
        s = NULL;
        assert_int_equal(cache_load(dir, other, 0, &s, &got, &e), CACHE_OTHER_URL);
        assert_null(s);
    }
}

/* Symlinks planted at every name the cache writes (the old fixed temporary
 * names, the body, the meta file) point at files outside: a store leaves
 * those files untouched and replaces the links with its own files. */
static void test_planted_links_not_followed(void **state)
{
    static const char *const names[] = {"schedule.json.tmp", "schedule.meta.json.tmp", CACHE_FILE,
                                        CACHE_META};
    char victim[4][4400], link[4400], outside[4300];
    struct cache_meta m = meta("\"v1\"", 1900000000), got;
    struct sched *s = NULL;
    struct err e = {{0}};
    struct stat st;

    nt_scratch("cache-victims", outside, sizeof(outside));
    for (int i = 0; i < 4; i++) {
        snprintf(victim[i], sizeof(victim[i]), "%s/victim%d", outside, i);
        nt_write(victim[i], "precious\n", 9);
        snprintf(link, sizeof(link), "%s/%s", dir, names[i]);
        assert_int_equal(symlink(victim[i], link), 0);
    }
    assert_true(cache_store(dir, v1, v1len, &m, &e));
    for (int i = 0; i < 4; i++)
        assert_true(nt_same_file(victim[i], "precious\n", 9));
    assert_int_equal(lstat(p_body, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_int_equal(lstat(p_meta, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_true(nt_same_file(p_body, v1, v1len));
    assert_int_equal(cache_load(dir, URL, 0, &s, &got, &e), CACHE_HIT);
    sched_free(s);
}

/* Root running `roomboard --state` against the service user's cache reads
 * it but writes nothing there (no root-owned files left behind). Needs root
 * to hand the directory to another user. */
static void test_other_owner_reads_only(void **state)
{
    struct cache_meta m1 = meta("\"v1\"", 1900000000), m2 = meta("\"v2\"", 1900000100), got;
    struct sched *s = NULL;
    struct err e = {{0}};

    if (geteuid() != 0) {
        print_message("not root: cannot give the cache to another user; skipped\n");
        skip();
    }
    assert_true(cache_store(dir, v1, v1len, &m1, &e));
    assert_int_equal(chown(p_body, 65534, 65534), 0);
    assert_int_equal(chown(p_meta, 65534, 65534), 0);
    assert_int_equal(chown(dir, 65534, 65534), 0);
    assert_false(cache_store(dir, v2, v2len, &m2, &e));
    assert_non_null(strstr(e.msg, "belongs to uid 65534"));
    assert_int_equal(count_prefix("schedule."), 2); /* no temp file either */
    assert_true(nt_same_file(p_body, v1, v1len));
    assert_int_equal(cache_load(dir, URL, 0, &s, &got, &e), CACHE_HIT);
    assert_string_equal(got.etag, "\"v1\"");
    sched_free(s);
}

static void test_dir_not_creatable(void **state)
{
    struct cache_meta m = meta("\"v1\"", 1900000000);
    struct err e = {{0}};
    char file[4300], sub[4400];

    snprintf(file, sizeof(file), "%s/plainfile", dir);
    nt_write(file, "x", 1);
    snprintf(sub, sizeof(sub), "%s/cache", file);
    assert_false(cache_store(sub, v1, v1len, &m, &e));
    assert_non_null(strstr(e.msg, "cache: mkdir of "));
    assert_non_null(strstr(e.msg, "Not a directory"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_known_values),
        cmocka_unit_test_setup(test_round_trip, fresh),
        cmocka_unit_test_setup(test_replace_keeps_one_entry, fresh),
        cmocka_unit_test_setup(test_other_url_not_used, fresh),
        cmocka_unit_test_setup(test_empty_and_missing_dir, fresh),
        cmocka_unit_test_setup(test_corrupt_body_moved_aside, fresh),
        cmocka_unit_test_setup(test_hand_copied_body, fresh),
        cmocka_unit_test_setup(test_corrupt_meta_moved_aside, fresh),
        cmocka_unit_test_setup(test_too_big_moved_aside, fresh),
        cmocka_unit_test_setup(test_long_url_keys_the_cache, fresh),
        cmocka_unit_test_setup(test_planted_links_not_followed, fresh),
        cmocka_unit_test_setup(test_other_owner_reads_only, fresh),
        cmocka_unit_test_setup(test_dir_not_creatable, fresh),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
