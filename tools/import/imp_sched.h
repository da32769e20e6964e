/* imp_sched — reads a sched.com list page saved as text (see docs/import.md).
 * Contract: see imp.h ("Every reader has the same shape"). */
#ifndef ROOMBOARD_IMP_SCHED_H
#define ROOMBOARD_IMP_SCHED_H

#include "imp.h"

bool imp_sched_read(const char *buf, size_t len, const struct imp_opts *opts, struct sched **out,
                    struct imp_info *info, struct err *err);

#endif
