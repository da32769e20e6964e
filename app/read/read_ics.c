#include "read_ics.h"

#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RECUR_DAYS_ALONE 14 /* window when every event recurs */

struct ics {
    const struct read_opts *o;
    struct read_info *info;
    icalcomponent *cal;
    struct sched *s;
    const struct tz *floating;  /* zone for floating times, or NULL */
    int64_t win_start, win_end; /* the event's days, for recurrences */
    size_t allday, capped, recurring, occurrences;
    struct err *err;
};

/* A TZID as an IANA zone: the name itself, else its tail after leading
 * path parts ("/mozilla.org/20070129_1/America/New_York"). */
static bool load_tzid(const char *tzid, struct tz **out)
{
    const char *name = tzid;

    while (name && *name) {
        if (tz_load(name[0] == '/' ? name + 1 : name, out, NULL))
            return true;
        name = strchr(name + 1, '/');
    }
    return false;
}

static const char *prop_text(icalcomponent *c, icalproperty_kind k)
{
    icalproperty *p = icalcomponent_get_first_property(c, k);
    icalvalue *val = p ? icalproperty_get_value(p) : NULL;
    const char *v = NULL;

    /* TEXT values unescaped ("\," is ","), others as written */
    if (val && icalvalue_isa(val) == ICAL_TEXT_VALUE)
        v = icalvalue_get_text(val);
    else if (p)
        v = icalproperty_get_value_as_string(p);

    return v && *v ? v : NULL;
}

static const char *tzid_of(icalcomponent *ev, icalproperty_kind k)
{
    icalproperty *p = icalcomponent_get_first_property(ev, k);
    icalparameter *z = p ? icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER) : NULL;

    return z ? icalparameter_get_tzid(z) : NULL;
}

/* The one line for a floating time without a zone: the door's words, then
 * the property, its value and the event. */
static bool need_zone(struct ics *x, const char *prop, struct icaltimetype t, const char *title)
{
    size_t n;

    read_need_zone(x->err, "iCalendar");
    if (!x->err)
        return false;
    n = strlen(x->err->msg);
    snprintf(x->err->msg + n, sizeof(x->err->msg) - n,
             ": %s %s of event '%.60s' is a floating time (no Z, no TZID)", prop,
             icaltime_as_ical_string(t), title);
    return false;
}

/* An icaltime as an absolute instant: UTC, a zone libical resolved (the
 * calendar's VTIMEZONE or its built-in ones), a TZID we know as an IANA
 * name, or a floating time in the venue's zone. */
static bool instant(struct ics *x, const char *prop, struct icaltimetype t, const char *tzid,
                    const char *title, int64_t *out)
{
    struct tz *tz;
    bool ok;

    if (icaltime_is_utc(t) || t.zone) {
        *out = (int64_t)icaltime_as_timet_with_zone(t, t.zone ? t.zone
                                                              : icaltimezone_get_utc_timezone());
        return true;
    }
    if (tzid) {
        if (!load_tzid(tzid, &tz))
            return err_set(x->err,
                           "iCalendar: event '%.80s' has TZID '%.60s', which is neither "
                           "a VTIMEZONE of the calendar nor a known zone",
                           title, tzid);
        ok = tz_from_local(tz, t.year, t.month, t.day, t.hour, t.minute, t.second, out);
        tz_free(tz);
        return ok || err_set(x->err, "iCalendar: event '%.80s': a time that does not exist", title);
    }
    if (!x->floating)
        return need_zone(x, prop, t, title);
    return tz_from_local(x->floating, t.year, t.month, t.day, t.hour, t.minute, t.second, out) ||
           err_set(x->err, "iCalendar: event '%.80s': a time that does not exist", title);
}

/* The event's start and end (DTEND, else DURATION, else DTSTART). */
static bool event_times(struct ics *x, icalcomponent *ev, const char *title, int64_t *start,
                        int64_t *end)
{
    struct icaltimetype ds = icalcomponent_get_dtstart(ev), de = icalcomponent_get_dtend(ev);

    if (icaltime_is_null_time(ds))
        return err_set(x->err, "iCalendar: event '%.80s' has no readable DTSTART", title);
    if (!instant(x, "DTSTART", ds, tzid_of(ev, ICAL_DTSTART_PROPERTY), title, start))
        return false;
    if (icaltime_is_null_time(de)) {
        *end = *start;
    } else if (!instant(x, "DTEND", de,
                        tzid_of(ev, icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY)
                                        ? ICAL_DTEND_PROPERTY
                                        : ICAL_DTSTART_PROPERTY),
                        title, end)) {
        return false;
    }
    return read_check_length("iCalendar", title, *start, *end, x->err);
}

static bool add_one(struct ics *x, icalcomponent *ev, const char *title, const char *guid,
                    int64_t start, int64_t end)
{
    struct sched_session_in in;
    const char *loc = prop_text(ev, ICAL_LOCATION_PROPERTY);

    memset(&in, 0, sizeof(in));
    in.title = title;
    in.guid = guid;
    in.room = loc ? loc : "TBA";
    in.abstract = prop_text(ev, ICAL_DESCRIPTION_PROPERTY);
    in.track = prop_text(ev, ICAL_CATEGORIES_PROPERTY);
    in.url = prop_text(ev, ICAL_URL_PROPERTY);
    in.start = start;
    in.end = end;
    in.cancelled = icalcomponent_get_status(ev) == ICAL_STATUS_CANCELLED;
    return sched_add_session(x->s, &in, x->err);
}

struct occ {
    struct ics *x;
    const char *title, *uid;
    int64_t shift; /* our instant minus libical's for the same DTSTART */
    size_t n;
    bool failed; /* an occurrence was refused: the error is set */
    bool capped; /* READ_ICS_MAX_OCCURRENCES reached: the rest is left out */
};

static void on_occurrence(icalcomponent *ev, struct icaltime_span *span, void *ud)
{
    struct occ *c = ud;
    char guid[300];

    if (c->failed || c->capped)
        return;
    if (c->n == READ_ICS_MAX_OCCURRENCES) {
        c->capped = true;
        c->x->capped++;
        return;
    }
    snprintf(guid, sizeof(guid), "%.250s/%lld", c->uid ? c->uid : "", (long long)span->start);
    if (add_one(c->x, ev, c->title, c->uid ? guid : NULL, (int64_t)span->start + c->shift,
                (int64_t)span->end + c->shift)) {
        c->n++;
        c->x->occurrences++;
    } else
        c->failed = true;
}

/* Every occurrence of a recurring event inside the event's days. */
static bool add_recurring(struct ics *x, icalcomponent *ev, const char *title, int64_t start)
{
    struct icaltimetype ds = icalcomponent_get_dtstart(ev);
    icaltimezone *utc = icaltimezone_get_utc_timezone();
    struct occ c = {.x = x, .title = title, .uid = prop_text(ev, ICAL_UID_PROPERTY)};
    int64_t lib = (int64_t)icaltime_as_timet_with_zone(ds, ds.zone ? ds.zone : utc);

    c.shift = start - lib;
    icalcomponent_foreach_recurrence(
        ev, icaltime_from_timet_with_zone((time_t)(x->win_start - c.shift), 0, utc),
        icaltime_from_timet_with_zone((time_t)(x->win_end - c.shift), 0, utc), on_occurrence, &c);
    return !c.failed;
}

static bool recurs(icalcomponent *ev)
{
    return icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY) ||
           icalcomponent_get_first_property(ev, ICAL_RDATE_PROPERTY);
}

static bool add_event(struct ics *x, icalcomponent *ev)
{
    const char *title = prop_text(ev, ICAL_SUMMARY_PROPERTY);
    int64_t start, end;

    if (!title)
        title = "(untitled)";
    if (icalcomponent_get_dtstart(ev).is_date) {
        x->allday++; /* not something a room screen shows as on now */
        return true;
    }
    if (!event_times(x, ev, title, &start, &end))
        return false;
    if (recurs(ev)) {
        x->recurring++;
        return add_recurring(x, ev, title, start);
    }
    return add_one(x, ev, title, prop_text(ev, ICAL_UID_PROPERTY), start, end);
}

/* The local midnight at or before T in TZ. */
static int64_t day_floor(const struct tz *tz, int64_t t)
{
    struct tz_tm lt;
    int64_t d;

    tz_local(tz, t, &lt);
    return tz_from_local(tz, lt.year, lt.mon, lt.mday, 0, 0, 0, &d) ? d : t - t % 86400;
}

/* The event's days: from the first single event's local day to the end of
 * the last one's; a calendar of recurring events only gets 14 days from its
 * first start. An event whose times cannot be read is reported later, by
 * add_event. */
static void find_window(struct ics *x)
{
    struct err scratch, *keep = x->err;
    bool any = false, anyrec = false;
    int64_t lo = 0, hi = 0, rec = 0;

    x->err = &scratch;
    for (icalcomponent *ev = icalcomponent_get_first_component(x->cal, ICAL_VEVENT_COMPONENT); ev;
         ev = icalcomponent_get_next_component(x->cal, ICAL_VEVENT_COMPONENT)) {
        int64_t a, b;
        if (icalcomponent_get_dtstart(ev).is_date || !event_times(x, ev, "", &a, &b))
            continue;
        if (recurs(ev)) {
            if (!anyrec || a < rec)
                rec = a;
            anyrec = true;
            continue;
        }
        if (!any || a < lo)
            lo = a;
        if (!any || b > hi)
            hi = b;
        any = true;
    }
    x->err = keep;
    if (!any) {
        lo = rec;
        hi = rec + RECUR_DAYS_ALONE * 86400;
    }
    x->win_start = day_floor(x->s->tz, lo);
    x->win_end = day_floor(x->s->tz, hi) + 86400;
}

/* The value of the calendar's X- property NAME (X-WR-TIMEZONE), or NULL. */
static const char *x_prop(icalcomponent *cal, const char *name)
{
    for (icalproperty *p = icalcomponent_get_first_property(cal, ICAL_X_PROPERTY); p;
         p = icalcomponent_get_next_property(cal, ICAL_X_PROPERTY)) {
        const char *n = icalproperty_get_x_name(p);
        if (n && strcmp(n, name) == 0)
            return icalproperty_get_value_as_string(p);
    }
    return NULL;
}

/* Windows zone names (Outlook, Exchange) for the zone the screens show.
 * Instants always come from the calendar's own VTIMEZONE (libical applies
 * its rules); this only names the IANA zone whose wall clock is shown. */
static const struct {
    const char *win, *iana;
} winzones[] = {
    {"GMT Standard Time", "Europe/London"},
    {"Greenwich Standard Time", "Atlantic/Reykjavik"},
    {"W. Europe Standard Time", "Europe/Berlin"},
    {"Romance Standard Time", "Europe/Paris"},
    {"Central Europe Standard Time", "Europe/Budapest"},
    {"Central European Standard Time", "Europe/Warsaw"},
    {"E. Europe Standard Time", "Europe/Chisinau"},
    {"FLE Standard Time", "Europe/Kiev"},
    {"GTB Standard Time", "Europe/Bucharest"},
    {"Russian Standard Time", "Europe/Moscow"},
    {"Eastern Standard Time", "America/New_York"},
    {"Central Standard Time", "America/Chicago"},
    {"Mountain Standard Time", "America/Denver"},
    {"US Mountain Standard Time", "America/Phoenix"},
    {"Pacific Standard Time", "America/Los_Angeles"},
    {"Alaskan Standard Time", "America/Anchorage"},
    {"Hawaiian Standard Time", "Pacific/Honolulu"},
    {"E. South America Standard Time", "America/Sao_Paulo"},
    {"India Standard Time", "Asia/Kolkata"},
    {"China Standard Time", "Asia/Shanghai"},
    {"Singapore Standard Time", "Asia/Singapore"},
    {"Tokyo Standard Time", "Asia/Tokyo"},
    {"Korea Standard Time", "Asia/Seoul"},
    {"AUS Eastern Standard Time", "Australia/Sydney"},
    {"W. Australia Standard Time", "Australia/Perth"},
    {"New Zealand Standard Time", "Pacific/Auckland"},
};

/* The zone the first event's TZID names, into BUF: an IANA name, a
 * Windows name, else the fixed offset of its VTIMEZONE at the first start
 * (instants still come from the rules; only the wall clock shown is
 * fixed). HOW says which. False when no event has a TZID. */
static bool zone_of_tzid(struct ics *x, char *buf, size_t size, char *how, size_t hsize)
{
    for (icalcomponent *ev = icalcomponent_get_first_component(x->cal, ICAL_VEVENT_COMPONENT); ev;
         ev = icalcomponent_get_next_component(x->cal, ICAL_VEVENT_COMPONENT)) {
        const char *id = tzid_of(ev, ICAL_DTSTART_PROPERTY);
        struct icaltimetype ds = icalcomponent_get_dtstart(ev);
        struct tz *tz;
        int dst = 0;
        if (!id)
            continue;
        if (load_tzid(id, &tz)) {
            snprintf(buf, size, "%s", tz_name(tz));
            snprintf(how, hsize, "from TZID %s", tz_name(tz));
            tz_free(tz);
            return true;
        }
        for (size_t i = 0; i < sizeof(winzones) / sizeof(winzones[0]); i++) {
            if (strcmp(id, winzones[i].win) == 0) {
                snprintf(buf, size, "%s", winzones[i].iana);
                snprintf(how, hsize, "from Windows TZID '%.40s'", id);
                return true;
            }
        }
        if (ds.zone && !icaltime_is_utc(ds)) {
            int off = icaltimezone_get_utc_offset((icaltimezone *)ds.zone, &ds, &dst);
            struct tz *f = tz_fixed(off);
            if (f) {
                snprintf(buf, size, "%s", tz_name(f));
                snprintf(how, hsize,
                         "fixed offset of VTIMEZONE '%.40s'; set --timezone for daylight saving",
                         id);
                tz_free(f);
                return true;
            }
        }
    }
    return false;
}

/* The zone the screen shows, into BUF: X-WR-TIMEZONE, else the configured
 * zone, else the first event's TZID (zone_of_tzid), else UTC. Floating
 * times are read in the first two only (*floating_ok), else refused. HOW
 * gets a more precise "where from" than *source, or "". */
static void pick_zone(struct ics *x, char *buf, size_t size, const char **source, bool *floating_ok,
                      char *how, size_t hsize)
{
    const char *wr = x_prop(x->cal, "X-WR-TIMEZONE");
    struct tz *tz;

    *source = "schedule";
    *floating_ok = true;
    how[0] = '\0';
    if (wr && load_tzid(wr, &tz)) {
        snprintf(buf, size, "%s", tz_name(tz));
        snprintf(how, hsize, "from X-WR-TIMEZONE");
        tz_free(tz);
        return;
    }
    if (read_fallback_zone(x->o)) {
        *source = read_fallback_source(x->o);
        snprintf(buf, size, "%s", read_fallback_zone(x->o));
        return;
    }
    *floating_ok = false;
    if (zone_of_tzid(x, buf, size, how, hsize))
        return;
    *source = "default";
    snprintf(buf, size, "UTC");
}

/* The first VCALENDAR of the parse (libical wraps several in an XROOT). */
static icalcomponent *first_calendar(icalcomponent *root)
{
    if (!root || icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT)
        return root;
    return icalcomponent_get_first_component(root, ICAL_VCALENDAR_COMPONENT);
}

/* What the summary says was left out or expanded, only what happened. */
static void note(struct ics *x)
{
    char *n;
    size_t size, used = 0;

    if (!x->info)
        return;
    n = x->info->note;
    size = sizeof(x->info->note);
    n[0] = '\0';
    if (x->allday)
        used += (size_t)snprintf(n, size, "%zu all-day event%s skipped", x->allday,
                                 x->allday == 1 ? "" : "s");
    if (x->recurring && used < size)
        used += (size_t)snprintf(n + used, size - used,
                                 "%s%zu recurring event%s expanded to %zu sessions on the "
                                 "event's days",
                                 used ? "; " : "", x->recurring, x->recurring == 1 ? "" : "s",
                                 x->occurrences);
    if (x->capped && used < size)
        snprintf(n + used, size - used, "%s%zu recurring event%s cut at %d occurrences",
                 used ? "; " : "", x->capped, x->capped == 1 ? "" : "s", READ_ICS_MAX_OCCURRENCES);
}

static bool read_events(struct ics *x)
{
    for (icalcomponent *ev = icalcomponent_get_first_component(x->cal, ICAL_VEVENT_COMPONENT); ev;
         ev = icalcomponent_get_next_component(x->cal, ICAL_VEVENT_COMPONENT))
        if (!add_event(x, ev))
            return false;
    if (x->s->nsessions == 0)
        return err_set(x->err, "iCalendar: no sessions found (%zu all-day events skipped)",
                       x->allday);
    note(x);
    return sched_finish(x->s, x->err);
}

bool read_ics(const char *body, size_t len, const struct read_opts *o, struct sched **out,
              struct read_info *info, struct err *err)
{
    struct ics x = {.o = o, .info = info, .err = err};
    char zone[128], how[160], *text = malloc(len + 1);
    const char *title;
    const char *source;
    bool floating_ok, ok = false;
    icalcomponent *root;
    struct tz *ftz = NULL;

    if (!text)
        return err_set(err, "iCalendar: out of memory");
    memcpy(text, body, len); /* libical reads a C string */
    text[len] = '\0';
    root = icalparser_parse_string(text);
    free(text);
    x.cal = first_calendar(root);
    if (!x.cal) {
        icalcomponent_free(root);
        return err_set(err, "iCalendar: no BEGIN:VCALENDAR ... END:VCALENDAR block");
    }
    pick_zone(&x, zone, sizeof(zone), &source, &floating_ok, how, sizeof(how));
    if (floating_ok && !tz_load(zone, &ftz, err))
        goto out;
    x.floating = ftz;
    title = x_prop(x.cal, "X-WR-CALNAME");
    if (!sched_new(title && *title ? title : o ? o->title : NULL, NULL, zone, &x.s, err))
        goto out;
    read_zone_from(x.s, info, source);
    if (info && how[0])
        snprintf(info->zone_how, sizeof(info->zone_how), "%s", how);
    find_window(&x);
    ok = read_events(&x);
out:
    tz_free(ftz);
    icalcomponent_free(root);
    if (!ok) {
        sched_free(x.s);
        return false;
    }
    *out = x.s;
    return true;
}
