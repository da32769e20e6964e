/* palette — every colour the screen draws and every pair of text colour and
 * the background it sits on, as tables.
 *
 * The rule (WCAG AAA, for text read in passing from metres away): every text
 * colour has a contrast of at least 7:1 against each background it is drawn
 * on. The view draws text only in the pairs listed in palette_text_pairs;
 * tests/screen/test_palette.c computes the ratio of every pair and fails
 * below PALETTE_MIN_CONTRAST, and docs/screen.md lists them. Track colours
 * from the schedule are accents (bars, strips), never the colour of text.
 * Pure: no SDL. */
#ifndef ROOMBOARD_PALETTE_H
#define ROOMBOARD_PALETTE_H

#include <stddef.h>
#include <stdint.h>

#define PALETTE_MIN_CONTRAST 7.0

enum palette_colour {
    PAL_BG,        /* the screen */
    PAL_CARD,      /* cards, odd overview rows */
    PAL_CARD_NOW,  /* the NOW card, even overview rows */
    PAL_INFO_BG,   /* the info overlay's panel */
    PAL_FG,        /* titles, names, the clock */
    PAL_SOFT,      /* speakers, time rows, NEXT titles */
    PAL_MUTED,     /* the date, "until 11:30", column heads, cancelled titles */
    PAL_RULE,      /* rules and empty bars (not text) */
    PAL_NOW,       /* the NOW label, "Room free until" */
    PAL_NEXT,      /* the NEXT label */
    PAL_CANCEL,    /* "CANCELLED", the strike-through */
    PAL_WARN,      /* the staff status line's text and edge */
    PAL_WARN_BG,   /* the staff status line */
    PAL_BANNER,    /* the announcement banner */
    PAL_BANNER_FG, /* its text */
    PAL_COUNT
};

struct palette_entry {
    const char *name; /* "fg", as in docs/screen.md */
    uint32_t rgb;     /* 0xRRGGBB */
};

/* Indexed by enum palette_colour. */
extern const struct palette_entry palette_colours[PAL_COUNT];

struct palette_pair {
    enum palette_colour fg, bg;
    const char *where; /* what text this is */
};

/* Every (text colour, background) pair the views draw. */
extern const struct palette_pair palette_text_pairs[];
extern const size_t palette_npairs;

/* The colour of C as 0xRRGGBB. */
uint32_t palette_rgb(enum palette_colour c);

/* WCAG 2 contrast ratio of two sRGB colours (1 to 21). */
double palette_contrast(uint32_t a, uint32_t b);

#endif
