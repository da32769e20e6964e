/* roomboard-bench-core — load, memory and lookup figures of the model and
 * the now/next engine, without SDL.
 *
 *   roomboard-bench-core            all figures (about 10 s)
 *   roomboard-bench-core --quick    fewer repetitions (smoke run)
 *   roomboard-bench-core --lookups N CALLS
 *                                   CALLS board_room() lookups in one room of N
 *                                   sessions: run under `valgrind
 *                                   --tool=callgrind --toggle-collect=board_room`
 *                                   for instructions per lookup.
 *   roomboard-bench-core --load-once FILE
 *                                   one read_path() and exit: the
 *                                   thing to wrap in `valgrind --tool=callgrind`,
 *                                   `perf stat` or `/usr/bin/time -v`.
 *
 * Output: one line per figure, "figure NAME VALUE UNIT", for tools/bench.
 *
 * Heap is counted by wrapping malloc/calloc/realloc/free (and the aligned
 * variants) in this executable, which also catches cJSON's allocations in
 * libcjson.so: "retained" is the bytes still allocated after read_bytes()
 * returned (the model), "peak" the most allocated at once during it (cJSON
 * tree plus model), both as malloc_usable_size() (what the allocator handed
 * out, without its per-chunk headers). Sanitizer builds have their own
 * allocator, so there the heap figures are not measured. */
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "board.h"
#include "file.h"
#include "gen.h"
#include "read.h"
#include "sched.h"

/* ---- counting allocator ---------------------------------------------- */

#ifndef RB_NO_MALLOC_COUNT
static size_t heap_live, heap_peak;

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t m);
extern void *__libc_realloc(void *p, size_t n);
extern void *__libc_memalign(size_t align, size_t n);
extern void __libc_free(void *p);

static void *counted(void *p)
{
    if (p) {
        heap_live += malloc_usable_size(p);
        if (heap_live > heap_peak)
            heap_peak = heap_live;
    }
    return p;
}

void *malloc(size_t n)
{
    return counted(__libc_malloc(n));
}

void *calloc(size_t n, size_t m)
{
    return counted(__libc_calloc(n, m));
}

void free(void *p)
{
    if (p)
        heap_live -= malloc_usable_size(p);
    __libc_free(p);
}

void *realloc(void *p, size_t n)
{
    size_t old = p ? malloc_usable_size(p) : 0;
    void *q = __libc_realloc(p, n);
    if (q || n == 0) {
        heap_live -= old;
        counted(q);
    }
    return q;
}

void *memalign(size_t align, size_t n)
{
    return counted(__libc_memalign(align, n));
}

void *aligned_alloc(size_t align, size_t n)
{
    return counted(__libc_memalign(align, n));
}

int posix_memalign(void **out, size_t align, size_t n)
{
    void *p = counted(__libc_memalign(align, n));
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}
#define HEAP_COUNTED 1
#else
static size_t heap_live, heap_peak;
#define HEAP_COUNTED 0
#endif

/* ---- helpers ---------------------------------------------------------- */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void figure(const char *name, double value, const char *unit)
{
    printf("figure %s %.6g %s\n", name, value, unit);
    fflush(stdout);
}

static void die(const char *what, const struct err *err)
{
    fprintf(stderr, "roomboard-bench-core: %s: %s\n", what, err ? err->msg : "failed");
    exit(1);
}

/* Load-and-index time and heap of one schedule given as bytes (any format
 * the door reads). */
static void bench_load(const char *name, const char *json, size_t len, int reps)
{
    char key[96];
    double t[64];
    struct err err = {{0}};
    if (reps > 64)
        reps = 64;
    size_t retained = 0, peak = 0, nsessions = 0, nrooms = 0;
    for (int i = 0; i < reps; i++) {
        struct sched *s = NULL;
        size_t base = heap_live;
        heap_peak = heap_live;
        double t0 = now_ms();
        if (!read_bytes(json, len, NULL, &s, NULL, &err))
            die(name, &err);
        t[i] = now_ms() - t0;
        retained = heap_live - base;
        peak = heap_peak - base;
        nsessions = s->nsessions;
        nrooms = s->nrooms;
        sched_free(s);
    }
    qsort(t, (size_t)reps, sizeof(t[0]), cmp_double);
    snprintf(key, sizeof(key), "%s.sessions", name);
    figure(key, (double)nsessions, "sessions");
    snprintf(key, sizeof(key), "%s.rooms", name);
    figure(key, (double)nrooms, "rooms");
    snprintf(key, sizeof(key), "%s.body_bytes", name);
    figure(key, (double)len, "bytes");
    snprintf(key, sizeof(key), "%s.load_ms_median", name);
    figure(key, t[reps / 2], "ms");
    snprintf(key, sizeof(key), "%s.load_ms_min", name);
    figure(key, t[0], "ms");
    if (HEAP_COUNTED) {
        snprintf(key, sizeof(key), "%s.heap_retained", name);
        figure(key, (double)retained / (1024.0 * 1024.0), "MiB");
        snprintf(key, sizeof(key), "%s.heap_peak_during_load", name);
        figure(key, (double)peak / (1024.0 * 1024.0), "MiB");
    }
}

static char *build_json(void (*preset)(struct gen_opts *), size_t *len)
{
    struct gen_opts o;
    struct sched *s = NULL;
    struct err err = {{0}};
    preset(&o);
    if (!gen_build(&o, &s, &err))
        die("generating a schedule", &err);
    char *json = sched_to_json(s);
    sched_free(s);
    if (!json)
        die("writing JSON", NULL);
    *len = strlen(json);
    return json;
}

/* Time and heap peak of the door refusing a hostile body (it must refuse
 * before a parser allocates per value). */
static void bench_refuse(const char *name, const char *body, size_t len)
{
    char key[96];
    struct sched *s = NULL;
    struct err err = {{0}};
    size_t base = heap_live;
    heap_peak = heap_live;
    double t0 = now_ms();
    if (read_bytes(body, len, NULL, &s, NULL, &err)) {
        fprintf(stderr, "roomboard-bench-core: %s was not refused\n", name);
        exit(1);
    }
    snprintf(key, sizeof(key), "%s.refuse_ms", name);
    figure(key, now_ms() - t0, "ms");
    if (HEAP_COUNTED) {
        snprintf(key, sizeof(key), "%s.heap_peak_during_load", name);
        figure(key, (double)(heap_peak - base) / (1024.0 * 1024.0), "MiB");
    }
}

/* FOSDEM 2025's schedule.xml next to the same schedule as JSON (converted
 * by the door and the writer), and hostile 16 MiB bodies. */
static void bench_formats(const char *shared, bool quick)
{
    char path[1024];
    char *xml = NULL, *json;
    size_t len;
    struct sched *s = NULL;
    struct err err = {{0}};

    snprintf(path, sizeof(path), "%s/formats/fosdem-2025.xml", shared);
    if (!file_read("bench", path, 64u << 20, &xml, &len, NULL, NULL, &err)) {
        fprintf(stderr, "roomboard-bench-core: no FOSDEM figures: %s\n", err.msg);
        return;
    }
    bench_load("fosdem2025_xml", xml, len, quick ? 3 : 21);
    if (!read_bytes(xml, len, NULL, &s, NULL, &err))
        die("fosdem-2025.xml", &err);
    json = sched_to_json(s);
    sched_free(s);
    if (!json)
        die("writing JSON", NULL);
    bench_load("fosdem2025_json", json, strlen(json), quick ? 3 : 21);
    free(json);
    free(xml);

    size_t big = 16u << 20;
    char *b = malloc(big);
    if (!b)
        die("16 MiB", NULL);
    b[0] = '[';
    for (size_t i = 1; i + 1 < big; i += 2)
        memcpy(b + i, "0,", 2);
    b[big - 1] = ']';
    bench_refuse("hostile_values_16m", b, big);
    /* The worst a body under the value bound can do: READ_MAX_VALUES - 1
     * strings filling 16 MiB, all parsed by cJSON, then refused as not a
     * schedule. */
    size_t n = READ_MAX_VALUES - 1, each = (big - 2) / n, at = 1;
    b[0] = '[';
    for (size_t i = 0; i < n; i++) {
        b[at] = '"';
        memset(b + at + 1, 'x', each - 3);
        memcpy(b + at + each - 2, "\",", 2);
        at += each;
    }
    b[at - 1] = ']';
    bench_refuse("hostile_strings_16m", b, at);
    memcpy(b, "<schedule>", 10);
    for (size_t i = 10; i + 4 <= big; i += 4)
        memcpy(b + i, "<a/>", 4);
    bench_refuse("hostile_xml_tags_16m", b, big);
    free(b);
}

static volatile uintptr_t sink;

/* ns per board_room() call, cycling through every room, at instants
 * spread over the schedule's span: random ones (each lookup misses the CPU
 * caches, the worst case) or a sweep in time order (what a screen does). */
static double time_lookups(const struct sched *s, bool sweep, double budget_ms)
{
    enum { NT = 4096 };
    static int64_t ts[NT];
    uint64_t x = 88172645463325252ULL;
    int64_t span = s->last_end - s->first_start + 1;
    for (size_t i = 0; i < NT; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        ts[i] = s->first_start + (sweep ? span / NT * (int64_t)i : (int64_t)(x % (uint64_t)span));
    }
    size_t calls = 0;
    double t0 = now_ms(), el;
    struct board_state st;
    do {
        for (size_t i = 0; i < NT; i++) {
            board_room(s, i % s->nrooms, ts[i], &st);
            sink += (uintptr_t)st.now + (uintptr_t)st.next;
        }
        calls += NT;
        el = now_ms() - t0;
    } while (el < budget_ms);
    return el * 1e6 / (double)calls;
}

static int load_once(const char *path)
{
    struct sched *s = NULL;
    struct err err = {{0}};
    if (!read_path(path, 0, NULL, &s, NULL, &err))
        die(path, &err);
    printf("loaded %s: %zu sessions, %zu rooms\n", path, s->nsessions, s->nrooms);
    sched_free(s);
    return 0;
}

static int lookups(const char *n_text, const char *calls_text)
{
    char *end1, *end2;
    unsigned long n = strtoul(n_text, &end1, 10), calls = strtoul(calls_text, &end2, 10);
    if (*end1 || *end2 || n == 0 || n > SCHED_MAX_SESSIONS || calls == 0) {
        fprintf(stderr, "roomboard-bench-core: --lookups needs N (1..%d) and CALLS\n",
                SCHED_MAX_SESSIONS);
        return 2;
    }
    struct sched *s = NULL;
    struct err err = {{0}};
    if (!gen_one_room(n, &s, &err))
        die("one-room schedule", &err);
    uint64_t x = 88172645463325252ULL;
    int64_t span = s->last_end - s->first_start + 1;
    struct board_state st;
    for (unsigned long i = 0; i < calls; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        board_room(s, 0, s->first_start + (int64_t)(x % (uint64_t)span), &st);
        sink += (uintptr_t)st.now;
    }
    printf("lookups %lu in a room of %lu sessions\n", calls, n);
    sched_free(s);
    return 0;
}

int main(int argc, char **argv)
{
    bool quick = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0) {
            quick = true;
        } else if (strcmp(argv[i], "--lookups") == 0 && i + 2 < argc) {
            return lookups(argv[i + 1], argv[i + 2]);
        } else if (strcmp(argv[i], "--load-once") == 0 && i + 1 < argc) {
            return load_once(argv[i + 1]);
        } else {
            fprintf(stderr, "usage: roomboard-bench-core [--quick] [--lookups N CALLS] "
                            "[--load-once FILE]\n");
            return 2;
        }
    }

    size_t len;
    char *json = build_json(gen_congress, &len);
    bench_load("congress", json, len, quick ? 3 : 21);
    struct sched *s = NULL;
    struct err err = {{0}};
    if (!read_bytes(json, len, NULL, &s, NULL, &err))
        die("congress", &err);
    figure("congress.lookup_random", time_lookups(s, false, quick ? 20 : 300), "ns/call");
    figure("congress.lookup_sweep", time_lookups(s, true, quick ? 20 : 300), "ns/call");
    sched_free(s);
    free(json);

    /* 50,000 sessions (44 MB) is past the door's bounds (READ_MAX_VALUES,
     * about 19,000 sessions): what is measured is how fast it is refused. */
    json = build_json(gen_stress, &len);
    figure("stress.body_bytes", (double)len, "bytes");
    bench_refuse("stress", json, len);
    free(json);

    bench_formats(getenv("RB_SHARED") ? getenv("RB_SHARED") : RB_SHARED_DEFAULT, quick);

    /* One room at growing sizes: a binary search grows with log2(n), a scan
     * would grow with n. */
    static const size_t sizes[] = {100, 1000, 10000, 100000};
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        char key[64];
        if (!gen_one_room(sizes[i], &s, &err))
            die("one-room schedule", &err);
        snprintf(key, sizeof(key), "lookup.random.room_%zu_sessions", sizes[i]);
        figure(key, time_lookups(s, false, quick ? 20 : 200), "ns/call");
        snprintf(key, sizeof(key), "lookup.sweep.room_%zu_sessions", sizes[i]);
        figure(key, time_lookups(s, true, quick ? 20 : 200), "ns/call");
        sched_free(s);
    }
    return 0;
}
