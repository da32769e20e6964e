/* --state and the screen agree: for the same inputs (schedule, instant,
 * clock trust, rooms), the texts the view lays out are the texts
 * state_json() prints, at every engine status (in-session,
 * between-sessions, done-for-today, before-event, after-event), on the
 * overview, and with the clock unset. Both come from one live answer;
 * this test proves the view adds no policy of its own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <SDL_ttf.h>
#include <cjson/cJSON.h>

#include "live.h"
#include "read.h"
#include "sched.h"
#include "state.h"
#include "text.h"
#include "tz.h"
#include "view.h"

struct fx {
    SDL_Surface *surf;
    SDL_Renderer *ren;
    struct text *t;
    struct view *v;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    struct err err = {{0}};
    f->surf = SDL_CreateRGBSurfaceWithFormat(0, 1920, 1080, 32, SDL_PIXELFORMAT_RGB888);
    f->ren = SDL_CreateSoftwareRenderer(f->surf);
    assert_non_null(f->ren);
    assert_true(text_new(f->ren, NULL, 0, 0, &f->t, &err));
    assert_true(view_new(f->t, "en", &f->v, &err));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    view_free(f->v);
    text_free(f->t);
    SDL_DestroyRenderer(f->ren);
    SDL_FreeSurface(f->surf);
    free(f);
    return 0;
}

static struct sched *load(const char *name)
{
    char path[1024];
    struct sched *s = NULL;
    struct err err = {{0}};
    const char *dir = getenv("RB_TEST_DATA");
    assert_non_null(dir);
    snprintf(path, sizeof(path), "%s/core/%s", dir, name);
    if (!read_path(path, 0, NULL, &s, NULL, &err))
        fail_msg("%s", err.msg);
    return s;
}

/* One case: both outputs for the same input. */
struct both {
    struct live l;
    cJSON *state;  /* state_json() parsed */
    cJSON *layout; /* view_dump_layout() parsed */
};

static void produce(struct fx *f, struct both *b, const char *sched_name, const char *room,
                    const char *at, enum live_clock clock)
{
    struct sched *s = load(sched_name);
    const char *rooms[] = {room};
    struct live_opts opts = {rooms, room ? 1 : 0, -1, -1, 0, 0};
    struct live_source src = {"file", sched_name, -1, false, "", ""};
    struct live_in in = {.sched = s, .clock = clock, .opts = &opts, .src = &src};
    struct err err = {{0}};
    if (!tz_parse_iso8601(at, &in.now, NULL, &err))
        fail_msg("%s", err.msg);
    in.overview_pages = view_overview_pages(f->v, s->nrooms, 1920, 1080);
    assert_true(live_compute(&in, &b->l, &err));

    char *js = state_json(&b->l);
    assert_non_null(js);
    b->state = cJSON_Parse(js);
    free(js);
    assert_non_null(b->state);

    struct view_frame fr = {.live = &b->l};
    view_draw(f->v, f->ren, 1920, 1080, &fr);
    char path[] = "/tmp/rb-test-agree-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_true(view_dump_layout(f->v, path, &err));
    char *text = NULL;
    size_t len = 0;
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    text = malloc(1 << 20);
    len = fread(text, 1, (1 << 20) - 1, fp);
    text[len] = '\0';
    fclose(fp);
    unlink(path);
    b->layout = cJSON_Parse(text);
    free(text);
    assert_non_null(b->layout);
}

static void release(struct both *b)
{
    const struct sched *s = b->l.sched;
    live_clear(&b->l);
    sched_free((struct sched *)s);
    cJSON_Delete(b->state);
    cJSON_Delete(b->layout);
}

/* The text of the Nth box (0-based) with id ID, or NULL. */
static const char *box(const struct both *b, const char *id, int nth)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(b->layout, "boxes"))
    {
        const cJSON *i = cJSON_GetObjectItemCaseSensitive(e, "id");
        if (cJSON_IsString(i) && strcmp(i->valuestring, id) == 0 && nth-- == 0)
            return cJSON_GetObjectItemCaseSensitive(e, "text")->valuestring;
    }
    return NULL;
}

static int count(const struct both *b, const char *id)
{
    int n = 0;
    while (box(b, id, n))
        n++;
    return n;
}

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    assert_true(cJSON_IsNumber(v));
    return v->valueint;
}

static void assert_contains(const char *hay, const char *needle)
{
    if (!hay || !strstr(hay, needle))
        fail_msg("'%s' does not contain '%s'", hay ? hay : "(none)", needle);
}

/* "ends in 12 min" / "1 h 5 min" as the English view writes minutes. */
static void minutes_text(int m, char *buf, size_t n)
{
    if (m < 60)
        snprintf(buf, n, "%d min", m);
    else
        snprintf(buf, n, "%d h %d min", m / 60, m % 60);
}

static void title_text(const cJSON *sess, char *buf, size_t n)
{
    bool c = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(sess, "cancelled"));
    snprintf(buf, n, "%s%s", c ? "CANCELLED: " : "", str(sess, "title"));
}

static void check_header(const struct both *b, const cJSON *room, bool waiting)
{
    const char *at = str(b->state, "at");
    char hm[8];
    assert_string_equal(box(b, "header.title", 0), str(room, "room"));
    snprintf(hm, sizeof(hm), "%.5s", at + 11);
    if (waiting) {
        assert_string_equal(str(b->state, "clock"), "waiting");
        assert_null(box(b, "header.clock", 0));
        assert_contains(box(b, "status", 0), "Waiting for the time");
    } else {
        assert_string_equal(box(b, "header.clock", 0), hm);
    }
}

static void check_now(const struct both *b, const cJSON *room, bool waiting)
{
    const cJSON *now = cJSON_GetObjectItemCaseSensitive(room, "now");
    const char *msg = str(room, "message");
    char want[256], d[32];
    if (cJSON_IsNull(now)) {
        assert_null(box(b, "now.title", 0));
        assert_non_null(msg);
        if (strcmp(msg, "free-until") == 0)
            snprintf(want, sizeof(want), "Room free until %s", str(room, "free_until"));
        else if (strcmp(msg, "done-for-today") == 0)
            snprintf(want, sizeof(want), "No more sessions in this room today");
        else if (strcmp(msg, "event-starts") == 0)
            snprintf(want, sizeof(want), "The event starts");
        else
            snprintf(want, sizeof(want), "The event is over");
        assert_contains(box(b, "now.message", 0), want);
        return;
    }
    assert_null(msg);
    assert_string_equal(box(b, "now.title", 0), str(now, "title"));
    snprintf(want, sizeof(want), "%s – %s", str(now, "start"), str(now, "end"));
    assert_contains(box(b, "now.time", 0), want);
    if (!waiting) {
        minutes_text(num(now, "ends_in_min"), d, sizeof(d));
        snprintf(want, sizeof(want), "ends in %s", d);
        assert_string_equal(box(b, "card.note", 0), want);
    }
}

static void check_next(const struct both *b, const cJSON *room, bool waiting)
{
    const cJSON *next = cJSON_GetObjectItemCaseSensitive(room, "next");
    char want[256], d[32];
    if (cJSON_IsNull(next)) {
        assert_null(box(b, "next.title", 0));
        return;
    }
    assert_string_equal(box(b, "next.title", 0), str(next, "title"));
    snprintf(want, sizeof(want), "%s – %s", str(next, "start"), str(next, "end"));
    assert_contains(box(b, "next.time", 0), want);
    if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(next, "same_day"))) {
        assert_contains(box(b, "next.label", 0), str(next, "start")); /* "Next: Friday 09:00" */
    } else if (!waiting) {
        minutes_text(num(next, "starts_in_min"), d, sizeof(d));
        snprintf(want, sizeof(want), "starts in %s", d);
        const char *note =
            box(b, "card.note", cJSON_IsNull(cJSON_GetObjectItem(room, "now")) ? 0 : 1);
        if (!(note && (strcmp(note, want) == 0 || strcmp(note, "starting now") == 0)))
            fail_msg("next note '%s', want '%s'", note ? note : "(none)", want);
    }
}

static void check_later_and_banner(const struct both *b, const cJSON *room)
{
    const cJSON *later = cJSON_GetObjectItemCaseSensitive(room, "later");
    const cJSON *ann = cJSON_GetObjectItemCaseSensitive(room, "announcements");
    int drawn = count(b, "later.title");
    char want[2048] = "", t[512];
    assert_true(drawn <= cJSON_GetArraySize(later));
    if (cJSON_GetArraySize(later) > 0)
        assert_true(drawn >= 1);
    for (int i = 0; i < drawn; i++) {
        const cJSON *x = cJSON_GetArrayItem(later, i);
        title_text(x, t, sizeof(t));
        assert_string_equal(box(b, "later.title", i), t);
        assert_string_equal(box(b, "later.time", i), str(x, "start"));
    }
    size_t at = 0;
    for (int i = 0; i < cJSON_GetArraySize(ann); i++)
        at += (size_t)snprintf(want + at, sizeof(want) - at, "%s%s", i ? "   •   " : "",
                               cJSON_GetArrayItem(ann, i)->valuestring);
    if (at)
        assert_string_equal(box(b, "banner", 0), want);
    else
        assert_null(box(b, "banner", 0));
}

/* A door screen for ROOM at AT: the room in --state is the room drawn. */
static void check_room(struct fx *f, const char *sched_name, const char *room, const char *at,
                       enum live_clock clock, const char *status)
{
    struct both b;
    bool waiting = clock == LIVE_CLOCK_WAITING;
    produce(f, &b, sched_name, room, at, clock);
    const cJSON *rooms = cJSON_GetObjectItemCaseSensitive(b.state, "rooms");
    assert_int_equal(cJSON_GetArraySize(rooms), 1);
    const cJSON *r = cJSON_GetArrayItem(rooms, 0);
    assert_string_equal(str(r, "status"), status);
    check_header(&b, r, waiting);
    check_now(&b, r, waiting);
    check_next(&b, r, waiting);
    check_later_and_banner(&b, r);
    release(&b);
}

static void test_in_session(void **state)
{
    check_room(*state, "quirks.json", "Main Hall", "2026-10-24T10:10:00+02:00", LIVE_CLOCK_OK,
               "in-session");
    /* a running talk with a live announcement in the banner */
    check_room(*state, "quirks.json", "Main Hall", "2026-10-24T12:10:00+02:00", LIVE_CLOCK_OK,
               "in-session");
}

static void test_between(void **state)
{
    check_room(*state, "lyon-track2.json", "Forum 3", "2019-10-31T12:35:00+01:00", LIVE_CLOCK_OK,
               "between-sessions");
    check_room(*state, "quirks.json", "Main Hall", "2026-10-24T11:15:00+02:00", LIVE_CLOCK_OK,
               "between-sessions");
}

static void test_done_for_today(void **state)
{
    check_room(*state, "lyon-track2.json", "Forum 3", "2019-10-31T16:30:00+01:00", LIVE_CLOCK_OK,
               "done-for-today");
    check_room(*state, "quirks.json", "Side Room", "2026-10-24T12:10:00+02:00", LIVE_CLOCK_OK,
               "done-for-today");
}

static void test_before_and_after(void **state)
{
    check_room(*state, "quirks.json", "Main Hall", "2026-10-23T12:00:00+02:00", LIVE_CLOCK_OK,
               "before-event");
    check_room(*state, "quirks.json", "Side Room", "2026-10-30T12:00:00+01:00", LIVE_CLOCK_OK,
               "after-event");
}

/* Clock unset: whatever the (wrong) reading, both answer for the same
 * fallback instant, and neither shows a clock or "ends in". */
static void test_clock_unset(void **state)
{
    check_room(*state, "lyon-track2.json", "Forum 3", "1970-01-01T00:00:05Z", LIVE_CLOCK_WAITING,
               "before-event");
    check_room(*state, "quirks.json", "Main Hall", "1970-01-01T00:00:05Z", LIVE_CLOCK_WAITING,
               "before-event");
}

/* The lobby: every row is the room --state lists in that place, with its
 * now or message and its next; the banner carries every live announcement. */
static void test_overview(void **state)
{
    struct both b;
    char want[1024];
    produce(*state, &b, "quirks.json", NULL, "2026-10-24T12:10:00+02:00", LIVE_CLOCK_OK);
    const cJSON *rooms = cJSON_GetObjectItemCaseSensitive(b.state, "rooms");
    const cJSON *screen = cJSON_GetObjectItemCaseSensitive(b.state, "screen");
    assert_string_equal(str(screen, "view"), "overview");
    assert_int_equal(count(&b, "overview.room"), cJSON_GetArraySize(rooms));
    int nowbox = 0;
    for (int i = 0; i < cJSON_GetArraySize(rooms); i++) {
        const cJSON *r = cJSON_GetArrayItem(rooms, i);
        const cJSON *now = cJSON_GetObjectItemCaseSensitive(r, "now");
        assert_string_equal(box(&b, "overview.room", i), str(r, "room"));
        if (!cJSON_IsNull(now))
            title_text(now, want, sizeof(want));
        else if (str(r, "free_until"))
            snprintf(want, sizeof(want), "Room free until %s", str(r, "free_until"));
        else if (strcmp(str(r, "status"), "done-for-today") == 0)
            snprintf(want, sizeof(want), "Done for today");
        else
            snprintf(want, sizeof(want), "—");
        assert_string_equal(box(&b, "overview.now", nowbox++), want);
    }
    const cJSON *ann = cJSON_GetObjectItemCaseSensitive(screen, "announcements");
    size_t at = 0;
    for (int i = 0; i < cJSON_GetArraySize(ann); i++) {
        const cJSON *a = cJSON_GetArrayItem(ann, i);
        const char *rn = str(a, "room");
        at += (size_t)snprintf(want + at, sizeof(want) - at, "%s%s%s%s", i ? "   •   " : "",
                               rn ? rn : "", rn ? ": " : "", str(a, "text"));
    }
    assert_true(at > 0);
    assert_string_equal(box(&b, "banner", 0), want);
    release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_in_session, setup, teardown),
        cmocka_unit_test_setup_teardown(test_between, setup, teardown),
        cmocka_unit_test_setup_teardown(test_done_for_today, setup, teardown),
        cmocka_unit_test_setup_teardown(test_before_and_after, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clock_unset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_overview, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    TTF_Quit();
    SDL_Quit();
    return rc;
}
