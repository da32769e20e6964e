/* The formats a screen reads (frab/pretalx JSON, schedule.xml, c3voc v2):
 * the importer goes through the same door as the screens (app/read/read.h),
 * so importing a file and validating it for the screens are the same step. */
#include "imp_frab.h"

#include <stdio.h>
#include <string.h>

#include "read.h"

bool imp_frab_read(const char *buf, size_t len, const struct imp_opts *opts, struct sched **out,
                   struct imp_info *info, struct err *err)
{
    struct read_opts ro = {.format = READ_AUTO, .tz_source = "--timezone"};
    struct read_info ri;
    struct sched *s = NULL;

    ro.tzname = opts ? opts->tzname : NULL;
    if (!read_bytes(buf, len, &ro, &s, &ri, err))
        return false;
    if (s->nsessions == 0) {
        sched_free(s);
        return err_set(err, "%s: no sessions found: the schedule holds no event",
                       read_format_name(ri.format));
    }
    if (info) {
        snprintf(info->zone_how, sizeof(info->zone_how), "%s", ri.zone_how);
        /* Offsets and zones in the source always win. */
        if (opts && opts->tzname && strcmp(s->tz_source, "--timezone") != 0)
            snprintf(info->note, sizeof(info->note),
                     "--timezone is ignored: the schedule states its own zone");
    }
    *out = s;
    return true;
}
