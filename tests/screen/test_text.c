/* text: wrapping, fitting, ellipsis, font fallback and the texture cache,
 * with the real system fonts and a software renderer on a surface. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <SDL_ttf.h>

#include "text.h"
#include "utf8.h"

#define DEJAVU "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define NOTO   "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
#define CJK    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
#define ELL    "\xE2\x80\xA6"

struct fx {
    SDL_Surface *surf;
    SDL_Renderer *ren;
    struct text *t;
};

static int setup_cache(void **state, size_t cache)
{
    struct fx *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    f->surf = SDL_CreateRGBSurfaceWithFormat(0, 800, 600, 32, SDL_PIXELFORMAT_RGB888);
    assert_non_null(f->surf);
    f->ren = SDL_CreateSoftwareRenderer(f->surf);
    assert_non_null(f->ren);
    const char *fonts[] = {DEJAVU, NOTO, CJK};
    struct err err = {{0}};
    bool ok = text_new(f->ren, fonts, 3, cache, &f->t, &err);
    if (!ok)
        fprintf(stderr, "%s\n", err.msg);
    assert_true(ok);
    *state = f;
    return 0;
}

static int setup(void **state)
{
    return setup_cache(state, 0);
}

static int setup_small_cache(void **state)
{
    return setup_cache(state, 64 * 1024);
}

static int teardown(void **state)
{
    struct fx *f = *state;
    text_free(f->t);
    SDL_DestroyRenderer(f->ren);
    SDL_FreeSurface(f->surf);
    free(f);
    return 0;
}

static bool valid_utf8(const char *s)
{
    size_t len = strlen(s), i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        if (n == 0 || cp == 0xFFFD)
            return false;
        i += n;
    }
    return true;
}

/* Joins the lines with single spaces. */
static void joined(const struct text_layout *l, char *buf, size_t n)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < l->nlines && at < n; i++) {
        int k = snprintf(buf + at, n - at, "%s%s", i ? " " : "", l->lines[i]);
        assert_true(k >= 0 && (size_t)k < n - at); /* the test's buffer is big enough */
        at += (size_t)k;
    }
}

static void test_wrap_by_words(void **state)
{
    struct fx *f = *state;
    const char *s = "The quick brown fox jumps over the lazy dog and keeps running far away";
    struct text_box box = {300, 400, 32, 0, 0, TEXT_REGULAR, TEXT_LEFT};
    struct text_layout l;
    text_layout(f->t, s, &box, &l);
    assert_true(l.nlines >= 3);
    assert_false(l.fit.ellipsised);
    assert_false(l.fit.shrunk);
    assert_int_equal(l.fit.px, 32);
    for (size_t i = 0; i < l.nlines; i++) {
        assert_true(l.widths[i] <= 300);
        assert_true(l.widths[i] > 0);
        size_t n = strlen(l.lines[i]);
        assert_true(l.lines[i][0] != ' ' && l.lines[i][n - 1] != ' ');
    }
    /* Greedy: the next line's first word would not have fitted. */
    for (size_t i = 0; i + 1 < l.nlines; i++) {
        char probe[512];
        char word[128];
        sscanf(l.lines[i + 1], "%127s", word);
        snprintf(probe, sizeof(probe), "%s %s", l.lines[i], word);
        struct text_box one = {10000, 100, 32, 0, 1, TEXT_REGULAR, TEXT_LEFT};
        struct text_fit fit;
        text_measure(f->t, probe, &one, &fit);
        assert_true(fit.w > 300);
    }
    char buf[512];
    joined(&l, buf, sizeof(buf));
    assert_string_equal(buf, s); /* no word lost or broken */
    text_layout_clear(&l);
}

static void test_fit_shrinks_before_cutting(void **state)
{
    struct fx *f = *state;
    const char *s = "Resilient offline-first conference signage that never overflows";
    struct text_box box = {420, 110, 40, 14, 2, TEXT_BOLD, TEXT_LEFT};
    struct text_layout l;
    text_layout(f->t, s, &box, &l);
    assert_true(l.fit.shrunk);
    assert_true(l.fit.px < 40 && l.fit.px >= 14);
    assert_false(l.fit.ellipsised);
    assert_true(l.nlines <= 2);
    assert_true(l.fit.h <= 110);
    char buf[512];
    joined(&l, buf, sizeof(buf));
    assert_string_equal(buf, s);
    /* One pixel larger would not fit (the largest size that fits is used). */
    struct text_box big = box;
    big.px = big.min_px = l.fit.px + 1;
    struct text_layout l2;
    text_layout(f->t, s, &big, &l2);
    assert_true(l2.fit.ellipsised || l2.nlines > 2 || l2.fit.h > 110);
    text_layout_clear(&l2);
    text_layout_clear(&l);
}

static void test_ellipsis_at_minimum(void **state)
{
    struct fx *f = *state;
    const char *s = "A really rather long title about building resilient, offline-first conference "
                    "signage with SDL2, FreeType and a very patient text layout engine that never "
                    "overflows its box, not even at the smallest size it is allowed to use";
    struct text_box box = {360, 200, 30, 24, 2, TEXT_REGULAR, TEXT_LEFT};
    struct text_layout l;
    text_layout(f->t, s, &box, &l);
    assert_true(l.fit.ellipsised);
    assert_int_equal(l.fit.px, 24); /* shrunk to the minimum first */
    assert_int_equal(l.nlines, 2);
    const char *last = l.lines[1];
    size_t n = strlen(last);
    assert_true(n > 3);
    assert_memory_equal(last + n - 3, ELL, 3);
    assert_true(last[n - 4] != ' ' && last[n - 4] != ','); /* trimmed before "…" */
    for (size_t i = 0; i < l.nlines; i++)
        assert_true(l.widths[i] <= 360);
    /* What is shown is the beginning of the text, in order. */
    char buf[1024];
    joined(&l, buf, sizeof(buf));
    buf[strlen(buf) - 3] = '\0';
    assert_memory_equal(buf, s, strlen(buf));
    assert_true(l.fit.h <= 200);
    text_layout_clear(&l);
}

static void test_long_word_never_cut_mid_glyph(void **state)
{
    struct fx *f = *state;
    /* No spaces, multi-byte letters, combining acute accents (NFD). */
    const char *s = "ÄÖÜe\xCC\x81"
                    "e\xCC\x81"
                    "e\xCC\x81"
                    "e\xCC\x81"
                    "e\xCC\x81"
                    "ÄÖÜÄÖÜÄÖÜÄÖÜÄÖÜÄÖÜÄÖÜÄÖÜe\xCC\x81"
                    "e\xCC\x81"
                    "e\xCC\x81"
                    "e\xCC\x81"
                    "e\xCC\x81"
                    "e\xCC\x81";
    for (int w = 60; w <= 400; w += 17) {
        struct text_box box = {w, 60, 28, 28, 1, TEXT_REGULAR, TEXT_LEFT};
        struct text_layout l;
        text_layout(f->t, s, &box, &l);
        assert_int_equal(l.nlines, 1);
        assert_true(l.fit.ellipsised);
        assert_true(l.widths[0] <= w);
        assert_true(valid_utf8(l.lines[0]));
        /* a combining mark is never separated from its letter */
        const char *e = strstr(l.lines[0], ELL);
        assert_non_null(e);
        assert_true(e - l.lines[0] >= 1);
        assert_true(e[-1] != 'e');
        text_layout_clear(&l);
    }
}

static void test_cjk_wraps_without_spaces(void **state)
{
    struct fx *f = *state;
    const char *s = "東京からの講演日本語のタイトルはとても長くてスペースがありません";
    struct text_box box = {300, 400, 32, 0, 0, TEXT_REGULAR, TEXT_LEFT};
    struct text_layout l;
    text_layout(f->t, s, &box, &l);
    assert_true(l.nlines >= 2);
    assert_false(l.fit.ellipsised);
    char buf[512] = "";
    size_t at = 0;
    for (size_t i = 0; i < l.nlines; i++) {
        assert_true(l.widths[i] <= 300);
        int k = snprintf(buf + at, sizeof(buf) - at, "%s", l.lines[i]);
        assert_true(k >= 0 && (size_t)k < sizeof(buf) - at);
        at += (size_t)k;
    }
    assert_string_equal(buf, s);
    text_layout_clear(&l);
}

static void test_runs_pick_fallback_fonts(void **state)
{
    struct fx *f = *state;
    struct text_run runs[8];
    const char *s = "Smith 山田 太郎";
    size_t n = text_runs(f->t, s, TEXT_REGULAR, runs, 8);
    assert_int_equal(n, 2);
    assert_int_equal(runs[0].face, 0);
    assert_string_equal(text_face_path(f->t, runs[0].face), DEJAVU);
    assert_string_equal(text_face_path(f->t, runs[1].face), CJK);
    assert_memory_equal(s + runs[1].off, "山田 太郎", runs[1].len);
    assert_false(runs[0].missing || runs[1].missing);

    /* Greek, Cyrillic and Latin accents: all in the main font, one run
     * per script (HarfBuzz shapes one script at a time), left to right. */
    n = text_runs(f->t, "Γιώργος Дмитрий Zoë Ångström Łukasiewicz", TEXT_BOLD, runs, 8);
    assert_int_equal(n, 3);
    const uint32_t scripts[3] = {0x4772656bu /* Grek */, 0x4379726cu /* Cyrl */,
                                 0x4c61746eu /* Latn */};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(runs[i].face, 0);
        assert_false(runs[i].missing);
        assert_false(runs[i].rtl);
        assert_int_equal(runs[i].script, scripts[i]);
    }

    /* A private-use code point is in no font: reported as missing. */
    n = text_runs(f->t,
                  "a\xEE\x80\x80"
                  "b",
                  TEXT_REGULAR, runs, 8);
    assert_int_equal(n, 3);
    assert_true(runs[1].missing);
}

static long ink(const SDL_Surface *s)
{
    long sum = 0;
    for (int y = 0; y < s->h; y++) {
        const Uint32 *p = (const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * s->pitch);
        for (int x = 0; x < s->w; x++)
            sum += p[x] >> 24;
    }
    return sum;
}

static bool same_pixels(const SDL_Surface *a, const SDL_Surface *b)
{
    if (a->w != b->w || a->h != b->h)
        return false;
    for (int y = 0; y < a->h; y++)
        if (memcmp((const Uint8 *)a->pixels + (size_t)y * a->pitch,
                   (const Uint8 *)b->pixels + (size_t)y * b->pitch, (size_t)a->w * 4) != 0)
            return false;
    return true;
}

static void test_fallback_glyph_is_not_tofu(void **state)
{
    struct fx *f = *state;
    /* What the main font draws for a glyph it lacks (.notdef), twice. */
    SDL_Surface *tofu_cjk = text_render_line(f->t, "山", 64, TEXT_REGULAR, 0);
    SDL_Surface *tofu_pua = text_render_line(f->t, "\xEE\x80\x80", 64, TEXT_REGULAR, 0);
    /* What the screen draws: the fallback font's glyph. */
    SDL_Surface *real = text_render_line(f->t, "山", 64, TEXT_REGULAR, -1);
    assert_non_null(tofu_cjk);
    assert_non_null(tofu_pua);
    assert_non_null(real);
    /* Sanity of the comparison: two missing glyphs look the same... */
    assert_true(same_pixels(tofu_cjk, tofu_pua));
    /* ...and the real rendering is not that box. */
    assert_false(same_pixels(real, tofu_cjk));
    assert_true(ink(real) > 64 * 64 * 255 / 20); /* a glyph with real strokes */
    SDL_FreeSurface(tofu_cjk);
    SDL_FreeSurface(tofu_pua);
    SDL_FreeSurface(real);
}

/* Draws S in BOX at (x,y) on a cleared surface; every pixel outside the box
 * must still be background. */
static void assert_stays_in_box(struct fx *f, const char *s, const struct text_box *box, int x,
                                int y, bool expect_ink)
{
    SDL_SetRenderDrawColor(f->ren, 0, 0, 0, 255);
    SDL_RenderClear(f->ren);
    struct text_fit fit;
    SDL_Color white = {255, 255, 255, 255};
    assert_true(text_draw(f->t, s, box, x, y, white, &fit));
    if (fit.w > box->w || fit.h > box->h)
        fail_msg("'%s': drawn %dx%d in a %dx%d box (%d lines at %d px)", s, fit.w, fit.h, box->w,
                 box->h, fit.lines, fit.px);
    struct text_layout l;
    text_layout(f->t, s, box, &l);
    for (size_t i = 0; i < l.nlines; i++)
        assert_true(l.widths[i] <= box->w);
    text_layout_clear(&l);
    long inside = 0;
    for (int yy = 0; yy < f->surf->h; yy++) {
        const Uint32 *p =
            (const Uint32 *)((const Uint8 *)f->surf->pixels + (size_t)yy * f->surf->pitch);
        for (int xx = 0; xx < f->surf->w; xx++) {
            bool in = xx >= x && xx < x + box->w && yy >= y && yy < y + box->h;
            if (in)
                inside += (p[xx] & 0xFF) != 0;
            else if ((p[xx] & 0xFFFFFF) != 0)
                fail_msg("'%s' in %dx%d box at px %d: pixel (%d,%d) outside the box", s, box->w,
                         box->h, box->px, xx, yy);
        }
    }
    if (expect_ink && box->w >= 20) /* narrower than "…": nothing at all is right */
        assert_true(inside > 0);
}

static void test_nothing_overflows(void **state)
{
    struct fx *f = *state;
    const char *texts[] = {
        "Short",
        "Γιώργος Παπαδόπουλος, Дмитрий Иванович Смирнов, 山田 太郎, 김민준",
        "Unterbrechungsfreie Stromversorgung für Anzeigetafeln in großen Veranstaltungsräumen",
        "https://example.org/a/very/long/url/without/any/spaces/at/all/in/it/whatsoever",
        "東京からの講演: 日本語のタイトル and some English words mixed in",
        "Zoë Ångström-Müller & François Lefèvre — «Ünïcödé» ½ € ✓",
    };
    const int sizes[][2] = {{40, 30},  {120, 40}, {300, 60}, {500, 200},
                            {90, 300}, {640, 50}, {6, 40}};
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
        for (size_t j = 0; j < sizeof(sizes) / sizeof(sizes[0]); j++)
            for (int lines = 0; lines <= 2; lines++) {
                struct text_box box = {sizes[j][0],
                                       sizes[j][1],
                                       36,
                                       14,
                                       lines,
                                       (lines & 1) ? TEXT_BOLD : TEXT_REGULAR,
                                       (enum text_align)(j % 3)};
                assert_stays_in_box(f, texts[i], &box, 37, 23, true);
            }
}

/* Random strings (words from many scripts, marks, invalid bytes, very long
 * words) in random boxes: never past the box, never invalid UTF-8 out,
 * never a crash (the sanitizer build runs this too). */
static void test_random_text_in_random_boxes(void **state)
{
    struct fx *f = *state;
    static const char *const parts[] = {
        "a",
        "Word",
        " ",
        "  ",
        "-",
        "/",
        "東京",
        "漢字かな",
        "Γειά",
        "Привет",
        "é",
        "e\xCC\x81",
        "\xF0\x9F\x98\x80",
        "\xFF",
        "\xC3",
        "\n",
        "…",
        "Ǆ",
        "ﬁ",
        "Supercalifragilisticexpialidocious",
        "\xE2\x80\x8B",
        "\xEE\x80\x80",
    };
    const size_t np = sizeof(parts) / sizeof(parts[0]);
    unsigned seed = 12345;
    for (int iter = 0; iter < 300; iter++) {
        char s[512] = "";
        size_t at = 0;
        int n = (int)(rand_r(&seed) % 40);
        bool valid_in = iter % 2 == 0; /* every other string: valid UTF-8 only */
        for (int i = 0; i < n; i++) {
            const char *p = parts[rand_r(&seed) % np];
            if (valid_in && (p[0] == '\xFF' || (p[0] == '\xC3' && p[1] == '\0')))
                continue;
            int k = snprintf(s + at, sizeof(s) - at, "%s", p);
            if (k < 0 || (size_t)k >= sizeof(s) - at) {
                s[at] = '\0'; /* full: never a part cut in half */
                break;
            }
            at += (size_t)k;
        }
        struct text_box box = {(int)(rand_r(&seed) % 400) + 1,
                               (int)(rand_r(&seed) % 200) + 1,
                               (int)(rand_r(&seed) % 60) + 8,
                               (int)(rand_r(&seed) % 20) + 6,
                               (int)(rand_r(&seed) % 4),
                               (enum text_weight)(rand_r(&seed) % 2),
                               (enum text_align)(rand_r(&seed) % 3)};
        struct text_layout l;
        text_layout(f->t, s, &box, &l);
        for (size_t i = 0; i < l.nlines; i++) {
            if (l.widths[i] > box.w)
                fail_msg("iteration %d: line %zu is %d px in a %d px box", iter, i, l.widths[i],
                         box.w);
            /* valid text is never cut inside a code point */
            if (valid_in && !valid_utf8(l.lines[i]))
                fail_msg("iteration %d: line %zu is not valid UTF-8", iter, i);
        }
        if (l.nlines > 0)
            assert_true(l.fit.h <= box.h);
        text_layout_clear(&l);
        if (iter % 10 == 0)
            assert_stays_in_box(f, s, &box, 11, 7, false);
    }
}

static void test_cache_reuses_and_evicts(void **state)
{
    struct fx *f = *state;
    struct text_stats st0, st1, st2;
    SDL_Color c = {200, 220, 255, 255}, c2 = {255, 0, 0, 255};
    struct text_box box = {600, 80, 40, 20, 1, TEXT_BOLD, TEXT_LEFT};
    text_stats(f->t, &st0);
    assert_true(text_draw(f->t, "Cached once", &box, 0, 0, c, NULL));
    text_stats(f->t, &st1);
    assert_int_equal(st1.rasters, st0.rasters + 1);
    /* Same string, box and colour: no new raster, wherever it is drawn. */
    for (int i = 0; i < 10; i++)
        assert_true(text_draw(f->t, "Cached once", &box, 5 + i, 5, c, NULL));
    text_stats(f->t, &st2);
    assert_int_equal(st2.rasters, st1.rasters);
    assert_int_equal(st2.hits, st1.hits + 10);
    /* Another colour is another raster (colour is part of the key), once. */
    for (int i = 0; i < 3; i++)
        assert_true(text_draw(f->t, "Cached once", &box, 5, 5, c2, NULL));
    text_stats(f->t, &st2);
    assert_int_equal(st2.rasters, st1.rasters + 1);
    /* A fade (alpha) is not: it is the texture's alpha mod. */
    SDL_Color faded = c;
    faded.a = 100;
    assert_true(text_draw(f->t, "Cached once", &box, 5, 5, faded, NULL));
    text_stats(f->t, &st2);
    assert_int_equal(st2.rasters, st1.rasters + 1);
    /* A different box is a different entry. */
    box.w = 500;
    assert_true(text_draw(f->t, "Cached once", &box, 0, 0, c, NULL));
    text_stats(f->t, &st2);
    assert_int_equal(st2.rasters, st1.rasters + 2);
}

static void test_cache_bound(void **state)
{
    struct fx *f = *state;
    SDL_Color c = {255, 255, 255, 255};
    struct text_box box = {700, 60, 40, 20, 1, TEXT_REGULAR, TEXT_LEFT};
    char s[64];
    struct text_stats st;
    for (int i = 0; i < 60; i++) {
        snprintf(s, sizeof(s), "Entry number %d", i);
        assert_true(text_draw(f->t, s, &box, 0, 0, c, NULL));
        text_stats(f->t, &st);
        assert_true(st.bytes <= st.limit);
    }
    assert_int_equal(st.limit, 64 * 1024);
    assert_true(st.evictions > 0);
    uint64_t r = st.rasters;
    /* The newest is still there, the oldest was evicted. */
    assert_true(text_draw(f->t, "Entry number 59", &box, 0, 0, c, NULL));
    text_stats(f->t, &st);
    assert_int_equal(st.rasters, r);
    assert_true(text_draw(f->t, "Entry number 0", &box, 0, 0, c, NULL));
    text_stats(f->t, &st);
    assert_int_equal(st.rasters, r + 1);
    text_cache_clear(f->t);
    text_stats(f->t, &st);
    assert_int_equal(st.bytes, 0);
    assert_int_equal(st.entries, 0);
}

/* The bound follows the screen: two screens of pixels, 8 MiB at least; a
 * bound given to text_new() stays. */
static void test_cache_follows_screen(void **state)
{
    struct fx *f = *state;
    struct text_stats st;
    text_stats(f->t, &st);
    assert_int_equal(st.limit, 8u << 20);
    text_set_screen(f->t, 1920, 1080);
    text_stats(f->t, &st);
    assert_int_equal(st.limit, 1920u * 1080u * 4u * 2u);
    text_set_screen(f->t, 3840, 2160);
    text_stats(f->t, &st);
    assert_int_equal(st.limit, 3840u * 2160u * 4u * 2u);
    text_set_screen(f->t, 480, 320); /* a small panel: the floor */
    text_stats(f->t, &st);
    assert_int_equal(st.limit, 8u << 20);

    void *other;
    assert_int_equal(setup_cache(&other, 64 * 1024), 0);
    struct fx *fixed = other;
    text_set_screen(fixed->t, 3840, 2160);
    text_stats(fixed->t, &st);
    assert_int_equal(st.limit, 64 * 1024);
    teardown(&other);
}

/* Blocks not drawn for 15 s are dropped; those drawn since stay. A
 * release gives everything back. */
static void test_cache_drops_idle(void **state)
{
    struct fx *f = *state;
    SDL_Color c = {255, 255, 255, 255};
    struct text_box box = {700, 60, 40, 20, 1, TEXT_REGULAR, TEXT_LEFT};
    char s[64];
    struct text_stats st;
    for (int i = 0; i < 10; i++) {
        snprintf(s, sizeof(s), "Page one, room %d", i);
        assert_true(text_draw(f->t, s, &box, 0, 0, c, NULL));
    }
    text_stats(f->t, &st);
    assert_int_equal(st.entries, 10);
    assert_true(st.bytes > 0);
    uint64_t now = SDL_GetTicks64();
    text_age(f->t, now + 10000); /* not idle long enough */
    text_stats(f->t, &st);
    assert_int_equal(st.entries, 10);
    text_age(f->t, now + 16000);
    text_stats(f->t, &st);
    assert_int_equal(st.entries, 0);
    assert_int_equal(st.bytes, 0);
    assert_int_equal(st.evictions, 10);
    /* Drawn again: rasterised again. */
    uint64_t r = st.rasters;
    assert_true(text_draw(f->t, "Page one, room 3", &box, 0, 0, c, NULL));
    text_stats(f->t, &st);
    assert_int_equal(st.rasters, r + 1);
    text_release(f->t);
    text_stats(f->t, &st);
    assert_int_equal(st.entries, 0);
    assert_int_equal(st.bytes, 0);
}

static void test_bad_fonts(void **state)
{
    (void)state;
    struct text *t = NULL;
    struct err err = {{0}};
    const char *none[] = {"/nonexistent/font.ttf"};
    assert_false(text_new(NULL, none, 1, 0, &t, &err));
    assert_null(t);
    assert_non_null(strstr(err.msg, "/nonexistent/font.ttf"));
    /* A file that is not a font. */
    const char *notfont[] = {"/etc/hostname"};
    assert_false(text_new(NULL, notfont, 1, 0, &t, &err));
    assert_non_null(strstr(err.msg, "/etc/hostname"));
    /* A missing fallback is skipped, the rest works. */
    const char *mixed[] = {"/nonexistent/a.ttf", DEJAVU};
    assert_true(text_new(NULL, mixed, 2, 0, &t, &err));
    assert_int_equal(text_face_count(t), 1);
    text_free(t);
    text_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_wrap_by_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fit_shrinks_before_cutting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ellipsis_at_minimum, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_word_never_cut_mid_glyph, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cjk_wraps_without_spaces, setup, teardown),
        cmocka_unit_test_setup_teardown(test_runs_pick_fallback_fonts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fallback_glyph_is_not_tofu, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nothing_overflows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random_text_in_random_boxes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cache_reuses_and_evicts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cache_bound, setup_small_cache, teardown),
        cmocka_unit_test_setup_teardown(test_cache_follows_screen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cache_drops_idle, setup, teardown),
        cmocka_unit_test(test_bad_fonts),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    TTF_Quit();
    SDL_Quit();
    return rc;
}
