/* cache — the last good schedule on disk, so a screen that boots without
 * network still shows what it last knew.
 *
 * Layout (see docs/network.md), in one directory (cfg.cache_dir):
 *   schedule.json       the body exactly as downloaded (validated first), so
 *                       staff can read it or copy it elsewhere
 *   schedule.meta.json  what that body is: source URL (and a hash of the
 *                       whole URL, the cache's key), ETag, Last-Modified,
 *                       fetch time, plus its length and FNV-1a hash
 * The meta file may list more than one body (at most two): it is committed
 * *before* the body is renamed into place and names both the old and the new
 * body, then rewritten with the new one only. So whatever instant a write is
 * interrupted at, schedule.json is the old or the new body, complete, and the
 * meta file describes it.
 *
 * Every write is durable_write() (a new O_EXCL temporary file, never a
 * followed link), fflush, fsync, fclose, rename, fsync of the directory. A
 * failure names the step and leaves the previous cache intact. Only the
 * directory's owner writes: anyone else (root running --state) reads it.
 * The cache knows nothing of curl. */
#ifndef ROOMBOARD_CACHE_H
#define ROOMBOARD_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "read.h"
#include "sched.h"

#define CACHE_FILE "schedule.json"
#define CACHE_META "schedule.meta.json"

#define CACHE_URL_MAX 8192

struct cache_meta {
    char url[CACHE_URL_MAX]; /* the source it came from (cut if longer); "" unknown */
    uint64_t url_hash;       /* cache_hash() of the whole URL; 0: of url[] */
    char etag[256];          /* validators of that response; "" none */
    char last_modified[128];
    int64_t fetched_at; /* seconds since the epoch; -1 unknown */
    uint64_t length;    /* of the body */
    uint64_t hash;      /* cache_hash() of the body */
};

enum cache_result {
    CACHE_HIT,       /* *out holds the cached schedule */
    CACHE_EMPTY,     /* nothing cached yet */
    CACHE_OTHER_URL, /* a cache for another source: left alone, not used */
    CACHE_BAD,       /* unreadable or corrupt: moved aside (see err) */
};

/* FNV-1a, 64 bit: tells an unchanged download from a new one, and the meta
 * entry that belongs to a body. Not a security check. */
uint64_t cache_hash(const void *data, size_t len);

/* Stores BODY (LEN bytes, already validated by the caller) as the cached
 * schedule of DIR, with META (its length and hash are filled in here).
 * DIR is created if missing (its parent must exist); a DIR owned by another
 * user is not written (false, saying so). On failure the message
 * names the step and the file ("cache: fsync of DIR/schedule.json.tmp
 * failed: ..."), temporary files are removed, and the previous cache is
 * still complete and described by its meta file. */
RB_MUST_CHECK bool cache_store(const char *dir, const char *body, size_t len,
                               const struct cache_meta *meta, struct err *err);

/* Loads the cached schedule of DIR for source URL (bodies over max_bytes are
 * refused). CACHE_HIT: *out gets a new schedule (free with sched_free) and
 * *meta its metadata. A body without a matching meta entry (e.g. copied in
 * by hand) is used with url "" and fetched_at from the file's mtime. A cache
 * for another URL is CACHE_OTHER_URL and left on disk. A body that cannot be
 * read or parsed is renamed to schedule.json.corrupt-YYYYMMDDTHHMMSSZ and
 * CACHE_BAD is returned; err then says what happened. Other results leave
 * *out untouched and put the reason in err. */
enum cache_result cache_load(const char *dir, const char *url, size_t max_bytes, struct sched **out,
                             struct cache_meta *meta, struct err *err);

/* cache_load() read with the venue's zone and the other reader options RO
 * (read.h; NULL: none), as the fetcher does. */
enum cache_result cache_load_read(const char *dir, const char *url, size_t max_bytes,
                                  const struct read_opts *ro, struct sched **out,
                                  struct cache_meta *meta, struct err *err);

#endif
