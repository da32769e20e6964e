#include "qr.h"

#include <qrencode.h>
#include <string.h>

/* Bytes outside printable ASCII (UTF-8 in a path, spaces) percent-encoded:
 * decoders guess the charset of 8-bit QR data (zbar reads UTF-8 as
 * Shift-JIS), while an ASCII URI reads the same everywhere. OUT has room
 * for 3 * QR_MAX_URL + 1 bytes. */
static void ascii_uri(const char *url, char *out)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t j = 0;

    for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
        if (*p > 0x20 && *p < 0x7f) {
            out[j++] = (char)*p;
        } else {
            out[j++] = '%';
            out[j++] = hex[*p >> 4];
            out[j++] = hex[*p & 15];
        }
    }
    out[j] = '\0';
}

static QRcode *encode(const char *url, struct err *err)
{
    char uri[3 * QR_MAX_URL + 1];
    QRcode *q;

    if (!url || !*url)
        return err_set(err, "qr: no URL"), NULL;
    if (strlen(url) > QR_MAX_URL)
        return err_set(err, "qr: URL longer than %d bytes", QR_MAX_URL), NULL;
    ascii_uri(url, uri);
    q = QRcode_encodeString(uri, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q)
        return err_set(err, "qr: cannot encode '%.80s'", url), NULL;
    return q;
}

static bool fit(int width, int box, int min_px, int *module_px, int *side, struct err *err)
{
    int modules = width + 2 * QR_QUIET_MODULES, px = box / modules;

    if (px < min_px || px < 1)
        return err_set(err, "qr: %d modules need %d px at %d px each; the box has %d", modules,
                       modules * (min_px > 0 ? min_px : 1), min_px, box);
    *module_px = px;
    *side = px * modules;
    return true;
}

bool qr_measure(const char *url, int box, int min_px, int *module_px, int *side, struct err *err)
{
    QRcode *q = encode(url, err);
    bool ok;

    if (!q)
        return false;
    ok = fit(q->width, box, min_px, module_px, side, err);
    QRcode_free(q);
    return ok;
}

/* Black modules on the white surface S, PX pixels each. */
static void draw_modules(SDL_Surface *s, const QRcode *q, int px)
{
    Uint32 black = SDL_MapRGB(s->format, 0, 0, 0);

    for (int y = 0; y < q->width; y++)
        for (int x = 0; x < q->width; x++) {
            if (!(q->data[y * q->width + x] & 1))
                continue;
            SDL_Rect r = {(x + QR_QUIET_MODULES) * px, (y + QR_QUIET_MODULES) * px, px, px};
            SDL_FillRect(s, &r, black);
        }
}

SDL_Surface *qr_surface(const char *url, int box, int min_px, struct err *err)
{
    QRcode *q = encode(url, err);
    SDL_Surface *s = NULL;
    int px = 0, side = 0;

    if (!q)
        return NULL;
    if (fit(q->width, box, min_px, &px, &side, err)) {
        s = SDL_CreateRGBSurfaceWithFormat(0, side, side, 32, SDL_PIXELFORMAT_ARGB8888);
        if (!s) {
            err_set(err, "qr: cannot make a %dx%d surface: %s", side, side, SDL_GetError());
        } else {
            SDL_FillRect(s, NULL, SDL_MapRGB(s->format, 255, 255, 255));
            draw_modules(s, q, px);
        }
    }
    QRcode_free(q);
    return s;
}

SDL_Texture *qr_texture(SDL_Renderer *r, const char *url, int box, int min_px, int *side,
                        struct err *err)
{
    SDL_Surface *s = qr_surface(url, box, min_px, err);
    SDL_Texture *t;

    if (!s)
        return NULL;
    t = SDL_CreateTextureFromSurface(r, s);
    if (!t)
        err_set(err, "qr: cannot make a texture: %s", SDL_GetError());
    else
        *side = s->w;
    SDL_FreeSurface(s);
    return t;
}
