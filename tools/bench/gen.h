/* gen — realistic, deterministic schedules for benchmarks, soak runs and
 * fuzz seeds, built through the model's own builder API (sched.h).
 *
 * The same options and seed always give the same schedule. Content looks
 * like a real congress: rooms and people from many languages (accents,
 * Greek, Cyrillic, CJK), tracks with colours, keynotes, workshops, lunch and
 * coffee breaks, evening sessions past midnight, a few cancelled and
 * zero-length sessions, and a long block with talks inside it. */
#ifndef ROOMBOARD_GEN_H
#define ROOMBOARD_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "sched.h"

struct gen_opts {
    size_t sessions; /* total, spread evenly over rooms x days */
    size_t rooms;
    int days;
    uint64_t seed;
    int year, mon, mday; /* first day, local date in tz */
    const char *tz;      /* IANA zone */
    const char *title;
    const char *acronym;
    int64_t shift_s;   /* added to every instant (soak laps) */
    unsigned revision; /* changes some titles, so a new version differs */
};

/* The 4-day, 20-room, 1,500-session congress. */
void gen_congress(struct gen_opts *o);
/* The 50,000-session stress schedule (100 rooms, 10 days). */
void gen_stress(struct gen_opts *o);

/* Builds the schedule described by o. On success *out gets a finished
 * schedule (free with sched_free()); on failure it is untouched. */
bool gen_build(const struct gen_opts *o, struct sched **out, struct err *err);

/* One room of n back-to-back sessions (for lookup timing at chosen sizes). */
bool gen_one_room(size_t n, struct sched **out, struct err *err);

#endif
