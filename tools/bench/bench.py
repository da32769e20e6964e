#!/usr/bin/env python3
"""tools/dev bench: every figure of issue 7 in one bounded run.

    bench.py --build build-bench [--out build/bench.json] [--docs docs/benchmarks.md]
             [--only core,frames,startup,kiosk,net,legibility,fleet] [--window 42] [--warmup 10]

Prints a table (figure, value, unit, target, meets, method), writes it as
JSON, and refreshes the results block of docs/benchmarks.md. A figure that
could not be measured is listed with no value and the reason: nothing is
ever filled in by hand. Standard library only."""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rbharness as h  # noqa: E402
import legibility  # noqa: E402

ROOM = "Saal 1"
FIGURES = []


def fig(fid, name, value, unit, target=None, meets=None, method="", note=""):
    FIGURES.append({"id": fid, "figure": name, "value": value, "unit": unit, "target": target,
                    "meets": meets, "method": method, "note": note})
    shown = "-" if value is None else f"{value:.4g}" if isinstance(value, float) else str(value)
    print(f"  {name}: {shown} {unit}" + (f"  ({note})" if note else ""), flush=True)


def missing(fid, name, unit, target, why, method=""):
    fig(fid, name, None, unit, target, None, method, "not measured: " + why)


def log(msg):
    print(f"bench: {msg}", flush=True)


# ---------------------------------------------------------------- inputs

def make_inputs(build, work, warmup):
    gen = os.path.join(build, "roomboard-gen")
    congress = os.path.join(work, "congress.json")
    subprocess.run([gen, "--congress", "-o", congress], check=True)
    with open(congress, encoding="utf-8") as f:
        data = json.load(f)
    # About 10 minutes into the third session of day 2 in ROOM: a running
    # talk with a progress bar, a next one, the clock. Chosen so that the
    # minute shown changes 20 s into the measured window (a board that shows
    # minutes redraws once a minute; the window must hold such a redraw).
    day = data["schedule"]["conference"]["days"][1]
    ev = day["rooms"][ROOM][2]
    start = datetime.datetime.fromisoformat(ev["date"])
    at = (start + datetime.timedelta(minutes=10, seconds=-20 - warmup)).isoformat()
    return congress, data, at


def kiosk_help(build):
    exe = os.path.join(build, "roomboard")
    if not os.access(exe, os.X_OK):
        return None
    try:
        r = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=10)
        return r.stdout + r.stderr
    except (OSError, subprocess.SubprocessError):
        return None


def kiosk_argv(build, congress, at, work, size="1920x1080", extra=()):
    return [os.path.join(build, "roomboard"), "--windowed", "--size", size, "--schedule", congress,
            "--room", ROOM, "--at", at, "--cache-dir", os.path.join(work, "cache"), *extra]


# ---------------------------------------------------------------- core

def bench_core(build, work, quick):
    log("model and engine (roomboard-bench-core)")
    exe = os.path.join(build, "roomboard-bench-core")
    r = subprocess.run([exe] + (["--quick"] if quick else []), capture_output=True, text=True,
                       timeout=300)
    vals = {}
    for line in r.stdout.splitlines():
        p = line.split()
        if len(p) == 4 and p[0] == "figure":
            vals[p[1]] = float(p[2])
    if r.returncode != 0:
        log("roomboard-bench-core failed: " + r.stderr.strip()[-300:])
    m = "roomboard-bench-core: sched_load() of the generated congress JSON, median of 21"
    v = vals.get("congress.load_ms_median")
    if v is None:
        missing("scale.congress_load", "congress (1,500 sessions, 20 rooms) load + index", "ms",
                "< 50", "roomboard-bench-core gave no figure", m)
    else:
        fig("scale.congress_load", "congress (1,500 sessions, 20 rooms) load + index", v, "ms",
            "< 50", v < 50, m)
    hm = ("counting malloc wrapper in roomboard-bench-core (malloc_usable_size), includes "
          "cJSON in libcjson.so")
    for key, name in (("congress.heap_retained", "congress heap kept after load (the model)"),
                      ("congress.heap_peak_during_load", "congress heap peak during load")):
        v = vals.get(key)
        if v is None:
            missing("scale." + key, name, "MiB", "< 8", "no heap figure (sanitizer build?)", hm)
        else:
            fig("scale." + key, name, v, "MiB", "< 8", v < 8, hm)
    for key, name, unit in (("stress.refuse_ms", "stress (50,000 sessions, 44 MB) refused by the door's value bound", "ms"),
                            ("stress.heap_peak_during_load", "stress heap peak while refused", "MiB"),
                            ("stress.body_bytes", "stress schedule.json size", "bytes"),
                            ("congress.body_bytes", "congress schedule.json size", "bytes"),
                            ("congress.lookup_random", "congress now/next lookup (board_room)",
                             "ns/call")):
        if key in vals:
            fig("scale." + key, name, vals[key], unit, None, None,
                "roomboard-bench-core" + (" (median of 5)" if "load_ms" in key else ""))
    # Formats (issue 10): FOSDEM 2025's schedule.xml next to the same
    # schedule as JSON; hostile 16 MiB bodies refused before any parser
    # allocates per value (issue 13).
    fm = ("roomboard-bench-core: read_bytes() of $RB_SHARED/formats/fosdem-2025.xml and of the "
          "same schedule written as JSON, median of 21; heap by the counting malloc wrapper")
    for key, name, unit, target, ok in (
            ("fosdem2025_xml.load_ms_median", "FOSDEM 2025 schedule.xml load + index", "ms",
             "< 50", lambda v: v < 50),
            ("fosdem2025_xml.heap_peak_during_load", "FOSDEM 2025 schedule.xml heap peak", "MiB",
             "< 16", lambda v: v < 16),
            ("fosdem2025_xml.heap_retained", "FOSDEM 2025 schedule.xml heap kept (the model)",
             "MiB", None, None),
            ("fosdem2025_json.load_ms_median", "FOSDEM 2025 as schedule.json load + index", "ms",
             "< 50", lambda v: v < 50),
            ("fosdem2025_json.heap_peak_during_load", "FOSDEM 2025 as schedule.json heap peak",
             "MiB", "< 16", lambda v: v < 16),
            ("hostile_values_16m.heap_peak_during_load", "16 MiB [0,0,...] refused: heap peak",
             "MiB", "< 64", lambda v: v < 64),
            ("hostile_values_16m.refuse_ms", "16 MiB [0,0,...] refused: time", "ms", None, None),
            ("hostile_strings_16m.heap_peak_during_load",
             "16 MiB of 249,999 strings (under the bound) parsed, then refused: heap peak", "MiB",
             "< 64", lambda v: v < 64),
            ("hostile_xml_tags_16m.heap_peak_during_load", "16 MiB of <a/> refused: heap peak",
             "MiB", "< 64", lambda v: v < 64)):
        v = vals.get(key)
        if v is None:
            missing("formats." + key, name, unit, target or "", "no figure", fm)
        else:
            fig("formats." + key, name, v, unit, target, ok(v) if ok else None, fm)
    for n in (100, 1000, 10000, 100000):
        key = f"lookup.random.room_{n}_sessions"
        if key in vals:
            fig(f"scale.lookup_ns_{n}", f"lookup, one room of {n:,} sessions (random instants)",
                vals[key], "ns/call", None, None,
                "roomboard-bench-core: board_room() at 4096 random instants, looped")

    # Instructions per lookup do not depend on caches or machine noise.
    if shutil.which("valgrind"):
        ir = {}
        calls = 20000
        for n in (100, 1000, 10000, 100000):
            out = os.path.join(work, f"callgrind.{n}")
            subprocess.run(["valgrind", "--tool=callgrind", "--toggle-collect=board_room",
                            f"--callgrind-out-file={out}", exe, "--lookups", str(n), str(calls)],
                           capture_output=True, timeout=600)
            try:
                with open(out) as f:
                    for line in f:
                        if line.startswith("summary:") or line.startswith("totals:"):
                            ir[n] = int(line.split()[1]) / calls
                            break
            except OSError:
                pass
        cm = ("valgrind --tool=callgrind --toggle-collect=board_room roomboard-bench-core "
              "--lookups N 20000")
        for n, v in sorted(ir.items()):
            fig(f"scale.lookup_ir_{n}", f"instructions per lookup, room of {n:,} sessions", v,
                "instr", None, None, cm)
        if 100 in ir and 100000 in ir:
            ratio = ir[100000] / ir[100]
            # log2(100000)/log2(100) = 2.5; a scan would grow 1000x.
            fig("scale.lookup_growth", "lookup cost growth, 100 -> 100,000 sessions", ratio, "x",
                "<= 5 (log: 2.5, scan: 1000)", ratio <= 5, cm)
        out = os.path.join(work, "callgrind.load")
        congress = os.path.join(work, "congress.json")
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", exe,
                        "--load-once", congress], capture_output=True, timeout=600)
        try:
            with open(out) as f:
                for line in f:
                    if line.startswith("summary:") or line.startswith("totals:"):
                        fig("scale.congress_load_ir", "congress load, whole process", int(line.split()[1]) / 1e6,
                            "M instr", None, None,
                            "valgrind --tool=callgrind roomboard-bench-core --load-once congress.json")
                        break
        except OSError:
            pass
    else:
        missing("scale.lookup_growth", "lookup cost growth, 100 -> 100,000 sessions", "x",
                "<= 5", "valgrind is not installed")


# ---------------------------------------------------------------- kiosk

def bench_frames(build, work, congress, at, helptext, runs=3):
    log(f"frame cost (--bench-frames, {runs} runs per size)")
    m = (f"roomboard --bench-frames 200 (100 at 4K) under Xvfb of that size (the kiosk's own timer); "
         f"the least disturbed of {runs} runs (lowest warm mean), median of the runs' means in brackets")
    for size, target, frames in (("1920x1080", "< 5 (warm mean)", 200), ("3840x2160", None, 100)):
        fid = "frame." + size
        if not helptext or "--bench-frames" not in helptext:
            missing(fid + ".warm_mean", f"frame at {size}, warm text cache, mean", "ms", target,
                    "build/roomboard has no --bench-frames", m)
            continue
        w, hgt = size.split("x")
        got, why = [], ""
        try:
            with h.Xvfb(int(w), int(hgt)) as x:
                for _ in range(runs):
                    r = subprocess.run(kiosk_argv(build, congress, at, work, size, ["--bench-frames", str(frames)]),
                                       env=x.env(), capture_output=True, text=True, timeout=180)
                    line = next((ln for ln in (r.stdout + r.stderr).splitlines()
                                 if ln.startswith("bench:")), None)
                    if line:
                        got.append({k: float(v) for k, v in re.findall(r"([\w-]+)=([\d.]+)", line)})
                    else:
                        tail = (r.stderr.strip().splitlines() or ["no output"])[-1]
                        why = f"no 'bench:' line (exit {r.returncode}: {tail[:120]})"
        except (RuntimeError, subprocess.SubprocessError) as e:
            why = str(e)
        if not got or "warm-mean-ms" not in got[0]:
            missing(fid + ".warm_mean", f"frame at {size}, warm mean", "ms", target, why or "no figures", m)
            continue
        best = min(got, key=lambda g: g["warm-mean-ms"])
        for key, label in (("warm-mean-ms", "warm text cache, mean"), ("warm-p99-ms", "warm, p99"),
                           ("cold-mean-ms", "cold text cache, mean"), ("cold-p99-ms", "cold, p99")):
            if key not in best:
                continue
            v = best[key]
            tgt = target if key == "warm-mean-ms" else None
            med = statistics.median(g[key] for g in got if key in g)
            fig(f"{fid}.{key}", f"frame at {size}, {label}", v, "ms", tgt,
                (v < 5) if tgt else None, m, note=f"median of runs {med:.3g}")


def first_frames(build, argv_tail, runs, x):
    """Runs the kiosk `runs` times; returns (kiosk's own first-frame ms,
    spawn-to-line ms, last output line)."""
    own, seen, tail = [], [], ""
    for _ in range(runs):
        t0 = time.monotonic()
        p = subprocess.Popen([os.path.join(build, "roomboard")] + argv_tail,
                             env=x.env({"ROOMBOARD_TRACE": "1"}), stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
        got = None
        for line in p.stdout:
            mm = re.search(r"trace: first-frame-ms=([\d.]+)", line)
            if mm and got is None:
                got = float(mm.group(1))
                seen.append(1000 * (time.monotonic() - t0))
            tail = line.strip() or tail
        p.wait(30)
        if got is not None:
            own.append(got)
    return own, seen, tail


def bench_startup(build, work, congress, at, helptext, runs=10):
    log(f"start-up to first frame ({runs} runs each: local file, then URL down + cache)")
    m = ("ROOMBOARD_TRACE=1 roomboard --windowed --size 1920x1080 --schedule <local file> "
         f"--exit-after 1, median of {runs}")
    if not helptext or "--exit-after" not in helptext:
        missing("startup.first_frame", "start-up to first frame", "ms", "< 300",
                "build/roomboard has no --exit-after", m)
        return
    base = kiosk_argv(build, congress, at, work, extra=["--exit-after", "1"])[1:]
    with h.Xvfb(1920, 1080) as x:
        own, seen, tail = first_frames(build, base, runs, x)
        if not own:
            missing("startup.first_frame", "start-up to first frame", "ms", "< 300",
                    f"no 'trace: first-frame-ms' line (last output: {tail[:120]})", m)
        else:
            v = statistics.median(own)
            fig("startup.first_frame", "start-up to first frame, local file (kiosk's trace)", v, "ms",
                "< 300", v < 300, m)
            v = statistics.median(seen)
            fig("startup.first_frame_seen", "start-up to first frame, local file (spawn to trace line)",
                v, "ms", "< 300", v < 300, "bench.py: time from fork/exec to reading the trace line, median")

        # A screen booting with its server unreachable: the schedule comes
        # from the cache the previous run left.
        import functools
        import http.server
        cache = os.path.join(work, "cache-startup")
        os.makedirs(cache, exist_ok=True)
        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *a):
                pass

        handler = functools.partial(Quiet, directory=work)
        srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        port = srv.server_address[1]
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{port}/congress.json"
        argv = [a if a != congress else url for a in base]
        argv[argv.index("--cache-dir") + 1] = cache
        subprocess.run([os.path.join(build, "roomboard")] + argv[:-2] + ["--exit-after", "4"],
                       env=x.env(), capture_output=True, timeout=60)
        srv.shutdown()
        srv.server_close()
        mc = (f"as above with --schedule http://127.0.0.1:<port>/congress.json, the server stopped "
              f"after a first run filled --cache-dir; median of {runs}")
        if not os.path.exists(os.path.join(cache, "schedule.json")):
            missing("startup.first_frame_cached", "start-up to first frame, server down, from cache",
                    "ms", "< 300", "the first run left no schedule.json in the cache dir", mc)
            return
        own, seen, tail = first_frames(build, argv, runs, x)
        if not own:
            missing("startup.first_frame_cached", "start-up to first frame, server down, from cache",
                    "ms", "< 300", f"no trace line (last output: {tail[:120]})", mc)
        else:
            v = statistics.median(own)
            fig("startup.first_frame_cached", "start-up to first frame, server down, from cache "
                "(kiosk's trace)", v, "ms", "< 300", v < 300, mc)


def bench_kiosk_vs_browser(build, work, congress, data, at, helptext, warmup, window):
    log(f"roomboard vs Chromium kiosk, each {warmup:.0f} s warm-up + {window:.0f} s measured")
    results = {}
    # --- roomboard
    m_rb = (f"roomboard --windowed --size 1920x1080, Xvfb 1920x1080x24; after {warmup:.0f} s, "
            f"{window:.0f} s of /proc/PID/stat (utime+stime) and smaps_rollup Pss of the tree")
    if not helptext:
        missing("kiosk.roomboard_cpu", "roomboard: CPU, static room board", "% of a core", None,
                "build/roomboard does not exist", m_rb)
    else:
        with h.Xvfb(1920, 1080) as x:
            p = h.spawn_group(kiosk_argv(build, congress, at, work), env=x.env(),
                              stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "kiosk.log"), "w"))
            try:
                x0 = x.cpu_ticks()
                m = h.measure_tree(p, warmup, window)
                xcpu = 100.0 * (x.cpu_ticks() - x0) / h.CLK_TCK / (m["sampler"].elapsed() + warmup)
                shot = h.screenshot(x.display, os.path.join(work, "kiosk-roomboard.png"))
                results["rb"] = (m, xcpu, shot)
            except RuntimeError as e:
                with open(os.path.join(work, "kiosk.log")) as f:
                    tail = (f.read().strip().splitlines() or [""])[-1]
                missing("kiosk.roomboard_cpu", "roomboard: CPU, static room board", "% of a core",
                        None, f"{e}: {tail[:120]}", m_rb)
            finally:
                h.stop_process(p)
    # --- Chromium
    chromium = shutil.which("chromium")
    m_ch = ("chromium --kiosk (flags in docs/benchmarks.md) on tools/bench/kiosk.html with the "
            "same schedule inlined, Xvfb 1920x1080x24, same sampling")
    if not chromium:
        missing("kiosk.chromium_cpu", "Chromium kiosk: CPU", "% of a core", None,
                "chromium is not installed (tools/dev bench installs it)", m_ch)
    else:
        src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kiosk.html")
        with open(src, encoding="utf-8") as f:
            page = f.read()
        inline = ("window.RB_SCHEDULE = " + json.dumps(data, ensure_ascii=False).replace("</", "<\\/") +
                  ";\nwindow.RB_CONFIG = " + json.dumps({"room": ROOM, "at": at, "speed": 1}) + ";")
        page_path = os.path.join(work, "kiosk-page.html")
        with open(page_path, "w", encoding="utf-8") as f:
            f.write(page.replace("/*RB_DATA*/", inline))
        profile = tempfile.mkdtemp(prefix="rb-chromium-")
        argv = [chromium, "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={profile}", "--kiosk", "--window-position=0,0",
                "--window-size=1920,1080", "--password-store=basic", "--noerrdialogs",
                "file://" + page_path]
        try:
            with h.Xvfb(1920, 1080) as x:
                p = h.spawn_group(argv, env=x.env(), stdout=subprocess.DEVNULL,
                                  stderr=open(os.path.join(work, "chromium.log"), "w"))
                try:
                    x0 = x.cpu_ticks()
                    m = h.measure_tree(p, warmup, window)
                    xcpu = 100.0 * (x.cpu_ticks() - x0) / h.CLK_TCK / (m["sampler"].elapsed() + warmup)
                    shot = h.screenshot(x.display, os.path.join(work, "kiosk-chromium.png"))
                    results["ch"] = (m, xcpu, shot)
                except RuntimeError as e:
                    missing("kiosk.chromium_cpu", "Chromium kiosk: CPU", "% of a core", None, str(e), m_ch)
                finally:
                    h.stop_process(p)
        finally:
            shutil.rmtree(profile, ignore_errors=True)

    for key, who, meth in (("rb", "roomboard", m_rb), ("ch", "Chromium kiosk", m_ch)):
        if key not in results:
            continue
        m, xcpu, shot = results[key]
        tgt = "< 40" if key == "rb" else None
        how = ("perf stat -e task-clock -p <tree>" if m["cpu_pct_perf"] is not None
               else "utime+stime ticks (perf unavailable)")
        fig(f"kiosk.{key}_cpu", f"{who}: CPU, steady state", m["cpu_pct"], "% of a core", None, None,
            f"{meth}; CPU by {how}; /proc ticks gave {m['cpu_pct_ticks']:.3g} %")
        fig(f"kiosk.{key}_pss", f"{who}: peak PSS of the process tree ({m['procs']} processes)",
            m["pss_mib"], "MiB", tgt, (m["pss_mib"] < 40) if tgt else None, meth)
        fig(f"kiosk.{key}_xvfb_cpu", f"{who}: CPU of the X server meanwhile", xcpu, "% of a core",
            None, None, "Xvfb's own /proc/PID/stat over warm-up + window (not in the tree figure)")
        if shot:
            ncol, top, share = shot
            fig(f"kiosk.{key}_screen", f"{who}: screen check (distinct colours sampled)", ncol,
                "colours", "> 2", ncol > 2,
                f"xwd of the display at the end; main colour {top} on {share:.0%}; PNG in build dir",
                note="a blank screen would have 1")
        else:
            missing(f"kiosk.{key}_screen", f"{who}: screen check", "colours", "> 2",
                    "xwd (x11-apps) is missing or failed", "xwd of the display at the end")
    if "rb" in results and "ch" in results:
        rb, ch = results["rb"][0], results["ch"][0]
        if rb["cpu_pct"] > 0:
            cpu_ratio = ch["cpu_pct"] / rb["cpu_pct"]
            fig("kiosk.cpu_ratio", "CPU ratio Chromium / roomboard", cpu_ratio, "x", ">= 10",
                cpu_ratio >= 10, "the two CPU figures above, same window length")
        else:
            # Nothing counted for roomboard: bound it by one clock tick.
            bound = ch["cpu_pct"] / (100.0 / h.CLK_TCK / window)
            fig("kiosk.cpu_ratio", "CPU ratio Chromium / roomboard (lower bound)", bound, "x",
                ">= 10", bound >= 10, "roomboard used no measurable CPU; bounded by one 10 ms tick "
                "over the window")
        pss_ratio = ch["pss_mib"] / rb["pss_mib"] if rb["pss_mib"] > 0 else float("inf")
        fig("kiosk.pss_ratio", "PSS ratio Chromium / roomboard", pss_ratio, "x", ">= 10",
            pss_ratio >= 10, "the two peak PSS figures above")


# ---------------------------------------------------------------- network

NGINX_CONF = """{user}daemon off;
master_process on;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    include /etc/nginx/mime.types;
    client_body_temp_path {work}/tmp-body;
    proxy_temp_path {work}/tmp-proxy;
    fastcgi_temp_path {work}/tmp-fcgi;
    uwsgi_temp_path {work}/tmp-uwsgi;
    scgi_temp_path {work}/tmp-scgi;
    server {{
        listen 127.0.0.1:{port};
        root {work}/www;
        etag on;
    }}
}}
"""


def nginx_user():
    """As root, nginx would switch its worker to nobody, who cannot read a
    work folder inside a checkout under a 0700 home (tests/net/nettest.c
    does the same): keep the worker as the invoking user."""
    if os.geteuid() != 0:
        return ""
    import grp
    import pwd
    return "user %s %s;\n" % (pwd.getpwuid(os.getuid()).pw_name, grp.getgrgid(os.getgid()).gr_name)


def server_time_ms(port, etag, n=50):
    import socket
    req = (f"GET /schedule.json HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: {etag}\r\n"
           f"Connection: close\r\n\r\n").encode()
    out = []
    for _ in range(n + 1):
        with socket.create_connection(("127.0.0.1", port), timeout=5) as c:
            t0 = time.perf_counter()
            c.sendall(req)
            c.recv(1)
            out.append(1000 * (time.perf_counter() - t0))
    return statistics.median(out[1:])


def start_nginx(nw):
    """nginx serving NW/www on a free loopback port: (process, port)."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    os.makedirs(os.path.join(nw, "www"), exist_ok=True)
    port = h.free_port()
    with open(os.path.join(nw, "nginx.conf"), "w") as f:
        f.write(NGINX_CONF.format(work=nw, port=port, user=nginx_user()))
    p = h.spawn_group([nginx, "-p", nw, "-e", os.path.join(nw, "nginx-error.log"), "-c",
                       os.path.join(nw, "nginx.conf")], stdout=subprocess.DEVNULL,
                      stderr=subprocess.DEVNULL)
    return p, port


def bench_net(work, congress, window):
    log("network cost (nginx on 127.0.0.1)")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.access(nginx, os.X_OK) or not shutil.which("curl"):
        missing("net.poll_bytes", "unchanged poll: bytes", "bytes", None, "nginx or curl missing")
        return
    nw = os.path.join(work, "nginx")
    os.makedirs(os.path.join(nw, "www"), exist_ok=True)
    shutil.copy(congress, os.path.join(nw, "www", "schedule.json"))
    p, port = start_nginx(nw)
    url = f"http://127.0.0.1:{port}/schedule.json"
    try:
        for _ in range(50):
            try:
                with urllib.request.urlopen(url, timeout=2) as r:
                    etag = r.headers["ETag"]
                    full_body = len(r.read())
                break
            except OSError:
                time.sleep(0.1)
        else:
            missing("net.poll_bytes", "unchanged poll: bytes", "bytes", None, "nginx did not answer")
            return
        wfmt = ("%{http_code} %{size_download} %{size_header} %{size_request} "
                "%{time_pretransfer} %{time_starttransfer}\\n")
        rows = []
        for i in range(31):
            r = subprocess.run(["curl", "-s", "-o", "/dev/null", "-H", f"If-None-Match: {etag}",
                                "-w", wfmt, url], capture_output=True, text=True, timeout=10)
            if i:  # the first one warms up nginx and the page cache
                rows.append(r.stdout.split())
        full = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", wfmt, url],
                              capture_output=True, text=True, timeout=10).stdout.split()
        codes = {r[0] for r in rows}
        body = max(int(r[1]) for r in rows)
        wire = statistics.median(int(r[2]) + int(r[3]) + int(r[1]) for r in rows)
        srv = server_time_ms(port, etag)
        mc = ("curl -H 'If-None-Match: <etag>' -w '%{http_code} %{size_download} %{size_header} "
              "%{size_request} %{time_pretransfer} %{time_starttransfer}', nginx 1 worker, median of 30")
        fig("net.poll_status", "unchanged poll: status and body", 304 if codes == {"304"} else None,
            f"status, body {body} bytes", "304, 0 bytes", codes == {"304"} and body == 0, mc,
            note="" if codes == {"304"} else f"got {sorted(codes)}")
        fig("net.poll_bytes", "unchanged poll: HTTP bytes (request + response headers)", wire, "bytes",
            None, None, mc + "; TCP/IP headers not included (see docs)")
        fig("net.poll_full_bytes", "changed poll: full download for comparison",
            int(full[1]) + int(full[2]) + int(full[3]) if full else None, "bytes", None, None,
            f"curl without If-None-Match; body {full_body} bytes (the congress)")
        fig("net.poll_server_ms", "unchanged poll: server time (request sent -> first byte)", srv,
            "ms", None, None, "bench.py: a socket connected beforehand sends the conditional GET, "
            "perf_counter from send to the first byte back, median of 50 (loopback round trip included)")

        if shutil.which("wrk"):
            r = subprocess.run(["wrk", "-t2", "-c32", "-d8s", "--latency", "-H",
                                f"If-None-Match: {etag}", url], capture_output=True, text=True,
                               timeout=60)
            mm = re.search(r"Requests/sec:\s+([\d.]+)", r.stdout)
            non = re.search(r"Non-2xx or 3xx responses: (\d+)", r.stdout)
            if mm:
                fig("net.capacity", "nginx capacity for unchanged polls (keep-alive, 32 connections)",
                    float(mm.group(1)), "req/s", ">= 16.7 (1,000 screens / 60 s)",
                    float(mm.group(1)) >= 16.7 and not non,
                    f"wrk -t2 -c32 -d8s -H 'If-None-Match: <etag>' (wrk shares the 2 cores)")
        else:
            missing("net.capacity", "nginx capacity for unchanged polls", "req/s", ">= 16.7",
                    "wrk is not installed (tools/dev bench installs it)")

        # 1,000 screens every 60 s = 16.7 requests a second, each on a new
        # connection (the worst case), for `window` seconds.
        rate, n = 1000 / 60.0, int(1000 / 60.0 * window)
        nginx_pids = h.tree(p.pid)
        ticks0 = sum(h.proc_ticks(q) or 0 for q in nginx_pids)
        t0 = time.monotonic()
        bad = 0
        import http.client
        for i in range(n):
            due = t0 + i / rate
            d = due - time.monotonic()
            if d > 0:
                time.sleep(d)
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            try:
                c.request("GET", "/schedule.json", headers={"If-None-Match": etag})
                resp = c.getresponse()
                if resp.status != 304 or resp.read():
                    bad += 1
            except OSError:
                bad += 1
            finally:
                c.close()
        el = time.monotonic() - t0
        cpu = 100.0 * (sum(h.proc_ticks(q) or 0 for q in nginx_pids) - ticks0) / h.CLK_TCK / el
        fig("net.fleet_cpu", "nginx CPU for 1,000 screens polling every 60 s", cpu, "% of a core",
            None, None,
            f"bench.py client: {n} conditional GETs at 16.7/s, new TCP connection each, "
            f"nginx master+worker utime+stime; {bad} not 304")
    finally:
        h.stop_process(p)


# ---------------------------------------------------------------- fleet

def run_rusage(argv):
    """Runs argv; returns (wall s, user+sys CPU s, peak RSS KiB, exit status) of that child
    alone. CPU from os.wait4; the peak from /proc/PID/status VmHWM, read every 20 ms (a
    monotonic high-water mark, so the last reading is the peak up to then): ru_maxrss would
    count the Python process the child was forked from before its exec."""
    t = time.monotonic()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    hwm = 0
    while True:
        try:
            with open(f"/proc/{p.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        hwm = max(hwm, int(line.split()[1]))
        except OSError:
            pass
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        time.sleep(0.02)
    p.returncode = os.waitstatus_to_exitcode(status)
    return time.monotonic() - t, ru.ru_utime + ru.ru_stime, hwm, p.returncode


def bench_fleet(build, work):
    """issue 15: a week of access logs from 1,000 screens polling every 60 s (10.08 M lines,
    logrotate's layout: two plain days and five .gz) read by roomboard-fleet in under 10 s;
    memory bounded by the screens, not the lines (one day and the week: the same RSS)."""
    log("roomboard-fleet: a week of 1,000 screens")
    gen, fleet = os.path.join(build, "roomboard-fleet-genlog"), os.path.join(build, "roomboard-fleet")
    if not (os.access(gen, os.X_OK) and os.access(fleet, os.X_OK)):
        missing("fleet.week_s", "fleet: read a week of 1,000 screens", "s", "< 10 s",
                "roomboard-fleet or its generator not built")
        return
    d = os.path.join(work, "fleet")
    os.makedirs(d, exist_ok=True)
    subprocess.run([gen, "-n", "1000", "-d", "7", d], check=True)
    logs = sorted(os.path.join(d, f) for f in os.listdir(d))
    lines = 1000 * 1440 * 7
    size = sum(os.path.getsize(f) for f in logs)
    method = (f"roomboard-fleet --json on a generated week ({len(logs)} files: 2 plain days, "
              f"5 .gz; {size / 1e6:.0f} MB on disk, {lines / 1e6:.2f} M lines), Release, best of 3")
    runs = [run_rusage([fleet, "--json"] + logs) for _ in range(3)]
    best = min(runs, key=lambda r: r[0])
    # Exit 1: the generated venue has stale, silent and troubled screens on purpose.
    ok = all(r[3] == 1 for r in runs)
    fig("fleet.week_s", "fleet: read a week of 1,000 screens (wall)", round(best[0], 2), "s",
        "< 10 s", best[0] < 10 and ok, method, "" if ok else "unexpected exit status")
    fig("fleet.week_cpu_s", "fleet: the same, CPU (user+sys)", round(best[1], 2), "s", None, None,
        method)
    fig("fleet.week_ns_line", "fleet: CPU per log line", round(best[1] / lines * 1e9), "ns", None,
        None, method)
    fig("fleet.week_rss_mib", "fleet: peak RSS, the week", round(best[2] / 1024, 1), "MiB", None,
        None, method)
    day = run_rusage([fleet, "--json", os.path.join(d, "access.log.2.gz")])
    fig("fleet.day_rss_mib", "fleet: peak RSS, one day", round(day[2] / 1024, 1), "MiB",
        "the week's ± 2 MiB", abs(day[2] - best[2]) < 2048,
        "roomboard-fleet on one .gz day alone (1.44 M lines): memory does not grow with lines")
    shutil.rmtree(d, ignore_errors=True)
# ---------------------------------------------------------------- door status

def wait_same(path, body, limit):
    """Seconds until PATH holds BODY (polled every 20 ms), None after limit."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < limit:
        try:
            with open(path, "rb") as f:
                if f.read() == body:
                    return time.monotonic() - t0
        except OSError:
            pass
        time.sleep(0.02)
    return None


def bench_door(build, work, congress, at, helptext, warmup, window, rounds):
    """The door status feed with the defaults (poll 10 s, jitter 2 s) against
    a real nginx: how long a change published with roomboard-status takes to
    reach a running screen, and the CPU of a static board that polls it."""
    log(f"door status: {rounds} changes through nginx, then {window:.0f} s of a static board")
    tool = os.path.join(build, "roomboard-status")
    if not helptext or not os.access(tool, os.X_OK):
        missing("door.propagation_max", "door status: publish -> on the screen, worst", "s",
                "< 15", "build/roomboard or build/roomboard-status does not exist")
        return
    nw = os.path.join(work, "door-nginx")
    served = os.path.join(nw, "www", "status.json")
    p, port = start_nginx(nw)
    cache = os.path.join(work, "door-cache")
    os.makedirs(cache, exist_ok=True)
    conf = os.path.join(work, "door.json")
    with open(conf, "w") as f:
        json.dump({"status": f"http://127.0.0.1:{port}/status.json", "cache_dir": cache}, f)
    subprocess.run([tool, served, "--open", ROOM], check=True, capture_output=True)
    times, m = [], None
    try:
        with h.Xvfb(1920, 1080) as x:
            argv = kiosk_argv(build, congress, at, work, extra=["--config", conf,
                                                                "--cache-dir", cache])
            k = h.spawn_group(argv, env=x.env({"ROOMBOARD_BOOT_CONFIG": os.path.join(work, "none")}),
                              stdout=subprocess.DEVNULL,
                              stderr=open(os.path.join(work, "door-kiosk.log"), "w"))
            try:
                wait_same(os.path.join(cache, "status.json"), open(served, "rb").read(), 20)
                for i in range(rounds):
                    time.sleep(1.3 * i % 3)  # publish at varied points of the poll cycle
                    subprocess.run([tool, served, "--full" if i % 2 == 0 else "--open", ROOM],
                                   check=True, capture_output=True)
                    with open(served, "rb") as f:
                        body = f.read()
                    t = wait_same(os.path.join(cache, "status.json"), body, 40)
                    times.append(t)
                    log(f"  change {i + 1}: on the screen after {t if t is None else round(t, 2)} s")
                m = h.measure_tree(k, warmup, window)
            finally:
                h.stop_process(k)
    except RuntimeError as e:
        missing("door.static_cpu", "static room board polling the status feed: CPU", "% of a core",
                None, str(e))
    finally:
        h.stop_process(p)
    meth = (f"roomboard-status edits nginx's file; time until the running kiosk (status_poll_seconds "
            f"10, jitter 2: the defaults) has written the same bytes to its cache dir, which it does "
            f"when it takes the new status; {rounds} changes")
    ok = [t for t in times if t is not None]
    if len(ok) < len(times) or not ok:
        missing("door.propagation_max", "door status: publish -> on the screen, worst", "s", "< 15",
                f"{len(times) - len(ok)} of {len(times)} changes never arrived", meth)
    else:
        fig("door.propagation_max", "door status: publish -> on the screen, worst", max(ok), "s",
            "< 15", max(ok) < 15, meth)
        fig("door.propagation_median", "door status: publish -> on the screen, median",
            statistics.median(ok), "s", None, None, meth)
    if m is None:
        return
    mm = m
    fig("door.static_cpu", "static room board polling the status feed: CPU", mm["cpu_pct"],
        "% of a core", None, None,
        f"the same kiosk after the changes, {window:.0f} s, status unchanged (304 every 10-12 s)")
    ch = next((f["value"] for f in FIGURES if f["id"] == "kiosk.ch_cpu"), None)
    if ch is None:
        missing("door.cpu_ratio", "CPU ratio Chromium kiosk / board with status poll", "x", ">= 30",
                "the kiosk section (Chromium) did not run in this invocation")
    elif mm["cpu_pct"] > 0:
        fig("door.cpu_ratio", "CPU ratio Chromium kiosk / board with status poll", ch / mm["cpu_pct"],
            "x", ">= 30", ch / mm["cpu_pct"] >= 30, "kiosk.ch_cpu / door.static_cpu")
    else:
        bound = ch / (100.0 / h.CLK_TCK / window)
        fig("door.cpu_ratio", "CPU ratio Chromium kiosk / board with status poll (lower bound)",
            bound, "x", ">= 30", bound >= 30, "no measurable CPU; bounded by one 10 ms tick")


# ---------------------------------------------------------------- output

def lobby_frame_ms(build, work, sched, at, size, room, x, frames=60):
    """Warm and cold mean frame times (ms) of --bench-frames for ROOM (None:
    the overview, its first page)."""
    argv = [os.path.join(build, "roomboard"), "--windowed", "--size", size, "--schedule", sched,
            "--at", at, "--cache-dir", os.path.join(work, "cache"), "--bench-frames", str(frames)]
    if room:
        argv += ["--room", room]
    r = subprocess.run(argv, env=x.env(), capture_output=True, text=True, timeout=180)
    line = next((ln for ln in (r.stdout + r.stderr).splitlines() if ln.startswith("bench:")), None)
    if not line:
        raise RuntimeError(f"no 'bench:' line from the kiosk (exit {r.returncode})")
    return {k: float(v) for k, v in re.findall(r"([\w-]+)=([\d.]+)", line)}


def bench_lobby(build, work, quick):
    """Issue 11: a 40-room overview page at 4K costs at most 2x the room
    view's frame; its memory levels off within 1.5x of a static room view's
    RSS (a short run here; tools/dev soak runs it for ten minutes)."""
    g40 = os.path.join(work, "g40.json")
    subprocess.run([os.path.join(build, "roomboard-gen"), "--rooms", "40", "--days", "1",
                    "--sessions", "400", "--start", "2026-02-01", "--tz", "Europe/Brussels",
                    "-o", g40], check=True, capture_output=True)
    at = "2026-02-01T11:10:00+01:00"
    runs = 1 if quick else 3
    m = ("roomboard --bench-frames 60 --size 3840x2160 under Xvfb: the first page of the "
         "generated 40-room overview against the room view of 'Saal 1' of the same schedule, "
         f"best of {runs} run(s) each")
    with h.Xvfb(3840, 2160) as x:
        room = [lobby_frame_ms(build, work, g40, at, "3840x2160", "Saal 1", x) for _ in range(runs)]
        lobby = [lobby_frame_ms(build, work, g40, at, "3840x2160", None, x) for _ in range(runs)]
    for key, label in (("warm-mean-ms", "warm"), ("cold-mean-ms", "cold")):
        r, o = min(g[key] for g in room), min(g[key] for g in lobby)
        fig(f"lobby.frame4k.{key}", f"40-room overview page at 4K, {label} mean", o, "ms",
            "<= 2x the room view" if key == "warm-mean-ms" else None,
            (o <= 2 * r) if key == "warm-mean-ms" else None, m, note=f"room view {r:.3g} ms")
    secs = 40 if quick else 90
    out = os.path.join(work, "lobby-soak.json")
    r = subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                     "lobby_soak.py"),
                        "--build", build, "--seconds", str(secs), "--room-seconds", "20",
                        "--json", out], capture_output=True, text=True, timeout=secs + 120)
    print("  " + (r.stdout.strip() or r.stderr.strip()[-300:]), flush=True)
    with open(out) as f:
        res = json.load(f)
    fig("lobby.rss_ratio", f"40-room overview RSS / room view RSS at 1080p ({secs} s)",
        res["ratio"], "x", "<= 1.5 and levelled off", res["pass"],
        "tools/bench/lobby_soak.py: VmRSS each second, pages every 10 s, clock x6; last third's "
        "peak against the room view's peak",
        f"room {res['room_rss_peak_mib']} MiB, overview {res['lobby_rss_last_peak_mib']} MiB")


def bench_legibility(build, work, out):
    """Issue 11: the share of room names, titles and times OCR reads in the
    reference screens at full, 1/2 and 1/3 scale, next to the previous run
    (kept in build/legibility.json)."""
    prev_path = os.path.join(os.path.dirname(os.path.abspath(out)), "legibility.json")
    previous = None
    if os.path.exists(prev_path):
        with open(prev_path, encoding="utf-8") as f:
            previous = json.load(f)
    lw = os.path.join(work, "legibility")
    os.makedirs(lw, exist_ok=True)
    res = legibility.run(build, lw, previous, report=lambda m: print("  " + m, flush=True))
    prev = (previous or {}).get("screens", {})
    for key, e in res["screens"].items():
        p = prev.get(key, {}).get("all")
        fig("legibility." + re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-"),
            f"words read by OCR: {key}", e["all"], "%", None, None,
            "tesseract on roomboard --screenshot, shrunk by roomboard-shrink; rooms/titles/times "
            f"{e['room']}/{e['title']}/{e['time']} %",
            f"previous run {p} %" if p is not None else "")
    for i, t in enumerate(res["targets"]):
        fig(f"legibility.target{i + 1}", f"legibility target: {t['screen']}: {t['target']}",
            "met" if t["met"] else "not met", "", t["target"], t["met"], "issue 11")
    os.makedirs(os.path.dirname(prev_path), exist_ok=True)
    with open(prev_path, "w", encoding="utf-8") as f:
        json.dump(res, f, indent=1, ensure_ascii=False)


def machine():
    def first(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout.strip().splitlines()[0]
        except (OSError, subprocess.SubprocessError, IndexError):
            return "unknown"
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1]) / 1024 / 1024
    deb = open("/etc/debian_version").read().strip() if os.path.exists("/etc/debian_version") else "?"
    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    return {
        "loadavg_end": float(load),
        "nproc": os.cpu_count(), "cpu": cpu, "memory_gib": round(mem, 1),
        "kernel": platform.release(), "debian": deb,
        "chromium": first(["chromium", "--version"]) if shutil.which("chromium") else "not installed",
        "nginx": first(["sh", "-c", "nginx -v 2>&1"]),
        "sdl2": first(["pkg-config", "--modversion", "sdl2"]),
        "cc": first(["cc", "--version"]),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def fmt(v):
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.3g}" if abs(v) < 1000 else f"{v:,.0f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def meets_text(f):
    return {True: "yes", False: "NO", None: "—" if f["target"] is None else "n/a"}[f["meets"]]


def print_table():
    print()
    w = max(len(f["figure"]) for f in FIGURES)
    print(f"{'figure':<{w}}  {'value':>10}  {'unit':<14} {'target':<28} {'meets':<5} method")
    for f in FIGURES:
        method = f["method"] + (f" [{f['note']}]" if f["note"] else "")
        print(f"{f['figure']:<{w}}  {fmt(f['value']):>10}  {f['unit']:<14} {str(f['target'] or '—'):<28} "
              f"{meets_text(f):<5} {method}")


def write_docs(path, mach, args):
    start, end = "<!-- bench:results:start -->", "<!-- bench:results:end -->"
    with open(path, encoding="utf-8") as f:
        doc = f.read()
    if start not in doc or end not in doc:
        log(f"{path} has no results markers; not updated")
        return
    lines = [start, "",
             f"Last run: {mach['date']}, `tools/dev bench` (sections: {args.only}; window "
             f"{args.window:.0f} s after {args.warmup:.0f} s warm-up).", "",
             f"Machine: {mach['nproc']} cores, {mach['cpu']}, {mach['memory_gib']} GiB, kernel "
             f"{mach['kernel']}, Debian {mach['debian']}; {mach['chromium']}; {mach['nginx']}; "
             f"SDL {mach['sdl2']}; {mach['cc']}.", "",
             f"Load average (1 min) from other work on the machine: {mach['loadavg_start']} at the "
             f"start, {mach['loadavg_end']} at the end; timings (ms, ns) suffer when it is above "
             f"the {mach['nproc']} cores, instruction counts and memory do not.", "",
             "| figure | value | unit | target | meets | method |", "|---|---:|---|---|---|---|"]
    for f in FIGURES:
        method = f["method"] + (f" — {f['note']}" if f["note"] else "")
        lines.append(f"| {f['figure']} | {fmt(f['value'])} | {f['unit']} | {f['target'] or '—'} | "
                     f"{meets_text(f)} | {method.replace('|', '/')} |")
    lines += ["", end]
    doc = doc[:doc.index(start)] + "\n".join(lines) + doc[doc.index(end) + len(end):]
    with open(path, "w", encoding="utf-8") as f:
        f.write(doc)
    log(f"results written into {path}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build-bench")
    ap.add_argument("--out", default="build/bench.json")
    ap.add_argument("--docs", default=None)
    ap.add_argument("--only", default="core,frames,startup,kiosk,net,legibility,fleet,lobby,door")
    ap.add_argument("--window", type=float, default=60)
    ap.add_argument("--warmup", type=float, default=10)
    ap.add_argument("--quick", action="store_true", help="fewer repetitions (smoke test)")
    args = ap.parse_args()
    only = set(args.only.split(","))
    build = os.path.abspath(args.build)
    work = os.path.join(build, "bench-work")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, "cache"))
    t0 = time.monotonic()
    with open("/proc/loadavg") as f:
        load0 = float(f.read().split()[0])
    congress, data, at = make_inputs(build, work, args.warmup)
    helptext = kiosk_help(build)
    log(f"schedule {congress}, room '{ROOM}', at {at}")
    sections = [
        ("core", lambda: bench_core(build, work, args.quick)),
        ("frames", lambda: bench_frames(build, work, congress, at, helptext, 1 if args.quick else 3)),
        ("startup", lambda: bench_startup(build, work, congress, at, helptext, 3 if args.quick else 10)),
        ("kiosk", lambda: bench_kiosk_vs_browser(build, work, congress, data, at, helptext,
                                                 args.warmup, args.window)),
        ("net", lambda: bench_net(work, congress, 10 if args.quick else 30)),
        ("legibility", lambda: bench_legibility(build, work, args.out)),
        ("fleet", lambda: bench_fleet(build, work)),
        ("lobby", lambda: bench_lobby(build, work, args.quick)),
        ("door", lambda: bench_door(build, work, congress, at, helptext, args.warmup, args.window,
                                    3 if args.quick else 8)),
    ]
    for name, run in sections:
        if name not in only:
            continue
        try:
            run()
        except Exception as e:  # one broken section must not lose the others
            missing(f"{name}.error", f"section '{name}'", "", None, f"{type(e).__name__}: {e}")
    print_table()
    mach = machine()
    mach["loadavg_start"] = load0
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump({"machine": mach, "figures": FIGURES, "seconds": round(time.monotonic() - t0, 1)},
                  f, indent=2, ensure_ascii=False)
    log(f"wrote {args.out} in {time.monotonic() - t0:.0f} s")
    if args.docs:
        write_docs(args.docs, mach, args)
    failed = [f for f in FIGURES if f["meets"] is False]
    if failed:
        log(f"{len(failed)} figure(s) miss their target: " + ", ".join(f["id"] for f in failed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
