#include "imp.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "imp_frab.h"
#include "imp_ics.h"
#include "imp_sched.h"

bool imp_format_parse(const char *name, enum imp_format *out)
{
    static const struct {
        const char *name;
        enum imp_format f;
    } names[] = {{"auto", IMP_AUTO}, {"sched", IMP_SCHED}, {"ics", IMP_ICS},      {"ical", IMP_ICS},
                 {"frab", IMP_FRAB}, {"json", IMP_FRAB},   {"pretalx", IMP_FRAB}, {"xml", IMP_FRAB},
                 {"v2", IMP_FRAB},   {"screen", IMP_FRAB}};

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcasecmp(name, names[i].name) == 0) {
            *out = names[i].f;
            return true;
        }
    }
    return false;
}

const char *imp_format_name(enum imp_format f)
{
    switch (f) {
    case IMP_SCHED:
        return "sched";
    case IMP_ICS:
        return "ics";
    case IMP_FRAB:
        return "frab";
    case IMP_AUTO:
        break;
    }
    return "auto";
}

enum imp_format imp_detect(const char *buf, size_t len)
{
    size_t i = 0;

    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
        i++;
    /* JSON and XML (an HTML page too, so the door names it) are the formats
     * the screens read. */
    if (i < len && (buf[i] == '{' || buf[i] == '[' || buf[i] == '<'))
        return IMP_FRAB;
    /* A calendar starts with BEGIN:VCALENDAR; look a little further in case
     * of a stray header line. */
    static const char tag[] = "BEGIN:VCALENDAR";
    size_t scan = len - i < 4096 ? len - i : 4096;
    for (size_t k = 0; k + sizeof(tag) - 1 <= scan; k++) {
        if (strncasecmp(buf + i + k, tag, sizeof(tag) - 1) == 0)
            return IMP_ICS;
    }
    return IMP_SCHED;
}

bool imp_read(enum imp_format format, const char *buf, size_t len, const struct imp_opts *opts,
              struct sched **out, struct imp_info *info, struct err *err)
{
    if (format == IMP_AUTO)
        format = imp_detect(buf, len);
    if (info)
        info->format = format;
    switch (format) {
    case IMP_SCHED:
        return imp_sched_read(buf, len, opts, out, info, err);
    case IMP_ICS:
        return imp_ics_read(buf, len, opts, out, info, err);
    case IMP_FRAB:
    case IMP_AUTO:
        break;
    }
    return imp_frab_read(buf, len, opts, out, info, err);
}

/* The abbreviations sched pages and calendar apps print, with the zone we
 * pick for each. Where one abbreviation covers several zones with the same
 * rules (CET: Paris, Berlin, Madrid, ...) any of them gives the same instants
 * since 1996; we pick one and say so. Ambiguous ones (IST: India, Ireland,
 * Israel) are left out, so the organizer must pass --timezone. */
static const struct {
    const char *abbr;
    int off;
    const char *zone;
} abbrs[] = {
    {"UTC", 0, "UTC"},
    {"GMT", 0, "Europe/London"},
    {"BST", 3600, "Europe/London"},
    {"WET", 0, "Europe/Lisbon"},
    {"WEST", 3600, "Europe/Lisbon"},
    {"CET", 3600, "Europe/Paris"},
    {"CEST", 7200, "Europe/Paris"},
    {"EET", 7200, "Europe/Helsinki"},
    {"EEST", 10800, "Europe/Helsinki"},
    {"MSK", 10800, "Europe/Moscow"},
    {"EST", -5 * 3600, "America/New_York"},
    {"EDT", -4 * 3600, "America/New_York"},
    {"CST", -6 * 3600, "America/Chicago"},
    {"CDT", -5 * 3600, "America/Chicago"},
    {"MST", -7 * 3600, "America/Denver"},
    {"MDT", -6 * 3600, "America/Denver"},
    {"PST", -8 * 3600, "America/Los_Angeles"},
    {"PDT", -7 * 3600, "America/Los_Angeles"},
    {"AKST", -9 * 3600, "America/Anchorage"},
    {"AKDT", -8 * 3600, "America/Anchorage"},
    {"HST", -10 * 3600, "Pacific/Honolulu"},
    {"JST", 9 * 3600, "Asia/Tokyo"},
    {"KST", 9 * 3600, "Asia/Seoul"},
    {"HKT", 8 * 3600, "Asia/Hong_Kong"},
    {"SGT", 8 * 3600, "Asia/Singapore"},
    {"AWST", 8 * 3600, "Australia/Perth"},
    {"ACST", 34200, "Australia/Adelaide"},
    {"ACDT", 37800, "Australia/Adelaide"},
    {"AEST", 10 * 3600, "Australia/Sydney"},
    {"AEDT", 11 * 3600, "Australia/Sydney"},
    {"NZST", 12 * 3600, "Pacific/Auckland"},
    {"NZDT", 13 * 3600, "Pacific/Auckland"},
};

bool imp_abbr_lookup(const char *abbr, int *off, const char **zone)
{
    for (size_t i = 0; i < sizeof(abbrs) / sizeof(abbrs[0]); i++) {
        if (strcmp(abbr, abbrs[i].abbr) == 0) {
            *off = abbrs[i].off;
            *zone = abbrs[i].zone;
            return true;
        }
    }
    return false;
}

bool imp_check_times(const char *title, int64_t start, int64_t end, struct err *err)
{
    /* 9000-01-01T00:00:00Z */
    static const int64_t latest = 221845392000;

    if (start < 0 || start > latest)
        return err_set(err, "session '%.60s' starts outside the years 1970 to 9000", title);
    if (end < start)
        return err_set(err, "session '%.60s' ends before it starts", title);
    if (end - start > IMP_MAX_SESSION_S)
        return err_set(err, "session '%.60s' lasts %lld hours; more than %d days is not a session",
                       title, (long long)((end - start) / 3600), IMP_MAX_SESSION_S / 86400);
    return true;
}

/* ---- lines ------------------------------------------------------------ */

void imp_lines_free(struct imp_lines *l)
{
    if (!l)
        return;
    free(l->line);
    free(l->store);
    memset(l, 0, sizeof(*l));
}

/* Counts the lines of BUF: one per terminator, plus an unterminated last. */
static size_t count_lines(const char *buf, size_t len)
{
    size_t n = 0;

    for (size_t i = 0; i < len; i++) {
        if (buf[i] == '\r' && i + 1 < len && buf[i + 1] == '\n')
            i++;
        if (buf[i] == '\n' || buf[i] == '\r')
            n++;
    }
    return n + (len > 0 && buf[len - 1] != '\n' && buf[len - 1] != '\r');
}

bool imp_lines_split(const char *buf, size_t len, struct imp_lines *out, struct err *err)
{
    struct imp_lines l = {0};
    size_t want = count_lines(buf, len), i = 0;
    char *w;

    if (want > IMP_MAX_LINES)
        return err_set(err, "import: the input has %zu lines, more than %d", want, IMP_MAX_LINES);
    l.store = malloc(len + 1);
    l.line = malloc((want ? want : 1) * sizeof(*l.line));
    if (!l.store || !l.line) {
        imp_lines_free(&l);
        return err_set(err, "import: out of memory splitting the input into lines");
    }
    w = l.store;
    while (i < len) {
        size_t j = i;
        while (j < len && buf[j] != '\n' && buf[j] != '\r')
            j++;
        l.line[l.n++] = w;
        for (size_t k = i; k < j; k++)
            *w++ = buf[k] ? buf[k] : ' ';
        *w++ = '\0';
        if (j < len && buf[j] == '\r' && j + 1 < len && buf[j + 1] == '\n')
            j++;
        i = j + 1;
    }
    *out = l;
    return true;
}

/* Length of a blank (ASCII space, tab, U+00A0) at s, or 0. */
static size_t blank_len(const char *s)
{
    if (*s == ' ' || *s == '\t' || *s == '\v' || *s == '\f')
        return 1;
    if ((unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0)
        return 2;
    return 0;
}

char *imp_trim(char *s)
{
    size_t start = 0, n, end;

    while (s[start] && blank_len(s + start))
        start += blank_len(s + start);
    n = strlen(s + start);
    memmove(s, s + start, n + 1);
    end = n;
    for (;;) {
        if (end >= 1 &&
            (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\v' || s[end - 1] == '\f')) {
            end--;
        } else if (end >= 2 && (unsigned char)s[end - 2] == 0xc2 &&
                   (unsigned char)s[end - 1] == 0xa0) {
            end -= 2;
        } else {
            break;
        }
    }
    s[end] = '\0';
    return s;
}

char *imp_strndup_trim(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return imp_trim(d);
}

void imp_slug(const char *title, char *buf, size_t size)
{
    size_t n = 0;
    bool dash = false;

    if (size == 0)
        return;
    for (const char *p = title; *p && n + 1 < size; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && n > 0 && n + 2 < size)
                buf[n++] = '-';
            buf[n++] = c;
            dash = false;
        } else {
            dash = true;
        }
    }
    buf[n] = '\0';
    if (n == 0)
        snprintf(buf, size, "event");
}

/* ---- files ------------------------------------------------------------ */

bool imp_read_file(const char *path, char **buf, size_t *len, struct err *err)
{
    FILE *f = fopen(path, "rb");
    char *b = NULL;
    size_t n = 0, cap = 0;

    if (!f)
        return err_set(err, "import: cannot open %s: %s", path, strerror(errno));
    for (;;) {
        if (cap - n < 65536) {
            size_t ncap = cap ? cap * 2 : 65536 * 2;
            if (ncap > (size_t)IMP_MAX_INPUT + 1)
                ncap = (size_t)IMP_MAX_INPUT + 1;
            if (ncap <= n) {
                free(b);
                fclose(f);
                return err_set(err, "import: %s is larger than %u MiB; refusing it", path,
                               IMP_MAX_INPUT / (1024u * 1024u));
            }
            char *nb = realloc(b, ncap + 1);
            if (!nb) {
                free(b);
                fclose(f);
                return err_set(err, "import: out of memory reading %s", path);
            }
            b = nb;
            cap = ncap;
        }
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        int e = errno;
        free(b);
        fclose(f);
        return err_set(err, "import: cannot read %s: %s", path, strerror(e));
    }
    fclose(f);
    if (n > IMP_MAX_INPUT) {
        free(b);
        return err_set(err, "import: %s is larger than %u MiB; refusing it", path,
                       IMP_MAX_INPUT / (1024u * 1024u));
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return true;
}
