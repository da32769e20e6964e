/* sched.com list pages: the three real seeds with exact counts and sampled
 * sessions, an authored page for venue addresses and midnight, and the
 * rejections (no sessions, garbled time line, wrong abbreviation). */
#include "imp_test.h"

#include "lines.h"
#include "read.h"
#include "read_sched.h"

static void test_seed_000_gmt_virtual(void **state)
{
    struct imp_info info = {0};
    struct sched *s =
        import_ok(IMP_AUTO, "RB_SHARED", "seeds/000_f4286e88b25d74cb.txt", NULL, &info);
    const struct sched_session *x;

    (void)state;
    assert_int_equal(info.format, IMP_SCHED);
    assert_int_equal(s->nsessions, 13);
    assert_int_equal(s->nrooms, 4);
    assert_string_equal(s->tzname, "Europe/London");
    assert_non_null(strstr(info.zone_how, "GMT"));

    /* Speaker block order (Dall's avatar first), not the title's. */
    x = by_title(s, "Look Ma\xe2\x80\x99, No (Real) Interrupt Controller!");
    assert_speakers(x, "Christoffer Dall", "Marc Zyngier", NULL);
    assert_string_equal(room_of(s, x), "KVM Theater");
    assert_int_equal(x->start, 1603951200); /* 2020-10-29 06:00 GMT */
    assert_int_equal(x->end, 1603953000);
    assert_string_equal(x->track, "KVM Forum");

    /* The block names him "Daniel Oliveira"; the title keeps its own
     * text and loses the speaker part. */
    x = by_title(s, "Real-time Linux: What is Next?");
    assert_speakers(x, "Daniel Oliveira", NULL);
    assert_string_equal(room_of(s, x), "Linux Systems Theater");
    assert_int_equal(x->start, 1603890000); /* 2020-10-28 13:00 GMT */
    assert_int_equal(x->end, 1603893000);
    assert_string_equal(x->track, "");
    assert_true(strncmp(x->abstract, "With the PREEMPT_RT mainlining", 30) == 0);
    assert_null(strstr(x->abstract, "Principal Software Engineer"));

    /* No avatar: the name on its own line, as in the title. */
    x = by_title(s, "Scalable Work Submission in Device Virtualization");
    assert_speakers(x, "Hao Wu", NULL);
    assert_null(strstr(x->abstract, "Senior Software Engineer"));
    sched_free(s);
}

static void test_seed_001_bst_offsite(void **state)
{
    struct imp_info info = {0};
    struct sched *s =
        import_ok(IMP_SCHED, "RB_SHARED", "seeds/001_727d571ad2a12b1e.txt", NULL, &info);
    const struct sched_session *x;

    (void)state;
    assert_int_equal(s->nsessions, 64);
    assert_int_equal(s->nrooms, 7);
    assert_int_equal(s->ndays, 3);
    assert_string_equal(s->title, "KVM Forum + oVirt Developers Summit");
    assert_string_equal(s->tzname, "Europe/London");
    assert_non_null(strstr(info.zone_how, "BST"));
    assert_true(sched_find_room(s, "Lebowski's Bar 18 Morrison Street, Edinburgh") >= 0);
    assert_true(sched_find_room(s, "Cargo Bar 129 Fountainbridge, Edinburgh") >= 0);
    assert_true(sched_find_room(s, "National Museum of Scotland Chambers St, Edinburgh") >= 0);

    /* " - " inside the title: the speaker block decides where it ends. */
    x = by_title(s, "Virgil3D - Virtio Based 3D Capable GPU");
    assert_speakers(x, "Dave Airlie", NULL);
    assert_string_equal(room_of(s, x), "Edinburgh Suite");
    assert_int_equal(x->start, 1382350500); /* 2013-10-21 11:15 BST */
    assert_int_equal(x->end, 1382353200);

    x = by_title(s, "Effective Multi-Threading in QEMU");
    assert_speakers(x, "Paolo Bonzini", NULL);

    x = by_title(s, "Block Layer Status Report");
    assert_speakers(x, "Stefan Hajnoczi", "Kevin Wolf", NULL);
    assert_int_equal(x->start, 1382434200); /* 2013-10-22 10:30 BST */
    assert_int_equal(x->end, 1382436900);

    /* No speaker block: split from the title. */
    x = by_title(s, "An Introduction to OpenStack and its use of KVM Virtualization");
    assert_speakers(x, "Daniel Berrange", NULL);

    x = by_title(s, "Speaker Reception at Lebowski's Bar");
    assert_speakers(x, NULL);
    assert_string_equal(room_of(s, x), "Lebowski's Bar 18 Morrison Street, Edinburgh");
    assert_int_equal(x->start, 1382374800); /* 18:00 BST */
    assert_int_equal(x->end, 1382385600);

    x = by_title(s, "Hackathon");
    assert_int_equal(x->start, 1382529600); /* 2013-10-23 13:00 BST */
    assert_int_equal(x->end, 1382545800);   /* 17:30 BST */

    /* Breaks are sessions too: 4 + 4 + 3 in the foyer. */
    int r = sched_find_room(s, "Atrium & Foyer");
    assert_true(r >= 0);
    assert_int_equal(s->rooms[r].nsessions, 11);
    sched_free(s);
}

static void test_seed_002_cet_24h(void **state)
{
    struct imp_info info = {0};
    struct sched *s =
        import_ok(IMP_AUTO, "RB_SHARED", "seeds/002_dfe8c0b1fd17a440.txt", NULL, &info);
    const struct sched_session *x;

    (void)state;
    assert_int_equal(s->nsessions, 20);
    assert_int_equal(s->nrooms, 1);
    assert_string_equal(s->rooms[0].name, "Forum 3");
    assert_string_equal(s->tzname, "Europe/Paris");
    assert_string_equal(s->title, "KVM Forum 2019");

    x = by_title(s, "Virtualized Fibre-channel - Some Years Later");
    assert_speakers(x, "Hannes Reinecke", NULL);
    assert_int_equal(x->start, 1572533100); /* 2019-10-31 15:45 CET */
    assert_int_equal(x->end, 1572534900);

    x = by_title(s, "Bring QEMU to Micro Service World");
    assert_speakers(x, "Xiao Guangrong", "Yulei Zhang", NULL);
    assert_int_equal(x->start, 1572623100); /* 2019-11-01 16:45 CET */
    assert_int_equal(x->end, 1572624900);
    assert_string_equal(x->track, "KVM Forum Track 2");

    /* only Xiaodong Liu has a speaker block; the title names both */
    x = by_title(s, "SPDK Vhost FUSE Target to Accelerate File Access in VMs and Containers");
    assert_speakers(x, "Changpeng Liu", "Xiaodong Liu", NULL);
    sched_free(s);
}

/* --timezone overrides the mapping; the check still holds (CET == Berlin). */
static void test_timezone_override(void **state)
{
    struct imp_info info = {0};
    struct sched *s =
        import_ok(IMP_SCHED, "RB_SHARED", "seeds/002_dfe8c0b1fd17a440.txt", "Europe/Berlin", &info);

    (void)state;
    assert_string_equal(s->tzname, "Europe/Berlin");
    assert_string_equal(info.zone_how, "from --timezone");
    assert_int_equal(by_title(s, "Virtualized Fibre-channel - Some Years Later")->start,
                     1572533100);
    sched_free(s);
}

static void test_venue_address_and_midnight(void **state)
{
    struct sched *s = import_ok(IMP_AUTO, "RB_TEST_DATA", "import/sched-venue-pdt.txt", NULL, NULL);
    const struct sched_session *x;

    (void)state;
    assert_int_equal(s->nsessions, 5);
    assert_int_equal(s->nrooms, 4);
    assert_string_equal(s->tzname, "America/Los_Angeles");
    assert_string_equal(s->title, "Example Summit 2015");

    x = by_title(s, "Keynote - Open Source Everywhere");
    assert_speakers(x, "Jane Doe", NULL);
    assert_string_equal(room_of(s, x), "Ravenna C");
    assert_string_equal(x->track, "Keynotes");
    assert_string_equal(x->abstract, "Jane opens the summit.\n\nMore text in a second paragraph.");
    assert_int_equal(x->start, 1439827200); /* 2015-08-17 09:00 PDT */
    assert_int_equal(x->end, 1439829900);

    x = by_title(s, "Containers");
    assert_speakers(x, "Bob Roe", "Ann Poe", NULL);
    assert_string_equal(room_of(s, x), "Ravenna A");

    assert_string_equal(room_of(s, by_title(s, "Lunch")), "Ballroom A");
    /* The pub has its own address: its full line is its name. */
    assert_string_equal(room_of(s, by_title(s, "Party at The Pub")),
                        "The Pub 100 Pike St., Seattle, WA 98101");

    /* 11:00pm - 1:00am runs into the next day. */
    x = by_title(s, "Late Night Hacking");
    assert_int_equal(x->start, 1439877600); /* 2015-08-17 23:00 PDT */
    assert_int_equal(x->end, 1439884800);   /* 2015-08-18 01:00 PDT */
    sched_free(s);
}

static void test_rejects_no_sessions(void **state)
{
    struct err err;

    (void)state;
    /* Detection finds no sched time line: the door names every format it
     * tried and what a sched page's session line looks like. */
    import_fails(IMP_AUTO, "import/blog-post.txt", NULL, &err);
    assert_non_null(strstr(err.msg, "not a schedule: neither JSON"));
    assert_non_null(strstr(err.msg, "nor a sched.com page (no line like 'Monday October 21"));
    /* Read as a sched page by name, the reader says what it misses. */
    import_fails(IMP_SCHED, "import/blog-post.txt", NULL, &err);
    assert_non_null(strstr(err.msg, "sched: no sessions found: no line like"));
    import_fails(IMP_AUTO, "import/empty.txt", NULL, &err);
    assert_string_equal(err.msg, "the body is empty");
    import_fails(IMP_AUTO, "import/error-page.html", NULL, &err);
    assert_non_null(strstr(err.msg, "HTML page, not a schedule"));
}

static void test_rejects_garbled_time_line(void **state)
{
    struct err err;

    (void)state;
    import_fails(IMP_SCHED, "import/sched-garbled-time.txt", NULL, &err);
    assert_non_null(strstr(err.msg, "sched: line 13: cannot read the time line "
                                    "'Monday October 21, 2013 9:00am - 9:1Sam BST'"));
}

static void test_rejects_wrong_abbreviation(void **state)
{
    struct err err;

    (void)state;
    import_fails(IMP_SCHED, "import/sched-wrong-abbr.txt", NULL, &err);
    assert_string_equal(err.msg,
                        "sched: line 7: the page says BST (UTC+01:00) but Europe/London is at "
                        "UTC+00:00 (GMT) on 2014-01-13; fix the page or pass the right --timezone");
    /* The same page with the wrong zone given explicitly fails too. */
    import_fails(IMP_SCHED, "import/sched-wrong-abbr.txt", "Europe/Dublin", &err);
    assert_non_null(strstr(err.msg, "line 7: the page says BST"));
    /* A summer page read as Pacific time is refused, not shifted. */
    import_fails(IMP_SCHED, "import/sched-venue-pdt.txt", "Europe/Berlin", &err);
    assert_non_null(strstr(err.msg, "the page says PDT (UTC-07:00) but Europe/Berlin"));
}

static void test_rejects_ambiguous_abbreviation(void **state)
{
    struct err err;

    (void)state;
    import_fails(IMP_SCHED, "import/sched-unknown-abbr.txt", NULL, &err);
    assert_non_null(strstr(err.msg, "line 6: unknown or ambiguous time zone abbreviation 'IST'"));
    /* With the zone named, IST is checked against it and accepted. */
    struct sched *s =
        import_ok(IMP_SCHED, "RB_TEST_DATA", "import/sched-unknown-abbr.txt", "Asia/Kolkata", NULL);
    assert_int_equal(s->sessions[0].start, 1389587400); /* 2014-01-13 10:00 IST */
    sched_free(s);
}

/* Readers take raw buffers: NUL bytes and no terminator must be fine. */
static void test_buffer_not_terminated(void **state)
{
    static const char page[] = "9:00 CET\n\nTalk - A B\nMonday March 4, 2024 9:00 - 9:30 CET\n"
                               "Room\0junk";
    struct sched *s = NULL;
    struct err err = {{0}};

    (void)state;
    assert_true(read_sched(page, sizeof(page) - 1, NULL, &s, NULL, &err));
    assert_int_equal(s->nsessions, 1);
    assert_string_equal(s->rooms[0].name, "Room junk");
    assert_speakers(&s->sessions[0], "A B", NULL);
    sched_free(s);
}

/* A title that starts with a weekday and a month is not a time line. */
static void test_title_starting_like_a_date(void **state)
{
    static const char page[] = "10:00 CET\n\nFriday May Day Party - Ann Example\n"
                               "Friday May 3, 2024 10:00 - 11:00 CEST\nGarden\n";
    struct sched *s = NULL;
    struct err err = {{0}};

    (void)state;
    if (!read_sched(page, sizeof(page) - 1, NULL, &s, NULL, &err))
        fail_msg("%s", err.msg);
    assert_string_equal(s->sessions[0].title, "Friday May Day Party");
    assert_int_equal(s->sessions[0].start, 1714723200); /* 2024-05-03 10:00 CEST */
    sched_free(s);
}

/* Lines cost one pointer each in one array, never one allocation each:
 * 64 MiB of newlines is refused at once, and a legal count splits into
 * lines that point into one store. */
static void test_lines_bounded(void **state)
{
    size_t big = 64u << 20;
    char *b = malloc(big);
    struct lines l = {0};
    struct err err = {{0}};

    (void)state;
    assert_non_null(b);
    memset(b, '\n', big);
    assert_false(lines_split(b, big, &l, &err));
    assert_non_null(strstr(err.msg, "the input has 67108864 lines, more than 1000000"));
    assert_null(l.line);
    memcpy(b, "a\r\nb\rc\n\nd", 9);
    assert_true(lines_split(b, 9, &l, &err));
    assert_int_equal(l.n, 5);
    assert_string_equal(l.line[0], "a");
    assert_string_equal(l.line[1], "b");
    assert_string_equal(l.line[2], "c");
    assert_string_equal(l.line[3], "");
    assert_string_equal(l.line[4], "d");
    assert_ptr_equal(l.line[1], l.line[0] + 2); /* one store */
    lines_free(&l);
    free(b);
}

/* The door detects a sched page by content: a line that starts with a
 * session's full date, wherever it is; text without one is no schedule. */
static void test_detected_by_content(void **state)
{
    static const char late[] = "Some furniture\nFilter sessions\n\n9:00 CET\nTalk - A B\n"
                               "Monday March 4, 2024 9:00 - 9:30 CET\nRoom\n";
    static const char almost[] = "Monday March 4 is a holiday.\nMonday, March 4\n";
    size_t len;
    char *buf;

    (void)state;
    buf = fixture("RB_SHARED", "seeds/000_f4286e88b25d74cb.txt", &len);
    assert_int_equal(read_detect(buf, len), READ_SCHED);
    free(buf);
    buf = fixture("RB_TEST_DATA", "import/sched-garbled-time.txt", &len);
    assert_int_equal(read_detect(buf, len), READ_SCHED);
    free(buf);
    buf = fixture("RB_TEST_DATA", "import/blog-post.txt", &len);
    assert_int_equal(read_detect(buf, len), READ_UNKNOWN);
    free(buf);
    assert_int_equal(read_detect(late, sizeof(late) - 1), READ_SCHED);
    assert_int_equal(read_detect(almost, sizeof(almost) - 1), READ_UNKNOWN);
    /* No terminator needed: the date cut off at the end is not read past. */
    assert_int_equal(read_detect(late, 60), READ_UNKNOWN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_000_gmt_virtual),
        cmocka_unit_test(test_seed_001_bst_offsite),
        cmocka_unit_test(test_seed_002_cet_24h),
        cmocka_unit_test(test_timezone_override),
        cmocka_unit_test(test_venue_address_and_midnight),
        cmocka_unit_test(test_rejects_no_sessions),
        cmocka_unit_test(test_rejects_garbled_time_line),
        cmocka_unit_test(test_rejects_wrong_abbreviation),
        cmocka_unit_test(test_rejects_ambiguous_abbreviation),
        cmocka_unit_test(test_buffer_not_terminated),
        cmocka_unit_test(test_title_starting_like_a_date),
        cmocka_unit_test(test_lines_bounded),
        cmocka_unit_test(test_detected_by_content),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
