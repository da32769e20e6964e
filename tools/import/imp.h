/* imp — what the importers share: options, format detection, the
 * abbreviation-to-zone table and line splitting (the durable write is app/net/durable.h).
 *
 * Every reader has the same shape:
 *   bool imp_X_read(const char *buf, size_t len, const struct imp_opts *opts,
 *                   struct sched **out, struct imp_info *info, struct err *err);
 * It parses LEN bytes (NUL bytes allowed, no terminator needed), builds the
 * schedule with the model's builder (sched.h) and on success hands back a
 * finished schedule through *out (free with sched_free()). On failure *out is
 * untouched and err holds one line naming the problem, with the line number
 * where there is one. A buffer that holds no session is a failure. */
#ifndef ROOMBOARD_IMP_H
#define ROOMBOARD_IMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "sched.h"

/* Inputs larger than this are refused by imp_read_file(). */
#define IMP_MAX_INPUT (64u * 1024u * 1024u)

enum imp_format { IMP_AUTO, IMP_SCHED, IMP_ICS, IMP_FRAB };

struct imp_opts {
    const char *tzname; /* --timezone (IANA name, "UTC", "+01:00"); NULL: from the input */
    const char *title;  /* event title when the input has none; NULL: "Schedule" */
};

/* What a reader found out besides the schedule, for the summary line. */
struct imp_info {
    enum imp_format format;
    char zone_how[160]; /* "chosen from BST on the page", "from --timezone", ... */
    char note[200];     /* what was left out, e.g. "2 all-day events skipped"; "" if none */
};

/* Format names "auto", "sched", "ics", "frab" (also "json", "ical"). */
bool imp_format_parse(const char *name, enum imp_format *out);
const char *imp_format_name(enum imp_format f);

/* Guesses the format from the content: a JSON object (or array) is frab, a
 * BEGIN:VCALENDAR is iCalendar, anything else is read as a sched page (which
 * then fails when it holds no session). */
enum imp_format imp_detect(const char *buf, size_t len);

/* Runs the reader for FORMAT (IMP_AUTO: imp_detect()). Same contract as the
 * readers; info->format says which one ran. */
bool imp_read(enum imp_format format, const char *buf, size_t len, const struct imp_opts *opts,
              struct sched **out, struct imp_info *info, struct err *err);

/* Time zone abbreviations as sched pages print them. Returns false for an
 * unknown or ambiguous one (IST, ...). *off gets the UTC offset in seconds the
 * abbreviation stands for, *zone the IANA zone roomboard picks for it. */
bool imp_abbr_lookup(const char *abbr, int *off, const char **zone);

/* Sessions longer than this are refused: nobody books a room for a month,
 * and a typo such as DTEND:2035... must not fill the screens for years. */
#define IMP_MAX_SESSION_S (14 * 86400)

/* Checks a session's instants: start between 1970 and 9000, end >= start,
 * at most IMP_MAX_SESSION_S long. The error names the session. */
bool imp_check_times(const char *title, int64_t start, int64_t end, struct err *err);

/* ---- input lines ------------------------------------------------------ */

/* The buffer split into lines: "\r\n", "\n" and "\r" end a line, NUL bytes
 * become spaces. Line i is number i + 1 in messages. Two allocations
 * whatever the input (one copy, one pointer array); lines may be edited in
 * place but not freed one by one. */
struct imp_lines {
    char **line; /* pointers into store, which holds every line */
    size_t n;
    char *store;
};

/* More lines than this are refused: a pointer each, so 64 MiB of newlines
 * costs 8 MiB of pointers at most, not gigabytes. */
#define IMP_MAX_LINES 1000000

bool imp_lines_split(const char *buf, size_t len, struct imp_lines *out, struct err *err);
void imp_lines_free(struct imp_lines *l);

/* Trims ASCII blanks and U+00A0 (no-break space) at both ends, in place;
 * returns s. */
char *imp_trim(char *s);

/* A new copy of the N bytes at S, trimmed as imp_trim(); NULL on allocation
 * failure. */
char *imp_strndup_trim(const char *s, size_t n);

/* A lower-case ASCII slug of TITLE ("KVM Forum 2013" -> "kvm-forum-2013"),
 * at most size - 1 bytes; "event" when nothing is left. */
void imp_slug(const char *title, char *buf, size_t size);

/* ---- files ------------------------------------------------------------ */

/* Reads a whole file (at most IMP_MAX_INPUT bytes) into a new NUL-terminated
 * buffer (free with free()). The error names the path. */
bool imp_read_file(const char *path, char **buf, size_t *len, struct err *err);

#endif
