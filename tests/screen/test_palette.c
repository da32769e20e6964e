/* palette: every text colour meets 7:1 (WCAG AAA) against each background
 * the views draw it on, computed with the WCAG formula over the table the
 * view draws from. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "palette.h"

/* The formula itself, against values published with WCAG. */
static void test_formula(void **state)
{
    (void)state;
    assert_float_equal(palette_contrast(0xFFFFFF, 0x000000), 21.0, 1e-9);
    assert_float_equal(palette_contrast(0x000000, 0xFFFFFF), 21.0, 1e-9);
    assert_float_equal(palette_contrast(0x777777, 0x777777), 1.0, 1e-9);
    /* #767676 on white is the classic 4.54:1 (the darkest AA grey). */
    assert_float_equal(palette_contrast(0x767676, 0xFFFFFF), 4.54, 0.01);
    /* #595959 on white: 7.00:1, the AAA grey. */
    assert_float_equal(palette_contrast(0x595959, 0xFFFFFF), 7.0, 0.01);
}

static void test_every_pair_is_aaa(void **state)
{
    (void)state;
    assert_true(palette_npairs >= 20);
    int bad = 0;
    for (size_t i = 0; i < palette_npairs; i++) {
        const struct palette_pair *p = &palette_text_pairs[i];
        double r = palette_contrast(palette_rgb(p->fg), palette_rgb(p->bg));
        printf("%-10s on %-9s %5.2f:1  %s\n", palette_colours[p->fg].name,
               palette_colours[p->bg].name, r, p->where);
        if (r < PALETTE_MIN_CONTRAST) {
            fprintf(stderr, "palette: %s on %s is %.2f:1 (< 7:1), used for %s\n",
                    palette_colours[p->fg].name, palette_colours[p->bg].name, r, p->where);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

/* The secondary greys before this rule were short of it: the test would
 * have caught them. */
static void test_old_grey_fails(void **state)
{
    (void)state;
    assert_true(palette_contrast(0x8B96A3, palette_rgb(PAL_CARD_NOW)) < PALETTE_MIN_CONTRAST);
    assert_true(palette_contrast(0xF87171, palette_rgb(PAL_CARD_NOW)) < PALETTE_MIN_CONTRAST);
}

/* Every colour has a name (docs/screen.md lists them by it) and the dim
 * text colours are used against every card they can land on. */
static void test_table_complete(void **state)
{
    (void)state;
    for (int c = 0; c < PAL_COUNT; c++) {
        assert_non_null(palette_colours[c].name);
        assert_true(strlen(palette_colours[c].name) > 0);
    }
    const enum palette_colour dim[] = {PAL_MUTED, PAL_SOFT};
    const enum palette_colour bgs[] = {PAL_BG, PAL_CARD, PAL_CARD_NOW};
    for (size_t d = 0; d < 2; d++)
        for (size_t b = 0; b < 3; b++) {
            bool found = false;
            for (size_t i = 0; i < palette_npairs; i++)
                found |= palette_text_pairs[i].fg == dim[d] && palette_text_pairs[i].bg == bgs[b];
            if (!found)
                fail_msg("pair %s on %s missing", palette_colours[dim[d]].name,
                         palette_colours[bgs[b]].name);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formula),
        cmocka_unit_test(test_every_pair_is_aaa),
        cmocka_unit_test(test_old_grey_fails),
        cmocka_unit_test(test_table_complete),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
