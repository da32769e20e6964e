#include "err.h"

#include <errno.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "utf8.h"

/* Messages quote their input and go to the screen, the journal and STATUS=:
 * one line (newlines and tabs become spaces), no controls or bidi overrides
 * (utf8_is_hidden()), invalid bytes shown as U+FFFD, cut at a character
 * boundary when that makes it longer than the buffer. */
static void scrub(char *msg, size_t size)
{
    char out[sizeof(((struct err *)0)->msg)];
    size_t n = strnlen(msg, size - 1), i = 0, o = 0;

    while (i < n) {
        uint32_t cp;
        char u[4];
        size_t used = utf8_decode(msg + i, n - i, &cp), w;

        i += used ? used : 1;
        if (cp == '\n' || cp == '\r' || cp == '\t')
            cp = ' ';
        else if (utf8_is_hidden(cp))
            continue;
        w = utf8_encode(cp, u);
        if (o + w >= sizeof(out) || o + w >= size)
            break;
        memcpy(out + o, u, w);
        o += w;
    }
    memcpy(msg, out, o);
    msg[o] = '\0';
}

bool err_set(struct err *err, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return false;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    scrub(err->msg, sizeof(err->msg));
    return false;
}

void err_prefix(struct err *err, const char *fmt, ...)
{
    char prefix[256];
    char old[sizeof(err->msg)];
    va_list ap;

    if (!err)
        return;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof(prefix), fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof(old));
    /* Truncation is fine: the start of the sentence names the thing. */
    size_t n = strnlen(prefix, sizeof(err->msg) - 3);
    memcpy(err->msg, prefix, n);
    memcpy(err->msg + n, ": ", 2);
    n += 2;
    size_t m = strnlen(old, sizeof(old));
    if (m > sizeof(err->msg) - 1 - n)
        m = sizeof(err->msg) - 1 - n;
    memcpy(err->msg + n, old, m);
    err->msg[n + m] = '\0';
    scrub(err->msg, sizeof(err->msg));
}

const char *err_strerror(int errnum, char *buf, size_t size)
{
    if (!size)
        return buf;
    /* The XSI strerror_r (_POSIX_C_SOURCE without _GNU_SOURCE). */
    if (strerror_r(errnum, buf, size) != 0)
        snprintf(buf, size, "error %d", errnum);
    return buf;
}
