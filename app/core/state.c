#include "state.h"

#include <cjson/cJSON.h>
#include <stdio.h>

#include "board.h"

static cJSON *session_json(const struct sched *s, const struct sched_session *x, int64_t at,
                           bool running)
{
    cJSON *o = cJSON_CreateObject(), *sp;
    struct tz_tm a, b;
    char buf[32];

    if (!o)
        return NULL;
    tz_local(s->tz, x->start, &a);
    tz_local(s->tz, x->end, &b);
    cJSON_AddStringToObject(o, "title", x->title);
    cJSON_AddStringToObject(o, "subtitle", x->subtitle);
    sp = cJSON_AddArrayToObject(o, "speakers");
    for (size_t i = 0; sp && i < x->nspeakers; i++)
        cJSON_AddItemToArray(sp, cJSON_CreateString(x->speakers[i]));
    snprintf(buf, sizeof(buf), "%02d:%02d", a.hour, a.min);
    cJSON_AddStringToObject(o, "start", buf);
    snprintf(buf, sizeof(buf), "%02d:%02d", b.hour, b.min);
    cJSON_AddStringToObject(o, "end", buf);
    snprintf(buf, sizeof(buf), "%04d-%02d-%02d", a.year, a.mon, a.mday);
    cJSON_AddStringToObject(o, "date", buf);
    tz_format_iso8601(s->tz, x->start, buf, sizeof(buf));
    cJSON_AddStringToObject(o, "start_iso", buf);
    tz_format_iso8601(s->tz, x->end, buf, sizeof(buf));
    cJSON_AddStringToObject(o, "end_iso", buf);
    cJSON_AddStringToObject(o, "track", x->track);
    cJSON_AddStringToObject(o, "type", x->type);
    cJSON_AddStringToObject(o, "guid", x->guid);
    cJSON_AddBoolToObject(o, "cancelled", x->cancelled);
    if (running)
        cJSON_AddNumberToObject(o, "ends_in_min", (double)((x->end - at + 59) / 60));
    else
        cJSON_AddNumberToObject(o, "starts_in_min", (double)((x->start - at + 59) / 60));
    return o;
}

static void add_room(cJSON *rooms, const struct sched *s, size_t room, int64_t at)
{
    cJSON *o = cJSON_CreateObject(), *later, *ann;
    struct board_state st;
    const struct sched_session *rest[32];
    size_t n;

    if (!o)
        return;
    board_room(s, room, at, &st);
    cJSON_AddStringToObject(o, "room", s->rooms[room].name);
    cJSON_AddStringToObject(o, "guid", s->rooms[room].guid);
    cJSON_AddStringToObject(o, "status", board_status_name(st.status));
    if (st.now) {
        cJSON *now = session_json(s, st.now, at, true);
        cJSON_AddNumberToObject(now, "progress", (double)(int)(st.progress * 1000) / 1000.0);
        cJSON_AddItemToObject(o, "now", now);
    } else {
        cJSON_AddNullToObject(o, "now");
    }
    if (st.next)
        cJSON_AddItemToObject(o, "next", session_json(s, st.next, at, false));
    else
        cJSON_AddNullToObject(o, "next");
    later = cJSON_AddArrayToObject(o, "later");
    n = board_later(s, room, at, rest, sizeof(rest) / sizeof(rest[0]));
    for (size_t i = 0; later && i < n; i++)
        cJSON_AddItemToArray(later, session_json(s, rest[i], at, false));
    ann = cJSON_AddArrayToObject(o, "announcements");
    for (size_t i = 0; ann && i < s->nannounces; i++) {
        const struct sched_announce *a = &s->announces[i];
        if ((a->room < 0 || (size_t)a->room == room) && at >= a->from && at < a->until)
            cJSON_AddItemToArray(ann, cJSON_CreateString(a->text));
    }
    cJSON_AddItemToArray(rooms, o);
}

char *state_json(const struct sched *s, const size_t *rooms, size_t nrooms, int64_t at,
                 const struct state_src *src)
{
    cJSON *root = cJSON_CreateObject(), *ev, *list;
    char buf[40];
    char *out;

    if (!root)
        return NULL;
    ev = cJSON_AddObjectToObject(root, "event");
    cJSON_AddStringToObject(ev, "title", s->title);
    cJSON_AddStringToObject(ev, "acronym", s->acronym);
    cJSON_AddStringToObject(ev, "timezone", s->tzname);
    cJSON_AddStringToObject(ev, "timezone_source", s->tz_source ? s->tz_source : "schedule");
    cJSON_AddStringToObject(ev, "format", s->format ? s->format : "frab-json");
    cJSON_AddNumberToObject(ev, "sessions", (double)s->nsessions);
    cJSON_AddNumberToObject(ev, "rooms", (double)s->nrooms);
    tz_format_iso8601(s->tz, at, buf, sizeof(buf));
    cJSON_AddStringToObject(root, "at", buf);
    cJSON_AddStringToObject(root, "clock",
                            !src                 ? "ok"
                            : src->clock_waiting ? "waiting"
                            : src->clock_server  ? "server"
                                                 : "ok");
    cJSON_AddStringToObject(root, "source", src && src->source ? src->source : "file");
    if (src && src->url)
        cJSON_AddStringToObject(root, "url", src->url);
    if (src && src->fetched_at >= 0) {
        tz_format_iso8601(s->tz, src->fetched_at, buf, sizeof(buf));
        cJSON_AddStringToObject(root, "fetched_at", buf);
    } else {
        cJSON_AddNullToObject(root, "fetched_at");
    }
    cJSON_AddBoolToObject(root, "stale", src && src->stale);
    if (src && src->error && *src->error)
        cJSON_AddStringToObject(root, "error", src->error);
    list = cJSON_AddArrayToObject(root, "rooms");
    if (nrooms == 0)
        for (size_t i = 0; list && i < s->nrooms; i++)
            add_room(list, s, i, at);
    for (size_t i = 0; list && i < nrooms; i++)
        if (rooms[i] < s->nrooms)
            add_room(list, s, rooms[i], at);
    out = cJSON_Print(root);
    cJSON_Delete(root);
    return out;
}
