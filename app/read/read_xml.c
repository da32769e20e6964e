#include "read_xml.h"

#include <errno.h>
/* Debian builds expat with DTD support; the header hides the billion-laughs
 * controls unless it is said. */
#ifndef XML_DTD
#define XML_DTD 1
#endif
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "when.h"

#define XML_TEXT_CAP (4 * SCHED_MAX_TEXT) /* element text kept; the rest is dropped */
#define XML_CHUNK    (1 << 20)

enum ev_field {
    F_DATE,
    F_START,
    F_DURATION,
    F_ROOM,
    F_TITLE,
    F_SUBTITLE,
    F_TRACK,
    F_TYPE,
    F_LANGUAGE,
    F_ABSTRACT,
    F_URL,
    F_GUID,
    F_ID,
    F_NFIELDS
};

static const char *const ev_names[F_NFIELDS] = {
    "date", "start",    "duration", "room", "title", "subtitle", "track",
    "type", "language", "abstract", "url",  "guid",  "id",
};

/* A growing byte buffer with a hard cap: past it, bytes are dropped. */
struct xbuf {
    char *p;
    size_t len, cap;
};

struct xr {
    XML_Parser parser;
    const struct read_opts *o;
    struct read_info *info;
    struct sched *s;
    struct err *err;
    bool failed;
    int depth;
    /* where we are */
    bool in_conf, in_tracks, in_day, in_event, in_persons;
    /* conference */
    char title[512], acronym[128], zone[64], day_change[16], version[128];
    bool zone_known;  /* s->tz is the source's or the configured zone */
    bool day_pending; /* the day's start waits for the zone */
    /* the current day and room */
    struct sched_day day;
    int change_min;
    char room[256];
    /* the current event: field i is ev.p + off[i], or unset when off[i] < 0 */
    struct xbuf ev;
    long off[F_NFIELDS];
    long speaker[SCHED_MAX_SPEAKERS];
    size_t nspeakers;
    struct xbuf text;
};

static void xb_add(struct xbuf *b, const char *s, size_t n, size_t hard)
{
    if (b->len + n + 1 > hard)
        n = b->len + 1 < hard ? hard - b->len - 1 : 0;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p)
            return; /* leaves the text short; the caller checks b->p */
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

/* Stops the parse with one line; the first failure wins. */
static void fail(struct xr *x, const char *fmt, const char *arg)
{
    if (!x->failed) {
        err_set(x->err, fmt, arg);
        x->failed = true;
    }
    XML_StopParser(x->parser, XML_FALSE);
}

/* Stops the parse; err already holds the line. */
static void stop(struct xr *x)
{
    x->failed = true;
    XML_StopParser(x->parser, XML_FALSE);
}

static const char *attr(const XML_Char **a, const char *name)
{
    for (; a && a[0]; a += 2)
        if (strcmp(a[0], name) == 0)
            return a[1];
    return NULL;
}

static void copy_text(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);

    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* ---- the schedule, once the conference is known ----------------------- */

/* A source that names no zone shows its wall times in the offset its
 * first instant carries: the zone is settled as soon as one is seen. */
static void note_offset(struct xr *x, const char *s)
{
    struct tz *f;
    char *name;
    int off;

    if (x->zone_known || !x->s || !when_has_offset(s, &off))
        return;
    f = tz_fixed(off);
    name = f ? strdup(tz_name(f)) : NULL;
    if (!name) {
        tz_free(f);
        fail(x, "%s", "schedule.xml: out of memory");
        return;
    }
    tz_free(x->s->tz);
    free(x->s->tzname);
    x->s->tz = f;
    x->s->tzname = name;
    x->zone_known = true;
}

static bool ensure_sched(struct xr *x)
{
    const char *zone = NULL, *source = "schedule";
    struct tz *tz;

    if (x->s)
        return true;
    if (x->zone[0] && tz_load(x->zone, &tz, NULL)) {
        tz_free(tz);
        zone = x->zone;
    } else if (read_fallback_zone(x->o)) {
        zone = read_fallback_zone(x->o);
        source = read_fallback_source(x->o);
    }
    x->zone_known = zone != NULL;
    if (!sched_new(x->title, x->acronym, zone ? zone : "UTC", &x->s, x->err)) {
        stop(x);
        return false;
    }
    read_zone_from(x->s, x->info, source);
    if (x->version[0]) {
        free(x->s->version);
        x->s->version = strdup(x->version);
    }
    return true;
}

/* A source with no zone of its own and none configured can only be read
 * where every time carries an offset. */
static bool need_zone(struct xr *x)
{
    if (x->zone_known)
        return true;
    read_need_zone(x->err, "schedule.xml");
    x->failed = true;
    XML_StopParser(x->parser, XML_FALSE);
    return false;
}

/* ---- days, rooms, events ----------------------------------------------- */

static void start_day(struct xr *x, const XML_Char **a)
{
    const char *date = attr(a, "date"), *start = attr(a, "start"), *end = attr(a, "end");
    const char *idx = attr(a, "index");
    int y, m, d, h, mi;
    char *e;

    if (!ensure_sched(x))
        return;
    memset(&x->day, 0, sizeof(x->day));
    x->day.index = (int)(x->s->ndays + 1);
    if (idx) {
        long v = strtol(idx, &e, 10);
        if (*e == '\0' && v > 0 && v < 10000)
            x->day.index = (int)v;
    }
    if (!date || !when_date(date, &y, &m, &d)) {
        fail(x, "schedule.xml: a <day> has an unreadable date '%.20s'", date ? date : "(none)");
        return;
    }
    snprintf(x->day.date, sizeof(x->day.date), "%04u-%02u-%02u", (unsigned)y % 10000u,
             (unsigned)m % 100u, (unsigned)d % 100u);
    x->change_min = 0;
    if (when_hhmm(x->day_change, &h, &mi))
        x->change_min = h * 60 + mi;
    note_offset(x, start);
    x->day_pending = false;
    if (start && x->zone_known) {
        if (!when_instant(start, x->s->tz, &x->day.start)) {
            fail(x, "schedule.xml: a <day> has an unreadable start '%.40s'", start);
            return;
        }
        if (!end || !when_instant(end, x->s->tz, &x->day.end) || x->day.end <= x->day.start)
            x->day.end = x->day.start + 86400;
        else
            x->day.end += 60; /* frab's end is the last minute of the day */
    } else {
        x->day_pending = true; /* day_change local, once the zone is known */
    }
}

/* The day starts at day_change, local time. */
static bool day_from_change(struct xr *x)
{
    int y, m, d;

    if (!need_zone(x))
        return false;
    if (!when_date(x->day.date, &y, &m, &d) ||
        !tz_from_local(x->s->tz, y, m, d, x->change_min / 60, x->change_min % 60, 0,
                       &x->day.start)) {
        fail(x, "schedule.xml: day %.20s does not exist in the zone", x->day.date);
        return false;
    }
    x->day.end = x->day.start + 86400;
    x->day_pending = false;
    return true;
}

static void end_day(struct xr *x)
{
    struct sched_day *n;

    if (!x->s || x->failed || (x->day_pending && !day_from_change(x)))
        return;
    n = realloc(x->s->days, (x->s->ndays + 1) * sizeof(*n));
    if (!n) {
        fail(x, "%s", "schedule.xml: out of memory");
        return;
    }
    x->s->days = n;
    x->s->days[x->s->ndays++] = x->day;
}

static void start_room(struct xr *x, const XML_Char **a)
{
    const char *name = attr(a, "name");

    x->room[0] = '\0';
    if (!name || !*name || !ensure_sched(x))
        return;
    copy_text(x->room, sizeof(x->room), name);
    if (!sched_add_room(x->s, name, attr(a, "guid"), NULL, x->err))
        stop(x);
}

static void set_field(struct xr *x, int f, const char *v)
{
    if (!v)
        return;
    x->off[f] = (long)x->ev.len;
    xb_add(&x->ev, v, strlen(v) + 1, SIZE_MAX);
    if (!x->ev.p)
        fail(x, "%s", "schedule.xml: out of memory");
}

static void start_event(struct xr *x, const XML_Char **a)
{
    x->in_event = true;
    x->ev.len = 0;
    x->nspeakers = 0;
    for (int i = 0; i < F_NFIELDS; i++)
        x->off[i] = -1;
    set_field(x, F_GUID, attr(a, "guid"));
    set_field(x, F_ID, attr(a, "id"));
}

static const char *field(const struct xr *x, int f)
{
    return x->off[f] >= 0 ? x->ev.p + x->off[f] : NULL;
}

/* The event's start: its own <date> when that has an offset (the truth),
 * else the local <start> on the day's date under the day_change rule. */
static bool event_start(struct xr *x, const char *title, int64_t *t)
{
    const char *date = field(x, F_DATE), *start = field(x, F_START);
    int off;

    if (date && *date && when_has_offset(date, &off)) {
        note_offset(x, date);
        return when_instant(date, NULL, t);
    }
    if (x->day_pending && !day_from_change(x))
        return false;
    if (!need_zone(x))
        return false;
    if (date && *date && when_instant(date, x->s->tz, t))
        return true;
    if (start && when_on_day(x->s->tz, x->day.date, start, x->change_min, t))
        return true;
    fail(x, "schedule.xml: event '%.80s' has an unreadable start", title);
    return false;
}

static void end_event(struct xr *x)
{
    struct sched_session_in in;
    const char *speakers[SCHED_MAX_SPEAKERS];
    const char *dur = field(x, F_DURATION);
    int64_t secs;

    x->in_event = false;
    if (x->failed || !ensure_sched(x))
        return;
    memset(&in, 0, sizeof(in));
    in.title = field(x, F_TITLE);
    if (!in.title || !*in.title) {
        fail(x, "schedule.xml: an event in room '%.80s' has no title", x->room);
        return;
    }
    if (!event_start(x, in.title, &in.start))
        return;
    if (!when_duration(dur, true, &secs)) {
        err_set(x->err, "schedule.xml: event '%.80s' has an unreadable duration '%.20s'", in.title,
                dur ? dur : "(none)");
        x->failed = true;
        XML_StopParser(x->parser, XML_FALSE);
        return;
    }
    in.end = in.start + secs;
    if (!read_check_length("schedule.xml", in.title, in.start, in.end, x->err)) {
        stop(x);
        return;
    }
    in.guid = field(x, F_GUID);
    in.id = field(x, F_ID);
    in.subtitle = field(x, F_SUBTITLE);
    in.track = field(x, F_TRACK);
    in.type = field(x, F_TYPE);
    in.language = field(x, F_LANGUAGE);
    in.abstract = field(x, F_ABSTRACT);
    in.url = field(x, F_URL);
    in.room = field(x, F_ROOM);
    if (!in.room || !*in.room)
        in.room = x->room;
    for (size_t i = 0; i < x->nspeakers; i++)
        speakers[i] = x->ev.p + x->speaker[i];
    in.speakers = speakers;
    in.nspeakers = x->nspeakers;
    if (!sched_add_session(x->s, &in, x->err)) {
        x->failed = true;
        XML_StopParser(x->parser, XML_FALSE);
    }
}

/* ---- expat callbacks ----------------------------------------------------- */

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **a)
{
    struct xr *x = ud;

    x->text.len = 0;
    if (x->text.p)
        x->text.p[0] = '\0';
    if (++x->depth > READ_MAX_DEPTH) {
        fail(x, "schedule.xml: elements nest deeper than %s levels", "64");
        return;
    }
    if (x->depth == 1) {
        if (strcmp(name, "schedule") != 0)
            fail(x, "not a schedule: the XML's root element is <%.40s>, not <schedule>", name);
        return;
    }
    if (x->depth == 2) {
        x->in_conf = strcmp(name, "conference") == 0;
        x->in_tracks = strcmp(name, "tracks") == 0;
        x->in_day = strcmp(name, "day") == 0;
        if (x->in_day)
            start_day(x, a);
    } else if (x->in_day && x->depth == 3 && strcmp(name, "room") == 0) {
        start_room(x, a);
    } else if (x->in_day && x->depth == 4 && strcmp(name, "event") == 0) {
        start_event(x, a);
    } else if (x->in_event && x->depth == 5) {
        x->in_persons = strcmp(name, "persons") == 0;
    }
}

static void conf_field(struct xr *x, const char *name, const char *v)
{
    if (strcmp(name, "title") == 0)
        copy_text(x->title, sizeof(x->title), v);
    else if (strcmp(name, "acronym") == 0)
        copy_text(x->acronym, sizeof(x->acronym), v);
    else if (strcmp(name, "time_zone_name") == 0)
        copy_text(x->zone, sizeof(x->zone), v);
    else if (strcmp(name, "day_change") == 0)
        copy_text(x->day_change, sizeof(x->day_change), v);
}

static void event_field(struct xr *x, const char *name, const char *v)
{
    for (int i = 0; i < F_GUID; i++)
        if (strcmp(name, ev_names[i]) == 0) {
            set_field(x, i, v);
            return;
        }
}

static void add_speaker(struct xr *x, const char *v)
{
    if (!*v)
        return;
    if (x->nspeakers == SCHED_MAX_SPEAKERS) {
        fail(x, "schedule.xml: an event has more than %s speakers", "64");
        return;
    }
    x->speaker[x->nspeakers++] = (long)x->ev.len;
    xb_add(&x->ev, v, strlen(v) + 1, SIZE_MAX);
    if (!x->ev.p)
        fail(x, "%s", "schedule.xml: out of memory");
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    struct xr *x = ud;
    const char *v = x->text.p ? x->text.p : "";

    if (x->failed)
        return;
    if (x->depth == 2 && strcmp(name, "version") == 0)
        copy_text(x->version, sizeof(x->version), v);
    else if (x->in_conf && x->depth == 3)
        conf_field(x, name, v);
    else if (x->in_tracks && x->depth == 3 && strcmp(name, "track") == 0 && ensure_sched(x) &&
             !sched_add_track(x->s, v, NULL, x->err))
        stop(x);
    else if (x->in_event && x->depth == 5)
        event_field(x, name, v);
    else if (x->in_persons && x->depth == 6 && strcmp(name, "person") == 0)
        add_speaker(x, v);
    if (x->depth == 4 && x->in_event)
        end_event(x);
    else if (x->depth == 2 && x->in_day)
        end_day(x);
    if (x->depth == 2)
        x->in_conf = x->in_tracks = x->in_day = false;
    if (x->depth == 5)
        x->in_persons = false;
    x->depth--;
    x->text.len = 0;
    if (x->text.p)
        x->text.p[0] = '\0';
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    struct xr *x = ud;

    if (len > 0)
        xb_add(&x->text, s, (size_t)len, XML_TEXT_CAP);
}

/* No schedule format declares entities: a DTD that does is refused outright
 * (besides expat's amplification limit), which also ends any XML bomb. */
static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
                              int value_len, const XML_Char *base, const XML_Char *sys,
                              const XML_Char *pub, const XML_Char *notation)
{
    (void)is_param, (void)value, (void)value_len, (void)base, (void)sys, (void)pub;
    (void)notation;
    fail(ud, "schedule.xml: the document declares an entity ('%.40s'); schedules never do", name);
}

/* ---- the reader ---------------------------------------------------------- */

static XML_Parser new_parser(struct xr *x)
{
    XML_Parser p = XML_ParserCreate("UTF-8");
    unsigned long salt = 0;

    if (!p)
        return NULL;
    if (getentropy(&salt, sizeof(salt)) != 0)
        salt = (unsigned long)time(NULL) ^ (unsigned long)getpid();
    XML_SetHashSalt(p, salt);
    XML_SetBillionLaughsAttackProtectionMaximumAmplification(p, 20.0f);
    XML_SetBillionLaughsAttackProtectionActivationThreshold(p, 1u << 20);
    XML_SetUserData(p, x);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    XML_SetEntityDeclHandler(p, on_entity);
    return p;
}

static bool parse_all(struct xr *x, const char *body, size_t len)
{
    size_t done = 0;

    do {
        size_t n = len - done > XML_CHUNK ? XML_CHUNK : len - done;
        bool last = done + n == len;
        if (XML_Parse(x->parser, body + done, (int)n, last) == XML_STATUS_ERROR) {
            if (!x->failed)
                err_set(x->err, "schedule.xml: not well-formed: %s at line %lu, column %lu",
                        XML_ErrorString(XML_GetErrorCode(x->parser)),
                        (unsigned long)XML_GetCurrentLineNumber(x->parser),
                        (unsigned long)XML_GetCurrentColumnNumber(x->parser) + 1);
            return false;
        }
        done += n;
    } while (done < len);
    return !x->failed;
}

bool read_xml(const char *body, size_t len, const struct read_opts *o, struct sched **out,
              struct read_info *info, struct err *err)
{
    struct xr x;
    bool ok;

    memset(&x, 0, sizeof(x));
    x.o = o;
    x.info = info;
    x.err = err;
    x.parser = new_parser(&x);
    if (!x.parser)
        return err_set(err, "schedule.xml: out of memory");
    ok = parse_all(&x, body, len) && ensure_sched(&x) && sched_finish(x.s, err);
    XML_ParserFree(x.parser);
    free(x.ev.p);
    free(x.text.p);
    if (!ok) {
        sched_free(x.s);
        return false;
    }
    *out = x.s;
    return true;
}
