/* Shared helpers for the reader tests: load through the door, find
 * sessions and rooms, check now/next at an instant. */
#ifndef ROOMBOARD_READTEST_H
#define ROOMBOARD_READTEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "board.h"
#include "read.h"
#include "sched.h"
#include "tz.h"

/* $RB_SHARED/formats/NAME when shared, else $RB_TEST_DATA/read/NAME. */
static inline const char *rt_path(const char *name, bool shared)
{
    static char buf[1024];
    const char *dir = getenv(shared ? "RB_SHARED" : "RB_TEST_DATA");

    assert_non_null(dir);
    snprintf(buf, sizeof(buf), shared ? "%s/formats/%s" : "%s/read/%s", dir, name);
    return buf;
}

static inline struct sched *rt_load(const char *name, bool shared, const char *zone)
{
    struct read_opts o = {.tzname = zone, .tz_source = "config"};
    struct sched *s = NULL;
    struct err err = {{0}};

    if (!read_path(rt_path(name, shared), 0, &o, &s, NULL, &err))
        fail_msg("loading %s: %s", name, err.msg);
    return s;
}

/* Loading must fail with NEEDLE in the one-line message. */
static inline void rt_refused(const char *body, size_t len, const char *zone, const char *needle)
{
    struct read_opts o = {.tzname = zone};
    struct sched *s = (struct sched *)0x1;
    struct err err = {{0}};

    assert_false(read_bytes(body, len, &o, &s, NULL, &err));
    assert_ptr_equal(s, (struct sched *)0x1); /* untouched */
    if (!strstr(err.msg, needle))
        fail_msg("expected '%s' in '%s'", needle, err.msg);
    assert_null(strchr(err.msg, '\n'));
}

static inline int64_t rt_iso(const char *s)
{
    int64_t t = 0;

    if (!tz_parse_iso8601(s, &t, NULL, NULL))
        fail_msg("bad instant %s", s);
    return t;
}

static inline const struct sched_session *rt_by_title(const struct sched *s, const char *title)
{
    for (size_t i = 0; i < s->nsessions; i++)
        if (strcmp(s->sessions[i].title, title) == 0)
            return &s->sessions[i];
    fail_msg("no session '%s'", title);
    return NULL;
}

static inline size_t rt_room(const struct sched *s, const char *name)
{
    int r = sched_find_room(s, name);

    if (r < 0)
        fail_msg("no room '%s'", name);
    return (size_t)r;
}

/* Now and next in ROOM at the ISO instant AT (NULL: none). */
static inline void rt_now_next(const struct sched *s, const char *room, const char *at,
                               const char *now, const char *next)
{
    struct board_state st;

    board_room(s, rt_room(s, room), rt_iso(at), &st);
    if (now) {
        assert_non_null(st.now);
        assert_string_equal(st.now->title, now);
    } else {
        assert_null(st.now);
    }
    if (next) {
        assert_non_null(st.next);
        assert_string_equal(st.next->title, next);
    } else {
        assert_null(st.next);
    }
}

static inline void rt_speakers(const struct sched_session *x, size_t n, const char *a,
                               const char *b)
{
    assert_int_equal(x->nspeakers, n);
    if (n > 0)
        assert_string_equal(x->speakers[0], a);
    if (n > 1)
        assert_string_equal(x->speakers[1], b);
}

#endif
