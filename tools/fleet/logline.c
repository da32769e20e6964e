#include "logline.h"

#include <string.h>

#include "tz.h"

/* A cursor over the line; every step moves forward only (linear time). */
struct cur {
    const char *p, *end;
};

static bool eat(struct cur *c, char ch)
{
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return true;
    }
    return false;
}

/* A space-delimited token; false when empty. */
static bool token(struct cur *c, const char **tok, size_t *len)
{
    const char *s = c->p;

    while (c->p < c->end && *c->p != ' ')
        c->p++;
    *tok = s;
    *len = (size_t)(c->p - s);
    return *len > 0;
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* One escape after a backslash at c->p; the decoded byte in *out. */
static bool unescape(struct cur *c, char *out)
{
    static const char from[] = "\"\\nrtbv", to[] = "\"\\\n\r\t\b\v";
    const char *hit;

    if (c->p >= c->end)
        return false;
    if (*c->p == 'x') {
        if (c->end - c->p < 3 || hexval(c->p[1]) < 0 || hexval(c->p[2]) < 0)
            return false;
        *out = (char)(hexval(c->p[1]) * 16 + hexval(c->p[2]));
        c->p += 3;
        return true;
    }
    if (!(hit = memchr(from, *c->p, sizeof(from) - 1)))
        return false;
    *out = to[hit - from];
    c->p++;
    return true;
}

/* Appends n bytes to buf (size > 0), counting what does not fit in *cut. */
static void append(char *buf, size_t size, size_t *len, const char *s, size_t n, bool *cut)
{
    size_t room = size - 1 - *len;

    if (n > room) {
        *cut = true;
        n = room;
    }
    memcpy(buf + *len, s, n);
    *len += n;
}

/* A "quoted" field decoded into buf (size > 0; NUL-terminated, cut at the
 * buffer with *cut set). Needs the closing quote. Runs without escapes are
 * copied whole. */
static bool quoted(struct cur *c, char *buf, size_t size, bool *cut)
{
    size_t n = 0;

    *cut = false;
    if (!eat(c, '"'))
        return false;
    for (;;) {
        const char *q = memchr(c->p, '"', (size_t)(c->end - c->p));
        const char *bs = q ? memchr(c->p, '\\', (size_t)(q - c->p)) : NULL;
        char ch;
        if (!q)
            return false;
        if (!bs) {
            append(buf, size, &n, c->p, (size_t)(q - c->p), cut);
            c->p = q + 1;
            buf[n] = '\0';
            return true;
        }
        append(buf, size, &n, c->p, (size_t)(bs - c->p), cut);
        c->p = bs + 1;
        if (!unescape(c, &ch))
            return false;
        append(buf, size, &n, &ch, 1, cut);
    }
}

static bool digits(const char *s, size_t n, int *out)
{
    int v = 0;

    if (n == 0 || n > 9)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool logline_time(const char *s, size_t len, int64_t *out)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    int day, year, h, m, sec, oh, om, mon = -1;

    /* 10/Oct/2026:13:55:36 -0700 */
    if (len != 26 || s[2] != '/' || s[6] != '/' || s[11] != ':' || s[14] != ':' || s[17] != ':' ||
        s[20] != ' ' || (s[21] != '+' && s[21] != '-'))
        return false;
    for (int i = 0; i < 12; i++)
        if (memcmp(months + 3 * i, s + 3, 3) == 0)
            mon = i + 1;
    if (mon < 0 || !digits(s, 2, &day) || !digits(s + 7, 4, &year) || !digits(s + 12, 2, &h) ||
        !digits(s + 15, 2, &m) || !digits(s + 18, 2, &sec) || !digits(s + 22, 2, &oh) ||
        !digits(s + 24, 2, &om))
        return false;
    if (day < 1 || day > 31 || h > 23 || m > 59 || sec > 60 || oh > 23 || om > 59)
        return false;
    int64_t off = (int64_t)oh * 3600 + om * 60;
    *out = tz_days_from_civil(year, mon, day) * 86400 + h * 3600 + m * 60 + sec -
           (s[21] == '-' ? -off : off);
    return true;
}

/* "GET /path?query HTTP/1.1" -> "/path" (bounded; "" when it does not fit
 * or the request is not of that shape, e.g. "-" or garbage). */
static void request_path(const char *req, char *path, size_t size)
{
    const char *sp = strchr(req, ' '), *e;
    size_t n;

    path[0] = '\0';
    if (!sp || sp[1] != '/')
        return;
    e = sp + 1 + strcspn(sp + 1, " ?#");
    n = (size_t)(e - (sp + 1));
    if (n >= size)
        return;
    memcpy(path, sp + 1, n);
    path[n] = '\0';
}

/* HOST IDENT USER [TIME] */
static bool head(struct cur *c, struct logline *out, struct err *err)
{
    const char *tok, *t;
    size_t len;

    if (!token(c, &tok, &len) || len >= sizeof(out->addr))
        return err_set(err, "no client address");
    memcpy(out->addr, tok, len);
    out->addr[len] = '\0';
    if (!eat(c, ' ') || !token(c, &tok, &len) || !eat(c, ' '))
        return err_set(err, "no ident field");
    /* The user may be anything the client sent; the time is the first '['
     * after it. */
    while (c->p < c->end && *c->p != '[')
        c->p++;
    if (!eat(c, '['))
        return err_set(err, "no [time]");
    t = c->p;
    while (c->p < c->end && *c->p != ']')
        c->p++;
    len = (size_t)(c->p - t);
    /* Neighbouring lines share their second: parse each text once. */
    if (len == sizeof(out->time_text) && memcmp(t, out->time_text, len) == 0 && eat(c, ']')) {
        out->t = out->time_t_;
        return true;
    }
    if (!logline_time(t, len, &out->t) || !eat(c, ']'))
        return err_set(err, "the time is not like [10/Oct/2026:13:55:36 -0700]");
    memcpy(out->time_text, t, sizeof(out->time_text));
    out->time_t_ = out->t;
    return true;
}

bool logline_parse(const char *s, size_t len, struct logline *out, struct err *err)
{
    struct cur c = {s, s + len};
    char req[1024], ref[8];
    const char *tok;
    size_t n;
    bool cut;

    if (!head(&c, out, err))
        return false;
    if (!eat(&c, ' ') || !quoted(&c, req, sizeof(req), &cut))
        return err_set(err, "no \"request\"");
    request_path(req, out->path, cut ? 1 : sizeof(out->path));
    if (!eat(&c, ' ') || !token(&c, &tok, &n) || !digits(tok, n, &out->status) || n != 3)
        return err_set(err, "no 3-digit status");
    if (!eat(&c, ' ') || !token(&c, &tok, &n))
        return err_set(err, "no byte count");
    if (!eat(&c, ' ') || !quoted(&c, ref, sizeof(ref), &cut))
        return err_set(err, "no \"referer\" (not the combined format)");
    if (!eat(&c, ' ') || !quoted(&c, out->agent, sizeof(out->agent), &out->agent_cut))
        return err_set(err, "no \"user-agent\" (not the combined format)");
    return true;
}
