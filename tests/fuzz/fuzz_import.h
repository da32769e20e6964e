/* The body of the importer's fuzz target (roomboard-import's glue to the
 * door, imp_read()).
 *
 * Any input: the reader must refuse it with a message and leave *out alone,
 * or build a schedule whose sessions all sit in a real room with
 * start <= end, which writes out as JSON that loads again with the same
 * number of sessions (what roomboard-import checks before it writes). The
 * first byte's low bit also tries the --timezone path. */
#ifndef ROOMBOARD_FUZZ_IMPORT_H
#define ROOMBOARD_FUZZ_IMPORT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imp.h"
#include "read.h"

static void fuzz_import_fail(const char *name, const char *what)
{
    fprintf(stderr, "%s: %s\n", name, what);
    abort();
}

static int fuzz_import_one(const char *name, enum imp_format format, const uint8_t *data,
                           size_t size)
{
    struct imp_opts opts = {0};
    struct imp_info info = {0};
    struct sched *s = (struct sched *)&opts, *again = NULL;
    struct err err = {{0}};
    char *json;

    if (size > 256 * 1024)
        return 0;
    if (size > 0 && (data[0] & 1))
        opts.tzname = "Europe/Berlin";
    if (!imp_read(format, (const char *)data, size, &opts, &s, &info, &err)) {
        if (s != (struct sched *)&opts)
            fuzz_import_fail(name, "a refused input changed *out");
        if (!err.msg[0])
            fuzz_import_fail(name, "a refused input left no message");
        return 0;
    }
    if (s->nsessions == 0)
        fuzz_import_fail(name, "an accepted input has no sessions");
    for (size_t i = 0; i < s->nsessions; i++) {
        if (s->sessions[i].room >= s->nrooms)
            fuzz_import_fail(name, "a session's room index is out of range");
        if (s->sessions[i].end < s->sessions[i].start)
            fuzz_import_fail(name, "a session ends before it starts");
    }
    json = sched_to_json(s);
    if (!json)
        fuzz_import_fail(name, "sched_to_json returned NULL");
    if (!read_bytes(json, strlen(json), NULL, &again, NULL, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        fuzz_import_fail(name, "the written schedule does not load back");
    }
    if (again->nsessions != s->nsessions)
        fuzz_import_fail(name, "the written schedule lost or gained sessions");
    sched_free(again);
    free(json);
    sched_free(s);
    return 0;
}

#endif
