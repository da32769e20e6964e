/* HTTPS on loopback with a CA made here by openssl and nginx serving a
 * certificate from it: accepted with that CA configured (and with the right
 * pinned key), refused without it and with a wrong pinned key — and then
 * the cache still serves, unchanged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "fetch.h"
#include "nettest.h"

static char scratch[4096], cache_dir[4200], p_body[4300], ca[4300], cert[4300], key[4300];
static char url[256], url_localhost[256], pin[128];
static int port;
static pid_t nginx, plain;
static char plain_dir[4200];
static int plain_port;
static char *v1;
static size_t v1len;

static int setup(void **state)
{
    char cmd[8192], f[4200], www[4300], dst[4400];
    char *p;

    nt_scratch("tls", scratch, sizeof(scratch));
    snprintf(cache_dir, sizeof(cache_dir), "%s/cache", scratch);
    snprintf(p_body, sizeof(p_body), "%s/%s", cache_dir, CACHE_FILE);
    snprintf(ca, sizeof(ca), "%s/ca.pem", scratch);
    snprintf(cert, sizeof(cert), "%s/server.pem", scratch);
    snprintf(key, sizeof(key), "%s/server.key", scratch);
    /* A throw-away CA, and a server certificate for 127.0.0.1 and localhost
     * signed by it; then the server key's pin in curl's sha256// form. */
    snprintf(cmd, sizeof(cmd),
             "set -e; cd '%s'; exec 2>openssl.log\n"
             "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
             "  -keyout ca.key -out ca.pem -days 2 -subj '/CN=roomboard test CA'\n"
             "openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
             "  -keyout server.key -out server.csr -subj '/CN=127.0.0.1'\n"
             "printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\nbasicConstraints=CA:FALSE\\n"
             "extendedKeyUsage=serverAuth\\n' > server.ext\n"
             "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
             "  -out server.pem -days 2 -extfile server.ext\n"
             "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
             "  -keyout other-ca.key -out other-ca.pem -days 2 -subj '/CN=roomboard test CA'\n"
             "openssl pkey -in server.key -pubout -outform der | openssl dgst -sha256 -binary "
             "  | openssl base64 -A > pin.txt\n",
             scratch);
    assert_int_equal(system(cmd), 0);
    snprintf(f, sizeof(f), "%s/pin.txt", scratch);
    p = nt_read(f, NULL);
    assert_non_null(p);
    assert_int_equal(strlen(p), 44); /* base64 of 32 bytes */
    snprintf(pin, sizeof(pin), "sha256//%s", p);
    free(p);

    nt_fixture("sched-v1.json", f, sizeof(f));
    v1 = nt_read(f, &v1len);
    assert_non_null(v1);
    snprintf(www, sizeof(www), "%s/www", scratch);
    mkdir(www, 0755);
    snprintf(dst, sizeof(dst), "%s/schedule.json", www);
    nt_write(dst, v1, v1len);
    /* A plain-http server with the same schedule, for the redirect test. */
    snprintf(plain_dir, sizeof(plain_dir), "%s/plain", scratch);
    snprintf(dst, sizeof(dst), "%s/www", plain_dir);
    mkdir(plain_dir, 0755);
    mkdir(dst, 0755);
    snprintf(dst, sizeof(dst), "%s/www/schedule.json", plain_dir);
    nt_write(dst, v1, v1len);
    plain = nt_nginx(plain_dir, NULL, NULL, &plain_port);
    snprintf(cmd, sizeof(cmd),
             "        location = /to-http.json { return 301 http://127.0.0.1:%d/schedule.json; }\n"
             "        location = /to-https.json { return 301 /schedule.json; }\n",
             plain_port);
    nginx = nt_nginx_extra(scratch, cert, key, cmd, &port);
    snprintf(url, sizeof(url), "https://127.0.0.1:%d/schedule.json", port);
    snprintf(url_localhost, sizeof(url_localhost), "https://localhost:%d/schedule.json", port);
    return 0;
}

static int teardown(void **state)
{
    nt_stop(nginx);
    nt_stop(plain);
    free(v1);
    return 0;
}

static bool fetch_in(const char *dir, const char *u, const char *cafile, const char *pinned,
                     struct sched **s, struct fetch_info *info)
{
    struct cfg c;
    struct err e = {{0}};
    bool ok;

    nt_cfg(&c, u, dir);
    cfg_set_str(&c.ca_bundle, cafile);
    cfg_set_str(&c.pinned_key, pinned);
    ok = fetch_once(&c, s, info, &e);
    if (!ok)
        print_message("fetch_once: %s\n", e.msg);
    cfg_clear(&c);
    return ok;
}

static bool fetch_with(const char *u, const char *cafile, const char *pinned, struct sched **s,
                       struct fetch_info *info)
{
    return fetch_in(cache_dir, u, cafile, pinned, s, info);
}

static void test_accepted_with_ca(void **state)
{
    struct sched *s = NULL;
    struct fetch_info info;

    assert_true(fetch_with(url, ca, NULL, &s, &info));
    assert_string_equal(info.source, "network");
    assert_string_equal(info.error, "");
    assert_int_equal(s->nsessions, 3);
    sched_free(s);
    assert_true(nt_same_file(p_body, v1, v1len));
}

static void test_accepted_with_ca_and_pin(void **state)
{
    struct sched *s = NULL;
    struct fetch_info info;
    char other[4300];

    assert_true(fetch_with(url, ca, pin, &s, &info));
    assert_string_equal(info.source, "network");
    assert_int_equal(s->nsessions, 3);
    sched_free(s);
    /* by name too (the certificate's DNS entry); its own cache, as the
     * cache belongs to one URL */
    snprintf(other, sizeof(other), "%s/cache-localhost", scratch);
    s = NULL;
    assert_true(fetch_in(other, url_localhost, ca, pin, &s, &info));
    assert_string_equal(info.source, "network");
    sched_free(s);
}

/* Refused: the cache (for the same URL) answers, unchanged. */
static void expect_refused(const char *cafile, const char *pinned, const char *want)
{
    struct sched *s = NULL;
    struct fetch_info info;
    size_t len;
    char *before = nt_read(p_body, &len);

    assert_non_null(before);
    assert_true(fetch_with(url, cafile, pinned, &s, &info));
    print_message("refused: %s\n", info.error);
    assert_string_equal(info.source, "cache");
    assert_true(info.stale);
    assert_non_null(strstr(info.error, want));
    assert_int_equal(s->nsessions, 3);
    sched_free(s);
    assert_true(nt_same_file(p_body, before, len));
    free(before);
}

static void test_refused_without_ca(void **state)
{
    /* the system store does not know the test CA */
    expect_refused(NULL, NULL, "certificate");
}

static void test_refused_with_wrong_pin(void **state)
{
    expect_refused(ca, "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "pinned");
}

static void test_refused_with_other_ca(void **state)
{
    /* another CA, even one with the same name, is not the one that signed */
    char other[4300];
    snprintf(other, sizeof(other), "%s/other-ca.pem", scratch);
    expect_refused(other, NULL, "certificate");
}

/* An https source redirected to http:// is refused (the CA and the pinned
 * key would not cover what is shown): the plain server never sees the
 * request. Redirects within https still work. */
static void test_no_redirect_to_http(void **state)
{
    struct sched *s = NULL;
    struct fetch_info info;
    char u[256], dir[4300];

    snprintf(dir, sizeof(dir), "%s/cache-redirect", scratch);
    snprintf(u, sizeof(u), "https://127.0.0.1:%d/to-http.json", port);
    assert_false(fetch_in(dir, u, ca, pin, &s, &info));
    print_message("refused: %s\n", info.error);
    assert_null(s);
    assert_non_null(strstr(info.error, "redirected"));
    /* nginx logs a request after answering it: wait (bounded) for the
     * redirect's line, by then a followed request would be logged too. */
    for (int i = 0; i < 250 && nt_nginx_count(scratch, "/to-http.json") < 1; i++)
        nt_sleep_ms(20);
    assert_int_equal(nt_nginx_count(scratch, "/to-http.json"), 1);
    assert_int_equal(nt_nginx_count(plain_dir, "schedule.json"), 0);

    snprintf(dir, sizeof(dir), "%s/cache-redirect-https", scratch);
    snprintf(u, sizeof(u), "https://127.0.0.1:%d/to-https.json", port);
    assert_true(fetch_in(dir, u, ca, pin, &s, &info));
    assert_string_equal(info.source, "network");
    assert_int_equal(s->nsessions, 3);
    sched_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepted_with_ca),
        cmocka_unit_test(test_accepted_with_ca_and_pin),
        cmocka_unit_test(test_refused_without_ca),
        cmocka_unit_test(test_refused_with_wrong_pin),
        cmocka_unit_test(test_refused_with_other_ca),
        cmocka_unit_test(test_no_redirect_to_http),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
