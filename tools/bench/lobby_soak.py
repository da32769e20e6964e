#!/usr/bin/env python3
"""Lobby memory: a 40-room overview cycling through its pages must level off
within 1.5x of a static room view's RSS (issue 11).

    lobby_soak.py --build DIR [--seconds 600] [--room-seconds 60] [--size 1920x1080]
                  [--json OUT]

Both runs are the kiosk as shipped (--windowed, software renderer) in an
Xvfb of the screen's size, on the same generated one-day schedule of 40
rooms (roomboard-gen), the clock starting at 11:10 on the event's day and
running 6x (so sessions start and end, titles change, the text cache
churns):
- the room view of "Saal 1" for --room-seconds (its RSS is flat after the
  first frame);
- the overview of all 40 rooms (5 pages at 1080p), turning a page every
  10 s (page_seconds), for --seconds.
RSS (VmRSS) is sampled every second. Verdict: PASS when the overview's peak
RSS over its last third is within 1.5x of the room view's peak, and within
10 % of its own middle third's peak (it levelled off). Prints the figures
and, with --json, writes them. Standard library only."""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rbharness as h  # noqa: E402

AT = "2026-02-01T11:10:00+01:00"
SPEED = 6


def run_kiosk(exe, xvfb, argv, seconds, work, name):
    """Runs the kiosk for SECONDS and returns its RSS samples (MiB)."""
    err = open(os.path.join(work, name + ".err"), "w")
    out_path = os.path.join(work, name + ".out")
    out = open(out_path, "w")
    env = xvfb.env({"TZDIR": "/usr/share/zoneinfo", "ROOMBOARD_TRACE": "1",
                    "ROOMBOARD_BOOT_CONFIG": "/nonexistent/roomboard.json"})
    p = subprocess.Popen([exe] + argv + ["--exit-after", str(int(seconds) + 2)],
                         stdout=out, stderr=err, env=env)
    samples = []
    t0 = time.monotonic()
    try:
        while time.monotonic() - t0 < seconds and p.poll() is None:
            time.sleep(1)
            kib = h.rss_kib(p.pid)
            if kib:
                samples.append(kib / 1024.0)
    finally:
        rc = h.stop_process(p)
        err.close()
        out.close()
    if not samples:
        raise RuntimeError(f"{name}: the kiosk exited at once ({rc}); see {err.name}")
    with open(out_path) as f:
        traces = [ln.strip() for ln in f if ln.startswith("trace:") and "frames=" in ln]
    if traces:
        print(f"  {name}: {traces[-1]}")
    return samples


def thirds(samples):
    n = len(samples)
    a, b = n // 3, 2 * n // 3
    return samples[:a] or samples, samples[a:b] or samples, samples[b:] or samples


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--room-seconds", type=float, default=60)
    ap.add_argument("--size", default="1920x1080")
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    exe, gen = os.path.join(build, "roomboard"), os.path.join(build, "roomboard-gen")
    w, hgt = (int(x) for x in args.size.split("x"))
    work = tempfile.mkdtemp(prefix="rb-lobby-soak-")
    try:
        sched = os.path.join(work, "g40.json")
        subprocess.run([gen, "--rooms", "40", "--days", "1", "--sessions", "400", "--start",
                        "2026-02-01", "--tz", "Europe/Brussels", "-o", sched],
                       check=True, capture_output=True)
        conf = os.path.join(work, "config.json")
        with open(conf, "w") as f:
            json.dump({"page_seconds": 10}, f)
        common = ["--config", conf, "--schedule", sched, "--windowed", "--size", args.size,
                  "--at", AT, "--speed", str(SPEED), "--cache-dir", os.path.join(work, "cache")]
        with h.Xvfb(w, hgt) as x:
            room = run_kiosk(exe, x, common + ["--room", "Saal 1"], args.room_seconds, work, "room")
            lobby = run_kiosk(exe, x, common, args.seconds, work, "lobby")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    room_peak = max(room)
    _, mid, last = thirds(lobby)
    last_peak, mid_peak = max(last), max(mid)
    ratio = last_peak / room_peak
    levelled = last_peak <= mid_peak * 1.10
    ok = ratio <= 1.5 and levelled
    res = {"size": args.size, "seconds": args.seconds, "room_rss_peak_mib": round(room_peak, 1),
           "lobby_rss_first_mib": round(lobby[0], 1),
           "lobby_rss_mid_peak_mib": round(mid_peak, 1),
           "lobby_rss_last_peak_mib": round(last_peak, 1), "ratio": round(ratio, 2),
           "levelled": levelled, "pass": ok}
    print(f"lobby soak ({args.size}, 40 rooms, {args.seconds:.0f} s, pages every 10 s, clock "
          f"x{SPEED}): room view peak RSS {room_peak:.1f} MiB; overview {lobby[0]:.1f} MiB at "
          f"start, middle third peak {mid_peak:.1f}, last third peak {last_peak:.1f} MiB = "
          f"{ratio:.2f}x the room view (target <= 1.5x), levelled off: "
          f"{'yes' if levelled else 'NO'} -> {'PASS' if ok else 'FAIL'}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(res, f, indent=1)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
