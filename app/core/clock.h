/* clock — where "now" comes from: real time, a fixed instant, or a
 * simulated clock started at an instant and running at a speed factor
 * (--at / --speed), so every behaviour can be tested and demoed at any
 * moment of an event. Times are milliseconds since the epoch. */
#ifndef ROOMBOARD_CLOCK_H
#define ROOMBOARD_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

enum clock_kind { CLOCK_REAL, CLOCK_FIXED, CLOCK_SIM };

struct clock {
    enum clock_kind kind;
    int64_t at_ms;         /* FIXED: the instant; SIM: start instant */
    double speed;          /* SIM: simulated seconds per real second */
    int64_t mono_start_ms; /* SIM: monotonic time when started */
};

void clock_real(struct clock *c);
void clock_fixed(struct clock *c, int64_t at_ms);
/* Starts now (monotonic) at instant at_ms; speed <= 0 is taken as 1. */
void clock_sim(struct clock *c, int64_t at_ms, double speed);

/* The clock's current instant, ms since the epoch. */
int64_t clock_now_ms(const struct clock *c);

/* Real milliseconds until the clock reaches instant target_ms (0 if
 * reached; INT64_MAX for a fixed clock that never will). */
int64_t clock_wait_ms(const struct clock *c, int64_t target_ms);

/* Real time (CLOCK_REALTIME) and monotonic time in ms, for the callers that
 * need them directly. */
int64_t clock_realtime_ms(void);
int64_t clock_mono_ms(void);

/* Whether a real clock reading is plausible (after 2024-01-01): a board with
 * no RTC boots at 1970 until NTP answers. */
bool clock_plausible(int64_t ms);

#endif
