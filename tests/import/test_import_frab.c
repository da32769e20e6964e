/* frab/pretalx JSON: the real pretalx exports round-trip through the frab
 * reader and the writer without losing a session or moving one; the output
 * has the c3voc schema's required keys; the quirks fixture normalises. */
#include "imp_test.h"

#include <cjson/cJSON.h>

#include "read.h"

/* Number of events in a schedule.json, counted independently of the model. */
static size_t count_events(const char *json)
{
    cJSON *root = cJSON_Parse(json), *day, *list;
    size_t n = 0;

    assert_non_null(root);
    cJSON *days = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "schedule"),
                                         "conference"),
        "days");
    cJSON_ArrayForEach(day, days)
    {
        cJSON_ArrayForEach(list, cJSON_GetObjectItemCaseSensitive(day, "rooms"))
        {
            n += (size_t)cJSON_GetArraySize(list);
        }
    }
    cJSON_Delete(root);
    return n;
}

static void assert_keys(const cJSON *o, const char *const *keys, const char *what)
{
    for (size_t i = 0; keys[i]; i++) {
        if (!cJSON_GetObjectItemCaseSensitive(o, keys[i]))
            fail_msg("%s lacks required key '%s'", what, keys[i]);
    }
}

/* The required keys of the c3voc schema (shared/formats/schema.json). */
static void assert_c3voc_required(const char *json)
{
    static const char *const top[] = {"schedule", NULL};
    static const char *const sched[] = {"conference", "version", NULL};
    static const char *const conf[] = {"title", "acronym",           "days", "daysCount", "start",
                                       "end",   "timeslot_duration", NULL};
    static const char *const day[] = {"date", "day_end", "day_start", "index", "rooms", NULL};
    static const char *const ev[] = {"abstract", "date",    "duration", "guid", "id",    "language",
                                     "links",    "persons", "room",     "slug", "start", "subtitle",
                                     "title",    "track",   "type",     "url",  NULL};
    static const char *const person[] = {"public_name", "id", NULL};
    cJSON *root = cJSON_Parse(json), *d, *list, *e, *p;
    size_t nev = 0;

    assert_non_null(root);
    assert_keys(root, top, "document");
    cJSON *s = cJSON_GetObjectItemCaseSensitive(root, "schedule");
    assert_keys(s, sched, "schedule");
    cJSON *c = cJSON_GetObjectItemCaseSensitive(s, "conference");
    assert_keys(c, conf, "conference");
    cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(c, "days"))
    {
        assert_keys(d, day, "day");
        cJSON_ArrayForEach(list, cJSON_GetObjectItemCaseSensitive(d, "rooms"))
        {
            cJSON_ArrayForEach(e, list)
            {
                assert_keys(e, ev, "event");
                cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(e, "persons"))
                {
                    assert_keys(p, person, "person");
                }
                nev++;
            }
        }
    }
    assert_true(nev > 0);
    cJSON_Delete(root);
}

static void same_sessions(const struct sched *a, const struct sched *b)
{
    assert_int_equal(a->nsessions, b->nsessions);
    assert_int_equal(a->nrooms, b->nrooms);
    for (size_t i = 0; i < a->nsessions; i++) {
        const struct sched_session *x = &a->sessions[i], *y = &b->sessions[i];
        assert_string_equal(x->guid, y->guid);
        assert_string_equal(x->title, y->title);
        assert_string_equal(room_of(a, x), room_of(b, y));
        assert_int_equal(x->start, y->start);
        assert_int_equal(x->end, y->end);
        assert_int_equal(x->nspeakers, y->nspeakers);
        for (size_t k = 0; k < x->nspeakers; k++)
            assert_string_equal(x->speakers[k], y->speakers[k]);
        assert_string_equal(x->track, y->track);
        assert_string_equal(x->abstract, y->abstract);
    }
}

static void round_trip(const char *rel, size_t expect_sessions)
{
    size_t len;
    char *raw = fixture("RB_SHARED", rel, &len);
    struct sched *a = NULL, *b = NULL;
    struct imp_info info = {0};
    struct err err = {{0}};
    char *json;

    assert_int_equal(read_detect(raw, len), READ_FRAB_JSON);
    if (!imp_read(IMP_AUTO, raw, len, NULL, &a, &info, &err))
        fail_msg("%s: %s", rel, err.msg);
    assert_int_equal(a->nsessions, count_events(raw));
    assert_int_equal(a->nsessions, expect_sessions);
    json = sched_to_json(a);
    assert_non_null(json);
    assert_c3voc_required(json);
    assert_int_equal(count_events(json), expect_sessions);
    if (!imp_read(IMP_FRAB, json, strlen(json), NULL, &b, NULL, &err))
        fail_msg("%s written back: %s", rel, err.msg);
    same_sessions(a, b);
    sched_free(a);
    sched_free(b);
    free(json);
    free(raw);
}

static void test_pretalx_democon_round_trip(void **state)
{
    (void)state;
    round_trip("formats/pretalx-democon.json", 36);
}

static void test_pretalx_rc3_round_trip(void **state)
{
    (void)state;
    round_trip("formats/pretalx-rc3.json", 48);
}

static void test_quirks(void **state)
{
    struct sched *s = import_ok(IMP_AUTO, "RB_TEST_DATA", "import/frab-quirks.json", NULL, NULL);
    const struct sched_session *x;

    (void)state;
    assert_int_equal(s->nsessions, 2);
    assert_int_equal(s->nrooms, 1); /* empty "rooms" list: rooms from the day keys */
    x = by_title(s, "Offsets win & tags go");
    assert_int_equal(x->start, 1709629200); /* 10:00+01:00 */
    assert_int_equal(x->end, 1709629200 + 45 * 60);
    assert_speakers(x, "Plain String Speaker", "Object Speaker", NULL);
    assert_string_equal(x->abstract, "Line one\nLine two");
    /* "start" only, before the day's 04:00: the next calendar date. */
    x = by_title(s, "After midnight, no date");
    assert_int_equal(x->start, 1709629200 + 15 * 3600 + 30 * 60); /* 03-06 01:30+01:00 */
    assert_speakers(x, "Only Name", NULL);
    sched_free(s);
}

static void test_rejections(void **state)
{
    struct err err;

    (void)state;
    import_fails(IMP_FRAB, "import/frab-broken-duration.json", NULL, &err);
    assert_string_equal(err.msg, "schedule: event 'Bad duration' has an unreadable duration '1h'");
    import_fails(IMP_AUTO, "import/frab-no-events.json", NULL, &err);
    assert_string_equal(err.msg, "frab-json: no sessions found: the schedule holds no event");
    import_fails(IMP_FRAB, "import/error-page.html", NULL, &err);
    assert_non_null(strstr(err.msg, "the body is an HTML page, not a schedule"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pretalx_democon_round_trip),
        cmocka_unit_test(test_pretalx_rc3_round_trip),
        cmocka_unit_test(test_quirks),
        cmocka_unit_test(test_rejections),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
