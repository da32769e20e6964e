/* merge — several schedules shown as one screen's schedule.
 *
 * Congresses publish a main schedule plus sub-schedules (workshops,
 * assemblies, a second venue). A screen reads each source on its own and
 * shows their union, built here. Pure: no I/O, no SDL, no curl.
 *
 * Rules (docs/schedule-format.md, "Several sources"):
 * - the event's title, acronym, version and zone are the first part's (the
 *   main schedule); wall-clock times of every part are shown in that zone;
 * - rooms in order of first appearance, the first part's first; a room of a
 *   later part is the same room when its guid or its name (case-insensitive)
 *   matches one already there;
 * - sessions deduplicated by guid: a session in several parts appears once,
 *   as the LATEST part in the list has it (its room, time, state);
 * - conference days, tracks and announcements: the union (a day with the
 *   same date in two parts spans both; a track's colour is the first given).
 */
#ifndef ROOMBOARD_MERGE_H
#define ROOMBOARD_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "sched.h"

/* At most this many parts (config: at most 16 schedule sources). */
#define MERGE_MAX_PARTS 16

/* The union of PARTS[0..n) (NULL entries are skipped: a source with no
 * schedule yet) as a new schedule in *out (free with sched_free()); the
 * parts are not changed and may be freed afterwards. Fails with one line
 * when no part has a schedule, when n > MERGE_MAX_PARTS, or when the union
 * passes the model's caps; then *out is untouched. */
RB_MUST_CHECK bool merge_scheds(const struct sched *const *parts, size_t n, struct sched **out,
                                struct err *err);

#endif
