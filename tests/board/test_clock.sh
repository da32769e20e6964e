#!/usr/bin/env bash
# A board without an RTC boots at 1970 until NTP answers. Until the clock is
# plausible (after 2024-01-01), --state must not claim a now/next for 1970:
# it answers for the start of the schedule's first day and says
# "clock": "waiting"; once the clock is plausible it answers for real time.
# Usage: test_clock.sh BUILD/roomboard   (env: RB_TEST_DATA)
set -u
BIN=$1
# In the arm64 build ctest sets RB_EMULATOR (qemu-aarch64 ...).
rb() { ${RB_EMULATOR:-} "$BIN" "$@"; }
S=$RB_TEST_DATA/board/clock-two-days.json
T=$(mktemp -d /tmp/rb-clock.XXXXXX)
trap 'rm -rf "$T"' EXIT
fails=0 passes=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
check() { # NAME FILE PYTHON-ASSERTS
    if python3 -c "import json,sys; s=json.load(open(sys.argv[1])); $3" "$2" 2>"$T/py"; then
        ok
    else
        bad "$1: $(tail -1 "$T/py"): $(head -c 600 "$2")"
    fi
}

# 1970: waiting, answered a second before the first day's start (04:00 Berlin
# = 03:00Z): live_waiting_instant.
ROOMBOARD_FAKE_REALTIME=0 rb --schedule "$S" --room "Saal 1" --state >"$T/a" 2>"$T/e"
[ $? -eq 0 ] && ok || bad "1970: exit non-zero: $(cat "$T/e")"
check "1970" "$T/a" '
assert s["clock"] == "waiting", s["clock"]
assert s["at"].startswith("2026-03-14T03:59:59"), s["at"]
r = s["rooms"][0]
assert r["status"] == "before-event", r["status"]
assert r["next"]["title"] == "Opening", r'

# The same with the overview (no room) and a clock a minute before the cut.
ROOMBOARD_FAKE_REALTIME=1704067199 rb --schedule "$S" --state >"$T/b" 2>"$T/e"
check "2023-12-31T23:59:59Z" "$T/b" '
assert s["clock"] == "waiting", s["clock"]
assert s["at"].startswith("2026-03-14T03:59:59"), s["at"]'

# Plausible and inside the event (2026-03-14T10:15+01:00): real now/next.
ROOMBOARD_FAKE_REALTIME=$(date -d 2026-03-14T10:15:00+01:00 +%s) \
    rb --schedule "$S" --room "Saal 1" --state >"$T/c" 2>"$T/e"
check "in the event" "$T/c" '
assert s["clock"] == "ok", s["clock"]
assert s["at"].startswith("2026-03-14T10:15"), s["at"]
r = s["rooms"][0]
assert r["status"] == "in-session", r["status"]
assert r["now"]["title"] == "Clocks without batteries", r'

# Plausible and after the event: after-event, not the first day.
ROOMBOARD_FAKE_REALTIME=$(date -d 2026-04-01T12:00:00Z +%s) \
    rb --schedule "$S" --room "Saal 1" --state >"$T/d" 2>"$T/e"
check "after the event" "$T/d" '
assert s["clock"] == "ok", s["clock"]
assert s["rooms"][0]["status"] == "after-event", s["rooms"][0]["status"]'

# --at is an explicit instant: never "waiting", even on a 1970 board.
ROOMBOARD_FAKE_REALTIME=0 rb --schedule "$S" --room "Saal 1" \
    --at 2026-03-15T09:40:00+01:00 --state >"$T/f" 2>"$T/e"
check "--at on a 1970 board" "$T/f" '
assert s["clock"] == "ok", s["clock"]
assert s["rooms"][0]["now"]["title"] == "Closing", s["rooms"][0]'

# From a schedule server (loopback, started here): its HTTP Date stands in
# for the missing clock, "clock": "server", answered at the server's time.
if [ "${RB_NET:-ON}" = ON ]; then
    mkdir -p "$T/www" "$T/cache"
    cp "$S" "$T/www/schedule.json"
    python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$T/www" >"$T/http.log" 2>&1 &
    http_pid=$!
    port=""
    for _ in $(seq 50); do
        port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$T/http.log" | head -1)
        [ -n "$port" ] && break
        sleep 0.1
    done
    if [ -z "$port" ]; then
        bad "the loopback HTTP server did not start: $(cat "$T/http.log")"
    else
        ROOMBOARD_FAKE_REALTIME=0 rb --schedule "http://127.0.0.1:$port/schedule.json" \
            --cache-dir "$T/cache" --room "Saal 1" --state >"$T/g" 2>"$T/e"
        [ $? -eq 0 ] && ok || bad "state from the server: $(cat "$T/e")"
        check "server Date" "$T/g" "
import datetime
assert s['clock'] == 'server', s['clock']
assert s['source'] == 'network', s['source']
at = datetime.datetime.fromisoformat(s['at']).timestamp()
assert abs(at - $(date +%s)) < 120, s['at']"
    fi
    kill "$http_pid" 2>/dev/null
    wait "$http_pid" 2>/dev/null
fi

# On the panel (builds with the screen): the first day with the note, read
# back by OCR; with a plausible clock inside the event, no note.
if [ "${RB_UI:-OFF}" = ON ] && command -v tesseract >/dev/null; then
    ROOMBOARD_FAKE_REALTIME=0 rb --schedule "$S" --room "Saal 1" --size 1280x720 \
        --screenshot "$T/w.png" >"$T/e" 2>&1 || bad "screenshot (1970): $(cat "$T/e")"
    tesseract "$T/w.png" - >"$T/w.txt" 2>/dev/null
    grep -q "Waiting for the time" "$T/w.txt" && ok || bad "no waiting note on the panel: $(cat "$T/w.txt")"
    grep -q "Opening" "$T/w.txt" && ok || bad "first day's session not shown: $(cat "$T/w.txt")"
    ROOMBOARD_FAKE_REALTIME=$(date -d 2026-03-14T10:15:00+01:00 +%s) rb --schedule "$S" --room "Saal 1" \
        --size 1280x720 --screenshot "$T/p.png" >"$T/e" 2>&1 || bad "screenshot (2026): $(cat "$T/e")"
    tesseract "$T/p.png" - >"$T/p.txt" 2>/dev/null
    grep -q "Clocks without batteries" "$T/p.txt" && ok || bad "running session not shown: $(cat "$T/p.txt")"
    grep -q "Waiting" "$T/p.txt" && bad "waiting note with a plausible clock" || ok
fi

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
