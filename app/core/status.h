/* status — the door status feed: the small, fast-moving JSON beside the
 * schedule that says what is true at the door right now (room full, running
 * late, a note, an emergency, announcements). Public format:
 * docs/status-format.md.
 *
 * Pure: reads and writes the JSON, edits it (for roomboard-status) and
 * binds it to a schedule's rooms; no SDL, no curl, no files. The fetcher
 * checks the body (fetch_check_body) before status_load() sees it.
 *
 * Ownership: a `struct status` owns every string reachable from it; free it
 * with status_free(). */
#ifndef ROOMBOARD_STATUS_H
#define ROOMBOARD_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "sched.h"

/* Hard caps: a feed over these is refused, not truncated. */
#define STATUS_MAX_ROOMS     1000
#define STATUS_MAX_ANNOUNCES 100
#define STATUS_MAX_TEXT      1000 /* bytes per note / text */
#define STATUS_MAX_DELAY     720  /* minutes */

/* One room's entry. A field the feed did not set is "unset", so the tool can
 * edit one field and keep the others. */
struct status_room {
    char *key;          /* as written: a room name (any case) or a room guid */
    bool has_full;      /* "full" present */
    bool full;          /* ... and its value */
    int delay_min;      /* -1: unset; 0..STATUS_MAX_DELAY */
    char *note;         /* NULL: unset; cleaned plain text */
    int64_t until;      /* the entry ends at this instant; INT64_MAX: no end */
    char until_txt[40]; /* "until" as written, "" when unset (written back as is) */
};

struct status_announce {
    char *text;
    char *room;          /* NULL: every screen */
    int64_t from, until; /* INT64_MIN / INT64_MAX when unbounded */
    char from_txt[40], until_txt[40];
};

struct status_emergency {
    char *text; /* NULL: no emergency */
    int64_t until;
    char until_txt[40];
    char **rooms; /* NULL/0: every screen */
    size_t nrooms;
};

struct status {
    int64_t updated; /* INT64_MIN: not given */
    char updated_txt[40];
    struct status_room *rooms;
    size_t nrooms;
    struct status_announce *announces;
    size_t nannounces;
    struct status_emergency emergency;
};

/* ---- reading and writing -------------------------------------------- */

/* Parses a status document of LEN bytes. Anything the screen cannot use (a
 * value of the wrong type, an unreadable time, a delay out of range, a text
 * over STATUS_MAX_TEXT, more than STATUS_MAX_ROOMS rooms) fails the whole
 * document with one line naming the key, so a broken feed never replaces a
 * good one. Unknown keys are ignored (other tools may add their own). Room
 * names are not checked here (see status_bind). On success *out gets a new
 * status; on failure it is untouched. */
RB_MUST_CHECK bool status_load(const char *json, size_t len, struct status **out, struct err *err);

/* A new, empty status (for the tool, when there is no file yet). */
RB_MUST_CHECK bool status_new(struct status **out, struct err *err);

/* The document (see docs/status-format.md); new string, free with free();
 * NULL on allocation failure. Rooms and announcements keep their order. */
char *status_to_json(const struct status *st);

void status_free(struct status *st);

/* ---- editing (roomboard-status) --------------------------------------- */

/* The entry for KEY (matched case-insensitively), created when missing.
 * NULL on allocation failure or at STATUS_MAX_ROOMS. */
struct status_room *status_room_get(struct status *st, const char *key, struct err *err);

/* Drops KEY's entry; false when there was none. */
bool status_room_clear(struct status *st, const char *key);

/* Drops entries that say nothing any more (no full, no delay, no note). */
void status_prune(struct status *st);

/* Replaces a string field with a cleaned copy of TEXT (NULL clears it).
 * False on allocation failure or a text over STATUS_MAX_TEXT. */
RB_MUST_CHECK bool status_set_text(char **slot, const char *text, struct err *err);

/* Sets the emergency (TEXT, optional UNTIL, optional ROOMS), replacing any. */
RB_MUST_CHECK bool status_set_emergency(struct status *st, const char *text,
                                        const char *const *rooms, size_t nrooms, struct err *err);
void status_clear_emergency(struct status *st);

/* Drops every room entry, the emergency and the announcements. */
void status_clear_all(struct status *st);

/* Sets an "until" (ISO 8601 with offset) on a room entry or the emergency:
 * *until and its text. False with the reason when TXT is unreadable. */
RB_MUST_CHECK bool status_parse_until(const char *txt, int64_t *until, char *until_txt, size_t size,
                                      struct err *err);

/* ---- binding to a schedule ------------------------------------------- */

/* What the feed says about each room of a schedule at an instant. */
struct status_view {
    bool full;
    int delay_min;    /* 0: on time */
    const char *note; /* NULL: none; points into the status */
};

/* For every room of S, the feed's entry at instant AT (entries whose
 * `until` has passed are ignored): OUT has s->nrooms elements. When a room
 * has several entries (name and guid), full wins, the largest delay and the
 * first note. Entries naming no room of S are counted in the return value
 * and listed ("Saal 9, Atlantis") in UNKNOWN (may be NULL), so the caller
 * can report them without failing. */
size_t status_bind(const struct status *st, const struct sched *s, int64_t at,
                   struct status_view *out, char *unknown, size_t size);

/* The emergency for a screen showing ROOM (an index into S's rooms, or -1
 * for a screen with no room: only an emergency for every screen counts
 * there), at instant AT; NULL when there is none. */
const struct status_emergency *status_emergency_at(const struct status *st, const struct sched *s,
                                                   int room, int64_t at);

#endif
