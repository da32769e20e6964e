/* text — UTF-8 text for the screen: font fallback, wrapping, fitting, and a
 * texture cache.
 *
 * SDL2_ttf renders one font at a time and has no fallback, so every string
 * is cut into runs: each code point goes to the first font of the list that
 * provides it (TTF_GlyphIsProvided32), spaces and combining marks stay with
 * the run they are in. A run is measured and rendered with its own font and
 * the runs are put on one baseline.
 *
 * A text box is fitted in three steps: wrap by words at the preferred size;
 * if that takes more lines than the box holds, shrink (binary search) down to
 * the box's legible minimum; if it still does not fit, wrap at the minimum and
 * end the last line with "…". A glyph is never cut and the drawn block never
 * leaves its box.
 *
 * Rendered blocks are cached as textures keyed by (string, colour, weight,
 * size, minimum size, box width, box height, line limit, alignment). The
 * colour is rasterised into the pixels rather than applied as a colour mod:
 * SDL's software blitter is several times faster without modulation (fades
 * use the alpha mod only). The cache's byte bound follows the screen (two
 * screens' worth of pixels, at least 8 MiB), it evicts the least recently
 * used block first and drops blocks not drawn for 15 s; a frame whose text
 * did not change rasterises nothing. */
#ifndef ROOMBOARD_TEXT_H
#define ROOMBOARD_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

#include "err.h"

#define TEXT_MAX_FACES 8  /* fonts per weight: the main font and its fallbacks */
#define TEXT_MAX_LINES 24 /* lines per box */

struct text;

enum text_weight { TEXT_REGULAR, TEXT_BOLD };
enum text_align { TEXT_LEFT, TEXT_CENTER, TEXT_RIGHT };

/* Where a string may go and how large it may be. */
struct text_box {
    int w, h;      /* the box; the drawn block never exceeds it */
    int px;        /* preferred size (pixels per em) */
    int min_px;    /* smallest legible size; 0: px (no shrinking) */
    int max_lines; /* 0: as many as the height holds */
    enum text_weight weight;
    enum text_align align; /* of the lines and of the block in the box */
};

/* What a fitted string came out as. */
struct text_fit {
    int px;                     /* size used */
    int w, h;                   /* extent of the block (<= the box) */
    int x;                      /* left offset of the block inside the box (alignment) */
    int lines;                  /* number of lines */
    int line_pitch;             /* distance between baselines */
    int ascent;                 /* baseline of the first line from the block's top */
    bool shrunk;                /* px < box.px */
    bool ellipsised;            /* text was cut and ends in "…" */
    bool rtl;                   /* right-to-left paragraph: TEXT_LEFT aligned right */
    int line_w[TEXT_MAX_LINES]; /* width of each line (left-aligned start) */
};

/* The fitted lines, for tests and for callers that need the words. */
struct text_layout {
    struct text_fit fit;
    size_t nlines;
    char *lines[TEXT_MAX_LINES]; /* owned; the last may end in "…" */
    int widths[TEXT_MAX_LINES];
};

/* A run of text rendered with one font. */
struct text_run {
    size_t off, len; /* bytes into the string */
    int face;        /* index into the font list; see text_face_path() */
    bool missing;    /* no font of the list has these glyphs (drawn as tofu) */
    uint32_t script; /* ISO 15924 tag as HarfBuzz has it ('Hebr'); 'Zyyy': common */
    bool rtl;        /* shaped right to left (an odd bidi level) */
};

/* The fonts used when the config names none (the same list as the config's
 * default): DejaVu Sans (Latin, Greek, Cyrillic, symbols), Noto Sans, Noto
 * Sans CJK; missing files are skipped. NULL-terminated. */
extern const char *const text_default_fonts[];

/* A text system drawing with renderer R (may be NULL: measuring and
 * text_render_line() only). FONTS are file paths, main font first, then the
 * fallbacks; "path#N" picks face N of a collection (.ttc). nfonts == 0 uses
 * text_default_fonts. Bold faces are the files' "-Bold" siblings when they
 * exist, else the regular face emboldened. cache_bytes fixes the bound of
 * the texture cache (0: it follows the screen, see text_set_screen()).
 * Fails, naming the path, when no font can be opened.
 * Free with text_free(). */
RB_MUST_CHECK bool text_new(SDL_Renderer *r, const char *const *fonts, size_t nfonts,
                            size_t cache_bytes, struct text **out, struct err *err);
void text_free(struct text *t);

/* Number of fonts in the list and the path of face i. */
size_t text_face_count(const struct text *t);
const char *text_face_path(const struct text *t, int face);

/* Fits S into BOX without drawing (cached like text_draw). */
void text_measure(struct text *t, const char *s, const struct text_box *box, struct text_fit *fit);

/* Fits S into BOX and draws it with its top-left corner of the box at (x,y)
 * in colour C (alpha included). *fit (may be NULL) gets what was drawn. An
 * empty string draws nothing (fit->lines == 0). False only when SDL fails to
 * make a texture (the text is then missing from this frame). */
RB_MUST_CHECK bool text_draw(struct text *t, const char *s, const struct text_box *box, int x,
                             int y, SDL_Color c, struct text_fit *fit);

/* The fitted lines of S in BOX (uncached). Free with text_layout_clear(). */
void text_layout(struct text *t, const char *s, const struct text_box *box,
                 struct text_layout *out);
void text_layout_clear(struct text_layout *l);

/* The runs of S at weight WEIGHT: which font draws which bytes, in which
 * script and direction, in logical order (after the bidi algorithm). Writes
 * up to max runs and returns how many there are in total. */
size_t text_runs(struct text *t, const char *s, enum text_weight weight, struct text_run *runs,
                 size_t max);

/* One line of S at size PX as a new ARGB8888 surface (white on transparent),
 * with font fallback, or, when force_face >= 0, all in that face (to see
 * what a missing glyph would look like). NULL on failure or for "". Free
 * with SDL_FreeSurface(). */
SDL_Surface *text_render_line(struct text *t, const char *s, int px, enum text_weight weight,
                              int force_face);

struct text_stats {
    size_t entries;   /* cached blocks */
    size_t bytes;     /* texture bytes held */
    size_t limit;     /* the bound */
    uint64_t hits;    /* lookups answered from the cache */
    uint64_t misses;  /* lookups that had to lay out */
    uint64_t rasters; /* blocks rasterised (texture made) */
    uint64_t evictions;
};
void text_stats(const struct text *t, struct text_stats *st);

/* Drops every cached block (fonts stay open). */
void text_cache_clear(struct text *t);

/* The screen is W x H pixels: the cache holds at most two screens' worth of
 * text pixels (at least 8 MiB), unless text_new() was given a fixed bound.
 * Cheap when the size did not change (call it every frame). */
void text_set_screen(struct text *t, int w, int h);

/* Drops every cached block and gives the freed heap back to the system
 * (malloc_trim): after a schedule swap nothing cached will be drawn again. */
void text_release(struct text *t);

/* Drops the blocks not drawn since NOW_MS - 15 s (SDL_GetTicks64 time).
 * Drawing does this by itself once a second; tests call it with a later
 * time. */
void text_age(struct text *t, uint64_t now_ms);

#endif
