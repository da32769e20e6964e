#include "durable.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool durable_sync_dir(const char *who, const char *dir, struct err *err)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd < 0)
        return err_set(err, "%s: open of directory %s failed: %s", who, dir, strerror(errno));
    if (fsync(fd) != 0) {
        int e = errno;
        close(fd);
        return err_set(err, "%s: fsync of directory %s failed: %s", who, dir, strerror(e));
    }
    close(fd);
    return true;
}

/* fwrite, fflush, fsync, fclose of an open stream on TMP; closes F either
 * way and removes TMP on failure. */
static bool write_stream(const char *who, FILE *f, const char *tmp, const void *data, size_t len,
                         struct err *err)
{
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
        return err_set(err, "%s: %s of %s failed: %s", who, step, tmp, strerror(e ? e : EIO));
    }
    if (fclose(f) != 0) {
        e = errno;
        unlink(tmp);
        return err_set(err, "%s: fclose of %s failed: %s", who, tmp, strerror(e));
    }
    return true;
}

bool durable_write(const char *who, const char *tmp, const void *data, size_t len, struct err *err)
{
    FILE *f = fopen(tmp, "we");

    if (!f)
        return err_set(err, "%s: open of %s failed: %s", who, tmp, strerror(errno));
    return write_stream(who, f, tmp, data, len, err);
}

bool durable_rename(const char *who, const char *tmp, const char *path, const char *dir,
                    bool *replaced, struct err *err)
{
    if (replaced)
        *replaced = false;
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return err_set(err, "%s: rename of %s to %s failed: %s", who, tmp, path, strerror(e));
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
    mode_t um;
    FILE *f = NULL;
    int fd, n;

    if (replaced)
        *replaced = false;
    n = snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", path);
    if (n < 0 || (size_t)n >= sizeof(tmp))
        return err_set(err, "%s: output path %s is too long", who, path);
    if (!slash)
        snprintf(dir, sizeof(dir), ".");
    else if (slash == path)
        snprintf(dir, sizeof(dir), "/");
    else
        snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
    fd = mkstemp(tmp);
    if (fd < 0)
        return err_set(err, "%s: cannot create a temporary file next to %s: %s", who, path,
                       strerror(errno));
    /* mkstemp makes it 0600; a served schedule must be world-readable. */
    um = umask(0);
    umask(um);
    const char *step = fchmod(fd, 0666 & ~um) != 0 ? "chmod"
                       : !(f = fdopen(fd, "wb"))   ? "fdopen"
                                                   : NULL;
    if (step) {
        int e = errno;
        close(fd);
        unlink(tmp);
        return err_set(err, "%s: %s of %s failed: %s", who, step, tmp, strerror(e));
    }
    if (!write_stream(who, f, tmp, data, len, err))
        return false;
    return durable_rename(who, tmp, path, dir, replaced, err);
}
