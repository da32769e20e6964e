/* url — how a schedule URL may be shown: on the public screen (info
 * overlay), in the journal, in --state and in error messages. */
#ifndef ROOMBOARD_URL_H
#define ROOMBOARD_URL_H

#include <stddef.h>

/* Copies URL into OUT (SIZE bytes, always NUL-terminated, cut if longer)
 * with its secrets hidden: the credentials ("user:pass@") become "***@" and
 * the query and fragment (signatures, tokens) become "?***". A plain path
 * is copied as it is. */
void url_redact(const char *url, char *out, size_t size);

#endif
