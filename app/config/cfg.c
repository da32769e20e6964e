/* cfg — the screen's configuration (see cfg.h and docs/config.md).
 *
 * Every layer (system file, boot-partition file) is applied to a scratch
 * copy of the struct; the copy replaces the caller's struct only when the
 * whole layer was good, so a bad file never leaves a half-applied config.
 * Keys are checked one by one against a table: an unknown key, a duplicate,
 * a wrong type or an out-of-range value fails with the key and the reason. */
#include "cfg.h"
#include "tz.h"

#include "file.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define CFG_MAX_FILE   (1024 * 1024) /* a config file is a few hundred bytes */
#define CFG_MAX_STRING 4096          /* bytes per string value */
/* "/etc" for the /usr prefix; set by board/install.cmake from the prefix. */
#ifndef ROOMBOARD_SYSCONFDIR
#define ROOMBOARD_SYSCONFDIR "/etc"
#endif
#define CFG_SYSTEM ROOMBOARD_SYSCONFDIR "/roomboard/config.json"
#define CFG_BOOT   "/boot/firmware/roomboard.json"

static const char *const default_fonts[] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
};

static const char *const languages[] = {"en", "de", "fr"};

/* ---- strings ---------------------------------------------------------- */

static char *dup_str(const char *s)
{
    size_t n;
    char *d;

    if (!s)
        return NULL;
    n = strlen(s);
    d = malloc(n + 1);
    if (d)
        memcpy(d, s, n + 1);
    return d;
}

bool cfg_set_str(char **slot, const char *val)
{
    char *d = NULL;

    if (val) {
        d = dup_str(val);
        if (!d)
            return false;
    }
    free(*slot);
    *slot = d;
    return true;
}

static void free_list(char **list, size_t *n)
{
    for (size_t i = 0; i < *n; i++) {
        free(list[i]);
        list[i] = NULL;
    }
    *n = 0;
}

void cfg_clear(struct cfg *c)
{
    if (!c)
        return;
    free_list(c->schedules, &c->nschedules);
    free(c->status);
    free(c->changes_from);
    free_list(c->rooms, &c->nrooms);
    free(c->cache_dir);
    free(c->ca_bundle);
    free(c->pinned_key);
    free_list(c->fonts, &c->nfonts);
    free(c->lang);
    free(c->timezone);
    free(c->name);
    free(c->at);
    free(c->screenshot);
    memset(c, 0, sizeof(*c));
}

void cfg_read_opts(const struct cfg *c, struct read_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->tzname = c->timezone;
    o->tz_source = c->timezone_option ? "--timezone" : "config";
}

void cfg_defaults(struct cfg *c)
{
    const char *cache = getenv("CACHE_DIRECTORY");

    memset(c, 0, sizeof(*c));
    c->poll_s = 60;
    c->report = true;
    c->jitter_s = c->poll_s / 6;
    /* Under systemd, CacheDirectory= says where the cache is ("a:b" when
     * there are several; the first is ours). */
    if (cache && cache[0] == '/') {
        size_t n = strcspn(cache, ":");
        c->cache_dir = malloc(n + 1);
        if (c->cache_dir) {
            memcpy(c->cache_dir, cache, n);
            c->cache_dir[n] = '\0';
        }
    } else {
        c->cache_dir = dup_str("/var/cache/roomboard");
    }
    c->stale_s = 900;
    c->max_body = 16 * 1024 * 1024;
    c->connect_timeout_s = 10;
    c->timeout_s = 30;
    for (size_t i = 0; i < sizeof(default_fonts) / sizeof(default_fonts[0]); i++) {
        c->fonts[c->nfonts] = dup_str(default_fonts[i]);
        if (c->fonts[c->nfonts])
            c->nfonts++;
    }
    c->lang = dup_str("en");
    c->cycle_s = 12;
    c->page_s = 15;
    c->active_from_min = -1;
    c->active_until_min = -1;
    c->speed = 1.0;
    c->status_poll_s = 10;
    c->status_jitter_s = 2;
    c->status_stale_s = 300;
    c->changes_hours = 6;
    c->qr = true;
}

/* DST's schedule sources become copies of SRC's. */
static bool copy_sources(struct cfg *dst, const struct cfg *src)
{
    free_list(dst->schedules, &dst->nschedules);
    for (size_t i = 0; i < src->nschedules; i++) {
        if (!(dst->schedules[i] = dup_str(src->schedules[i])))
            return false;
        dst->nschedules = i + 1;
    }
    return true;
}

/* A deep copy, so a layer can be applied to scratch and dropped on error. */
static bool copy_cfg(struct cfg *dst, const struct cfg *src)
{
    *dst = *src;
    dst->cache_dir = dst->ca_bundle = dst->pinned_key = dst->status = NULL;
    dst->lang = dst->name = dst->at = dst->screenshot = dst->timezone = NULL;
    dst->changes_from = NULL;
    dst->nrooms = dst->nfonts = dst->nschedules = 0;
    memset(dst->schedules, 0, sizeof(dst->schedules));
    memset(dst->rooms, 0, sizeof(dst->rooms));
    memset(dst->fonts, 0, sizeof(dst->fonts));
    if (!cfg_set_str(&dst->status, src->status) ||
        !cfg_set_str(&dst->changes_from, src->changes_from) ||
        !cfg_set_str(&dst->cache_dir, src->cache_dir) ||
        !cfg_set_str(&dst->ca_bundle, src->ca_bundle) ||
        !cfg_set_str(&dst->pinned_key, src->pinned_key) || !cfg_set_str(&dst->lang, src->lang) ||
        !cfg_set_str(&dst->timezone, src->timezone) || !cfg_set_str(&dst->name, src->name) ||
        !cfg_set_str(&dst->at, src->at) || !cfg_set_str(&dst->screenshot, src->screenshot))
        goto fail;
    if (!copy_sources(dst, src))
        goto fail;
    for (size_t i = 0; i < src->nrooms && i < CFG_MAX_ROOMS; i++) {
        if (!(dst->rooms[i] = dup_str(src->rooms[i])))
            goto fail;
        dst->nrooms = i + 1;
    }
    for (size_t i = 0; i < src->nfonts && i < CFG_MAX_FONTS; i++) {
        if (!(dst->fonts[i] = dup_str(src->fonts[i])))
            goto fail;
        dst->nfonts = i + 1;
    }
    return true;
fail:
    cfg_clear(dst);
    return false;
}

/* ---- value checks ----------------------------------------------------- */

/* What the user wrote, for "got ..." in messages (truncated). */
static void describe(const cJSON *v, char *buf, size_t size)
{
    char *text = cJSON_PrintUnformatted(v);

    if (!text) {
        snprintf(buf, size, "(unprintable)");
        return;
    }
    if (strlen(text) > 60)
        snprintf(buf, size, "%.57s...", text);
    else
        snprintf(buf, size, "%s", text);
    cJSON_free(text);
}

/* At most 60 bytes of what the user wrote, control characters shown as
 * '?', so every message stays one line. */
static const char *shown(const char *s, char *buf, size_t size)
{
    size_t i = 0;

    for (; s[i] && i < 60 && i + 4 < size; i++)
        buf[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? '?' : s[i];
    if (s[i] && i + 4 < size) {
        memcpy(buf + i, "...", 3);
        i += 3;
    }
    buf[i] = '\0';
    return buf;
}

static const char *type_name(const cJSON *v)
{
    if (cJSON_IsString(v))
        return "a string";
    if (cJSON_IsNumber(v))
        return "a number";
    if (cJSON_IsBool(v))
        return "true/false";
    if (cJSON_IsNull(v))
        return "null";
    if (cJSON_IsArray(v))
        return "a list";
    if (cJSON_IsObject(v))
        return "an object";
    return "something else";
}

static bool wrong(const cJSON *v, struct err *err, const char *what)
{
    char got[80];

    describe(v, got, sizeof(got));
    return err_set(err, "must be %s, got %s %s", what, type_name(v), got);
}

static bool get_int(const cJSON *v, long min, long max, long *out, struct err *err)
{
    double d;
    char got[80];

    if (!cJSON_IsNumber(v))
        return wrong(v, err, "a whole number");
    d = v->valuedouble;
    describe(v, got, sizeof(got));
    if (!isfinite(d) || d != floor(d))
        return err_set(err, "must be a whole number, got %s", got);
    if (d < (double)min || d > (double)max)
        return err_set(err, "must be between %ld and %ld, got %s", min, max, got);
    *out = (long)d;
    return true;
}

/* A string value: non-empty, bounded, no control characters (a stray tab
 * or newline in a URL or room name is a typo, not a wish). */
static bool check_text(const char *s, struct err *err)
{
    size_t n = strlen(s);

    if (n == 0)
        return err_set(err, "must not be empty");
    if (n > CFG_MAX_STRING)
        return err_set(err, "is too long (%zu bytes, at most %d)", n, CFG_MAX_STRING);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return err_set(err, "contains a control character at byte %zu", i + 1);
    return true;
}

static bool get_text(const cJSON *v, const char **out, struct err *err)
{
    if (!cJSON_IsString(v) || !v->valuestring)
        return wrong(v, err, "a string");
    if (!check_text(v->valuestring, err))
        return false;
    *out = v->valuestring;
    return true;
}

static bool get_path(const cJSON *v, const char **out, struct err *err)
{
    if (!get_text(v, out, err))
        return false;
    if ((*out)[0] != '/')
        return err_set(err, "must be an absolute path, got \"%s\"", *out);
    return true;
}

/* "HH:MM" (hour 0..24, 24 only as 24:00) into minutes; advances *p. */
static bool parse_hhmm(const char **p, int *min)
{
    const char *s = *p;
    int h = 0, m, digits = 0;

    while (*s >= '0' && *s <= '9' && digits < 2) {
        h = h * 10 + (*s++ - '0');
        digits++;
    }
    if (digits == 0 || *s != ':')
        return false;
    s++;
    if (!(s[0] >= '0' && s[0] <= '5' && s[1] >= '0' && s[1] <= '9'))
        return false;
    m = (s[0] - '0') * 10 + (s[1] - '0');
    if (h > 24 || (h == 24 && m != 0))
        return false;
    *min = h * 60 + m;
    *p = s + 2;
    return true;
}

static bool parse_active(const char *s, int *from, int *until)
{
    if (!parse_hhmm(&s, from))
        return false;
    while (*s == ' ')
        s++;
    if (*s != '-')
        return false;
    s++;
    while (*s == ' ')
        s++;
    if (!parse_hhmm(&s, until))
        return false;
    return *s == '\0';
}

/* One "sha256//<base64 of 32 bytes>" entry; curl takes several joined by
 * ';' (e.g. the current key and the next one during a rollover). */
static bool pin_ok(const char *s)
{
    const char *p = s;

    for (;;) {
        size_t n = 0;
        if (strncmp(p, "sha256//", 8) != 0)
            return false;
        p += 8;
        while (n < 43 && ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                          (*p >= '0' && *p <= '9') || *p == '+' || *p == '/')) {
            p++;
            n++;
        }
        if (n != 43 || *p != '=')
            return false;
        p++;
        if (*p == '\0')
            return true;
        if (*p != ';')
            return false;
        p++;
    }
}

/* Only {hostname} is expanded; any other {...} is a typo worth catching. */
static bool check_placeholders(const char *s, struct err *err)
{
    const char *p = s;

    while ((p = strchr(p, '{')) != NULL) {
        const char *close = strchr(p, '}');
        if (close && strncmp(p, "{hostname}", 10) == 0) {
            p += 10;
            continue;
        }
        return err_set(err, "has an unknown placeholder \"%.*s\" (only {hostname} is expanded)",
                       close ? (int)(close - p + 1) : (int)strnlen(p, 20), p);
    }
    return true;
}

/* A list of strings (or one string, for the common single-room case). */
static bool get_list(const cJSON *v, size_t min, size_t max, char **list, size_t *n,
                     struct err *err)
{
    const cJSON *item;
    char *tmp[CFG_MAX_ROOMS > CFG_MAX_FONTS ? CFG_MAX_ROOMS : CFG_MAX_FONTS] = {0};
    size_t count = 0;

    if (cJSON_IsString(v)) {
        const char *s;
        if (!get_text(v, &s, err))
            return false;
        if (!(tmp[0] = dup_str(s)))
            return err_set(err, "out of memory");
        count = 1;
    } else if (cJSON_IsArray(v)) {
        size_t total = (size_t)cJSON_GetArraySize(v);
        if (total < min || total > max) {
            return err_set(err, "must list between %zu and %zu entries, got %zu", min, max, total);
        }
        cJSON_ArrayForEach(item, v)
        {
            const char *s;
            if (!get_text(item, &s, err)) {
                err_prefix(err, "entry %zu", count + 1);
                goto fail;
            }
            for (size_t i = 0; i < count; i++) {
                if (strcmp(tmp[i], s) == 0) {
                    err_set(err, "entry %zu: \"%s\" is listed twice", count + 1, s);
                    goto fail;
                }
            }
            if (!(tmp[count] = dup_str(s))) {
                err_set(err, "out of memory");
                goto fail;
            }
            count++;
        }
    } else {
        return wrong(v, err, "a list of strings");
    }
    free_list(list, n);
    memcpy(list, tmp, count * sizeof(*list));
    *n = count;
    return true;
fail:
    free_list(tmp, &count);
    return false;
}

/* ---- the keys ----------------------------------------------------------- */

struct key;
typedef bool (*key_fn)(struct cfg *c, const struct key *k, const cJSON *v, struct err *err);

struct key {
    const char *name;
    key_fn set;
    size_t off; /* offsetof the field, for the generic setters */
    long min, max;
};

#define FIELD(T, c, k) ((T *)(void *)((char *)(c) + (k)->off))

static bool set_int(struct cfg *c, const struct key *k, const cJSON *v, struct err *err)
{
    long n = 0;

    if (!get_int(v, k->min, k->max, &n, err))
        return false;
    *FIELD(int, c, k) = (int)n;
    return true;
}

static bool set_bool(struct cfg *c, const struct key *k, const cJSON *v, struct err *err)
{
    if (!cJSON_IsBool(v))
        return wrong(v, err, "true or false");
    *FIELD(bool, c, k) = cJSON_IsTrue(v);
    return true;
}

/* A path that may be reset to "none" with null. */
static bool set_path_or_null(struct cfg *c, const struct key *k, const cJSON *v, struct err *err)
{
    const char *s;

    if (cJSON_IsNull(v))
        return cfg_set_str(FIELD(char *, c, k), NULL);
    if (!get_path(v, &s, err))
        return false;
    return cfg_set_str(FIELD(char *, c, k), s) || err_set(err, "out of memory");
}

/* One source or a list of at most CFG_MAX_SOURCES (main schedule first);
 * null: the bundled demo. Each entry is checked for placeholders, and a
 * bad one is named by its place ("entry 2: ..."). */
static bool set_schedule(struct cfg *c, const struct key *k, const cJSON *v, struct err *err)
{
    char *tmp[CFG_MAX_SOURCES] = {0};
    size_t n = 0;

    if (cJSON_IsNull(v)) {
        free_list(c->schedules, &c->nschedules);
        return true;
    }
    if (!cJSON_IsString(v) && !cJSON_IsArray(v))
        return wrong(v, err, "a string or a list of strings");
    if (!get_list(v, 1, CFG_MAX_SOURCES, tmp, &n, err))
        return false;
    for (size_t i = 0; i < n; i++) {
        if (!check_placeholders(tmp[i], err)) {
            if (cJSON_IsArray(v))
                err_prefix(err, "entry %zu", i + 1);
            free_list(tmp, &n);
            return false;
        }
    }
    free_list(c->schedules, &c->nschedules);
    memcpy(c->schedules, tmp, n * sizeof(*tmp));
    c->nschedules = n;
    return true;
}

static bool set_status(struct cfg *c, const struct key *k, const cJSON *v, struct err *err)
{
    const char *s;

    if (cJSON_IsNull(v))
        return cfg_set_str(&c->status, NULL);
    if (!get_text(v, &s, err) || !check_placeholders(s, err))
        return false;
    return cfg_set_str(&c->status, s) || err_set(err, "out of memory");
}

static bool set_rooms(struct cfg *c, const struct key *k, const cJSON *v, struct err *err)
{
    return get_list(v, 0, CFG_MAX_ROOMS, c->rooms, &c->nrooms, err);
}

static bool set_fonts(struct cfg *c, const struct key *k, const cJSON *v, struct err *err)
{
    char *tmp[CFG_MAX_FONTS] = {0};
    size_t n = 0;

    if (!get_list(v, 1, CFG_MAX_FONTS, tmp, &n, err))
        return false;
    for (size_t i = 0; i < n; i++) {
        if (tmp[i][0] != '/') {
            err_set(err, "entry %zu must be an absolute path to a font file, got \"%s\"", i + 1,
                    tmp[i]);
            free_list(tmp, &n);
            return false;
        }
    }
    free_list(c->fonts, &c->nfonts);
    memcpy(c->fonts, tmp, n * sizeof(*tmp));
    c->nfonts = n;
    return true;
}

static bool set_rotate(struct cfg *c, const struct key *k, const cJSON *v, struct err *err)
{
    char got[80];
    double d;

    if (!cJSON_IsNumber(v))
        return wrong(v, err, "0, 90, 180 or 270");
    d = v->valuedouble;
    if (d != 0 && d != 90 && d != 180 && d != 270) {
        describe(v, got, sizeof(got));
        return err_set(err, "must be 0, 90, 180 or 270, got %s", got);
    }
    c->rotate = (int)d;
    return true;
}

static bool set_size(struct cfg *c, const struct key *k, const cJSON *v, struct err *err)
{
    const char *s;
    char *end, buf[80];
    long w, h;

    if (cJSON_IsNull(v) ||
        (cJSON_IsString(v) && v->valuestring && strcmp(v->valuestring, "auto") == 0)) {
        c->width = c->height = 0;
        return true;
    }
    if (!cJSON_IsString(v) || !v->valuestring)
        return wrong(v, err, "\"WIDTHxHEIGHT\" (e.g. \"1920x1080\") or \"auto\"");
    s = v->valuestring;
    errno = 0;
    w = (s[0] >= '0' && s[0] <= '9') ? strtol(s, &end, 10) : -1;
    if (w < 0 || errno || *end != 'x' || !(end[1] >= '0' && end[1] <= '9'))
        goto bad;
    h = strtol(end + 1, &end, 10);
    if (errno || *end != '\0')
        goto bad;
    if (w < 64 || w > 16384 || h < 64 || h > 16384)
        return err_set(err, "each side must be between 64 and 16384 pixels, got \"%s\"",
                       shown(s, buf, sizeof(buf)));
    c->width = (int)w;
    c->height = (int)h;
    return true;
bad:
    return err_set(err, "must be \"WIDTHxHEIGHT\" (e.g. \"1920x1080\") or \"auto\", got \"%s\"",
                   shown(s, buf, sizeof(buf)));
}

static bool set_cache_dir(struct cfg *c, const struct key *k, const cJSON *v, struct err *err)
{
    const char *s = NULL;

    if (!get_path(v, &s, err))
        return false;
    return cfg_set_str(&c->cache_dir, s) || err_set(err, "out of memory");
}

static bool set_max_body(struct cfg *c, const struct key *k, const cJSON *v, struct err *err)
{
    long n = 0;

    if (!get_int(v, k->min, k->max, &n, err))
        return false;
    c->max_body = n;
    return true;
}

static bool set_pinned_key(struct cfg *c, const struct key *k, const cJSON *v, struct err *err)
{
    const char *s;

    if (cJSON_IsNull(v))
        return cfg_set_str(&c->pinned_key, NULL);
    if (!get_text(v, &s, err))
        return false;
    if (!pin_ok(s)) {
        return err_set(err,
                       "must be \"sha256//\" and the base64 SHA-256 of the server's public key "
                       "(44 characters; several joined by ';'), got \"%.60s\"",
                       s);
    }
    return cfg_set_str(&c->pinned_key, s) || err_set(err, "out of memory");
}

static bool set_language(struct cfg *c, const struct key *k, const cJSON *v, struct err *err)
{
    char got[80];

    if (cJSON_IsString(v) && v->valuestring) {
        for (size_t i = 0; i < sizeof(languages) / sizeof(languages[0]); i++)
            if (strcmp(v->valuestring, languages[i]) == 0)
                return cfg_set_str(&c->lang, languages[i]) || err_set(err, "out of memory");
    }
    describe(v, got, sizeof(got));
    return err_set(err, "must be \"en\", \"de\" or \"fr\", got %s", got);
}

/* An IANA zone this build can load (tz_load), or null for none. */
static bool set_timezone(struct cfg *c, const struct key *k, const cJSON *v, struct err *err)
{
    const char *s;
    struct tz *tz;
    char buf[80];

    (void)k;
    if (cJSON_IsNull(v))
        return cfg_set_str(&c->timezone, NULL) || err_set(err, "out of memory");
    if (!get_text(v, &s, err))
        return false;
    if (!tz_load(s, &tz, NULL))
        return err_set(err, "must be an IANA time zone such as \"Europe/Brussels\", got \"%s\"",
                       shown(s, buf, sizeof(buf)));
    tz_free(tz);
    c->timezone_option = false;
    return cfg_set_str(&c->timezone, s) || err_set(err, "out of memory");
}

static bool set_active_hours(struct cfg *c, const struct key *k, const cJSON *v, struct err *err)
{
    int from, until;
    char buf[80];

    if (cJSON_IsNull(v) ||
        (cJSON_IsString(v) && v->valuestring && strcmp(v->valuestring, "always") == 0)) {
        c->active_from_min = c->active_until_min = -1;
        return true;
    }
    if (!cJSON_IsString(v) || !v->valuestring)
        return wrong(v, err, "\"HH:MM-HH:MM\" (e.g. \"08:00-20:00\") or \"always\"");
    if (!parse_active(v->valuestring, &from, &until)) {
        return err_set(err,
                       "must be \"HH:MM-HH:MM\" (e.g. \"08:00-20:00\") or \"always\", got \"%s\"",
                       shown(v->valuestring, buf, sizeof(buf)));
    }
    if (from == until || (from == 0 && until == 24 * 60))
        return err_set(err, "\"%s\" is not a window; write \"always\" to keep the screen on",
                       v->valuestring);
    c->active_from_min = from;
    c->active_until_min = until;
    return true;
}

static bool set_name(struct cfg *c, const struct key *k, const cJSON *v, struct err *err)
{
    const char *s;

    if (cJSON_IsNull(v))
        return cfg_set_str(&c->name, NULL);
    if (!get_text(v, &s, err))
        return false;
    if (strlen(s) > 64)
        return err_set(err, "is too long (%zu bytes, at most 64)", strlen(s));
    return cfg_set_str(&c->name, s) || err_set(err, "out of memory");
}

#define OFF(f) offsetof(struct cfg, f)

/* In the order of docs/config.md and of cfg_to_json(). */
static const struct key keys[] = {
    {"schedule", set_schedule, 0, 0, 0},
    {"rooms", set_rooms, 0, 0, 0},
    {"language", set_language, 0, 0, 0},
    {"timezone", set_timezone, 0, 0, 0},
    {"rotate", set_rotate, 0, 0, 0},
    {"size", set_size, 0, 0, 0},
    {"windowed", set_bool, OFF(windowed), 0, 0},
    {"cycle_seconds", set_int, OFF(cycle_s), 2, 3600},
    {"page_seconds", set_int, OFF(page_s), 10, 3600},
    {"active_hours", set_active_hours, 0, 0, 0},
    {"burn_in", set_bool, OFF(burn_in), 0, 0},
    {"fonts", set_fonts, 0, 0, 0},
    {"name", set_name, 0, 0, 0},
    {"report", set_bool, OFF(report), 0, 0},
    {"poll_seconds", set_int, OFF(poll_s), 5, 86400},
    {"jitter_seconds", set_int, OFF(jitter_s), 0, 86400},
    {"stale_seconds", set_int, OFF(stale_s), 10, 30 * 86400},
    {"cache_dir", set_cache_dir, 0, 0, 0},
    {"max_body_bytes", set_max_body, 0, 1024, 1024L * 1024 * 1024},
    {"connect_timeout_seconds", set_int, OFF(connect_timeout_s), 1, 300},
    {"timeout_seconds", set_int, OFF(timeout_s), 1, 3600},
    {"ca_bundle", set_path_or_null, OFF(ca_bundle), 0, 0},
    {"pinned_key", set_pinned_key, 0, 0, 0},
    {"status", set_status, 0, 0, 0},
    {"status_poll_seconds", set_int, OFF(status_poll_s), 2, 3600},
    {"status_jitter_seconds", set_int, OFF(status_jitter_s), 0, 3600},
    {"status_stale_seconds", set_int, OFF(status_stale_s), 10, 86400},
    {"changes_hours", set_int, OFF(changes_hours), 0, 24 * 14},
    {"qr", set_bool, OFF(qr), 0, 0},
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

static const struct key *find_key(const char *name)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (strcmp(keys[i].name, name) == 0)
            return &keys[i];
    return NULL;
}

/* Edit distance, to suggest "rotate" for "rotation" or "room" for "rooms". */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), row[64];

    if (la >= 63 || lb >= 63)
        return SIZE_MAX;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            diag = up;
            row[j] = best;
        }
    }
    return row[lb];
}

static bool unknown_key(const char *name, struct err *err)
{
    const char *best = NULL;
    size_t bestd = 4; /* within three edits, and at most half the name */
    char buf[80];

    for (size_t i = 0; i < NKEYS; i++) {
        size_t d = distance(name, keys[i].name);
        /* a prefix ("room" for "rooms", "poll" for "poll_seconds") counts too */
        size_t n = strlen(name);
        if (n >= 3 && strncmp(name, keys[i].name, n) == 0)
            d = 1;
        if (d < bestd && 2 * d <= n) {
            bestd = d;
            best = keys[i].name;
        }
    }
    if (best)
        return err_set(err, "unknown key \"%s\" (did you mean \"%s\"?)",
                       shown(name, buf, sizeof(buf)), best);
    return err_set(err, "unknown key \"%s\" (see docs/config.md for the keys)",
                   shown(name, buf, sizeof(buf)));
}

/* ---- loading ----------------------------------------------------------- */

/* Line and column (1-based) of offset off, for parse errors. */
static void position(const char *s, size_t off, size_t *line, size_t *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        if (s[i] == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
    }
}

/* Applies the object ROOT to c (a scratch copy). */
static bool apply(struct cfg *c, const cJSON *root, struct err *err)
{
    const cJSON *item;
    int old_poll = c->poll_s;
    bool jitter_set = false;
    char buf[80];

    cJSON_ArrayForEach(item, root)
    {
        const struct key *k;
        const cJSON *prev;

        if (!item->string)
            return err_set(err, "an entry has no key");
        /* Keys starting with '_' are comments: {"_note": "door of Hall 2"}. */
        if (item->string[0] == '_')
            continue;
        for (prev = root->child; prev != item; prev = prev->next)
            if (prev->string && strcmp(prev->string, item->string) == 0)
                return err_set(err, "key \"%s\" appears twice",
                               shown(item->string, buf, sizeof(buf)));
        k = find_key(item->string);
        if (!k)
            return unknown_key(item->string, err);
        if (!k->set(c, k, item, err)) {
            err_prefix(err, "key \"%s\"", k->name);
            return false;
        }
        if (k->set == set_int && k->off == OFF(jitter_s))
            jitter_set = true;
    }
    /* The jitter follows the poll interval unless it was set by hand. */
    if (!jitter_set && c->poll_s != old_poll && c->jitter_s == old_poll / 6)
        c->jitter_s = c->poll_s / 6;
    if (c->jitter_s > c->poll_s)
        return err_set(err, "key \"jitter_seconds\": must not exceed poll_seconds (%d), got %d",
                       c->poll_s, c->jitter_s);
    if (c->timeout_s < c->connect_timeout_s) {
        return err_set(err,
                       "key \"timeout_seconds\": must be at least connect_timeout_seconds (%d), "
                       "got %d",
                       c->connect_timeout_s, c->timeout_s);
    }
    return true;
}

bool cfg_load_json(struct cfg *c, const char *json, size_t len, const char *name, struct err *err)
{
    struct cfg tmp;
    cJSON *root = NULL;
    const char *end = NULL;
    size_t skip = 0, line, col;
    bool ok = false;

    if (!name)
        name = "(config)";
    /* Editors on the laptop that writes the boot partition may add a BOM. */
    if (len >= 3 && memcmp(json, "\xef\xbb\xbf", 3) == 0)
        skip = 3;
    {
        size_t i = skip;
        while (i < len && (json[i] == ' ' || json[i] == '\t' || json[i] == '\r' || json[i] == '\n'))
            i++;
        if (i == len) {
            return err_set(err,
                           "config: %s: is empty (write a JSON object, e.g. {\"rooms\": "
                           "[\"Hall 1\"]})",
                           name);
        }
    }
    root = cJSON_ParseWithLengthOpts(json + skip, len - skip, &end, false);
    if (!root) {
        size_t off = end ? (size_t)(end - json) : skip;
        if (off > len)
            off = len;
        position(json, off, &line, &col);
        return err_set(err, "config: %s: not valid JSON near line %zu, column %zu", name, line,
                       col);
    }
    if (end) {
        size_t off = (size_t)(end - json);
        while (off < len &&
               (json[off] == ' ' || json[off] == '\t' || json[off] == '\r' || json[off] == '\n'))
            off++;
        if (off < len) {
            position(json, off, &line, &col);
            err_set(err,
                    "config: %s: unexpected text after the JSON object at line %zu, column %zu",
                    name, line, col);
            goto out;
        }
    }
    if (!cJSON_IsObject(root)) {
        err_set(err, "config: %s: must be a JSON object ({...}), got %s", name, type_name(root));
        goto out;
    }
    if (!copy_cfg(&tmp, c)) {
        err_set(err, "config: %s: out of memory", name);
        goto out;
    }
    if (!apply(&tmp, root, err)) {
        cfg_clear(&tmp);
        err_prefix(err, "config: %s", name);
        goto out;
    }
    cfg_clear(c);
    *c = tmp;
    ok = true;
out:
    cJSON_Delete(root);
    return ok;
}

bool cfg_load_file(struct cfg *c, const char *path, bool optional, struct err *err)
{
    char *buf, why[128];
    struct err fe = {{0}};
    size_t n;
    int e;
    bool ok;

    /* file_read: non-blocking, regular files only (a FIFO on the boot
     * partition must not hang start-up before READY), capped. */
    if (!file_read("config", path, CFG_MAX_FILE, &buf, &n, NULL, &e, &fe)) {
        if (e && optional && (e == ENOENT || e == ENOTDIR))
            return true;
        if (e)
            return err_set(err, "config: %s: cannot open: %s", path,
                           err_strerror(e, why, sizeof(why)));
        return err_set(err, "%s", fe.msg);
    }
    ok = cfg_load_json(c, buf, n, path, err);
    free(buf);
    return ok;
}

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool is_https(const char *s)
{
    return s && strncasecmp(s, "https://", 8) == 0;
}

static bool any_https(const struct cfg *c)
{
    for (size_t i = 0; i < c->nschedules; i++)
        if (is_https(c->schedules[i]))
            return true;
    return false;
}

static bool all_https(const struct cfg *c)
{
    for (size_t i = 0; i < c->nschedules; i++)
        if (!is_https(c->schedules[i]))
            return false;
    return true;
}

/* The boot partition is a FAT file anyone holding the SD card can edit: it
 * may choose rooms, rotation and so on, but not weaken TLS. Its ca_bundle
 * and pinned_key, and a schedule that is not https:// where the system
 * config's is, are put back to the system config's values, with a line on
 * stderr naming the key. */
static bool keep_tls(struct cfg *c, const struct cfg *sys, const char *boot)
{
    static const char *const fmt =
        "config: %s: key \"%s\" is only honoured in the system config; ignored\n";

    if (!same_str(c->ca_bundle, sys->ca_bundle)) {
        fprintf(stderr, fmt, boot, "ca_bundle");
        if (!cfg_set_str(&c->ca_bundle, sys->ca_bundle))
            return false;
    }
    if (!same_str(c->pinned_key, sys->pinned_key)) {
        fprintf(stderr, fmt, boot, "pinned_key");
        if (!cfg_set_str(&c->pinned_key, sys->pinned_key))
            return false;
    }
    if (any_https(sys) && !all_https(c)) {
        fprintf(stderr,
                "config: %s: key \"schedule\": the system config's schedule is https://; a "
                "boot-partition schedule must be too; ignored\n",
                boot);
        if (!copy_sources(c, sys))
            return false;
    }
    return true;
}

bool cfg_load_system(struct cfg *c, const char *path, struct err *err)
{
    struct cfg tmp;
    const char *boot = getenv("ROOMBOARD_BOOT_CONFIG");

    if (!copy_cfg(&tmp, c))
        return err_set(err, "config: out of memory");
    if (!cfg_load_file(&tmp, path ? path : CFG_SYSTEM, path == NULL, err))
        goto fail;
    /* An empty $ROOMBOARD_BOOT_CONFIG turns the boot-partition layer off. */
    if (!boot)
        boot = CFG_BOOT;
    if (boot[0]) {
        struct cfg sys;
        bool ok;
        if (!copy_cfg(&sys, &tmp)) {
            err_set(err, "config: out of memory");
            goto fail;
        }
        ok = cfg_load_file(&tmp, boot, true, err);
        if (ok && !keep_tls(&tmp, &sys, boot))
            ok = err_set(err, "config: out of memory");
        cfg_clear(&sys);
        if (!ok)
            goto fail;
    }
    cfg_clear(c);
    *c = tmp;
    return true;
fail:
    cfg_clear(&tmp);
    return false;
}

/* ---- output ------------------------------------------------------------ */

static cJSON *str_or_null(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

char *cfg_to_json(const struct cfg *c)
{
    cJSON *o = cJSON_CreateObject(), *a;
    char buf[32];
    char *out = NULL;

    if (!o)
        return NULL;
    /* one source as a string (as it is usually written), several as a list */
    if (c->nschedules > 1) {
        a = cJSON_AddArrayToObject(o, "schedule");
        for (size_t i = 0; a && i < c->nschedules; i++)
            cJSON_AddItemToArray(a, cJSON_CreateString(c->schedules[i]));
    } else {
        cJSON_AddItemToObject(o, "schedule", str_or_null(c->nschedules ? c->schedules[0] : NULL));
    }
    a = cJSON_AddArrayToObject(o, "rooms");
    for (size_t i = 0; a && i < c->nrooms; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(c->rooms[i]));
    cJSON_AddItemToObject(o, "language", str_or_null(c->lang));
    cJSON_AddItemToObject(o, "timezone", str_or_null(c->timezone));
    cJSON_AddNumberToObject(o, "rotate", c->rotate);
    if (c->width > 0 && c->height > 0) {
        snprintf(buf, sizeof(buf), "%dx%d", c->width, c->height);
        cJSON_AddStringToObject(o, "size", buf);
    } else {
        cJSON_AddStringToObject(o, "size", "auto");
    }
    cJSON_AddBoolToObject(o, "windowed", c->windowed);
    cJSON_AddNumberToObject(o, "cycle_seconds", c->cycle_s);
    cJSON_AddNumberToObject(o, "page_seconds", c->page_s);
    if (c->active_from_min >= 0 && c->active_until_min >= 0) {
        snprintf(buf, sizeof(buf), "%02d:%02d-%02d:%02d", c->active_from_min / 60,
                 c->active_from_min % 60, c->active_until_min / 60, c->active_until_min % 60);
        cJSON_AddStringToObject(o, "active_hours", buf);
    } else {
        cJSON_AddStringToObject(o, "active_hours", "always");
    }
    cJSON_AddBoolToObject(o, "burn_in", c->burn_in);
    a = cJSON_AddArrayToObject(o, "fonts");
    for (size_t i = 0; a && i < c->nfonts; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(c->fonts[i]));
    cJSON_AddItemToObject(o, "name", str_or_null(c->name));
    cJSON_AddBoolToObject(o, "report", c->report);
    cJSON_AddNumberToObject(o, "poll_seconds", c->poll_s);
    cJSON_AddNumberToObject(o, "jitter_seconds", c->jitter_s);
    cJSON_AddNumberToObject(o, "stale_seconds", c->stale_s);
    cJSON_AddItemToObject(o, "cache_dir", str_or_null(c->cache_dir));
    cJSON_AddNumberToObject(o, "max_body_bytes", (double)c->max_body);
    cJSON_AddNumberToObject(o, "connect_timeout_seconds", c->connect_timeout_s);
    cJSON_AddNumberToObject(o, "timeout_seconds", c->timeout_s);
    cJSON_AddItemToObject(o, "ca_bundle", str_or_null(c->ca_bundle));
    cJSON_AddItemToObject(o, "pinned_key", str_or_null(c->pinned_key));
    cJSON_AddItemToObject(o, "status", str_or_null(c->status));
    cJSON_AddNumberToObject(o, "status_poll_seconds", c->status_poll_s);
    cJSON_AddNumberToObject(o, "status_jitter_seconds", c->status_jitter_s);
    cJSON_AddNumberToObject(o, "status_stale_seconds", c->status_stale_s);
    cJSON_AddNumberToObject(o, "changes_hours", c->changes_hours);
    cJSON_AddBoolToObject(o, "qr", c->qr);
    out = cJSON_Print(o);
    cJSON_Delete(o);
    return out;
}

char *cfg_expand(const char *s)
{
    static const char ph[] = "{hostname}";
    const size_t phlen = sizeof(ph) - 1;
    char host[256];
    size_t hlen, n = 0, count = 0;
    const char *p;
    char *out;

    if (!s)
        return NULL;
    for (p = s; (p = strstr(p, ph)) != NULL; p += phlen)
        count++;
    if (count == 0)
        return dup_str(s);
    if (gethostname(host, sizeof(host)) != 0 || host[0] == '\0')
        snprintf(host, sizeof(host), "localhost");
    host[sizeof(host) - 1] = '\0';
    hlen = strlen(host);
    out = malloc(strlen(s) - count * phlen + count * hlen + 1);
    if (!out)
        return NULL;
    for (p = s; *p;) {
        if (strncmp(p, ph, phlen) == 0) {
            memcpy(out + n, host, hlen);
            n += hlen;
            p += phlen;
        } else {
            out[n++] = *p++;
        }
    }
    out[n] = '\0';
    return out;
}
