/* tz — IANA time zones read from TZif files, and ISO 8601 instants.
 *
 * All instants in roomboard are int64_t seconds since the Unix epoch (UTC).
 * Wall-clock strings shown to attendees are produced here, in the event's
 * zone, never the device's: this module never looks at TZ or localtime().
 * glibc offers no per-zone API, only the process-wide TZ variable, which is
 * unsafe next to the fetcher thread (curl reads the environment), so we read
 * the zoneinfo files ourselves, including the POSIX rule in the footer that
 * covers instants after the last listed transition. */
#ifndef ROOMBOARD_TZ_H
#define ROOMBOARD_TZ_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"

struct tz;

/* Broken-down local time in a zone. mon is 1-12, wday 0 = Sunday. */
struct tz_tm {
    int year, mon, mday, hour, min, sec, wday, yday;
    int off;      /* UTC offset in seconds */
    char abbr[8]; /* "CET", "PDT", "+01" */
};

/* Loads zone NAME: an IANA name ("Europe/Berlin") read from $TZDIR or
 * /usr/share/zoneinfo, "UTC"/"Z", or a fixed offset "+01:00"/"-0700".
 * Names with ".." or a leading '/' are refused. Returns a new zone through
 * *out (free with tz_free()); on failure *out is untouched. */
bool tz_load(const char *name, struct tz **out, struct err *err);

/* A zone with a fixed offset (seconds east of UTC), named like "+01:00". */
struct tz *tz_fixed(int offset_s);

void tz_free(struct tz *tz);

/* The name the zone was loaded with ("Europe/Berlin", "+01:00"). */
const char *tz_name(const struct tz *tz);

/* Offset from UTC in seconds at instant t. */
int tz_offset(const struct tz *tz, int64_t t);

/* Local time of instant t in zone tz. */
void tz_local(const struct tz *tz, int64_t t, struct tz_tm *out);

/* Instant of a local wall time. In a gap (spring forward) the wall time is
 * read with the offset in force before the gap, so it lands after it; in a
 * fold (fall back) the earlier instant wins. False if a field is out of
 * range. */
bool tz_from_local(const struct tz *tz, int year, int mon, int mday, int hour, int min, int sec,
                   int64_t *out);

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
int64_t tz_days_from_civil(int year, int mon, int mday);
void tz_civil_from_days(int64_t days, int *year, int *mon, int *mday);

/* Parses an ISO 8601 instant with an offset or Z: "2015-08-17T14:30:00-07:00",
 * "2015-08-17T21:30Z", "2015-08-17 14:30:00.5+0200". Seconds and fraction are
 * optional (fraction is dropped). *off_out (may be NULL) gets the stated
 * offset. An instant without an offset is refused: it would be ambiguous. */
bool tz_parse_iso8601(const char *s, int64_t *out, int *off_out, struct err *err);

/* Formats t in zone tz as "2015-08-17T14:30:00-07:00" (buf >= 32 bytes). */
void tz_format_iso8601(const struct tz *tz, int64_t t, char *buf, int size);

#endif
