/* fuzz_read_sched — a sched.com page through the door (read_sched.c), the
 * zone from the page or, for inputs starting with an odd byte, given.
 *
 * Any input: read_bytes() must refuse it with one line or build a schedule
 * whose sessions lie in their rooms, sorted, with end >= start, and which
 * writes out as JSON that the door reads back with as many sessions. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read.h"
#include "sched.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct sched *s)
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
        fprintf(stderr, "fuzz_read_sched: own output refused: %s\n", err.msg);
        abort();
    }
    if (again->nsessions != s->nsessions)
        abort();
    sched_free(again);
    free(json);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct read_opts o = {.format = READ_SCHED};
    struct sched *s = NULL;
    struct err err = {{0}};

    if (size > 0 && (data[0] & 1))
        o.tzname = "Europe/London";
    if (!read_bytes((const char *)data, size, &o, &s, NULL, &err)) {
        if (!err.msg[0] || strchr(err.msg, '\n'))
            abort(); /* one line, always */
        return 0;
    }
    check(s);
    sched_free(s);
    return 0;
}
