/* frab/pretalx schedule.json: the model's own loader does the reading and
 * the normalising (docs/schedule-format.md), so importing a schedule.json
 * and validating one are the same step. */
#include "imp_frab.h"

#include <stdio.h>

bool imp_frab_read(const char *buf, size_t len, const struct imp_opts *opts, struct sched **out,
                   struct imp_info *info, struct err *err)
{
    struct sched *s = NULL;

    if (!sched_load(buf, len, &s, err))
        return false;
    if (s->nsessions == 0) {
        sched_free(s);
        return err_set(err, "frab: no sessions found: the schedule holds no event");
    }
    if (info) {
        snprintf(info->zone_how, sizeof(info->zone_how), "from the schedule");
        /* The file states its own instants and zone. */
        if (opts && opts->tzname)
            snprintf(info->note, sizeof(info->note),
                     "--timezone is ignored for frab input: the schedule states its own zone");
    }
    *out = s;
    return true;
}
