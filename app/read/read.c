#include "read.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "file.h"
#include "jval.h"
#include "read_frab.h"
#include "read_sched.h"
#ifdef ROOMBOARD_HAVE_ICAL
#include "read_ics.h"
#endif
#include "read_v2.h"
#include "read_xml.h"
#include "utf8.h"

/* ---- detection ----------------------------------------------------------- */

/* Offset of the first byte after a UTF-8 BOM and blanks. */
static size_t skip_blank(const char *b, size_t len)
{
    size_t i = 0;

    if (len >= 3 && memcmp(b, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    while (i < len && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n'))
        i++;
    return i;
}

static bool starts_nocase(const char *b, size_t len, const char *word)
{
    size_t n = strlen(word);

    return len >= n && strncasecmp(b, word, n) == 0;
}

/* An XML prolog (<?xml ...?>, comments, a DOCTYPE) is skipped to the first
 * element; HTML is a DOCTYPE html or a first element <html>. Only the first
 * 4 KiB are looked at, so this is bounded whatever the body. */
static bool looks_html(const char *b, size_t len)
{
    size_t i = 0, n = len < 4096 ? len : 4096;

    while (i < n) {
        if (b[i] != '<') {
            i++;
            continue;
        }
        if (starts_nocase(b + i, n - i, "<!doctype html") || starts_nocase(b + i, n - i, "<html"))
            return true;
        if (starts_nocase(b + i, n - i, "<?") || starts_nocase(b + i, n - i, "<!")) {
            const char *gt = memchr(b + i, '>', n - i);
            if (!gt)
                return false;
            i = (size_t)(gt - b) + 1;
            continue;
        }
        return false; /* the first element, not <html> */
    }
    return false;
}

enum read_format read_detect(const char *body, size_t len)
{
    size_t i = skip_blank(body, len);

    if (i == len)
        return READ_UNKNOWN;
    if (body[i] == '{' || body[i] == '[')
        return READ_FRAB_JSON;
    if (body[i] == '<')
        return looks_html(body + i, len - i) ? READ_UNKNOWN : READ_FRAB_XML;
    if (starts_nocase(body + i, len - i, "BEGIN:VCALENDAR"))
        return READ_ICAL;
    if (read_sched_detect(body + i, len - i))
        return READ_SCHED;
    return READ_UNKNOWN;
}

const char *read_format_name(enum read_format f)
{
    switch (f) {
    case READ_FRAB_JSON:
        return "frab-json";
    case READ_FRAB_XML:
        return "frab-xml";
    case READ_V2_JSON:
        return "c3voc-v2";
    case READ_ICAL:
        return "icalendar";
    case READ_SCHED:
        return "sched";
    case READ_AUTO:
        return "auto";
    case READ_UNKNOWN:
        break;
    }
    return "unknown";
}

/* ---- body checks --------------------------------------------------------- */

static bool check_text(const char *body, size_t len, struct err *err)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n;
        if ((unsigned char)body[i] < 0x80) {
            if (body[i] == 0)
                return err_set(err, "the body has a NUL byte at offset %zu", i);
            i++;
            continue;
        }
        n = utf8_decode(body + i, len - i, &cp);
        if (n == 0)
            return err_set(err, "the body is not valid UTF-8 (byte 0x%02x at offset %zu)",
                           (unsigned char)body[i], i);
        i += n;
    }
    return true;
}

/* Nesting and the number of values, counted outside strings, so cJSON
 * (about 64 bytes a value) never allocates more than READ_MAX_VALUES
 * nodes whatever the body holds. */
static bool check_json(const char *body, size_t len, struct err *err)
{
    int depth = 0;
    size_t values = 1;
    bool in_str = false, esc = false;

    for (size_t i = 0; i < len; i++) {
        char c = body[i];
        if (in_str) {
            if (esc)
                esc = false;
            else if (c == '\\')
                esc = true;
            else if (c == '"')
                in_str = false;
            continue;
        }
        if (c == '"') {
            in_str = true;
        } else if (c == '[' || c == '{') {
            if (++depth > READ_MAX_DEPTH)
                return err_set(err, "the body nests JSON deeper than %d levels (offset %zu)",
                               READ_MAX_DEPTH, i);
            values++;
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        } else if (c == ',' && ++values > READ_MAX_VALUES) {
            return err_set(err, "the body holds more than %d JSON values (offset %zu)",
                           READ_MAX_VALUES, i);
        }
    }
    return true;
}

/* Every tag costs the streaming XML reader a callback, never a node; the
 * bound keeps the time and the model small all the same. */
static bool check_xml(const char *body, size_t len, struct err *err)
{
    size_t tags = 0;
    const char *p = body, *end = body + len;

    while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        if (++tags > READ_MAX_ELEMENTS)
            return err_set(err, "the body holds more than %d XML tags (offset %zu)",
                           READ_MAX_ELEMENTS, (size_t)(p - body));
        p++;
    }
    return true;
}

/* libical keeps every content line as a node (a few hundred bytes each),
 * the sched reader a pointer per line: the line count is bounded before
 * either parses. */
static bool check_lines(const char *body, size_t len, struct err *err)
{
    size_t lines = 0;
    const char *p = body, *end = body + len;

    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        if (++lines > READ_MAX_LINES)
            return err_set(err, "the body holds more than %d lines (offset %zu)", READ_MAX_LINES,
                           (size_t)(p - body));
        p++;
    }
    return true;
}

bool read_check_body(const char *body, size_t len, enum read_format format, struct err *err)
{
    size_t i;

    if (len == 0 || (i = skip_blank(body, len)) == len)
        return err_set(err, "the body is empty");
    if (body[i] == '<' && looks_html(body + i, len - i))
        return err_set(err, "the body is an HTML page, not a schedule (an error or login page?)");
    if (!check_text(body, len, err))
        return false;
    if (format == READ_FRAB_JSON || format == READ_V2_JSON)
        return check_json(body, len, err);
    if (format == READ_FRAB_XML)
        return check_xml(body, len, err);
    if (format == READ_ICAL || format == READ_SCHED)
        return check_lines(body, len, err);
    return true;
}

/* The first bytes of BODY for a message: printable ASCII only, so the
 * line stays one line whatever the body holds. */
static void shown_start(const char *b, size_t len, char *buf, size_t size)
{
    size_t n = 0;

    for (size_t i = 0; i < len && n + 1 < size; i++)
        buf[n++] = b[i] >= 0x20 && b[i] < 0x7f ? b[i] : '?';
    buf[n] = '\0';
}

/* ---- the door ------------------------------------------------------------ */

const char *read_fallback_zone(const struct read_opts *opts)
{
    return opts && opts->tzname && *opts->tzname ? opts->tzname : NULL;
}

const char *read_fallback_source(const struct read_opts *opts)
{
    return opts && opts->tz_source ? opts->tz_source : "config";
}

void read_zone_from(struct sched *s, struct read_info *info, const char *source)
{
    s->tz_source = source;
    if (!info)
        return;
    if (strcmp(source, "schedule") == 0)
        snprintf(info->zone_how, sizeof(info->zone_how), "from the schedule");
    else if (strcmp(source, "default") == 0)
        snprintf(info->zone_how, sizeof(info->zone_how), "UTC: the schedule names none");
    else if (strcmp(source, "config") == 0)
        snprintf(info->zone_how, sizeof(info->zone_how), "from the config key timezone");
    else
        snprintf(info->zone_how, sizeof(info->zone_how), "from %s", source);
}

bool read_check_length(const char *what, const char *title, int64_t start, int64_t end,
                       struct err *err)
{
    /* 1970-01-01 .. 9000-01-01: what every format's writer and reader agree on */
    if (start < 0 || start > 221845392000LL)
        return err_set(err, "%s: session '%.80s' starts outside the years 1970 to 9000", what,
                       title);
    if (end < start)
        return err_set(err, "%s: session '%.80s' ends before it starts", what, title);
    if (end - start > READ_MAX_SESSION_S)
        return err_set(err,
                       "%s: session '%.80s' lasts %lld hours; more than 14 days is not a session",
                       what, title, (long long)((end - start) / 3600));
    return true;
}

bool read_need_zone(struct err *err, const char *what)
{
    return err_set(err,
                   "%s: the schedule names no time zone; set the venue's zone with --timezone "
                   "ZONE or the config key \"timezone\" (e.g. Europe/Brussels)",
                   what);
}

static bool is_v2(const cJSON *root)
{
    const cJSON *s = jval_obj(root, "schedule");

    return s && jval_arr(s, "events");
}

static bool read_json(const char *body, size_t len, const struct read_opts *opts,
                      struct sched **out, struct read_info *info, struct err *err)
{
    cJSON *root = cJSON_ParseWithLength(body, len);
    enum read_format f;
    bool ok;

    if (!root) {
        const char *at = cJSON_GetErrorPtr();
        size_t off = at && at >= body && at <= body + len ? (size_t)(at - body) : 0;
        return err_set(err, "schedule: not valid JSON (error near byte %zu)", off);
    }
    f = is_v2(root) ? READ_V2_JSON : READ_FRAB_JSON;
    if (opts && opts->format != READ_AUTO && opts->format != f) {
        cJSON_Delete(root);
        return err_set(err, "schedule: not %s but %s", read_format_name(opts->format),
                       read_format_name(f));
    }
    if (info)
        info->format = f;
    if (f == READ_V2_JSON)
        ok = read_v2_json(root, opts, out, info, err);
    else
        ok = read_frab_json(root, opts, out, info, err);
    cJSON_Delete(root);
    return ok;
}

/* Messages quote titles and bytes from the body: control characters (C0,
 * C1), bidi overrides and broken UTF-8 become a space or '?', so the
 * message stays one honest line on the screen, in the journal and in
 * STATUS=. In place; the text only gets shorter. */
static void one_line(struct err *err)
{
    char *m = err ? err->msg : NULL;
    size_t len = m ? strlen(m) : 0, o = 0;

    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_decode(m + i, len - i, &cp);
        if (n == 0) {
            m[o++] = '?';
            i++;
            continue;
        }
        if (utf8_is_hidden(cp)) {
            m[o++] = ' ';
        } else {
            memmove(m + o, m + i, n);
            o += n;
        }
        i += n;
    }
    if (m)
        m[o] = '\0';
}

static bool read_any(const char *body, size_t len, const struct read_opts *opts, struct sched **out,
                     struct read_info *info, struct err *err);

bool read_bytes(const char *body, size_t len, const struct read_opts *opts, struct sched **out,
                struct read_info *info, struct err *err)
{
    if (read_any(body, len, opts, out, info, err))
        return true;
    one_line(err);
    return false;
}

/* The reader to run: what detection found, except that a reader asked for
 * by name (the importer's --format sched or ics) also reads text that
 * nothing claims, so it can say what it misses. */
static enum read_format pick(enum read_format detected, const struct read_opts *opts)
{
    enum read_format want = opts ? opts->format : READ_AUTO;

    if ((want == READ_SCHED || want == READ_ICAL) &&
        (detected == READ_UNKNOWN || detected == READ_SCHED || detected == READ_ICAL))
        return want;
    return detected;
}

/* Refuses F when another format was asked for. */
static bool wanted(enum read_format f, const struct read_opts *opts, struct err *err)
{
    if (!opts || opts->format == READ_AUTO || opts->format == f)
        return true;
    return err_set(err, "schedule: not %s but %s", read_format_name(opts->format),
                   read_format_name(f));
}

static bool run_reader(enum read_format f, const char *body, size_t len,
                       const struct read_opts *opts, struct sched **out, struct read_info *info,
                       struct err *err)
{
    info->format = f;
    switch (f) {
    case READ_ICAL:
#ifdef ROOMBOARD_HAVE_ICAL
        return wanted(f, opts, err) && read_ics(body, len, opts, out, info, err);
#else
        return wanted(f, opts, err) &&
               err_set(err, "iCalendar: this build of roomboard does not read iCalendar (built "
                            "without libical); convert it with roomboard-import on a machine "
                            "whose build has libical");
#endif
    case READ_SCHED:
        return wanted(f, opts, err) && read_sched(body, len, opts, out, info, err);
    case READ_FRAB_JSON:
        if (opts && opts->format == READ_FRAB_XML)
            return err_set(err, "schedule: not frab-xml but JSON");
        return read_json(body, len, opts, out, info, err);
    case READ_FRAB_XML:
        return wanted(f, opts, err) && read_xml(body, len, opts, out, info, err);
    default:
        break;
    }
    return err_set(err, "schedule: no reader for %s", read_format_name(f));
}

static bool read_any(const char *body, size_t len, const struct read_opts *opts, struct sched **out,
                     struct read_info *info, struct err *err)
{
    enum read_format f = pick(read_detect(body, len), opts);
    struct sched *s = NULL;
    struct read_info mine;

    if (!info)
        info = &mine;
    memset(info, 0, sizeof(*info));
    if (!read_check_body(body, len, f, err))
        return false;
    if (f == READ_UNKNOWN) {
        char head[16];
        shown_start(body + skip_blank(body, len), len - skip_blank(body, len), head, sizeof(head));
        return err_set(err,
                       "not a schedule: neither JSON (frab v1, c3voc v2), schedule XML, "
                       "iCalendar nor a sched.com page (no line like 'Monday October 21, 2013 "
                       "1:00pm - 1:45pm BST'); it starts with '%s'",
                       head);
    }
    if (!run_reader(f, body, len, opts, &s, info, err))
        return false;
    s->format = read_format_name(info->format);
    *out = s;
    return true;
}

bool read_path(const char *path, size_t max, const struct read_opts *opts, struct sched **out,
               struct read_info *info, struct err *err)
{
    char *buf;
    size_t len;
    bool ok;

    if (max == 0)
        max = 64u << 20;
    if (!file_read("schedule", path, max, &buf, &len, NULL, NULL, err))
        return false;
    ok = read_bytes(buf, len, opts, out, info, err);
    free(buf);
    if (!ok)
        err_prefix(err, "%s", path);
    return ok;
}
