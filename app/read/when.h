/* when — the date, time and duration strings schedule formats share
 * ("2025-02-01", "10:35", "00:25", ISO 8601 instants), read strictly with
 * strtol and end-pointer checks. Pure functions, no allocation. */
#ifndef ROOMBOARD_WHEN_H
#define ROOMBOARD_WHEN_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "tz.h"

/* A duration into seconds: "HH:MM"; with three fields "D:HH:MM" when
 * XML_SHAPES is false (frab JSON), and when it is true (schedule.xml, whose
 * schema says HH:MM:SS) "HH:MM:SS" if the first field has two digits and
 * "D:HH:MM" if it has one ("1:02:00" is a day and two hours). */
RB_MUST_CHECK bool when_duration(const char *d, bool xml_shapes, int64_t *secs);

/* "HH:MM" or "HH:MM:SS" (seconds ignored). */
RB_MUST_CHECK bool when_hhmm(const char *s, int *h, int *m);

/* "YYYY-MM-DD" at the start of S. */
RB_MUST_CHECK bool when_date(const char *s, int *y, int *m, int *d);

/* An ISO 8601 instant: with an offset it is absolute; without one it is
 * wall time in TZ (which may then not be NULL). */
RB_MUST_CHECK bool when_instant(const char *s, const struct tz *tz, int64_t *t);

/* True when S carries its own UTC offset ("...+01:00", "...Z"); *off gets
 * it in seconds. */
RB_MUST_CHECK bool when_has_offset(const char *s, int *off);

/* A local START ("10:35") on the conference day DATE ("2025-02-01") in TZ:
 * a start before CHANGE_MIN (minutes after midnight at which the
 * conference day begins, frab's day_change) belongs to the night after
 * DATE, so it is on the next calendar date. */
RB_MUST_CHECK bool when_on_day(const struct tz *tz, const char *date, const char *start,
                               int change_min, int64_t *t);

#endif
