/* roomboard — main wires the layers together; it computes nothing itself.
 *
 * Order: defaults, config files (system, then boot partition), command line,
 * then one of: --check-config, --state (print what a screen would show and
 * exit), or the kiosk. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "board.h"
#include "cfg.h"
#include "clock.h"
#include "notify.h"
#include "read.h"
#include "sched.h"
#include "state.h"
#include "tz.h"
#include "door.h"
#include "fetch.h"
#include "sources.h"
#include "live.h"
#ifdef ROOMBOARD_HAVE_KIOSK
#include "kiosk.h"
#endif

#define DEMO_FILE "demo-schedule.json"

static const char usage[] =
    "Usage: roomboard [OPTION]...\n"
    "Show what is on now and next outside a conference room.\n"
    "\n"
    "  --schedule PATH|URL  the schedule: frab/pretalx JSON, schedule.xml or c3voc v2,\n"
    "                       detected from the content; repeat for several sources shown\n"
    "                       as one (at most 16); default: the bundled demo\n"
    "  --timezone ZONE      the venue's IANA zone, for schedules that name none\n"
    "  --status PATH|URL    the door status feed (room full, running late, emergency)\n"
    "  --changes-from FILE  with --state/--screenshot: show what changed since FILE\n"
    "  --room NAME          a room to show (name or guid; repeat for several;\n"
    "                       none: the overview of every room; a pattern such\n"
    "                       as 'H.*': the overview of the rooms it matches)\n"
    "  --config FILE        config file (default /etc/roomboard/config.json)\n"
    "  --check-config FILE  validate FILE, print the effective config, exit\n"
    "  --state              print what the screen would show as JSON, exit\n"
    "  --at ISO8601         start the clock at this instant (e.g. 2015-08-17T14:30:00-07:00)\n"
    "  --speed X            run the clock X times faster (with --at)\n"
    "  --size WxH           window or screenshot size (default: the display's)\n"
    "  --rotate DEG         0, 90, 180 or 270 for panels mounted sideways\n"
    "  --windowed           a window instead of full screen\n"
    "  --screenshot FILE    render one frame at --at as PNG, exit (no display needed)\n"
    "  --cache-dir DIR      where the last good schedule is kept\n"
    "  --exit-after SEC     quit after SEC real seconds\n"
    "  --bench-frames N     render N frames, print timings, exit\n"
    "  --help, --version\n"
    "\n"
    "Exit status: 0 ok, 1 the schedule, config or room could not be used, 2 usage.\n"
    "Documentation: README.md, docs/, man roomboard.\n";

enum {
    OPT_SCHEDULE = 256,
    OPT_TIMEZONE,
    OPT_ROOM,
    OPT_CONFIG,
    OPT_CHECK,
    OPT_STATE,
    OPT_AT,
    OPT_SPEED,
    OPT_SIZE,
    OPT_ROTATE,
    OPT_WINDOWED,
    OPT_SHOT,
    OPT_CACHE,
    OPT_EXIT,
    OPT_BENCH,
    OPT_HELP,
    OPT_VERSION,
    OPT_STATUS,
    OPT_CHANGES_FROM,
};

static const struct option options[] = {
    {"schedule", required_argument, NULL, OPT_SCHEDULE},
    {"timezone", required_argument, NULL, OPT_TIMEZONE},
    {"room", required_argument, NULL, OPT_ROOM},
    {"config", required_argument, NULL, OPT_CONFIG},
    {"check-config", required_argument, NULL, OPT_CHECK},
    {"state", no_argument, NULL, OPT_STATE},
    {"at", required_argument, NULL, OPT_AT},
    {"speed", required_argument, NULL, OPT_SPEED},
    {"size", required_argument, NULL, OPT_SIZE},
    {"rotate", required_argument, NULL, OPT_ROTATE},
    {"windowed", no_argument, NULL, OPT_WINDOWED},
    {"screenshot", required_argument, NULL, OPT_SHOT},
    {"cache-dir", required_argument, NULL, OPT_CACHE},
    {"exit-after", required_argument, NULL, OPT_EXIT},
    {"bench-frames", required_argument, NULL, OPT_BENCH},
    {"status", required_argument, NULL, OPT_STATUS},
    {"changes-from", required_argument, NULL, OPT_CHANGES_FROM},
    {"help", no_argument, NULL, OPT_HELP},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

static int fail_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "roomboard: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (see roomboard --help)\n");
    return 2;
}

static bool parse_double(const char *s, double min, double max, double *out)
{
    char *end;
    double v;

    errno = 0;
    v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= min && v <= max))
        return false;
    *out = v;
    return true;
}

static bool parse_long(const char *s, long min, long max, long *out)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max)
        return false;
    *out = v;
    return true;
}

/* Where the bundled assets are: $ROOMBOARD_ASSETS, the source tree of a
 * development build, or the installed data directory. */
static void assets_path(const char *name, char *buf, size_t size)
{
    const char *env = getenv("ROOMBOARD_ASSETS");
    struct stat st;

    if (env && *env) {
        snprintf(buf, size, "%s/%s", env, name);
        return;
    }
    snprintf(buf, size, "%s/%s", ROOMBOARD_ASSETS_SRC, name);
    if (stat(buf, &st) == 0)
        return;
    snprintf(buf, size, "%s/%s", ROOMBOARD_ASSETS_INSTALL, name);
}

/* "1920x1080", each side 64..16384. */
static bool parse_size(const char *s, int *w, int *h)
{
    char *end;
    long lw, lh;

    errno = 0;
    lw = strtol(s, &end, 10);
    if (errno || end == s || (*end != 'x' && *end != 'X') || lw < 64 || lw > 16384 ||
        !parse_long(end + 1, 64, 16384, &lh))
        return false;
    *w = (int)lw;
    *h = (int)lh;
    return true;
}

/* --timezone ZONE: the venue's zone, for schedules that name none. */
static bool set_timezone(struct cfg *c, const char *zone)
{
    struct tz *tz;
    if (!tz_load(zone, &tz, NULL))
        return false;
    tz_free(tz);
    cfg_set_str(&c->timezone, zone);
    c->timezone_option = true;
    return true;
}

/* --at ISO8601, checked here so the kiosk and --state can trust it. */
static bool set_at(struct cfg *c, const char *at, int *rc)
{
    int64_t t;
    struct err err;
    if (!tz_parse_iso8601(at, &t, NULL, &err)) {
        *rc = fail_usage("--at: %s", err.msg);
        return false;
    }
    cfg_set_str(&c->at, at);
    return true;
}

/* --status and --changes-from. Returns 0, or an exit code. */
static int door_opt(struct cfg *c, int opt, const char *arg)
{
    if (!*arg)
        return fail_usage(opt == OPT_STATUS ? "--status needs a path or URL%s"
                                            : "--changes-from needs a schedule file%s",
                          "");
    cfg_set_str(opt == OPT_STATUS ? &c->status : &c->changes_from, arg);
    return 0;
}

/* A repeatable option (--room, --schedule): the first one on the command
 * line replaces the config's LIST (*CLI says whether that happened), the
 * next ones add to it, at most MAX. Returns 0, or the usage exit code. */
static int add_to_list(char **list, size_t *n, size_t max, const char *val, bool *cli,
                       const char *too_many)
{
    if (!*cli) {
        for (size_t i = 0; i < *n; i++)
            cfg_set_str(&list[i], NULL);
        *n = 0;
        *cli = true;
    }
    if (*n == max)
        return fail_usage("%s", too_many);
    list[*n] = NULL;
    if (!cfg_set_str(&list[*n], val))
        return fail_usage("out of memory%s", "");
    (*n)++;
    return 0;
}

/* --room NAME. Returns 0, or the usage exit code. */
static int add_room(struct cfg *c, const char *name, bool *cli_rooms)
{
    if (!*name)
        return fail_usage("--room needs a name%s", "");
    return add_to_list(c->rooms, &c->nrooms, CFG_MAX_ROOMS, name, cli_rooms,
                       "too many --room options (at most 32)");
}

/* --schedule SRC: several are shown as one (at most CFG_MAX_SOURCES); the
 * same one twice is a mistake. Returns 0, or the usage exit code. */
static int add_schedule(struct cfg *c, const char *src, bool *cli_sources)
{
    if (!*src)
        return fail_usage("--schedule needs a path or URL%s", "");
    for (size_t i = 0; *cli_sources && i < c->nschedules; i++)
        if (strcmp(c->schedules[i], src) == 0)
            return fail_usage("--schedule '%s' is given twice", src);
    return add_to_list(c->schedules, &c->nschedules, CFG_MAX_SOURCES, src, cli_sources,
                       "too many --schedule options (at most 16)");
}

/* Applies the command line over the config. Returns 0, or an exit code. */
static int apply_args(struct cfg *c, int argc, char **argv)
{
    int opt;
    long l;
    double d;
    bool cli_rooms = false;   /* the first --room replaces the config's list */
    bool cli_sources = false; /* so does the first --schedule */
    int rc;

    optind = 1;
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (opt) {
        case OPT_SCHEDULE:
            if ((rc = add_schedule(c, optarg, &cli_sources)) != 0)
                return rc;
            break;
        case OPT_TIMEZONE:
            if (!set_timezone(c, optarg))
                return fail_usage("--timezone needs an IANA zone such as Europe/Brussels, not "
                                  "'%s'",
                                  optarg);
            break;
        case OPT_AT:
            if (!set_at(c, optarg, &rc))
                return rc;
            break;
        case OPT_STATUS:
        case OPT_CHANGES_FROM:
            if ((rc = door_opt(c, opt, optarg)) != 0)
                return rc;
            break;
        case OPT_ROOM:
            if ((rc = add_room(c, optarg, &cli_rooms)) != 0)
                return rc;
            break;
        case OPT_SPEED:
            if (!parse_double(optarg, 0.001, 1e7, &d))
                return fail_usage("--speed must be a number from 0.001 to 10000000, got '%s'",
                                  optarg);
            c->speed = d;
            break;
        case OPT_SIZE:
            if (!parse_size(optarg, &c->width, &c->height))
                return fail_usage("--size must be WIDTHxHEIGHT like 1920x1080, got '%s'", optarg);
            break;
        case OPT_ROTATE:
            if (!parse_long(optarg, 0, 270, &l) || l % 90)
                return fail_usage("--rotate must be 0, 90, 180 or 270, got '%s'", optarg);
            c->rotate = (int)l;
            break;
        case OPT_WINDOWED:
            c->windowed = true;
            break;
        case OPT_SHOT:
            cfg_set_str(&c->screenshot, optarg);
            break;
        case OPT_STATE:
            c->state = true;
            break;
        case OPT_CACHE:
            cfg_set_str(&c->cache_dir, optarg);
            break;
        case OPT_EXIT:
            if (!parse_double(optarg, 0.001, 1e9, &d))
                return fail_usage("--exit-after must be a positive number of seconds, got '%s'",
                                  optarg);
            c->exit_after = d;
            break;
        case OPT_BENCH:
            if (!parse_long(optarg, 1, 1000000, &l))
                return fail_usage("--bench-frames must be a count from 1, got '%s'", optarg);
            c->bench_frames = (int)l;
            break;
        case OPT_CONFIG:
        case OPT_CHECK:
        case OPT_HELP:
        case OPT_VERSION:
            break; /* handled before the config was read */
        default:
            return 2; /* getopt printed the reason */
        }
    }
    if (optind < argc)
        return fail_usage("unexpected argument '%s'", argv[optind]);
    return 0;
}

/* Loads the schedule for --state: every source once (a URL through the
 * fetcher, fresh, else its cache; a path directly), then their union. *SS
 * keeps the sources' status (free with sources_stop()). */
static bool load_for_state(const struct cfg *c, struct sched **s, struct sources **ss)
{
    struct err err = {{0}};

    if (!sources_once(c, ss, s, &err)) {
        fprintf(stderr, "roomboard: %s\n", err.msg);
        return false;
    }
    return true;
}

/* The instant --state answers for and how far it can be trusted: --at, the
 * demo's instant inside the event, or the real clock (with the schedule
 * server's Date, or live's "waiting" fallback, on a board without time). */
static enum live_clock state_instant(const struct cfg *c, const struct sched *s,
                                     int64_t server_date, int64_t *at)
{
    if (c->at) {
        tz_parse_iso8601(c->at, at, NULL, NULL); /* checked when parsed */
        return LIVE_CLOCK_OK;
    }
    if (c->demo) {
        *at = board_demo_instant(s, clock_realtime_ms() / 1000);
        return LIVE_CLOCK_OK;
    }
    return live_pick_clock(clock_realtime_ms(), server_date, 0, at);
}

/* The door state for a one-shot answer at AT: the feed read once (a
 * failure is fatal: asked for, not there), the changes since
 * --changes-from. */
static bool door_for_state(const struct cfg *c, const struct sched *s, int64_t at, struct door *d)
{
    struct err err = {{0}};

    door_init(d, c, false);
    if (!door_once(d, &err) ||
        (c->changes_from && !door_changes_from(d, c->changes_from, s, at, &err))) {
        fprintf(stderr, "roomboard: %s\n", err.msg);
        return false;
    }
    return true;
}

static int run_state(const struct cfg *c)
{
    static struct door door; /* large: not on the stack */
    static struct live_source src[LIVE_MAX_SOURCES];
    struct sources *ss = NULL;
    struct sched *s = NULL;
    struct live l = {0};
    struct err err = {{0}};
    struct live_opts opts = {(const char *const *)c->rooms, c->nrooms,  c->active_from_min,
                             c->active_until_min,           c->cycle_s, c->page_s};
    struct live_in in = {.opts = &opts, .src = src};
    char *json;
    int rc = 1;

    if (!load_for_state(c, &s, &ss))
        goto out;
    in.nsrc = sources_status(ss, src, LIVE_MAX_SOURCES);
    in.sched = s;
    in.clock = state_instant(c, s, sources_server_date(ss), &in.now);
    if (!door_for_state(c, s, in.now, &door))
        goto out;
    in.door = door_input(&door, clock_realtime_ms() / 1000);
    if (!live_compute(&in, &l, &err)) {
        fprintf(stderr, "roomboard: %s\n", err.msg);
        goto out;
    }
    if (l.first_missing) {
        char list[1024];
        sched_room_list(s, list, sizeof(list));
        fprintf(stderr, "roomboard: no room '%s' in the schedule; its rooms are: %s\n",
                l.first_missing, list);
        goto out;
    }
    json = state_json(&l);
    if (!json) {
        fprintf(stderr, "roomboard: out of memory\n");
        goto out;
    }
    puts(json);
    free(json);
    rc = 0;
out:
    live_clear(&l);
    door_stop(&door);
    sched_free(s);
    sources_stop(ss);
    return rc;
}

/* The config: the system file, then the boot partition's. A typo in one
 * screen's boot-partition file must not leave its panel black in a
 * restart loop: then it runs on the system config alone (every room, the
 * real schedule) and says why. A broken system config still fails: the
 * demo schedule would mislead attendees. */
static bool load_config(struct cfg *cfg, const char *config, const char *check)
{
    struct err err = {{0}}, err2 = {{0}};
    const char *boot = getenv("ROOMBOARD_BOOT_CONFIG");
    char status[600];

    if (cfg_load_system(cfg, check ? check : config, &err))
        return true;
    if (check || (boot && !*boot) || setenv("ROOMBOARD_BOOT_CONFIG", "", 1) != 0 ||
        !cfg_load_system(cfg, config, &err2)) {
        fprintf(stderr, "roomboard: %s\n", err.msg);
        return false;
    }
    snprintf(status, sizeof(status), "ignoring the boot-partition config: %s", err.msg);
    fprintf(stderr, "roomboard: %s\n", status);
    notify_status(status);
    return true;
}

/* --check-config: the effective config as JSON. */
static int print_config(const struct cfg *cfg)
{
    char *json = cfg_to_json(cfg);
    if (!json)
        return 1;
    puts(json);
    free(json);
    return 0;
}

/* No schedule configured: the bundled demo; else {hostname} expanded in
 * each source. */
static void pick_schedule(struct cfg *cfg)
{
    char demo[1024];
    if (cfg->nschedules == 0) {
        assets_path(DEMO_FILE, demo, sizeof(demo));
        if (cfg_set_str(&cfg->schedules[0], demo))
            cfg->nschedules = 1;
        cfg->demo = true;
        return;
    }
    for (size_t i = 0; i < cfg->nschedules; i++) {
        char *expanded = cfg_expand(cfg->schedules[i]);
        if (expanded) {
            free(cfg->schedules[i]);
            cfg->schedules[i] = expanded;
        }
    }
}

/* First pass over the options: what decides how the config is read.
 * Returns 0 to go on, or 1 after --help / --version (exit 0). */
static int first_pass(int argc, char **argv, const char **config, const char **check)
{
    int opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        if (opt == OPT_HELP) {
            fputs(usage, stdout);
            return 1;
        }
        if (opt == OPT_VERSION) {
            printf("roomboard %s\n", ROOMBOARD_VERSION);
            return 1;
        }
        if (opt == OPT_CONFIG)
            *config = optarg;
        if (opt == OPT_CHECK)
            *check = optarg;
    }
    opterr = 1;
    return 0;
}

/* The kiosk, when this build has a screen. */
static int run_screen(const struct cfg *cfg)
{
#ifdef ROOMBOARD_HAVE_KIOSK
    return kiosk_run(cfg);
#else
    (void)cfg;
    fprintf(stderr, "roomboard: this build has no screen (ROOMBOARD_UI=OFF); use --state\n");
    return 1;
#endif
}

int main(int argc, char **argv)
{
    struct cfg cfg;
    const char *config = NULL, *check = NULL;
    int rc;

    /* A peer or pipe that went away is an EPIPE error where it happens, not
     * a signal that kills the screen (libcurl is told not to use signals,
     * and TLS writes can still raise SIGPIPE). Kiosk and --state alike. */
    signal(SIGPIPE, SIG_IGN);
    if (first_pass(argc, argv, &config, &check))
        return 0;
    cfg_defaults(&cfg);
    if (!load_config(&cfg, config, check)) {
        rc = 1;
        goto out;
    }
    if (check) {
        rc = print_config(&cfg);
        goto out;
    }
    if ((rc = apply_args(&cfg, argc, argv)) != 0)
        goto out;
    pick_schedule(&cfg);
    rc = cfg.state ? run_state(&cfg) : run_screen(&cfg);
out:
    cfg_clear(&cfg);
    return rc;
}
