/* iCalendar through the door (libical): recurrences expanded within the
 * event's days (EXDATE, RDATE, a never-ending RRULE), TZID, floating times
 * and their zone, all-day events skipped with a note, cancelled kept. */
#include "readtest.h"

#include "read_ics.h"

static size_t count_title(const struct sched *s, const char *title)
{
    size_t n = 0;

    for (size_t i = 0; i < s->nsessions; i++)
        n += strcmp(s->sessions[i].title, title) == 0;
    return n;
}

static const struct sched_session *at_start(const struct sched *s, const char *title,
                                            const char *iso)
{
    for (size_t i = 0; i < s->nsessions; i++)
        if (strcmp(s->sessions[i].title, title) == 0 && s->sessions[i].start == rt_iso(iso))
            return &s->sessions[i];
    return NULL;
}

static void test_venue_week(void **state)
{
    struct read_info info;
    struct read_opts o = {0};
    struct sched *s = NULL;
    struct err err = {{0}};
    const struct sched_session *x;

    (void)state;
    assert_true(read_path(rt_path("ics-venue-week.ics", false), 0, &o, &s, &info, &err));
    assert_string_equal(s->format, "icalendar");
    assert_string_equal(s->title, "Venue Week");
    assert_string_equal(s->tzname, "Europe/Brussels");
    assert_string_equal(s->tz_source, "schedule");
    assert_non_null(strstr(info.note, "1 all-day event skipped"));
    assert_int_equal(s->nsessions, 7);

    x = rt_by_title(s, "Opening");
    assert_int_equal(x->start, rt_iso("2025-03-03T10:00:00+01:00"));
    assert_int_equal(x->end, rt_iso("2025-03-03T11:00:00+01:00"));
    assert_string_equal(s->rooms[x->room].name, "Main Hall");
    assert_string_equal(x->track, "Keynotes");
    assert_string_equal(x->abstract, "Welcome, everyone.");
    assert_string_equal(x->url, "https://venue.example/opening");
    assert_string_equal(x->guid, "talk-1@venue");
    x = rt_by_title(s, "Closing"); /* DURATION */
    assert_int_equal(x->end - x->start, 3600);

    /* "Lunch" every day without end: only on the event's days (3rd to 5th),
     * and not on the 4th (EXDATE) */
    assert_int_equal(count_title(s, "Lunch"), 2);
    assert_non_null(at_start(s, "Lunch", "2025-03-03T12:30:00+01:00"));
    assert_non_null(at_start(s, "Lunch", "2025-03-05T12:30:00+01:00"));
    assert_null(at_start(s, "Lunch", "2025-03-04T12:30:00+01:00"));
    assert_null(at_start(s, "Lunch", "2025-03-01T12:30:00+01:00"));
    /* floating Coffee, read in X-WR-TIMEZONE, plus its RDATE */
    assert_int_equal(count_title(s, "Coffee"), 2);
    assert_non_null(at_start(s, "Coffee", "2025-03-03T09:00:00+01:00"));
    assert_non_null(at_start(s, "Coffee", "2025-03-05T09:00:00+01:00"));
    assert_true(rt_by_title(s, "Cancelled talk")->cancelled);
    rt_now_next(s, "Foyer", "2025-03-03T12:45:00+01:00", "Lunch", "Coffee");
    sched_free(s);
}

static void test_shared_importer_fixtures(void **state)
{
    struct read_opts o = {.tzname = NULL};
    struct sched *s = NULL;
    struct err err = {{0}};
    char path[1024];
    const char *dir = getenv("RB_TEST_DATA");

    (void)state;
    snprintf(path, sizeof(path), "%s/import/ics-tzid.ics", dir);
    assert_true(read_path(path, 0, &o, &s, NULL, &err));
    assert_string_equal(s->tzname, "Europe/Berlin");
    assert_int_equal(rt_by_title(s, "Summer talk in Berlin")->start, 1718193600);
    assert_int_equal(rt_by_title(s, "Winter talk in Berlin")->start, 1734008400);
    assert_int_equal(rt_by_title(s, "Remote talk from New York")->start, 1718197200);
    sched_free(s);
    /* Outlook's Windows zone name: libical applies the VTIMEZONE's rules */
    snprintf(path, sizeof(path), "%s/import/ics-outlook.ics", dir);
    assert_true(read_path(path, 0, &o, &s, NULL, &err));
    assert_int_equal(rt_by_title(s, "Planning (winter)")->start, 1704891600);
    assert_int_equal(rt_by_title(s, "Planning (summer)")->start, 1718193600);
    assert_int_equal(rt_by_title(s, "Planning (day after spring forward)")->start, 1711954800);
    sched_free(s);
    /* floating without any zone: one line naming the option; with one: read in it */
    snprintf(path, sizeof(path), "%s/import/ics-floating-nozone.ics", dir);
    assert_false(read_path(path, 0, &o, &s, NULL, &err));
    assert_non_null(strstr(err.msg, "iCalendar: the schedule names no time zone; set the "
                                    "venue's zone with --timezone"));
    o.tzname = "America/Los_Angeles";
    assert_true(read_path(path, 0, &o, &s, NULL, &err));
    assert_int_equal(s->sessions[0].start, 1439827200);
    assert_string_equal(s->tz_source, "config");
    sched_free(s);
}

#define REFUSE(lit, zone, needle) rt_refused(lit, sizeof(lit) - 1, zone, needle)

static void test_refusals(void **state)
{
    (void)state;
    REFUSE("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "UTC", "iCalendar: no sessions found");
    REFUSE("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Typo\r\nDTSTART:20240305T090000Z\r\n"
           "DTEND:20350305T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
           "UTC", "iCalendar: session 'Typo' lasts 96408 hours; more than 14 days");
    REFUSE("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Where\r\n"
           "DTSTART;TZID=Nowhere/Special:20240305T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
           "UTC",
           "TZID 'Nowhere/Special', which is neither a VTIMEZONE of the calendar nor a "
           "known zone");
    /* fuzzing found it: a year the JSON writer's reader refuses */
    REFUSE("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Old\r\nDTSTART:10120131T090000Z\r\n"
           "END:VEVENT\r\nEND:VCALENDAR\r\n",
           "UTC", "iCalendar: session 'Old' starts outside the years 1970 to 9000");
    REFUSE("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Broken\r\nDTSTART:soon\r\n"
           "END:VEVENT\r\nEND:VCALENDAR\r\n",
           "UTC", "iCalendar: event 'Broken' has no readable DTSTART");
}

/* An RRULE every minute, forever: bounded by the event's days and the
 * per-event cap, in linear time. */
static void test_never_ending_rrule(void **state)
{
    static const char cal[] = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Tick\r\nUID:t\r\n"
                              "DTSTART:20240305T090000Z\r\nDTEND:20240305T090030Z\r\n"
                              "RRULE:FREQ=MINUTELY\r\nLOCATION:Clock\r\nEND:VEVENT\r\n"
                              "END:VCALENDAR\r\n";
    struct read_info info;
    struct sched *s = NULL;
    struct err err = {{0}};

    (void)state;
    assert_true(read_bytes(cal, sizeof(cal) - 1, NULL, &s, &info, &err));
    assert_int_equal(s->nsessions, READ_ICS_MAX_OCCURRENCES);
    assert_non_null(strstr(info.note, "1 recurring event cut at 1000 occurrences"));
    sched_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_venue_week),
        cmocka_unit_test(test_shared_importer_fixtures),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_never_ending_rrule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
