/* imp_frab — every format a screen reads (frab/pretalx JSON, schedule.xml,
 * c3voc v2), through the screens' own door (read.h), so this is also the
 * validator. Contract: see imp.h ("Every reader has the same shape"). */
#ifndef ROOMBOARD_IMP_FRAB_H
#define ROOMBOARD_IMP_FRAB_H

#include "imp.h"

bool imp_frab_read(const char *buf, size_t len, const struct imp_opts *opts, struct sched **out,
                   struct imp_info *info, struct err *err);

#endif
