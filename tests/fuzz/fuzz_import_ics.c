/* fuzz_import_ics — the importer's reader for an iCalendar file.
 *
 * Any input: imp_ics_read() must refuse it with a message and leave *out
 * alone, or build a schedule whose sessions all sit in a real room with
 * start <= end, which writes out as JSON that loads again with the same
 * number of sessions (what roomboard-import checks before it writes). The
 * first byte's low bit also tries the --timezone path. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imp_ics.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what)
{
    fprintf(stderr, "fuzz_import_ics: %s\n", what);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
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
    if (!imp_ics_read((const char *)data, size, &opts, &s, &info, &err)) {
        if (s != (struct sched *)&opts)
            fail("a refused input changed *out");
        if (!err.msg[0])
            fail("a refused input left no message");
        return 0;
    }
    if (s->nsessions == 0)
        fail("an accepted input has no sessions");
    for (size_t i = 0; i < s->nsessions; i++) {
        if (s->sessions[i].room >= s->nrooms)
            fail("a session's room index is out of range");
        if (s->sessions[i].end < s->sessions[i].start)
            fail("a session ends before it starts");
    }
    json = sched_to_json(s);
    if (!json)
        fail("sched_to_json returned NULL");
    if (!sched_load(json, strlen(json), &again, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        fail("the written schedule does not load back");
    }
    if (again->nsessions != s->nsessions)
        fail("the written schedule lost or gained sessions");
    sched_free(again);
    free(json);
    sched_free(s);
    return 0;
}
