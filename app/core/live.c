/* live — see live.h. Every rule about what a screen shows is here, once. */
#include "live.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "tz.h"

#define DEFAULT_CYCLE_S 12

static int64_t min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

/* ---- the clock -------------------------------------------------------- */

int64_t live_waiting_instant(const struct sched *s)
{
    if (!s)
        return 0;
    return (s->ndays ? s->days[0].start : s->first_start) - 1;
}

enum live_clock live_pick_clock(int64_t real_ms, int64_t server_s, int64_t age_ms, int64_t *now)
{
    if (clock_plausible(real_ms)) {
        /* floor, also for instants before 1970 */
        *now = real_ms / 1000 - (real_ms % 1000 < 0);
        return LIVE_CLOCK_OK;
    }
    if (server_s > 0 && clock_plausible(server_s * 1000)) {
        *now = server_s + (age_ms > 0 ? age_ms / 1000 : 0);
        return LIVE_CLOCK_SERVER;
    }
    *now = 0;
    return LIVE_CLOCK_WAITING;
}

bool live_is_remote(const char *schedule)
{
    return schedule && strstr(schedule, "://") != NULL;
}

static const char *clock_name(enum live_clock c)
{
    return c == LIVE_CLOCK_WAITING ? "waiting" : c == LIVE_CLOCK_SERVER ? "server" : "ok";
}

static void fmt_hm(const struct sched *s, int64_t t, char *buf, size_t n)
{
    struct tz_tm tm;

    tz_local(s->tz, t, &tm);
    snprintf(buf, n, "%02d:%02d", tm.hour % 100, tm.min % 100);
}

/* ---- one room --------------------------------------------------------- */

static int minutes_until(int64_t from, int64_t to)
{
    int64_t m = (to - from + 59) / 60;
    return m > 1000000 ? 1000000 : (int)m;
}

static void fill_session(const struct sched *s, const struct sched_session *x, int64_t at,
                         bool running, struct live_session *o)
{
    struct tz_tm tm;

    o->s = x;
    fmt_hm(s, x->start, o->start, sizeof(o->start));
    fmt_hm(s, x->end, o->end, sizeof(o->end));
    tz_local(s->tz, x->start, &tm);
    snprintf(o->date, sizeof(o->date), "%04d-%02d-%02d", tm.year % 10000, tm.mon % 100,
             tm.mday % 100);
    o->minutes = minutes_until(at, running ? x->end : x->start);
}

/* The start of the first session after `next` that is not cancelled (a
 * cancelled talk does not end "room free"), on next's day. */
static int64_t free_until(const struct live_room *r)
{
    if (!r->next.s->cancelled)
        return r->next.s->start;
    for (size_t i = 0; i < r->nlater; i++)
        if (!r->later[i].s->cancelled)
            return r->later[i].s->start;
    return r->next.s->start;
}

static enum live_word room_word(const struct sched *s, const struct live_room *r)
{
    if (r->has_now)
        return LIVE_WORD_NONE;
    if (r->status == BOARD_BETWEEN && r->has_next)
        return LIVE_WORD_FREE_UNTIL;
    if (r->status == BOARD_BEFORE_EVENT && s->first_start > 0)
        return LIVE_WORD_BEFORE;
    if (r->status == BOARD_AFTER_EVENT)
        return LIVE_WORD_AFTER;
    return LIVE_WORD_DONE_TODAY;
}

/* The track all of a room's sessions share (sessions without a track,
 * such as breaks, do not count), or NULL. */
static const char *room_track(const struct sched_room *room)
{
    const char *track = NULL;

    for (size_t i = 0; i < room->nsessions; i++) {
        const char *t = room->sessions[i]->track;
        if (!t || !*t)
            continue;
        if (!track)
            track = t;
        else if (strcmp(track, t) != 0)
            return NULL;
    }
    return track;
}

static void fill_room(const struct sched *s, size_t idx, int64_t at, struct live_room *r)
{
    struct board_state st;
    const struct sched_session *later[LIVE_MAX_LATER];

    memset(r, 0, sizeof(*r));
    board_room(s, idx, at, &st);
    r->index = idx;
    r->name = s->rooms[idx].name;
    r->guid = s->rooms[idx].guid;
    r->track = room_track(&s->rooms[idx]);
    r->status = st.status;
    r->status_name = board_status_name(st.status);
    r->progress = st.now ? st.progress : 0;
    if ((r->has_now = st.now != NULL))
        fill_session(s, st.now, at, true, &r->now);
    if ((r->has_next = st.next != NULL)) {
        fill_session(s, st.next, at, false, &r->next);
        r->next_starting = st.next->start - at < 60;
    }
    r->next_same_day = st.status == BOARD_IN_SESSION || st.status == BOARD_BETWEEN;
    r->nlater = board_later(s, idx, at, later, LIVE_MAX_LATER);
    if (r->nlater > LIVE_MAX_LATER)
        r->nlater = LIVE_MAX_LATER;
    for (size_t i = 0; i < r->nlater; i++)
        fill_session(s, later[i], at, false, &r->later[i]);
    r->word = room_word(s, r);
    r->free_until = -1;
    if (r->word == LIVE_WORD_FREE_UNTIL) {
        r->free_until = free_until(r);
        fmt_hm(s, r->free_until, r->free_until_hm, sizeof(r->free_until_hm));
    }
}

/* ---- rooms, announcements -------------------------------------------- */

bool live_is_pattern(const char *room)
{
    return room && strpbrk(room, "*?[") != NULL;
}

/* fnmatch, case-insensitive for ASCII like sched_find_room (FNM_CASEFOLD
 * is a GNU extension): both sides lowered into bounded copies. */
static bool room_matches(const char *pattern, const char *name)
{
    char p[256], n[256];
    size_t i;

    if (!name || !*name || strlen(pattern) >= sizeof(p) || strlen(name) >= sizeof(n))
        return false;
    for (i = 0; pattern[i]; i++)
        p[i] = (char)((pattern[i] >= 'A' && pattern[i] <= 'Z') ? pattern[i] + 32 : pattern[i]);
    p[i] = '\0';
    for (i = 0; name[i]; i++)
        n[i] = (char)((name[i] >= 'A' && name[i] <= 'Z') ? name[i] + 32 : name[i]);
    n[i] = '\0';
    return fnmatch(p, n, 0) == 0;
}

static void note_missing(struct live *l, const char *room, size_t *at)
{
    if (!l->first_missing)
        l->first_missing = room;
    if (*at < sizeof(l->missing)) {
        int k =
            snprintf(l->missing + *at, sizeof(l->missing) - *at, "%s%s", *at ? "\", \"" : "", room);
        if (k > 0)
            *at += (size_t)k;
    }
}

/* Resolves the configured rooms into idx[] (room s->nrooms at most, each
 * once; in[] marks the rooms taken): names and guids in their order, the
 * rooms a pattern matches in the schedule's. The ones that match nothing go
 * to l->missing. Returns how many were found; *lobby: a pattern was given. */
static size_t resolve_rooms(struct live *l, const struct live_opts *o, size_t *idx, bool *in,
                            bool *lobby)
{
    const struct sched *s = l->sched;
    size_t n = 0, at = 0;

    *lobby = false;
    for (size_t i = 0; o && i < o->nrooms; i++) {
        const char *want = o->rooms[i];
        if (live_is_pattern(want)) {
            bool matched = false;
            *lobby = true;
            for (size_t r = 0; r < s->nrooms; r++) {
                if (!room_matches(want, s->rooms[r].name) && !room_matches(want, s->rooms[r].guid))
                    continue;
                matched = true;
                if (!in[r])
                    idx[n++] = r;
                in[r] = true;
            }
            if (!matched)
                note_missing(l, want, &at);
            continue;
        }
        int r = sched_find_room(s, want);
        if (r < 0) {
            note_missing(l, want, &at);
            continue;
        }
        if (!in[r])
            idx[n++] = (size_t)r;
        in[r] = true;
    }
    return n;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static bool announce_live(const struct sched_announce *a, int64_t at)
{
    return at >= a->from && at < a->until;
}

/* Every live announcement (overview), then each room's share of them. */
static bool fill_announcements(struct live *l, struct err *err)
{
    const struct sched *s = l->sched;
    size_t n = 0, used = 0;

    for (size_t i = 0; i < s->nannounces; i++)
        n += announce_live(&s->announces[i], l->at);
    if (n == 0)
        return true;
    l->ann = calloc(n, sizeof(*l->ann));
    l->ann_pool_ = calloc(n * l->nrooms + 1, sizeof(*l->ann_pool_));
    if (!l->ann || !l->ann_pool_)
        return err_set(err, "live: out of memory for %zu announcements", n);
    for (size_t i = 0; i < s->nannounces; i++) {
        const struct sched_announce *a = &s->announces[i];
        if (!announce_live(a, l->at))
            continue;
        struct live_announce *o = &l->ann[l->nann++];
        o->text = a->text;
        o->room = a->room >= 0 && (size_t)a->room < s->nrooms ? a->room : -1;
        o->room_name = o->room >= 0 ? s->rooms[o->room].name : NULL;
    }
    for (size_t r = 0; r < l->nrooms; r++) {
        struct live_room *lr = &l->rooms[r];
        lr->ann = &l->ann_pool_[used];
        for (size_t i = 0; i < l->nann; i++)
            if (l->ann[i].room < 0 || (size_t)l->ann[i].room == lr->index)
                l->ann_pool_[used + lr->nann++] = l->ann[i].text;
        used += lr->nann;
    }
    return true;
}

static bool fill_rooms(struct live *l, const struct live_opts *o, struct err *err)
{
    const struct sched *s = l->sched;
    size_t nfound = 0;
    bool lobby = false;
    size_t *idx = calloc(s->nrooms ? s->nrooms : 1, sizeof(*idx));
    bool *in = calloc(s->nrooms ? s->nrooms : 1, sizeof(*in));

    if (!idx || !in) {
        free(idx);
        free(in);
        return err_set(err, "live: out of memory for %zu rooms", s->nrooms);
    }
    nfound = resolve_rooms(l, o, idx, in, &lobby);
    free(in);
    /* A lobby lists its rooms as the schedule does, so people learn where
     * to look; rooms in session are not moved first. */
    if (lobby)
        qsort(idx, nfound, sizeof(*idx), cmp_size);
    l->overview = nfound == 0 || lobby;
    l->nrooms = nfound == 0 ? s->nrooms : nfound;
    l->rooms = calloc(l->nrooms ? l->nrooms : 1, sizeof(*l->rooms));
    if (!l->rooms) {
        free(idx);
        return err_set(err, "live: out of memory for %zu rooms", l->nrooms);
    }
    for (size_t i = 0; i < l->nrooms; i++)
        fill_room(s, nfound == 0 ? i : idx[i], l->at, &l->rooms[i]);
    free(idx);
    return true;
}

/* ---- cycle, active hours, next change --------------------------------- */

static void fill_cycle(struct live *l, const struct live_in *in)
{
    l->cycle_s = in->opts && in->opts->cycle_s > 0 ? in->opts->cycle_s : DEFAULT_CYCLE_S;
    l->shown = -1;
    l->page = 0;
    l->cycle_len = 1;
    if (!l->sched)
        return;
    if (l->overview) {
        int page_s = in->opts && in->opts->page_s > 0 ? in->opts->page_s : l->cycle_s;
        l->cycle_s = page_s < LIVE_MIN_PAGE_S ? LIVE_MIN_PAGE_S : page_s;
        l->cycle_len = in->overview_pages > 0 ? (size_t)in->overview_pages : 1;
        l->page = (int)(in->cycle_pos % l->cycle_len);
    } else {
        l->cycle_len = l->nrooms;
        l->shown = (int)(in->cycle_pos % l->nrooms);
    }
}

/* Minutes after local midnight in the event's zone (UTC without one). */
static int local_minutes(const struct sched *s, int64_t t)
{
    struct tz_tm tm;

    if (!s)
        return (int)(((t % 86400) + 86400) % 86400 / 60);
    tz_local(s->tz, t, &tm);
    return tm.hour * 60 + tm.min;
}

static void fill_active(struct live *l, const struct live_opts *o)
{
    int from = o ? o->active_from_min : -1, until = o ? o->active_until_min : -1;
    int m, target, d;

    l->on = true;
    l->switch_at = INT64_MAX;
    if (from < 0 || until < 0 || from == until)
        return;
    m = local_minutes(l->sched, l->at);
    l->on = from < until ? (m >= from && m < until) : (m >= from || m < until);
    target = l->on ? until : from;
    d = ((target - m) % 1440 + 1440) % 1440;
    if (d == 0)
        d = 1440;
    l->switch_at = l->at + (int64_t)d * 60 - (((l->at % 60) + 60) % 60);
}

/* The next instant the answer changes: the next minute (clock, "ends in"),
 * a session of a shown room starting or ending, an announcement coming or
 * going, the active hours switching. Off, only the switch matters. */
static int64_t next_change(const struct live *l)
{
    int64_t t = l->at, next = t - (((t % 60) + 60) % 60) + 60;
    const struct sched *s = l->sched;

    if (!l->on)
        return l->switch_at;
    next = min64(next, l->switch_at);
    if (!s)
        return next;
    for (size_t i = 0; i < l->nrooms; i++) {
        if (l->shown >= 0 && (size_t)l->shown != i)
            continue;
        int64_t c = board_next_change(s, l->rooms[i].index, t);
        if (c > t)
            next = min64(next, c);
    }
    for (size_t i = 0; i < s->nannounces; i++) {
        const struct sched_announce *a = &s->announces[i];
        if (a->from > t)
            next = min64(next, a->from);
        if (a->until > t)
            next = min64(next, a->until);
    }
    return next;
}

/* The door-status feed and local overrides land here (see live.h): until
 * that work defines struct live_door, there is nothing to apply. */
static void apply_door(struct live *l, const struct live_door *door)
{
    (void)l;
    (void)door;
}

static void fill_source(struct live *l, const struct live_source *src)
{
    l->src.source = src && src->source ? src->source : "";
    l->src.url = src && src->url ? src->url : "";
    l->src.error = src && src->error ? src->error : "";
    l->src.fetched_at = src ? src->fetched_at : -1;
    l->src.stale = src && src->stale;
}

bool live_compute(const struct live_in *in, struct live *out, struct err *err)
{
    memset(out, 0, sizeof(*out));
    out->sched = in->sched;
    out->clock = in->clock;
    out->clock_name = clock_name(in->clock);
    out->time_known = in->clock != LIVE_CLOCK_WAITING;
    out->at = out->time_known ? in->now : live_waiting_instant(in->sched);
    out->no_schedule = in->sched == NULL;
    fill_source(out, in->src);
    if (in->sched) {
        out->event_start = in->sched->first_start;
        if (out->time_known)
            fmt_hm(in->sched, out->at, out->clock_hm, sizeof(out->clock_hm));
        if (!fill_rooms(out, in->opts, err) || !fill_announcements(out, err)) {
            live_clear(out);
            return false;
        }
    }
    fill_cycle(out, in);
    fill_active(out, in->opts);
    apply_door(out, in->door);
    out->next_change = next_change(out);
    return true;
}

void live_clear(struct live *l)
{
    if (!l)
        return;
    free(l->rooms);
    free(l->ann);
    free(l->ann_pool_);
    memset(l, 0, sizeof(*l));
}

const struct live_room *live_find(const struct live *l, size_t room_index)
{
    for (size_t i = 0; i < l->nrooms; i++)
        if (l->rooms[i].index == room_index)
            return &l->rooms[i];
    return NULL;
}
