/* imp_ics — reads an iCalendar file (RFC 5545): VEVENTs with UTC, floating or TZID= times.
 * Contract: see imp.h ("Every reader has the same shape"). */
#ifndef ROOMBOARD_IMP_ICS_H
#define ROOMBOARD_IMP_ICS_H

#include "imp.h"

bool imp_ics_read(const char *buf, size_t len, const struct imp_opts *opts, struct sched **out,
                  struct imp_info *info, struct err *err);

#endif
