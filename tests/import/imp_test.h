/* Helpers shared by the importer tests: fixture loading and lookups. */
#ifndef ROOMBOARD_IMP_TEST_H
#define ROOMBOARD_IMP_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "imp.h"

/* Reads $ENVVAR/rel (RB_TEST_DATA or RB_SHARED) into a new buffer. */
char *fixture(const char *envvar, const char *rel, size_t *len);

/* The session titled TITLE (exactly one must exist). */
const struct sched_session *by_title(const struct sched *s, const char *title);

const char *room_of(const struct sched *s, const struct sched_session *x);

/* Asserts the speakers of X are exactly the NULL-terminated list. */
void assert_speakers(const struct sched_session *x, ...);

/* Runs a reader on a fixture and expects success. */
struct sched *import_ok(enum imp_format f, const char *envvar, const char *rel, const char *tzname,
                        struct imp_info *info);

/* Runs a reader on a fixture, expects failure with *out untouched, and
 * leaves the message in err. */
void import_fails(enum imp_format f, const char *rel, const char *tzname, struct err *err);

#endif
