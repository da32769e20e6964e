/* cfg — the screen's configuration: defaults, then the system config file,
 * then the per-screen file on the boot partition, then the command line.
 * See docs/config.md for every key. */
#ifndef ROOMBOARD_CFG_H
#define ROOMBOARD_CFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "read.h"

#define CFG_MAX_ROOMS   32
#define CFG_MAX_FONTS   8
#define CFG_MAX_SOURCES 16 /* schedule sources shown as one (merge.h) */

struct cfg {
    char *schedules[CFG_MAX_SOURCES]; /* URLs or paths, main schedule first; none: the demo */
    size_t nschedules;
    char *rooms[CFG_MAX_ROOMS]; /* names or guids; none: overview */
    size_t nrooms;
    int width, height; /* 0: the display's own size */
    int rotate;        /* 0, 90, 180, 270 */
    bool windowed;
    int poll_s;                 /* seconds between refreshes (default 60) */
    int jitter_s;               /* random extra 0..jitter_s (default poll/6) */
    char *cache_dir;            /* default /var/cache/roomboard */
    int stale_s;                /* show "stale" after this age (default 900) */
    int64_t max_body;           /* bytes (default 16 MiB) */
    int connect_timeout_s;      /* default 10 */
    int timeout_s;              /* whole transfer, default 30 */
    char *ca_bundle;            /* NULL: system store */
    char *pinned_key;           /* "sha256//..." or NULL */
    char *fonts[CFG_MAX_FONTS]; /* main font first, then fallbacks */
    size_t nfonts;
    char *lang;           /* "en", "de", "fr" */
    char *timezone;       /* the venue's IANA zone for schedules that name none; NULL: none */
    bool timezone_option; /* timezone came from --timezone, not a config file */
    int cycle_s;          /* seconds per room when several (default 12) */
    int page_s;           /* seconds per overview page (default 15, at least 10) */
    int active_from_min;  /* minutes after local midnight; -1: always on */
    int active_until_min;
    bool burn_in; /* periodic small shift of the layout */
    char *name;   /* device name for the info overlay; NULL: hostname */
    bool report;  /* say name, rooms and health in the User-Agent (default) */

    /* Door status (docs/door.md). */
    char *status;        /* door status feed URL or path; NULL: none */
    int status_poll_s;   /* seconds between status refreshes (default 10) */
    int status_jitter_s; /* random extra 0..status_jitter_s (default 2) */
    int status_stale_s;  /* entries dropped after this long unrefreshed (default 300) */
    int changes_hours;   /* schedule change badges shown this long (default 6) */
    bool qr;             /* QR codes for NOW and NEXT (default on) */

    /* Command line only. */
    char *at;           /* ISO 8601 start instant, or NULL */
    double speed;       /* simulated clock speed (default 1) */
    char *screenshot;   /* write one frame as PNG and exit */
    bool state;         /* print --state JSON and exit */
    double exit_after;  /* real seconds, then exit (tests, bench); 0: never */
    int bench_frames;   /* render N full frames, print timings, exit */
    bool demo;          /* running the bundled demo schedule */
    char *changes_from; /* --changes-from: a previous schedule to compare with */
};

/* Fills in the defaults (no allocation needed to free later: strings are
 * NULL or heap copies owned by the struct). */
void cfg_defaults(struct cfg *c);

/* Layers the JSON config file PATH over *c. An unknown key or a value of the
 * wrong type fails with the key and the reason; *c is then unchanged. A
 * missing file fails unless optional is true. */
/* What the schedule readers need from the config (read.h): the venue's zone
 * and where it came from. The strings stay owned by C. */
void cfg_read_opts(const struct cfg *c, struct read_opts *o);

bool cfg_load_file(struct cfg *c, const char *path, bool optional, struct err *err);

/* cfg_load_file() on LEN bytes of JSON already in memory; NAME stands for
 * the file in messages. Same rules: *c unchanged on failure. */
bool cfg_load_json(struct cfg *c, const char *json, size_t len, const char *name, struct err *err);

/* The usual layering for a screen: PATH (or /etc/roomboard/config.json when
 * PATH is NULL; missing is fine then), then the per-screen file on the boot
 * partition ($ROOMBOARD_BOOT_CONFIG, default /boot/firmware/roomboard.json,
 * optional). The command line is applied by the caller afterwards. */
bool cfg_load_system(struct cfg *c, const char *path, struct err *err);

/* The effective config as JSON (for --check-config); free with free(). */
char *cfg_to_json(const struct cfg *c);

/* Replaces {hostname} in s (a URL or path) with the device's hostname;
 * returns a new string, free with free(). */
char *cfg_expand(const char *s);

/* Replaces the string *slot with a copy of val. */
bool cfg_set_str(char **slot, const char *val);

void cfg_clear(struct cfg *c);

#endif
