/* imp — roomboard-import's glue to the door (app/read/read.h): its
 * --format names, its options, and reading its input file or stdin.
 *
 * Every format is read by the door, as the screens read it (frab/pretalx
 * JSON, schedule.xml, c3voc v2, iCalendar through libical, sched.com pages);
 * the importer only adds what its command line asks for: a format named
 * with --format, the zone of --timezone, a title for sources that name
 * none, and the summary's words. */
#ifndef ROOMBOARD_IMP_H
#define ROOMBOARD_IMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "sched.h"

/* Inputs larger than this are refused by imp_read_file(). */
#define IMP_MAX_INPUT (64u * 1024u * 1024u)

/* IMP_FRAB is "what a screen reads", every format the door detects. */
enum imp_format { IMP_AUTO, IMP_SCHED, IMP_ICS, IMP_FRAB };

struct imp_opts {
    const char *tzname; /* --timezone (IANA name, "UTC", "+01:00"); NULL: from the input */
    const char *title;  /* event title when the input has none; NULL: "Schedule" */
};

/* What the door found out besides the schedule, for the summary line. */
struct imp_info {
    enum imp_format format; /* IMP_SCHED, IMP_ICS, or IMP_FRAB for the others */
    char zone_how[160];     /* "chosen from BST on line 9", "from --timezone", ... */
    char note[200];         /* what was left out or expanded; "" if nothing */
};

/* Format names "auto", "sched", "ics", "frab" (also "json", "ical", ...). */
RB_MUST_CHECK bool imp_format_parse(const char *name, enum imp_format *out);
const char *imp_format_name(enum imp_format f);

/* Reads LEN bytes through the door as FORMAT (IMP_AUTO and IMP_FRAB: by
 * content; IMP_SCHED, IMP_ICS: that reader only). On success *out gets a
 * new schedule with at least one session (free with sched_free()); on
 * failure it is untouched and err holds the door's one line. OPTS and
 * INFO may be NULL. */
RB_MUST_CHECK bool imp_read(enum imp_format format, const char *buf, size_t len,
                            const struct imp_opts *opts, struct sched **out, struct imp_info *info,
                            struct err *err);

/* Reads a whole file (at most IMP_MAX_INPUT bytes; a pipe such as
 * /dev/stdin too, which file_read() refuses on purpose) into a new
 * NUL-terminated buffer (free with free()). The error names the path. */
RB_MUST_CHECK bool imp_read_file(const char *path, char **buf, size_t *len, struct err *err);

#endif
