/* bidi: right-to-left titles (Hebrew, Arabic) and mixed lines come out in
 * the order their readers expect. The runs and levels are checked directly;
 * the pixels are read back by tesseract with Debian's Hebrew and Arabic data
 * (normal build, RB_OCR=1), in logical order as a reader would say them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "text.h"

#define HB_TAG4(a, b, c, d)                                                                        \
    (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (uint32_t)(d))
#define HEBR HB_TAG4('H', 'e', 'b', 'r')
#define ARAB HB_TAG4('A', 'r', 'a', 'b')
#define LATN HB_TAG4('L', 'a', 't', 'n')

/* "virtual machines" in Hebrew and in Arabic. */
#define HE_VM                                                                                      \
    "\xD7\x9E\xD7\x9B\xD7\x95\xD7\xA0\xD7\x95\xD7\xAA "                                            \
    "\xD7\x95\xD7\x99\xD7\xA8\xD7\x98\xD7\x95\xD7\x90\xD7\x9C\xD7\x99\xD7\x95\xD7\xAA"
#define HE_MACHINES "\xD7\x9E\xD7\x9B\xD7\x95\xD7\xA0\xD7\x95\xD7\xAA"
#define HE_VIRTUAL                                                                                 \
    "\xD7\x95\xD7\x99\xD7\xA8\xD7\x98\xD7\x95\xD7\x90\xD7\x9C\xD7\x99\xD7\x95\xD7\xAA"
/* the same two words with their letters reversed: what the screen drew */
#define HE_BACKWARDS                                                                               \
    "\xD7\xAA\xD7\x95\xD7\x99\xD7\x9C\xD7\x90\xD7\x95\xD7\x98\xD7\xA8\xD7\x99\xD7\x95"
#define AR_VM                                                                                      \
    "\xD8\xA7\xD9\x84\xD8\xA2\xD9\x84\xD8\xA7\xD8\xAA "                                            \
    "\xD8\xA7\xD9\x84\xD8\xA7\xD9\x81\xD8\xAA\xD8\xB1\xD8\xA7\xD8\xB6\xD9\x8A\xD8\xA9"
#define AR_VIRTUAL                                                                                 \
    "\xD8\xA7\xD9\x84\xD8\xA7\xD9\x81\xD8\xAA\xD8\xB1\xD8\xA7\xD8\xB6\xD9\x8A\xD8\xA9"
/* "a talk about" (Hebrew) + an English product name and a version. */
#define HE_TALK "\xD7\x94\xD7\xA8\xD7\xA6\xD7\x90\xD7\x94 \xD7\xA2\xD7\x9C"

struct fx {
    SDL_Surface *surf;
    SDL_Renderer *ren;
    struct text *t;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    f->surf = SDL_CreateRGBSurfaceWithFormat(0, 1400, 300, 32, SDL_PIXELFORMAT_RGB888);
    assert_non_null(f->surf);
    f->ren = SDL_CreateSoftwareRenderer(f->surf);
    assert_non_null(f->ren);
    struct err err = {{0}};
    bool ok = text_new(f->ren, NULL, 0, 0, &f->t, &err); /* the default fonts */
    if (!ok)
        fprintf(stderr, "%s\n", err.msg);
    assert_true(ok);
    *state = f;
    return 0;
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

static void test_hebrew_runs_are_rtl(void **state)
{
    struct fx *f = *state;
    struct text_run runs[8];
    size_t n = text_runs(f->t, HE_VM, TEXT_REGULAR, runs, 8);
    assert_int_equal(n, 1);
    assert_true(runs[0].rtl);
    assert_int_equal(runs[0].script, HEBR);
    assert_int_equal(runs[0].len, strlen(HE_VM));
}

static void test_latin_runs_stay_ltr(void **state)
{
    struct fx *f = *state;
    struct text_run runs[8];
    size_t n = text_runs(f->t, "Virtualization with QEMU 8.2", TEXT_REGULAR, runs, 8);
    assert_int_equal(n, 1);
    assert_false(runs[0].rtl);
    assert_int_equal(runs[0].script, LATN);
}

/* An English name and a number inside a Hebrew title are their own
 * left-to-right runs; the Hebrew around them is right to left. */
static void test_mixed_runs(void **state)
{
    struct fx *f = *state;
    const char *s = HE_TALK " QEMU 8.2";
    struct text_run runs[8];
    size_t n = text_runs(f->t, s, TEXT_REGULAR, runs, 8);
    assert_true(n >= 2 && n <= 8);
    assert_true(runs[0].rtl);
    assert_int_equal(runs[0].script, HEBR);
    bool qemu = false, digits = false;
    for (size_t i = 1; i < n; i++) {
        if (strncmp(s + runs[i].off, "QEMU", 4) == 0) {
            qemu = true;
            assert_false(runs[i].rtl);
            assert_int_equal(runs[i].script, LATN);
        }
        if (memchr(s + runs[i].off, '8', runs[i].len)) {
            digits = true;
            assert_false(runs[i].rtl); /* "8.2", not "2.8" */
        }
    }
    assert_true(qemu);
    assert_true(digits);
}

/* A right-to-left paragraph starts on the right: TEXT_LEFT (the start)
 * puts it against the right edge; a left-to-right one stays left. */
static void test_rtl_paragraph_aligns_right(void **state)
{
    struct fx *f = *state;
    struct text_box box = {900, 100, 40, 0, 1, TEXT_REGULAR, TEXT_LEFT};
    struct text_fit fit;
    text_measure(f->t, HE_VM, &box, &fit);
    assert_true(fit.rtl);
    assert_true(fit.w > 100 && fit.w < 900);
    assert_int_equal(fit.x, 900 - fit.w);
    text_measure(f->t, "Virtual machines", &box, &fit);
    assert_false(fit.rtl);
    assert_int_equal(fit.x, 0);
    /* Starting with an English word makes the paragraph left-to-right. */
    text_measure(f->t, "QEMU: " HE_VM, &box, &fit);
    assert_false(fit.rtl);
    assert_int_equal(fit.x, 0);
}

/* Wrapping is in logical order: the first line holds the first words. */
static void test_rtl_wraps_in_logical_order(void **state)
{
    struct fx *f = *state;
    const char *s = HE_VM " " HE_VM " " HE_VM " " HE_VM;
    struct text_box box = {500, 400, 40, 0, 0, TEXT_REGULAR, TEXT_LEFT};
    struct text_layout l;
    text_layout(f->t, s, &box, &l);
    assert_true(l.nlines >= 2);
    assert_true(l.fit.rtl);
    assert_memory_equal(l.lines[0], HE_MACHINES, strlen(HE_MACHINES));
    text_layout_clear(&l);
}

/* Pixels: the two words of a Hebrew title are drawn with the first word on
 * the right. Measured by where ink of each word lands. */
static int ink_left(SDL_Surface *s)
{
    for (int x = 0; x < s->w; x++)
        for (int y = 0; y < s->h; y++) {
            Uint32 p = ((Uint32 *)((Uint8 *)s->pixels + (size_t)y * s->pitch))[x];
            if ((p >> 24) > 128)
                return x;
        }
    return -1;
}

static void test_first_word_drawn_on_the_right(void **state)
{
    struct fx *f = *state;
    SDL_Surface *line = text_render_line(f->t, HE_VM, 40, TEXT_REGULAR, -1);
    SDL_Surface *first = text_render_line(f->t, HE_MACHINES, 40, TEXT_REGULAR, -1);
    SDL_Surface *second = text_render_line(f->t, HE_VIRTUAL, 40, TEXT_REGULAR, -1);
    assert_non_null(line);
    assert_non_null(first);
    assert_non_null(second);
    /* The second word alone starts at the left edge of the whole line: its
     * columns are the leftmost of the line. Compare column sums. */
    int mism_second = 0, mism_first = 0;
    for (int x = 0; x < second->w && x < line->w; x++)
        for (int y = 0; y < line->h && y < second->h; y++) {
            Uint32 a = ((Uint32 *)((Uint8 *)line->pixels + (size_t)y * line->pitch))[x] >> 24;
            Uint32 b = ((Uint32 *)((Uint8 *)second->pixels + (size_t)y * second->pitch))[x] >> 24;
            mism_second += (a > 128) != (b > 128);
            if (x >= first->w || y >= first->h)
                continue; /* the first word is narrower: no pixel there to read */
            Uint32 c = ((Uint32 *)((Uint8 *)first->pixels + (size_t)y * first->pitch))[x] >> 24;
            mism_first += (a > 128) != (c > 128);
        }
    assert_true(ink_left(line) >= 0);
    assert_true(mism_second * 4 < mism_first);
    SDL_FreeSurface(line);
    SDL_FreeSurface(first);
    SDL_FreeSurface(second);
}

/* ---- OCR ------------------------------------------------------------ */

static char outdir[1024];

static char *ocr(const char *bmp, const char *lang)
{
    char cmd[2048];
    int k = snprintf(cmd, sizeof(cmd), "OMP_THREAD_LIMIT=1 tesseract '%s' - -l %s 2>/dev/null", bmp,
                     lang);
    assert_true(k > 0 && (size_t)k < sizeof(cmd));
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 14, n = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    int c, prev = ' ';
    while ((c = fgetc(p)) != EOF && n + 1 < cap) {
        if (c == '\n' || c == '\t' || c == '\r' || c == '\f')
            c = ' ';
        if (c == ' ' && prev == ' ')
            continue;
        buf[n++] = (char)c;
        prev = c;
    }
    buf[n] = '\0';
    assert_int_equal(pclose(p), 0);
    return buf;
}

/* Draws S in black on white (what tesseract reads best) in a box of width W
 * and OCRs it in LANG. */
static char *draw_and_read(struct fx *f, const char *name, const char *s, int w, int lines,
                           const char *lang)
{
    SDL_SetRenderDrawColor(f->ren, 255, 255, 255, 255);
    SDL_RenderClear(f->ren);
    struct text_box box = {w, 280, 48, 0, lines, TEXT_REGULAR, TEXT_LEFT};
    struct text_fit fit;
    assert_true(text_draw(f->t, s, &box, 40, 10, (SDL_Color){0, 0, 0, 255}, &fit));
    assert_int_equal(fit.px, 48);
    assert_false(fit.ellipsised);
    char path[1200];
    int k = snprintf(path, sizeof(path), "%s/%s.bmp", outdir, name);
    assert_true(k > 0 && (size_t)k < sizeof(path));
    assert_int_equal(SDL_SaveBMP(f->surf, path), 0);
    return ocr(path, lang);
}

static bool ocr_on(void)
{
    const char *e = getenv("RB_OCR");
    return e && strcmp(e, "1") == 0;
}

static void expect(const char *text, const char *needle, const char *what)
{
    if (!strstr(text, needle))
        fail_msg("%s: expected \"%s\"; OCR read: %s", what, needle, text);
}

static void test_ocr_hebrew(void **state)
{
    if (!ocr_on())
        skip();
    char *r = draw_and_read(*state, "hebrew", HE_VM, 1300, 1, "heb");
    expect(r, HE_MACHINES, "Hebrew title");
    expect(r, HE_VIRTUAL, "Hebrew title");
    assert_null(strstr(r, HE_BACKWARDS));
    free(r);
}

static void test_ocr_arabic(void **state)
{
    if (!ocr_on())
        skip();
    char *r = draw_and_read(*state, "arabic", AR_VM, 1300, 1, "ara");
    expect(r, AR_VIRTUAL, "Arabic title");
    free(r);
}

/* The left edge of WORD in the OCR of BMP (tesseract's TSV output), or -1. */
static int ocr_word_left(const char *bmp, const char *lang, const char *word)
{
    char cmd[2048];
    int k = snprintf(cmd, sizeof(cmd), "OMP_THREAD_LIMIT=1 tesseract '%s' - -l %s tsv 2>/dev/null",
                     bmp, lang);
    assert_true(k > 0 && (size_t)k < sizeof(cmd));
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char line[1024];
    int found = -1;
    while (fgets(line, sizeof(line), p)) {
        /* level page block par line word left top width height conf text */
        char *field[12];
        size_t nf = 0;
        char *c = line;
        while (nf < 12) {
            field[nf++] = c;
            c = strchr(c, '\t');
            if (!c)
                break;
            *c++ = '\0';
        }
        if (nf < 12)
            continue;
        field[11][strcspn(field[11], "\n")] = '\0';
        if (found < 0 && strstr(field[11], word)) {
            char *end;
            long v = strtol(field[6], &end, 10);
            if (end != field[6])
                found = (int)v;
        }
    }
    pclose(p);
    return found;
}

/* A Hebrew title with an English name and a version inside: both read in
 * their own direction, and the line reads right to left: the Hebrew on the
 * right, "QEMU 8.2" (left to right) on the left. */
static void test_ocr_mixed(void **state)
{
    if (!ocr_on())
        skip();
    char *r = draw_and_read(*state, "mixed", HE_TALK " QEMU 8.2", 1300, 1, "heb+eng");
    expect(r, "QEMU", "mixed line");
    expect(r, "8.2", "mixed line");
    expect(r, HE_TALK, "mixed line");
    free(r);
    char bmp[1200];
    int k = snprintf(bmp, sizeof(bmp), "%s/mixed.bmp", outdir);
    assert_true(k > 0 && (size_t)k < sizeof(bmp));
    int q = ocr_word_left(bmp, "heb+eng", "QEMU");
    int v = ocr_word_left(bmp, "heb+eng", "8.2");
    int h = ocr_word_left(bmp, "heb+eng", "\xD7\x94\xD7\xA8\xD7\xA6\xD7\x90\xD7\x94");
    if (!(q >= 0 && v > q && h > v))
        fail_msg("mixed line: visual order QEMU(%d) < 8.2(%d) < Hebrew(%d) expected", q, v, h);
}

/* Two lines: the first line read is the start of the title. */
static void test_ocr_wrapped(void **state)
{
    if (!ocr_on())
        skip();
    char *r = draw_and_read(*state, "wrapped", HE_VM " " HE_TALK, 700, 2, "heb");
    const char *a = strstr(r, HE_MACHINES), *b = strstr(r, HE_TALK);
    if (!a || !b || a > b)
        fail_msg("wrapped Hebrew: expected the title's words in order; OCR read: %s", r);
    free(r);
}

int main(void)
{
    const char *build = getenv("RB_BUILD");
    int k = snprintf(outdir, sizeof(outdir), "%s/screen-out/bidi", build ? build : ".");
    if (k < 0 || (size_t)k >= sizeof(outdir))
        return 1;
    char cmd[1200];
    k = snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", outdir);
    if (k < 0 || (size_t)k >= sizeof(cmd) || system(cmd) != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_hebrew_runs_are_rtl, setup, teardown),
        cmocka_unit_test_setup_teardown(test_latin_runs_stay_ltr, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mixed_runs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rtl_paragraph_aligns_right, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rtl_wraps_in_logical_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_first_word_drawn_on_the_right, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ocr_hebrew, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ocr_arabic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ocr_mixed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ocr_wrapped, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
