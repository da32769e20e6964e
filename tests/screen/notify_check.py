#!/usr/bin/env python3
"""The kiosk talks sd_notify: STATUS= with the schedule's source, READY=1
after the first frame, WATCHDOG=1 at least every WATCHDOG_USEC/2 from the
render loop. A datagram socket of our own stands in for systemd.
Usage: notify_check.py ROOMBOARD SCHEDULE OUT_DIR"""
import os
import socket
import subprocess
import sys
import time

binary, schedule, out = sys.argv[1:4]
os.makedirs(out, exist_ok=True)
path = os.path.join(out, "notify.sock")
if os.path.exists(path):
    os.unlink(path)
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(path)
sock.settimeout(0.1)
env = dict(os.environ, NOTIFY_SOCKET=path, WATCHDOG_USEC="1000000", SDL_VIDEODRIVER="offscreen",
           ROOMBOARD_BOOT_CONFIG="/nonexistent/roomboard.json")
env.pop("DISPLAY", None)
env.pop("WATCHDOG_PID", None)
proc = subprocess.Popen([binary, "--schedule", schedule, "--windowed", "--size", "640x360",
                         "--exit-after", "3", "--cache-dir", os.path.join(out, "cache")],
                        env=env, stderr=subprocess.DEVNULL)
got = []  # (seconds since start, message)
t0 = time.monotonic()
while time.monotonic() - t0 < 6 and (proc.poll() is None or got == []):
    try:
        got.append((time.monotonic() - t0, sock.recv(4096).decode()))
    except socket.timeout:
        pass
rc = proc.wait(10)
sock.close()
os.unlink(path)

def fail(why):
    print("FAIL:", why, got)
    sys.exit(1)

if rc != 0:
    fail(f"exit status {rc}")
msgs = [m for _, m in got]
if "READY=1" not in msgs:
    fail("no READY=1")
if not any(m.startswith("STATUS=") and "sessions from" in m for m in msgs):
    fail("no STATUS= naming the schedule")
dog = [t for t, m in got if m == "WATCHDOG=1"]
# 3 s with a 1 s watchdog: a keep-alive every 0.5 s, so at least 4, and
# never a gap near the timeout.
if len(dog) < 4:
    fail(f"only {len(dog)} WATCHDOG=1 in 3 s")
gaps = [b - a for a, b in zip(dog, dog[1:])]
if max(gaps) > 0.9:
    fail(f"a {max(gaps):.2f} s gap between keep-alives (watchdog 1 s)")
print(f"ok: READY, STATUS, {len(dog)} keep-alives, largest gap {max(gaps):.2f} s")
