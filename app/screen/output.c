/* output — see output.h. */
#include "output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <SDL_image.h>

static bool make_target(struct output *o, struct err *err)
{
    int rot = o->rotate;
    if (o->target) {
        SDL_DestroyTexture(o->target);
        o->target = NULL;
    }
    o->w = (rot == 90 || rot == 270) ? o->out_h : o->out_w;
    o->h = (rot == 90 || rot == 270) ? o->out_w : o->out_h;
    if (rot == 0)
        return true;
    o->target =
        SDL_CreateTexture(o->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, o->w, o->h);
    if (!o->target)
        return err_set(err, "screen: cannot make the %dx%d rotation texture: %s", o->w, o->h,
                       SDL_GetError());
    return true;
}

bool output_reset(struct output *o, struct err *err)
{
    if (SDL_GetRendererOutputSize(o->ren, &o->out_w, &o->out_h) != 0)
        return err_set(err, "screen: cannot read the output size: %s", SDL_GetError());
    return make_target(o, err);
}

static bool finish(struct output *o, struct err *err)
{
    SDL_RendererInfo ri;
    if (SDL_GetRendererInfo(o->ren, &ri) == 0)
        snprintf(o->renderer_name, sizeof(o->renderer_name), "%s", ri.name);
    return output_reset(o, err);
}

bool output_open_surface(struct output *o, int w, int h, int rotate, struct err *err)
{
    o->rotate = rotate;
    o->surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGB888);
    if (!o->surface)
        return err_set(err, "screen: cannot make a %dx%d surface: %s", w, h, SDL_GetError());
    o->ren = SDL_CreateSoftwareRenderer(o->surface);
    if (!o->ren)
        return err_set(err, "screen: software renderer failed: %s", SDL_GetError());
    snprintf(o->driver, sizeof(o->driver), "surface");
    return finish(o, err);
}

bool output_display_plausible(void)
{
    const char *drv = getenv("SDL_VIDEODRIVER");
    if (drv && *drv)
        return true;
    const char *d = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
    if ((d && *d) || (wl && *wl))
        return true;
    struct stat st;
    return stat("/dev/dri/card0", &st) == 0 || stat("/dev/dri/card1", &st) == 0;
}

/* The renderer: on KMSDRM GLES2; elsewhere (X11, Wayland) software with
 * framebuffer acceleration off, which keeps Mesa and LLVM out of the
 * process (about 14 MiB PSS instead of 100 MiB, see docs/screen.md). */
static const char *pick_renderer(const struct output *o)
{
    const char *force = getenv("ROOMBOARD_RENDERER");
    if (force && *force)
        return force;
    return strcmp(o->driver, "kmsdrm") == 0 ? "opengles2" : "software";
}

static bool make_renderer(struct output *o, const char *want, struct err *err)
{
    Uint32 rflags = strcmp(want, "software") == 0
                        ? SDL_RENDERER_SOFTWARE
                        : SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC;
    o->ren = SDL_CreateRenderer(o->win, -1, rflags | SDL_RENDERER_TARGETTEXTURE);
    if (!o->ren && strcmp(want, "software") != 0) {
        /* The GPU path failed (no GLES2 on this board): software it is. */
        fprintf(stderr, "roomboard: %s renderer failed (%s); using software\n", want,
                SDL_GetError());
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
        o->ren = SDL_CreateRenderer(o->win, -1, SDL_RENDERER_SOFTWARE);
    }
    if (!o->ren)
        return err_set(err, "screen: no renderer on %s: %s", o->driver, SDL_GetError());
    return true;
}

bool output_open_window(struct output *o, int w, int h, bool windowed, int rotate, struct err *err)
{
    o->rotate = rotate;
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "1");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0)
        return err_set(err, "screen: no display (%s)", SDL_GetError());
    snprintf(o->driver, sizeof(o->driver), "%s", SDL_GetCurrentVideoDriver());
    o->device_wait = strcmp(o->driver, "x11") == 0 || strcmp(o->driver, "wayland") == 0;
    o->desktop = o->device_wait;
    const char *want = pick_renderer(o);
    if (strcmp(want, "software") == 0)
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, want);

    SDL_Rect desk;
    if (windowed && w <= 0 && SDL_GetDisplayUsableBounds(0, &desk) == 0 && desk.w > 0 &&
        desk.h > 0) {
        /* A window that fits the desktop with room for its decorations. */
        w = desk.w * 9 / 10;
        h = desk.h * 9 / 10;
    }
    Uint32 flags = SDL_WINDOW_SHOWN;
    if (!windowed)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
    else
        flags |= SDL_WINDOW_RESIZABLE;
    if (strcmp(want, "opengles2") == 0 || strcmp(want, "opengl") == 0)
        flags |= SDL_WINDOW_OPENGL;
    o->win = SDL_CreateWindow("roomboard", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                              w > 0 ? w : 1280, h > 0 ? h : 720, flags);
    if (!o->win)
        return err_set(err, "screen: cannot open a window on %s: %s", o->driver, SDL_GetError());
    if (!make_renderer(o, want, err))
        return false;
    SDL_ShowCursor(SDL_DISABLE);
    return finish(o, err);
}

void output_begin(struct output *o)
{
    if (o->target)
        SDL_SetRenderTarget(o->ren, o->target);
}

void output_end(struct output *o)
{
    if (!o->target)
        return;
    SDL_SetRenderTarget(o->ren, NULL);
    SDL_SetRenderDrawColor(o->ren, 0, 0, 0, 255);
    SDL_RenderClear(o->ren);
    SDL_Rect dst = {(o->out_w - o->w) / 2, (o->out_h - o->h) / 2, o->w, o->h};
    SDL_RenderCopyEx(o->ren, o->target, NULL, &dst, (double)o->rotate, NULL, SDL_FLIP_NONE);
}

void output_present(struct output *o)
{
    if (o->win)
        SDL_RenderPresent(o->ren);
}

bool output_save_png(struct output *o, const char *path, struct err *err)
{
    if (!o->surface)
        return err_set(err, "screenshot: no surface to write to %s", path);
    if (IMG_SavePNG(o->surface, path) != 0)
        return err_set(err, "screenshot: cannot write %s: %s", path, IMG_GetError());
    return true;
}

void output_close(struct output *o)
{
    if (o->target)
        SDL_DestroyTexture(o->target);
    if (o->ren)
        SDL_DestroyRenderer(o->ren);
    if (o->win)
        SDL_DestroyWindow(o->win);
    if (o->surface)
        SDL_FreeSurface(o->surface);
    memset(o, 0, sizeof(*o));
}
