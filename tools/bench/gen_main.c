/* roomboard-gen — writes a realistic, deterministic schedule.json.
 *
 *   roomboard-gen [--congress | --stress | --tiny] [--seed N] [--sessions N]
 *                 [--rooms N] [--days N] [--start YYYY-MM-DD] [--tz ZONE]
 *                 [--shift SECONDS] [--revision N] [-o FILE]
 *
 * --congress (default): 4 days, 20 rooms, 1,500 sessions.
 * --stress: 10 days, 100 rooms, 50,000 sessions.
 * --tiny: 2 days, 3 rooms, 30 sessions (fixtures, fuzz seeds).
 * The same arguments always write the same bytes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

static bool parse_u64(const char *s, unsigned long long max, unsigned long long *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || v > max || s[0] == '-')
        return false;
    *out = v;
    return true;
}

static bool parse_i64(const char *s, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end)
        return false;
    *out = v;
    return true;
}

static int usage(void)
{
    fprintf(stderr, "usage: roomboard-gen [--congress|--stress|--tiny] [--seed N] [--sessions N] "
                    "[--rooms N] [--days N] [--start YYYY-MM-DD] [--tz ZONE] [--shift SECONDS] "
                    "[--revision N] [-o FILE]\n");
    return 2;
}

int main(int argc, char **argv)
{
    struct gen_opts o;
    const char *path = NULL;
    gen_congress(&o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        unsigned long long u;
        long long ll;
        if (strcmp(a, "--congress") == 0) {
            gen_congress(&o);
        } else if (strcmp(a, "--stress") == 0) {
            gen_stress(&o);
        } else if (strcmp(a, "--tiny") == 0) {
            gen_congress(&o);
            o.sessions = 30;
            o.rooms = 3;
            o.days = 2;
            o.title = "Tiny Test Camp";
            o.acronym = "tiny";
        } else if (!v) {
            return usage();
        } else if (strcmp(a, "--seed") == 0 && parse_u64(v, UINT64_MAX, &u)) {
            o.seed = u, i++;
        } else if (strcmp(a, "--sessions") == 0 && parse_u64(v, SCHED_MAX_SESSIONS, &u)) {
            o.sessions = (size_t)u, i++;
        } else if (strcmp(a, "--rooms") == 0 && parse_u64(v, SCHED_MAX_ROOMS, &u) && u > 0) {
            o.rooms = (size_t)u, i++;
        } else if (strcmp(a, "--days") == 0 && parse_u64(v, 366, &u) && u > 0) {
            o.days = (int)u, i++;
        } else if (strcmp(a, "--start") == 0 &&
                   sscanf(v, "%4d-%2d-%2d", &o.year, &o.mon, &o.mday) == 3) {
            i++;
        } else if (strcmp(a, "--tz") == 0) {
            o.tz = v, i++;
        } else if (strcmp(a, "--shift") == 0 && parse_i64(v, &ll)) {
            o.shift_s = ll, i++;
        } else if (strcmp(a, "--revision") == 0 && parse_u64(v, 1000000, &u)) {
            o.revision = (unsigned)u, i++;
        } else if (strcmp(a, "-o") == 0) {
            path = v, i++;
        } else {
            fprintf(stderr, "roomboard-gen: bad argument '%s'\n", a);
            return usage();
        }
    }

    struct err err = {{0}};
    struct sched *s = NULL;
    if (!gen_build(&o, &s, &err)) {
        fprintf(stderr, "roomboard-gen: %s\n", err.msg);
        return 1;
    }
    char *json = sched_to_json(s);
    if (!json) {
        fprintf(stderr, "roomboard-gen: out of memory writing JSON\n");
        sched_free(s);
        return 1;
    }
    size_t len = strlen(json);
    FILE *f = path ? fopen(path, "w") : stdout;
    int rc = 0;
    if (!f || fwrite(json, 1, len, f) != len || fputc('\n', f) == EOF ||
        (path ? fclose(f) : fflush(f)) != 0) {
        fprintf(stderr, "roomboard-gen: writing %s failed: %s\n", path ? path : "stdout",
                strerror(errno));
        rc = 1;
    } else {
        fprintf(stderr, "roomboard-gen: %s: %zu sessions, %zu rooms, %zu days, %zu bytes\n",
                path ? path : "stdout", s->nsessions, s->nrooms, s->ndays, len + 1);
    }
    free(json);
    sched_free(s);
    return rc;
}
