"""Shared pieces of the bench and soak harnesses: an Xvfb of our own, the
process tree of a program and its CPU and memory, free loopback ports.

Everything here reads /proc directly and uses only the Python standard
library, so the figures can be reproduced with the same public tools
(/proc/PID/stat, /proc/PID/smaps_rollup) the docs name."""

import os
import select
import signal
import socket
import subprocess
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port():
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Xvfb:
    """An X server of our own on a free display number (-displayfd), so
    several runs and the tests never collide."""

    def __init__(self, width, height, depth=24):
        r, w = os.pipe()
        self.proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(w), "-screen", "0", f"{width}x{height}x{depth}",
             "-nolisten", "tcp", "-noreset"],
            pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(w)
        deadline = time.monotonic() + 15
        buf = b""
        while not buf.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([r], [], [], left)[0]:
                self.proc.kill()
                raise RuntimeError("Xvfb did not start within 15 s")
            chunk = os.read(r, 64)
            if not chunk:
                raise RuntimeError("Xvfb exited before it named its display")
            buf += chunk
        os.close(r)
        self.display = ":" + buf.decode().strip()

    def env(self, extra=None):
        e = dict(os.environ)
        e["DISPLAY"] = self.display
        e.pop("WAYLAND_DISPLAY", None)
        if extra:
            e.update(extra)
        return e

    def cpu_ticks(self):
        return proc_ticks(self.proc.pid) or 0

    def stop(self):
        stop_process(self.proc)

    def __enter__(self):
        return self

    def __exit__(self, *a):
        self.stop()


def stop_process(proc, grace=5.0):
    """SIGTERM, then SIGKILL after grace seconds. Only this process (and,
    for a session leader we started, its group)."""
    if proc.poll() is not None:
        return proc.returncode
    try:
        if getattr(proc, "_rb_group", False):
            os.killpg(proc.pid, signal.SIGTERM)
        else:
            proc.terminate()
        return proc.wait(grace)
    except subprocess.TimeoutExpired:
        if getattr(proc, "_rb_group", False):
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
        return proc.wait(5)
    except ProcessLookupError:
        return proc.wait(5)


def spawn_group(argv, **kw):
    """Starts argv in a new session, so the whole tree it makes can be
    stopped together (Chromium forks zygotes and renderers)."""
    p = subprocess.Popen(argv, start_new_session=True, **kw)
    p._rb_group = True
    return p


def _stat(pid):
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            s = f.read().decode(errors="replace")
    except OSError:
        return None
    # comm may hold spaces and parentheses: split after the last ')'.
    rest = s[s.rfind(")") + 2:].split()
    return rest


def proc_ticks(pid):
    """utime + stime of one process, in clock ticks."""
    st = _stat(pid)
    if not st:
        return None
    return int(st[11]) + int(st[12])


def tree(root):
    """root and every descendant alive now."""
    children = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        st = _stat(name)
        if st:
            children.setdefault(int(st[1]), []).append(int(name))
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def pss_kib(pid):
    """Proportional set size of one process (smaps_rollup), KiB."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeSampler:
    """Samples a process tree: CPU ticks per pid (a process that exits keeps
    the ticks last seen) and the tree's summed PSS."""

    def __init__(self, root):
        self.root = root
        self.first = {}
        self.last = {}
        self.pss = []  # (t, KiB, nprocs)
        self.t0 = None

    def start(self):
        self.t0 = time.monotonic()
        for p in tree(self.root):
            t = proc_ticks(p)
            if t is not None:
                self.first[p] = t
                self.last[p] = t

    def sample(self, with_pss=True):
        pids = tree(self.root)
        for p in pids:
            t = proc_ticks(p)
            if t is None:
                continue
            self.first.setdefault(p, 0)  # born during the window: all its ticks count
            self.last[p] = t
        if with_pss:
            self.pss.append((time.monotonic() - self.t0, sum(pss_kib(p) for p in pids), len(pids)))

    def cpu_seconds(self):
        return sum(self.last[p] - self.first[p] for p in self.last) / CLK_TCK

    def elapsed(self):
        return time.monotonic() - self.t0

    def peak_pss_mib(self):
        return max((k for _, k, _ in self.pss), default=0) / 1024.0

    def max_procs(self):
        return max((n for _, _, n in self.pss), default=0)


def measure_tree(proc, warmup, seconds, period=1.0, on_sample=None):
    """Waits warmup seconds, then measures proc's tree for seconds.

    CPU comes from `perf stat -e task-clock -p <every pid of the tree>`
    (nanosecond resolution; threads created later are counted too) when perf
    works here, and from utime+stime in /proc/PID/stat (10 ms ticks) always;
    PSS is summed over the tree's smaps_rollup every period. Returns a dict:
    cpu_pct (perf if it counted, else ticks), cpu_pct_ticks, cpu_pct_perf
    (None without perf), pss_mib (peak), procs, sampler. Raises
    RuntimeError if the program died."""
    import shutil as _sh
    end = time.monotonic() + warmup
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"exited during warm-up with status {proc.returncode}")
        time.sleep(0.2)
    s = TreeSampler(proc.pid)
    s.start()
    perf = None
    if _sh.which("perf"):
        pids = ",".join(str(p) for p in tree(proc.pid))
        perf = subprocess.Popen(["perf", "stat", "-x,", "-e", "task-clock", "-p", pids, "--",
                                 "sleep", f"{seconds:.1f}"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        time.sleep(period)
        if proc.poll() is not None:
            if perf:
                perf.kill()
                perf.wait()
            raise RuntimeError(f"exited during the measurement with status {proc.returncode}")
        s.sample()
        if on_sample:
            on_sample(s)
    s.sample()
    perf_pct = None
    if perf:
        try:
            _, err = perf.communicate(timeout=30)
            for line in err.splitlines():
                f = line.split(",")
                if len(f) > 2 and f[2].startswith("task-clock"):
                    # "<not counted>" means the tree never ran: 0 ms.
                    ms = 0.0 if f[0].startswith("<not") else float(f[0])
                    perf_pct = 100.0 * ms / 1000.0 / seconds
        except (subprocess.TimeoutExpired, ValueError):
            perf.kill()
    ticks_pct = 100.0 * s.cpu_seconds() / s.elapsed()
    return {"cpu_pct": perf_pct if perf_pct is not None else ticks_pct, "cpu_pct_ticks": ticks_pct,
            "cpu_pct_perf": perf_pct, "pss_mib": s.peak_pss_mib(), "procs": s.max_procs(),
            "sampler": s}


def xwd_to_png(xwd_path, png_path):
    """Converts an xwd dump of a 24/32-bit TrueColor screen to PNG, using
    only zlib. Returns (distinct colours sampled, the most common colour
    #rrggbb and its share), for a sanity check that something was drawn."""
    import struct
    import zlib
    from collections import Counter

    with open(xwd_path, "rb") as f:
        data = f.read()
    hdr = struct.unpack(">25I", data[:100])
    header_size, width, height = hdr[0], hdr[4], hdr[5]
    bpp, bpl, ncolors = hdr[11], hdr[12], hdr[19]
    if bpp != 32:
        raise RuntimeError(f"xwd: {bpp} bits per pixel not handled")
    byte_order = hdr[7]  # 0 LSBFirst
    off = header_size + ncolors * 12
    rows = []
    counts = Counter()
    for y in range(height):
        row = data[off + y * bpl: off + y * bpl + width * 4]
        out = bytearray(width * 3)
        if byte_order == 0:
            out[0::3] = row[2::4]
            out[1::3] = row[1::4]
            out[2::3] = row[0::4]
        else:
            out[0::3] = row[1::4]
            out[1::3] = row[2::4]
            out[2::3] = row[3::4]
        rows.append(b"\0" + bytes(out))
        if y % 8 == 0:
            for x in range(0, width, 8):
                counts[bytes(out[x * 3:x * 3 + 3])] += 1

    def chunk(tag, payload):
        c = struct.pack(">I", len(payload)) + tag + payload
        return c + struct.pack(">I", zlib.crc32(tag + payload) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(b"".join(rows), 6)) + chunk(b"IEND", b"")
    with open(png_path, "wb") as f:
        f.write(png)
    top, n = counts.most_common(1)[0]
    return len(counts), "#" + top.hex(), n / sum(counts.values())


def screenshot(display, png_path):
    """Root window of display as PNG via xwd (x11-apps). Returns the colour
    summary of xwd_to_png, or None when xwd is missing or fails."""
    tmp = png_path + ".xwd"
    try:
        subprocess.run(["xwd", "-root", "-silent", "-display", display, "-out", tmp],
                       check=True, timeout=20)
        return xwd_to_png(tmp, png_path)
    except (OSError, subprocess.SubprocessError, RuntimeError):
        return None
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass
