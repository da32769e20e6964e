/* logfile — reads an access log line by line, plain or gzip (rotated
 * access.log.2.gz), in a fixed buffer: memory does not grow with the file.
 * zlib's gzread reads both (a plain file passes through). */
#ifndef ROOMBOARD_LOGFILE_H
#define ROOMBOARD_LOGFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

#define LOGFILE_MAX_LINE (16 * 1024) /* longer lines are skipped as bad */

struct logfile;

/* Opens PATH ("-": standard input), a regular file or a pipe. With follow,
 * the end of the file is not final: a partial last line is held back and
 * logfile_next() can be called again later for lines appended since
 * (--watch). Free with logfile_close(). */
RB_MUST_CHECK bool logfile_open(const char *path, bool follow, struct logfile **out,
                                struct err *err);

enum logfile_result { LOGFILE_LINE, LOGFILE_LONG, LOGFILE_END, LOGFILE_ERROR };

/* The next line (no newline, no CR): *line and *len stay valid until the
 * next call. LOGFILE_LONG: a line longer than LOGFILE_MAX_LINE was skipped.
 * LOGFILE_ERROR: a read or gzip error, named in *err (what was read before
 * stays good). */
enum logfile_result logfile_next(struct logfile *lf, const char **line, size_t *len,
                                 struct err *err);

void logfile_close(struct logfile *lf); /* accepts NULL */

#endif
