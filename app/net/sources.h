/* sources — several schedule sources shown as one screen's schedule.
 *
 * One fetcher per configured source (cfg.schedules: the main schedule
 * first, then sub-schedules), each with its own cache directory, ETag,
 * backoff and last good copy (fetch.h). The latest good model of every
 * source is kept here; whenever one changes, the union is built with
 * merge_scheds() and handed to the caller, who swaps it in. One broken or
 * unreachable source never blanks the others: its last good copy stays in
 * the union, and with no copy yet it is just absent. With one source its
 * model is handed over as it is (no copy).
 *
 * The kiosk uses the threaded side (sources_start); --state, --screenshot
 * and the tests the one-shot side (sources_once). See docs/network.md and
 * docs/schedule-format.md, "Several sources". */
#ifndef ROOMBOARD_SOURCES_H
#define ROOMBOARD_SOURCES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cfg.h"
#include "err.h"
#include "fetch.h"
#include "live.h"
#include "sched.h"

struct sources;

/* Starts a fetcher for every source of CFG (each loads its cache, or reads
 * its local file, before this returns). A source whose fetcher cannot
 * start is kept as a failing source with the reason as its error; false
 * only when out of memory. notify(ud) as in fetch_start(). Free with
 * sources_stop(). */
RB_MUST_CHECK bool sources_start(const struct cfg *cfg, void (*notify)(void *ud), void *ud,
                                 struct sources **out, struct err *err);

/* One refresh of every source, no thread: a URL through fetch_once_source()
 * (fresh, else its cache), a plain path read directly. *OUT gets the union
 * (as sources_take()); false with the first source's reason when no source
 * has a schedule. The sources' status stays readable in *SS either way
 * (free with sources_stop()). The message is the first failing source's,
 * uncut. */
RB_MUST_CHECK bool sources_once(const struct cfg *cfg, struct sources **ss, struct sched **out,
                                struct err *err);

/* Takes what the fetchers have. When a source brought a new model, *OUT
 * gets the new union (the caller owns it: sched_free()); else *OUT is
 * NULL. False, with one line, when the union cannot be built (the model
 * caps): the caller keeps the one it has. Never blocks on the network. */
RB_MUST_CHECK bool sources_take(struct sources *ss, struct sched **out, struct err *err);

/* The sources' status for live (live_in.src, .nsrc): fills at most MAX
 * entries, whose strings stay owned by SS until the next sources_take()
 * or sources_stop(); returns the count. */
size_t sources_status(const struct sources *ss, struct live_source *out, size_t max);

/* The newest HTTP Date any source's server sent (s), -1 none: the clock's
 * stand-in on a board without time. */
int64_t sources_server_date(const struct sources *ss);

/* Every source refreshes now (SIGHUP, the staff key). */
void sources_refresh_now(struct sources *ss);

/* Stops the fetchers and frees everything. Accepts NULL. */
void sources_stop(struct sources *ss);

#endif
