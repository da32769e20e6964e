#include "board.h"

#include <string.h>

/* Index of the first session of room r that starts after t. */
static size_t first_after(const struct sched_room *r, int64_t t)
{
    size_t lo = 0, hi = r->nsessions;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->sessions[mid]->start <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Whether a should be shown as "now" rather than b (both running). */
static bool better_now(const struct sched_session *a, const struct sched_session *b)
{
    if (a->cancelled != b->cancelled)
        return !a->cancelled;
    if (a->start != b->start)
        return a->start > b->start;
    return a->end < b->end;
}

int board_day_of(const struct sched *s, int64_t t)
{
    return sched_day_of(s, t);
}

void board_room(const struct sched *s, size_t room, int64_t t, struct board_state *out)
{
    const struct sched_room *r;
    size_t idx;

    memset(out, 0, sizeof(*out));
    out->day = sched_day_of(s, t);
    if (room >= s->nrooms) {
        out->status = s->nsessions && t >= s->last_end ? BOARD_AFTER_EVENT : BOARD_BEFORE_EVENT;
        return;
    }
    r = &s->rooms[room];
    idx = first_after(r, t);
    out->next = idx < r->nsessions ? r->sessions[idx] : NULL;
    /* Walk back only while something older can still be running. */
    for (size_t j = idx; j-- > 0 && r->maxend[j] > t;) {
        const struct sched_session *x = r->sessions[j];
        if (x->end > t && x->end > x->start && (!out->now || better_now(x, out->now)))
            out->now = x;
    }
    if (out->now) {
        out->status = BOARD_IN_SESSION;
        out->progress = (double)(t - out->now->start) / (double)(out->now->end - out->now->start);
    } else if (s->nsessions == 0 || t < s->first_start) {
        out->status = BOARD_BEFORE_EVENT;
    } else if (t >= s->last_end) {
        out->status = BOARD_AFTER_EVENT;
    } else if (out->next && sched_day_of(s, out->next->start) == out->day) {
        out->status = BOARD_BETWEEN;
    } else {
        out->status = BOARD_DONE_TODAY;
    }
}

const char *board_status_name(enum board_status st)
{
    switch (st) {
    case BOARD_IN_SESSION:
        return "in-session";
    case BOARD_BETWEEN:
        return "between-sessions";
    case BOARD_DONE_TODAY:
        return "done-for-today";
    case BOARD_BEFORE_EVENT:
        return "before-event";
    case BOARD_AFTER_EVENT:
        return "after-event";
    }
    return "unknown";
}

size_t board_later(const struct sched *s, size_t room, int64_t t, const struct sched_session **out,
                   size_t max)
{
    const struct sched_room *r;
    size_t idx, n = 0;
    int day;

    if (room >= s->nrooms)
        return 0;
    r = &s->rooms[room];
    idx = first_after(r, t);
    if (idx >= r->nsessions)
        return 0;
    day = r->sessions[idx]->day;
    for (size_t k = idx + 1; k < r->nsessions && n < max && r->sessions[k]->day == day; k++)
        out[n++] = r->sessions[k];
    return n;
}

int64_t board_next_change(const struct sched *s, size_t room, int64_t t)
{
    const struct sched_room *r;
    int64_t best = INT64_MAX;
    size_t idx;
    int day = sched_day_of(s, t);

    if ((size_t)(day + 1) < s->ndays && s->days[day + 1].start > t)
        best = s->days[day + 1].start;
    if (room >= s->nrooms)
        return best;
    r = &s->rooms[room];
    idx = first_after(r, t);
    if (idx < r->nsessions && r->sessions[idx]->start < best)
        best = r->sessions[idx]->start;
    for (size_t j = idx; j-- > 0 && r->maxend[j] > t;)
        if (r->sessions[j]->end > t && r->sessions[j]->end < best)
            best = r->sessions[j]->end;
    return best;
}

int64_t board_demo_instant(const struct sched *s, int64_t now)
{
    if (s->nsessions == 0 || (now >= s->first_start && now < s->last_end))
        return now;
    for (size_t i = 0; i < s->nsessions; i++) {
        const struct sched_session *x = &s->sessions[i];
        if (x->nspeakers && x->end > x->start)
            return x->start + (x->end - x->start) / 3;
    }
    return s->first_start;
}
