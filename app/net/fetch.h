/* fetch — keeps the best schedule there is: cache first, then the network.
 *
 * A background thread (libcurl) polls the configured source (http(s)://,
 * file:// or a plain path) every poll interval plus jitter, with backoff
 * after failures and conditional GETs. A download is parsed and validated on
 * that thread (read_bytes, the one door) and handed over whole; one that fails never
 * replaces the cached schedule. The render loop never waits on it.
 * See docs/network.md. */
#ifndef ROOMBOARD_FETCH_H
#define ROOMBOARD_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cfg.h"
#include "err.h"
#include "read.h"
#include "sched.h"
#include "status.h"

struct fetch;

struct fetch_info {
    char source[8];      /* "network", "cache", "file" or "" (none yet) */
    char url[1024];      /* the source, {hostname} expanded */
    int64_t fetched_at;  /* when the schedule in use was fetched (s), -1 none */
    int64_t last_try;    /* last refresh attempt (s), -1 none */
    unsigned failures;   /* refreshes failed in a row */
    bool stale;          /* older than cfg.stale_s, or the last refreshes failed */
    char error[256];     /* last refresh error, "" when the last one worked */
    int64_t server_date; /* HTTP Date of the last response (s), -1 none */
};

/* Starts the fetcher for cfg (copied as needed; cfg may be freed after).
 * The cached schedule, if any, is loaded before this returns, so the first
 * frame never waits for the network. notify(ud) is called from the fetcher
 * thread whenever fetch_take() has something new (a schedule or a change of
 * info); it must be thread-safe (SDL_PushEvent is). */
bool fetch_start(const struct cfg *cfg, void (*notify)(void *ud), void *ud, struct fetch **out,
                 struct err *err);

/* Returns the newest schedule if one arrived since the last call (the caller
 * owns it: sched_free()), else NULL. Always fills *info. Never blocks on the
 * network. */
struct sched *fetch_take(struct fetch *f, struct fetch_info *info);

/* Refresh now (SIGHUP, the staff key). Thread-safe, async-signal-unsafe:
 * call from the main loop, not from a signal handler. */
void fetch_refresh_now(struct fetch *f);

/* Stops the thread and frees everything. Accepts NULL. */
void fetch_stop(struct fetch *f);

/* For --state: one refresh with the configured timeouts, then the best
 * schedule there is (fresh, else cache). False, with a message naming the
 * URL and the last error, when there is neither. */
bool fetch_once(const struct cfg *cfg, struct sched **out, struct fetch_info *info,
                struct err *err);

/* ---- the door status feed (cfg.status) ------------------------------- */

/* A second fetcher for the door status feed: the same transport, body
 * checks, conditional GETs, backoff and last-good rules, polling every
 * cfg.status_poll_s plus 0..cfg.status_jitter_s; the last good body is kept
 * as CACHE_DIR/status.json. fetch_take_status() hands over a new status
 * (free with status_free()) or NULL; info.fetched_at is the last refresh
 * that worked (a 304 counts), from which the caller decides staleness
 * (cfg.status_stale_s). fetch_refresh_now() and fetch_stop() work on it. */
RB_MUST_CHECK bool fetch_start_status(const struct cfg *cfg, void (*notify)(void *ud), void *ud,
                                      struct fetch **out, struct err *err);
struct status *fetch_take_status(struct fetch *f, struct fetch_info *info);

/* For --state --status: one refresh, then the best status there is. */
RB_MUST_CHECK bool fetch_once_status(const struct cfg *cfg, struct status **out,
                                     struct fetch_info *info, struct err *err);

/* ---- several sources (cfg.schedules) -------------------------------- */

/* fetch_start() and fetch_once() for source IDX of cfg.schedules (0: the
 * main one; fetch_start()/fetch_once() are IDX 0). Each source has its own
 * cache directory, validators, backoff and last good copy. */
RB_MUST_CHECK bool fetch_start_source(const struct cfg *cfg, size_t idx, void (*notify)(void *ud),
                                      void *ud, struct fetch **out, struct err *err);
RB_MUST_CHECK bool fetch_once_source(const struct cfg *cfg, size_t idx, struct sched **out,
                                     struct fetch_info *info, struct err *err);

/* Where source IDX (URL, {hostname} expanded) keeps its last good copy: DIR
 * itself for the first source (the layout of a one-source screen, so its
 * existing cache still loads), DIR/source-<FNV-1a of the URL, 16 hex> for
 * the others. False when BUF is too small. */
bool fetch_cache_dir(const char *dir, const char *url, size_t idx, char *buf, size_t size);

/* ---- exposed for the tests and the fuzzer --------------------------- */

/* A real schedule nests about 8 deep; deeper than this is refused before
 * cJSON sees it (read.h). */
#define FETCH_MAX_DEPTH READ_MAX_DEPTH

/* The door's body checks (read_check_body() for the detected format): not
 * empty, no NUL byte, valid UTF-8, not an HTML page, bounded nesting and
 * value count. False with the reason in one line. */
bool fetch_check_body(const char *body, size_t len, struct err *err);

/* What the fetcher keeps from the response headers. */
struct fetch_hdrs {
    char etag[256];          /* "" none or unusable */
    char last_modified[128]; /* "" none or unusable */
    int64_t date;            /* HTTP Date (s), -1 none */
};

/* Feeds one header line (as libcurl's header callback gets it, CRLF
 * included or not) into *h, which starts zeroed with date = -1. A status line ("HTTP/...") starts a
 * new response (after a redirect) and clears *h. Values with control characters or too long for the
 * field are dropped, never truncated. */
void fetch_parse_header(struct fetch_hdrs *h, const char *line, size_t len);

/* What a screen says about itself in the User-Agent of every request (see
 * docs/network.md, "User-Agent"). Strings may be NULL (sent empty). */
struct fetch_ua {
    bool report;              /* false: the plain "roomboard/VERSION" */
    const char *name;         /* config name, else the host name */
    const char *const *rooms; /* the configured rooms; none: the overview */
    size_t nrooms;
    const char *version; /* version of the schedule on screen */
    const char *status;  /* ok, stale, offline-cache, no-schedule, clock-waiting */
    const char *clock;   /* ok, waiting, server */
    int64_t up_s;        /* seconds since the screen started */
};

/* Writes the User-Agent for *ua into buf (size >= 64; at most
 * FETCH_UA_MAX bytes are ever needed): "roomboard/0.2.0 (screen=NAME;
 * rooms=A,B; version=V; status=S; clock=C; up=5h12m)". Values are
 * sanitised (parentheses, semicolons, commas in room names, quotes,
 * backslashes, control characters and invalid UTF-8 become '_') and cut at
 * a character boundary: name 64 bytes, each room 48, all rooms 160, version
 * 64. Never fails; returns buf. */
#define FETCH_UA_MAX 512
const char *fetch_user_agent(char *buf, size_t size, const struct fetch_ua *ua);

#endif
