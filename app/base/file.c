#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

bool file_read(const char *what, const char *path, size_t max, char **out, size_t *len,
               struct stat *st_out, int *errno_out, struct err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    struct stat st;
    char *buf = NULL;
    size_t got = 0;
    char why[128];

    if (errno_out)
        *errno_out = 0;
    if (fd < 0) {
        if (errno_out)
            *errno_out = errno;
        return err_set(err, "%s: open of %s failed: %s", what, path,
                       err_strerror(errno, why, sizeof(why)));
    }
    if (fstat(fd, &st) != 0) {
        err_set(err, "%s: stat of %s failed: %s", what, path,
                err_strerror(errno, why, sizeof(why)));
        goto fail;
    }
    if (!S_ISREG(st.st_mode)) {
        err_set(err, "%s: %s is not a regular file", what, path);
        goto fail;
    }
    if ((uint64_t)st.st_size > max) {
        err_set(err, "%s: %s is %jd bytes, more than the limit of %zu", what, path,
                (intmax_t)st.st_size, max);
        goto fail;
    }
    buf = malloc((size_t)st.st_size + 1);
    if (!buf) {
        err_set(err, "%s: out of memory reading %s", what, path);
        goto fail;
    }
    while (got < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            err_set(err, "%s: read of %s failed: %s", what, path,
                    err_strerror(errno, why, sizeof(why)));
            goto fail;
        }
        if (n == 0)
            break; /* shrank under us: the caller's checks see the short read */
        got += (size_t)n;
    }
    buf[got] = '\0';
    close(fd);
    if (st_out)
        *st_out = st;
    *out = buf;
    *len = got;
    return true;
fail:
    free(buf);
    close(fd);
    return false;
}
