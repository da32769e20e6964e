/* bench — see bench.h. */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int64_t bench_ms_since_start(void)
{
    FILE *fp = fopen("/proc/self/stat", "r");
    if (!fp)
        return -1;
    char buf[1024];
    size_t n = fread(buf, 1, sizeof(buf) - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    char *p = strrchr(buf, ')');
    if (!p)
        return -1;
    /* field 22 (starttime) counted from field 3 right after ") " */
    p += 2;
    for (int field = 3; field < 22 && p; field++) {
        p = strchr(p, ' ');
        if (p)
            p++;
    }
    if (!p)
        return -1;
    char *end;
    unsigned long long ticks = strtoull(p, &end, 10);
    if (end == p)
        return -1;
    long hz = sysconf(_SC_CLK_TCK);
    struct timespec ts;
    if (hz <= 0 || clock_gettime(CLOCK_BOOTTIME, &ts) != 0)
        return -1;
    int64_t now_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
    return now_ms - (int64_t)(ticks * 1000 / (unsigned long long)hz);
}

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void stats_ms(double *v, int n, double *mean, double *p99)
{
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += v[i];
    qsort(v, (size_t)n, sizeof(double), cmp_double);
    *mean = n ? sum / n / 1000.0 : 0;
    int idx = (int)(0.99 * (n - 1) + 0.5);
    *p99 = n ? v[idx] / 1000.0 : 0;
}

int bench_run(const struct bench_ops *ops, int n, int w, int h)
{
    double *cold = calloc((size_t)n, sizeof(double)), *warm = calloc((size_t)n, sizeof(double));
    if (!cold || !warm) {
        free(cold);
        free(warm);
        fprintf(stderr, "roomboard: out of memory\n");
        return 1;
    }
    for (int i = 0; i < n; i++) {
        ops->cold(ops->ud);
        double t0 = now_us();
        ops->render(ops->ud);
        ops->present(ops->ud);
        cold[i] = now_us() - t0;
    }
    double pres = 0;
    for (int i = 0; i < n; i++) {
        double t0 = now_us();
        ops->render(ops->ud);
        double t1 = now_us();
        ops->present(ops->ud);
        warm[i] = now_us() - t0;
        pres += now_us() - t1;
    }
    double cm, cp, wm, wp;
    stats_ms(cold, n, &cm, &cp);
    stats_ms(warm, n, &wm, &wp);
    /* present-mean-ms: the part of a warm frame spent handing it to the
     * display (window surface copy), included in warm-mean-ms. */
    printf("bench: size=%dx%d cold-mean-ms=%.3f cold-p99-ms=%.3f warm-mean-ms=%.3f "
           "warm-p99-ms=%.3f present-mean-ms=%.3f\n",
           w, h, cm, cp, wm, wp, n ? pres / n / 1000.0 : 0.0);
    fflush(stdout);
    free(cold);
    free(warm);
    return 0;
}
