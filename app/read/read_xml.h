/* read_xml — frab/pentabarf schedule.xml (frab, pretalx, FOSDEM, wafer,
 * OSEM) behind the door (read.h), read with expat as a stream: no DOM, one
 * event's text at a time. Both shapes in the wild work: modern (a
 * <time_zone_name>, event guids, <date> with an offset, which is the
 * truth) and old pentabarf (no zone, only the day's date and a local
 * <start>; <day_change> decides the calendar date, and the zone comes from
 * the configuration). Entity declarations are refused and expat's
 * billion-laughs protection is on. */
#ifndef ROOMBOARD_READ_XML_H
#define ROOMBOARD_READ_XML_H

#include "read.h"

/* LEN bytes of checked body (read_check_body). On success *out gets a new
 * schedule (free with sched_free()); on failure it is untouched and err
 * names the problem (with the line for malformed XML). */
RB_MUST_CHECK bool read_xml(const char *body, size_t len, const struct read_opts *o,
                            struct sched **out, struct read_info *info, struct err *err);

#endif
