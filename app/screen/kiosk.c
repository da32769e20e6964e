/* kiosk — the SDL2 screen (see kiosk.h and docs/screen.md): wires the
 * clock, the fetcher, live, the view, the output and the loop.
 *
 * The kiosk decides nothing about what is shown (live does) and owns no
 * window code (output.c) or event loop (loop.c): it keeps the schedule in
 * use and its source status, answers live's question for the loop, draws
 * live's answer with the view, and runs the one-frame modes (--screenshot,
 * --bench-frames, PNG frames when there is no display). */
#include "kiosk.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_ttf.h>

#include "addrs.h"
#include "bench.h"
#include "board.h"
#include "clock.h"
#include "door.h"
#include "fetch.h"
#include "sources.h"
#include "live.h"
#include "loop.h"
#include "notify.h"
#include "output.h"
#include "read.h"
#include "sched.h"
#include "text.h"
#include "tz.h"
#include "view.h"

#define FALLBACK_FRAMES 3

struct kiosk {
    const struct cfg *cfg;
    struct clock clock;
    struct output out;
    struct text *text;
    struct view *view;

    /* the schedule in use and where it came from */
    struct sched *sched;     /* the union of the sources (one source: its model) */
    struct sources *sources; /* their fetchers, models and status */
    char error[512];         /* why there are no sources at all */
    int64_t server_date;
    int64_t server_date_mono;
    char status[160]; /* last STATUS= sent to systemd */

    bool info; /* the staff overlay is shown */
    Uint32 ev_fetch;

    /* door status (app/net/door.c): feed, local overrides, change list */
    struct door door;
    bool door_on;     /* door_init() ran */
    int delay_digits; /* -1: not typing; else the minutes typed after `d` */
};

/* ---- time ----------------------------------------------------------- */

/* The clock's instant (s) and how far it can be trusted: --at and the demo
 * are explicit; a real clock that is not plausible yet (no RTC, no NTP)
 * falls back to the schedule server's HTTP Date, else live's "waiting". */
static enum live_clock kiosk_clock(const struct kiosk *k, int64_t *now)
{
    int64_t ms = clock_now_ms(&k->clock);
    if (k->clock.kind != CLOCK_REAL) {
        *now = ms / 1000 - (ms % 1000 < 0);
        return LIVE_CLOCK_OK;
    }
    return live_pick_clock(ms, k->server_date, clock_mono_ms() - k->server_date_mono, now);
}

/* live's answer for cycle position POS, OFFSET_S seconds after the clock's
 * instant. False (reported) only when out of memory. */
static bool compute(struct kiosk *k, size_t pos, int64_t offset_s, struct live *l)
{
    const struct cfg *c = k->cfg;
    struct live_source src[LIVE_MAX_SOURCES];
    struct live_opts opts = {(const char *const *)c->rooms, c->nrooms,  c->active_from_min,
                             c->active_until_min,           c->cycle_s, c->page_s};
    struct live_in in = {.sched = k->sched, .src = src, .opts = &opts, .cycle_pos = pos};
    struct err err = {{0}};

    in.nsrc = sources_status(k->sources, src, LIVE_MAX_SOURCES);
    if (in.nsrc == 0) {
        src[0] =
            (struct live_source){.url = "", .fetched_at = -1, .stale = true, .error = k->error};
        in.nsrc = 1;
    }

    in.clock = kiosk_clock(k, &in.now);
    in.now += offset_s;
    if (k->door_on)
        in.door = door_input(&k->door, clock_realtime_ms() / 1000);
    in.overview_pages = 1;
    if (!live_compute(&in, l, &err)) {
        fprintf(stderr, "roomboard: %s\n", err.msg);
        return false;
    }
    /* The pages of a lobby depend on how many rooms live chose (a pattern
     * picks a subset) and on the screen: ask the view, then answer again. */
    int pages =
        l->overview && k->view ? view_overview_pages(k->view, l->nrooms, k->out.w, k->out.h) : 1;
    if (pages <= 1)
        return true;
    live_clear(l);
    in.overview_pages = pages;
    if (live_compute(&in, l, &err))
        return true;
    fprintf(stderr, "roomboard: %s\n", err.msg);
    return false;
}

/* ---- schedule ------------------------------------------------------- */

static void set_sched(struct kiosk *k, struct sched *s)
{
    struct live l;

    if (!s)
        return;
    if (k->door_on)
        door_swapped(&k->door, k->sched, s, clock_realtime_ms() / 1000);
    sched_free(k->sched);
    k->sched = s;
    /* The old schedule's text will not be drawn again: give it back. */
    text_release(k->text);
    if (compute(k, 0, 0, &l) && l.missing[0])
        fprintf(stderr, "roomboard: room \"%s\" is not in the schedule\n", l.missing);
    live_clear(&l);
}

/* Every source read once, no thread (one frame, the benchmark, PNG frames
 * without a display): a URL fetched once (else its cache), a path read
 * directly. Failure is reported and leaves no schedule. */
static void load_once(struct kiosk *k)
{
    struct err err = {{0}};
    struct sched *s = NULL;

    if (!sources_once(k->cfg, &k->sources, &s, &err)) {
        fprintf(stderr, "roomboard: %s\n", err.msg);
        snprintf(k->error, sizeof(k->error), "%s", err.msg);
    }
    set_sched(k, s);
    k->server_date = sources_server_date(k->sources);
    k->server_date_mono = clock_mono_ms();
}

/* One line for `systemctl status`: where the schedule comes from and
 * whether it is current. Sent only when it changes. */
static void tell_systemd(struct kiosk *k)
{
    char st[160];
    struct live_source src[LIVE_MAX_SOURCES];
    size_t n = sources_status(k->sources, src, LIVE_MAX_SOURCES), bad = n;

    for (size_t i = 0; i < n && bad == n; i++)
        if (src[i].stale)
            bad = i;
    const char *why = k->error[0] || n == 0 ? k->error : src[0].error;
    if (!k->sched)
        snprintf(st, sizeof(st), "no schedule yet%s%.100s", why[0] ? ": " : "", why);
    else if (n > 1 && bad < n)
        snprintf(st, sizeof(st), "%zu sessions from %zu sources (stale: %.100s)",
                 k->sched->nsessions, n, src[bad].url);
    else if (n > 1)
        snprintf(st, sizeof(st), "%zu sessions from %zu sources", k->sched->nsessions, n);
    else
        snprintf(st, sizeof(st), "%zu sessions from %s%s", k->sched->nsessions,
                 n && src[0].source[0] ? src[0].source : "?", n && src[0].stale ? " (stale)" : "");
    if (strcmp(st, k->status) != 0) {
        snprintf(k->status, sizeof(k->status), "%s", st);
        notify_status(st);
    }
}

/* What the fetchers brought: a new union is swapped in between frames. */
static void take_fetch(struct kiosk *k)
{
    struct sched *s = NULL;
    struct err err = {{0}};
    int64_t date;

    if (!sources_take(k->sources, &s, &err))
        fprintf(stderr, "roomboard: %s; keeping the schedule in use\n", err.msg);
    set_sched(k, s);
    date = sources_server_date(k->sources);
    if (date > 0 && date != k->server_date) {
        k->server_date = date;
        k->server_date_mono = clock_mono_ms();
    }
    tell_systemd(k);
}

static void on_fetch(void *ud)
{
    const struct kiosk *k = ud;
    SDL_Event e;
    memset(&e, 0, sizeof(e));
    e.type = k->ev_fetch;
    SDL_PushEvent(&e);
}

/* ---- frame ---------------------------------------------------------- */

static void hostname_of(const struct kiosk *k, char *buf, size_t n)
{
    if (k->cfg->name && *k->cfg->name) {
        snprintf(buf, n, "%s", k->cfg->name);
        return;
    }
    if (gethostname(buf, n) != 0)
        snprintf(buf, n, "?");
    buf[n - 1] = '\0';
}

struct info_buf {
    char host[256], addrs[512], rooms[512], source[1300], age[128], version[64], screen[128];
    char door[600];
    const char *lines[16];
};

static void info_rooms(const struct kiosk *k, char *buf, size_t n)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < k->cfg->nrooms && at < n; i++) {
        int w = snprintf(buf + at, n - at, "%s%s", i ? ", " : "", k->cfg->rooms[i]);
        if (w > 0)
            at += (size_t)w;
    }
    if (k->cfg->nrooms == 0)
        snprintf(buf, n, "%s", view_word(k->view, "overview"));
}

/* The overlay's door line: the feed and where the shown room's signs come
 * from ("feed: http://…/status.json · full (local) · 10 min late (feed)"). */
static void door_info(const struct kiosk *k, const struct live *l, char *buf, size_t n)
{
    const struct live_room *r = l->shown >= 0 ? &l->rooms[l->shown] : NULL;
    char full[32] = "", late[48] = "";

    if (r && r->full_from)
        snprintf(full, sizeof(full), " · full (%s)", r->full_from);
    if (r && r->delay_from)
        snprintf(late, sizeof(late), " · %d min late (%s)", r->delay_min, r->delay_from);
    snprintf(buf, n, "%s%.400s%s%s%s%s", k->door.info.url[0] ? "feed: " : "no feed",
             k->door.info.url, l->status_stale ? " (stale)" : "", full, late,
             l->emergency ? " · EMERGENCY" : "");
}

/* The staff overlay: device, addresses, rooms, the source as live sees it,
 * its age, the screen, the version. */
static void build_info(const struct kiosk *k, const struct live *l, struct info_buf *ib)
{
    const struct output *o = &k->out;
    const struct view *v = k->view;
    hostname_of(k, ib->host, sizeof(ib->host));
    addrs_list(ib->addrs, sizeof(ib->addrs));
    info_rooms(k, ib->rooms, sizeof(ib->rooms));
    char nth[32] = "";
    if (l->nsrcs > 1)
        snprintf(nth, sizeof(nth), " [%zu/%zu]", l->src_index + 1, l->nsrcs);
    snprintf(ib->source, sizeof(ib->source), "%s%s%s%s%s", *l->src.source ? l->src.source : "none",
             *l->src.url ? ": " : "", l->src.url, l->src.stale ? " (stale)" : "", nth);
    snprintf(ib->age, sizeof(ib->age), "-");
    if (l->src.fetched_at > 0) {
        int64_t age = clock_realtime_ms() / 1000 - l->src.fetched_at;
        char when[40] = "", ago[64];
        if (l->sched)
            tz_format_iso8601(l->sched->tz, l->src.fetched_at, when, sizeof(when));
        snprintf(ago, sizeof(ago), view_word(v, "min_ago"), (long long)(age > 0 ? age / 60 : 0));
        snprintf(ib->age, sizeof(ib->age), "%s, %s", when, ago);
    }
    snprintf(ib->version, sizeof(ib->version), "roomboard %s", ROOMBOARD_VERSION);
    snprintf(ib->screen, sizeof(ib->screen), "%dx%d, rotate %d, %s/%s", o->out_w, o->out_h,
             o->rotate, o->driver, o->renderer_name);
    const char *lines[] = {
        view_word(v, "device"),  ib->host,    view_word(v, "addresses"), ib->addrs,
        view_word(v, "rooms"),   ib->rooms,   view_word(v, "schedule"),  ib->source,
        view_word(v, "fetched"), ib->age,     view_word(v, "screen"),    ib->screen,
        view_word(v, "version"), ib->version, view_word(v, "door"),      ib->door};
    door_info(k, l, ib->door, sizeof(ib->door));
    memcpy(ib->lines, lines, sizeof(lines));
}

/* The burn-in shift of step STEP: the panel's own, not live's. */
static void burn_shift(const struct kiosk *k, int step, struct view_frame *f)
{
    static const int pat[9][2] = {{0, 0},  {1, 0},   {1, 1},  {0, 1}, {-1, 1},
                                  {-1, 0}, {-1, -1}, {0, -1}, {1, -1}};
    int amp = (k->out.w < k->out.h ? k->out.w : k->out.h) / 160; /* 0.6 units */
    if (!k->cfg->burn_in)
        return;
    if (amp < 1)
        amp = 1;
    f->shift_x = pat[step % 9][0] * amp;
    f->shift_y = pat[step % 9][1] * amp;
}

/* Draws live's answer L into the content and onto the output (not shown
 * yet): FADE 0..255 black over it, BLANK a black panel, the staff overlay
 * when it is on (or SHOW_INFO). */
static void render(struct kiosk *k, const struct live *l, int fade, bool blank, int step,
                   bool show_info)
{
    SDL_Renderer *r = k->out.ren;
    struct view_frame f = {.live = l, .qr = k->cfg->qr};
    struct info_buf ib;
    output_begin(&k->out);
    if (blank) {
        SDL_SetRenderDrawColor(r, 0, 0, 0, 255);
        SDL_RenderClear(r);
    } else {
        burn_shift(k, step, &f);
        if (show_info || k->info) {
            build_info(k, l, &ib);
            f.info = ib.lines;
            f.ninfo = 16;
        }
        view_draw(k->view, r, k->out.w, k->out.h, &f);
        if (fade > 0) {
            SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
            SDL_SetRenderDrawColor(r, 0, 0, 0, (Uint8)(fade > 255 ? 255 : fade));
            SDL_RenderFillRect(r, NULL);
        }
    }
    output_end(&k->out);
}

static void dump_layout(struct kiosk *k)
{
    const char *path = getenv("ROOMBOARD_LAYOUT");
    struct err err = {{0}};
    if (path && *path && !view_dump_layout(k->view, path, &err))
        fprintf(stderr, "roomboard: %s\n", err.msg);
}

/* "trace: [WHAT ]frames=N text-rasters=N text-hits=N text-bytes=N" for the
 * soak and bench harnesses; WHAT is "cache " for the periodic line, "" at
 * exit. */
static void trace_stats(void *ud, const char *what, uint64_t frames)
{
    struct kiosk *k = ud;
    struct text_stats st;
    text_stats(k->text, &st);
    printf("trace: %sframes=%llu text-rasters=%llu text-hits=%llu text-bytes=%zu\n", what,
           (unsigned long long)frames, (unsigned long long)st.rasters, (unsigned long long)st.hits,
           st.bytes);
    fflush(stdout);
}

/* ---- the loop's host ------------------------------------------------ */

static bool host_answer(void *ud, size_t pos, struct live *out)
{
    return compute(ud, pos, 0, out);
}

static void host_draw(void *ud, const struct live *l, int fade, bool blank, int step)
{
    struct kiosk *k = ud;
    render(k, l, fade, blank, step, false);
    output_present(&k->out);
}

/* SIGHUP and the staff key: the fetcher refreshes off this thread (and
 * posts the result); without one a local file is read again here. */
static void host_refresh(void *ud)
{
    struct kiosk *k = ud;
    sources_refresh_now(k->sources);
}

/* The room a door screen's keys act on: the one shown now (-1 on the
 * overview, where the keys do nothing). */
static int door_room(struct kiosk *k, bool *full)
{
    struct live l;
    int room = -1;

    *full = false;
    if (!k->sched || !compute(k, 0, 0, &l))
        return -1;
    if (l.shown >= 0) {
        room = (int)l.rooms[l.shown].index;
        *full = l.rooms[l.shown].full;
    }
    live_clear(&l);
    return room;
}

/* `f` toggles "full" for the shown room; `d`, digits, Enter sets a local
 * delay (0 ends it). Local until the feed changes. True when the screen
 * changes. */
static bool door_key(struct kiosk *k, SDL_Keycode key)
{
    bool full;
    int room;

    if (!k->door_on)
        return false;
    if (k->delay_digits >= 0 && key >= SDLK_0 && key <= SDLK_9) {
        if (k->delay_digits < 100)
            k->delay_digits = k->delay_digits * 10 + (int)(key - SDLK_0);
        return false;
    }
    if (k->delay_digits >= 0 && (key == SDLK_RETURN || key == SDLK_KP_ENTER)) {
        if ((room = door_room(k, &full)) >= 0)
            door_set_delay(&k->door, room, k->delay_digits);
        fprintf(stderr, "roomboard: local delay %d min\n", k->delay_digits);
        k->delay_digits = -1;
        return true;
    }
    k->delay_digits = key == SDLK_d ? 0 : -1;
    if (key != SDLK_f || (room = door_room(k, &full)) < 0)
        return false;
    door_toggle_full(&k->door, room, full);
    fprintf(stderr, "roomboard: room marked %s locally\n", full ? "not full" : "full");
    return true;
}

static void host_event(void *ud, const SDL_Event *e, bool *dirty, bool *quit)
{
    struct kiosk *k = ud;
    struct err err = {{0}};
    if (e->type == SDL_KEYDOWN) {
        SDL_Keycode key = e->key.keysym.sym;
        /* A desktop (X11, Wayland) is someone trying it out: q and Esc
         * quit. The board on KMS ignores them (a stray keyboard). */
        if ((key == SDLK_q || key == SDLK_ESCAPE) && (k->cfg->windowed || k->out.desktop))
            *quit = true;
        else if (key == SDLK_i)
            k->info = !k->info;
        else if (key == SDLK_r)
            host_refresh(k);
        else if (!door_key(k, key))
            return;
    } else if (e->type == SDL_RENDER_TARGETS_RESET || e->type == SDL_RENDER_DEVICE_RESET ||
               (e->type == SDL_WINDOWEVENT && e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED)) {
        /* A new size, or texture contents gone: rasterise again. */
        if (e->type != SDL_WINDOWEVENT)
            text_cache_clear(k->text);
        if (!output_reset(&k->out, &err))
            fprintf(stderr, "roomboard: %s\n", err.msg);
    } else if (e->type == k->ev_fetch) {
        take_fetch(k);
        if (k->door_on)
            door_take(&k->door);
    } else if (e->type != SDL_WINDOWEVENT) {
        return;
    }
    *dirty = true;
}

/* ---- one-frame modes ------------------------------------------------ */

/* --screenshot: exactly what the panel shows at that instant (black
 * outside the active hours; the info overlay when $ROOMBOARD_SHOW_INFO is
 * set, for documentation and tests), as PNG. Exit code 1 when there is no
 * schedule: the picture then only shows the status line. */
static int run_screenshot(struct kiosk *k)
{
    struct live l;
    struct err err = {{0}};

    if (!compute(k, 0, 0, &l))
        return 1;
    render(k, &l, 0, !l.on, 0, getenv("ROOMBOARD_SHOW_INFO") != NULL);
    live_clear(&l);
    dump_layout(k);
    if (!output_save_png(&k->out, k->cfg->screenshot, &err)) {
        fprintf(stderr, "roomboard: %s\n", err.msg);
        return 1;
    }
    if (!k->sched) {
        fprintf(stderr, "roomboard: no schedule: the screenshot shows the status line\n");
        return 1;
    }
    return 0;
}

/* --bench-frames: one instant rendered cold and warm (bench.c times it). */
struct bench_frame {
    struct kiosk *k;
    struct live l;
};

static void bench_cold(void *ud)
{
    struct bench_frame *b = ud;
    text_cache_clear(b->k->text);
}

static void bench_render(void *ud)
{
    struct bench_frame *b = ud;
    render(b->k, &b->l, 0, false, 0, false);
}

static void bench_present(void *ud)
{
    struct bench_frame *b = ud;
    output_present(&b->k->out);
}

static int run_bench(struct kiosk *k)
{
    struct bench_frame b = {.k = k};
    struct bench_ops ops = {&b, bench_cold, bench_render, bench_present};
    if (!compute(k, 0, 0, &b.l))
        return 1;
    int rc = bench_run(&ops, k->cfg->bench_frames, k->out.out_w, k->out.out_h);
    live_clear(&b.l);
    return rc;
}

/* No display: render a few frames as PNG so the run still shows something
 * (and says where): a quarter of an hour apart, each at the next room or
 * page of the cycle, a glimpse of how the screen moves on. */
static int run_frames(struct kiosk *k, const char *why)
{
    char dir[512], path[600];
    const char *rt = getenv("XDG_RUNTIME_DIR");
    char reason[128];
    snprintf(dir, sizeof(dir), "%s/roomboard-frames", rt && *rt ? rt : "/tmp");
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "roomboard: %s; cannot make %s either: %s\n", why, dir,
                err_strerror(errno, reason, sizeof(reason)));
        return 1;
    }
    fprintf(stderr, "roomboard: %s; writing %d frames to %s/ instead\n", why, FALLBACK_FRAMES, dir);
    for (int i = 0; i < FALLBACK_FRAMES; i++) {
        struct live l;
        struct err err = {{0}};
        if (!compute(k, (size_t)i, (int64_t)i * 900, &l))
            return 1;
        render(k, &l, 0, false, 0, false);
        live_clear(&l);
        snprintf(path, sizeof(path), "%s/frame-%d.png", dir, i + 1);
        if (!output_save_png(&k->out, path, &err)) {
            fprintf(stderr, "roomboard: %s\n", err.msg);
            return 1;
        }
        fprintf(stderr, "roomboard: wrote %s\n", path);
    }
    return 0;
}

/* ---- start-up ------------------------------------------------------- */

static bool setup_clock(struct kiosk *k, struct err *err)
{
    const struct cfg *c = k->cfg;
    int64_t at = 0;
    if (c->at) {
        if (!tz_parse_iso8601(c->at, &at, NULL, err)) {
            err_prefix(err, "--at");
            return false;
        }
    }
    /* A screenshot without --at is taken with the real clock, so it shows
     * what the screen would (including "waiting for time" on a board whose
     * clock is not set yet). */
    if (c->at && (c->screenshot || c->bench_frames > 0))
        clock_fixed(&k->clock, at * 1000);
    else if (c->bench_frames > 0)
        clock_fixed(&k->clock, clock_realtime_ms());
    else if (c->at)
        clock_sim(&k->clock, at * 1000, c->speed);
    else
        clock_real(&k->clock);
    return true;
}

/* The bundled demo without --at: the clock is placed inside the event
 * (board_demo_instant) and then runs in real time; one frame and the
 * benchmark keep that instant fixed. */
static void place_demo_clock(struct kiosk *k)
{
    const struct cfg *c = k->cfg;
    int64_t t;

    if (!c->demo || c->at || !k->sched)
        return;
    t = board_demo_instant(k->sched, clock_realtime_ms() / 1000) * 1000;
    if (c->screenshot || c->bench_frames > 0)
        clock_fixed(&k->clock, t);
    else
        clock_sim(&k->clock, t, c->speed);
}

/* The window, or a surface when there is no display (*WHY says why) or
 * none is wanted (--screenshot, the benchmark without a display); then
 * the fonts and the view. */
static bool open_screen(struct kiosk *k, char *why, size_t whysize, struct err *err)
{
    const struct cfg *c = k->cfg;
    bool offline = c->screenshot != NULL || (c->bench_frames > 0 && !output_display_plausible());
    why[0] = '\0';
    if (!offline && !output_display_plausible()) {
        snprintf(why, whysize, "no display (no DISPLAY, no WAYLAND_DISPLAY, no /dev/dri/card0)");
    } else if (!offline &&
               !output_open_window(&k->out, c->width, c->height, c->windowed, c->rotate, err)) {
        snprintf(why, whysize, "%s", err->msg);
        output_close(&k->out);
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
    }
    if ((offline || why[0]) &&
        !output_open_surface(&k->out, c->width > 0 ? c->width : 1920,
                             c->height > 0 ? c->height : 1080, c->rotate, err))
        return false;
    const char *const *fonts = (const char *const *)c->fonts;
    return text_new(k->out.ren, fonts, c->nfonts, 0, &k->text, err) &&
           view_new(k->text, c->lang, &k->view, err);
}

/* Starts the fetcher (it loads the cache or a local file before it
 * returns, so the first frame has a schedule) and the loop. */
static int run_screen(struct kiosk *k)
{
    struct err err = {{0}};
    struct cfg fc = *k->cfg; /* shallow: the fetcher copies what it keeps */
    struct loop_host h = {
        k,           &k->clock, k->out.device_wait, k->cfg->burn_in, k->cfg->exit_after,
        host_answer, host_draw, host_event,         host_refresh,    trace_stats};
    if (!sources_start(&fc, on_fetch, k, &k->sources, &err)) {
        fprintf(stderr, "roomboard: %s\n", err.msg);
        snprintf(k->error, sizeof(k->error), "%s", err.msg);
    } else {
        take_fetch(k);
        place_demo_clock(k);
    }
    if (!door_start(&k->door, on_fetch, k, &err)) {
        fprintf(stderr, "roomboard: %s\n", err.msg);
        snprintf(k->error, sizeof(k->error), "%s", err.msg);
    }
    return loop_run(&h);
}

/* One frame or PNG frames without the loop: the feed read once, the
 * changes since --changes-from. False (reported) when asked for and not
 * there. */
static bool door_one_shot(struct kiosk *k)
{
    struct err err = {{0}};
    int64_t at = clock_now_ms(&k->clock) / 1000;

    if (!door_once(&k->door, &err) ||
        (k->cfg->changes_from && k->sched &&
         !door_changes_from(&k->door, k->cfg->changes_from, k->sched, at, &err))) {
        fprintf(stderr, "roomboard: %s\n", err.msg);
        return false;
    }
    return true;
}

int kiosk_run(const struct cfg *cfg)
{
    struct kiosk kk, *k = &kk;
    struct err err = {{0}};
    char why[600];
    sigset_t old;
    int rc = 1;

    memset(k, 0, sizeof(*k));
    k->cfg = cfg;
    if (cfg->rotate != 0 && cfg->rotate != 90 && cfg->rotate != 180 && cfg->rotate != 270) {
        fprintf(stderr, "roomboard: rotate must be 0, 90, 180 or 270, not %d\n", cfg->rotate);
        return 2;
    }
    if (!setup_clock(k, &err)) {
        fprintf(stderr, "roomboard: %s\n", err.msg);
        return 2;
    }
    loop_block_hup(&old); /* before any thread exists, so every thread inherits it */
    if (SDL_Init(SDL_INIT_EVENTS) != 0) {
        fprintf(stderr, "roomboard: SDL init failed: %s\n", SDL_GetError());
        goto out;
    }
    k->ev_fetch = SDL_RegisterEvents(1);
    if (!open_screen(k, why, sizeof(why), &err)) {
        fprintf(stderr, "roomboard: %s\n", err.msg);
        goto out;
    }
    /* Without the fetcher thread (one frame, the benchmark, PNG frames with
     * no display) the schedule is read here; otherwise the fetcher reads it
     * while it starts, and reading it here as well would parse it twice. */
    k->delay_digits = -1;
    door_init(&k->door, cfg, !(cfg->screenshot || cfg->bench_frames > 0));
    k->door_on = true;
    if (cfg->screenshot || cfg->bench_frames > 0 || why[0]) {
        load_once(k);
        place_demo_clock(k);
        if (!door_one_shot(k))
            goto out;
    }
    if (cfg->screenshot)
        rc = run_screenshot(k);
    else if (cfg->bench_frames > 0)
        rc = run_bench(k);
    else if (why[0])
        rc = run_frames(k, why);
    else
        rc = run_screen(k);
out:
    sources_stop(k->sources);
    if (k->door_on)
        door_stop(&k->door);
    sched_free(k->sched);
    view_free(k->view);
    text_free(k->text);
    output_close(&k->out);
    TTF_Quit();
    SDL_Quit();
    loop_unblock_hup(&old);
    return rc;
}
