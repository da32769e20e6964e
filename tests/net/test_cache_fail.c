/* Every step of a cache write failing in turn (fsync, rename), injected
 * with the linker's --wrap so the production code is untouched: the error
 * names the step and the file, no temporary file is left, and the cache
 * then loads as the old schedule or the new one, complete. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "nettest.h"

#define URL "http://schedule.example/netcon/schedule.json"

int __wrap_fsync(int fd);
int __real_fsync(int fd);
int __wrap_mkstemp(char *tmpl);
int __real_mkstemp(char *tmpl);
int __wrap_rename(const char *from, const char *to);
int __real_rename(const char *from, const char *to);

static int fsync_calls, fsync_fail_at, rename_calls, rename_fail_at, mkstemp_calls, mkstemp_fail_at;

/* The temporary file cannot be created (disk full, quota): nothing written. */
int __wrap_mkstemp(char *tmpl)
{
    if (++mkstemp_calls == mkstemp_fail_at) {
        errno = EDQUOT;
        return -1;
    }
    return __real_mkstemp(tmpl);
}

int __wrap_fsync(int fd)
{
    if (++fsync_calls == fsync_fail_at) {
        errno = ENOSPC;
        return -1;
    }
    return __real_fsync(fd);
}

int __wrap_rename(const char *from, const char *to)
{
    if (++rename_calls == rename_fail_at) {
        errno = EROFS;
        return -1;
    }
    return __real_rename(from, to);
}

static char dir[4096], p_body[4200];
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

static struct cache_meta meta(const char *etag)
{
    struct cache_meta m;

    memset(&m, 0, sizeof(m));
    snprintf(m.url, sizeof(m.url), "%s", URL);
    snprintf(m.etag, sizeof(m.etag), "%s", etag);
    m.fetched_at = 1900000000;
    return m;
}

static int tmp_files(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    while (d && (e = readdir(d)) != NULL) {
        n += strstr(e->d_name, ".tmp") != NULL;
    }
    if (d)
        closedir(d);
    return n;
}

/* Stores v1, then v2 with call number `at` of fsync (or rename) failing;
 * checks the message and what the cache holds afterwards. */
enum fault { F_FSYNC, F_RENAME, F_MKSTEMP };

static void one(enum fault what, int at, const char *want)
{
    struct cache_meta m1 = meta("\"v1\""), m2 = meta("\"v2\""), got;
    struct sched *s = NULL;
    struct err e = {{0}};

    nt_scratch("cache-fail", dir, sizeof(dir));
    snprintf(p_body, sizeof(p_body), "%s/%s", dir, CACHE_FILE);
    fsync_fail_at = rename_fail_at = mkstemp_fail_at = 0;
    assert_true(cache_store(dir, v1, v1len, &m1, &e));
    fsync_calls = rename_calls = mkstemp_calls = 0;
    if (what == F_FSYNC)
        fsync_fail_at = at;
    else if (what == F_RENAME)
        rename_fail_at = at;
    else
        mkstemp_fail_at = at;
    bool ok = cache_store(dir, v2, v2len, &m2, &e);
    fsync_fail_at = rename_fail_at = mkstemp_fail_at = 0;
    print_message("%s #%d: %s\n",
                  what == F_FSYNC    ? "fsync"
                  : what == F_RENAME ? "rename"
                                     : "mkstemp",
                  at, ok ? "(no error)" : e.msg);
    assert_false(ok);
    if (!strstr(e.msg, want))
        fail_msg("'%s' does not name '%s'", e.msg, want);
    assert_int_equal(tmp_files(), 0);
    /* old or new, complete, with its own metadata */
    assert_int_equal(cache_load(dir, URL, 0, &s, &got, &e), CACHE_HIT);
    if (nt_same_file(p_body, v1, v1len)) {
        assert_string_equal(got.etag, "\"v1\"");
        assert_int_equal(s->nsessions, 3);
    } else {
        assert_true(nt_same_file(p_body, v2, v2len));
        assert_string_equal(got.etag, "\"v2\"");
        assert_int_equal(s->nsessions, 4);
    }
    sched_free(s);
}

static void test_each_fsync(void **state)
{
    char want[9000];

    /* order in cache_store: body temp file, meta temp file, directory
     * (meta renamed), directory (body renamed), final meta temp file */
    nt_scratch("cache-fail", dir, sizeof(dir));
    snprintf(want, sizeof(want), "cache: fsync of %s/schedule.json.tmp.", dir);
    one(F_FSYNC, 1, want);
    snprintf(want, sizeof(want), "cache: fsync of %s/schedule.meta.json.tmp.", dir);
    one(F_FSYNC, 2, want);
    snprintf(want, sizeof(want), "cache: fsync of directory %s failed: No space", dir);
    one(F_FSYNC, 3, want);
    one(F_FSYNC, 4, want);
    snprintf(want, sizeof(want), "cache: fsync of %s/schedule.meta.json.tmp.", dir);
    one(F_FSYNC, 5, want);
    snprintf(want, sizeof(want), "cache: fsync of directory %s failed", dir);
    one(F_FSYNC, 6, want);
}

static void test_each_rename(void **state)
{
    char want[9000];

    nt_scratch("cache-fail", dir, sizeof(dir));
    snprintf(want, sizeof(want), "cache: rename of %s/schedule.meta.json.tmp.", dir);
    one(F_RENAME, 1, want);
    snprintf(want, sizeof(want), "cache: rename of %s/schedule.json.tmp.", dir);
    one(F_RENAME, 2, want);
    snprintf(want, sizeof(want), "cache: rename of %s/schedule.meta.json.tmp", dir);
    one(F_RENAME, 3, want);
}

/* mkstemp failing for the body's temporary file, then for the meta's: the
 * old schedule stays, complete, and no temporary file is left. */
static void test_each_create(void **state)
{
    char want[9000];

    nt_scratch("cache-fail", dir, sizeof(dir));
    snprintf(want, sizeof(want),
             "cache: cannot create a temporary file next to %s/schedule.json:", dir);
    one(F_MKSTEMP, 1, want);
    snprintf(want, sizeof(want),
             "cache: cannot create a temporary file next to %s/schedule.meta.json:", dir);
    one(F_MKSTEMP, 2, want);
    one(F_MKSTEMP, 3, want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_fsync),
        cmocka_unit_test(test_each_rename),
        cmocka_unit_test(test_each_create),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
