/* addrs — the device's network addresses, for the staff info overlay
 * ("eth0 192.0.2.10, wlan0 2001:db8::5"): loopback and link-local left
 * out. */
#ifndef ROOMBOARD_ADDRS_H
#define ROOMBOARD_ADDRS_H

#include <stddef.h>

/* Writes the list into BUF (cut to fit): "none (no network)" when there is
 * none, "? (reason)" when the list cannot be read. */
void addrs_list(char *buf, size_t n);

#endif
