/* roomboard-status — edit the served door status file (docs/status-format.md)
 * safely: under a lock, so two door staff changing two rooms at once never
 * lose each other's update, and with the same durable write as a published
 * schedule, so a screen never fetches half a file. roomboard-publish
 * --status calls it. Exit status: 0 written, 1 refused (file unchanged),
 * 2 usage. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "durable.h"
#include "file.h"
#include "read.h"
#include "sched.h"
#include "status.h"
#include "tz.h"

#define ME         "roomboard-status"
#define MAX_STATUS (1024 * 1024)
#define MAX_OPS    64

static const char usage_text[] =
    "usage: " ME " FILE [--schedule SCHEDULE] OPERATION...\n"
    "  --full ROOM          the room is full\n"
    "  --open ROOM          the room is no longer full\n"
    "  --delay ROOM MIN     the room runs MIN minutes late (0: on time)\n"
    "  --note ROOM TEXT     a note under the room's status (\"\": none)\n"
    "  --until ISO8601      the entries (and emergency) set by this command end then\n"
    "  --emergency TEXT     take over every screen (--emergency-room ROOM to limit)\n"
    "  --emergency-room R   limit the emergency of this command to room R (repeatable)\n"
    "  --clear ROOM         drop everything about ROOM\n"
    "  --clear --emergency  end the emergency\n"
    "  --clear --all        drop everything (also replaces an unreadable file)\n"
    "Rooms are checked against SCHEDULE when it is given. Prints the new status.\n";

enum op_kind { OP_FULL, OP_OPEN, OP_DELAY, OP_NOTE, OP_CLEAR, OP_CLEAR_EMERGENCY, OP_CLEAR_ALL };

struct op {
    enum op_kind kind;
    const char *room, *arg;
};

struct args {
    const char *file, *schedule, *until, *emergency;
    const char *erooms[MAX_OPS];
    size_t nerooms;
    struct op ops[MAX_OPS];
    size_t nops;
};

static int usage(const char *why)
{
    if (why)
        fprintf(stderr, ME ": %s\n", why);
    fputs(usage_text, stderr);
    return 2;
}

/* One option with its operands; returns how many argv entries it used, 0
 * on a usage error. */
static int parse_op(struct args *a, int argc, char **argv, int i)
{
    const char *o = argv[i];
    struct op *op = &a->ops[a->nops];
    int need = strcmp(o, "--delay") == 0 || strcmp(o, "--note") == 0 ? 2 : 1;

    if (i + need >= argc || a->nops >= MAX_OPS || a->nerooms >= MAX_OPS)
        return 0;
    if (strcmp(o, "--schedule") == 0)
        return a->schedule = argv[i + 1], 2;
    if (strcmp(o, "--until") == 0)
        return a->until = argv[i + 1], 2;
    if (strcmp(o, "--emergency") == 0)
        return a->emergency = argv[i + 1], 2;
    if (strcmp(o, "--emergency-room") == 0)
        return a->erooms[a->nerooms++] = argv[i + 1], 2;
    op->room = argv[i + 1];
    op->arg = need == 2 ? argv[i + 2] : NULL;
    if (strcmp(o, "--full") == 0)
        op->kind = OP_FULL;
    else if (strcmp(o, "--open") == 0)
        op->kind = OP_OPEN;
    else if (strcmp(o, "--delay") == 0)
        op->kind = OP_DELAY;
    else if (strcmp(o, "--note") == 0)
        op->kind = OP_NOTE;
    else if (strcmp(o, "--clear") == 0)
        op->kind = strcmp(op->room, "--emergency") == 0 ? OP_CLEAR_EMERGENCY
                   : strcmp(op->room, "--all") == 0     ? OP_CLEAR_ALL
                                                        : OP_CLEAR;
    else
        return 0;
    a->nops++;
    return need + 1;
}

static int parse_args(struct args *a, int argc, char **argv)
{
    memset(a, 0, sizeof(*a));
    if (argc < 3 || argv[1][0] == '-')
        return usage(argc >= 2 && strcmp(argv[1], "--help") == 0 ? NULL
                                                                 : "FILE first, then operations");
    a->file = argv[1];
    for (int i = 2; i < argc;) {
        int used = parse_op(a, argc, argv, i);
        if (!used) {
            char why[256];
            snprintf(why, sizeof(why), "cannot use '%.100s' here", argv[i]);
            return usage(why);
        }
        i += used;
    }
    if (a->nops == 0 && !a->emergency)
        return usage("nothing to do");
    if (a->nerooms && !a->emergency)
        return usage("--emergency-room needs --emergency");
    return 0;
}

/* ---- rooms ------------------------------------------------------------ */

/* The key to write for ROOM: the schedule's spelling when there is one. */
static const char *room_key(const struct sched *s, const char *room, struct err *err)
{
    int i;
    char list[1024];

    if (!*room)
        return err_set(err, "an empty room name"), NULL;
    if (!s)
        return room;
    i = sched_find_room(s, room);
    if (i >= 0)
        return s->rooms[i].name;
    sched_room_list(s, list, sizeof(list));
    err_set(err, "no room '%s' in the schedule; its rooms are: %s", room, list);
    return NULL;
}

/* ---- applying --------------------------------------------------------- */

static bool set_until(struct status_room *r, const char *until, struct err *err)
{
    if (!until)
        return true;
    return status_parse_until(until, &r->until, r->until_txt, sizeof(r->until_txt), err);
}

static bool apply_room_op(struct status *st, const struct op *op, const char *key,
                          const char *until, struct err *err)
{
    struct status_room *r = status_room_get(st, key, err);
    char *end = NULL;
    long min;

    if (!r)
        return false;
    switch (op->kind) {
    case OP_FULL:
        r->has_full = r->full = true;
        break;
    case OP_OPEN:
        r->has_full = r->full = false;
        break;
    case OP_DELAY:
        errno = 0;
        min = strtol(op->arg, &end, 10);
        if (errno || end == op->arg || *end || min < 0 || min > STATUS_MAX_DELAY)
            return err_set(err, "--delay: '%s' is not a number of minutes from 0 to %d", op->arg,
                           STATUS_MAX_DELAY);
        r->delay_min = min > 0 ? (int)min : -1;
        break;
    case OP_NOTE:
        if (!status_set_text(&r->note, *op->arg ? op->arg : NULL, err))
            return false;
        break;
    default:
        break;
    }
    return set_until(r, until, err);
}

static bool apply_op(struct status *st, const struct sched *s, const struct op *op,
                     const char *until, struct err *err)
{
    const char *key;

    if (op->kind == OP_CLEAR_ALL) {
        status_clear_all(st);
        return true;
    }
    if (op->kind == OP_CLEAR_EMERGENCY) {
        status_clear_emergency(st);
        return true;
    }
    key = room_key(s, op->room, err);
    if (!key)
        return false;
    if (op->kind == OP_CLEAR) {
        status_room_clear(st, key);
        return true;
    }
    return apply_room_op(st, op, key, until, err);
}

static bool apply_emergency(struct status *st, const struct sched *s, const struct args *a,
                            struct err *err)
{
    const char *keys[MAX_OPS];

    for (size_t i = 0; i < a->nerooms; i++)
        if (!(keys[i] = room_key(s, a->erooms[i], err)))
            return false;
    if (!status_set_emergency(st, a->emergency, keys, a->nerooms, err))
        return false;
    if (!a->until)
        return true;
    return status_parse_until(a->until, &st->emergency.until, st->emergency.until_txt,
                              sizeof(st->emergency.until_txt), err);
}

static bool apply_all(struct status *st, const struct sched *s, const struct args *a,
                      struct err *err)
{
    time_t now = time(NULL);
    struct tz *utc = tz_fixed(0);

    for (size_t i = 0; i < a->nops; i++)
        if (!apply_op(st, s, &a->ops[i], a->until, err)) {
            tz_free(utc);
            return false;
        }
    if (a->emergency && !apply_emergency(st, s, a, err)) {
        tz_free(utc);
        return false;
    }
    status_prune(st);
    st->updated = (int64_t)now;
    if (utc)
        tz_format_iso8601(utc, st->updated, st->updated_txt, (int)sizeof(st->updated_txt));
    tz_free(utc);
    return true;
}

/* ---- the file --------------------------------------------------------- */

/* The status in FILE, or a new one when there is none yet (or when the
 * command starts with --clear --all, which may replace an unreadable file). */
static bool read_current(const struct args *a, struct status **out, struct err *err)
{
    char *buf = NULL;
    size_t len = 0;
    int e = 0;
    bool ok;

    if (a->nops && a->ops[0].kind == OP_CLEAR_ALL)
        return status_new(out, err);
    if (!file_read("status", a->file, MAX_STATUS, &buf, &len, NULL, &e, err))
        return e == ENOENT ? status_new(out, err) : false;
    ok = status_load(buf, len, out, err);
    free(buf);
    if (!ok)
        err_prefix(err, "%s (fix it, or start over with --clear --all)", a->file);
    return ok;
}

/* An exclusive lock on FILE's directory, held until the descriptor is
 * closed: concurrent writers take turns on the read-modify-write. */
static int lock_dir(const char *file, struct err *err)
{
    char dir[4096];
    const char *slash = strrchr(file, '/');
    int n = slash ? snprintf(dir, sizeof(dir), "%.*s", (int)(slash - file + (slash == file)), file)
                  : snprintf(dir, sizeof(dir), ".");
    int fd;
    char eb[128];

    if (n < 0 || (size_t)n >= sizeof(dir))
        return err_set(err, "status: path too long: %.80s...", file), -1;
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return err_set(err, "status: cannot open %s: %s", dir, err_strerror(errno, eb, sizeof(eb))),
               -1;
    if (flock(fd, LOCK_EX) != 0) {
        err_set(err, "status: cannot lock %s: %s", dir, err_strerror(errno, eb, sizeof(eb)));
        close(fd);
        return -1;
    }
    return fd;
}

/* S with a final newline (a text file, printed as written); frees S. */
static char *with_newline(char *s)
{
    size_t n = s ? strlen(s) : 0;
    char *t = s ? realloc(s, n + 2) : NULL;

    if (!t) {
        free(s);
        return NULL;
    }
    t[n] = '\n';
    t[n + 1] = '\0';
    return t;
}

static bool edit(const struct args *a, const struct sched *s, char **json, struct err *err)
{
    struct status *st = NULL;
    bool ok;
    int lock = lock_dir(a->file, err);

    if (lock < 0)
        return false;
    ok = read_current(a, &st, err) && apply_all(st, s, a, err);
    if (ok) {
        *json = with_newline(status_to_json(st));
        ok = *json ? true : err_set(err, "status: out of memory");
    }
    if (ok) {
        ok = durable_replace("status", a->file, *json, strlen(*json), NULL, err);
        if (!ok) {
            free(*json);
            *json = NULL;
        }
    }
    status_free(st);
    close(lock);
    return ok;
}

int main(int argc, char **argv)
{
    struct args a;
    struct sched *s = NULL;
    struct err err = {{0}};
    char *json = NULL;
    int rc = parse_args(&a, argc, argv);

    if (rc || argc < 3)
        return rc ? rc : 2;
    if (a.schedule && !read_path(a.schedule, 0, NULL, &s, NULL, &err)) {
        fprintf(stderr, ME ": %s\n", err.msg);
        return 1;
    }
    if (!edit(&a, s, &json, &err)) {
        fprintf(stderr, ME ": %s; %s is unchanged\n", err.msg, a.file);
        sched_free(s);
        return 1;
    }
    fputs(json, stdout);
    free(json);
    sched_free(s);
    return 0;
}
