/* bench — measurement for the harnesses (tools/bench, tools/dev bench,
 * the soak), kept out of the kiosk's own path: frame timing statistics for
 * --bench-frames and the process start time for the first-frame trace.
 * Nothing here runs on a screen in service unless asked (--bench-frames,
 * $ROOMBOARD_TRACE). */
#ifndef ROOMBOARD_BENCH_H
#define ROOMBOARD_BENCH_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"

/* What a benchmark frame is, supplied by the kiosk. */
struct bench_ops {
    void *ud;
    void (*cold)(void *ud);    /* forget every cache (text rasters) */
    void (*render)(void *ud);  /* draw one frame */
    void (*present)(void *ud); /* hand it to the display */
};

/* Renders N frames cold (caches cleared) and N warm, and prints one line
 * "bench: size=WxH cold-mean-ms=.. cold-p99-ms=.. warm-mean-ms=..
 * warm-p99-ms=.. present-mean-ms=.." on stdout. Returns the exit code (1:
 * out of memory, said on stderr). */
RB_MUST_CHECK int bench_run(const struct bench_ops *ops, int n, int w, int h);

/* Milliseconds since this process started (from /proc/self/stat, clock
 * ticks since boot, against CLOCK_BOOTTIME); -1 when unknown. */
int64_t bench_ms_since_start(void);

#endif
