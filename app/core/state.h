/* state — "what would this screen show at instant T", as JSON (--state).
 *
 * Serialises exactly live's answer (live.h): it decides nothing itself, so
 * the JSON and the screen cannot disagree. */
#ifndef ROOMBOARD_STATE_H
#define ROOMBOARD_STATE_H

#include "live.h"

/* The answer L as a JSON document: the event, the instant and the clock's
 * trust, the source, every room of L (status, now, next, later, "free
 * until", announcements) and the screen (active hours, cycle, next
 * change). Returns a new string, free with free(); NULL when out of
 * memory or L has no schedule. */
char *state_json(const struct live *l);

#endif
