/* fuzz_http — what the fetcher does with a server's response before it can
 * replace anything: header lines (ETag, Last-Modified, Date) and the body
 * checks, then the schedule reader on bodies that pass.
 *
 * Input: a raw HTTP response, "status line, headers, CRLF CRLF, body".
 * Invariants: kept header values are NUL-terminated, fit their fields and
 * carry no control characters (they go back out in the next request); a
 * body that passes fetch_check_body() has no NUL byte and is valid UTF-8. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetch.h"
#include "read.h"
#include "sched.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_value(const char *v, size_t cap, const char *what)
{
    size_t n = strnlen(v, cap);

    if (n == cap) {
        fprintf(stderr, "fuzz_http: %s not terminated\n", what);
        abort();
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
            fprintf(stderr, "fuzz_http: control character in %s\n", what);
            abort();
        }
    }
}

/* Independent UTF-8 check (decode, then reject what Unicode forbids). */
static int valid_utf8(const unsigned char *p, size_t n)
{
    size_t i = 0;

    while (i < n) {
        uint32_t cp;
        size_t len;
        if (p[i] < 0x80) {
            i++;
            continue;
        } else if ((p[i] & 0xe0) == 0xc0) {
            cp = p[i] & 0x1f, len = 2;
        } else if ((p[i] & 0xf0) == 0xe0) {
            cp = p[i] & 0x0f, len = 3;
        } else if ((p[i] & 0xf8) == 0xf0) {
            cp = p[i] & 0x07, len = 4;
        } else {
            return 0;
        }
        if (i + len > n)
            return 0;
        for (size_t k = 1; k < len; k++) {
            if ((p[i + k] & 0xc0) != 0x80)
                return 0;
            cp = cp << 6 | (p[i + k] & 0x3f);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return 0;
        i += len;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data, *end = in + size, *body = end;
    struct fetch_hdrs h = {.date = -1};
    struct err e;
    struct sched *s = NULL;

    for (size_t i = 0; i + 3 < size; i++) {
        if (memcmp(in + i, "\r\n\r\n", 4) == 0) {
            body = in + i + 4;
            break;
        }
    }
    /* header lines as libcurl hands them over: one at a time, CRLF kept */
    for (const char *p = in; p < body;) {
        const char *nl = memchr(p, '\n', (size_t)(body - p));
        const char *stop = nl ? nl + 1 : body;
        fetch_parse_header(&h, p, (size_t)(stop - p));
        p = stop;
    }
    check_value(h.etag, sizeof(h.etag), "etag");
    check_value(h.last_modified, sizeof(h.last_modified), "last_modified");

    size_t blen = (size_t)(end - body);
    /* a private copy, so reads past the end are the sanitizer's to see */
    char *b = malloc(blen ? blen : 1);
    if (!b)
        return 0;
    memcpy(b, body, blen);
    if (fetch_check_body(b, blen, &e)) {
        if (memchr(b, 0, blen) || !valid_utf8((const unsigned char *)b, blen)) {
            fprintf(stderr, "fuzz_http: a body with NUL or bad UTF-8 passed the check\n");
            abort();
        }
        if (read_bytes(b, blen, NULL, &s, NULL, &e))
            sched_free(s);
    } else if (strlen(e.msg) == 0) {
        fprintf(stderr, "fuzz_http: refused without a reason\n");
        abort();
    }
    free(b);
    return 0;
}
