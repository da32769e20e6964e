/* addrs — see addrs.h. */
#include "addrs.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>

#include "err.h"

/* The printable address of P, or "" for one that is not listed. */
static void one(const struct ifaddrs *p, char *a, size_t n)
{
    int fam = p->ifa_addr->sa_family;
    a[0] = '\0';
    if (fam == AF_INET) {
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)p->ifa_addr)->sin_addr, a,
                  (socklen_t)n);
    } else if (fam == AF_INET6) {
        const struct in6_addr *a6 =
            &((const struct sockaddr_in6 *)(const void *)p->ifa_addr)->sin6_addr;
        if (!IN6_IS_ADDR_LINKLOCAL(a6))
            inet_ntop(AF_INET6, a6, a, (socklen_t)n);
    }
}

void addrs_list(char *buf, size_t n)
{
    struct ifaddrs *ifa = NULL;
    size_t at = 0;
    char why[128];
    buf[0] = '\0';
    if (getifaddrs(&ifa) != 0) {
        snprintf(buf, n, "? (%s)", err_strerror(errno, why, sizeof(why)));
        return;
    }
    for (struct ifaddrs *p = ifa; p && at < n; p = p->ifa_next) {
        char a[INET6_ADDRSTRLEN];
        if (!p->ifa_addr || (p->ifa_flags & IFF_LOOPBACK))
            continue;
        one(p, a, sizeof(a));
        if (!a[0])
            continue;
        int k = snprintf(buf + at, n - at, "%s%s %s", at ? ", " : "", p->ifa_name, a);
        if (k > 0)
            at += (size_t)k;
    }
    freeifaddrs(ifa);
    if (!buf[0])
        snprintf(buf, n, "none (no network)");
}
