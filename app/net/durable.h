/* durable — files that survive a power cut whole, written without ever
 * following a link: a new temporary file beside the target (PATH.tmp.XXXXXX,
 * created with O_CREAT|O_EXCL by mkstemp, so a name planted there, a
 * symlink included, is never opened), write, fflush, fsync, fclose (each
 * checked), rename it over the target (which replaces a link at the target
 * instead of writing through it), fsync the directory. The one durable
 * writer: the cache (app/net/cache.c) and roomboard-import use it.
 *
 * Every error names WHO ("cache", "import"), the step and the file, e.g.
 * "cache: fsync of /var/cache/roomboard/schedule.json.tmp.Ab12Cd failed: No
 * space left on device". On a failure before the rename the temporary file
 * is removed and the target is left as it was. */
#ifndef ROOMBOARD_DURABLE_H
#define ROOMBOARD_DURABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Writes LEN bytes to a new temporary file beside PATH (mode 0644) and makes
 * them durable; TMP (TMPSIZE bytes) gets its name. It is not renamed yet, so
 * a caller can commit other files before the rename (the cache writes its
 * metadata between the two); the caller renames it with durable_rename() or
 * removes it. */
RB_MUST_CHECK bool durable_write(const char *who, const char *path, char *tmp, size_t tmpsize,
                                 const void *data, size_t len, struct err *err);

/* Renames TMP over PATH and fsyncs DIR (PATH's directory). *replaced (may be
 * NULL) says whether PATH now holds the new content: true when only the
 * directory fsync failed (false is returned then: the rename may not survive
 * a power cut). A failed rename removes TMP. */
RB_MUST_CHECK bool durable_rename(const char *who, const char *tmp, const char *path,
                                  const char *dir, bool *replaced, struct err *err);

/* fsync of a directory, so that renames in it are durable. */
bool durable_sync_dir(const char *who, const char *dir, struct err *err);

/* Removes temporary files NAME.tmp.XXXXXX in DIR left by a writer that was
 * killed or lost power, when their mtime is OLDER_THAN_S seconds old or more
 * (a younger one may be another writer's, still being written). Never
 * follows a link; errors are ignored (the next sweep tries again). */
void durable_sweep(const char *dir, const char *name, int64_t older_than_s);

/* The whole sequence for one file: durable_write then durable_rename. */
RB_MUST_CHECK bool durable_replace(const char *who, const char *path, const void *data, size_t len,
                                   bool *replaced, struct err *err);

#endif
