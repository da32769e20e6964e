#include "when.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool when_duration(const char *d, bool xml_shapes, int64_t *secs)
{
    long part[3];
    size_t digits0 = 0;
    int n = 0;
    const char *p = d;
    char *end;

    if (!d)
        return false;
    while (n < 3) {
        if (*p < '0' || *p > '9')
            return false;
        errno = 0;
        part[n++] = strtol(p, &end, 10);
        if (errno || part[n - 1] > 100000)
            return false;
        if (n == 1)
            digits0 = (size_t)(end - p);
        p = end;
        if (*p != ':')
            break;
        p++;
    }
    if (*p != '\0' || n < 2)
        return false;
    if (n == 2) {
        if (part[1] > 59)
            return false;
        *secs = (int64_t)part[0] * 3600 + part[1] * 60;
    } else if (xml_shapes && digits0 >= 2) {
        if (part[1] > 59 || part[2] > 59)
            return false;
        *secs = (int64_t)part[0] * 3600 + part[1] * 60 + part[2];
    } else {
        if (part[1] > 23 || part[2] > 59)
            return false;
        *secs = (int64_t)part[0] * 86400 + part[1] * 3600 + part[2] * 60;
    }
    return true;
}

bool when_hhmm(const char *s, int *h, int *m)
{
    char *end;
    long hh, mm;

    if (!s || *s < '0' || *s > '9')
        return false;
    hh = strtol(s, &end, 10);
    if (*end != ':' || end[1] < '0' || end[1] > '9')
        return false;
    mm = strtol(end + 1, &end, 10);
    if ((*end != '\0' && *end != ':') || hh > 23 || mm > 59)
        return false;
    *h = (int)hh;
    *m = (int)mm;
    return true;
}

bool when_date(const char *s, int *y, int *m, int *d)
{
    char *end;
    long yy, mm, dd;

    if (!s || strlen(s) < 10 || s[4] != '-' || s[7] != '-')
        return false;
    yy = strtol(s, &end, 10);
    if (end != s + 4)
        return false;
    mm = strtol(s + 5, &end, 10);
    if (end != s + 7)
        return false;
    dd = strtol(s + 8, &end, 10);
    if (end != s + 10 || mm < 1 || mm > 12 || dd < 1 || dd > 31 || yy < 1900 || yy > 9999)
        return false;
    *y = (int)yy;
    *m = (int)mm;
    *d = (int)dd;
    return true;
}

bool when_has_offset(const char *s, int *off)
{
    int64_t t;

    return s && tz_parse_iso8601(s, &t, off, NULL);
}

bool when_instant(const char *s, const struct tz *tz, int64_t *t)
{
    int y, mo, d, h, mi;

    if (!s)
        return false;
    if (tz_parse_iso8601(s, t, NULL, NULL))
        return true;
    if (!tz || !when_date(s, &y, &mo, &d) || (s[10] != 'T' && s[10] != ' ') ||
        !when_hhmm(s + 11, &h, &mi))
        return false;
    return tz_from_local(tz, y, mo, d, h, mi, 0, t);
}

bool when_on_day(const struct tz *tz, const char *date, const char *start, int change_min,
                 int64_t *t)
{
    int y, mo, d, h, mi;

    if (!tz || !when_date(date, &y, &mo, &d) || !when_hhmm(start, &h, &mi))
        return false;
    if (h * 60 + mi < change_min)
        tz_civil_from_days(tz_days_from_civil(y, mo, d) + 1, &y, &mo, &d);
    return tz_from_local(tz, y, mo, d, h, mi, 0, t);
}
