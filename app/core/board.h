/* board — the now/next engine: what a room's screen shows at an instant.
 *
 * Pure: works on a finished struct sched and an absolute instant, no SDL, no
 * clock of its own. A lookup is a binary search in the room's sorted
 * sessions plus a short walk back over sessions that may still be running,
 * so it is O(log n + overlaps) and cheap enough for every frame. */
#ifndef ROOMBOARD_BOARD_H
#define ROOMBOARD_BOARD_H

#include <stdint.h>

#include "sched.h"

enum board_status {
    BOARD_IN_SESSION,   /* a session is running */
    BOARD_BETWEEN,      /* free now, the next session is on the same day */
    BOARD_DONE_TODAY,   /* nothing more today; next (if any) on a later day */
    BOARD_BEFORE_EVENT, /* the event has not started yet */
    BOARD_AFTER_EVENT,  /* the event is over */
};

struct board_state {
    enum board_status status;
    const struct sched_session *now;  /* running session or NULL */
    const struct sched_session *next; /* next to start in this room or NULL */
    double progress;                  /* 0..1 through `now`, 0 when none */
    int day;                          /* conference day of t, -1 if none */
};

/* The state of ROOM at instant T. Rules (docs/engine.md):
 * - now: among sessions with start <= t < end, the one that started last
 *   (a talk inside a longer block wins over the block), a non-cancelled one
 *   before a cancelled one; zero-length sessions are never "now".
 * - next: the first session starting after t (zero-length ones included).
 * - before-event: t before the event's first session; after-event: t at or
 *   after the event's last end, or no session left anywhere.
 * - between-sessions vs done-for-today: whether next falls on the same
 *   conference day as t (days from the schedule, e.g. 04:00-03:59). */
void board_room(const struct sched *s, size_t room, int64_t t, struct board_state *out);

/* The conference day that instant t belongs to: the day whose
 * [start, end) holds t, else the last day that started before t; -1 before
 * the first day. */
int board_day_of(const struct sched *s, int64_t t);

/* "in-session", "between-sessions", "done-for-today", "before-event",
 * "after-event". */
const char *board_status_name(enum board_status st);

/* Sessions of ROOM after `next` on the same conference day as `next`, for
 * the "later today" list: writes up to max pointers, returns the count. */
size_t board_later(const struct sched *s, size_t room, int64_t t, const struct sched_session **out,
                   size_t max);

/* The instant (> t) at which board_room()'s answer for ROOM changes next (a
 * session starts or ends), or INT64_MAX. Lets the render loop sleep. */
int64_t board_next_change(const struct sched *s, size_t room, int64_t t);

/* For the bundled demo: NOW (seconds) when it falls inside the event, else a
 * moment on the first day with a talk running (the first session with a
 * speaker, a third of the way in), so a demo board looks live. */
int64_t board_demo_instant(const struct sched *s, int64_t now);

#endif
