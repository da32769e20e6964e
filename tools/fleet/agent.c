#include "agent.h"

#include <string.h>

#define PREFIX "roomboard/"

static bool copy_val(char *dst, size_t size, const char *s, size_t n)
{
    if (n >= size)
        return false;
    memcpy(dst, s, n);
    dst[n] = '\0';
    return true;
}

bool agent_uptime(const char *s, int64_t *out)
{
    int64_t total = 0, v = -1;

    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            if (v > 100000000)
                return false;
            v = (v < 0 ? 0 : v * 10) + (*s - '0');
            continue;
        }
        if (v < 0)
            return false;
        switch (*s) {
        case 'd':
            total += v * 86400;
            break;
        case 'h':
            total += v * 3600;
            break;
        case 'm':
            total += v * 60;
            break;
        case 's':
            total += v;
            break;
        default:
            return false;
        }
        v = -1;
    }
    if (v >= 0)
        return false; /* a number without its unit */
    *out = total;
    return true;
}

static bool known(const char *v, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(v, *set) == 0)
            return true;
    return false;
}

/* One "key=value" of the detail. Unknown keys are skipped: a newer screen
 * may say more. */
static bool field(struct agent *a, const char *k, size_t kn, const char *v, size_t vn,
                  struct err *err)
{
    static const char *const statuses[] = {"ok",          "stale",         "offline-cache",
                                           "no-schedule", "clock-waiting", NULL};
    static const char *const clocks[] = {"ok", "waiting", "server", NULL};
    char up[32];

#define KEY(lit) (kn == sizeof(lit) - 1 && memcmp(k, lit, kn) == 0)
    if (KEY("screen"))
        return copy_val(a->name, sizeof(a->name), v, vn) || err_set(err, "screen= is too long");
    if (KEY("rooms"))
        return copy_val(a->rooms, sizeof(a->rooms), v, vn) || err_set(err, "rooms= is too long");
    if (KEY("version"))
        return copy_val(a->version, sizeof(a->version), v, vn) ||
               err_set(err, "version= is too long");
    if (KEY("status"))
        return (copy_val(a->status, sizeof(a->status), v, vn) && known(a->status, statuses)) ||
               err_set(err, "unknown status=%.*s", (int)(vn > 20 ? 20 : vn), v);
    if (KEY("clock"))
        return (copy_val(a->clock, sizeof(a->clock), v, vn) && known(a->clock, clocks)) ||
               err_set(err, "unknown clock=%.*s", (int)(vn > 20 ? 20 : vn), v);
    if (KEY("up"))
        return (copy_val(up, sizeof(up), v, vn) && agent_uptime(up, &a->up_s)) ||
               err_set(err, "up=%.*s is not like 5h12m", (int)(vn > 20 ? 20 : vn), v);
#undef KEY
    return true;
}

/* "(k=v; k=v; ...)" starting at p, to the last ')'. */
static bool detail(struct agent *a, const char *p, struct err *err)
{
    const char *end = strrchr(p, ')');

    if (*p != '(' || !end || end[1] != '\0')
        return err_set(err, "roomboard User-Agent detail is not in (...)");
    p++;
    while (p < end) {
        const char *semi = memchr(p, ';', (size_t)(end - p)), *stop = semi ? semi : end;
        const char *eq = memchr(p, '=', (size_t)(stop - p));
        if (!eq)
            return err_set(err, "roomboard User-Agent detail has \"%.*s\" without '='",
                           (int)(stop - p > 20 ? 20 : stop - p), p);
        if (!field(a, p, (size_t)(eq - p), eq + 1, (size_t)(stop - eq - 1), err))
            return false;
        p = stop + (semi ? 1 : 0);
        while (p < end && *p == ' ')
            p++;
    }
    if (!a->name[0])
        return err_set(err, "roomboard User-Agent without screen=");
    return true;
}

bool agent_parse(const char *ua, enum agent_kind *kind, struct agent *out, struct err *err)
{
    size_t vn;

    *kind = AGENT_OTHER;
    if (strncmp(ua, PREFIX, sizeof(PREFIX) - 1) != 0)
        return true;
    ua += sizeof(PREFIX) - 1;
    vn = strcspn(ua, " ");
    memset(out, 0, sizeof(*out));
    out->up_s = -1;
    if (!copy_val(out->app_version, sizeof(out->app_version), ua, vn) || vn == 0)
        return err_set(err, "roomboard User-Agent with a bad version");
    if (ua[vn] == '\0') {
        *kind = AGENT_PLAIN;
        return true;
    }
    if (!detail(out, ua + vn + 1, err))
        return false;
    *kind = AGENT_DETAIL;
    return true;
}
