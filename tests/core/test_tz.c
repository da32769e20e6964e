/* Time zones from TZif files: offsets, DST changes, the POSIX footer rule,
 * local-to-instant in gaps and folds, ISO 8601 parsing. */
#include "testutil.h"

static struct tz *zone(const char *name)
{
    struct tz *tz = NULL;
    struct err err = {{0}};

    if (!tz_load(name, &tz, &err))
        fail_msg("%s", err.msg);
    return tz;
}

static void test_berlin_dst_end(void **state)
{
    struct tz *tz = zone("Europe/Berlin");
    struct tz_tm tm;

    (void)state;
    /* 2026-10-25 03:00 CEST -> 02:00 CET happens at 01:00Z */
    assert_int_equal(tz_offset(tz, iso("2026-10-25T00:59:59Z")), 7200);
    assert_int_equal(tz_offset(tz, iso("2026-10-25T01:00:00Z")), 3600);
    tz_local(tz, iso("2026-10-25T00:59:59Z"), &tm);
    assert_string_equal(tm.abbr, "CEST");
    assert_int_equal(tm.hour, 2);
    assert_int_equal(tm.min, 59);
    tz_local(tz, iso("2026-10-25T01:00:00Z"), &tm);
    assert_string_equal(tm.abbr, "CET");
    assert_int_equal(tm.hour, 2);
    assert_int_equal(tm.min, 0);
    assert_int_equal(tm.wday, 0); /* a Sunday */
    tz_free(tz);
}

static void test_los_angeles(void **state)
{
    struct tz *tz = zone("America/Los_Angeles");
    struct tz_tm tm;

    (void)state;
    tz_local(tz, iso("2015-08-17T21:30:00Z"), &tm);
    assert_int_equal(tm.year, 2015);
    assert_int_equal(tm.mon, 8);
    assert_int_equal(tm.mday, 17);
    assert_int_equal(tm.hour, 14);
    assert_int_equal(tm.min, 30);
    assert_int_equal(tm.off, -7 * 3600);
    assert_string_equal(tm.abbr, "PDT");
    assert_int_equal(tz_offset(tz, iso("2015-11-01T10:00:00Z")), -8 * 3600);
    tz_free(tz);
}

static void test_device_zone_ignored(void **state)
{
    struct tz *tz = zone("America/Los_Angeles");
    struct tz_tm tm;

    (void)state;
    /* The device's own zone must not leak into event wall-clock times. */
    setenv("TZ", "Asia/Tokyo", 1);
    tz_local(tz, iso("2015-08-17T21:30:00Z"), &tm);
    assert_int_equal(tm.hour, 14);
    setenv("TZ", "UTC", 1);
    tz_free(tz);
}

static void test_footer_rule_far_future(void **state)
{
    struct tz *ber = zone("Europe/Berlin"), *syd = zone("Australia/Sydney");
    struct tz *ny = zone("America/New_York");
    struct tz_tm tm;

    (void)state;
    /* Beyond any transition table: the POSIX rule in the footer decides. */
    assert_int_equal(tz_offset(ber, iso("2100-01-15T12:00:00Z")), 3600);
    assert_int_equal(tz_offset(ber, iso("2100-07-15T12:00:00Z")), 7200);
    /* last Sunday of March 2100 is the 28th; change at 01:00Z */
    assert_int_equal(tz_offset(ber, iso("2100-03-28T00:59:59Z")), 3600);
    assert_int_equal(tz_offset(ber, iso("2100-03-28T01:00:00Z")), 7200);
    /* southern hemisphere: summer in January */
    assert_int_equal(tz_offset(syd, iso("2100-01-15T00:00:00Z")), 11 * 3600);
    assert_int_equal(tz_offset(syd, iso("2100-07-15T00:00:00Z")), 10 * 3600);
    tz_local(syd, iso("2100-01-15T00:00:00Z"), &tm);
    assert_string_equal(tm.abbr, "AEDT");
    /* second Sunday of March 2100 is the 14th, 02:00 EST = 07:00Z */
    assert_int_equal(tz_offset(ny, iso("2100-03-14T06:59:59Z")), -5 * 3600);
    assert_int_equal(tz_offset(ny, iso("2100-03-14T07:00:00Z")), -4 * 3600);
    tz_free(ber);
    tz_free(syd);
    tz_free(ny);
}

static void test_from_local_gap_and_fold(void **state)
{
    struct tz *tz = zone("Europe/Berlin");
    int64_t t;

    (void)state;
    assert_true(tz_from_local(tz, 2026, 10, 24, 10, 0, 0, &t));
    assert_int_equal(t, iso("2026-10-24T08:00:00Z"));
    /* fold: 02:30 happens twice on 2026-10-25; the earlier one wins */
    assert_true(tz_from_local(tz, 2026, 10, 25, 2, 30, 0, &t));
    assert_int_equal(t, iso("2026-10-25T00:30:00Z"));
    /* gap: 02:30 does not exist on 2026-03-29; read with CET it is 03:30 CEST */
    assert_true(tz_from_local(tz, 2026, 3, 29, 2, 30, 0, &t));
    assert_int_equal(t, iso("2026-03-29T01:30:00Z"));
    assert_false(tz_from_local(tz, 2026, 2, 30, 10, 0, 0, &t));
    assert_false(tz_from_local(tz, 2026, 13, 1, 10, 0, 0, &t));
    tz_free(tz);
}

static void test_fixed_and_bad_names(void **state)
{
    struct tz *tz = NULL;
    struct err err = {{0}};
    struct tz_tm tm;

    (void)state;
    assert_true(tz_load("+05:30", &tz, &err));
    assert_string_equal(tz_name(tz), "+05:30");
    tz_local(tz, iso("2020-01-01T00:00:00Z"), &tm);
    assert_int_equal(tm.hour, 5);
    assert_int_equal(tm.min, 30);
    tz_free(tz);
    tz = NULL;
    assert_false(tz_load("../../etc/passwd", &tz, &err));
    assert_non_null(strstr(err.msg, "not a valid IANA zone name"));
    assert_false(tz_load("Nowhere/Land", &tz, &err));
    assert_non_null(strstr(err.msg, "'Nowhere/Land' is unknown"));
    assert_false(tz_load("/etc/passwd", &tz, &err));
    assert_null(tz);
}

static void test_iso8601(void **state)
{
    int64_t t;
    int off;
    struct err err = {{0}};

    (void)state;
    assert_true(tz_parse_iso8601("2015-08-17T14:30:00-07:00", &t, &off, &err));
    assert_int_equal(t, 1439847000);
    assert_int_equal(off, -25200);
    assert_true(tz_parse_iso8601("2015-08-17T21:30Z", &t, NULL, &err));
    assert_int_equal(t, 1439847000);
    assert_true(tz_parse_iso8601("2015-08-17 23:30:00.123+0200", &t, &off, &err));
    assert_int_equal(t, 1439847000);
    assert_int_equal(off, 7200);
    assert_false(tz_parse_iso8601("2015-08-17T14:30:00", &t, NULL, &err));
    assert_non_null(strstr(err.msg, "no UTC offset"));
    assert_false(tz_parse_iso8601("2015-02-30T14:30:00Z", &t, NULL, &err));
    assert_non_null(strstr(err.msg, "out of range"));
    assert_false(tz_parse_iso8601("tomorrow", &t, NULL, &err));
    assert_non_null(strstr(err.msg, "not ISO 8601"));
    assert_false(tz_parse_iso8601("2015-08-17T14:30:00Zjunk", &t, NULL, &err));
}

static void test_civil_round_trip(void **state)
{
    (void)state;
    assert_int_equal(tz_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(tz_days_from_civil(2000, 3, 1), 11017);
    for (int64_t d = -800000; d < 800000; d += 997) {
        int y, m, dd;
        tz_civil_from_days(d, &y, &m, &dd);
        assert_int_equal(tz_days_from_civil(y, m, dd), d);
    }
}

static void test_format(void **state)
{
    struct tz *tz = zone("America/Los_Angeles");
    char buf[40];

    (void)state;
    tz_format_iso8601(tz, 1439847000, buf, sizeof(buf));
    assert_string_equal(buf, "2015-08-17T14:30:00-07:00");
    tz_free(tz);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_berlin_dst_end),
        cmocka_unit_test(test_los_angeles),
        cmocka_unit_test(test_device_zone_ignored),
        cmocka_unit_test(test_footer_rule_far_future),
        cmocka_unit_test(test_from_local_gap_and_fold),
        cmocka_unit_test(test_fixed_and_bad_names),
        cmocka_unit_test(test_iso8601),
        cmocka_unit_test(test_civil_round_trip),
        cmocka_unit_test(test_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
