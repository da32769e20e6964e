/* Config parsing and layering: every key, every error path, and the rule
 * that a failed layer leaves the config exactly as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfg.h"

static char tmpdir[256];

static const char *data(const char *name)
{
    static char path[PATH_MAX];
    const char *dir = getenv("RB_TEST_DATA");

    assert_non_null(dir);
    snprintf(path, sizeof(path), "%s/board/%s", dir, name);
    return path;
}

static const char *write_tmp(const char *name, const char *text)
{
    static char path[PATH_MAX];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
    return path;
}

static int setup(void **state)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/rb-test-cfg-XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    unsetenv("CACHE_DIRECTORY");
    setenv("ROOMBOARD_BOOT_CONFIG", "", 1);
    return 0;
}

static int teardown(void **state)
{
    DIR *d = opendir(tmpdir);
    struct dirent *e;
    char path[PATH_MAX * 2];

    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", tmpdir, e->d_name);
        if (unlink(path) != 0)
            rmdir(path);
    }
    if (d)
        closedir(d);
    rmdir(tmpdir);
    return 0;
}

static void test_defaults(void **state)
{
    struct cfg c;

    cfg_defaults(&c);
    assert_int_equal(c.nschedules, 0);
    assert_int_equal(c.nrooms, 0);
    assert_int_equal(c.rotate, 0);
    assert_int_equal(c.width, 0);
    assert_int_equal(c.poll_s, 60);
    assert_int_equal(c.jitter_s, 10);
    assert_string_equal(c.cache_dir, "/var/cache/roomboard");
    assert_int_equal(c.stale_s, 900);
    assert_int_equal(c.max_body, 16 * 1024 * 1024);
    assert_int_equal(c.connect_timeout_s, 10);
    assert_int_equal(c.timeout_s, 30);
    assert_int_equal(c.nfonts, 3);
    assert_string_equal(c.fonts[0], "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    assert_string_equal(c.lang, "en");
    assert_int_equal(c.cycle_s, 12);
    assert_int_equal(c.active_from_min, -1);
    assert_int_equal(c.active_until_min, -1);
    assert_false(c.burn_in);
    assert_null(c.name);
    assert_true(c.speed == 1.0);
    cfg_clear(&c);
    assert_null(c.lang);
    cfg_clear(&c); /* twice is fine */
}

/* systemd's CacheDirectory= hands the path over in $CACHE_DIRECTORY. */
static void test_cache_directory_env(void **state)
{
    struct cfg c;

    setenv("CACHE_DIRECTORY", "/var/cache/roomboard-x:/var/cache/other", 1);
    cfg_defaults(&c);
    unsetenv("CACHE_DIRECTORY");
    assert_string_equal(c.cache_dir, "/var/cache/roomboard-x");
    cfg_clear(&c);
    setenv("CACHE_DIRECTORY", "relative", 1);
    cfg_defaults(&c);
    unsetenv("CACHE_DIRECTORY");
    assert_string_equal(c.cache_dir, "/var/cache/roomboard");
    cfg_clear(&c);
}

static void test_every_key(void **state)
{
    struct cfg c;
    struct err err = {{0}};

    cfg_defaults(&c);
    assert_true(cfg_load_file(&c, data("every-key.json"), false, &err));
    assert_int_equal(c.nschedules, 1);
    assert_string_equal(c.schedules[0], "https://schedule.example.org/{hostname}/schedule.json");
    assert_int_equal(c.nrooms, 2);
    assert_string_equal(c.rooms[0], "Saal 1");
    assert_string_equal(c.rooms[1], "Salle Lumière");
    assert_string_equal(c.lang, "fr");
    assert_int_equal(c.rotate, 270);
    assert_int_equal(c.width, 1080);
    assert_int_equal(c.height, 1920);
    assert_true(c.windowed);
    assert_int_equal(c.cycle_s, 20);
    assert_int_equal(c.active_from_min, 7 * 60 + 30);
    assert_int_equal(c.active_until_min, 24 * 60);
    assert_true(c.burn_in);
    assert_int_equal(c.nfonts, 2);
    assert_string_equal(c.fonts[1], "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
    assert_string_equal(c.name, "Door Saal 1");
    assert_int_equal(c.poll_s, 120);
    assert_int_equal(c.jitter_s, 7);
    assert_int_equal(c.stale_s, 1800);
    assert_string_equal(c.cache_dir, "/var/cache/rb");
    assert_int_equal(c.max_body, 1048576);
    assert_int_equal(c.connect_timeout_s, 5);
    assert_int_equal(c.timeout_s, 20);
    assert_string_equal(c.ca_bundle, "/etc/ssl/venue-ca.pem");
    assert_string_equal(c.pinned_key, "sha256//YhKJKSzoTt2b5FP18fvpHo7fJYqQCjAa3HWY3tvRMwE=;"
                                      "sha256//t62CeU2tQiqkexU74Gxa2eg7fRbEgoChTociMee9wno=");
    cfg_clear(&c);
}

/* Every example shipped in config/ must load: they are documentation. */
static void test_examples_load(void **state)
{
    static const char *const names[] = {"config.json", "door.json", "door-portrait.json",
                                        "lobby.json", "demo.json"};
    const char *src = getenv("RB_SOURCE");
    char path[PATH_MAX];

    assert_non_null(src);
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        struct cfg c;
        struct err err = {{0}};
        snprintf(path, sizeof(path), "%s/config/%s", src, names[i]);
        cfg_defaults(&c);
        if (!cfg_load_file(&c, path, false, &err))
            fail_msg("%s: %s", names[i], err.msg);
        cfg_clear(&c);
    }
    {
        struct cfg c;
        struct err err = {{0}};
        snprintf(path, sizeof(path), "%s/config/door-portrait.json", src);
        cfg_defaults(&c);
        assert_true(cfg_load_file(&c, path, false, &err));
        assert_int_equal(c.rotate, 90);
        assert_string_equal(c.rooms[0], "Salle Lumière");
        cfg_clear(&c);
    }
}

struct bad {
    const char *json;
    const char *msg; /* the whole message after "config: NAME: " */
};

/* Each case: the load fails with exactly this message and leaves the
 * config byte-for-byte as it was. */
static const struct bad bad_cases[] = {
    {"{\"rotate\": 45}", "key \"rotate\": must be 0, 90, 180 or 270, got 45"},
    {"{\"rotate\": \"90\"}", "key \"rotate\": must be 0, 90, 180 or 270, got a string \"90\""},
    {"{\"rotation\": 90}", "unknown key \"rotation\" (did you mean \"rotate\"?)"},
    {"{\"room\": \"Saal 1\"}", "unknown key \"room\" (did you mean \"rooms\"?)"},
    {"{\"colour\": \"red\"}", "unknown key \"colour\" (see docs/config.md for the keys)"},
    {"{\"rotate\": 90, \"rotate\": 180}", "key \"rotate\" appears twice"},
    {"", "is empty (write a JSON object, e.g. {\"rooms\": [\"Hall 1\"]})"},
    {" \n\t ", "is empty (write a JSON object, e.g. {\"rooms\": [\"Hall 1\"]})"},
    {"{\"rooms\": [\"A\",]}", "not valid JSON near line 1, column 16"},
    {"{\n  \"rooms\": [\"A\"]\n  \"rotate\": 90\n}", "not valid JSON near line 3, column 3"},
    {"{} {}", "unexpected text after the JSON object at line 1, column 4"},
    {"[\"Saal 1\"]", "must be a JSON object ({...}), got a list"},
    {"\"Saal 1\"", "must be a JSON object ({...}), got a string"},
    {"{\"schedule\": 5}",
     "key \"schedule\": must be a string or a list of strings, got a number 5"},
    /* several sources: the key and the entry are named */
    {"{\"schedule\": []}", "key \"schedule\": must list between 1 and 16 entries, got 0"},
    {"{\"schedule\": [\"/a\", \"/b\", \"/c\", \"/d\", \"/e\", \"/f\", \"/g\", \"/h\", \"/i\", "
     "\"/j\", \"/k\", \"/l\", \"/m\", \"/n\", \"/o\", \"/p\", \"/q\"]}",
     "key \"schedule\": must list between 1 and 16 entries, got 17"},
    {"{\"schedule\": [\"https://x/s.json\", 5]}",
     "key \"schedule\": entry 2: must be a string, got a number 5"},
    {"{\"schedule\": [\"https://x/s.json\", \"\"]}",
     "key \"schedule\": entry 2: must not be empty"},
    {"{\"schedule\": [\"https://x/s.json\", \"https://x/s.json\"]}",
     "key \"schedule\": entry 2: \"https://x/s.json\" is listed twice"},
    {"{\"schedule\": [\"https://x/s.json\", \"/srv/a.json\", \"https://x/{host}/s.json\"]}",
     "key \"schedule\": entry 3: has an unknown placeholder \"{host}\" (only {hostname} is "
     "expanded)"},
    {"{\"schedule\": \"\"}", "key \"schedule\": must not be empty"},
    {"{\"schedule\": \"https://x/{host}/s.json\"}",
     "key \"schedule\": has an unknown placeholder \"{host}\" (only {hostname} is expanded)"},
    {"{\"schedule\": \"https://x/\\ns.json\"}",
     "key \"schedule\": contains a control character at byte 11"},
    {"{\"rooms\": 3}", "key \"rooms\": must be a list of strings, got a number 3"},
    {"{\"rooms\": [\"A\", 2]}", "key \"rooms\": entry 2: must be a string, got a number 2"},
    {"{\"rooms\": [\"A\", \"\"]}", "key \"rooms\": entry 2: must not be empty"},
    {"{\"rooms\": [\"A\", \"A\"]}", "key \"rooms\": entry 2: \"A\" is listed twice"},
    {"{\"rooms\": [\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\",\"12\","
     "\"13\",\"14\",\"15\",\"16\",\"17\",\"18\",\"19\",\"20\",\"21\",\"22\",\"23\",\"24\",\"25\","
     "\"26\",\"27\",\"28\",\"29\",\"30\",\"31\",\"32\",\"33\"]}",
     "key \"rooms\": must list between 0 and 32 entries, got 33"},
    {"{\"language\": \"es\"}", "key \"language\": must be \"en\", \"de\" or \"fr\", got \"es\""},
    {"{\"language\": null}", "key \"language\": must be \"en\", \"de\" or \"fr\", got null"},
    {"{\"size\": \"1920*1080\"}",
     "key \"size\": must be \"WIDTHxHEIGHT\" (e.g. \"1920x1080\") or \"auto\", got \"1920*1080\""},
    {"{\"size\": \"1920x\"}",
     "key \"size\": must be \"WIDTHxHEIGHT\" (e.g. \"1920x1080\") or \"auto\", got \"1920x\""},
    {"{\"size\": \"8x8\"}",
     "key \"size\": each side must be between 64 and 16384 pixels, got \"8x8\""},
    {"{\"size\": [1920, 1080]}", "key \"size\": must be \"WIDTHxHEIGHT\" (e.g. \"1920x1080\") or "
                                 "\"auto\", got a list [1920,1080]"},
    {"{\"windowed\": \"yes\"}", "key \"windowed\": must be true or false, got a string \"yes\""},
    {"{\"burn_in\": 1}", "key \"burn_in\": must be true or false, got a number 1"},
    {"{\"cycle_seconds\": 1}", "key \"cycle_seconds\": must be between 2 and 3600, got 1"},
    {"{\"cycle_seconds\": 2.5}", "key \"cycle_seconds\": must be a whole number, got 2.5"},
    {"{\"active_hours\": \"8-20\"}", "key \"active_hours\": must be \"HH:MM-HH:MM\" (e.g. "
                                     "\"08:00-20:00\") or \"always\", got \"8-20\""},
    {"{\"active_hours\": \"25:00-26:00\"}", "key \"active_hours\": must be \"HH:MM-HH:MM\" (e.g. "
                                            "\"08:00-20:00\") or \"always\", got \"25:00-26:00\""},
    {"{\"active_hours\": \"08:00-08:00\"}",
     "key \"active_hours\": \"08:00-08:00\" is not a window; write \"always\" to keep the screen "
     "on"},
    {"{\"active_hours\": 8}", "key \"active_hours\": must be \"HH:MM-HH:MM\" (e.g. "
                              "\"08:00-20:00\") or \"always\", got a number 8"},
    {"{\"fonts\": []}", "key \"fonts\": must list between 1 and 8 entries, got 0"},
    {"{\"fonts\": [\"DejaVuSans.ttf\"]}", "key \"fonts\": entry 1 must be an absolute path to a "
                                          "font file, got \"DejaVuSans.ttf\""},
    {"{\"name\": \"0123456789012345678901234567890123456789012345678901234567890123456789\"}",
     "key \"name\": is too long (70 bytes, at most 64)"},
    {"{\"name\": true}", "key \"name\": must be a string, got true/false true"},
    {"{\"poll_seconds\": 1}", "key \"poll_seconds\": must be between 5 and 86400, got 1"},
    {"{\"poll_seconds\": \"60\"}",
     "key \"poll_seconds\": must be a whole number, got a string \"60\""},
    {"{\"jitter_seconds\": -1}", "key \"jitter_seconds\": must be between 0 and 86400, got -1"},
    {"{\"poll_seconds\": 10, \"jitter_seconds\": 11}",
     "key \"jitter_seconds\": must not exceed poll_seconds (10), got 11"},
    {"{\"stale_seconds\": 0}", "key \"stale_seconds\": must be between 10 and 2592000, got 0"},
    {"{\"cache_dir\": \"cache\"}", "key \"cache_dir\": must be an absolute path, got \"cache\""},
    {"{\"cache_dir\": null}", "key \"cache_dir\": must be a string, got null null"},
    {"{\"max_body_bytes\": 100}",
     "key \"max_body_bytes\": must be between 1024 and 1073741824, got 100"},
    {"{\"max_body_bytes\": 1e300}",
     "key \"max_body_bytes\": must be between 1024 and 1073741824, got 1e+300"},
    {"{\"connect_timeout_seconds\": 0}",
     "key \"connect_timeout_seconds\": must be between 1 and 300, got 0"},
    {"{\"timeout_seconds\": 5000}",
     "key \"timeout_seconds\": must be between 1 and 3600, got 5000"},
    {"{\"connect_timeout_seconds\": 20, \"timeout_seconds\": 10}",
     "key \"timeout_seconds\": must be at least connect_timeout_seconds (20), got 10"},
    {"{\"ca_bundle\": \"ca.pem\"}", "key \"ca_bundle\": must be an absolute path, got \"ca.pem\""},
    {"{\"pinned_key\": \"abc\"}",
     "key \"pinned_key\": must be \"sha256//\" and the base64 SHA-256 of the server's public key "
     "(44 characters; several joined by ';'), got \"abc\""},
    {"{\"pinned_key\": \"sha256//YhKJKSzoTt2b5FP18fvpHo7fJYqQCjAa3HWY3tvRMwE=;\"}",
     "key \"pinned_key\": must be \"sha256//\" and the base64 SHA-256 of the server's public key "
     "(44 characters; several joined by ';'), got "
     "\"sha256//YhKJKSzoTt2b5FP18fvpHo7fJYqQCjAa3HWY3tvRMwE=;\""},
    /* what the user wrote is quoted on one line, control characters as '?' */
    {"{\"ro\\ntate\": 90}", "unknown key \"ro?tate\" (did you mean \"rotate\"?)"},
    {"{\"size\": \"1920\\nx1080\"}",
     "key \"size\": must be \"WIDTHxHEIGHT\" (e.g. \"1920x1080\") or \"auto\", got \"1920?x1080\""},
    {"{\"a\\tb\": 1}", "unknown key \"a?b\" (see docs/config.md for the keys)"},
    {"{\"active_hours\": \"0123456789012345678901234567890123456789012345678901234567890123\"}",
     "key \"active_hours\": must be \"HH:MM-HH:MM\" (e.g. \"08:00-20:00\") or \"always\", got "
     "\"012345678901234567890123456789012345678901234567890123456789...\""},
    /* the first bad key stops the load, later good ones are not applied */
    {"{\"rooms\": [\"B\"], \"rotate\": 45, \"language\": \"de\"}",
     "key \"rotate\": must be 0, 90, 180 or 270, got 45"},
};

static void test_bad_values(void **state)
{
    struct cfg c;
    struct err err = {{0}};
    char *before, *after, want[1024];

    cfg_defaults(&c);
    assert_true(cfg_load_json(&c, "{\"rooms\": [\"A\"], \"pinned_key\": null}", 36, "base", &err));
    before = cfg_to_json(&c);
    assert_non_null(before);
    for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
        const struct bad *b = &bad_cases[i];
        memset(&err, 0, sizeof(err));
        if (cfg_load_json(&c, b->json, strlen(b->json), "t.json", &err))
            fail_msg("case %zu (%s): loaded", i, b->json);
        snprintf(want, sizeof(want), "config: t.json: %s", b->msg);
        if (strcmp(err.msg, want) != 0)
            fail_msg("case %zu (%s):\n  got  %s\n  want %s", i, b->json, err.msg, want);
        after = cfg_to_json(&c);
        assert_non_null(after);
        assert_string_equal(after, before);
        free(after);
    }
    free(before);
    cfg_clear(&c);
}

static void test_file_errors(void **state)
{
    struct cfg c;
    struct err err = {{0}};
    char want[PATH_MAX + 128], *big;
    const char *path;
    FILE *f;

    cfg_defaults(&c);
    /* missing: an error unless optional */
    snprintf(want, sizeof(want), "%s/none.json", tmpdir);
    assert_false(cfg_load_file(&c, want, false, &err));
    assert_non_null(strstr(err.msg, "none.json: cannot open: No such file or directory"));
    assert_true(strncmp(err.msg, "config: /", 9) == 0);
    memset(&err, 0, sizeof(err));
    assert_true(cfg_load_file(&c, want, true, &err));
    assert_string_equal(err.msg, "");

    /* a directory is not a config file, even an optional one */
    assert_false(cfg_load_file(&c, tmpdir, true, &err));
    snprintf(want, sizeof(want), "config: %s is not a regular file", tmpdir);
    assert_string_equal(err.msg, want);

    /* over 1 MiB is refused before parsing */
    big = malloc(2 * 1024 * 1024);
    assert_non_null(big);
    memset(big, ' ', 2 * 1024 * 1024);
    big[0] = '{';
    big[2 * 1024 * 1024 - 2] = '}';
    big[2 * 1024 * 1024 - 1] = '\0';
    path = write_tmp("big.json", big);
    free(big);
    assert_false(cfg_load_file(&c, path, false, &err));
    snprintf(want, sizeof(want), "config: %s is 2097151 bytes, more than the limit of 1048576",
             path);
    assert_string_equal(err.msg, want);

    /* a UTF-8 byte order mark (Notepad) and CRLF line ends are fine */
    path = write_tmp("bom.json",
                     "\xef\xbb\xbf{\r\n  \"rooms\": [\"Saal 2\"],\r\n  \"_note\": 5\r\n}\r\n");
    assert_true(cfg_load_file(&c, path, false, &err));
    assert_int_equal(c.nrooms, 1);
    assert_string_equal(c.rooms[0], "Saal 2");

    /* a truncated file names the file and the place */
    path = write_tmp("trunc.json", "{\"rooms\": [\"Saal");
    assert_false(cfg_load_file(&c, path, false, &err));
    snprintf(want, sizeof(want), "config: %s: not valid JSON near line 1, column 13", path);
    assert_string_equal(err.msg, want);
    assert_string_equal(c.rooms[0], "Saal 2");

    f = fopen(path, "rb");
    assert_non_null(f);
    fclose(f);
    cfg_clear(&c);
}

static void test_values_and_nulls(void **state)
{
    struct cfg c;
    struct err err = {{0}};
    const char *j;

    cfg_defaults(&c);
    j = "{\"rooms\": \"Hall 1\", \"fonts\": \"/f.ttf\", \"pinned_key\": "
        "\"sha256//YhKJKSzoTt2b5FP18fvpHo7fJYqQCjAa3HWY3tvRMwE=\", \"ca_bundle\": \"/ca.pem\", "
        "\"name\": \"x\", \"schedule\": \"/srv/s.json\", \"size\": \"1280x720\", "
        "\"active_hours\": \"22:00 - 2:00\"}";
    assert_true(cfg_load_json(&c, j, strlen(j), "a", &err));
    assert_int_equal(c.nrooms, 1);
    assert_string_equal(c.rooms[0], "Hall 1");
    assert_int_equal(c.nfonts, 1);
    assert_int_equal(c.width, 1280);
    assert_int_equal(c.active_from_min, 22 * 60);
    assert_int_equal(c.active_until_min, 2 * 60);
    /* null resets optional strings; "auto"/"always" reset size and hours */
    j = "{\"pinned_key\": null, \"ca_bundle\": null, \"name\": null, \"schedule\": null, "
        "\"size\": \"auto\", \"active_hours\": null, \"rooms\": []}";
    assert_true(cfg_load_json(&c, j, strlen(j), "b", &err));
    assert_null(c.pinned_key);
    assert_null(c.ca_bundle);
    assert_null(c.name);
    assert_int_equal(c.nschedules, 0);
    assert_int_equal(c.width, 0);
    assert_int_equal(c.height, 0);
    assert_int_equal(c.active_from_min, -1);
    assert_int_equal(c.nrooms, 0);
    j = "{\"size\": null, \"active_hours\": \"always\"}";
    assert_true(cfg_load_json(&c, j, strlen(j), "c", &err));
    cfg_clear(&c);
}

/* The jitter follows the poll interval unless it was set by hand. */
static void test_jitter_follows_poll(void **state)
{
    struct cfg c;
    struct err err = {{0}};

    cfg_defaults(&c);
    assert_true(cfg_load_json(&c, "{\"poll_seconds\": 300}", 21, "a", &err));
    assert_int_equal(c.jitter_s, 50);
    assert_true(cfg_load_json(&c, "{\"jitter_seconds\": 3}", 21, "b", &err));
    assert_true(cfg_load_json(&c, "{\"poll_seconds\": 600}", 21, "c", &err));
    assert_int_equal(c.poll_s, 600);
    assert_int_equal(c.jitter_s, 3);
    cfg_clear(&c);
}

/* Several sources: a list, in order; --check-config prints it as a list
 * that loads back the same; a later layer's string replaces the list; a
 * boot-partition list with an http:// entry where the system's sources are
 * https:// is put back. */
static void test_schedule_list(void **state)
{
    static const char list[] =
        "{\"schedule\": [\"https://fahrplan.example/main.json\", \"/srv/{hostname}/sub.xml\", "
        "\"file:///media/usb/extra.ics\"]}";
    struct cfg c, d;
    struct err err = {{0}};
    char *j;

    cfg_defaults(&c);
    if (!cfg_load_json(&c, list, strlen(list), "list", &err))
        fail_msg("%s", err.msg);
    assert_int_equal(c.nschedules, 3);
    assert_string_equal(c.schedules[0], "https://fahrplan.example/main.json");
    assert_string_equal(c.schedules[1], "/srv/{hostname}/sub.xml");
    assert_string_equal(c.schedules[2], "file:///media/usb/extra.ics");
    j = cfg_to_json(&c);
    assert_non_null(j);
    assert_non_null(strstr(j, "\"schedule\":\t[\"https://fahrplan.example/main.json\", "
                              "\"/srv/{hostname}/sub.xml\", \"file:///media/usb/extra.ics\"]"));
    cfg_defaults(&d);
    if (!cfg_load_json(&d, j, strlen(j), "round", &err))
        fail_msg("%s", err.msg);
    assert_int_equal(d.nschedules, 3);
    assert_string_equal(d.schedules[2], "file:///media/usb/extra.ics");
    free(j);
    cfg_clear(&d);
    /* a later layer with one string replaces the whole list */
    const char *one = "{\"schedule\": \"/srv/one.json\"}";
    assert_true(cfg_load_json(&c, one, strlen(one), "one", &err));
    assert_int_equal(c.nschedules, 1);
    assert_string_equal(c.schedules[0], "/srv/one.json");
    j = cfg_to_json(&c);
    assert_non_null(strstr(j, "\"schedule\":\t\"/srv/one.json\""));
    free(j);
    /* a failing list leaves the sources as they were */
    const char *bad = "{\"schedule\": [\"/a\", 1]}";
    assert_false(cfg_load_json(&c, bad, strlen(bad), "bad", &err));
    assert_string_equal(err.msg, "config: bad: key \"schedule\": entry 2: must be a string, got a "
                                 "number 1");
    assert_int_equal(c.nschedules, 1);
    assert_string_equal(c.schedules[0], "/srv/one.json");
    cfg_clear(&c);

    char sys[PATH_MAX];
    snprintf(sys, sizeof(sys), "%s",
             write_tmp("sys-list.json", "{\"schedule\": [\"https://a.example/s.json\", "
                                        "\"https://b.example/s.json\"]}\n"));
    const char *boot = write_tmp("boot-list.json", "{\"schedule\": [\"https://a.example/s.json\", "
                                                   "\"http://evil.example/s.json\"]}\n");
    setenv("ROOMBOARD_BOOT_CONFIG", boot, 1);
    cfg_defaults(&c);
    if (!cfg_load_system(&c, sys, &err))
        fail_msg("%s", err.msg);
    unsetenv("ROOMBOARD_BOOT_CONFIG");
    assert_int_equal(c.nschedules, 2);
    assert_string_equal(c.schedules[1], "https://b.example/s.json");
    cfg_clear(&c);
    setenv("ROOMBOARD_BOOT_CONFIG", "", 1);
}

/* --check-config prints cfg_to_json(); loading that output again gives the
 * same config, so it can be saved as a config file. */
static void test_round_trip(void **state)
{
    struct cfg a, b;
    struct err err = {{0}};
    char *ja, *jb;

    cfg_defaults(&a);
    assert_true(cfg_load_file(&a, data("every-key.json"), false, &err));
    ja = cfg_to_json(&a);
    assert_non_null(ja);
    assert_non_null(strstr(ja, "\"rotate\":\t270"));
    assert_non_null(strstr(ja, "\"active_hours\":\t\"07:30-24:00\""));
    assert_non_null(strstr(ja, "\"size\":\t\"1080x1920\""));
    cfg_defaults(&b);
    if (!cfg_load_json(&b, ja, strlen(ja), "round", &err))
        fail_msg("%s", err.msg);
    jb = cfg_to_json(&b);
    assert_string_equal(ja, jb);
    free(ja);
    free(jb);
    cfg_clear(&a);
    cfg_clear(&b);
}

/* The boot partition (FAT, editable by anyone with the SD card) cannot
 * weaken TLS: its ca_bundle, pinned_key and an http:// schedule where the
 * system's is https:// are ignored; what it may set still applies. */
static void test_boot_cannot_weaken_tls(void **state)
{
    struct cfg c;
    struct err err = {{0}};
    const char *boot;

    (void)state;
    boot = write_tmp("boot-tls.json", "{\"schedule\": \"http://evil.example/s.json\",\n"
                                      " \"ca_bundle\": \"/boot/firmware/evil-ca.pem\",\n"
                                      " \"pinned_key\": null, \"rotate\": 90}\n");
    cfg_defaults(&c);
    setenv("ROOMBOARD_BOOT_CONFIG", boot, 1);
    assert_true(cfg_load_system(&c, data("system.json"), &err));
    assert_int_equal(c.nschedules, 1);
    assert_string_equal(c.schedules[0], "https://schedule.example.org/devconf/schedule.json");
    assert_null(c.ca_bundle);
    assert_string_equal(c.pinned_key, "sha256//YhKJKSzoTt2b5FP18fvpHo7fJYqQCjAa3HWY3tvRMwE=");
    assert_int_equal(c.rotate, 90);
    cfg_clear(&c);

    /* another https:// schedule (a room's own export) is fine */
    boot = write_tmp("boot-https.json", "{\"schedule\": \"https://other.example/s.json\"}\n");
    cfg_defaults(&c);
    setenv("ROOMBOARD_BOOT_CONFIG", boot, 1);
    assert_true(cfg_load_system(&c, data("system.json"), &err));
    assert_int_equal(c.nschedules, 1);
    assert_string_equal(c.schedules[0], "https://other.example/s.json");
    cfg_clear(&c);
    setenv("ROOMBOARD_BOOT_CONFIG", "", 1);
}

/* A FIFO planted at the boot config is refused at once, not waited on. */
static void test_fifo_config_refused(void **state)
{
    struct cfg c;
    struct err err = {{0}};
    char fifo[PATH_MAX];

    (void)state;
    snprintf(fifo, sizeof(fifo), "%s/fifo.json", tmpdir);
    unlink(fifo);
    assert_int_equal(mkfifo(fifo, 0644), 0);
    cfg_defaults(&c);
    assert_false(cfg_load_file(&c, fifo, true, &err));
    assert_non_null(strstr(err.msg, "is not a regular file"));
    cfg_clear(&c);
    unlink(fifo);
}

static void test_layering(void **state)
{
    struct cfg c;
    struct err err = {{0}};
    char *before, *after;

    /* system file, then the boot-partition file over it */
    cfg_defaults(&c);
    setenv("ROOMBOARD_BOOT_CONFIG", data("boot-room.json"), 1);
    assert_true(cfg_load_system(&c, data("system.json"), &err));
    assert_int_equal(c.nschedules, 1);
    assert_string_equal(c.schedules[0], "https://schedule.example.org/devconf/schedule.json");
    assert_int_equal(c.nrooms, 1);               /* boot replaces the list ... */
    assert_string_equal(c.rooms[0], "Saal 3");   /* ... it does not append */
    assert_int_equal(c.rotate, 180);             /* from boot */
    assert_string_equal(c.lang, "de");           /* from system */
    assert_true(c.burn_in);                      /* from system */
    assert_non_null(c.pinned_key);               /* boot tried to reset it: not from boot */
    assert_int_equal(c.poll_s, 30);              /* system */
    assert_int_equal(c.active_from_min, 8 * 60); /* system */
    cfg_clear(&c);

    /* an empty $ROOMBOARD_BOOT_CONFIG turns the boot layer off */
    cfg_defaults(&c);
    setenv("ROOMBOARD_BOOT_CONFIG", "", 1);
    assert_true(cfg_load_system(&c, data("system.json"), &err));
    assert_int_equal(c.nrooms, 2);
    assert_non_null(c.pinned_key);
    cfg_clear(&c);

    /* a missing boot file is fine */
    cfg_defaults(&c);
    setenv("ROOMBOARD_BOOT_CONFIG", "/nonexistent/roomboard.json", 1);
    assert_true(cfg_load_system(&c, data("system.json"), &err));
    assert_int_equal(c.nrooms, 2);
    cfg_clear(&c);

    /* an explicit --config that is missing is an error */
    cfg_defaults(&c);
    before = cfg_to_json(&c);
    assert_false(cfg_load_system(&c, "/nonexistent/config.json", &err));
    assert_string_equal(err.msg,
                        "config: /nonexistent/config.json: cannot open: No such file or directory");
    after = cfg_to_json(&c);
    assert_string_equal(before, after);
    free(after);

    /* a bad boot file fails the whole layering: the system layer is not
     * half-applied either, and the message names the boot file */
    setenv("ROOMBOARD_BOOT_CONFIG", data("boot-bad.json"), 1);
    assert_false(cfg_load_system(&c, data("system.json"), &err));
    {
        char want[PATH_MAX + 128];
        snprintf(want, sizeof(want),
                 "config: %s: key \"rotate\": must be 0, 90, 180 or 270, got 45",
                 data("boot-bad.json"));
        assert_string_equal(err.msg, want);
    }
    after = cfg_to_json(&c);
    assert_string_equal(before, after);
    free(after);

    /* a bad system file: named, and nothing applied */
    setenv("ROOMBOARD_BOOT_CONFIG", data("boot-room.json"), 1);
    assert_false(cfg_load_system(&c, data("boot-bad.json"), &err));
    after = cfg_to_json(&c);
    assert_string_equal(before, after);
    free(after);
    free(before);
    setenv("ROOMBOARD_BOOT_CONFIG", "", 1);
    cfg_clear(&c);
}

static void test_expand(void **state)
{
    char host[256], want[1024], *s;

    assert_int_equal(gethostname(host, sizeof(host)), 0);
    s = cfg_expand("https://x.example/{hostname}/s.json?h={hostname}");
    snprintf(want, sizeof(want), "https://x.example/%s/s.json?h=%s", host, host);
    assert_string_equal(s, want);
    free(s);
    s = cfg_expand("/srv/schedule.json");
    assert_string_equal(s, "/srv/schedule.json");
    free(s);
    s = cfg_expand("{hostname");
    assert_string_equal(s, "{hostname");
    free(s);
    assert_null(cfg_expand(NULL));
}

static void test_set_str(void **state)
{
    char *slot = NULL;

    assert_true(cfg_set_str(&slot, "a"));
    assert_string_equal(slot, "a");
    assert_true(cfg_set_str(&slot, "bc"));
    assert_string_equal(slot, "bc");
    assert_true(cfg_set_str(&slot, NULL));
    assert_null(slot);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_cache_directory_env),
        cmocka_unit_test(test_every_key),
        cmocka_unit_test(test_examples_load),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_file_errors),
        cmocka_unit_test(test_values_and_nulls),
        cmocka_unit_test(test_jitter_follows_poll),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_schedule_list),
        cmocka_unit_test(test_layering),
        cmocka_unit_test(test_boot_cannot_weaken_tls),
        cmocka_unit_test(test_fifo_config_refused),
        cmocka_unit_test(test_expand),
        cmocka_unit_test(test_set_str),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
