/* iCalendar through roomboard-import, read by the door's libical reader:
 * folding and escaping, UTC, TZID (IANA, prefixed, Windows with VTIMEZONE
 * rules, unknown with rules), floating, DURATION, all-day events, cancelled
 * events, recurring events expanded, and the rejections. The hand-written
 * parser these tests were first written for is gone; where it differed
 * (line numbers in messages, VTIMEZONE rules it refused, RRULE imported
 * once) the assertion says what libical does instead. */
#include "imp_test.h"

static void test_utc_folding_escaping(void **state)
{
    struct imp_info info = {0};
    struct sched *s = import_ok(IMP_AUTO, "RB_TEST_DATA", "import/ics-utc-folded.ics", NULL, &info);
    const struct sched_session *x;

    (void)state;
    assert_int_equal(info.format, IMP_ICS);
    /* The all-day event is skipped; the cancelled one is kept, marked. */
    assert_int_equal(s->nsessions, 3);
    assert_int_equal(s->nrooms, 2);
    assert_string_equal(s->title, "Folded Conf");
    assert_string_equal(s->tzname, "UTC");

    x = by_title(s, "A very long title that the exporter folded over two lines, with an "
                    "escaped comma");
    assert_string_equal(room_of(s, x), "Hall 1; upstairs");
    assert_string_equal(x->abstract,
                        "First line\nsecond line with a backslash \\ and a tab-folded tail");
    assert_string_equal(x->track, "Kernel");
    assert_string_equal(x->url, "https://example.org/talk/1");
    assert_int_equal(x->start, 1709629200); /* 2024-03-05 09:00Z */
    assert_int_equal(x->end, 1709629200 + 45 * 60);
    assert_false(x->cancelled);

    x = by_title(s, "Workshop"); /* DURATION instead of DTEND */
    assert_int_equal(x->start, 1709629200 + 3600);
    assert_int_equal(x->end, 1709629200 + 3600 + 90 * 60);

    assert_true(by_title(s, "Cancelled talk")->cancelled);
    sched_free(s);
}

static void test_tzid_iana_and_prefixed(void **state)
{
    struct imp_info info = {0};
    struct sched *s = import_ok(IMP_ICS, "RB_TEST_DATA", "import/ics-tzid.ics", NULL, &info);
    const struct sched_session *x;

    (void)state;
    assert_int_equal(s->nsessions, 3);
    assert_string_equal(s->tzname, "Europe/Berlin");
    x = by_title(s, "Summer talk in Berlin");
    assert_int_equal(x->start, 1718193600); /* 14:00 CEST = 12:00Z */
    assert_int_equal(x->end, 1718193600 + 1800);
    assert_string_equal(room_of(s, x), "Saal 1");
    x = by_title(s, "Winter talk in Berlin");
    assert_int_equal(x->start, 1734008400); /* 14:00 CET = 13:00Z */
    /* "/mozilla.org/20070129_1/America/New_York": the IANA tail. */
    x = by_title(s, "Remote talk from New York");
    assert_int_equal(x->start, 1718197200); /* 09:00 EDT = 13:00Z */
    assert_int_equal(x->end, 1718197200 + 3600);
    sched_free(s);
}

static void test_tzid_windows_vtimezone_rules(void **state)
{
    struct imp_info info = {0};
    struct sched *s = import_ok(IMP_ICS, "RB_TEST_DATA", "import/ics-outlook.ics", NULL, &info);

    (void)state;
    assert_int_equal(s->nsessions, 3);
    assert_string_equal(s->tzname, "Europe/Berlin");
    assert_non_null(strstr(info.zone_how, "Windows"));
    assert_int_equal(by_title(s, "Planning (winter)")->start, 1704891600); /* +01:00 */
    assert_int_equal(by_title(s, "Planning (summer)")->start, 1718193600); /* +02:00 */
    /* 2024-03-31 was the switch; April 1st 09:00 is CEST. */
    const struct sched_session *x = by_title(s, "Planning (day after spring forward)");
    assert_int_equal(x->start, 1711954800);
    assert_int_equal(x->end, 1711954800 + 45 * 60);
    sched_free(s);
}

/* Renames the Windows TZID in place to a name nobody knows (same length). */
static void rename_tzid(char *buf)
{
    size_t off = 0;
    const char *p;
    while ((p = strstr(buf + off, "W. Europe Standard Time")) != NULL) {
        off = (size_t)(p - buf);
        memcpy(buf + off, "Office Local Time Zone!", 23);
        off += 23;
    }
}

/* A TZID that is neither IANA nor Windows: the VTIMEZONE's rules give the
 * instants, and the display falls back to the first event's offset. */
static void test_tzid_unknown_name_uses_rules(void **state)
{
    size_t len;
    char *buf = fixture("RB_TEST_DATA", "import/ics-outlook.ics", &len);
    struct sched *s = NULL;
    struct imp_info info = {0};
    struct err err = {{0}};

    (void)state;
    rename_tzid(buf);
    assert_true(imp_read(IMP_ICS, buf, len, NULL, &s, &info, &err));
    assert_int_equal(by_title(s, "Planning (winter)")->start, 1704891600);
    assert_int_equal(by_title(s, "Planning (summer)")->start, 1718193600);
    assert_non_null(strstr(info.zone_how, "fixed offset"));
    sched_free(s);
    free(buf);
}

static void test_floating(void **state)
{
    struct imp_info info = {0};
    struct sched *s = import_ok(IMP_ICS, "RB_TEST_DATA", "import/ics-floating.ics", NULL, &info);
    struct err err;

    (void)state;
    assert_string_equal(s->tzname, "America/Los_Angeles");
    assert_string_equal(info.zone_how, "from X-WR-TIMEZONE");
    assert_int_equal(s->sessions[0].start, 1439827200); /* 09:00 PDT */
    assert_string_equal(s->sessions[0].abstract, "Read in the calendar's zone.");
    sched_free(s);

    /* The calendar's own X-WR-TIMEZONE wins over --timezone, as on the
     * screens (a zone in the source always wins), and the summary says
     * --timezone was ignored. (The hand-written parser let --timezone win.) */
    s = import_ok(IMP_ICS, "RB_TEST_DATA", "import/ics-floating.ics", "Europe/London", &info);
    assert_int_equal(s->sessions[0].start, 1439827200); /* 09:00 PDT */
    assert_string_equal(info.note, "--timezone is ignored: the schedule states its own zone");
    sched_free(s);

    /* libical keeps no line numbers: the message names the property, its
     * value and the event instead of "line 4". */
    import_fails(IMP_ICS, "import/ics-floating-nozone.ics", NULL, &err);
    assert_non_null(strstr(err.msg, "iCalendar: the schedule names no time zone"));
    assert_non_null(strstr(err.msg, "DTSTART 20150817T090000 of event"));
    assert_non_null(strstr(err.msg, "is a floating time"));
    assert_non_null(strstr(err.msg, "--timezone"));
    s = import_ok(IMP_ICS, "RB_TEST_DATA", "import/ics-floating-nozone.ics", "America/Los_Angeles",
                  NULL);
    assert_int_equal(s->sessions[0].start, 1439827200);
    sched_free(s);
}

static void test_rejections(void **state)
{
    struct err err;

    (void)state;
    import_fails(IMP_AUTO, "import/ics-no-events.ics", NULL, &err);
    assert_non_null(strstr(err.msg, "iCalendar: no sessions found"));
    import_fails(IMP_AUTO, "import/ics-bad-dtstart.ics", NULL, &err);
    /* libical keeps no line numbers: the event and the property are named. */
    assert_string_equal(err.msg, "iCalendar: event 'Broken' has no readable DTSTART");
    /* A sched page forced through the ics reader. */
    import_fails(IMP_ICS, "import/blog-post.txt", NULL, &err);
    assert_non_null(strstr(err.msg, "no BEGIN:VCALENDAR"));
}

/* A VTIMEZONE rule the hand-written parser refused (it read only
 * FREQ=YEARLY;BYMONTH=m;BYDAY=nDD) is applied by libical: the event is read
 * at the offset the rule gives. */
static void test_monthly_vtimezone_rule(void **state)
{
    static const char cal[] = "BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:Odd\nBEGIN:STANDARD\n"
                              "DTSTART:19700101T000000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0100\n"
                              "RRULE:FREQ=MONTHLY;BYMONTHDAY=1\nEND:STANDARD\nEND:VTIMEZONE\n"
                              "BEGIN:VEVENT\nDTSTART;TZID=Odd:20240101T100000\nSUMMARY:X\n"
                              "END:VEVENT\nEND:VCALENDAR\n";
    struct sched *s = NULL;
    struct imp_info info = {0};
    struct err err = {{0}};

    (void)state;
    if (!imp_read(IMP_ICS, cal, sizeof(cal) - 1, NULL, &s, &info, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(s->nsessions, 1);
    assert_int_equal(s->sessions[0].start, 1704099600); /* 10:00 +01:00 = 09:00Z */
    assert_non_null(strstr(info.zone_how, "fixed offset of VTIMEZONE 'Odd'"));
    sched_free(s);
}

/* A VALARM's DESCRIPTION is not the event's; a recurring event is expanded
 * on the event's days (a calendar of recurring events only: 14 days from
 * the first start, so the 4th weekly stand-up on 3 July falls outside), and
 * the summary says so. (The hand-written parser imported it once.) */
static void test_valarm_and_rrule(void **state)
{
    struct imp_info info = {0};
    struct sched *s =
        import_ok(IMP_AUTO, "RB_TEST_DATA", "import/ics-valarm-rrule.ics", NULL, &info);

    (void)state;
    assert_int_equal(s->nsessions, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(s->sessions[i].abstract, "The event's own description.");
        /* 09:00 CEST on 12, 19 and 26 June 2024 */
        assert_int_equal(s->sessions[i].start, 1718175600 + (int64_t)i * 7 * 86400);
        assert_int_equal(s->sessions[i].end, 1718175600 + (int64_t)i * 7 * 86400 + 3600);
    }
    assert_string_equal(info.note, "1 recurring event expanded to 3 sessions on the event's days");
    sched_free(s);

    s = import_ok(IMP_AUTO, "RB_TEST_DATA", "import/ics-utc-folded.ics", NULL, &info);
    assert_string_equal(info.note, "1 all-day event skipped");
    sched_free(s);
}

/* A typo in DTEND must not hold a room for years. */
static void test_rejects_absurd_length(void **state)
{
    static const char cal[] = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Typo\r\n"
                              "DTSTART:20240305T090000Z\r\nDTEND:20350305T090000Z\r\n"
                              "END:VEVENT\r\nEND:VCALENDAR\r\n";
    struct sched *s = NULL;
    struct err err = {{0}};

    (void)state;
    assert_false(imp_read(IMP_ICS, cal, sizeof(cal) - 1, NULL, &s, NULL, &err));
    assert_null(s);
    /* libical keeps no line numbers: the session is named instead. */
    assert_string_equal(err.msg, "iCalendar: session 'Typo' lasts 96408 hours; more than 14 "
                                 "days is not a session");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utc_folding_escaping),
        cmocka_unit_test(test_tzid_iana_and_prefixed),
        cmocka_unit_test(test_tzid_windows_vtimezone_rules),
        cmocka_unit_test(test_tzid_unknown_name_uses_rules),
        cmocka_unit_test(test_floating),
        cmocka_unit_test(test_rejections),
        cmocka_unit_test(test_monthly_vtimezone_rule),
        cmocka_unit_test(test_rejects_absurd_length),
        cmocka_unit_test(test_valarm_and_rrule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
