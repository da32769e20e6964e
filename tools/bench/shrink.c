/* roomboard-shrink — a screenshot as seen from N times as far away.
 *
 *   roomboard-shrink IN.png OUT.png N
 *
 * Averages each N x N block of pixels into one (a box filter: what the eye
 * gets from a screen N times as far, without the sharpening a resampler
 * would add), so OCR of OUT says what survives at that distance. Used by
 * the legibility figure of tools/dev bench (tools/bench/legibility.py). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <SDL_image.h>

static void shrink(SDL_Surface *in, SDL_Surface *out, int n)
{
    for (int y = 0; y < out->h; y++) {
        Uint8 *dst = (Uint8 *)out->pixels + (size_t)y * out->pitch;
        for (int x = 0; x < out->w; x++) {
            unsigned sum[3] = {0, 0, 0};
            for (int dy = 0; dy < n; dy++) {
                const Uint8 *src = (const Uint8 *)in->pixels + (size_t)(y * n + dy) * in->pitch +
                                   (size_t)x * n * 3;
                for (int dx = 0; dx < n; dx++)
                    for (int c = 0; c < 3; c++)
                        sum[c] += src[dx * 3 + c];
            }
            for (int c = 0; c < 3; c++)
                dst[x * 3 + c] = (Uint8)(sum[c] / (unsigned)(n * n));
        }
    }
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: roomboard-shrink IN.png OUT.png N\n");
        return 2;
    }
    char *end;
    errno = 0;
    long n = strtol(argv[3], &end, 10);
    if (errno || end == argv[3] || *end || n < 1 || n > 16) {
        fprintf(stderr, "roomboard-shrink: N must be 1 to 16, not '%s'\n", argv[3]);
        return 2;
    }
    SDL_Surface *raw = IMG_Load(argv[1]);
    if (!raw) {
        fprintf(stderr, "roomboard-shrink: cannot read %s: %s\n", argv[1], IMG_GetError());
        return 1;
    }
    SDL_Surface *in = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_RGB24, 0);
    SDL_FreeSurface(raw);
    if (!in) {
        fprintf(stderr, "roomboard-shrink: %s: %s\n", argv[1], SDL_GetError());
        return 1;
    }
    int w = in->w / (int)n, h = in->h / (int)n;
    SDL_Surface *out =
        w > 0 && h > 0 ? SDL_CreateRGBSurfaceWithFormat(0, w, h, 24, SDL_PIXELFORMAT_RGB24) : NULL;
    if (!out) {
        fprintf(stderr, "roomboard-shrink: %s is too small to shrink %ld times\n", argv[1], n);
        SDL_FreeSurface(in);
        return 1;
    }
    shrink(in, out, (int)n);
    int rc = IMG_SavePNG(out, argv[2]) == 0 ? 0 : 1;
    if (rc)
        fprintf(stderr, "roomboard-shrink: cannot write %s: %s\n", argv[2], IMG_GetError());
    SDL_FreeSurface(out);
    SDL_FreeSurface(in);
    return rc;
}
