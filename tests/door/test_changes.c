/* The change detector on a real pretalx export and edited copies of it
 * (tests/data/door/README.md says what was edited). */
#include "doortest.h"

#include "changes.h"

#define DROPPED "8079583e-8321-506c-95af-fd2903a5f075"
#define MOVED   "a179c8ac-e6eb-5b25-8ed0-c5828ef7b6d9"
#define RETIMED "ba72da9d-a522-54f6-9301-4bf4f3446425"
#define ADDED   "d00d0000-0000-4000-8000-000000000012"

static const struct change *must_find(const struct changes *l, const char *guid)
{
    const struct change *c = changes_find(l, guid);
    if (!c)
        fail_msg("no change for %s", guid);
    return c;
}

static void test_first_edit(void **state)
{
    struct sched *a = load_fixture("formats/pretalx-democon.json", true);
    struct sched *b = door_fixture("pretalx-democon-edited.json");
    struct changes l = {0};
    const struct change *c, *left[8];
    int64_t now = iso("2020-12-14T07:00:00Z");

    (void)state;
    assert_true(changes_detect(&l, NULL, a, now, NULL)); /* first schedule: nothing */
    assert_int_equal(l.n, 0);
    assert_true(changes_detect(&l, a, a, now, NULL)); /* same schedule: nothing */
    assert_int_equal(l.n, 0);
    assert_true(changes_detect(&l, a, b, now, NULL));
    assert_int_equal(l.n, 4);

    c = must_find(&l, DROPPED);
    assert_int_equal(c->kind, CHANGE_CANCELLED);
    assert_true(c->vanished);
    assert_string_equal(c->title, "Focused 5thgeneration hardware");
    assert_string_equal(c->room, "Gray Room");
    assert_int_equal(c->start, iso("2020-12-14T09:00:00+01:00"));
    assert_int_equal(c->seen, now);

    c = must_find(&l, MOVED);
    assert_int_equal(c->kind, CHANGE_MOVED);
    assert_string_equal(c->room, "Tan Room");
    assert_string_equal(c->from_room, "Gray Room");
    assert_int_equal(c->start, iso("2020-12-14T10:00:00+01:00"));
    assert_int_equal(c->from_start, c->start);

    c = must_find(&l, RETIMED);
    assert_int_equal(c->kind, CHANGE_RETIMED);
    assert_null(c->from_room);
    assert_int_equal(c->start, iso("2020-12-14T12:00:00+01:00"));
    assert_int_equal(c->from_start, iso("2020-12-14T11:30:00+01:00"));

    c = must_find(&l, ADDED);
    assert_int_equal(c->kind, CHANGE_NEW);
    assert_string_equal(c->title, "Added late: lightning talks");
    assert_string_equal(c->room, "Tan Room");

    /* what left Gray Room that day, by start: the dropped talk, the moved one */
    assert_int_equal(changes_left_room(&l, "gray room", iso("2020-12-14T00:00:00+01:00"),
                                       iso("2020-12-15T00:00:00+01:00"), left, 8),
                     2);
    assert_string_equal(left[0]->guid, DROPPED);
    assert_string_equal(left[1]->guid, MOVED);
    assert_int_equal(changes_left_room(&l, "Tan Room", 0, INT64_MAX, left, 8), 0);

    /* badges for 6 h after they were seen */
    assert_true(changes_badge_live(c, now + 6 * 3600 - 1, 6));
    assert_false(changes_badge_live(c, now + 6 * 3600, 6));
    changes_clear(&l);
    sched_free(a);
    sched_free(b);
}

/* Two rounds: the moved talk goes back (no change left), the retimed one
 * moves again and still says where it started; the dropped one stays
 * cancelled. */
static void test_second_edit(void **state)
{
    struct sched *a = load_fixture("formats/pretalx-democon.json", true);
    struct sched *b = door_fixture("pretalx-democon-edited.json");
    struct sched *c2 = door_fixture("pretalx-democon-edited2.json");
    struct changes l = {0};
    const struct change *c;
    int64_t now = iso("2020-12-14T07:00:00Z");

    (void)state;
    assert_true(changes_detect(&l, a, b, now, NULL));
    assert_true(changes_detect(&l, b, c2, now + 600, NULL));
    assert_null(changes_find(&l, MOVED));
    c = must_find(&l, RETIMED);
    assert_int_equal(c->kind, CHANGE_RETIMED);
    assert_int_equal(c->start, iso("2020-12-14T12:30:00+01:00"));
    assert_int_equal(c->from_start, iso("2020-12-14T11:30:00+01:00"));
    assert_int_equal(c->seen, now + 600);
    c = must_find(&l, DROPPED);
    assert_true(c->vanished);
    assert_int_equal(c->seen, now); /* not seen again: still the first time */
    assert_int_equal(must_find(&l, ADDED)->kind, CHANGE_NEW);
    assert_int_equal(l.n, 3);
    /* and back to the original: the retimed talk is back where it was, the
     * dropped one is back, the added one vanished (cancelled) */
    assert_true(changes_detect(&l, c2, a, now + 1200, NULL));
    assert_null(changes_find(&l, RETIMED));
    assert_null(changes_find(&l, DROPPED));
    c = must_find(&l, ADDED);
    assert_int_equal(c->kind, CHANGE_CANCELLED);
    assert_true(c->vanished);
    assert_int_equal(l.n, 1);
    changes_clear(&l);
    sched_free(a);
    sched_free(b);
    sched_free(c2);
}

/* A talk that vanishes more than 24 h ahead is just gone; over talks are
 * not looked at. */
static void test_windows(void **state)
{
    struct sched *a = load_fixture("formats/pretalx-democon.json", true);
    struct sched *b = door_fixture("pretalx-democon-edited.json");
    struct changes l = {0};

    (void)state;
    assert_true(changes_detect(&l, a, b, iso("2020-12-13T07:59:00Z"), NULL));
    assert_null(changes_find(&l, DROPPED));
    assert_non_null(changes_find(&l, MOVED));
    assert_int_equal(l.n, 3);
    changes_clear(&l);
    assert_true(changes_detect(&l, a, b, iso("2020-12-17T00:00:00Z"), NULL));
    assert_int_equal(l.n, 0);
    changes_clear(&l);
    sched_free(a);
    sched_free(b);
}

static void test_persist_and_expire(void **state)
{
    struct sched *a = load_fixture("formats/pretalx-democon.json", true);
    struct sched *b = door_fixture("pretalx-democon-edited.json");
    struct changes l = {0}, back = {0};
    int64_t now = iso("2020-12-14T07:00:00Z");
    struct err err = {{0}};
    char *json;

    (void)state;
    assert_true(changes_detect(&l, a, b, now, NULL));
    json = changes_to_json(&l);
    assert_non_null(json);
    assert_true(changes_from_json(&back, json, strlen(json), &err));
    assert_int_equal(back.n, 4);
    for (size_t i = 0; i < 4; i++) {
        assert_string_equal(back.v[i].guid, l.v[i].guid);
        assert_string_equal(back.v[i].title, l.v[i].title);
        assert_string_equal(back.v[i].room, l.v[i].room);
        assert_int_equal(back.v[i].kind, l.v[i].kind);
        assert_int_equal(back.v[i].start, l.v[i].start);
        assert_int_equal(back.v[i].from_start, l.v[i].from_start);
        assert_int_equal(back.v[i].seen, l.v[i].seen);
        assert_int_equal(back.v[i].vanished, l.v[i].vanished);
    }
    assert_string_equal(must_find(&back, MOVED)->from_room, "Gray Room");
    /* 13:00 local: badges over (4 h), but the retimed (12:00-13:30) and the
     * new (16:00) talks' slots are not: they stay; dropped (09:00) and moved
     * (10:00) are over */
    changes_expire(&back, iso("2020-12-14T12:00:00Z"), 4);
    assert_int_equal(back.n, 2);
    assert_non_null(changes_find(&back, RETIMED));
    assert_non_null(changes_find(&back, ADDED));
    /* refused: one line, list empty */
    assert_false(changes_from_json(&back, "{\"changes\": [{\"guid\": \"x\"}]}", 28, &err));
    assert_string_equal(err.msg, "changes: entry 1 is incomplete or unreadable");
    assert_int_equal(back.n, 0);
    assert_false(changes_from_json(&back, "[]", 2, &err));
    free(json);
    changes_clear(&l);
    changes_clear(&back);
    sched_free(a);
    sched_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_edit),
        cmocka_unit_test(test_second_edit),
        cmocka_unit_test(test_windows),
        cmocka_unit_test(test_persist_and_expire),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
