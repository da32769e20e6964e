/* read_v2 — c3voc schedule v2 JSON (the CCC hub's export) behind the door
 * (read.h): a flat events[] with ISO start/end, rooms referenced by guid,
 * participants with roles (only speakers are shown), text that may be null
 * or one string per language. An event state CANCELED or WITHDRAWN shows as
 * cancelled; DELAYED is kept (sched_session.delayed). */
#ifndef ROOMBOARD_READ_V2_H
#define ROOMBOARD_READ_V2_H

#include <cjson/cJSON.h>

#include "read.h"

/* ROOT is the parsed body. On success *out gets a new schedule (free with
 * sched_free()); on failure it is untouched. An event in a room the
 * conference does not list is one clear error. */
RB_MUST_CHECK bool read_v2_json(const cJSON *root, const struct read_opts *o, struct sched **out,
                                struct read_info *info, struct err *err);

#endif
