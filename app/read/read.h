/* read — the one door from bytes to a schedule model.
 *
 * Every path that turns bytes into a schedule (a local file, a download,
 * the cache at start-up, roomboard-import and its --check, and so
 * roomboard-publish) calls read_bytes() or read_path(): the same body
 * checks (not empty, no NUL, valid UTF-8, not an HTML page, bounded JSON
 * nesting and value count, bounded XML element count), the same format
 * detection (from the bytes, never from a name or a Content-Type) and the
 * same readers, one file per format:
 *   read_frab.c   frab/pretalx schedule.json (v1)
 *   read_xml.c    frab/pentabarf schedule.xml (expat, streaming)
 *   read_v2.c     c3voc schedule v2 JSON
 *   read_ics.c    iCalendar (libical)
 *   read_sched.c  a sched.com list page saved as text
 * See docs/schedule-format.md. Nothing here includes SDL or curl. */
#ifndef ROOMBOARD_READ_H
#define ROOMBOARD_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "sched.h"

/* Body bounds, checked before any parser allocates: a body within the size
 * cap (16 MiB by default) is refused or loaded with a peak heap of tens of
 * MiB (docs/schedule-format.md, "Limits"). */
#define READ_MAX_DEPTH    64      /* JSON nesting / XML element nesting */
#define READ_MAX_VALUES   250000  /* JSON values (a cJSON node each) */
#define READ_MAX_ELEMENTS 1000000 /* XML tags */
#define READ_MAX_LINES    300000  /* iCalendar content lines, sched page lines */

enum read_format {
    READ_AUTO,      /* detect from the content */
    READ_FRAB_JSON, /* frab/pretalx schedule.json v1 */
    READ_FRAB_XML,  /* frab/pentabarf schedule.xml */
    READ_V2_JSON,   /* c3voc schedule v2 */
    READ_ICAL,      /* iCalendar (RFC 5545) */
    READ_SCHED,     /* a sched.com list page saved as text */
    READ_UNKNOWN    /* detection found nothing it reads */
};

struct read_opts {
    enum read_format format; /* READ_AUTO: by content; else that format only */
    const char *tzname;      /* the venue's zone for sources that carry none; NULL: none */
    const char *tz_source;   /* where tzname came from ("config", "--timezone"); NULL: "config" */
    const char *title;       /* the event's title where the source names none; NULL: "Schedule" */
};

/* What the door found out besides the schedule. */
struct read_info {
    enum read_format format;
    char zone_how[160]; /* "time_zone_name in the schedule", "from --timezone", ... */
    char note[200];     /* what was left out; "" if nothing */
};

/* The body checks alone (no parsing): false with one line naming the
 * first problem. FORMAT is what read_detect() said. */
RB_MUST_CHECK bool read_check_body(const char *body, size_t len, enum read_format format,
                                   struct err *err);

/* The format the bytes look like, from their first non-blank bytes (a JSON
 * body is split into v1 and v2 only once it is parsed, so this says
 * READ_FRAB_JSON for both), else READ_SCHED when a line starts with a sched
 * session's full date. READ_UNKNOWN for anything else, HTML included. */
enum read_format read_detect(const char *body, size_t len);

/* "frab-json", "frab-xml", "c3voc-v2", ... (static strings). */
const char *read_format_name(enum read_format f);

/* Parses LEN bytes (no terminator needed) into a new schedule (*out, free
 * with sched_free()). OPTS and INFO may be NULL. On failure *out is
 * untouched and err holds one line naming the problem. */
RB_MUST_CHECK bool read_bytes(const char *body, size_t len, const struct read_opts *opts,
                              struct sched **out, struct read_info *info, struct err *err);

/* read_bytes() on the regular file PATH of at most MAX bytes (0: 64 MiB),
 * read with file_read(); the error starts with the path. */
RB_MUST_CHECK bool read_path(const char *path, size_t max, const struct read_opts *opts,
                             struct sched **out, struct read_info *info, struct err *err);

/* ---- for the readers --------------------------------------------------- */

/* The zone a reader uses for a source that names none: opts->tzname when
 * set (and notes where it came from in info), else NULL. */
const char *read_fallback_zone(const struct read_opts *opts);
const char *read_fallback_source(const struct read_opts *opts);

/* Records in INFO (may be NULL) and S where the zone came from: SOURCE is
 * "schedule", "--timezone", "config" or "default". */
void read_zone_from(struct sched *s, struct read_info *info, const char *source);

/* Sessions longer than this are refused (as roomboard-import does): a typo
 * in an end must not hold a room for years. */
#define READ_MAX_SESSION_S (14 * 86400)

/* False with one line naming the session when START is outside the years
 * 1970..9000, or END - START is negative or over READ_MAX_SESSION_S. WHAT names the reader
 * ("schedule.xml"). */
RB_MUST_CHECK bool read_check_length(const char *what, const char *title, int64_t start,
                                     int64_t end, struct err *err);

/* The one line a source without a zone gets when none is configured. */
bool read_need_zone(struct err *err, const char *what);

#endif
