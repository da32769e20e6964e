/* The change list in the cache directory: saved durably, reloaded at start,
 * a missing file is no history, a corrupt one is refused with one line. */
#include "doortest.h"

#include <sys/stat.h>
#include <unistd.h>

#include "changelog.h"

static void test_save_load(void **state)
{
    char dir[] = "/tmp/rb-changelog-XXXXXX", path[256];
    struct sched *a = load_fixture("formats/pretalx-democon.json", true);
    struct sched *b = door_fixture("pretalx-democon-edited.json");
    struct changes l = {0}, back = {0};
    struct err err = {{0}};
    struct stat st;
    FILE *f;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/changes.json", dir);
    /* nothing there yet: no history, no error */
    assert_true(changelog_load(dir, &back, &err));
    assert_int_equal(back.n, 0);

    assert_true(changes_detect(&l, a, b, iso("2020-12-14T07:00:00Z"), NULL));
    assert_true(changelog_save(dir, &l, &err));
    assert_int_equal(stat(path, &st), 0);
    assert_true(changelog_load(dir, &back, &err));
    assert_int_equal(back.n, 4);
    assert_string_equal(changes_find(&back, "a179c8ac-e6eb-5b25-8ed0-c5828ef7b6d9")->from_room,
                        "Gray Room");

    /* a corrupt file: one line naming it, empty list */
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"changes\": [{\"guid\": 1", f);
    fclose(f);
    assert_false(changelog_load(dir, &back, &err));
    assert_int_equal(back.n, 0);
    assert_non_null(strstr(err.msg, path));
    assert_null(strchr(err.msg, '\n'));
    /* saving again replaces it */
    assert_true(changelog_save(dir, &l, &err));
    assert_true(changelog_load(dir, &back, &err));
    assert_int_equal(back.n, 4);

    unlink(path);
    rmdir(dir);
    changes_clear(&l);
    changes_clear(&back);
    sched_free(a);
    sched_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_save_load)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
