/* read_frab — the frab/pretalx schedule.json (v1) reader behind the door
 * (read.h). Real-export quirks are accepted (docs/schedule-format.md); an
 * event whose time cannot be read fails the whole load with one line. */
#ifndef ROOMBOARD_READ_FRAB_H
#define ROOMBOARD_READ_FRAB_H

#include <cjson/cJSON.h>

#include "read.h"

/* ROOT is the parsed body. On success *out gets a new schedule (free with
 * sched_free()); on failure it is untouched. */
RB_MUST_CHECK bool read_frab_json(const cJSON *root, const struct read_opts *o, struct sched **out,
                                  struct read_info *info, struct err *err);

#endif
