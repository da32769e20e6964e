/* durable — files that survive a power cut whole: write a temporary file,
 * fflush, fsync, fclose (each checked), rename it into place, fsync the
 * directory. Shared by the cache (app/cache.c) and roomboard-import.
 *
 * Every error names WHO ("cache", "import"), the step and the file, e.g.
 * "cache: fsync of /var/cache/roomboard/schedule.json.tmp failed: No space
 * left on device". On a failure before the rename the temporary file is
 * removed and the target is left as it was. */
#ifndef ROOMBOARD_DURABLE_H
#define ROOMBOARD_DURABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

/* Writes LEN bytes to TMP (created or truncated) and makes them durable; TMP
 * is not renamed yet, so a caller can commit other files before the rename
 * (the cache writes its metadata between the two). */
bool durable_write(const char *who, const char *tmp, const void *data, size_t len, struct err *err);

/* Renames TMP over PATH and fsyncs DIR (PATH's directory). *replaced (may be
 * NULL) says whether PATH now holds the new content: true when only the
 * directory fsync failed (false is returned then: the rename may not survive
 * a power cut). A failed rename removes TMP. */
bool durable_rename(const char *who, const char *tmp, const char *path, const char *dir,
                    bool *replaced, struct err *err);

/* fsync of a directory, so that renames in it are durable. */
bool durable_sync_dir(const char *who, const char *dir, struct err *err);

/* The whole sequence for one file: a uniquely named temporary file beside
 * PATH ("PATH.tmp.XXXXXX", mode 0666 less the umask, so a served file stays
 * world-readable), durable_write's steps, then durable_rename. */
bool durable_replace(const char *who, const char *path, const void *data, size_t len,
                     bool *replaced, struct err *err);

#endif
