/* changes — what changed between two versions of the schedule.
 *
 * Every time a new schedule is swapped in it is compared with the previous
 * one by session guid: moved to another room, moved in time, newly added,
 * cancelled, or vanished (pretalx drops cancelled talks from newer exports;
 * a talk that vanishes within the next 24 h is kept here as cancelled, so
 * the screen can say so instead of silently dropping it). The list
 * accumulates over several swaps: a talk moved twice still says where it
 * came from originally, one moved back has no change left.
 *
 * Pure: no files (app/net/changelog.c keeps the list in the cache
 * directory), no SDL. Ownership: a `struct changes` owns its entries; clear
 * it with changes_clear(). */
#ifndef ROOMBOARD_CHANGES_H
#define ROOMBOARD_CHANGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "sched.h"

#define CHANGES_MAX          20000 /* entries kept; past this, new changes are not recorded */
#define CHANGES_VANISH_AHEAD (24 * 3600)
#define CHANGES_HOURS        6 /* default `changes_hours` */

enum change_kind { CHANGE_MOVED, CHANGE_RETIMED, CHANGE_NEW, CHANGE_CANCELLED };

struct change {
    char *guid;
    char *title;
    enum change_kind kind;
    char *room;         /* where it is now (cancelled: where it was) */
    char *from_room;    /* CHANGE_MOVED: the room it left; else NULL */
    int64_t start, end; /* as now scheduled (vanished: as last scheduled) */
    int64_t from_start; /* moved/retimed: the start before; else == start */
    int64_t from_end;
    int64_t seen;  /* when the change was detected */
    bool vanished; /* cancelled because it disappeared from the schedule */
};

struct changes {
    struct change *v; /* sorted by guid after every changes_detect() */
    size_t n, cap;
};

/* Compares OLD (may be NULL: then nothing is recorded, the first schedule
 * has nothing to differ from) with NEW at instant NOW and merges what
 * changed into LIST (see the top of this file). Sessions over by NOW in
 * both versions are not looked at. O((n + m) log(n + m)). False only on
 * allocation failure, with LIST still valid (maybe without this round). */
RB_MUST_CHECK bool changes_detect(struct changes *list, const struct sched *old,
                                  const struct sched *new_, int64_t now, struct err *err);

/* Drops entries nobody needs any more: the badge window (HOURS after
 * `seen`) is over and so is the slot the change concerns. */
void changes_expire(struct changes *list, int64_t now, int hours);

/* The entry for GUID, or NULL. Binary search. */
const struct change *changes_find(const struct changes *list, const char *guid);

/* Whether C's badge still shows at NOW ("new", "new time", "moved here
 * from ..."): within HOURS of `seen`. */
bool changes_badge_live(const struct change *c, int64_t now, int hours);

/* "moved", "retimed", "new", "cancelled". */
const char *changes_kind_name(enum change_kind k);

/* The sessions that left the room named ROOM (moved elsewhere, or vanished
 * from it) and whose slot there overlaps [from, until): writes up to MAX
 * pointers sorted by start, returns the count. */
size_t changes_left_room(const struct changes *list, const char *room, int64_t from, int64_t until,
                         const struct change **out, size_t max);

void changes_clear(struct changes *list);

/* ---- persistence format (app/net/changelog.c writes it) ------------- */

/* {"changes": [...]} with instants as seconds; new string, free with
 * free(), NULL on allocation failure. */
char *changes_to_json(const struct changes *list);

/* Reads changes_to_json()'s output into LIST (cleared first). A document
 * that is not one is refused with one line, LIST left empty. */
RB_MUST_CHECK bool changes_from_json(struct changes *list, const char *json, size_t len,
                                     struct err *err);

#endif
