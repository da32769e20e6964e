/* overview: the lobby as a departure board, checked from the layout the view
 * computes (view_dump_layout), for 1, 4, 12, 40 and 70 rooms of a generated
 * congress (roomboard-gen's names and titles: accents, Greek, Cyrillic,
 * CJK, long titles), landscape and portrait, at 720p, 1080p and 4K:
 *
 * - every text box stays inside its row and its ink inside its box;
 * - one type scale per screen: every room name, every title, every time of
 *   every page in the same size, never shrunk per cell, titles at most two
 *   lines, the smallest text no smaller than 2.2 units;
 * - the pages cover every room exactly once, in the schedule's order;
 * - every piece of text meets 7:1 against the pixels actually behind it;
 * - patterns select the right rooms.
 *
 * Frames are drawn with the software renderer on a surface. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cJSON.h>
#include <cmocka.h>

#include "gen.h"
#include "live.h"
#include "palette.h"
#include "sched.h"
#include "text.h"
#include "view.h"

struct size {
    int w, h;
};

static const struct size SIZES[] = {
    {1280, 720}, {1920, 1080}, {3840, 2160}, {720, 1280}, {1080, 1920}, {2160, 3840},
};
static const size_t ROOMS[] = {1, 4, 12, 40, 70};

static char outdir[1024];

static struct sched *congress(size_t rooms)
{
    struct gen_opts o;
    gen_congress(&o);
    o.rooms = rooms;
    o.days = 1;
    o.sessions = rooms * 9;
    struct sched *s = NULL;
    struct err err = {{0}};
    if (!gen_build(&o, &s, &err))
        fail_msg("gen: %s", err.msg);
    return s;
}

/* The instant shown: 95 minutes after the first session starts, so most
 * rooms have a talk running and one coming. */
static int64_t instant(const struct sched *s)
{
    return s->first_start + 95 * 60;
}

struct fx {
    SDL_Surface *surf;
    SDL_Renderer *ren;
    struct text *t;
    struct view *v;
};

static void fx_open(struct fx *f, int w, int h)
{
    struct err err = {{0}};
    f->surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGB888);
    assert_non_null(f->surf);
    f->ren = SDL_CreateSoftwareRenderer(f->surf);
    assert_non_null(f->ren);
    assert_true(text_new(f->ren, NULL, 0, 0, &f->t, &err));
    assert_true(view_new(f->t, "en", &f->v, &err));
}

static void fx_close(struct fx *f)
{
    view_free(f->v);
    text_free(f->t);
    SDL_DestroyRenderer(f->ren);
    SDL_FreeSurface(f->surf);
}

static void answer(struct live *l, const struct sched *s, const char *const *rooms, size_t n,
                   size_t pos, int pages)
{
    struct live_opts opts = {rooms, n, -1, -1, 0, 0};
    struct live_in in = {.sched = s, .now = instant(s), .opts = &opts, .cycle_pos = pos};
    struct err err = {{0}};
    in.overview_pages = pages;
    assert_true(live_compute(&in, l, &err));
}

/* Draws the frame and returns its layout (free with cJSON_Delete). */
static cJSON *draw(struct fx *f, const struct live *l, int w, int h)
{
    struct view_frame fr = {0};
    char path[1200];
    struct err err = {{0}};
    fr.live = l;
    view_draw(f->v, f->ren, w, h, &fr);
    int k = snprintf(path, sizeof(path), "%s/layout-%dx%d.json", outdir, w, h);
    assert_true(k > 0 && (size_t)k < sizeof(path));
    assert_true(view_dump_layout(f->v, path, &err));
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof(buf) - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    cJSON *j = cJSON_Parse(buf);
    assert_non_null(j);
    return j;
}

static void rect_of(const cJSON *b, const char *key, int r[4])
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(b, key);
    assert_true(cJSON_IsArray(a) && cJSON_GetArraySize(a) == 4);
    for (int i = 0; i < 4; i++)
        r[i] = cJSON_GetArrayItem(a, i)->valueint;
}

static int num(const cJSON *b, const char *key)
{
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(b, key);
    assert_true(cJSON_IsNumber(n));
    return n->valueint;
}

static const char *str(const cJSON *b, const char *key)
{
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(b, key);
    assert_true(cJSON_IsString(n));
    return n->valuestring;
}

static bool inside(const int in[4], const int out[4])
{
    return in[0] >= out[0] && in[1] >= out[1] && in[0] + in[2] <= out[0] + out[2] &&
           in[1] + in[3] <= out[1] + out[3];
}

/* The most frequent pixel colour in rectangle R of the frame: the
 * background the text sits on (glyphs cover less than half of their box). */
static uint32_t background(SDL_Surface *s, const int r[4])
{
    enum { SLOTS = 64 };
    uint32_t col[SLOTS];
    int cnt[SLOTS], n = 0;
    for (int y = r[1]; y < r[1] + r[3] && y < s->h; y++) {
        const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * s->pitch);
        for (int x = r[0]; x < r[0] + r[2] && x < s->w; x += 2) {
            uint32_t c = row[x] & 0xFFFFFFu;
            int i = 0;
            while (i < n && col[i] != c)
                i++;
            if (i == n && n < SLOTS) {
                col[n] = c;
                cnt[n++] = 0;
            }
            if (i < n)
                cnt[i]++;
        }
    }
    int best = 0;
    for (int i = 1; i < n; i++)
        if (cnt[i] > cnt[best])
            best = i;
    return n ? col[best] : 0;
}

struct scale {
    int title, small; /* px of room names and titles; of times and tracks */
};

static bool is_id(const char *id, const char *const *ids)
{
    for (size_t i = 0; ids[i]; i++)
        if (strcmp(id, ids[i]) == 0)
            return true;
    return false;
}

/* Checks one page; appends its room names to seen[] (count in *nseen). */
static void check_page(struct fx *f, const cJSON *j, const char *what, struct scale *sc,
                       const char **seen, size_t *nseen, size_t cap)
{
    static const char *const big[] = {"overview.room", "overview.now", "overview.next", NULL};
    static const char *const small[] = {"overview.now.until", "overview.next.time",
                                        "overview.track", NULL};
    double u = (f->surf->w < f->surf->h ? f->surf->w : f->surf->h) / 100.0;
    int floor_px = (int)(2.2 * u + 0.5);
    const cJSON *b;
    cJSON_ArrayForEach(b, cJSON_GetObjectItemCaseSensitive(j, "boxes"))
    {
        const char *id = str(b, "id");
        int parent[4], box[4], ink[4];
        rect_of(b, "parent", parent);
        rect_of(b, "box", box);
        rect_of(b, "ink", ink);
        if (!inside(box, parent))
            fail_msg("%s: %s box [%d %d %d %d] leaves its cell [%d %d %d %d]", what, id, box[0],
                     box[1], box[2], box[3], parent[0], parent[1], parent[2], parent[3]);
        if (ink[2] > 0 && !inside(ink, box))
            fail_msg("%s: %s \"%s\" drawn outside its box", what, id, str(b, "text"));
        /* contrast against what is really behind the text */
        if (ink[2] > 0 && ink[3] > 0) {
            uint32_t fg = 0;
            const char *hex = str(b, "rgb");
            char *end;
            fg = (uint32_t)strtoul(hex + 1, &end, 16);
            assert_true(hex[0] == '#' && *end == '\0');
            uint32_t bg = background(f->surf, ink);
            double cr = palette_contrast(fg, bg);
            if (cr < PALETTE_MIN_CONTRAST)
                fail_msg("%s: %s \"%s\" #%06X on #%06X is %.2f:1", what, id, str(b, "text"), fg, bg,
                         cr);
        }
        bool is_big = is_id(id, big), is_small = is_id(id, small);
        if (!is_big && !is_small)
            continue;
        int px = num(b, "px");
        /* one scale: never shrunk in its cell, the same on every row */
        assert_int_equal(px, num(b, "min_px"));
        assert_true(num(b, "lines") <= 2);
        int *want = is_big ? &sc->title : &sc->small;
        if (*want == 0)
            *want = px;
        if (px != *want)
            fail_msg("%s: %s \"%s\" at %d px, other rows at %d px", what, id, str(b, "text"), px,
                     *want);
        if (px < floor_px)
            fail_msg("%s: %s at %d px, below the floor of %d px", what, id, px, floor_px);
        if (strcmp(id, "overview.room") == 0) {
            assert_true(*nseen < cap);
            seen[(*nseen)++] = str(b, "text");
        }
    }
}

/* Every room once, in the schedule's order, over all pages of one screen. */
static void check_screen(struct sched *s, size_t nrooms, struct size sz)
{
    struct fx f;
    char what[128];
    fx_open(&f, sz.w, sz.h);
    int pages = view_overview_pages(f.v, nrooms, sz.w, sz.h);
    assert_true(pages >= 1);
    if (nrooms <= 4)
        assert_int_equal(pages, 1);
    struct scale sc = {0, 0};
    const char **seen = calloc(nrooms + 1, sizeof(*seen));
    cJSON **keep = calloc((size_t)pages, sizeof(*keep));
    assert_true(seen && keep);
    size_t nseen = 0;
    for (int p = 0; p < pages; p++) {
        struct live l;
        answer(&l, s, NULL, 0, (size_t)p, pages);
        assert_true(l.overview);
        assert_int_equal(l.page, p);
        assert_true(l.cycle_s >= LIVE_MIN_PAGE_S);
        keep[p] = draw(&f, &l, sz.w, sz.h);
        snprintf(what, sizeof(what), "%zu rooms %dx%d page %d/%d", nrooms, sz.w, sz.h, p + 1,
                 pages);
        check_page(&f, keep[p], what, &sc, seen, &nseen, nrooms + 1);
        live_clear(&l);
    }
    if (nseen != nrooms)
        fail_msg("%zu rooms %dx%d: %zu room rows over %d pages", nrooms, sz.w, sz.h, nseen, pages);
    for (size_t i = 0; i < nrooms; i++)
        if (strcmp(seen[i], s->rooms[i].name) != 0)
            fail_msg("%zu rooms %dx%d: row %zu is \"%s\", the schedule's room %zu is \"%s\"",
                     nrooms, sz.w, sz.h, i, seen[i], i, s->rooms[i].name);
    assert_true(sc.title >= sc.small);
    printf("  %2zu rooms %4dx%-4d: %d page(s), titles %d px, times %d px\n", nrooms, sz.w, sz.h,
           pages, sc.title, sc.small);
    for (int p = 0; p < pages; p++)
        cJSON_Delete(keep[p]);
    free(keep);
    free(seen);
    fx_close(&f);
}

static void test_boards(void **state)
{
    (void)state;
    for (size_t r = 0; r < sizeof(ROOMS) / sizeof(ROOMS[0]); r++) {
        struct sched *s = congress(ROOMS[r]);
        assert_int_equal(s->nrooms, ROOMS[r]);
        for (size_t i = 0; i < sizeof(SIZES) / sizeof(SIZES[0]); i++)
            check_screen(s, ROOMS[r], SIZES[i]);
        sched_free(s);
    }
}

/* Portrait holds at least as many rows as landscape; 40 rooms need no more
 * than 5 pages anywhere; few rooms get larger type than many. */
static void test_pages_and_scale(void **state)
{
    (void)state;
    struct fx f;
    fx_open(&f, 1920, 1080);
    int land = view_overview_pages(f.v, 40, 1920, 1080);
    int port = view_overview_pages(f.v, 40, 1080, 1920);
    assert_true(land <= 5);
    assert_true(port <= land);
    assert_int_equal(view_overview_pages(f.v, 8, 1920, 1080), 1);
    assert_int_equal(view_overview_pages(f.v, 0, 1920, 1080), 1);
    fx_close(&f);
}

/* Patterns pick a building's rooms: a lobby of just those, in the
 * schedule's order. */
static void test_patterns(void **state)
{
    (void)state;
    struct sched *s = congress(40);
    const char *pat[] = {"saal*"};
    struct live l;
    answer(&l, s, pat, 1, 0, 1);
    assert_true(l.overview);
    size_t want = 0;
    for (size_t i = 0; i < s->nrooms; i++)
        want += strncasecmp(s->rooms[i].name, "saal", 4) == 0;
    assert_true(want >= 2 && want < s->nrooms);
    assert_int_equal(l.nrooms, want);
    size_t k = 0;
    for (size_t i = 0; i < s->nrooms; i++)
        if (strncasecmp(s->rooms[i].name, "saal", 4) == 0)
            assert_string_equal(l.rooms[k++].name, s->rooms[i].name);
    struct fx f;
    fx_open(&f, 1920, 1080);
    cJSON *j = draw(&f, &l, 1920, 1080);
    size_t rows = 0;
    const cJSON *b;
    cJSON_ArrayForEach(b, cJSON_GetObjectItemCaseSensitive(j, "boxes"))
    {
        if (strcmp(str(b, "id"), "overview.room") != 0)
            continue;
        assert_int_equal(strncasecmp(str(b, "text"), "saal", 4), 0);
        rows++;
    }
    assert_int_equal(rows, want);
    cJSON_Delete(j);
    fx_close(&f);
    live_clear(&l);
    sched_free(s);
}

/* A box of the layout by id (the first), or NULL. */
static const cJSON *box_by_id(const cJSON *j, const char *id)
{
    const cJSON *b;
    cJSON_ArrayForEach(b, cJSON_GetObjectItemCaseSensitive(j, "boxes"))
    {
        if (strcmp(str(b, "id"), id) == 0)
            return b;
    }
    return NULL;
}

/* The room view in portrait: the NEXT card ends below its time row instead
 * of leaving half its height empty, and the rest of the day gets the room
 * (issue 11). The room's name, "ends in" and the clock stay large. */
static void test_room_portrait(void **state)
{
    (void)state;
    struct sched *s = congress(4);
    const char *room[] = {s->rooms[0].name};
    struct live l;
    answer(&l, s, room, 1, 0, 1);
    assert_false(l.overview);
    assert_true(l.rooms[0].has_now && l.rooms[0].has_next);
    struct fx f;
    fx_open(&f, 1080, 1920);
    cJSON *j = draw(&f, &l, 1080, 1920);
    double u = 10.8;
    const cJSON *t = box_by_id(j, "next.time"), *sp = box_by_id(j, "next.speakers"),
                *ti = box_by_id(j, "next.title");
    assert_non_null(t);
    assert_non_null(ti);
    int tb[4], ink[4];
    rect_of(t, "box", tb);
    rect_of(sp ? sp : ti, "ink", ink);
    int gap = tb[1] - (ink[1] + ink[3]);
    if (gap > (int)(3 * u))
        fail_msg("portrait NEXT card: %d px between the speakers and the time row", gap);
    size_t later = 0;
    const cJSON *b;
    cJSON_ArrayForEach(b, cJSON_GetObjectItemCaseSensitive(j, "boxes"))
    {
        later += strcmp(str(b, "id"), "later.title") == 0;
    }
    assert_true(later >= 4);
    /* read from afar: the room name and the clock at 8 units, "ends in" 3.4 */
    assert_true(num(box_by_id(j, "header.title"), "px") >= (int)(6 * u));
    assert_true(num(box_by_id(j, "header.clock"), "px") >= (int)(7.5 * u));
    assert_true(num(box_by_id(j, "card.note"), "px") >= (int)(3.3 * u));
    cJSON_Delete(j);
    fx_close(&f);
    live_clear(&l);
    sched_free(s);
}

int main(void)
{
    const char *build = getenv("RB_BUILD");
    int k = snprintf(outdir, sizeof(outdir), "%s/screen-out/overview", build ? build : ".");
    char cmd[1200];
    if (k < 0 || (size_t)k >= sizeof(outdir))
        return 1;
    k = snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", outdir);
    if (k < 0 || (size_t)k >= sizeof(cmd) || system(cmd) != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pages_and_scale),
        cmocka_unit_test(test_patterns),
        cmocka_unit_test(test_room_portrait),
        cmocka_unit_test(test_boards),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
