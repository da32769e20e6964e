#include "changes.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* strdup() that passes NULL through. */
static char *dup0(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void change_free(struct change *c)
{
    free(c->guid);
    free(c->title);
    free(c->room);
    free(c->from_room);
}

void changes_clear(struct changes *list)
{
    for (size_t i = 0; i < list->n; i++)
        change_free(&list->v[i]);
    free(list->v);
    memset(list, 0, sizeof(*list));
}

const char *changes_kind_name(enum change_kind k)
{
    switch (k) {
    case CHANGE_MOVED:
        return "moved";
    case CHANGE_RETIMED:
        return "retimed";
    case CHANGE_NEW:
        return "new";
    case CHANGE_CANCELLED:
        return "cancelled";
    }
    return "?";
}

/* ---- lookups ---------------------------------------------------------- */

static int cmp_change(const void *a, const void *b)
{
    return strcmp(((const struct change *)a)->guid, ((const struct change *)b)->guid);
}

/* Binary search over the first N entries (the sorted part). */
static struct change *find_in(const struct changes *list, size_t n, const char *guid)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(list->v[mid].guid, guid);
        if (c == 0)
            return &list->v[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const struct change *changes_find(const struct changes *list, const char *guid)
{
    return find_in(list, list->n, guid);
}

static int cmp_sess_guid(const void *a, const void *b)
{
    return strcmp((*(const struct sched_session *const *)a)->guid,
                  (*(const struct sched_session *const *)b)->guid);
}

static const struct sched_session *find_sess(const struct sched_session **idx, size_t n,
                                             const char *guid)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(idx[mid]->guid, guid);
        if (c == 0)
            return idx[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* The sessions of S sorted by guid (new array, free with free()). */
static const struct sched_session **guid_index(const struct sched *s)
{
    const struct sched_session **idx = malloc((s->nsessions ? s->nsessions : 1) * sizeof(*idx));

    if (!idx)
        return NULL;
    for (size_t i = 0; i < s->nsessions; i++)
        idx[i] = &s->sessions[i];
    qsort(idx, s->nsessions, sizeof(*idx), cmp_sess_guid);
    return idx;
}

/* ---- recording -------------------------------------------------------- */

static struct change *append(struct changes *list, const struct sched_session *x,
                             const struct sched *s)
{
    struct change *c;

    if (list->n >= CHANGES_MAX)
        return NULL;
    if (list->n == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 16;
        struct change *v = realloc(list->v, cap * sizeof(*v));
        if (!v)
            return NULL;
        list->v = v;
        list->cap = cap;
    }
    c = &list->v[list->n];
    memset(c, 0, sizeof(*c));
    c->guid = dup0(x->guid);
    c->title = dup0(x->title);
    c->room = dup0(s->rooms[x->room].name);
    if (!c->guid || !c->title || !c->room) {
        change_free(c);
        return NULL;
    }
    c->start = c->from_start = x->start;
    c->end = c->from_end = x->end;
    list->n++;
    return c;
}

/* Where and when the session was before any change we know of. */
struct origin {
    const char *room;
    int64_t start, end;
    bool cancelled, is_new;
};

static struct origin origin_of(const struct change *c, const struct sched_session *o,
                               const struct sched *old)
{
    struct origin g = {0};

    if (c) {
        g.room = c->kind == CHANGE_MOVED ? c->from_room : c->room;
        g.start = c->from_start;
        g.end = c->from_end;
        g.is_new = c->kind == CHANGE_NEW;
    } else {
        g.room = old->rooms[o->room].name;
        g.start = o->start;
        g.end = o->end;
        g.cancelled = o->cancelled;
    }
    return g;
}

/* Updates C (existing or just appended, with `from_*` already the origin)
 * for session X as it now is; returns false when nothing differs from the
 * origin any more, so the caller drops C. */
static bool update(struct change *c, const struct origin *g, const struct sched_session *x,
                   const struct sched *s, int64_t now)
{
    const char *room = s->rooms[x->room].name;
    char *r = dup0(room), *t = dup0(x->title), *from = NULL;

    if (!r || !t || !(from = dup0(g->room))) {
        free(r), free(t), free(from);
        return true; /* out of memory: keep the entry as it was */
    }
    free(c->room), free(c->title), free(c->from_room);
    c->room = r, c->title = t, c->from_room = NULL;
    c->start = x->start, c->end = x->end;
    c->from_start = g->start, c->from_end = g->end;
    c->vanished = false;
    c->seen = now;
    if (g->is_new)
        c->kind = x->cancelled ? CHANGE_CANCELLED : CHANGE_NEW;
    else if (x->cancelled)
        c->kind = CHANGE_CANCELLED;
    else if (strcasecmp(room, from) != 0) /* `from`: g->room may have been c->from_room */
        c->kind = CHANGE_MOVED, c->from_room = from, from = NULL;
    else if (x->start != g->start)
        c->kind = CHANGE_RETIMED;
    else {
        free(from);
        return false;
    }
    free(from);
    return true;
}

/* Marks C dropped: compact() removes it; lookups skip it until then. */
static void drop(struct change *c)
{
    free(c->title);
    free(c->room);
    free(c->from_room);
    c->title = c->room = c->from_room = NULL;
}

static struct change *find_live(const struct changes *list, size_t sorted, const char *guid)
{
    struct change *c = find_in(list, sorted, guid);
    return c && c->title ? c : NULL;
}

static bool same_place(const struct sched *old, const struct sched_session *o,
                       const struct sched *s, const struct sched_session *x)
{
    return strcasecmp(old->rooms[o->room].name, s->rooms[x->room].name) == 0 &&
           o->start == x->start && o->cancelled == x->cancelled;
}

/* One session of the new schedule against the old one and the list. */
static bool detect_one(struct changes *list, size_t sorted, const struct sched_session **oldidx,
                       const struct sched *old, const struct sched *s,
                       const struct sched_session *x, int64_t now)
{
    const struct sched_session *o = find_sess(oldidx, old->nsessions, x->guid);
    struct change *c = find_live(list, sorted, x->guid);
    struct origin g;

    if (x->end <= now && (!o || o->end <= now))
        return true; /* over in both: nobody looks any more */
    if (o && same_place(old, o, s, x) && (!c || !c->vanished))
        return true; /* unchanged since the last version */
    if (!o && !c) {
        c = append(list, x, s);
        if (!c)
            return list->n >= CHANGES_MAX;
        c->kind = x->cancelled ? CHANGE_CANCELLED : CHANGE_NEW;
        c->seen = now;
        return true;
    }
    g = origin_of(c, o, old);
    if (!c && !(c = append(list, x, s)))
        return list->n >= CHANGES_MAX;
    if (!update(c, &g, x, s, now))
        drop(c);
    return true;
}

/* A session of the old schedule missing from the new one. */
static bool detect_vanished(struct changes *list, size_t sorted,
                            const struct sched_session **newidx, const struct sched *s,
                            const struct sched *old, const struct sched_session *o, int64_t now)
{
    struct change *c;

    if (find_sess(newidx, s->nsessions, o->guid))
        return true;
    if (o->cancelled || o->end <= now || o->start >= now + CHANGES_VANISH_AHEAD)
        return true; /* already said, over, or far enough ahead to just drop */
    c = find_live(list, sorted, o->guid);
    if (c && c->vanished)
        return true;
    if (!c && !(c = append(list, o, old)))
        return list->n >= CHANGES_MAX;
    if (c->kind != CHANGE_NEW && c->kind != CHANGE_CANCELLED && c->from_room) {
        /* it had moved here, then vanished: it is cancelled where it is */
        free(c->from_room);
        c->from_room = NULL;
    }
    c->kind = CHANGE_CANCELLED;
    c->vanished = true;
    c->start = c->from_start = o->start; /* the slot it leaves empty */
    c->end = c->from_end = o->end;
    c->seen = now;
    return true;
}

/* Removes dropped entries and sorts by guid; a guid seen twice (a hostile
 * schedule may repeat one) keeps its last entry. */
static void compact(struct changes *list)
{
    size_t j = 0;

    for (size_t i = 0; i < list->n; i++) {
        if (list->v[i].title)
            list->v[j++] = list->v[i];
        else
            free(list->v[i].guid);
    }
    list->n = j;
    if (list->n == 0)
        return; /* (qsort of a NULL list is undefined, even for 0 entries) */
    qsort(list->v, list->n, sizeof(*list->v), cmp_change);
    j = 0;
    for (size_t i = 0; i < list->n; i++) {
        if (j && strcmp(list->v[j - 1].guid, list->v[i].guid) == 0)
            change_free(&list->v[--j]);
        list->v[j++] = list->v[i];
    }
    list->n = j;
}

bool changes_detect(struct changes *list, const struct sched *old, const struct sched *new_,
                    int64_t now, struct err *err)
{
    const struct sched_session **oldidx, **newidx;
    size_t sorted = list->n;
    bool ok = true;

    if (!old)
        return true;
    oldidx = guid_index(old);
    newidx = guid_index(new_);
    if (!oldidx || !newidx) {
        free(oldidx);
        free(newidx);
        return err_set(err, "changes: out of memory");
    }
    for (size_t i = 0; ok && i < new_->nsessions; i++)
        ok = detect_one(list, sorted, oldidx, old, new_, &new_->sessions[i], now);
    for (size_t i = 0; ok && i < old->nsessions; i++)
        ok = detect_vanished(list, sorted, newidx, new_, old, &old->sessions[i], now);
    compact(list);
    free(oldidx);
    free(newidx);
    return ok ? true : err_set(err, "changes: out of memory");
}

/* ---- reading the list ------------------------------------------------- */

bool changes_badge_live(const struct change *c, int64_t now, int hours)
{
    return c && now >= c->seen && now - c->seen < (int64_t)hours * 3600;
}

void changes_expire(struct changes *list, int64_t now, int hours)
{
    size_t j = 0;

    for (size_t i = 0; i < list->n; i++) {
        struct change *c = &list->v[i];
        int64_t slot_end = c->end > c->from_end ? c->end : c->from_end;
        if (!changes_badge_live(c, now, hours) && now >= slot_end)
            change_free(c);
        else
            list->v[j++] = *c;
    }
    list->n = j;
}

static int cmp_start(const void *a, const void *b)
{
    const struct change *x = *(const struct change *const *)a,
                        *y = *(const struct change *const *)b;
    return x->from_start < y->from_start ? -1 : x->from_start > y->from_start;
}

size_t changes_left_room(const struct changes *list, const char *room, int64_t from, int64_t until,
                         const struct change **out, size_t max)
{
    size_t n = 0;

    for (size_t i = 0; i < list->n && n < max; i++) {
        const struct change *c = &list->v[i];
        const char *left = c->kind == CHANGE_MOVED ? c->from_room : c->vanished ? c->room : NULL;
        if (left && strcasecmp(left, room) == 0 && c->from_start < until && c->from_end > from)
            out[n++] = c;
    }
    qsort(out, n, sizeof(*out), cmp_start);
    return n;
}

/* ---- persistence ------------------------------------------------------ */

static bool change_json(cJSON *list, const struct change *c)
{
    cJSON *o = cJSON_CreateObject();

    if (!o || !cJSON_AddItemToArray(list, o))
        return cJSON_Delete(o), false;
    return cJSON_AddStringToObject(o, "guid", c->guid) &&
           cJSON_AddStringToObject(o, "title", c->title) &&
           cJSON_AddStringToObject(o, "kind", changes_kind_name(c->kind)) &&
           cJSON_AddStringToObject(o, "room", c->room) &&
           (!c->from_room || cJSON_AddStringToObject(o, "from_room", c->from_room)) &&
           cJSON_AddNumberToObject(o, "start", (double)c->start) &&
           cJSON_AddNumberToObject(o, "end", (double)c->end) &&
           cJSON_AddNumberToObject(o, "from_start", (double)c->from_start) &&
           cJSON_AddNumberToObject(o, "from_end", (double)c->from_end) &&
           cJSON_AddNumberToObject(o, "seen", (double)c->seen) &&
           cJSON_AddBoolToObject(o, "vanished", c->vanished);
}

char *changes_to_json(const struct changes *list)
{
    cJSON *root = cJSON_CreateObject(),
          *arr = root ? cJSON_AddArrayToObject(root, "changes") : NULL;
    char *out = NULL;
    bool ok = arr != NULL;

    for (size_t i = 0; ok && i < list->n; i++)
        ok = change_json(arr, &list->v[i]);
    if (ok)
        out = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return out;
}

/* An instant member: a number that is a whole count of seconds within
 * +-2^53 (exact in a double). */
static bool jtime(const cJSON *o, const char *key, int64_t *t)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    double d = cJSON_IsNumber(v) ? v->valuedouble : 0.5;

    if (!(d >= -9007199254740992.0 && d <= 9007199254740992.0) || d != (double)(int64_t)d)
        return false;
    *t = (int64_t)d;
    return true;
}

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool read_kind(const char *k, enum change_kind *out)
{
    for (int i = CHANGE_MOVED; k && i <= CHANGE_CANCELLED; i++)
        if (strcmp(k, changes_kind_name((enum change_kind)i)) == 0) {
            *out = (enum change_kind)i;
            return true;
        }
    return false;
}

static bool read_change(struct changes *list, const cJSON *o)
{
    struct change c = {0};
    const char *from = jstr(o, "from_room");
    struct sched_session x = {0};

    if (!jstr(o, "guid") || !jstr(o, "title") || !jstr(o, "room") ||
        !read_kind(jstr(o, "kind"), &c.kind) || !jtime(o, "start", &c.start) ||
        !jtime(o, "end", &c.end) || !jtime(o, "from_start", &c.from_start) ||
        !jtime(o, "from_end", &c.from_end) || !jtime(o, "seen", &c.seen) ||
        (c.kind == CHANGE_MOVED && !from))
        return false;
    if (list->n >= CHANGES_MAX)
        return true; /* bounded: the rest is dropped */
    /* reuse append() through a one-room stand-in schedule */
    struct sched_room room = {.name = (char *)jstr(o, "room")};
    struct sched s = {.rooms = &room, .nrooms = 1};
    x.guid = (char *)jstr(o, "guid");
    x.title = (char *)jstr(o, "title");
    struct change *n = append(list, &x, &s);
    if (!n || (from && !(n->from_room = dup0(from))))
        return false;
    n->kind = c.kind;
    n->start = c.start, n->end = c.end;
    n->from_start = c.from_start, n->from_end = c.from_end;
    n->seen = c.seen;
    n->vanished = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "vanished"));
    return true;
}

bool changes_from_json(struct changes *list, const char *json, size_t len, struct err *err)
{
    cJSON *root = cJSON_ParseWithLength(json, len);
    const cJSON *arr = root ? cJSON_GetObjectItemCaseSensitive(root, "changes") : NULL, *v;
    size_t i = 0;

    changes_clear(list);
    if (!cJSON_IsArray(arr)) {
        cJSON_Delete(root);
        return err_set(err, "changes: not a list of changes (no \"changes\" list)");
    }
    cJSON_ArrayForEach(v, arr)
    {
        if (!read_change(list, v)) {
            cJSON_Delete(root);
            changes_clear(list);
            return err_set(err, "changes: entry %zu is incomplete or unreadable", i + 1);
        }
        i++;
    }
    cJSON_Delete(root);
    compact(list);
    return true;
}
