/* A one-day schedule built in memory, for the live and view tests:
 * 2026-10-24 in Europe/Berlin (+02:00), rooms "Room 01".., talks at 9, 11,
 * 13 and 15 (45 min each, speaker "A. Speaker"), and with ANNOUNCE a
 * "Coffee" announcement for every room from 10:20:10 to 10:50. */
#ifndef ROOMBOARD_ONEDAY_H
#define ROOMBOARD_ONEDAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "sched.h"

#define T(h, m, s) (1792792800LL + (h)*3600 + (m)*60 + (s))

static inline struct sched *oneday(size_t nrooms, bool announce)
{
    struct sched *s = NULL;
    struct err err = {{0}};
    assert_true(sched_new("Test", "t", "Europe/Berlin", &s, &err));
    for (size_t r = 0; r < nrooms; r++) {
        char room[32], title[64];
        snprintf(room, sizeof(room), "Room %02zu", r + 1);
        for (int h = 9; h < 17; h += 2) {
            const char *spk[] = {"A. Speaker"};
            struct sched_session_in in = {0};
            snprintf(title, sizeof(title), "Talk %d in %s", h, room);
            in.title = title;
            in.room = room;
            in.speakers = spk;
            in.nspeakers = 1;
            in.start = T(h, 0, 0);
            in.end = T(h, 45, 0);
            assert_true(sched_add_session(s, &in, &err));
        }
    }
    if (announce)
        assert_true(sched_add_announce(s, "Coffee", NULL, T(10, 20, 10), T(10, 50, 0), &err));
    if (!sched_finish(s, &err))
        fail_msg("%s", err.msg);
    return s;
}

#endif
