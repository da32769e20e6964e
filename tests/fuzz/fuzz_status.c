/* fuzz_status — the door status feed reader (status_load), its writer and
 * the binding to a schedule's rooms.
 *
 * Any input: status_load() must refuse it with a message and leave *out
 * alone, or build a status. A status it builds must bind to a schedule at
 * any instant (every room answered, the unknown-room list bounded), and
 * must write out as JSON that loads again with the same rooms. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sched.h"
#include "status.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
    fprintf(stderr, "fuzz_status: %s\n", what);
    abort();
}

/* A two-room schedule, built once. */
static struct sched *schedule(void)
{
    static struct sched *s;
    struct sched_session_in in = {
        .guid = "g1", .title = "Talk", .room = "Main Hall", .start = 1700000000, .end = 1700003600};

    if (s)
        return s;
    if (!sched_new("Fuzz", "fz", "UTC", &s, NULL) ||
        !sched_add_room(s, "Main Hall", "mh", NULL, NULL) ||
        !sched_add_room(s, "Side Room", NULL, NULL, NULL) || !sched_add_session(s, &in, NULL) ||
        !sched_finish(s, NULL))
        die("cannot build the schedule");
    return s;
}

static void check_bind(const struct status *st)
{
    const struct sched *s = schedule();
    struct status_view v[2];
    char unknown[128];
    int64_t at[] = {INT64_MIN, 0, 1700000000, INT64_MAX};

    for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
        size_t n = status_bind(st, s, at[i], v, unknown, sizeof(unknown));
        if (n > st->nrooms || strlen(unknown) >= sizeof(unknown))
            die("status_bind: unknown rooms out of bounds");
        for (int r = 0; r < 2; r++)
            if (v[r].delay_min < 0 || v[r].delay_min > STATUS_MAX_DELAY)
                die("status_bind: delay out of range");
        for (int r = -1; r < 2; r++) {
            const struct status_emergency *e = status_emergency_at(st, s, r, at[i]);
            if (e && (!e->text || !*e->text))
                die("an emergency without text");
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct status *st = NULL, *again = NULL;
    struct err err = {{0}};
    char *json;

    if (!status_load((const char *)data, size, &st, &err)) {
        if (st != NULL || err.msg[0] == '\0')
            die("a refused load must say why and leave *out alone");
        return 0;
    }
    check_bind(st);
    json = status_to_json(st);
    if (json) {
        if (!status_load(json, strlen(json), &again, &err)) {
            fprintf(stderr, "fuzz_status: own output does not load again: %s\n", err.msg);
            abort();
        }
        if (again->nrooms != st->nrooms || again->nannounces != st->nannounces ||
            !again->emergency.text != !st->emergency.text)
            die("round trip changed the document");
        status_free(again);
        free(json);
    }
    status_free(st);
    return 0;
}
