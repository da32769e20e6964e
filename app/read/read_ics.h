/* read_ics — iCalendar (RFC 5545) behind the door (read.h), parsed with
 * libical: VEVENTs with SUMMARY, DTSTART, DTEND or DURATION, LOCATION (the
 * room), DESCRIPTION, CATEGORIES (the track), URL, UID, STATUS:CANCELLED.
 * RRULE/RDATE/EXDATE are expanded (a venue's "Lunch" every day appears
 * every day), bounded to the event's days: from the first local day of the
 * calendar's single events to the last (a calendar of recurring events
 * only: 14 days from the first), at most READ_ICS_MAX_OCCURRENCES per
 * event. TZID comes from the calendar's VTIMEZONE (rules applied by libical)
 * or an IANA name; floating times need a zone (X-WR-TIMEZONE or the
 * configured one); all-day events are skipped with a note. */
#ifndef ROOMBOARD_READ_ICS_H
#define ROOMBOARD_READ_ICS_H

#include "read.h"

#define READ_ICS_MAX_OCCURRENCES 1000

/* LEN checked bytes. On success *out gets a new schedule (free with
 * sched_free()); on failure it is untouched and err says why. */
RB_MUST_CHECK bool read_ics(const char *body, size_t len, const struct read_opts *o,
                            struct sched **out, struct read_info *info, struct err *err);

#endif
