/* fuzz_read.h — the one body of the per-format reader targets
 * (fuzz_read_xml, fuzz_read_v2_json, fuzz_read_ics, fuzz_read_sched).
 *
 * Any input: read_bytes() must refuse it with one line or build a schedule
 * whose sessions lie in their rooms, sorted, with end >= start, and which
 * writes out as JSON that the door reads back with as many sessions. */
#ifndef ROOMBOARD_FUZZ_READ_H
#define ROOMBOARD_FUZZ_READ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read.h"
#include "sched.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_read_check(const char *name, const struct sched *s)
{
    for (size_t i = 0; i < s->nsessions; i++) {
        const struct sched_session *x = &s->sessions[i];
        if (x->end < x->start || x->room >= s->nrooms || !x->title[0])
            abort();
        if (i && s->sessions[i - 1].start > x->start)
            abort();
    }
    char *json = sched_to_json(s);
    struct sched *again = NULL;
    struct err err = {{0}};
    if (!json)
        return; /* out of memory is allowed */
    if (!read_bytes(json, strlen(json), NULL, &again, NULL, &err)) {
        fprintf(stderr, "%s: own output refused: %s\n", name, err.msg);
        abort();
    }
    if (again->nsessions != s->nsessions)
        abort();
    sched_free(again);
    free(json);
}

/* Reads DATA as FORMAT with the venue zone TZ (NULL: none) and checks the
 * answer; NAME is the target's name. */
static inline int fuzz_read_one_tz(const char *name, enum read_format format, const char *tz,
                                   const uint8_t *data, size_t size)
{
    struct read_opts o = {.format = format, .tzname = tz};
    struct sched *s = NULL;
    struct err err = {{0}};

    if (!read_bytes((const char *)data, size, &o, &s, NULL, &err)) {
        if (!err.msg[0] || strchr(err.msg, '\n'))
            abort(); /* one line, always */
        return 0;
    }
    fuzz_read_check(name, s);
    sched_free(s);
    return 0;
}

/* fuzz_read_one_tz() with the venue zone set, so zone-less inputs get past
 * the zone rule. */
static inline int fuzz_read_one(const char *name, enum read_format format, const uint8_t *data,
                                size_t size)
{
    return fuzz_read_one_tz(name, format, "Europe/Brussels", data, size);
}

#endif
