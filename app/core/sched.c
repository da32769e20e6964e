#include "sched.h"

#include "clean.h"
#include "utf8.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY_SHIFT (4 * 3600) /* pretalx days run 04:00 to 03:59 */

static char *dupn(const char *s, size_t n)
{
    char *d = malloc(n + 1);

    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static char *dup0(const char *s)
{
    return dupn(s ? s : "", s ? strlen(s) : 0);
}

/* ---- text cleaning (app/core/clean.c) ------------------------------ */

char *sched_clean_text(const char *in, size_t max)
{
    return clean_text(in, max);
}

/* ---- building ------------------------------------------------------- */

bool sched_new(const char *title, const char *acronym, const char *tzname, struct sched **out,
               struct err *err)
{
    struct sched *s = calloc(1, sizeof(*s));

    if (!s)
        return err_set(err, "schedule: out of memory");
    s->title = sched_clean_text(title ? title : "", 1024);
    s->acronym = dup0(acronym);
    s->version = dup0("");
    s->tzname = dup0(tzname ? tzname : "UTC");
    if (!s->title || !s->acronym || !s->version || !s->tzname) {
        sched_free(s);
        return err_set(err, "schedule: out of memory");
    }
    if (!tz_load(s->tzname, &s->tz, err)) {
        sched_free(s);
        return false;
    }
    *out = s;
    return true;
}

bool sched_add_room(struct sched *s, const char *name, const char *guid, size_t *idx,
                    struct err *err)
{
    struct sched_room *r;
    size_t i;

    if (!name || !*name)
        return err_set(err, "schedule: a room has no name");
    for (i = 0; i < s->nrooms; i++) {
        if (strcmp(s->rooms[i].name, name) == 0) {
            if (guid && *guid && !*s->rooms[i].guid) {
                char *g = dup0(guid);
                if (!g)
                    return err_set(err, "schedule: out of memory");
                free(s->rooms[i].guid);
                s->rooms[i].guid = g;
            }
            if (idx)
                *idx = i;
            return true;
        }
    }
    if (s->nrooms >= SCHED_MAX_ROOMS)
        return err_set(err, "schedule: more than %d rooms", SCHED_MAX_ROOMS);
    if (s->nrooms == s->cap_rooms) {
        size_t cap = s->cap_rooms ? s->cap_rooms * 2 : 16;
        struct sched_room *n = realloc(s->rooms, cap * sizeof(*n));
        if (!n)
            return err_set(err, "schedule: out of memory");
        s->rooms = n;
        s->cap_rooms = cap;
    }
    r = &s->rooms[s->nrooms];
    memset(r, 0, sizeof(*r));
    r->name = sched_clean_text(name, 256);
    r->guid = dup0(guid);
    if (!r->name || !r->guid) {
        free(r->name);
        free(r->guid);
        return err_set(err, "schedule: out of memory");
    }
    if (!*r->name) {
        free(r->name);
        free(r->guid);
        return err_set(err, "schedule: a room has no name");
    }
    if (idx)
        *idx = s->nrooms;
    s->nrooms++;
    return true;
}

/* A copy of an identifier or URL that is valid UTF-8 with nothing hidden:
 * invalid bytes become U+FFFD, controls and bidi overrides are dropped (the
 * writer's JSON must read back through the door). NULL on allocation
 * failure; NULL in is "". */
static char *dup_utf8(const char *in)
{
    size_t len = in ? strlen(in) : 0, o = 0;
    char *out = malloc(len * 3 + 1); /* U+FFFD is 3 bytes per bad byte */

    if (!out)
        return NULL;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_decode(in + i, len - i, &cp);
        if (n == 0) {
            o += utf8_encode(0xFFFD, out + o);
            i++;
            continue;
        }
        if (!utf8_is_hidden(cp)) {
            memcpy(out + o, in + i, n);
            o += n;
        }
        i += n;
    }
    out[o] = '\0';
    return out;
}

static void session_free(struct sched_session *x)
{
    free(x->guid);
    free(x->id);
    free(x->title);
    free(x->subtitle);
    free(x->track);
    free(x->type);
    free(x->language);
    free(x->abstract);
    free(x->url);
    for (size_t i = 0; i < x->nspeakers; i++)
        free(x->speakers[i]);
    free(x->speakers);
}

/* A stable made-up UUID (FNV-1a of the content) for sessions and rooms
 * that come without one, so the same input always gives the same guid. */
static void make_guid(char *out, size_t size, const char *a, const char *b, int64_t n)
{
    uint64_t h1 = 1469598103934665603ULL, h2 = 1099511628211ULL * 7;
    const char *parts[2] = {a ? a : "", b ? b : ""};

    for (int k = 0; k < 2; k++)
        for (const unsigned char *p = (const unsigned char *)parts[k]; *p; p++) {
            h1 = (h1 ^ *p) * 1099511628211ULL;
            h2 = (h2 ^ *p) * 1469598103934665603ULL + 0x9E3779B97F4A7C15ULL;
        }
    h1 ^= (uint64_t)n * 0x9E3779B97F4A7C15ULL;
    h2 ^= (uint64_t)n;
    snprintf(out, size, "%08" PRIx32 "-%04" PRIx32 "-5%03" PRIx32 "-a%03" PRIx32 "-%012" PRIx64,
             (uint32_t)(h1 >> 32), (uint32_t)(h1 >> 16) & 0xFFFF, (uint32_t)h1 & 0xFFF,
             (uint32_t)(h2 >> 48) & 0xFFF, (uint64_t)(h2 & 0xFFFFFFFFFFFFULL));
}

/* A session's text field: cleaned, or copied as is when the caller says it
 * is clean already (cleaning twice would eat a "<" that was "&lt;"). */
static char *field_text(const struct sched_session_in *in, const char *text, size_t max)
{
    return in->verbatim ? dup0(text) : sched_clean_text(text ? text : "", max);
}

bool sched_add_session(struct sched *s, const struct sched_session_in *in, struct err *err)
{
    struct sched_session x;
    size_t room;
    char guid[40];

    if (!in->title)
        return err_set(err, "schedule: a session has no title");
    if (in->end < in->start)
        return err_set(err, "schedule: session '%.80s' ends before it starts", in->title);
    if (s->nsessions >= SCHED_MAX_SESSIONS)
        return err_set(err, "schedule: more than %d sessions", SCHED_MAX_SESSIONS);
    if (in->nspeakers > SCHED_MAX_SPEAKERS)
        return err_set(err, "schedule: session '%.80s' has more than %d speakers", in->title,
                       SCHED_MAX_SPEAKERS);
    if (!sched_add_room(s, in->room, NULL, &room, err)) {
        err_prefix(err, "session '%.80s'", in->title);
        return false;
    }
    if (s->nsessions == s->cap_sessions) {
        size_t cap = s->cap_sessions ? s->cap_sessions * 2 : 64;
        struct sched_session *n = realloc(s->sessions, cap * sizeof(*n));
        if (!n)
            return err_set(err, "schedule: out of memory");
        s->sessions = n;
        s->cap_sessions = cap;
    }
    memset(&x, 0, sizeof(x));
    if (!in->guid || !*in->guid)
        make_guid(guid, sizeof(guid), in->title, s->rooms[room].name, in->start);
    x.guid = dup_utf8(in->guid && *in->guid ? in->guid : guid);
    x.id = dup_utf8(in->id);
    x.title = field_text(in, in->title, 1024);
    x.subtitle = field_text(in, in->subtitle, 1024);
    x.track = field_text(in, in->track, 256);
    x.type = field_text(in, in->type, 256);
    x.language = field_text(in, in->language, 64);
    x.abstract = field_text(in, in->abstract, SCHED_MAX_TEXT);
    x.url = dup_utf8(in->url);
    x.start = in->start;
    x.end = in->end;
    x.room = room;
    x.day = -1;
    x.cancelled = in->cancelled;
    x.delayed = in->delayed;
    x.speakers = in->nspeakers ? calloc(in->nspeakers, sizeof(char *)) : NULL;
    bool ok = x.guid && x.id && x.title && x.subtitle && x.track && x.type && x.language &&
              x.abstract && x.url && (x.speakers || !in->nspeakers);
    for (size_t i = 0; ok && i < in->nspeakers; i++) {
        char *name = field_text(in, in->speakers[i], 256);
        if (!name) {
            ok = false;
        } else if (!*name) {
            free(name); /* an empty name is no speaker */
        } else {
            x.speakers[x.nspeakers++] = name;
        }
    }
    if (!ok) {
        session_free(&x);
        return err_set(err, "schedule: out of memory");
    }
    if (!*x.title) {
        session_free(&x);
        return err_set(err, "schedule: a session in room '%.80s' has an empty title",
                       s->rooms[room].name);
    }
    s->sessions[s->nsessions++] = x;
    return true;
}

static bool parse_color(const char *c, uint32_t *rgb)
{
    char *end;
    unsigned long v;
    size_t n;

    if (!c || c[0] != '#')
        return false;
    n = strlen(c + 1);
    if (n != 6 && n != 3)
        return false;
    v = strtoul(c + 1, &end, 16);
    if (*end)
        return false;
    if (n == 3)
        v = ((v >> 8 & 0xF) * 0x110000) | ((v >> 4 & 0xF) * 0x1100) | ((v & 0xF) * 0x11);
    *rgb = (uint32_t)v;
    return true;
}

bool sched_add_track(struct sched *s, const char *name, const char *color, struct err *err)
{
    struct sched_track *n;

    if (!name || !*name)
        return true;
    n = realloc(s->tracks, (s->ntracks + 1) * sizeof(*n));
    if (!n)
        return err_set(err, "schedule: out of memory");
    s->tracks = n;
    n = &s->tracks[s->ntracks];
    memset(n, 0, sizeof(*n));
    n->has_color = parse_color(color, &n->color);
    if (!(n->name = sched_clean_text(name, 256)))
        return err_set(err, "schedule: out of memory");
    s->ntracks++;
    return true;
}

bool sched_add_announce(struct sched *s, const char *text, const char *room, int64_t from,
                        int64_t until, struct err *err)
{
    struct sched_announce *n;
    int r = -1;

    if (!text || !*text)
        return err_set(err, "schedule: an announcement has no text");
    if (room && *room && (r = sched_find_room(s, room)) < 0)
        return err_set(err,
                       "schedule: announcement '%.60s' names room '%.80s', which does not "
                       "exist",
                       text, room);
    /* Judge the text after cleaning: "<b></b>" is no text either, and an
     * empty one would be written out as a file that no screen accepts. */
    char *clean = sched_clean_text(text, 1024);
    if (!clean)
        return err_set(err, "schedule: out of memory");
    if (!*clean) {
        free(clean);
        return err_set(err, "schedule: an announcement has no text");
    }
    n = realloc(s->announces, (s->nannounces + 1) * sizeof(*n));
    if (!n) {
        free(clean);
        return err_set(err, "schedule: out of memory");
    }
    s->announces = n;
    n = &s->announces[s->nannounces];
    n->room = r;
    n->from = from;
    n->until = until;
    n->text = clean;
    s->nannounces++;
    return true;
}

static int cmp_session(const void *a, const void *b)
{
    const struct sched_session *x = a, *y = b;

    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    if (x->room != y->room)
        return x->room < y->room ? -1 : 1;
    return strcmp(x->guid, y->guid);
}

static int cmp_day(const void *a, const void *b)
{
    const struct sched_day *x = a, *y = b;

    return x->start < y->start ? -1 : x->start > y->start;
}

int sched_day_of(const struct sched *s, int64_t t)
{
    size_t lo = 0, hi = s->ndays;

    if (s->ndays == 0 || t < s->days[0].start)
        return -1;
    while (hi - lo > 1) { /* days[lo].start <= t < days[hi].start */
        size_t mid = lo + (hi - lo) / 2;
        if (s->days[mid].start <= t)
            lo = mid;
        else
            hi = mid;
    }
    return (int)lo;
}

/* Days made from the sessions' local dates, 04:00 to 04:00. */
static bool derive_days(struct sched *s, struct err *err)
{
    int64_t prev = INT64_MIN;

    for (size_t i = 0; i < s->nsessions; i++) {
        struct tz_tm tm;
        int64_t d0;
        tz_local(s->tz, s->sessions[i].start - DAY_SHIFT, &tm);
        d0 = tz_days_from_civil(tm.year, tm.mon, tm.mday);
        if (d0 == prev)
            continue;
        prev = d0;
        struct sched_day *n = realloc(s->days, (s->ndays + 1) * sizeof(*n));
        if (!n)
            return err_set(err, "schedule: out of memory");
        s->days = n;
        n = &s->days[s->ndays];
        n->index = (int)s->ndays + 1;
        snprintf(n->date, sizeof(n->date), "%04u-%02u-%02u", (unsigned)tm.year % 10000u,
                 (unsigned)tm.mon % 100u, (unsigned)tm.mday % 100u);
        tz_from_local(s->tz, tm.year, tm.mon, tm.mday, 4, 0, 0, &n->start);
        int y, m, d;
        tz_civil_from_days(d0 + 1, &y, &m, &d);
        tz_from_local(s->tz, y, m, d, 4, 0, 0, &n->end);
        s->ndays++;
    }
    return true;
}

bool sched_finish(struct sched *s, struct err *err)
{
    size_t i, *fill;

    /* qsort(NULL, 0, ...) is undefined behaviour: an empty schedule has
     * NULL arrays. */
    if (s->nsessions)
        qsort(s->sessions, s->nsessions, sizeof(*s->sessions), cmp_session);
    if (s->ndays == 0 && !derive_days(s, err))
        return false;
    if (s->ndays)
        qsort(s->days, s->ndays, sizeof(*s->days), cmp_day);
    fill = calloc(s->nrooms ? s->nrooms : 1, sizeof(*fill));
    if (!fill)
        return err_set(err, "schedule: out of memory");
    for (i = 0; i < s->nrooms; i++)
        s->rooms[i].nsessions = 0;
    for (i = 0; i < s->nsessions; i++)
        s->rooms[s->sessions[i].room].nsessions++;
    for (i = 0; i < s->nrooms; i++) {
        struct sched_room *r = &s->rooms[i];
        free(r->sessions);
        free(r->maxend);
        r->sessions = calloc(r->nsessions ? r->nsessions : 1, sizeof(*r->sessions));
        r->maxend = calloc(r->nsessions ? r->nsessions : 1, sizeof(*r->maxend));
        if (!r->sessions || !r->maxend) {
            free(fill);
            return err_set(err, "schedule: out of memory");
        }
    }
    s->first_start = s->nsessions ? s->sessions[0].start : 0;
    s->last_end = s->first_start;
    for (i = 0; i < s->nsessions; i++) {
        struct sched_session *x = &s->sessions[i];
        struct sched_room *r = &s->rooms[x->room];
        size_t k = fill[x->room]++;
        r->sessions[k] = x;
        r->maxend[k] = k && r->maxend[k - 1] > x->end ? r->maxend[k - 1] : x->end;
        if (x->end > s->last_end)
            s->last_end = x->end;
        x->day = sched_day_of(s, x->start);
    }
    free(fill);
    return true;
}

void sched_free(struct sched *s)
{
    size_t i;

    if (!s)
        return;
    for (i = 0; i < s->nsessions; i++)
        session_free(&s->sessions[i]);
    free(s->sessions);
    for (i = 0; i < s->nrooms; i++) {
        free(s->rooms[i].name);
        free(s->rooms[i].guid);
        free(s->rooms[i].sessions);
        free(s->rooms[i].maxend);
    }
    free(s->rooms);
    free(s->days);
    for (i = 0; i < s->ntracks; i++)
        free(s->tracks[i].name);
    free(s->tracks);
    for (i = 0; i < s->nannounces; i++)
        free(s->announces[i].text);
    free(s->announces);
    free(s->title);
    free(s->acronym);
    free(s->version);
    free(s->tzname);
    tz_free(s->tz);
    free(s);
}

/* ---- lookups -------------------------------------------------------- */

int sched_find_room(const struct sched *s, const char *key)
{
    if (!key)
        return -1;
    for (size_t i = 0; i < s->nrooms; i++)
        if (strcasecmp(s->rooms[i].name, key) == 0 ||
            (*s->rooms[i].guid && strcasecmp(s->rooms[i].guid, key) == 0))
            return (int)i;
    return -1;
}

void sched_room_list(const struct sched *s, char *buf, size_t size)
{
    size_t used = 0;

    if (size == 0)
        return;
    buf[0] = '\0';
    for (size_t i = 0; i < s->nrooms && used < size; i++) {
        int n = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", s->rooms[i].name);
        if (n < 0 || (size_t)n >= size - used) {
            if (size > 4)
                memcpy(buf + size - 4, "...", 4);
            return;
        }
        used += (size_t)n;
    }
    if (s->nrooms == 0)
        snprintf(buf, size, "(none)");
}

bool sched_track_color(const struct sched *s, const char *track, uint32_t *rgb)
{
    if (!track || !*track)
        return false;
    for (size_t i = 0; i < s->ntracks; i++)
        if (s->tracks[i].has_color && strcmp(s->tracks[i].name, track) == 0) {
            *rgb = s->tracks[i].color;
            return true;
        }
    return false;
}

/* ---- writing -------------------------------------------------------- */

static void fmt_hhmm(const struct tz *tz, int64_t t, char *buf, size_t size)
{
    struct tz_tm tm;
    tz_local(tz, t, &tm);
    snprintf(buf, size, "%02d:%02d", tm.hour, tm.min);
}

static cJSON *event_json(const struct sched *s, const struct sched_session *x)
{
    cJSON *e = cJSON_CreateObject(), *persons;
    char buf[64], slug[96];
    int64_t dur = x->end - x->start;
    long id = 0;
    char *end;

    if (!e)
        return NULL;
    id = strtol(x->id, &end, 10);
    if (*end || id < 1)
        id = (long)(((size_t)(x - s->sessions)) + 1);
    cJSON_AddNumberToObject(e, "id", (double)id);
    cJSON_AddStringToObject(e, "guid", x->guid);
    tz_format_iso8601(s->tz, x->start, buf, sizeof(buf));
    cJSON_AddStringToObject(e, "date", buf);
    fmt_hhmm(s->tz, x->start, buf, sizeof(buf));
    cJSON_AddStringToObject(e, "start", buf);
    snprintf(buf, sizeof(buf), "%02lld:%02lld", (long long)(dur / 3600),
             (long long)(dur / 60 % 60));
    cJSON_AddStringToObject(e, "duration", buf);
    cJSON_AddStringToObject(e, "room", s->rooms[x->room].name);
    snprintf(slug, sizeof(slug), "%s-%ld", *s->acronym ? s->acronym : "event", id);
    for (char *p = slug; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
            *p = (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : '-';
    cJSON_AddStringToObject(e, "slug", slug);
    cJSON_AddStringToObject(e, "url", x->url);
    cJSON_AddStringToObject(e, "title", x->title);
    cJSON_AddStringToObject(e, "subtitle", x->subtitle);
    cJSON_AddStringToObject(e, "track", x->track);
    cJSON_AddStringToObject(e, "type", x->type);
    cJSON_AddStringToObject(e, "language", x->language);
    cJSON_AddStringToObject(e, "abstract", x->abstract);
    cJSON_AddStringToObject(e, "description", "");
    persons = cJSON_AddArrayToObject(e, "persons");
    for (size_t i = 0; persons && i < x->nspeakers; i++) {
        cJSON *p = cJSON_CreateObject();
        if (!p)
            break;
        cJSON_AddNumberToObject(p, "id", (double)(i + 1));
        cJSON_AddStringToObject(p, "name", x->speakers[i]);
        cJSON_AddStringToObject(p, "public_name", x->speakers[i]);
        cJSON_AddItemToArray(persons, p);
    }
    cJSON_AddArrayToObject(e, "links");
    return e;
}

/* conference.rooms and conference.tracks */
static void rooms_tracks_json(const struct sched *s, cJSON *conf)
{
    char buf[16], guid[40];
    cJSON *arr = cJSON_AddArrayToObject(conf, "rooms");

    for (size_t i = 0; arr && i < s->nrooms; i++) {
        cJSON *r = cJSON_CreateObject();
        cJSON_AddStringToObject(r, "name", s->rooms[i].name);
        if (!*s->rooms[i].guid)
            make_guid(guid, sizeof(guid), "room", s->rooms[i].name, 0);
        cJSON_AddStringToObject(r, "guid", *s->rooms[i].guid ? s->rooms[i].guid : guid);
        cJSON_AddItemToArray(arr, r);
    }
    if (!s->ntracks)
        return;
    arr = cJSON_AddArrayToObject(conf, "tracks");
    for (size_t i = 0; arr && i < s->ntracks; i++) {
        cJSON *t = cJSON_CreateObject();
        cJSON_AddStringToObject(t, "name", s->tracks[i].name);
        if (s->tracks[i].has_color) {
            snprintf(buf, sizeof(buf), "#%06x", (unsigned)s->tracks[i].color);
            cJSON_AddStringToObject(t, "color", buf);
        }
        cJSON_AddItemToArray(arr, t);
    }
}

/* conference.days, each with its sessions per room */
static void days_json(const struct sched *s, cJSON *conf)
{
    char buf[64];
    cJSON *arr = cJSON_AddArrayToObject(conf, "days");

    for (size_t d = 0; arr && d < s->ndays; d++) {
        cJSON *day = cJSON_CreateObject(), *rooms;
        cJSON_AddNumberToObject(day, "index", (double)s->days[d].index);
        cJSON_AddStringToObject(day, "date", s->days[d].date);
        tz_format_iso8601(s->tz, s->days[d].start, buf, sizeof(buf));
        cJSON_AddStringToObject(day, "day_start", buf);
        tz_format_iso8601(s->tz, s->days[d].end - 60, buf, sizeof(buf));
        cJSON_AddStringToObject(day, "day_end", buf);
        rooms = cJSON_AddObjectToObject(day, "rooms");
        for (size_t i = 0; rooms && i < s->nrooms; i++) {
            cJSON *list = cJSON_AddArrayToObject(rooms, s->rooms[i].name);
            const struct sched_room *r = &s->rooms[i];
            for (size_t k = 0; list && k < r->nsessions; k++) {
                int sd = r->sessions[k]->day < 0 ? 0 : r->sessions[k]->day;
                if ((size_t)sd == d)
                    cJSON_AddItemToArray(list, event_json(s, r->sessions[k]));
            }
        }
        cJSON_AddItemToArray(arr, day);
    }
}

/* schedule.roomboard: the cancelled list and the announcements */
static void ext_json(const struct sched *s, cJSON *sch)
{
    char buf[64];
    cJSON *ext = cJSON_AddObjectToObject(sch, "roomboard"), *arr;
    cJSON *cancelled = cJSON_AddArrayToObject(ext, "cancelled");

    for (size_t i = 0; cancelled && i < s->nsessions; i++)
        if (s->sessions[i].cancelled)
            cJSON_AddItemToArray(cancelled, cJSON_CreateString(s->sessions[i].guid));
    arr = cJSON_AddArrayToObject(ext, "announcements");
    for (size_t i = 0; arr && i < s->nannounces; i++) {
        const struct sched_announce *a = &s->announces[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "text", a->text);
        if (a->room >= 0)
            cJSON_AddStringToObject(o, "room", s->rooms[a->room].name);
        if (a->from != INT64_MIN) {
            tz_format_iso8601(s->tz, a->from, buf, sizeof(buf));
            cJSON_AddStringToObject(o, "from", buf);
        }
        if (a->until != INT64_MAX) {
            tz_format_iso8601(s->tz, a->until, buf, sizeof(buf));
            cJSON_AddStringToObject(o, "until", buf);
        }
        cJSON_AddItemToArray(arr, o);
    }
}

char *sched_to_json(const struct sched *s)
{
    cJSON *root = cJSON_CreateObject(), *sch, *conf;
    char *out;

    if (!root)
        return NULL;
    cJSON_AddStringToObject(root, "$schema", "https://c3voc.de/schedule/schema.json");
    cJSON *gen = cJSON_AddObjectToObject(root, "generator");
    cJSON_AddStringToObject(gen, "name", "roomboard");
    cJSON_AddStringToObject(gen, "version", ROOMBOARD_VERSION);
    sch = cJSON_AddObjectToObject(root, "schedule");
    cJSON_AddStringToObject(sch, "version", *s->version ? s->version : "1.0");
    cJSON_AddStringToObject(sch, "base_url", "");
    conf = cJSON_AddObjectToObject(sch, "conference");
    cJSON_AddStringToObject(conf, "acronym", *s->acronym ? s->acronym : "event");
    cJSON_AddStringToObject(conf, "title", s->title);
    cJSON_AddStringToObject(conf, "start", s->ndays ? s->days[0].date : "1970-01-01");
    cJSON_AddStringToObject(conf, "end", s->ndays ? s->days[s->ndays - 1].date : "1970-01-01");
    cJSON_AddNumberToObject(conf, "daysCount", (double)s->ndays);
    cJSON_AddStringToObject(conf, "timeslot_duration", "00:05");
    cJSON_AddStringToObject(conf, "time_zone_name", s->tzname);
    rooms_tracks_json(s, conf);
    days_json(s, conf);
    ext_json(s, sch);
    out = cJSON_Print(root);
    cJSON_Delete(root);
    return out;
}
