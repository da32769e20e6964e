/* The now/next engine: every status, overlaps, zero-length sessions,
 * midnight, DST, cancelled sessions, empty rooms, and the change instants. */
#include "board.h"
#include "testutil.h"

static struct sched *quirks, *lyon;

static int setup(void **state)
{
    (void)state;
    quirks = load_fixture("quirks.json", false);
    lyon = load_fixture("lyon-track2.json", false);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sched_free(quirks);
    sched_free(lyon);
    return 0;
}

static struct board_state at(struct sched *s, const char *room, const char *when)
{
    struct board_state st;
    int r = sched_find_room(s, room);

    assert_true(r >= 0);
    board_room(s, (size_t)r, iso(when), &st);
    return st;
}

static void expect(struct board_state st, enum board_status status, const char *now,
                   const char *next)
{
    assert_string_equal(board_status_name(st.status), board_status_name(status));
    if (now) {
        assert_non_null(st.now);
        assert_string_equal(st.now->guid, now);
    } else {
        assert_null(st.now);
    }
    if (next) {
        assert_non_null(st.next);
        assert_string_equal(st.next->guid, next);
    } else {
        assert_null(st.next);
    }
}

static void test_before_and_after_event(void **state)
{
    (void)state;
    expect(at(quirks, "Main Hall", "2026-10-24T09:00:00+02:00"), BOARD_BEFORE_EVENT, NULL, "q-01");
    expect(at(quirks, "Main Hall", "2026-10-27T09:00:00+01:00"), BOARD_AFTER_EVENT, NULL, NULL);
    expect(at(lyon, "Forum 3", "2019-11-01T10:00:00+01:00"), BOARD_AFTER_EVENT, NULL, NULL);
}

static void test_in_session_progress(void **state)
{
    struct board_state st = at(quirks, "Main Hall", "2026-10-24T10:30:00+02:00");

    (void)state;
    expect(st, BOARD_IN_SESSION, "q-01", "q-02");
    assert_true(st.progress > 0.499 && st.progress < 0.501);
    st = at(lyon, "Forum 3", "2019-10-31T11:10:00+01:00");
    expect(st, BOARD_IN_SESSION, "lyon-001", "lyon-002");
    assert_true(st.progress > 0.33 && st.progress < 0.34);
}

static void test_zero_length(void **state)
{
    (void)state;
    /* "Doors close" (11:00, zero length) is next until 11:00, never now */
    expect(at(quirks, "Main Hall", "2026-10-24T10:59:59+02:00"), BOARD_IN_SESSION, "q-01", "q-02");
    expect(at(quirks, "Main Hall", "2026-10-24T11:00:00+02:00"), BOARD_BETWEEN, NULL, "q-03");
}

static void test_overlap(void **state)
{
    struct board_state st;

    (void)state;
    /* a talk inside a longer block wins while it runs */
    expect(at(quirks, "Main Hall", "2026-10-24T12:10:00+02:00"), BOARD_IN_SESSION, "q-04", "q-05");
    st = at(quirks, "Main Hall", "2026-10-24T13:00:00+02:00");
    expect(st, BOARD_IN_SESSION, "q-03", "q-05");
    assert_true(st.progress > 0.499 && st.progress < 0.501);
    /* same start: the one that ends first */
    expect(at(quirks, "Main Hall", "2026-10-25T01:45:00+02:00"), BOARD_IN_SESSION, "q-06", "q-10");
}

static void test_between_and_midnight(void **state)
{
    (void)state;
    expect(at(quirks, "Main Hall", "2026-10-24T15:00:00+02:00"), BOARD_BETWEEN, NULL, "q-05");
    /* crossing midnight: still day 1 */
    struct board_state st = at(quirks, "Main Hall", "2026-10-25T00:10:00+02:00");
    expect(st, BOARD_IN_SESSION, "q-05", "q-06");
    assert_int_equal(st.day, 0);
    /* lunch gap in Lyon */
    expect(at(lyon, "Forum 3", "2019-10-31T12:40:00+01:00"), BOARD_BETWEEN, NULL, "lyon-004");
}

static void test_dst_night(void **state)
{
    struct board_state st;

    (void)state;
    /* 02:15 CET, after the clocks went back: the 2 h session runs to 02:30 CET */
    st = at(quirks, "Main Hall", "2026-10-25T02:15:00+01:00");
    expect(st, BOARD_IN_SESSION, "q-09", "q-10");
    assert_true(st.progress > 0.874 && st.progress < 0.876);
    /* 03:00 CET is still conference day 1 (day 2 starts 04:00): done for today */
    expect(at(quirks, "Main Hall", "2026-10-25T03:00:00+01:00"), BOARD_DONE_TODAY, NULL, "q-10");
    expect(at(quirks, "Main Hall", "2026-10-25T05:00:00+01:00"), BOARD_BETWEEN, NULL, "q-10");
}

static void test_done_for_today(void **state)
{
    (void)state;
    expect(at(lyon, "Forum 3", "2019-10-31T16:30:00+01:00"), BOARD_DONE_TODAY, NULL, "lyon-008");
    /* nothing more in this room while the event goes on */
    expect(at(quirks, "Side Room", "2026-10-25T12:00:00+01:00"), BOARD_DONE_TODAY, NULL, NULL);
}

static void test_cancelled_and_empty(void **state)
{
    struct board_state st;

    (void)state;
    /* the replacement is shown, not the cancelled talk at the same time */
    expect(at(quirks, "Side Room", "2026-10-24T10:10:00+02:00"), BOARD_IN_SESSION, "q-08", NULL);
    st = at(quirks, "Empty Room", "2026-10-24T10:10:00+02:00");
    assert_null(st.now);
    assert_null(st.next);
    assert_int_equal(st.status, BOARD_DONE_TODAY);
    board_room(quirks, 99, iso("2026-10-24T10:10:00+02:00"), &st); /* out of range */
    assert_null(st.now);
}

static void test_later_and_next_change(void **state)
{
    const struct sched_session *rest[8];
    size_t n;
    int64_t t = iso("2019-10-31T11:10:00+01:00");

    (void)state;
    n = board_later(lyon, 0, t, rest, 8);
    assert_int_equal(n, 5); /* after "next" (11:30): 12:00, 13:45, 14:15, 14:45, 15:45 */
    assert_string_equal(rest[0]->guid, "lyon-003");
    assert_string_equal(rest[4]->guid, "lyon-007");
    assert_int_equal(board_later(lyon, 0, t, rest, 2), 2);
    assert_int_equal(board_next_change(lyon, 0, t), iso("2019-10-31T11:30:00+01:00"));
    /* inside the block with a talk running: the talk's end comes first */
    assert_int_equal(board_next_change(quirks, 0, iso("2026-10-24T12:10:00+02:00")),
                     iso("2026-10-24T12:30:00+02:00"));
    /* after the last session: the next day's start still changes the status */
    assert_int_equal(board_next_change(lyon, 0, iso("2019-10-31T16:30:00+01:00")),
                     iso("2019-11-01T04:00:00+01:00"));
}

static void test_lookup_is_not_a_scan(void **state)
{
    struct sched *s = NULL;
    struct err err = {{0}};
    struct sched_session_in in = {.room = "Big", .title = "Talk"};
    struct board_state st;
    int64_t t0 = iso("2030-01-01T08:00:00Z");

    (void)state;
    assert_true(sched_new("Big", "big", "UTC", &s, &err));
    for (int i = 0; i < 20000; i++) {
        in.start = t0 + (int64_t)i * 600;
        in.end = in.start + 500;
        assert_true(sched_add_session(s, &in, &err));
    }
    assert_true(sched_finish(s, &err));
    /* exact answers anywhere in a big room */
    board_room(s, 0, t0 + 12345 * 600 + 10, &st);
    assert_int_equal(st.now->start, t0 + 12345 * 600);
    assert_int_equal(st.next->start, t0 + 12346 * 600);
    board_room(s, 0, t0 + 12345 * 600 + 550, &st);
    assert_null(st.now);
    assert_int_equal(st.next->start, t0 + 12346 * 600);
    sched_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_before_and_after_event),
        cmocka_unit_test(test_in_session_progress),
        cmocka_unit_test(test_zero_length),
        cmocka_unit_test(test_overlap),
        cmocka_unit_test(test_between_and_midnight),
        cmocka_unit_test(test_dst_night),
        cmocka_unit_test(test_done_for_today),
        cmocka_unit_test(test_cancelled_and_empty),
        cmocka_unit_test(test_later_and_next_change),
        cmocka_unit_test(test_lookup_is_not_a_scan),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
