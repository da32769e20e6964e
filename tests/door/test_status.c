/* The door status feed reader: the documented example, binding to a real
 * schedule's rooms (names in any case, guids, unknown rooms), `until`,
 * the emergency, rejections with one line, editing and the round trip. */
#include "testutil.h"

#include "file.h"
#include "status.h"

static struct status *load_status(const char *name)
{
    char path[1024], *buf = NULL;
    size_t len = 0;
    struct status *st = NULL;
    struct err err = {{0}};

    snprintf(path, sizeof(path), "%s/door/%s", getenv("RB_TEST_DATA"), name);
    if (!file_read("test", path, 1 << 20, &buf, &len, NULL, NULL, &err))
        fail_msg("%s", err.msg);
    if (!status_load(buf, len, &st, &err))
        fail_msg("%s: %s", name, err.msg);
    free(buf);
    return st;
}

static const char *refuse(const char *json)
{
    static struct err err;
    struct status *st = NULL;

    memset(&err, 0, sizeof(err));
    assert_false(status_load(json, strlen(json), &st, &err));
    assert_null(st);
    assert_null(strchr(err.msg, '\n'));
    return err.msg;
}

static void test_example(void **state)
{
    struct status *st = load_status("status-example.json");

    (void)state;
    assert_int_equal(st->updated, iso("2026-01-31T10:02:00Z"));
    assert_int_equal(st->nrooms, 3);
    assert_string_equal(st->rooms[0].key, "main hall");
    assert_true(st->rooms[0].has_full && st->rooms[0].full);
    assert_int_equal(st->rooms[0].delay_min, -1);
    assert_string_equal(st->rooms[0].note, "Overflow: watch the stream in Side Room");
    assert_int_equal(st->rooms[0].until, iso("2026-01-31T11:00:00Z"));
    assert_string_equal(st->rooms[1].key, "side");
    assert_false(st->rooms[1].has_full);
    assert_int_equal(st->rooms[1].delay_min, 10);
    assert_null(st->rooms[1].note);
    assert_int_equal(st->rooms[1].until, INT64_MAX);
    assert_int_equal(st->nannounces, 2);
    assert_string_equal(st->announces[0].text, "Lunch in the foyer");
    assert_null(st->announces[0].room);
    assert_int_equal(st->announces[0].from, iso("2026-01-31T11:00:00Z"));
    assert_int_equal(st->announces[0].until, INT64_MAX);
    assert_string_equal(st->announces[1].room, "Side Room");
    assert_null(st->emergency.text);
    status_free(st);
}

static void test_bind(void **state)
{
    struct status *st = load_status("status-example.json");
    struct sched *s = load_fixture("quirks.json", false);
    struct status_view v[3];
    char unknown[64];
    int main_hall = sched_find_room(s, "Main Hall"), side = sched_find_room(s, "Side Room");

    (void)state;
    assert_int_equal(s->nrooms, 3);
    /* before `until`: Main Hall (lower case in the feed) full, Side Room
     * (by guid) 10 min late, Atlantis reported */
    assert_int_equal(status_bind(st, s, iso("2026-01-31T10:30:00Z"), v, unknown, sizeof(unknown)),
                     1);
    assert_string_equal(unknown, "Atlantis");
    assert_true(v[main_hall].full);
    assert_string_equal(v[main_hall].note, "Overflow: watch the stream in Side Room");
    assert_int_equal(v[main_hall].delay_min, 0);
    assert_false(v[side].full);
    assert_int_equal(v[side].delay_min, 10);
    assert_false(v[2].full);
    assert_null(v[2].note);
    /* at `until` the full entry ends; the delay stays */
    assert_int_equal(status_bind(st, s, iso("2026-01-31T11:00:00Z"), v, NULL, 0), 1);
    assert_false(v[main_hall].full);
    assert_null(v[main_hall].note);
    assert_int_equal(v[side].delay_min, 10);
    /* no status: nothing set */
    assert_int_equal(status_bind(NULL, s, 0, v, unknown, sizeof(unknown)), 0);
    assert_string_equal(unknown, "");
    assert_false(v[main_hall].full);
    sched_free(s);
    status_free(st);
}

static void test_emergency(void **state)
{
    struct status *st = load_status("status-emergency-rooms.json");
    struct sched *s = load_fixture("quirks.json", false);
    int side = sched_find_room(s, "Side Room"), main_hall = sched_find_room(s, "Main Hall");
    const struct status_emergency *e;
    int64_t before = iso("2026-01-31T11:59:00Z");

    (void)state;
    e = status_emergency_at(st, s, side, before);
    assert_non_null(e);
    assert_string_equal(e->text, "Please leave the building by the nearest exit");
    assert_null(status_emergency_at(st, s, main_hall, before)); /* limited to Side Room */
    assert_null(status_emergency_at(st, s, -1, before));        /* lobby: only global */
    assert_null(status_emergency_at(st, s, side, iso("2026-01-31T12:00:00Z"))); /* expired */
    /* for every screen once the rooms are dropped */
    assert_true(status_set_emergency(st, "Fire alarm", NULL, 0, NULL));
    assert_string_equal(status_emergency_at(st, s, main_hall, before)->text, "Fire alarm");
    assert_string_equal(status_emergency_at(st, s, -1, before)->text, "Fire alarm");
    status_clear_emergency(st);
    assert_null(status_emergency_at(st, s, -1, before));
    sched_free(s);
    status_free(st);
}

static void test_refused(void **state)
{
    char path[1024], *buf = NULL, big[STATUS_MAX_TEXT + 64];
    size_t len;
    struct status *st = NULL;
    struct err err = {{0}};

    (void)state;
    assert_string_equal(refuse(""), "status: empty document");
    assert_non_null(strstr(refuse("[1,2]"), "not a door status document"));
    assert_non_null(strstr(refuse("{\"rooms\": [1]}"), "\"rooms\" must be an object"));
    assert_string_equal(refuse("{\"rooms\": {\"Main Hall\": {\"delay_min\": \"ten\"}}}"),
                        "status: room 'Main Hall': \"delay_min\" must be a whole number of "
                        "minutes, 0 to 720");
    assert_non_null(strstr(refuse("{\"rooms\": {\"A\": {\"delay_min\": -5}}}"), "0 to 720"));
    assert_non_null(strstr(refuse("{\"rooms\": {\"A\": {\"delay_min\": 2.5}}}"), "whole number"));
    assert_non_null(strstr(refuse("{\"rooms\": {\"A\": {\"delay_min\": 721}}}"), "0 to 720"));
    assert_non_null(strstr(refuse("{\"rooms\": {\"A\": {\"full\": \"yes\"}}}"),
                           "room 'A': \"full\" must be true or false"));
    assert_non_null(strstr(refuse("{\"rooms\": {\"A\": {\"full\": true, \"until\": \"noon\"}}}"),
                           "room 'A': \"until\""));
    assert_non_null(strstr(refuse("{\"rooms\": {\"A\": {}, \"a\": {}}}"), "listed twice"));
    assert_non_null(strstr(refuse("{\"emergency\": {\"text\": \"\"}}"), "non-empty \"text\""));
    assert_non_null(strstr(refuse("{\"emergency\": {\"text\": \"x\", \"rooms\": [3]}}"),
                           "\"rooms\" must list room names"));
    assert_non_null(strstr(refuse("{\"announcements\": [{\"room\": \"A\"}]}"), "no \"text\""));
    memset(big, 'x', sizeof(big));
    memcpy(big, "{\"rooms\":{\"A\":{\"note\":\"", 23);
    memcpy(big + sizeof(big) - 6, "\"}}}", 5);
    assert_non_null(strstr(refuse(big), "longer than 1000 bytes"));
    /* the truncated fixture: names the byte */
    snprintf(path, sizeof(path), "%s/door/status-truncated.json", getenv("RB_TEST_DATA"));
    assert_true(file_read("test", path, 1 << 20, &buf, &len, NULL, NULL, &err));
    assert_false(status_load(buf, len, &st, &err));
    assert_non_null(strstr(err.msg, "status: not valid JSON (error near byte"));
    free(buf);
}

/* More rooms than the cap: refused, not truncated. */
static void test_cap(void **state)
{
    size_t size = (STATUS_MAX_ROOMS + 1) * 16 + 32, used = 0;
    char *json = malloc(size);

    (void)state;
    used += (size_t)snprintf(json, size, "{\"rooms\":{");
    for (int i = 0; i <= STATUS_MAX_ROOMS; i++)
        used += (size_t)snprintf(json + used, size - used, "%s\"r%d\":{}", i ? "," : "", i);
    snprintf(json + used, size - used, "}}");
    assert_non_null(strstr(refuse(json), "more than 1000 rooms"));
    free(json);
}

static void test_edit_round_trip(void **state)
{
    struct status *st = load_status("status-example.json"), *back = NULL;
    struct status_room *r;
    const char *rooms[] = {"Side Room"};
    char *json;
    struct err err = {{0}};

    (void)state;
    r = status_room_get(st, "MAIN HALL", &err); /* case-insensitive: the same entry */
    assert_ptr_equal(r, &st->rooms[0]);
    r->full = false;
    assert_true(status_room_clear(st, "Atlantis"));
    assert_false(status_room_clear(st, "Atlantis"));
    r = status_room_get(st, "Empty Room", &err);
    assert_non_null(r);
    assert_true(status_set_text(&r->note, "Closed <i>today</i>", &err));
    assert_true(status_parse_until("2026-01-31T18:00:00+01:00", &r->until, r->until_txt,
                                   sizeof(r->until_txt), &err));
    assert_true(status_set_emergency(st, "Evacuate", rooms, 1, &err));
    status_prune(st); /* main hall says nothing any more except its note: kept */
    assert_int_equal(st->nrooms, 3);
    json = status_to_json(st);
    assert_non_null(json);
    assert_true(status_load(json, strlen(json), &back, &err));
    assert_int_equal(back->nrooms, 3);
    assert_string_equal(back->rooms[2].key, "Empty Room");
    assert_string_equal(back->rooms[2].note, "Closed today");
    assert_string_equal(back->rooms[2].until_txt, "2026-01-31T18:00:00+01:00");
    assert_int_equal(back->rooms[1].delay_min, 10);
    assert_true(back->rooms[0].has_full);
    assert_false(back->rooms[0].full);
    assert_int_equal(back->nannounces, 2);
    assert_string_equal(back->emergency.text, "Evacuate");
    assert_int_equal(back->emergency.nrooms, 1);
    assert_string_equal(back->emergency.rooms[0], "Side Room");
    assert_string_equal(back->updated_txt, "2026-01-31T11:02:00+01:00");
    /* prune drops entries that say nothing */
    assert_true(status_set_text(&back->rooms[0].note, NULL, &err));
    status_prune(back);
    assert_int_equal(back->nrooms, 2);
    assert_string_equal(back->rooms[0].key, "side");
    status_clear_all(back);
    assert_int_equal(back->nrooms, 0);
    assert_null(back->emergency.text);
    free(json);
    status_free(back);
    status_free(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example),   cmocka_unit_test(test_bind),
        cmocka_unit_test(test_emergency), cmocka_unit_test(test_refused),
        cmocka_unit_test(test_cap),       cmocka_unit_test(test_edit_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
