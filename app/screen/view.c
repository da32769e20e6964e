/* view — see view.h. */
#include "view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "palette.h"
#include "qr.h"
#include "tz.h"

#define MAX_BOXES 256

/* ---- colours -------------------------------------------------------- */

/* The palette and the text/background pairs it allows are tables in
 * palette.c (checked for 7:1 contrast by tests/screen/test_palette.c). */
#define C_BG        palette_rgb(PAL_BG)
#define C_CARD      palette_rgb(PAL_CARD)
#define C_CARD_NOW  palette_rgb(PAL_CARD_NOW)
#define C_INFO_BG   palette_rgb(PAL_INFO_BG)
#define C_FG        palette_rgb(PAL_FG)
#define C_SOFT      palette_rgb(PAL_SOFT)
#define C_MUTED     palette_rgb(PAL_MUTED)
#define C_RULE      palette_rgb(PAL_RULE)
#define C_NOW       palette_rgb(PAL_NOW)
#define C_NEXT      palette_rgb(PAL_NEXT)
#define C_WARN      palette_rgb(PAL_WARN)
#define C_WARN_BG   palette_rgb(PAL_WARN_BG)
#define C_CANCEL    palette_rgb(PAL_CANCEL)
#define C_BANNER    palette_rgb(PAL_BANNER)
#define C_BANNER_FG palette_rgb(PAL_BANNER_FG)
#define C_FULL_BG   0x3B1518u /* "Room full" card; C_FG on it is 13:1 */

static SDL_Color col(uint32_t rgb)
{
    SDL_Color c = {(Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255};
    return c;
}

/* ---- words ---------------------------------------------------------- */

struct words {
    const char *code;
    const char *now, *next, *later, *cancelled;
    const char *ends_in, *starts_in, *starting;
    const char *free_until, *done_today, *next_on, *before, *after, *no_next;
    const char *min, *hmin;
    const char *stale, *not_found, *no_sched, *waiting, *last_error;
    const char *until, *free_word, *room_col, *page, *done_short, *later_on;
    const char *info, *no_display;
    const char *info_labels[9]; /* device, addresses, rooms, schedule, fetched, screen,
                               version, "all (overview)", "%lld min ago" */
    const char *wday[7], *month[12];
    int date_style; /* 0: "Monday 14 December", 1: "Montag, 14. Dezember", 2: "lundi 14 décembre" */
};

static const struct words W_EN = {
    "en",
    "NOW",
    "NEXT",
    "Later today",
    "CANCELLED",
    "ends in %s",
    "starts in %s",
    "starting now",
    "Room free until %s",
    "No more sessions in this room today",
    "Next: %s",
    "The event starts %s",
    "The event is over. Thank you for coming!",
    "Nothing more in this room",
    "%d min",
    "%d h %d min",
    "Schedule from %s, offline",
    "Room \"%s\" is not in the schedule. Rooms: %s",
    "No schedule yet from %s",
    "Waiting for the time (clock not set): showing the first day",
    "last error: %s",
    "until %s",
    "free",
    "Room",
    "page %d of %d",
    "Done for today",
    "Later on %s",
    "Screen info",
    "No display found",
    {"Device", "Addresses", "Rooms", "Schedule", "Fetched", "Screen", "Version", "all (overview)",
     "%lld min ago"},
    {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
    {"January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"},
    0,
};

static const struct words W_DE = {
    "de",
    "JETZT",
    "ALS NÄCHSTES",
    "Später heute",
    "ABGESAGT",
    "endet in %s",
    "beginnt in %s",
    "beginnt jetzt",
    "Raum frei bis %s",
    "Heute keine weiteren Vorträge in diesem Raum",
    "Nächster: %s",
    "Die Veranstaltung beginnt %s",
    "Die Veranstaltung ist vorbei. Danke fürs Kommen!",
    "Keine weiteren Vorträge in diesem Raum",
    "%d Min.",
    "%d Std. %d Min.",
    "Programm vom %s, offline",
    "Raum „%s“ steht nicht im Programm. Räume: %s",
    "Noch kein Programm von %s",
    "Warte auf die Uhrzeit (Uhr nicht gestellt): erster Tag wird gezeigt",
    "letzter Fehler: %s",
    "bis %s",
    "frei",
    "Raum",
    "Seite %d von %d",
    "Heute nichts mehr",
    "Später am %s",
    "Bildschirm-Info",
    "Kein Display gefunden",
    {"Gerät", "Adressen", "Räume", "Programm", "Abgerufen", "Bildschirm", "Version",
     "alle (Übersicht)", "vor %lld Min."},
    {"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"},
    {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
     "November", "Dezember"},
    1,
};

static const struct words W_FR = {
    "fr",
    "EN COURS",
    "ENSUITE",
    "Plus tard aujourd’hui",
    "ANNULÉ",
    "se termine dans %s",
    "commence dans %s",
    "commence maintenant",
    "Salle libre jusqu’à %s",
    "Plus de sessions dans cette salle aujourd’hui",
    "Prochaine : %s",
    "L’événement commence %s",
    "L’événement est terminé. Merci de votre venue !",
    "Plus rien dans cette salle",
    "%d min",
    "%d h %d min",
    "Programme de %s, hors ligne",
    "La salle « %s » n’est pas au programme. Salles : %s",
    "Pas encore de programme depuis %s",
    "En attente de l’heure (horloge non réglée) : premier jour affiché",
    "dernière erreur : %s",
    "jusqu’à %s",
    "libre",
    "Salle",
    "page %d sur %d",
    "Terminé pour aujourd’hui",
    "Plus tard %s",
    "Infos de l’écran",
    "Aucun écran trouvé",
    {"Appareil", "Adresses", "Salles", "Programme", "Récupéré", "Écran", "Version",
     "toutes (vue d’ensemble)", "il y a %lld min"},
    {"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
    {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
     "octobre", "novembre", "décembre"},
    2,
};

/* Words of the door status (docs/door.md), kept apart from the schedule's. */
struct door_words {
    const char *code;
    const char *full, *full_short, *also_now, *late, *delayed;
    const char *moved_here, *moved_to, *new_time, *new_, *stale, *unknown;
    const char *label; /* the info overlay's label */
};

static const struct door_words DW[] = {
    {"en", "Room full", "FULL", "Also on now", "running %d min late", "delayed",
     "moved here from %s", "moved to %s", "new time", "new",
     "Door status not updated since %s: room signs cleared",
     "The door status names rooms not in the schedule: %s", "Door status"},
    {"de", "Saal voll", "VOLL", "Jetzt außerdem", "%d Min. Verspätung", "verspätet",
     "hierher verlegt aus %s", "verlegt nach %s", "neue Zeit", "neu",
     "Türstatus seit %s nicht aktualisiert: Raumhinweise entfernt",
     "Der Türstatus nennt Räume, die nicht im Programm stehen: %s", "Türstatus"},
    {"fr", "Salle pleine", "COMPLET", "En ce moment aussi", "%d min de retard", "retardé",
     "déplacé ici depuis %s", "déplacé en %s", "nouvel horaire", "nouveau",
     "Statut des portes non mis à jour depuis %s : panneaux effacés",
     "Le statut des portes nomme des salles absentes du programme : %s", "Statut des portes"},
};

static const struct door_words *door_words(const char *code)
{
    for (size_t i = 0; i < sizeof(DW) / sizeof(DW[0]); i++)
        if (strcmp(DW[i].code, code) == 0)
            return &DW[i];
    return &DW[0];
}

/* ---- state ---------------------------------------------------------- */

struct rect {
    int x, y, w, h;
};

struct box_rec {
    char id[32];
    char *text;
    struct rect parent, box, ink;
    int px, min_px;
    bool ellipsised;
    int lines;          /* lines drawn */
    uint32_t rgb;       /* text colour */
    struct text_box tb; /* as fitted, to say which words were drawn */
};

#define QR_CACHE 4

/* A QR code texture, kept while its URL and size are on the screen. */
struct qr_entry {
    char *url;
    int box, side;
    SDL_Texture *tex;
    SDL_Renderer *ren;
    uint64_t used;
};

struct view {
    struct text *text;
    const struct words *w;
    const struct door_words *dw;
    struct qr_entry qr[QR_CACHE];
    uint64_t qr_clock;
    bool qr_on; /* this frame draws QR codes */
    SDL_Renderer *ren;
    double u; /* one unit: 1/100 of the shorter side */
    int sw, sh;
    struct box_rec boxes[MAX_BOXES];
    size_t nboxes;
};

bool view_new(struct text *t, const char *lang, struct view **out, struct err *err)
{
    struct view *v = calloc(1, sizeof(*v));
    if (!v)
        return err_set(err, "view: out of memory");
    v->text = t;
    v->w = &W_EN;
    if (lang && strncmp(lang, "de", 2) == 0)
        v->w = &W_DE;
    else if (lang && strncmp(lang, "fr", 2) == 0)
        v->w = &W_FR;
    v->dw = door_words(v->w->code);
    *out = v;
    return true;
}

static void clear_boxes(struct view *v)
{
    for (size_t i = 0; i < v->nboxes; i++)
        free(v->boxes[i].text);
    v->nboxes = 0;
}

void view_free(struct view *v)
{
    if (!v)
        return;
    clear_boxes(v);
    for (size_t i = 0; i < QR_CACHE; i++) {
        free(v->qr[i].url);
        if (v->qr[i].tex)
            SDL_DestroyTexture(v->qr[i].tex);
    }
    free(v);
}

const char *view_word(const struct view *v, const char *key)
{
    const struct words *w = v ? v->w : &W_EN;
    if (strcmp(key, "info") == 0)
        return w->info;
    if (strcmp(key, "no_display") == 0)
        return w->no_display;
    if (strcmp(key, "door") == 0)
        return door_words(w->code)->label;
    static const char *const labels[] = {"device", "addresses", "rooms",    "schedule", "fetched",
                                         "screen", "version",   "overview", "min_ago"};
    for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
        if (strcmp(key, labels[i]) == 0)
            return w->info_labels[i];
    return key;
}

/* ---- drawing helpers ------------------------------------------------ */

static int U(const struct view *v, double n)
{
    int px = (int)(n * v->u + 0.5);
    return px < 1 ? 1 : px;
}

static void fill(struct view *v, struct rect r, uint32_t rgb, Uint8 a)
{
    if (r.w <= 0 || r.h <= 0)
        return;
    SDL_SetRenderDrawBlendMode(v->ren, a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(v->ren, (Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, a);
    SDL_Rect sr = {r.x, r.y, r.w, r.h};
    SDL_RenderFillRect(v->ren, &sr);
}

/* Draws S in BOX (inside PARENT) and records both for the layout dump.
 * Returns the fitted extent. */
static struct text_fit put(struct view *v, const char *id, struct rect parent, struct rect box,
                           const char *s, double size, double min_size, int max_lines,
                           enum text_weight weight, enum text_align align, uint32_t rgb)
{
    struct text_box tb = {box.w, box.h, U(v, size), U(v, min_size), max_lines, weight, align};
    struct text_fit fit;
    memset(&fit, 0, sizeof(fit));
    if (!s || !*s || box.w <= 0 || box.h <= 0)
        return fit;
    if (!text_draw(v->text, s, &tb, box.x, box.y, col(rgb), &fit))
        return fit; /* not drawn: not in the layout either */
    if (v->nboxes < MAX_BOXES) {
        struct box_rec *b = &v->boxes[v->nboxes++];
        snprintf(b->id, sizeof(b->id), "%s", id);
        b->text = strdup(s);
        b->parent = parent;
        b->box = box;
        b->ink = (struct rect){box.x + fit.x, box.y, fit.w, fit.h};
        b->px = fit.px;
        b->min_px = tb.min_px;
        b->ellipsised = fit.ellipsised;
        b->lines = fit.lines;
        b->rgb = rgb;
        b->tb = tb;
    }
    return fit;
}

/* "Monday 14 December" in the view's language. */
static void fmt_date(const struct view *v, const struct tz_tm *tm, char *buf, size_t n)
{
    const char *wd = v->w->wday[tm->wday % 7];
    const char *mo = v->w->month[(tm->mon + 11) % 12];
    if (v->w->date_style == 1)
        snprintf(buf, n, "%s, %d. %s", wd, tm->mday, mo);
    else
        snprintf(buf, n, "%s %d %s", wd, tm->mday, mo);
}

/* "Tuesday 09:00" */
static void fmt_wday_hm(const struct view *v, const struct sched *s, int64_t t, char *buf, size_t n)
{
    struct tz_tm tm;
    tz_local(s->tz, t, &tm);
    snprintf(buf, n, "%s %02d:%02d", v->w->wday[tm.wday % 7], tm.hour, tm.min);
}

/* "Monday 14 December, 09:00" */
static void fmt_date_hm(const struct view *v, const struct sched *s, int64_t t, char *buf, size_t n)
{
    struct tz_tm tm;
    tz_local(s->tz, t, &tm);
    char d[96];
    fmt_date(v, &tm, d, sizeof(d));
    if (v->w->date_style == 2)
        snprintf(buf, n, "%s à %02d:%02d", d, tm.hour, tm.min);
    else if (v->w->date_style == 1)
        snprintf(buf, n, "am %s, %02d:%02d", d, tm.hour, tm.min);
    else
        snprintf(buf, n, "on %s at %02d:%02d", d, tm.hour, tm.min);
}

/* "12 min", "1 h 5 min" from whole minutes (live rounds up: "ends in 12
 * min" while 11:01 are left). */
static void fmt_dur(const struct view *v, int64_t m, char *buf, size_t n)
{
    if (m < 1)
        m = 1;
    if (m < 60)
        snprintf(buf, n, v->w->min, (int)m);
    else
        snprintf(buf, n, v->w->hmin, (int)(m / 60), (int)(m % 60));
}

static char *join_speakers(const struct sched_session *ss)
{
    size_t n = 1;
    for (size_t i = 0; i < ss->nspeakers; i++)
        n += strlen(ss->speakers[i]) + 2;
    char *out = malloc(n);
    if (!out)
        return NULL;
    out[0] = '\0';
    size_t at = 0;
    for (size_t i = 0; i < ss->nspeakers; i++) {
        int k = snprintf(out + at, n - at, "%s%s", i ? ", " : "", ss->speakers[i]);
        if (k < 0 || (size_t)k >= n - at)
            break;
        at += (size_t)k;
    }
    return out;
}

static uint32_t track_rgb(const struct sched *s, const struct sched_session *ss, uint32_t dflt)
{
    uint32_t rgb;
    if (ss && ss->track && *ss->track && sched_track_color(s, ss->track, &rgb))
        return rgb;
    return dflt;
}

static struct rect inset(struct rect r, int dx, int dy)
{
    struct rect o = {r.x + dx, r.y + dy, r.w - 2 * dx, r.h - 2 * dy};
    if (o.w < 0)
        o.w = 0;
    if (o.h < 0)
        o.h = 0;
    return o;
}

/* The rest of r below y. */
static struct rect below(struct rect r, int y)
{
    struct rect o = r;
    if (y > r.y + r.h)
        y = r.y + r.h;
    if (y > r.y) {
        o.h = r.y + r.h - y;
        o.y = y;
    }
    return o;
}

/* ---- status line and banner ----------------------------------------- */

/* Appends one part of the status line, "  ·  " between parts. */
static void add_part(char *buf, size_t n, size_t *at, const char *part)
{
    if (*at >= n || !part || !*part)
        return;
    int k = snprintf(buf + *at, n - *at, "%s%s", *at ? "  ·  " : "", part);
    if (k > 0)
        *at += (size_t)k;
}

/* "14:05" today, "Tuesday 14:05" on another day. */
static void fmt_fetched(const struct view *v, const struct live *l, char *buf, size_t n)
{
    struct tz_tm a, b;
    snprintf(buf, n, "?");
    if (l->src.fetched_at < 0)
        return;
    tz_local(l->sched->tz, l->src.fetched_at, &a);
    tz_local(l->sched->tz, l->at, &b);
    if (a.year == b.year && a.yday == b.yday)
        snprintf(buf, n, "%02d:%02d", a.hour, a.min);
    else
        fmt_wday_hm(v, l->sched, l->src.fetched_at, buf, n);
}

/* The door feed's part of the staff line: stale (room signs cleared), rooms
 * it names that the schedule lacks. */
static void door_status_text(struct view *v, const struct live *l, char *buf, size_t n, size_t *at)
{
    char tmp[600], when[64] = "?";

    if (l->status_stale && l->sched) {
        if (l->status_fetched_at >= 0) {
            struct tz_tm tm;
            tz_local(l->sched->tz, l->status_fetched_at, &tm);
            snprintf(when, sizeof(when), "%02d:%02d", tm.hour, tm.min);
        }
        snprintf(tmp, sizeof(tmp), v->dw->stale, when);
        add_part(buf, n, at, tmp);
    }
    if (l->status_unknown[0]) {
        snprintf(tmp, sizeof(tmp), v->dw->unknown, l->status_unknown);
        add_part(buf, n, at, tmp);
    }
}

static void status_text(struct view *v, const struct live *l, char *buf, size_t n)
{
    char tmp[600], when[64];
    size_t at = 0;
    buf[0] = '\0';
    /* With several sources, l->src is the first stale one: it is named. */
    bool several = l->nsrcs > 1;
    if (l->no_schedule || l->src.stale) {
        if (l->no_schedule || (several && l->src.fetched_at < 0)) {
            snprintf(tmp, sizeof(tmp), v->w->no_sched, *l->src.url ? l->src.url : "?");
        } else {
            fmt_fetched(v, l, when, sizeof(when));
            snprintf(tmp, sizeof(tmp), v->w->stale, when);
        }
        add_part(buf, n, &at, tmp);
        if (*l->src.error || several) {
            char what[560];
            snprintf(what, sizeof(what), "%s%s%s", several ? l->src.url : "",
                     several && *l->src.error ? ": " : "", l->src.error);
            snprintf(tmp, sizeof(tmp), v->w->last_error, what);
            add_part(buf, n, &at, tmp);
        }
    }
    if (l->missing[0] && l->sched) {
        char rooms[400];
        sched_room_list(l->sched, rooms, sizeof(rooms));
        snprintf(tmp, sizeof(tmp), v->w->not_found, l->missing, rooms);
        add_part(buf, n, &at, tmp);
    }
    if (!l->time_known && l->sched)
        add_part(buf, n, &at, v->w->waiting);
    door_status_text(v, l, buf, n, &at);
    if (at >= n && n > 4)
        memcpy(buf + n - 4, "...", 4);
}

/* Draws the status line at the bottom of *area and takes its height off. */
static void draw_status(struct view *v, const struct live *l, struct rect *area, struct rect screen)
{
    char msg[1200];
    status_text(v, l, msg, sizeof(msg));
    if (!msg[0])
        return;
    int h = U(v, 6.5);
    struct rect strip = {screen.x, area->y + area->h - h, screen.w, h};
    if (strip.y < area->y)
        return;
    fill(v, strip, C_WARN_BG, 255);
    fill(v, (struct rect){strip.x, strip.y, strip.w, U(v, 0.3)}, C_WARN, 255);
    struct rect box = inset(strip, U(v, 3), U(v, 0.8));
    put(v, "status", strip, box, msg, 2.4, 1.7, 2, TEXT_REGULAR, TEXT_LEFT, C_WARN);
    area->h -= h;
}

/* The banner: the shown room's live announcements, or on the overview
 * every live announcement, a room's own prefixed with its name. */
static void banner_text(const struct live *l, char *buf, size_t n)
{
    size_t at = 0, count = l->shown >= 0 ? l->rooms[l->shown].nann : l->nann;
    buf[0] = '\0';
    for (size_t i = 0; i < count && at < n; i++) {
        const char *sep = at ? "   •   " : "";
        int k;
        if (l->shown >= 0)
            k = snprintf(buf + at, n - at, "%s%s", sep, l->rooms[l->shown].ann[i]);
        else if (l->ann[i].room_name)
            k = snprintf(buf + at, n - at, "%s%s: %s", sep, l->ann[i].room_name, l->ann[i].text);
        else
            k = snprintf(buf + at, n - at, "%s%s", sep, l->ann[i].text);
        if (k < 0)
            break;
        at += (size_t)k;
    }
    if (at >= n && n > 4)
        memcpy(buf + n - 4, "...", 4);
}

static void draw_banner(struct view *v, const struct live *l, struct rect *area, struct rect screen)
{
    char msg[2048];
    banner_text(l, msg, sizeof(msg));
    if (!msg[0])
        return;
    struct rect probe = {0, 0, screen.w - 2 * U(v, 4), U(v, 11)};
    struct text_box tb = {probe.w, probe.h, U(v, 4.2), U(v, 2.8), 2, TEXT_BOLD, TEXT_LEFT};
    struct text_fit fit;
    text_measure(v->text, msg, &tb, &fit);
    int h = fit.h + 2 * U(v, 1.6);
    struct rect strip = {screen.x, area->y + area->h - h, screen.w, h};
    if (strip.y < area->y)
        return;
    fill(v, strip, C_BANNER, 255);
    struct rect box = {screen.x + U(v, 4), strip.y + U(v, 1.6), probe.w, fit.h};
    put(v, "banner", strip, box, msg, 4.2, 2.8, 2, TEXT_BOLD, TEXT_LEFT, C_BANNER_FG);
    area->h -= h;
}

/* ---- header --------------------------------------------------------- */

/* Room or event name on the left, clock and date on the right. Returns the
 * header's bottom. */
static int draw_header(struct view *v, const struct live *l, struct rect area, const char *title,
                       const char *subtitle)
{
    int head_h = U(v, 15);
    struct rect head = {area.x, area.y, area.w, head_h};
    int clock_w = l->clock_hm[0] ? U(v, 30) : 0;
    char date[96] = "";
    if (clock_w) {
        struct tz_tm tm;
        tz_local(l->sched->tz, l->at, &tm);
        fmt_date(v, &tm, date, sizeof(date));
    }
    struct rect tbox = {head.x, head.y, head.w - clock_w - (clock_w ? U(v, 3) : 0), U(v, 10.5)};
    put(v, "header.title", head, tbox, title, 8, 4.5, 1, TEXT_BOLD, TEXT_LEFT, C_FG);
    struct rect sbox = {head.x, head.y + U(v, 10.5), tbox.w, head_h - U(v, 10.5)};
    put(v, "header.subtitle", head, sbox, subtitle, 3, 2.2, 1, TEXT_REGULAR, TEXT_LEFT, C_MUTED);
    if (clock_w) {
        struct rect cbox = {head.x + head.w - clock_w, head.y, clock_w, U(v, 10.5)};
        put(v, "header.clock", head, cbox, l->clock_hm, 8, 5, 1, TEXT_BOLD, TEXT_RIGHT, C_FG);
        struct rect dbox = {cbox.x, head.y + U(v, 10.5), clock_w, head_h - U(v, 10.5)};
        put(v, "header.date", head, dbox, date, 3, 2.2, 1, TEXT_REGULAR, TEXT_RIGHT, C_MUTED);
    }
    fill(v, (struct rect){area.x, head.y + head_h + U(v, 0.8), area.w, U(v, 0.25)}, C_RULE, 255);
    return head.y + head_h + U(v, 2.5);
}

/* ---- room view ------------------------------------------------------ */

/* A card with a coloured strip on its left. Returns the inner area. */
static struct rect card(struct view *v, struct rect r, uint32_t bg, uint32_t strip)
{
    fill(v, r, bg, 255);
    fill(v, (struct rect){r.x, r.y, U(v, 0.9), r.h}, strip, 255);
    return (struct rect){r.x + U(v, 3.2), r.y + U(v, 2.2), r.w - U(v, 5.4), r.h - U(v, 4.4)};
}

static int label_row(struct view *v, struct rect parent, struct rect in, const char *id,
                     const char *label, uint32_t label_rgb, const char *note, uint32_t note_rgb)
{
    int h = U(v, 5);
    int lw = in.w * 45 / 100;
    put(v, id, parent, (struct rect){in.x, in.y, lw, h}, label, 3.4, 2.4, 1, TEXT_BOLD, TEXT_LEFT,
        label_rgb);
    if (note && *note)
        put(v, "card.note", parent, (struct rect){in.x + lw, in.y, in.w - lw, h}, note, 3.4, 2.2, 1,
            TEXT_BOLD, TEXT_RIGHT, note_rgb);
    return in.y + h + U(v, 1.2);
}

static void struck(struct view *v, struct rect parent, struct rect box, const char *id,
                   const char *text, double size);

/* Title, speakers, and (bottom) a time row of one session inside `in`
 * (with the scheduled times struck through beside it when running late). */
static int draw_qr(struct view *v, struct rect parent, struct rect in, const char *id,
                   const char *url);

/* The QR code of a session body IN: under the title (TITLE_H high) at the
 * right when it fits there legibly, so the title keeps the full width;
 * else beside the whole body. *title_w and *rest_w get what is left. */
static void body_qr(struct view *v, struct rect parent, struct rect in, const char *id,
                    const char *url, int title_h, int *title_w, int *rest_w)
{
    struct rect lower = {in.x, in.y + title_h + U(v, 1), in.w, in.h - title_h - U(v, 1)};
    int w = 0;

    *title_w = *rest_w = in.w;
    if (!v->qr_on || !url)
        return;
    if (lower.h > 0 && (w = draw_qr(v, parent, lower, id, url)) > 0) {
        *rest_w = in.w - w;
        return;
    }
    w = draw_qr(v, parent, in, id, url);
    *title_w = *rest_w = in.w - w;
}

static void session_body(struct view *v, struct rect parent, struct rect in, const char *id,
                         const struct live_session *ls, double title_size, int title_lines,
                         const char *time_row, const char *sched_row, double progress,
                         uint32_t bar_rgb, bool big)
{
    const struct sched_session *ss = ls->s;
    char idb[32];
    bool cancelled = ss->cancelled;
    int time_h = time_row ? U(v, big ? 5 : 4.5) : 0;
    int bar_h = progress >= 0 ? U(v, 1.4) : 0;
    int bottom_h = time_h + (bar_h ? bar_h + U(v, 1.5) : 0);
    char *spk = join_speakers(ss);
    double spk_size = big ? 4.2 : 3.6;
    /* The title comes first: it gets all the room but one line of
     * speakers; the speakers take what the title leaves (up to two lines).
     * In a card too low for both, the speakers are left out. */
    int avail = in.h - bottom_h - U(v, 1);
    int title_min = U(v, title_size * 0.55 * 1.4);
    int spk_min = (spk && *spk) ? U(v, spk_size * 1.3) + U(v, 1) : 0; /* a full line */
    if (spk_min && avail - spk_min < title_min)
        spk_min = U(v, 2.4 * 1.4) + U(v, 1); /* a line at the smallest size */
    if (avail - spk_min < title_min)
        spk_min = 0;
    struct rect tbox = {in.x, in.y, in.w, avail - spk_min};
    struct text_box tb = {tbox.w,      tbox.h,    U(v, title_size), U(v, title_size * 0.55),
                          title_lines, TEXT_BOLD, TEXT_LEFT};
    struct text_fit probe;
    int rest_w;
    text_measure(v->text, ss->title, &tb, &probe);
    snprintf(idb, sizeof(idb), "%s.qr", id);
    body_qr(v, parent, in, idb, ls->url, probe.h, &tbox.w, &rest_w);
    in.w = rest_w;
    snprintf(idb, sizeof(idb), "%s.title", id);
    struct text_fit tf = put(v, idb, parent, tbox, ss->title, title_size, title_size * 0.55,
                             title_lines, TEXT_BOLD, TEXT_LEFT, cancelled ? C_MUTED : C_FG);
    if (cancelled && tf.lines > 0) {
        /* Strike through each line so "cancelled" reads even from afar. */
        for (int i = 0; i < tf.lines; i++) {
            int y = in.y + i * tf.line_pitch + tf.ascent - tf.px * 3 / 10;
            fill(v, (struct rect){in.x, y, tf.line_w[i], U(v, 0.35)}, C_CANCEL, 255);
        }
    }
    int spk_h = avail - tf.h - U(v, 1);
    if (spk && *spk && spk_min > 0 && spk_h > 0) {
        struct rect sbox = {in.x, in.y + tf.h + U(v, 1), in.w, spk_h};
        snprintf(idb, sizeof(idb), "%s.speakers", id);
        put(v, idb, parent, sbox, spk, spk_size, 2.4, 2, TEXT_REGULAR, TEXT_LEFT, C_SOFT);
    }
    free(spk);
    int y = in.y + in.h - bottom_h;
    if (time_row) {
        snprintf(idb, sizeof(idb), "%s.time", id);
        struct text_fit f = put(v, idb, parent, (struct rect){in.x, y, in.w, time_h}, time_row,
                                big ? 4 : 3.6, 2.4, 1, TEXT_REGULAR, TEXT_LEFT, C_SOFT);
        if (sched_row && *sched_row && f.lines > 0) {
            int x = in.x + f.x + f.line_w[0] + U(v, 2.5);
            snprintf(idb, sizeof(idb), "%s.scheduled", id);
            struck(v, parent, (struct rect){x, y, in.x + in.w - x, time_h}, idb, sched_row,
                   big ? 3.6 : 3.2);
        }
        y += time_h + U(v, 1.5);
    }
    if (bar_h) {
        struct rect bar = {in.x, y, in.w, bar_h};
        fill(v, bar, C_RULE, 255);
        if (progress > 1)
            progress = 1;
        fill(v, (struct rect){bar.x, bar.y, (int)(bar.w * progress), bar.h}, bar_rgb, 255);
    }
}

/* A card with one big centred message instead of a session. */
static void message_body(struct view *v, struct rect parent, struct rect in, const char *id,
                         const char *msg, uint32_t rgb)
{
    /* Centred in the card: a free room reads as a calm, deliberate state. */
    struct text_box tb = {in.w, in.h, U(v, 6), U(v, 3.2), 3, TEXT_BOLD, TEXT_LEFT};
    struct text_fit fit;
    text_measure(v->text, msg, &tb, &fit);
    struct rect box = in;
    if (fit.h > 0 && fit.h < in.h) {
        box.y = in.y + (in.h - fit.h) / 2;
        box.h = in.h - (box.y - in.y);
    }
    put(v, id, parent, box, msg, 6, 3.2, 3, TEXT_BOLD, TEXT_LEFT, rgb);
}

static void badge_text(const struct view *v, const struct live_session *ls, char *buf, size_t n);

/* One row of the later list: the time (the scheduled one struck through
 * under it when late), a track mark and the title. Returns the height. */
static int later_row(struct view *v, const struct live *l, struct rect row,
                     const struct live_session *ls, const char *title, bool muted)
{
    int time_w = U(v, 14.5);
    fill(v, (struct rect){row.x, row.y + U(v, 0.6), U(v, 0.6), U(v, 3.6)},
         ls ? track_rgb(l->sched, ls->s, C_RULE) : C_RULE, 255);
    put(v, "later.time", row, (struct rect){row.x + U(v, 1.8), row.y, time_w - U(v, 1.8), U(v, 5)},
        ls ? ls->start : "", 3.6, 2.6, 1, TEXT_BOLD, TEXT_LEFT, C_SOFT);
    if (ls && ls->sched_start[0] && row.h >= U(v, 9))
        struck(v, row,
               (struct rect){row.x + U(v, 1.8), row.y + U(v, 5), time_w - U(v, 1.8), U(v, 4)},
               "later.scheduled", ls->sched_start, 2.8);
    struct text_fit tf =
        put(v, "later.title", row, (struct rect){row.x + time_w, row.y, row.w - time_w, row.h},
            /* one size for the whole list (a list in mixed sizes looks
             * broken): long titles end in "…" instead of shrinking */
            title, 3.4, 3.4, 2, TEXT_REGULAR, TEXT_LEFT, muted ? C_MUTED : C_FG);
    int used = tf.h > U(v, 5) ? tf.h : U(v, 5);
    return ls && ls->sched_start[0] && used < U(v, 9) ? U(v, 9) : used;
}

/* A session that left the room, where it would have been: "10:00  Title
 * — moved to Saal 2 (10:30)" or "CANCELLED: Title". */
static int moved_row(struct view *v, struct rect row, const struct live_moved *m)
{
    char title[1400], to[400];
    int time_w = U(v, 14.5);

    if (m->to_room) {
        snprintf(to, sizeof(to), v->dw->moved_to, m->to_room);
        snprintf(title, sizeof(title), "%s — %s%s%s%s", m->title, to,
                 strcmp(m->start, m->sched_start) ? " (" : "",
                 strcmp(m->start, m->sched_start) ? m->start : "",
                 strcmp(m->start, m->sched_start) ? ")" : "");
    } else {
        snprintf(title, sizeof(title), "%s: %s", v->w->cancelled, m->title);
    }
    fill(v, (struct rect){row.x, row.y + U(v, 0.6), U(v, 0.6), U(v, 3.6)}, C_WARN, 255);
    put(v, "later.time", row, (struct rect){row.x + U(v, 1.8), row.y, time_w - U(v, 1.8), U(v, 5)},
        m->sched_start, 3.6, 2.6, 1, TEXT_BOLD, TEXT_LEFT, C_MUTED);
    struct text_fit tf =
        put(v, "later.moved", row, (struct rect){row.x + time_w, row.y, row.w - time_w, row.h},
            title, 3.4, 3.4, 2, TEXT_REGULAR, TEXT_LEFT, C_WARN);
    return tf.h > U(v, 5) ? tf.h : U(v, 5);
}

/* The rest of the day, with the sessions that left the room merged in by
 * time. */
static void later_list(struct view *v, const struct live *l, struct rect area,
                       const struct live_room *r, const char *heading)
{
    if ((r->nlater == 0 && r->nmoved_out == 0) || area.h < U(v, 12))
        return;
    put(v, "later.label", area, (struct rect){area.x, area.y, area.w, U(v, 5)}, heading, 3.4, 2.4,
        1, TEXT_BOLD, TEXT_LEFT, C_MUTED);
    int y = area.y + U(v, 6.5);
    size_t i = 0, j = 0;
    while (i < r->nlater || j < r->nmoved_out) {
        bool moved = j < r->nmoved_out &&
                     (i >= r->nlater || r->moved_out[j].sched_start_t < r->later[i].start_t);
        int row_h = U(v, 10.5);
        if (y + U(v, 5) > area.y + area.h)
            break;
        if (y + row_h > area.y + area.h)
            row_h = area.y + area.h - y;
        struct rect row = {area.x, y, area.w, row_h};
        int used;
        if (moved) {
            used = moved_row(v, row, &r->moved_out[j++]);
        } else {
            const struct live_session *ls = &r->later[i++];
            char title[1400], badge[256];
            badge_text(v, ls, badge, sizeof(badge));
            snprintf(title, sizeof(title), "%s%s%s%s%s", ls->s->cancelled ? v->w->cancelled : "",
                     ls->s->cancelled ? ": " : "", badge, badge[0] ? ": " : "", ls->s->title);
            used = later_row(v, l, row, ls, title, ls->s->cancelled);
        }
        y += used + U(v, 2.2);
    }
}

/* ---- door status: QR codes, badges, late times, full, emergency ------ */

/* Records a drawn rectangle that is not text (a QR code) for the layout
 * dump, so the tests see it inside its card. */
static void record(struct view *v, const char *id, struct rect parent, struct rect r,
                   const char *what)
{
    if (v->nboxes >= MAX_BOXES)
        return;
    struct box_rec *b = &v->boxes[v->nboxes++];
    snprintf(b->id, sizeof(b->id), "%s", id);
    b->text = strdup(what);
    b->parent = parent;
    b->box = r;
    b->ink = r;
    b->px = b->min_px = 0;
    b->ellipsised = false;
}

/* The QR texture for URL in a square of BOX pixels: from the cache, else
 * made (the least recently used entry goes). NULL when it cannot be drawn
 * legibly (qr.h); *side gets its size. */
static SDL_Texture *qr_get(struct view *v, const char *url, int box, int *side)
{
    struct qr_entry *e = &v->qr[0];
    struct err err = {{0}};
    int min_px = (int)(QR_MIN_MODULE_PX * (v->sw < v->sh ? v->sw : v->sh) / 1080.0 + 0.5);

    for (size_t i = 0; i < QR_CACHE; i++) {
        struct qr_entry *q = &v->qr[i];
        if (q->tex && q->ren == v->ren && q->box == box && strcmp(q->url, url) == 0) {
            q->used = ++v->qr_clock;
            *side = q->side;
            return q->tex;
        }
        if (q->used < e->used)
            e = q;
    }
    free(e->url);
    if (e->tex)
        SDL_DestroyTexture(e->tex);
    memset(e, 0, sizeof(*e));
    e->tex = qr_texture(v->ren, url, box, min_px < 2 ? 2 : min_px, &e->side, &err);
    if (!e->tex || !(e->url = strdup(url))) {
        if (e->tex)
            SDL_DestroyTexture(e->tex);
        memset(e, 0, sizeof(*e));
        return NULL;
    }
    e->ren = v->ren;
    e->box = box;
    e->used = ++v->qr_clock;
    *side = e->side;
    return e->tex;
}

/* Draws the QR code of URL at the right of IN (vertically centred), at
 * most 30 % of its width; returns the width it takes (0: none). */
static int draw_qr(struct view *v, struct rect parent, struct rect in, const char *id,
                   const char *url)
{
    int box = in.w * 30 / 100, side = 0;
    SDL_Texture *t;

    if (!v->qr_on || !url || !*url)
        return 0;
    if (box > in.h)
        box = in.h;
    t = qr_get(v, url, box, &side);
    if (!t)
        return 0;
    struct rect dst = {in.x + in.w - side, in.y + (in.h - side) / 2, side, side};
    SDL_Rect sr = {dst.x, dst.y, dst.w, dst.h};
    SDL_RenderCopy(v->ren, t, NULL, &sr);
    record(v, id, parent, dst, url);
    return side + U(v, 2.5);
}

/* "moved here from Saal 2", "new time", "new" for a session's change. */
static void badge_text(const struct view *v, const struct live_session *ls, char *buf, size_t n)
{
    const struct change *c = ls->change;

    buf[0] = '\0';
    if (!c)
        return;
    if (c->kind == CHANGE_MOVED)
        snprintf(buf, n, v->dw->moved_here, c->from_room ? c->from_room : "?");
    else if (c->kind == CHANGE_RETIMED)
        snprintf(buf, n, "%s", v->dw->new_time);
    else if (c->kind == CHANGE_NEW)
        snprintf(buf, n, "%s", v->dw->new_);
}

/* The line under a card's label: the change badge and "running 10 min
 * late", in the warning colour. Returns the new top of the body. */
static int badge_row(struct view *v, struct rect parent, struct rect in, int y, const char *id,
                     const struct live_room *r, const struct live_session *ls)
{
    char badge[256], late[96] = "", line[400];

    badge_text(v, ls, badge, sizeof(badge));
    if (r->delay_min > 0)
        snprintf(late, sizeof(late), v->dw->late, r->delay_min);
    else if (ls->delayed) /* the source says so without minutes: nothing shifts */
        snprintf(late, sizeof(late), "%s", v->dw->delayed);
    snprintf(line, sizeof(line), "%s%s%s", badge, badge[0] && late[0] ? "   ·   " : "", late);
    if (!line[0])
        return y;
    int h = U(v, 4.6);
    put(v, id, parent, (struct rect){in.x, y, in.w, h}, line, 3.4, 2.4, 1, TEXT_BOLD, TEXT_LEFT,
        C_WARN);
    return y + h + U(v, 0.8);
}

/* The scheduled time beside the expected one, struck through. */
static void struck(struct view *v, struct rect parent, struct rect box, const char *id,
                   const char *text, double size)
{
    struct text_fit f =
        put(v, id, parent, box, text, size, 2.2, 1, TEXT_REGULAR, TEXT_LEFT, C_MUTED);
    if (f.lines > 0) {
        int y = box.y + f.ascent - f.px * 3 / 10;
        fill(v, (struct rect){box.x + f.x, y, f.line_w[0], U(v, 0.3)}, C_CANCEL, 255);
    }
}

/* "Room full": the whole NOW card, the feed's note, what else is on now. */
static void full_card(struct view *v, const struct live *l, const struct live_room *r,
                      struct rect nowr)
{
    struct rect in = card(v, nowr, C_FULL_BG, C_CANCEL);
    int y = in.y, bottom = in.y + in.h;
    (void)l;

    struct text_fit f = put(v, "full.title", nowr, (struct rect){in.x, y, in.w, U(v, 15)},
                            v->dw->full, 12, 6, 1, TEXT_BOLD, TEXT_LEFT, C_FG);
    y += (f.h ? f.h : U(v, 12)) + U(v, 2);
    if (r->note && y + U(v, 5) < bottom) {
        f = put(v, "full.note", nowr, (struct rect){in.x, y, in.w, U(v, 12)}, r->note, 4.4, 2.6, 2,
                TEXT_REGULAR, TEXT_LEFT, C_FG);
        y += f.h + U(v, 2.5);
    }
    if (r->nothers == 0 || y + U(v, 10) > bottom)
        return;
    put(v, "full.also", nowr, (struct rect){in.x, y, in.w, U(v, 4.5)}, v->dw->also_now, 3.4, 2.4, 1,
        TEXT_BOLD, TEXT_LEFT, C_SOFT);
    y += U(v, 5.5);
    for (size_t i = 0; i < r->nothers && y + U(v, 4.5) <= bottom; i++) {
        char line[1200];
        snprintf(line, sizeof(line), "%s: %s", r->others[i].room, r->others[i].now.s->title);
        f = put(v, "full.other", nowr, (struct rect){in.x, y, in.w, bottom - y}, line, 3.8, 3.8, 1,
                TEXT_REGULAR, TEXT_LEFT, C_FG);
        y += (f.h ? f.h : U(v, 4.5)) + U(v, 1);
    }
}

/* The emergency: the whole screen, nothing else, black on white, as large
 * as it fits. */
static void draw_emergency(struct view *v, const struct live *l, struct rect screen)
{
    struct rect in = inset(screen, U(v, 5), U(v, 5));
    struct text_box tb = {in.w, in.h, U(v, 24), U(v, 4), 0, TEXT_BOLD, TEXT_CENTER};
    struct text_fit fit;

    fill(v, screen, 0xFFFFFF, 255);
    text_measure(v->text, l->emergency, &tb, &fit);
    if (fit.h > 0 && fit.h < in.h)
        in = (struct rect){in.x, in.y + (in.h - fit.h) / 2, in.w, in.h - (in.h - fit.h) / 2};
    put(v, "emergency", screen, in, l->emergency, 24, 4, 0, TEXT_BOLD, TEXT_CENTER, 0x000000);
}

/* "14:20 – 14:50   ·   Track" */
static void time_row(const struct live_session *ls, char *buf, size_t n)
{
    const char *track = ls->sched_start[0] ? "" : ls->s->track;
    snprintf(buf, n, "%s – %s%s%s", ls->start, ls->end, track && *track ? "   ·   " : "",
             track ? track : "");
}

/* "10:00 – 10:30", the scheduled times of a late session ("" on time). */
static void sched_row(const struct live_session *ls, char *buf, size_t n)
{
    buf[0] = '\0';
    if (ls->sched_start[0])
        snprintf(buf, n, "%s – %s", ls->sched_start, ls->sched_end);
}

/* The NOW card: the running session, or what the room says instead. */
static void now_card(struct view *v, const struct live *l, const struct live_room *r,
                     struct rect nowr)
{
    char note[128] = "", row[256], srow[64], msg[400], when[160];
    if (r->full) {
        full_card(v, l, r, nowr);
        return;
    }
    if (r->has_now) {
        const struct sched_session *now = r->now.s;
        uint32_t tc = track_rgb(l->sched, now, C_NOW);
        struct rect in = card(v, nowr, C_CARD_NOW, tc);
        if (l->time_known) {
            fmt_dur(v, r->now.minutes, when, sizeof(when));
            snprintf(note, sizeof(note), v->w->ends_in, when);
        }
        time_row(&r->now, row, sizeof(row));
        sched_row(&r->now, srow, sizeof(srow));
        int yy = label_row(v, nowr, in, "now.label", now->cancelled ? v->w->cancelled : v->w->now,
                           now->cancelled ? C_CANCEL : C_NOW, note, C_SOFT);
        yy = badge_row(v, nowr, in, yy, "now.badge", r, &r->now);
        session_body(v, nowr, below(in, yy), "now", &r->now, 7, 3, row, srow,
                     l->time_known ? r->progress : -1, tc, true);
        return;
    }
    struct rect in = card(v, nowr, C_CARD, C_RULE);
    uint32_t rgb = C_SOFT;
    switch (r->word) {
    case LIVE_WORD_FREE_UNTIL:
        snprintf(msg, sizeof(msg), v->w->free_until, r->free_until_hm);
        rgb = C_NOW;
        break;
    case LIVE_WORD_BEFORE:
        fmt_date_hm(v, l->sched, l->event_start, when, sizeof(when));
        snprintf(msg, sizeof(msg), v->w->before, when);
        break;
    case LIVE_WORD_AFTER:
        snprintf(msg, sizeof(msg), "%s", v->w->after);
        break;
    default:
        snprintf(msg, sizeof(msg), "%s", v->w->done_today);
        break;
    }
    message_body(v, nowr, in, "now.message", msg, rgb);
}

/* The NEXT card: the next session ("Next: Tuesday 09:00" on a later day),
 * or "nothing more" while the event runs. */
static void next_card(struct view *v, const struct live *l, const struct live_room *r,
                      struct rect nextr)
{
    char note[128] = "", row[256], srow[64], when[160], lbl[160];
    if (!r->has_next) {
        if (r->status != BOARD_AFTER_EVENT)
            message_body(v, nextr, card(v, nextr, C_CARD, C_RULE), "next.message", v->w->no_next,
                         C_MUTED);
        return;
    }
    const struct sched_session *next = r->next.s;
    uint32_t tc = track_rgb(l->sched, next, C_NEXT);
    struct rect in = card(v, nextr, C_CARD, tc);
    const char *label = v->w->next;
    if (!r->next_same_day) {
        fmt_wday_hm(v, l->sched, r->next.start_t, when, sizeof(when));
        snprintf(lbl, sizeof(lbl), v->w->next_on, when);
        label = lbl;
    } else if (l->time_known && r->next_starting) {
        snprintf(note, sizeof(note), "%s", v->w->starting);
    } else if (l->time_known) {
        fmt_dur(v, r->next.minutes, when, sizeof(when));
        snprintf(note, sizeof(note), v->w->starts_in, when);
    }
    if (next->cancelled)
        snprintf(note, sizeof(note), "%s", v->w->cancelled);
    int yy = label_row(v, nextr, in, "next.label", label, C_NEXT, note,
                       next->cancelled ? C_CANCEL : C_SOFT);
    yy = badge_row(v, nextr, in, yy, "next.badge", r, &r->next);
    time_row(&r->next, row, sizeof(row));
    sched_row(&r->next, srow, sizeof(srow));
    session_body(v, nextr, below(in, yy), "next", &r->next, 5.2, 2, row, srow, -1, tc, false);
}

/* The height a session card needs at width W: its insets, the label row,
 * the title at its preferred size, the speakers, the time row and the bar
 * (the same steps as card() + label_row() + session_body()). */
static int card_need(struct view *v, const struct sched_session *ss, int w, double title_size,
                     int title_lines, bool big, bool bar)
{
    int inner = w - U(v, 5.4);
    struct text_box tb = {inner,       U(v, 200), U(v, title_size), U(v, title_size),
                          title_lines, TEXT_BOLD, TEXT_LEFT};
    struct text_fit fit;
    text_measure(v->text, ss->title, &tb, &fit);
    int need = U(v, 4.4) + U(v, 5) + U(v, 1.2) + fit.h + U(v, 1);
    char *spk = join_speakers(ss);
    if (spk && *spk) {
        struct text_box sb = {
            inner,        U(v, 200), U(v, big ? 4.2 : 3.6), U(v, big ? 4.2 : 3.6), 2,
            TEXT_REGULAR, TEXT_LEFT};
        text_measure(v->text, spk, &sb, &fit);
        need += fit.h + U(v, 1);
    }
    free(spk);
    need += U(v, big ? 5 : 4.5) + (bar ? U(v, 1.4) + U(v, 1.5) : 0) + U(v, 1);
    return need;
}

/* Where the NOW, NEXT and later areas go: side by side in landscape,
 * stacked in portrait. In portrait a card takes the height its session
 * needs (up to its share) and the rest of the day gets what is left. */
static void room_areas(struct view *v, const struct live_room *r, struct rect content,
                       struct rect *nowr, struct rect *nextr, struct rect *laterr)
{
    bool has_now = r->has_now;
    bool portrait = v->sh > v->sw;
    int gap = U(v, 2.5);
    struct rect left = content, right = {0, 0, 0, 0};
    if (!portrait) {
        left.w = content.w * 63 / 100;
        right =
            (struct rect){left.x + left.w + gap, content.y, content.w - left.w - gap, content.h};
    }
    *nowr = left;
    *nextr = left;
    *laterr = right;
    if (portrait) {
        /* A message ("Room free until …") needs less room than a talk. */ nowr->h =
            content.h * (has_now ? 40 : 24) / 100;
        if (has_now) {
            int need = card_need(v, r->now.s, nowr->w, 7, 3, true, true);
            nowr->h = need < nowr->h ? need : nowr->h;
        }
        nextr->y = nowr->y + nowr->h + gap;
        nextr->h = content.h * (has_now ? 29 : 33) / 100;
        if (r->has_next) {
            int need = card_need(v, r->next.s, nextr->w, 5.2, 2, false, false);
            nextr->h = need < nextr->h ? need : nextr->h;
        }
        *laterr = below(content, nextr->y + nextr->h + gap + U(v, 1));
    } else {
        nowr->h = (content.h - gap) * 57 / 100;
        nextr->y = nowr->y + nowr->h + gap;
        nextr->h = content.h - nowr->h - gap;
    }
}

static void draw_room(struct view *v, const struct live *l, const struct live_room *r,
                      struct rect area)
{
    const struct sched *s = l->sched;
    struct rect nowr, nextr, laterr;
    char lh[160] = "";

    int y = draw_header(v, l, area, r->name, s->title ? s->title : "");
    room_areas(v, r, below(area, y), &nowr, &nextr, &laterr);
    now_card(v, l, r, nowr);
    next_card(v, l, r, nextr);
    /* The rest of the day. */
    if (r->next_same_day) {
        snprintf(lh, sizeof(lh), "%s", v->w->later);
    } else if (r->has_next) {
        struct tz_tm nt;
        tz_local(s->tz, r->next.s->start, &nt);
        snprintf(lh, sizeof(lh), v->w->later_on, v->w->wday[nt.wday % 7]);
    }
    later_list(v, l, laterr, r, lh);
}

/* ---- overview ------------------------------------------------------- */

/* The lobby is a departure board: one row per room (room, NOW title,
 * "until", NEXT time, NEXT title), one type scale for the whole page. Text
 * sizes never change per cell: a title gets two lines at the page's size,
 * then "…". The page's sizes come from the screen and the number of rows;
 * the smallest text (times, the track) never goes below OV_FLOOR units (2.2
 * % of a 1080p screen's height), and the rows a page holds follow from that
 * floor. Rooms that do not fit go on further pages, in the schedule's order
 * (live's), all pages with the same number of rows but the last. Portrait
 * rows stack NOW over NEXT beside the room, so titles get most of the
 * narrow width; landscape rows put them side by side. */
#define OV_FLOOR     2.2  /* smallest text (times, track), units */
#define OV_TITLE_MIN 3.0  /* titles and room names at the floor */
#define OV_TITLE_MAX 5.5  /* ... with few rooms */
#define OV_SMALL     0.78 /* times and track: this much of a title */
#define OV_PAD       0.5  /* above and below a row's text */
#define OV_GAP       0.4  /* between rows */
#define OV_HEAD      5.0  /* the column heads */
#define OV_LINE_EM   2.39 /* two lines of text: pitch 1.22 em + height ~1.17 em */
#define OV_STACK_GAP 0.6  /* portrait: between the NOW and the NEXT title */

struct board_grid {
    bool stacked; /* portrait: NOW above NEXT */
    int rows;     /* rows per page */
    int pages;    /* >= 1 */
    double title; /* units: room names, titles */
    double small; /* units: times, "until", the track */
    double row_u; /* row height, units */
};

static double ov_row_units(double title, bool stacked)
{
    if (stacked)
        return 2 * OV_PAD + 2 * OV_LINE_EM * title + OV_STACK_GAP;
    return 2 * OV_PAD + OV_LINE_EM * title;
}

/* The title size whose rows (ROWS of them) fill AVAIL units. */
static double ov_title_for(double avail, int rows, bool stacked)
{
    double per = avail / rows - OV_GAP - 2 * OV_PAD - (stacked ? OV_STACK_GAP : 0);
    return per / (OV_LINE_EM * (stacked ? 2 : 1));
}

/* The page geometry for NROOMS rooms in content of height H units. */
static void board_grid_for(size_t nrooms, double h, bool stacked, struct board_grid *g)
{
    double avail = h - OV_HEAD;
    g->stacked = stacked;
    int fit = (int)(avail / (ov_row_units(OV_TITLE_MIN, stacked) + OV_GAP));
    if (fit < 1)
        fit = 1;
    size_t n = nrooms ? nrooms : 1;
    g->pages = (int)((n + (size_t)fit - 1) / (size_t)fit);
    /* Balanced pages: 40 rooms at 9 a page are 5 pages of 8. */
    g->rows = (int)((n + (size_t)g->pages - 1) / (size_t)g->pages);
    g->title = ov_title_for(avail, g->rows, stacked);
    if (g->title > OV_TITLE_MAX)
        g->title = OV_TITLE_MAX;
    if (g->title < OV_TITLE_MIN)
        g->title = OV_TITLE_MIN;
    g->small = g->title * OV_SMALL;
    if (g->small < OV_FLOOR)
        g->small = OV_FLOOR;
    g->row_u = ov_row_units(g->title, stacked);
}

/* The same pages in a shorter content (a banner or the status line took
 * the bottom): the rows keep their number and share what is left, so a
 * room is never pushed off its page; only then may the type go below the
 * floor. */
static void board_grid_fit(struct board_grid *g, double h)
{
    double title = ov_title_for(h - OV_HEAD, g->rows, g->stacked);
    if (title >= g->title)
        return;
    g->title = title > 1 ? title : 1;
    g->small = g->title * OV_SMALL;
    if (g->small < OV_FLOOR && g->title >= OV_FLOOR)
        g->small = OV_FLOOR;
    g->row_u = ov_row_units(g->title, g->stacked);
}

/* The NOW cell of a room's row: the running title and "until HH:MM", or
 * "Room free until", "Done for today", "—". */
static void overview_cell_now(struct view *v, const struct live_room *r, char *buf, size_t n,
                              char *sub, size_t sn)
{
    sub[0] = '\0';
    if (r->has_now) {
        snprintf(buf, n, "%s%s%s", r->now.s->cancelled ? v->w->cancelled : "",
                 r->now.s->cancelled ? ": " : "", r->now.s->title);
        snprintf(sub, sn, v->w->until, r->now.end);
    } else if (r->word == LIVE_WORD_FREE_UNTIL) {
        snprintf(buf, n, v->w->free_until, r->free_until_hm);
    } else if (r->status == BOARD_DONE_TODAY) {
        snprintf(buf, n, "%s", v->w->done_short);
    } else {
        snprintf(buf, n, "%s", "—");
    }
}

/* A full room says so first in its NOW cell: "FULL · Title". */
static void overview_mark_full(struct view *v, const struct live_room *r, char *buf, size_t n)
{
    char tmp[1200];
    int k;

    if (!r->full)
        return;
    k = snprintf(tmp, sizeof(tmp), "%s · %s", v->dw->full_short, buf);
    if (k > 0)
        snprintf(buf, n, "%.*s", (int)(n - 1), tmp);
}

/* "14:00", or "Tue 09:00" when next is on another day. */
static void overview_next_time(struct view *v, const struct live *l, const struct live_room *r,
                               char *buf, size_t n)
{
    buf[0] = '\0';
    if (!r->has_next)
        return;
    if (r->next_same_day)
        snprintf(buf, n, "%s", r->next.start);
    else
        fmt_wday_hm(v, l->sched, r->next.s->start, buf, n);
}

/* The columns of a page: x offsets inside a row and widths, pixels. */
struct board_cols {
    int room_x, room_w, now_x, now_w, until_x, until_w, time_x, time_w, next_x, next_w;
};

static int measured_w(struct view *v, const char *s, double size, enum text_weight wt)
{
    struct text_box tb = {1 << 20, 1 << 16, U(v, size), U(v, size), 1, wt, TEXT_LEFT};
    struct text_fit fit;
    if (!s || !*s)
        return 0;
    text_measure(v->text, s, &tb, &fit);
    return fit.w;
}

/* Column widths for the rooms of one page: the time columns as wide as
 * their widest entry on the page, the rest shared by the room and the two
 * titles (NOW gets the larger share). */
static void board_cols_for(struct view *v, const struct live *l, size_t first, size_t count,
                           const struct board_grid *g, int row_w, struct board_cols *c)
{
    int until_w = 0, time_w = 0, gap = U(v, 1.6);
    for (size_t i = first; i < first + count; i++) {
        char a[1024], b[160], t[64];
        overview_cell_now(v, &l->rooms[i], a, sizeof(a), b, sizeof(b));
        overview_next_time(v, l, &l->rooms[i], t, sizeof(t));
        int wb = measured_w(v, b, g->small, TEXT_REGULAR);
        int wt = measured_w(v, t, g->small, TEXT_BOLD);
        until_w = wb > until_w ? wb : until_w;
        time_w = wt > time_w ? wt : time_w;
    }
    int lead = U(v, 0.8) + U(v, 1.4); /* the track strip and the inset */
    int inner = row_w - lead - U(v, 1.4);
    c->room_x = lead;
    if (g->stacked) {
        /* Room | NOW title, "until" on the right / NEXT time, NEXT title. */
        c->room_w = inner * 27 / 100;
        c->now_x = c->room_x + c->room_w + gap;
        c->until_w = until_w;
        c->until_x = lead + inner - until_w;
        c->now_w = c->until_x - (until_w ? gap : 0) - c->now_x;
        c->time_x = c->now_x;
        c->time_w = time_w;
        c->next_x = c->time_x + time_w + (time_w ? gap : 0);
        c->next_w = lead + inner - c->next_x;
        return;
    }
    c->room_w = inner * 21 / 100;
    int rest =
        inner - c->room_w - gap - (until_w ? until_w + gap : 0) - time_w - gap - (time_w ? gap : 0);
    c->now_x = c->room_x + c->room_w + gap;
    c->now_w = rest * 54 / 100;
    c->until_x = c->now_x + c->now_w + gap;
    c->until_w = until_w;
    c->time_x = c->until_x + (until_w ? until_w + gap : 0);
    c->time_w = time_w;
    c->next_x = c->time_x + time_w + (time_w ? gap : 0);
    c->next_w = lead + inner - c->next_x;
}

/* The column heads (Room, NOW, NEXT) and, when there are several pages, one
 * mark per page with the current one lit: the sign that pages turn. */
static void overview_heads(struct view *v, struct rect content, const struct board_grid *g,
                           const struct board_cols *c, int page)
{
    struct rect hr = {content.x, content.y, content.w, U(v, OV_HEAD) - U(v, 1)};
    double hs = g->small < 2.8 ? g->small : 2.8;
    put(v, "overview.head", content, (struct rect){hr.x + c->room_x, hr.y, c->room_w, hr.h},
        v->w->room_col, hs, hs, 1, TEXT_BOLD, TEXT_LEFT, C_MUTED);
    put(v, "overview.head", content, (struct rect){hr.x + c->now_x, hr.y, c->now_w, hr.h},
        v->w->now, hs, hs, 1, TEXT_BOLD, TEXT_LEFT, C_NOW);
    int marks_w = g->pages > 1 ? g->pages * U(v, 2.6) : 0;
    /* Portrait: "NOW  NEXT" side by side name the two stacked lines. */
    int next_x =
        g->stacked ? c->now_x + measured_w(v, v->w->now, hs, TEXT_BOLD) + U(v, 2.5) : c->time_x;
    put(v, "overview.head", content,
        (struct rect){hr.x + next_x, hr.y, hr.w - next_x - marks_w - U(v, 1), hr.h}, v->w->next, hs,
        hs, 1, TEXT_BOLD, TEXT_LEFT, C_NEXT);
    for (int p = 0; p < g->pages && g->pages > 1; p++) {
        int d = U(v, 1.6);
        struct rect m = {hr.x + hr.w - marks_w + p * U(v, 2.6), hr.y + (hr.h - d) / 2, d, d};
        fill(v, m, p == page ? C_FG : C_RULE, 255);
    }
}

/* The room cell: the name (two lines), or the name on one line and the
 * room's track below when all its sessions share one (a devroom). */
static void overview_room(struct view *v, const struct live_room *r, struct rect row,
                          struct rect cell, const struct board_grid *g)
{
    if (r->track && *r->track) {
        struct text_box one = {cell.w, cell.h,    U(v, g->title), U(v, g->title),
                               1,      TEXT_BOLD, TEXT_LEFT};
        struct text_fit fit;
        text_measure(v->text, r->name, &one, &fit);
        int name_h = fit.h > 0 ? fit.h : U(v, g->title * 1.2);
        put(v, "overview.room", row, (struct rect){cell.x, cell.y, cell.w, name_h}, r->name,
            g->title, g->title, 1, TEXT_BOLD, TEXT_LEFT, C_FG);
        put(v, "overview.track", row,
            (struct rect){cell.x, cell.y + name_h, cell.w, cell.h - name_h}, r->track, g->small,
            g->small, 1, TEXT_REGULAR, TEXT_LEFT, C_MUTED);
        return;
    }
    put(v, "overview.room", row, cell, r->name, g->title, g->title, 2, TEXT_BOLD, TEXT_LEFT, C_FG);
}

/* One room's row, its background striped by position. */
static void overview_row(struct view *v, const struct live *l, const struct live_room *r,
                         struct rect row, bool odd, const struct board_grid *g,
                         const struct board_cols *c)
{
    uint32_t strip = r->has_now ? track_rgb(l->sched, r->now.s, C_NOW) : C_RULE;
    uint32_t bg = odd ? C_CARD : C_CARD_NOW;
    fill(v, row, bg, 255);
    fill(v, (struct rect){row.x, row.y, U(v, 0.8), row.h}, strip, 255);
    int y = row.y + U(v, OV_PAD), h = row.h - 2 * U(v, OV_PAD);
    overview_room(v, r, row, (struct rect){row.x + c->room_x, y, c->room_w, h}, g);
    char a[1024], b[160], t[64];
    overview_cell_now(v, r, a, sizeof(a), b, sizeof(b));
    overview_mark_full(v, r, a, sizeof(a));
    bool cancelled = r->has_now && r->now.s->cancelled;
    struct text_fit tf =
        put(v, "overview.now", row, (struct rect){row.x + c->now_x, y, c->now_w, h}, a, g->title,
            g->title, 2, r->has_now ? TEXT_BOLD : TEXT_REGULAR, TEXT_LEFT,
            r->has_now ? (cancelled ? C_MUTED : C_FG) : C_SOFT);
    if (cancelled)
        for (int i = 0; i < tf.lines; i++) {
            int sy = y + i * tf.line_pitch + tf.ascent - tf.px * 3 / 10;
            int sx = row.x + c->now_x + (tf.rtl ? c->now_w - tf.line_w[i] : 0);
            fill(v, (struct rect){sx, sy, tf.line_w[i], U(v, 0.3)}, C_CANCEL, 255);
        }
    /* The times sit on the first line's baseline. */
    int base = tf.lines > 0 ? tf.ascent : U(v, g->title);
    int sy = y + base - U(v, g->small * 0.95);
    if (sy < y)
        sy = y;
    if (b[0])
        put(v, "overview.now.until", row,
            (struct rect){row.x + c->until_x, sy, c->until_w, h - (sy - y)}, b, g->small, g->small,
            1, TEXT_REGULAR, TEXT_LEFT, C_MUTED);
    if (!r->has_next)
        return;
    if (g->stacked) { /* the NEXT title below the NOW title's two lines */
        int dy = U(v, OV_LINE_EM * g->title + OV_STACK_GAP);
        y += dy;
        sy += dy;
        h -= dy;
    }
    overview_next_time(v, l, r, t, sizeof(t));
    put(v, "overview.next.time", row, (struct rect){row.x + c->time_x, sy, c->time_w, h - (sy - y)},
        t, g->small, g->small, 1, TEXT_BOLD, TEXT_LEFT, C_SOFT);
    snprintf(a, sizeof(a), "%s%s%s", r->next.s->cancelled ? v->w->cancelled : "",
             r->next.s->cancelled ? ": " : "", r->next.s->title);
    put(v, "overview.next", row, (struct rect){row.x + c->next_x, y, c->next_w, h}, a, g->title,
        g->title, 2, TEXT_REGULAR, TEXT_LEFT, r->next.s->cancelled ? C_MUTED : C_SOFT);
}

/* The area below the overview's header: the same for drawing and for
 * counting pages. */
static struct rect overview_content(struct view *v, struct rect area)
{
    return below(area, area.y + U(v, 15) + U(v, 2.5));
}

static void draw_overview(struct view *v, const struct live *l, struct rect area, int full_h)
{
    const struct sched *s = l->sched;
    char sub[256] = "";
    const char *title = s->title && *s->title ? s->title : "";
    struct rect content = overview_content(v, area);
    struct board_grid g;
    /* Pages as view_overview_pages() counts them (the whole screen), sizes
     * for the room actually left. */
    board_grid_for(l->nrooms, overview_content(v, (struct rect){0, 0, 0, full_h}).h / v->u,
                   v->sh > v->sw, &g);
    board_grid_fit(&g, content.h / v->u);
    int page = ((l->page % g.pages) + g.pages) % g.pages;
    if (g.pages > 1)
        snprintf(sub, sizeof(sub), v->w->page, page + 1, g.pages);
    draw_header(v, l, area, title, sub);

    size_t first = (size_t)page * (size_t)g.rows;
    size_t count = first < l->nrooms ? l->nrooms - first : 0;
    if (count > (size_t)g.rows)
        count = (size_t)g.rows;
    struct board_cols c;
    board_cols_for(v, l, first, count, &g, content.w, &c);
    overview_heads(v, content, &g, &c, page);
    int row_h = U(v, g.row_u), pitch = row_h + U(v, OV_GAP);
    for (size_t i = 0; i < count; i++) {
        struct rect row = {content.x, content.y + U(v, OV_HEAD) + (int)i * pitch, content.w, row_h};
        overview_row(v, l, &l->rooms[first + i], row, i % 2, &g, &c);
    }
}

int view_overview_pages(struct view *v, size_t nrooms, int w, int h)
{
    double side = w < h ? w : h;
    v->u = side / 100.0;
    v->sw = w;
    v->sh = h;
    /* Same geometry as draw: margins and header (no banner/status; they
     * only make rows smaller, not fewer). */
    struct rect area = {U(v, 4), U(v, 3.5), w - 2 * U(v, 4), h - 2 * U(v, 3.5)};
    struct board_grid g;
    board_grid_for(nrooms, overview_content(v, area).h / v->u, h > w, &g);
    return g.pages;
}

/* ---- info overlay --------------------------------------------------- */

static void draw_info(struct view *v, const struct view_frame *f, struct rect screen)
{
    struct rect panel = inset(screen, screen.w / 8, screen.h / 10);
    fill(v, screen, 0x000000, 150);
    fill(v, panel, C_INFO_BG, 255);
    fill(v, (struct rect){panel.x, panel.y, panel.w, U(v, 0.5)}, C_NEXT, 255);
    struct rect in = inset(panel, U(v, 4), U(v, 3));
    put(v, "info.title", panel, (struct rect){in.x, in.y, in.w, U(v, 7)}, v->w->info, 5, 3, 1,
        TEXT_BOLD, TEXT_LEFT, C_FG);
    int y = in.y + U(v, 8.5);
    int lw = in.w * 28 / 100;
    size_t pairs = f->ninfo / 2;
    int row_h = pairs ? (in.y + in.h - y) / (int)pairs : 0;
    if (row_h > U(v, 7))
        row_h = U(v, 7);
    for (size_t i = 0; i < pairs; i++) {
        struct rect lr = {in.x, y, lw - U(v, 2), row_h};
        struct rect vr = {in.x + lw, y, in.w - lw, row_h};
        put(v, "info.label", panel, lr, f->info[2 * i], 3, 1.8, 1, TEXT_REGULAR, TEXT_LEFT,
            C_MUTED);
        put(v, "info.value", panel, vr, f->info[2 * i + 1], 3, 1.8, 2, TEXT_REGULAR, TEXT_LEFT,
            C_FG);
        y += row_h;
    }
}

/* ---- frame ---------------------------------------------------------- */

void view_draw(struct view *v, SDL_Renderer *r, int w, int h, const struct view_frame *f)
{
    const struct live *l = f->live;
    clear_boxes(v);
    v->ren = r;
    v->sw = w;
    v->sh = h;
    v->u = (w < h ? w : h) / 100.0;
    text_set_screen(v->text, w, h); /* the cache's bound follows the screen */
    v->qr_on = f->qr;
    SDL_SetRenderDrawColor(r, C_BG >> 16, (C_BG >> 8) & 0xFF, C_BG & 0xFF, 255);
    SDL_RenderClear(r);

    struct rect screen = {0, 0, w, h};
    if (l->emergency) {
        /* Nothing else is drawn: the one message that must never be missed. */
        draw_emergency(v, l, screen);
        return;
    }
    struct rect area = {f->shift_x + U(v, 4), f->shift_y + U(v, 3.5), w - 2 * U(v, 4),
                        h - 2 * U(v, 3.5)};
    /* Bottom up: the status line, then the banner, take their room. Both
     * strips sit on the screen's bottom edge, whatever the burn-in shift;
     * the content keeps its margin above them. */
    struct rect bottom = {screen.x, area.y, screen.w, screen.h - area.y};
    draw_status(v, l, &bottom, screen);
    if (l->sched)
        draw_banner(v, l, &bottom, screen);
    if (bottom.y + bottom.h < screen.h) {
        int limit = bottom.y + bottom.h - U(v, 2.5) - area.y;
        if (limit < area.h)
            area.h = limit;
    }

    if (!l->sched) {
        /* Nothing to show yet: the name of the product and the status line
         * say what is going on. */
        put(v, "empty.title", area, (struct rect){area.x, area.y + area.h / 3, area.w, U(v, 12)},
            "roomboard", 9, 5, 1, TEXT_BOLD, TEXT_CENTER, C_SOFT);
    } else if (l->shown >= 0 && (size_t)l->shown < l->nrooms) {
        draw_room(v, l, &l->rooms[l->shown], area);
    } else {
        draw_overview(v, l, area, h - 2 * U(v, 3.5));
    }
    if (f->info)
        draw_info(v, f, screen);
}

/* ---- layout dump ---------------------------------------------------- */

static void json_str(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(fp, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(fp, "\\u%04x", *p);
        else
            fputc(*p, fp);
    }
    fputc('"', fp);
}

static void json_rect(FILE *fp, const char *key, struct rect r)
{
    fprintf(fp, ",\"%s\":[%d,%d,%d,%d]", key, r.x, r.y, r.w, r.h);
}

/* ,"visible":"..." — the words of a cut text that were drawn, its fitted
 * lines joined with spaces (the legibility benchmark counts only those). */
static void dump_visible(FILE *fp, const struct view *v, const struct box_rec *b)
{
    struct text_layout lay;
    char buf[2048];
    size_t at = 0;

    text_layout(v->text, b->text ? b->text : "", &b->tb, &lay);
    buf[0] = '\0';
    for (size_t i = 0; i < lay.nlines && at < sizeof(buf); i++) {
        int k = snprintf(buf + at, sizeof(buf) - at, "%s%s", i ? " " : "", lay.lines[i]);
        if (k < 0)
            break;
        at += (size_t)k;
    }
    text_layout_clear(&lay);
    fprintf(fp, ",\"visible\":");
    json_str(fp, buf);
}

bool view_dump_layout(const struct view *v, const char *path, struct err *err)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return err_set(err, "view: cannot write layout to %s: %m", path);
    fprintf(fp, "{\"w\":%d,\"h\":%d,\"boxes\":[", v->sw, v->sh);
    for (size_t i = 0; i < v->nboxes; i++) {
        const struct box_rec *b = &v->boxes[i];
        fprintf(fp, "%s\n{\"id\":", i ? "," : "");
        json_str(fp, b->id);
        fprintf(fp, ",\"text\":");
        json_str(fp, b->text ? b->text : "");
        json_rect(fp, "parent", b->parent);
        json_rect(fp, "box", b->box);
        json_rect(fp, "ink", b->ink);
        fprintf(fp, ",\"px\":%d,\"min_px\":%d,\"lines\":%d,\"max_lines\":%d,\"rgb\":\"#%06X\"",
                b->px, b->min_px, b->lines, b->tb.max_lines, (unsigned)(b->rgb & 0xFFFFFFu));
        fprintf(fp, ",\"ellipsised\":%s", b->ellipsised ? "true" : "false");
        if (b->ellipsised)
            dump_visible(fp, v, b);
        fputc('}', fp);
    }
    fprintf(fp, "\n]}\n");
    if (fclose(fp) != 0)
        return err_set(err, "view: writing layout to %s failed: %m", path);
    return true;
}
