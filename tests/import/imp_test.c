/* Helpers shared by the importer tests (see imp_test.h). */
#include "imp_test.h"

/* Reads $ENVVAR/rel (RB_TEST_DATA or RB_SHARED) into a new buffer. */
char *fixture(const char *envvar, const char *rel, size_t *len)
{
    const char *dir = getenv(envvar);
    char path[4096];
    char *buf = NULL;
    struct err err = {{0}};

    assert_non_null(dir);
    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    if (!imp_read_file(path, &buf, len, &err))
        fail_msg("%s", err.msg);
    return buf;
}

/* The session titled TITLE (exactly one must exist). */
const struct sched_session *by_title(const struct sched *s, const char *title)
{
    const struct sched_session *hit = NULL;
    for (size_t i = 0; i < s->nsessions; i++) {
        if (strcmp(s->sessions[i].title, title) == 0) {
            if (hit)
                fail_msg("two sessions titled '%s'", title);
            hit = &s->sessions[i];
        }
    }
    if (!hit)
        fail_msg("no session titled '%s'", title);
    return hit;
}

const char *room_of(const struct sched *s, const struct sched_session *x)
{
    return s->rooms[x->room].name;
}

/* Asserts the speakers of X are exactly the NULL-terminated list. */
void assert_speakers(const struct sched_session *x, ...)
{
    va_list ap;
    size_t n = 0;
    const char *name;

    va_start(ap, x);
    while ((name = va_arg(ap, const char *)) != NULL) {
        if (n >= x->nspeakers)
            fail_msg("'%s': expected speaker '%s' is missing", x->title, name);
        assert_string_equal(x->speakers[n], name);
        n++;
    }
    va_end(ap);
    assert_int_equal(x->nspeakers, n);
}

/* Runs a reader on a fixture and expects success. */
struct sched *import_ok(enum imp_format f, const char *envvar, const char *rel, const char *tzname,
                        struct imp_info *info)
{
    size_t len;
    char *buf = fixture(envvar, rel, &len);
    struct imp_opts opts = {.tzname = tzname};
    struct sched *s = NULL;
    struct err err = {{0}};

    if (!imp_read(f, buf, len, &opts, &s, info, &err))
        fail_msg("%s: %s", rel, err.msg);
    free(buf);
    return s;
}

/* Runs a reader on a fixture, expects failure with *out untouched, and
 * leaves the message in err. */
void import_fails(enum imp_format f, const char *rel, const char *tzname, struct err *err)
{
    size_t len;
    char *buf = fixture("RB_TEST_DATA", rel, &len);
    struct imp_opts opts = {.tzname = tzname};
    struct sched *sentinel = (struct sched *)&len;
    struct sched *s = sentinel;

    memset(err, 0, sizeof(*err));
    if (imp_read(f, buf, len, &opts, &s, NULL, err))
        fail_msg("%s: was accepted", rel);
    assert_ptr_equal(s, sentinel);
    assert_true(err->msg[0] != '\0');
    free(buf);
}
