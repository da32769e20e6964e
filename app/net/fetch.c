#include "fetch.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "clock.h"
#include "durable.h"
#include "read.h"
#include "status.h"
#include "utf8.h"
#include "file.h"
#include "url.h"

#define FETCH_DEFAULT_MAX_BODY ((int64_t)16 * 1024 * 1024)
#define FETCH_MAX_REDIRS       5
#define FETCH_BACKOFF_CAP_S    900 /* never wait longer than this after failures */
#define FETCH_LOW_SPEED_S      20  /* under 1 byte/s this long: a stall */

enum src_kind { SRC_HTTP, SRC_FILE_URL, SRC_PATH };

/* What a fetcher keeps fresh: the schedule, or the door status feed (a
 * second instance with its own URL, interval and cache file). */
enum doc_kind { DOC_SCHEDULE, DOC_STATUS };

#define STATUS_CACHE_FILE "status.json"

/* What a refresh needs from the config; owned copies. */
struct conf {
    char *url;          /* {hostname} expanded */
    char *shown;        /* url_redact(url): what logs, messages and the screen show */
    char *path;         /* SRC_FILE_URL, SRC_PATH: the file to read */
    char *cache_dir;    /* this source's (fetch_cache_dir()); NULL: no cache */
    char *cache_parent; /* a later source: cfg.cache_dir, created before cache_dir */
    char *ca_bundle;
    char *pinned_key;
    enum src_kind kind;
    enum doc_kind doc;
    int poll_s, jitter_s, stale_s, connect_timeout_s, timeout_s;
    size_t max_body;
    char *timezone;             /* the venue's zone for sources that name none */
    struct read_opts read;      /* read.tzname points at timezone */
    bool report;                /* User-Agent detail (cfg report) */
    char *name;                 /* cfg name, else the host name */
    char *rooms[CFG_MAX_ROOMS]; /* for the User-Agent */
    size_t nrooms;
    int64_t started_ms; /* monotonic: the screen's uptime starts here */
};

/* The side that runs refreshes (the thread, or fetch_once). Only that side
 * touches it, so it needs no lock; `stop` is read by curl's progress
 * callback while fetch_stop() sets it. */
struct worker {
    struct conf c;
    struct cache_meta cur; /* the body in use: validators, hash, fetch time */
    bool have;             /* a schedule is in use */
    size_t nsessions;      /* ...and how many sessions it has */
    char cache_note[256];  /* why there was no usable cache, for messages */
    char version[65];      /* version of the schedule in use, for the User-Agent */
    char ua[FETCH_UA_MAX]; /* the User-Agent of the next request (ua_update) */
    atomic_bool stop;
};

enum outcome { OUT_NEW, OUT_SAME, OUT_FAIL, OUT_STOPPED };

struct result {
    enum outcome kind;
    struct sched *sched;   /* OUT_NEW of a schedule fetcher */
    struct status *status; /* OUT_NEW of a status fetcher */
    int64_t server_date;
    char error[256]; /* OUT_FAIL: why; OUT_NEW: a cache write failure, or "" */
};

struct fetch {
    struct worker w;
    pthread_t thread;
    bool started;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    /* under mu */
    bool refresh;
    struct sched *pending;
    struct status *pending_status;
    struct fetch_info info;
    void (*notify)(void *ud);
    void *ud;
    uint64_t rng; /* thread only */
    int64_t first_delay_ms;
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
    char line[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    fprintf(stderr, "fetch: %s\n", line);
}

/* Bounded copy; a message that does not fit is cut, which is fine for text
 * that starts by naming the thing. */
static void copy_str(char *dst, size_t size, const char *src)
{
    size_t n = src ? strnlen(src, size - 1) : 0;

    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

/* snprintf for messages that may be cut (see copy_str). */
static void put(char *dst, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void put(char *dst, size_t size, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(dst, size, fmt, ap);
    va_end(ap);
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void conf_clear(struct conf *c)
{
    free(c->url);
    free(c->shown);
    free(c->path);
    free(c->cache_dir);
    free(c->cache_parent);
    free(c->ca_bundle);
    free(c->pinned_key);
    free(c->timezone);
    free(c->name);
    for (size_t i = 0; i < c->nrooms; i++)
        free(c->rooms[i]);
    memset(c, 0, sizeof(*c));
}

/* The User-Agent's fixed part: who the screen is (docs/network.md). */
static bool conf_ua_init(struct conf *c, const struct cfg *cfg, struct err *err)
{
    c->report = cfg->report;
    c->started_ms = clock_mono_ms();
    c->name = cfg->name && *cfg->name ? strdup(cfg->name) : cfg_expand("{hostname}");
    for (size_t i = 0; c->name && i < cfg->nrooms && i < CFG_MAX_ROOMS; i++)
        if ((c->rooms[c->nrooms] = strdup(cfg->rooms[i])))
            c->nrooms++;
    if (!c->name || c->nrooms < (cfg->nrooms < CFG_MAX_ROOMS ? cfg->nrooms : CFG_MAX_ROOMS)) {
        conf_clear(c);
        return err_set(err, "fetch: out of memory");
    }
    return true;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* "file:///a%20b.json" or "file://localhost/..." to "/a b.json" (new
 * string); NULL for another host, a relative path or a %00. Read like a
 * plain path (file_read: non-blocking, regular files only), not through
 * libcurl, whose file:// open blocks on a FIFO. */
static char *file_url_path(const char *url)
{
    const char *p = url + 7;
    char *out, *o;

    if (strncasecmp(p, "localhost/", 10) == 0)
        p += 9;
    if (*p != '/' || !(out = malloc(strlen(p) + 1)))
        return NULL;
    for (o = out; *p && *p != '?' && *p != '#'; p++) {
        if (*p == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
            *o = (char)(hexval(p[1]) * 16 + hexval(p[2]));
            p += 2;
            if (*o == '\0') {
                free(out);
                return NULL;
            }
            o++;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return out;
}

/* The intervals of a status fetcher (the schedule's are the defaults). */
static void conf_status(struct conf *c, const struct cfg *cfg)
{
    c->poll_s = cfg->status_poll_s > 0 ? cfg->status_poll_s : 10;
    c->jitter_s = cfg->status_jitter_s > 0 ? cfg->status_jitter_s : 0;
    c->stale_s = cfg->status_stale_s;
}

bool fetch_cache_dir(const char *dir, const char *url, size_t idx, char *buf, size_t size)
{
    int n = idx == 0
                ? snprintf(buf, size, "%s", dir)
                : snprintf(buf, size, "%s/source-%016" PRIx64, dir, cache_hash(url, strlen(url)));

    return n >= 0 && (size_t)n < size;
}

/* The cache directory of schedule source IDX (the status feed: 0), a new
 * string, or NULL when there is none: the demo never touches the cache (a
 * staff member trying the demo must not replace the event's cached
 * schedule). *OOM on failure. */
static char *conf_cache_dir(const struct cfg *cfg, const char *url, size_t idx, bool *oom)
{
    char buf[4096];

    *oom = false;
    if (!cfg->cache_dir || !*cfg->cache_dir || cfg->demo)
        return NULL;
    if (!fetch_cache_dir(cfg->cache_dir, url, idx, buf, sizeof(buf))) {
        *oom = true;
        return NULL;
    }
    char *d = strdup(buf);
    *oom = d == NULL;
    return d;
}

/* DOC of CFG: the status feed, or schedule source IDX. */
static bool conf_init(struct conf *c, const struct cfg *cfg, enum doc_kind doc, size_t idx,
                      struct err *err)
{
    const char *src = doc == DOC_STATUS       ? cfg->status
                      : idx < cfg->nschedules ? cfg->schedules[idx]
                                              : NULL;
    bool oom = false;

    memset(c, 0, sizeof(*c));
    if (!src || !*src)
        return err_set(err, "fetch: no %s URL or path configured",
                       doc == DOC_STATUS ? "status" : "schedule");
    if (doc == DOC_STATUS)
        idx = 0; /* its status.json lives in cache_dir itself */
    c->doc = doc;
    c->url = cfg_expand(src);
    if (c->url) {
        c->cache_dir = conf_cache_dir(cfg, c->url, idx, &oom);
        if (idx > 0 && c->cache_dir)
            c->cache_parent = strdup(cfg->cache_dir);
        oom = oom || (c->cache_dir && idx > 0 && !c->cache_parent);
    }
    c->ca_bundle = dup_or_null(cfg->ca_bundle && *cfg->ca_bundle ? cfg->ca_bundle : NULL);
    c->pinned_key = dup_or_null(cfg->pinned_key && *cfg->pinned_key ? cfg->pinned_key : NULL);
    if (!c->url || oom || (cfg->ca_bundle && *cfg->ca_bundle && !c->ca_bundle) ||
        (cfg->pinned_key && *cfg->pinned_key && !c->pinned_key)) {
        conf_clear(c);
        return err_set(err, "fetch: out of memory");
    }
    c->shown = malloc(strlen(c->url) + 8);
    if (!c->shown) {
        conf_clear(c);
        return err_set(err, "fetch: out of memory");
    }
    url_redact(c->url, c->shown, strlen(c->url) + 8);
    if (strncasecmp(c->url, "http://", 7) == 0 || strncasecmp(c->url, "https://", 8) == 0) {
        c->kind = SRC_HTTP;
    } else if (strncasecmp(c->url, "file://", 7) == 0) {
        c->kind = SRC_FILE_URL;
        c->path = file_url_path(c->url);
    } else if (strstr(c->url, "://")) {
        err_set(err, "fetch: %s: only http://, https://, file:// or a plain path can be fetched",
                c->shown);
        conf_clear(c);
        return false;
    } else {
        c->kind = SRC_PATH;
        c->path = strdup(c->url);
    }
    if ((c->kind != SRC_HTTP) && !c->path) {
        err_set(err, "fetch: %s: not a local file:// URL (file:///path)", c->shown);
        conf_clear(c);
        return false;
    }
    c->poll_s = cfg->poll_s > 0 ? cfg->poll_s : 60;
    c->jitter_s = cfg->jitter_s > 0 ? cfg->jitter_s : 0;
    c->stale_s = cfg->stale_s;
    c->connect_timeout_s = cfg->connect_timeout_s > 0 ? cfg->connect_timeout_s : 10;
    c->timeout_s = cfg->timeout_s > 0 ? cfg->timeout_s : 30;
    int64_t mb = cfg->max_body > 0 ? cfg->max_body : FETCH_DEFAULT_MAX_BODY;
    c->max_body = (uint64_t)mb > SIZE_MAX / 2 ? SIZE_MAX / 2 : (size_t)mb;
    cfg_read_opts(cfg, &c->read);
    c->timezone = dup_or_null(cfg->timezone);
    c->read.tzname = c->timezone;
    if (cfg->timezone && !c->timezone) {
        conf_clear(c);
        return err_set(err, "fetch: out of memory");
    }
    if (doc == DOC_STATUS)
        conf_status(c, cfg);
    return conf_ua_init(c, cfg, err);
}

/* The time a fetch happened: the board's clock, or the server's Date when
 * the board has no plausible time yet (no RTC, no NTP answer), so a
 * schedule fetched right after boot is not stored as fetched in 1970. */
static int64_t fetch_time(int64_t server_date)
{
    int64_t now = (int64_t)time(NULL);

    if (!clock_plausible(now * 1000) && server_date > 0)
        return server_date;
    return now;
}

/* ---- body and header checks ------------------------------------------ */

bool fetch_check_body(const char *body, size_t len, struct err *err)
{
    return read_check_body(body, len, read_detect(body, len), err);
}

void fetch_parse_header(struct fetch_hdrs *h, const char *line, size_t len)
{
    const char *colon, *v, *end;
    size_t nlen, vlen;
    char tmp[128];

    if (len >= 5 && strncasecmp(line, "HTTP/", 5) == 0) {
        memset(h, 0, sizeof(*h));
        h->date = -1;
        return;
    }
    colon = memchr(line, ':', len);
    if (!colon)
        return;
    nlen = (size_t)(colon - line);
    v = colon + 1;
    end = line + len;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
        end--;
    vlen = (size_t)(end - v);
    for (size_t i = 0; i < vlen; i++) {
        unsigned char c = (unsigned char)v[i];
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return; /* would smuggle a header into the next request */
    }
    if (nlen == 4 && strncasecmp(line, "ETag", 4) == 0) {
        if (vlen > 0 && vlen < sizeof(h->etag)) {
            memcpy(h->etag, v, vlen);
            h->etag[vlen] = '\0';
        }
    } else if (nlen == 13 && strncasecmp(line, "Last-Modified", 13) == 0) {
        if (vlen > 0 && vlen < sizeof(h->last_modified)) {
            memcpy(h->last_modified, v, vlen);
            h->last_modified[vlen] = '\0';
        }
    } else if (nlen == 4 && strncasecmp(line, "Date", 4) == 0) {
        if (vlen > 0 && vlen < sizeof(tmp)) {
            memcpy(tmp, v, vlen);
            tmp[vlen] = '\0';
            time_t t = curl_getdate(tmp, NULL);
            if (t > 0)
                h->date = (int64_t)t;
        }
    }
}

/* ---- downloading ------------------------------------------------------ */

/* A body with a hard cap set up front: past it the transfer is aborted and
 * the whole buffer dropped, so nobody sees half a body. */
struct body {
    char *data;
    size_t len, cap, max;
    bool over;
};

static size_t on_write(char *p, size_t size, size_t n, void *ud)
{
    struct body *b = ud;
    size_t add = size * n;

    if (add > b->max - b->len) {
        b->over = true;
        return 0; /* aborts the transfer */
    }
    if (b->len + add + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64 * 1024;
        while (cap < b->len + add + 1)
            cap *= 2;
        if (cap > b->max + 1)
            cap = b->max + 1;
        char *d = realloc(b->data, cap);
        if (!d) {
            b->over = true;
            return 0;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, add);
    b->len += add;
    b->data[b->len] = '\0';
    return add;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    fetch_parse_header(ud, p, size * n);
    return size * n;
}

static int on_progress(void *ud, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
    struct worker *w = ud;

    return atomic_load(&w->stop) ? 1 : 0;
}

static bool header_safe(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s == 0x7f)
            return false;
    return true;
}

/* One transfer through libcurl (http, https, file://). */
static enum outcome download_curl(struct worker *w, struct body *b, struct fetch_hdrs *h,
                                  char *error, size_t esize)
{
    const struct conf *c = &w->c;
    char errbuf[CURL_ERROR_SIZE] = "", line[512];
    struct curl_slist *hdrs = NULL;
    enum outcome out = OUT_FAIL;
    long code = 0;
    CURLcode rc;
    CURL *cu = curl_easy_init();

    if (!cu) {
        copy_str(error, esize, "could not set up libcurl");
        return OUT_FAIL;
    }
    curl_easy_setopt(cu, CURLOPT_URL, c->url);
    curl_easy_setopt(cu, CURLOPT_PROTOCOLS_STR, "http,https");
    /* An https source never continues over http: the pinned key and the CA
     * would no longer apply to what is shown. */
    curl_easy_setopt(cu, CURLOPT_REDIR_PROTOCOLS_STR,
                     strncasecmp(c->url, "https://", 8) == 0 ? "https" : "http,https");
    curl_easy_setopt(cu, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(cu, CURLOPT_MAXREDIRS, (long)FETCH_MAX_REDIRS);
    curl_easy_setopt(cu, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(cu, CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(cu, CURLOPT_CONNECTTIMEOUT, (long)c->connect_timeout_s);
    curl_easy_setopt(cu, CURLOPT_TIMEOUT, (long)c->timeout_s);
    curl_easy_setopt(cu, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(cu, CURLOPT_LOW_SPEED_TIME,
                     (long)(c->timeout_s < FETCH_LOW_SPEED_S ? c->timeout_s : FETCH_LOW_SPEED_S));
    curl_easy_setopt(cu, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)c->max_body);
    curl_easy_setopt(cu, CURLOPT_ACCEPT_ENCODING, ""); /* the cap applies after decoding */
    curl_easy_setopt(cu, CURLOPT_USERAGENT, w->ua[0] ? w->ua : "roomboard/" ROOMBOARD_VERSION);
    curl_easy_setopt(cu, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(cu, CURLOPT_WRITEFUNCTION, on_write);
    curl_easy_setopt(cu, CURLOPT_WRITEDATA, b);
    curl_easy_setopt(cu, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(cu, CURLOPT_HEADERDATA, h);
    curl_easy_setopt(cu, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(cu, CURLOPT_XFERINFODATA, w);
    curl_easy_setopt(cu, CURLOPT_NOPROGRESS, 0L);
    /* Certificates are always verified (libcurl's default, never turned
     * off); these only narrow what is trusted. */
    if (c->ca_bundle)
        curl_easy_setopt(cu, CURLOPT_CAINFO, c->ca_bundle);
    if (c->pinned_key)
        curl_easy_setopt(cu, CURLOPT_PINNEDPUBLICKEY, c->pinned_key);
    if (c->kind == SRC_HTTP && w->have) {
        if (w->cur.etag[0] && header_safe(w->cur.etag) &&
            snprintf(line, sizeof(line), "If-None-Match: %s", w->cur.etag) < (int)sizeof(line))
            hdrs = curl_slist_append(hdrs, line);
        if (w->cur.last_modified[0] && header_safe(w->cur.last_modified) &&
            snprintf(line, sizeof(line), "If-Modified-Since: %s", w->cur.last_modified) <
                (int)sizeof(line))
            hdrs = curl_slist_append(hdrs, line);
        if (hdrs)
            curl_easy_setopt(cu, CURLOPT_HTTPHEADER, hdrs);
    }

    rc = curl_easy_perform(cu);
    curl_easy_getinfo(cu, CURLINFO_RESPONSE_CODE, &code);
    if (rc == CURLE_OK) {
        if (c->kind != SRC_HTTP || code == 200)
            out = OUT_NEW;
        else if (code == 304 && hdrs)
            out = OUT_SAME;
        else
            put(error, esize, "HTTP %ld instead of 200", code);
    } else if (atomic_load(&w->stop)) {
        out = OUT_STOPPED;
    } else if (b->over || rc == CURLE_FILESIZE_EXCEEDED) {
        put(error, esize, "the body is larger than the limit of %zu bytes (max_body)", c->max_body);
    } else if (rc == CURLE_UNSUPPORTED_PROTOCOL && strncasecmp(c->url, "https://", 8) == 0) {
        put(error, esize, "the https source redirected to a URL that is not https; refused");
    } else if (rc == CURLE_HTTP_RETURNED_ERROR) {
        put(error, esize, "HTTP %ld", code);
    } else {
        put(error, esize, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
    }
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(cu);
    return out;
}

/* A plain path or file:// URL (USB stick, local copy): file_read(), with
 * the same cap; a FIFO or a device there is refused, never waited on. */
static enum outcome download_path(struct worker *w, struct body *b, char *error, size_t esize)
{
    struct err e;
    size_t len;

    if (!file_read("schedule", w->c.path, b->max, &b->data, &len, NULL, NULL, &e)) {
        copy_str(error, esize, e.msg);
        return OUT_FAIL;
    }
    b->len = len;
    b->cap = len + 1;
    return OUT_NEW;
}

/* What a new body is: where from, its validators, length and hash. */
static struct cache_meta body_meta(const struct worker *w, const struct body *b,
                                   const struct fetch_hdrs *h, uint64_t hash)
{
    struct cache_meta m = {.fetched_at = fetch_time(h->date)};

    copy_str(m.url, sizeof(m.url), w->c.url);
    m.url_hash = cache_hash(w->c.url, strlen(w->c.url)); /* the whole URL is the key */
    copy_str(m.etag, sizeof(m.etag), h->etag);
    copy_str(m.last_modified, sizeof(m.last_modified), h->last_modified);
    m.length = b->len;
    m.hash = hash;
    return m;
}

/* A new schedule body: check, parse, validate, cache. */
static void take_schedule(struct worker *w, const struct body *b, const struct fetch_hdrs *h,
                          uint64_t hash, struct result *r)
{
    struct sched *s = NULL;
    struct err e;

    r->kind = OUT_FAIL;
    if (!read_bytes(b->data, b->len, &w->c.read, &s, NULL, &e)) {
        copy_str(r->error, sizeof(r->error), e.msg);
        return;
    }
    if (w->have && w->nsessions > 0 && s->nsessions == 0) {
        put(r->error, sizeof(r->error),
            "the new schedule has no sessions while the one in use has %zu; not taken",
            w->nsessions);
        sched_free(s);
        return;
    }

    struct cache_meta m = body_meta(w, b, h, hash);
    if (w->c.cache_parent)
        (void)mkdir(w->c.cache_parent, 0755); /* cache_store() creates one level only */
    if (w->c.cache_dir && !cache_store(w->c.cache_dir, b->data, b->len, &m, &e)) {
        say("%s", e.msg); /* the schedule is good; only the copy on disk is old */
        copy_str(r->error, sizeof(r->error), e.msg);
    }
    say("new schedule from %s: %zu sessions in %zu rooms, %zu bytes", w->c.shown, s->nsessions,
        s->nrooms, b->len);
    w->cur = m;
    w->have = true;
    w->nsessions = s->nsessions;
    copy_str(w->version, sizeof(w->version), s->version ? s->version : "");
    r->sched = s;
    r->kind = OUT_NEW;
}

/* A new door status body: the same body checks, then status_load; the
 * last good one is kept as CACHE_DIR/status.json (durable write) for the
 * next start. */
static void take_status(struct worker *w, const struct body *b, const struct fetch_hdrs *h,
                        uint64_t hash, struct result *r)
{
    struct status *st = NULL;
    struct err e;
    char path[4096];

    r->kind = OUT_FAIL;
    if (!fetch_check_body(b->data, b->len, &e) || !status_load(b->data, b->len, &st, &e)) {
        copy_str(r->error, sizeof(r->error), e.msg);
        return;
    }
    if (w->c.cache_dir &&
        snprintf(path, sizeof(path), "%s/%s", w->c.cache_dir, STATUS_CACHE_FILE) <
            (int)sizeof(path) &&
        !durable_replace("cache", path, b->data, b->len, NULL, &e)) {
        say("%s", e.msg);
        copy_str(r->error, sizeof(r->error), e.msg);
    }
    say("new door status from %s: %zu rooms%s, %zu bytes", w->c.shown, st->nrooms,
        st->emergency.text ? ", an emergency" : "", b->len);
    w->cur = body_meta(w, b, h, hash);
    w->have = true;
    r->status = st;
    r->kind = OUT_NEW;
}

/* One refresh: download, and for a new body check, parse, validate and
 * cache it. Runs on the fetcher thread (or in fetch_once); never touches
 * the struct fetch's shared fields. */
static void refresh(struct worker *w, struct result *r)
{
    struct body b = {.max = w->c.max_body};
    struct fetch_hdrs h = {.date = -1};
    uint64_t hash;

    memset(r, 0, sizeof(*r));
    r->server_date = -1;
    if (w->c.kind != SRC_HTTP)
        r->kind = download_path(w, &b, r->error, sizeof(r->error));
    else
        r->kind = download_curl(w, &b, &h, r->error, sizeof(r->error));
    r->server_date = h.date;
    if (r->kind != OUT_NEW)
        goto out;

    hash = cache_hash(b.data, b.len);
    if (w->have && hash == w->cur.hash && b.len == w->cur.length) {
        /* Same bytes as the document in use (a server without validators,
         * or a file): nothing to parse or write. */
        r->kind = OUT_SAME;
        goto out;
    }
    if (w->c.doc == DOC_STATUS)
        take_status(w, &b, &h, hash, r);
    else
        take_schedule(w, &b, &h, hash, r);
out:
    free(b.data);
}

/* ---- state shared with the render loop ------------------------------- */

static void info_init(struct fetch_info *i, const char *url)
{
    memset(i, 0, sizeof(*i));
    copy_str(i->url, sizeof(i->url), url);
    i->fetched_at = -1;
    i->last_try = -1;
    i->server_date = -1;
}

static void info_stale(struct fetch_info *i, int stale_s, int64_t now)
{
    i->stale = !i->source[0] || i->fetched_at < 0 || i->failures > 0 ||
               (stale_s > 0 && now - i->fetched_at > stale_s);
}

static const char *doc_name(const struct worker *w)
{
    return w->c.doc == DOC_STATUS ? "door status" : "schedule";
}

static const char *live_source(const struct worker *w)
{
    return w->c.kind == SRC_HTTP ? "network" : "file";
}

/* Puts a refresh's outcome into *i (caller holds the lock, if any). */
static void info_apply(struct fetch_info *i, const struct worker *w, const struct result *r,
                       int64_t now)
{
    i->last_try = now;
    if (r->server_date >= 0)
        i->server_date = r->server_date;
    if (r->kind == OUT_NEW || r->kind == OUT_SAME) {
        copy_str(i->source, sizeof(i->source), live_source(w));
        i->fetched_at = r->kind == OUT_NEW ? w->cur.fetched_at : fetch_time(r->server_date);
        i->failures = 0;
        copy_str(i->error, sizeof(i->error), r->error);
        return;
    }
    i->failures++;
    if (w->have)
        copy_str(i->error, sizeof(i->error), r->error);
    else
        put(i->error, sizeof(i->error), "no %s: %s failed (%s); %s", doc_name(w), w->c.shown,
            r->error, w->cache_note);
}

static void log_failure(const struct worker *w, const struct result *r, const char *source)
{
    if (w->have)
        say("%s: %s; keeping the %s from %s", w->c.shown, r->error, doc_name(w), source);
    else
        say("%s: %s; no %s to show yet (%s)", w->c.shown, r->error, doc_name(w), w->cache_note);
}

/* The last good door status from CACHE_DIR/status.json, dated by the
 * file's mtime (so an old one is stale at once); NULL when there is none
 * or it is unreadable (then the feed starts empty). */
static struct status *load_status_cache(struct worker *w, struct fetch_info *info)
{
    char path[4096], *buf = NULL;
    size_t len = 0;
    struct stat st;
    struct status *out = NULL;
    struct err e;

    if (!w->c.cache_dir || snprintf(path, sizeof(path), "%s/%s", w->c.cache_dir,
                                    STATUS_CACHE_FILE) >= (int)sizeof(path)) {
        copy_str(w->cache_note, sizeof(w->cache_note), "no cache directory configured");
        return NULL;
    }
    if (!file_read("cache", path, w->c.max_body, &buf, &len, &st, NULL, &e) ||
        !status_load(buf, len, &out, &e)) {
        copy_str(w->cache_note, sizeof(w->cache_note), e.msg);
        free(buf);
        return NULL;
    }
    w->cur = (struct cache_meta){
        .fetched_at = (int64_t)st.st_mtime, .length = len, .hash = cache_hash(buf, len)};
    free(buf);
    w->have = true;
    copy_str(info->source, sizeof(info->source), "cache");
    info->fetched_at = w->cur.fetched_at;
    return out;
}

/* Loads the cache into the worker; returns the schedule or NULL. */
static struct sched *load_cache(struct worker *w, struct fetch_info *info)
{
    struct sched *s = NULL;
    struct err e;
    enum cache_result cr;

    if (!w->c.cache_dir) {
        copy_str(w->cache_note, sizeof(w->cache_note), "no cache directory configured");
        return NULL;
    }
    cr = cache_load_read(w->c.cache_dir, w->c.url, w->c.max_body, &w->c.read, &s, &w->cur, &e);
    if (cr != CACHE_HIT) {
        copy_str(w->cache_note, sizeof(w->cache_note), e.msg);
        if (cr == CACHE_BAD)
            say("%s", e.msg); /* moved aside: worth a line of its own */
        return NULL;
    }
    w->have = true;
    w->nsessions = s->nsessions;
    copy_str(w->version, sizeof(w->version), s->version ? s->version : "");
    copy_str(info->source, sizeof(info->source), "cache");
    info->fetched_at = w->cur.fetched_at;
    return s;
}

/* ---- User-Agent: the screen says who it is and how it is -------------- */

/* Appends s, sanitised and cut to max bytes at a character boundary. */
static void ua_put(char *buf, size_t size, size_t *pos, const char *s, size_t max, bool room)
{
    size_t n = s ? strlen(s) : 0, used = 0, i = 0;

    while (i < n) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        unsigned char c = (unsigned char)s[i];
        bool bad = k == 0 || cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ||
                   (k == 1 && strchr("();\"\\", c)) || (room && c == ',');
        size_t len = bad ? 1 : k;
        if (used + len > max || *pos + len >= size)
            break;
        if (bad)
            buf[(*pos)++] = '_';
        else
            memcpy(buf + *pos, s + i, k), *pos += k;
        used += len;
        i += k ? k : 1;
    }
    buf[*pos] = '\0';
}

static void ua_lit(char *buf, size_t size, size_t *pos, const char *s)
{
    size_t n = strlen(s);

    if (*pos + n >= size)
        n = size - 1 - *pos;
    memcpy(buf + *pos, s, n);
    *pos += n;
    buf[*pos] = '\0';
}

const char *fetch_user_agent(char *buf, size_t size, const struct fetch_ua *ua)
{
    size_t pos = 0, start;
    int64_t up = ua->up_s > 0 ? ua->up_s : 0;
    char tmp[48];

    if (size == 0)
        return buf;
    buf[0] = '\0';
    ua_lit(buf, size, &pos, "roomboard/" ROOMBOARD_VERSION);
    if (!ua->report)
        return buf;
    ua_lit(buf, size, &pos, " (screen=");
    ua_put(buf, size, &pos, ua->name, 64, false);
    ua_lit(buf, size, &pos, "; rooms=");
    start = pos;
    for (size_t i = 0; i < ua->nrooms && pos - start < 160; i++) {
        size_t left = 160 - (pos - start) - (i > 0);
        if (i > 0)
            ua_lit(buf, size, &pos, ",");
        ua_put(buf, size, &pos, ua->rooms[i], left < 48 ? left : 48, true);
    }
    ua_lit(buf, size, &pos, "; version=");
    ua_put(buf, size, &pos, ua->version, 64, false);
    ua_lit(buf, size, &pos, "; status=");
    ua_put(buf, size, &pos, ua->status, 16, false);
    ua_lit(buf, size, &pos, "; clock=");
    ua_put(buf, size, &pos, ua->clock, 16, false);
    if (up >= 86400)
        snprintf(tmp, sizeof(tmp), "; up=%" PRId64 "d%dh%dm)", up / 86400, (int)(up % 86400 / 3600),
                 (int)(up % 3600 / 60));
    else if (up >= 3600)
        snprintf(tmp, sizeof(tmp), "; up=%dh%dm)", (int)(up / 3600), (int)(up % 3600 / 60));
    else
        snprintf(tmp, sizeof(tmp), "; up=%dm)", (int)(up / 60));
    ua_lit(buf, size, &pos, tmp);
    return buf;
}

/* The User-Agent for the next request, from what the screen shows now (*i,
 * as the render loop sees it). The clock is "server" when the board's own
 * is not plausible but a server Date is (the kiosk then runs on that). */
static void ua_update(struct worker *w, const struct fetch_info *i)
{
    struct fetch_info cur = *i;
    int64_t now = clock_realtime_ms();
    const char *clk = "ok", *status = "ok";

    if (!clock_plausible(now))
        clk = i->server_date > 0 && clock_plausible(i->server_date * 1000) ? "server" : "waiting";
    info_stale(&cur, w->c.stale_s, now / 1000);
    if (!w->have)
        status = "no-schedule";
    else if (strcmp(clk, "waiting") == 0)
        status = "clock-waiting";
    else if (strcmp(i->source, "cache") == 0)
        status = i->failures > 0 ? "offline-cache" : "ok"; /* not tried yet: starting */
    else if (cur.stale)
        status = "stale";
    struct fetch_ua ua = {.report = w->c.report,
                          .name = w->c.name,
                          .rooms = (const char *const *)w->c.rooms,
                          .nrooms = w->c.nrooms,
                          .version = w->version,
                          .status = status,
                          .clock = clk,
                          .up_s = (clock_mono_ms() - w->c.started_ms) / 1000};
    fetch_user_agent(w->ua, sizeof(w->ua), &ua);
}

static uint64_t rng_next(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Milliseconds until the next refresh: the poll interval after a success;
 * after n failures in a row poll * 2^(n-1), capped at 8 polls (at most
 * FETCH_BACKOFF_CAP_S, never less than one poll). Plus 0..jitter_s. */
static int64_t next_delay_ms(const struct conf *c, unsigned failures, uint64_t *rng)
{
    int64_t poll = (int64_t)c->poll_s * 1000, d = poll;

    if (failures > 0) {
        int64_t cap = 8 * poll;
        if (cap > FETCH_BACKOFF_CAP_S * 1000)
            cap = FETCH_BACKOFF_CAP_S * 1000;
        if (cap < poll)
            cap = poll;
        unsigned sh = failures - 1 > 20 ? 20 : failures - 1;
        d = poll << sh;
        if (d > cap)
            d = cap;
    }
    if (c->jitter_s > 0)
        d += (int64_t)(rng_next(rng) % ((uint64_t)c->jitter_s * 1000 + 1));
    return d;
}

/* A new document replaces one never taken: the newer one wins. */
static void keep_pending(struct fetch *f, struct result *r)
{
    if (r->kind != OUT_NEW)
        return;
    if (r->sched) {
        sched_free(f->pending);
        f->pending = r->sched;
    }
    if (r->status) {
        status_free(f->pending_status);
        f->pending_status = r->status;
    }
}

static void *run(void *arg)
{
    struct fetch *f = arg;
    /* The first refresh right after the cache (a local file was read in
     * fetch_start already: then one poll later). */
    int64_t due = clock_mono_ms() + f->first_delay_ms;
    struct result r;
    struct timespec ts;

    pthread_mutex_lock(&f->mu);
    for (;;) {
        while (!atomic_load(&f->w.stop) && !f->refresh) {
            int64_t now = clock_mono_ms();
            if (now >= due)
                break;
            clock_gettime(CLOCK_MONOTONIC, &ts);
            int64_t wait = due - now;
            ts.tv_sec += wait / 1000;
            ts.tv_nsec += (wait % 1000) * 1000000;
            if (ts.tv_nsec >= 1000000000) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000;
            }
            pthread_cond_timedwait(&f->cv, &f->mu, &ts);
        }
        if (atomic_load(&f->w.stop))
            break;
        f->refresh = false;
        const char *src_before = f->info.source[0] ? f->info.source : "cache";
        char src[8];
        copy_str(src, sizeof(src), src_before);
        ua_update(&f->w, &f->info);
        pthread_mutex_unlock(&f->mu);

        refresh(&f->w, &r);
        if (r.kind == OUT_STOPPED) {
            pthread_mutex_lock(&f->mu);
            break;
        }
        if (r.kind == OUT_FAIL)
            log_failure(&f->w, &r, src);

        pthread_mutex_lock(&f->mu);
        info_apply(&f->info, &f->w, &r, (int64_t)time(NULL));
        keep_pending(f, &r);
        due = clock_mono_ms() + next_delay_ms(&f->w.c, f->info.failures, &f->rng);
        pthread_mutex_unlock(&f->mu);
        if (f->notify)
            f->notify(f->ud);
        pthread_mutex_lock(&f->mu);
    }
    pthread_mutex_unlock(&f->mu);
    return NULL;
}

static bool start(const struct cfg *cfg, enum doc_kind doc, size_t idx, void (*notify)(void *ud),
                  void *ud, struct fetch **out, struct err *err)
{
    struct fetch *f = calloc(1, sizeof(*f));
    pthread_condattr_t ca;
    struct timespec ts;

    if (!f)
        return err_set(err, "fetch: out of memory");
    if (!conf_init(&f->w.c, cfg, doc, idx, err)) {
        free(f);
        return false;
    }
    pthread_once(&curl_once, curl_init);
    atomic_init(&f->w.stop, false);
    f->notify = notify;
    f->ud = ud;
    clock_gettime(CLOCK_REALTIME, &ts);
    f->rng = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^ ((uint64_t)getpid() << 40) ^
             (uint64_t)(uintptr_t)f;
    info_init(&f->info, f->w.c.shown);
    /* Cache first, synchronously: the first frame never waits for the
     * network. */
    if (doc == DOC_STATUS)
        f->pending_status = load_status_cache(&f->w, &f->info);
    else
        f->pending = load_cache(&f->w, &f->info);
    if (f->w.c.kind != SRC_HTTP) {
        /* A local file costs no network wait: read it now as well, so the
         * first frame has the newest schedule there is. */
        struct result r;
        refresh(&f->w, &r);
        if (r.kind == OUT_FAIL)
            log_failure(&f->w, &r, "cache");
        info_apply(&f->info, &f->w, &r, (int64_t)time(NULL));
        keep_pending(f, &r);
        f->first_delay_ms = next_delay_ms(&f->w.c, f->info.failures, &f->rng);
    }

    pthread_mutex_init(&f->mu, NULL);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&f->cv, &ca);
    pthread_condattr_destroy(&ca);
    int rc = pthread_create(&f->thread, NULL, run, f);
    if (rc != 0) {
        char ebuf[128];
        err_set(err, "fetch: cannot start the fetcher thread: %s",
                err_strerror(rc, ebuf, sizeof(ebuf)));
        f->started = false;
        fetch_stop(f);
        return false;
    }
    f->started = true;
    *out = f;
    return true;
}

bool fetch_start(const struct cfg *cfg, void (*notify)(void *ud), void *ud, struct fetch **out,
                 struct err *err)
{
    return start(cfg, DOC_SCHEDULE, 0, notify, ud, out, err);
}

bool fetch_start_source(const struct cfg *cfg, size_t idx, void (*notify)(void *ud), void *ud,
                        struct fetch **out, struct err *err)
{
    return start(cfg, DOC_SCHEDULE, idx, notify, ud, out, err);
}

bool fetch_start_status(const struct cfg *cfg, void (*notify)(void *ud), void *ud,
                        struct fetch **out, struct err *err)
{
    return start(cfg, DOC_STATUS, 0, notify, ud, out, err);
}

struct status *fetch_take_status(struct fetch *f, struct fetch_info *info)
{
    struct status *st;

    pthread_mutex_lock(&f->mu);
    st = f->pending_status;
    f->pending_status = NULL;
    *info = f->info;
    pthread_mutex_unlock(&f->mu);
    info_stale(info, f->w.c.stale_s, (int64_t)time(NULL));
    return st;
}

struct sched *fetch_take(struct fetch *f, struct fetch_info *info)
{
    struct sched *s;

    pthread_mutex_lock(&f->mu);
    s = f->pending;
    f->pending = NULL;
    *info = f->info;
    pthread_mutex_unlock(&f->mu);
    info_stale(info, f->w.c.stale_s, (int64_t)time(NULL));
    return s;
}

void fetch_refresh_now(struct fetch *f)
{
    if (!f)
        return;
    pthread_mutex_lock(&f->mu);
    f->refresh = true;
    pthread_cond_signal(&f->cv);
    pthread_mutex_unlock(&f->mu);
}

void fetch_stop(struct fetch *f)
{
    if (!f)
        return;
    if (f->started) {
        pthread_mutex_lock(&f->mu);
        atomic_store(&f->w.stop, true); /* also aborts a transfer in flight */
        pthread_cond_signal(&f->cv);
        pthread_mutex_unlock(&f->mu);
        pthread_join(f->thread, NULL);
    }
    pthread_cond_destroy(&f->cv);
    pthread_mutex_destroy(&f->mu);
    sched_free(f->pending);
    status_free(f->pending_status);
    conf_clear(&f->w.c);
    free(f);
}

/* The one-shot side (--state, --screenshot): a worker for DOC of CFG (a schedule: source IDX). */
static bool once_init(const struct cfg *cfg, enum doc_kind doc, size_t idx, struct worker *w,
                      struct fetch_info *i, struct err *err)
{
    memset(w, 0, sizeof(*w));
    if (!conf_init(&w->c, cfg, doc, idx, err))
        return false;
    pthread_once(&curl_once, curl_init);
    atomic_init(&w->stop, false);
    info_init(i, w->c.shown);
    return true;
}

/* One refresh after the cache was loaded (CACHED: whether it had one). */
static void once_refresh(struct worker *w, struct fetch_info *i, struct result *r, bool cached)
{
    ua_update(w, i);
    refresh(w, r);
    if (r->kind == OUT_FAIL && cached)
        log_failure(w, r, "cache"); /* else the caller prints err */
    info_apply(i, w, r, (int64_t)time(NULL));
    info_stale(i, w->c.stale_s, (int64_t)time(NULL));
}

bool fetch_once(const struct cfg *cfg, struct sched **out, struct fetch_info *info, struct err *err)
{
    return fetch_once_source(cfg, 0, out, info, err);
}

bool fetch_once_source(const struct cfg *cfg, size_t idx, struct sched **out,
                       struct fetch_info *info, struct err *err)
{
    struct worker w;
    struct sched *cached;
    struct result r;
    struct fetch_info i;

    if (!once_init(cfg, DOC_SCHEDULE, idx, &w, &i, err))
        return false;
    cached = load_cache(&w, &i);
    once_refresh(&w, &i, &r, cached != NULL);
    *info = i;
    if (r.kind == OUT_NEW) {
        sched_free(cached);
        *out = r.sched;
    } else if (cached) {
        *out = cached; /* 304, same bytes, or a failure: the cache serves */
    } else {
        err_set(err, "no schedule: %s could not be fetched (%s), and there is no usable cache (%s)",
                w.c.shown, r.error, w.cache_note);
    }
    conf_clear(&w.c);
    return r.kind == OUT_NEW || cached;
}

bool fetch_once_status(const struct cfg *cfg, struct status **out, struct fetch_info *info,
                       struct err *err)
{
    struct worker w;
    struct status *cached;
    struct result r;
    struct fetch_info i;

    if (!once_init(cfg, DOC_STATUS, 0, &w, &i, err))
        return false;
    cached = load_status_cache(&w, &i);
    once_refresh(&w, &i, &r, cached != NULL);
    *info = i;
    if (r.kind == OUT_NEW) {
        status_free(cached);
        *out = r.status;
    } else if (cached) {
        *out = cached;
    } else {
        err_set(err, "no door status: %s could not be read (%s), and there is no usable cache (%s)",
                w.c.shown, r.error, w.cache_note);
    }
    conf_clear(&w.c);
    return r.kind == OUT_NEW || cached;
}
