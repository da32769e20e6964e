#!/usr/bin/env python3
"""The kiosk under a stand-in for systemd: $NOTIFY_SOCKET is an abstract
datagram socket this test listens on, $WATCHDOG_USEC (2 s) asks for keep-alives
every second. The kiosk must send READY=1 once (after its first frame) and
WATCHDOG=1 from its render loop at least every WATCHDOG_USEC, even while
nothing on the screen changes; a gap longer than that is what makes systemd
kill and restart a hung kiosk. Runs on SDL's offscreen driver.

Usage: test_watchdog.py BUILD/roomboard"""
import os
import socket
import subprocess
import sys
import tempfile
import time

WATCHDOG_S = 2.0
RUN_S = 6

binary = sys.argv[1]
name = "rb-watchdog-%d" % os.getpid()
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind("\0" + name)
sock.settimeout(0.1)
cache = tempfile.mkdtemp(prefix="rb-watchdog-cache.")
env = dict(os.environ, NOTIFY_SOCKET="@" + name, WATCHDOG_USEC=str(int(WATCHDOG_S * 1e6)),
           SDL_VIDEODRIVER="offscreen", ROOMBOARD_BOOT_CONFIG="")
env.pop("WATCHDOG_PID", None)
t0 = time.monotonic()
proc = subprocess.Popen([binary, "--windowed", "--size", "640x360", "--cache-dir", cache,
                         "--exit-after", str(RUN_S)], env=env,
                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
msgs = []
ended = None
while time.monotonic() - t0 < RUN_S + 30:
    try:
        msgs.append((time.monotonic() - t0, sock.recv(1024).decode()))
    except socket.timeout:
        pass
    if ended is None and proc.poll() is not None:
        ended = time.monotonic() - t0
    if ended is not None and time.monotonic() - t0 > ended + 0.3:
        break
if proc.poll() is None:
    proc.kill()
err = proc.stderr.read().decode(errors="replace")
subprocess.run(["rm", "-rf", cache])

fails = passes = 0


def check(cond, what):
    global fails, passes
    if cond:
        passes += 1
    else:
        fails += 1
        print("FAIL:", what, file=sys.stderr)


check(proc.returncode == 0, "exit status %s: %s" % (proc.returncode, err[-500:]))
ready = [t for t, m in msgs if m == "READY=1"]
dogs = [t for t, m in msgs if m == "WATCHDOG=1"]
other = [m for t, m in msgs if m not in ("READY=1", "WATCHDOG=1") and not m.startswith("STATUS=")]
check(len(ready) == 1, "READY=1 sent %d times" % len(ready))
check(not other, "unexpected messages: %r" % other)
check(len(dogs) >= RUN_S / (WATCHDOG_S / 2) - 2, "only %d keep-alives in %d s" % (len(dogs), RUN_S))
if ready and dogs:
    # from READY=1 to the end of the run, never a gap the watchdog would fire on
    times = [ready[0]] + [t for t in dogs if t > ready[0]] + [ended or RUN_S]
    gap = max(b - a for a, b in zip(times, times[1:]))
    check(gap < WATCHDOG_S, "a %.2f s gap between keep-alives (watchdog %.1f s)" % (gap, WATCHDOG_S))
    print("READY=1 at %.2f s, %d keep-alives, longest gap %.2f s" % (ready[0], len(dogs), gap))
print("%d passed, %d failed" % (passes, fails))
sys.exit(1 if fails else 0)
