/* fleet — every screen seen in access logs, and a verdict on each.
 *
 * Lines go in one at a time (fleet_feed); memory grows with the number of
 * screens and schedule URLs, never with the number of lines. Lines are
 * expected roughly in time order (one log after the other, oldest first);
 * a line older than the screen's last one only counts as a poll.
 * See docs/fleet.md for the verdicts. Pure: no I/O. */
#ifndef ROOMBOARD_FLEET_H
#define ROOMBOARD_FLEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define FLEET_GAPS             16        /* poll gaps kept per screen (median) */
#define FLEET_MAX_SCREENS      100000    /* more names than this: lines skipped */
#define FLEET_MAX_PATHS        4096      /* schedule URLs tracked for "newest" */
#define FLEET_PATH_VERSIONS    32        /* versions remembered per URL */
#define FLEET_DEFAULT_INTERVAL 60        /* s, until two polls were seen */
#define FLEET_RESTART_WINDOW   (30 * 60) /* a restart this recent is trouble */

enum fleet_verdict { FLEET_SILENT, FLEET_TROUBLE, FLEET_STALE, FLEET_OK };

struct fleet_screen {
    char name[65];
    char rooms[161]; /* comma-separated; "" the overview */
    char addr[64];
    char path[256];       /* the URL path it polls */
    char app_version[32]; /* roomboard's */
    char version[65];     /* the schedule version it shows */
    char status[17];      /* as it reported */
    char clock[17];
    int64_t first_seen, last_seen;
    int64_t up_s;         /* as last reported, -1 unknown */
    int64_t boot;         /* last_seen - up_s, the latest estimate */
    int64_t last_restart; /* -1 none */
    unsigned restarts;
    uint64_t polls;
    int32_t gaps[FLEET_GAPS];
    unsigned ngaps; /* gaps seen so far (the ring holds the last FLEET_GAPS) */
    size_t path_idx;
    /* Filled by fleet_judge(). */
    int interval_s;  /* median observed gap, 0 unknown */
    char newest[65]; /* the newest version on its URL */
    enum fleet_verdict verdict;
    char reason[192]; /* why the verdict is not ok; "" when ok */
};

struct fleet_counts {
    uint64_t lines;   /* every line fed */
    uint64_t skipped; /* bad lines: not combined format, unreadable detail */
    uint64_t other;   /* other clients (browsers, monitors) */
    uint64_t plain;   /* roomboard without detail (report: false) */
    uint64_t later;   /* after the instant judged (--at) */
};

struct fleet;

/* A new, empty fleet; lines after `until` (seconds) are not counted
 * (INT64_MAX: none). Free with fleet_free(). */
RB_MUST_CHECK bool fleet_new(int64_t until, struct fleet **out, struct err *err);
void fleet_free(struct fleet *f); /* accepts NULL */

/* Feeds one log line (LEN bytes, no newline). A line that cannot be used is
 * counted (fleet_counts) and, for a bad one, described in *err; returns
 * false only for a bad line. Never fails otherwise (out of memory or
 * past FLEET_MAX_SCREENS counts as a skipped line). */
bool fleet_feed(struct fleet *f, const char *line, size_t len, struct err *err);

/* Judges every screen at instant AT (seconds) and returns them sorted by
 * verdict (silent, trouble, stale, ok), then name. The array belongs to f
 * and is valid until the next fleet_feed/fleet_judge. */
size_t fleet_judge(struct fleet *f, int64_t at, const struct fleet_screen *const **out);

const struct fleet_counts *fleet_counts(const struct fleet *f);
const char *fleet_verdict_name(enum fleet_verdict v);

#endif
