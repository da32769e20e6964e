/* kiosk — the SDL2 screen (see kiosk.h and docs/screen.md).
 *
 * Outputs: a window (X11/Wayland: software renderer, no GL in the process;
 * KMSDRM: GLES2), or, for --screenshot, the benchmark without a display and
 * the "no display" fallback, a software renderer on a plain surface that
 * needs no video driver at all. Rotation renders into a target texture that
 * is copied turned onto the output.
 *
 * The loop is event-driven: after each frame it computes when the picture
 * next changes (the next minute, a session boundary, a room cycle, a
 * transition frame, the watchdog, --exit-after) and sleeps in
 * SDL_WaitEventTimeout until then or until an event (a key, a new schedule
 * from the fetcher, SIGHUP) arrives. */
#include "kiosk.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>

#include "board.h"
#include "live.h"
#include "clock.h"
#include "notify.h"
#include "read.h"
#include "sched.h"
#include "text.h"
#include "tz.h"
#include "view.h"
#include "fetch.h"

#define TRANSITION_MS   400    /* fade out, then in, when the room changes */
#define FRAME_MS        33     /* pacing while a transition runs */
#define BURN_IN_MS      180000 /* the layout moves one step every 3 minutes */
#define MAX_WAIT_MS     30000  /* re-check at least this often (clock jumps) */
#define TRACE_MS        10000  /* periodic trace line with ROOMBOARD_TRACE */
#define POLL_SLICE_MS   50     /* drivers without a real wait: poll this often */
#define FALLBACK_FRAMES 3

struct kiosk {
    const struct cfg *cfg;
    struct clock clock;

    /* output */
    SDL_Window *win;
    SDL_Surface *surface; /* surface output (no window) */
    SDL_Renderer *ren;
    SDL_Texture *target; /* content before rotation; NULL when rotate == 0 */
    int out_w, out_h;    /* the output */
    int w, h;            /* the content (swapped for 90/270) */
    bool device_wait;    /* SDL_WaitEventTimeout really sleeps on this driver */
    char renderer_name[32];
    char driver[32];

    struct text *text;
    struct view *view;

    /* schedule */
    struct sched *sched;
    int64_t sched_mono_ms; /* when the schedule or info arrived (monotonic) */
    struct fetch *fetch;
    char source[16];
    char url[1024];
    char error[512];
    char status[160]; /* last STATUS= sent to systemd */
    int64_t fetched_at;
    bool stale;
    int64_t server_date;
    int64_t server_date_mono;

    /* what to show */
    size_t cycle_pos;
    int64_t cycle_due;   /* mono ms of the next room change, 0 none */
    int64_t trans_start; /* mono ms, 0 none */
    size_t trans_from;
    int burn_step;
    bool info;

    Uint32 ev_fetch, ev_hup;
    bool quit;
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
    struct live_source src = {k->source, k->url, k->fetched_at, k->stale, k->error};
    struct live_opts opts = {(const char *const *)c->rooms, c->nrooms, c->active_from_min,
                             c->active_until_min, c->cycle_s};
    struct live_in in = {.sched = k->sched, .src = &src, .opts = &opts, .cycle_pos = pos};
    struct err err = {{0}};

    in.clock = kiosk_clock(k, &in.now);
    in.now += offset_s;
    in.overview_pages = k->view ? view_overview_pages(k->view, k->sched, k->w, k->h) : 1;
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
    sched_free(k->sched);
    k->sched = s;
    k->sched_mono_ms = clock_mono_ms();
    if (compute(k, 0, 0, &l) && l.missing[0])
        fprintf(stderr, "roomboard: room \"%s\" is not in the schedule\n", l.missing);
    live_clear(&l);
}

/* Loads a local schedule directly (first frame without waiting for the
 * fetcher thread). Failure is reported and leaves no schedule. */
static void load_local(struct kiosk *k)
{
    const char *src = k->cfg->schedule;
    snprintf(k->url, sizeof(k->url), "%s", src ? src : "");
    if (!src || live_is_remote(src))
        return;
    struct err err = {{0}};
    struct sched *s;
    struct read_opts ro;
    cfg_read_opts(k->cfg, &ro);
    if (read_path(src, (size_t)k->cfg->max_body, &ro, &s, NULL, &err)) {
        set_sched(k, s);
        snprintf(k->source, sizeof(k->source), "file");
        k->fetched_at = clock_realtime_ms() / 1000;
        k->error[0] = '\0';
    } else {
        fprintf(stderr, "roomboard: %s\n", err.msg);
        snprintf(k->error, sizeof(k->error), "%s", err.msg);
    }
}

static void apply_info(struct kiosk *k, struct sched *s, const struct fetch_info *info_in)
{
    const struct fetch_info *info = info_in;
    if (s)
        set_sched(k, s);
    if (info->source[0])
        snprintf(k->source, sizeof(k->source), "%s", info->source);
    if (info->url[0])
        snprintf(k->url, sizeof(k->url), "%s", info->url);
    snprintf(k->error, sizeof(k->error), "%s", info->error);
    if (info->fetched_at >= 0)
        k->fetched_at = info->fetched_at;
    k->stale = info->stale;
    if (info->server_date > 0 && info->server_date != k->server_date) {
        k->server_date = info->server_date;
        k->server_date_mono = clock_mono_ms();
    }
}

/* One line for `systemctl status`: where the schedule comes from and
 * whether it is current. Sent only when it changes. */
static void tell_systemd(struct kiosk *k)
{
    char st[160];
    if (!k->sched)
        snprintf(st, sizeof(st), "no schedule yet%s%.100s", k->error[0] ? ": " : "", k->error);
    else
        snprintf(st, sizeof(st), "%zu sessions from %s%s", k->sched->nsessions,
                 k->source[0] ? k->source : "?", k->stale ? " (stale)" : "");
    if (strcmp(st, k->status) != 0) {
        snprintf(k->status, sizeof(k->status), "%s", st);
        notify_status(st);
    }
}

static void take_fetch(struct kiosk *k)
{
    struct fetch_info info;
    struct sched *s = fetch_take(k->fetch, &info);
    apply_info(k, s, &info);
    tell_systemd(k);
}

/* One refresh, then the best schedule there is (for --screenshot and the
 * benchmark with a URL: no thread, one frame). */
static void fetch_one(struct kiosk *k)
{
    struct fetch_info info;
    struct sched *s = NULL;
    struct err err = {{0}};
    memset(&info, 0, sizeof(info));
    info.fetched_at = -1;
    if (!fetch_once(k->cfg, &s, &info, &err)) {
        fprintf(stderr, "roomboard: %s\n", err.msg);
    }
    apply_info(k, s, &info);
    if (!k->error[0] && err.msg[0])
        snprintf(k->error, sizeof(k->error), "%s", err.msg);
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

static void addresses(char *buf, size_t n)
{
    struct ifaddrs *ifa = NULL;
    size_t at = 0;
    buf[0] = '\0';
    if (getifaddrs(&ifa) != 0) {
        snprintf(buf, n, "? (%s)", strerror(errno));
        return;
    }
    for (struct ifaddrs *p = ifa; p && at < n; p = p->ifa_next) {
        if (!p->ifa_addr || (p->ifa_flags & IFF_LOOPBACK))
            continue;
        char a[INET6_ADDRSTRLEN] = "";
        int fam = p->ifa_addr->sa_family;
        if (fam == AF_INET) {
            inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)p->ifa_addr)->sin_addr, a,
                      sizeof(a));
        } else if (fam == AF_INET6) {
            const struct in6_addr *a6 = &((struct sockaddr_in6 *)(void *)p->ifa_addr)->sin6_addr;
            if (IN6_IS_ADDR_LINKLOCAL(a6))
                continue;
            inet_ntop(AF_INET6, a6, a, sizeof(a));
        } else {
            continue;
        }
        int k = snprintf(buf + at, n - at, "%s%s %s", at ? ", " : "", p->ifa_name, a);
        if (k > 0)
            at += (size_t)k;
    }
    freeifaddrs(ifa);
    if (!buf[0])
        snprintf(buf, n, "none (no network)");
}

struct info_buf {
    char host[256], addrs[512], rooms[512], source[1300], age[128], version[64], screen[128];
    const char *lines[14];
};

static void build_info(const struct kiosk *k, struct info_buf *ib)
{
    hostname_of(k, ib->host, sizeof(ib->host));
    addresses(ib->addrs, sizeof(ib->addrs));
    size_t at = 0;
    ib->rooms[0] = '\0';
    for (size_t i = 0; i < k->cfg->nrooms && at < sizeof(ib->rooms); i++) {
        int n = snprintf(ib->rooms + at, sizeof(ib->rooms) - at, "%s%s", i ? ", " : "",
                         k->cfg->rooms[i]);
        if (n > 0)
            at += (size_t)n;
    }
    if (k->cfg->nrooms == 0)
        snprintf(ib->rooms, sizeof(ib->rooms), "%s", view_word(k->view, "overview"));
    snprintf(ib->source, sizeof(ib->source), "%s%s%s%s", k->source[0] ? k->source : "none",
             k->url[0] ? ": " : "", k->url, k->stale ? " (stale)" : "");
    if (k->fetched_at > 0) {
        int64_t age = clock_realtime_ms() / 1000 - k->fetched_at;
        char when[40] = "";
        if (k->sched)
            tz_format_iso8601(k->sched->tz, k->fetched_at, when, sizeof(when));
        char ago[64];
        snprintf(ago, sizeof(ago), view_word(k->view, "min_ago"),
                 (long long)(age > 0 ? age / 60 : 0));
        snprintf(ib->age, sizeof(ib->age), "%s, %s", when, ago);
    } else {
        snprintf(ib->age, sizeof(ib->age), "-");
    }
    snprintf(ib->version, sizeof(ib->version), "roomboard %s", ROOMBOARD_VERSION);
    snprintf(ib->screen, sizeof(ib->screen), "%dx%d, rotate %d, %s/%s", k->out_w, k->out_h,
             k->cfg->rotate, k->driver, k->renderer_name);
    const struct view *v = k->view;
    const char *l[] = {view_word(v, "device"),  ib->host,   view_word(v, "addresses"), ib->addrs,
                       view_word(v, "rooms"),   ib->rooms,  view_word(v, "schedule"),  ib->source,
                       view_word(v, "fetched"), ib->age,    view_word(v, "screen"),    ib->screen,
                       view_word(v, "version"), ib->version};
    memcpy(ib->lines, l, sizeof(l));
}

/* The frame for live's answer L: the burn-in shift is the panel's own. */
static void fill_frame(struct kiosk *k, struct view_frame *f, const struct live *l)
{
    memset(f, 0, sizeof(*f));
    f->live = l;
    if (k->cfg->burn_in) {
        static const int pat[9][2] = {{0, 0},  {1, 0},   {1, 1},  {0, 1}, {-1, 1},
                                      {-1, 0}, {-1, -1}, {0, -1}, {1, -1}};
        int amp = (k->w < k->h ? k->w : k->h) / 160; /* 0.6 units */
        if (amp < 1)
            amp = 1;
        f->shift_x = pat[k->burn_step % 9][0] * amp;
        f->shift_y = pat[k->burn_step % 9][1] * amp;
    }
}

/* Draws one frame into the content (target texture or output) and, when
 * rotated, onto the output. fade: 0..255 black over the content. */
static void render(struct kiosk *k, const struct view_frame *f, int fade, bool blank,
                   struct info_buf *ib)
{
    if (k->target)
        SDL_SetRenderTarget(k->ren, k->target);
    if (blank) {
        SDL_SetRenderDrawColor(k->ren, 0, 0, 0, 255);
        SDL_RenderClear(k->ren);
    } else {
        struct view_frame ff = *f;
        if (ib) {
            ff.info = ib->lines;
            ff.ninfo = 14;
        }
        view_draw(k->view, k->ren, k->w, k->h, &ff);
        if (fade > 0) {
            SDL_SetRenderDrawBlendMode(k->ren, SDL_BLENDMODE_BLEND);
            SDL_SetRenderDrawColor(k->ren, 0, 0, 0, (Uint8)(fade > 255 ? 255 : fade));
            SDL_RenderFillRect(k->ren, NULL);
        }
    }
    if (k->target) {
        SDL_SetRenderTarget(k->ren, NULL);
        SDL_SetRenderDrawColor(k->ren, 0, 0, 0, 255);
        SDL_RenderClear(k->ren);
        SDL_Rect dst = {(k->out_w - k->w) / 2, (k->out_h - k->h) / 2, k->w, k->h};
        SDL_RenderCopyEx(k->ren, k->target, NULL, &dst, (double)k->cfg->rotate, NULL,
                         SDL_FLIP_NONE);
    }
}

/* ---- output --------------------------------------------------------- */

static bool make_target(struct kiosk *k, struct err *err)
{
    if (k->target) {
        SDL_DestroyTexture(k->target);
        k->target = NULL;
    }
    int rot = k->cfg->rotate;
    k->w = (rot == 90 || rot == 270) ? k->out_h : k->out_w;
    k->h = (rot == 90 || rot == 270) ? k->out_w : k->out_h;
    if (rot == 0)
        return true;
    k->target =
        SDL_CreateTexture(k->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, k->w, k->h);
    if (!k->target)
        return err_set(err, "screen: cannot make the %dx%d rotation texture: %s", k->w, k->h,
                       SDL_GetError());
    return true;
}

static bool finish_output(struct kiosk *k, struct err *err)
{
    SDL_RendererInfo ri;
    if (SDL_GetRendererInfo(k->ren, &ri) == 0)
        snprintf(k->renderer_name, sizeof(k->renderer_name), "%s", ri.name);
    if (SDL_GetRendererOutputSize(k->ren, &k->out_w, &k->out_h) != 0)
        return err_set(err, "screen: cannot read the output size: %s", SDL_GetError());
    if (!make_target(k, err))
        return false;
    const char *const *fonts = (const char *const *)k->cfg->fonts;
    if (!text_new(k->ren, fonts, k->cfg->nfonts, 0, &k->text, err))
        return false;
    return view_new(k->text, k->cfg->lang, &k->view, err);
}

/* A software renderer drawing into a plain surface: no video driver, no
 * display, the same pixels (--screenshot, fallback frames, benchmark). */
static bool open_surface(struct kiosk *k, int w, int h, struct err *err)
{
    k->surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGB888);
    if (!k->surface)
        return err_set(err, "screen: cannot make a %dx%d surface: %s", w, h, SDL_GetError());
    k->ren = SDL_CreateSoftwareRenderer(k->surface);
    if (!k->ren)
        return err_set(err, "screen: software renderer failed: %s", SDL_GetError());
    snprintf(k->driver, sizeof(k->driver), "surface");
    return finish_output(k, err);
}

static bool display_plausible(void)
{
    /* An explicit driver is honoured (SDL_VIDEODRIVER=offscreen runs the
     * whole loop invisibly: soak and leak tests). */
    const char *drv = getenv("SDL_VIDEODRIVER");
    if (drv && *drv)
        return true;
    const char *d = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
    if ((d && *d) || (wl && *wl))
        return true;
    struct stat st;
    return stat("/dev/dri/card0", &st) == 0 || stat("/dev/dri/card1", &st) == 0;
}

/* The window: on KMSDRM the GLES2 renderer; elsewhere (X11, Wayland) the
 * software renderer with framebuffer acceleration off, which keeps Mesa and
 * LLVM out of the process (about 14 MiB PSS instead of 100 MiB, see
 * docs/screen.md). $ROOMBOARD_RENDERER overrides the choice. */
static bool open_window(struct kiosk *k, struct err *err)
{
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "1");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0)
        return err_set(err, "screen: no display (%s)", SDL_GetError());
    snprintf(k->driver, sizeof(k->driver), "%s", SDL_GetCurrentVideoDriver());
    const char *force = getenv("ROOMBOARD_RENDERER");
    bool kms = strcmp(k->driver, "kmsdrm") == 0;
    k->device_wait = strcmp(k->driver, "x11") == 0 || strcmp(k->driver, "wayland") == 0;
    const char *want = force && *force ? force : kms ? "opengles2" : "software";
    if (strcmp(want, "software") == 0)
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, want);

    int w = k->cfg->width > 0 ? k->cfg->width : 1280;
    int h = k->cfg->height > 0 ? k->cfg->height : 720;
    Uint32 flags = SDL_WINDOW_SHOWN;
    if (!k->cfg->windowed)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
    else
        flags |= SDL_WINDOW_RESIZABLE;
    if (strcmp(want, "opengles2") == 0 || strcmp(want, "opengl") == 0)
        flags |= SDL_WINDOW_OPENGL;
    k->win =
        SDL_CreateWindow("roomboard", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (!k->win)
        return err_set(err, "screen: cannot open a window on %s: %s", k->driver, SDL_GetError());
    Uint32 rflags = strcmp(want, "software") == 0
                        ? SDL_RENDERER_SOFTWARE
                        : SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC;
    k->ren = SDL_CreateRenderer(k->win, -1, rflags | SDL_RENDERER_TARGETTEXTURE);
    if (!k->ren && strcmp(want, "software") != 0) {
        /* The GPU path failed (no GLES2 on this board): software it is. */
        fprintf(stderr, "roomboard: %s renderer failed (%s); using software\n", want,
                SDL_GetError());
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
        k->ren = SDL_CreateRenderer(k->win, -1, SDL_RENDERER_SOFTWARE);
    }
    if (!k->ren)
        return err_set(err, "screen: no renderer on %s: %s", k->driver, SDL_GetError());
    SDL_ShowCursor(SDL_DISABLE);
    return finish_output(k, err);
}

static void close_output(struct kiosk *k)
{
    view_free(k->view);
    k->view = NULL;
    text_free(k->text);
    k->text = NULL;
    if (k->target)
        SDL_DestroyTexture(k->target);
    k->target = NULL;
    if (k->ren)
        SDL_DestroyRenderer(k->ren);
    k->ren = NULL;
    if (k->win)
        SDL_DestroyWindow(k->win);
    k->win = NULL;
    if (k->surface)
        SDL_FreeSurface(k->surface);
    k->surface = NULL;
}

static bool save_png(struct kiosk *k, const char *path, struct err *err)
{
    if (IMG_SavePNG(k->surface, path) != 0)
        return err_set(err, "screenshot: cannot write %s: %s", path, IMG_GetError());
    return true;
}

static void dump_layout(struct kiosk *k)
{
    const char *path = getenv("ROOMBOARD_LAYOUT");
    struct err err = {{0}};
    if (path && *path && !view_dump_layout(k->view, path, &err))
        fprintf(stderr, "roomboard: %s\n", err.msg);
}

/* ---- trace and bench ------------------------------------------------ */

/* "trace: [WHAT ]frames=N text-rasters=N text-hits=N text-bytes=N" for the
 * soak and bench harnesses; WHAT is "cache " for the periodic line, "" at
 * exit. */
static void trace_stats(struct kiosk *k, const char *what, uint64_t frames)
{
    struct text_stats st;

    text_stats(k->text, &st);
    printf("trace: %sframes=%llu text-rasters=%llu text-hits=%llu text-bytes=%zu\n", what,
           (unsigned long long)frames, (unsigned long long)st.rasters, (unsigned long long)st.hits,
           st.bytes);
    fflush(stdout);
}

/* Milliseconds since the process started (from /proc/self/stat, in clock
 * ticks since boot, against CLOCK_BOOTTIME). -1 when unknown. */
static int64_t ms_since_start(void)
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

static void present(struct kiosk *k)
{
    if (k->win)
        SDL_RenderPresent(k->ren);
}

static int run_bench(struct kiosk *k)
{
    int n = k->cfg->bench_frames;
    double *cold = calloc((size_t)n, sizeof(double)), *warm = calloc((size_t)n, sizeof(double));
    if (!cold || !warm) {
        free(cold);
        free(warm);
        fprintf(stderr, "roomboard: out of memory\n");
        return 1;
    }
    struct live l;
    struct view_frame f;
    if (!compute(k, 0, 0, &l)) {
        free(cold);
        free(warm);
        return 1;
    }
    fill_frame(k, &f, &l);
    for (int i = 0; i < n; i++) {
        text_cache_clear(k->text);
        double t0 = now_us();
        render(k, &f, 0, false, NULL);
        present(k);
        cold[i] = now_us() - t0;
    }
    double pres = 0;
    for (int i = 0; i < n; i++) {
        double t0 = now_us();
        render(k, &f, 0, false, NULL);
        double t1 = now_us();
        present(k);
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
           k->out_w, k->out_h, cm, cp, wm, wp, n ? pres / n / 1000.0 : 0.0);
    fflush(stdout);
    free(cold);
    free(warm);
    live_clear(&l);
    return 0;
}

/* ---- signals -------------------------------------------------------- */

static pthread_t sig_thread;
static volatile int sig_quit;
static Uint32 sig_event;

/* SIGHUP is blocked in every thread and taken here with sigwait, so the
 * "refresh" event is pushed from ordinary thread context, never from a
 * signal handler. */
static void *sig_main(void *arg)
{
    sigset_t *set = arg;
    for (;;) {
        int sig;
        if (sigwait(set, &sig) != 0)
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

/* ---- the loop ------------------------------------------------------- */

static int64_t min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

/* SIGHUP and the staff key: the fetcher refreshes off this thread (and
 * posts the result); without one a local file is read again here. */
static void refresh(struct kiosk *k)
{
    if (k->fetch) {
        fetch_refresh_now(k->fetch);
        return;
    }
    if (!live_is_remote(k->cfg->schedule))
        load_local(k);
}

static void handle_event(struct kiosk *k, const SDL_Event *e, bool *dirty)
{
    if (e->type == SDL_QUIT) {
        k->quit = true;
    } else if (e->type == SDL_KEYDOWN) {
        SDL_Keycode key = e->key.keysym.sym;
        if ((key == SDLK_q || key == SDLK_ESCAPE) && k->cfg->windowed) {
            k->quit = true;
        } else if (key == SDLK_i) {
            k->info = !k->info;
            *dirty = true;
        } else if (key == SDLK_r) {
            refresh(k);
            *dirty = true;
        }
    } else if (e->type == SDL_WINDOWEVENT) {
        if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
            struct err err = {{0}};
            SDL_GetRendererOutputSize(k->ren, &k->out_w, &k->out_h);
            if (!make_target(k, &err))
                fprintf(stderr, "roomboard: %s\n", err.msg);
        }
        *dirty = true;
    } else if (e->type == SDL_RENDER_TARGETS_RESET || e->type == SDL_RENDER_DEVICE_RESET) {
        /* Texture contents are gone: the cache must rasterise again. */
        struct err err = {{0}};
        text_cache_clear(k->text);
        if (!make_target(k, &err))
            fprintf(stderr, "roomboard: %s\n", err.msg);
        *dirty = true;
    } else if (e->type == k->ev_hup) {
        fprintf(stderr, "roomboard: SIGHUP: refreshing the schedule\n");
        refresh(k);
        *dirty = true;
    } else if (e->type == k->ev_fetch) {
        take_fetch(k);
        *dirty = true;
    }
}

/* Waits up to ms for an event. Drivers that cannot sleep on their event
 * source (KMSDRM: SDL would poll every millisecond) are polled in slices. */
static bool wait_event(struct kiosk *k, SDL_Event *e, int64_t ms)
{
    if (ms < 0)
        ms = 0;
    if (k->device_wait)
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

/* The loop's timers (monotonic ms; INT64_MAX: never). */
struct loop {
    int64_t exit_due, wd_ms, wd_due, burn_due, trace_due;
    int64_t frame_due; /* render at or after this (0: now) */
    bool dirty, first, was_blank, trace;
    uint64_t frames;
};

static void loop_init(struct kiosk *k, struct loop *lp)
{
    const struct cfg *c = k->cfg;
    int64_t start = clock_mono_ms();
    memset(lp, 0, sizeof(*lp));
    lp->exit_due = c->exit_after > 0 ? start + (int64_t)(c->exit_after * 1000) : INT64_MAX;
    lp->wd_ms = notify_watchdog_interval_ms();
    lp->wd_due = lp->wd_ms > 0 ? start : INT64_MAX;
    lp->burn_due = c->burn_in ? start + BURN_IN_MS : INT64_MAX;
    lp->dirty = lp->first = true;
    /* With ROOMBOARD_TRACE the texture cache is reported every TRACE_MS, so
     * a soak sees it as a series, not one reading at exit. */
    lp->trace = getenv("ROOMBOARD_TRACE") != NULL;
    lp->trace_due = lp->trace ? start + TRACE_MS : INT64_MAX;
    k->cycle_due = 0; /* set from live's cycle_s on the first turn */
}

/* The watchdog keep-alive, the trace line, the burn-in step. */
static void loop_timers(struct kiosk *k, struct loop *lp, int64_t mono)
{
    if (mono >= lp->wd_due) {
        notify_watchdog();
        lp->wd_due = mono + lp->wd_ms;
    }
    if (mono >= lp->trace_due) {
        trace_stats(k, "cache ", lp->frames);
        lp->trace_due = mono + TRACE_MS;
    }
    if (mono >= lp->burn_due) {
        k->burn_step++;
        lp->burn_due = mono + BURN_IN_MS;
        lp->dirty = true;
    }
}

/* Moves the room/page cycle on when its step is due (live says how long
 * the cycle is and how long a step lasts) and starts the fade. */
static void loop_cycle(struct kiosk *k, struct loop *lp, int64_t mono, const struct live *l)
{
    int64_t step_ms = (int64_t)l->cycle_s * 1000;
    if (k->cycle_due == 0)
        k->cycle_due = mono + step_ms;
    if (l->cycle_len > 1 && mono >= k->cycle_due) {
        k->trans_from = k->cycle_pos;
        k->cycle_pos = (k->cycle_pos + 1) % l->cycle_len;
        k->trans_start = mono;
        k->cycle_due = mono + step_ms;
        lp->dirty = true;
    } else if (l->cycle_len <= 1) {
        k->cycle_pos = 0;
        k->cycle_due = mono + step_ms;
    }
}

/* The fade of a room change: the old position fading out, then the new
 * one fading in. Returns the position to draw; *fade gets 0..255. */
static size_t transition(const struct kiosk *k, int64_t mono, int *fade)
{
    int64_t el = mono - k->trans_start;
    *fade = 0;
    if (!k->trans_start)
        return k->cycle_pos;
    if (el < TRANSITION_MS / 2) {
        *fade = (int)(el * 255 / (TRANSITION_MS / 2));
        return k->trans_from;
    }
    *fade = (int)((TRANSITION_MS - el) * 255 / (TRANSITION_MS / 2));
    return k->cycle_pos;
}

/* Draws the picture and works out when it next changes (live's
 * next_change; every 2 s while waiting for the time, at least every
 * MAX_WAIT_MS on a real clock, which may jump). */
static void loop_frame(struct kiosk *k, struct loop *lp, int64_t mono)
{
    struct live l;
    struct view_frame f;
    struct info_buf ib;
    int fade;
    size_t pos = transition(k, mono, &fade);

    if (!compute(k, pos, 0, &l))
        return;
    fill_frame(k, &f, &l);
    if (k->info)
        build_info(k, &ib);
    if (l.on || !lp->was_blank || lp->dirty) {
        render(k, &f, fade, !l.on, k->info ? &ib : NULL);
        present(k);
        lp->frames++;
    }
    lp->was_blank = !l.on;
    lp->dirty = false;
    if (lp->first) {
        lp->first = false;
        notify_ready();
        if (lp->trace) {
            printf("trace: first-frame-ms=%lld\n", (long long)ms_since_start());
            fflush(stdout);
        }
    }
    int64_t wait = clock_wait_ms(&k->clock, l.next_change * 1000);
    if (!l.time_known || k->clock.kind == CLOCK_REAL)
        wait = min64(wait, !l.time_known ? 2000 : MAX_WAIT_MS);
    lp->frame_due = wait == INT64_MAX ? INT64_MAX : clock_mono_ms() + wait;
    live_clear(&l);
}

/* How long to sleep: until the next frame, cycle step, fade frame or timer. */
static int64_t loop_timeout(const struct kiosk *k, const struct loop *lp, int64_t mono,
                            size_t cycle_len)
{
    int64_t next_ms = lp->frame_due;
    if (k->trans_start)
        next_ms = min64(next_ms, mono + FRAME_MS);
    if (cycle_len > 1)
        next_ms = min64(next_ms, k->cycle_due);
    next_ms = min64(next_ms, lp->exit_due);
    next_ms = min64(next_ms, lp->wd_due);
    next_ms = min64(next_ms, lp->trace_due);
    next_ms = min64(next_ms, lp->burn_due);
    int64_t timeout = next_ms == INT64_MAX ? MAX_WAIT_MS : next_ms - clock_mono_ms();
    return timeout > MAX_WAIT_MS ? MAX_WAIT_MS : timeout;
}

static int run_loop(struct kiosk *k)
{
    struct loop lp;

    loop_init(k, &lp);
    while (!k->quit) {
        int64_t mono = clock_mono_ms();
        struct live l;
        size_t cycle_len;
        if (mono >= lp.exit_due)
            break;
        loop_timers(k, &lp, mono);
        if (!compute(k, k->cycle_pos, 0, &l))
            break;
        loop_cycle(k, &lp, mono, &l);
        cycle_len = l.cycle_len;
        live_clear(&l);
        if (k->trans_start && mono - k->trans_start >= TRANSITION_MS)
            k->trans_start = 0;
        if (lp.dirty || mono >= lp.frame_due || k->trans_start)
            loop_frame(k, &lp, mono);
        SDL_Event e;
        if (wait_event(k, &e, loop_timeout(k, &lp, mono, cycle_len))) {
            handle_event(k, &e, &lp.dirty);
            while (!k->quit && SDL_PollEvent(&e))
                handle_event(k, &e, &lp.dirty);
        }
    }
    if (lp.trace)
        trace_stats(k, "", lp.frames);
    return 0;
}

/* No display: render a few frames as PNG so the run still shows something
 * (and says where). */
static int run_frames(struct kiosk *k, const char *why)
{
    char dir[512];
    const char *rt = getenv("XDG_RUNTIME_DIR");
    if (rt && *rt)
        snprintf(dir, sizeof(dir), "%s/roomboard-frames", rt);
    else
        snprintf(dir, sizeof(dir), "/tmp/roomboard-frames");
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "roomboard: %s; cannot make %s either: %s\n", why, dir, strerror(errno));
        return 1;
    }
    fprintf(stderr, "roomboard: %s; writing %d frames to %s/ instead\n", why, FALLBACK_FRAMES, dir);
    for (int i = 0; i < FALLBACK_FRAMES; i++) {
        /* a quarter of an hour apart, each at the next room or page of the
         * cycle: a glimpse of how the screen moves on */
        struct live l;
        struct view_frame f;
        if (!compute(k, (size_t)i, (int64_t)i * 900, &l))
            return 1;
        fill_frame(k, &f, &l);
        render(k, &f, 0, false, NULL);
        live_clear(&l);
        char path[600];
        snprintf(path, sizeof(path), "%s/frame-%d.png", dir, i + 1);
        struct err err = {{0}};
        if (!save_png(k, path, &err)) {
            fprintf(stderr, "roomboard: %s\n", err.msg);
            return 1;
        }
        fprintf(stderr, "roomboard: wrote %s\n", path);
    }
    return 0;
}

/* --screenshot: exactly what the panel shows at that instant (black
 * outside the active hours; the info overlay when $ROOMBOARD_SHOW_INFO is
 * set, for documentation and tests), as PNG. Exit code 1 when there is no
 * schedule: the picture then only shows the status line. */
static int run_screenshot(struct kiosk *k)
{
    struct live l;
    struct view_frame f;
    struct info_buf ib;
    struct err err = {{0}};
    bool info = getenv("ROOMBOARD_SHOW_INFO") != NULL;

    if (!compute(k, 0, 0, &l))
        return 1;
    fill_frame(k, &f, &l);
    if (info)
        build_info(k, &ib);
    render(k, &f, 0, !l.on, info ? &ib : NULL);
    live_clear(&l);
    dump_layout(k);
    if (!save_png(k, k->cfg->screenshot, &err)) {
        fprintf(stderr, "roomboard: %s\n", err.msg);
        return 1;
    }
    if (!k->sched) {
        fprintf(stderr, "roomboard: no schedule: the screenshot shows the status line\n");
        return 1;
    }
    return 0;
}

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

int kiosk_run(const struct cfg *cfg)
{
    struct kiosk kk, *k = &kk;
    struct err err = {{0}};
    int rc = 1;
    sigset_t hup, old;
    bool sig_started = false;

    memset(k, 0, sizeof(*k));
    k->cfg = cfg;
    k->fetched_at = -1;
    if (cfg->rotate != 0 && cfg->rotate != 90 && cfg->rotate != 180 && cfg->rotate != 270) {
        fprintf(stderr, "roomboard: rotate must be 0, 90, 180 or 270, not %d\n", cfg->rotate);
        return 2;
    }
    if (!setup_clock(k, &err)) {
        fprintf(stderr, "roomboard: %s\n", err.msg);
        return 2;
    }
    /* Block SIGHUP before any thread exists, so every thread inherits it. */
    sigemptyset(&hup);
    sigaddset(&hup, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &hup, &old);

    if (SDL_Init(SDL_INIT_EVENTS) != 0) {
        fprintf(stderr, "roomboard: SDL init failed: %s\n", SDL_GetError());
        goto out;
    }
    k->ev_fetch = SDL_RegisterEvents(2);
    k->ev_hup = k->ev_fetch + 1;

    bool offline = cfg->screenshot != NULL;
    char why[600] = "";
    if (!offline && cfg->bench_frames > 0 && !display_plausible())
        offline = true;
    if (!offline && !display_plausible()) {
        snprintf(why, sizeof(why),
                 "no display (no DISPLAY, no WAYLAND_DISPLAY, no /dev/dri/card0)");
    } else if (!offline) {
        if (!open_window(k, &err)) {
            snprintf(why, sizeof(why), "%s", err.msg);
            close_output(k);
            SDL_QuitSubSystem(SDL_INIT_VIDEO);
        }
    }
    if (offline || why[0]) {
        int w = cfg->width > 0 ? cfg->width : 1920, h = cfg->height > 0 ? cfg->height : 1080;
        if (!open_surface(k, w, h, &err)) {
            fprintf(stderr, "roomboard: %s\n", err.msg);
            goto out;
        }
    }

    /* Without the fetcher thread (one frame, the benchmark, PNG frames with
     * no display) the schedule is read here; otherwise the fetcher reads it
     * while it starts, and reading it here as well would parse it twice. */
    if (cfg->screenshot || cfg->bench_frames > 0 || why[0]) {
        load_local(k);
        if ((cfg->screenshot || cfg->bench_frames > 0) && live_is_remote(cfg->schedule))
            fetch_one(k);
        place_demo_clock(k);
    }

    if (cfg->screenshot) {
        rc = run_screenshot(k);
        goto out;
    }
    if (cfg->bench_frames > 0) {
        rc = run_bench(k);
        goto out;
    }
    if (why[0]) {
        rc = run_frames(k, why);
        goto out;
    }

    {
        struct cfg fc = *cfg; /* shallow: the fetcher copies what it keeps */
        if (!fetch_start(&fc, on_fetch, k, &k->fetch, &err)) {
            fprintf(stderr, "roomboard: %s\n", err.msg);
            snprintf(k->error, sizeof(k->error), "%s", err.msg);
        } else {
            take_fetch(k);
            place_demo_clock(k);
        }
    }
    sig_event = k->ev_hup;
    sig_quit = 0;
    if (pthread_create(&sig_thread, NULL, sig_main, &hup) == 0)
        sig_started = true;
    rc = run_loop(k);

out:
    if (sig_started) {
        sig_quit = 1;
        pthread_kill(sig_thread, SIGHUP);
        pthread_join(sig_thread, NULL);
    }
    fetch_stop(k->fetch);
    sched_free(k->sched);
    close_output(k);
    TTF_Quit();
    SDL_Quit();
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}
