#include "changelog.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "durable.h"
#include "file.h"

static bool path_of(const char *dir, char *buf, size_t size, struct err *err)
{
    int n = snprintf(buf, size, "%s/%s", dir, CHANGELOG_FILE);

    if (n < 0 || (size_t)n >= size)
        return err_set(err, "changes: cache directory path too long: %.80s...", dir);
    return true;
}

bool changelog_load(const char *dir, struct changes *list, struct err *err)
{
    char path[4096], *buf = NULL;
    size_t len = 0;
    int e = 0;
    bool ok;

    changes_clear(list);
    if (!path_of(dir, path, sizeof(path), err))
        return false;
    if (!file_read("changes", path, CHANGELOG_MAX_LEN, &buf, &len, NULL, &e, err))
        return e == ENOENT ? true : false;
    ok = changes_from_json(list, buf, len, err);
    free(buf);
    if (!ok)
        err_prefix(err, "%s", path);
    return ok;
}

bool changelog_save(const char *dir, const struct changes *list, struct err *err)
{
    char path[4096], *json;
    bool ok;

    if (!path_of(dir, path, sizeof(path), err))
        return false;
    json = changes_to_json(list);
    if (!json)
        return err_set(err, "changes: out of memory writing %s", path);
    ok = durable_replace("changes", path, json, strlen(json), NULL, err);
    free(json);
    return ok;
}
