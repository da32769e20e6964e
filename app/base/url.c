#include "url.h"

#include <stdio.h>
#include <string.h>

void url_redact(const char *url, char *out, size_t size)
{
    const char *scheme = url ? strstr(url, "://") : NULL;
    const char *auth, *end, *at, *query;

    if (!size)
        return;
    if (!scheme) {
        snprintf(out, size, "%s", url ? url : "");
        return;
    }
    auth = scheme + 3;
    end = auth + strcspn(auth, "/?#");
    at = memchr(auth, '@', (size_t)(end - auth));
    /* the last '@' of the authority ends the credentials */
    for (const char *p = at; p && p < end; p = memchr(p + 1, '@', (size_t)(end - p - 1)))
        at = p;
    query = end + strcspn(end, "?#");
    if (at)
        snprintf(out, size, "%.*s***@%.*s%s", (int)(auth - url), url, (int)(query - at - 1), at + 1,
                 *query ? "?***" : "");
    else
        snprintf(out, size, "%.*s%s", (int)(query - url), url, *query ? "?***" : "");
}
