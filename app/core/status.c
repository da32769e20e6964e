#include "status.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- small helpers ---------------------------------------------------- */

/* strdup() that passes NULL through. */
static char *dup0(const char *s)
{
    return s ? strdup(s) : NULL;
}

static const cJSON *item(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

bool status_set_text(char **slot, const char *text, struct err *err)
{
    char *c = NULL;

    if (text) {
        if (strlen(text) > STATUS_MAX_TEXT)
            return err_set(err, "text longer than %d bytes", STATUS_MAX_TEXT);
        c = sched_clean_text(text, STATUS_MAX_TEXT);
        if (!c)
            return err_set(err, "out of memory");
        if (!*c) { /* nothing left to show ("", "<b></b>", "  ") */
            free(c);
            c = NULL;
        }
    }
    free(*slot);
    *slot = c;
    return true;
}

bool status_parse_until(const char *txt, int64_t *until, char *until_txt, size_t size,
                        struct err *err)
{
    int64_t t;

    if (strlen(txt) >= size)
        return err_set(err, "time '%.40s...' is too long", txt);
    if (!tz_parse_iso8601(txt, &t, NULL, err))
        return false;
    *until = t;
    memcpy(until_txt, txt, strlen(txt) + 1);
    return true;
}

/* An optional ISO 8601 string member: absent leaves *t as it is. */
static bool read_time(const cJSON *o, const char *key, int64_t *t, char *txt, size_t size,
                      struct err *err)
{
    const cJSON *v = item(o, key);

    if (!v || cJSON_IsNull(v))
        return true;
    if (!cJSON_IsString(v))
        return err_set(err, "\"%s\" must be a string (ISO 8601 with an offset)", key);
    if (!status_parse_until(v->valuestring, t, txt, size, err)) {
        err_prefix(err, "\"%s\"", key);
        return false;
    }
    return true;
}

/* An optional text member, cleaned, into *slot. */
static bool read_text(const cJSON *o, const char *key, char **slot, struct err *err)
{
    const cJSON *v = item(o, key);

    if (!v || cJSON_IsNull(v))
        return true;
    if (!cJSON_IsString(v))
        return err_set(err, "\"%s\" must be a string", key);
    if (!status_set_text(slot, v->valuestring, err)) {
        err_prefix(err, "\"%s\"", key);
        return false;
    }
    return true;
}

/* ---- rooms ------------------------------------------------------------ */

static void room_free(struct status_room *r)
{
    free(r->key);
    free(r->note);
}

static struct status_room *room_find(const struct status *st, const char *key)
{
    for (size_t i = 0; i < st->nrooms; i++)
        if (strcasecmp(st->rooms[i].key, key) == 0)
            return &st->rooms[i];
    return NULL;
}

/* Appends an empty entry for KEY (no duplicate check). */
static struct status_room *room_add(struct status *st, const char *key, struct err *err)
{
    struct status_room *n, *r;

    if (!*key)
        return err_set(err, "a room key is empty"), NULL;
    if (strlen(key) > STATUS_MAX_TEXT)
        return err_set(err, "a room key is longer than %d bytes", STATUS_MAX_TEXT), NULL;
    if (st->nrooms >= STATUS_MAX_ROOMS)
        return err_set(err, "more than %d rooms", STATUS_MAX_ROOMS), NULL;
    n = realloc(st->rooms, (st->nrooms + 1) * sizeof(*n));
    if (!n)
        return err_set(err, "out of memory"), NULL;
    st->rooms = n;
    r = &n[st->nrooms];
    memset(r, 0, sizeof(*r));
    r->delay_min = -1;
    r->until = INT64_MAX;
    r->key = dup0(key);
    if (!r->key)
        return err_set(err, "out of memory"), NULL;
    st->nrooms++;
    return r;
}

struct status_room *status_room_get(struct status *st, const char *key, struct err *err)
{
    struct status_room *r = room_find(st, key);

    return r ? r : room_add(st, key, err);
}

bool status_room_clear(struct status *st, const char *key)
{
    struct status_room *r = room_find(st, key);
    size_t i;

    if (!r)
        return false;
    i = (size_t)(r - st->rooms);
    room_free(r);
    memmove(&st->rooms[i], &st->rooms[i + 1], (st->nrooms - i - 1) * sizeof(*r));
    st->nrooms--;
    return true;
}

void status_prune(struct status *st)
{
    size_t j = 0;

    for (size_t i = 0; i < st->nrooms; i++) {
        struct status_room *r = &st->rooms[i];
        if (!(r->has_full && r->full) && r->delay_min <= 0 && !r->note)
            room_free(r);
        else
            st->rooms[j++] = *r;
    }
    st->nrooms = j;
}

static bool read_room(struct status *st, const cJSON *v, struct err *err)
{
    const cJSON *full = item(v, "full"), *delay = item(v, "delay_min");
    struct status_room *r;

    if (!cJSON_IsObject(v))
        return err_set(err, "must be an object");
    if (room_find(st, v->string))
        return err_set(err, "is listed twice");
    r = room_add(st, v->string, err);
    if (!r)
        return false;
    if (full && !cJSON_IsNull(full)) {
        if (!cJSON_IsBool(full))
            return err_set(err, "\"full\" must be true or false");
        r->has_full = true;
        r->full = cJSON_IsTrue(full);
    }
    if (delay && !cJSON_IsNull(delay)) {
        double d = cJSON_IsNumber(delay) ? delay->valuedouble : -1;
        if (!(d >= 0 && d <= STATUS_MAX_DELAY) || d != (double)(int)d)
            return err_set(err, "\"delay_min\" must be a whole number of minutes, 0 to %d",
                           STATUS_MAX_DELAY);
        r->delay_min = (int)d;
    }
    if (!read_text(v, "note", &r->note, err))
        return false;
    return read_time(v, "until", &r->until, r->until_txt, sizeof(r->until_txt), err);
}

static bool read_rooms(struct status *st, const cJSON *rooms, struct err *err)
{
    const cJSON *v;

    if (!rooms || cJSON_IsNull(rooms))
        return true;
    if (!cJSON_IsObject(rooms))
        return err_set(err, "status: \"rooms\" must be an object keyed by room name or guid");
    cJSON_ArrayForEach(v, rooms)
    {
        if (!read_room(st, v, err)) {
            err_prefix(err, "status: room '%.80s'", v->string ? v->string : "");
            return false;
        }
    }
    return true;
}

/* ---- announcements and the emergency ---------------------------------- */

static bool read_announce(struct status *st, const cJSON *v, struct err *err)
{
    struct status_announce *a;
    const cJSON *room = item(v, "room");

    if (!cJSON_IsObject(v))
        return err_set(err, "must be an object");
    if (!cJSON_IsString(item(v, "text")))
        return err_set(err, "has no \"text\" string");
    if (room && !cJSON_IsNull(room) && !cJSON_IsString(room))
        return err_set(err, "\"room\" must be a string");
    if (st->nannounces >= STATUS_MAX_ANNOUNCES)
        return err_set(err, "is one too many (at most %d)", STATUS_MAX_ANNOUNCES);
    a = &st->announces[st->nannounces++];
    memset(a, 0, sizeof(*a));
    a->from = INT64_MIN;
    a->until = INT64_MAX;
    if (!read_text(v, "text", &a->text, err))
        return false;
    if (!a->text)
        return err_set(err, "has an empty \"text\"");
    if (cJSON_IsString(room) && !status_set_text(&a->room, room->valuestring, err))
        return false;
    if (!read_time(v, "from", &a->from, a->from_txt, sizeof(a->from_txt), err))
        return false;
    return read_time(v, "until", &a->until, a->until_txt, sizeof(a->until_txt), err);
}

static bool read_announces(struct status *st, const cJSON *list, struct err *err)
{
    const cJSON *v;
    size_t i = 0;

    if (!list || cJSON_IsNull(list))
        return true;
    if (!cJSON_IsArray(list))
        return err_set(err, "status: \"announcements\" must be a list");
    st->announces = calloc(STATUS_MAX_ANNOUNCES, sizeof(*st->announces));
    if (!st->announces)
        return err_set(err, "status: out of memory");
    cJSON_ArrayForEach(v, list)
    {
        if (!read_announce(st, v, err)) {
            err_prefix(err, "status: announcement %zu", i + 1);
            return false;
        }
        i++;
    }
    return true;
}

bool status_set_emergency(struct status *st, const char *text, const char *const *rooms,
                          size_t nrooms, struct err *err)
{
    struct status tmp = {.emergency = {.until = INT64_MAX}};
    struct status_emergency *e = &tmp.emergency;
    bool ok = true;

    if (!text || !*text)
        return err_set(err, "the emergency text is empty");
    if (nrooms > STATUS_MAX_ROOMS)
        return err_set(err, "the emergency names more than %d rooms", STATUS_MAX_ROOMS);
    if (!status_set_text(&e->text, text, err))
        return false;
    if (!e->text)
        return err_set(err, "the emergency text is empty");
    if (nrooms) {
        e->rooms = calloc(nrooms, sizeof(*e->rooms));
        ok = e->rooms != NULL;
        e->nrooms = ok ? nrooms : 0;
        for (size_t i = 0; ok && i < nrooms; i++)
            ok = (e->rooms[i] = dup0(rooms[i])) != NULL;
    }
    if (!ok) {
        status_clear_emergency(&tmp);
        return err_set(err, "out of memory");
    }
    status_clear_emergency(st);
    st->emergency = *e;
    return true;
}

void status_clear_emergency(struct status *st)
{
    free(st->emergency.text);
    for (size_t i = 0; i < st->emergency.nrooms; i++)
        free(st->emergency.rooms[i]);
    free(st->emergency.rooms);
    memset(&st->emergency, 0, sizeof(st->emergency));
    st->emergency.until = INT64_MAX;
}

static bool read_emergency_rooms(const cJSON *list, const char ***out, size_t *n, struct err *err)
{
    const cJSON *v;
    size_t count = (size_t)cJSON_GetArraySize(list), i = 0;

    if (count > STATUS_MAX_ROOMS)
        return err_set(err, "status: emergency: \"rooms\" lists more than %d rooms",
                       STATUS_MAX_ROOMS);
    *out = calloc(count ? count : 1, sizeof(**out));
    if (!*out)
        return err_set(err, "status: out of memory");
    cJSON_ArrayForEach(v, list)
    {
        if (!cJSON_IsString(v)) {
            free(*out);
            return err_set(err, "status: emergency: \"rooms\" must list room names as strings");
        }
        (*out)[i++] = v->valuestring;
    }
    *n = i;
    return true;
}

static bool read_emergency(struct status *st, const cJSON *e, struct err *err)
{
    const cJSON *text, *rooms;
    const char **names = NULL;
    size_t n = 0;
    bool ok;

    if (!e || cJSON_IsNull(e))
        return true;
    text = item(e, "text");
    rooms = item(e, "rooms");
    if (!cJSON_IsObject(e) || !cJSON_IsString(text) || !*text->valuestring)
        return err_set(err, "status: \"emergency\" must be an object with a non-empty \"text\"");
    if (rooms && !cJSON_IsNull(rooms) && !cJSON_IsArray(rooms))
        return err_set(err, "status: emergency: \"rooms\" must be a list");
    if (cJSON_IsArray(rooms) && !read_emergency_rooms(rooms, &names, &n, err))
        return false;
    ok = status_set_emergency(st, text->valuestring, names, n, err);
    free(names);
    if (!ok) {
        err_prefix(err, "status: emergency");
        return false;
    }
    if (!read_time(e, "until", &st->emergency.until, st->emergency.until_txt,
                   sizeof(st->emergency.until_txt), err)) {
        err_prefix(err, "status: emergency");
        return false;
    }
    return true;
}

/* ---- the document ----------------------------------------------------- */

bool status_new(struct status **out, struct err *err)
{
    struct status *st = calloc(1, sizeof(*st));

    if (!st)
        return err_set(err, "status: out of memory");
    st->updated = INT64_MIN;
    st->emergency.until = INT64_MAX;
    *out = st;
    return true;
}

void status_clear_all(struct status *st)
{
    for (size_t i = 0; i < st->nrooms; i++)
        room_free(&st->rooms[i]);
    st->nrooms = 0;
    for (size_t i = 0; i < st->nannounces; i++) {
        free(st->announces[i].text);
        free(st->announces[i].room);
    }
    st->nannounces = 0;
    status_clear_emergency(st);
}

void status_free(struct status *st)
{
    if (!st)
        return;
    status_clear_all(st);
    free(st->rooms);
    free(st->announces);
    free(st);
}

static bool read_doc(struct status *st, const cJSON *root, struct err *err)
{
    if (!read_time(root, "updated", &st->updated, st->updated_txt, sizeof(st->updated_txt), err)) {
        err_prefix(err, "status");
        return false;
    }
    if (!read_rooms(st, item(root, "rooms"), err))
        return false;
    if (!read_announces(st, item(root, "announcements"), err))
        return false;
    return read_emergency(st, item(root, "emergency"), err);
}

bool status_load(const char *json, size_t len, struct status **out, struct err *err)
{
    cJSON *root;
    struct status *st = NULL;

    if (len == 0)
        return err_set(err, "status: empty document");
    root = cJSON_ParseWithLength(json, len);
    if (!root) {
        const char *at = cJSON_GetErrorPtr();
        size_t off = at && at >= json && at <= json + len ? (size_t)(at - json) : 0;
        return err_set(err, "status: not valid JSON (error near byte %zu)", off);
    }
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return err_set(err, "status: not a door status document (want a JSON object)");
    }
    if (!status_new(&st, err)) {
        cJSON_Delete(root);
        return false;
    }
    if (!read_doc(st, root, err)) {
        status_free(st);
        cJSON_Delete(root);
        return false;
    }
    cJSON_Delete(root);
    *out = st;
    return true;
}

/* ---- writing ---------------------------------------------------------- */

static bool add_str(cJSON *o, const char *key, const char *val)
{
    return !val || !*val || cJSON_AddStringToObject(o, key, val);
}

static bool room_json(cJSON *rooms, const struct status_room *r)
{
    cJSON *o = cJSON_AddObjectToObject(rooms, r->key);

    if (!o)
        return false;
    if (r->has_full && !cJSON_AddBoolToObject(o, "full", r->full))
        return false;
    if (r->delay_min >= 0 && !cJSON_AddNumberToObject(o, "delay_min", r->delay_min))
        return false;
    return add_str(o, "note", r->note) && add_str(o, "until", r->until_txt);
}

static bool announce_json(cJSON *list, const struct status_announce *a)
{
    cJSON *o = cJSON_CreateObject();

    if (!o || !cJSON_AddItemToArray(list, o))
        return cJSON_Delete(o), false;
    return add_str(o, "text", a->text) && add_str(o, "room", a->room) &&
           add_str(o, "from", a->from_txt) && add_str(o, "until", a->until_txt);
}

static bool emergency_json(cJSON *root, const struct status_emergency *e)
{
    cJSON *o, *rooms;

    if (!e->text)
        return true;
    o = cJSON_AddObjectToObject(root, "emergency");
    if (!o || !add_str(o, "text", e->text) || !add_str(o, "until", e->until_txt))
        return false;
    if (!e->nrooms)
        return true;
    rooms = cJSON_AddArrayToObject(o, "rooms");
    for (size_t i = 0; rooms && i < e->nrooms; i++)
        if (!cJSON_AddItemToArray(rooms, cJSON_CreateString(e->rooms[i])))
            return false;
    return rooms != NULL;
}

static bool doc_json(cJSON *root, const struct status *st)
{
    cJSON *rooms, *list;

    if (!add_str(root, "updated", st->updated_txt))
        return false;
    rooms = cJSON_AddObjectToObject(root, "rooms");
    for (size_t i = 0; rooms && i < st->nrooms; i++)
        if (!room_json(rooms, &st->rooms[i]))
            return false;
    if (!rooms)
        return false;
    if (st->nannounces) {
        list = cJSON_AddArrayToObject(root, "announcements");
        for (size_t i = 0; list && i < st->nannounces; i++)
            if (!announce_json(list, &st->announces[i]))
                return false;
        if (!list)
            return false;
    }
    return emergency_json(root, &st->emergency);
}

char *status_to_json(const struct status *st)
{
    cJSON *root = cJSON_CreateObject();
    char *out = NULL;

    if (root && doc_json(root, st))
        out = cJSON_Print(root);
    cJSON_Delete(root);
    return out;
}

/* ---- binding ---------------------------------------------------------- */

static void list_unknown(char *buf, size_t size, size_t *used, const char *key)
{
    int n;

    if (!buf || size == 0 || *used >= size)
        return;
    n = snprintf(buf + *used, size - *used, "%s%s", *used ? ", " : "", key);
    if (n < 0 || (size_t)n >= size - *used) {
        if (size > 4)
            memcpy(buf + size - 4, "...", 4);
        *used = size;
        return;
    }
    *used += (size_t)n;
}

size_t status_bind(const struct status *st, const struct sched *s, int64_t at,
                   struct status_view *out, char *unknown, size_t size)
{
    size_t nunknown = 0, used = 0;

    memset(out, 0, s->nrooms * sizeof(*out));
    if (unknown && size)
        unknown[0] = '\0';
    for (size_t i = 0; st && i < st->nrooms; i++) {
        const struct status_room *r = &st->rooms[i];
        int room = sched_find_room(s, r->key);
        if (room < 0) {
            nunknown++;
            list_unknown(unknown, size, &used, r->key);
            continue;
        }
        if (at >= r->until)
            continue;
        out[room].full |= r->has_full && r->full;
        if (r->delay_min > out[room].delay_min)
            out[room].delay_min = r->delay_min;
        if (!out[room].note)
            out[room].note = r->note;
    }
    return nunknown;
}

const struct status_emergency *status_emergency_at(const struct status *st, const struct sched *s,
                                                   int room, int64_t at)
{
    const struct status_emergency *e = st ? &st->emergency : NULL;

    if (!e || !e->text || at >= e->until)
        return NULL;
    if (e->nrooms == 0)
        return e;
    for (size_t i = 0; room >= 0 && i < e->nrooms; i++)
        if (s && sched_find_room(s, e->rooms[i]) == room)
            return e;
    return NULL;
}
