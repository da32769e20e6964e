#include "clean.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "utf8.h"

/* The output: capped at max bytes; the first piece that does not fit marks
 * it full, which ends the pass (a later, shorter piece would skip text). */
struct sbuf {
    char *p;
    size_t len, cap, max;
    bool full;
};

static void sb_put(struct sbuf *b, const char *s, size_t n)
{
    if (b->len + n > b->max || b->len + n + 1 > b->cap) {
        b->full = true;
        return;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

/* A decoded code point (from an entity): hidden ones dropped, invalid ones
 * shown as U+FFFD, the white space an entity may spell folded like raw. */
static void sb_putcp(struct sbuf *b, uint32_t cp)
{
    char u[4];
    size_t n;

    if (cp == 0xA0 || cp == '\t')
        cp = ' ';
    else if (cp == '\r')
        cp = '\n';
    if (cp != '\n' && utf8_is_hidden(cp) && cp != 0)
        return;
    n = utf8_encode(cp == 0 ? 0xFFFD : cp, u);
    if (n == 0)
        n = utf8_encode(0xFFFD, u);
    sb_put(b, u, n);
}

static const struct {
    const char *name;
    uint32_t cp;
} entities[] = {
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},      {"apos", '\''},
    {"nbsp", 0xA0},    {"ndash", 0x2013}, {"mdash", 0x2014}, {"hellip", 0x2026}, {"rsquo", 0x2019},
    {"lsquo", 0x2018}, {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"euro", 0x20AC},   {"copy", 0xA9},
};

/* Decodes an entity at s ("&amp;", "&#x263A;"); returns bytes consumed or 0.
 * Looks at 12 bytes at most. */
static size_t entity(const char *s, size_t n, uint32_t *cp)
{
    const char *semi = memchr(s, ';', n < 12 ? n : 12);
    size_t len;

    if (!semi)
        return 0;
    len = (size_t)(semi - s);
    if (len >= 3 && s[1] == '#') {
        char *end;
        unsigned long v =
            (s[2] == 'x' || s[2] == 'X') ? strtoul(s + 3, &end, 16) : strtoul(s + 2, &end, 10);
        if (end != semi || v > 0x10FFFF)
            return 0;
        *cp = (uint32_t)v;
        return len + 1;
    }
    for (size_t i = 0; i < sizeof(entities) / sizeof(entities[0]); i++) {
        if (strlen(entities[i].name) == len - 1 && memcmp(s + 1, entities[i].name, len - 1) == 0) {
            *cp = entities[i].cp;
            return len + 1;
        }
    }
    return 0;
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* "<b", "</p", "<!--": a tag when a '>' follows somewhere (GT, found by the
 * caller). S is NUL-terminated, so s[1] and s[2] can be read. */
static bool is_tag_start(const char *s, const char *gt)
{
    char c = s[1] == '/' ? s[2] : s[1];

    return gt && gt - s >= 2 && (is_alpha(c) || s[1] == '!');
}

/* Tags that end a line of text: <br>, <p>, </p>, <div>, </div>, <li>,
 * </li>, <h1>..<h3> and their ends, <tr>, </tr>. Reads the name once (at
 * most 4 characters), so a body of 16 MiB of tags costs one pass. */
static bool tag_breaks(const char *s)
{
    static const char *const names[] = {"p", "div", "li", "h1", "h2", "h3", "tr"};
    const char *p = s + 1;
    bool end = *p == '/';
    char name[5];
    size_t n = 0;

    p += end;
    while (n < sizeof(name) - 1 && (is_alpha(p[n]) || (p[n] >= '0' && p[n] <= '9'))) {
        name[n] = (char)(p[n] | 0x20);
        n++;
    }
    if (is_alpha(p[n]) || (p[n] >= '0' && p[n] <= '9'))
        return false; /* a longer name: <pre>, <table>, ... */
    name[n] = '\0';
    if (!end && strcmp(name, "br") == 0)
        return true;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

/* The next '>' at or after in+i. Found once and kept until passed, and once
 * there is none there never will be: the whole input is scanned for '>' at
 * most once, whatever the number of '<' (the old per-'<' scan made 16 MiB
 * of "<a" take minutes). */
struct gt_finder {
    const char *in, *gt;
    size_t n;
    bool none;
};

static const char *next_gt(struct gt_finder *f, size_t i)
{
    if (f->none)
        return NULL;
    if (!f->gt || f->gt < f->in + i) {
        f->gt = memchr(f->in + i, '>', f->n - i);
        f->none = f->gt == NULL;
    }
    return f->gt;
}

/* One input unit at in[*i] (a tag, an entity, a byte or a UTF-8 sequence)
 * into the output; advances *i past it. */
/* Bytes copied as they are: printable ASCII other than '<' and '&'. */
static bool is_plain(unsigned char c)
{
    return c >= 0x20 && c < 0x7F && c != '<' && c != '&';
}

static void clean_step(struct sbuf *b, struct gt_finder *f, const char *in, size_t n, size_t *i)
{
    unsigned char c = (unsigned char)in[*i];
    uint32_t cp;
    size_t used;

    if (is_plain(c)) { /* the common case: a run of plain text at once */
        size_t room = b->max - b->len, j = *i + 1;
        while (j < n && j - *i <= room && is_plain((unsigned char)in[j]))
            j++;
        used = j - *i;
        if (used > room) { /* ASCII: any cut is a character boundary */
            used = room;
            b->full = true;
        }
        memcpy(b->p + b->len, in + *i, used); /* room <= max < cap */
        b->len += used;
        *i += used;
        return;
    }
    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
        *i += 1; /* controls never reach the screen */
        return;
    }

    if (c == '<') {
        const char *gt = next_gt(f, *i);
        if (is_tag_start(in + *i, gt)) {
            if (tag_breaks(in + *i))
                sb_put(b, "\n", 1);
            *i = (size_t)(gt - in) + 1;
            return;
        }
    }
    if (c == '&' && (used = entity(in + *i, n - *i, &cp)) != 0) {
        sb_putcp(b, cp);
        *i += used;
    } else if (c == '\r') {
        sb_put(b, "\n", 1);
        *i += (*i + 1 < n && in[*i + 1] == '\n') ? 2 : 1;
    } else if (c < 0x80) {
        sb_putcp(b, c);
        *i += 1;
    } else if ((used = utf8_decode(in + *i, n - *i, &cp)) == 0) {
        sb_putcp(b, 0xFFFD);
        *i += 1;
    } else {
        if (!utf8_is_hidden(cp))
            sb_put(b, in + *i, used);
        *i += used;
    }
}

char *clean_text(const char *in, size_t max)
{
    size_t n = in ? strlen(in) : 0, i = 0;
    struct sbuf b = {0};
    struct gt_finder f = {.in = in, .n = n};

    /* An invalid byte becomes 3 (U+FFFD): room for that, never past max. */
    b.cap = (n <= max / 3 ? 3 * n : max) + 1;
    b.max = max;
    b.p = malloc(b.cap);
    if (!b.p)
        return NULL;
    while (i < n && !b.full)
        clean_step(&b, &f, in, n, &i);
    /* trim white space and blank lines at both ends */
    size_t start = 0, end = b.len;
    while (start < end && (b.p[start] == ' ' || b.p[start] == '\n'))
        start++;
    while (end > start && (b.p[end - 1] == ' ' || b.p[end - 1] == '\n'))
        end--;
    memmove(b.p, b.p + start, end - start);
    b.p[end - start] = '\0';
    return b.p;
}
