#include "merge.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* guid -> the part and index of the session that wins it (the latest). */
struct slot {
    const char *guid;
    size_t part, idx;
};

struct table {
    struct slot *slots;
    size_t mask;
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3u;
    return h;
}

static bool table_init(struct table *t, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    t->slots = calloc(cap, sizeof(*t->slots));
    t->mask = cap - 1;
    return t->slots != NULL;
}

/* The slot of GUID: its entry, or the empty slot where it goes. The table
 * is at most half full, so the probe ends. */
static struct slot *table_slot(const struct table *t, const char *guid)
{
    size_t i = (size_t)hash_str(guid) & t->mask;
    while (t->slots[i].guid && strcmp(t->slots[i].guid, guid) != 0)
        i = (i + 1) & t->mask;
    return &t->slots[i];
}

/* Pass 1: who wins each guid; a later part overwrites an earlier one. */
static bool pick_winners(const struct sched *const *parts, size_t n, struct table *t,
                         struct err *err)
{
    size_t total = 0;

    for (size_t p = 0; p < n; p++)
        total += parts[p] ? parts[p]->nsessions : 0;
    if (total > SCHED_MAX_SESSIONS)
        return err_set(err, "schedule: the sources together have more than %d sessions",
                       SCHED_MAX_SESSIONS);
    if (!table_init(t, total))
        return err_set(err, "schedule: out of memory merging the sources");
    for (size_t p = 0; p < n; p++) {
        for (size_t i = 0; parts[p] && i < parts[p]->nsessions; i++) {
            struct slot *sl = table_slot(t, parts[p]->sessions[i].guid);
            *sl = (struct slot){parts[p]->sessions[i].guid, p, i};
        }
    }
    return true;
}

/* Pass 2: every part's rooms into OUT; map[p][r] is the merged index. */
static bool merge_rooms(struct sched *out, const struct sched *part, size_t *map, struct err *err)
{
    for (size_t r = 0; r < part->nrooms; r++) {
        const struct sched_room *pr = &part->rooms[r];
        int found = *pr->guid ? sched_find_room(out, pr->guid) : -1;
        if (found < 0)
            found = sched_find_room(out, pr->name);
        if (found >= 0) {
            map[r] = (size_t)found;
        } else if (!sched_add_room(out, pr->name, pr->guid, &map[r], err)) {
            return false;
        }
        if (!out->rooms[map[r]].capacity)
            out->rooms[map[r]].capacity = pr->capacity;
    }
    return true;
}

static bool add_copy(struct sched *out, const struct sched_session *x, const char *room,
                     struct err *err)
{
    struct sched_session_in in = {
        .guid = x->guid,
        .id = x->id,
        .title = x->title,
        .subtitle = x->subtitle,
        .track = x->track,
        .type = x->type,
        .language = x->language,
        .abstract = x->abstract,
        .url = x->url,
        .room = room,
        .speakers = (const char *const *)x->speakers,
        .nspeakers = x->nspeakers,
        .start = x->start,
        .end = x->end,
        .cancelled = x->cancelled,
        .delayed = x->delayed,
        .verbatim = true,
    };
    return sched_add_session(out, &in, err);
}

/* Pass 3: the winning sessions, in each part's order. */
static bool merge_sessions(struct sched *out, const struct sched *part, size_t p, const size_t *map,
                           const struct table *t, struct err *err)
{
    for (size_t i = 0; i < part->nsessions; i++) {
        const struct sched_session *x = &part->sessions[i];
        const struct slot *sl = table_slot(t, x->guid);
        if (sl->part != p || sl->idx != i)
            continue; /* a later part has this guid */
        if (!add_copy(out, x, out->rooms[map[x->room]].name, err))
            return false;
    }
    return true;
}

static bool merge_days(struct sched *out, const struct sched *part, struct err *err)
{
    for (size_t d = 0; d < part->ndays; d++) {
        const struct sched_day *pd = &part->days[d];
        size_t k = 0;
        while (k < out->ndays && strcmp(out->days[k].date, pd->date) != 0)
            k++;
        if (k < out->ndays) {
            if (pd->start < out->days[k].start)
                out->days[k].start = pd->start;
            if (pd->end > out->days[k].end)
                out->days[k].end = pd->end;
            continue;
        }
        struct sched_day *n = realloc(out->days, (out->ndays + 1) * sizeof(*n));
        if (!n)
            return err_set(err, "schedule: out of memory merging the sources");
        out->days = n;
        out->days[out->ndays++] = *pd;
    }
    return true;
}

static bool merge_extras(struct sched *out, const struct sched *part, const size_t *map,
                         struct err *err)
{
    for (size_t i = 0; i < part->ntracks; i++) {
        const struct sched_track *pt = &part->tracks[i];
        size_t k = 0;
        char color[8] = "";
        while (k < out->ntracks && strcmp(out->tracks[k].name, pt->name) != 0)
            k++;
        if (k < out->ntracks) {
            if (!out->tracks[k].has_color && pt->has_color) {
                out->tracks[k].color = pt->color;
                out->tracks[k].has_color = true;
            }
            continue;
        }
        if (pt->has_color)
            snprintf(color, sizeof(color), "#%06x", (unsigned)(pt->color & 0xffffff));
        if (!sched_add_track(out, pt->name, pt->has_color ? color : NULL, err))
            return false;
    }
    for (size_t i = 0; i < part->nannounces; i++) {
        const struct sched_announce *a = &part->announces[i];
        const char *room = a->room >= 0 ? out->rooms[map[a->room]].name : NULL;
        if (!sched_add_announce(out, a->text, room, a->from, a->until, err))
            return false;
    }
    return true;
}

/* The event itself is the first part's: title, acronym, version, zone. */
static bool merge_start(const struct sched *first, struct sched **out, struct err *err)
{
    struct sched *s;
    char *version;

    if (!sched_new(first->title, first->acronym, first->tzname, &s, err))
        return false;
    version = strdup(first->version ? first->version : "");
    if (!version) {
        sched_free(s);
        return err_set(err, "schedule: out of memory merging the sources");
    }
    free(s->version);
    s->version = version;
    s->format = first->format;
    s->tz_source = first->tz_source;
    *out = s;
    return true;
}

static bool merge_parts(struct sched *out, const struct sched *const *parts, size_t n,
                        const struct table *t, struct err *err)
{
    size_t *maps[MERGE_MAX_PARTS] = {0};
    bool ok = true;

    for (size_t p = 0; ok && p < n; p++) {
        if (!parts[p])
            continue;
        maps[p] = calloc(parts[p]->nrooms ? parts[p]->nrooms : 1, sizeof(size_t));
        ok = maps[p] ? merge_rooms(out, parts[p], maps[p], err)
                     : err_set(err, "schedule: out of memory merging the sources");
    }
    for (size_t p = 0; ok && p < n; p++)
        if (parts[p])
            ok = merge_sessions(out, parts[p], p, maps[p], t, err) &&
                 merge_days(out, parts[p], err) && merge_extras(out, parts[p], maps[p], err);
    for (size_t p = 0; p < n; p++)
        free(maps[p]);
    return ok;
}

bool merge_scheds(const struct sched *const *parts, size_t n, struct sched **out, struct err *err)
{
    const struct sched *first = NULL;
    struct table t = {0};
    struct sched *s = NULL;
    bool ok;

    if (n > MERGE_MAX_PARTS)
        return err_set(err, "schedule: more than %d sources", MERGE_MAX_PARTS);
    for (size_t p = 0; p < n && !first; p++)
        first = parts[p];
    if (!first)
        return err_set(err, "schedule: no source has a schedule yet");
    ok = pick_winners(parts, n, &t, err) && merge_start(first, &s, err) &&
         merge_parts(s, parts, n, &t, err) && sched_finish(s, err);
    free(t.slots);
    if (!ok) {
        sched_free(s);
        return false;
    }
    /* Days from several parts were sorted by sched_finish(); number them
     * again so "day 2" means the second day of the union. */
    for (size_t d = 0; d < s->ndays; d++)
        s->days[d].index = (int)d + 1;
    *out = s;
    return true;
}
