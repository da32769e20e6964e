/* err — one-line error messages handed back through out-parameters.
 *
 * Every fallible function takes a `struct err *` (which may be NULL) and, on
 * failure, leaves a sentence there that names the thing and the step, e.g.
 * "schedule: event 'Keynote' has an unreadable duration '1h'". */
#ifndef ROOMBOARD_ERR_H
#define ROOMBOARD_ERR_H

#include <stdbool.h>
#include <stddef.h>

/* On every function whose status must be looked at (a bool or int that says
 * whether it worked): ignoring it is a compile error under -Werror. */
#define RB_MUST_CHECK __attribute__((warn_unused_result))

struct err {
    char msg[512];
};

/* Sets err->msg (printf-style, truncated to fit). Accepts err == NULL.
 * Always returns false, so callers can write `return err_set(err, ...);`. */
bool err_set(struct err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prepends "PREFIX: " to an existing message (e.g. the file name). */
void err_prefix(struct err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* strerror_r into BUF, thread-safe (the fetcher thread and the main thread
 * both report errors); returns BUF. */
const char *err_strerror(int errnum, char *buf, size_t size);

#endif
