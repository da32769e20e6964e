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

/* One session at AT, its room running DELAY seconds late: the expected
 * times are shown (and counted down to), the scheduled ones kept beside. */
static void fill_session(const struct sched *s, const struct sched_session *x, int64_t at,
                         bool running, int64_t delay, struct live_session *o)
{
    struct tz_tm tm;

    o->s = x;
    o->start_t = x->start + delay;
    o->end_t = x->end + delay;
    fmt_hm(s, o->start_t, o->start, sizeof(o->start));
    fmt_hm(s, o->end_t, o->end, sizeof(o->end));
    if (delay) {
        fmt_hm(s, x->start, o->sched_start, sizeof(o->sched_start));
        fmt_hm(s, x->end, o->sched_end, sizeof(o->sched_end));
    }
    tz_local(s->tz, o->start_t, &tm);
    snprintf(o->date, sizeof(o->date), "%04d-%02d-%02d", tm.year % 10000, tm.mon % 100,
             tm.mday % 100);
    o->minutes = minutes_until(at, running ? o->end_t : o->start_t);
    o->url = x->url && *x->url ? x->url : NULL;
    o->delayed = x->delayed;
}

/* The start of the first session after `next` that is not cancelled (a
 * cancelled talk does not end "room free"), on next's day. */
static int64_t free_until(const struct live_room *r)
{
    if (!r->next.s->cancelled)
        return r->next.start_t;
    for (size_t i = 0; i < r->nlater; i++)
        if (!r->later[i].s->cancelled)
            return r->later[i].start_t;
    return r->next.start_t;
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

/* Room IDX at AT, running DELAY seconds late: the engine answers for the
 * scheduled instant AT - DELAY, the times are shown shifted. */
static void fill_room(const struct sched *s, size_t idx, int64_t at, int64_t delay,
                      struct live_room *r)
{
    struct board_state st;
    const struct sched_session *later[LIVE_MAX_LATER];

    memset(r, 0, sizeof(*r));
    board_room(s, idx, at - delay, &st);
    r->index = idx;
    r->name = s->rooms[idx].name;
    r->guid = s->rooms[idx].guid;
    r->track = room_track(&s->rooms[idx]);
    r->status = st.status;
    r->status_name = board_status_name(st.status);
    r->progress = st.now ? st.progress : 0;
    r->delay_min = (int)(delay / 60);
    if ((r->has_now = st.now != NULL))
        fill_session(s, st.now, at, true, delay, &r->now);
    if ((r->has_next = st.next != NULL)) {
        fill_session(s, st.next, at, false, delay, &r->next);
        r->next_starting = r->next.start_t - at < 60;
    }
    r->next_same_day = st.status == BOARD_IN_SESSION || st.status == BOARD_BETWEEN;
    r->nlater = board_later(s, idx, at - delay, later, LIVE_MAX_LATER);
    if (r->nlater > LIVE_MAX_LATER)
        r->nlater = LIVE_MAX_LATER;
    for (size_t i = 0; i < r->nlater; i++)
        fill_session(s, later[i], at, false, delay, &r->later[i]);
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

/* The door feed's announcements (same shape as the schedule's), unless
 * the feed is stale; one naming a room the schedule lacks is left out. */
static size_t feed_announcements(const struct live *l, const struct status *st,
                                 struct live_announce *out)
{
    size_t n = 0;

    for (size_t i = 0; st && !l->status_stale && i < st->nannounces; i++) {
        const struct status_announce *a = &st->announces[i];
        int room = a->room ? sched_find_room(l->sched, a->room) : -1;
        if (l->at < a->from || l->at >= a->until || (a->room && room < 0))
            continue;
        if (out)
            out[n] = (struct live_announce){a->text, room,
                                            room >= 0 ? l->sched->rooms[room].name : NULL};
        n++;
    }
    return n;
}

/* Every live announcement (overview), then each room's share of them. */
static bool fill_announcements(struct live *l, const struct status *st, struct err *err)
{
    const struct sched *s = l->sched;
    size_t n = feed_announcements(l, st, NULL), used = 0;

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
    l->nann += feed_announcements(l, st, l->ann + l->nann);
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

/* What the door feed and the local overrides say per room of the model
 * (sched->nrooms entries), staleness applied; defined with the door part. */
static void door_views(struct live *l, const struct live_door *d, struct status_view *v);

static bool fill_rooms(struct live *l, const struct live_opts *o, const struct status_view *dv,
                       struct err *err)
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
    for (size_t i = 0; i < l->nrooms; i++) {
        size_t k = nfound == 0 ? i : idx[i];
        fill_room(s, k, l->at, dv ? (int64_t)dv[k].delay_min * 60 : 0, &l->rooms[i]);
    }
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
        int64_t delay = (int64_t)l->rooms[i].delay_min * 60;
        int64_t c = board_next_change(s, l->rooms[i].index, t - delay);
        if (c != INT64_MAX && c + delay > t)
            next = min64(next, c + delay);
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

/* ---- door status (docs/door.md) ---------------------------------------- */

static bool status_is_stale(const struct live_door *d)
{
    int64_t stale_s = d->status_stale_s > 0 ? d->status_stale_s : 300;

    return d->status_configured &&
           (d->status_fetched_at < 0 || d->real_now - d->status_fetched_at > stale_s);
}

static const struct live_local *find_local(const struct live_door *d, size_t room)
{
    for (size_t i = 0; i < d->nlocal; i++)
        if (d->local[i].room >= 0 && (size_t)d->local[i].room == room)
            return &d->local[i];
    return NULL;
}

static void door_views(struct live *l, const struct live_door *d, struct status_view *v)
{
    const struct sched *s = l->sched;

    l->status_configured = d->status_configured;
    l->status_fetched_at = d->status_fetched_at;
    l->status_stale = status_is_stale(d);
    /* A stale feed's room entries are dropped: a full sign must never
     * linger wrongly. */
    if (d->status && !l->status_stale)
        status_bind(d->status, s, l->at, v, l->status_unknown, sizeof(l->status_unknown));
    for (size_t i = 0; i < d->nlocal; i++) {
        const struct live_local *o = &d->local[i];
        if (o->room >= 0 && (size_t)o->room < s->nrooms && o->delay_min > 0)
            v[o->room].delay_min = o->delay_min;
    }
}

/* The badge of one shown session, if its change is recent enough. */
static void badge(const struct live_door *d, int64_t at, struct live_session *ls)
{
    const struct change *c;
    int hours = d->changes_hours > 0 ? d->changes_hours : CHANGES_HOURS;

    if (!d->changes || !ls->s)
        return;
    c = changes_find(d->changes, ls->s->guid);
    if (c && !c->vanished && changes_badge_live(c, at, hours))
        ls->change = c;
}

static void badges(const struct live_door *d, int64_t at, struct live_room *r)
{
    if (r->has_now)
        badge(d, at, &r->now);
    if (r->has_next)
        badge(d, at, &r->next);
    for (size_t i = 0; i < r->nlater; i++)
        badge(d, at, &r->later[i]);
}

/* Sessions that left room R and would still be ahead of or in progress
 * at AT today: "moved to Saal 2" (or cancelled) where they would have been. */
static void moved_out(const struct live *l, const struct live_door *d, struct live_room *r)
{
    const struct change *c[LIVE_MAX_MOVED];
    int day = sched_day_of(l->sched, l->at);
    int64_t until =
        day >= 0 && l->at < l->sched->days[day].end ? l->sched->days[day].end : l->at + 12 * 3600;
    size_t n;

    if (!d->changes)
        return;
    n = changes_left_room(d->changes, r->name, l->at, until, c, LIVE_MAX_MOVED);
    for (size_t i = 0; i < n; i++) {
        struct live_moved *m = &r->moved_out[r->nmoved_out++];
        m->title = c[i]->title;
        m->to_room = c[i]->kind == CHANGE_MOVED ? c[i]->room : NULL;
        m->start_t = c[i]->start;
        m->sched_start_t = c[i]->from_start;
        fmt_hm(l->sched, m->start_t, m->start, sizeof(m->start));
        fmt_hm(l->sched, m->sched_start_t, m->sched_start, sizeof(m->sched_start));
    }
}

/* "Room full": the other rooms' running sessions, same track first. */
static void others(const struct live *l, struct live_room *r)
{
    const struct sched *s = l->sched;
    const char *track = r->has_now ? r->now.s->track : r->has_next ? r->next.s->track : NULL;

    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < s->nrooms && r->nothers < LIVE_MAX_OTHERS; i++) {
            struct board_state st;
            if (i == r->index)
                continue;
            board_room(s, i, l->at, &st);
            if (!st.now || st.now->cancelled)
                continue;
            bool same = track && *track && st.now->track && strcmp(track, st.now->track) == 0;
            if (same != (pass == 0))
                continue;
            struct live_other *o = &r->others[r->nothers++];
            o->room = s->rooms[i].name;
            fill_session(s, st.now, l->at, true, 0, &o->now);
        }
    }
}

static void door_room(const struct live *l, const struct live_door *d, const struct status_view *dv,
                      struct live_room *r)
{
    const struct live_local *o = find_local(d, r->index);
    const struct status_view *v = &dv[r->index];

    r->full = o && o->has_full ? o->full : v->full;
    r->full_from = o && o->has_full ? "local" : v->full ? "feed" : NULL;
    r->note = v->note;
    r->delay_from = o && o->delay_min > 0 ? "local" : v->delay_min > 0 ? "feed" : NULL;
    badges(d, l->at, r);
    moved_out(l, d, r);
    if (r->full)
        others(l, r);
}

/* The emergency for this screen: for every screen, or for one of its
 * rooms. It lights a panel that is off for the active hours. */
static void emergency(struct live *l, const struct live_door *d)
{
    const struct status_emergency *e = NULL;

    if (!d->status)
        return;
    if (l->overview)
        e = status_emergency_at(d->status, l->sched, -1, l->at);
    for (size_t i = 0; !l->overview && !e && i < l->nrooms; i++)
        e = status_emergency_at(d->status, l->sched, (int)l->rooms[i].index, l->at);
    if (!e)
        return;
    l->emergency = e->text;
    l->emergency_until = e->until;
    l->on = true;
}

static void apply_door(struct live *l, const struct live_door *d, const struct status_view *dv)
{
    l->emergency_until = INT64_MAX;
    if (!l->sched || !dv)
        return;
    for (size_t i = 0; i < l->nrooms; i++)
        door_room(l, d, dv, &l->rooms[i]);
    emergency(l, d);
}

static struct live_source copy_source(const struct live_source *src)
{
    struct live_source o;

    o.source = src && src->source ? src->source : "";
    o.url = src && src->url ? src->url : "";
    o.error = src && src->error ? src->error : "";
    o.format = src && src->format ? src->format : "";
    o.fetched_at = src ? src->fetched_at : -1;
    o.stale = src && src->stale;
    return o;
}

/* Every source, and the one the status line names: with several, the
 * first that is stale or failing (one broken source among good ones must
 * be named), else the first. */
static void fill_sources(struct live *l, const struct live_in *in)
{
    size_t n = in->src ? (in->nsrc ? in->nsrc : 1) : 0;

    if (n > LIVE_MAX_SOURCES)
        n = LIVE_MAX_SOURCES;
    for (size_t i = 0; i < n; i++)
        l->srcs[i] = copy_source(&in->src[i]);
    l->nsrcs = n;
    l->src_index = 0;
    for (size_t i = 0; i < n; i++) {
        if (l->srcs[i].stale) {
            l->src_index = i;
            break;
        }
    }
    l->src = n ? l->srcs[l->src_index] : copy_source(NULL);
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
    fill_sources(out, in);
    struct status_view *dv = NULL;
    if (in->sched) {
        out->event_start = in->sched->first_start;
        if (out->time_known)
            fmt_hm(in->sched, out->at, out->clock_hm, sizeof(out->clock_hm));
        if (in->door && !(dv = calloc(in->sched->nrooms + 1, sizeof(*dv)))) {
            live_clear(out);
            return err_set(err, "live: out of memory for the door status");
        }
        if (dv)
            door_views(out, in->door, dv);
        if (!fill_rooms(out, in->opts, dv, err) ||
            !fill_announcements(out, in->door ? in->door->status : NULL, err)) {
            free(dv);
            live_clear(out);
            return false;
        }
    }
    fill_cycle(out, in);
    fill_active(out, in->opts);
    if (in->door)
        apply_door(out, in->door, dv);
    free(dv);
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
