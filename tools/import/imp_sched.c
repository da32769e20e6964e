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
#include "imp_sched.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

static bool is_blank_line(const char *s)
{
    for (; *s; s++) {
        if (*s == ' ' || *s == '\t')
            continue;
        if ((unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0) {
            s++;
            continue;
        }
        return false;
    }
    return true;
}

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
    char *c = imp_strndup_trim(s, len);
    if (!c)
        return false;
    if (!*c || n->n >= SCHED_MAX_SPEAKERS) {
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

/* Reads the title line and the body between it and the time line:
 * title, speakers, abstract. The speaker block names win over the split
 * title because titles themselves contain " - ". */
static bool read_session_text(char **lines, size_t title_at, size_t body_end, struct sess *out)
{
    struct names fromtitle = {0}, block = {0};
    char *line = imp_strndup_trim(lines[title_at], strlen(lines[title_at]));
    char *abstract = NULL;
    bool ok = false;
    size_t b0 = title_at + 1, pstart = body_end;

    if (!line)
        goto out;
    nbsp_to_space(line);
    imp_trim(line);

    /* The split at the last " - " is the fallback. */
    const char *dash = NULL;
    for (const char *q = line; (q = strstr(q, " - ")) != NULL; q++)
        dash = q;
    if (dash && !split_title_speakers(dash + 3, &fromtitle))
        goto out;

    /* Where the people blocks start (pstart), and the names in them. */
    for (size_t i = b0; i < body_end; i++) {
        const char *t = lines[i];
        size_t open = i;
        bool starts = false;
        while (*t == ' ' || *t == '\t')
            t++;
        if (is_people_header(t)) {
            starts = true;
        } else if (strncmp(t, "avatar for ", 11) == 0) {
            starts = true;
            /* The name follows after a blank line; the avatar's alt text
             * is the same name and the fallback. */
            if (i + 2 < body_end && is_blank_line(lines[i + 1]) && !is_blank_line(lines[i + 2])) {
                if (!names_add(&block, lines[i + 2], strlen(lines[i + 2])))
                    goto out;
                i += 2;
            } else if (!names_add(&block, t + 11, strlen(t + 11))) {
                goto out;
            }
        } else if (pstart < body_end && is_initials(t) && i + 2 < body_end &&
                   is_blank_line(lines[i + 1]) && !is_blank_line(lines[i + 2]) &&
                   (i + 3 >= body_end || is_blank_line(lines[i + 3]))) {
            /* "GN", blank, "Gleb Natapov": initials stand in for a missing
             * avatar, inside a "Speakers" block only. */
            if (!names_add(&block, lines[i + 2], strlen(lines[i + 2])))
                goto out;
            i += 2;
        } else if ((i == b0 || is_blank_line(lines[i - 1])) &&
                   (i + 1 >= body_end || is_blank_line(lines[i + 1]))) {
            /* A name on its own line that the title also names (pages
             * without avatars or a "Speakers" heading). */
            char *c = imp_strndup_trim(t, strlen(t));
            if (!c)
                goto out;
            for (size_t k = 0; k < fromtitle.n; k++) {
                if (strcasecmp(c, fromtitle.v[k]) == 0) {
                    starts = true;
                    if (!names_add(&block, c, strlen(c))) {
                        free(c);
                        goto out;
                    }
                    break;
                }
            }
            free(c);
        }
        if (starts && open < pstart)
            pstart = open;
    }

    /* Title: the text before the first speaker-block name that follows a
     * dash; else before the last " - "; else the whole line. */
    size_t tlen = strlen(line);
    const char *best = NULL;
    for (size_t k = 0; k < block.n; k++) {
        for (const char *q = line; (q = find_ci(q, block.v[k])) != NULL; q++) {
            const char *b = q;
            while (b > line && b[-1] == ' ')
                b--;
            if (b > line && b[-1] == '-' && (!best || q < best)) {
                best = q;
                break;
            }
        }
    }
    if (best) {
        tlen = (size_t)(best - line);
    } else if (dash) {
        tlen = (size_t)(dash - line);
    }
    while (tlen > 0 && (line[tlen - 1] == ' ' || line[tlen - 1] == '-'))
        tlen--;
    if (tlen == 0)
        tlen = strlen(line);
    out->title = imp_strndup_trim(line, tlen);
    if (!out->title)
        goto out;

    /* Abstract: the body before the people blocks, blank runs folded. */
    size_t cap = 1;
    for (size_t i = b0; i < pstart; i++)
        cap += strlen(lines[i]) + 2;
    abstract = malloc(cap);
    if (!abstract)
        goto out;
    size_t n = 0;
    bool pending_blank = false;
    for (size_t i = b0; i < pstart; i++) {
        if (is_blank_line(lines[i])) {
            pending_blank = n > 0;
            continue;
        }
        const char *t = lines[i];
        size_t l = strlen(t);
        if (n > 0) {
            abstract[n++] = '\n';
            if (pending_blank)
                abstract[n++] = '\n';
        }
        memcpy(abstract + n, t, l);
        n += l;
        pending_blank = false;
    }
    abstract[n] = '\0';
    out->abstract = abstract;
    abstract = NULL;

    /* The blocks can miss a co-speaker ("Changpeng Liu & Xiaodong Liu" with
     * only one block): when every block name is in the title's list and the
     * title names more, the title's list is the complete one. */
    bool title_complete = block.n && fromtitle.n > block.n;
    for (size_t k = 0; title_complete && k < block.n; k++) {
        bool found = false;
        for (size_t j = 0; j < fromtitle.n && !found; j++)
            found = strcasecmp(block.v[k], fromtitle.v[j]) == 0;
        title_complete = found;
    }
    struct names *use = block.n && !title_complete ? &block : &fromtitle;
    out->speakers = use->v;
    out->nspeakers = use->n;
    use->v = NULL;
    use->n = use->cap = 0;
    ok = true;
out:
    free(line);
    free(abstract);
    names_free(&fromtitle);
    names_free(&block);
    return ok;
}

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
                imp_trim(ss[i].room);
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
static bool place(const struct tz *tz, const struct when *w, const char *title,
                  const char *chosen_abbr, const char *chosen_zone, int64_t *start, int64_t *end,
                  struct err *err)
{
    size_t ln = w->line + 1;

    if (!tz_from_local(tz, w->y, w->mo, w->d, w->h, w->mi, 0, start))
        return err_set(err, "sched: line %zu: the date or time of the session cannot be read", ln);
    if (w->abbr[0]) {
        int off;
        const char *zone;
        struct tz_tm tm;
        tz_local(tz, *start, &tm);
        if (imp_abbr_lookup(w->abbr, &off, &zone)) {
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
    if (!imp_check_times(title, *start, *end, err)) {
        err_prefix(err, "sched: line %zu", ln);
        return false;
    }
    return true;
}

/* ---- the reader --------------------------------------------------------- */

static char *event_title(char **lines, size_t n, const struct imp_opts *opts)
{
    for (size_t i = 0; i < n && i < 20; i++) {
        const char *t = lines[i];
        size_t l = strlen(t);
        static const char ended[] = " has ended";
        if (l > sizeof(ended) - 1 && strcmp(t + l - (sizeof(ended) - 1), ended) == 0)
            return imp_strndup_trim(t, l - (sizeof(ended) - 1));
    }
    const char *t = opts && opts->title ? opts->title : "Schedule";
    return strdup(t);
}

bool imp_sched_read(const char *buf, size_t len, const struct imp_opts *opts, struct sched **out,
                    struct imp_info *info, struct err *err)
{
    struct imp_lines L = {0};
    struct sess *ss = NULL;
    size_t nss = 0, cap = 0;
    struct tz *tz = NULL;
    struct sched *s = NULL;
    char *title = NULL;
    const char *chosen_zone = NULL;
    char chosen_abbr[8] = "";
    size_t chosen_line = 0;
    bool ok = false;

    if (!imp_lines_split(buf, len, &L, err))
        return false;

    size_t prev_end = 0; /* first line after the previous session */
    for (size_t i = 0; i < L.n; i++) {
        char *t = L.line[i];
        if (!looks_like_time_line(t))
            continue;
        struct when w;
        if (!parse_time_line(t, &w)) {
            err_set(err,
                    "sched: line %zu: cannot read the time line '%.80s' (expected e.g. 'Monday "
                    "October 21, 2013 1:00pm - 1:45pm BST')",
                    i + 1, t);
            goto out;
        }
        w.line = i;

        /* The title: first text after the last time heading since the
         * previous session, else the first text line after it. */
        size_t title_at = i;
        for (size_t k = i; k-- > prev_end;) {
            if (is_time_heading(L.line[k])) {
                for (size_t j = k + 1; j < i; j++) {
                    if (!is_blank_line(L.line[j])) {
                        title_at = j;
                        break;
                    }
                }
                break;
            }
        }
        if (title_at == i) {
            for (size_t j = prev_end; j < i; j++) {
                char *c = L.line[j];
                if (!is_blank_line(c) && !is_day_heading(c) && !is_time_heading(c)) {
                    title_at = j;
                    break;
                }
            }
        }
        if (title_at == i) {
            err_set(err, "sched: line %zu: a session time line with no title above it", i + 1);
            goto out;
        }

        if (nss == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            struct sess *n = realloc(ss, ncap * sizeof(*n));
            if (!n) {
                err_set(err, "sched: out of memory");
                goto out;
            }
            ss = n;
            cap = ncap;
        }
        struct sess *se = &ss[nss];
        memset(se, 0, sizeof(*se));
        se->w = w;
        nss++;
        if (nss > SCHED_MAX_SESSIONS) {
            err_set(err, "sched: more than %d sessions; refusing the page", SCHED_MAX_SESSIONS);
            goto out;
        }
        if (!read_session_text(L.line, title_at, i, se)) {
            err_set(err, "sched: out of memory");
            goto out;
        }

        /* The room is the next line; indented lines below it are tracks. */
        size_t j = i + 1;
        const char *room = "";
        if (j < L.n && !is_blank_line(L.line[j]) && !looks_like_time_line(L.line[j]) &&
            !is_day_heading(L.line[j]) && !is_time_heading(L.line[j])) {
            room = L.line[j];
            j++;
        }
        se->room = imp_strndup_trim(room, strlen(room));
        if (!se->room) {
            err_set(err, "sched: out of memory");
            goto out;
        }
        if (!se->room[0]) {
            free(se->room);
            se->room = strdup("TBA");
            if (!se->room) {
                err_set(err, "sched: out of memory");
                goto out;
            }
        }
        nbsp_to_space(se->room);
        for (; j < L.n; j++) {
            const char *c = L.line[j];
            bool indented = c[0] == ' ' || c[0] == '\t' ||
                            ((unsigned char)c[0] == 0xc2 && (unsigned char)c[1] == 0xa0);
            if (!indented || is_blank_line(c))
                break;
            char *tr = imp_strndup_trim(c, strlen(c));
            if (!tr) {
                err_set(err, "sched: out of memory");
                goto out;
            }
            /* Custom fields ("• Slides Included YES") are not tracks. */
            if (!se->track && strncmp(tr, "\xe2\x80\xa2", 3) != 0 && tr[0]) {
                char *comma = strchr(tr, ',');
                if (comma)
                    *comma = '\0';
                se->track = imp_trim(tr);
            } else {
                free(tr);
            }
        }
        prev_end = j;
        i = j - 1;
    }

    if (nss == 0) {
        size_t k = 0;
        while (k < len && isspace((unsigned char)buf[k]))
            k++;
        if (k < len && buf[k] == '<')
            err_set(err, "sched: the input is an HTML page, not a schedule (no session time "
                         "lines like 'Monday October 21, 2013 1:00pm - 1:45pm BST')");
        else
            err_set(err,
                    "sched: no sessions found: no line like 'Monday October 21, 2013 "
                    "1:00pm - 1:45pm BST' (%zu lines read)",
                    L.n);
        goto out;
    }

    /* The zone: --timezone, else the first abbreviation on the page. */
    if (opts && opts->tzname) {
        if (!tz_load(opts->tzname, &tz, err)) {
            err_prefix(err, "sched: --timezone");
            goto out;
        }
        if (info)
            snprintf(info->zone_how, sizeof(info->zone_how), "from --timezone");
    } else {
        for (size_t i = 0; i < nss && !chosen_zone; i++) {
            int off;
            if (!ss[i].w.abbr[0])
                continue;
            if (!imp_abbr_lookup(ss[i].w.abbr, &off, &chosen_zone)) {
                err_set(err,
                        "sched: line %zu: unknown or ambiguous time zone abbreviation '%s'; pass "
                        "--timezone with the event's IANA zone (e.g. --timezone Asia/Kolkata)",
                        ss[i].w.line + 1, ss[i].w.abbr);
                goto out;
            }
            snprintf(chosen_abbr, sizeof(chosen_abbr), "%s", ss[i].w.abbr);
            chosen_line = ss[i].w.line + 1;
        }
        if (!chosen_zone) {
            err_set(err,
                    "sched: line %zu: the page names no time zone; pass --timezone with the "
                    "event's IANA zone (e.g. --timezone Europe/Berlin)",
                    ss[0].w.line + 1);
            goto out;
        }
        if (!tz_load(chosen_zone, &tz, err)) {
            err_prefix(err, "sched: zone %s for %s", chosen_zone, chosen_abbr);
            goto out;
        }
        if (info)
            snprintf(info->zone_how, sizeof(info->zone_how), "chosen from %s on line %zu",
                     chosen_abbr, chosen_line);
    }

    strip_venue(ss, nss);
    title = event_title(L.line, L.n, opts);
    if (!title) {
        err_set(err, "sched: out of memory");
        goto out;
    }
    char slug[48];
    imp_slug(title, slug, sizeof(slug));
    if (!sched_new(title, slug, tz_name(tz), &s, err))
        goto out;
    for (size_t i = 0; i < nss; i++) {
        struct sess *se = &ss[i];
        struct sched_session_in in = {0};
        char id[24];
        snprintf(id, sizeof(id), "%zu", i + 1);
        if (!place(tz, &se->w, se->title, chosen_abbr, chosen_zone, &in.start, &in.end, err))
            goto out;
        in.id = id;
        in.title = se->title;
        in.abstract = se->abstract;
        in.room = se->room;
        in.track = se->track ? se->track : "";
        in.speakers = (const char *const *)se->speakers;
        in.nspeakers = se->nspeakers;
        if (!sched_add_session(s, &in, err)) {
            err_prefix(err, "sched: line %zu", se->w.line + 1);
            goto out;
        }
    }
    if (!sched_finish(s, err))
        goto out;
    *out = s;
    s = NULL;
    ok = true;
out:
    sched_free(s);
    tz_free(tz);
    free(title);
    for (size_t i = 0; i < nss; i++)
        sess_free(&ss[i]);
    free(ss);
    imp_lines_free(&L);
    return ok;
}
