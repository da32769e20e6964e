#include "nettest.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fprintf(stderr, "nettest: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    exit(1);
}

static const char *env_or(const char *name, const char *dflt)
{
    const char *v = getenv(name);
    return v && *v ? v : dflt;
}

void nt_scratch(const char *name, char *out, size_t size)
{
    char cmd[2048];

    if (snprintf(out, size, "%s/tests/net/work/%s", env_or("RB_BUILD", "."), name) >= (int)size)
        die("scratch path too long");
    snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s'", out, out);
    if (system(cmd) != 0)
        die("cannot make %s", out);
}

void nt_fixture(const char *name, char *out, size_t size)
{
    if (snprintf(out, size, "%s/net/%s", env_or("RB_TEST_DATA", "tests/data"), name) >= (int)size)
        die("fixture path too long");
}

char *nt_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;

    if (!f)
        return NULL;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 65536;
            char *b = realloc(buf, cap);
            if (!b)
                die("out of memory");
            buf = b;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

void nt_versions(char **v1, size_t *v1len, char **v2, size_t *v2len)
{
    char f[4096];

    nt_fixture("sched-v1.json", f, sizeof(f));
    *v1 = nt_read(f, v1len);
    nt_fixture("sched-v2.json", f, sizeof(f));
    *v2 = nt_read(f, v2len);
    if (!*v1 || !*v2) {
        fprintf(stderr, "nettest: the sched-v1/v2 fixtures are missing\n");
        abort();
    }
}

void nt_write(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");

    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
        die("cannot write %s: %s", path, strerror(errno));
}

void nt_publish(const char *path, const void *data, size_t len)
{
    char tmp[4096];

    snprintf(tmp, sizeof(tmp), "%s.publish", path);
    nt_write(tmp, data, len);
    if (rename(tmp, path) != 0)
        die("cannot rename %s: %s", tmp, strerror(errno));
}

bool nt_same_file(const char *path, const char *data, size_t len)
{
    size_t n;
    char *b = nt_read(path, &n);
    bool same = b && n == len && memcmp(b, data, len) == 0;

    free(b);
    return same;
}

int64_t nt_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void nt_sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

int nt_free_port(void)
{
    struct sockaddr_in a = {.sin_family = AF_INET};
    socklen_t alen = sizeof(a);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), port;

    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &alen) != 0)
        die("cannot find a free port: %s", strerror(errno));
    port = ntohs(a.sin_port);
    close(fd);
    return port;
}

static int connect_lo(int port)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0)
        return -1;
    if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

bool nt_wait_port(int port, int ms)
{
    int64_t end = nt_now_ms() + ms;

    do {
        int fd = connect_lo(port);
        if (fd >= 0) {
            close(fd);
            return true;
        }
        nt_sleep_ms(20);
    } while (nt_now_ms() < end);
    return false;
}

pid_t nt_spawn(char *const argv[], const char *log)
{
    pid_t pid = fork();

    if (pid < 0)
        die("fork: %s", strerror(errno));
    if (pid == 0) {
        if (log) {
            int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
            if (fd >= 0) {
                dup2(fd, 1);
                dup2(fd, 2);
                close(fd);
            }
        }
        execvp(argv[0], argv);
        fprintf(stderr, "nettest: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    return pid;
}

void nt_stop(pid_t pid)
{
    int st;

    if (pid <= 0)
        return;
    kill(pid, SIGTERM);
    for (int i = 0; i < 150; i++) {
        if (waitpid(pid, &st, WNOHANG) == pid)
            return;
        nt_sleep_ms(20);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &st, 0);
}

/* Reads what is there from fd into a growing buffer; false on EOF. */
static bool drain(int fd, char **buf, size_t *len)
{
    char tmp[4096];
    ssize_t n = read(fd, tmp, sizeof(tmp));

    if (n <= 0)
        return n < 0 && errno == EINTR;
    char *b = realloc(*buf, *len + (size_t)n + 1);
    if (!b)
        die("out of memory");
    memcpy(b + *len, tmp, (size_t)n);
    *len += (size_t)n;
    b[*len] = '\0';
    *buf = b;
    return true;
}

int nt_run(char *const argv[], int timeout_ms, char **out, char **err)
{
    int po[2], pe[2], st;
    size_t lo = 0, le = 0;
    bool open_o = true, open_e = true, killed = false;
    int64_t end = nt_now_ms() + timeout_ms;
    pid_t pid;

    *out = calloc(1, 1);
    *err = calloc(1, 1);
    if (pipe(po) != 0 || pipe(pe) != 0)
        die("pipe: %s", strerror(errno));
    pid = fork();
    if (pid < 0)
        die("fork: %s", strerror(errno));
    if (pid == 0) {
        dup2(po[1], 1);
        dup2(pe[1], 2);
        close(po[0]);
        close(pe[0]);
        close(po[1]);
        close(pe[1]);
        execvp(argv[0], argv);
        fprintf(stderr, "nettest: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(po[1]);
    close(pe[1]);
    while (open_o || open_e) {
        struct pollfd p[2] = {{open_o ? po[0] : -1, POLLIN, 0}, {open_e ? pe[0] : -1, POLLIN, 0}};
        int left = (int)(end - nt_now_ms());
        if (left <= 0) {
            kill(pid, SIGKILL);
            killed = true;
            break;
        }
        if (poll(p, 2, left) < 0 && errno != EINTR)
            break;
        if (open_o && (p[0].revents & (POLLIN | POLLHUP)))
            open_o = drain(po[0], out, &lo);
        if (open_e && (p[1].revents & (POLLIN | POLLHUP)))
            open_e = drain(pe[0], err, &le);
    }
    close(po[0]);
    close(pe[0]);
    waitpid(pid, &st, 0);
    if (killed || !WIFEXITED(st))
        return -1;
    return WEXITSTATUS(st);
}

pid_t nt_faultd(const char *scratch, int *port)
{
    char portfile[4096], script[4096], data[4096], log[4096];
    char *argv[] = {"python3", script, portfile, data, "300", NULL};
    pid_t pid;

    snprintf(portfile, sizeof(portfile), "%s/faultd.port", scratch);
    snprintf(log, sizeof(log), "%s/faultd.log", scratch);
    snprintf(script, sizeof(script), "%s/tests/net/faultd.py", env_or("RB_SOURCE", "."));
    snprintf(data, sizeof(data), "%s/net", env_or("RB_TEST_DATA", "tests/data"));
    unlink(portfile);
    pid = nt_spawn(argv, log);
    for (int i = 0; i < 250; i++) {
        size_t n;
        char *s = nt_read(portfile, &n);
        if (s) {
            char *end;
            long p = strtol(s, &end, 10);
            free(s);
            if (p > 0 && p < 65536 && nt_wait_port((int)p, 2000)) {
                *port = (int)p;
                return pid;
            }
            break;
        }
        nt_sleep_ms(20);
    }
    nt_stop(pid);
    die("faultd did not start (see %s)", log);
}

char *nt_http_get(int port, const char *path)
{
    char req[1024], *buf = NULL, *body;
    size_t len = 0;
    int fd = connect_lo(port);

    if (fd < 0)
        return NULL;
    snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
             path);
    if (write(fd, req, strlen(req)) != (ssize_t)strlen(req)) {
        close(fd);
        return NULL;
    }
    while (drain(fd, &buf, &len))
        ;
    close(fd);
    if (!buf)
        return NULL;
    body = strstr(buf, "\r\n\r\n");
    body = body ? strdup(body + 4) : NULL;
    free(buf);
    return body;
}

/* The worker must read DIR/www wherever the checkout is, also under a 0700
 * directory such as root's home. Started as root, nginx would switch its
 * worker to "nobody", who cannot traverse such a path: keep it as the
 * invoking user instead. Started as anyone else, nginx cannot switch and the
 * worker already is the invoking user, so the line is left out (nginx would
 * only warn). */
static void nginx_user(FILE *f)
{
    struct passwd *pw;
    struct group *gr;

    if (geteuid() != 0)
        return;
    pw = getpwuid(geteuid());
    gr = getgrgid(getegid());
    if (pw && gr)
        fprintf(f, "user %s %s;\n", pw->pw_name, gr->gr_name);
    else
        fprintf(f, "user root root;\n");
}

static bool nginx_conf(const char *dir, const char *cert, const char *key, const char *extra,
                       int port)
{
    char path[4200];
    FILE *f;

    snprintf(path, sizeof(path), "%s/nginx.conf", dir);
    f = fopen(path, "w");
    if (!f)
        return false;
    nginx_user(f);
    fprintf(f,
            "daemon off;\n"
            "worker_processes 1;\n"
            "pid %1$s/nginx.pid;\n"
            "error_log %1$s/error.log info;\n"
            "events { worker_connections 64; }\n"
            "http {\n"
            "    access_log %1$s/access.log;\n"
            "    client_body_temp_path %1$s/tmp/body;\n"
            "    proxy_temp_path %1$s/tmp/proxy;\n"
            "    fastcgi_temp_path %1$s/tmp/fastcgi;\n"
            "    uwsgi_temp_path %1$s/tmp/uwsgi;\n"
            "    scgi_temp_path %1$s/tmp/scgi;\n"
            "    default_type application/json;\n"
            "    server {\n"
            "        listen 127.0.0.1:%2$d%3$s;\n"
            "        root %1$s/www;\n",
            dir, port, cert ? " ssl" : "");
    if (cert)
        fprintf(f,
                "        ssl_certificate %s;\n"
                "        ssl_certificate_key %s;\n",
                cert, key);
    fprintf(f, "%s    }\n}\n", extra ? extra : "");
    return fclose(f) == 0;
}

pid_t nt_nginx(const char *dir, const char *cert, const char *key, int *port)
{
    return nt_nginx_extra(dir, cert, key, NULL, port);
}

pid_t nt_nginx_extra(const char *dir, const char *cert, const char *key, const char *extra,
                     int *port)
{
    char conf[4200], err[4200], tmp[4200];
    char *argv[] = {"/usr/sbin/nginx", "-p", (char *)dir, "-c", conf, "-e", err, NULL};

    snprintf(conf, sizeof(conf), "%s/nginx.conf", dir);
    snprintf(err, sizeof(err), "%s/error.log", dir);
    snprintf(tmp, sizeof(tmp), "%s/tmp", dir);
    mkdir(tmp, 0755);
    /* The port is free when asked, but another process may take it before
     * nginx binds: try a few. */
    for (int attempt = 0; attempt < 5; attempt++) {
        int p = nt_free_port();
        if (!nginx_conf(dir, cert, key, extra, p))
            die("cannot write %s", conf);
        pid_t pid = nt_spawn(argv, err);
        if (nt_wait_port(p, 5000)) {
            *port = p;
            return pid;
        }
        nt_stop(pid);
    }
    die("nginx did not start (see %s)", err);
}

int nt_nginx_count(const char *dir, const char *needle)
{
    char path[4200];
    char *text, *p;
    int n = 0;

    snprintf(path, sizeof(path), "%s/access.log", dir);
    if (!(text = nt_read(path, NULL)))
        return 0;
    for (p = text; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    free(text);
    return n;
}

void nt_cfg(struct cfg *c, const char *url, const char *cache_dir)
{
    /* Loopback only: never through a proxy the environment may name. */
    static const char *const proxies[] = {"http_proxy",  "https_proxy", "HTTP_PROXY",
                                          "HTTPS_PROXY", "all_proxy",   "ALL_PROXY"};
    for (size_t i = 0; i < sizeof(proxies) / sizeof(proxies[0]); i++)
        unsetenv(proxies[i]);
    cfg_defaults(c);
    if (cfg_set_str(&c->schedules[0], url))
        c->nschedules = 1;
    cfg_set_str(&c->cache_dir, cache_dir);
    c->poll_s = 1;
    c->jitter_s = 0;
    c->connect_timeout_s = 1;
    c->timeout_s = 2;
    c->max_body = 256 * 1024;
    c->stale_s = 900;
}
