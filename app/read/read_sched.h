/* read_sched — a sched.com list page saved as text, behind the door
 * (read.h). The page's shape is described at the top of read_sched.c and
 * in docs/schedule-format.md: every line "Monday October 21, 2013 1:00pm -
 * 1:45pm BST" is a session; its title, speakers and abstract sit above it,
 * its room and tracks below. The zone is the configured one (--timezone,
 * the config key "timezone"), else the one the page's first abbreviation
 * stands for; every abbreviation on the page is checked against it. */
#ifndef ROOMBOARD_READ_SCHED_H
#define ROOMBOARD_READ_SCHED_H

#include "read.h"

/* More sessions than this are refused: about what the JSON value bound
 * lets a frab schedule.json hold (docs/schedule-format.md, "Limits"), so a
 * page converted by roomboard-import still loads, and a hostile 16 MiB page
 * costs tens of MiB, not hundreds. Real sched events have a few thousand. */
#define READ_SCHED_MAX_SESSIONS 10000

/* LEN bytes (NUL bytes read as spaces, no terminator needed). On success
 * *out gets a new schedule (free with sched_free()); on failure it is
 * untouched and err holds one line, with the page's line number where
 * there is one. A page without a session is a failure. */
RB_MUST_CHECK bool read_sched(const char *body, size_t len, const struct read_opts *o,
                              struct sched **out, struct read_info *info, struct err *err);

/* Does any line of the LEN bytes start with a session's full date
 * ("Monday October 21, 2013")? Linear, no allocation. */
bool read_sched_detect(const char *body, size_t len);

#endif
