/* view: overview paging, the no-schedule frame, the burn-in shift, words
 * per language (when the picture changes is live's: tests/core/test_live.c).
 * A schedule is built in memory; frames are drawn with a software renderer
 * on a surface. */
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

#include "live.h"
#include "sched.h"
#include "text.h"
#include "tz.h"
#include "view.h"

#include "oneday.h"

struct fx {
    SDL_Surface *surf;
    SDL_Renderer *ren;
    struct text *t;
    struct view *v;
};

static int setup_lang(void **state, const char *lang)
{
    struct fx *f = calloc(1, sizeof(*f));
    f->surf = SDL_CreateRGBSurfaceWithFormat(0, 1280, 720, 32, SDL_PIXELFORMAT_RGB888);
    f->ren = SDL_CreateSoftwareRenderer(f->surf);
    assert_non_null(f->ren);
    struct err err = {{0}};
    assert_true(text_new(f->ren, NULL, 0, 0, &f->t, &err));
    assert_true(view_new(f->t, lang, &f->v, &err));
    *state = f;
    return 0;
}

static int setup(void **state)
{
    return setup_lang(state, "en");
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

/* live's answer for S at NOW: ROOM ("Room 01") or, NULL, the overview at
 * cycle position POS of PAGES pages. */
static void answer(struct live *l, const struct sched *s, const char *room, int64_t now, size_t pos,
                   int pages)
{
    const char *rooms[] = {room};
    struct live_opts opts = {rooms, room ? 1 : 0, -1, -1, 0, 0};
    struct live_in in = {.sched = s, .now = now, .opts = &opts, .cycle_pos = pos};
    struct err err = {{0}};
    in.overview_pages = pages;
    assert_true(live_compute(&in, l, &err));
}

static void test_overview_pages(void **state)
{
    struct fx *f = *state;
    struct sched *few = oneday(4, false), *many = oneday(30, false);
    assert_int_equal(view_overview_pages(f->v, few->nrooms, 1920, 1080), 1);
    int landscape = view_overview_pages(f->v, many->nrooms, 1920, 1080);
    int portrait = view_overview_pages(f->v, many->nrooms, 1080, 1920);
    assert_true(landscape >= 2 && landscape <= 4);
    assert_true(portrait >= 2 && portrait <= 4);
    assert_int_equal(view_overview_pages(f->v, 0, 1920, 1080), 1);
    /* every page is drawn, the last one wraps to the first */
    for (int p = 0; p <= landscape; p++) {
        struct live l;
        struct view_frame fr = {0};
        answer(&l, many, NULL, T(10, 0, 0), (size_t)p, landscape);
        assert_int_equal(l.page, p % landscape);
        fr.live = &l;
        view_draw(f->v, f->ren, 1280, 720, &fr);
        live_clear(&l);
    }
    sched_free(few);
    sched_free(many);
}

/* The last frame's layout dump (boxes and their texts) into BUF. */
static void dump_text(struct view *v, char *buf, size_t size)
{
    char path[] = "/tmp/rb-test-view-XXXXXX";
    int fd = mkstemp(path);
    struct err err = {{0}};

    assert_true(fd >= 0);
    assert_true(view_dump_layout(v, path, &err));
    FILE *fp = fdopen(fd, "r");
    size_t n = fread(buf, 1, size - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    unlink(path);
}

static void test_no_schedule_frame(void **state)
{
    struct fx *f = *state;
    struct live_source src = {"", "https://example.org/schedule.json", -1, false, "HTTP 404", ""};
    struct live_in in = {.now = 1000, .src = &src};
    struct live l;
    struct view_frame fr = {0};
    struct err err = {{0}};
    assert_true(live_compute(&in, &l, &err));
    fr.live = &l;
    view_draw(f->v, f->ren, 1280, 720, &fr);
    char buf[8192];
    dump_text(f->v, buf, sizeof(buf));
    assert_non_null(strstr(buf, "No schedule yet from https://example.org/schedule.json"));
    assert_non_null(strstr(buf, "last error: HTTP 404"));
    /* a next change exists even without a schedule (the loop never stalls) */
    assert_int_equal(l.next_change, 1020);
    live_clear(&l);
}

/* Several sources: the status line names the one that is stale or has no
 * copy yet, not the main one that is fine. */
static void test_status_names_stale_source(void **state)
{
    struct fx *f = *state;
    struct live_source src[2] = {
        {"network", "https://fahrplan.example/main.json", 900, false, "", "frab-json"},
        {"", "https://fahrplan.example/workshops.json", -1, true, "HTTP 404", ""}};
    struct sched *s = oneday(2, false);
    struct live_in in = {.sched = s, .now = s->first_start, .src = src, .nsrc = 2};
    struct live l;
    struct view_frame fr = {0};
    struct err err = {{0}};
    char buf[8192];

    assert_true(live_compute(&in, &l, &err));
    assert_int_equal(l.nsrcs, 2);
    assert_int_equal(l.src_index, 1);
    assert_string_equal(l.srcs[0].url, "https://fahrplan.example/main.json");
    fr.live = &l;
    view_draw(f->v, f->ren, 1280, 720, &fr);
    dump_text(f->v, buf, sizeof(buf));
    assert_non_null(strstr(buf, "last error: https://fahrplan.example/workshops.json: HTTP 404"));
    assert_non_null(strstr(buf, "No schedule yet from https://fahrplan.example/workshops.json"));
    assert_null(strstr(buf, "main.json"));
    live_clear(&l);
    sched_free(s);
}

/* The x of the first box whose id is ID in the last frame's dump. */
static int box_x(struct view *v, const char *id)
{
    char path[] = "/tmp/rb-test-view-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    struct err err = {{0}};
    assert_true(view_dump_layout(v, path, &err));
    FILE *fp = fdopen(fd, "r");
    static char buf[65536];
    size_t n = fread(buf, 1, sizeof(buf) - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    unlink(path);
    char key[64];
    snprintf(key, sizeof(key), "{\"id\":\"%s\"", id);
    const char *p = strstr(buf, key);
    assert_non_null(p);
    p = strstr(p, "\"box\":[");
    assert_non_null(p);
    char *end;
    long x = strtol(p + 7, &end, 10);
    assert_true(end != p + 7 && *end == ',');
    return (int)x;
}

static void test_burn_in_shift(void **state)
{
    struct fx *f = *state;
    struct sched *s = oneday(2, false);
    struct view_frame fr = {0};
    struct live l;
    answer(&l, s, "Room 01", T(9, 5, 0), 0, 1); /* in a talk */
    fr.live = &l;
    view_draw(f->v, f->ren, 1280, 720, &fr);
    int x0 = box_x(f->v, "header.title"), n0 = box_x(f->v, "now.title");
    fr.shift_x = 4;
    fr.shift_y = -4;
    view_draw(f->v, f->ren, 1280, 720, &fr);
    /* the whole layout moves */
    assert_int_equal(box_x(f->v, "header.title"), x0 + 4);
    assert_int_equal(box_x(f->v, "now.title"), n0 + 4);
    live_clear(&l);
    sched_free(s);
}

static void test_words(void **state)
{
    (void)state;
    struct view *v = NULL;
    struct err err = {{0}};
    assert_true(view_new(NULL, "de", &v, &err));
    assert_string_equal(view_word(v, "info"), "Bildschirm-Info");
    view_free(v);
    assert_true(view_new(NULL, "fr-CH", &v, &err));
    assert_string_equal(view_word(v, "info"), "Infos de l’écran");
    view_free(v);
    assert_true(view_new(NULL, "xx", &v, &err));
    assert_string_equal(view_word(v, "info"), "Screen info");
    view_free(v);
    view_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_overview_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_status_names_stale_source, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_schedule_frame, setup, teardown),
        cmocka_unit_test_setup_teardown(test_burn_in_shift, setup, teardown),
        cmocka_unit_test(test_words),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    TTF_Quit();
    SDL_Quit();
    return rc;
}
