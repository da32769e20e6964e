/* loop — the kiosk's event loop: events, timers, SIGHUP, the systemd
 * watchdog, the room/page cycle and its fade, the burn-in step.
 *
 * Event-driven: after each frame it sleeps in SDL_WaitEventTimeout until
 * the picture next changes (live's next_change), a cycle step or fade
 * frame is due, a timer fires, or an event arrives (a key, a new schedule
 * from the fetcher, SIGHUP). What to draw is the host's (the kiosk). */
#ifndef ROOMBOARD_LOOP_H
#define ROOMBOARD_LOOP_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>

#include "clock.h"
#include "live.h"

/* What the loop drives. Every callback gets UD. */
struct loop_host {
    void *ud;
    const struct clock *clock; /* the kiosk's clock (sleeping to a change) */
    bool device_wait;          /* the video driver really sleeps in a wait */
    bool burn_in;              /* move the layout a step every 3 minutes */
    double exit_after;         /* quit after this many real seconds; <= 0 never */
    /* live's answer at cycle position POS (false: give up, out of memory) */
    bool (*answer)(void *ud, size_t pos, struct live *out);
    /* draws and presents L; FADE 0..255 black over it; BLANK: a black panel */
    void (*draw)(void *ud, const struct live *l, int fade, bool blank, int burn_step);
    /* the host's events (keys, its own user events, window changes) */
    void (*event)(void *ud, const SDL_Event *e, bool *dirty, bool *quit);
    /* SIGHUP: refresh the schedule now */
    void (*refresh)(void *ud);
    /* "trace: ..." lines for the soak and bench harnesses */
    void (*trace)(void *ud, const char *what, uint64_t frames);
};

/* Blocks SIGHUP in this thread and in every thread started after it (the
 * fetcher): call before starting any thread. *OLD gets the previous mask
 * for loop_unblock_hup(). */
void loop_block_hup(sigset_t *old);
void loop_unblock_hup(const sigset_t *old);

/* Runs until SDL_QUIT, the host's quit, or exit_after. SIGHUP is taken by a
 * thread of the loop's own (sigwait) and becomes a refresh. Returns the
 * exit code. */
RB_MUST_CHECK int loop_run(const struct loop_host *h);

#endif
