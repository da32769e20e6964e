/* state — "what would this screen show at instant T", as JSON (--state).
 * Pure: built from the model and the engine only. */
#ifndef ROOMBOARD_STATE_H
#define ROOMBOARD_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sched.h"

/* Where the schedule came from, for the "source" keys. */
struct state_src {
    const char *source; /* "network", "cache" or "file" */
    const char *url;    /* what was asked for; may be NULL */
    int64_t fetched_at; /* seconds since the epoch; <0 unknown */
    bool stale;
    const char *error;  /* last refresh error or NULL */
    bool clock_waiting; /* the real clock is not plausible yet (no RTC, no NTP) */
    bool clock_server;  /* ... and the schedule server's HTTP Date stood in for it */
};

/* The board state for ROOMS (indexes; nrooms == 0 means every room) at
 * instant AT, as a JSON document. Returns a new string, free with free(). */
char *state_json(const struct sched *s, const size_t *rooms, size_t nrooms, int64_t at,
                 const struct state_src *src);

#endif
