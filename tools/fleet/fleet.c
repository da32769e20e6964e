#include "fleet.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "logline.h"

#define BOOT_SLACK 120 /* s: uptime has minute resolution, lines a few s */

/* The versions screens polling one URL reported, with when each was first
 * reported: the newest is the one that appeared last. */
struct path {
    char path[256];
    struct {
        char v[65];
        int64_t first;
    } vers[FLEET_PATH_VERSIONS];
    unsigned nvers;
    size_t newest; /* index into vers */
};

struct fleet {
    int64_t until;
    struct fleet_counts n;
    struct fleet_screen *screens;
    size_t nscreens, capscreens;
    uint32_t *slots; /* open addressing on name: index + 1, 0 empty */
    size_t nslots;
    struct path *paths;
    size_t npaths, cappaths;
    const struct fleet_screen **sorted;
    struct logline line; /* scratch, kept here: it is 1.4 KB */
};

static uint64_t hash(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return h;
}

bool fleet_new(int64_t until, struct fleet **out, struct err *err)
{
    struct fleet *f = calloc(1, sizeof(*f));

    if (!f)
        return err_set(err, "fleet: out of memory");
    f->until = until;
    f->nslots = 1024;
    f->slots = calloc(f->nslots, sizeof(*f->slots));
    if (!f->slots) {
        free(f);
        return err_set(err, "fleet: out of memory");
    }
    *out = f;
    return true;
}

void fleet_free(struct fleet *f)
{
    if (!f)
        return;
    free(f->screens);
    free(f->slots);
    free(f->paths);
    free(f->sorted);
    free(f);
}

const struct fleet_counts *fleet_counts(const struct fleet *f)
{
    return &f->n;
}

const char *fleet_verdict_name(enum fleet_verdict v)
{
    static const char *const names[] = {"silent", "trouble", "stale", "ok"};
    return (unsigned)v < 4 ? names[v] : "?";
}

static bool grow(void **p, size_t *cap, size_t need, size_t elem)
{
    size_t n = *cap ? *cap : 64;
    void *q;

    if (need <= *cap)
        return true;
    while (n < need)
        n *= 2;
    if (!(q = realloc(*p, n * elem)))
        return false;
    *p = q;
    *cap = n;
    return true;
}

static bool rehash(struct fleet *f)
{
    size_t n = f->nslots * 2;
    uint32_t *s = calloc(n, sizeof(*s));

    if (!s)
        return false;
    for (size_t i = 0; i < f->nscreens; i++) {
        size_t j = hash(f->screens[i].name) & (n - 1);
        while (s[j])
            j = (j + 1) & (n - 1);
        s[j] = (uint32_t)(i + 1);
    }
    free(f->slots);
    f->slots = s;
    f->nslots = n;
    return true;
}

/* The screen called NAME, created on first sight; NULL when out of memory
 * or past FLEET_MAX_SCREENS. */
static struct fleet_screen *screen_for(struct fleet *f, const char *name)
{
    size_t j = hash(name) & (f->nslots - 1);
    struct fleet_screen *s;

    for (; f->slots[j]; j = (j + 1) & (f->nslots - 1))
        if (strcmp(f->screens[f->slots[j] - 1].name, name) == 0)
            return &f->screens[f->slots[j] - 1];
    if (f->nscreens >= FLEET_MAX_SCREENS ||
        !grow((void **)&f->screens, &f->capscreens, f->nscreens + 1, sizeof(*f->screens)))
        return NULL;
    s = &f->screens[f->nscreens];
    memset(s, 0, sizeof(*s));
    memcpy(s->name, name, strlen(name) + 1);
    s->last_restart = -1;
    s->path_idx = SIZE_MAX;
    f->slots[j] = (uint32_t)++f->nscreens;
    if (f->nscreens * 10 > f->nslots * 7 && !rehash(f)) {
        f->slots[j] = 0; /* keep the table consistent; the line is skipped */
        f->nscreens--;
        return NULL;
    }
    return s;
}

/* The index of URL path P, created on first sight; SIZE_MAX when full. */
static size_t path_for(struct fleet *f, struct fleet_screen *s, const char *p)
{
    if (s->path_idx < f->npaths && strcmp(f->paths[s->path_idx].path, p) == 0)
        return s->path_idx;
    for (size_t i = 0; i < f->npaths; i++) /* only when a screen is new or moves */
        if (strcmp(f->paths[i].path, p) == 0)
            return i;
    if (f->npaths >= FLEET_MAX_PATHS ||
        !grow((void **)&f->paths, &f->cappaths, f->npaths + 1, sizeof(*f->paths)))
        return SIZE_MAX;
    memset(&f->paths[f->npaths], 0, sizeof(f->paths[0]));
    memcpy(f->paths[f->npaths].path, p, strlen(p) + 1);
    return f->npaths++;
}

/* Records that version V was reported on path P at time t. When the list
 * is full the version first seen longest ago makes room. */
static void path_version(struct path *p, const char *v, int64_t t)
{
    unsigned i, oldest = 0;

    if (!v[0])
        return;
    if (p->nvers && strcmp(p->vers[p->newest].v, v) == 0)
        return;
    for (i = 0; i < p->nvers; i++) {
        if (strcmp(p->vers[i].v, v) == 0)
            return;
        if (p->vers[i].first < p->vers[oldest].first)
            oldest = i;
    }
    i = p->nvers < FLEET_PATH_VERSIONS ? p->nvers++ : oldest;
    memcpy(p->vers[i].v, v, strlen(v) + 1);
    p->vers[i].first = t;
    if (p->nvers == 1 || t >= p->vers[p->newest].first)
        p->newest = i;
}

/* Uptime going backwards (the boot time moving later) is a restart. */
static void track_uptime(struct fleet_screen *s, int64_t t, int64_t up)
{
    int64_t boot;

    s->up_s = up;
    if (up < 0)
        return;
    boot = t - up;
    if (s->polls > 0 && s->boot && boot > s->boot + BOOT_SLACK) {
        s->restarts++;
        s->last_restart = t;
        s->boot = boot;
    } else if (!s->boot || boot > s->boot) {
        s->boot = boot;
    }
}

static void copy_str(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);

    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* One line of a screen: its state as of now. */
static void screen_update(struct fleet *f, struct fleet_screen *s, const struct logline *l,
                          const struct agent *a)
{
    size_t pi = path_for(f, s, l->path);

    if (s->polls > 0 && l->t < s->last_seen) {
        s->polls++; /* out of order: counts, changes nothing */
        return;
    }
    if (s->polls == 0) {
        s->first_seen = l->t;
    } else if (l->t > s->last_seen) {
        s->gaps[s->ngaps % FLEET_GAPS] =
            (int32_t)(l->t - s->last_seen > INT32_MAX ? INT32_MAX : l->t - s->last_seen);
        s->ngaps++;
    }
    track_uptime(s, l->t, a->up_s);
    s->polls++;
    s->last_seen = l->t;
    copy_str(s->rooms, sizeof(s->rooms), a->rooms);
    copy_str(s->addr, sizeof(s->addr), l->addr);
    copy_str(s->path, sizeof(s->path), l->path);
    copy_str(s->app_version, sizeof(s->app_version), a->app_version);
    copy_str(s->version, sizeof(s->version), a->version);
    copy_str(s->status, sizeof(s->status), a->status[0] ? a->status : "?");
    copy_str(s->clock, sizeof(s->clock), a->clock[0] ? a->clock : "?");
    s->path_idx = pi;
    if (pi != SIZE_MAX)
        path_version(&f->paths[pi], a->version, l->t);
}

bool fleet_feed(struct fleet *f, const char *line, size_t len, struct err *err)
{
    struct logline *l = &f->line;
    struct agent a;
    enum agent_kind kind;
    struct fleet_screen *s;

    f->n.lines++;
    if (!logline_parse(line, len, l, err) || !agent_parse(l->agent, &kind, &a, err)) {
        f->n.skipped++;
        return false;
    }
    if (kind == AGENT_OTHER) {
        f->n.other++;
        return true;
    }
    if (kind == AGENT_PLAIN) {
        f->n.plain++;
        return true;
    }
    if (l->agent_cut) {
        f->n.skipped++;
        return err_set(err, "roomboard User-Agent longer than %d bytes", LOGLINE_MAX_AGENT - 1);
    }
    if (l->t > f->until) {
        f->n.later++;
        return true;
    }
    if (!(s = screen_for(f, a.name))) {
        f->n.skipped++;
        return err_set(err, "too many screens (at most %d) or out of memory", FLEET_MAX_SCREENS);
    }
    screen_update(f, s, l, &a);
    return true;
}

/* ---- verdicts ---------------------------------------------------------- */

static int median_gap(const struct fleet_screen *s)
{
    int32_t g[FLEET_GAPS];
    unsigned n = s->ngaps < FLEET_GAPS ? s->ngaps : FLEET_GAPS;

    if (n == 0)
        return 0;
    memcpy(g, s->gaps, n * sizeof(g[0]));
    for (unsigned i = 1; i < n; i++) /* 16 at most: insertion sort */
        for (unsigned j = i; j > 0 && g[j - 1] > g[j]; j--) {
            int32_t t = g[j];
            g[j] = g[j - 1];
            g[j - 1] = t;
        }
    return g[n / 2];
}

static void ago(char *buf, size_t size, int64_t s)
{
    if (s >= 86400)
        snprintf(buf, size, "%" PRId64 "d%" PRId64 "h", s / 86400, s % 86400 / 3600);
    else if (s >= 3600)
        snprintf(buf, size, "%" PRId64 "h%" PRId64 "m", s / 3600, s % 3600 / 60);
    else if (s >= 60)
        snprintf(buf, size, "%" PRId64 "m", s / 60);
    else
        snprintf(buf, size, "%" PRId64 "s", s);
}

/* Whether the screen shows an older version than its URL has handed out
 * for longer than it takes a screen to notice (one poll to fetch, one to
 * report it: two intervals). */
static bool behind(const struct fleet *f, const struct fleet_screen *s, int interval)
{
    const struct path *p;

    if (s->path_idx >= f->npaths)
        return false;
    p = &f->paths[s->path_idx];
    if (!p->nvers || strcmp(p->vers[p->newest].v, s->version) == 0)
        return false;
    return s->last_seen > p->vers[p->newest].first + 2 * (int64_t)interval;
}

static void judge_one(const struct fleet *f, struct fleet_screen *s, int64_t at)
{
    int interval = s->interval_s ? s->interval_s : FLEET_DEFAULT_INTERVAL;
    char t[32];

    s->verdict = FLEET_OK;
    s->reason[0] = '\0';
    if (at - s->last_seen > 3 * (int64_t)interval) {
        ago(t, sizeof(t), at - s->last_seen);
        s->verdict = FLEET_SILENT;
        snprintf(s->reason, sizeof(s->reason), "not seen for %s (polls every %ds)", t, interval);
    } else if (strcmp(s->status, "ok") != 0 && strcmp(s->status, "stale") != 0) {
        s->verdict = FLEET_TROUBLE;
        snprintf(s->reason, sizeof(s->reason), "status %s", s->status);
    } else if (strcmp(s->clock, "ok") != 0) {
        s->verdict = FLEET_TROUBLE;
        snprintf(s->reason, sizeof(s->reason), "clock %s: its own clock is not set", s->clock);
    } else if (s->last_restart >= 0 && at - s->last_restart < FLEET_RESTART_WINDOW) {
        ago(t, sizeof(t), at - s->last_restart);
        s->verdict = FLEET_TROUBLE;
        snprintf(s->reason, sizeof(s->reason), "restarted %s ago (%u restarts)", t, s->restarts);
    } else if (strcmp(s->status, "stale") == 0) {
        s->verdict = FLEET_STALE;
        snprintf(s->reason, sizeof(s->reason), "its refreshes fail; it shows version %s",
                 s->version[0] ? s->version : "?");
    } else if (behind(f, s, interval)) {
        s->verdict = FLEET_STALE;
        snprintf(s->reason, sizeof(s->reason), "shows %s, the server has handed out %s", s->version,
                 s->newest);
    }
}

static int by_verdict(const void *a, const void *b)
{
    const struct fleet_screen *x = *(const struct fleet_screen *const *)a;
    const struct fleet_screen *y = *(const struct fleet_screen *const *)b;

    if (x->verdict != y->verdict)
        return (int)x->verdict - (int)y->verdict;
    return strcmp(x->name, y->name);
}

size_t fleet_judge(struct fleet *f, int64_t at, const struct fleet_screen *const **out)
{
    const struct fleet_screen **v = realloc(f->sorted, (f->nscreens + 1) * sizeof(*v));

    *out = NULL;
    if (!v)
        return 0;
    f->sorted = v;
    for (size_t i = 0; i < f->nscreens; i++) {
        struct fleet_screen *s = &f->screens[i];
        const struct path *p = s->path_idx < f->npaths ? &f->paths[s->path_idx] : NULL;
        s->interval_s = median_gap(s);
        copy_str(s->newest, sizeof(s->newest), p && p->nvers ? p->vers[p->newest].v : "");
        judge_one(f, s, at);
        v[i] = s;
    }
    qsort(v, f->nscreens, sizeof(*v), by_verdict);
    *out = (const struct fleet_screen *const *)v;
    return f->nscreens;
}
