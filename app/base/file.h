/* file — the one capped file reader every layer uses.
 *
 * Opens without blocking (a FIFO or a device planted at a schedule, cache,
 * config or font path must not hang start-up before the watchdog's READY),
 * refuses anything that is not a regular file, and refuses files over a cap
 * set by the caller before a byte is read, so no caller sees half a file. */
#ifndef ROOMBOARD_FILE_H
#define ROOMBOARD_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "err.h"

/* Reads the whole regular file PATH of at most MAX bytes into a new
 * NUL-terminated buffer (*out, free with free(); *len excludes the NUL).
 * WHAT names the caller in the message ("cache", "config", "schedule").
 * On failure *out is untouched, the error names the step and the file, and
 * *errno_out (may be NULL) gets the errno of a failed open (ENOENT: nothing
 * there), else 0. ST (may be NULL) gets the file's stat. */
RB_MUST_CHECK bool file_read(const char *what, const char *path, size_t max, char **out,
                             size_t *len, struct stat *st, int *errno_out, struct err *err);

#endif
