/* fuzz_sched — the schedule.json reader, the writer and the engine.
 *
 * Any input: sched_load() must either refuse it with a message or build a
 * schedule. A schedule it builds must survive every lookup the screen makes
 * (board_room at instants around every day and session edge) with answers
 * that keep the engine's contract (board.h), and must write out as JSON
 * that loads again with the same number of sessions. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "read.h"
#include "sched.h"
#include "state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const struct sched *s, size_t room, int64_t t)
{
    fprintf(stderr, "fuzz_sched: %s (room %zu of %zu, t=%lld)\n", what, room, s->nrooms,
            (long long)t);
    abort();
}

static void check_room(const struct sched *s, size_t room, int64_t t)
{
    struct board_state st;
    board_room(s, room, t, &st);
    if (st.now) {
        if (!(st.now->start <= t && t < st.now->end))
            fail("now is not running at t", s, room, t);
        if (st.now->room != room)
            fail("now is in another room", s, room, t);
        if (!(st.progress >= 0.0 && st.progress <= 1.0))
            fail("progress outside 0..1", s, room, t);
    }
    if (st.next) {
        if (!(st.next->start > t))
            fail("next does not start after t", s, room, t);
        if (st.next->room != room)
            fail("next is in another room", s, room, t);
    }
    if (st.status == BOARD_IN_SESSION && !st.now)
        fail("in-session without a session", s, room, t);
    if (board_status_name(st.status) == NULL)
        fail("status without a name", s, room, t);

    int64_t change = board_next_change(s, room, t);
    if (change <= t)
        fail("next change is not after t", s, room, t);

    const struct sched_session *later[8];
    size_t n = board_later(s, room, t, later, 8);
    if (n > 8)
        fail("board_later wrote past max", s, room, t);
    (void)board_day_of(s, t);
}

/* t + d without overflow: instants near the int64 edges are the fuzzer's
 * to find in the reader, not in this harness. */
static int64_t shift(int64_t t, int64_t d)
{
    if (d > 0 && t > INT64_MAX - d)
        return INT64_MAX - 1;
    if (d < 0 && t < INT64_MIN - d)
        return INT64_MIN + 1;
    return t + d;
}

static void check_engine(const struct sched *s)
{
    /* Bounded work per input: a few rooms, a few instants each. */
    size_t rooms = s->nrooms < 8 ? s->nrooms : 8;
    for (size_t r = 0; r < rooms; r++) {
        const struct sched_room *rm = &s->rooms[r];
        size_t step = rm->nsessions / 8 + 1;
        for (size_t i = 0; i < rm->nsessions; i += step) {
            const struct sched_session *ss = rm->sessions[i];
            check_room(s, r, shift(ss->start, -1));
            check_room(s, r, ss->start);
            check_room(s, r, ss->start / 2 + ss->end / 2);
            check_room(s, r, ss->end);
        }
        check_room(s, r, shift(s->first_start, -86400));
        check_room(s, r, shift(s->last_end, 86400));
    }
    for (size_t d = 0; d < s->ndays && d < 8; d++)
        (void)board_day_of(s, s->days[d].start);

    /* live's answer and its JSON, for two rooms by name, and waiting */
    const char *names[2] = {s->nrooms ? s->rooms[0].name : "",
                            s->nrooms ? s->rooms[s->nrooms - 1].name : ""};
    struct live_opts opts = {names, s->nrooms ? 2 : 0, 9 * 60, 18 * 60, 0, 0};
    struct live_in in = {.sched = s, .now = s->first_start, .opts = &opts, .overview_pages = 2};
    struct live l;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1)
            in.clock = LIVE_CLOCK_WAITING;
        if (live_compute(&in, &l, NULL)) {
            free(state_json(&l));
            live_clear(&l);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sched *s = NULL;
    struct err err = {{0}};
    if (!read_bytes((const char *)data, size, NULL, &s, NULL, &err)) {
        if (s != NULL || err.msg[0] == '\0') {
            fprintf(stderr, "fuzz_sched: a refused load must say why and leave *out alone\n");
            abort();
        }
        return 0;
    }
    check_engine(s);

    char *json = sched_to_json(s);
    if (json) {
        struct sched *again = NULL;
        if (read_bytes(json, strlen(json), NULL, &again, NULL, &err)) {
            if (again->nsessions != s->nsessions) {
                fprintf(stderr, "fuzz_sched: round trip turned %zu sessions into %zu\n",
                        s->nsessions, again->nsessions);
                abort();
            }
            sched_free(again);
        } else {
            /* What the importers publish and the screens then load: a
             * schedule we accepted must survive its own writer. */
            fprintf(stderr, "fuzz_sched: own output does not load again: %s\n", err.msg);
            abort();
        }
        free(json);
    }
    sched_free(s);
    return 0;
}
