#include "read_v2.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jval.h"
#include "when.h"

struct v2 {
    const cJSON *conf;
    const char *lang; /* the conference's default language, for per-language text */
    const struct read_opts *o;
    bool zone_known;
    struct sched *s;
};

/* A text that is a string, null, or {"en": ..., "de": ...}: the event's
 * language, else the conference default, else English, else the first. */
static const char *v2_text(const cJSON *o, const char *key, const char *want, const char *dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key), *c;
    const char *try[3] = {want, dflt, "en"};

    if (cJSON_IsString(v))
        return v->valuestring;
    if (!cJSON_IsObject(v))
        return NULL;
    for (int i = 0; i < 3; i++)
        if (try[i] && jval_str(v, try[i]))
            return jval_str(v, try[i]);
    cJSON_ArrayForEach(c, v)
    {
        if (cJSON_IsString(c))
            return c->valuestring;
    }
    return NULL;
}

static bool add_rooms(struct v2 *x, struct err *err)
{
    const cJSON *r;

    cJSON_ArrayForEach(r, jval_arr(x->conf, "rooms"))
    {
        const char *name = cJSON_IsString(r) ? r->valuestring : jval_str(r, "name");
        const cJSON *cap = cJSON_GetObjectItemCaseSensitive(r, "capacity");
        size_t idx;
        if (!name || !*name)
            continue;
        if (!sched_add_room(x->s, name, jval_str(r, "guid"), &idx, err))
            return false;
        if (cJSON_IsNumber(cap) && cap->valuedouble > 0 && cap->valuedouble < 1e7)
            x->s->rooms[idx].capacity = (long)cap->valuedouble;
    }
    return true;
}

static bool add_tracks(struct v2 *x, struct err *err)
{
    const cJSON *t;

    cJSON_ArrayForEach(t, jval_arr(x->conf, "tracks"))
    {
        const char *color = jval_str(t, "color");
        if (!color)
            color = jval_str(jval_obj(t, "colors"), "light");
        if (!sched_add_track(x->s, jval_str(t, "name"), color, err))
            return false;
    }
    return true;
}

/* The track's name: a string, or an object with a name or a slug that the
 * conference's tracks name. */
static const char *track_name(const struct v2 *x, const cJSON *ev)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(ev, "track"), *c;
    const char *slug;

    if (cJSON_IsString(t))
        return t->valuestring;
    if (jval_str(t, "name"))
        return jval_str(t, "name");
    slug = jval_str(t, "slug");
    cJSON_ArrayForEach(c, jval_arr(x->conf, "tracks"))
    {
        if (slug && jval_str(c, "slug") && strcmp(jval_str(c, "slug"), slug) == 0)
            return jval_str(c, "name");
    }
    return slug;
}

/* The room by guid (the v2 way), else by name; a guid that no room of the
 * conference has is an error, not a new room. */
static bool event_room(const struct v2 *x, const cJSON *ev, const char *title, const char **name,
                       struct err *err)
{
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(ev, "room");
    const char *guid = jval_str(r, "guid");

    if (cJSON_IsString(r) && *r->valuestring) {
        *name = r->valuestring;
        return true;
    }
    if (guid && *guid) {
        for (size_t i = 0; i < x->s->nrooms; i++)
            if (strcmp(x->s->rooms[i].guid, guid) == 0) {
                *name = x->s->rooms[i].name;
                return true;
            }
        return err_set(err,
                       "c3voc v2: event '%.80s' is in room %.60s, which schedule.conference.rooms "
                       "does not list",
                       title, guid);
    }
    *name = jval_str(r, "name");
    if (!*name || !**name)
        return err_set(err, "c3voc v2: event '%.80s' has no room", title);
    return true;
}

static size_t speakers(const cJSON *ev, const char **out)
{
    const cJSON *p;
    size_t n = 0;

    cJSON_ArrayForEach(p, jval_arr(ev, "participants"))
    {
        const char *role = jval_str(p, "role"), *name = jval_str(p, "name");
        if (role && strcasecmp(role, "SPEAKER") != 0)
            continue; /* contributors, moderators, ... are not shown */
        if (name && *name && n < SCHED_MAX_SPEAKERS)
            out[n++] = name;
    }
    cJSON_ArrayForEach(p, jval_arr(ev, "persons"))
    {
        const char *name = jval_str(p, "public_name");
        if (!name)
            name = jval_str(p, "name");
        if (name && *name && n < SCHED_MAX_SPEAKERS)
            out[n++] = name;
    }
    return n;
}

/* The event's page: "url", else the first link typed ORIGIN (or untyped). */
static const char *event_url(const cJSON *ev)
{
    const cJSON *l;

    if (jval_str(ev, "url"))
        return jval_str(ev, "url");
    cJSON_ArrayForEach(l, jval_arr(ev, "links"))
    {
        const char *type = jval_str(l, "type");
        if (!type || strcmp(type, "ORIGIN") == 0)
            return jval_str(l, "url");
    }
    return NULL;
}

static bool event_times(const struct v2 *x, const cJSON *ev, const char *title,
                        struct sched_session_in *in, struct err *err)
{
    const char *start = jval_str(ev, "start"), *end = jval_str(ev, "end");
    const char *dur = jval_str(ev, "duration");
    const struct tz *tz = x->zone_known ? x->s->tz : NULL;
    int64_t secs;
    int off;

    if (!x->zone_known && start && !when_has_offset(start, &off))
        return read_need_zone(err, "c3voc v2");
    if (!when_instant(start, tz, &in->start))
        return err_set(err, "c3voc v2: event '%.80s' has an unreadable start '%.40s'", title,
                       start ? start : "(none)");
    if (end && when_instant(end, tz, &in->end))
        return read_check_length("c3voc v2", title, in->start, in->end, err);
    if (when_duration(dur, false, &secs)) {
        in->end = in->start + secs;
        return read_check_length("c3voc v2", title, in->start, in->end, err);
    }
    return err_set(err, "c3voc v2: event '%.80s' has an unreadable end '%.40s'", title,
                   end ? end : "(none)");
}

static bool add_event(struct v2 *x, const cJSON *ev, struct err *err)
{
    struct sched_session_in in;
    const char *sp[SCHED_MAX_SPEAKERS];
    const char *state = jval_str(ev, "state"), *lang;
    char idbuf[32];

    memset(&in, 0, sizeof(in));
    if (!cJSON_IsObject(ev))
        return err_set(err, "c3voc v2: an event is not an object");
    lang = jval_str(ev, "language");
    in.title = v2_text(ev, "title", lang, x->lang);
    if (!in.title || !*in.title)
        return err_set(err, "c3voc v2: an event has no title");
    if (!event_room(x, ev, in.title, &in.room, err) || !event_times(x, ev, in.title, &in, err))
        return false;
    in.guid = jval_str(ev, "guid");
    in.id = jval_text(ev, "id", idbuf, sizeof(idbuf));
    if (!in.id)
        in.id = jval_str(ev, "code");
    in.subtitle = v2_text(ev, "subtitle", lang, x->lang);
    in.abstract = v2_text(ev, "abstract", lang, x->lang);
    if (!in.abstract || !*in.abstract)
        in.abstract = v2_text(ev, "description", lang, x->lang);
    in.track = track_name(x, ev);
    in.type = jval_str(ev, "type");
    in.language = lang;
    in.url = event_url(ev);
    in.speakers = sp;
    in.nspeakers = speakers(ev, sp);
    in.cancelled = state && (strcmp(state, "CANCELED") == 0 || strcmp(state, "CANCELLED") == 0 ||
                             strcmp(state, "WITHDRAWN") == 0);
    in.delayed = state && strcmp(state, "DELAYED") == 0;
    return sched_add_session(x->s, &in, err);
}

/* time_zone_name, else the configured zone, else the offset of the first
 * event's start; NULL when none of them is there. */
static char *pick_zone(const cJSON *conf, const cJSON *events, const struct read_opts *o,
                       const char **source)
{
    const char *name = jval_str(conf, "time_zone_name");
    const cJSON *ev;
    struct tz *tz;

    *source = "schedule";
    if (name && tz_load(name, &tz, NULL)) {
        tz_free(tz);
        return strdup(name);
    }
    if (read_fallback_zone(o)) {
        *source = read_fallback_source(o);
        return strdup(read_fallback_zone(o));
    }
    cJSON_ArrayForEach(ev, events)
    {
        int off;
        if (when_has_offset(jval_str(ev, "start"), &off)) {
            struct tz *f = tz_fixed(off);
            char *z = f ? strdup(tz_name(f)) : NULL;
            tz_free(f);
            return z;
        }
    }
    return NULL;
}

static bool add_days(struct v2 *x, struct err *err)
{
    const cJSON *d;
    size_t n = 0;

    cJSON_ArrayForEach(d, jval_arr(x->conf, "days"))
    {
        struct sched_day day = {0};
        int y, m, dd;
        const cJSON *idx = cJSON_GetObjectItemCaseSensitive(d, "index");
        const char *date = jval_str(d, "date");
        if (!when_date(date, &y, &m, &dd) ||
            !when_instant(jval_str(d, "start"), x->s->tz, &day.start))
            continue; /* the days are a hint; sched_finish makes them otherwise */
        if (!when_instant(jval_str(d, "end"), x->s->tz, &day.end) || day.end <= day.start)
            day.end = day.start + 86400;
        day.index = cJSON_IsNumber(idx) ? idx->valueint : (int)n + 1;
        snprintf(day.date, sizeof(day.date), "%04u-%02u-%02u", (unsigned)y % 10000u,
                 (unsigned)m % 100u, (unsigned)dd % 100u);
        struct sched_day *p = realloc(x->s->days, (x->s->ndays + 1) * sizeof(*p));
        if (!p)
            return err_set(err, "c3voc v2: out of memory");
        x->s->days = p;
        x->s->days[x->s->ndays++] = day;
        n++;
    }
    return true;
}

bool read_v2_json(const cJSON *root, const struct read_opts *o, struct sched **out,
                  struct read_info *info, struct err *err)
{
    const cJSON *schedule = jval_obj(root, "schedule"), *events, *ev;
    struct v2 x = {.o = o};
    const char *zsrc;
    char *zone;

    x.conf = jval_obj(schedule, "conference");
    events = jval_arr(schedule, "events");
    if (!x.conf || !events)
        return err_set(err, "c3voc v2: no %s",
                       !x.conf ? "\"schedule.conference\" object" : "\"schedule.events\" list");
    x.lang = jval_str(jval_obj(x.conf, "defaults"), "language");
    zone = pick_zone(x.conf, events, o, &zsrc);
    x.zone_known = zone != NULL;
    if (!sched_new(jval_str(x.conf, "title"), jval_str(x.conf, "acronym"), zone ? zone : "UTC",
                   &x.s, err)) {
        free(zone);
        return false;
    }
    free(zone);
    read_zone_from(x.s, info, zsrc);
    if (jval_str(schedule, "version")) {
        free(x.s->version);
        x.s->version = strdup(jval_str(schedule, "version"));
    }
    if (!add_rooms(&x, err) || !add_tracks(&x, err) || !add_days(&x, err))
        goto fail;
    cJSON_ArrayForEach(ev, events)
    {
        if (!add_event(&x, ev, err))
            goto fail;
    }
    if (!x.s->version || !sched_finish(x.s, err))
        goto fail;
    *out = x.s;
    return true;
fail:
    sched_free(x.s);
    return false;
}
