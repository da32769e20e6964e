/* text — see text.h. */
#include "text.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SDL_ttf.h>
#include <fribidi.h>
#include <hb.h>

#include "utf8.h"

#define FONT_SLOTS        24             /* open sizes of the main font kept */
#define CACHE_MAX_ENTRIES 2048           /* blocks kept, measured or rasterised */
#define CACHE_FLOOR       (8u << 20)     /* texture bytes, for small panels */
#define CACHE_SCREENS     2              /* the bound: screens' worth of pixels */
#define IDLE_MS           15000          /* a block not drawn this long is dropped */
#define SWEEP_MS          1000           /* how often idle blocks are looked for */
#define TRIM_BYTES        (256u << 10)   /* freed at once: give the heap back */
#define HASH_BUCKETS      1024           /* power of two */
#define PITCH_EM          1.22           /* baseline to baseline, in em */
#define ELLIPSIS          "\xE2\x80\xA6" /* U+2026 */

const char *const text_default_fonts[] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    NULL,
};

struct face {
    char *path;
    long index; /* face in a collection */
    void *map;  /* the file, mapped read-only: opening a size is then cheap */
    size_t len;
    bool synth_bold; /* no bold file: embolden the regular one */
    bool own_map;    /* this face unmaps (bold faces may share the regular map) */
};

struct font_slot {
    TTF_Font *font;
    int weight, face, px;
    uint64_t used;
};

struct entry {
    uint64_t hash;
    uint32_t rgb; /* the colour rasterised in (part of the key) */
    char *str;
    struct text_box box;
    struct text_fit fit;
    SDL_Texture *tex;
    size_t bytes;
    uint64_t used_ms;          /* last drawn or measured (SDL_GetTicks64) */
    struct entry *hnext;       /* bucket chain */
    struct entry *prev, *next; /* LRU list, most recent first */
};

struct line {
    size_t a, b; /* bytes [a, b) of the string, trailing spaces trimmed */
    int w;
};

struct lay {
    int px, pitch, height, ascent;
    size_t n;
    struct line l[TEXT_MAX_LINES];
    char *last; /* replacement for the last line when ellipsised, else NULL */
    bool ellipsised, forced;
    bool rtl;         /* the paragraph is right-to-left (first strong letter) */
    uint8_t *lv;      /* bidi embedding level of each byte; NULL: all left-to-right */
    uint8_t *last_lv; /* the same for `last` */
};

struct text {
    SDL_Renderer *ren;
    struct face faces[2][TEXT_MAX_FACES];
    size_t nfaces;
    struct font_slot slots[FONT_SLOTS]; /* main font, per size */
    TTF_Font *fb[2][TEXT_MAX_FACES];    /* fallback fonts, one per weight */
    int fb_px[2][TEXT_MAX_FACES];
    uint64_t tick;
    char *scratch; /* NUL-terminated copies of runs */
    size_t scratch_cap;

    struct entry *buckets[HASH_BUCKETS];
    struct entry *head, *tail;
    size_t nentries, bytes, limit;
    bool fixed_limit; /* set by text_new's caller: the screen does not change it */
    int screen_w, screen_h;
    uint64_t last_sweep_ms;
    struct text_stats st;
};

/* ---- UTF-8 ---------------------------------------------------------- */

/* One code point at S (LEN bytes left) through the one decoder
 * (utf8_decode); bytes it refuses count as one U+FFFD each, so text that
 * slipped through shows a replacement mark instead of vanishing. Returns
 * the length, 0 at the end. */
static size_t next_cp(const char *s, size_t len, uint32_t *cp)
{
    size_t n;
    if (len == 0) {
        *cp = 0;
        return 0;
    }
    n = utf8_decode(s, len, cp);
    return n ? n : 1;
}

static bool is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0x3000 ||
           (cp >= 0x2000 && cp <= 0x200A);
}

/* Marks that belong to the code point before them: never start a run or a
 * cut there. */
static bool is_mark(uint32_t cp)
{
    return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
           (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xFE20 && cp <= 0xFE2F) || cp == 0x200C ||
           cp == 0x200D;
}

/* Scripts written without spaces: a line may break before or after any of
 * these characters. */
static bool is_cjk(uint32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
           (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* ---- fonts ---------------------------------------------------------- */

static bool map_file(const char *path, void **map, size_t *len)
{
    /* Non-blocking, regular files only (as file_read()): a FIFO at a font
     * path must not hang start-up before READY. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return false;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
        close(fd);
        return false;
    }
    void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (m == MAP_FAILED)
        return false;
    *map = m;
    *len = (size_t)st.st_size;
    return true;
}

/* "dir/NotoSans-Regular.ttf" -> "dir/NotoSans-Bold.ttf",
 * "dir/DejaVuSans.ttf" -> "dir/DejaVuSans-Bold.ttf". */
static char *bold_sibling(const char *path)
{
    size_t n = strlen(path);
    char *out = malloc(n + 16);
    if (!out)
        return NULL;
    const char *reg = strstr(path, "-Regular.");
    if (reg) {
        snprintf(out, n + 16, "%.*s-Bold%s", (int)(reg - path), path, reg + 8);
        return out;
    }
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        dot = path + n;
    snprintf(out, n + 16, "%.*s-Bold%s", (int)(dot - path), path, dot);
    return out;
}

static bool open_face(struct face *f, const char *spec)
{
    memset(f, 0, sizeof(*f));
    char *path = strdup(spec);
    if (!path)
        return false;
    char *hash = strrchr(path, '#');
    if (hash) {
        char *end;
        errno = 0;
        long idx = strtol(hash + 1, &end, 10);
        if (end != hash + 1 && *end == '\0' && errno == 0 && idx >= 0) {
            f->index = idx;
            *hash = '\0';
        }
    }
    if (!map_file(path, &f->map, &f->len)) {
        free(path);
        return false;
    }
    f->path = path;
    f->own_map = true;
    return true;
}

static void close_face(struct face *f)
{
    if (f->map && f->own_map)
        munmap(f->map, f->len);
    free(f->path);
    memset(f, 0, sizeof(*f));
}

static TTF_Font *open_at(const struct face *f, int px)
{
    SDL_RWops *rw = SDL_RWFromConstMem(f->map, (int)f->len);
    if (!rw)
        return NULL;
    TTF_Font *font = TTF_OpenFontIndexRW(rw, 1, px, f->index);
    if (!font)
        return NULL;
    if (f->synth_bold)
        TTF_SetFontStyle(font, TTF_STYLE_BOLD);
    TTF_SetFontHinting(font, TTF_HINTING_LIGHT);
    return font;
}

/* The font for (weight, face) at px. The main font keeps one FreeType face
 * per size (cheap for a TrueType font, and the sizes of a frame stay
 * warm). A fallback font (Noto CJK is a 19 MB CFF collection: about a
 * megabyte of heap per open face) has one face per weight, resized on
 * demand: measured 40 -> 16 MiB PSS for a board with CJK names. */
static TTF_Font *get_font(struct text *t, int weight, int face, int px)
{
    if (px < 1)
        px = 1;
    if (face > 0) {
        TTF_Font **fp = &t->fb[weight][face];
        if (!*fp) {
            *fp = open_at(&t->faces[weight][face], px);
            t->fb_px[weight][face] = px;
        } else if (t->fb_px[weight][face] != px && TTF_SetFontSize(*fp, px) == 0) {
            t->fb_px[weight][face] = px;
        }
        return *fp;
    }
    struct font_slot *free_slot = NULL, *old = NULL;
    for (size_t i = 0; i < FONT_SLOTS; i++) {
        struct font_slot *s = &t->slots[i];
        if (!s->font) {
            if (!free_slot)
                free_slot = s;
            continue;
        }
        if (s->weight == weight && s->face == face && s->px == px) {
            s->used = ++t->tick;
            return s->font;
        }
        if (!old || s->used < old->used)
            old = s;
    }
    struct font_slot *s = free_slot ? free_slot : old;
    if (s->font)
        TTF_CloseFont(s->font);
    s->font = NULL;
    TTF_Font *font = open_at(&t->faces[weight][face], px);
    if (!font)
        return NULL;
    s->font = font;
    s->weight = weight;
    s->face = face;
    s->px = px;
    s->used = ++t->tick;
    return font;
}

bool text_new(SDL_Renderer *r, const char *const *fonts, size_t nfonts, size_t cache_bytes,
              struct text **out, struct err *err)
{
    if (!TTF_WasInit() && TTF_Init() != 0)
        return err_set(err, "text: SDL_ttf init failed: %s", TTF_GetError());
    struct text *t = calloc(1, sizeof(*t));
    if (!t)
        return err_set(err, "text: out of memory");
    t->ren = r;
    t->limit = cache_bytes ? cache_bytes : CACHE_FLOOR;
    /* Texture pixels are the big, short-lived allocations of the process:
     * a fixed mmap threshold sends every block over 64 KiB (a title of a
     * few hundred pixels by two lines) to its own mapping, returned to the
     * system when the block is evicted (glibc's default threshold grows
     * after such a free and then keeps them in a heap that fragments: a
     * lobby turning pages for ten minutes grew by 20 MiB). */
    mallopt(M_MMAP_THRESHOLD, 64 * 1024);
    t->fixed_limit = cache_bytes != 0;
    const char *const *list = fonts;
    if (nfonts == 0) {
        list = text_default_fonts;
        while (list[nfonts])
            nfonts++;
    }
    char tried[256] = "";
    for (size_t i = 0; i < nfonts && t->nfaces < TEXT_MAX_FACES; i++) {
        struct face *reg = &t->faces[TEXT_REGULAR][t->nfaces];
        if (!open_face(reg, list[i])) {
            if (!tried[0])
                snprintf(tried, sizeof(tried), "%s", list[i]);
            continue;
        }
        struct face *bold = &t->faces[TEXT_BOLD][t->nfaces];
        char *bp = bold_sibling(reg->path);
        char spec[1100];
        bool ok = false;
        if (bp && strcmp(bp, reg->path) != 0) {
            snprintf(spec, sizeof(spec), "%s#%ld", bp, reg->index);
            ok = open_face(bold, spec);
        }
        free(bp);
        if (!ok) {
            *bold = *reg;
            bold->path = strdup(reg->path);
            bold->own_map = false;
            bold->synth_bold = true;
        }
        t->nfaces++;
    }
    if (t->nfaces == 0) {
        text_free(t);
        return err_set(err, "text: no usable font (tried %s%s)", tried[0] ? tried : "none",
                       nfonts > 1 ? " and the others in the list" : "");
    }
    /* A face that cannot be opened at a size is useless: test the main one. */
    if (!get_font(t, TEXT_REGULAR, 0, 16)) {
        err_set(err, "text: %s is not a font SDL_ttf can read: %s", t->faces[0][0].path,
                TTF_GetError());
        text_free(t);
        return false;
    }
    *out = t;
    return true;
}

static void entry_free(struct text *t, struct entry *e)
{
    if (e->tex)
        SDL_DestroyTexture(e->tex);
    t->bytes -= e->bytes;
    free(e->str);
    free(e);
}

void text_cache_clear(struct text *t)
{
    if (!t)
        return;
    struct entry *e = t->head;
    while (e) {
        struct entry *n = e->next;
        entry_free(t, e);
        e = n;
    }
    memset(t->buckets, 0, sizeof(t->buckets));
    t->head = t->tail = NULL;
    t->nentries = 0;
    t->bytes = 0;
}

void text_free(struct text *t)
{
    if (!t)
        return;
    text_cache_clear(t);
    for (size_t i = 0; i < FONT_SLOTS; i++)
        if (t->slots[i].font)
            TTF_CloseFont(t->slots[i].font);
    for (size_t w = 0; w < 2; w++)
        for (size_t i = 0; i < TEXT_MAX_FACES; i++)
            if (t->fb[w][i])
                TTF_CloseFont(t->fb[w][i]);
    for (size_t i = 0; i < TEXT_MAX_FACES; i++) {
        close_face(&t->faces[TEXT_BOLD][i]);
        close_face(&t->faces[TEXT_REGULAR][i]);
    }
    free(t->scratch);
    free(t);
}

size_t text_face_count(const struct text *t)
{
    return t->nfaces;
}

const char *text_face_path(const struct text *t, int face)
{
    if (face < 0 || (size_t)face >= t->nfaces)
        return "";
    return t->faces[TEXT_REGULAR][face].path;
}

/* The first face that has CP, or -1. */
static int face_for(struct text *t, int weight, int px, uint32_t cp)
{
    for (size_t i = 0; i < t->nfaces; i++) {
        /* Coverage does not depend on the size: a fallback font is asked
         * at whatever size it has, not resized for the question. */
        TTF_Font *f =
            i > 0 && t->fb[weight][i] ? t->fb[weight][i] : get_font(t, weight, (int)i, px);
        if (f && TTF_GlyphIsProvided32(f, cp))
            return (int)i;
    }
    return -1;
}

/* ---- scripts and bidi ---------------------------------------------- */

/* The script of CP, or HB_SCRIPT_COMMON for characters every script uses
 * (spaces, digits, punctuation, marks): those join the run they are in. */
static uint32_t script_of(uint32_t cp)
{
    hb_script_t sc = hb_unicode_script(hb_unicode_funcs_get_default(), cp);
    if (sc == HB_SCRIPT_INHERITED || sc == HB_SCRIPT_UNKNOWN)
        return HB_SCRIPT_COMMON;
    return (uint32_t)sc;
}

static bool script_rtl(uint32_t script)
{
    return hb_script_get_horizontal_direction((hb_script_t)script) == HB_DIRECTION_RTL;
}

/* Tells SDL_ttf (HarfBuzz) how to shape RUN with F: its direction and
 * script. Without HarfBuzz both calls fail and runs are drawn unshaped, in
 * the order the bidi algorithm gave them. */
static void shape_as(TTF_Font *f, const struct text_run *run)
{
    char tag[5];
    hb_tag_to_string((hb_tag_t)run->script, tag);
    tag[4] = '\0';
    TTF_SetFontDirection(f, run->rtl ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
    TTF_SetFontScriptName(f, tag);
}

/* Whether S needs the bidi algorithm at all: some character is strongly
 * right-to-left, an Arabic number, or an explicit right-to-left control. */
static bool has_rtl(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += next_cp(s + i, len - i, &cp);
        if (cp < 0x590)
            continue;
        FriBidiCharType ty = fribidi_get_bidi_type(cp);
        if (ty == FRIBIDI_TYPE_RTL || ty == FRIBIDI_TYPE_AL || ty == FRIBIDI_TYPE_AN ||
            ty == FRIBIDI_TYPE_RLE || ty == FRIBIDI_TYPE_RLO || ty == FRIBIDI_TYPE_RLI ||
            ty == FRIBIDI_TYPE_FSI)
            return true;
    }
    return false;
}

/* The Unicode bidirectional algorithm (FriBidi) over S as one paragraph
 * whose direction is that of its first strong letter: the embedding level
 * of every byte (a code point's level on each of its bytes), or NULL when
 * the text is all left-to-right (the common case costs one scan) or memory
 * is short (then it is drawn left to right). *rtl: the paragraph's
 * direction. */
static uint8_t *bidi_levels(const char *s, size_t len, bool *rtl)
{
    *rtl = false;
    if (len == 0 || !has_rtl(s, len))
        return NULL;
    FriBidiChar *u = malloc(len * sizeof(*u));
    size_t *at = malloc(len * sizeof(*at));
    FriBidiCharType *ty = malloc(len * sizeof(*ty));
    FriBidiBracketType *br = malloc(len * sizeof(*br));
    FriBidiLevel *lev = malloc(len * sizeof(*lev));
    uint8_t *out = malloc(len);
    size_t n = 0;
    if (!u || !at || !ty || !br || !lev || !out)
        goto fail;
    for (size_t i = 0; i < len;) {
        at[n] = i;
        i += next_cp(s + i, len - i, &u[n]);
        n++;
    }
    fribidi_get_bidi_types(u, (FriBidiStrIndex)n, ty);
    fribidi_get_bracket_types(u, (FriBidiStrIndex)n, ty, br);
    FriBidiParType dir = FRIBIDI_PAR_ON;
    if (fribidi_get_par_embedding_levels_ex(ty, br, (FriBidiStrIndex)n, &dir, lev) == 0)
        goto fail;
    for (size_t k = 0; k < n; k++) {
        size_t end = k + 1 < n ? at[k + 1] : len;
        memset(out + at[k], (int)lev[k], end - at[k]);
    }
    *rtl = FRIBIDI_IS_RTL(dir);
    free(u), free(at), free(ty), free(br), free(lev);
    return out;
fail:
    free(u), free(at), free(ty), free(br), free(lev), free(out);
    return NULL;
}

/* Splits s[0..len) into runs of one font, one script and (with LV, the
 * bidi level of each byte) one level; calls fn for each in logical order.
 * Without LV a run's direction is its script's. */
typedef bool (*run_fn)(struct text *t, void *ud, const struct text_run *run);

static void for_runs(struct text *t, int weight, int px, const char *s, size_t len,
                     const uint8_t *lv, run_fn fn, void *ud)
{
    struct text_run run = {0, 0, -1, false, HB_SCRIPT_COMMON, false};
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = next_cp(s + i, len - i, &cp);
        int face;
        bool missing = false;
        uint32_t sc = script_of(cp);
        if (run.face >= 0 && (is_space(cp) || is_mark(cp))) {
            face = run.face;
            missing = run.missing;
        } else {
            face = face_for(t, weight, px, cp);
            if (face < 0) {
                face = 0;
                missing = true;
            }
        }
        bool split =
            face != run.face || missing != run.missing ||
            (sc != HB_SCRIPT_COMMON && run.script != HB_SCRIPT_COMMON && sc != run.script) ||
            (lv && lv[i] != lv[run.off]);
        if (run.face >= 0 && split) {
            run.rtl = lv ? (lv[run.off] & 1) : script_rtl(run.script);
            if (!fn(t, ud, &run))
                return;
            run.off = i;
            run.len = 0;
            run.script = HB_SCRIPT_COMMON;
        }
        if (sc != HB_SCRIPT_COMMON)
            run.script = sc;
        run.face = face;
        run.missing = missing;
        run.len += n;
        i += n;
    }
    if (run.face >= 0 && run.len > 0) {
        run.rtl = lv ? (lv[run.off] & 1) : script_rtl(run.script);
        fn(t, ud, &run);
    }
}

/* A NUL-terminated copy of s[0..len) in the scratch buffer. */
static const char *scratch(struct text *t, const char *s, size_t len)
{
    if (len + 1 > t->scratch_cap) {
        size_t cap = len + 256;
        char *p = realloc(t->scratch, cap);
        if (!p)
            return NULL;
        t->scratch = p;
        t->scratch_cap = cap;
    }
    memcpy(t->scratch, s, len);
    t->scratch[len] = '\0';
    return t->scratch;
}

struct measure_ud {
    int weight, px, w;
    const char *s;
};

static bool measure_run(struct text *t, void *ud, const struct text_run *run)
{
    struct measure_ud *m = ud;
    TTF_Font *f = get_font(t, m->weight, run->face, m->px);
    const char *str = scratch(t, m->s + run->off, run->len);
    int w = 0, h = 0;
    if (!f || !str)
        return true;
    shape_as(f, run);
    if (TTF_SizeUTF8(f, str, &w, &h) == 0)
        m->w += w;
    return true;
}

static int measure(struct text *t, int weight, int px, const char *s, size_t len)
{
    struct measure_ud m = {weight, px, 0, s};
    for_runs(t, weight, px, s, len, NULL, measure_run, &m);
    return m.w;
}

struct runs_ud {
    struct text_run *out;
    size_t max, n;
};

static bool collect_run(struct text *t, void *ud, const struct text_run *run)
{
    struct runs_ud *r = ud;
    if (r->n < r->max)
        r->out[r->n] = *run;
    r->n++;
    return true;
}

size_t text_runs(struct text *t, const char *s, enum text_weight weight, struct text_run *runs,
                 size_t max)
{
    struct runs_ud r = {runs, max, 0};
    size_t len = strlen(s);
    bool rtl;
    uint8_t *lv = bidi_levels(s, len, &rtl);
    for_runs(t, (int)weight, 32, s, len, lv, collect_run, &r);
    free(lv);
    return r.n;
}

/* ---- layout --------------------------------------------------------- */

static int main_height(struct text *t, int weight, int px, int *ascent)
{
    TTF_Font *f = get_font(t, weight, 0, px);
    if (!f) {
        *ascent = px;
        return px + px / 3;
    }
    *ascent = TTF_FontAscent(f);
    return TTF_FontHeight(f);
}

static int pitch_for(int px, int height)
{
    int p = (int)(px * PITCH_EM + 0.5);
    return p < height ? p : height;
}

/* Lines of the box height at size px (block = (n-1)*pitch + height). */
static int lines_fitting(int box_h, int pitch, int height)
{
    if (box_h < height)
        return 0;
    return 1 + (pitch > 0 ? (box_h - height) / pitch : 0);
}

/* Trims spaces at the end of s[a..b). */
static size_t trim_end(const char *s, size_t a, size_t b)
{
    while (b > a) {
        unsigned char c = (unsigned char)s[b - 1];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            b--;
        else if (b - a >= 2 && (unsigned char)s[b - 2] == 0xC2 && c == 0xA0)
            b -= 2;
        else
            break;
    }
    return b;
}

static size_t skip_spaces(const char *s, size_t i, size_t len)
{
    while (i < len) {
        uint32_t cp;
        size_t n = next_cp(s + i, len - i, &cp);
        if (!is_space(cp))
            break;
        i += n;
    }
    return i;
}

/* End of the segment starting at i: the next break opportunity, trailing
 * spaces included. */
static size_t segment_end(const char *s, size_t i, size_t len)
{
    uint32_t cp;
    size_t n = next_cp(s + i, len - i, &cp);
    size_t j = i + n;
    if (is_cjk(cp)) {
        /* A CJK character is a segment of its own (plus marks and spaces). */
        while (j < len) {
            uint32_t c2;
            size_t m = next_cp(s + j, len - j, &c2);
            if (!is_mark(c2) && !is_space(c2))
                break;
            j += m;
        }
        return j;
    }
    uint32_t prev = cp;
    while (j < len) {
        uint32_t c2;
        size_t m = next_cp(s + j, len - j, &c2);
        if (is_space(c2))
            return skip_spaces(s, j, len);
        if (is_cjk(c2))
            return j;
        /* A break is allowed after a hyphen or slash inside a word. */
        if ((prev == '-' || prev == '/' || prev == 0x2013) && !is_mark(c2) && j - i > 2)
            return j;
        prev = c2;
        j += m;
    }
    return j;
}

/* The longest prefix of s[a..b) (whole code points, marks kept with their
 * base) whose width plus `extra` fits w. Returns its end (> a unless not
 * even one code point fits). */
static size_t fit_prefix(struct text *t, int weight, int px, const char *s, size_t a, size_t b,
                         int w, const char *extra)
{
    /* Candidate cut points. */
    size_t cuts[512];
    size_t nc = 0;
    size_t i = a;
    while (i < b && nc < 512) {
        uint32_t cp;
        size_t n = next_cp(s + i, b - i, &cp);
        i += n;
        /* extend over following marks */
        while (i < b) {
            uint32_t c2;
            size_t m = next_cp(s + i, b - i, &c2);
            if (!is_mark(c2))
                break;
            i += m;
        }
        cuts[nc++] = i;
    }
    size_t ew = extra ? strlen(extra) : 0;
    int lo = 0, hi = (int)nc; /* answer: number of cut points that fit */
    char *buf = malloc((b - a) + ew + 1);
    if (!buf)
        return a;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        size_t end = cuts[mid - 1];
        size_t te = trim_end(s, a, end);
        memcpy(buf, s + a, te - a);
        if (ew)
            memcpy(buf + (te - a), extra, ew);
        int mw = measure(t, weight, px, buf, (te - a) + ew);
        if (mw <= w)
            lo = mid;
        else
            hi = mid - 1;
    }
    free(buf);
    return lo == 0 ? a : cuts[lo - 1];
}

/* Wraps s at size px into at most TEXT_MAX_LINES lines of width w. Sets
 * forced when a word had to be broken inside. */
static void wrap(struct text *t, int weight, int px, const char *s, size_t len, int w,
                 struct lay *lay)
{
    lay->n = 0;
    lay->forced = false;
    size_t i = skip_spaces(s, 0, len);
    while (i < len && lay->n < TEXT_MAX_LINES) {
        size_t line_a = i, line_b = i;
        int acc = 0; /* width of the line up to line_b, spaces included */
        while (i < len) {
            size_t e = segment_end(s, i, len);
            size_t te = trim_end(s, i, e);
            int segw_trim = measure(t, weight, px, s + i, te - i);
            if (acc + segw_trim <= w || line_b == line_a) {
                if (acc + segw_trim > w) {
                    /* A single word wider than the line: break it. */
                    size_t cut = fit_prefix(t, weight, px, s, i, te, w, NULL);
                    if (cut == i) /* not even one character: take one anyway */
                        cut = i + next_cp(s + i, te - i, &(uint32_t){0});
                    lay->forced = true;
                    line_b = cut;
                    i = cut;
                    break;
                }
                acc += (e > te) ? measure(t, weight, px, s + i, e - i) : segw_trim;
                line_b = e;
                i = e;
            } else {
                break;
            }
        }
        size_t tb = trim_end(s, line_a, line_b);
        int lw = measure(t, weight, px, s + line_a, tb - line_a);
        /* Kerning across segments can add a pixel or two: step back a word. */
        while (lw > w) {
            size_t back = line_a, k = line_a;
            while (k < tb) {
                size_t e = segment_end(s, k, tb);
                if (e >= tb)
                    break;
                back = e;
                k = e;
            }
            if (back == line_a)
                break;
            tb = trim_end(s, line_a, back);
            i = back;
            lw = measure(t, weight, px, s + line_a, tb - line_a);
        }
        lay->l[lay->n].a = line_a;
        lay->l[lay->n].b = tb;
        lay->l[lay->n].w = lw;
        lay->n++;
        i = skip_spaces(s, i, len);
    }
    if (i < len)
        lay->forced = true; /* more than TEXT_MAX_LINES lines */
}

static bool strip_tail_char(unsigned char c)
{
    return c == ' ' || c == ',' || c == ';' || c == ':' || c == '-' || c == '.' || c == '(';
}

/* Ends line k with an ellipsis: the rest of the text from its start is cut
 * so that it plus "…" fits w. */
static void ellipsise(struct text *t, int weight, const char *s, size_t len, int w, struct lay *lay,
                      size_t k)
{
    size_t a = lay->l[k].a;
    size_t cut = fit_prefix(t, weight, lay->px, s, a, len, w, ELLIPSIS);
    /* Prefer a word boundary when it does not waste much of the line. */
    size_t sp = cut;
    while (sp > a && s[sp - 1] != ' ')
        sp--;
    if (sp > a && (sp - a) * 10 >= (cut - a) * 6 && cut < len)
        cut = sp;
    size_t te = trim_end(s, a, cut);
    while (te > a && strip_tail_char((unsigned char)s[te - 1]))
        te--;
    free(lay->last);
    lay->last = malloc((te - a) + sizeof(ELLIPSIS));
    if (!lay->last)
        return;
    memcpy(lay->last, s + a, te - a);
    memcpy(lay->last + (te - a), ELLIPSIS, sizeof(ELLIPSIS));
    free(lay->last_lv);
    lay->last_lv = NULL;
    if (lay->lv && (lay->last_lv = malloc((te - a) + sizeof(ELLIPSIS))) != NULL) {
        /* "…" ends the line in the paragraph's direction. */
        memcpy(lay->last_lv, lay->lv + a, te - a);
        memset(lay->last_lv + (te - a), lay->rtl ? 1 : 0, sizeof(ELLIPSIS));
    }
    lay->l[k].w = measure(t, weight, lay->px, lay->last, strlen(lay->last));
    lay->ellipsised = true;
    lay->n = k + 1;
    if (lay->l[k].w > w) {
        /* A box narrower than "…" itself: that line is left out rather
         * than drawn past the box. */
        lay->n = k;
        free(lay->last);
        lay->last = NULL;
    }
}

/* Frees what a layout owns; the layout can be fitted again after. */
static void lay_release(struct lay *lay)
{
    free(lay->last);
    free(lay->last_lv);
    free(lay->lv);
    lay->last = NULL;
    lay->last_lv = lay->lv = NULL;
}

static void set_metrics(struct text *t, int weight, int px, struct lay *lay)
{
    int height = main_height(t, weight, px, &lay->ascent);
    lay->px = px;
    lay->height = height;
    lay->pitch = pitch_for(px, height);
}

static int allowed_lines(const struct text_box *box, const struct lay *lay)
{
    int n = lines_fitting(box->h, lay->pitch, lay->height);
    if (box->max_lines > 0 && n > box->max_lines)
        n = box->max_lines;
    if (n > TEXT_MAX_LINES)
        n = TEXT_MAX_LINES;
    return n;
}

/* The whole fitting procedure (see text.h). */
static void fit_text(struct text *t, const char *s, const struct text_box *box, struct lay *lay)
{
    size_t len = strlen(s);
    int weight = box->weight == TEXT_BOLD ? TEXT_BOLD : TEXT_REGULAR;
    int maxpx = box->px > 0 ? box->px : 16;
    int minpx = box->min_px > 0 && box->min_px < maxpx ? box->min_px : maxpx;
    memset(lay, 0, sizeof(*lay));
    if (len == 0 || box->w <= 0 || box->h <= 0)
        return;
    /* Wrapping is in logical order; the levels say how each line is laid
     * out when it is drawn. */
    lay->lv = bidi_levels(s, len, &lay->rtl);

    int lo = minpx, hi = maxpx, best = -1;
    /* Most boxes fit at their preferred size: try that first. */
    set_metrics(t, weight, maxpx, lay);
    wrap(t, weight, maxpx, s, len, box->w, lay);
    if (!lay->forced && (int)lay->n <= allowed_lines(box, lay))
        return;
    hi = maxpx - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        set_metrics(t, weight, mid, lay);
        wrap(t, weight, mid, s, len, box->w, lay);
        if (!lay->forced && (int)lay->n <= allowed_lines(box, lay)) {
            best = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    if (best > 0) {
        set_metrics(t, weight, best, lay);
        wrap(t, weight, best, s, len, box->w, lay);
        return;
    }
    /* Does not fit even at the minimum: wrap there and cut. A box too low
     * for one line at the minimum gets a smaller size rather than
     * overflowing. */
    int px = minpx;
    set_metrics(t, weight, px, lay);
    while (allowed_lines(box, lay) == 0 && px > 4) {
        px--;
        set_metrics(t, weight, px, lay);
    }
    int allowed = allowed_lines(box, lay);
    if (allowed == 0) {
        lay->n = 0;
        return;
    }
    wrap(t, weight, px, s, len, box->w, lay);
    if ((int)lay->n > allowed || lay->forced) {
        size_t k = (size_t)((int)lay->n < allowed ? (int)lay->n : allowed) - 1;
        ellipsise(t, weight, s, len, box->w, lay, k);
    }
    /* A box narrower than a single glyph: stop before the first line that
     * would stick out (possibly drawing nothing at all). */
    for (size_t i = 0; i < lay->n; i++) {
        if (lay->l[i].w > box->w) {
            /* the cut-off text ("…" line) is always at the end: gone too */
            free(lay->last);
            free(lay->last_lv);
            lay->last = NULL;
            lay->last_lv = NULL;
            lay->n = i;
            break;
        }
    }
}

/* TEXT_LEFT is the start of a line: the right edge for a right-to-left
 * paragraph (a Hebrew title sits on the right of its cell). */
static enum text_align align_for(const struct text_box *box, bool rtl)
{
    if (rtl && box->align == TEXT_LEFT)
        return TEXT_RIGHT;
    return box->align;
}

static void lay_fit(const struct text_box *box, const struct lay *lay, struct text_fit *fit)
{
    memset(fit, 0, sizeof(*fit));
    fit->px = lay->px;
    fit->lines = (int)lay->n;
    for (size_t i = 0; i < lay->n; i++)
        fit->line_w[i] = lay->l[i].w;
    fit->line_pitch = lay->pitch;
    fit->ascent = lay->ascent;
    fit->ellipsised = lay->ellipsised;
    fit->shrunk = lay->px < box->px;
    fit->rtl = lay->rtl;
    if (lay->n == 0)
        return;
    int w = 0;
    for (size_t i = 0; i < lay->n; i++)
        if (lay->l[i].w > w)
            w = lay->l[i].w;
    /* Not clamped to the box: the fitting guarantees it, and the tests check
     * the drawn pixels, so a mistake shows instead of being clipped. */
    fit->w = w;
    fit->h = (int)(lay->n - 1) * lay->pitch + lay->height;
    enum text_align al = align_for(box, lay->rtl);
    if (al == TEXT_CENTER)
        fit->x = (box->w - fit->w) / 2;
    else if (al == TEXT_RIGHT)
        fit->x = box->w - fit->w;
}

void text_layout(struct text *t, const char *s, const struct text_box *box, struct text_layout *out)
{
    memset(out, 0, sizeof(*out));
    struct lay lay;
    fit_text(t, s, box, &lay);
    lay_fit(box, &lay, &out->fit);
    for (size_t i = 0; i < lay.n; i++) {
        if (i + 1 == lay.n && lay.last) {
            out->lines[i] = strdup(lay.last);
        } else {
            out->lines[i] = strndup(s + lay.l[i].a, lay.l[i].b - lay.l[i].a);
        }
        out->widths[i] = lay.l[i].w;
        if (out->lines[i])
            out->nlines++;
    }
    lay_release(&lay);
}

void text_layout_clear(struct text_layout *l)
{
    for (size_t i = 0; i < TEXT_MAX_LINES; i++)
        free(l->lines[i]);
    memset(l, 0, sizeof(*l));
}

/* ---- rendering ------------------------------------------------------ */

struct paint_ud {
    SDL_Surface *dst;
    int weight, px, x, y, ascent;
    const char *s;
    int force_face;
};

/* Puts a run's coverage into the destination: the destination is white with
 * alpha, so overlapping runs and lines just take the larger coverage. */
static void put_alpha(SDL_Surface *dst, SDL_Surface *src, int dx, int dy)
{
    if (SDL_MUSTLOCK(src))
        SDL_LockSurface(src);
    for (int y = 0; y < src->h; y++) {
        int ty = dy + y;
        if (ty < 0 || ty >= dst->h)
            continue;
        const Uint32 *sp = (const Uint32 *)((const Uint8 *)src->pixels + (size_t)y * src->pitch);
        Uint32 *dp = (Uint32 *)((Uint8 *)dst->pixels + (size_t)ty * dst->pitch);
        for (int x = 0; x < src->w; x++) {
            int tx = dx + x;
            if (tx < 0 || tx >= dst->w)
                continue;
            Uint32 a = sp[x] >> 24;
            Uint32 d = dp[tx] >> 24;
            if (a > d)
                dp[tx] = (a << 24) | 0xFFFFFFu;
        }
    }
    if (SDL_MUSTLOCK(src))
        SDL_UnlockSurface(src);
}

static bool paint_run(struct text *t, void *ud, const struct text_run *run)
{
    struct paint_ud *p = ud;
    int face = p->force_face >= 0 ? p->force_face : run->face;
    TTF_Font *f = get_font(t, p->weight, face, p->px);
    const char *str = scratch(t, p->s + run->off, run->len);
    if (!f || !str)
        return true;
    shape_as(f, run);
    int w = 0, h = 0;
    if (TTF_SizeUTF8(f, str, &w, &h) != 0)
        return true;
    /* Spaces-only runs have nothing to paint. */
    bool ink = false;
    for (const char *c = str; *c; c++)
        if (*c != ' ')
            ink = true;
    if (ink) {
        SDL_Color white = {255, 255, 255, 255};
        SDL_Surface *rs = TTF_RenderUTF8_Blended(f, str, white);
        if (rs) {
            SDL_Surface *conv = rs;
            if (rs->format->format != SDL_PIXELFORMAT_ARGB8888)
                conv = SDL_ConvertSurfaceFormat(rs, SDL_PIXELFORMAT_ARGB8888, 0);
            if (conv) {
                put_alpha(p->dst, conv, p->x, p->y + p->ascent - TTF_FontAscent(f));
                if (conv != rs)
                    SDL_FreeSurface(conv);
            }
            SDL_FreeSurface(rs);
        }
    }
    p->x += w;
    return true;
}

#define LINE_RUNS 256 /* runs of one line reordered; a longer line is drawn in logical order */

struct line_runs {
    struct text_run r[LINE_RUNS];
    size_t n;
    bool overflow;
};

static bool collect_line_run(struct text *t, void *ud, const struct text_run *run)
{
    (void)t;
    struct line_runs *lr = ud;
    if (lr->n == LINE_RUNS) {
        lr->overflow = true;
        return false;
    }
    lr->r[lr->n++] = *run;
    return true;
}

/* Rule L2 of the bidi algorithm over a line's runs: from the highest level
 * down to the lowest odd one, reverse every sequence of runs at that level
 * or above. Inside a right-to-left run HarfBuzz orders the glyphs. */
static void reorder_runs(struct line_runs *lr, const uint8_t *lv)
{
    int hi = 0, lo_odd = 255;
    for (size_t i = 0; i < lr->n; i++) {
        int l = lv[lr->r[i].off];
        if (l > hi)
            hi = l;
        if ((l & 1) && l < lo_odd)
            lo_odd = l;
    }
    for (int level = hi; level >= lo_odd && level > 0; level--) {
        size_t i = 0;
        while (i < lr->n) {
            if (lv[lr->r[i].off] < level) {
                i++;
                continue;
            }
            size_t j = i;
            while (j < lr->n && lv[lr->r[j].off] >= level)
                j++;
            for (size_t a = i, b = j - 1; a < b; a++, b--) {
                struct text_run tmp = lr->r[a];
                lr->r[a] = lr->r[b];
                lr->r[b] = tmp;
            }
            i = j;
        }
    }
}

/* Paints one line s[0..len) from (x, y). LV (the bidi level of each byte,
 * may be NULL) orders its runs visually; FORCE_FACE >= 0 draws it all in one
 * face, unshaped by bidi (tests). */
static void paint_line(struct text *t, SDL_Surface *dst, int weight, int px, int ascent,
                       const char *s, size_t len, const uint8_t *lv, int x, int y, int force_face)
{
    struct paint_ud p = {dst, weight, px, x, y, ascent, s, force_face};
    if (force_face >= 0) {
        struct text_run run = {0, len, force_face, false, HB_SCRIPT_COMMON, false};
        paint_run(t, &p, &run);
        return;
    }
    struct line_runs *lr = lv ? malloc(sizeof(*lr)) : NULL;
    if (lr) {
        lr->n = 0;
        lr->overflow = false;
        for_runs(t, weight, px, s, len, lv, collect_line_run, lr);
        if (!lr->overflow) {
            reorder_runs(lr, lv);
            for (size_t i = 0; i < lr->n; i++)
                paint_run(t, &p, &lr->r[i]);
            free(lr);
            return;
        }
        free(lr);
    }
    for_runs(t, weight, px, s, len, lv, paint_run, &p);
}

static SDL_Surface *new_surface(int w, int h)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (s)
        SDL_FillRect(s, NULL, 0x00FFFFFFu);
    return s;
}

SDL_Surface *text_render_line(struct text *t, const char *s, int px, enum text_weight weight,
                              int force_face)
{
    size_t len = strlen(s);
    if (len == 0 || (force_face >= 0 && (size_t)force_face >= t->nfaces))
        return NULL;
    int wt = weight == TEXT_BOLD ? TEXT_BOLD : TEXT_REGULAR;
    int ascent;
    int h = main_height(t, wt, px, &ascent);
    int w;
    if (force_face >= 0) {
        TTF_Font *f = get_font(t, wt, force_face, px);
        int hh;
        if (!f)
            return NULL;
        shape_as(f, &(struct text_run){0, len, force_face, false, HB_SCRIPT_COMMON, false});
        if (TTF_SizeUTF8(f, s, &w, &hh) != 0)
            return NULL;
    } else {
        w = measure(t, wt, px, s, len);
    }
    if (w <= 0)
        return NULL;
    SDL_Surface *dst = new_surface(w, h);
    if (!dst)
        return NULL;
    bool rtl;
    uint8_t *lv = force_face >= 0 ? NULL : bidi_levels(s, len, &rtl);
    paint_line(t, dst, wt, px, ascent, s, len, lv, 0, 0, force_face);
    free(lv);
    return dst;
}

static SDL_Texture *raster(struct text *t, const char *s, const struct text_box *box,
                           const struct lay *lay, const struct text_fit *fit, uint32_t rgb,
                           size_t *bytes)
{
    int weight = box->weight == TEXT_BOLD ? TEXT_BOLD : TEXT_REGULAR;
    SDL_Surface *dst = new_surface(fit->w, fit->h);
    if (!dst)
        return NULL;
    for (size_t i = 0; i < lay->n; i++) {
        const char *ls = s + lay->l[i].a;
        size_t ll = lay->l[i].b - lay->l[i].a;
        const uint8_t *lv = lay->lv ? lay->lv + lay->l[i].a : NULL;
        if (i + 1 == lay->n && lay->last) {
            ls = lay->last;
            ll = strlen(lay->last);
            lv = lay->last_lv;
        }
        int x = 0;
        enum text_align al = align_for(box, lay->rtl);
        if (al == TEXT_CENTER)
            x = (fit->w - lay->l[i].w) / 2;
        else if (al == TEXT_RIGHT)
            x = fit->w - lay->l[i].w;
        paint_line(t, dst, weight, lay->px, lay->ascent, ls, ll, lv, x, (int)i * lay->pitch, -1);
    }
    /* The colour goes into the pixels: a texture drawn without colour mod
     * takes SDL's fast alpha blitter, which skips transparent pixels. */
    for (int y = 0; y < dst->h; y++) {
        Uint32 *p = (Uint32 *)((Uint8 *)dst->pixels + (size_t)y * dst->pitch);
        for (int x = 0; x < dst->w; x++)
            p[x] = (p[x] & 0xFF000000u) | (rgb & 0xFFFFFFu);
    }
    SDL_Texture *tex = SDL_CreateTextureFromSurface(t->ren, dst);
    if (tex) {
        SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
        *bytes = (size_t)dst->w * (size_t)dst->h * 4;
    }
    SDL_FreeSurface(dst);
    return tex;
}

/* ---- cache ---------------------------------------------------------- */

static uint64_t key_hash(const char *s, const struct text_box *b, uint32_t rgb)
{
    uint64_t h = 1469598103934665603ull ^ rgb;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    int v[7] = {b->w, b->h, b->px, b->min_px, b->max_lines, (int)b->weight, (int)b->align};
    for (int i = 0; i < 7; i++)
        h = (h ^ (uint64_t)(uint32_t)v[i]) * 1099511628211ull;
    return h;
}

static bool same_box(const struct text_box *a, const struct text_box *b)
{
    return a->w == b->w && a->h == b->h && a->px == b->px && a->min_px == b->min_px &&
           a->max_lines == b->max_lines && a->weight == b->weight && a->align == b->align;
}

static void lru_unlink(struct text *t, struct entry *e)
{
    if (e->prev)
        e->prev->next = e->next;
    else
        t->head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        t->tail = e->prev;
    e->prev = e->next = NULL;
}

static void lru_front(struct text *t, struct entry *e)
{
    e->prev = NULL;
    e->next = t->head;
    if (t->head)
        t->head->prev = e;
    t->head = e;
    if (!t->tail)
        t->tail = e;
}

static void evict(struct text *t, struct entry *e)
{
    struct entry **pp = &t->buckets[e->hash & (HASH_BUCKETS - 1)];
    while (*pp && *pp != e)
        pp = &(*pp)->hnext;
    if (*pp)
        *pp = e->hnext;
    lru_unlink(t, e);
    t->nentries--;
    t->st.evictions++;
    entry_free(t, e);
}

/* Evicts from the old end until within bounds, keeping KEEP. */
static void trim_cache(struct text *t, const struct entry *keep)
{
    struct entry *e = t->tail;
    while (e && (t->bytes > t->limit || t->nentries > CACHE_MAX_ENTRIES)) {
        struct entry *prev = e->prev;
        if (e != keep)
            evict(t, e);
        e = prev;
    }
}

/* Drops the blocks not drawn or measured since NOW - IDLE_MS (the LRU
 * list's old end) and gives a large freed amount back to the system: a
 * lobby cycling through pages keeps only what it shows now and soon. */
static void sweep(struct text *t, uint64_t now)
{
    t->last_sweep_ms = now;
    size_t before = t->bytes;
    struct entry *e = t->tail;
    while (e && e->used_ms + IDLE_MS < now) {
        struct entry *prev = e->prev;
        evict(t, e);
        e = prev;
    }
    if (before - t->bytes >= TRIM_BYTES)
        malloc_trim(0);
}

void text_age(struct text *t, uint64_t now_ms)
{
    sweep(t, now_ms);
}

void text_set_screen(struct text *t, int w, int h)
{
    if (w == t->screen_w && h == t->screen_h)
        return;
    t->screen_w = w;
    t->screen_h = h;
    if (t->fixed_limit || w <= 0 || h <= 0)
        return;
    size_t want = (size_t)w * (size_t)h * 4u * CACHE_SCREENS;
    t->limit = want > CACHE_FLOOR ? want : CACHE_FLOOR;
    trim_cache(t, NULL);
}

void text_release(struct text *t)
{
    if (!t)
        return;
    text_cache_clear(t);
    malloc_trim(0);
}

/* Measured-only entries use this "colour" (real ones are 0xRRGGBB). */
#define MEASURE_RGB 0xFF000000u

static struct entry *lookup(struct text *t, const char *s, const struct text_box *box, uint32_t rgb,
                            struct lay *lay_out, bool *fresh)
{
    uint64_t h = key_hash(s, box, rgb);
    uint64_t now = SDL_GetTicks64();
    if (now - t->last_sweep_ms >= SWEEP_MS)
        sweep(t, now);
    struct entry **bucket = &t->buckets[h & (HASH_BUCKETS - 1)];
    for (struct entry *e = *bucket; e; e = e->hnext) {
        if (e->hash == h && e->rgb == rgb && same_box(&e->box, box) && strcmp(e->str, s) == 0) {
            e->used_ms = now;
            lru_unlink(t, e);
            lru_front(t, e);
            t->st.hits++;
            *fresh = false;
            return e;
        }
    }
    t->st.misses++;
    struct entry *e = calloc(1, sizeof(*e));
    if (!e)
        return NULL;
    e->str = strdup(s);
    if (!e->str) {
        free(e);
        return NULL;
    }
    e->hash = h;
    e->rgb = rgb;
    e->box = *box;
    e->used_ms = now;
    fit_text(t, s, box, lay_out);
    lay_fit(box, lay_out, &e->fit);
    e->hnext = *bucket;
    *bucket = e;
    lru_front(t, e);
    t->nentries++;
    *fresh = true;
    trim_cache(t, e);
    return e;
}

void text_measure(struct text *t, const char *s, const struct text_box *box, struct text_fit *fit)
{
    struct lay lay = {0};
    bool fresh = false;
    struct entry *e = lookup(t, s ? s : "", box, MEASURE_RGB, &lay, &fresh);
    lay_release(&lay);
    if (e) {
        *fit = e->fit;
    } else {
        fit_text(t, s ? s : "", box, &lay);
        lay_fit(box, &lay, fit);
        lay_release(&lay);
    }
}

bool text_draw(struct text *t, const char *s, const struct text_box *box, int x, int y, SDL_Color c,
               struct text_fit *fit)
{
    if (!s)
        s = "";
    struct lay lay = {0};
    bool fresh = false;
    uint32_t rgb = ((uint32_t)c.r << 16) | ((uint32_t)c.g << 8) | c.b;
    struct entry *e = lookup(t, s, box, rgb, &lay, &fresh);
    if (!e) {
        lay_release(&lay);
        if (fit)
            memset(fit, 0, sizeof(*fit));
        return false;
    }
    if (fit)
        *fit = e->fit;
    bool ok = true;
    if (e->fit.lines > 0 && !e->tex && t->ren) {
        if (!fresh) /* measured earlier: lay out again to paint */
            fit_text(t, s, box, &lay);
        e->tex = raster(t, s, box, &lay, &e->fit, rgb, &e->bytes);
        if (e->tex) {
            t->bytes += e->bytes;
            t->st.rasters++;
            trim_cache(t, e);
        } else {
            ok = false;
        }
    }
    lay_release(&lay);
    if (e->tex && t->ren) {
        SDL_SetTextureAlphaMod(e->tex, c.a);
        SDL_Rect dst = {x + e->fit.x, y, e->fit.w, e->fit.h};
        if (SDL_RenderCopy(t->ren, e->tex, NULL, &dst) != 0)
            ok = false;
    }
    return ok;
}

void text_stats(const struct text *t, struct text_stats *st)
{
    *st = t->st;
    st->entries = t->nentries;
    st->bytes = t->bytes;
    st->limit = t->limit;
}
