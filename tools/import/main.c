/* roomboard-import — from what organizers have (a sched.com page, an .ics,
 * a frab/pretalx schedule.json) to the schedule.json the screens read.
 * main wires: parse arguments, read, convert, check, write; see
 * docs/import.md. Exit status: 0 done, 1 input refused or write failed
 * (nothing written), 2 usage. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "durable.h"
#include "imp.h"
#include "read.h"

static void usage(FILE *f)
{
    fputs(
        "usage: roomboard-import [--format auto|sched|ics|frab] [--timezone ZONE] [--title TEXT]\n"
        "                        INPUT -o OUTPUT.json\n"
        "       roomboard-import [--format F] [--timezone ZONE] --check FILE\n"
        "Converts what a screen reads (a frab/pretalx schedule.json, a schedule.xml,\n"
        "a c3voc v2 schedule, an iCalendar file, a sched.com list page saved as\n"
        "text) into one checked frab schedule.json.\n"
        "  --format F      sched or ics: that reader only; frab (or auto): detected\n"
        "                  from the content, as the screens do; default: auto\n"
        "  --timezone Z    the event's IANA zone (Europe/Berlin) where the input names\n"
        "                  none; default: from the input\n"
        "  --title TEXT    event title when the input names none\n"
        "  -o FILE         output, replaced atomically; untouched when the input is refused\n"
        "  --check FILE    validate FILE as the screens read it (or as --format F),\n"
        "                  write nothing\n"
        "  --help, --version\n",
        f);
}

static void summary(const char *what, const struct sched *s, const struct imp_info *info)
{
    printf("roomboard-import: %s: %zu sessions, %zu rooms, %zu days, zone %s (%s, %s input)\n",
           what, s->nsessions, s->nrooms, s->ndays, s->tzname, info->zone_how,
           s->format ? s->format : imp_format_name(info->format));
    if (info->note[0])
        printf("roomboard-import: note: %s\n", info->note);
}

/* What the command line asked for. */
struct cli {
    enum imp_format format;
    struct imp_opts opts;
    const char *output, *check, *input;
};

/* Parses the arguments into *c: -1 to go on, else the exit status (0 after
 * --help or --version, 2 on a usage error). */
static int parse_args(int argc, char **argv, struct cli *c)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'}, {"timezone", required_argument, NULL, 'z'},
        {"title", required_argument, NULL, 't'},  {"output", required_argument, NULL, 'o'},
        {"check", required_argument, NULL, 'c'},  {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},      {NULL, 0, NULL, 0},
    };
    int o;

    while ((o = getopt_long(argc, argv, "f:z:t:o:c:hV", longopts, NULL)) != -1) {
        switch (o) {
        case 'f':
            if (!imp_format_parse(optarg, &c->format)) {
                fprintf(stderr, "roomboard-import: unknown format '%s' (auto, sched, ics, frab)\n",
                        optarg);
                return 2;
            }
            break;
        case 'z':
            c->opts.tzname = optarg;
            break;
        case 't':
            c->opts.title = optarg;
            break;
        case 'o':
            c->output = optarg;
            break;
        case 'c':
            c->check = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        case 'V':
            printf("roomboard-import %s\n", ROOMBOARD_VERSION);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (c->check ? optind != argc || c->output : optind + 1 != argc || !c->output) {
        usage(stderr);
        return 2;
    }
    c->input = c->check ? c->check : argv[optind];
    return -1;
}

int main(int argc, char **argv)
{
    struct cli c = {.format = IMP_AUTO};
    struct imp_info info = {0};
    struct sched *s = NULL, *again = NULL;
    struct err err = {{0}};
    char *buf = NULL, *json = NULL;
    const char *input;
    size_t len;
    int rc = parse_args(argc, argv, &c);
    bool replaced = false;

    if (rc >= 0)
        return rc;
    rc = 1;
    input = c.input;
    if (!imp_read_file(strcmp(input, "-") == 0 ? "/dev/stdin" : input, &buf, &len, &err))
        goto fail;
    if (!imp_read(c.format, buf, len, &c.opts, &s, &info, &err)) {
        err_prefix(&err, "%s", input);
        goto fail;
    }
    json = sched_to_json(s);
    if (!json) {
        err_set(&err, "out of memory writing the schedule");
        goto fail;
    }
    /* What we write must load in the kiosk: read our own output back. */
    if (!read_bytes(json, strlen(json), NULL, &again, NULL, &err)) {
        err_prefix(&err, "%s: the converted schedule does not load back", input);
        goto fail;
    }
    if (c.check) {
        summary(input, s, &info);
        rc = 0;
        goto out;
    }
    if (!durable_replace("import", c.output, json, strlen(json), &replaced, &err))
        goto fail;
    summary(c.output, s, &info);
    rc = 0;
    goto out;
fail:
    fprintf(stderr, "roomboard-import: %s\n", err.msg);
    if (!c.check && c.output && !replaced)
        fprintf(stderr, "roomboard-import: nothing written; %s is unchanged\n", c.output);
out:
    sched_free(again);
    sched_free(s);
    free(json);
    free(buf);
    return rc;
}
