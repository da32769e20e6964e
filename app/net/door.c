#include "door.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "changelog.h"
#include "read.h"
#include "file.h"

#define DOOR_MAX_STATUS (1024 * 1024)

void door_init(struct door *d, const struct cfg *cfg, bool keep)
{
    struct err err = {{0}};

    memset(d, 0, sizeof(*d));
    d->cfg = cfg;
    d->info.fetched_at = -1;
    d->keep_changes = keep && cfg->cache_dir && *cfg->cache_dir && !cfg->demo;
    if (d->keep_changes && !changelog_load(cfg->cache_dir, &d->changes, &err))
        fprintf(stderr, "roomboard: %s; starting a new change list\n", err.msg);
}

bool door_start(struct door *d, void (*notify)(void *ud), void *ud, struct err *err)
{
    if (!d->cfg->status || !*d->cfg->status)
        return true;
    if (!fetch_start_status(d->cfg, notify, ud, &d->fetch, err))
        return false;
    (void)door_take(d); /* the cached status, at once */
    return true;
}

/* A plain path: read directly, no cache (like a local schedule). */
static bool once_path(struct door *d, const char *path, struct err *err)
{
    char *buf = NULL;
    size_t len = 0;
    struct status *st = NULL;
    bool ok = file_read("status", path, DOOR_MAX_STATUS, &buf, &len, NULL, NULL, err) &&
              status_load(buf, len, &st, err);

    free(buf);
    if (!ok) {
        err_prefix(err, "%s", path);
        return false;
    }
    status_free(d->status);
    d->status = st;
    snprintf(d->info.source, sizeof(d->info.source), "file");
    snprintf(d->info.url, sizeof(d->info.url), "%s", path);
    d->info.fetched_at = (int64_t)time(NULL);
    return true;
}

bool door_once(struct door *d, struct err *err)
{
    const char *src = d->cfg->status;
    struct status *st = NULL;

    if (!src || !*src)
        return true;
    if (!live_is_remote(src))
        return once_path(d, src, err);
    if (!fetch_once_status(d->cfg, &st, &d->info, err))
        return false;
    status_free(d->status);
    d->status = st;
    return true;
}

bool door_take(struct door *d)
{
    struct status *st;

    if (!d->fetch)
        return false;
    st = fetch_take_status(d->fetch, &d->info);
    if (!st)
        return false;
    status_free(d->status);
    d->status = st;
    d->nlocal = 0; /* the feed changed: local overrides end */
    return true;
}

void door_swapped(struct door *d, const struct sched *old, const struct sched *new_, int64_t now)
{
    struct err err = {{0}};
    int hours = d->cfg->changes_hours > 0 ? d->cfg->changes_hours : CHANGES_HOURS;

    if (!old || !new_)
        return;
    if (!changes_detect(&d->changes, old, new_, now, &err))
        fprintf(stderr, "roomboard: %s\n", err.msg);
    changes_expire(&d->changes, now, hours);
    if (d->keep_changes && !changelog_save(d->cfg->cache_dir, &d->changes, &err))
        fprintf(stderr, "roomboard: %s\n", err.msg);
}

bool door_changes_from(struct door *d, const char *old_path, const struct sched *s, int64_t at,
                       struct err *err)
{
    struct sched *old = NULL;
    bool ok;

    if (!read_path(old_path, 0, NULL, &old, NULL, err))
        return false;
    ok = changes_detect(&d->changes, old, s, at, err);
    sched_free(old);
    return ok;
}

static struct live_local *local_for(struct door *d, int room)
{
    for (size_t i = 0; i < d->nlocal; i++)
        if (d->local[i].room == room)
            return &d->local[i];
    if (d->nlocal == CFG_MAX_ROOMS)
        return NULL;
    d->local[d->nlocal] = (struct live_local){.room = room};
    return &d->local[d->nlocal++];
}

void door_toggle_full(struct door *d, int room, bool shown_full)
{
    struct live_local *o = room >= 0 ? local_for(d, room) : NULL;

    if (!o)
        return;
    o->has_full = true;
    o->full = !shown_full;
}

void door_set_delay(struct door *d, int room, int min)
{
    struct live_local *o = room >= 0 ? local_for(d, room) : NULL;

    if (o)
        o->delay_min = min > 0 && min <= STATUS_MAX_DELAY ? min : 0;
}

const struct live_door *door_input(struct door *d, int64_t real_now)
{
    d->in = (struct live_door){
        .status = d->status,
        .status_configured = d->cfg->status && *d->cfg->status,
        .status_fetched_at = d->info.fetched_at,
        .real_now = real_now,
        .status_stale_s = d->cfg->status_stale_s,
        .local = d->local,
        .nlocal = d->nlocal,
        .changes = &d->changes,
        .changes_hours = d->cfg->changes_hours,
    };
    return &d->in;
}

void door_stop(struct door *d)
{
    fetch_stop(d->fetch);
    status_free(d->status);
    changes_clear(&d->changes);
    memset(d, 0, sizeof(*d));
}
