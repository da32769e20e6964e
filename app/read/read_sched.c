/* A sched.com list page, saved as text, looks like this (one session):
 *
 *   Monday, October 21                 day heading
 *   1:00pm BST                         time heading
 *   Title - Speaker, Org & Other, Org  title line
 *   free text ...                      abstract
 *   Speakers / avatar for X / GN       speaker blocks (name on its own line)
 *   Monday October 21, 2013 1:00pm - 1:45pm BST     the time line
 *   Edinburgh Suite                    the room
 *     Track A, Track B                 indented track lines (optional)
 *
 * The time line is the anchor: every one is a session. Everything else is
 * found relative to it, so page furniture ("Filter sessions", "Twitter
 * Feed") never becomes a session. */
#include "read_sched.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lines.h"
#include "tz.h"

static const char *const weekdays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                       "friday", "saturday", "sunday"};
static const char *const months[] = {"january",   "february", "march",    "april",
                                     "may",       "june",     "july",     "august",
                                     "september", "october",  "november", "december"};

/* One time line, read but not yet placed in a zone. */
struct when {
    size_t line; /* index into the lines */
    int y, mo, d, h, mi;
    int ey, emo, ed, eh, emi; /* end; ey == 0: same day as the start */
    char abbr[8];             /* "" when the page names none */
};

struct sess {
    struct when w;
    char *title;
    char *abstract;
    char *room;
    char *track;
    char **speakers;
    size_t nspeakers;
};

static void sess_free(struct sess *s)
{
    free(s->title);
    free(s->abstract);
    free(s->room);
    free(s->track);
    for (size_t i = 0; i < s->nspeakers; i++)
        free(s->speakers[i]);
    free(s->speakers);
}

/* ---- small text helpers ----------------------------------------------- */

/* Reads a word of letters at *p (case-folded into buf); advances *p. */
static bool read_word(const char **p, char *buf, size_t size)
{
    size_t n = 0;
    while (isalpha((unsigned char)**p)) {
        if (n + 1 < size)
            buf[n++] = (char)tolower((unsigned char)**p);
        (*p)++;
    }
    buf[n] = '\0';
    return n > 0 && n + 1 < size;
}

static void skip_spaces(const char **p)
{
    while (**p == ' ' || **p == '\t')
        (*p)++;
}

static int find_name(const char *w, const char *const *names, int n)
{
    size_t wl = strlen(w);
    if (wl < 3)
        return -1;
    for (int i = 0; i < n; i++) {
        /* Full names, and the three-letter abbreviations ("Oct"). */
        if (strcmp(w, names[i]) == 0 || (wl == 3 && strncmp(w, names[i], 3) == 0))
            return i;
    }
    return -1;
}

static bool read_int(const char **p, int maxdigits, int *out)
{
    int v = 0, n = 0;
    while (isdigit((unsigned char)**p) && n < maxdigits) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    if (n == 0 || isdigit((unsigned char)**p))
        return false;
    *out = v;
    return true;
}

/* "9:00am", "9:00 am", "21:30", "9am" -> hour, minute. */
static bool read_clock(const char **p, int *h, int *mi)
{
    const char *q = *p;
    int hh, mm = 0;
    bool colon = false;

    if (!read_int(&q, 2, &hh))
        return false;
    if (*q == ':') {
        colon = true;
        q++;
        if (!isdigit((unsigned char)q[0]) || !isdigit((unsigned char)q[1]))
            return false;
        if (!read_int(&q, 2, &mm))
            return false;
    }
    const char *r = q;
    skip_spaces(&r);
    if ((tolower((unsigned char)r[0]) == 'a' || tolower((unsigned char)r[0]) == 'p') &&
        tolower((unsigned char)r[1]) == 'm' && !isalpha((unsigned char)r[2])) {
        bool pm = tolower((unsigned char)r[0]) == 'p';
        if (hh < 1 || hh > 12)
            return false;
        hh = hh % 12 + (pm ? 12 : 0);
        q = r + 2;
    } else if (!colon) {
        return false; /* a bare "9" is no clock */
    }
    if (hh > 23 || mm > 59)
        return false;
    *h = hh;
    *mi = mm;
    *p = q;
    return true;
}

/* "Monday October 21, 2013" (the comma is optional). Case-insensitive. */
static bool read_date(const char **p, int *y, int *mo, int *d)
{
    char w[16];
    const char *q = *p;
    int mon;

    if (!read_word(&q, w, sizeof(w)) || find_name(w, weekdays, 7) < 0)
        return false;
    if (*q == ',')
        q++;
    skip_spaces(&q);
    if (!read_word(&q, w, sizeof(w)) || (mon = find_name(w, months, 12)) < 0)
        return false;
    skip_spaces(&q);
    if (!read_int(&q, 2, d))
        return false;
    if (*q == ',')
        q++;
    skip_spaces(&q);
    if (!read_int(&q, 4, y))
        return false;
    *mo = mon + 1;
    *p = q;
    return true;
}

/* Does the line start with a full date, "Weekday Month D, YYYY"? Such a
 * line that then fails to parse is an error, not something to skip. (A
 * title like "Friday May Day Party" does not start with a date.) */
static bool looks_like_time_line(const char *s)
{
    const char *q = s;
    int y, mo, d;

    if (!isalpha((unsigned char)*q))
        return false;
    return read_date(&q, &y, &mo, &d);
}

/* "Monday, October 21": a day heading (not a session). */
static bool is_day_heading(const char *s)
{
    char w[16];
    const char *q = s;
    int d;

    if (!read_word(&q, w, sizeof(w)) || find_name(w, weekdays, 7) < 0 || *q != ',')
        return false;
    q++;
    skip_spaces(&q);
    if (!read_word(&q, w, sizeof(w)) || find_name(w, months, 12) < 0)
        return false;
    skip_spaces(&q);
    return read_int(&q, 2, &d) && *q == '\0';
}

/* "1:00pm BST" or "11:00 CET": a time heading above the title. */
static bool is_time_heading(const char *s)
{
    const char *q = s;
    int h, mi;

    skip_spaces(&q);

    if (!read_clock(&q, &h, &mi))
        return false;
    skip_spaces(&q);
    size_t n = 0;
    while (isupper((unsigned char)q[n]))
        n++;
    q += n;
    skip_spaces(&q);
    return *q == '\0' && n <= 5;
}

static bool parse_time_line(const char *s, struct when *w)
{
    const char *q = s;

    memset(w, 0, sizeof(*w));
    if (!read_date(&q, &w->y, &w->mo, &w->d))
        return false;
    skip_spaces(&q);
    if (!read_clock(&q, &w->h, &w->mi))
        return false;
    skip_spaces(&q);
    if (*q != '-' && strncmp(q, "\xe2\x80\x93", 3) != 0) /* '-' or en dash */
        return false;
    q += *q == '-' ? 1 : 3;
    skip_spaces(&q);
    if (isalpha((unsigned char)*q)) {
        if (!read_date(&q, &w->ey, &w->emo, &w->ed))
            return false;
        skip_spaces(&q);
    }
    if (!read_clock(&q, &w->eh, &w->emi))
        return false;
    skip_spaces(&q);
    size_t n = 0;
    while (n + 1 < sizeof(w->abbr) && (isalpha((unsigned char)q[n]) || q[n] == '+' || q[n] == '-' ||
                                       isdigit((unsigned char)q[n]))) {
        w->abbr[n] = q[n];
        n++;
    }
    w->abbr[n] = '\0';
    q += n;
    skip_spaces(&q);
    if (*q != '\0')
        return false;
    if (w->mo < 1 || w->mo > 12 || w->d < 1 || w->d > 31 || w->y < 1900 || w->y > 9999)
        return false;
    return true;
}

/* ---- speakers ----------------------------------------------------------- */

struct names {
    char **v;
    size_t n, cap;
};

static void names_free(struct names *n)
{
    for (size_t i = 0; i < n->n; i++)
        free(n->v[i]);
    free(n->v);
    memset(n, 0, sizeof(*n));
}

/* Adds a trimmed copy unless empty or already there (case-insensitive). */
static bool names_add(struct names *n, const char *s, size_t len)
{
    char *c = lines_strndup_trim(s, len);
    if (!c)
        return false;
    /* No name is this long; skipping it keeps the title search linear. */
    if (!*c || n->n >= SCHED_MAX_SPEAKERS || strlen(c) > 200) {
        free(c);
        return true;
    }
    for (size_t i = 0; i < n->n; i++) {
        if (strcasecmp(n->v[i], c) == 0) {
            free(c);
            return true;
        }
    }
    if (n->n == n->cap) {
        size_t ncap = n->cap ? n->cap * 2 : 4;
        char **nv = realloc(n->v, ncap * sizeof(*nv));
        if (!nv) {
            free(c);
            return false;
        }
        n->v = nv;
        n->cap = ncap;
    }
    n->v[n->n++] = c;
    return true;
}

/* "Marc Zyngier, Google & Christoffer Dall, Arm; X (Moderator)" -> names. */
static bool split_title_speakers(const char *s, struct names *out)
{
    const char *p = s;
    while (*p) {
        const char *end = p;
        size_t seplen = 0;
        while (*end) {
            if (*end == ';') {
                seplen = 1;
                break;
            }
            if (strncmp(end, " & ", 3) == 0) {
                seplen = 3;
                break;
            }
            end++;
        }
        const char *cut = memchr(p, ',', (size_t)(end - p));
        const char *paren = memchr(p, '(', (size_t)(end - p));
        size_t n = (size_t)((cut ? cut : end) - p);
        if (paren && paren < p + n)
            n = (size_t)(paren - p);
        if (!names_add(out, p, n))
            return false;
        p = *end ? end + seplen : end;
    }
    return true;
}

static bool is_initials(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++) {
        if (!isupper((unsigned char)s[n]))
            return false;
    }
    return n >= 1 && n <= 4;
}

static bool is_people_header(const char *s)
{
    return strcmp(s, "Speakers") == 0 || strcmp(s, "Speaker") == 0 ||
           strcmp(s, "Moderators") == 0 || strcmp(s, "Moderator") == 0;
}

/* Case-insensitive search for NEEDLE in HAY (ASCII folding). */
static const char *find_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (!n)
        return NULL;
    for (; *hay; hay++) {
        if (strncasecmp(hay, needle, n) == 0)
            return hay;
    }
    return NULL;
}

/* Replaces every U+00A0 by a space, in place. */
static void nbsp_to_space(char *s)
{
    char *w = s;
    for (const char *r = s; *r; r++) {
        if ((unsigned char)r[0] == 0xc2 && (unsigned char)r[1] == 0xa0) {
            *w++ = ' ';
            r++;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

/* ---- title, speakers, abstract ------------------------------------------ */

/* The people blocks under a title line, and the names they and the title
 * give. */
struct people {
    struct names fromtitle, block;
    const char *dash; /* the last " - " in the title line, or NULL */
    size_t pstart;    /* the first line of the people blocks (body_end: none) */
};

/* A name on its own line that the title also names (pages without avatars
 * or a "Speakers" heading) opens a block. */
static bool title_name_line(const char *t, struct people *p, bool *starts)
{
    char *c = lines_strndup_trim(t, strlen(t));
    bool ok = true;

    if (!c)
        return false;
    for (size_t k = 0; k < p->fromtitle.n; k++) {
        if (strcasecmp(c, p->fromtitle.v[k]) == 0) {
            *starts = true;
            ok = names_add(&p->block, c, strlen(c));
            break;
        }
    }
    free(c);
    return ok;
}

/* Line *I of the body B0..END: does it open a people block (*starts), and
 * which name does it give? *i advances past the lines a name took. */
static bool people_line(char **lines, size_t b0, size_t end, size_t *i, struct people *p,
                        bool *starts)
{
    const char *t = lines[*i];
    size_t at = *i;

    while (*t == ' ' || *t == '\t')
        t++;
    *starts = false;
    if (is_people_header(t)) {
        *starts = true;
        return true;
    }
    if (strncmp(t, "avatar for ", 11) == 0) {
        *starts = true;
        /* The name follows after a blank line; the avatar's alt text is the
         * same name and the fallback. */
        if (at + 2 < end && lines_is_blank(lines[at + 1]) && !lines_is_blank(lines[at + 2])) {
            *i += 2;
            return names_add(&p->block, lines[at + 2], strlen(lines[at + 2]));
        }
        return names_add(&p->block, t + 11, strlen(t + 11));
    }
    if (p->pstart < end && is_initials(t) && at + 2 < end && lines_is_blank(lines[at + 1]) &&
        !lines_is_blank(lines[at + 2]) && (at + 3 >= end || lines_is_blank(lines[at + 3]))) {
        /* "GN", blank, "Gleb Natapov": initials stand in for a missing
         * avatar, inside a "Speakers" block only. */
        *i += 2;
        return names_add(&p->block, lines[at + 2], strlen(lines[at + 2]));
    }
    if ((at == b0 || lines_is_blank(lines[at - 1])) &&
        (at + 1 >= end || lines_is_blank(lines[at + 1])))
        return title_name_line(t, p, starts);
    return true;
}

/* Where the people blocks start (p->pstart), and the names in them. */
static bool find_people(char **lines, size_t b0, size_t end, struct people *p)
{
    p->pstart = end;
    for (size_t i = b0; i < end; i++) {
        size_t open = i;
        bool starts;
        if (!people_line(lines, b0, end, &i, p, &starts))
            return false;
        if (starts && open < p->pstart)
            p->pstart = open;
    }
    return true;
}

/* The title's length in LINE: the text before the first speaker-block name
 * that follows a dash; else before the last " - "; else the whole line. */
static size_t title_length(const char *line, const struct people *p)
{
    size_t tlen = strlen(line);
    const char *best = NULL;

    for (size_t k = 0; k < p->block.n; k++) {
        for (const char *q = line; (q = find_ci(q, p->block.v[k])) != NULL; q++) {
            const char *b = q;
            while (b > line && b[-1] == ' ')
                b--;
            if (b > line && b[-1] == '-' && (!best || q < best)) {
                best = q;
                break;
            }
        }
    }
    if (best)
        tlen = (size_t)(best - line);
    else if (p->dash)
        tlen = (size_t)(p->dash - line);
    while (tlen > 0 && (line[tlen - 1] == ' ' || line[tlen - 1] == '-'))
        tlen--;
    return tlen ? tlen : strlen(line);
}

/* The body before the people blocks, blank runs folded to one empty line;
 * a new string (NULL: out of memory). */
static char *build_abstract(char **lines, size_t b0, size_t pstart)
{
    size_t cap = 1, n = 0;
    bool pending_blank = false;
    char *abstract;

    for (size_t i = b0; i < pstart; i++)
        cap += strlen(lines[i]) + 2;
    abstract = malloc(cap);
    if (!abstract)
        return NULL;
    for (size_t i = b0; i < pstart; i++) {
        size_t l = strlen(lines[i]);
        if (lines_is_blank(lines[i])) {
            pending_blank = n > 0;
            continue;
        }
        if (n > 0) {
            abstract[n++] = '\n';
            if (pending_blank)
                abstract[n++] = '\n';
        }
        memcpy(abstract + n, lines[i], l);
        n += l;
        pending_blank = false;
    }
    abstract[n] = '\0';
    return abstract;
}

/* The blocks can miss a co-speaker ("Changpeng Liu & Xiaodong Liu" with
 * only one block): when every block name is in the title's list and the
 * title names more, the title's list is the complete one. Moves the chosen
 * list into OUT. */
static void take_speakers(struct people *p, struct sess *out)
{
    bool title_complete = p->block.n && p->fromtitle.n > p->block.n;
    struct names *use;

    for (size_t k = 0; title_complete && k < p->block.n; k++) {
        bool found = false;
        for (size_t j = 0; j < p->fromtitle.n && !found; j++)
            found = strcasecmp(p->block.v[k], p->fromtitle.v[j]) == 0;
        title_complete = found;
    }
    use = p->block.n && !title_complete ? &p->block : &p->fromtitle;
    out->speakers = use->v;
    out->nspeakers = use->n;
    use->v = NULL;
    use->n = use->cap = 0;
}

/* Reads the title line and the body between it and the time line: title,
 * speakers, abstract. The speaker block names win over the split title
 * because titles themselves contain " - ". False: out of memory. */
static bool read_session_text(char **lines, size_t title_at, size_t body_end, struct sess *out)
{
    struct people p = {0};
    char *line = lines_strndup_trim(lines[title_at], strlen(lines[title_at]));
    bool ok = false;

    if (!line)
        return false;
    nbsp_to_space(line);
    lines_trim(line);
    /* The split at the last " - " is the fallback. */
    for (const char *q = line; (q = strstr(q, " - ")) != NULL; q++)
        p.dash = q;
    if (p.dash && !split_title_speakers(p.dash + 3, &p.fromtitle))
        goto out;
    if (!find_people(lines, title_at + 1, body_end, &p))
        goto out;
    out->title = lines_strndup_trim(line, title_length(line, &p));
    out->abstract = build_abstract(lines, title_at + 1, p.pstart);
    if (!out->title || !out->abstract)
        goto out;
    take_speakers(&p, out);
    ok = true;
out:
    free(line);
    names_free(&p.fromtitle);
    names_free(&p.block);
    return ok;
}

/* ---- zone abbreviations ------------------------------------------------- */

/* The abbreviations sched pages print, with the zone we pick for each.
 * Where one abbreviation covers several zones with the same rules (CET:
 * Paris, Berlin, Madrid, ...) any of them gives the same instants since
 * 1996; we pick one and say so. Ambiguous ones (IST: India, Ireland,
 * Israel) are left out, so the organizer must name the zone. */
static const struct {
    const char *abbr;
    int off;
    const char *zone;
} abbrs[] = {
    {"UTC", 0, "UTC"},
    {"GMT", 0, "Europe/London"},
    {"BST", 3600, "Europe/London"},
    {"WET", 0, "Europe/Lisbon"},
    {"WEST", 3600, "Europe/Lisbon"},
    {"CET", 3600, "Europe/Paris"},
    {"CEST", 7200, "Europe/Paris"},
    {"EET", 7200, "Europe/Helsinki"},
    {"EEST", 10800, "Europe/Helsinki"},
    {"MSK", 10800, "Europe/Moscow"},
    {"EST", -5 * 3600, "America/New_York"},
    {"EDT", -4 * 3600, "America/New_York"},
    {"CST", -6 * 3600, "America/Chicago"},
    {"CDT", -5 * 3600, "America/Chicago"},
    {"MST", -7 * 3600, "America/Denver"},
    {"MDT", -6 * 3600, "America/Denver"},
    {"PST", -8 * 3600, "America/Los_Angeles"},
    {"PDT", -7 * 3600, "America/Los_Angeles"},
    {"AKST", -9 * 3600, "America/Anchorage"},
    {"AKDT", -8 * 3600, "America/Anchorage"},
    {"HST", -10 * 3600, "Pacific/Honolulu"},
    {"JST", 9 * 3600, "Asia/Tokyo"},
    {"KST", 9 * 3600, "Asia/Seoul"},
    {"HKT", 8 * 3600, "Asia/Hong_Kong"},
    {"SGT", 8 * 3600, "Asia/Singapore"},
    {"AWST", 8 * 3600, "Australia/Perth"},
    {"ACST", 34200, "Australia/Adelaide"},
    {"ACDT", 37800, "Australia/Adelaide"},
    {"AEST", 10 * 3600, "Australia/Sydney"},
    {"AEDT", 11 * 3600, "Australia/Sydney"},
    {"NZST", 12 * 3600, "Pacific/Auckland"},
    {"NZDT", 13 * 3600, "Pacific/Auckland"},
};

/* False for an unknown or ambiguous abbreviation; else *off gets the UTC
 * offset it stands for, *zone the IANA zone roomboard picks for it. */
static bool abbr_lookup(const char *abbr, int *off, const char **zone)
{
    for (size_t i = 0; i < sizeof(abbrs) / sizeof(abbrs[0]); i++) {
        if (strcmp(abbr, abbrs[i].abbr) == 0) {
            *off = abbrs[i].off;
            *zone = abbrs[i].zone;
            return true;
        }
    }
    return false;
}

struct page {
    const struct read_opts *o;
    struct read_info *info;
    struct err *err;
    struct lines L;
    struct sess *ss;
    size_t nss, cap;
    struct tz *tz;
    const char *chosen_zone; /* picked from the page's abbreviation; NULL: given */
    char chosen_abbr[8];
    size_t chosen_line;
};

/* ---- venue address ------------------------------------------------------ */

/* When most room lines end with the same venue address ("... Sheraton
 * Seattle, 1400 6th Ave., Seattle, WA 98101"), the room is the part before
 * it. Candidates are word-boundary suffixes holding a comma; a room counts
 * for a candidate when what is left before it is a plain name (no comma:
 * otherwise the cut is inside an address). The winner is the candidate
 * counted by most distinct rooms (ties: the longest), and it must be counted
 * by at least two and by more than half of them. Rooms that do not end with
 * it (an off-site bar with its own address) keep their full line. */
/* Does ROOM end with " SUF" and leave a comma-free name before it? */
static bool venue_cut(const char *room, const char *suf, size_t sl)
{
    size_t rl = strlen(room);
    if (rl <= sl + 1 || room[rl - sl - 1] != ' ' || strcmp(room + rl - sl, suf) != 0)
        return false;
    for (size_t i = 0; i + sl + 1 < rl; i++) {
        if (room[i] == ',')
            return false;
    }
    return true;
}

static int cmp_room(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void strip_venue(struct sess *ss, size_t n)
{
    char **distinct = calloc(n ? n : 1, sizeof(*distinct));
    size_t nd = 0, best_count = 0;
    const char *best = NULL;

    if (!distinct)
        return;
    /* Distinct rooms by sorting, not by comparing every session with every
     * room seen (n log n, not n x rooms). */
    for (size_t i = 0; i < n; i++)
        distinct[i] = ss[i].room;
    if (n)
        qsort(distinct, n, sizeof(*distinct), cmp_room);
    for (size_t i = 0; i < n; i++)
        if (nd == 0 || strcmp(distinct[nd - 1], distinct[i]) != 0)
            distinct[nd++] = distinct[i];
    for (size_t i = 0; i < nd && nd <= 400; i++) {
        const char *r = distinct[i];
        if (strlen(r) > 256)
            continue; /* no room name is this long: no venue to find in it */
        for (const char *sp = strchr(r, ' '); sp; sp = strchr(sp + 1, ' ')) {
            const char *suf = sp + 1;
            size_t sl = strlen(suf);
            if (!strchr(suf, ',') || sl == 0)
                continue;
            size_t count = 0;
            for (size_t k = 0; k < nd; k++) {
                if (venue_cut(distinct[k], suf, sl))
                    count++;
            }
            if (count > best_count || (count == best_count && best && sl > strlen(best))) {
                best_count = count;
                best = suf;
            }
        }
    }
    if (best && best_count >= 2 && best_count * 2 > nd) {
        char *venue = strdup(best);
        size_t sl = venue ? strlen(venue) : 0;
        for (size_t i = 0; venue && i < n; i++) {
            size_t rl = strlen(ss[i].room);
            if (venue_cut(ss[i].room, venue, sl)) {
                ss[i].room[rl - sl - 1] = '\0';
                lines_trim(ss[i].room);
            }
        }
        free(venue);
    }
    free(distinct);
}

/* ---- zone --------------------------------------------------------------- */

static void fmt_off(int off, char *buf, size_t size)
{
    int a = off < 0 ? -off : off;
    snprintf(buf, size, "UTC%c%02d:%02d", off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
}

/* Start and end of a session as instants, checking the stated abbreviation
 * against the zone. */
static bool place(const struct page *pg, const struct when *w, const char *title, int64_t *start,
                  int64_t *end)
{
    const struct tz *tz = pg->tz;
    const char *chosen_zone = pg->chosen_zone, *chosen_abbr = pg->chosen_abbr;
    struct err *err = pg->err;
    size_t ln = w->line + 1;
    char what[40];

    if (!tz_from_local(tz, w->y, w->mo, w->d, w->h, w->mi, 0, start))
        return err_set(err, "sched: line %zu: the date or time of the session cannot be read", ln);
    if (w->abbr[0]) {
        int off;
        const char *zone;
        struct tz_tm tm;
        tz_local(tz, *start, &tm);
        if (abbr_lookup(w->abbr, &off, &zone)) {
            if (chosen_zone && strcmp(zone, chosen_zone) != 0 && tm.off == off) {
                return err_set(err,
                               "sched: line %zu: the page says %s, which is not a zone "
                               "abbreviation of %s (chosen from %s); pass --timezone",
                               ln, w->abbr, tz_name(tz), chosen_abbr);
            }
            if (tm.off != off) {
                char a[16], b[16];
                fmt_off(off, a, sizeof(a));
                fmt_off(tm.off, b, sizeof(b));
                return err_set(err,
                               "sched: line %zu: the page says %s (%s) but %s is at %s (%s) on "
                               "%04d-%02d-%02d; fix the page or pass the right --timezone",
                               ln, w->abbr, a, tz_name(tz), b, tm.abbr, w->y, w->mo, w->d);
            }
        } else if (strcmp(tm.abbr, w->abbr) != 0) {
            return err_set(err,
                           "sched: line %zu: the page says %s but %s calls that time %s; fix "
                           "the page or pass the right --timezone",
                           ln, w->abbr, tz_name(tz), tm.abbr);
        }
    }
    int ey = w->y, emo = w->mo, ed = w->d;
    if (w->ey) {
        ey = w->ey;
        emo = w->emo;
        ed = w->ed;
    }
    if (!tz_from_local(tz, ey, emo, ed, w->eh, w->emi, 0, end))
        return err_set(err, "sched: line %zu: the end of the session cannot be read", ln);
    if (*end < *start && !w->ey) {
        /* "11:00pm - 1:00am": the session runs past midnight. */
        int64_t days = tz_days_from_civil(w->y, w->mo, w->d) + 1;
        tz_civil_from_days(days, &ey, &emo, &ed);
        if (!tz_from_local(tz, ey, emo, ed, w->eh, w->emi, 0, end))
            return err_set(err, "sched: line %zu: the end of the session cannot be read", ln);
    }
    snprintf(what, sizeof(what), "sched: line %zu", ln);
    return read_check_length(what, title, *start, *end, err);
}

/* ---- the reader --------------------------------------------------------- */

/* A lower-case ASCII slug of TITLE ("KVM Forum 2013" -> "kvm-forum-2013"),
 * at most size - 1 bytes; "event" when nothing is left. */
static void slugify(const char *title, char *buf, size_t size)
{
    size_t n = 0;
    bool dash = false;

    for (const char *p = title; *p && n + 1 < size; p++) {
        char c = (char)tolower((unsigned char)*p);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && n > 0 && n + 2 < size)
                buf[n++] = '-';
            buf[n++] = c;
            dash = false;
        } else {
            dash = true;
        }
    }
    buf[n] = '\0';
    if (n == 0)
        snprintf(buf, size, "event");
}

/* The event's title: a "... has ended" banner near the top, else the
 * configured title, else "Schedule". A new string (NULL: out of memory). */
static char *event_title(const struct lines *L, const struct read_opts *o)
{
    static const char ended[] = " has ended";

    for (size_t i = 0; i < L->n && i < 20; i++) {
        const char *t = L->line[i];
        size_t l = strlen(t);
        if (l > sizeof(ended) - 1 && strcmp(t + l - (sizeof(ended) - 1), ended) == 0)
            return lines_strndup_trim(t, l - (sizeof(ended) - 1));
    }
    return strdup(o && o->title ? o->title : "Schedule");
}

/* The line of the title of the session whose time line is I: the first
 * text after the last time heading since the previous session, else the
 * first text line after it; I when there is none. */
static size_t title_line(const struct lines *L, size_t prev_end, size_t i)
{
    for (size_t k = i; k-- > prev_end;) {
        if (is_time_heading(L->line[k])) {
            for (size_t j = k + 1; j < i; j++)
                if (!lines_is_blank(L->line[j]))
                    return j;
            break;
        }
    }
    for (size_t j = prev_end; j < i; j++) {
        const char *c = L->line[j];
        if (!lines_is_blank(c) && !is_day_heading(c) && !is_time_heading(c))
            return j;
    }
    return i;
}

/* A new zeroed session at the end of the list; NULL with the error set. */
static struct sess *new_sess(struct page *pg)
{
    if (pg->nss == READ_SCHED_MAX_SESSIONS) {
        err_set(pg->err, "sched: more than %d sessions; refusing the page",
                READ_SCHED_MAX_SESSIONS);
        return NULL;
    }
    if (pg->nss == pg->cap) {
        size_t ncap = pg->cap ? pg->cap * 2 : 64;
        struct sess *n = realloc(pg->ss, ncap * sizeof(*n));
        if (!n) {
            err_set(pg->err, "sched: out of memory");
            return NULL;
        }
        pg->ss = n;
        pg->cap = ncap;
    }
    memset(&pg->ss[pg->nss], 0, sizeof(pg->ss[0]));
    return &pg->ss[pg->nss++];
}

/* The indented lines from J on are tracks (the first one counts; custom
 * fields such as "• Slides Included YES" do not). Returns the first line
 * after them. */
static size_t read_tracks(const struct lines *L, size_t j, struct sess *se, bool *oom)
{
    for (; j < L->n; j++) {
        const char *c = L->line[j];
        bool indented = c[0] == ' ' || c[0] == '\t' ||
                        ((unsigned char)c[0] == 0xc2 && (unsigned char)c[1] == 0xa0);
        char *tr;
        if (!indented || lines_is_blank(c))
            break;
        if (se->track || strncmp(lines_trim(L->line[j]), "\xe2\x80\xa2", 3) == 0)
            continue;
        tr = lines_strndup_trim(c, strcspn(c, ","));
        if (!tr) {
            *oom = true;
            return j;
        }
        se->track = tr;
    }
    return j;
}

/* The room is line J (the one after the time line) unless that is blank
 * or page furniture ("TBA" then); tracks follow. *next gets the first line
 * after the session. */
static bool read_room(struct page *pg, size_t j, struct sess *se, size_t *next)
{
    const struct lines *L = &pg->L;
    const char *room = "";
    bool oom = false;

    if (j < L->n && !lines_is_blank(L->line[j]) && !looks_like_time_line(L->line[j]) &&
        !is_day_heading(L->line[j]) && !is_time_heading(L->line[j]))
        room = L->line[j++];
    se->room = room[0] ? lines_strndup_trim(room, strlen(room)) : strdup("TBA");
    if (se->room && !se->room[0]) {
        free(se->room);
        se->room = strdup("TBA");
    }
    if (!se->room)
        return err_set(pg->err, "sched: out of memory");
    nbsp_to_space(se->room);
    *next = read_tracks(L, j, se, &oom);
    return !oom || err_set(pg->err, "sched: out of memory");
}

/* The session whose time line is line I; *next gets the first line after
 * it. */
static bool read_session(struct page *pg, size_t i, size_t prev_end, size_t *next)
{
    const char *t = pg->L.line[i];
    struct when w;
    struct sess *se;
    size_t title_at;

    if (!parse_time_line(t, &w))
        return err_set(pg->err,
                       "sched: line %zu: cannot read the time line '%.80s' (expected e.g. "
                       "'Monday October 21, 2013 1:00pm - 1:45pm BST')",
                       i + 1, t);
    w.line = i;
    title_at = title_line(&pg->L, prev_end, i);
    if (title_at == i)
        return err_set(pg->err, "sched: line %zu: a session time line with no title above it",
                       i + 1);
    se = new_sess(pg);
    if (!se)
        return false;
    se->w = w;
    if (!read_session_text(pg->L.line, title_at, i, se))
        return err_set(pg->err, "sched: out of memory");
    return read_room(pg, i + 1, se, next);
}

/* Every time line is a session; everything else is found relative to it. */
static bool read_sessions(struct page *pg, const char *body, size_t len)
{
    size_t prev_end = 0; /* the first line after the previous session */
    size_t k = 0;

    for (size_t i = 0; i < pg->L.n; i++) {
        size_t next = i + 1;
        if (!looks_like_time_line(pg->L.line[i]))
            continue;
        if (!read_session(pg, i, prev_end, &next))
            return false;
        prev_end = next;
        i = next - 1;
    }
    if (pg->nss)
        return true;
    while (k < len && isspace((unsigned char)body[k]))
        k++;
    if (k < len && body[k] == '<')
        return err_set(pg->err, "sched: the input is an HTML page, not a schedule (no session "
                                "time lines like 'Monday October 21, 2013 1:00pm - 1:45pm BST')");
    return err_set(pg->err,
                   "sched: no sessions found: no line like 'Monday October 21, 2013 1:00pm - "
                   "1:45pm BST' (%zu lines read)",
                   pg->L.n);
}

/* The zone: the configured one (--timezone, the config key), else the
 * first abbreviation on the page. */
static bool choose_zone(struct page *pg)
{
    const char *given = read_fallback_zone(pg->o);
    int off;

    if (given) {
        if (tz_load(given, &pg->tz, pg->err))
            return true;
        err_prefix(pg->err, "sched: %s", read_fallback_source(pg->o));
        return false;
    }
    for (size_t i = 0; i < pg->nss && !pg->chosen_zone; i++) {
        const struct when *w = &pg->ss[i].w;
        if (!w->abbr[0])
            continue;
        if (!abbr_lookup(w->abbr, &off, &pg->chosen_zone))
            return err_set(pg->err,
                           "sched: line %zu: unknown or ambiguous time zone abbreviation '%s'; "
                           "set the event's IANA zone with --timezone or the config key "
                           "\"timezone\" (e.g. Asia/Kolkata)",
                           w->line + 1, w->abbr);
        snprintf(pg->chosen_abbr, sizeof(pg->chosen_abbr), "%s", w->abbr);
        pg->chosen_line = w->line + 1;
    }
    if (!pg->chosen_zone)
        return err_set(pg->err,
                       "sched: line %zu: the page names no time zone; set the event's IANA zone "
                       "with --timezone or the config key \"timezone\" (e.g. Europe/Berlin)",
                       pg->ss[0].w.line + 1);
    if (tz_load(pg->chosen_zone, &pg->tz, pg->err))
        return true;
    err_prefix(pg->err, "sched: zone %s for %s", pg->chosen_zone, pg->chosen_abbr);
    return false;
}

/* The sessions into a new schedule titled TITLE. */
static bool build(struct page *pg, const char *title, struct sched **out)
{
    struct sched *s = NULL;
    char slug[48];

    slugify(title, slug, sizeof(slug));
    if (!sched_new(title, slug, tz_name(pg->tz), &s, pg->err))
        return false;
    read_zone_from(s, pg->info, pg->chosen_zone ? "schedule" : read_fallback_source(pg->o));
    if (pg->chosen_zone && pg->info)
        snprintf(pg->info->zone_how, sizeof(pg->info->zone_how), "chosen from %s on line %zu",
                 pg->chosen_abbr, pg->chosen_line);
    for (size_t i = 0; i < pg->nss; i++) {
        struct sess *se = &pg->ss[i];
        struct sched_session_in in = {0};
        char id[24];
        snprintf(id, sizeof(id), "%zu", i + 1);
        if (!place(pg, &se->w, se->title, &in.start, &in.end))
            goto fail;
        in.id = id;
        in.title = se->title;
        in.abstract = se->abstract;
        in.room = se->room;
        in.track = se->track ? se->track : "";
        in.speakers = (const char *const *)se->speakers;
        in.nspeakers = se->nspeakers;
        if (!sched_add_session(s, &in, pg->err)) {
            err_prefix(pg->err, "sched: line %zu", se->w.line + 1);
            goto fail;
        }
    }
    if (!sched_finish(s, pg->err))
        goto fail;
    *out = s;
    return true;
fail:
    sched_free(s);
    return false;
}

bool read_sched(const char *body, size_t len, const struct read_opts *o, struct sched **out,
                struct read_info *info, struct err *err)
{
    struct page pg = {.o = o, .info = info, .err = err};
    char *title = NULL;
    bool ok = false;

    if (!lines_split(body, len, &pg.L, err)) {
        err_prefix(err, "sched");
        return false;
    }
    if (!read_sessions(&pg, body, len) || !choose_zone(&pg))
        goto out;
    title = event_title(&pg.L, o);
    if (!title) {
        err_set(err, "sched: out of memory");
        goto out;
    }
    /* Everything is copied out of the lines: free them before the model
     * is built, so the peak holds the body, the sessions and the model. */
    lines_free(&pg.L);
    strip_venue(pg.ss, pg.nss);
    ok = build(&pg, title, out);
out:
    free(title);
    tz_free(pg.tz);
    for (size_t i = 0; i < pg.nss; i++)
        sess_free(&pg.ss[i]);
    free(pg.ss);
    lines_free(&pg.L);
    return ok;
}

bool read_sched_detect(const char *body, size_t len)
{
    const char *p = body, *end = body + len;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        char head[64];
        /* A time line's date fits in the first 63 bytes; looking no further
         * keeps this linear whatever the lines. */
        if (n >= sizeof(head))
            n = sizeof(head) - 1;
        memcpy(head, p, n);
        head[n] = '\0';
        if (looks_like_time_line(head))
            return true;
        p = nl ? nl + 1 : end;
    }
    return false;
}
