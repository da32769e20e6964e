/* c3voc schedule v2 through the door: the 38C3 hub example field by field,
 * states, per-language text, speakers only, rooms by guid. */
#include "readtest.h"

static void test_38c3_example(void **state)
{
    struct sched *s = rt_load("ccc-38c3-v2-example.json", true, NULL);
    const struct sched_session *x;
    uint32_t rgb;

    (void)state;
    assert_string_equal(s->format, "c3voc-v2");
    assert_string_equal(s->title, "38C3");
    assert_string_equal(s->acronym, "38c3");
    assert_string_equal(s->tzname, "Europe/Berlin");
    assert_string_equal(s->version, "2024-12-26 20:23");
    assert_int_equal(s->nsessions, 2);
    assert_int_equal(s->nrooms, 5);
    assert_int_equal(s->rooms[rt_room(s, "Saal 1")].capacity, 3025);
    assert_string_equal(s->rooms[rt_room(s, "Saal 1")].guid,
                        "ba692ba3-421b-5371-8309-60acc34a3c05");
    assert_int_equal(s->rooms[rt_room(s, "Stage HUFF")].capacity, 0); /* null: unknown */
    assert_int_equal(s->ndays, 4);
    assert_int_equal(s->days[1].start, rt_iso("2024-12-28T06:00:00+01:00"));

    x = rt_by_title(s, "38C3: Opening Ceremony");
    assert_string_equal(x->guid, "270fa44c-821a-577f-8ca3-33e8d4a8c2a7");
    assert_string_equal(x->id, "HQCCYH"); /* the code when there is no id */
    assert_int_equal(x->start, rt_iso("2024-12-27T10:30:00+01:00"));
    assert_int_equal(x->end, rt_iso("2024-12-27T11:00:00+01:00"));
    assert_string_equal(s->rooms[x->room].name, "Saal 1");
    assert_string_equal(x->subtitle, ""); /* null */
    assert_string_equal(x->track, "CCC"); /* {"slug": "ccc"} named by the conference */
    assert_string_equal(x->type, "OTHER");
    assert_string_equal(x->language, "en");
    rt_speakers(x, 2, "Gabriela Bogk", "Aline Blankertz"); /* not the CONTRIBUTOR */
    assert_non_null(strstr(x->abstract, "Glad you could make it!"));
    assert_false(x->cancelled);
    assert_false(x->delayed);
    assert_true(sched_track_color(s, "CCC", &rgb));
    assert_int_equal(rgb, 0xF2F006);

    x = rt_by_title(s, "A Competitive Time-Trial AI for Need for Speed:");
    assert_string_equal(x->subtitle, "Most Wanted Using Deep Reinforcement Learning");
    assert_string_equal(s->rooms[x->room].name, "Saal ZIGZAG"); /* by guid */
    assert_string_equal(x->track, "Hardware & Making");
    assert_int_equal(x->start, rt_iso("2024-12-28T00:15:00+01:00"));
    rt_speakers(x, 1, "Sebastian Schwarz", NULL);
    rt_now_next(s, "Saal ZIGZAG", "2024-12-28T00:20:00+01:00",
                "A Competitive Time-Trial AI for Need for Speed:", NULL);
    rt_now_next(s, "Saal 1", "2024-12-27T10:00:00+01:00", NULL, "38C3: Opening Ceremony");
    sched_free(s);
}

static void test_states_and_languages(void **state)
{
    struct sched *s = rt_load("v2-states.json", false, NULL);
    const struct sched_session *x;

    (void)state;
    x = rt_by_title(s, "38C3: Opening Ceremony");
    assert_true(x->cancelled); /* CANCELED */
    x = rt_by_title(s, "A Competitive Time-Trial AI for Need for Speed:");
    assert_false(x->cancelled);
    assert_true(x->delayed); /* DELAYED: kept for the running-late display */
    /* WITHDRAWN; title and description in the event's language (de) */
    x = rt_by_title(s, "Zur\xc3\xbc"
                       "ckgezogen");
    assert_true(x->cancelled);
    assert_string_equal(x->abstract, "Beschreibung"); /* abstract null: the description */
    /* no "url": the ORIGIN link */
    assert_string_equal(x->url,
                        "https://fahrplan.events.ccc.de/congress/2024/fahrplan/talk/TPGRNN/");
    sched_free(s);
}

static void test_refusals(void **state)
{
    struct err err = {{0}};
    struct sched *s;

    (void)state;
    assert_false(read_path(rt_path("v2-missing-room.json", false), 0, NULL, &s, NULL, &err));
    assert_non_null(strstr(err.msg, "c3voc v2: event '38C3: Opening Ceremony' is in room "
                                    "00000000-0000-4000-8000-00000000dead, which "
                                    "schedule.conference.rooms does not list"));
#define REFUSE(lit, zone, needle) rt_refused(lit, sizeof(lit) - 1, zone, needle)
    REFUSE("{\"schedule\":{\"events\":[]}}", NULL, "c3voc v2: no \"schedule.conference\" object");
    REFUSE("{\"schedule\":{\"conference\":{},\"events\":[{\"title\":\"T\",\"room\":\"A\","
           "\"start\":\"2024-12-27T10:00:00\",\"end\":\"2024-12-27T11:00:00\"}]}}",
           NULL, "c3voc v2: the schedule names no time zone; set the venue's zone with --timezone");
    REFUSE("{\"schedule\":{\"conference\":{},\"events\":[{\"title\":\"T\",\"room\":\"A\","
           "\"start\":\"soon\",\"end\":\"later\"}]}}",
           "UTC", "c3voc v2: event 'T' has an unreadable start 'soon'");
    REFUSE("{\"schedule\":{\"conference\":{},\"events\":[{\"title\":\"T\","
           "\"start\":\"2024-12-27T10:00:00Z\",\"end\":\"2024-12-27T11:00:00Z\"}]}}",
           NULL, "c3voc v2: event 'T' has no room");
    /* fuzzing found it: an end 2,000 years on wrote a duration nobody reads */
    REFUSE("{\"schedule\":{\"conference\":{},\"events\":[{\"title\":\"T\",\"room\":\"A\","
           "\"start\":\"2024-12-27T10:00:00Z\",\"end\":\"4048-12-27T10:00:00Z\"}]}}",
           NULL, "c3voc v2: session 'T' lasts 17742");
    REFUSE("{\"schedule\":{\"conference\":{},\"events\":[{\"title\":\"T\",\"room\":\"A\","
           "\"start\":\"2024-12-27T10:00:00Z\",\"end\":\"2024-12-27T09:00:00Z\"}]}}",
           NULL, "c3voc v2: session 'T' ends before it starts");
    REFUSE("{\"schedule\":{\"conference\":{},\"events\":[1]}}", NULL,
           "c3voc v2: an event is not an object");
    /* floating times with a configured zone are read in it */
    static const char floating[] =
        "{\"schedule\":{\"conference\":{},\"events\":[{\"title\":\"T\",\"room\":\"A\","
        "\"start\":\"2024-12-27T10:00:00\",\"end\":\"2024-12-27T11:00:00\"}]}}";
    struct read_opts o = {.tzname = "Europe/Berlin", .tz_source = "--timezone"};
    assert_true(read_bytes(floating, sizeof(floating) - 1, &o, &s, NULL, &err));
    assert_string_equal(s->tz_source, "--timezone");
    assert_int_equal(s->sessions[0].start, rt_iso("2024-12-27T10:00:00+01:00"));
    sched_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_38c3_example),
        cmocka_unit_test(test_states_and_languages),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
