#!/usr/bin/env python3
"""Legibility: how much of what an attendee needs survives distance.

    legibility.py --build build-bench [--out build/legibility.json]

Reference screens (the bundled demo's room view and overview, a generated
40-room overview in landscape and portrait, a 720p room view) are rendered
with `roomboard --screenshot` and ROOMBOARD_LAYOUT (every text box of the
frame, with its text). Each screenshot is read back by tesseract at full,
half and one-third scale (roomboard-shrink: the same screen from twice and
three times as far). The figure is the share of the words of every visible
room name, title and time that OCR reads, per screen and scale, printed
next to the previous run's (kept in the --out file), so a layout change that
costs legibility shows.

Targets (issue 11): at half scale every room name and at least the first
three words of every visible NOW title on the 40-room landscape overview;
at one-third scale the room view's room, NOW and NEXT titles, "ends in" and
the clock, in full.

Words in a script tesseract has no data for here (only eng, heb, ara are
used) are left out of the count and reported. Standard library only; used
by bench.py (section "legibility") and runnable on its own."""

import argparse
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

SCALES = (1, 2, 3)

# Which text boxes count, by the id the view gives them (view_dump_layout).
# Room names, titles and times; labels, speakers, dates and staff lines do
# not (they matter, but the figure is about what people look for).
ROOM_IDS = re.compile(r"^(overview\.room|room\.name)$")
TITLE_IDS = re.compile(r"(^|\.)title$|^overview\.(now|next)$")
TIME_IDS = re.compile(r"(clock|\.time|\.until|card\.note|\.ends|\.when)$")
NOW_TITLE_IDS = re.compile(r"^(overview\.now|now\.title)$")
TIME_WORD = re.compile(r"^\d{1,2}[:.]\d{2}$")


def norm(word):
    """Case, accents and punctuation do not count: 'Hörsaal' = 'horsaal',
    '11:30' = '1130'."""
    w = unicodedata.normalize("NFKD", word)
    w = "".join(c for c in w if not unicodedata.combining(c))
    return "".join(c for c in w.casefold() if c.isalnum())


def script_of(word):
    for c in word:
        if c.isalpha():
            name = unicodedata.name(c, "")
            if name.startswith("HEBREW"):
                return "heb"
            if name.startswith("ARABIC"):
                return "ara"
            if name.startswith("LATIN"):
                return "eng"
            return None
    return "eng"  # digits


# Latin-script room names and titles carry accents ("Hörsaal", "Ñandú")
# that English data alone reads as other letters: read Latin text with the
# accented languages' data too, where it is installed.
LATIN_EXTRA = ("deu", "fra", "spa")


def ocr_langs():
    try:
        r = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                           timeout=30)
    except (OSError, subprocess.SubprocessError):
        return set()
    return set(r.stdout.split()) & ({"eng", "heb", "ara"} | set(LATIN_EXTRA))


def classify(box, room_view):
    """(category, words) of a layout box, or None when it does not count."""
    bid, text = box["id"], box.get("visible", box["text"])
    if room_view and bid == "header.title":
        cat = "room"
    elif ROOM_IDS.search(bid):
        cat = "room"
    elif TITLE_IDS.search(bid) and bid != "header.title":
        cat = "title"
    elif TIME_IDS.search(bid):
        cat = "time"
    else:
        return None
    words = [w for w in text.split() if norm(w)]
    return cat, words


def expected_words(layout, room_view):
    """[(box id, category, word, index in its box)] of the boxes that count.
    Times inside a title box ("14:30  Next talk") count as times."""
    out = []
    for b in layout["boxes"]:
        c = classify(b, room_view)
        if not c:
            continue
        cat, words = c
        k = 0
        for w in words:
            wc = "time" if TIME_WORD.match(w) else cat
            out.append((b["id"], wc, w, k if wc == cat else -1))
            if wc == cat:
                k += 1
    return out


def ocr_words(png, langs):
    # --psm 11 (sparse text): find every word wherever it is. The default
    # page segmentation (3) drops whole rows of a table-like screen.
    r = subprocess.run(["tesseract", png, "-", "--psm", "11", "-l", "+".join(sorted(langs))],
                       capture_output=True, text=True, timeout=300,
                       env=dict(os.environ, OMP_THREAD_LIMIT="1"))
    bag = {}
    for w in r.stdout.split():
        n = norm(w)
        if n:
            bag[n] = bag.get(n, 0) + 1
    return bag


def score(expect, bag, langs):
    """Per category: (read, counted); words read are taken out of the bag
    so a word seen once is not credited twice."""
    bag = dict(bag)
    res = {"room": [0, 0], "title": [0, 0], "time": [0, 0]}
    read = []
    skipped = 0
    for bid, cat, w, k in expect:
        if script_of(w) not in langs:
            skipped += 1
            read.append(None)
            continue
        n = norm(w)
        ok = bag.get(n, 0) > 0
        if ok:
            bag[n] -= 1
        res[cat][1] += 1
        res[cat][0] += ok
        read.append(ok)
    return res, read, skipped


def reference_screens(build, work):
    """The screens measured: (name, argv tail, room view?)."""
    demo = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "assets",
                        "demo-schedule.json")
    demo = os.path.normpath(demo)
    with open(demo, encoding="utf-8") as f:
        conf = json.load(f)["schedule"]["conference"]
    # The demo's busiest room, 10 minutes into its third session of day 2.
    day = conf["days"][1]
    room, events = max(day["rooms"].items(), key=lambda kv: len(kv[1]))
    ev = sorted(events, key=lambda e: e["date"])[min(2, len(events) - 1)]
    at = (datetime.datetime.fromisoformat(ev["date"]) + datetime.timedelta(minutes=10)).isoformat()
    g40 = os.path.join(work, "gen40.json")
    subprocess.run([os.path.join(build, "roomboard-gen"), "--rooms", "40", "--days", "1",
                    "--sessions", "400", "--start", "2026-02-01", "--tz", "Europe/Brussels",
                    "-o", g40], check=True, capture_output=True)
    gat = "2026-02-01T11:10:00+01:00"
    return [
        ("demo room 1080p", ["--schedule", demo, "--room", room, "--at", at, "--size", "1920x1080"],
         True),
        ("demo overview 1080p", ["--schedule", demo, "--at", at, "--size", "1920x1080"], False),
        ("40 rooms landscape 1080p", ["--schedule", g40, "--at", gat, "--size", "1920x1080"], False),
        ("40 rooms portrait 1080x1920", ["--schedule", g40, "--at", gat, "--size", "1080x1920"],
         False),
        ("demo room 720p", ["--schedule", demo, "--room", room, "--at", at, "--size", "1280x720"],
         True),
    ]


def shoot(build, work, name, tail):
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    png = os.path.join(work, slug + ".png")
    lay = os.path.join(work, slug + ".json")
    env = dict(os.environ, ROOMBOARD_LAYOUT=lay, TZDIR="/usr/share/zoneinfo",
               ROOMBOARD_BOOT_CONFIG="/nonexistent/roomboard.json")
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    subprocess.run([os.path.join(build, "roomboard"),
                    "--cache-dir", os.path.join(work, "cache"), "--screenshot", png] + tail,
                   check=True, capture_output=True, env=env, timeout=120)
    with open(lay, encoding="utf-8") as f:
        return png, json.load(f), slug


def targets(name, scale, expect, read):
    """The issue's targets that apply to this screen and scale: (text, met)."""
    out = []
    if name.startswith("40 rooms landscape") and scale == 2:
        rooms = [r for (bid, cat, w, k), r in zip(expect, read) if cat == "room" and r is not None]
        firsts = [r for (bid, cat, w, k), r in zip(expect, read)
                  if NOW_TITLE_IDS.search(bid) and cat == "title" and 0 <= k < 3 and r is not None]
        out.append(("every room name at 1/2", bool(rooms) and all(rooms)))
        out.append(("first 3 words of every NOW title at 1/2", bool(firsts) and all(firsts)))
    if name.startswith("demo room") and "1080p" in name and scale == 3:
        ids = re.compile(r"^(header\.title|header\.clock|now\.title|next\.title|card\.note)$")
        need = [r for (bid, cat, w, k), r in zip(expect, read) if ids.search(bid) and r is not None]
        out.append(("room, NOW, NEXT titles, ends in, clock in full at 1/3",
                    bool(need) and all(need)))
    return out


def pct(a, b):
    return None if b == 0 else round(100.0 * a / b, 1)


def run(build, work, previous=None, report=print):
    """Measures every screen at every scale. Returns {"screens": {...},
    "targets": [...]} and prints the table next to PREVIOUS (a former
    result, may be None)."""
    langs = ocr_langs()
    if "eng" not in langs:
        raise RuntimeError("tesseract with English data is needed (tesseract-ocr-eng)")
    shrink = os.path.join(build, "roomboard-shrink")
    result = {"screens": {}, "targets": [], "langs": sorted(langs)}
    for name, tail, room_view in reference_screens(build, work):
        png, layout, slug = shoot(build, work, name, tail)
        expect = expected_words(layout, room_view)
        for scale in SCALES:
            img = png
            if scale > 1:
                img = os.path.join(work, f"{slug}-1-{scale}.png")
                subprocess.run([shrink, png, img, str(scale)], check=True, timeout=60)
            # Only the languages this screen has words in: Hebrew and Arabic
            # data make tesseract worse at a screen of Latin text.
            use = {script_of(w) for (_, _, w, _) in expect} & langs | {"eng"}
            use |= set(LATIN_EXTRA) & langs
            res, read, skipped = score(expect, ocr_words(img, use), langs)
            tot = [sum(v[0] for v in res.values()), sum(v[1] for v in res.values())]
            key = f"{name} @1/{scale}"
            entry = {c: pct(*v) for c, v in res.items()}
            entry["all"] = pct(*tot)
            entry["words"] = tot[1]
            entry["skipped"] = skipped
            entry["missed"] = [w for (bid, cat, w, k), r in zip(expect, read) if r is False][:12]
            result["screens"][key] = entry
            for text, met in targets(name, scale, expect, read):
                result["targets"].append({"screen": name, "target": text, "met": met})
    print_table(result, previous, report)
    return result


def print_table(result, previous, report):
    prev = (previous or {}).get("screens", {})

    def cell(v, p):
        s = "-" if v is None else f"{v:5.1f}"
        if p is not None:
            s += f" ({p:5.1f})"
        return s
    report(f"legibility: share of words read by OCR, % (previous run in brackets); "
           f"tesseract {'+'.join(result['langs'])}")
    report(f"  {'screen @ scale':<36} {'rooms':>15} {'titles':>15} {'times':>15} {'all':>15}")
    for key, e in result["screens"].items():
        p = prev.get(key, {})
        report(f"  {key:<36} " + " ".join(f"{cell(e[c], p.get(c)):>15}"
                                          for c in ("room", "title", "time", "all"))
               + (f"  [{e['skipped']} words in scripts without OCR data]" if e["skipped"] else ""))
    for t in result["targets"]:
        report(f"  target: {t['screen']}: {t['target']}: {'met' if t['met'] else 'NOT met'}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build-bench")
    ap.add_argument("--out", default="build/legibility.json")
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    previous = None
    if os.path.exists(args.out):
        with open(args.out, encoding="utf-8") as f:
            previous = json.load(f)
    work = tempfile.mkdtemp(prefix="rb-legibility-")
    try:
        result = run(build, work, previous)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.dont_write_bytecode = True
    sys.exit(main())
