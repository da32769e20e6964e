/* door — a screen's door state beside its schedule (docs/door.md): the
 * door status feed (a second fetcher, fetch_start_status), the local
 * overrides of a door screen with a keyboard (`f` full, `d` + digits late),
 * and the list of schedule changes (detected at every schedule swap, kept
 * in the cache directory). door_input() hands it all to live_compute() as
 * struct live_door; what it means on the screen is decided there.
 *
 * Used by the kiosk (a running fetcher) and by the one-shot outputs
 * (--state, --screenshot: door_once). Main thread only. */
#ifndef ROOMBOARD_DOOR_H
#define ROOMBOARD_DOOR_H

#include <stdbool.h>
#include <stdint.h>

#include "cfg.h"
#include "changes.h"
#include "err.h"
#include "fetch.h"
#include "live.h"
#include "status.h"

struct door {
    const struct cfg *cfg;  /* borrowed, outlives the door */
    struct fetch *fetch;    /* the status fetcher; NULL: none running */
    struct status *status;  /* the last good status; NULL none */
    struct fetch_info info; /* the feed's source state */
    struct live_local local[CFG_MAX_ROOMS];
    size_t nlocal;
    struct changes changes;
    bool keep_changes; /* write the list to the cache directory */
    struct live_door in;
};

/* Sets D up for CFG and reloads the change list from the cache directory
 * when KEEP (a running screen; the demo never touches the cache). A corrupt
 * list is reported on stderr and started afresh. */
void door_init(struct door *d, const struct cfg *cfg, bool keep);

/* Starts the status fetcher when cfg.status is set; NOTIFY as for
 * fetch_start(). False (with the reason) when it cannot start. */
RB_MUST_CHECK bool door_start(struct door *d, void (*notify)(void *ud), void *ud, struct err *err);

/* One-shot outputs: reads the feed once (a URL through the fetcher with its
 * cache, a plain path directly). False with the reason when there is none;
 * the caller decides whether that is fatal. */
RB_MUST_CHECK bool door_once(struct door *d, struct err *err);

/* Takes what the fetcher has; true when a new status arrived (local
 * overrides end then: the feed changed). */
bool door_take(struct door *d);

/* A new schedule NEW_ replaces OLD at wall-clock instant NOW: the changes
 * are detected, old ones expire, the list is saved (when kept). */
void door_swapped(struct door *d, const struct sched *old, const struct sched *new_, int64_t now);

/* --changes-from: the changes from the schedule in file OLD_PATH to S, as
 * if detected at AT. */
RB_MUST_CHECK bool door_changes_from(struct door *d, const char *old_path, const struct sched *s,
                                     int64_t at, struct err *err);

/* `f`: toggles "full" for ROOM (index in the schedule) from what the screen
 * shows now (SHOWN_FULL). `d`: a local delay of MIN minutes (0 ends it). */
void door_toggle_full(struct door *d, int room, bool shown_full);
void door_set_delay(struct door *d, int room, int min);

/* live's input for the wall-clock instant REAL_NOW (s); valid until the
 * next call on D. */
const struct live_door *door_input(struct door *d, int64_t real_now);

/* Stops the fetcher, frees everything. Accepts a zeroed struct. */
void door_stop(struct door *d);

#endif
