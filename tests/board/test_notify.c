/* sd_notify by hand: the datagrams systemd would receive, on a path socket
 * and on an abstract one, and the watchdog interval from the environment. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "notify.h"

/* Binds a datagram socket at NAME ("/path" or "@abstract"). */
static int listen_at(const char *name)
{
    struct sockaddr_un sa;
    size_t n = strlen(name);
    socklen_t len;
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);

    assert_true(fd >= 0);
    memset(&sa, 0, sizeof(sa));
    sa.sun_family = AF_UNIX;
    memcpy(sa.sun_path, name, n);
    if (name[0] == '@')
        sa.sun_path[0] = '\0';
    len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + (name[0] == '/' ? 1 : 0));
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, len), 0);
    return fd;
}

/* The next datagram (waiting at most 2 s), as a string. */
static void expect_msg(int fd, const char *want)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    char buf[600];
    ssize_t n;

    assert_int_equal(poll(&p, 1, 2000), 1);
    n = recv(fd, buf, sizeof(buf) - 1, 0);
    assert_true(n >= 0);
    buf[n] = '\0';
    assert_string_equal(buf, want);
}

static void expect_nothing(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};

    assert_int_equal(poll(&p, 1, 100), 0);
}

static void test_path_socket(void **state)
{
    char path[64];
    int fd;

    snprintf(path, sizeof(path), "/tmp/rb-notify-%ld.sock", (long)getpid());
    unlink(path);
    fd = listen_at(path);
    setenv("NOTIFY_SOCKET", path, 1);
    notify_ready();
    expect_msg(fd, "READY=1");
    notify_watchdog();
    expect_msg(fd, "WATCHDOG=1");
    notify_status("showing Saal 1\nsecond line");
    expect_msg(fd, "STATUS=showing Saal 1 second line");
    unsetenv("NOTIFY_SOCKET");
    notify_ready(); /* not under systemd: nothing is sent, nothing breaks */
    expect_nothing(fd);
    close(fd);
    unlink(path);
}

static void test_abstract_socket(void **state)
{
    char name[64];
    int fd;

    snprintf(name, sizeof(name), "@rb-notify-test-%ld", (long)getpid());
    fd = listen_at(name);
    setenv("NOTIFY_SOCKET", name, 1);
    notify_watchdog();
    expect_msg(fd, "WATCHDOG=1");
    /* a relative path is not a notify socket */
    setenv("NOTIFY_SOCKET", "rb-notify-test", 1);
    notify_watchdog();
    expect_nothing(fd);
    unsetenv("NOTIFY_SOCKET");
    close(fd);
}

static void test_status_is_bounded(void **state)
{
    char name[64], big[2000];
    int fd;

    snprintf(name, sizeof(name), "@rb-notify-big-%ld", (long)getpid());
    fd = listen_at(name);
    setenv("NOTIFY_SOCKET", name, 1);
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    notify_status(big);
    {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        char buf[4096];
        ssize_t n;
        assert_int_equal(poll(&p, 1, 2000), 1);
        n = recv(fd, buf, sizeof(buf), 0);
        assert_int_equal(n, 511); /* "STATUS=" and 504 bytes of text */
        assert_memory_equal(buf, "STATUS=xxx", 10);
    }
    unsetenv("NOTIFY_SOCKET");
    close(fd);
}

static void test_watchdog_interval(void **state)
{
    char pid[32];

    unsetenv("WATCHDOG_USEC");
    unsetenv("WATCHDOG_PID");
    assert_int_equal(notify_watchdog_interval_ms(), 0);
    setenv("WATCHDOG_USEC", "30000000", 1); /* WatchdogSec=30 */
    assert_int_equal(notify_watchdog_interval_ms(), 15000);
    snprintf(pid, sizeof(pid), "%ld", (long)getpid());
    setenv("WATCHDOG_PID", pid, 1);
    assert_int_equal(notify_watchdog_interval_ms(), 15000);
    setenv("WATCHDOG_PID", "1", 1); /* meant for another process */
    assert_int_equal(notify_watchdog_interval_ms(), 0);
    unsetenv("WATCHDOG_PID");
    setenv("WATCHDOG_USEC", "30s", 1);
    assert_int_equal(notify_watchdog_interval_ms(), 0);
    setenv("WATCHDOG_USEC", "-5", 1);
    assert_int_equal(notify_watchdog_interval_ms(), 0);
    setenv("WATCHDOG_USEC", "1", 1);
    assert_int_equal(notify_watchdog_interval_ms(), 1);
    unsetenv("WATCHDOG_USEC");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_path_socket),
        cmocka_unit_test(test_abstract_socket),
        cmocka_unit_test(test_status_is_bounded),
        cmocka_unit_test(test_watchdog_interval),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
