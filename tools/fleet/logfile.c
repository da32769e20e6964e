#include "logfile.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define BUF_SIZE (256 * 1024)

struct logfile {
    gzFile gz;
    char path[512];
    bool follow, eof, skipping; /* skipping: inside a line too long */
    size_t start, end;          /* unread bytes are buf[start, end) */
    char buf[BUF_SIZE];
};

static int open_fd(const char *path, struct err *err)
{
    struct stat st;
    char eb[128];
    int fd = strcmp(path, "-") == 0 ? dup(0) : open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

    if (fd < 0)
        return err_set(err, "%s: cannot open: %s", path, err_strerror(errno, eb, sizeof(eb))), -1;
    if (fstat(fd, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISFIFO(st.st_mode))) {
        close(fd);
        return err_set(err, "%s: not a regular file or a pipe", path), -1;
    }
    /* Reads block again: a pipe has to be waited for. */
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

bool logfile_open(const char *path, bool follow, struct logfile **out, struct err *err)
{
    struct logfile *lf;
    int fd = open_fd(path, err);

    if (fd < 0)
        return false;
    if (!(lf = calloc(1, sizeof(*lf)))) {
        close(fd);
        return err_set(err, "%s: out of memory", path);
    }
    if (!(lf->gz = gzdopen(fd, "rb"))) {
        close(fd);
        free(lf);
        return err_set(err, "%s: cannot start reading (zlib)", path);
    }
    gzbuffer(lf->gz, 128 * 1024);
    snprintf(lf->path, sizeof(lf->path), "%s", path);
    lf->follow = follow;
    *out = lf;
    return true;
}

void logfile_close(struct logfile *lf)
{
    if (!lf)
        return;
    gzclose(lf->gz);
    free(lf);
}

/* Moves the unread bytes to the front and reads more behind them. Returns
 * the bytes read, 0 at the end, -1 on error (err set). */
static int fill(struct logfile *lf, struct err *err)
{
    int n, zerr;
    const char *msg;

    if (lf->start > 0) {
        memmove(lf->buf, lf->buf + lf->start, lf->end - lf->start);
        lf->end -= lf->start;
        lf->start = 0;
    }
    if (lf->end == sizeof(lf->buf))
        return 0;
    if (lf->eof && lf->follow)
        gzclearerr(lf->gz); /* --watch: the server may have appended */
    n = gzread(lf->gz, lf->buf + lf->end, (unsigned)(sizeof(lf->buf) - lf->end));
    if (n < 0) {
        msg = gzerror(lf->gz, &zerr);
        err_set(err, "%s: read failed: %s", lf->path, msg ? msg : "?");
        return -1;
    }
    lf->eof = n == 0;
    lf->end += (size_t)n;
    return n;
}

static void cut(const char *p, size_t *len)
{
    if (*len > 0 && p[*len - 1] == '\r')
        (*len)--;
}

enum logfile_result logfile_next(struct logfile *lf, const char **line, size_t *len,
                                 struct err *err)
{
    for (;;) {
        char *s = lf->buf + lf->start;
        char *nl = memchr(s, '\n', lf->end - lf->start);
        if (nl) {
            bool was_long = lf->skipping || (size_t)(nl - s) > LOGFILE_MAX_LINE;
            *line = s;
            *len = (size_t)(nl - s);
            lf->start += *len + 1;
            lf->skipping = false;
            cut(*line, len);
            if (was_long)
                return LOGFILE_LONG;
            return LOGFILE_LINE;
        }
        if (lf->end - lf->start > LOGFILE_MAX_LINE) {
            lf->skipping = true; /* drop it; the rest of it goes too */
            lf->start = lf->end;
        }
        int n = fill(lf, err);
        if (n < 0)
            return LOGFILE_ERROR;
        if (n > 0)
            continue;
        if (lf->start == lf->end || lf->follow)
            return LOGFILE_END;
        /* A last line without a newline. */
        *line = lf->buf + lf->start;
        *len = lf->end - lf->start;
        lf->start = lf->end;
        cut(*line, len);
        if (lf->skipping) {
            lf->skipping = false;
            return LOGFILE_LONG;
        }
        return LOGFILE_LINE;
    }
}
