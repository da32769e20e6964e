/* live — what a screen shows at an instant: the one place that decides.
 *
 * Pure (no SDL, no curl, no clock of its own): from the model, the clock
 * instant and how far it can be trusted, the screen's options and the
 * source's status, live_compute() answers everything a screen shows —
 * which rooms and in what order, each room's status and wording key, now,
 * next and later, "free until", the live announcements, staleness, the
 * active hours, which room or overview page the cycle is at, and the next
 * instant at which the answer changes (so the loop can sleep until then).
 *
 * Its consumers only render the answer: `--state` (state.c) serialises it,
 * the view (app/screen/view.c) lays it out and draws it; main.c and the
 * kiosk fill the input and wire. See docs/architecture.md. */
#ifndef ROOMBOARD_LIVE_H
#define ROOMBOARD_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "changes.h"
#include "err.h"
#include "sched.h"
#include "status.h"

/* How far the clock instant can be trusted. */
enum live_clock {
    LIVE_CLOCK_OK,      /* a real, plausible clock, or an explicit --at */
    LIVE_CLOCK_WAITING, /* no RTC and no NTP yet: the instant is unknown */
    LIVE_CLOCK_SERVER,  /* ... but the schedule server's HTTP Date stood in */
};

/* Where the schedule came from and how fresh it is: the one shape of the
 * source status, for the screen's status line, the info overlay and
 * `--state`. Strings are borrowed; NULL and "" mean "none". */
struct live_source {
    const char *source; /* "network", "cache", "file" or "" (none yet) */
    const char *url;    /* what was asked for, {hostname} expanded */
    int64_t fetched_at; /* seconds since the epoch; < 0 unknown */
    bool stale;         /* old, or the last refreshes failed */
    const char *error;  /* last refresh error */
    const char *format; /* of its last good copy ("frab-json", ...); "" none */
};

/* Several sources are shown as one (merge.h): at most this many. */
#define LIVE_MAX_SOURCES 16

/* The screen's options, filled from the config by main or the kiosk.
 *
 * A configured room is a name or guid (case-insensitive), or a shell-style
 * pattern ("H.*", "K.3.?", "[AB]*": fnmatch, case-insensitive) matching the
 * names and guids of the schedule's rooms. A screen whose list holds a
 * pattern is a lobby: the overview of the rooms matched (and named), in the
 * schedule's order. Without patterns, several rooms cycle one at a time. */
struct live_opts {
    const char *const *rooms; /* configured rooms (name, guid or pattern), in order */
    size_t nrooms;            /* 0: the overview of every room */
    int active_from_min;      /* active hours, minutes after local midnight */
    int active_until_min;     /* (event zone); either < 0, or equal: always on */
    int cycle_s;              /* seconds per room; <= 0: 12 */
    int page_s;               /* seconds per overview page; <= 0: cycle_s; at least
                                 LIVE_MIN_PAGE_S */
};

#define LIVE_MIN_PAGE_S 10 /* an overview page stays long enough to be read */

/* Whether a configured room is a pattern (has *, ? or [). */
bool live_is_pattern(const char *room);

/* A screen's local override for one room (the `f` and `d` keys of a door
 * screen with a keyboard): wins over the feed until the kiosk drops it (at
 * the next change of the feed). */
struct live_local {
    int room;      /* index in sched->rooms */
    bool has_full; /* `f` pressed: full is ... */
    bool full;
    int delay_min; /* > 0: `d` and digits; 0: none */
};

/* Door status feed, local overrides and the schedule's change list
 * (docs/door.md); see apply_door() in live.c. */
struct live_door {
    const struct status *status; /* the feed's last good status; NULL none */
    bool status_configured;      /* a feed is configured (staleness applies) */
    int64_t status_fetched_at;   /* its last refresh that worked (s); < 0 never */
    int64_t real_now;            /* the wall clock (s), for staleness (not --at) */
    int status_stale_s;          /* room entries dropped after this; <= 0: 300 */
    const struct live_local *local;
    size_t nlocal;
    const struct changes *changes; /* NULL: none */
    int changes_hours;             /* badges shown this long; <= 0: 6 */
};

/* Everything live_compute() looks at. */
struct live_in {
    const struct sched *sched;     /* the model; NULL: no schedule yet */
    int64_t now;                   /* the clock's instant (s); ignored when waiting */
    enum live_clock clock;         /* how far `now` can be trusted */
    const struct live_source *src; /* NULL: a local file, nothing known; else the
                                      sources in configured order (main first) */
    size_t nsrc;                   /* entries at src (at most LIVE_MAX_SOURCES);
                                      0 with src set: one */
    const struct live_opts *opts;  /* NULL: every room, always on */
    size_t cycle_pos;              /* position in the room/page cycle (wraps) */
    int overview_pages;            /* pages the overview needs on this screen
                                      (the view measures it); <= 0: 1 */
    const struct live_door *door;  /* NULL: no door feed (see above) */
};

#define LIVE_MAX_LATER 32 /* "later today" entries per room */

/* One session as the screens show it. Times are in the event's zone. */
struct live_session {
    const struct sched_session *s;     /* title, speakers, track, cancelled ... */
    char start[8], end[8];             /* "HH:MM", expected (the room's delay added) */
    char date[16];                     /* "YYYY-MM-DD" of the start */
    int minutes;                       /* now: minutes until it ends; others: until it starts
                                          (whole minutes, rounded up, expected times) */
    int64_t start_t, end_t;            /* expected instants */
    char sched_start[8], sched_end[8]; /* the scheduled times when delayed, else "" */
    const char *url;                   /* the talk's page; NULL none */
    bool delayed;                      /* the source says "delayed" (no minutes: not shifted) */
    const struct change *change;       /* a change badge shown now; NULL none */
};

#define LIVE_MAX_OTHERS 6 /* "also on now" suggestions on a full room */
#define LIVE_MAX_MOVED  8 /* sessions that left a room, per room */

/* Another room's running session (suggested when this room is full). */
struct live_other {
    const char *room;
    struct live_session now;
};

/* A session that left this room (moved elsewhere, or dropped from the
 * schedule: to_room NULL, shown as cancelled), where it would have been. */
struct live_moved {
    const char *title;
    const char *to_room;            /* NULL: cancelled */
    char start[8], sched_start[8];  /* where it is now / where it was, "HH:MM" */
    int64_t start_t, sched_start_t; /* ... as instants */
};

/* What the NOW area says when no session runs: a wording key the view
 * turns into words in its language. */
enum live_word {
    LIVE_WORD_NONE,       /* a session runs (or no room) */
    LIVE_WORD_FREE_UNTIL, /* "Room free until HH:MM" (free_until) */
    LIVE_WORD_DONE_TODAY, /* "No more sessions in this room today" */
    LIVE_WORD_BEFORE,     /* "The event starts on ... at ..." (event_start) */
    LIVE_WORD_AFTER,      /* "The event is over" */
};

struct live_room {
    size_t index; /* in sched->rooms */
    const char *name, *guid;
    const char *track; /* the one track every session of the room has (a
                          devroom: "Virtualization"), NULL when they differ */
    enum board_status status;
    const char *status_name; /* board_status_name(status) */
    enum live_word word;
    bool has_now, has_next;
    struct live_session now, next;
    double progress;       /* 0..1 through now; 0 when none */
    bool next_same_day;    /* next is on today's conference day */
    bool next_starting;    /* next starts within the minute */
    int64_t free_until;    /* LIVE_WORD_FREE_UNTIL: the first start that is
                              not cancelled; -1 otherwise */
    char free_until_hm[8]; /* ... as "HH:MM" */
    struct live_session later[LIVE_MAX_LATER];
    size_t nlater;          /* the rest of next's day, after next */
    const char *const *ann; /* live announcements for this room (texts) */
    size_t nann;

    /* door status (apply_door) */
    bool full;              /* "Room full" */
    const char *full_from;  /* "feed", "local" or NULL */
    const char *note;       /* the feed's note; NULL none */
    int delay_min;          /* running late by; 0 on time (times above are shifted) */
    const char *delay_from; /* "feed", "local" or NULL */
    struct live_other others[LIVE_MAX_OTHERS]; /* full: what else is on now, same track first */
    size_t nothers;
    struct live_moved moved_out[LIVE_MAX_MOVED]; /* left this room today, by time */
    size_t nmoved_out;
};

/* A live announcement for the overview: room < 0 is for every room. */
struct live_announce {
    const char *text;
    int room;              /* index in sched->rooms, or -1 */
    const char *room_name; /* NULL for every room */
};

struct live {
    const struct sched *sched; /* as given (the view reads colours, the zone) */
    int64_t at;                /* the instant answered for (s) */
    enum live_clock clock;
    const char *clock_name; /* "ok", "waiting", "server" */
    bool time_known;        /* false while waiting: no clock, no "ends in" */
    char clock_hm[8];       /* "HH:MM" at `at` in the event zone; "" unknown */

    struct live_source src;                    /* the source the status line is about: the first
                                                  stale one, else the first (never NULL strings) */
    struct live_source srcs[LIVE_MAX_SOURCES]; /* every source, main first */
    size_t nsrcs;                              /* 0: nothing known (a local file) */
    size_t src_index;                          /* src is srcs[src_index] */
    bool no_schedule;
    char missing[512];         /* configured rooms the schedule lacks, joined as
                                  A", "B (the status line quotes them) */
    const char *first_missing; /* the first of them, NULL when none */

    struct live_room *rooms; /* configured rooms found, in the configured
                                order; every room when none is found */
    size_t nrooms;
    bool overview;    /* the lobby view: no configured room found, or a
                         pattern configured (the rooms it matched) */
    size_t cycle_len; /* rooms or overview pages in the cycle (>= 1) */
    int shown;        /* rooms[] index shown at cycle_pos; -1 overview */
    int page;         /* overview page shown at cycle_pos */
    int cycle_s;      /* seconds per cycle step (a page: >= LIVE_MIN_PAGE_S) */

    struct live_announce *ann; /* every live announcement, schedule order */
    size_t nann;

    bool on;             /* inside the active hours (off: a black panel) */
    int64_t switch_at;   /* next on/off switch (s), INT64_MAX never */
    int64_t next_change; /* next instant (> at) at which this answer changes */
    int64_t event_start; /* the first session's start (LIVE_WORD_BEFORE) */

    /* door status */
    const char *emergency;   /* takes over the screen (exempt from active hours); NULL */
    int64_t emergency_until; /* INT64_MAX: until cleared */
    bool status_configured;  /* a door status feed is configured */
    bool status_stale;       /* ... and not refreshed for status_stale_s: entries dropped */
    int64_t status_fetched_at;
    char status_unknown[256]; /* feed rooms the schedule lacks, "A, B" ("" none) */

    /* private: storage behind rooms[].ann */
    const char **ann_pool_;
};

/* The "clock not set" fallback's instant: one second before the first
 * conference day starts (before the first session if there are no days),
 * so nothing is ever claimed to be running while the time is unknown and
 * the first session shows as NEXT. 0 without a schedule. */
int64_t live_waiting_instant(const struct sched *s);

/* Picks the instant and its trust from the real clock reading REAL_MS and
 * the schedule server's HTTP Date (SERVER_S, seconds, <= 0 none; it is
 * AGE_MS old by the monotonic clock). A plausible real clock wins; else a
 * plausible server date; else LIVE_CLOCK_WAITING. */
enum live_clock live_pick_clock(int64_t real_ms, int64_t server_s, int64_t age_ms, int64_t *now);

/* Whether a schedule source goes through the fetcher (libcurl, the cache,
 * the body checks): every URL, file:// included. Only a plain path is read
 * directly. */
bool live_is_remote(const char *schedule);

/* Computes the answer for IN into *OUT (cleared first). False only when out
 * of memory (*out is then empty, safe to live_clear). Clear with
 * live_clear(); *out borrows strings from the model and IN's source. */
RB_MUST_CHECK bool live_compute(const struct live_in *in, struct live *out, struct err *err);

/* Frees what live_compute() allocated. Accepts an empty or zeroed struct. */
void live_clear(struct live *l);

/* The live room shown for ROOM_INDEX in sched->rooms, or NULL. */
const struct live_room *live_find(const struct live *l, size_t room_index);

#endif
