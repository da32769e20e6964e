/* sched — the schedule model: one event, its rooms and their sessions.
 *
 * The native input is the frab/pretalx/c3voc schedule.json (see
 * docs/schedule-format.md). Sessions are indexed per room and sorted by
 * absolute start, so the now/next engine (board.h) answers with a binary
 * search instead of a scan. The model knows nothing of SDL or curl.
 *
 * Ownership: a `struct sched` owns every string and array reachable from it;
 * free the whole thing with sched_free(). Pointers into it (sessions, rooms)
 * stay valid until then. A schedule is immutable once sched_finish() (or
 * read_bytes()) returned true, so the render thread may read it while the
 * fetcher builds the next one. */
#ifndef ROOMBOARD_SCHED_H
#define ROOMBOARD_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "tz.h"

/* Hard caps: a schedule over these is refused, not truncated. */
#define SCHED_MAX_SESSIONS 200000
#define SCHED_MAX_ROOMS    2000
#define SCHED_MAX_SPEAKERS 64
#define SCHED_MAX_TEXT     (64 * 1024) /* bytes per text field */

struct sched_session {
    char *guid;     /* never NULL; made up from the content when missing */
    char *id;       /* frab id as text; "" when missing */
    char *title;    /* never NULL, plain text (HTML stripped, \r\n -> \n) */
    char *subtitle; /* the rest: "" when missing, never NULL */
    char *track;
    char *type;
    char *language;
    char *abstract;
    char *url;
    char **speakers; /* public names, in order */
    size_t nspeakers;
    int64_t start; /* absolute instants, seconds since the epoch */
    int64_t end;   /* >= start; == start for a zero-length session */
    size_t room;   /* index into sched.rooms */
    int day;       /* index into sched.days, or -1 */
    bool cancelled;
    bool delayed; /* the source says it runs late (c3voc v2 state DELAYED) */
};

struct sched_room {
    char *name;
    char *guid;    /* "" when the schedule has none */
    long capacity; /* seats, 0 when the schedule does not say */
    /* Sessions in this room, sorted by (start, end); pointers into
     * sched.sessions. maxend[i] is the latest end among sessions[0..i], so
     * the engine can stop walking back as soon as nothing older can still
     * be running. */
    const struct sched_session **sessions;
    int64_t *maxend;
    size_t nsessions;
};

struct sched_day {
    int index;     /* frab day index (1-based in real exports) */
    char date[11]; /* "YYYY-MM-DD" */
    int64_t start; /* day_start .. day_end: the conference day, which may */
    int64_t end;   /* run past midnight (pretalx: 04:00 to 03:59 next day) */
};

struct sched_track {
    char *name;
    uint32_t color; /* 0xRRGGBB */
    bool has_color;
};

/* An organizer announcement (extension, see docs/schedule-format.md). */
struct sched_announce {
    char *text;
    int room;      /* index into rooms, or -1 for every screen */
    int64_t from;  /* INT64_MIN when unbounded */
    int64_t until; /* INT64_MAX when unbounded */
};

struct sched {
    char *title;
    char *acronym;
    char *version;
    char *tzname; /* the zone wall-clock strings use ("Europe/Berlin", "+01:00") */
    struct tz *tz;
    const char *format;    /* which reader built it ("frab-json", ...); static */
    const char *tz_source; /* where tzname came from: "schedule", "config", ... */
    int64_t first_start;   /* earliest session start; 0 when there is none */
    int64_t last_end;      /* latest session end */

    struct sched_session *sessions; /* all of them, sorted by (start, room) */
    size_t nsessions;
    struct sched_room *rooms;
    size_t nrooms;
    struct sched_day *days;
    size_t ndays;
    struct sched_track *tracks;
    size_t ntracks;
    struct sched_announce *announces;
    size_t nannounces;

    size_t cap_sessions; /* builder bookkeeping */
    size_t cap_rooms;
};

/* ---- lookups ---------------------------------------------------------
 * (Reading bytes into a schedule is app/read/read.h: one door for every
 * format.) */

/* Frees S and everything it owns; accepts NULL. */
void sched_free(struct sched *s);

/* Room index by name (case-insensitive, UTF-8 ASCII folding) or guid; -1 if
 * none. */
int sched_find_room(const struct sched *s, const char *name_or_guid);

/* Writes the names of all rooms as "A, B, C" into buf (for error messages). */
void sched_room_list(const struct sched *s, char *buf, size_t size);

/* The conference day that instant t belongs to: the day whose
 * [start, end) holds t, else the last day that started before t; -1 before
 * the first day (or when there are no days). Binary search. */
int sched_day_of(const struct sched *s, int64_t t);

/* Track colour of a session, if the schedule gives one. */
bool sched_track_color(const struct sched *s, const char *track, uint32_t *rgb);

/* ---- building (used by the loader and the importers) ---------------- */

/* What a caller knows about one session; strings are copied. */
struct sched_session_in {
    const char *guid, *id, *title, *subtitle, *track, *type, *language, *abstract, *url;
    const char *room;
    const char *const *speakers;
    size_t nspeakers;
    int64_t start, end;
    bool cancelled;
    bool delayed;
    bool verbatim; /* the text is already clean (copied from another
                    * schedule): copy it as is, never clean it twice */
};

/* A new, empty schedule in zone TZNAME (see tz_load). Free with sched_free. */
bool sched_new(const char *title, const char *acronym, const char *tzname, struct sched **out,
               struct err *err);

/* Adds a room if it is not there yet (matched by exact name); returns its
 * index through *idx. guid may be NULL. */
bool sched_add_room(struct sched *s, const char *name, const char *guid, size_t *idx,
                    struct err *err);

/* Adds a session (its room is added when new). Text is cleaned: HTML tags
 * stripped, entities decoded, \r\n folded to \n, invalid UTF-8 replaced. */
bool sched_add_session(struct sched *s, const struct sched_session_in *in, struct err *err);

/* Adds a track colour ("#rrggbb" or "#rgb"); an unreadable colour is
 * ignored (the track just has none). */
bool sched_add_track(struct sched *s, const char *name, const char *color, struct err *err);

bool sched_add_announce(struct sched *s, const char *text, const char *room, int64_t from,
                        int64_t until, struct err *err);

/* Sorts and indexes. When the schedule has no days, they are made from the
 * sessions' local dates (04:00 to 03:59 next day, as pretalx does). Must be
 * called once after the last add and before any lookup. */
bool sched_finish(struct sched *s, struct err *err);

/* ---- writing -------------------------------------------------------- */

/* A frab-shaped schedule.json (c3voc schema's required keys) with
 * roomboard's extensions; returns a new string, free with free(). NULL on
 * allocation failure. */
char *sched_to_json(const struct sched *s);

/* Plain-text cleaning used for every field: clean_text() (app/core/clean.h:
 * tags, entities, \r\n, invalid UTF-8, controls and bidi overrides, linear
 * time). Returns a new string (free with free()), NULL on allocation
 * failure. */
char *sched_clean_text(const char *in, size_t max);

#endif
