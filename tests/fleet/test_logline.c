/* Reading access-log lines (nginx and Apache "combined") and the
 * User-Agent detail of a screen. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "agent.h"
#include "logline.h"

static struct logline l;

static bool parse(const char *s, struct err *e)
{
    return logline_parse(s, strlen(s), &l, e);
}

static void test_nginx(void **state)
{
    struct err e;

    assert_true(parse("10.0.0.7 - - [31/Jan/2026:10:40:05 +0100] \"GET /s/schedule.json?x=1 "
                      "HTTP/1.1\" 304 0 \"-\" \"roomboard/0.2.0 (screen=door-h2213; "
                      "rooms=H.2213; version=2026-01-31 10:40; status=ok; clock=ok; up=5h12m)\"",
                      &e));
    assert_string_equal(l.addr, "10.0.0.7");
    assert_int_equal(l.t, 1769852405); /* 2026-01-31T09:40:05Z */
    assert_string_equal(l.path, "/s/schedule.json");
    assert_int_equal(l.status, 304);
    assert_string_equal(l.agent, "roomboard/0.2.0 (screen=door-h2213; rooms=H.2213; "
                                 "version=2026-01-31 10:40; status=ok; clock=ok; up=5h12m)");
    assert_false(l.agent_cut);
    /* nginx escapes a quote as \x22; trailing extra fields are ignored. */
    assert_true(parse("::1 - bob [01/Feb/2026:00:00:00 -0530] \"GET / HTTP/1.0\" 200 12 "
                      "\"http://x/\" \"a\\x22b\\x5Cc\" \"-\" 0.002",
                      &e));
    assert_string_equal(l.addr, "::1");
    assert_int_equal(l.t, 1769904000 + 5 * 3600 + 1800);
    assert_string_equal(l.agent, "a\"b\\c");
}

static void test_apache(void **state)
{
    struct err e;

    /* Apache: \" and \\ and \t, a user with a space, bytes "-". */
    assert_true(parse("192.0.2.1 - \"frank smith\" [10/Oct/2026:13:55:36 -0700] \"GET /a.json "
                      "HTTP/1.1\" 200 - \"-\" \"x \\\"y\\\" \\\\z\\tq\"",
                      &e));
    assert_int_equal(l.t, 1791665736);
    assert_string_equal(l.agent, "x \"y\" \\z\tq");
    assert_string_equal(l.path, "/a.json");
    /* A request that is not "METHOD /path": no path, still a line. */
    assert_true(parse("1.2.3.4 - - [10/Oct/2026:13:55:36 +0000] \"-\" 400 0 \"-\" \"-\"", &e));
    assert_string_equal(l.path, "");
}

static void test_bad(void **state)
{
    static const struct {
        const char *line, *why;
    } cases[] = {
        {"", "no client address"},
        {"1.2.3.4 - - 10/Oct/2026:13:55:36 +0000 \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"",
         "no [time]"},
        {"1.2.3.4 - - [10/Okt/2026:13:55:36 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"",
         "the time is not"},
        {"1.2.3.4 - - [10/Oct/2026:25:55:36 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"",
         "the time is not"},
        {"1.2.3.4 - - [10/Oct/2026:13:55:36 +0000] \"GET / HTTP/1.1 200 1 \"-\" \"-\"",
         "no 3-digit status"},
        {"1.2.3.4 - - [10/Oct/2026:13:55:36 +0000] \"GET / HTTP/1.1\" 200 1", "no \"referer\""},
        {"1.2.3.4 - - [10/Oct/2026:13:55:36 +0000] \"GET / HTTP/1.1\" 200 1 \"-\"",
         "no \"user-agent\""},
        {"1.2.3.4 - - [10/Oct/2026:13:55:36 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"\\x4\"",
         "no \"user-agent\""},
        {"1.2.3.4 - - [10/Oct/2026:13:55:36 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"open",
         "no \"user-agent\""},
    };
    struct err e;

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        e.msg[0] = '\0';
        assert_false(parse(cases[i].line, &e));
        if (!strstr(e.msg, cases[i].why))
            fail_msg("case %zu: '%s' lacks '%s'", i, e.msg, cases[i].why);
    }
}

static void test_agent(void **state)
{
    struct agent a;
    enum agent_kind k;
    struct err e;

    assert_true(agent_parse("Mozilla/5.0 (X11)", &k, &a, &e));
    assert_int_equal(k, AGENT_OTHER);
    assert_true(agent_parse("roomboard/0.2.0", &k, &a, &e));
    assert_int_equal(k, AGENT_PLAIN);
    assert_true(agent_parse("roomboard/0.2.0 (screen=lobby 1; rooms=A,B; version=v 7=8; "
                            "status=clock-waiting; clock=waiting; up=2d1h1m; future=x)",
                            &k, &a, &e));
    assert_int_equal(k, AGENT_DETAIL);
    assert_string_equal(a.app_version, "0.2.0");
    assert_string_equal(a.name, "lobby 1");
    assert_string_equal(a.rooms, "A,B");
    assert_string_equal(a.version, "v 7=8");
    assert_string_equal(a.status, "clock-waiting");
    assert_string_equal(a.clock, "waiting");
    assert_int_equal(a.up_s, 2 * 86400 + 3600 + 60);
    assert_true(agent_parse("roomboard/0.2.0 (screen=x; rooms=; version=; status=ok; clock=ok; "
                            "up=0m)",
                            &k, &a, &e));
    assert_string_equal(a.rooms, "");
    assert_int_equal(a.up_s, 0);

    assert_false(agent_parse("roomboard/0.2.0 (rooms=A; status=ok)", &k, &a, &e));
    assert_non_null(strstr(e.msg, "without screen="));
    assert_false(agent_parse("roomboard/0.2.0 (screen=x; status=fine)", &k, &a, &e));
    assert_non_null(strstr(e.msg, "unknown status=fine"));
    assert_false(agent_parse("roomboard/0.2.0 (screen=x; up=5x)", &k, &a, &e));
    assert_non_null(strstr(e.msg, "up=5x"));
    assert_false(agent_parse("roomboard/0.2.0 (screen=x; up=5h12m", &k, &a, &e));
    assert_false(agent_parse("roomboard/0.2.0 (screen=x; junk)", &k, &a, &e));
    assert_false(agent_parse("roomboard/ (screen=x)", &k, &a, &e));
}

static void test_uptime(void **state)
{
    int64_t v;

    assert_true(agent_uptime("5h12m", &v));
    assert_int_equal(v, 5 * 3600 + 12 * 60);
    assert_true(agent_uptime("42s", &v));
    assert_int_equal(v, 42);
    assert_false(agent_uptime("", &v));
    assert_false(agent_uptime("12", &v));
    assert_false(agent_uptime("h", &v));
    assert_false(agent_uptime("999999999999d", &v));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nginx), cmocka_unit_test(test_apache), cmocka_unit_test(test_bad),
        cmocka_unit_test(test_agent), cmocka_unit_test(test_uptime),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
