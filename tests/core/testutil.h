/* Shared helpers for the core tests: fixture paths and instants. */
#ifndef ROOMBOARD_TESTUTIL_H
#define ROOMBOARD_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "read.h"
#include "sched.h"
#include "tz.h"

/* $RB_TEST_DATA/core/NAME (or $RB_SHARED/NAME when shared is true). */
static inline const char *fixture(const char *name, bool shared)
{
    static char buf[1024];
    const char *dir = getenv(shared ? "RB_SHARED" : "RB_TEST_DATA");

    assert_non_null(dir);
    snprintf(buf, sizeof(buf), shared ? "%s/%s" : "%s/core/%s", dir, name);
    return buf;
}

static inline struct sched *load_fixture(const char *name, bool shared)
{
    struct sched *s = NULL;
    struct err err = {{0}};

    if (!read_path(fixture(name, shared), 0, NULL, &s, NULL, &err))
        fail_msg("loading %s: %s", name, err.msg);
    return s;
}

static inline int64_t iso(const char *s)
{
    int64_t t = 0;
    struct err err;

    if (!tz_parse_iso8601(s, &t, NULL, &err))
        fail_msg("%s", err.msg);
    return t;
}

#endif
