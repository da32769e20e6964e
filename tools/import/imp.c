#include "imp.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "read.h"

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

static enum read_format door_format(enum imp_format f)
{
    switch (f) {
    case IMP_SCHED:
        return READ_SCHED;
    case IMP_ICS:
        return READ_ICAL;
    case IMP_FRAB:
    case IMP_AUTO:
        break;
    }
    return READ_AUTO;
}

static enum imp_format imp_format_of(enum read_format f)
{
    if (f == READ_SCHED)
        return IMP_SCHED;
    if (f == READ_ICAL)
        return IMP_ICS;
    return IMP_FRAB;
}

/* The summary's words: where the zone came from, what was left out, and
 * that --timezone lost to a zone the source states itself. */
static void fill_info(const struct sched *s, const struct read_info *ri,
                      const struct imp_opts *opts, struct imp_info *info)
{
    size_t n;

    info->format = imp_format_of(ri->format);
    snprintf(info->zone_how, sizeof(info->zone_how), "%s", ri->zone_how);
    snprintf(info->note, sizeof(info->note), "%s", ri->note);
    if (!opts || !opts->tzname || strcmp(s->tz_source, "--timezone") == 0)
        return;
    n = strlen(info->note);
    snprintf(info->note + n, sizeof(info->note) - n,
             "%s--timezone is ignored: the schedule "
             "states its own zone",
             n ? "; " : "");
}

bool imp_read(enum imp_format format, const char *buf, size_t len, const struct imp_opts *opts,
              struct sched **out, struct imp_info *info, struct err *err)
{
    struct read_opts ro = {.format = door_format(format), .tz_source = "--timezone"};
    struct read_info ri;
    struct sched *s = NULL;

    ro.tzname = opts ? opts->tzname : NULL;
    ro.title = opts && opts->title ? opts->title : "Schedule";
    if (!read_bytes(buf, len, &ro, &s, &ri, err))
        return false;
    if (s->nsessions == 0) {
        sched_free(s);
        return err_set(err, "%s: no sessions found: the schedule holds no event",
                       read_format_name(ri.format));
    }
    if (info)
        fill_info(s, &ri, opts, info);
    *out = s;
    return true;
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
