/* clean — plain text out of whatever an export puts in a text field.
 *
 * Strips HTML tags (a tag that breaks a line leaves a newline), decodes the
 * common named entities and numeric ones, folds \r\n and tabs, replaces
 * invalid UTF-8 with U+FFFD and drops C0/C1 controls and bidi overrides
 * (utf8_is_hidden()). One pass over the input: each byte is looked at a
 * bounded number of times, and reading stops once the output is full, so a
 * 16 MiB hostile field costs milliseconds. */
#ifndef ROOMBOARD_CLEAN_H
#define ROOMBOARD_CLEAN_H

#include <stddef.h>

/* Cleans the NUL-terminated IN (NULL is "") to at most MAX bytes, cut at a
 * character boundary, white space and blank lines trimmed at both ends.
 * Returns a new string (free with free()), NULL on allocation failure. */
char *clean_text(const char *in, size_t max);

#endif
