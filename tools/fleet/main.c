/* roomboard-fleet — every screen from the web server's access logs: who it
 * is, when it last polled, what it shows, and a verdict (docs/fleet.md).
 * main wires: arguments, logs oldest first, judge, print. Exit status: 0
 * every screen ok, 1 a screen is not ok (or none was seen), 2 usage or a
 * log could not be read. */
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "durable.h"
#include "fleet.h"
#include "logfile.h"
#include "logline.h"
#include "report.h"
#include "tz.h"

#define MAX_LOGS       64
#define BAD_LINES_SAID 5 /* bad lines named on stderr; the rest are counted */

struct opts {
    bool json;
    const char *html;
    int64_t at;  /* INT64_MIN: now */
    int watch_s; /* 0: once */
    const char *logs[MAX_LOGS];
    size_t nlogs;
};

struct log {
    const char *path;
    int64_t first; /* time of its first readable line, for the order */
    struct logfile *lf;
    uint64_t lineno;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static void usage(FILE *f)
{
    fputs("usage: roomboard-fleet [--json] [--html FILE] [--at ISO8601 | --watch[=SECONDS]]\n"
          "                       ACCESS.LOG...\n"
          "Reads nginx or Apache access logs (combined format; plain, or rotated .gz;\n"
          "- for standard input) and reports every roomboard screen that polled the\n"
          "server: rooms, address, last poll, interval, schedule version, status,\n"
          "clock, uptime and a verdict: ok, stale, silent or trouble.\n"
          "  --json          JSON on standard output instead of the table\n"
          "  --html FILE     also write one static page (replaced atomically)\n"
          "  --at ISO8601    judge at that instant (lines after it are ignored)\n"
          "  --watch[=S]     read on and refresh every S seconds (default 10)\n"
          "  --help, --version\n"
          "Exit status: 0 every screen ok, 1 a screen is not ok or none was seen,\n"
          "2 usage or a log could not be read.\n",
          f);
}

/* 0 ok, 1 exit 0 (help), 2 usage error. */
static int parse_args(int argc, char **argv, struct opts *o)
{
    static const struct option longopts[] = {
        {"json", no_argument, NULL, 'j'},
        {"html", required_argument, NULL, 'H'},
        {"at", required_argument, NULL, 'a'},
        {"watch", optional_argument, NULL, 'w'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    struct err e;
    char *end;
    int c;

    o->at = INT64_MIN;
    while ((c = getopt_long(argc, argv, "jH:a:w::hV", longopts, NULL)) != -1) {
        switch (c) {
        case 'j':
            o->json = true;
            break;
        case 'H':
            o->html = optarg;
            break;
        case 'a':
            if (!tz_parse_iso8601(optarg, &o->at, NULL, &e)) {
                fprintf(stderr, "roomboard-fleet: --at %s: %s\n", optarg, e.msg);
                return 2;
            }
            break;
        case 'w': {
            long v = optarg ? strtol(optarg, &end, 10) : 10;
            if (optarg && (*end || end == optarg || v < 1 || v > 3600)) {
                fprintf(stderr, "roomboard-fleet: --watch=%s: seconds from 1 to 3600\n", optarg);
                return 2;
            }
            o->watch_s = (int)v;
            break;
        }
        case 'h':
            usage(stdout);
            return 1;
        case 'V':
            printf("roomboard-fleet %s\n", ROOMBOARD_VERSION);
            return 1;
        default:
            usage(stderr);
            return 2;
        }
    }
    for (; optind < argc; optind++) {
        if (o->nlogs == MAX_LOGS) {
            fprintf(stderr, "roomboard-fleet: at most %d logs\n", MAX_LOGS);
            return 2;
        }
        o->logs[o->nlogs++] = argv[optind];
    }
    if (o->nlogs == 0 || (o->watch_s && o->at != INT64_MIN)) {
        fprintf(stderr, o->nlogs ? "roomboard-fleet: --watch judges now; it takes no --at\n"
                                 : "roomboard-fleet: no access log given\n");
        usage(stderr);
        return 2;
    }
    return 0;
}

/* The time of a log's first readable line (INT64_MAX: none in the first
 * thousand), so rotated logs given in any order are read oldest first. */
static int64_t first_time(const char *path)
{
    struct logfile *lf;
    struct logline *l = calloc(1, sizeof(*l));
    struct err e;
    const char *line;
    size_t len;
    int64_t t = INT64_MAX;

    if (!l || strcmp(path, "-") == 0 || !logfile_open(path, false, &lf, &e)) {
        free(l);
        return t;
    }
    for (int i = 0; i < 1000 && logfile_next(lf, &line, &len, &e) != LOGFILE_END; i++)
        if (logline_parse(line, len, l, &e)) {
            t = l->t;
            break;
        }
    logfile_close(lf);
    free(l);
    return t;
}

static int by_first(const void *a, const void *b)
{
    const struct log *x = a, *y = b;
    return x->first < y->first ? -1 : x->first > y->first;
}

/* Feeds what the log has (now); false on a read error (said on stderr). */
static bool read_log(struct fleet *f, struct log *g, uint64_t *bad_said)
{
    struct err e;
    const char *line;
    size_t len;
    enum logfile_result r;

    while ((r = logfile_next(g->lf, &line, &len, &e)) != LOGFILE_END) {
        if (r == LOGFILE_ERROR) {
            fprintf(stderr, "roomboard-fleet: %s\n", e.msg);
            return false;
        }
        g->lineno++;
        bool ok = r == LOGFILE_LINE && fleet_feed(f, line, len, &e);
        if (r == LOGFILE_LONG) {
            (void)fleet_feed(f, "", 0, &e); /* counted as a bad line */
            snprintf(e.msg, sizeof(e.msg), "longer than %d bytes", LOGFILE_MAX_LINE);
        }
        if (!ok && (*bad_said)++ < BAD_LINES_SAID)
            fprintf(stderr, "roomboard-fleet: %s:%" PRIu64 ": skipped: %s\n", g->path, g->lineno,
                    e.msg);
    }
    return true;
}

/* Reads every log, oldest first (by its first line), one open at a time so
 * memory does not grow with the number of logs; --watch keeps them open to
 * read on. False when one cannot be read (said on stderr). */
static bool read_logs(struct fleet *f, const struct opts *o, struct log *logs, uint64_t *bad_said)
{
    struct err e;

    for (size_t i = 0; i < o->nlogs; i++) {
        logs[i].path = o->logs[i];
        logs[i].first = first_time(o->logs[i]);
    }
    qsort(logs, o->nlogs, sizeof(*logs), by_first);
    for (size_t i = 0; i < o->nlogs; i++) {
        if (!logfile_open(logs[i].path, o->watch_s > 0, &logs[i].lf, &e)) {
            fprintf(stderr, "roomboard-fleet: %s\n", e.msg);
            return false;
        }
        if (!read_log(f, &logs[i], bad_said))
            return false;
        if (!o->watch_s) {
            logfile_close(logs[i].lf);
            logs[i].lf = NULL;
        }
    }
    return true;
}

/* Prints the verdicts (and writes the page); returns the exit status. */
static int show(struct fleet *f, const struct opts *o, int64_t at)
{
    struct report r = {.counts = fleet_counts(f), .at = at};
    struct err e;
    char *text;
    int rc;

    r.n = fleet_judge(f, at, &r.screens);
    rc = r.n == 0 ? 1 : r.screens[0]->verdict == FLEET_OK ? 0 : 1;
    if (r.n == 0)
        fprintf(stderr, "roomboard-fleet: no roomboard screen in the logs\n");
    if (o->json) {
        if (!(text = report_json(&r)))
            return fprintf(stderr, "roomboard-fleet: out of memory\n"), 2;
        printf("%s\n", text);
        free(text);
    } else {
        if (o->watch_s)
            fputs("\033[H\033[2J", stdout);
        report_table(stdout, &r);
    }
    fflush(stdout);
    if (o->html) {
        if (!(text = report_html(&r)))
            return fprintf(stderr, "roomboard-fleet: out of memory\n"), 2;
        if (!durable_replace("roomboard-fleet", o->html, text, strlen(text), NULL, &e))
            rc = 2, fprintf(stderr, "%s\n", e.msg);
        free(text);
    }
    return rc;
}

int main(int argc, char **argv)
{
    struct opts o = {0};
    struct log logs[MAX_LOGS] = {{0}};
    struct fleet *f = NULL;
    struct err e;
    uint64_t bad_said = 0;
    int rc = parse_args(argc, argv, &o);

    if (rc)
        return rc == 1 ? 0 : 2;
    rc = 2;
    if (!fleet_new(o.at == INT64_MIN ? INT64_MAX : o.at, &f, &e)) {
        fprintf(stderr, "roomboard-fleet: %s\n", e.msg);
        goto out;
    }
    if (!read_logs(f, &o, logs, &bad_said))
        goto out;
    rc = show(f, &o, o.at == INT64_MIN ? (int64_t)time(NULL) : o.at);
    if (o.watch_s) {
        signal(SIGINT, on_signal);
        signal(SIGTERM, on_signal);
    }
    while (o.watch_s && !stop) {
        sleep((unsigned)o.watch_s);
        for (size_t i = 0; i < o.nlogs && !stop; i++)
            if (!read_log(f, &logs[i], &bad_said))
                stop = 1;
        if (!stop)
            rc = show(f, &o, (int64_t)time(NULL));
    }
out:
    for (size_t i = 0; i < o.nlogs; i++)
        logfile_close(logs[i].lf);
    fleet_free(f);
    return rc;
}
