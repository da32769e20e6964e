/* iCalendar (RFC 5545) as sched, pretalx, Indico and calendar apps export
 * it. What is read: VEVENT SUMMARY, DTSTART, DTEND or DURATION, LOCATION
 * (the room), DESCRIPTION (the abstract), CATEGORIES (the track), URL, UID,
 * STATUS:CANCELLED; the calendar's X-WR-CALNAME and X-WR-TIMEZONE; VTIMEZONE
 * blocks. Times are UTC ("...Z"), floating (read in --timezone, else
 * X-WR-TIMEZONE) or TZID=. A TZID is looked up as an IANA name first (also
 * the tail of "/mozilla.org/20070129_1/Europe/Berlin"); when that fails
 * (Outlook's "W. Europe Standard Time") the VTIMEZONE's own STANDARD and
 * DAYLIGHT observances are applied: TZOFFSETFROM/TZOFFSETTO with a yearly
 * RRULE of the form BYMONTH=m;BYDAY=nDD. Anything else there is refused with
 * a message, never guessed. All-day events (VALUE=DATE) are skipped: they
 * are not something a room screen shows as on now. */
#include "imp_ics.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tz.h"

#define MAX_OBS 16
#define MAX_VTZ 32

struct obs {
    int from, to; /* TZOFFSETFROM, TZOFFSETTO in seconds */
    int y, mo, d, h, mi, s;
    bool rule;
    int rmonth, rweek, rwday; /* rweek 1..5 or -1..-5 */
    bool has_until;
    int64_t until;
};

struct vtz {
    char tzid[128];
    struct obs obs[MAX_OBS];
    int nobs;
};

/* One content line: NAME;PARAMS:VALUE, all pointing into a scratch copy. */
struct cl {
    char *name;
    char *params; /* ";TZID=...;VALUE=DATE" or "" */
    char *value;
    size_t line; /* 1-based number of the first physical line */
};

struct ev {
    size_t line;
    char *summary, *location, *description, *uid, *url, *categories;
    char *dtstart, *dtstart_p, *dtend, *dtend_p, *duration;
    size_t dtstart_line, dtend_line;
    bool cancelled, recurring;
};

static void ev_free(struct ev *e)
{
    free(e->summary);
    free(e->location);
    free(e->description);
    free(e->uid);
    free(e->url);
    free(e->categories);
    free(e->dtstart);
    free(e->dtstart_p);
    free(e->dtend);
    free(e->dtend_p);
    free(e->duration);
    memset(e, 0, sizeof(*e));
}

/* Splits "NAME;P=V;P2="a:b":value" at the first ':' outside quotes. */
static bool split_cl(char *s, struct cl *c)
{
    bool q = false;
    char *colon = NULL;
    for (char *p = s; *p; p++) {
        if (*p == '"')
            q = !q;
        else if (*p == ':' && !q) {
            colon = p;
            break;
        }
    }
    if (!colon)
        return false;
    *colon = '\0';
    c->value = colon + 1;
    c->name = s;
    char *semi = strchr(s, ';');
    if (semi) {
        c->params = semi;
        *semi = '\0';
        c->params = semi + 1;
    } else {
        c->params = colon; /* "" */
    }
    return true;
}

/* Value of parameter KEY in PARAMS ("TZID=Europe/Berlin;VALUE=DATE"),
 * quotes removed, into buf. */
static bool param(const char *params, const char *key, char *buf, size_t size)
{
    size_t kl = strlen(key);
    const char *p = params;
    while (*p) {
        if (strncasecmp(p, key, kl) == 0 && p[kl] == '=') {
            p += kl + 1;
            size_t n = 0;
            bool q = false;
            for (; *p && (q || *p != ';'); p++) {
                if (*p == '"') {
                    q = !q;
                    continue;
                }
                if (n + 1 < size)
                    buf[n++] = *p;
            }
            buf[n] = '\0';
            return true;
        }
        /* next parameter, skipping quoted parts */
        bool q = false;
        while (*p && (q || *p != ';')) {
            if (*p == '"')
                q = !q;
            p++;
        }
        if (*p == ';')
            p++;
    }
    return false;
}

/* RFC 5545 TEXT unescaping: \n \N \, \; \\ ; a new string. */
static char *unescape(const char *v)
{
    char *o = malloc(strlen(v) + 1), *w = o;
    if (!o)
        return NULL;
    for (const char *r = v; *r; r++) {
        if (*r == '\\' && r[1]) {
            r++;
            *w++ = (*r == 'n' || *r == 'N') ? '\n' : *r;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return o;
}

static bool set_text(char **dst, const char *v)
{
    free(*dst);
    *dst = unescape(v);
    return *dst != NULL;
}

static bool set_raw(char **dst, const char *v)
{
    free(*dst);
    *dst = strdup(v);
    return *dst != NULL;
}

static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* "20131021T130000" [Z] or "20131021" (date only). */
static bool parse_dt(const char *v, int *y, int *mo, int *d, int *h, int *mi, int *s, bool *utc,
                     bool *date_only)
{
    while (*v == ' ')
        v++;
    if (!digits(v, 4, y) || !digits(v + 4, 2, mo) || !digits(v + 6, 2, d))
        return false;
    *h = *mi = *s = 0;
    *utc = false;
    *date_only = false;
    if (v[8] == '\0') {
        *date_only = true;
    } else {
        if (v[8] != 'T' || !digits(v + 9, 2, h) || !digits(v + 11, 2, mi) || !digits(v + 13, 2, s))
            return false;
        const char *r = v + 15;
        if (*r == 'Z' || *r == 'z') {
            *utc = true;
            r++;
        }
        while (*r == ' ')
            r++;
        if (*r)
            return false;
    }
    return *mo >= 1 && *mo <= 12 && *d >= 1 && *d <= 31 && *h <= 23 && *mi <= 59 && *s <= 60;
}

/* "-PT1H30M", "P1D", "P1W" -> seconds. */
static bool parse_duration(const char *v, int64_t *out)
{
    int64_t total = 0;
    int sign = 1;
    bool t = false, any = false;

    while (*v == ' ')
        v++;
    if (*v == '+' || *v == '-')
        sign = *v++ == '-' ? -1 : 1;
    if (*v++ != 'P')
        return false;
    while (*v) {
        if (*v == 'T') {
            t = true;
            v++;
            continue;
        }
        int64_t n = 0;
        int nd = 0;
        while (isdigit((unsigned char)*v) && nd < 9) {
            n = n * 10 + (*v++ - '0');
            nd++;
        }
        if (nd == 0)
            return false;
        switch (*v++) {
        case 'W':
            total += n * 7 * 86400;
            break;
        case 'D':
            total += n * 86400;
            break;
        case 'H':
            if (!t)
                return false;
            total += n * 3600;
            break;
        case 'M':
            if (!t)
                return false;
            total += n * 60;
            break;
        case 'S':
            if (!t)
                return false;
            total += n;
            break;
        default:
            return false;
        }
        any = true;
    }
    if (!any)
        return false;
    *out = sign * total;
    return true;
}

/* "+0100", "-0530", "+013000" -> seconds east of UTC. */
static bool parse_utcoff(const char *v, int *out)
{
    int h, m, s = 0;
    while (*v == ' ')
        v++;
    if ((v[0] != '+' && v[0] != '-') || !digits(v + 1, 2, &h) || !digits(v + 3, 2, &m))
        return false;
    if (v[5] && (!digits(v + 5, 2, &s) || v[7]))
        return false;
    *out = (v[0] == '-' ? -1 : 1) * (h * 3600 + m * 60 + s);
    return h < 24 && m < 60;
}

static const char *const wdays[] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};

/* Accepts FREQ=YEARLY;BYMONTH=m;BYDAY=nDD[;UNTIL=...] in any order. */
static bool parse_rrule(const char *v, struct obs *o)
{
    char buf[256];
    bool yearly = false;
    snprintf(buf, sizeof(buf), "%s", v);
    o->rmonth = 0;
    o->rweek = 0;
    o->rwday = -1;
    for (char *part = buf, *next; part; part = next) {
        next = strchr(part, ';');
        if (next)
            *next++ = '\0';
        if (!*part)
            continue;
        if (strcasecmp(part, "FREQ=YEARLY") == 0) {
            yearly = true;
        } else if (strncasecmp(part, "BYMONTH=", 8) == 0) {
            char *end;
            long m = strtol(part + 8, &end, 10);
            if (*end || m < 1 || m > 12)
                return false;
            o->rmonth = (int)m;
        } else if (strncasecmp(part, "BYDAY=", 6) == 0) {
            char *p = part + 6, *end;
            long n = strtol(p, &end, 10);
            if (end == p || n == 0 || n < -5 || n > 5 || strlen(end) != 2)
                return false;
            for (int i = 0; i < 7; i++) {
                if (strcasecmp(end, wdays[i]) == 0)
                    o->rwday = i;
            }
            o->rweek = (int)n;
        } else if (strncasecmp(part, "UNTIL=", 6) == 0) {
            int y, mo, d, h, mi, s;
            bool utc, date_only;
            if (!parse_dt(part + 6, &y, &mo, &d, &h, &mi, &s, &utc, &date_only))
                return false;
            o->has_until = true;
            o->until = tz_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
        } else if (strncasecmp(part, "WKST=", 5) != 0 && strncasecmp(part, "INTERVAL=1", 10) != 0) {
            return false;
        }
    }
    return yearly && o->rmonth && o->rweek && o->rwday >= 0;
}

/* Onset (UTC) of an observance in year Y, or false when it has none. */
static bool onset(const struct obs *o, int y, int64_t *out)
{
    int64_t day;
    if (!o->rule) {
        if (y != o->y)
            return false;
        day = tz_days_from_civil(o->y, o->mo, o->d);
    } else {
        if (y < o->y)
            return false;
        int64_t first = tz_days_from_civil(y, o->rmonth, 1);
        int64_t next = o->rmonth == 12 ? tz_days_from_civil(y + 1, 1, 1)
                                       : tz_days_from_civil(y, o->rmonth + 1, 1);
        int wd1 = (int)(((first + 4) % 7 + 7) % 7);
        if (o->rweek > 0) {
            day = first + (o->rwday - wd1 + 7) % 7 + 7 * (o->rweek - 1);
            if (day >= next)
                return false;
        } else {
            int64_t last = next - 1;
            int wdl = (int)(((last + 4) % 7 + 7) % 7);
            day = last - (wdl - o->rwday + 7) % 7 - 7 * (-o->rweek - 1);
            if (day < first)
                return false;
        }
    }
    int64_t t = day * 86400 + o->h * 3600 + o->mi * 60 + o->s - o->from;
    if (o->rule && o->has_until && t > o->until)
        return false;
    *out = t;
    return true;
}

/* The offset in force at instant t: the observance with the latest onset. */
static bool vtz_offset_at(const struct vtz *z, int64_t t, int *off)
{
    int64_t best = INT64_MIN;
    int y, mo, d;
    bool found = false;

    tz_civil_from_days(t / 86400 - (t % 86400 < 0), &y, &mo, &d);
    for (int i = 0; i < z->nobs; i++) {
        for (int yy = y - 1; yy <= y; yy++) {
            int64_t on;
            if (onset(&z->obs[i], yy, &on) && on <= t && on > best) {
                best = on;
                *off = z->obs[i].to;
                found = true;
            }
        }
        /* A rule-less observance older than last year still holds. */
        if (!z->obs[i].rule && z->obs[i].y < y - 1) {
            int64_t on;
            if (onset(&z->obs[i], z->obs[i].y, &on) && on > best) {
                best = on;
                *off = z->obs[i].to;
                found = true;
            }
        }
    }
    if (!found && z->nobs > 0) {
        /* Before every onset: the earliest observance's "from" offset. */
        *off = z->obs[0].from;
        found = true;
    }
    return found;
}

static bool vtz_from_local(const struct vtz *z, int y, int mo, int d, int h, int mi, int s,
                           int64_t *out)
{
    int64_t local = tz_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
    for (int i = 0; i < z->nobs; i++) {
        int off;
        int64_t t = local - z->obs[i].to;
        if (vtz_offset_at(z, t, &off) && off == z->obs[i].to) {
            *out = t;
            return true;
        }
    }
    int off;
    if (!vtz_offset_at(z, local, &off))
        return false;
    *out = local - off;
    return true;
}

/* A TZID as an IANA zone: the name itself, or the tail of a prefixed one. */
static bool load_tzid(const char *tzid, struct tz **out)
{
    const char *p = tzid;
    while (*p == '/')
        p++;
    while (p && *p) {
        if (strchr(p, '/') || strcasecmp(p, "UTC") == 0 || strcasecmp(p, "GMT") == 0) {
            struct tz *z;
            if (tz_load(p, &z, NULL)) {
                *out = z;
                return true;
            }
        }
        p = strchr(p, '/');
        if (p)
            p++;
    }
    return false;
}

/* Windows zone names (Outlook, Exchange) for the display zone. Instants
 * always come from the file's own VTIMEZONE rules; this only picks the IANA
 * zone whose wall clock the screens show. */
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
    {"UTC", "UTC"},
};

static const char *windows_zone(const char *tzid)
{
    for (size_t i = 0; i < sizeof(winzones) / sizeof(winzones[0]); i++) {
        if (strcasecmp(tzid, winzones[i].win) == 0)
            return winzones[i].iana;
    }
    return NULL;
}

struct ctx {
    struct vtz *vtz;
    int nvtz;
    struct tz *floating; /* --timezone or X-WR-TIMEZONE */
    /* IANA zones looked up by TZID, cached */
    struct {
        char tzid[128];
        struct tz *tz;
    } cache[MAX_VTZ];
    int ncache;
};

static const struct vtz *find_vtz(const struct ctx *c, const char *tzid)
{
    for (int i = 0; i < c->nvtz; i++) {
        if (strcmp(c->vtz[i].tzid, tzid) == 0)
            return &c->vtz[i];
    }
    return NULL;
}

static bool cached_tz(struct ctx *c, const char *tzid, struct tz **out)
{
    for (int i = 0; i < c->ncache; i++) {
        if (strcmp(c->cache[i].tzid, tzid) == 0) {
            *out = c->cache[i].tz;
            return *out != NULL;
        }
    }
    struct tz *z = NULL;
    load_tzid(tzid, &z);
    if (c->ncache < MAX_VTZ) {
        snprintf(c->cache[c->ncache].tzid, sizeof(c->cache[0].tzid), "%s", tzid);
        c->cache[c->ncache].tz = z;
        c->ncache++;
    } else if (z) {
        tz_free(z);
        z = NULL;
        return false;
    }
    *out = z;
    return z != NULL;
}

/* A DTSTART/DTEND value to an instant. */
static bool resolve(struct ctx *c, const char *what, const char *value, const char *params,
                    size_t line, int64_t *out, bool *date_only, struct err *err)
{
    int y, mo, d, h, mi, s;
    bool utc;
    char tzid[128];

    if (!parse_dt(value, &y, &mo, &d, &h, &mi, &s, &utc, date_only))
        return err_set(err, "ics: line %zu: cannot read %s '%.40s' (expected 20131021T130000Z)",
                       line, what, value);
    if (*date_only) {
        *out = tz_days_from_civil(y, mo, d) * 86400;
        return true;
    }
    if (s == 60)
        s = 59;
    if (utc) {
        *out = tz_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
        return true;
    }
    if (param(params, "TZID", tzid, sizeof(tzid)) && tzid[0]) {
        struct tz *z;
        if (cached_tz(c, tzid, &z)) {
            if (!tz_from_local(z, y, mo, d, h, mi, s, out))
                return err_set(err, "ics: line %zu: %s '%s' is not a valid time", line, what,
                               value);
            return true;
        }
        const struct vtz *v = find_vtz(c, tzid);
        if (!v || v->nobs == 0)
            return err_set(err,
                           "ics: line %zu: %s uses TZID '%s', which is neither an IANA zone nor "
                           "defined by a VTIMEZONE in the file",
                           line, what, tzid);
        if (!vtz_from_local(v, y, mo, d, h, mi, s, out))
            return err_set(err, "ics: line %zu: cannot place %s in zone '%s'", line, what, tzid);
        return true;
    }
    if (!c->floating)
        return err_set(err,
                       "ics: line %zu: %s '%s' is a floating time (no Z, no TZID) and the "
                       "calendar names no X-WR-TIMEZONE; pass --timezone",
                       line, what, value);
    if (!tz_from_local(c->floating, y, mo, d, h, mi, s, out))
        return err_set(err, "ics: line %zu: %s '%s' is not a valid time", line, what, value);
    return true;
}

bool imp_ics_read(const char *buf, size_t len, const struct imp_opts *opts, struct sched **out,
                  struct imp_info *info, struct err *err)
{
    struct imp_lines L = {0};
    char **logical = NULL;
    size_t *lineno = NULL, nlog = 0;
    struct ctx c = {0};
    struct ev *evs = NULL, cur = {0};
    size_t nev = 0, capev = 0;
    char *calname = NULL, *wrtz = NULL;
    struct sched *s = NULL;
    struct sched_session_in *ins = NULL;
    size_t nin = 0;
    char zone_name[160] = "";
    bool ok = false, in_event = false, in_vcal = false, saw_vcal = false;
    int in_vtz = -1, in_obs = -1, sub = 0;
    size_t nallday = 0, nrecurring = 0;

    if (!imp_lines_split(buf, len, &L, err))
        return false;
    c.vtz = calloc(MAX_VTZ, sizeof(*c.vtz));
    logical = calloc(L.n ? L.n : 1, sizeof(*logical));
    lineno = calloc(L.n ? L.n : 1, sizeof(*lineno));
    if (!c.vtz || !logical || !lineno) {
        err_set(err, "ics: out of memory");
        goto out;
    }
    /* Unfold: a line starting with a space or tab continues the previous
     * one (that one character is dropped). Lines are moved, not copied. */
    /* Lines live in one buffer, in order, so a continuation is moved down
     * onto the end of its logical line in place: linear in the input. */
    char *tail = NULL; /* the NUL ending the current logical line */
    for (size_t i = 0; i < L.n; i++) {
        char *l = L.line[i];
        if ((l[0] == ' ' || l[0] == '\t') && nlog > 0) {
            size_t b = strlen(l + 1);
            memmove(tail, l + 1, b + 1);
            tail += b;
        } else {
            logical[nlog] = l;
            lineno[nlog] = i + 1;
            nlog++;
            tail = l + strlen(l);
        }
    }

    for (size_t i = 0; i < nlog; i++) {
        struct cl cl;
        if (!logical[i][0])
            continue;
        if (!split_cl(logical[i], &cl))
            continue; /* not a content line; RFC says ignore what we do not know */
        cl.line = lineno[i];
        const char *n = cl.name, *v = cl.value;
        if (in_event && sub > 0) {
            /* Inside a VALARM (or other sub-component) of an event: its
             * DESCRIPTION and TRIGGER are not the event's. */
            if (strcasecmp(n, "BEGIN") == 0)
                sub++;
            else if (strcasecmp(n, "END") == 0)
                sub--;
            continue;
        }
        if (strcasecmp(n, "BEGIN") == 0) {
            if (in_event) {
                sub = 1;
            } else if (strcasecmp(v, "VCALENDAR") == 0) {
                in_vcal = saw_vcal = true;
            } else if (strcasecmp(v, "VEVENT") == 0 && in_vcal) {
                ev_free(&cur);
                cur.line = cl.line;
                in_event = true;
            } else if (strcasecmp(v, "VTIMEZONE") == 0 && c.nvtz < MAX_VTZ) {
                in_vtz = c.nvtz++;
            } else if ((strcasecmp(v, "STANDARD") == 0 || strcasecmp(v, "DAYLIGHT") == 0) &&
                       in_vtz >= 0 && c.vtz[in_vtz].nobs < MAX_OBS) {
                in_obs = c.vtz[in_vtz].nobs++;
            }
            continue;
        }
        if (strcasecmp(n, "END") == 0) {
            if (strcasecmp(v, "VEVENT") == 0 && in_event) {
                in_event = false;
                if (nev == capev) {
                    size_t ncap = capev ? capev * 2 : 64;
                    struct ev *ne = realloc(evs, ncap * sizeof(*ne));
                    if (!ne) {
                        err_set(err, "ics: out of memory");
                        goto out;
                    }
                    evs = ne;
                    capev = ncap;
                }
                evs[nev++] = cur;
                memset(&cur, 0, sizeof(cur));
                if (nev > SCHED_MAX_SESSIONS) {
                    err_set(err, "ics: more than %d events; refusing the calendar",
                            SCHED_MAX_SESSIONS);
                    goto out;
                }
            } else if (strcasecmp(v, "VTIMEZONE") == 0) {
                in_vtz = -1;
            } else if (strcasecmp(v, "STANDARD") == 0 || strcasecmp(v, "DAYLIGHT") == 0) {
                in_obs = -1;
            } else if (strcasecmp(v, "VCALENDAR") == 0) {
                in_vcal = false;
            }
            continue;
        }
        if (in_event) {
            bool m = true;
            if (strcasecmp(n, "SUMMARY") == 0)
                m = set_text(&cur.summary, v);
            else if (strcasecmp(n, "LOCATION") == 0)
                m = set_text(&cur.location, v);
            else if (strcasecmp(n, "DESCRIPTION") == 0)
                m = set_text(&cur.description, v);
            else if (strcasecmp(n, "UID") == 0)
                m = set_text(&cur.uid, v);
            else if (strcasecmp(n, "URL") == 0)
                m = set_text(&cur.url, v);
            else if (strcasecmp(n, "CATEGORIES") == 0)
                m = set_text(&cur.categories, v);
            else if (strcasecmp(n, "STATUS") == 0)
                cur.cancelled = strcasecmp(v, "CANCELLED") == 0;
            else if (strcasecmp(n, "RRULE") == 0 || strcasecmp(n, "RDATE") == 0)
                cur.recurring = true;
            else if (strcasecmp(n, "DTSTART") == 0) {
                m = set_raw(&cur.dtstart, v) && set_raw(&cur.dtstart_p, cl.params);
                cur.dtstart_line = cl.line;
            } else if (strcasecmp(n, "DTEND") == 0) {
                m = set_raw(&cur.dtend, v) && set_raw(&cur.dtend_p, cl.params);
                cur.dtend_line = cl.line;
            } else if (strcasecmp(n, "DURATION") == 0)
                m = set_raw(&cur.duration, v);
            if (!m) {
                err_set(err, "ics: out of memory");
                goto out;
            }
        } else if (in_vtz >= 0) {
            struct vtz *z = &c.vtz[in_vtz];
            if (in_obs < 0) {
                if (strcasecmp(n, "TZID") == 0)
                    snprintf(z->tzid, sizeof(z->tzid), "%s", v);
                continue;
            }
            struct obs *o = &z->obs[in_obs];
            bool good = true;
            if (strcasecmp(n, "TZOFFSETFROM") == 0) {
                good = parse_utcoff(v, &o->from);
            } else if (strcasecmp(n, "TZOFFSETTO") == 0) {
                good = parse_utcoff(v, &o->to);
            } else if (strcasecmp(n, "DTSTART") == 0) {
                bool utc, date_only;
                good = parse_dt(v, &o->y, &o->mo, &o->d, &o->h, &o->mi, &o->s, &utc, &date_only);
            } else if (strcasecmp(n, "RRULE") == 0) {
                o->rule = true;
                if (!parse_rrule(v, o)) {
                    err_set(err,
                            "ics: line %zu: VTIMEZONE '%s' has a rule roomboard does not read "
                            "('%.60s'); only FREQ=YEARLY;BYMONTH=m;BYDAY=nDD",
                            cl.line, z->tzid, v);
                    goto out;
                }
            }
            if (!good) {
                err_set(err, "ics: line %zu: cannot read %s '%.40s' in VTIMEZONE '%s'", cl.line, n,
                        v, z->tzid);
                goto out;
            }
        } else if (strcasecmp(n, "X-WR-CALNAME") == 0) {
            if (!set_text(&calname, v)) {
                err_set(err, "ics: out of memory");
                goto out;
            }
        } else if (strcasecmp(n, "X-WR-TIMEZONE") == 0) {
            if (!set_text(&wrtz, v)) {
                err_set(err, "ics: out of memory");
                goto out;
            }
        }
    }

    if (!saw_vcal) {
        err_set(err, "ics: no BEGIN:VCALENDAR found; this is not an iCalendar file");
        goto out;
    }
    if (nev == 0) {
        err_set(err, "ics: no sessions found: the calendar holds no VEVENT (%zu lines read)", L.n);
        goto out;
    }

    /* The zone for floating times, and the event's zone for display. */
    if (opts && opts->tzname) {
        if (!tz_load(opts->tzname, &c.floating, err)) {
            err_prefix(err, "ics: --timezone");
            goto out;
        }
        snprintf(zone_name, sizeof(zone_name), "%s", tz_name(c.floating));
        if (info)
            snprintf(info->zone_how, sizeof(info->zone_how), "from --timezone");
    } else if (wrtz && wrtz[0]) {
        if (!load_tzid(wrtz, &c.floating)) {
            err_set(err, "ics: X-WR-TIMEZONE '%.60s' is not a known zone; pass --timezone", wrtz);
            goto out;
        }
        snprintf(zone_name, sizeof(zone_name), "%s", tz_name(c.floating));
        if (info)
            snprintf(info->zone_how, sizeof(info->zone_how), "from X-WR-TIMEZONE");
    }

    ins = calloc(nev, sizeof(*ins));
    if (!ins) {
        err_set(err, "ics: out of memory");
        goto out;
    }
    for (size_t i = 0; i < nev; i++) {
        struct ev *e = &evs[i];
        struct sched_session_in *in = &ins[nin];
        bool date_only = false, end_date_only = false;
        if (!e->dtstart) {
            err_set(err, "ics: line %zu: event '%.60s' has no DTSTART", e->line,
                    e->summary ? e->summary : "");
            goto out;
        }
        if (!resolve(&c, "DTSTART", e->dtstart, e->dtstart_p, e->dtstart_line, &in->start,
                     &date_only, err))
            goto out;
        if (date_only) {
            nallday++; /* all-day: not shown as a session */
            continue;
        }
        if (e->recurring)
            nrecurring++;
        if (e->dtend) {
            if (!resolve(&c, "DTEND", e->dtend, e->dtend_p, e->dtend_line, &in->end, &end_date_only,
                         err))
                goto out;
        } else if (e->duration) {
            int64_t dur;
            if (!parse_duration(e->duration, &dur) || dur < 0) {
                err_set(err, "ics: line %zu: cannot read DURATION '%.40s' of event '%.60s'",
                        e->line, e->duration, e->summary ? e->summary : "");
                goto out;
            }
            in->end = in->start + dur;
        } else {
            in->end = in->start;
        }
        if (!imp_check_times(e->summary && e->summary[0] ? e->summary : "(untitled)", in->start,
                             in->end, err)) {
            err_prefix(err, "ics: line %zu", e->line);
            goto out;
        }
        /* The display zone: the first TZID that is an IANA zone. */
        if (!zone_name[0] && e->dtstart_p) {
            char tzid[128];
            struct tz *z;
            const char *win;
            if (!param(e->dtstart_p, "TZID", tzid, sizeof(tzid))) {
                /* UTC or floating: no hint here */
            } else if (cached_tz(&c, tzid, &z)) {
                snprintf(zone_name, sizeof(zone_name), "%s", tz_name(z));
                if (info)
                    snprintf(info->zone_how, sizeof(info->zone_how), "from TZID on line %zu",
                             e->dtstart_line);
            } else if ((win = windows_zone(tzid)) != NULL) {
                snprintf(zone_name, sizeof(zone_name), "%s", win);
                if (info)
                    snprintf(info->zone_how, sizeof(info->zone_how),
                             "from Windows TZID '%.40s' on line %zu", tzid, e->dtstart_line);
            } else {
                /* A zone we cannot name: show the offset of the first
                 * event; the instants themselves are still exact. */
                const struct vtz *v = find_vtz(&c, tzid);
                int off;
                if (v && vtz_offset_at(v, in->start, &off)) {
                    int a = off < 0 ? -off : off;
                    snprintf(zone_name, sizeof(zone_name), "%c%02d:%02d", off < 0 ? '-' : '+',
                             a / 3600, a / 60 % 60);
                    if (info)
                        snprintf(info->zone_how, sizeof(info->zone_how),
                                 "fixed offset of VTIMEZONE '%.40s'; pass --timezone for "
                                 "daylight saving",
                                 tzid);
                }
            }
        }
        if (e->categories) {
            char *comma = strchr(e->categories, ',');
            if (comma)
                *comma = '\0';
        }
        in->title = e->summary && e->summary[0] ? e->summary : "(untitled)";
        in->room = e->location && e->location[0] ? e->location : "TBA";
        in->abstract = e->description ? e->description : "";
        in->id = e->uid ? e->uid : "";
        in->url = e->url ? e->url : "";
        in->track = e->categories ? e->categories : "";
        in->cancelled = e->cancelled;
        in->guid = NULL;
        nin++;
    }
    if (info && (nallday || nrecurring)) {
        char a[80] = "", r[100] = "";
        if (nallday)
            snprintf(a, sizeof(a), "%zu all-day event%s skipped", nallday, nallday == 1 ? "" : "s");
        if (nrecurring)
            snprintf(r, sizeof(r), "%s%zu recurring event%s imported once (RRULE not expanded)",
                     nallday ? "; " : "", nrecurring, nrecurring == 1 ? "" : "s");
        snprintf(info->note, sizeof(info->note), "%s%s", a, r);
    }
    if (nin == 0) {
        err_set(err, "ics: no sessions found: all %zu events are all-day (VALUE=DATE) events", nev);
        goto out;
    }
    if (!zone_name[0]) {
        snprintf(zone_name, sizeof(zone_name), "UTC");
        if (info)
            snprintf(info->zone_how, sizeof(info->zone_how),
                     "UTC: the calendar names no zone (pass --timezone to show local times)");
    }
    const char *title =
        calname && calname[0] ? calname : (opts && opts->title ? opts->title : "Schedule");
    char slug[48];
    imp_slug(title, slug, sizeof(slug));
    if (!sched_new(title, slug, zone_name, &s, err))
        goto out;
    for (size_t i = 0; i < nin; i++) {
        if (!sched_add_session(s, &ins[i], err)) {
            err_prefix(err, "ics: event '%.60s'", ins[i].title);
            goto out;
        }
    }
    if (!sched_finish(s, err))
        goto out;
    *out = s;
    s = NULL;
    ok = true;
out:
    sched_free(s);
    free(ins);
    tz_free(c.floating);
    for (int i = 0; i < c.ncache; i++)
        tz_free(c.cache[i].tz);
    free(c.vtz);
    ev_free(&cur);
    for (size_t i = 0; i < nev; i++)
        ev_free(&evs[i]);
    free(evs);
    free(calname);
    free(wrtz);
    free(logical); /* the lines themselves are L's */
    free(lineno);
    imp_lines_free(&L);
    return ok;
}
