/* Shared by the door tests: the fixtures under tests/data/door. */
#ifndef ROOMBOARD_DOORTEST_H
#define ROOMBOARD_DOORTEST_H

#include "testutil.h"

/* $RB_TEST_DATA/door/NAME read through the reader door; fails the test
 * when it does not load. */
static inline struct sched *door_fixture(const char *name)
{
    char path[1024];
    struct sched *s = NULL;
    struct err err = {{0}};

    snprintf(path, sizeof(path), "%s/door/%s", getenv("RB_TEST_DATA"), name);
    if (!read_path(path, 0, NULL, &s, NULL, &err))
        fail_msg("%s", err.msg);
    return s;
}

#endif
