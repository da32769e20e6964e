/* report — the fleet as a terminal table, JSON (docs/fleet.md) or one
 * static HTML page. Renders fleet_judge()'s answer; decides nothing. */
#ifndef ROOMBOARD_REPORT_H
#define ROOMBOARD_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "fleet.h"

struct report {
    const struct fleet_screen *const *screens;
    size_t n;
    const struct fleet_counts *counts;
    int64_t at; /* the instant judged */
};

/* A table for a terminal, one screen a line, worst first, then a summary. */
void report_table(FILE *out, const struct report *r);

/* {"at", "screens": [...], "skipped_lines", ...}; a new string (free()),
 * NULL when out of memory. */
char *report_json(const struct report *r);

/* One self-contained HTML page (inline CSS, no script, readable on a phone);
 * a new string (free()), NULL when out of memory. */
char *report_html(const struct report *r);

/* Seconds since the epoch as "2026-01-31T10:40:00Z" (buf >= 24 bytes). */
void report_time(int64_t t, char *buf, size_t size);

#endif
