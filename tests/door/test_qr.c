/* QR codes round trip: rendered by app/screen/qr.c, written as PNG, read
 * back by zbarimg (a real decoder), compared with the URL. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <SDL_image.h>

#include "qr.h"

static char outdir[512];

/* zbarimg's reading of PNG: the decoded text, or "" when it found none. */
static const char *decode(const char *png)
{
    static char buf[2048];
    char cmd[1024];
    FILE *p;
    size_t n;

    snprintf(cmd, sizeof(cmd), "zbarimg --quiet --raw -Sdisable -Sqrcode.enable '%s' 2>/dev/null",
             png);
    p = popen(cmd, "r");
    assert_non_null(p);
    n = fread(buf, 1, sizeof(buf) - 1, p);
    pclose(p);
    buf[n] = '\0';
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
    return buf;
}

static void round_trip_as(const char *url, const char *want, int box, int want_px)
{
    struct err err = {{0}};
    char png[600];
    int px = 0, side = 0;
    SDL_Surface *s;
    static int nth;

    assert_true(qr_measure(url, box, QR_MIN_MODULE_PX, &px, &side, &err));
    assert_true(px >= want_px);
    s = qr_surface(url, box, QR_MIN_MODULE_PX, &err);
    if (!s)
        fail_msg("%s", err.msg);
    assert_int_equal(s->w, side);
    assert_true(side <= box);
    /* the quiet zone (4 modules) is white all along the top edge */
    for (int y = 0; y < QR_QUIET_MODULES * px; y++)
        for (int x = 0; x < s->w; x++) {
            Uint32 v = ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
            assert_int_equal(v & 0xFFFFFF, 0xFFFFFF);
        }
    snprintf(png, sizeof(png), "%s/qr-%d.png", outdir, nth++);
    assert_int_equal(IMG_SavePNG(s, png), 0);
    SDL_FreeSurface(s);
    assert_string_equal(decode(png), want);
}

static void round_trip(const char *url, int box, int want_px)
{
    round_trip_as(url, url, box, want_px);
}

/* The layout's QR box on a 1080p door screen is a fifth of the height (216
 * px): a pretalx talk URL gets at least 4 px per module there. */
static void test_pretalx_url_1080p(void **state)
{
    (void)state;
    round_trip("https://pretalx.example.org/democon/talk/G9JGWY/", 216, 4);
    round_trip("http://localhost/democon/talk/SCYPFZ/", 216, 5);
}

static void test_long_and_unicode(void **state)
{
    (void)state;
    round_trip("https://fahrplan.events.ccc.de/congress/2024/fahrplan/events/"
               "12345-ber-die-zukunft-des-netzes-und-der-stra-en.html?lang=de&utm=door",
               600, 4);
    /* non-ASCII is sent percent-encoded: decoders guess 8-bit charsets */
    round_trip_as("https://example.org/t/überall 2", "https://example.org/t/%C3%BCberall%202", 216,
                  4);
}

static void test_refused(void **state)
{
    struct err err = {{0}};
    int px, side;
    char big[QR_MAX_URL + 2];

    (void)state;
    /* too small for 4 px modules: no code rather than an unscannable one */
    assert_false(qr_measure("https://pretalx.example.org/democon/talk/G9JGWY/", 100,
                            QR_MIN_MODULE_PX, &px, &side, &err));
    assert_non_null(strstr(err.msg, "the box has 100"));
    assert_null(qr_surface("https://pretalx.example.org/democon/talk/G9JGWY/", 100,
                           QR_MIN_MODULE_PX, &err));
    assert_false(qr_measure("", 500, 4, &px, &side, &err));
    assert_string_equal(err.msg, "qr: no URL");
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    assert_false(qr_measure(big, 5000, 4, &px, &side, &err));
    assert_non_null(strstr(err.msg, "longer than"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pretalx_url_1080p),
        cmocka_unit_test(test_long_and_unicode),
        cmocka_unit_test(test_refused),
    };
    snprintf(outdir, sizeof(outdir), "%s/door-out", getenv("RB_BUILD"));
    mkdir(outdir, 0755);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
