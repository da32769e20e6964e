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
        "Converts a sched.com list page (saved as text), an iCalendar file or a\n"
        "frab/pretalx schedule.json, a schedule.xml or a c3voc v2 schedule into the\n"
        "schedule.json the screens read.\n"
        "  --format F      input format: sched, ics, or frab (every format a screen\n"
        "                  reads: JSON v1, schedule.xml, v2); default: detected\n"
        "  --timezone Z    the event's IANA zone (Europe/Berlin); default: from the input\n"
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

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'}, {"timezone", required_argument, NULL, 'z'},
        {"title", required_argument, NULL, 't'},  {"output", required_argument, NULL, 'o'},
        {"check", required_argument, NULL, 'c'},  {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},      {NULL, 0, NULL, 0},
    };
    enum imp_format format = IMP_AUTO;
    struct imp_opts opts = {0};
    struct imp_info info = {0};
    const char *output = NULL, *check = NULL, *input;
    struct sched *s = NULL, *again = NULL;
    struct err err = {{0}};
    char *buf = NULL, *json = NULL;
    size_t len;
    int c, rc = 1;
    bool replaced = false;

    while ((c = getopt_long(argc, argv, "f:z:t:o:c:hV", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (!imp_format_parse(optarg, &format)) {
                fprintf(stderr, "roomboard-import: unknown format '%s' (auto, sched, ics, frab)\n",
                        optarg);
                return 2;
            }
            break;
        case 'z':
            opts.tzname = optarg;
            break;
        case 't':
            opts.title = optarg;
            break;
        case 'o':
            output = optarg;
            break;
        case 'c':
            check = optarg;
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
    if (check) {
        if (optind != argc || output) {
            usage(stderr);
            return 2;
        }
        input = check;
        /* --check answers "will the screens take this file?": the screens'
         * door and nothing else, unless a converter was asked for. */
        if (format == IMP_AUTO)
            format = IMP_FRAB;
    } else {
        if (optind + 1 != argc || !output) {
            usage(stderr);
            return 2;
        }
        input = argv[optind];
    }

    if (!imp_read_file(strcmp(input, "-") == 0 ? "/dev/stdin" : input, &buf, &len, &err))
        goto fail;
    if (!imp_read(format, buf, len, &opts, &s, &info, &err)) {
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
        err_prefix(&err, "%s: the converted schedule does not load back (a bug)", input);
        goto fail;
    }
    if (check) {
        summary(input, s, &info);
        rc = 0;
        goto out;
    }
    if (!durable_replace("import", output, json, strlen(json), &replaced, &err))
        goto fail;
    summary(output, s, &info);
    rc = 0;
    goto out;
fail:
    fprintf(stderr, "roomboard-import: %s\n", err.msg);
    if (!check && output && !replaced)
        fprintf(stderr, "roomboard-import: nothing written; %s is unchanged\n", output);
out:
    sched_free(again);
    sched_free(s);
    free(json);
    free(buf);
    return rc;
}
