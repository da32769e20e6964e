/* Power loss while the cache is written: a child stores schedule v1 and v2
 * in turn, as fast as it can, and is SIGKILLed at a random instant, 200
 * times. After every kill the cache must load, and hold exactly v1 or v2,
 * complete, with the metadata (ETag) of that very body.
 *
 * SIGKILL keeps what the kernel already has, so this checks the order of
 * the steps (temp file, meta naming both bodies, rename) rather than the
 * disk's flush behaviour, which fsync covers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "nettest.h"

#define URL   "http://schedule.example/netcon/schedule.json"
#define KILLS 200

static char *v1, *v2;
static size_t n1, n2;

static int setup(void **state)
{
    char f[4096];

    nt_fixture("sched-v1.json", f, sizeof(f));
    v1 = nt_read(f, &n1);
    nt_fixture("sched-v2.json", f, sizeof(f));
    v2 = nt_read(f, &n2);
    return v1 && v2 ? 0 : -1;
}

static int teardown(void **state)
{
    free(v1);
    free(v2);
    return 0;
}

/* Stores v1, v2, v1, ... (v2 first when start is odd) until killed, or
 * `count` times. */
static void writer(const char *dir, unsigned start, unsigned count)
{
    struct cache_meta m;
    struct err e;

    memset(&m, 0, sizeof(m));
    snprintf(m.url, sizeof(m.url), "%s", URL);
    for (unsigned i = start; i - start < count; i++) {
        bool odd = i % 2;
        snprintf(m.etag, sizeof(m.etag), "%s", odd ? "\"v2\"" : "\"v1\"");
        m.fetched_at = (int64_t)i;
        if (!cache_store(dir, odd ? v2 : v1, odd ? n2 : n1, &m, &e)) {
            fprintf(stderr, "writer: %s\n", e.msg);
            _exit(3);
        }
    }
}

/* Temporary files a killed writer left in DIR (unique names: NAME.tmp.*);
 * with AGE_S > 0 their mtime is first set that many seconds back. */
static int temp_files(const char *dir, int age_s)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    while (d && (e = readdir(d)) != NULL) {
        if (!strstr(e->d_name, ".tmp."))
            continue;
        n++;
        if (age_s > 0) {
            struct timespec ts[2] = {{time(NULL) - age_s, 0}, {time(NULL) - age_s, 0}};
            assert_int_equal(utimensat(dirfd(d), e->d_name, ts, AT_SYMLINK_NOFOLLOW), 0);
        }
    }
    if (d)
        closedir(d);
    return n;
}

static void test_kill_while_writing(void **state)
{
    char dir[4096], path[4200];
    int seen_v1 = 0, seen_v2 = 0, torn_tmp = 0;
    int64_t t0, store_us;
    unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();

    nt_scratch("powerloss", dir, sizeof(dir));
    snprintf(path, sizeof(path), "%s/%s", dir, CACHE_FILE);
    /* How long one store takes here (sanitizer builds are slower), so the
     * kills can be spread over a few of them. */
    t0 = nt_now_ms();
    writer(dir, 0, 20);
    store_us = (nt_now_ms() - t0) * 1000 / 20;
    if (store_us < 100)
        store_us = 100;
    print_message("seed %u, one store takes about %lld us\n", seed, (long long)store_us);
    srand(seed);

    for (int k = 0; k < KILLS; k++) {
        struct cache_meta m;
        struct sched *s = NULL;
        struct err e = {{0}};
        int st, before = temp_files(dir, 0);
        pid_t pid = fork();

        assert_true(pid >= 0);
        if (pid == 0)
            writer(dir, (unsigned)k, UINT32_MAX);
        /* anywhere in the first two stores (plus fork time) */
        int64_t us = store_us / 4 + (int64_t)rand() % (store_us * 2);
        struct timespec ts = {(time_t)(us / 1000000), (long)(us % 1000000) * 1000L};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        assert_int_equal(waitpid(pid, &st, 0), pid);
        assert_true(WIFSIGNALED(st)); /* it was still writing, never failed */

        torn_tmp += temp_files(dir, 0) > before;
        if (access(path, F_OK) != 0 && seen_v1 + seen_v2 == 0)
            continue; /* killed before the very first store finished */
        enum cache_result r = cache_load(dir, URL, 0, &s, &m, &e);
        if (r != CACHE_HIT)
            fail_msg("kill %d: cache did not load: %s", k, e.msg);
        if (nt_same_file(path, v1, n1)) {
            seen_v1++;
            assert_int_equal(s->nsessions, 3);
            assert_string_equal(m.etag, "\"v1\"");
        } else if (nt_same_file(path, v2, n2)) {
            seen_v2++;
            assert_int_equal(s->nsessions, 4);
            assert_string_equal(m.etag, "\"v2\"");
        } else {
            fail_msg("kill %d: schedule.json is neither v1 nor v2", k);
        }
        assert_string_equal(m.url, URL);
        sched_free(s);
    }
    print_message("%d kills in %lld ms: v1 %d, v2 %d, temp file left behind %d times\n", KILLS,
                  (long long)(nt_now_ms() - t0), seen_v1, seen_v2, torn_tmp);
    /* The kills really landed at different points of the write. */
    assert_true(seen_v1 > 0);
    assert_true(seen_v2 > 0);
    assert_true(torn_tmp > 0);

    /* The next store sweeps what the killed writers left, once it is old
     * enough not to be another writer's file in progress. */
    {
        struct cache_meta m = {.fetched_at = 1};
        struct err e = {{0}};
        snprintf(m.url, sizeof(m.url), "%s", URL);
        assert_true(temp_files(dir, 0) > 0);
        temp_files(dir, 120);
        assert_true(cache_store(dir, v1, n1, &m, &e));
        assert_int_equal(temp_files(dir, 0), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kill_while_writing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
