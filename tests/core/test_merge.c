/* merge: several sources shown as one schedule (rooms by guid or name,
 * sessions deduplicated by guid with the later source winning, days,
 * tracks and announcements united). */
#include "testutil.h"

#include "board.h"
#include "merge.h"

static const struct sched_session *by_guid(const struct sched *s, const char *guid)
{
    const struct sched_session *hit = NULL;
    for (size_t i = 0; i < s->nsessions; i++) {
        if (strcmp(s->sessions[i].guid, guid) == 0) {
            assert_null(hit); /* every guid appears once */
            hit = &s->sessions[i];
        }
    }
    return hit;
}

static struct sched *merged(const char *a, const char *b)
{
    struct sched *pa = load_fixture(a, false), *pb = b ? load_fixture(b, false) : NULL;
    const struct sched *parts[] = {pa, pb};
    struct sched *out = NULL;
    struct err err = {{0}};

    if (!merge_scheds(parts, b ? 2 : 1, &out, &err))
        fail_msg("merge: %s", err.msg);
    sched_free(pa); /* the union owns copies */
    sched_free(pb);
    return out;
}

static void test_union_of_rooms_and_sessions(void **state)
{
    (void)state;
    struct sched *s = merged("merge-main.json", "merge-sub.json");

    /* The main schedule's event, zone and version. */
    assert_string_equal(s->title, "Merge Congress");
    assert_string_equal(s->version, "main-7");
    assert_string_equal(s->tzname, "Europe/Berlin");
    /* "saal 1" of the workshops is the main schedule's "Saal 1". */
    assert_int_equal(s->nrooms, 3);
    assert_string_equal(s->rooms[0].name, "Saal 1");
    assert_string_equal(s->rooms[1].name, "Saal 2");
    assert_string_equal(s->rooms[2].name, "Workshop Room");
    assert_string_equal(s->rooms[0].guid, "room-saal1");
    /* m-1, m-2, shared-1 (once), w-1, w-2, w-3. */
    assert_int_equal(s->nsessions, 6);
    const struct sched_session *late = by_guid(s, "w-2");
    assert_non_null(late);
    assert_string_equal(s->rooms[late->room].name, "Saal 1");
    assert_int_equal(late->start, iso("2026-12-27T20:00:00+01:00"));
    sched_free(s);
}

static void test_later_source_wins(void **state)
{
    (void)state;
    struct sched *s = merged("merge-main.json", "merge-sub.json");
    const struct sched_session *x = by_guid(s, "shared-1");

    assert_non_null(x);
    assert_string_equal(x->title, "Lightning talks (moved)");
    assert_string_equal(s->rooms[x->room].name, "Workshop Room");
    assert_int_equal(x->start, iso("2026-12-27T15:00:00+01:00"));
    /* Saal 2 lost its only session to the workshop room. */
    assert_int_equal(s->rooms[1].nsessions, 0);
    /* Order reversed: the main schedule wins. */
    struct sched *pa = load_fixture("merge-main.json", false);
    struct sched *pb = load_fixture("merge-sub.json", false);
    const struct sched *rev[] = {pb, pa};
    struct sched *r = NULL;
    struct err err = {{0}};
    assert_true(merge_scheds(rev, 2, &r, &err));
    x = by_guid(r, "shared-1");
    assert_string_equal(x->title, "Lightning talks");
    assert_string_equal(r->rooms[x->room].name, "Saal 2");
    assert_string_equal(r->title, "Workshops"); /* first part's event */
    sched_free(r);
    sched_free(pa);
    sched_free(pb);
    sched_free(s);
}

static void test_engine_on_the_union(void **state)
{
    (void)state;
    struct sched *s = merged("merge-main.json", "merge-sub.json");
    struct board_state st;
    int ws = sched_find_room(s, "Workshop Room");

    assert_true(ws >= 0);
    board_room(s, (size_t)ws, iso("2026-12-27T10:30:00+01:00"), &st);
    assert_int_equal(st.status, BOARD_IN_SESSION);
    assert_string_equal(st.now->title, "Soldering for beginners");
    assert_string_equal(st.next->title, "Lightning talks (moved)");
    /* Days united: the 27th spans both parts' hours, the 28th comes from
     * the workshops alone, numbered 1 and 2. */
    assert_int_equal(s->ndays, 2);
    assert_string_equal(s->days[0].date, "2026-12-27");
    assert_int_equal(s->days[0].start, iso("2026-12-27T08:00:00+01:00"));
    assert_int_equal(s->days[0].end, iso("2026-12-28T03:00:00+01:00"));
    assert_int_equal(s->days[1].index, 2);
    board_room(s, (size_t)ws, iso("2026-12-27T18:00:00+01:00"), &st);
    assert_int_equal(st.status, BOARD_DONE_TODAY);
    assert_string_equal(st.next->title, "Day two workshop");
    sched_free(s);
}

static void test_tracks_and_announcements(void **state)
{
    (void)state;
    struct sched *s = merged("merge-main.json", "merge-sub.json");
    uint32_t rgb = 0;

    assert_int_equal(s->ntracks, 2);
    assert_true(sched_track_color(s, "Security", &rgb));
    assert_int_equal(rgb, 0xaa0000); /* the first colour given */
    assert_true(sched_track_color(s, "Hands-on", &rgb));
    assert_int_equal(rgb, 0x0000aa);
    assert_int_equal(s->nannounces, 1);
    assert_string_equal(s->announces[0].text, "Welcome to Saal 1");
    assert_string_equal(s->rooms[s->announces[0].room].name, "Saal 1");
    sched_free(s);
}

static void test_text_is_not_cleaned_twice(void **state)
{
    (void)state;
    /* quirks.json has an abstract with "&lt;tag&gt;": cleaned once it is
     * "<tag>", and a second cleaning would strip it as markup. */
    struct sched *q = load_fixture("quirks.json", false);
    const struct sched *parts[] = {q};
    struct sched *s = NULL;
    struct err err = {{0}};
    const struct sched_session *a, *b;

    assert_true(merge_scheds(parts, 1, &s, &err));
    a = by_guid(q, "q-01");
    b = by_guid(s, "q-01");
    assert_non_null(strstr(a->abstract, "<tag>"));
    assert_string_equal(a->abstract, b->abstract);
    assert_string_equal(a->title, b->title);
    assert_int_equal(s->nsessions, q->nsessions);
    sched_free(s);
    sched_free(q);
}

static void test_refusals(void **state)
{
    (void)state;
    const struct sched *none[2] = {NULL, NULL};
    const struct sched *many[MERGE_MAX_PARTS + 1] = {0};
    struct sched *s = NULL;
    struct err err = {{0}};

    assert_false(merge_scheds(none, 2, &s, &err));
    assert_string_equal(err.msg, "schedule: no source has a schedule yet");
    assert_null(s);
    assert_false(merge_scheds(many, MERGE_MAX_PARTS + 1, &s, &err));
    assert_string_equal(err.msg, "schedule: more than 16 sources");
    /* A source with no schedule yet is skipped, not fatal. */
    struct sched *pb = load_fixture("merge-sub.json", false);
    const struct sched *parts[] = {NULL, pb};
    assert_true(merge_scheds(parts, 2, &s, &err));
    assert_string_equal(s->title, "Workshops");
    assert_int_equal(s->nsessions, pb->nsessions);
    sched_free(s);
    sched_free(pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_union_of_rooms_and_sessions),
        cmocka_unit_test(test_later_source_wins),
        cmocka_unit_test(test_engine_on_the_union),
        cmocka_unit_test(test_tracks_and_announcements),
        cmocka_unit_test(test_text_is_not_cleaned_twice),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
