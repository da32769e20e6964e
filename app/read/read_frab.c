/* read_frab — frab/pretalx schedule.json v1, moved out of the model
 * (app/core/sched.c keeps the builder and the writer). */
#include "read_frab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jval.h"
#include "read.h"
#include "when.h"

/* The zone for wall-clock strings: time_zone_name when it is a zone we
 * know; else the offset of the first event's date (rC3 exports have no
 * name); else the configured zone; else UTC (what frab JSON always meant). */
static char *pick_zone(const cJSON *conf, const cJSON *days, const struct read_opts *o,
                       const char **source)
{
    const char *name = jval_str(conf, "time_zone_name");
    struct tz *tz;
    const cJSON *day, *list, *ev;

    *source = "schedule";
    if (name && tz_load(name, &tz, NULL)) {
        tz_free(tz);
        return strdup(name);
    }
    cJSON_ArrayForEach(day, days)
    {
        cJSON_ArrayForEach(list, jval_obj(day, "rooms"))
        {
            cJSON_ArrayForEach(ev, list)
            {
                int off;
                if (when_has_offset(jval_str(ev, "date"), &off)) {
                    struct tz *f = tz_fixed(off);
                    char *z = f ? strdup(tz_name(f)) : NULL;
                    tz_free(f);
                    return z;
                }
            }
        }
    }
    if (read_fallback_zone(o)) {
        *source = read_fallback_source(o);
        return strdup(read_fallback_zone(o));
    }
    *source = "default";
    return strdup("UTC");
}

static bool load_event(struct sched *s, const cJSON *ev, const char *room_key,
                       const struct sched_day *day, struct err *err)
{
    struct sched_session_in in;
    const char *speakers[SCHED_MAX_SPEAKERS];
    const cJSON *persons, *p;
    const char *date, *start, *dur;
    char idbuf[32];
    int64_t secs;

    memset(&in, 0, sizeof(in));
    if (!cJSON_IsObject(ev))
        return err_set(err, "schedule: day %d, room '%.80s': an event is not an object", day->index,
                       room_key);
    in.title = jval_str(ev, "title");
    if (!in.title)
        return err_set(err, "schedule: day %d, room '%.80s': an event has no title", day->index,
                       room_key);
    in.guid = jval_str(ev, "guid");
    in.id = jval_text(ev, "id", idbuf, sizeof(idbuf));
    in.subtitle = jval_str(ev, "subtitle");
    in.track = jval_str(ev, "track");
    in.type = jval_str(ev, "type");
    in.language = jval_str(ev, "language");
    in.abstract = jval_str(ev, "abstract");
    in.url = jval_str(ev, "url");
    in.room = jval_str(ev, "room");
    if (!in.room || !*in.room)
        in.room = room_key;
    date = jval_str(ev, "date");
    start = jval_str(ev, "start");
    dur = jval_str(ev, "duration");
    if (date && when_instant(date, s->tz, &in.start)) {
        /* the event's own offset is the truth */
    } else if (start && *day->date) {
        int y, mo, d, h, mi;
        struct tz_tm ds;
        if (!when_date(day->date, &y, &mo, &d) || !when_hhmm(start, &h, &mi))
            return err_set(err, "schedule: event '%.80s' has an unreadable start '%.20s'", in.title,
                           start);
        /* Talks after midnight belong to the previous day's block: a start
         * before the day's start is on the next calendar date. */
        tz_local(s->tz, day->start, &ds);
        if (h * 60 + mi < ds.hour * 60 + ds.min)
            tz_civil_from_days(tz_days_from_civil(y, mo, d) + 1, &y, &mo, &d);
        tz_from_local(s->tz, y, mo, d, h, mi, 0, &in.start);
    } else {
        return err_set(err, "schedule: event '%.80s' has an unreadable date '%.40s'", in.title,
                       date    ? date
                       : start ? start
                               : "(none)");
    }
    if (!when_duration(dur, false, &secs))
        return err_set(err, "schedule: event '%.80s' has an unreadable duration '%.20s'", in.title,
                       dur ? dur : "(none)");
    in.end = in.start + secs;
    persons = jval_arr(ev, "persons");
    cJSON_ArrayForEach(p, persons)
    {
        const char *name = cJSON_IsString(p) ? p->valuestring : jval_str(p, "public_name");
        if (!name && cJSON_IsObject(p))
            name = jval_str(p, "name");
        if (!name || !*name)
            continue;
        if (in.nspeakers == SCHED_MAX_SPEAKERS)
            return err_set(err, "schedule: event '%.80s' has more than %d speakers", in.title,
                           SCHED_MAX_SPEAKERS);
        speakers[in.nspeakers++] = name;
    }
    in.speakers = speakers;
    return sched_add_session(s, &in, err);
}

static bool load_day(struct sched *s, const cJSON *day, size_t nth, struct err *err)
{
    struct sched_day d;
    const cJSON *rooms, *list, *ev, *idx;
    const char *date = jval_str(day, "date"), *ds = jval_str(day, "day_start"),
               *de = jval_str(day, "day_end");
    int y, m, dd;

    if (!cJSON_IsObject(day))
        return err_set(err, "schedule: day %zu is not an object", nth + 1);
    memset(&d, 0, sizeof(d));
    idx = cJSON_GetObjectItemCaseSensitive(day, "index");
    d.index = cJSON_IsNumber(idx) ? idx->valueint : (int)nth + 1;
    if (!date || !when_date(date, &y, &m, &dd))
        return err_set(err, "schedule: day %d has an unreadable date '%.20s'", d.index,
                       date ? date : "(none)");
    snprintf(d.date, sizeof(d.date), "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)dd % 100u);
    if (!ds || !when_instant(ds, s->tz, &d.start))
        tz_from_local(s->tz, y, m, dd, 4, 0, 0, &d.start);
    if (!de || !when_instant(de, s->tz, &d.end) || d.end <= d.start)
        d.end = d.start + 86400;
    rooms = jval_obj(day, "rooms");
    if (!rooms && cJSON_GetObjectItemCaseSensitive(day, "rooms"))
        return err_set(err, "schedule: day %d: \"rooms\" is not an object", d.index);
    cJSON_ArrayForEach(list, rooms)
    {
        if (!cJSON_IsArray(list))
            return err_set(err, "schedule: day %d, room '%.80s': events are not a list", d.index,
                           list->string);
        cJSON_ArrayForEach(ev, list)
        {
            if (!load_event(s, ev, list->string, &d, err))
                return false;
        }
    }
    struct sched_day *n = realloc(s->days, (s->ndays + 1) * sizeof(*n));
    if (!n)
        return err_set(err, "schedule: out of memory");
    s->days = n;
    s->days[s->ndays++] = d;
    return true;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* roomboard.cancelled: the guids are sorted once and each session looks
 * itself up (n log m, not n x m). */
static bool load_cancelled(struct sched *s, const cJSON *list, struct err *err)
{
    const cJSON *v;
    const char **g;
    size_t n = 0, cap = (size_t)cJSON_GetArraySize(list);

    if (cap == 0)
        return true;
    g = malloc(cap * sizeof(*g));
    if (!g)
        return err_set(err, "schedule: out of memory");
    cJSON_ArrayForEach(v, list)
    {
        if (!cJSON_IsString(v)) {
            free(g);
            return err_set(err, "schedule: roomboard.cancelled must list guids as strings");
        }
        g[n++] = v->valuestring;
    }
    qsort(g, n, sizeof(*g), cmp_str);
    for (size_t i = 0; i < s->nsessions; i++)
        if (bsearch(&s->sessions[i].guid, g, n, sizeof(*g), cmp_str))
            s->sessions[i].cancelled = true;
    free(g);
    return true;
}

static bool load_ext(struct sched *s, const cJSON *ext, struct err *err)
{
    const cJSON *v;

    if (!load_cancelled(s, jval_arr(ext, "cancelled"), err))
        return false;
    cJSON_ArrayForEach(v, jval_arr(ext, "announcements"))
    {
        const char *from = jval_str(v, "from"), *until = jval_str(v, "until");
        int64_t f = INT64_MIN, u = INT64_MAX;
        if (from && !tz_parse_iso8601(from, &f, NULL, err)) {
            err_prefix(err, "schedule: roomboard.announcements: \"from\"");
            return false;
        }
        if (until && !tz_parse_iso8601(until, &u, NULL, err)) {
            err_prefix(err, "schedule: roomboard.announcements: \"until\"");
            return false;
        }
        if (!sched_add_announce(s, jval_str(v, "text"), jval_str(v, "room"), f, u, err))
            return false;
    }
    return true;
}

bool read_frab_json(const cJSON *root, const struct read_opts *o, struct sched **out,
                    struct read_info *info, struct err *err)
{
    const cJSON *schedule, *conf, *days, *v;
    struct sched *s = NULL;
    const char *zsrc;
    char *zone;
    size_t nth = 0;

    schedule = jval_obj(root, "schedule");
    conf = schedule ? jval_obj(schedule, "conference") : NULL;
    days = conf ? jval_arr(conf, "days") : NULL;
    if (!schedule || !conf || !days)
        return err_set(err, "schedule: not a frab/pretalx schedule (no %s)",
                       !schedule ? "\"schedule\" object"
                       : !conf   ? "\"schedule.conference\" object"
                                 : "\"schedule.conference.days\" list");
    zone = pick_zone(conf, days, o, &zsrc);
    if (!zone || !sched_new(jval_str(conf, "title"), jval_str(conf, "acronym"), zone, &s, err)) {
        free(zone);
        return zone ? false : err_set(err, "schedule: out of memory");
    }
    free(zone);
    read_zone_from(s, info, zsrc);
    if (jval_str(schedule, "version")) {
        free(s->version);
        s->version = strdup(jval_str(schedule, "version"));
    }
    cJSON_ArrayForEach(v, jval_arr(conf, "rooms"))
    {
        const char *name = cJSON_IsString(v) ? v->valuestring : jval_str(v, "name");
        if (name && *name && !sched_add_room(s, name, jval_str(v, "guid"), NULL, err))
            goto fail;
    }
    cJSON_ArrayForEach(v, jval_arr(conf, "tracks"))
    {
        if (!sched_add_track(s, jval_str(v, "name"), jval_str(v, "color"), err))
            goto fail;
    }
    cJSON_ArrayForEach(v, days)
    {
        if (!load_day(s, v, nth++, err))
            goto fail;
    }
    if (jval_obj(schedule, "roomboard") && !load_ext(s, jval_obj(schedule, "roomboard"), err))
        goto fail;
    if (!s->version || !sched_finish(s, err))
        goto fail;
    *out = s;
    return true;
fail:
    sched_free(s);
    return false;
}
