#include "clock.h"

#include <stdlib.h>
#include <time.h>

#define PLAUSIBLE_AFTER_MS 1704067200000LL /* 2024-01-01T00:00:00Z */

int64_t clock_mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ROOMBOARD_FAKE_REALTIME=EPOCH_SECONDS makes the real clock start there (and
 * run on from it): tests use it to boot "at 1970" like a board without RTC. */
int64_t clock_realtime_ms(void)
{
    static int64_t fake_base = -1, mono_base;
    const char *fake = getenv("ROOMBOARD_FAKE_REALTIME");
    struct timespec ts;

    if (fake && *fake) {
        if (fake_base < 0) {
            char *end;
            long long v = strtoll(fake, &end, 10);
            fake_base = (*end == '\0' && v >= 0) ? v * 1000 : 0;
            mono_base = clock_mono_ms();
        }
        return fake_base + (clock_mono_ms() - mono_base);
    }
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool clock_plausible(int64_t ms)
{
    return ms >= PLAUSIBLE_AFTER_MS;
}

void clock_real(struct clock *c)
{
    c->kind = CLOCK_REAL;
    c->at_ms = 0;
    c->speed = 1;
    c->mono_start_ms = 0;
}

void clock_fixed(struct clock *c, int64_t at_ms)
{
    c->kind = CLOCK_FIXED;
    c->at_ms = at_ms;
    c->speed = 0;
    c->mono_start_ms = 0;
}

void clock_sim(struct clock *c, int64_t at_ms, double speed)
{
    c->kind = CLOCK_SIM;
    c->at_ms = at_ms;
    c->speed = speed > 0 ? speed : 1;
    c->mono_start_ms = clock_mono_ms();
}

int64_t clock_now_ms(const struct clock *c)
{
    switch (c->kind) {
    case CLOCK_FIXED:
        return c->at_ms;
    case CLOCK_SIM:
        return c->at_ms + (int64_t)((double)(clock_mono_ms() - c->mono_start_ms) * c->speed);
    case CLOCK_REAL:
        break;
    }
    return clock_realtime_ms();
}

int64_t clock_wait_ms(const struct clock *c, int64_t target_ms)
{
    int64_t now = clock_now_ms(c), d;

    if (target_ms <= now)
        return 0;
    if (c->kind == CLOCK_FIXED)
        return INT64_MAX;
    d = target_ms - now;
    if (c->kind == CLOCK_SIM) {
        double real = (double)d / c->speed;
        d = real >= 9e18 ? INT64_MAX : (int64_t)real + 1; /* round up: never wake early */
    }
    return d;
}
