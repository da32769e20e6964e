#include "durable.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Runs on the fetcher thread too: err_strerror, never strerror. */
#define ESTR(e) err_strerror((e), ebuf, sizeof(ebuf))

bool durable_sync_dir(const char *who, const char *dir, struct err *err)
{
    char ebuf[128];
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd < 0)
        return err_set(err, "%s: open of directory %s failed: %s", who, dir, ESTR(errno));
    if (fsync(fd) != 0) {
        int e = errno;
        close(fd);
        return err_set(err, "%s: fsync of directory %s failed: %s", who, dir, ESTR(e));
    }
    close(fd);
    return true;
}

/* fwrite, fflush, fsync, fclose of an open stream on TMP; closes F either
 * way and removes TMP on failure. */
static bool write_stream(const char *who, FILE *f, const char *tmp, const void *data, size_t len,
                         struct err *err)
{
    char ebuf[128];
    const char *step = NULL;
    int e;

    if (len > 0 && fwrite(data, 1, len, f) != len)
        step = "write";
    else if (fflush(f) != 0)
        step = "fflush";
    else if (fsync(fileno(f)) != 0)
        step = "fsync";
    if (step) {
        e = errno;
        fclose(f);
        unlink(tmp);
        return err_set(err, "%s: %s of %s failed: %s", who, step, tmp, ESTR(e ? e : EIO));
    }
    if (fclose(f) != 0) {
        e = errno;
        unlink(tmp);
        return err_set(err, "%s: fclose of %s failed: %s", who, tmp, ESTR(e));
    }
    return true;
}

/* A new, empty file PATH.tmp.XXXXXX (mkstemp: O_CREAT|O_EXCL, so nothing
 * already there, link or file, is ever opened), mode 0644 so a served
 * schedule stays world-readable (umask() is not thread-safe to read). */
static FILE *create_tmp(const char *who, const char *path, char *tmp, size_t tmpsize,
                        struct err *err)
{
    char ebuf[128];
    const char *step;
    FILE *f = NULL;
    int fd, n = snprintf(tmp, tmpsize, "%s.tmp.XXXXXX", path);

    if (n < 0 || (size_t)n >= tmpsize) {
        err_set(err, "%s: output path %s is too long", who, path);
        return NULL;
    }
    fd = mkstemp(tmp);
    if (fd < 0) {
        err_set(err, "%s: cannot create a temporary file next to %s: %s", who, path, ESTR(errno));
        return NULL;
    }
    step = fcntl(fd, F_SETFD, FD_CLOEXEC) != 0 ? "fcntl"
           : fchmod(fd, 0644) != 0             ? "chmod"
           : !(f = fdopen(fd, "wb"))           ? "fdopen"
                                               : NULL;
    if (step) {
        int e = errno;
        close(fd);
        unlink(tmp);
        err_set(err, "%s: %s of %s failed: %s", who, step, tmp, ESTR(e));
        return NULL;
    }
    return f;
}

void durable_sweep(const char *dir, const char *name, int64_t older_than_s)
{
    char prefix[256];
    int n = snprintf(prefix, sizeof(prefix), "%s.tmp.", name);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
    DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
    struct dirent *e;
    time_t now = time(NULL);

    if (!d) {
        if (dfd >= 0)
            close(dfd);
        return;
    }
    while (n > 0 && (size_t)n < sizeof(prefix) && (e = readdir(d)) != NULL) {
        struct stat st;
        if (strncmp(e->d_name, prefix, (size_t)n) != 0 || strlen(e->d_name) != (size_t)n + 6)
            continue;
        /* Never follows: lstat, and unlinkat removes a link, not its target. */
        if (fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            (int64_t)(now - st.st_mtime) >= older_than_s)
            unlinkat(dfd, e->d_name, 0);
    }
    closedir(d);
}

bool durable_write(const char *who, const char *path, char *tmp, size_t tmpsize, const void *data,
                   size_t len, struct err *err)
{
    FILE *f = create_tmp(who, path, tmp, tmpsize, err);

    return f && write_stream(who, f, tmp, data, len, err);
}

bool durable_rename(const char *who, const char *tmp, const char *path, const char *dir,
                    bool *replaced, struct err *err)
{
    char ebuf[128];

    if (replaced)
        *replaced = false;
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return err_set(err, "%s: rename of %s to %s failed: %s", who, tmp, path, ESTR(e));
    }
    if (replaced)
        *replaced = true;
    return durable_sync_dir(who, dir, err);
}

bool durable_replace(const char *who, const char *path, const void *data, size_t len,
                     bool *replaced, struct err *err)
{
    char tmp[4096], dir[4096];
    const char *slash = strrchr(path, '/');

    if (replaced)
        *replaced = false;
    if (!slash)
        snprintf(dir, sizeof(dir), ".");
    else if (slash == path)
        snprintf(dir, sizeof(dir), "/");
    else if (snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path) >= (int)sizeof(dir))
        return err_set(err, "%s: output path %s is too long", who, path);
    if (!durable_write(who, path, tmp, sizeof(tmp), data, len, err))
        return false;
    return durable_rename(who, tmp, path, dir, replaced, err);
}
