/* qr — a QR code for a session's URL, so attendees can open the talk page
 * from 1-2 m away. Encoded with libqrencode (error correction M), drawn as
 * whole pixels per module with the 4-module quiet zone kept white.
 *
 * A code that would come out below QR_MIN_MODULE_PX pixels per module is
 * not drawn at all: an unscannable code is worse than none. */
#ifndef ROOMBOARD_QR_H
#define ROOMBOARD_QR_H

#include <SDL.h>
#include <stdbool.h>

#include "err.h"

#define QR_QUIET_MODULES 4
#define QR_MIN_MODULE_PX 4 /* at 1080p: scannable from 1-2 m */
#define QR_MAX_URL       1024

/* Pixels per module and the side of the whole code (quiet zone included)
 * for URL in a square of BOX pixels. False (with the reason) when the URL is
 * empty, too long, or the code would need smaller modules than MIN_PX. */
RB_MUST_CHECK bool qr_measure(const char *url, int box, int min_px, int *module_px, int *side,
                              struct err *err);

/* The code for URL as a new surface (ARGB8888, black on white, quiet zone
 * included) that fits in BOX pixels with modules of at least MIN_PX; free
 * with SDL_FreeSurface(). NULL with the reason in ERR otherwise. */
SDL_Surface *qr_surface(const char *url, int box, int min_px, struct err *err);

/* qr_surface() as a texture for R; free with SDL_DestroyTexture(). *side
 * gets its size in pixels. */
SDL_Texture *qr_texture(SDL_Renderer *r, const char *url, int box, int min_px, int *side,
                        struct err *err);

#endif
