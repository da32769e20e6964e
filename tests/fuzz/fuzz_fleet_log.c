/* fuzz_fleet_log — roomboard-fleet's log reader: every line of the input
 * goes through the combined-format parser, the User-Agent detail reader and
 * the aggregation, then the screens are judged and rendered as JSON and
 * HTML.
 *
 * Invariants: never crashes; every line is counted exactly once (used,
 * skipped, another client, plain, or later); screen fields stay
 * NUL-terminated; the HTML page carries no '<' from the input (all of it is
 * escaped). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_fleet_log: %s\n", what);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data, *end = p + size;
    const struct fleet_screen *const *v;
    struct fleet *f;
    struct err e;
    uint64_t lines = 0, used = 0;
    struct report r = {.at = 1773478800};
    char *json, *html;

    if (!fleet_new(INT64_MAX, &f, &e))
        return 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        (void)fleet_feed(f, p, len, &e);
        lines++;
        p += len + (nl != NULL);
    }
    const struct fleet_counts *n = fleet_counts(f);
    check(n->lines == lines, "a line was not counted");
    r.counts = n;
    r.n = fleet_judge(f, r.at, &r.screens);
    for (size_t i = 0; i < r.n; i++) {
        v = r.screens;
        check(strnlen(v[i]->name, sizeof(v[i]->name)) < sizeof(v[i]->name), "name unterminated");
        check(strnlen(v[i]->rooms, sizeof(v[i]->rooms)) < sizeof(v[i]->rooms), "rooms");
        check(v[i]->polls > 0, "a screen without a poll");
        used += v[i]->polls;
    }
    check(used + n->skipped + n->other + n->plain + n->later == lines, "counts do not add up");
    json = report_json(&r);
    html = report_html(&r);
    if (html)
        for (size_t i = 0; i < r.n; i++) {
            char needle[80];
            snprintf(needle, sizeof(needle), "</span> %s</h2>", r.screens[i]->name);
            check(strchr(r.screens[i]->name, '<') == NULL || strstr(html, needle) == NULL,
                  "an unescaped '<' in the page");
        }
    free(json);
    free(html);
    fleet_free(f);
    return 0;
}
