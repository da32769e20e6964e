#!/usr/bin/env python3
"""faultd: a fault-injecting HTTP server for the network tests (loopback only).

    faultd.py PORTFILE DATADIR [LIFETIME_S]

Binds 127.0.0.1 on a free port, writes the port into PORTFILE, and serves
/schedule.json according to the current mode, which the test switches with
GET /mode/NAME. GET /stats returns how many requests each path got (and, under "304", how
many conditional GETs were answered 304), as JSON.
Exits on SIGTERM, or by itself after LIFETIME_S (default 300) so a crashed
test never leaves it behind.

Modes (what /schedule.json answers):
  good        sched-v1.json, ETag "v1", Last-Modified; 304 on a matching
              If-None-Match (a well-behaved server)
  v2          sched-v2.json, ETag "v2", no Last-Modified
  noetag      sched-v1.json with no validators at all
  stall-head  reads the request, then sends nothing
  stall-body  headers and half the body, then nothing
  truncated   Content-Length of the whole body, half of it, then close
  cl-long     Content-Length 100 bytes over the body, body, close
  cl-short    Content-Length half the body, then the whole body
  404 500 503 that status, with a perfectly valid schedule as the body
  html        200 text/html error page
  big         200 with a 2 MiB body (Content-Length given)
  big-chunked 200 with a 2 MiB body, chunked, no Content-Length
  loop        302 to itself, forever
  to-file     302 to file:///etc/passwd
  badutf8     200 a schedule with invalid UTF-8 in a title
  nested      200 a schedule with JSON nested 200 deep
  notschedule 200 valid JSON that is not a schedule
  empty       200 a valid schedule with no sessions
"""
import json
import os
import signal
import socket
import socketserver
import sys
import threading
import time

PORTFILE, DATADIR = sys.argv[1], sys.argv[2]
LIFETIME = float(sys.argv[3]) if len(sys.argv) > 3 else 300.0


def load(name):
    with open(os.path.join(DATADIR, name), "rb") as f:
        return f.read()


V1, V2 = load("sched-v1.json"), load("sched-v2.json")
BODIES = {
    "badutf8": load("bad-utf8.json"),
    "nested": load("nested.json"),
    "notschedule": load("not-a-schedule.json"),
    "empty": load("sched-empty.json"),
}
HTML = load("html-error.html")
LASTMOD = "Wed, 12 Jun 2030 06:00:00 GMT"

state = {"mode": "good", "stats": {}}
lock = threading.Lock()
stop = threading.Event()


def head(status, headers, length=None):
    lines = ["HTTP/1.1 " + status, "Date: " + time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime()),
             "Connection: close"]
    lines += headers
    if length is not None:
        lines.append("Content-Length: %d" % length)
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


class Handler(socketserver.BaseRequestHandler):
    def read_request(self):
        data = b""
        self.request.settimeout(10)
        while b"\r\n\r\n" not in data and len(data) < 65536:
            chunk = self.request.recv(4096)
            if not chunk:
                break
            data += chunk
        text = data.decode("latin-1")
        first = text.split("\r\n", 1)[0].split(" ")
        path = first[1] if len(first) > 1 else "/"
        path = path.split("?", 1)[0]  # signed URLs: the query is not the resource
        headers = {}
        for line in text.split("\r\n")[1:]:
            if ":" in line:
                k, v = line.split(":", 1)
                headers[k.strip().lower()] = v.strip()
        return path, headers

    def stall(self):
        # Hold the connection until the client gives up or we are stopped.
        stop.wait(30)

    def handle(self):
        try:
            self.serve()
        except (BrokenPipeError, ConnectionResetError, socket.timeout):
            pass

    def serve(self):
        s = self.request
        path, hdrs = self.read_request()
        with lock:
            state["stats"][path] = state["stats"].get(path, 0) + 1
            mode = state["mode"]
        if path.startswith("/mode/"):
            with lock:
                state["mode"] = path[len("/mode/"):]
            s.sendall(head("200 OK", ["Content-Type: text/plain"], 3) + b"ok\n")
            return
        if path == "/stats":
            with lock:
                body = json.dumps(state["stats"]).encode()
            s.sendall(head("200 OK", ["Content-Type: application/json"], len(body)) + body)
            return
        if path != "/schedule.json":
            s.sendall(head("404 Not Found", [], 0))
            return
        js = ["Content-Type: application/json"]
        if mode == "good":
            if hdrs.get("if-none-match") == '"v1"':
                with lock:
                    state["stats"]["304"] = state["stats"].get("304", 0) + 1
                s.sendall(head("304 Not Modified", ['ETag: "v1"', "Last-Modified: " + LASTMOD]))
                return
            s.sendall(head("200 OK", js + ['ETag: "v1"', "Last-Modified: " + LASTMOD], len(V1)) + V1)
        elif mode == "v2":
            if hdrs.get("if-none-match") == '"v2"':
                s.sendall(head("304 Not Modified", ['ETag: "v2"']))
                return
            s.sendall(head("200 OK", js + ['ETag: "v2"'], len(V2)) + V2)
        elif mode == "noetag":
            s.sendall(head("200 OK", js, len(V1)) + V1)
        elif mode == "stall-head":
            self.stall()
        elif mode == "stall-body":
            s.sendall(head("200 OK", js, len(V2)) + V2[: len(V2) // 2])
            self.stall()
        elif mode == "truncated":
            s.sendall(head("200 OK", js, len(V2)) + V2[: len(V2) // 2])
        elif mode == "cl-long":
            s.sendall(head("200 OK", js, len(V2) + 100) + V2)
        elif mode == "cl-short":
            s.sendall(head("200 OK", js, len(V2) // 2) + V2)
        elif mode in ("404", "500", "503"):
            status = {"404": "404 Not Found", "500": "500 Internal Server Error",
                      "503": "503 Service Unavailable"}[mode]
            s.sendall(head(status, js + ["Retry-After: 1"], len(V2)) + V2)
        elif mode == "html":
            s.sendall(head("200 OK", ["Content-Type: text/html"], len(HTML)) + HTML)
        elif mode == "big":
            big = b" " * (2 * 1024 * 1024 - len(V2)) + V2
            s.sendall(head("200 OK", js, len(big)) + big)
        elif mode == "big-chunked":
            s.sendall(head("200 OK", js + ["Transfer-Encoding: chunked"]))
            chunk = b" " * 65536
            for _ in range(32):
                s.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
            s.sendall(b"0\r\n\r\n")
        elif mode == "loop":
            s.sendall(head("302 Found", ["Location: /schedule.json"], 0))
        elif mode == "to-file":
            s.sendall(head("302 Found", ["Location: file:///etc/passwd"], 0))
        elif mode in BODIES:
            b = BODIES[mode]
            s.sendall(head("200 OK", js + ['ETag: "%s"' % mode], len(b)) + b)
        else:
            s.sendall(head("400 Bad Request", [], 0))


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    srv = Server(("127.0.0.1", 0), Handler)
    tmp = PORTFILE + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, PORTFILE)

    def bye(*_):
        stop.set()
        threading.Thread(target=srv.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, bye)
    signal.signal(signal.SIGINT, bye)
    threading.Timer(LIFETIME, bye).start()
    srv.serve_forever(poll_interval=0.1)
    os._exit(0)


if __name__ == "__main__":
    main()
