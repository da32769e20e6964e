/* agent — reads back the User-Agent a screen sends (docs/network.md):
 *   roomboard/0.2.0 (screen=door-h2213; rooms=H.2213; version=2026-01-31 10:40;
 *                    status=ok; clock=ok; up=5h12m)
 * Pure: no I/O. */
#ifndef ROOMBOARD_AGENT_H
#define ROOMBOARD_AGENT_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"

enum agent_kind {
    AGENT_OTHER,  /* not a roomboard screen: ignore the line */
    AGENT_PLAIN,  /* "roomboard/VERSION" alone (config report: false) */
    AGENT_DETAIL, /* with the detail, parsed into struct agent */
};

struct agent {
    char app_version[32]; /* roomboard's own version */
    char name[65];
    char rooms[161]; /* comma-separated, as sent; "" the overview */
    char version[65];
    char status[17];
    char clock[17];
    int64_t up_s; /* -1 when not sent */
};

/* Classifies UA and, for AGENT_DETAIL, fills *out. A roomboard agent whose
 * detail cannot be read (no screen=, a value too long, an unknown status,
 * a bad up=) fails with one line naming the problem. */
RB_MUST_CHECK bool agent_parse(const char *ua, enum agent_kind *kind, struct agent *out,
                               struct err *err);

/* "5h12m", "2d1h1m", "12m", "42s" -> seconds; false when malformed. */
RB_MUST_CHECK bool agent_uptime(const char *s, int64_t *out);

#endif
