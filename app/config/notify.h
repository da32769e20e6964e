/* notify — systemd readiness and watchdog keep-alives (sd_notify protocol).
 * Without $NOTIFY_SOCKET (not under systemd) every call does nothing. */
#ifndef ROOMBOARD_NOTIFY_H
#define ROOMBOARD_NOTIFY_H

#include <stdint.h>

/* "READY=1" once the first frame is on screen. */
void notify_ready(void);
/* "WATCHDOG=1"; call from the render loop at least every watchdog/2. */
void notify_watchdog(void);
/* Real milliseconds between keep-alives the loop must keep (half of
 * $WATCHDOG_USEC), or 0 when there is no watchdog. */
int64_t notify_watchdog_interval_ms(void);
/* "STATUS=..." free text shown by systemctl status. */
void notify_status(const char *text);

#endif
