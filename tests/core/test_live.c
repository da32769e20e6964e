/* live: when the answer changes (the loop sleeps until then), the "clock
 * not set" fallback, the clock's trust, room resolution and the cycle,
 * active hours, announcements per room, "free until" past a cancelled
 * talk, the one definition of a remote source. A schedule is built in
 * memory. */
#include "testutil.h"

#include "clock.h"
#include "live.h"
#include "oneday.h"

static void add(struct sched *s, const char *room, const char *title, int64_t start, int64_t end,
                bool cancelled)
{
    struct sched_session_in in = {0};
    struct err err = {{0}};
    in.title = title;
    in.room = room;
    in.start = start;
    in.end = end;
    in.cancelled = cancelled;
    assert_true(sched_add_session(s, &in, &err));
}

static void answer(struct live *l, const struct sched *s, const struct live_opts *o, int64_t now,
                   enum live_clock clock, size_t pos)
{
    struct live_in in = {.sched = s, .now = now, .clock = clock, .opts = o, .cycle_pos = pos};
    struct err err = {{0}};
    in.overview_pages = 3;
    assert_true(live_compute(&in, l, &err));
}

static void test_next_change(void **state)
{
    (void)state;
    struct sched *s = oneday(2, true);
    const char *one[] = {"Room 01"};
    struct live_opts room = {one, 1, -1, -1, 0, 0};
    struct live l;
    /* mid-talk: the next whole minute (clock, "ends in") */
    answer(&l, s, &room, T(10, 5, 30), LIVE_CLOCK_OK, 0);
    assert_int_equal(l.next_change, T(10, 6, 0));
    live_clear(&l);
    /* the announcement appears at 10:20:10, before the next minute */
    answer(&l, s, &room, T(10, 20, 0), LIVE_CLOCK_OK, 0);
    assert_int_equal(l.next_change, T(10, 20, 10));
    live_clear(&l);
    /* and goes at 10:50:00 */
    answer(&l, s, &room, T(10, 49, 0), LIVE_CLOCK_OK, 0);
    assert_int_equal(l.next_change, T(10, 50, 0));
    live_clear(&l);
    /* overview: the same rules over every room */
    answer(&l, s, NULL, T(10, 44, 59), LIVE_CLOCK_OK, 0);
    assert_int_equal(l.next_change, T(10, 45, 0));
    live_clear(&l);
    /* always strictly later */
    for (int64_t t = T(8, 0, 0); t < T(18, 0, 0); t += 37) {
        answer(&l, s, &room, t, LIVE_CLOCK_OK, 0);
        assert_true(l.next_change > t && l.next_change <= t + 60);
        live_clear(&l);
    }
    sched_free(s);
}

/* One answer for "clock not set": a second before the first day, so the
 * first talk is NEXT, never NOW; no clock, no "ends in". */
static void test_waiting(void **state)
{
    (void)state;
    struct sched *s = oneday(1, false);
    struct live l;
    int64_t first = s->ndays ? s->days[0].start : s->first_start;
    assert_int_equal(live_waiting_instant(s), first - 1);
    assert_int_equal(live_waiting_instant(NULL), 0);
    answer(&l, s, NULL, 12345, LIVE_CLOCK_WAITING, 0);
    assert_int_equal(l.at, first - 1);
    assert_false(l.time_known);
    assert_string_equal(l.clock_name, "waiting");
    assert_string_equal(l.clock_hm, "");
    assert_false(l.rooms[0].has_now);
    assert_true(l.rooms[0].has_next);
    assert_string_equal(l.rooms[0].next.s->title, "Talk 9 in Room 01");
    assert_int_equal(l.rooms[0].status, BOARD_BEFORE_EVENT);
    live_clear(&l);
    /* a schedule whose first day starts with its first talk (no days
     * given): still NEXT, not NOW */
    struct sched *t = NULL;
    struct err err = {{0}};
    assert_true(sched_new("T", "t", "UTC", &t, &err));
    add(t, "A", "First", 1800000000, 1800003600, false);
    assert_true(sched_finish(t, &err));
    answer(&l, t, NULL, 0, LIVE_CLOCK_WAITING, 0);
    assert_false(l.rooms[0].has_now);
    assert_string_equal(l.rooms[0].next.s->title, "First");
    live_clear(&l);
    sched_free(t);
    sched_free(s);
}

static void test_pick_clock(void **state)
{
    (void)state;
    int64_t now = -1;
    int64_t good = 1792800000; /* 2026 */
    assert_int_equal(live_pick_clock(good * 1000 + 999, -1, 0, &now), LIVE_CLOCK_OK);
    assert_int_equal(now, good);
    /* 1970 with a server date 5 s old */
    assert_int_equal(live_pick_clock(5000, good, 5500, &now), LIVE_CLOCK_SERVER);
    assert_int_equal(now, good + 5);
    /* 1970, no server date, or an implausible one */
    assert_int_equal(live_pick_clock(5000, -1, 0, &now), LIVE_CLOCK_WAITING);
    assert_int_equal(live_pick_clock(5000, 1000, 0, &now), LIVE_CLOCK_WAITING);
}

static void test_rooms_and_cycle(void **state)
{
    (void)state;
    struct sched *s = oneday(3, false);
    const char *names[] = {"room 03", "Atlantis", "Room 01", "Nowhere"};
    struct live_opts o = {names, 4, -1, -1, 5, 0};
    struct live l;
    /* configured order, case-insensitive; the missing ones are named */
    answer(&l, s, &o, T(9, 10, 0), LIVE_CLOCK_OK, 3);
    assert_int_equal(l.nrooms, 2);
    assert_string_equal(l.rooms[0].name, "Room 03");
    assert_string_equal(l.rooms[1].name, "Room 01");
    assert_string_equal(l.missing, "Atlantis\", \"Nowhere");
    assert_string_equal(l.first_missing, "Atlantis");
    assert_false(l.overview);
    assert_int_equal(l.cycle_len, 2);
    assert_int_equal(l.shown, 1); /* 3 % 2 */
    assert_int_equal(l.cycle_s, 5);
    live_clear(&l);
    /* none found: the overview of every room, paged */
    o.rooms = names + 1;
    o.nrooms = 1;
    answer(&l, s, &o, T(9, 10, 0), LIVE_CLOCK_OK, 4);
    assert_true(l.overview);
    assert_int_equal(l.nrooms, 3);
    assert_int_equal(l.shown, -1);
    assert_int_equal(l.cycle_len, 3);
    assert_int_equal(l.page, 1);
    assert_int_equal(l.cycle_s, 10); /* a page stays at least 10 s (cycle_s 5) */
    live_clear(&l);
    /* no options: every room, 12 s */
    answer(&l, s, NULL, T(9, 10, 0), LIVE_CLOCK_OK, 0);
    assert_int_equal(l.cycle_s, 12);
    assert_string_equal(l.missing, "");
    assert_null(l.first_missing);
    live_clear(&l);
    sched_free(s);
}

/* Patterns: a lobby of the rooms they match, in the schedule's order,
 * whatever the configured order; pages at page_s (at least 10 s). */
static void test_room_patterns(void **state)
{
    (void)state;
    struct sched *s = NULL;
    struct err err = {{0}};
    assert_true(sched_new("Test", "t", "Europe/Berlin", &s, &err));
    const char *rooms[] = {"K.1.105", "H.2213", "H.1302", "K.3.401", "Janson", "h.1308"};
    for (size_t r = 0; r < 6; r++) {
        struct sched_session_in in = {0};
        in.title = "Talk";
        in.room = rooms[r];
        in.start = T(10, 0, 0);
        in.end = T(10, 30, 0);
        in.track = r == 1 ? "Virtualization" : NULL;
        assert_true(sched_add_session(s, &in, &err));
        if (r == 1) { /* a second talk of the same devroom, and a break */
            in.start = T(11, 0, 0);
            in.end = T(11, 30, 0);
            assert_true(sched_add_session(s, &in, &err));
            in.track = NULL;
            in.title = "Break";
            in.start = T(12, 0, 0);
            in.end = T(12, 30, 0);
            assert_true(sched_add_session(s, &in, &err));
        }
        if (r == 3) { /* two tracks: no room track */
            in.track = "A";
            in.start = T(11, 0, 0);
            in.end = T(11, 30, 0);
            assert_true(sched_add_session(s, &in, &err));
            in.track = "B";
            in.start = T(12, 0, 0);
            in.end = T(12, 30, 0);
            assert_true(sched_add_session(s, &in, &err));
        }
    }
    assert_true(sched_finish(s, &err));
    assert_true(live_is_pattern("H.*"));
    assert_true(live_is_pattern("K.[13].*"));
    assert_false(live_is_pattern("H.2213"));

    const char *h[] = {"H.*"};
    struct live_opts o = {h, 1, -1, -1, 12, 20};
    struct live l;
    answer(&l, s, &o, T(10, 10, 0), LIVE_CLOCK_OK, 0);
    assert_true(l.overview);
    assert_int_equal(l.shown, -1);
    assert_int_equal(l.nrooms, 3); /* case-insensitive: h.1308 too */
    assert_string_equal(l.rooms[0].name, "H.2213");
    assert_string_equal(l.rooms[1].name, "H.1302");
    assert_string_equal(l.rooms[2].name, "h.1308");
    assert_string_equal(l.rooms[0].track, "Virtualization");
    assert_null(l.rooms[1].track);
    assert_int_equal(l.cycle_s, 20);
    assert_string_equal(l.missing, "");
    live_clear(&l);

    /* Patterns and a name, given out of order and overlapping: each room
     * once, in the schedule's order; a pattern matching nothing is named. */
    const char *mix[] = {"K.3.*", "Janson", "K.*", "X.*"};
    struct live_opts m = {mix, 4, -1, -1, 12, 3};
    answer(&l, s, &m, T(10, 10, 0), LIVE_CLOCK_OK, 0);
    assert_true(l.overview);
    assert_int_equal(l.nrooms, 3);
    assert_string_equal(l.rooms[0].name, "K.1.105");
    assert_string_equal(l.rooms[1].name, "K.3.401");
    assert_string_equal(l.rooms[2].name, "Janson");
    assert_null(l.rooms[1].track); /* tracks A and B */
    assert_string_equal(l.missing, "X.*");
    assert_int_equal(l.cycle_s, 10); /* page_seconds 3: raised to 10 */
    live_clear(&l);

    /* Names only: one room at a time, as before. */
    const char *names[] = {"H.1302", "janson"};
    struct live_opts n = {names, 2, -1, -1, 12, 0};
    answer(&l, s, &n, T(10, 10, 0), LIVE_CLOCK_OK, 1);
    assert_false(l.overview);
    assert_int_equal(l.nrooms, 2);
    assert_int_equal(l.shown, 1);
    assert_int_equal(l.cycle_s, 12);
    live_clear(&l);
    sched_free(s);
}

static void test_active_hours(void **state)
{
    (void)state;
    struct sched *s = oneday(1, false);
    struct live_opts o = {NULL, 0, 8 * 60, 18 * 60 + 30, 0, 0};
    struct live l;
    answer(&l, s, &o, T(7, 59, 30), LIVE_CLOCK_OK, 0);
    assert_false(l.on);
    assert_int_equal(l.switch_at, T(8, 0, 0));
    assert_int_equal(l.next_change, T(8, 0, 0)); /* off: only the switch */
    live_clear(&l);
    answer(&l, s, &o, T(18, 29, 10), LIVE_CLOCK_OK, 0);
    assert_true(l.on);
    assert_int_equal(l.switch_at, T(18, 30, 0));
    live_clear(&l);
    /* across midnight: 22:00-06:00 */
    o.active_from_min = 22 * 60;
    o.active_until_min = 6 * 60;
    answer(&l, s, &o, T(23, 0, 0), LIVE_CLOCK_OK, 0);
    assert_true(l.on);
    assert_int_equal(l.switch_at, T(30, 0, 0));
    live_clear(&l);
    /* unset: always on */
    answer(&l, s, NULL, T(3, 0, 0), LIVE_CLOCK_OK, 0);
    assert_true(l.on);
    assert_true(l.switch_at == INT64_MAX);
    live_clear(&l);
    sched_free(s);
}

static void test_free_until_and_announcements(void **state)
{
    (void)state;
    struct sched *s = NULL;
    struct err err = {{0}};
    assert_true(sched_new("T", "t", "Europe/Berlin", &s, &err));
    add(s, "A", "Morning", T(9, 0, 0), T(10, 0, 0), false);
    add(s, "A", "Dropped", T(11, 0, 0), T(12, 0, 0), true);
    add(s, "A", "Afternoon", T(14, 0, 0), T(15, 0, 0), false);
    add(s, "B", "Other", T(9, 0, 0), T(10, 0, 0), false);
    assert_true(sched_add_announce(s, "For A", "A", T(10, 0, 0), T(13, 0, 0), &err));
    assert_true(sched_add_announce(s, "For all", NULL, T(10, 30, 0), T(11, 0, 0), &err));
    assert_true(sched_finish(s, &err));
    const char *a[] = {"A"};
    struct live_opts o = {a, 1, -1, -1, 0, 0};
    struct live l;
    answer(&l, s, &o, T(10, 30, 0), LIVE_CLOCK_OK, 0);
    const struct live_room *r = &l.rooms[0];
    assert_int_equal(r->status, BOARD_BETWEEN);
    assert_int_equal(r->word, LIVE_WORD_FREE_UNTIL);
    /* a cancelled talk does not end "room free" */
    assert_int_equal(r->free_until, T(14, 0, 0));
    assert_string_equal(r->free_until_hm, "14:00");
    assert_string_equal(r->next.start, "11:00");
    assert_int_equal(r->next.minutes, 30);
    assert_int_equal(r->nann, 2);
    assert_string_equal(r->ann[0], "For A");
    assert_string_equal(r->ann[1], "For all");
    assert_int_equal(l.nann, 2);
    assert_string_equal(l.ann[0].room_name, "A");
    assert_null(l.ann[1].room_name);
    live_clear(&l);
    /* B sees only the one for every room; the overview sees both */
    answer(&l, s, NULL, T(10, 30, 0), LIVE_CLOCK_OK, 0);
    const struct live_room *b = live_find(&l, (size_t)sched_find_room(s, "B"));
    assert_non_null(b);
    assert_int_equal(b->nann, 1);
    assert_string_equal(b->ann[0], "For all");
    live_clear(&l);
    sched_free(s);
}

static void test_is_remote(void **state)
{
    (void)state;
    assert_true(live_is_remote("https://example.org/s.json"));
    assert_true(live_is_remote("http://example.org/s.json"));
    assert_true(live_is_remote("file:///media/usb/s.json"));
    assert_false(live_is_remote("/media/usb/s.json"));
    assert_false(live_is_remote(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_next_change),
        cmocka_unit_test(test_waiting),
        cmocka_unit_test(test_pick_clock),
        cmocka_unit_test(test_rooms_and_cycle),
        cmocka_unit_test(test_room_patterns),
        cmocka_unit_test(test_active_hours),
        cmocka_unit_test(test_free_until_and_announcements),
        cmocka_unit_test(test_is_remote),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
