/* loop — see loop.h. */
#include "loop.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "notify.h"

#define TRANSITION_MS 400    /* fade out, then in, when the room changes */
#define FRAME_MS      33     /* pacing while a transition runs */
#define BURN_IN_MS    180000 /* the layout moves one step every 3 minutes */
#define MAX_WAIT_MS   30000  /* re-check at least this often (clock jumps) */
#define TRACE_MS      10000  /* periodic trace line with ROOMBOARD_TRACE */
#define POLL_SLICE_MS 50     /* drivers without a real wait: poll this often */
#define WAITING_MS    2000   /* re-check the clock this often while it is unset */

struct loop {
    const struct loop_host *h;
    int64_t exit_due, wd_ms, wd_due, burn_due, trace_due; /* mono ms; INT64_MAX never */
    int64_t frame_due;                                    /* render at or after this (0: now) */
    bool dirty, first, was_blank, trace, quit;
    uint64_t frames;
    int burn_step;
    size_t cycle_pos, trans_from;
    int64_t cycle_due;   /* mono ms of the next cycle step, 0: not set */
    int64_t trans_start; /* mono ms, 0 none */
    Uint32 ev_hup;
};

static int64_t min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

/* ---- SIGHUP ----------------------------------------------------------- */

static void hup_set(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGHUP);
}

void loop_block_hup(sigset_t *old)
{
    sigset_t hup;
    hup_set(&hup);
    pthread_sigmask(SIG_BLOCK, &hup, old);
}

void loop_unblock_hup(const sigset_t *old)
{
    pthread_sigmask(SIG_SETMASK, old, NULL);
}

static volatile int sig_quit;
static Uint32 sig_event;

/* SIGHUP is blocked in every thread and taken here with sigwait, so the
 * "refresh" event is pushed from ordinary thread context, never from a
 * signal handler. */
static void *sig_main(void *arg)
{
    sigset_t set;
    (void)arg;
    hup_set(&set);
    for (;;) {
        int sig;
        if (sigwait(&set, &sig) != 0)
            continue;
        if (sig_quit)
            break;
        SDL_Event e;
        memset(&e, 0, sizeof(e));
        e.type = sig_event;
        SDL_PushEvent(&e);
    }
    return NULL;
}

/* ---- timers, cycle, frame --------------------------------------------- */

static void loop_init(struct loop *lp, const struct loop_host *h)
{
    int64_t start = clock_mono_ms();
    memset(lp, 0, sizeof(*lp));
    lp->h = h;
    lp->exit_due = h->exit_after > 0 ? start + (int64_t)(h->exit_after * 1000) : INT64_MAX;
    lp->wd_ms = notify_watchdog_interval_ms();
    lp->wd_due = lp->wd_ms > 0 ? start : INT64_MAX;
    lp->burn_due = h->burn_in ? start + BURN_IN_MS : INT64_MAX;
    lp->dirty = lp->first = true;
    /* With ROOMBOARD_TRACE the texture cache is reported every TRACE_MS, so
     * a soak sees it as a series, not one reading at exit. */
    lp->trace = getenv("ROOMBOARD_TRACE") != NULL;
    lp->trace_due = lp->trace ? start + TRACE_MS : INT64_MAX;
}

/* The watchdog keep-alive, the trace line, the burn-in step. */
static void loop_timers(struct loop *lp, int64_t mono)
{
    if (mono >= lp->wd_due) {
        notify_watchdog();
        lp->wd_due = mono + lp->wd_ms;
    }
    if (mono >= lp->trace_due) {
        lp->h->trace(lp->h->ud, "cache ", lp->frames);
        lp->trace_due = mono + TRACE_MS;
    }
    if (mono >= lp->burn_due) {
        lp->burn_step++;
        lp->burn_due = mono + BURN_IN_MS;
        lp->dirty = true;
    }
}

/* Moves the room/page cycle on when its step is due (live says how long
 * the cycle is and how long a step lasts) and starts the fade. */
static void loop_cycle(struct loop *lp, int64_t mono, const struct live *l)
{
    int64_t step_ms = (int64_t)l->cycle_s * 1000;
    if (lp->cycle_due == 0)
        lp->cycle_due = mono + step_ms;
    if (l->cycle_len > 1 && mono >= lp->cycle_due) {
        lp->trans_from = lp->cycle_pos;
        lp->cycle_pos = (lp->cycle_pos + 1) % l->cycle_len;
        lp->trans_start = mono;
        lp->cycle_due = mono + step_ms;
        lp->dirty = true;
    } else if (l->cycle_len <= 1) {
        lp->cycle_pos = 0;
        lp->cycle_due = mono + step_ms;
    }
}

/* The fade of a room change: the old position fading out, then the new
 * one fading in. Returns the position to draw; *fade gets 0..255. */
static size_t transition(const struct loop *lp, int64_t mono, int *fade)
{
    int64_t el = mono - lp->trans_start;
    *fade = 0;
    if (!lp->trans_start)
        return lp->cycle_pos;
    if (el < TRANSITION_MS / 2) {
        *fade = (int)(el * 255 / (TRANSITION_MS / 2));
        return lp->trans_from;
    }
    *fade = (int)((TRANSITION_MS - el) * 255 / (TRANSITION_MS / 2));
    return lp->cycle_pos;
}

static void first_frame(struct loop *lp)
{
    lp->first = false;
    notify_ready();
    if (lp->trace) {
        printf("trace: first-frame-ms=%lld\n", (long long)bench_ms_since_start());
        fflush(stdout);
    }
}

/* Draws the picture and works out when it next changes: live's
 * next_change; every WAITING_MS while the clock is unset, at least every
 * MAX_WAIT_MS on a real clock, which may jump. */
static void loop_frame(struct loop *lp, int64_t mono)
{
    const struct loop_host *h = lp->h;
    struct live l;
    int fade;
    size_t pos = transition(lp, mono, &fade);

    if (!h->answer(h->ud, pos, &l)) {
        lp->quit = true;
        return;
    }
    if (l.on || !lp->was_blank || lp->dirty) {
        h->draw(h->ud, &l, fade, !l.on, lp->burn_step);
        lp->frames++;
    }
    lp->was_blank = !l.on;
    lp->dirty = false;
    if (lp->first)
        first_frame(lp);
    int64_t wait = clock_wait_ms(h->clock, l.next_change * 1000);
    if (!l.time_known || h->clock->kind == CLOCK_REAL)
        wait = min64(wait, !l.time_known ? WAITING_MS : MAX_WAIT_MS);
    lp->frame_due = wait == INT64_MAX ? INT64_MAX : clock_mono_ms() + wait;
    live_clear(&l);
}

/* How long to sleep: until the next frame, cycle step, fade frame or timer. */
static int64_t loop_timeout(const struct loop *lp, int64_t mono, size_t cycle_len)
{
    int64_t next_ms = lp->frame_due;
    if (lp->trans_start)
        next_ms = min64(next_ms, mono + FRAME_MS);
    if (cycle_len > 1)
        next_ms = min64(next_ms, lp->cycle_due);
    next_ms = min64(next_ms, lp->exit_due);
    next_ms = min64(next_ms, lp->wd_due);
    next_ms = min64(next_ms, lp->trace_due);
    next_ms = min64(next_ms, lp->burn_due);
    int64_t timeout = next_ms == INT64_MAX ? MAX_WAIT_MS : next_ms - clock_mono_ms();
    return timeout > MAX_WAIT_MS ? MAX_WAIT_MS : timeout;
}

/* ---- events ----------------------------------------------------------- */

/* Waits up to ms for an event. Drivers that cannot sleep on their event
 * source (KMSDRM: SDL would poll every millisecond) are polled in slices. */
static bool wait_event(const struct loop *lp, SDL_Event *e, int64_t ms)
{
    if (ms < 0)
        ms = 0;
    if (lp->h->device_wait)
        return SDL_WaitEventTimeout(e, (int)min64(ms, INT_MAX)) == 1;
    int64_t end = clock_mono_ms() + ms;
    for (;;) {
        if (SDL_PollEvent(e))
            return true;
        int64_t left = end - clock_mono_ms();
        if (left <= 0)
            return false;
        SDL_Delay((Uint32)min64(left, POLL_SLICE_MS));
    }
}

static void handle_event(struct loop *lp, const SDL_Event *e)
{
    if (e->type == SDL_QUIT) {
        lp->quit = true;
    } else if (e->type == lp->ev_hup) {
        fprintf(stderr, "roomboard: SIGHUP: refreshing the schedule\n");
        lp->h->refresh(lp->h->ud);
        lp->dirty = true;
    } else {
        lp->h->event(lp->h->ud, e, &lp->dirty, &lp->quit);
    }
}

/* One turn: timers, the cycle, a frame when due, then sleep for events. */
static void loop_turn(struct loop *lp)
{
    const struct loop_host *h = lp->h;
    int64_t mono = clock_mono_ms();
    struct live l;
    SDL_Event e;

    if (mono >= lp->exit_due) {
        lp->quit = true;
        return;
    }
    loop_timers(lp, mono);
    if (!h->answer(h->ud, lp->cycle_pos, &l)) {
        lp->quit = true;
        return;
    }
    loop_cycle(lp, mono, &l);
    size_t cycle_len = l.cycle_len;
    live_clear(&l);
    if (lp->trans_start && mono - lp->trans_start >= TRANSITION_MS)
        lp->trans_start = 0;
    if (lp->dirty || mono >= lp->frame_due || lp->trans_start)
        loop_frame(lp, mono);
    if (!lp->quit && wait_event(lp, &e, loop_timeout(lp, mono, cycle_len))) {
        handle_event(lp, &e);
        while (!lp->quit && SDL_PollEvent(&e))
            handle_event(lp, &e);
    }
}

int loop_run(const struct loop_host *h)
{
    struct loop lp;
    pthread_t thread;
    bool sig_started = false;

    loop_init(&lp, h);
    lp.ev_hup = SDL_RegisterEvents(1);
    sig_event = lp.ev_hup;
    sig_quit = 0;
    if (lp.ev_hup != (Uint32)-1 && pthread_create(&thread, NULL, sig_main, NULL) == 0)
        sig_started = true;
    while (!lp.quit)
        loop_turn(&lp);
    if (lp.trace)
        h->trace(h->ud, "", lp.frames);
    if (sig_started) {
        sig_quit = 1;
        pthread_kill(thread, SIGHUP);
        pthread_join(thread, NULL);
    }
    return 0;
}
