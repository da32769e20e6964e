/* utf8 — the one UTF-8 decoder: strict (no overlongs, no surrogates,
 * nothing past U+10FFFF), so every layer agrees on what is valid. */
#ifndef ROOMBOARD_UTF8_H
#define ROOMBOARD_UTF8_H

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

#endif
