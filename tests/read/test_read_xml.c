/* schedule.xml through the door: the two FOSDEM shapes field by field at
 * chosen instants, the day_change rule, the duration shapes, and one clear
 * line for every broken or hostile file. */
#include "readtest.h"

#include "file.h"

static void test_fosdem_2025_modern(void **state)
{
    struct sched *s = rt_load("fosdem-2025.xml", true, NULL);
    const struct sched_session *x;

    (void)state;
    assert_string_equal(s->format, "frab-xml");
    assert_string_equal(s->title, "FOSDEM 2025");
    assert_string_equal(s->acronym, "fosdem-2025");
    assert_string_equal(s->tzname, "Europe/Brussels");
    assert_string_equal(s->tz_source, "schedule");
    assert_int_equal(s->nsessions, 943);
    assert_int_equal(s->nrooms, 40); /* rooms without events too (J.1.106) */
    rt_room(s, "J.1.106");
    assert_int_equal(s->ndays, 2);
    assert_int_equal(s->days[0].start, rt_iso("2025-02-01T09:00:00+01:00"));
    assert_int_equal(s->days[0].end, rt_iso("2025-02-02T09:00:00+01:00"));
    assert_string_equal(s->days[1].date, "2025-02-02");

    x = rt_by_title(s, "A New Approach to Callee-Saved Registers in LLVM");
    assert_string_equal(x->guid, "852280ac-61d3-588c-b74c-8d87f9d9d2c6");
    assert_string_equal(x->id, "6210");
    assert_int_equal(x->start, rt_iso("2025-02-01T10:35:00+01:00"));
    assert_int_equal(x->end, rt_iso("2025-02-01T11:00:00+01:00"));
    assert_string_equal(s->rooms[x->room].name, "K.3.201");
    assert_string_equal(x->track, "LLVM");
    assert_string_equal(x->type, "devroom");
    assert_string_equal(x->language, "en");
    assert_string_equal(x->url,
                        "https://fosdem.org/2025/schedule/event/"
                        "fosdem-2025-6210-a-new-approach-to-callee-saved-registers-in-llvm/");
    rt_speakers(x, 1, "Mikhail Gudim", NULL);
    /* escaped HTML in <abstract> is cleaned like the JSON's */
    assert_non_null(strstr(x->abstract, "Currently LLVM saves and restores"));
    assert_null(strstr(x->abstract, "<p>"));
    assert_null(strstr(x->abstract, "&lt;"));

    x = rt_by_title(s, "Improving compile-time computation of object size");
    rt_speakers(x, 1, "Serge \xc2\xab sans paille \xc2\xbb Guelton", NULL);

    rt_now_next(s, "K.3.201", "2025-02-01T10:40:00+01:00",
                "A New Approach to Callee-Saved Registers in LLVM",
                "Moving work into the middle end");
    rt_now_next(s, "K.3.201", "2025-02-01T11:02:00+01:00", NULL, "Moving work into the middle end");
    rt_now_next(s, "UB5.132", "2025-02-01T10:45:00+01:00",
                "What the Spec?!: New Features in Apache Iceberg\xe2\x84\xa2 Table Format V3",
                "Graph Databases after 15 Years \xe2\x80\x93 Where Are They Headed?");
    x = rt_by_title(s,
                    "What the Spec?!: New Features in Apache Iceberg\xe2\x84\xa2 Table Format V3");
    rt_speakers(x, 2, "Danica Fine", "Russell Spitzer");
    sched_free(s);
}

static void test_fosdem_2019_pentabarf(void **state)
{
    struct sched *s;
    const struct sched_session *x;
    struct err err = {{0}};

    (void)state;
    /* no zone anywhere in the file and none configured: one line naming the
     * option */
    assert_false(read_path(rt_path("fosdem-2019.xml", true), 0, NULL, &s, NULL, &err));
    assert_non_null(strstr(err.msg, "names no time zone; set the venue's zone with --timezone"));

    s = rt_load("fosdem-2019.xml", true, "Europe/Brussels");
    assert_string_equal(s->tzname, "Europe/Brussels");
    assert_string_equal(s->tz_source, "config");
    assert_int_equal(s->nsessions, 775);
    assert_int_equal(s->ndays, 2);
    /* the day starts at day_change (09:00) local */
    assert_int_equal(s->days[0].start, rt_iso("2019-02-02T09:00:00+01:00"));
    x = rt_by_title(s, "Welcome to FOSDEM 2019");
    assert_int_equal(x->start, rt_iso("2019-02-02T09:30:00+01:00"));
    assert_int_equal(x->end, rt_iso("2019-02-02T09:55:00+01:00"));
    assert_string_equal(x->id, "8967");
    assert_string_equal(x->track, "Keynotes");
    assert_string_equal(x->abstract, "FOSDEM welcome and opening talk.");
    rt_now_next(s, "Janson", "2019-02-02T09:40:00+01:00", "Welcome to FOSDEM 2019",
                "Can Anyone Live in Full Software Freedom Today?");
    x = rt_by_title(s, "Can Anyone Live in Full Software Freedom Today?");
    assert_string_equal(x->subtitle, "Confessions of Activists Who Try But Fail to Avoid "
                                     "Proprietary Software");
    rt_speakers(x, 2, "Bradley M. Kuhn", "Karen Sandler");
    rt_now_next(s, "UB5.132", "2019-02-03T09:05:00+01:00", "Community DevRoom Welcoming Remarks",
                "Supporting FOSS Community Members with Impostor Syndrome");
    /* the second day is the 3rd */
    rt_now_next(s, "Janson", "2019-02-03T23:00:00+01:00", NULL, NULL);
    sched_free(s);
}

static void test_day_change_and_durations(void **state)
{
    struct sched *s = rt_load("pentabarf-night.xml", false, "Europe/Berlin");
    const struct sched_session *x;

    (void)state;
    assert_string_equal(s->title, "Night Owls & Friends");
    assert_int_equal(s->ndays, 1);
    assert_int_equal(s->days[0].start, rt_iso("2024-08-17T04:00:00+02:00"));
    x = rt_by_title(s, "Late talk");
    assert_int_equal(x->start, rt_iso("2024-08-17T23:30:00+02:00"));
    assert_int_equal(x->end - x->start, 30 * 60);          /* HH:MM */
    assert_string_equal(x->abstract, "Stay up & listen."); /* escaped HTML, then HTML */
    rt_speakers(x, 2, "Ada Lovelace", "Grace Hopper");
    x = rt_by_title(s, "After midnight");                            /* 00:15 < day_change 04:00 */
    assert_int_equal(x->start, rt_iso("2024-08-18T00:15:00+02:00")); /* so on the 18th */
    assert_int_equal(x->end - x->start, 3600);                       /* HH:MM:SS */
    assert_string_equal(s->rooms[x->room].name, "Main Hall");        /* from the <room> element */
    x = rt_by_title(s, "Marathon");
    assert_int_equal(x->start, rt_iso("2024-08-18T02:00:00+02:00"));
    assert_int_equal(x->end - x->start, 86400 + 2 * 3600); /* D:HH:MM */
    rt_room(s, "Empty Room");
    rt_now_next(s, "Main Hall", "2024-08-18T00:20:00+02:00", "After midnight", "Marathon");
    sched_free(s);
}

#define XML_HEAD "<?xml version=\"1.0\"?><schedule><conference><title>T</title>"
#define XML_DAY  "<day index=\"1\" date=\"2025-02-01\"><room name=\"R\">"

static void test_offsets_without_zone_name(void **state)
{
    static const char xml[] = XML_HEAD
        "</conference>" XML_DAY
        "<event guid=\"g1\"><date>2025-02-01T10:00:00+01:00</date><start>10:00</start>"
        "<duration>00:30</duration><title>Offset only</title></event></room></day></schedule>";
    struct sched *s = NULL;
    struct err err = {{0}};

    (void)state;
    assert_true(read_bytes(xml, sizeof(xml) - 1, NULL, &s, NULL, &err));
    assert_string_equal(s->tzname, "+01:00"); /* the events' offset: wall times stay right */
    assert_int_equal(s->sessions[0].start, rt_iso("2025-02-01T10:00:00+01:00"));
    sched_free(s);
    /* a configured zone does not override the offset */
    struct read_opts o = {.tzname = "America/New_York"};
    assert_true(read_bytes(xml, sizeof(xml) - 1, &o, &s, NULL, &err));
    assert_int_equal(s->sessions[0].start, rt_iso("2025-02-01T10:00:00+01:00"));
    sched_free(s);
}

static void refused_file(const char *name, const char *needle)
{
    char *buf;
    size_t len;
    struct err err = {{0}};

    if (!file_read("test", rt_path(name, false), 1 << 20, &buf, &len, NULL, NULL, &err))
        fail_msg("%s", err.msg);
    rt_refused(buf, len, "Europe/Brussels", needle);
    free(buf);
}

#define REFUSE(lit, zone, needle) rt_refused(lit, sizeof(lit) - 1, zone, needle)

static void test_refusals(void **state)
{
    char deep[4096];
    size_t n = 0;

    (void)state;
    refused_file("truncated.xml", "schedule.xml: not well-formed: no element found at line 13");
    refused_file("xml-bomb.xml", "declares an entity ('a')");
    refused_file("not-schedule.xml", "the XML's root element is <rss>, not <schedule>");
    refused_file("html-page.xml", "the body is an HTML page, not a schedule");
    REFUSE(XML_HEAD "</conference>" XML_DAY "<event><start>10:00</start><duration>1h</duration>"
                    "<title>Bad</title></event></room></day></schedule>",
           "UTC", "schedule.xml: event 'Bad' has an unreadable duration '1h'");
    REFUSE(XML_HEAD "</conference>" XML_DAY "<event><start>10:00</start><duration>400:00</duration>"
                    "<title>Fortnight</title></event></room></day></schedule>",
           "UTC", "schedule.xml: session 'Fortnight' lasts 400 hours; more than 14 days");
    REFUSE(XML_HEAD "</conference>" XML_DAY "<event><start>25:00</start><duration>00:10</duration>"
                    "<title>Late</title></event></room></day></schedule>",
           "UTC", "schedule.xml: event 'Late' has an unreadable start");
    REFUSE(XML_HEAD "</conference>" XML_DAY "<event><start>10:00</start><duration>00:10</duration>"
                    "</event></room></day></schedule>",
           "UTC", "an event in room 'R' has no title");
    REFUSE(XML_HEAD "</conference><day index=\"1\" date=\"someday\"></day></schedule>", "UTC",
           "a <day> has an unreadable date 'someday'");
    REFUSE("<?xml version=\"1.0\"?><schedule><a>&#0;</a></schedule>", "UTC", "not well-formed");
    /* an external entity is never fetched: the declaration is refused */
    REFUSE("<?xml version=\"1.0\"?><!DOCTYPE s [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
           "<schedule>&x;</schedule>",
           "UTC", "declares an entity ('x')");
    /* nesting past READ_MAX_DEPTH */
    n += (size_t)snprintf(deep, sizeof(deep), "<schedule>");
    for (int i = 0; i < READ_MAX_DEPTH; i++)
        n += (size_t)snprintf(deep + n, sizeof(deep) - n, "<a>");
    rt_refused(deep, n, "UTC", "elements nest deeper than 64 levels");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fosdem_2025_modern),
        cmocka_unit_test(test_fosdem_2019_pentabarf),
        cmocka_unit_test(test_day_change_and_durations),
        cmocka_unit_test(test_offsets_without_zone_name),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
