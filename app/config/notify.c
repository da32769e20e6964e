/* notify — the sd_notify protocol written out by hand (see notify.h).
 *
 * The protocol is one datagram of "KEY=VALUE\n" lines sent to the unix
 * socket named by $NOTIFY_SOCKET ("/run/systemd/notify", or "@name" for an
 * abstract socket). Doing it here instead of linking libsystemd keeps the
 * dependency list of the .deb and of the Buildroot package short; the whole
 * protocol needed is these few lines. Every failure is silent by design:
 * a lost keep-alive is retried on the next frame, and a process not run by
 * systemd must behave exactly as before. */
#include "notify.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void send_msg(const char *msg)
{
    const char *path = getenv("NOTIFY_SOCKET");
    struct sockaddr_un sa;
    size_t n;
    socklen_t len;
    int fd;

    if (!path || (path[0] != '/' && path[0] != '@'))
        return;
    n = strlen(path);
    if (n < 2 || n >= sizeof(sa.sun_path))
        return;
    memset(&sa, 0, sizeof(sa));
    sa.sun_family = AF_UNIX;
    memcpy(sa.sun_path, path, n);
    if (path[0] == '@')
        sa.sun_path[0] = '\0'; /* abstract namespace: no NUL terminator counted */
    len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + (path[0] == '/' ? 1 : 0));

    fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return;
    /* A datagram socket either takes the whole message or none of it. */
    while (sendto(fd, msg, strlen(msg), MSG_NOSIGNAL, (struct sockaddr *)&sa, len) < 0 &&
           errno == EINTR)
        ;
    close(fd);
}

void notify_ready(void)
{
    send_msg("READY=1");
}

void notify_watchdog(void)
{
    send_msg("WATCHDOG=1");
}

int64_t notify_watchdog_interval_ms(void)
{
    const char *usec = getenv("WATCHDOG_USEC");
    const char *pid = getenv("WATCHDOG_PID");
    char *end;
    long long v;

    if (!usec || !*usec)
        return 0;
    /* The watchdog is meant for the main process only, not for children
     * that inherited the environment. */
    if (pid && *pid) {
        long long p;
        errno = 0;
        p = strtoll(pid, &end, 10);
        if (errno || *end || p != (long long)getpid())
            return 0;
    }
    errno = 0;
    v = strtoll(usec, &end, 10);
    if (errno || *end || v <= 0)
        return 0;
    v = v / 2000; /* half the timeout, in ms */
    return v > 0 ? v : 1;
}

void notify_status(const char *text)
{
    char msg[512];
    size_t j = 7;

    memcpy(msg, "STATUS=", 7);
    /* One line only: a newline would start a new KEY=VALUE assignment. */
    for (size_t i = 0; text && text[i] && j < sizeof(msg) - 1; i++)
        msg[j++] = (text[i] == '\n' || text[i] == '\r') ? ' ' : text[i];
    msg[j] = '\0';
    send_msg(msg);
}
