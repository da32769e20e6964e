#include "sources.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "merge.h"
#include "read.h"
#include "url.h"

struct source {
    struct fetch *fetch;    /* NULL: one-shot, or its fetcher did not start */
    struct sched *part;     /* its latest good model; NULL none (or handed over) */
    struct fetch_info info; /* its status */
    const char *format;     /* of its last good model (static); "" none */
};

struct sources {
    struct source src[CFG_MAX_SOURCES];
    size_t n;
    struct err first_err; /* sources_once: the first failure, uncut */
};

static struct sources *sources_new(const struct cfg *cfg, struct err *err)
{
    struct sources *ss = calloc(1, sizeof(*ss));

    if (!ss) {
        err_set(err, "sources: out of memory");
        return NULL;
    }
    ss->n = cfg->nschedules < CFG_MAX_SOURCES ? cfg->nschedules : CFG_MAX_SOURCES;
    for (size_t i = 0; i < ss->n; i++) {
        struct fetch_info *in = &ss->src[i].info;
        url_redact(cfg->schedules[i], in->url, sizeof(in->url));
        in->fetched_at = in->last_try = in->server_date = -1;
        in->stale = true;
        ss->src[i].format = "";
    }
    return ss;
}

/* A source that brought a new model: it replaces the one kept. */
static void keep_part(struct source *src, struct sched *s)
{
    sched_free(src->part);
    src->part = s;
    src->format = s->format ? s->format : "";
}

/* A source that cannot be used at all (its fetcher did not start, or the
 * one-shot read failed with nothing cached). */
static void fail_source(struct source *src, const char *why)
{
    size_t n = strnlen(why, sizeof(src->info.error) - 1); /* cut: it names the source first */

    memcpy(src->info.error, why, n);
    src->info.error[n] = '\0';
    src->info.stale = true;
}

bool sources_start(const struct cfg *cfg, void (*notify)(void *ud), void *ud, struct sources **out,
                   struct err *err)
{
    struct sources *ss = sources_new(cfg, err);

    if (!ss)
        return false;
    for (size_t i = 0; i < ss->n; i++) {
        struct err e = {{0}};
        if (!fetch_start_source(cfg, i, notify, ud, &ss->src[i].fetch, &e)) {
            fprintf(stderr, "roomboard: %s\n", e.msg);
            fail_source(&ss->src[i], e.msg);
        }
    }
    *out = ss;
    return true;
}

/* One source read once: a URL through its fetcher's one-shot path, a plain
 * path directly (no cache, as --state always did). */
static void once_one(const struct cfg *cfg, size_t i, struct source *src, struct err *first)
{
    struct sched *s = NULL;
    struct err e = {{0}};
    const char *path = cfg->schedules[i];

    if (live_is_remote(path)) {
        char url[sizeof(src->info.url)];
        memcpy(url, src->info.url, sizeof(url));
        if (fetch_once_source(cfg, i, &s, &src->info, &e))
            keep_part(src, s);
        else
            fail_source(src, e.msg);
        if (!s && !first->msg[0])
            *first = e;
        if (!src->info.url[0])
            memcpy(src->info.url, url, sizeof(url));
        return;
    }
    struct read_opts ro;
    cfg_read_opts(cfg, &ro);
    if (!read_path(path, (size_t)cfg->max_body, &ro, &s, NULL, &e)) {
        fail_source(src, e.msg);
        if (!first->msg[0])
            *first = e;
        return;
    }
    keep_part(src, s);
    snprintf(src->info.source, sizeof(src->info.source), "file");
    src->info.stale = false;
}

/* The union of the parts kept (one source: its part itself, handed over). */
static bool build_union(struct sources *ss, struct sched **out, struct err *err)
{
    const struct sched *parts[CFG_MAX_SOURCES];

    if (ss->n == 1) {
        *out = ss->src[0].part;
        ss->src[0].part = NULL;
        return true;
    }
    for (size_t i = 0; i < ss->n; i++)
        parts[i] = ss->src[i].part;
    return merge_scheds(parts, ss->n, out, err);
}

bool sources_once(const struct cfg *cfg, struct sources **ssp, struct sched **out, struct err *err)
{
    struct sources *ss = sources_new(cfg, err);
    size_t have = 0;

    if (!ss)
        return false;
    *ssp = ss;
    for (size_t i = 0; i < ss->n; i++) {
        once_one(cfg, i, &ss->src[i], &ss->first_err);
        if (ss->src[i].part)
            have++;
    }
    if (have == 0) {
        if (ss->first_err.msg[0])
            *err = ss->first_err; /* uncut: the door's messages can be long */
        else
            err_set(err, "no schedule URL or path configured");
        return false;
    }
    return build_union(ss, out, err);
}

bool sources_take(struct sources *ss, struct sched **out, struct err *err)
{
    bool changed = false;

    *out = NULL;
    for (size_t i = 0; i < ss->n; i++) {
        struct source *src = &ss->src[i];
        if (!src->fetch)
            continue;
        struct sched *s = fetch_take(src->fetch, &src->info);
        if (s) {
            keep_part(src, s);
            changed = true;
        }
    }
    if (!changed)
        return true;
    return build_union(ss, out, err);
}

size_t sources_status(const struct sources *ss, struct live_source *out, size_t max)
{
    size_t n = ss && ss->n < max ? ss->n : (ss ? max : 0);

    for (size_t i = 0; i < n; i++) {
        const struct fetch_info *in = &ss->src[i].info;
        out[i] = (struct live_source){.source = in->source,
                                      .url = in->url,
                                      .fetched_at = in->fetched_at,
                                      .stale = in->stale,
                                      .error = in->error,
                                      .format = ss->src[i].format};
    }
    return n;
}

int64_t sources_server_date(const struct sources *ss)
{
    int64_t d = -1;

    for (size_t i = 0; ss && i < ss->n; i++)
        if (ss->src[i].info.server_date > d)
            d = ss->src[i].info.server_date;
    return d;
}

void sources_refresh_now(struct sources *ss)
{
    for (size_t i = 0; ss && i < ss->n; i++)
        fetch_refresh_now(ss->src[i].fetch);
}

void sources_stop(struct sources *ss)
{
    if (!ss)
        return;
    for (size_t i = 0; i < ss->n; i++) {
        fetch_stop(ss->src[i].fetch);
        sched_free(ss->src[i].part);
    }
    free(ss);
}
