/* output — where the pixels go: a window (X11/Wayland: software renderer,
 * no GL in the process; KMSDRM: GLES2) or a plain surface (--screenshot,
 * the benchmark without a display, the "no display" fallback frames), the
 * rotation for panels mounted sideways, PNG screenshots.
 *
 * Content is drawn at w x h (swapped for 90/270) between output_begin()
 * and output_end(), which turns it onto the output when rotated. */
#ifndef ROOMBOARD_OUTPUT_H
#define ROOMBOARD_OUTPUT_H

#include <stdbool.h>

#include <SDL.h>

#include "err.h"

struct output {
    SDL_Window *win;      /* NULL on a surface */
    SDL_Surface *surface; /* surface output (no window) */
    SDL_Renderer *ren;
    SDL_Texture *target; /* content before rotation; NULL when rotate == 0 */
    int rotate;          /* 0, 90, 180, 270 */
    int out_w, out_h;    /* the output */
    int w, h;            /* the content (swapped for 90/270) */
    bool device_wait;    /* SDL_WaitEventTimeout really sleeps on this driver */
    bool desktop;        /* X11 or Wayland (someone trying it out), not the board's KMS */
    char renderer_name[32];
    char driver[32];
};

/* Whether a display can be there: $SDL_VIDEODRIVER set (offscreen runs the
 * whole loop invisibly), $DISPLAY or $WAYLAND_DISPLAY, or a DRM card. */
bool output_display_plausible(void);

/* Opens a W x H window (0: 90 % of the desktop when WINDOWED, else
 * 1280 x 720), full screen unless WINDOWED,
 * turned by ROTATE. $ROOMBOARD_RENDERER overrides the renderer choice.
 * On failure *o may be half open: output_close() it. */
RB_MUST_CHECK bool output_open_window(struct output *o, int w, int h, bool windowed, int rotate,
                                      struct err *err);

/* A software renderer on a W x H surface: no video driver needed. */
RB_MUST_CHECK bool output_open_surface(struct output *o, int w, int h, int rotate, struct err *err);

/* After a resize or a lost render target: reads the size again and makes
 * the rotation texture again. */
RB_MUST_CHECK bool output_reset(struct output *o, struct err *err);

/* Starts drawing the content (into the rotation texture when rotated). */
void output_begin(struct output *o);

/* Ends the content: turns it onto the output when rotated. */
void output_end(struct output *o);

/* Shows the frame (a window only). */
void output_present(struct output *o);

/* Writes the surface output as PNG. */
RB_MUST_CHECK bool output_save_png(struct output *o, const char *path, struct err *err);

/* Destroys everything; the struct is zeroed. Accepts a closed output. */
void output_close(struct output *o);

#endif
