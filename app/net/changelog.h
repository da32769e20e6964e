/* changelog — the list of schedule changes (changes.h) kept in the cache
 * directory as changes.json, written durably (durable.h), so badges and
 * "moved to ..." notes survive a restart or a power cut. */
#ifndef ROOMBOARD_CHANGELOG_H
#define ROOMBOARD_CHANGELOG_H

#include <stdbool.h>

#include "changes.h"
#include "err.h"

#define CHANGELOG_FILE    "changes.json"
#define CHANGELOG_MAX_LEN (16 * 1024 * 1024)

/* Reads DIR/changes.json into LIST (cleared first). No file yet is not an
 * error (LIST stays empty); an unreadable or corrupt one is (one line, LIST
 * empty), and the caller carries on without history. */
RB_MUST_CHECK bool changelog_load(const char *dir, struct changes *list, struct err *err);

/* Replaces DIR/changes.json with LIST, durably (temporary file, fsync,
 * rename, fsync of DIR). On failure the previous file is left as it was. */
RB_MUST_CHECK bool changelog_save(const char *dir, const struct changes *list, struct err *err);

#endif
