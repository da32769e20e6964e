#include "cache.h"
#include "durable.h"
#include "file.h"
#include "read.h"
#include "url.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CACHE_FORMAT      "roomboard-cache 1"
#define CACHE_MAX_ENTRIES 4
#define CACHE_META_MAX    (64 * 1024)
#define CACHE_SWEEP_AGE_S 60
#define CACHE_DEFAULT_MAX ((size_t)64 * 1024 * 1024)

uint64_t cache_hash(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = 0xcbf29ce484222325ULL;

    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static bool join(char *buf, size_t size, const char *dir, const char *name, struct err *err)
{
    int n = snprintf(buf, size, "%s/%s", dir, name);

    if (n < 0 || (size_t)n >= size)
        return err_set(err, "cache: path %s/%s is too long", dir, name);
    return true;
}

static void copy_str(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

/* file_read() with the cache's name on its messages. */
static bool read_all(const char *path, size_t max, char **out, size_t *len, struct stat *st,
                     int *errno_out, struct err *err)
{
    return file_read("cache", path, max, out, len, st, errno_out, err);
}

/* Renames DIR/NAME to DIR/NAME.corrupt-YYYYMMDDTHHMMSSZ[-N]; writes the new
 * name into aside. */
static bool move_aside(const char *dir, const char *name, char *aside, size_t size)
{
    char from[PATH_MAX], stamp[32];
    time_t now = time(NULL);
    struct tm tm;

    if (!join(from, sizeof(from), dir, name, NULL))
        return false;
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
    for (int i = 1; i < 100; i++) {
        int n = i == 1 ? snprintf(aside, size, "%s.corrupt-%s", from, stamp)
                       : snprintf(aside, size, "%s.corrupt-%s-%d", from, stamp, i);
        if (n < 0 || (size_t)n >= size)
            return false;
        if (access(aside, F_OK) == 0)
            continue;
        if (rename(from, aside) != 0)
            return false;
        durable_sync_dir("cache", dir, NULL);
        return true;
    }
    return false;
}

static bool parse_hex64(const char *s, uint64_t *out)
{
    char *end;

    if (!s || !*s)
        return false;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 16);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

static bool meta_entry(const cJSON *o, struct cache_meta *m)
{
    const cJSON *url = cJSON_GetObjectItemCaseSensitive(o, "url");
    const cJSON *etag = cJSON_GetObjectItemCaseSensitive(o, "etag");
    const cJSON *lm = cJSON_GetObjectItemCaseSensitive(o, "last_modified");
    const cJSON *at = cJSON_GetObjectItemCaseSensitive(o, "fetched_at");
    const cJSON *len = cJSON_GetObjectItemCaseSensitive(o, "length");
    const cJSON *hash = cJSON_GetObjectItemCaseSensitive(o, "fnv1a64");
    const cJSON *uhash = cJSON_GetObjectItemCaseSensitive(o, "url_fnv1a64");

    if (!cJSON_IsString(url) || !cJSON_IsString(etag) || !cJSON_IsString(lm) ||
        !cJSON_IsNumber(at) || !cJSON_IsNumber(len) || !cJSON_IsString(hash))
        return false;
    if (len->valuedouble < 0 || len->valuedouble > 9007199254740992.0 || at->valuedouble < -1 ||
        at->valuedouble > 9007199254740992.0)
        return false;
    memset(m, 0, sizeof(*m));
    copy_str(m->url, sizeof(m->url), url->valuestring);
    copy_str(m->etag, sizeof(m->etag), etag->valuestring);
    copy_str(m->last_modified, sizeof(m->last_modified), lm->valuestring);
    m->fetched_at = (int64_t)at->valuedouble;
    m->length = (uint64_t)len->valuedouble;
    /* Caches written before the key was a hash: the URL they stored. */
    if (!cJSON_IsString(uhash))
        m->url_hash = cache_hash(m->url, strlen(m->url));
    else if (!parse_hex64(uhash->valuestring, &m->url_hash))
        return false;
    return parse_hex64(hash->valuestring, &m->hash);
}

/* Reads the meta entries of DIR. Returns how many; -1 when the file exists
 * but is unreadable or not ours (the caller moves it aside). */
static int meta_read(const char *dir, struct cache_meta *entries, int max)
{
    char path[PATH_MAX], *text = NULL;
    size_t len;
    struct stat st;
    int e, n = 0;
    cJSON *root, *list, *it;

    if (!join(path, sizeof(path), dir, CACHE_META, NULL))
        return 0;
    if (!read_all(path, CACHE_META_MAX, &text, &len, &st, &e, NULL))
        return e == ENOENT ? 0 : -1;
    root = cJSON_ParseWithLength(text, len);
    free(text);
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
    list = cJSON_GetObjectItemCaseSensitive(root, "entries");
    if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, CACHE_FORMAT) != 0 ||
        !cJSON_IsArray(list)) {
        cJSON_Delete(root);
        return -1;
    }
    cJSON_ArrayForEach(it, list)
    {
        if (n >= max)
            break;
        if (!meta_entry(it, &entries[n])) {
            cJSON_Delete(root);
            return -1;
        }
        n++;
    }
    cJSON_Delete(root);
    return n;
}

static cJSON *meta_to_json(const struct cache_meta *m)
{
    cJSON *o = cJSON_CreateObject();
    char hex[17], uhex[17];

    snprintf(hex, sizeof(hex), "%016" PRIx64, m->hash);
    snprintf(uhex, sizeof(uhex), "%016" PRIx64, m->url_hash);
    if (!o || !cJSON_AddStringToObject(o, "url", m->url) ||
        !cJSON_AddStringToObject(o, "url_fnv1a64", uhex) ||
        !cJSON_AddStringToObject(o, "etag", m->etag) ||
        !cJSON_AddStringToObject(o, "last_modified", m->last_modified) ||
        !cJSON_AddNumberToObject(o, "fetched_at", (double)m->fetched_at) ||
        !cJSON_AddNumberToObject(o, "length", (double)m->length) ||
        !cJSON_AddStringToObject(o, "fnv1a64", hex)) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

/* The meta file text for the given entries, NULL on allocation failure. */
static char *meta_text(const struct cache_meta *a, const struct cache_meta *b)
{
    cJSON *root = cJSON_CreateObject(), *list, *e;
    char *text = NULL;

    if (!root || !cJSON_AddStringToObject(root, "format", CACHE_FORMAT))
        goto out;
    list = cJSON_AddArrayToObject(root, "entries");
    if (!list)
        goto out;
    for (int i = 0; i < 2; i++) {
        const struct cache_meta *m = i == 0 ? a : b;
        if (!m)
            continue;
        if (!(e = meta_to_json(m)))
            goto out;
        cJSON_AddItemToArray(list, e);
    }
    text = cJSON_Print(root);
out:
    cJSON_Delete(root);
    return text;
}

/* Writes the meta file of DIR naming a (and b, if not NULL), atomically. */
static bool meta_commit(const char *dir, const struct cache_meta *a, const struct cache_meta *b,
                        struct err *err)
{
    char path[PATH_MAX], tmp[PATH_MAX];
    char *text;
    bool ok;

    if (!join(path, sizeof(path), dir, CACHE_META, err))
        return false;
    if (!(text = meta_text(a, b)))
        return err_set(err, "cache: out of memory writing %s", path);
    ok = durable_write("cache", path, tmp, sizeof(tmp), text, strlen(text), err);
    free(text);
    return ok && durable_rename("cache", tmp, path, dir, NULL, err);
}

/* The meta entry describing the body now in DIR/schedule.json, if any. */
static bool current_entry(const char *dir, struct cache_meta *out)
{
    struct cache_meta entries[CACHE_MAX_ENTRIES];
    char path[PATH_MAX], *body;
    size_t len;
    struct stat st;
    int e, n;
    uint64_t h;

    n = meta_read(dir, entries, CACHE_MAX_ENTRIES);
    if (n <= 0 || !join(path, sizeof(path), dir, CACHE_FILE, NULL))
        return false;
    if (!read_all(path, SIZE_MAX / 2, &body, &len, &st, &e, NULL))
        return false;
    h = cache_hash(body, len);
    free(body);
    for (int i = 0; i < n; i++) {
        if (entries[i].length == len && entries[i].hash == h) {
            *out = entries[i];
            return true;
        }
    }
    return false;
}

/* Creates DIR if missing; refuses a directory that is not ours. Root
 * running `roomboard --state` must not leave root-owned files (or follow a
 * link the service user planted) in the service's cache: such a run reads
 * the cache and leaves it as it is. */
static bool writable_dir(const char *dir, struct err *err)
{
    char ebuf[128];
    struct stat st;

    if (mkdir(dir, 0755) != 0 && errno != EEXIST)
        return err_set(err, "cache: mkdir of %s failed: %s", dir,
                       err_strerror(errno, ebuf, sizeof(ebuf)));
    if (lstat(dir, &st) != 0)
        return err_set(err, "cache: stat of %s failed: %s", dir,
                       err_strerror(errno, ebuf, sizeof(ebuf)));
    if (!S_ISDIR(st.st_mode))
        return err_set(err, "cache: %s is not a directory (a link?); not written", dir);
    if (st.st_uid != geteuid())
        return err_set(err,
                       "cache: %s belongs to uid %u, not to this user (uid %u); read but not "
                       "written (run as its owner to refresh it)",
                       dir, (unsigned)st.st_uid, (unsigned)geteuid());
    return true;
}

bool cache_store(const char *dir, const char *body, size_t len, const struct cache_meta *meta,
                 struct err *err)
{
    char path[PATH_MAX], tmp[PATH_MAX];
    struct cache_meta m = *meta, cur;
    bool have_cur;

    if (!dir || !*dir)
        return err_set(err, "cache: no cache directory configured");
    if (!join(path, sizeof(path), dir, CACHE_FILE, err) || !writable_dir(dir, err))
        return false;
    if (!m.url_hash)
        m.url_hash = cache_hash(m.url, strlen(m.url));
    /* Temporary files of a store that was cut short (unique names now, so
     * nothing else would ever remove them). */
    durable_sweep(dir, CACHE_FILE, CACHE_SWEEP_AGE_S);
    durable_sweep(dir, CACHE_META, CACHE_SWEEP_AGE_S);
    m.length = len;
    m.hash = cache_hash(body, len);
    have_cur = current_entry(dir, &cur) && !(cur.hash == m.hash && cur.length == m.length);

    /* 1. the new body, durable but not yet in place */
    if (!durable_write("cache", path, tmp, sizeof(tmp), body, len, err))
        return false;
    /* 2. meta naming both bodies: from here on either one is described */
    if (!meta_commit(dir, &m, have_cur ? &cur : NULL, err)) {
        unlink(tmp);
        return false;
    }
    /* 3. the commit point */
    if (!durable_rename("cache", tmp, path, dir, NULL, err))
        return false;
    /* 4. forget the old body; if this fails the two-entry meta still fits */
    return have_cur ? meta_commit(dir, &m, NULL, err) : true;
}

/* The cache is keyed by the whole URL: its hash, and the stored text as far
 * as it goes (signed URLs run to kilobytes). */
static bool same_url(const struct cache_meta *m, const char *url)
{
    return m->url_hash == cache_hash(url, strlen(url)) &&
           strncmp(m->url, url, sizeof(m->url) - 1) == 0;
}

enum cache_result cache_load_read(const char *dir, const char *url, size_t max_bytes,
                                  const struct read_opts *ro, struct sched **out,
                                  struct cache_meta *meta, struct err *err)
{
    struct cache_meta entries[CACHE_MAX_ENTRIES], m;
    char path[PATH_MAX], aside[PATH_MAX + 64], *body = NULL;
    size_t len;
    struct stat st;
    struct err e2;
    struct sched *s = NULL;
    int oe, n;
    bool found = false;
    uint64_t h;

    if (!dir || !*dir) {
        err_set(err, "cache: no cache directory configured");
        return CACHE_EMPTY;
    }
    if (!join(path, sizeof(path), dir, CACHE_FILE, err))
        return CACHE_EMPTY;
    if (max_bytes == 0)
        max_bytes = CACHE_DEFAULT_MAX;
    if (!read_all(path, max_bytes, &body, &len, &st, &oe, &e2)) {
        if (oe == ENOENT) {
            err_set(err, "cache: nothing cached in %s yet", dir);
            return CACHE_EMPTY;
        }
        if (move_aside(dir, CACHE_FILE, aside, sizeof(aside)))
            err_set(err, "%s; moved aside to %s", e2.msg, aside);
        else
            err_set(err, "%s (and it could not be moved aside)", e2.msg);
        return CACHE_BAD;
    }
    h = cache_hash(body, len);
    n = meta_read(dir, entries, CACHE_MAX_ENTRIES);
    if (n < 0) {
        if (move_aside(dir, CACHE_META, aside, sizeof(aside)))
            fprintf(stderr, "cache: %s/%s is unreadable; moved aside to %s\n", dir, CACHE_META,
                    aside);
        n = 0;
    }
    for (int i = 0; i < n && !found; i++) {
        if (entries[i].length == len && entries[i].hash == h) {
            m = entries[i];
            found = true;
        }
    }
    if (!found) {
        /* Copied in by hand, or its meta file was lost: the body is still
         * a schedule worth showing, but with nothing to revalidate. */
        memset(&m, 0, sizeof(m));
        m.fetched_at = (int64_t)st.st_mtime;
        m.length = len;
        m.hash = h;
    }
    if (found && url && m.url[0] && !same_url(&m, url)) {
        free(body);
        char had[256], want[256];
        url_redact(m.url, had, sizeof(had));
        url_redact(url, want, sizeof(want));
        err_set(err, "cache: %s holds the schedule of %s, not of %s; not used", path, had, want);
        return CACHE_OTHER_URL;
    }
    if (!read_bytes(body, len, ro, &s, NULL, &e2)) {
        free(body);
        if (move_aside(dir, CACHE_FILE, aside, sizeof(aside)))
            err_set(err, "cache: %s is not a usable schedule (%s); moved aside to %s", path, e2.msg,
                    aside);
        else
            err_set(err, "cache: %s is not a usable schedule (%s) and could not be moved aside",
                    path, e2.msg);
        return CACHE_BAD;
    }
    free(body);
    *out = s;
    *meta = m;
    return CACHE_HIT;
}

enum cache_result cache_load(const char *dir, const char *url, size_t max_bytes, struct sched **out,
                             struct cache_meta *meta, struct err *err)
{
    return cache_load_read(dir, url, max_bytes, NULL, out, meta, err);
}
