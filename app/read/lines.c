#include "lines.h"

#include <stdlib.h>
#include <string.h>

void lines_free(struct lines *l)
{
    if (!l)
        return;
    free(l->line);
    free(l->store);
    memset(l, 0, sizeof(*l));
}

/* Counts the lines of BUF: one per terminator, plus an unterminated last. */
static size_t count_lines(const char *buf, size_t len)
{
    size_t n = 0;

    for (size_t i = 0; i < len; i++) {
        if (buf[i] == '\r' && i + 1 < len && buf[i + 1] == '\n')
            i++;
        if (buf[i] == '\n' || buf[i] == '\r')
            n++;
    }
    return n + (len > 0 && buf[len - 1] != '\n' && buf[len - 1] != '\r');
}

bool lines_split(const char *buf, size_t len, struct lines *out, struct err *err)
{
    struct lines l = {0};
    size_t want = count_lines(buf, len), i = 0;
    char *w;

    if (want > LINES_MAX)
        return err_set(err, "the input has %zu lines, more than %d", want, LINES_MAX);
    l.store = malloc(len + 1);
    l.line = malloc((want ? want : 1) * sizeof(*l.line));
    if (!l.store || !l.line) {
        lines_free(&l);
        return err_set(err, "out of memory splitting the input into lines");
    }
    w = l.store;
    while (i < len) {
        size_t j = i;
        while (j < len && buf[j] != '\n' && buf[j] != '\r')
            j++;
        l.line[l.n++] = w;
        for (size_t k = i; k < j; k++)
            *w++ = buf[k] ? buf[k] : ' ';
        *w++ = '\0';
        if (j < len && buf[j] == '\r' && j + 1 < len && buf[j + 1] == '\n')
            j++;
        i = j + 1;
    }
    *out = l;
    return true;
}

/* Length of a blank (ASCII space, tab, U+00A0) at s, or 0. */
static size_t blank_len(const char *s)
{
    if (*s == ' ' || *s == '\t' || *s == '\v' || *s == '\f')
        return 1;
    if ((unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0)
        return 2;
    return 0;
}

bool lines_is_blank(const char *s)
{
    size_t n;

    for (; *s; s += n) {
        n = blank_len(s);
        if (n == 0)
            return false;
    }
    return true;
}

char *lines_trim(char *s)
{
    size_t start = 0, n, end;

    while (s[start] && blank_len(s + start))
        start += blank_len(s + start);
    n = strlen(s + start);
    memmove(s, s + start, n + 1);
    end = n;
    for (;;) {
        if (end >= 1 &&
            (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\v' || s[end - 1] == '\f')) {
            end--;
        } else if (end >= 2 && (unsigned char)s[end - 2] == 0xc2 &&
                   (unsigned char)s[end - 1] == 0xa0) {
            end -= 2;
        } else {
            break;
        }
    }
    s[end] = '\0';
    return s;
}

char *lines_strndup_trim(const char *s, size_t n)
{
    char *d = malloc(n + 1);

    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return lines_trim(d);
}
