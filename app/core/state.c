/* state — see state.h. */
#include "state.h"

#include <cjson/cJSON.h>
#include <stdio.h>

#include "tz.h"

static void add_iso(cJSON *o, const char *key, const struct sched *s, int64_t t)
{
    char buf[40];

    tz_format_iso8601(s->tz, t, buf, sizeof(buf));
    cJSON_AddStringToObject(o, key, buf);
}

/* ---- door status (docs/door.md) ---------------------------------------- */

static cJSON *session_json(const struct sched *s, const struct live_session *ls, bool running);

static void add_str_or_null(cJSON *o, const char *key, const char *val)
{
    if (val)
        cJSON_AddStringToObject(o, key, val);
    else
        cJSON_AddNullToObject(o, key);
}

/* A session's door keys: the scheduled times when it runs late, its URL,
 * its change badge. */
static void add_door_session(cJSON *o, const struct sched *s, const struct live_session *ls)
{
    const struct change *c = ls->change;

    if (ls->sched_start[0]) {
        cJSON_AddStringToObject(o, "scheduled_start", ls->sched_start);
        cJSON_AddStringToObject(o, "scheduled_end", ls->sched_end);
    }
    add_str_or_null(o, "url", ls->url);
    cJSON_AddBoolToObject(o, "delayed", ls->delayed);
    if (!c) {
        cJSON_AddNullToObject(o, "change");
        return;
    }
    cJSON *ch = cJSON_AddObjectToObject(o, "change");
    char hm[8];
    struct tz_tm tm;
    cJSON_AddStringToObject(ch, "kind", changes_kind_name(c->kind));
    add_str_or_null(ch, "from_room", c->kind == CHANGE_MOVED ? c->from_room : NULL);
    if (c->kind == CHANGE_MOVED || c->kind == CHANGE_RETIMED) {
        tz_local(s->tz, c->from_start, &tm);
        snprintf(hm, sizeof(hm), "%02d:%02d", tm.hour % 100, tm.min % 100);
        cJSON_AddStringToObject(ch, "from_start", hm);
    } else {
        cJSON_AddNullToObject(ch, "from_start");
    }
}

static void add_door_room(cJSON *o, const struct sched *s, const struct live_room *r)
{
    cJSON *list;

    cJSON_AddBoolToObject(o, "full", r->full);
    add_str_or_null(o, "full_from", r->full_from);
    add_str_or_null(o, "note", r->note);
    cJSON_AddNumberToObject(o, "delay_min", r->delay_min);
    add_str_or_null(o, "delay_from", r->delay_from);
    list = cJSON_AddArrayToObject(o, "moved_out");
    for (size_t i = 0; list && i < r->nmoved_out; i++) {
        const struct live_moved *m = &r->moved_out[i];
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "title", m->title);
        add_str_or_null(x, "to_room", m->to_room);
        cJSON_AddStringToObject(x, "start", m->start);
        cJSON_AddStringToObject(x, "scheduled_start", m->sched_start);
        cJSON_AddBoolToObject(x, "cancelled", m->to_room == NULL);
        cJSON_AddItemToArray(list, x);
    }
    list = cJSON_AddArrayToObject(o, "also_now");
    for (size_t i = 0; list && i < r->nothers; i++) {
        cJSON *x = session_json(s, &r->others[i].now, true);
        cJSON_AddStringToObject(x, "room", r->others[i].room);
        cJSON_AddItemToArray(list, x);
    }
}

/* The emergency (or null) and the feed's own state. */
static void add_door(cJSON *root, const struct live *l)
{
    cJSON *e, *st;

    if (l->emergency) {
        e = cJSON_AddObjectToObject(root, "emergency");
        cJSON_AddStringToObject(e, "text", l->emergency);
        if (l->emergency_until != INT64_MAX)
            add_iso(e, "until", l->sched, l->emergency_until);
        else
            cJSON_AddNullToObject(e, "until");
    } else {
        cJSON_AddNullToObject(root, "emergency");
    }
    if (!l->status_configured)
        return;
    st = cJSON_AddObjectToObject(root, "status");
    if (l->status_fetched_at >= 0)
        add_iso(st, "fetched_at", l->sched, l->status_fetched_at);
    else
        cJSON_AddNullToObject(st, "fetched_at");
    cJSON_AddBoolToObject(st, "stale", l->status_stale);
    add_str_or_null(st, "unknown_rooms", l->status_unknown[0] ? l->status_unknown : NULL);
}

static cJSON *session_json(const struct sched *s, const struct live_session *ls, bool running)
{
    const struct sched_session *x = ls->s;
    cJSON *o = cJSON_CreateObject(), *sp;

    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "title", x->title);
    cJSON_AddStringToObject(o, "subtitle", x->subtitle);
    sp = cJSON_AddArrayToObject(o, "speakers");
    for (size_t i = 0; sp && i < x->nspeakers; i++)
        cJSON_AddItemToArray(sp, cJSON_CreateString(x->speakers[i]));
    cJSON_AddStringToObject(o, "start", ls->start);
    cJSON_AddStringToObject(o, "end", ls->end);
    cJSON_AddStringToObject(o, "date", ls->date);
    add_iso(o, "start_iso", s, x->start);
    add_iso(o, "end_iso", s, x->end);
    cJSON_AddStringToObject(o, "track", x->track);
    cJSON_AddStringToObject(o, "type", x->type);
    cJSON_AddStringToObject(o, "guid", x->guid);
    cJSON_AddBoolToObject(o, "cancelled", x->cancelled);
    cJSON_AddNumberToObject(o, running ? "ends_in_min" : "starts_in_min", ls->minutes);
    add_door_session(o, s, ls);
    return o;
}

static const char *word_name(enum live_word w)
{
    switch (w) {
    case LIVE_WORD_FREE_UNTIL:
        return "free-until";
    case LIVE_WORD_DONE_TODAY:
        return "done-for-today";
    case LIVE_WORD_BEFORE:
        return "event-starts";
    case LIVE_WORD_AFTER:
        return "event-over";
    case LIVE_WORD_NONE:
        break;
    }
    return NULL;
}

static void add_now_next(cJSON *o, const struct sched *s, const struct live_room *r)
{
    if (r->has_now) {
        cJSON *now = session_json(s, &r->now, true);
        cJSON_AddNumberToObject(now, "progress", (double)(int)(r->progress * 1000) / 1000.0);
        cJSON_AddItemToObject(o, "now", now);
    } else {
        cJSON_AddNullToObject(o, "now");
    }
    if (r->has_next) {
        cJSON *next = session_json(s, &r->next, false);
        cJSON_AddBoolToObject(next, "same_day", r->next_same_day);
        cJSON_AddItemToObject(o, "next", next);
    } else {
        cJSON_AddNullToObject(o, "next");
    }
}

static void add_room(cJSON *rooms, const struct sched *s, const struct live_room *r)
{
    cJSON *o = cJSON_CreateObject(), *later, *ann;
    const char *word = word_name(r->word);

    if (!o)
        return;
    cJSON_AddStringToObject(o, "room", r->name);
    cJSON_AddStringToObject(o, "guid", r->guid);
    cJSON_AddStringToObject(o, "status", r->status_name);
    if (word)
        cJSON_AddStringToObject(o, "message", word);
    else
        cJSON_AddNullToObject(o, "message");
    if (r->free_until >= 0)
        cJSON_AddStringToObject(o, "free_until", r->free_until_hm);
    else
        cJSON_AddNullToObject(o, "free_until");
    add_now_next(o, s, r);
    later = cJSON_AddArrayToObject(o, "later");
    for (size_t i = 0; later && i < r->nlater; i++)
        cJSON_AddItemToArray(later, session_json(s, &r->later[i], false));
    ann = cJSON_AddArrayToObject(o, "announcements");
    for (size_t i = 0; ann && i < r->nann; i++)
        cJSON_AddItemToArray(ann, cJSON_CreateString(r->ann[i]));
    add_door_room(o, s, r);
    cJSON_AddItemToArray(rooms, o);
}

static void add_event(cJSON *root, const struct sched *s)
{
    cJSON *ev = cJSON_AddObjectToObject(root, "event");

    cJSON_AddStringToObject(ev, "title", s->title);
    cJSON_AddStringToObject(ev, "acronym", s->acronym);
    cJSON_AddStringToObject(ev, "timezone", s->tzname);
    cJSON_AddStringToObject(ev, "timezone_source", s->tz_source ? s->tz_source : "schedule");
    cJSON_AddStringToObject(ev, "format", s->format ? s->format : "frab-json");
    cJSON_AddNumberToObject(ev, "sessions", (double)s->nsessions);
    cJSON_AddNumberToObject(ev, "rooms", (double)s->nrooms);
}

/* One source's status: KEYS of ROOT, or of one entry of "sources". */
static void add_source_keys(cJSON *o, const struct live *l, const struct live_source *src,
                            bool with_format)
{
    if (with_format) {
        /* in the list, a source with no copy yet says so: no format, no source */
        cJSON_AddItemToObject(o, "format",
                              *src->format ? cJSON_CreateString(src->format) : cJSON_CreateNull());
        cJSON_AddItemToObject(o, "source",
                              *src->source ? cJSON_CreateString(src->source) : cJSON_CreateNull());
    } else {
        cJSON_AddStringToObject(o, "source", *src->source ? src->source : "file");
    }
    if (*src->url)
        cJSON_AddStringToObject(o, "url", src->url);
    if (src->fetched_at >= 0)
        add_iso(o, "fetched_at", l->sched, src->fetched_at);
    else
        cJSON_AddNullToObject(o, "fetched_at");
    cJSON_AddBoolToObject(o, "stale", src->stale);
    if (*src->error)
        cJSON_AddStringToObject(o, "error", src->error);
}

/* The top-level keys describe the first (main) source, as they did before
 * there could be several; "sources" lists every one. */
static void add_source(cJSON *root, const struct live *l)
{
    cJSON *list;

    add_source_keys(root, l, l->nsrcs ? &l->srcs[0] : &l->src, false);
    if (!l->nsrcs || !(list = cJSON_AddArrayToObject(root, "sources")))
        return;
    for (size_t i = 0; i < l->nsrcs; i++) {
        cJSON *o = cJSON_CreateObject();
        if (!o)
            return;
        add_source_keys(o, l, &l->srcs[i], true);
        cJSON_AddItemToArray(list, o);
    }
}

/* What the panel does at this instant beyond the rooms: on or off (active
 * hours), room or overview page in the cycle, the overview's banner, when
 * the answer changes next. */
static void add_screen(cJSON *root, const struct live *l)
{
    cJSON *o = cJSON_AddObjectToObject(root, "screen"), *ann;

    cJSON_AddBoolToObject(o, "on", l->on);
    if (l->switch_at != INT64_MAX)
        add_iso(o, "switch_at", l->sched, l->switch_at);
    else
        cJSON_AddNullToObject(o, "switch_at");
    cJSON_AddStringToObject(o, "view", l->overview ? "overview" : "room");
    if (l->shown >= 0)
        cJSON_AddStringToObject(o, "shown", l->rooms[l->shown].name);
    else
        cJSON_AddNullToObject(o, "shown");
    cJSON_AddNumberToObject(o, "page", l->page);
    cJSON_AddNumberToObject(o, "cycle_len", (double)l->cycle_len);
    cJSON_AddNumberToObject(o, "cycle_s", l->cycle_s);
    add_iso(o, "next_change", l->sched, l->next_change);
    ann = cJSON_AddArrayToObject(o, "announcements");
    for (size_t i = 0; ann && i < l->nann; i++) {
        cJSON *a = cJSON_CreateObject();
        cJSON_AddStringToObject(a, "text", l->ann[i].text);
        if (l->ann[i].room_name)
            cJSON_AddStringToObject(a, "room", l->ann[i].room_name);
        else
            cJSON_AddNullToObject(a, "room");
        cJSON_AddItemToArray(ann, a);
    }
}

char *state_json(const struct live *l)
{
    cJSON *root, *list;
    char *out;

    if (!l->sched || !(root = cJSON_CreateObject()))
        return NULL;
    add_event(root, l->sched);
    add_iso(root, "at", l->sched, l->at);
    cJSON_AddStringToObject(root, "clock", l->clock_name);
    add_source(root, l);
    add_door(root, l);
    list = cJSON_AddArrayToObject(root, "rooms");
    for (size_t i = 0; list && i < l->nrooms; i++)
        add_room(list, l->sched, &l->rooms[i]);
    add_screen(root, l);
    out = cJSON_Print(root);
    cJSON_Delete(root);
    return out;
}
