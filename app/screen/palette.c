/* palette — see palette.h. */
#include "palette.h"

#include <math.h>

/* Ratios against the three dark backgrounds are in docs/screen.md. MUTED
 * was 0x8B96A3 (5.3:1 on the NOW card) and CANCEL 0xF87171 (5.7:1): both
 * were raised to reach 7:1 everywhere. */
const struct palette_entry palette_colours[PAL_COUNT] = {
    [PAL_BG] = {"bg", 0x0E1116u},
    [PAL_CARD] = {"card", 0x181D24u},
    [PAL_CARD_NOW] = {"card-now", 0x1B232Cu},
    [PAL_INFO_BG] = {"info-bg", 0x0B0E12u},
    [PAL_FG] = {"fg", 0xF4F6F8u},
    [PAL_SOFT] = {"soft", 0xC9D1D9u},
    [PAL_MUTED] = {"muted", 0xAEB8C4u},
    [PAL_RULE] = {"rule", 0x2A323Cu},
    [PAL_NOW] = {"now", 0x4ADE80u},
    [PAL_NEXT] = {"next", 0x7CB7FFu},
    [PAL_CANCEL] = {"cancel", 0xFF9B9Bu},
    [PAL_WARN] = {"warn", 0xFBBF24u},
    [PAL_WARN_BG] = {"warn-bg", 0x2B220Eu},
    [PAL_BANNER] = {"banner", 0xFBBF24u},
    [PAL_BANNER_FG] = {"banner-fg", 0x121212u},
};

const struct palette_pair palette_text_pairs[] = {
    /* header: room or event name, clock, date, "page 1 of 3" */
    {PAL_FG, PAL_BG, "header title and clock"},
    {PAL_MUTED, PAL_BG, "header date and subtitle"},
    {PAL_SOFT, PAL_BG, "no-schedule title"},
    /* overview: column heads on the screen, rows alternate two cards */
    {PAL_MUTED, PAL_BG, "overview column head"},
    {PAL_NOW, PAL_BG, "overview NOW head"},
    {PAL_NEXT, PAL_BG, "overview NEXT head"},
    {PAL_FG, PAL_CARD, "room name, NOW title (odd rows, cards)"},
    {PAL_FG, PAL_CARD_NOW, "room name, NOW title (even rows, NOW card)"},
    {PAL_SOFT, PAL_CARD, "NEXT title, speakers, time row"},
    {PAL_SOFT, PAL_CARD_NOW, "NEXT title, speakers, time row, ends in"},
    {PAL_MUTED, PAL_CARD, "until 11:30, cancelled title, later-today head"},
    {PAL_MUTED, PAL_CARD_NOW, "until 11:30, cancelled title"},
    {PAL_NOW, PAL_CARD, "Room free until (message card)"},
    {PAL_NOW, PAL_CARD_NOW, "NOW label"},
    {PAL_NEXT, PAL_CARD, "NEXT label"},
    {PAL_CANCEL, PAL_CARD, "CANCELLED (NEXT card)"},
    {PAL_CANCEL, PAL_CARD_NOW, "CANCELLED (NOW card)"},
    /* later today list sits on the screen */
    {PAL_FG, PAL_BG, "later-today title"},
    {PAL_SOFT, PAL_BG, "later-today time"},
    {PAL_MUTED, PAL_BG, "later-today head, cancelled entry"},
    /* strips */
    {PAL_WARN, PAL_WARN_BG, "staff status line"},
    {PAL_BANNER_FG, PAL_BANNER, "announcement banner"},
    /* info overlay */
    {PAL_FG, PAL_INFO_BG, "info value"},
    {PAL_MUTED, PAL_INFO_BG, "info label"},
};
const size_t palette_npairs = sizeof(palette_text_pairs) / sizeof(palette_text_pairs[0]);

uint32_t palette_rgb(enum palette_colour c)
{
    return (unsigned)c < PAL_COUNT ? palette_colours[c].rgb : 0;
}

static double channel(uint32_t v)
{
    double c = (double)(v & 0xFFu) / 255.0;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double luminance(uint32_t rgb)
{
    return 0.2126 * channel(rgb >> 16) + 0.7152 * channel(rgb >> 8) + 0.0722 * channel(rgb);
}

double palette_contrast(uint32_t a, uint32_t b)
{
    double la = luminance(a), lb = luminance(b);
    if (la < lb) {
        double t = la;
        la = lb;
        lb = t;
    }
    return (la + 0.05) / (lb + 0.05);
}
