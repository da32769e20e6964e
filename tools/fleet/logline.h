/* logline — one line of an nginx or Apache access log in the "combined"
 * format:
 *   HOST IDENT USER [10/Oct/2026:13:55:36 -0700] "REQUEST" STATUS BYTES "REFERER" "USER-AGENT"
 * Anything after the User-Agent (vhost_combined extras, $request_time) is
 * ignored. Quoted fields are decoded the way both servers escape them: \" \\
 * \xHH (nginx's default and Apache's) and \n \r \t \b \v. Pure: no I/O. */
#ifndef ROOMBOARD_LOGLINE_H
#define ROOMBOARD_LOGLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define LOGLINE_MAX_AGENT 1024

struct logline {
    char addr[64];                 /* the client address as logged */
    int64_t t;                     /* request time, seconds since the epoch (UTC) */
    char path[256];                /* request target up to '?', "" when unusable or longer */
    int status;                    /* HTTP status */
    char agent[LOGLINE_MAX_AGENT]; /* decoded User-Agent, cut at the buffer */
    bool agent_cut;                /* ...when it was longer than the buffer */
    /* The last time text parsed and its value: reusing the struct for the
     * next line skips parsing the same second again. Zero it first. */
    char time_text[26];
    int64_t time_t_;
};

/* Parses LEN bytes (no newline) into *out. False with one line naming what
 * is wrong ("no [time]", "bad month", ...); *out is then unspecified.
 * Linear in LEN. */
RB_MUST_CHECK bool logline_parse(const char *s, size_t len, struct logline *out, struct err *err);

/* Parses "10/Oct/2026:13:55:36 -0700" (exactly LEN bytes) into seconds
 * since the epoch. */
RB_MUST_CHECK bool logline_time(const char *s, size_t len, int64_t *out);

#endif
