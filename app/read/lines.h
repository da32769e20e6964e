/* lines — a text body split into lines, for the line-based readers (the
 * sched.com page reader); and the trimming those readers share.
 *
 * "\r\n", "\n" and "\r" end a line, NUL bytes become spaces. Line i is
 * number i + 1 in messages. Two allocations whatever the input (one copy,
 * one pointer array); lines may be edited in place but not freed one by
 * one. Linear in the input. */
#ifndef ROOMBOARD_LINES_H
#define ROOMBOARD_LINES_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

struct lines {
    char **line; /* pointers into store, which holds every line */
    size_t n;
    char *store;
};

/* More lines than this are refused: a pointer each, so 64 MiB of newlines
 * costs 8 MiB of pointers at most, not gigabytes. */
#define LINES_MAX 1000000

/* Splits LEN bytes at BUF into *out (free with lines_free()). False with
 * one line when there are more than LINES_MAX lines or memory runs out;
 * *out is then untouched. */
RB_MUST_CHECK bool lines_split(const char *buf, size_t len, struct lines *out, struct err *err);

/* Frees what lines_split() allocated; NULL and a zeroed struct are fine. */
void lines_free(struct lines *l);

/* Trims ASCII blanks and U+00A0 (no-break space) at both ends, in place;
 * returns s. */
char *lines_trim(char *s);

/* A new copy of the N bytes at S, trimmed as lines_trim(); NULL on
 * allocation failure. */
char *lines_strndup_trim(const char *s, size_t n);

/* Does S hold nothing but blanks (ASCII space, tab, U+00A0)? */
bool lines_is_blank(const char *s);

#endif
