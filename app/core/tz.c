#include "tz.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TZ_MAX_FILE (1024 * 1024)

struct tz_type {
    int32_t off;
    bool dst;
    char abbr[8];
};

/* The POSIX TZ rule from a TZif footer: "CET-1CEST,M3.5.0,M10.5.0/3". */
struct tz_rule_date {
    char kind; /* 'M', 'J' (1..365, no Feb 29) or 'D' (0..365) */
    int mon, week, wday, yday;
    int32_t secs; /* local time of day of the change */
};

struct tz_rule {
    bool present;
    bool has_dst;
    struct tz_type std, dst;
    struct tz_rule_date start, end;
};

struct tz {
    char name[128];
    int64_t *trans; /* transition instants, ascending */
    uint8_t *idx;   /* type in force from trans[i] */
    size_t ntrans;
    struct tz_type *types;
    size_t ntypes;
    struct tz_rule rule;
};

/* ---- calendar ------------------------------------------------------- */

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/* Howard Hinnant's days_from_civil / civil_from_days. */
int64_t tz_days_from_civil(int y, int m, int d)
{
    int64_t yy = (int64_t)y - (m <= 2);
    int64_t era = floor_div(yy, 400);
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void tz_civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
    int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = mm;
    *d = dd;
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

static int weekday(int64_t days)
{
    return (int)(((days % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
}

/* ---- POSIX rule ----------------------------------------------------- */

static const char *parse_rule_name(const char *p, char *out)
{
    size_t n = 0;

    if (*p == '<') {
        p++;
        while (*p && *p != '>') {
            if (n < 7)
                out[n++] = *p;
            p++;
        }
        if (*p != '>')
            return NULL;
        p++;
    } else {
        while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
            if (n < 7)
                out[n++] = *p;
            p++;
        }
    }
    out[n] = '\0';
    return n >= 1 ? p : NULL;
}

/* [+-]hh[:mm[:ss]] into seconds. */
static const char *parse_rule_time(const char *p, int32_t *secs)
{
    int sign = 1;
    long h = 0, m = 0, s = 0;
    char *end;

    if (*p == '+' || *p == '-')
        sign = *p++ == '-' ? -1 : 1;
    if (*p < '0' || *p > '9')
        return NULL;
    h = strtol(p, &end, 10);
    p = end;
    if (*p == ':') {
        m = strtol(p + 1, &end, 10);
        p = end;
        if (*p == ':') {
            s = strtol(p + 1, &end, 10);
            p = end;
        }
    }
    if (h > 167 || m > 59 || s > 59)
        return NULL;
    *secs = (int32_t)(sign * (h * 3600 + m * 60 + s));
    return p;
}

static const char *parse_rule_date(const char *p, struct tz_rule_date *d)
{
    char *end;

    d->secs = 7200; /* default 02:00 */
    if (*p == 'M') {
        d->kind = 'M';
        d->mon = (int)strtol(p + 1, &end, 10);
        if (*end != '.')
            return NULL;
        d->week = (int)strtol(end + 1, &end, 10);
        if (*end != '.')
            return NULL;
        d->wday = (int)strtol(end + 1, &end, 10);
        if (d->mon < 1 || d->mon > 12 || d->week < 1 || d->week > 5 || d->wday < 0 || d->wday > 6)
            return NULL;
    } else if (*p == 'J') {
        d->kind = 'J';
        d->yday = (int)strtol(p + 1, &end, 10);
        if (d->yday < 1 || d->yday > 365)
            return NULL;
    } else if (*p >= '0' && *p <= '9') {
        d->kind = 'D';
        d->yday = (int)strtol(p, &end, 10);
        if (d->yday > 365)
            return NULL;
    } else {
        return NULL;
    }
    p = end;
    if (*p == '/')
        p = parse_rule_time(p + 1, &d->secs);
    return p;
}

static bool parse_rule(const char *p, struct tz_rule *r)
{
    int32_t secs;

    memset(r, 0, sizeof(*r));
    if (!(p = parse_rule_name(p, r->std.abbr)) || !(p = parse_rule_time(p, &secs)))
        return false;
    r->std.off = -secs; /* POSIX offsets are west-positive */
    r->present = true;
    if (*p == '\0')
        return true;
    if (!(p = parse_rule_name(p, r->dst.abbr)))
        return false;
    r->dst.dst = true;
    r->dst.off = r->std.off + 3600;
    if (*p != ',' && *p != '\0') {
        if (!(p = parse_rule_time(p, &secs)))
            return false;
        r->dst.off = -secs;
    }
    if (*p != ',') /* no rule: POSIX default is unspecified; treat as no DST */
        return *p == '\0' ? (r->has_dst = false, true) : false;
    if (!(p = parse_rule_date(p + 1, &r->start)) || *p != ',' ||
        !(p = parse_rule_date(p + 1, &r->end)) || *p != '\0')
        return false;
    r->has_dst = true;
    return true;
}

/* Local seconds since the epoch of a rule date in year y. */
static int64_t rule_local(int y, const struct tz_rule_date *d)
{
    int64_t days;

    if (d->kind == 'M') {
        int64_t first = tz_days_from_civil(y, d->mon, 1);
        int mday = 1 + (d->wday - weekday(first) + 7) % 7 + (d->week - 1) * 7;
        while (mday > days_in_month(y, d->mon))
            mday -= 7;
        days = first + mday - 1;
    } else if (d->kind == 'J') {
        days = tz_days_from_civil(y, 1, 1) + d->yday - 1 + (is_leap(y) && d->yday >= 60);
    } else {
        days = tz_days_from_civil(y, 1, 1) + d->yday;
    }
    return days * 86400 + d->secs;
}

static const struct tz_type *rule_type(const struct tz_rule *r, int64_t t)
{
    int y, m, d;
    int64_t start, end;

    if (!r->has_dst)
        return &r->std;
    tz_civil_from_days(floor_div(t + r->std.off, 86400), &y, &m, &d);
    start = rule_local(y, &r->start) - r->std.off;
    end = rule_local(y, &r->end) - r->dst.off;
    if (start < end)
        return (t >= start && t < end) ? &r->dst : &r->std;
    return (t >= end && t < start) ? &r->std : &r->dst; /* southern hemisphere */
}

/* ---- TZif ----------------------------------------------------------- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
    return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

static bool parse_tzif(struct tz *tz, const unsigned char *buf, size_t len, struct err *err)
{
    uint32_t cnt[6];
    size_t off = 0, v1len, i;
    int ver;
    const unsigned char *p;

    if (len < 44 || memcmp(buf, "TZif", 4) != 0)
        return err_set(err, "not a TZif file");
    ver = buf[4];
    for (i = 0; i < 6; i++)
        cnt[i] = be32(buf + 20 + 4 * i);
    /* isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt */
    v1len = (size_t)cnt[3] * 5 + (size_t)cnt[4] * 6 + cnt[5] + (size_t)cnt[2] * 8 + cnt[1] + cnt[0];
    if (ver >= '2') {
        off = 44 + v1len;
        if (off + 44 > len || memcmp(buf + off, "TZif", 4) != 0)
            return err_set(err, "TZif v2 header missing");
        for (i = 0; i < 6; i++)
            cnt[i] = be32(buf + off + 20 + 4 * i);
        off += 44;
    } else {
        off = 44;
    }
    size_t tlen = ver >= '2' ? 8 : 4;
    size_t need = (size_t)cnt[3] * (tlen + 1) + (size_t)cnt[4] * 6 + cnt[5] +
                  (size_t)cnt[2] * (tlen + 4) + cnt[1] + cnt[0];
    if (cnt[4] == 0 || cnt[4] > 256 || cnt[3] > 100000 || off + need > len)
        return err_set(err, "TZif data truncated");
    tz->ntrans = cnt[3];
    tz->ntypes = cnt[4];
    tz->trans = calloc(tz->ntrans + 1, sizeof(*tz->trans));
    tz->idx = calloc(tz->ntrans + 1, 1);
    tz->types = calloc(tz->ntypes, sizeof(*tz->types));
    if (!tz->trans || !tz->idx || !tz->types)
        return err_set(err, "out of memory");
    p = buf + off;
    for (i = 0; i < tz->ntrans; i++)
        tz->trans[i] = tlen == 8 ? be64(p + 8 * i) : (int32_t)be32(p + 4 * i);
    p += tz->ntrans * tlen;
    for (i = 0; i < tz->ntrans; i++) {
        if (p[i] >= tz->ntypes)
            return err_set(err, "TZif transition names type %u of %zu", p[i], tz->ntypes);
        tz->idx[i] = p[i];
    }
    p += tz->ntrans;
    const unsigned char *chars = p + tz->ntypes * 6;
    for (i = 0; i < tz->ntypes; i++) {
        const unsigned char *t = p + 6 * i;
        unsigned ai = t[5];
        tz->types[i].off = (int32_t)be32(t);
        tz->types[i].dst = t[4] != 0;
        if (ai < cnt[5]) {
            size_t n = strnlen((const char *)chars + ai, cnt[5] - ai);
            if (n > 7)
                n = 7;
            memcpy(tz->types[i].abbr, chars + ai, n);
        }
    }
    p += tz->ntypes * 6 + cnt[5] + (size_t)cnt[2] * (tlen + 4) + cnt[1] + cnt[0];
    if (ver >= '2' && p < buf + len && *p == '\n') {
        const unsigned char *e = memchr(p + 1, '\n', (size_t)(buf + len - p - 1));
        char footer[128];
        if (e && (size_t)(e - p - 1) < sizeof(footer) && e > p + 1) {
            memcpy(footer, p + 1, (size_t)(e - p - 1));
            footer[e - p - 1] = '\0';
            if (!parse_rule(footer, &tz->rule))
                tz->rule.present = false; /* fall back to the last transition */
        }
    }
    return true;
}

/* ---- public --------------------------------------------------------- */

static bool parse_fixed(const char *s, int *off)
{
    int sign, h, m = 0;

    if (strcmp(s, "Z") == 0 || strcmp(s, "UTC") == 0 || strcmp(s, "GMT") == 0) {
        *off = 0;
        return true;
    }
    if ((s[0] != '+' && s[0] != '-') || s[1] < '0' || s[1] > '9' || s[2] < '0' || s[2] > '9')
        return false;
    sign = s[0] == '-' ? -1 : 1;
    h = (s[1] - '0') * 10 + (s[2] - '0');
    s += 3;
    if (*s == ':')
        s++;
    if (*s) {
        if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' || s[2])
            return false;
        m = (s[0] - '0') * 10 + (s[1] - '0');
    }
    if (h > 18 || m > 59)
        return false;
    *off = sign * (h * 3600 + m * 60);
    return true;
}

struct tz *tz_fixed(int off)
{
    struct tz *tz = calloc(1, sizeof(*tz));
    int a = off < 0 ? -off : off;

    if (!tz)
        return NULL;
    tz->types = calloc(1, sizeof(*tz->types));
    if (!tz->types) {
        free(tz);
        return NULL;
    }
    tz->ntypes = 1;
    tz->types[0].off = off;
    if (off == 0) {
        snprintf(tz->name, sizeof(tz->name), "UTC");
        snprintf(tz->types[0].abbr, sizeof(tz->types[0].abbr), "UTC");
    } else {
        snprintf(tz->name, sizeof(tz->name), "%c%02d:%02d", off < 0 ? '-' : '+', a / 3600,
                 a / 60 % 60);
        if (a % 3600)
            snprintf(tz->types[0].abbr, sizeof(tz->types[0].abbr), "%c%02d%02d",
                     off < 0 ? '-' : '+', a / 3600 % 100, a / 60 % 60);
        else
            snprintf(tz->types[0].abbr, sizeof(tz->types[0].abbr), "%c%02d", off < 0 ? '-' : '+',
                     a / 3600 % 100);
    }
    return tz;
}

static bool valid_zone_name(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n >= 100 || s[0] == '/' || strstr(s, ".."))
        return false;
    for (; *s; s++) {
        char c = *s;
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '/' || c == '_' || c == '-' || c == '+'))
            return false;
    }
    return true;
}

bool tz_load(const char *name, struct tz **out, struct err *err)
{
    char path[512];
    const char *dir = getenv("TZDIR");
    unsigned char *buf = NULL;
    size_t len = 0;
    FILE *f;
    struct tz *tz;
    int off;

    if (!name)
        return err_set(err, "time zone: no name given");
    if (parse_fixed(name, &off) && strcmp(name, "UTC") != 0 && strcmp(name, "GMT") != 0) {
        if (!(*out = tz_fixed(off)))
            return err_set(err, "time zone: out of memory");
        return true;
    }
    if (!valid_zone_name(name))
        return err_set(err, "time zone '%s' is not a valid IANA zone name", name);
    if (!dir || !*dir)
        dir = "/usr/share/zoneinfo";
    if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
        return err_set(err, "time zone '%s': path too long", name);
    f = fopen(path, "rb");
    if (!f) {
        if (strcmp(name, "UTC") == 0 || strcmp(name, "GMT") == 0) {
            *out = tz_fixed(0);
            return *out ? true : err_set(err, "time zone: out of memory");
        }
        char why[128]; /* the fetcher thread loads zones too: no strerror */
        return err_set(err, "time zone '%s' is unknown (%s: %s)", name, path,
                       err_strerror(errno, why, sizeof(why)));
    }
    buf = malloc(TZ_MAX_FILE);
    if (buf)
        len = fread(buf, 1, TZ_MAX_FILE, f);
    fclose(f);
    if (!buf)
        return err_set(err, "time zone: out of memory");
    tz = calloc(1, sizeof(*tz));
    if (!tz) {
        free(buf);
        return err_set(err, "time zone: out of memory");
    }
    snprintf(tz->name, sizeof(tz->name), "%s", name);
    if (!parse_tzif(tz, buf, len, err)) {
        err_prefix(err, "time zone '%s' (%s)", name, path);
        free(buf);
        tz_free(tz);
        return false;
    }
    free(buf);
    *out = tz;
    return true;
}

void tz_free(struct tz *tz)
{
    if (!tz)
        return;
    free(tz->trans);
    free(tz->idx);
    free(tz->types);
    free(tz);
}

const char *tz_name(const struct tz *tz)
{
    return tz->name;
}

static const struct tz_type *type_at(const struct tz *tz, int64_t t)
{
    size_t lo = 0, hi;

    if (tz->ntrans == 0 || t < tz->trans[0]) {
        if (tz->ntrans == 0 && tz->rule.present)
            return rule_type(&tz->rule, t);
        return &tz->types[0];
    }
    if (t >= tz->trans[tz->ntrans - 1] && tz->rule.present)
        return rule_type(&tz->rule, t);
    hi = tz->ntrans; /* trans[lo] <= t < trans[hi] */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (tz->trans[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return &tz->types[tz->idx[lo]];
}

int tz_offset(const struct tz *tz, int64_t t)
{
    return type_at(tz, t)->off;
}

void tz_local(const struct tz *tz, int64_t t, struct tz_tm *out)
{
    const struct tz_type *ty = type_at(tz, t);
    int64_t local = t + ty->off;
    int64_t days = floor_div(local, 86400);
    int64_t secs = local - days * 86400;

    memset(out, 0, sizeof(*out));
    tz_civil_from_days(days, &out->year, &out->mon, &out->mday);
    out->hour = (int)(secs / 3600);
    out->min = (int)(secs / 60 % 60);
    out->sec = (int)(secs % 60);
    out->wday = weekday(days);
    out->yday = (int)(days - tz_days_from_civil(out->year, 1, 1));
    out->off = ty->off;
    memcpy(out->abbr, ty->abbr, sizeof(out->abbr));
}

bool tz_from_local(const struct tz *tz, int y, int mo, int d, int h, int mi, int s, int64_t *out)
{
    int64_t local, t1, t2;
    int o1, o2;
    bool ok1, ok2;

    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h < 0 || h > 23 || mi < 0 ||
        mi > 59 || s < 0 || s > 60)
        return false;
    local = tz_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + (s == 60 ? 59 : s);
    o1 = tz_offset(tz, local - 86400 * 2);
    o2 = tz_offset(tz, local + 86400 * 2);
    t1 = local - o1;
    t2 = local - o2;
    ok1 = tz_offset(tz, t1) == o1;
    ok2 = tz_offset(tz, t2) == o2;
    if (ok1 && ok2)
        *out = t1 < t2 ? t1 : t2; /* fold: the earlier instant */
    else if (ok1)
        *out = t1;
    else if (ok2)
        *out = t2;
    else
        *out = t1; /* gap: read with the offset before it, which lands after it */
    return true;
}

static bool digits(const char *s, int n, int *out)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool tz_parse_iso8601(const char *s, int64_t *out, int *off_out, struct err *err)
{
    int y, mo, d, h, mi, sec = 0, oh, om, off;
    const char *p = s;

    if (!s)
        return err_set(err, "time: missing");
    if (!digits(p, 4, &y) || p[4] != '-' || !digits(p + 5, 2, &mo) || p[7] != '-' ||
        !digits(p + 8, 2, &d) || (p[10] != 'T' && p[10] != 't' && p[10] != ' ') ||
        !digits(p + 11, 2, &h) || p[13] != ':' || !digits(p + 14, 2, &mi))
        return err_set(err, "time '%.40s' is not ISO 8601 (want 2015-08-17T14:30:00-07:00)", s);
    p += 16;
    if (*p == ':') {
        if (!digits(p + 1, 2, &sec))
            return err_set(err, "time '%.40s' has unreadable seconds", s);
        p += 3;
        if (*p == '.' || *p == ',') {
            p++;
            if (*p < '0' || *p > '9')
                return err_set(err, "time '%.40s' has an empty fraction", s);
            while (*p >= '0' && *p <= '9')
                p++;
        }
    }
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 60)
        return err_set(err, "time '%.40s' is out of range", s);
    if (*p == 'Z' || *p == 'z') {
        off = 0;
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p == '-' ? -1 : 1;
        if (!digits(p + 1, 2, &oh))
            return err_set(err, "time '%.40s' has an unreadable offset", s);
        if (p[3] == ':' && digits(p + 4, 2, &om))
            p += 6;
        else if (digits(p + 3, 2, &om))
            p += 5;
        else {
            om = 0;
            p += 3;
        }
        if (oh > 18 || om > 59)
            return err_set(err, "time '%.40s' has an offset out of range", s);
        off = sign * (oh * 3600 + om * 60);
    } else if (*p == '\0') {
        return err_set(err, "time '%.40s' has no UTC offset (add Z or +01:00)", s);
    } else {
        return err_set(err, "time '%.40s' has trailing text", s);
    }
    if (*p != '\0')
        return err_set(err, "time '%.40s' has trailing text", s);
    *out = tz_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + (sec == 60 ? 59 : sec) - off;
    if (off_out)
        *off_out = off;
    return true;
}

void tz_format_iso8601(const struct tz *tz, int64_t t, char *buf, int size)
{
    struct tz_tm tm;
    int a;

    tz_local(tz, t, &tm);
    a = tm.off < 0 ? -tm.off : tm.off;
    if (tm.off == 0 && strcmp(tz->name, "UTC") == 0)
        snprintf(buf, (size_t)size, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.year, tm.mon, tm.mday,
                 tm.hour, tm.min, tm.sec);
    else
        snprintf(buf, (size_t)size, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", tm.year, tm.mon,
                 tm.mday, tm.hour, tm.min, tm.sec, tm.off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
}
