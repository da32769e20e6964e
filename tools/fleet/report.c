#include "report.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void report_time(int64_t t, char *buf, size_t size)
{
    struct tm tm;
    time_t tt = (time_t)t;

    if (!gmtime_r(&tt, &tm) || strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, size, "?");
}

static void dur(char *buf, size_t size, int64_t s)
{
    if (s < 0)
        snprintf(buf, size, "-");
    else if (s >= 86400)
        snprintf(buf, size, "%" PRId64 "d%" PRId64 "h", s / 86400, s % 86400 / 3600);
    else if (s >= 3600)
        snprintf(buf, size, "%" PRId64 "h%02" PRId64 "m", s / 3600, s % 3600 / 60);
    else if (s >= 60)
        snprintf(buf, size, "%" PRId64 "m%02" PRId64 "s", s / 60, s % 60);
    else
        snprintf(buf, size, "%" PRId64 "s", s);
}

static size_t count(const struct report *r, enum fleet_verdict v)
{
    size_t n = 0;

    for (size_t i = 0; i < r->n; i++)
        n += r->screens[i]->verdict == v;
    return n;
}

/* ---- table ------------------------------------------------------------- */

void report_table(FILE *out, const struct report *r)
{
    char at[32], ago[32], iv[32], up[32];

    report_time(r->at, at, sizeof(at));
    fprintf(out, "%-8s %-20s %-16s %-15s %8s %6s %-18s %-13s %-7s %7s %s\n", "VERDICT", "SCREEN",
            "ROOMS", "ADDRESS", "SEEN", "EVERY", "VERSION", "STATUS", "CLOCK", "UP", "REASON");
    for (size_t i = 0; i < r->n; i++) {
        const struct fleet_screen *s = r->screens[i];
        dur(ago, sizeof(ago), r->at - s->last_seen);
        dur(iv, sizeof(iv), s->interval_s ? s->interval_s : -1);
        dur(up, sizeof(up), s->up_s);
        fprintf(out, "%-8s %-20s %-16s %-15s %8s %6s %-18s %-13s %-7s %7s %s\n",
                fleet_verdict_name(s->verdict), s->name, s->rooms[0] ? s->rooms : "(all)", s->addr,
                ago, iv, s->version[0] ? s->version : "-", s->status, s->clock, up, s->reason);
    }
    fprintf(out,
            "%zu screens at %s: %zu ok, %zu stale, %zu silent, %zu trouble; "
            "%" PRIu64 " bad lines skipped, %" PRIu64 " lines from other clients\n",
            r->n, at, count(r, FLEET_OK), count(r, FLEET_STALE), count(r, FLEET_SILENT),
            count(r, FLEET_TROUBLE), r->counts->skipped, r->counts->other);
}

/* ---- JSON -------------------------------------------------------------- */

static cJSON *rooms_array(const char *rooms)
{
    cJSON *a = cJSON_CreateArray();
    const char *p = rooms;

    while (a && *p) {
        size_t n = strcspn(p, ",");
        char room[161];
        memcpy(room, p, n);
        room[n] = '\0';
        cJSON_AddItemToArray(a, cJSON_CreateString(room));
        p += n + (p[n] == ',');
    }
    return a;
}

static cJSON *screen_json(const struct fleet_screen *s)
{
    cJSON *o = cJSON_CreateObject();
    char t[32];

    if (!o)
        return NULL;
    report_time(s->last_seen, t, sizeof(t));
    cJSON_AddStringToObject(o, "name", s->name);
    cJSON_AddItemToObject(o, "rooms", rooms_array(s->rooms));
    cJSON_AddStringToObject(o, "address", s->addr);
    cJSON_AddStringToObject(o, "last_seen", t);
    if (s->interval_s)
        cJSON_AddNumberToObject(o, "interval_s", s->interval_s);
    else
        cJSON_AddNullToObject(o, "interval_s");
    cJSON_AddStringToObject(o, "version", s->version);
    cJSON_AddStringToObject(o, "newest_version", s->newest);
    cJSON_AddStringToObject(o, "status", s->status);
    cJSON_AddStringToObject(o, "clock", s->clock);
    if (s->up_s >= 0)
        cJSON_AddNumberToObject(o, "uptime_s", (double)s->up_s);
    else
        cJSON_AddNullToObject(o, "uptime_s");
    cJSON_AddNumberToObject(o, "restarts", s->restarts);
    cJSON_AddStringToObject(o, "verdict", fleet_verdict_name(s->verdict));
    cJSON_AddStringToObject(o, "reason", s->reason);
    cJSON_AddStringToObject(o, "path", s->path);
    cJSON_AddNumberToObject(o, "polls", (double)s->polls);
    cJSON_AddStringToObject(o, "roomboard", s->app_version);
    return o;
}

char *report_json(const struct report *r)
{
    cJSON *o = cJSON_CreateObject(), *a;
    char at[32], *s;

    if (!o)
        return NULL;
    report_time(r->at, at, sizeof(at));
    cJSON_AddStringToObject(o, "at", at);
    a = cJSON_AddArrayToObject(o, "screens");
    for (size_t i = 0; a && i < r->n; i++)
        cJSON_AddItemToArray(a, screen_json(r->screens[i]));
    cJSON_AddNumberToObject(o, "skipped_lines", (double)r->counts->skipped);
    cJSON_AddNumberToObject(o, "other_lines", (double)r->counts->other);
    cJSON_AddNumberToObject(o, "plain_lines", (double)r->counts->plain);
    cJSON_AddNumberToObject(o, "later_lines", (double)r->counts->later);
    cJSON_AddNumberToObject(o, "lines", (double)r->counts->lines);
    s = cJSON_Print(o);
    cJSON_Delete(o);
    return s;
}

/* ---- HTML -------------------------------------------------------------- */

/* A growing string with a hard cap; on failure it frees itself. */
struct sbuf {
    char *p;
    size_t len, cap;
    bool bad;
};

#define SBUF_MAX (64u * 1024 * 1024)

static void put(struct sbuf *b, const char *s, size_t n)
{
    if (b->bad)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *q = cap <= SBUF_MAX ? realloc(b->p, cap) : NULL;
        if (!q) {
            free(b->p);
            *b = (struct sbuf){.bad = true};
            return;
        }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void puts_(struct sbuf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* Text into HTML: & < > " ' escaped. */
static void esc(struct sbuf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            puts_(b, "&amp;");
            break;
        case '<':
            puts_(b, "&lt;");
            break;
        case '>':
            puts_(b, "&gt;");
            break;
        case '"':
            puts_(b, "&quot;");
            break;
        case '\'':
            puts_(b, "&#39;");
            break;
        default:
            put(b, s, 1);
        }
    }
}

static const char css[] =
    "body{font-family:system-ui,sans-serif;margin:0;padding:1em;background:#fff;color:#111}"
    "h1{font-size:1.3em;margin:0 0 .3em}p{margin:.3em 0}"
    ".screen{border:1px solid #ccc;border-left:.6em solid #2a2;border-radius:.4em;"
    "padding:.5em .8em;margin:.6em 0}"
    ".screen.silent{border-left-color:#777;background:#f2f2f2}"
    ".screen.trouble{border-left-color:#c22;background:#fdeeee}"
    ".screen.stale{border-left-color:#d90;background:#fff6e0}"
    ".screen h2{font-size:1.1em;margin:0}.verdict{font-weight:bold;text-transform:uppercase}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:.1em .8em;margin:.4em 0 0}"
    "dt{color:#555}dd{margin:0;overflow-wrap:anywhere}.reason{font-weight:bold}";

static void field(struct sbuf *b, const char *name, const char *value)
{
    puts_(b, "<dt>");
    puts_(b, name);
    puts_(b, "</dt><dd>");
    esc(b, value);
    puts_(b, "</dd>");
}

static void html_screen(struct sbuf *b, const struct fleet_screen *s, int64_t at)
{
    const char *v = fleet_verdict_name(s->verdict);
    char t[32], a[32], line[192];

    puts_(b, "<section class=\"screen ");
    puts_(b, v);
    puts_(b, "\"><h2><span class=\"verdict\">");
    puts_(b, v);
    puts_(b, "</span> ");
    esc(b, s->name);
    puts_(b, "</h2>");
    if (s->reason[0]) {
        puts_(b, "<p class=\"reason\">");
        esc(b, s->reason);
        puts_(b, "</p>");
    }
    puts_(b, "<dl>");
    field(b, "Rooms", s->rooms[0] ? s->rooms : "(all rooms)");
    report_time(s->last_seen, t, sizeof(t));
    dur(a, sizeof(a), at - s->last_seen);
    snprintf(line, sizeof(line), "%s (%s ago)", t, a);
    field(b, "Last seen", line);
    dur(a, sizeof(a), s->interval_s ? s->interval_s : -1);
    field(b, "Polls every", a);
    snprintf(line, sizeof(line), "%s (newest %s)", s->version[0] ? s->version : "-",
             s->newest[0] ? s->newest : "-");
    field(b, "Version", line);
    field(b, "Status", s->status);
    field(b, "Clock", s->clock);
    dur(a, sizeof(a), s->up_s);
    snprintf(line, sizeof(line), "%s, %u restarts", a, s->restarts);
    field(b, "Up", line);
    field(b, "Address", s->addr);
    puts_(b, "</dl></section>\n");
}

char *report_html(const struct report *r)
{
    struct sbuf b = {0};
    char at[32], line[256];

    report_time(r->at, at, sizeof(at));
    puts_(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
              "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
              "<title>roomboard screens</title><style>");
    puts_(&b, css);
    puts_(&b, "</style></head><body>\n<h1>roomboard screens</h1>\n");
    snprintf(
        line, sizeof(line),
        "<p id=\"summary\">%zu screens at %s: %zu ok, %zu stale, %zu silent, %zu trouble.</p>\n",
        r->n, at, count(r, FLEET_OK), count(r, FLEET_STALE), count(r, FLEET_SILENT),
        count(r, FLEET_TROUBLE));
    puts_(&b, line);
    for (size_t i = 0; i < r->n; i++)
        html_screen(&b, r->screens[i], r->at);
    snprintf(line, sizeof(line),
             "<p><small>%" PRIu64 " bad log lines skipped. Written by roomboard-fleet "
             "%s.</small></p>\n</body></html>\n",
             r->counts->skipped, ROOMBOARD_VERSION);
    puts_(&b, line);
    return b.bad ? NULL : b.p;
}
