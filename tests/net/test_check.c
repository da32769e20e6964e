/* What the fetcher refuses before a body reaches the parser, and what it
 * keeps from response headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetch.h"
#include "nettest.h"

static bool check(const char *s, size_t len, const char *want_in_error)
{
    struct err e = {{0}};
    bool ok = fetch_check_body(s, len, &e);

    if (!ok && want_in_error && !strstr(e.msg, want_in_error)) {
        fprintf(stderr, "error '%s' lacks '%s'\n", e.msg, want_in_error);
        return true; /* makes the assert_false below fail */
    }
    return ok;
}

#define CHK(lit, want) check(lit, sizeof(lit) - 1, want)

static void test_fixtures(void **state)
{
    static const struct {
        const char *file;
        const char *want; /* NULL: passes */
    } cases[] = {
        {"sched-v1.json", NULL},
        {"sched-v2.json", NULL},
        {"sched-empty.json", NULL},
        {"not-a-schedule.json", NULL}, /* well-formed: refused later by sched_load */
        {"bad-utf8.json", "not valid UTF-8 (byte 0xff"},
        {"nested.json", "deeper than 64 levels"},
        {"html-error.html", "HTML"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char path[4096];
        size_t len;
        nt_fixture(cases[i].file, path, sizeof(path));
        char *b = nt_read(path, &len);
        assert_non_null(b);
        if (cases[i].want)
            assert_false(check(b, len, cases[i].want));
        else
            assert_true(check(b, len, NULL));
        free(b);
    }
}

static void test_utf8(void **state)
{
    assert_true(CHK("{\"t\": \"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x8e\x89\"}", NULL));
    assert_true(CHK("{\"t\": \"\xf4\x8f\xbf\xbf\"}", NULL));     /* U+10FFFF */
    assert_false(CHK("{\"t\": \"\xc0\x80\"}", "UTF-8"));         /* overlong NUL */
    assert_false(CHK("{\"t\": \"\xe0\x80\xaf\"}", "UTF-8"));     /* overlong '/' */
    assert_false(CHK("{\"t\": \"\xed\xa0\x80\"}", "UTF-8"));     /* surrogate */
    assert_false(CHK("{\"t\": \"\xf4\x90\x80\x80\"}", "UTF-8")); /* past U+10FFFF */
    assert_false(CHK("{\"t\": \"\xe2\x82", "UTF-8"));            /* cut at the end */
    assert_false(CHK("{\"t\": \"\x80\"}", "UTF-8"));             /* lone continuation */
    assert_false(CHK("{\"t\": \"a\0b\"}", "NUL byte at offset 8"));
}

static void test_depth(void **state)
{
    char buf[512];
    size_t n = 0;

    for (int i = 0; i < FETCH_MAX_DEPTH; i++)
        buf[n++] = '[';
    for (int i = 0; i < FETCH_MAX_DEPTH; i++)
        buf[n++] = ']';
    assert_true(check(buf, n, NULL)); /* exactly the limit */

    n = 0;
    for (int i = 0; i <= FETCH_MAX_DEPTH; i++)
        buf[n++] = '[';
    for (int i = 0; i <= FETCH_MAX_DEPTH; i++)
        buf[n++] = ']';
    assert_false(check(buf, n, "deeper than 64 levels (offset 64)"));

    /* brackets inside strings, escaped quotes included, do not count */
    n = (size_t)snprintf(buf, sizeof(buf), "{\"a\": \"\\\"");
    for (int i = 0; i < 200; i++)
        buf[n++] = '[';
    n += (size_t)snprintf(buf + n, sizeof(buf) - n, "\"}");
    assert_true(check(buf, n, NULL));
}

static void test_html_and_empty(void **state)
{
    assert_false(CHK("", "empty"));
    assert_false(CHK("\xef\xbb\xbf \r\n<html><body>Login</body></html>", "HTML"));
    assert_false(CHK("<!DOCTYPE html>\n<html><body>502</body></html>", "HTML page"));
    assert_false(CHK("<?xml version=\"1.0\"?>\n<!-- x -->\n<html/>", "HTML page"));
    /* schedule.xml is a format now: the XML reader decides */
    assert_true(CHK("<?xml version=\"1.0\"?><schedule/>", NULL));
    assert_true(CHK("\xef\xbb\xbf{\"schedule\": {}}", NULL));
}

static void feed(struct fetch_hdrs *h, const char *line)
{
    fetch_parse_header(h, line, strlen(line));
}

static void test_headers(void **state)
{
    struct fetch_hdrs h = {.date = -1};

    feed(&h, "HTTP/1.1 200 OK\r\n");
    feed(&h, "etag:   \"abc-123\"  \r\n");
    feed(&h, "LAST-MODIFIED: Wed, 12 Jun 2030 06:00:00 GMT\r\n");
    feed(&h, "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n");
    feed(&h, "Content-Type: application/json\r\n");
    feed(&h, "\r\n");
    assert_string_equal(h.etag, "\"abc-123\"");
    assert_string_equal(h.last_modified, "Wed, 12 Jun 2030 06:00:00 GMT");
    assert_int_equal(h.date, 784111777); /* RFC 9110's example date */

    /* a redirect's headers do not leak into the final response */
    feed(&h, "HTTP/1.1 200 OK\r\n");
    assert_string_equal(h.etag, "");
    assert_string_equal(h.last_modified, "");
    assert_int_equal(h.date, -1);

    /* header injection and oversize values are dropped, not cut */
    char line[600];
    fetch_parse_header(&h, "ETag: \"a\"\r\nX-Evil: 1\r\n", 22);
    assert_string_equal(h.etag, "");
    memset(line, 'x', sizeof(line));
    memcpy(line, "ETag: ", 6);
    fetch_parse_header(&h, line, sizeof(line));
    assert_string_equal(h.etag, "");
    feed(&h, "Date: not a date\r\n");
    assert_int_equal(h.date, -1);
    feed(&h, "no colon here");
    feed(&h, ":");
    assert_string_equal(h.etag, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixtures), cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_depth),    cmocka_unit_test(test_html_and_empty),
        cmocka_unit_test(test_headers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
