#!/usr/bin/env python3
"""Soak: the kiosk under Xvfb on a simulated clock, several times through a
whole multi-day event, with schedule updates (some broken) arriving from a
loopback server, sampling its memory. Used by `tools/dev soak` (Release,
minutes) and by the ctest test `soak` (sanitizer build, under a minute).

    soak.py --build DIR [--seconds S] [--laps N] [--sanitizer] [--max-growth PCT]

How it works:
- roomboard-gen writes the 4-day congress; the kiosk starts a day before it
  (--at) at a speed that runs N laps of 5 simulated days in S real seconds,
  cycling through four rooms (every status: before, in session, between,
  done for today, after, cancelled, past midnight).
- An HTTP server on 127.0.0.1 (this process) serves /schedule.json with
  ETag/If-None-Match. Every phase it changes: a new good revision (renamed
  sessions), or a broken body (truncated JSON, an HTML error page with 200,
  JSON that is no schedule, a 500, an empty body). At each lap boundary the
  good schedule moves 5 days later, so the screen lives through the event
  again without a restart.
- The same server serves a door status feed (/status.json, docs/door.md)
  that flips every --status-flip seconds (a room full with a note, a room
  late, an emergency, announcements, an unknown room, all clear, and broken
  bodies); the kiosk polls it every 2 s.
- Each second: the kiosk's RSS and PSS, whether its cache file is a whole
  schedule (never a broken body), whether its status.json is one of the
  good status bodies, and any `trace:` figures it prints.

Verdict (exit 0 only if all hold): the kiosk ran to --exit-after and exited
0; it polled; the cached schedule was always one of the good bodies and
changed at least once (updates were applied, broken ones never); no
sanitizer report; and (not under a sanitizer, whose quarantine grows by
design) the last third's peak RSS is within --max-growth % of the first
third's."""

import argparse
import datetime
import hashlib
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rbharness as h  # noqa: E402

LAP_DAYS = 5
ROOMS = ["Saal 1", "Saal 2", "Sala Ñandú", "会议室 A"]
SAN_PATTERNS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                "SUMMARY: UndefinedBehaviorSanitizer", "ThreadSanitizer")


class Feed:
    """What the server hands out, changing with (real) time."""

    def __init__(self, gen, work, at_epoch, speed, good_s, bad_s):
        self.gen, self.work = gen, work
        self.at, self.speed = at_epoch, speed
        self.good_s, self.bad_s = good_s, bad_s
        self.t0 = time.monotonic()
        self.lock = threading.Lock()
        self.cache = {}
        self.good_hashes = {}
        self.requests = []  # (t, kind, status)
        self.broken = ["truncated", "html", "not-a-schedule", "http-500", "empty"]

    def good_body(self, lap, rev):
        key = (lap, rev)
        if key not in self.cache:
            out = os.path.join(self.work, f"sched-{lap}-{rev}.json")
            subprocess.run([self.gen, "--congress", "--shift", str(lap * LAP_DAYS * 86400),
                            "--revision", str(rev), "-o", out], check=True,
                           stderr=subprocess.DEVNULL)
            with open(out, "rb") as f:
                body = f.read()
            self.cache[key] = body
            self.good_hashes[hashlib.sha256(body).hexdigest()] = key
        return self.cache[key]

    def current(self):
        """(kind, status, body) for now."""
        real = time.monotonic() - self.t0
        sim = real * self.speed
        lap = int(sim // (LAP_DAYS * 86400))
        period = self.good_s + self.bad_s
        n, into = divmod(real, period)
        n = int(n)
        good = self.good_body(lap, n + 1)
        if into < self.good_s:
            return "good", 200, good
        kind = self.broken[n % len(self.broken)]
        if kind == "truncated":
            return kind, 200, good[: len(good) // 2]
        if kind == "html":
            return kind, 200, b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"
        if kind == "not-a-schedule":
            return kind, 200, b'{"error": "maintenance", "schedule": null}'
        if kind == "http-500":
            return kind, 500, b"Internal Server Error"
        return kind, 200, b""


class StatusFeed:
    """The door status feed, flipping every `flip` seconds."""

    GOOD = [
        {"rooms": {"Saal 1": {"full": True, "note": "Overflow: watch the stream in Saal 2"}}},
        {"rooms": {"saal 2": {"delay_min": 10}, "Saal 1": {"full": True}}},
        {"rooms": {"Sala Ñandú": {"delay_min": 25, "note": "Sprecher verspätet"}},
         "announcements": [{"text": "Lunch is served in the foyer"}]},
        {"rooms": {}, "emergency": {"text": "Please leave the building by the nearest exit"}},
        {"rooms": {"Atlantis": {"full": True}, "会议室 A": {"full": True}}},
        {"rooms": {}},
    ]
    BROKEN = [b'{"rooms": {"Saal 1": {"full": tr', b"<html><body>502</body></html>",
              b'{"rooms": {"Saal 1": {"delay_min": "ten"}}}']

    def __init__(self, flip):
        self.flip = flip
        self.t0 = time.monotonic()
        self.good = [json.dumps(d, ensure_ascii=False).encode() for d in self.GOOD]
        self.good_hashes = {hashlib.sha256(b).hexdigest(): i for i, b in enumerate(self.good)}
        self.requests = []

    def current(self):
        n = int((time.monotonic() - self.t0) // self.flip)
        if n % 4 == 3:
            return "status-broken", 200, self.BROKEN[(n // 4) % len(self.BROKEN)]
        return "status-good", 200, self.good[n % len(self.good)]


def serve(feed, status=None):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def do_GET(self):
            path = self.path.split("?")[0]
            if path == "/status.json" and status:
                kind, st, body = status.current()
                self.reply(status, kind, st, body)
                return
            if path != "/schedule.json":
                self.send_error(404)
                return
            with feed.lock:
                kind, st, body = feed.current()
            self.reply(feed, kind, st, body)

        def reply(self, feed, kind, status, body):
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if status == 200 and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                feed.requests.append((time.monotonic() - feed.t0, kind, 304))
                return
            self.send_response(status)
            self.send_header("Content-Type", "text/html" if kind == "html" else "application/json")
            self.send_header("Content-Length", str(len(body)))
            if status == 200:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)
            feed.requests.append((time.monotonic() - feed.t0, kind, status))

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def write_docs(args, speed, poll, report, verdict, problems):
    start, end = "<!-- soak:results:start -->", "<!-- soak:results:end -->"
    with open(args.docs, encoding="utf-8") as f:
        doc = f.read()
    if start not in doc or end not in doc:
        print(f"soak: {args.docs} has no soak results markers; not updated")
        return
    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    body = [start, "",
            f"Last run: {when}, `tools/dev soak` — {args.seconds:.0f} s, {args.laps:g} lap(s) of "
            f"{LAP_DAYS} simulated days at {speed:.0f}x, {args.size}, poll every {poll} s; "
            f"{os.cpu_count()} cores, load average {load} at the end. Verdict: **{verdict}**.", "", "```"]
    body += [ln.replace("soak: ", "", 1) for ln in report]
    body += [f"problem: {p}" for p in problems]
    body += ["```", "", end]
    doc = doc[:doc.index(start)] + "\n".join(body) + doc[doc.index(end) + len(end):]
    with open(args.docs, "w", encoding="utf-8") as f:
        f.write(doc)
    print(f"soak: summary written into {args.docs}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--laps", type=float, default=3)
    ap.add_argument("--size", default="1280x720")
    ap.add_argument("--sanitizer", action="store_true")
    ap.add_argument("--max-growth", type=float, default=10.0, help="percent")
    ap.add_argument("--keep", action="store_true", help="keep the work dir")
    ap.add_argument("--docs", help="write the summary into this file's soak results block")
    ap.add_argument("--status-flip", type=float, default=3,
                    help="seconds between changes of the door status feed")
    ap.add_argument("--text-cache-mib", type=float, default=None,
                    help="the kiosk's texture cache bound (app/screen/text.c: two screens' "
                    "worth of pixels, at least 8 MiB; default: computed from --size)")
    args = ap.parse_args()
    if args.text_cache_mib is None:
        sw, sh = (int(v) for v in args.size.split("x"))
        args.text_cache_mib = max(8.0, sw * sh * 4 * 2 / 2**20)
    build = os.path.abspath(args.build)
    exe, gen = os.path.join(build, "roomboard"), os.path.join(build, "roomboard-gen")
    problems = []

    for p in (exe, gen):
        if not os.access(p, os.X_OK):
            print(f"soak: FAIL: {p} does not exist (build it first)")
            return 1
    helptext = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=20)
    helptext = helptext.stdout + helptext.stderr
    need = ["--windowed", "--size", "--at", "--speed", "--exit-after", "--config", "--cache-dir"]
    lacking = [o for o in need if o not in helptext]
    if lacking:
        print(f"soak: FAIL: {exe} lacks {' '.join(lacking)}; the soak needs the kiosk (issue 4)")
        return 1

    work = tempfile.mkdtemp(prefix="rb-soak-")
    try:
        # A day before the event, in the event's zone.
        at = datetime.datetime(2026, 6, 14, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
        speed = args.laps * LAP_DAYS * 86400 / args.seconds
        # Good phases long enough for two polls; broken ones for one or two.
        poll = 5
        feed = Feed(gen, work, at.timestamp(), speed, good_s=2.4 * poll, bad_s=1.2 * poll)
        # Every body the run will serve, made before the clock starts (the
        # generator is slow in a sanitizer build).
        period = feed.good_s + feed.bad_s
        for n in range(int(args.seconds // period) + 2):
            for t in (n * period, (n + 1) * period):
                feed.good_body(int(t * speed // (LAP_DAYS * 86400)), n + 1)
        feed.t0 = time.monotonic()
        sfeed = StatusFeed(args.status_flip)
        srv = serve(feed, sfeed)
        url = f"http://127.0.0.1:{srv.server_address[1]}/schedule.json"
        status_url = f"http://127.0.0.1:{srv.server_address[1]}/status.json"
        cache_dir = os.path.join(work, "cache")
        os.makedirs(cache_dir)
        conf = os.path.join(work, "config.json")
        with open(conf, "w") as f:
            json.dump({"schedule": url, "rooms": ROOMS, "cycle_seconds": 2, "poll_seconds": poll,
                       "jitter_seconds": 0, "cache_dir": cache_dir, "stale_seconds": 60,
                       "status": status_url, "status_poll_seconds": 2,
                       "status_jitter_seconds": 0}, f,
                      ensure_ascii=False)
        w, hh = (int(v) for v in args.size.split("x"))
        print(f"soak: {args.seconds:.0f} s, {args.laps:g} lap(s) of {LAP_DAYS} simulated days, "
              f"speed {speed:.0f}x, polls every {poll} s from {url}", flush=True)
        samples = []
        cache_seen = {}
        status_seen = {}
        bad_cache = False
        trace = {}
        with h.Xvfb(w, hh) as x:
            log_path = os.path.join(work, "kiosk.log")
            logf = open(log_path, "w")
            env = x.env({"ROOMBOARD_TRACE": "1", "ROOMBOARD_BOOT_CONFIG": os.path.join(work, "none.json")})
            argv = [exe, "--config", conf, "--windowed", "--size", args.size, "--at", at.isoformat(),
                    "--speed", f"{speed:.3f}", "--exit-after", f"{args.seconds:.1f}",
                    "--cache-dir", cache_dir]
            p = subprocess.Popen(argv, env=env, stdout=logf, stderr=subprocess.STDOUT)
            t0 = time.monotonic()
            deadline = t0 + args.seconds + 60
            while p.poll() is None and time.monotonic() < deadline:
                time.sleep(1)
                rss, pss = h.rss_kib(p.pid), h.pss_kib(p.pid)
                if rss:
                    samples.append((time.monotonic() - t0, rss, pss))
                try:
                    with open(os.path.join(cache_dir, "schedule.json"), "rb") as f:
                        body = f.read()
                    key = feed.good_hashes.get(hashlib.sha256(body).hexdigest())
                    if key is None:
                        bad_cache = True
                        problems.append(f"at {time.monotonic() - t0:.0f} s the cache held a body "
                                        f"that was never a good schedule ({len(body)} bytes)")
                    else:
                        cache_seen.setdefault(key, time.monotonic() - t0)
                except FileNotFoundError:
                    pass
                try:
                    with open(os.path.join(cache_dir, "status.json"), "rb") as f:
                        body = f.read()
                    i = sfeed.good_hashes.get(hashlib.sha256(body).hexdigest())
                    if i is None:
                        problems.append(f"at {time.monotonic() - t0:.0f} s the cached door status "
                                        f"was never a good one ({len(body)} bytes)")
                    else:
                        status_seen[i] = status_seen.get(i, 0) + 1
                except FileNotFoundError:
                    pass
            if p.poll() is None:
                problems.append("the kiosk did not exit at --exit-after; stopped it")
                h.stop_process(p)
            rc = p.returncode
            logf.close()
        srv.shutdown()
        with open(log_path, errors="replace") as f:
            log = f.read()
        for line in log.splitlines():
            if line.startswith("trace:"):
                for k, v in re.findall(r"([\w-]+)=(\d+)", line):
                    trace.setdefault(k, []).append(int(v))

        # ---- report
        report = []

        def say(line):
            print(line, flush=True)
            report.append(line)

        print("soak: samples (s, RSS MiB, PSS MiB):")
        step = max(1, len(samples) // 30)
        for t, rss, pss in samples[::step]:
            print(f"  {t:6.0f} {rss / 1024:8.1f} {pss / 1024:8.1f}")
        tenth = max(1, len(samples) // 10)
        say("soak: RSS MiB every tenth of the run: " +
            " ".join(f"{rss / 1024:.0f}" for _, rss, _ in samples[::tenth]))
        kinds = {}
        for _, k, st in feed.requests:
            kinds[f"{k}/{st}"] = kinds.get(f"{k}/{st}", 0) + 1
        say(f"soak: {len(feed.requests)} requests served: "
              + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
        skinds = {}
        for _, k, st in sfeed.requests:
            skinds[f"{k}/{st}"] = skinds.get(f"{k}/{st}", 0) + 1
        say(f"soak: door status: {len(sfeed.requests)} requests ("
            + ", ".join(f"{k} {n}" for k, n in sorted(skinds.items()))
            + f"), the cached status was each of {len(status_seen)} good bodies, never a broken one")
        if len(status_seen) < max(2, min(len(sfeed.good), int(args.seconds // args.status_flip) // 3)):
            problems.append(f"the cached door status went through only {len(status_seen)} good "
                            "bodies: status updates were not applied")
        seen = sorted(cache_seen.items(), key=lambda kv: kv[1])
        print("soak: good schedules the cache held, in order: "
              + ", ".join(f"lap {k[0]} rev {k[1]} (at {t:.0f} s)" for k, t in seen))
        if seen:
            say(f"soak: the cache moved through {len(seen)} good schedules (first lap {seen[0][0][0]} "
                f"rev {seen[0][0][1]}, last lap {seen[-1][0][0]} rev {seen[-1][0][1]} at "
                f"{seen[-1][1]:.0f} s); it never held a broken body: {not bad_cache}")
        # The kiosk prints its text-cache figures every 10 s ("trace: cache
        # ...") and at exit: a series, checked against the cache's bound.
        tb = trace.get("text-bytes", [])
        if tb:
            say(f"soak: kiosk at exit: " + ", ".join(f"{k}={v[-1]}" for k, v in trace.items()
                                                        if k != "first-frame-ms"))
            step_tb = max(1, len(tb) // 10)
            say(f"soak: texture cache MiB over the run ({len(tb)} readings, every tenth): "
                + " ".join(f"{b / 2**20:.1f}" for b in tb[::step_tb])
                + f"; max {max(tb) / 2**20:.1f}, bound {args.text_cache_mib:g}")
            if max(tb) > args.text_cache_mib * 2**20:
                problems.append(f"texture cache {max(tb)} bytes is over its bound")
        else:
            say("soak: the kiosk printed no texture-cache figure (trace: text-bytes=N); "
                  "RSS is the only memory signal")

        if rc != 0:
            problems.append(f"the kiosk exited with status {rc}")
        san = [ln for ln in log.splitlines() if any(s in ln for s in SAN_PATTERNS)]
        if san:
            problems.append(f"{len(san)} sanitizer report line(s), first: {san[0][:200]}")
        if len(feed.requests) < max(2, args.seconds / poll / 3):
            problems.append(f"only {len(feed.requests)} requests in {args.seconds:.0f} s "
                            f"with poll_seconds {poll}")
        if len(cache_seen) < 2:
            problems.append("the cache never moved to a newer good schedule: updates were not applied")
        if len(samples) >= 9:
            third = len(samples) // 3
            first = max(r for _, r, _ in samples[:third])
            last = max(r for _, r, _ in samples[-third:])
            growth = 100.0 * (last - first) / first
            say(f"soak: RSS first third max {first / 1024:.1f} MiB, last third max "
                  f"{last / 1024:.1f} MiB: {growth:+.1f} % (limit {args.max_growth:g} %"
                  f"{', not enforced under a sanitizer' if args.sanitizer else ''})")
            if growth > args.max_growth and not args.sanitizer:
                problems.append(f"RSS grew {growth:.1f} % from the first third to the last")
        else:
            problems.append(f"only {len(samples)} memory samples")
        verdict = "FAIL" if problems else "PASS"
        if args.docs:
            write_docs(args, speed, poll, report, verdict, problems)
        if problems:
            print("soak: FAIL")
            for pr in problems:
                print("  - " + pr)
            print("soak: kiosk log tail:")
            for line in log.splitlines()[-15:]:
                print("    " + line[:300])
            return 1
        print("soak: PASS")
        return 0
    finally:
        if args.keep:
            print(f"soak: work dir kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
