/* fuzz_cfg — the config reader (cfg_load_json) and its output.
 *
 * Any input must either load or be refused with a message, and a refused
 * input must leave the config exactly as it was (compared through
 * cfg_to_json). A loaded config must keep every documented range, and its
 * cfg_to_json() output must load again into the same config (round trip), as
 * --check-config promises. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_cfg: %s\n%s\n", what, detail ? detail : "");
    abort();
}

static void check_ranges(const struct cfg *c, const char *json)
{
    if (!(c->rotate == 0 || c->rotate == 90 || c->rotate == 180 || c->rotate == 270))
        fail("rotate out of range", json);
    if (c->nrooms > CFG_MAX_ROOMS || c->nfonts > CFG_MAX_FONTS || c->nfonts < 1)
        fail("list size out of range", json);
    if (c->poll_s < 5 || c->jitter_s < 0 || c->jitter_s > c->poll_s)
        fail("poll/jitter out of range", json);
    if (c->timeout_s < c->connect_timeout_s || c->connect_timeout_s < 1)
        fail("timeouts out of range", json);
    if (c->max_body < 1024)
        fail("max_body out of range", json);
    if ((c->width == 0) != (c->height == 0))
        fail("half a size", json);
    if ((c->active_from_min < 0) != (c->active_until_min < 0) || c->active_from_min > 24 * 60 ||
        c->active_until_min > 24 * 60)
        fail("active hours out of range", json);
    if (!c->lang || !c->cache_dir || c->cache_dir[0] != '/')
        fail("lang/cache_dir missing", json);
    for (size_t i = 0; i < c->nrooms; i++)
        if (!c->rooms[i] || !c->rooms[i][0])
            fail("empty room", json);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cfg c, again;
    struct err err = {{0}};
    char *before, *after, *round;

    cfg_defaults(&c);
    before = cfg_to_json(&c);
    if (!before)
        return 0;
    if (!cfg_load_json(&c, (const char *)data, size, "fuzz", &err)) {
        if (!err.msg[0])
            fail("refused without a message", before);
        if (strchr(err.msg, '\n') || strchr(err.msg, '\r'))
            fail("the message is more than one line", err.msg);
        after = cfg_to_json(&c);
        if (after && strcmp(before, after) != 0)
            fail("a refused input changed the config", after);
        free(after);
    } else {
        after = cfg_to_json(&c);
        if (!after)
            goto out;
        check_ranges(&c, after);
        cfg_defaults(&again);
        if (!cfg_load_json(&again, after, strlen(after), "round", &err))
            fail("cfg_to_json output does not load", err.msg);
        round = cfg_to_json(&again);
        if (round && strcmp(round, after) != 0)
            fail("round trip changed the config", round);
        free(round);
        cfg_clear(&again);
        free(after);
    }
out:
    free(before);
    cfg_clear(&c);
    return 0;
}
