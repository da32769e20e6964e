/* utf8 — the one UTF-8 decoder: strict (no overlongs, no surrogates,
 * nothing past U+10FFFF), so every layer agrees on what is valid. */
#ifndef ROOMBOARD_UTF8_H
#define ROOMBOARD_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes the code point at S (LEN bytes left, LEN > 0) into *cp and returns
 * its length in bytes (1..4); returns 0 when the bytes there are not valid
 * UTF-8 (then *cp is U+FFFD), so callers decide whether to skip one byte,
 * replace it or refuse the input. */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Appends the UTF-8 encoding of CP (a valid scalar value) to BUF, which has
 * room for at least 4 bytes; returns the bytes written (0 for an invalid
 * CP). */
size_t utf8_encode(uint32_t cp, char *buf);

/* True for code points that must never reach the screen, the journal or
 * STATUS=: C0 controls (callers keep '\n' and '\t' themselves), DEL, C1
 * controls (U+0080-U+009F, e.g. U+009B CSI) and the bidi embeddings,
 * overrides and isolates (U+202A-U+202E, U+2066-U+2069), which let a field
 * reorder or hide the text around it. */
bool utf8_is_hidden(uint32_t cp);

#endif
