/* The schedule model: real exports, authored quirks, rejections, round trip. */
#include "testutil.h"

static const struct sched_session *by_guid(const struct sched *s, const char *guid)
{
    for (size_t i = 0; i < s->nsessions; i++)
        if (strcmp(s->sessions[i].guid, guid) == 0)
            return &s->sessions[i];
    fail_msg("no session %s", guid);
    return NULL;
}

static void test_lyon(void **state)
{
    struct sched *s = load_fixture("lyon-track2.json", false);
    const struct sched_session *x;

    (void)state;
    assert_int_equal(s->nsessions, 9);
    assert_int_equal(s->nrooms, 1);
    assert_int_equal(s->ndays, 2);
    assert_string_equal(s->tzname, "Europe/Paris");
    assert_string_equal(s->rooms[0].name, "Forum 3");
    assert_int_equal(s->rooms[0].nsessions, 9);
    x = by_guid(s, "lyon-005");
    assert_string_equal(x->title,
                        "SPDK Vhost FUSE Target to Accelerate File Access in VMs and Containers");
    assert_int_equal(x->nspeakers, 2);
    assert_string_equal(x->speakers[0], "Changpeng Liu");
    assert_string_equal(x->speakers[1], "Xiaodong Liu");
    assert_int_equal(x->start, iso("2019-10-31T13:15:00Z"));
    assert_int_equal(x->end, iso("2019-10-31T13:45:00Z"));
    assert_int_equal(x->day, 0);
    assert_string_equal(by_guid(s, "lyon-009")->speakers[0], "Niccolò Izzo");
    assert_int_equal(by_guid(s, "lyon-009")->day, 1);
    /* sorted by start within the room */
    for (size_t i = 1; i < s->rooms[0].nsessions; i++)
        assert_true(s->rooms[0].sessions[i - 1]->start <= s->rooms[0].sessions[i]->start);
    sched_free(s);
}

static void test_quirks(void **state)
{
    struct sched *s = load_fixture("quirks.json", false);
    const struct sched_session *x;
    uint32_t rgb;

    (void)state;
    assert_string_equal(s->title, "Quirks & Corners 2026");
    assert_int_equal(s->nsessions, 10);
    assert_int_equal(s->nrooms, 3);
    assert_int_equal(s->rooms[2].nsessions, 0); /* Empty Room: listed, no sessions */
    x = by_guid(s, "q-01");
    assert_string_equal(x->title, "Opening Keynote & Welcome");
    assert_string_equal(x->abstract, "First line\nSecond line\nThird <tag>");
    assert_string_equal(x->speakers[0], "Zoë Müller");
    assert_string_equal(by_guid(s, "q-03")->speakers[0], "Ἀλέξανδρος Παπαδόπουλος");
    x = by_guid(s, "q-04"); /* persons as a bare string and as {public_name} */
    assert_int_equal(x->nspeakers, 2);
    assert_string_equal(x->speakers[0], "Иван Петров");
    assert_string_equal(x->speakers[1], "山田太郎");
    /* zero-length session */
    assert_int_equal(by_guid(s, "q-02")->end, by_guid(s, "q-02")->start);
    /* only "start": 01:30 in day 1's block is the next calendar date */
    x = by_guid(s, "q-06");
    assert_int_equal(x->start, iso("2026-10-25T01:30:00+02:00"));
    assert_int_equal(x->day, 0);
    /* across the DST change: 01:30 CEST + 2 h = 02:30 CET */
    x = by_guid(s, "q-09");
    assert_int_equal(x->end, iso("2026-10-25T02:30:00+01:00"));
    assert_int_equal(x->day, 0); /* before day 2's 04:00 start */
    /* D:HH:MM duration */
    x = by_guid(s, "q-10");
    assert_int_equal(x->end - x->start, 86400 + 30 * 60);
    assert_int_equal(x->day, 1);
    /* extensions */
    assert_true(by_guid(s, "q-07")->cancelled);
    assert_false(by_guid(s, "q-08")->cancelled);
    assert_int_equal(s->nannounces, 2);
    assert_int_equal(s->announces[0].room, -1);
    assert_int_equal(s->announces[0].from, iso("2026-10-24T10:00:00Z"));
    assert_int_equal(s->announces[1].room, 1);
    assert_true(s->announces[1].until == INT64_MAX);
    assert_true(sched_track_color(s, "Keynote", &rgb));
    assert_int_equal(rgb, 0xff8800);
    assert_true(sched_track_color(s, "Main", &rgb));
    assert_int_equal(rgb, 0x00aaff);
    assert_false(sched_track_color(s, "Nope", &rgb));
    sched_free(s);
}

static void test_pretalx_democon(void **state)
{
    struct sched *s = load_fixture("formats/pretalx-democon.json", true);
    const struct sched_session *x;

    (void)state;
    assert_int_equal(s->nrooms, 2);
    assert_true(s->nsessions > 20);
    /* time_zone_name says UTC although events carry +01:00: the offsets are
     * the truth for instants, the name for the clock */
    assert_string_equal(s->tzname, "UTC");
    x = by_guid(s, "8079583e-8321-506c-95af-fd2903a5f075");
    assert_string_equal(x->title, "Focused 5thgeneration hardware");
    assert_int_equal(x->start, iso("2020-12-14T09:00:00+01:00"));
    assert_int_equal(x->end - x->start, 30 * 60);
    assert_string_equal(x->speakers[0], "Brian Robinson");
    sched_free(s);
}

static void test_pretalx_rc3(void **state)
{
    struct sched *s = load_fixture("formats/pretalx-rc3.json", true);
    const struct sched_session *x;

    (void)state;
    /* no time_zone_name and an empty rooms list: rooms come from the days,
     * the zone from the events' offsets */
    assert_string_equal(s->tzname, "+01:00");
    assert_int_equal(s->nsessions, 48);
    assert_int_equal(s->ndays, 4);
    assert_true(s->nrooms >= 3);
    assert_true(sched_find_room(s, "r3s - Monheim/Rhein") >= 0);
    x = by_guid(s, "c3642671-4c1f-5109-81ba-0535c1cc8428");
    assert_int_equal(x->start, iso("2020-12-27T11:30:00+01:00"));
    assert_null(strchr(x->abstract, '\r')); /* \r\n folded */
    assert_non_null(strstr(x->abstract, "Freifunk"));
    sched_free(s);
}

static void expect_reject(const char *json, const char *needle)
{
    struct sched *s = (struct sched *)0x1;
    struct err err = {{0}};

    assert_false(read_bytes(json, strlen(json), NULL, &s, NULL, &err));
    assert_ptr_equal(s, (struct sched *)0x1); /* untouched on failure */
    if (!strstr(err.msg, needle))
        fail_msg("expected '%s' in '%s'", needle, err.msg);
}

static void test_rejections(void **state)
{
    struct sched *s = (struct sched *)0x1;
    struct err err = {{0}};
    char *deep;

    (void)state;
    expect_reject("", "the body is empty");
    expect_reject("<!DOCTYPE html><html><body>502</body></html>", "the body is an HTML page");
    expect_reject("{\"schedule\": {\"conference\": {\"days\": [", "not valid JSON");
    expect_reject("{\"hello\": 1}", "no \"schedule\" object");
    expect_reject("{\"schedule\": {}}", "no \"schedule.conference\" object");
    expect_reject("{\"schedule\": {\"conference\": {}}}", "no \"schedule.conference.days\" list");
    expect_reject("{\"schedule\":{\"conference\":{\"days\":[{\"date\":\"2020-01-01\",\"rooms\":{"
                  "\"A\":[{\"title\":\"T\",\"date\":\"2020-01-01T10:00:00Z\",\"duration\":\"1h\"}]"
                  "}}]}}}",
                  "event 'T' has an unreadable duration '1h'");
    expect_reject("{\"schedule\":{\"conference\":{\"days\":[{\"date\":\"2020-01-01\",\"rooms\":{"
                  "\"A\":[{\"title\":\"T\",\"date\":\"soon\",\"duration\":\"00:30\"}]}}]}}}",
                  "event 'T' has an unreadable date 'soon'");
    expect_reject("{\"schedule\":{\"conference\":{\"days\":[{\"date\":\"2020-01-01\",\"rooms\":{"
                  "\"A\":[{\"date\":\"2020-01-01T10:00:00Z\",\"duration\":\"00:30\"}]}}]}}}",
                  "an event has no title");
    expect_reject("{\"schedule\":{\"conference\":{\"days\":[{\"date\":\"2020-01-01\",\"rooms\":{}}"
                  "]},\"roomboard\":{\"announcements\":[{\"text\":\"hi\",\"room\":\"Nope\"}]}}}",
                  "names room 'Nope', which does not exist");
    /* deeply nested JSON is refused, not a stack overflow */
    deep = malloc(200001);
    memset(deep, '[', 200000);
    deep[200000] = '\0';
    assert_false(read_bytes(deep, 200000, NULL, &s, NULL, &err));
    free(deep);
    assert_false(read_path(fixture("no-such-file.json", false), 0, NULL, &s, NULL, &err));
    assert_non_null(strstr(err.msg, "no-such-file.json failed: No such file"));
    assert_false(read_path(fixture("truncated.json", false), 0, NULL, &s, NULL, &err));
    assert_non_null(strstr(err.msg, "truncated.json: schedule: not valid JSON"));
    assert_false(read_path(fixture("lyon-track2.json", false), 100, NULL, &s, NULL, &err));
    assert_non_null(strstr(err.msg, "more than the limit of 100"));
}

static void test_round_trip(void **state)
{
    struct sched *a = load_fixture("quirks.json", false), *b = NULL;
    struct err err = {{0}};
    char *json = sched_to_json(a);

    (void)state;
    assert_non_null(json);
    if (!read_bytes(json, strlen(json), NULL, &b, NULL, &err))
        fail_msg("reloading our own output: %s", err.msg);
    assert_int_equal(b->nsessions, a->nsessions);
    assert_int_equal(b->nrooms, a->nrooms);
    assert_int_equal(b->ndays, a->ndays);
    assert_string_equal(b->tzname, a->tzname);
    for (size_t i = 0; i < a->nsessions; i++) {
        const struct sched_session *x = &a->sessions[i], *y = by_guid(b, x->guid);
        assert_string_equal(x->title, y->title);
        assert_int_equal(x->start, y->start);
        assert_int_equal(x->end, y->end);
        assert_int_equal(x->cancelled, y->cancelled);
        assert_int_equal(x->nspeakers, y->nspeakers);
        assert_string_equal(a->rooms[x->room].name, b->rooms[y->room].name);
    }
    assert_int_equal(b->nannounces, 2);
    assert_int_equal(b->announces[1].room, 1);
    free(json);
    sched_free(a);
    sched_free(b);
}

static void test_rooms_and_text(void **state)
{
    struct sched *s = load_fixture("quirks.json", false);
    char list[256];
    char *t;

    (void)state;
    assert_int_equal(sched_find_room(s, "main hall"), 0);
    assert_int_equal(sched_find_room(s, "SIDE"), 1); /* by guid, case-insensitive */
    assert_int_equal(sched_find_room(s, "Nowhere"), -1);
    sched_room_list(s, list, sizeof(list));
    assert_string_equal(list, "Main Hall, Side Room, Empty Room");
    t = sched_clean_text("caf\xc3\xa9 \xff bad <i>it</i> a < b &#x263A; &bogus;", 1000);
    assert_string_equal(t, "café \xef\xbf\xbd bad it a < b \xe2\x98\xba &bogus;");
    free(t);
    t = sched_clean_text("abcdefghij", 4);
    assert_string_equal(t, "abcd");
    free(t);
    sched_free(s);
}

/* Hostile text: 16 MiB of "<a" with no '>' (the biggest body the fetcher
 * takes). Each '<' used to scan to the end for a '>': about 13 minutes here,
 * so before the fix this test ran into the CTest timeout. Now one pass. */
static void test_clean_text_linear(void **state)
{
    size_t n = 16u << 20;
    char *in = malloc(n + 1), *t;

    (void)state;
    assert_non_null(in);
    for (size_t i = 0; i < n; i += 2)
        memcpy(in + i, "<a", 2);
    in[n] = '\0';
    t = sched_clean_text(in, SCHED_MAX_TEXT);
    assert_non_null(t);
    assert_int_equal(strlen(t), SCHED_MAX_TEXT);
    assert_memory_equal(t, in, SCHED_MAX_TEXT);
    free(t);
    /* A tag that does close, far away, is still one tag. */
    memset(in + 2, 'x', n - 3);
    in[n - 1] = '>';
    t = sched_clean_text(in, SCHED_MAX_TEXT);
    assert_string_equal(t, "");
    free(t);
    /* Many tags, each closed: all stripped, the text between kept. */
    for (size_t i = 0; i + 4 <= n; i += 4)
        memcpy(in + i, "<b>x", 4);
    t = sched_clean_text(in, SCHED_MAX_TEXT);
    assert_int_equal(strlen(t), SCHED_MAX_TEXT);
    assert_int_equal(strspn(t, "x"), SCHED_MAX_TEXT);
    free(t);
    free(in);
}

/* C0/C1 controls and bidi overrides never reach the screen, whether raw
 * bytes or numeric entities: a title cannot reorder or hide its neighbours. */
static void test_clean_text_controls(void **state)
{
    char *t;

    (void)state;
    t = sched_clean_text("a\x01"
                         "b&#1;c&#x85;d\xc2\x85"
                         "e&#x202E;f\xe2\x80\xae"
                         "g\xe2\x81\xa6h&#x2069;i&#127;j\x7f"
                         "k&#x1b;[31ml\xe2\x80\xaam&#8234;n",
                         1000);
    assert_string_equal(t, "abcdefghijk[31mlmn");
    free(t);
    /* What stays: newlines, tabs as spaces, other format characters such as
     * the left-to-right mark and ZWJ (used in emoji and some scripts). */
    t = sched_clean_text("x\ty&#10;z\xe2\x80\x8e\xe2\x80\x8d!", 1000);
    assert_string_equal(t, "x y\nz\xe2\x80\x8e\xe2\x80\x8d!");
    free(t);
}

/* Error messages quote the input ("event 'X' has ..."), and they reach the
 * screen, the journal and STATUS=: one line, no controls, no bidi
 * overrides, valid UTF-8. */
static void test_err_strips_controls(void **state)
{
    struct err err = {{0}};

    (void)state;
    err_set(&err, "event '%s' is bad",
            "a\x1b[2Jb\nc\td\xe2\x80\xae"
            "e\xc2\x9b"
            "f\xff"
            "g\xc3\xa9");
    assert_string_equal(err.msg, "event 'a[2Jb c def\xef\xbf\xbdg\xc3\xa9' is bad");
    err_prefix(&err, "file \xe2\x81\xa6x\r");
    assert_string_equal(err.msg, "file x : event 'a[2Jb c def\xef\xbf\xbdg\xc3\xa9' is bad");
}

static void test_builder_derives_days(void **state)
{
    struct sched *s = NULL;
    struct err err = {{0}};
    const char *who[] = {"Ada"};
    struct sched_session_in in = {.title = "Late", .room = "R", .speakers = who, .nspeakers = 1};

    (void)state;
    assert_true(sched_new("T", "t", "Europe/London", &s, &err));
    in.start = iso("2013-10-21T23:30:00+01:00");
    in.end = in.start + 3600;
    assert_true(sched_add_session(s, &in, &err));
    in.title = "Next morning";
    in.start = iso("2013-10-22T09:00:00+01:00");
    in.end = in.start + 1800;
    assert_true(sched_add_session(s, &in, &err));
    in.title = "After midnight";
    in.start = iso("2013-10-22T02:00:00+01:00");
    in.end = in.start + 1800;
    assert_true(sched_add_session(s, &in, &err));
    assert_true(sched_finish(s, &err));
    assert_int_equal(s->ndays, 2);
    assert_string_equal(s->days[0].date, "2013-10-21");
    assert_int_equal(s->days[0].start, iso("2013-10-21T04:00:00+01:00"));
    assert_int_equal(s->sessions[1].day, 0); /* 02:00 belongs to the 21st */
    assert_int_equal(s->sessions[2].day, 1);
    in.end = in.start - 1;
    assert_false(sched_add_session(s, &in, &err));
    assert_non_null(strstr(err.msg, "ends before it starts"));
    sched_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lyon),
        cmocka_unit_test(test_quirks),
        cmocka_unit_test(test_pretalx_democon),
        cmocka_unit_test(test_pretalx_rc3),
        cmocka_unit_test(test_rejections),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_rooms_and_text),
        cmocka_unit_test(test_clean_text_linear),
        cmocka_unit_test(test_clean_text_controls),
        cmocka_unit_test(test_err_strips_controls),
        cmocka_unit_test(test_builder_derives_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
