/* nettest — helpers shared by the network tests: scratch directories in the
 * build tree, fixtures, child processes (servers, the CLI) started and
 * stopped by the test itself, loopback ports. Every wait is bounded. */
#ifndef ROOMBOARD_NETTEST_H
#define ROOMBOARD_NETTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "cfg.h"

/* A fresh, empty scratch directory RB_BUILD/tests/net/work/NAME; returns a
 * static buffer per call slot (copy it if you need it long). */
void nt_scratch(const char *name, char *out, size_t size);

/* RB_TEST_DATA/net/NAME. */
void nt_fixture(const char *name, char *out, size_t size);

/* Whole file into a new NUL-terminated buffer (free()); NULL if unreadable. */
char *nt_read(const char *path, size_t *len);
/* The two schedule fixtures most tests swap between (sched-v1.json and
 * sched-v2.json), read whole; fails the test when either is missing. */
void nt_versions(char **v1, size_t *v1len, char **v2, size_t *v2len);
/* Writes a file (plain write, for test setup). Fails the test on error. */
void nt_write(const char *path, const void *data, size_t len);
/* Publishes a file the way a deploy would: temp file then rename. */
void nt_publish(const char *path, const void *data, size_t len);
bool nt_same_file(const char *path, const char *data, size_t len);

int64_t nt_now_ms(void);
void nt_sleep_ms(int ms);

/* A loopback port nobody listens on right now. */
int nt_free_port(void);
/* Waits until 127.0.0.1:port accepts a connection (up to ms). */
bool nt_wait_port(int port, int ms);

/* Starts argv[0] with argv; its stdout and stderr go to LOG (or stay with
 * ours when NULL). Returns the pid. */
pid_t nt_spawn(char *const argv[], const char *log);
/* SIGTERM, up to 3 s, then SIGKILL; reaps it. */
void nt_stop(pid_t pid);

/* Runs argv to completion (at most timeout_ms, then killed); stdout and
 * stderr into new buffers. Returns the exit status, -1 if it was killed. */
int nt_run(char *const argv[], int timeout_ms, char **out, char **err);

/* The fault server (tests/net/faultd.py) in a scratch dir; *port gets its
 * port. */
pid_t nt_faultd(const char *scratch, int *port);
/* GET http://127.0.0.1:port/PATH with a plain socket (to drive faultd);
 * returns the body (free()) or NULL. */
char *nt_http_get(int port, const char *path);

/* A real nginx (/usr/sbin/nginx) serving DIR/www on 127.0.0.1, with its
 * config, pid, logs (DIR/access.log, DIR/error.log) and temp paths all in
 * DIR. With cert and key it speaks TLS only. *port gets the port. */
pid_t nt_nginx(const char *dir, const char *cert, const char *key, int *port);
/* nt_nginx with EXTRA (lines such as "location ... { ... }") inside the
 * server block. */
pid_t nt_nginx_extra(const char *dir, const char *cert, const char *key, const char *extra,
                     int *port);
/* How many lines of DIR/access.log contain needle. */
int nt_nginx_count(const char *dir, const char *needle);

/* cfg_defaults() plus short, test-sized bounds: poll 1 s, no jitter,
 * connect 1 s, total 2 s, max body 256 KiB. */
void nt_cfg(struct cfg *c, const char *url, const char *cache_dir);

#endif
