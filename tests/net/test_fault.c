/* Every way a download can go wrong, against a real server on loopback
 * (tests/net/faultd.py): for each, the schedule in use stays the good one,
 * the cache file is unchanged byte for byte, and the refresh ends within its
 * timeouts. Also the fetcher thread (backoff, refresh-now, stop during a
 * stall) and the --state command line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdatomic.h>
#include <signal.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "fetch.h"
#include "nettest.h"
#include "url.h"

static char scratch[4096], cache_dir[4200], p_body[4300], p_meta[4300], url[256];
static int port;
static pid_t faultd;
static char *v1, *v2;
static size_t v1len, v2len;

static int setup(void **state)
{
    setenv("ROOMBOARD_BOOT_CONFIG", "", 1);
    nt_scratch("fault", scratch, sizeof(scratch));
    faultd = nt_faultd(scratch, &port);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/schedule.json", port);
    snprintf(cache_dir, sizeof(cache_dir), "%s/cache", scratch);
    snprintf(p_body, sizeof(p_body), "%s/%s", cache_dir, CACHE_FILE);
    snprintf(p_meta, sizeof(p_meta), "%s/%s", cache_dir, CACHE_META);
    nt_versions(&v1, &v1len, &v2, &v2len);
    return v1 && v2 ? 0 : -1;
}

static int teardown(void **state)
{
    nt_stop(faultd);
    free(v1);
    free(v2);
    return 0;
}

static void set_mode(const char *mode)
{
    char path[128];
    char *r;

    snprintf(path, sizeof(path), "/mode/%s", mode);
    r = nt_http_get(port, path);
    assert_non_null(r);
    assert_string_equal(r, "ok\n");
    free(r);
}

/* A counter from faultd's /stats ("/schedule.json", "304"). */
static long stat_count(const char *key)
{
    char pat[128], *r = nt_http_get(port, "/stats"), *p;
    long n = 0;

    assert_non_null(r);
    snprintf(pat, sizeof(pat), "\"%s\": ", key);
    if ((p = strstr(r, pat)) != NULL)
        n = strtol(p + strlen(pat), NULL, 10);
    free(r);
    return n;
}

/* Empties the cache dir and fills it from a good fetch of v1. */
static void prime_cache(void)
{
    struct cfg c;
    struct sched *s = NULL;
    struct fetch_info info;
    struct err e = {{0}};
    char cmd[4400];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", cache_dir);
    assert_int_equal(system(cmd), 0);
    set_mode("good");
    nt_cfg(&c, url, cache_dir);
    assert_true(fetch_once(&c, &s, &info, &e));
    assert_string_equal(info.source, "network");
    assert_int_equal(s->nsessions, 3);
    sched_free(s);
    cfg_clear(&c);
    assert_true(nt_same_file(p_body, v1, v1len));
}

static void test_first_fetch_then_304(void **state)
{
    struct cfg c;
    struct sched *s = NULL;
    struct fetch_info info;
    struct err e = {{0}};
    struct stat a, b;
    long before;

    prime_cache();
    assert_int_equal(stat(p_body, &a), 0);
    before = stat_count("304");
    nt_cfg(&c, url, cache_dir);
    assert_true(fetch_once(&c, &s, &info, &e));
    assert_string_equal(info.source, "network");
    assert_false(info.stale);
    assert_string_equal(info.error, "");
    assert_int_equal(info.failures, 0);
    assert_true(info.server_date > 1700000000); /* faultd sends Date */
    assert_int_equal(s->nsessions, 3);
    assert_int_equal(stat_count("304"), before + 1); /* If-None-Match went out */
    assert_int_equal(stat(p_body, &b), 0);
    assert_int_equal(a.st_ino, b.st_ino); /* 304: no disk write */
    assert_int_equal(a.st_mtim.tv_nsec, b.st_mtim.tv_nsec);
    sched_free(s);
    cfg_clear(&c);
}

static void test_same_bytes_without_validators(void **state)
{
    struct cfg c;
    struct sched *s = NULL;
    struct fetch_info info;
    struct err e = {{0}};
    struct stat a, b;

    prime_cache();
    set_mode("noetag");
    assert_int_equal(stat(p_meta, &a), 0);
    nt_cfg(&c, url, cache_dir);
    assert_true(fetch_once(&c, &s, &info, &e));
    assert_string_equal(info.source, "network");
    assert_int_equal(s->nsessions, 3);
    assert_int_equal(stat(p_meta, &b), 0);
    assert_int_equal(a.st_ino, b.st_ino); /* identical body: nothing written */
    sched_free(s);
    cfg_clear(&c);
}

struct fault {
    const char *mode;
    const char *want; /* in info.error; alternatives split by '|' */
};

static bool has_any(const char *text, const char *alts)
{
    for (const char *a = alts; *a;) {
        const char *bar = strchr(a, '|');
        size_t n = bar ? (size_t)(bar - a) : strlen(a);
        char one[128];
        snprintf(one, sizeof(one), "%.*s", (int)n, a);
        if (strstr(text, one))
            return true;
        a += n + (bar != NULL);
    }
    return false;
}

/* One refresh against a failing source: the cache answers, untouched. */
static void expect_cache_serves(const char *u, const char *want, const char *label)
{
    struct cfg c;
    struct sched *s = NULL;
    struct fetch_info info;
    struct err e = {{0}};
    size_t blen, mlen;
    char *body = nt_read(p_body, &blen), *meta = nt_read(p_meta, &mlen);
    int64_t t0, ms;

    assert_non_null(body);
    assert_non_null(meta);
    nt_cfg(&c, u, cache_dir);
    t0 = nt_now_ms();
    bool ok = fetch_once(&c, &s, &info, &e);
    ms = nt_now_ms() - t0;
    print_message("%-12s %5lld ms  %s\n", label, (long long)ms, info.error);
    assert_true(ok);
    assert_int_equal(s->nsessions, 3);
    assert_string_equal(s->sessions[0].title, "Opening v1");
    assert_string_equal(info.source, "cache");
    assert_true(info.stale);
    assert_int_equal(info.failures, 1);
    if (!has_any(info.error, want))
        fail_msg("%s: error '%s' does not say '%s'", label, info.error, want);
    assert_true(nt_same_file(p_body, body, blen)); /* byte for byte */
    assert_true(nt_same_file(p_meta, meta, mlen));
    /* connect 1 s, total 2 s: nothing may take much longer */
    if (ms > c.timeout_s * 1000 + 1500)
        fail_msg("%s took %lld ms", label, (long long)ms);
    free(body);
    free(meta);
    sched_free(s);
    cfg_clear(&c);
}

static void test_faults_keep_cache(void **state)
{
    static const struct fault faults[] = {
        {"stall-head", "timed out|too slow"},
        {"stall-body", "timed out|too slow"},
        {"truncated", "transfer closed"},
        {"cl-long", "transfer closed"},
        {"cl-short", "not valid JSON"},
        {"404", "HTTP 404"},
        {"500", "HTTP 500"},
        {"503", "HTTP 503"},
        {"html", "HTML"},
        {"big", "larger than the limit of 262144"},
        {"big-chunked", "larger than the limit of 262144"},
        {"loop", "redirects"},
        {"to-file", "not supported|disabled"},
        {"badutf8", "not valid UTF-8"},
        {"nested", "deeper than 64"},
        {"notschedule", "not a frab/pretalx schedule"},
        {"empty", "no sessions while the one in use has 3"},
    };

    prime_cache();
    for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++) {
        set_mode(faults[i].mode);
        expect_cache_serves(url, faults[i].want, faults[i].mode);
    }
    /* and the next good download is taken */
    struct cfg c;
    struct sched *s = NULL;
    struct fetch_info info;
    struct err e = {{0}};
    set_mode("v2");
    nt_cfg(&c, url, cache_dir);
    assert_true(fetch_once(&c, &s, &info, &e));
    assert_string_equal(info.source, "network");
    assert_int_equal(s->nsessions, 4);
    assert_true(nt_same_file(p_body, v2, v2len));
    sched_free(s);
    cfg_clear(&c);
}

static void test_connection_refused(void **state)
{
    char dead[256];
    struct cache_meta m;
    struct err e = {{0}};

    /* a cache from an earlier run against a server that is now gone */
    snprintf(dead, sizeof(dead), "http://127.0.0.1:%d/schedule.json", nt_free_port());
    memset(&m, 0, sizeof(m));
    snprintf(m.url, sizeof(m.url), "%s", dead);
    m.fetched_at = 1900000000;
    assert_true(cache_store(cache_dir, v1, v1len, &m, &e));
    expect_cache_serves(dead, "Failed to connect|Couldn't connect", "refused");
}

/* ---- the fetcher thread --------------------------------------------- */

static atomic_int notified;

static void on_notify(void *ud)
{
    atomic_fetch_add(&notified, 1);
}

static void test_thread_cache_first_then_refresh_now(void **state)
{
    struct cfg c;
    struct fetch *f = NULL;
    struct fetch_info info;
    struct err e = {{0}};
    struct sched *s;
    int64_t t0;

    prime_cache();
    set_mode("503");
    nt_cfg(&c, url, cache_dir);
    c.poll_s = 30; /* only refresh-now can bring the update in time */
    atomic_store(&notified, 0);
    assert_true(fetch_start(&c, on_notify, NULL, &f, &e));
    cfg_clear(&c); /* the fetcher keeps its own copy */

    /* the cache is there before any network answer */
    s = fetch_take(f, &info);
    assert_non_null(s);
    assert_string_equal(info.source, "cache");
    assert_int_equal(s->nsessions, 3);
    sched_free(s);

    /* the first refresh fails: nothing new, stale, the reason given */
    t0 = nt_now_ms();
    while (atomic_load(&notified) < 1 && nt_now_ms() - t0 < 5000)
        nt_sleep_ms(10);
    assert_null(fetch_take(f, &info));
    assert_int_equal(info.failures, 1);
    assert_true(info.stale);
    assert_string_equal(info.source, "cache");
    assert_non_null(strstr(info.error, "HTTP 503"));
    assert_true(nt_same_file(p_body, v1, v1len));

    /* the staff key: refresh now, well before the 30 s poll */
    set_mode("v2");
    t0 = nt_now_ms();
    fetch_refresh_now(f);
    s = NULL;
    while (!s && nt_now_ms() - t0 < 3000) {
        nt_sleep_ms(10);
        s = fetch_take(f, &info);
    }
    assert_non_null(s);
    print_message("refresh-now to new schedule: %lld ms\n", (long long)(nt_now_ms() - t0));
    assert_int_equal(s->nsessions, 4);
    assert_string_equal(info.source, "network");
    assert_false(info.stale);
    assert_int_equal(info.failures, 0);
    assert_string_equal(info.error, "");
    sched_free(s);
    assert_true(nt_same_file(p_body, v2, v2len));
    fetch_stop(f);
}

static void test_thread_backoff_without_cache(void **state)
{
    struct cfg c;
    struct fetch *f = NULL;
    struct fetch_info info;
    struct err e = {{0}};
    char dead[256], empty[4300];

    snprintf(dead, sizeof(dead), "http://127.0.0.1:%d/schedule.json", nt_free_port());
    snprintf(empty, sizeof(empty), "%s/empty-cache", scratch);
    nt_cfg(&c, dead, empty);
    assert_true(fetch_start(&c, NULL, NULL, &f, &e));
    cfg_clear(&c);
    assert_null(fetch_take(f, &info));
    assert_string_equal(info.source, "");
    /* poll 1 s, no jitter: tries at 0, 1, 3, 7 s (1, 2, 4 s apart); a
     * fixed interval would have tried 5 times by 4.5 s */
    nt_sleep_ms(4500);
    assert_null(fetch_take(f, &info));
    print_message("after 4.5 s: %u failures, error: %s\n", info.failures, info.error);
    assert_int_equal(info.failures, 3);
    assert_true(info.stale);
    assert_non_null(strstr(info.error, "no schedule"));
    assert_non_null(strstr(info.error, dead));
    assert_true(has_any(info.error, "Failed to connect|Couldn't connect"));
    fetch_stop(f);
}

static void test_thread_stop_during_stall(void **state)
{
    struct cfg c;
    struct fetch *f = NULL;
    struct err e = {{0}};
    int64_t t0;

    prime_cache();
    set_mode("stall-head");
    nt_cfg(&c, url, cache_dir);
    c.timeout_s = 30;
    assert_true(fetch_start(&c, NULL, NULL, &f, &e));
    cfg_clear(&c);
    nt_sleep_ms(300); /* the transfer is now hanging */
    t0 = nt_now_ms();
    fetch_stop(f);
    print_message("stop during a stalled transfer: %lld ms\n", (long long)(nt_now_ms() - t0));
    assert_true(nt_now_ms() - t0 < 1500);
    assert_true(nt_same_file(p_body, v1, v1len));
}

/* Many refreshes in a row, the server switching at random between good
 * answers and faults: after every one the screen holds exactly the last
 * good version, something is handed over only when it changed, and the
 * cache file is always that version, byte for byte. */
static void test_thread_chaos(void **state)
{
    static const struct {
        const char *mode;
        int version; /* 0: a fault */
    } modes[] = {
        {"good", 1}, {"noetag", 1},    {"v2", 2},       {"404", 0},         {"500", 0},
        {"html", 0}, {"truncated", 0}, {"cl-short", 0}, {"badutf8", 0},     {"nested", 0},
        {"big", 0},  {"loop", 0},      {"empty", 0},    {"notschedule", 0}, {"to-file", 0},
    };
    struct cfg c;
    struct fetch *f = NULL;
    struct fetch_info info;
    struct err e = {{0}};
    struct sched *s;
    int shown = 1, handed = 0, faults = 0;
    unsigned seed = (unsigned)nt_now_ms();

    prime_cache();
    nt_cfg(&c, url, cache_dir);
    c.poll_s = 60; /* only our refresh-now calls */
    atomic_store(&notified, 0);
    assert_true(fetch_start(&c, on_notify, NULL, &f, &e));
    cfg_clear(&c);
    s = fetch_take(f, &info);
    assert_non_null(s);
    sched_free(s);
    while (atomic_load(&notified) < 1)
        nt_sleep_ms(5); /* the start-up refresh (a 304) */
    srand(seed);
    print_message("seed %u\n", seed);
    for (int i = 0; i < 150; i++) {
        size_t m = (size_t)rand() % (sizeof(modes) / sizeof(modes[0]));
        int before = atomic_load(&notified);
        int64_t t0 = nt_now_ms();
        set_mode(modes[m].mode);
        fetch_refresh_now(f);
        while (atomic_load(&notified) == before && nt_now_ms() - t0 < 5000)
            nt_sleep_ms(1);
        assert_true(atomic_load(&notified) > before);
        s = fetch_take(f, &info);
        int want = modes[m].version ? modes[m].version : shown;
        if (s) {
            handed++;
            if (want == shown)
                fail_msg("%s: handed over a schedule that did not change", modes[m].mode);
            assert_int_equal(s->nsessions, want == 1 ? 3 : 4);
            sched_free(s);
        } else if (want != shown) {
            fail_msg("%s: v%d not handed over", modes[m].mode, want);
        }
        shown = want;
        faults += modes[m].version == 0;
        assert_int_equal(info.failures > 0, modes[m].version == 0);
        assert_true(shown == 1 ? nt_same_file(p_body, v1, v1len) : nt_same_file(p_body, v2, v2len));
    }
    print_message("150 refreshes: %d faults, %d hand-overs\n", faults, handed);
    fetch_stop(f);
}

/* ---- roomboard --state with a URL -------------------------------------- */

/* Output with all whitespace removed, so "source":\t"x" reads "source":"x". */
static char *squeeze(const char *s)
{
    char *o = malloc(strlen(s) + 1), *p = o;

    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            *p++ = *s;
    *p = '\0';
    return o;
}

static int run_state(const char *u, const char *dir, char **out, char **err)
{
    char bin[4096];
    char *argv[] = {bin, "--schedule", (char *)u, "--cache-dir", (char *)dir, "--state", NULL};

    snprintf(bin, sizeof(bin), "%s/roomboard", getenv("RB_BUILD"));
    return nt_run(argv, 15000, out, err);
}

static void test_cli_state(void **state)
{
    char *out, *err, *sq, dead[256], empty[4300];
    int rc;

    prime_cache();
    rc = run_state(url, cache_dir, &out, &err);
    sq = squeeze(out);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(sq, "\"source\":\"network\""));
    assert_non_null(strstr(sq, "\"stale\":false"));
    assert_non_null(strstr(sq, "\"sessions\":3"));
    free(out), free(err), free(sq);

    set_mode("500");
    rc = run_state(url, cache_dir, &out, &err);
    sq = squeeze(out);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(sq, "\"source\":\"cache\""));
    assert_non_null(strstr(sq, "\"stale\":true"));
    assert_non_null(strstr(sq, "\"sessions\":3"));
    assert_non_null(strstr(err, "HTTP 500")); /* one line on stderr */
    free(out), free(err), free(sq);

    snprintf(dead, sizeof(dead), "http://127.0.0.1:%d/schedule.json", nt_free_port());
    snprintf(empty, sizeof(empty), "%s/cli-empty", scratch);
    rc = run_state(dead, empty, &out, &err);
    print_message("neither: rc %d, stderr: %s", rc, err);
    assert_true(rc > 0);
    assert_string_equal(out, "");
    assert_non_null(strstr(err, "no schedule"));
    assert_non_null(strstr(err, dead));
    free(out), free(err);
}

/* Credentials and the query string (signatures, tokens) never reach the
 * info shown on the screen, the journal or --state; the fetch itself uses
 * them (faultd ignores the query). */
static void test_url_secrets_redacted(void **state)
{
    char u[512], shown[512], dir[4400], bin[4096];
    struct cfg c;
    struct sched *s = NULL;
    struct fetch_info info;
    struct err e = {{0}};
    char *out, *err;

    url_redact("https://ann:pw@h.example:8443/p/s.json?sig=1#x", shown, sizeof(shown));
    assert_string_equal(shown, "https://***@h.example:8443/p/s.json?***");
    url_redact("http://h/s.json", shown, sizeof(shown));
    assert_string_equal(shown, "http://h/s.json");
    url_redact("/media/usb/s.json", shown, sizeof(shown));
    assert_string_equal(shown, "/media/usb/s.json");

    set_mode("good");
    snprintf(u, sizeof(u), "http://ann:s3cret@127.0.0.1:%d/schedule.json?token=t0ken", port);
    snprintf(dir, sizeof(dir), "%s/cache-secret", scratch);
    nt_cfg(&c, u, dir);
    assert_true(fetch_once(&c, &s, &info, &e));
    assert_int_equal(s->nsessions, 3);
    snprintf(shown, sizeof(shown), "http://***@127.0.0.1:%d/schedule.json?***", port);
    assert_string_equal(info.url, shown);
    sched_free(s);
    cfg_clear(&c);

    /* --state, once from the network and once (server down) from the cache */
    snprintf(bin, sizeof(bin), "%s/roomboard", getenv("RB_BUILD"));
    for (int i = 0; i < 2; i++) {
        char *argv[] = {bin, "--schedule", u, "--cache-dir", dir, "--state", NULL};
        set_mode(i == 0 ? "good" : "500");
        assert_int_equal(nt_run(argv, 15000, &out, &err), 0);
        assert_null(strstr(out, "s3cret"));
        assert_null(strstr(out, "t0ken"));
        assert_null(strstr(err, "s3cret"));
        assert_null(strstr(err, "t0ken"));
        assert_non_null(strstr(out, "***@127.0.0.1"));
        free(out), free(err);
    }
    set_mode("good");
}

/* A closed pipe or socket is an EPIPE error, not a SIGPIPE that kills the
 * screen: --state writing to a pipe nobody reads exits with a status. */
static void test_sigpipe_ignored(void **state)
{
    char bin[4096];
    char *argv[] = {bin, "--schedule", url, "--cache-dir", cache_dir, "--state", NULL};
    int fds[2], st;
    pid_t pid;

    prime_cache();
    snprintf(bin, sizeof(bin), "%s/roomboard", getenv("RB_BUILD"));
    assert_int_equal(pipe(fds), 0);
    close(fds[0]); /* nobody will read */
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signal(SIGPIPE, SIG_DFL);
        dup2(fds[1], 1);
        execv(bin, argv);
        _exit(127);
    }
    close(fds[1]);
    assert_int_equal(waitpid(pid, &st, 0), pid);
    if (WIFSIGNALED(st))
        fail_msg("roomboard --state was killed by signal %d", WTERMSIG(st));
    assert_true(WIFEXITED(st));
    assert_int_not_equal(WEXITSTATUS(st), 127);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_fetch_then_304),
        cmocka_unit_test(test_same_bytes_without_validators),
        cmocka_unit_test(test_faults_keep_cache),
        cmocka_unit_test(test_connection_refused),
        cmocka_unit_test(test_thread_cache_first_then_refresh_now),
        cmocka_unit_test(test_thread_backoff_without_cache),
        cmocka_unit_test(test_thread_stop_during_stall),
        cmocka_unit_test(test_thread_chaos),
        cmocka_unit_test(test_cli_state),
        cmocka_unit_test(test_url_secrets_redacted),
        cmocka_unit_test(test_sigpipe_ignored),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
