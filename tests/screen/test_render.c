/* Screenshots of real schedules, checked the way a person would: the
 * expected words are on the screen (OCR with tesseract), nothing overflows
 * its box (the layout dump of every frame), rotation turns the very same
 * picture, and every size gets a full layout.
 *
 * Runs build/roomboard --screenshot with ROOMBOARD_LAYOUT set. OCR runs when
 * RB_OCR=1 (the normal build; the sanitizer build checks layouts only). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include <SDL.h>
#include <SDL_image.h>

static char bin[1024], data[1024], out[1024], democon[1024], boot[1100];
static bool ocr;

static const char *env_or(const char *name, const char *dflt)
{
    const char *v = getenv(name);
    return v && *v ? v : dflt;
}

static int setup(void **state)
{
    (void)state;
    snprintf(bin, sizeof(bin), "%s/roomboard", env_or("RB_BUILD", "build"));
    snprintf(data, sizeof(data), "%s/screen", env_or("RB_TEST_DATA", "tests/data"));
    snprintf(out, sizeof(out), "%s/screen-out", env_or("RB_BUILD", "build"));
    snprintf(democon, sizeof(democon), "%s/formats/pretalx-democon.json",
             env_or("RB_SHARED", "../shared"));
    mkdir(out, 0755);
    ocr = strcmp(env_or("RB_OCR", "0"), "1") == 0;
    /* The screen's own config: QR codes off, so tesseract reads the text
     * without the codes' blocks beside it (tests/door reads the codes back
     * with zbarimg). */
    snprintf(boot, sizeof(boot), "%s/boot-noqr.json", out);
    FILE *f = fopen(boot, "w");
    assert_non_null(f);
    fputs("{\"qr\": false}\n", f);
    fclose(f);
    return 0;
}

/* Runs roomboard with ARGS (NULL-terminated) and the layout dump going to
 * LAYOUT; returns the exit status. stderr is kept in ERRFILE. */
static int run(const char *layout, const char *errfile, const char *const *args)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        const char *argv[64];
        size_t n = 0;
        argv[n++] = bin;
        for (size_t i = 0; args[i] && n < 62; i++)
            argv[n++] = args[i];
        argv[n] = NULL;
        setenv("ROOMBOARD_LAYOUT", layout, 1);
        setenv("ROOMBOARD_BOOT_CONFIG", boot, 1);
        unsetenv("DISPLAY");
        unsetenv("WAYLAND_DISPLAY");
        if (!freopen(errfile, "w", stderr))
            _exit(126);
        execv(bin, (char *const *)argv);
        _exit(127);
    }
    int st;
    assert_true(waitpid(pid, &st, 0) == pid);
    if (!WIFEXITED(st))
        fail_msg("%s died with signal %d", bin, WTERMSIG(st));
    return WEXITSTATUS(st);
}

static bool inside(const cJSON *inner, const cJSON *outer, int slack)
{
    int a[4], b[4];
    for (int i = 0; i < 4; i++) {
        a[i] = cJSON_GetArrayItem(inner, i)->valueint;
        b[i] = cJSON_GetArrayItem(outer, i)->valueint;
    }
    return a[0] >= b[0] - slack && a[1] >= b[1] - slack && a[0] + a[2] <= b[0] + b[2] + slack &&
           a[1] + a[3] <= b[1] + b[3] + slack;
}

static cJSON *load_json(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fail_msg("no layout dump at %s", path);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof(buf) - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    cJSON *j = cJSON_Parse(buf);
    if (!j)
        fail_msg("layout dump %s is not JSON", path);
    return j;
}

/* Every text lies inside its box, every box inside its parent, every parent
 * on the screen; returns the dump (cJSON_Delete it). */
static cJSON *check_layout(const char *path, int w, int h)
{
    cJSON *j = load_json(path);
    assert_int_equal(cJSON_GetObjectItem(j, "w")->valueint, w);
    assert_int_equal(cJSON_GetObjectItem(j, "h")->valueint, h);
    cJSON *screen = cJSON_CreateIntArray((const int[]){0, 0, w, h}, 4);
    const cJSON *boxes = cJSON_GetObjectItem(j, "boxes"), *b;
    assert_true(cJSON_GetArraySize(boxes) >= 2);
    cJSON_ArrayForEach(b, boxes)
    {
        const char *id = cJSON_GetObjectItem(b, "id")->valuestring;
        const char *text = cJSON_GetObjectItem(b, "text")->valuestring;
        const cJSON *parent = cJSON_GetObjectItem(b, "parent");
        const cJSON *box = cJSON_GetObjectItem(b, "box");
        const cJSON *ink = cJSON_GetObjectItem(b, "ink");
        if (!inside(ink, box, 0))
            fail_msg("%s: '%s' (%s) is drawn outside its box", path, text, id);
        if (!inside(box, parent, 0))
            fail_msg("%s: the box of '%s' (%s) leaves its parent", path, text, id);
        if (!inside(parent, screen, 0))
            fail_msg("%s: the region of '%s' (%s) leaves the screen", path, text, id);
        if (cJSON_GetArrayItem(ink, 2)->valueint <= 0)
            fail_msg("%s: '%s' (%s) was not drawn at all", path, text, id);
        /* legible: at least the box's minimum unless the box is tiny */
        int px = cJSON_GetObjectItem(b, "px")->valueint;
        int min_px = cJSON_GetObjectItem(b, "min_px")->valueint;
        if (px < min_px && cJSON_GetArrayItem(box, 3)->valueint >= min_px * 2)
            fail_msg("%s: '%s' (%s) shrunk to %d px, below its minimum %d", path, text, id, px,
                     min_px);
    }
    cJSON_Delete(screen);
    return j;
}

static const cJSON *find_box(const cJSON *j, const char *id, const char *text_part)
{
    const cJSON *b;
    cJSON_ArrayForEach(b, cJSON_GetObjectItem(j, "boxes"))
    {
        if (strcmp(cJSON_GetObjectItem(b, "id")->valuestring, id) == 0 &&
            (!text_part || strstr(cJSON_GetObjectItem(b, "text")->valuestring, text_part)))
            return b;
    }
    return NULL;
}

/* OCR the PNG; whitespace folded to single spaces. */
static char *ocr_text(const char *png)
{
    char cmd[2048];
    snprintf(cmd, sizeof(cmd), "OMP_THREAD_LIMIT=1 tesseract '%s' - 2>/dev/null", png);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    int c, prev = ' ';
    while ((c = fgetc(p)) != EOF && n + 1 < cap) {
        if (c == '\n' || c == '\t' || c == '\r')
            c = ' ';
        if (c == ' ' && prev == ' ')
            continue;
        buf[n++] = (char)c;
        prev = c;
    }
    buf[n] = '\0';
    assert_int_equal(pclose(p), 0);
    return buf;
}

static void expect_words(const char *png, const char *const *needles)
{
    if (!ocr)
        return;
    char *text = ocr_text(png);
    for (size_t i = 0; needles[i]; i++)
        if (!strstr(text, needles[i]))
            fail_msg("%s: expected \"%s\" on the screen; OCR read: %s", png, needles[i], text);
    free(text);
}

struct shot {
    char png[1200], layout[1200], err[1200];
};

static int shoot(struct shot *s, const char *name, const char *const *args)
{
    snprintf(s->png, sizeof(s->png), "%s/%s.png", out, name);
    snprintf(s->layout, sizeof(s->layout), "%s/%s.json", out, name);
    snprintf(s->err, sizeof(s->err), "%s/%s.stderr", out, name);
    unlink(s->png);
    unlink(s->layout);
    const char *argv[40];
    size_t n = 0;
    for (size_t i = 0; args[i] && n < 36; i++)
        argv[n++] = args[i];
    argv[n++] = "--screenshot";
    argv[n++] = s->png;
    argv[n] = NULL;
    int rc = run(s->layout, s->err, argv);
    struct stat st;
    if (stat(s->png, &st) != 0 || st.st_size < 100)
        fail_msg("%s: no screenshot written (exit %d, see %s)", name, rc, s->err);
    return rc;
}

static void test_democon_room(void **state)
{
    (void)state;
    struct shot s;
    const char *args[] = {"--schedule", democon,     "--room",
                          "Gray Room",  "--at",      "2020-12-14T10:10:00+01:00",
                          "--size",     "1920x1080", NULL};
    assert_int_equal(shoot(&s, "democon-gray-1080p", args), 0);
    cJSON *j = check_layout(s.layout, 1920, 1080);
    assert_non_null(find_box(j, "header.title", "Gray Room"));
    assert_non_null(find_box(j, "now.title", "Secured mobile concept"));
    assert_non_null(find_box(j, "next.title", "Focused contextually-based help-desk"));
    cJSON_Delete(j);
    /* The democon file says UTC while the events say +01:00: the clock
     * shows the event zone's wall time. */
    const char *words[] = {"Gray Room",
                           "Secured mobile concept",
                           "Kimberly Griffin",
                           "ends in 20 min",
                           "NEXT",
                           "Jenna Alexander",
                           "09:10",
                           "Later today",
                           NULL};
    expect_words(s.png, words);
}

static void test_intl_long_and_cancelled(void **state)
{
    (void)state;
    struct shot s;
    char sched[1200];
    snprintf(sched, sizeof(sched), "%s/intl.json", data);
    const char *args[] = {"--schedule",  sched,      "--room",
                          "Großer Saal", "--at",     "2026-10-24T10:20:00+02:00",
                          "--size",      "1280x720", NULL};
    assert_int_equal(shoot(&s, "intl-saal-720p", args), 0);
    cJSON *j = check_layout(s.layout, 1280, 720);
    const cJSON *t = find_box(j, "now.title", "A really rather long title");
    assert_non_null(t);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(t, "ellipsised")));
    assert_non_null(find_box(j, "now.speakers", "山田 太郎"));
    assert_non_null(find_box(j, "now.speakers", "Дмитрий"));
    assert_non_null(find_box(j, "next.label", "NEXT"));
    assert_non_null(find_box(j, "card.note", "CANCELLED"));
    cJSON_Delete(j);
    const char *words[] = {"Saal",      "ends in 25 min",  "A really rather long title",
                           "CANCELLED", "Lightning talks", "10:20",
                           NULL};
    expect_words(s.png, words);
}

static void test_intl_overview_banner(void **state)
{
    (void)state;
    struct shot s;
    char sched[1200];
    snprintf(sched, sizeof(sched), "%s/intl.json", data);
    const char *args[] = {"--schedule", sched,       "--at", "2026-10-24T12:10:00+02:00",
                          "--size",     "1920x1080", NULL};
    assert_int_equal(shoot(&s, "intl-overview-1080p", args), 0);
    cJSON *j = check_layout(s.layout, 1920, 1080);
    int rooms = 0;
    const cJSON *b;
    cJSON_ArrayForEach(b, cJSON_GetObjectItem(j, "boxes")) rooms +=
        strcmp(cJSON_GetObjectItem(b, "id")->valuestring, "overview.room") == 0;
    assert_int_equal(rooms, 4);
    assert_non_null(find_box(j, "banner", "Lunch is served in the foyer"));
    cJSON_Delete(j);
    const char *words[] = {"Lunch is served in the foyer",
                           "Lightning talks",
                           "Room free until 13:00",
                           "Done for today",
                           "Unicode Days 2026",
                           NULL};
    expect_words(s.png, words);
}

static void test_german_free_until_skips_cancelled(void **state)
{
    (void)state;
    struct shot s;
    char sched[1200], cfg[1200];
    snprintf(sched, sizeof(sched), "%s/intl.json", data);
    snprintf(cfg, sizeof(cfg), "%s/lang-de.json", data);
    const char *args[] = {"--config", cfg,           "--schedule", sched,
                          "--room",   "Großer Saal", "--at",       "2026-10-24T10:50:00+02:00",
                          "--size",   "1920x1080",   NULL};
    assert_int_equal(shoot(&s, "intl-de-free", args), 0);
    cJSON *j = check_layout(s.layout, 1920, 1080);
    /* 11:00 is cancelled: the room is free until the 11:30 talk. */
    assert_non_null(find_box(j, "now.message", "Raum frei bis 11:30"));
    assert_non_null(find_box(j, "later.label", "Später heute"));
    assert_non_null(find_box(j, "next.label", "ALS NÄCHSTES"));
    cJSON_Delete(j);
    /* (the English OCR model reads "ä" as "a": umlauts are checked in the
     * layout dump above) */
    const char *words[] = {"Raum frei bis 11:30", "ABGESAGT", "heute", "Samstag", NULL};
    expect_words(s.png, words);
}

static void test_french_done_for_today(void **state)
{
    (void)state;
    struct shot s;
    char sched[1200], cfg[1200];
    snprintf(sched, sizeof(sched), "%s/intl.json", data);
    snprintf(cfg, sizeof(cfg), "%s/lang-fr.json", data);
    const char *args[] = {"--config", cfg,           "--schedule", sched,
                          "--room",   "Großer Saal", "--at",       "2026-10-24T18:50:00+02:00",
                          "--size",   "1280x720",    NULL};
    assert_int_equal(shoot(&s, "intl-fr-done", args), 0);
    cJSON *j = check_layout(s.layout, 1280, 720);
    assert_non_null(find_box(j, "next.label", "Prochaine : dimanche 09:30"));
    cJSON_Delete(j);
    const char *words[] = {"Plus de sessions dans cette salle", "dimanche 09:30", "Day two keynote",
                           NULL};
    expect_words(s.png, words);
}

static void test_before_and_after_event(void **state)
{
    (void)state;
    struct shot s;
    char sched[1200];
    snprintf(sched, sizeof(sched), "%s/intl.json", data);
    const char *before[] = {"--schedule", sched,       "--room",
                            "Side Room",  "--at",      "2026-10-23T12:00:00+02:00",
                            "--size",     "1080x1920", NULL};
    assert_int_equal(shoot(&s, "intl-before-portrait", before), 0);
    cJSON *j = check_layout(s.layout, 1080, 1920);
    assert_non_null(find_box(j, "now.message", "The event starts on Saturday 24 October at 09:00"));
    /* a per-room announcement shows on that room's screen */
    assert_non_null(find_box(j, "banner", "Talks in Side Room moved"));
    cJSON_Delete(j);
    const char *w1[] = {"The event starts on Saturday 24 October at 09:00", "Short side talk",
                        "Talks in Side Room moved", NULL};
    expect_words(s.png, w1);

    const char *after[] = {"--schedule", sched,       "--room",
                           "Side Room",  "--at",      "2026-10-27T12:00:00+01:00",
                           "--size",     "1920x1080", NULL};
    assert_int_equal(shoot(&s, "intl-after", after), 0);
    j = check_layout(s.layout, 1920, 1080);
    assert_non_null(find_box(j, "now.message", "The event is over"));
    cJSON_Delete(j);
}

static void test_status_lines(void **state)
{
    (void)state;
    struct shot s;
    char sched[1200];
    snprintf(sched, sizeof(sched), "%s/intl.json", data);
    const char *missing[] = {"--schedule",   sched,       "--room",
                             "Nowhere Hall", "--at",      "2026-10-24T10:20:00+02:00",
                             "--size",       "1920x1080", NULL};
    assert_int_equal(shoot(&s, "status-missing-room", missing), 0);
    cJSON *j = check_layout(s.layout, 1920, 1080);
    const cJSON *st = find_box(j, "status", "Nowhere Hall");
    assert_non_null(st);
    assert_non_null(strstr(cJSON_GetObjectItem(st, "text")->valuestring, "Side Room"));
    /* the overview is shown instead */
    assert_non_null(find_box(j, "overview.room", "Side Room"));
    cJSON_Delete(j);
    const char *w1[] = {"is not in the schedule", "Side Room", NULL};
    expect_words(s.png, w1);

    const char *none[] = {"--schedule", "/nonexistent/schedule.json",
                          "--at",       "2026-10-24T10:20:00+02:00",
                          "--size",     "1280x720",
                          NULL};
    assert_int_equal(shoot(&s, "status-no-schedule", none), 1);
    j = check_layout(s.layout, 1280, 720);
    assert_non_null(find_box(j, "status", "No schedule yet from /nonexistent/schedule.json"));
    cJSON_Delete(j);
    const char *w2[] = {"No schedule yet", NULL};
    expect_words(s.png, w2);
}

static void test_many_rooms_pages(void **state)
{
    (void)state;
    struct shot s;
    char sched[1200];
    snprintf(sched, sizeof(sched), "%s/many-rooms.json", data);
    const char *args[] = {"--schedule", sched,       "--at", "2026-03-10T10:20:00Z",
                          "--size",     "1920x1080", NULL};
    assert_int_equal(shoot(&s, "many-rooms", args), 0);
    cJSON *j = check_layout(s.layout, 1920, 1080);
    int rooms = 0;
    const cJSON *b;
    cJSON_ArrayForEach(b, cJSON_GetObjectItem(j, "boxes"))
    {
        if (strcmp(cJSON_GetObjectItem(b, "id")->valuestring, "overview.room") != 0)
            continue;
        rooms++;
        /* readable from a distance: room names at >= 3% of the height */
        assert_true(cJSON_GetObjectItem(b, "px")->valueint >= 1080 * 3 / 100);
    }
    /* 30 rooms, rows at the type floor: 4 balanced pages of 8, 8, 7, 7 */
    assert_int_equal(rooms, 8);
    cJSON_Delete(j);
    const char *words[] = {"page 1 of 4", "Room 01", "Room 08", NULL};
    expect_words(s.png, words);
}

/* The pixel at (x,y) of a surface, as 0xRRGGBB. */
static Uint32 px_at(SDL_Surface *s, int x, int y)
{
    Uint8 r, g, b;
    const Uint8 *p =
        (const Uint8 *)s->pixels + (size_t)y * s->pitch + (size_t)x * s->format->BytesPerPixel;
    Uint32 v = 0;
    memcpy(&v, p, s->format->BytesPerPixel > 4 ? 4 : s->format->BytesPerPixel);
    SDL_GetRGB(v, s->format, &r, &g, &b);
    return ((Uint32)r << 16) | ((Uint32)g << 8) | b;
}

/* ROT is the unrotated frame turned by DEG degrees clockwise. */
static void assert_rotated(const char *base_png, const char *rot_png, int deg)
{
    SDL_Surface *a = IMG_Load(base_png), *b = IMG_Load(rot_png);
    assert_non_null(a);
    assert_non_null(b);
    if (deg == 90 || deg == 270) {
        assert_int_equal(a->w, b->h);
        assert_int_equal(a->h, b->w);
    } else {
        assert_int_equal(a->w, b->w);
        assert_int_equal(a->h, b->h);
    }
    long same = 0, total = 0;
    for (int y = 0; y < a->h; y += 3)
        for (int x = 0; x < a->w; x += 3) {
            int bx, by;
            if (deg == 90) {
                bx = b->w - 1 - y;
                by = x;
            } else if (deg == 180) {
                bx = b->w - 1 - x;
                by = b->h - 1 - y;
            } else {
                bx = y;
                by = b->h - 1 - x;
            }
            same += px_at(a, x, y) == px_at(b, bx, by);
            total++;
        }
    SDL_FreeSurface(a);
    SDL_FreeSurface(b);
    if (same * 1000 < total * 995)
        fail_msg("%s is not %s turned by %d degrees (%ld of %ld pixels match)", rot_png, base_png,
                 deg, same, total);
}

static void test_rotation(void **state)
{
    (void)state;
    char sched[1200];
    snprintf(sched, sizeof(sched), "%s/intl.json", data);
    struct shot land, port, r;
    const char *l[] = {"--schedule",  sched,       "--room",
                       "Großer Saal", "--at",      "2026-10-24T10:20:00+02:00",
                       "--size",      "1920x1080", NULL};
    const char *p[] = {"--schedule",  sched,       "--room",
                       "Großer Saal", "--at",      "2026-10-24T10:20:00+02:00",
                       "--size",      "1080x1920", NULL};
    assert_int_equal(shoot(&land, "rot-0-landscape", l), 0);
    cJSON_Delete(check_layout(land.layout, 1920, 1080));
    assert_int_equal(shoot(&port, "rot-0-portrait", p), 0);
    cJSON_Delete(check_layout(port.layout, 1080, 1920));
    const char *expect_portrait[] = {"Saal", "ends in 25 min", "Later today", NULL};
    expect_words(port.png, expect_portrait);

    static const struct {
        int deg;
        const char *deg_s;
        bool portrait;
    } cases[] = {{90, "90", true}, {180, "180", false}, {270, "270", true}};
    for (size_t i = 0; i < 3; i++) {
        const char *a[] = {"--schedule",   sched,       "--room",
                           "Großer Saal",  "--at",      "2026-10-24T10:20:00+02:00",
                           "--size",       "1920x1080", "--rotate",
                           cases[i].deg_s, NULL};
        char name[64];
        snprintf(name, sizeof(name), "rot-%s", cases[i].deg_s);
        assert_int_equal(shoot(&r, name, a), 0);
        /* the layout is the content's: portrait for 90/270 */
        cJSON_Delete(check_layout(r.layout, cases[i].portrait ? 1080 : 1920,
                                  cases[i].portrait ? 1920 : 1080));
        assert_rotated(cases[i].portrait ? port.png : land.png, r.png, cases[i].deg);
    }
}

static void test_sizes(void **state)
{
    (void)state;
    char sched[1200];
    snprintf(sched, sizeof(sched), "%s/intl.json", data);
    static const struct {
        const char *size;
        int w, h;
    } sizes[] = {{"1280x720", 1280, 720},
                 {"3840x2160", 3840, 2160},
                 {"1080x1920", 1080, 1920},
                 {"1024x768", 1024, 768}};
    const char *rooms[] = {"Großer Saal", "Hörsaal 1", "Room 東京", NULL};
    for (size_t i = 0; i < 4; i++)
        for (size_t k = 0; k < 4; k++) {
            struct shot s;
            char name[64];
            snprintf(name, sizeof(name), "size-%s-%zu", sizes[i].size, k);
            const char *with_room[] = {"--schedule", sched,         "--room",
                                       rooms[k % 3], "--at",        "2026-10-24T10:20:00+02:00",
                                       "--size",     sizes[i].size, NULL};
            const char *overview[] = {
                "--schedule", sched,         "--at", "2026-10-24T13:10:00+02:00",
                "--size",     sizes[i].size, NULL};
            assert_int_equal(shoot(&s, name, k == 3 ? overview : with_room), 0);
            cJSON *j = check_layout(s.layout, sizes[i].w, sizes[i].h);
            /* The room name is the largest text on a room screen. */
            if (k != 3) {
                const cJSON *t = find_box(j, "header.title", NULL);
                assert_non_null(t);
                assert_true(cJSON_GetObjectItem(t, "px")->valueint >=
                            (sizes[i].w < sizes[i].h ? sizes[i].w : sizes[i].h) * 4 / 100);
            }
            cJSON_Delete(j);
        }
}

static void test_waiting_for_time(void **state)
{
    (void)state;
    struct shot s;
    char sched[1200];
    snprintf(sched, sizeof(sched), "%s/intl.json", data);
    /* A board without RTC boots at 1970: no clock, no wrong now/next, the
     * first day of the schedule and a note for staff. */
    setenv("ROOMBOARD_FAKE_REALTIME", "1234", 1);
    const char *args[] = {"--schedule", sched,       "--room", "Großer Saal",
                          "--size",     "1920x1080", NULL};
    int rc = shoot(&s, "waiting-for-time", args);
    unsetenv("ROOMBOARD_FAKE_REALTIME");
    assert_int_equal(rc, 0);
    cJSON *j = check_layout(s.layout, 1920, 1080);
    assert_null(find_box(j, "header.clock", NULL));
    assert_null(find_box(j, "now.title", NULL));
    assert_non_null(find_box(j, "status", "Waiting for the time"));
    assert_non_null(find_box(j, "next.title", "Opening: Welcome to Unicode Days"));
    assert_non_null(find_box(j, "later.title", "Lightning talks"));
    cJSON_Delete(j);
    const char *words[] = {"Waiting for the time", "Opening: Welcome to Unicode Days", NULL};
    expect_words(s.png, words);
}

static bool all_black(const char *png)
{
    SDL_Surface *a = IMG_Load(png);
    assert_non_null(a);
    bool black = true;
    for (int y = 0; y < a->h && black; y++)
        for (int x = 0; x < a->w; x++)
            if (px_at(a, x, y) != 0) {
                black = false;
                break;
            }
    SDL_FreeSurface(a);
    return black;
}

static void test_active_hours_and_info(void **state)
{
    (void)state;
    struct shot s;
    char sched[1200], cfg[1200];
    snprintf(sched, sizeof(sched), "%s/intl.json", data);
    snprintf(cfg, sizeof(cfg), "%s/active-8-20.json", data);
    const char *night[] = {"--config", cfg,       "--schedule",
                           sched,      "--at",    "2026-10-24T21:20:00+02:00",
                           "--size",   "640x360", NULL};
    assert_int_equal(shoot(&s, "active-night", night), 0);
    assert_true(all_black(s.png));
    const char *day[] = {"--config", cfg,       "--schedule",
                         sched,      "--at",    "2026-10-24T19:59:00+02:00",
                         "--size",   "640x360", NULL};
    assert_int_equal(shoot(&s, "active-day", day), 0);
    assert_false(all_black(s.png));

    setenv("ROOMBOARD_SHOW_INFO", "1", 1);
    const char *info[] = {"--schedule", sched,       "--room",
                          "Side Room",  "--at",      "2026-10-24T10:20:00+02:00",
                          "--size",     "1920x1080", NULL};
    int rc = shoot(&s, "info-overlay", info);
    unsetenv("ROOMBOARD_SHOW_INFO");
    assert_int_equal(rc, 0);
    cJSON *j = check_layout(s.layout, 1920, 1080);
    char host[256] = "";
    gethostname(host, sizeof(host) - 1);
    assert_non_null(find_box(j, "info.value", host));
    assert_non_null(find_box(j, "info.value", "roomboard " ROOMBOARD_TEST_VERSION));
    assert_non_null(find_box(j, "info.value", "intl.json"));
    assert_non_null(find_box(j, "info.value", "Side Room"));
    cJSON_Delete(j);
    const char *words[] = {"Addresses", "Version", "Schedule", NULL};
    expect_words(s.png, words);
}

/* The bundled demo (assets/demo-schedule.json, made by roomboard-import):
 * its first room at its first session, and the lobby overview. The words
 * expected are read from the schedule itself, so a regenerated demo still
 * passes when it is shown right. */
static void test_bundled_demo(void **state)
{
    (void)state;
    char demo[1200];
    snprintf(demo, sizeof(demo), "%s/assets/demo-schedule.json", env_or("RB_SOURCE", "."));
    if (access(demo, R_OK) != 0)
        fail_msg("the bundled demo %s is missing: tools/dev run would have nothing to show", demo);
    struct shot s;
    cJSON *sched = load_json(demo);
    const cJSON *conf = cJSON_GetObjectItem(cJSON_GetObjectItem(sched, "schedule"), "conference");
    const cJSON *day = cJSON_GetArrayItem(cJSON_GetObjectItem(conf, "days"), 0);
    const cJSON *room = cJSON_GetObjectItem(day, "rooms")->child;
    const cJSON *ev = NULL;
    for (; room && !ev; room = room->next)
        ev = cJSON_GetArrayItem(room, 0);
    assert_non_null(ev);
    const char *room_name = cJSON_GetObjectItem(ev, "room")->valuestring;
    const char *title = cJSON_GetObjectItem(ev, "title")->valuestring;
    const char *date = cJSON_GetObjectItem(ev, "date")->valuestring;
    const char *args[] = {"--schedule", demo,     "--room",    room_name, "--at",
                          date,         "--size", "1920x1080", NULL};
    assert_int_equal(shoot(&s, "demo-room", args), 0);
    cJSON *j = check_layout(s.layout, 1920, 1080);
    assert_non_null(find_box(j, "header.title", room_name));
    assert_non_null(find_box(j, "now.title", title));
    cJSON_Delete(j);
    const char *words[] = {"NOW", "NEXT", NULL};
    expect_words(s.png, words);

    const char *ov[] = {"--schedule", demo, "--at", date, "--size", "1280x720", NULL};
    assert_int_equal(shoot(&s, "demo-overview", ov), 0);
    j = check_layout(s.layout, 1280, 720);
    assert_non_null(find_box(j, "overview.now", title));
    cJSON_Delete(j);
    cJSON_Delete(sched);
}

/* Offline with a cached schedule: the board shows it and says how old it
 * is. The cache holds a copy "fetched" at 10:02 (a body without meta: its
 * mtime counts), the server refuses connections. */
static void test_stale_from_cache(void **state)
{
    (void)state;
    char dir[1200], dst[1300], src[1200];
    snprintf(dir, sizeof(dir), "%s/stale-cache", out);
    mkdir(dir, 0755);
    snprintf(dst, sizeof(dst), "%s/schedule.json", dir);
    snprintf(src, sizeof(src), "%s/intl.json", data);
    unlink(dst);
    char meta[1300];
    snprintf(meta, sizeof(meta), "%s/schedule.meta.json", dir);
    unlink(meta);
    FILE *in = fopen(src, "rb"), *o = fopen(dst, "wb");
    assert_non_null(in);
    assert_non_null(o);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, o), n);
    fclose(in);
    assert_int_equal(fclose(o), 0);
    struct timespec ts[2] = {{1792828920, 0}, {1792828920, 0}}; /* 2026-10-24T10:02+02:00 */
    assert_int_equal(utimensat(AT_FDCWD, dst, ts, 0), 0);

    struct shot s;
    const char *args[] = {"--schedule",  "http://127.0.0.1:1/schedule.json",
                          "--cache-dir", dir,
                          "--room",      "Großer Saal",
                          "--at",        "2026-10-24T10:20:00+02:00",
                          "--size",      "1280x720",
                          NULL};
    assert_int_equal(shoot(&s, "stale-from-cache", args), 0);
    cJSON *j = check_layout(s.layout, 1280, 720);
    const cJSON *st = find_box(j, "status", "Schedule from 10:02, offline");
    assert_non_null(st);
    assert_non_null(strstr(cJSON_GetObjectItem(st, "text")->valuestring, "last error"));
    assert_non_null(find_box(j, "now.title", "A really rather long title"));
    cJSON_Delete(j);
    const char *words[] = {"Schedule from 10:02, offline", NULL};
    expect_words(s.png, words);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_democon_room),
        cmocka_unit_test(test_bundled_demo),
        cmocka_unit_test(test_intl_long_and_cancelled),
        cmocka_unit_test(test_intl_overview_banner),
        cmocka_unit_test(test_german_free_until_skips_cancelled),
        cmocka_unit_test(test_french_done_for_today),
        cmocka_unit_test(test_before_and_after_event),
        cmocka_unit_test(test_status_lines),
        cmocka_unit_test(test_many_rooms_pages),
        cmocka_unit_test(test_rotation),
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_waiting_for_time),
        cmocka_unit_test(test_stale_from_cache),
        cmocka_unit_test(test_active_hours_and_info),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
