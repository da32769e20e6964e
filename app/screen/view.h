/* view — what is on the screen: the room view, the lobby overview, the
 * announcement banner, the staff status line and the info overlay.
 *
 * A view only lays out and draws live's answer (live.h): which room or
 * page, the statuses, the texts and times are decided there; here they
 * become words in the view's language (English, German, French) and boxes
 * sized in fractions of the screen (one unit is 1/100 of the shorter side),
 * so every size and orientation gets the same design. The view owns no SDL
 * objects except through the text cache. */
#ifndef ROOMBOARD_VIEW_H
#define ROOMBOARD_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

#include "err.h"
#include "live.h"
#include "sched.h"
#include "text.h"

struct view;

/* One frame: live's answer plus what only the panel has. */
struct view_frame {
    const struct live *live; /* what to show (never NULL) */
    const char *const *info; /* info overlay lines (label, value pairs); NULL: hidden */
    size_t ninfo;            /* number of strings (twice the pairs) */
    int shift_x, shift_y;    /* burn-in offset of the whole layout, pixels */
    bool qr;                 /* QR codes for NOW and NEXT (config `qr`) */
};

/* A view drawing with text system T in language LANG ("en", "de", "fr";
 * anything else is English). Free with view_free(). */
RB_MUST_CHECK bool view_new(struct text *t, const char *lang, struct view **out, struct err *err);
void view_free(struct view *v);

/* Draws frame F on the current render target of R, which is W x H pixels.
 * Never fails: text that cannot be drawn is left out of that frame. */
void view_draw(struct view *v, SDL_Renderer *r, int w, int h, const struct view_frame *f);

/* How many overview pages the schedule needs at W x H (>= 1): the
 * kiosk hands it to live (live_in.overview_pages), which cycles them. */
int view_overview_pages(struct view *v, size_t nrooms, int w, int h);

/* Writes the boxes of the last frame as JSON to PATH: the screen size and,
 * for every piece of text, its id, its parent region, its box and the
 * rectangle actually drawn ({"w":..,"h":..,"boxes":[{"id":..,"text":..,
 * "parent":[x,y,w,h],"box":[..],"ink":[..],"px":..,"min_px":..,"lines":..,
 * "max_lines":..,"rgb":"#RRGGBB","ellipsised":..[,"visible":"the words
 * drawn"]}]}). Used by the tests to prove nothing overflows, that sizes
 * agree across rows and that text meets its contrast, and by the
 * legibility benchmark. */
RB_MUST_CHECK bool view_dump_layout(const struct view *v, const char *path, struct err *err);

/* Fixed words for the kiosk's info overlay, in the view's language. KEY is
 * "info", "no_display", or an overlay label: "device", "addresses",
 * "rooms", "schedule", "fetched", "screen", "version", "overview" (what
 * a screen with no room shows), "min_ago" (a printf format taking one long
 * long). An unknown key is returned as is. */
const char *view_word(const struct view *v, const char *key);

#endif
