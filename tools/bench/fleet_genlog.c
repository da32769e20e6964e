/* roomboard-fleet-genlog — writes the access logs of a venue for the
 * roomboard-fleet benchmark: N screens polling every 60 s for D days, in the
 * nginx combined format, rotated the way logrotate leaves them (access.log
 * is the last day, access.log.1 the day before, older days
 * access.log.K.gz). Deterministic. A few screens misbehave so every
 * verdict occurs: every 50th shows an old version, every 97th stops on the
 * last day, every 89th reports clock=server.
 *   roomboard-fleet-genlog [--screens N] [--days D] DIR */
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#define T0 1773446400 /* 2026-03-14T00:00:00Z */

struct out {
    FILE *f;
    gzFile gz;
};

static int put(struct out *o, const char *s, size_t n)
{
    if (o->gz)
        return gzwrite(o->gz, s, (unsigned)n) == (int)n ? 0 : -1;
    return fwrite(s, 1, n, o->f) == n ? 0 : -1;
}

static int open_day(struct out *o, const char *dir, int back)
{
    char path[4096];

    memset(o, 0, sizeof(*o));
    if (back == 0)
        snprintf(path, sizeof(path), "%s/access.log", dir);
    else if (back == 1)
        snprintf(path, sizeof(path), "%s/access.log.1", dir);
    else
        snprintf(path, sizeof(path), "%s/access.log.%d.gz", dir, back);
    if (back >= 2)
        o->gz = gzopen(path, "wb1");
    else
        o->f = fopen(path, "w");
    if (!o->gz && !o->f) {
        fprintf(stderr, "genlog: cannot write %s\n", path);
        return -1;
    }
    return 0;
}

static int close_day(struct out *o)
{
    if (o->gz)
        return gzclose(o->gz) == Z_OK ? 0 : -1;
    return fclose(o->f) == 0 ? 0 : -1;
}

/* One day of polls, in time order: screen i polls at second i*60/n of every
 * minute. */
static int write_day(struct out *o, int day, int days, long n)
{
    char date[32], line[512];
    time_t tt = (time_t)(T0 + (int64_t)day * 86400);
    struct tm tm;

    gmtime_r(&tt, &tm);
    strftime(date, sizeof(date), "%d/%b/%Y", &tm);
    for (int m = 0; m < 1440; m++) {
        for (long i = 0; i < n; i++) {
            int sec = (int)(i * 60 / n);
            int64_t up = (int64_t)day * 86400 + m * 60 + sec + 3600;
            bool last = day == days - 1;
            if (i % 97 == 0 && last && m > 600)
                continue; /* stopped */
            const char *ver = i % 50 == 0 ? "2026-03-13 18:00" : "2026-03-14 08:00";
            int len = snprintf(
                line, sizeof(line),
                "10.%ld.%ld.%ld - - [%s:%02d:%02d:%02d +0000] \"GET /schedule.json HTTP/1.1\" "
                "304 0 \"-\" \"roomboard/0.2.0 (screen=door-%04ld; rooms=Room %ld; version=%s; "
                "status=ok; clock=%s; up=%dd%dh%dm)\"\n",
                i / 65536, i / 256 % 256, i % 256, date, m / 60, m % 60, sec, i, i, ver,
                i % 89 == 0 ? "server" : "ok", (int)(up / 86400), (int)(up % 86400 / 3600),
                (int)(up % 3600 / 60));
            if (len <= 0 || len >= (int)sizeof(line) || put(o, line, (size_t)len) != 0)
                return -1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    long screens = 1000, days = 7;
    char *end;
    int c;

    while ((c = getopt(argc, argv, "n:d:")) != -1) {
        long *slot = c == 'n' ? &screens : c == 'd' ? &days : NULL;
        if (!slot) {
            fprintf(stderr, "usage: roomboard-fleet-genlog [-n SCREENS] [-d DAYS] DIR\n");
            return 2;
        }
        *slot = strtol(optarg, &end, 10);
        if (*end || end == optarg || *slot < 1 || *slot > 100000) {
            fprintf(stderr, "genlog: -%c wants a number from 1 to 100000\n", c);
            return 2;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "usage: roomboard-fleet-genlog [-n SCREENS] [-d DAYS] DIR\n");
        return 2;
    }
    for (long d = 0; d < days; d++) {
        struct out o;
        if (open_day(&o, argv[optind], (int)(days - 1 - d)) != 0 ||
            write_day(&o, (int)d, (int)days, screens) != 0 || close_day(&o) != 0) {
            fprintf(stderr, "genlog: writing day %ld failed\n", d);
            return 1;
        }
    }
    return 0;
}
