#!/usr/bin/env bash
# The command line as a user meets it: --state answers, and every bad input
# gets one line naming the problem and a non-zero exit.
set -u
BIN=$1
D=$RB_TEST_DATA/core
pass=0 failn=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; failn=$((failn + 1)); }

# expect CODE NEEDLE -- ARGS...: exit code and a stderr line containing NEEDLE
expect() {
    local code=$1 needle=$2
    shift 3
    local err rc
    err=$("$BIN" "$@" 2>&1 >/dev/null)
    rc=$?
    if [ "$rc" -ne "$code" ]; then bad "$*: exit $rc, want $code ($err)"; return; fi
    if ! grep -qF -- "$needle" <<<"$err"; then bad "$*: stderr '$err' lacks '$needle'"; return; fi
    if [ "$(wc -l <<<"$err")" -ne 1 ]; then bad "$*: want one line, got: $err"; return; fi
    ok
}

# json FILTER-PYTHON ARGS...: run --state and check with a python expression on d
jcheck() {
    local expr=$1
    shift
    local out
    out=$("$BIN" "$@") || { bad "$*: exit $?"; return; }
    if python3 -c "import json,sys; d=json.loads(sys.argv[1]); sys.exit(0 if ($expr) else 1)" "$out"; then
        ok
    else
        bad "$*: JSON does not satisfy: $expr"
        echo "$out" | head -40
    fi
}

# help and version
"$BIN" --help | grep -q '^Usage: roomboard' && ok || bad "--help"
"$BIN" --version | grep -qE '^roomboard [0-9]+\.[0-9]+' && ok || bad "--version"

# the issue's example: a Seattle event read on a device in another zone
TZ=Asia/Tokyo jcheck 'd["event"]["timezone"]=="America/Los_Angeles" and d["at"]=="2015-08-17T14:30:00-07:00" and d["source"]=="file" and d["rooms"][0]["room"]=="Ravenna C" and d["rooms"][0]["status"]=="in-session" and d["rooms"][0]["now"]["start"]=="14:20" and d["rooms"][0]["now"]["end"]=="14:50" and d["rooms"][0]["now"]["date"]=="2015-08-17" and d["rooms"][0]["now"]["speakers"]==["Paolo Bonzini"] and d["rooms"][0]["next"]["title"]=="Live migration at scale"' \
    --schedule "$D/seattle.json" --room "ravenna c" --at 2015-08-17T21:30:00Z --state
# --at in UTC, answer in event time; between sessions
jcheck 'd["rooms"][0]["status"]=="between-sessions" and d["rooms"][0]["now"] is None and d["rooms"][0]["next"]["start"]=="15:00" and d["rooms"][0]["next"]["starts_in_min"]==5' \
    --schedule "$D/seattle.json" --room rav-c --at 2015-08-17T21:55:00Z --state
# all rooms without --room, repeated --room keeps order
jcheck '[r["room"] for r in d["rooms"]]==["Main Hall","Side Room","Empty Room"]' \
    --schedule "$D/quirks.json" --at 2026-10-24T10:10:00+02:00 --state
jcheck '[r["room"] for r in d["rooms"]]==["Side Room","Main Hall"] and d["rooms"][0]["now"]["title"]=="Replacement talk" and d["rooms"][1]["announcements"]==[]' \
    --schedule "$D/quirks.json" --room "Side Room" --room "main hall" --at 2026-10-24T10:10:00+02:00 --state
jcheck 'd["rooms"][0]["announcements"]==["Lunch is served in the foyer","Side Room talks moved to 10:00"] and d["rooms"][0]["now"] is None and d["rooms"][0]["status"]=="done-for-today"' \
    --schedule "$D/quirks.json" --room "Side Room" --at 2026-10-24T12:10:00+02:00 --state
# done for today, next on a later day
jcheck 'd["rooms"][0]["status"]=="done-for-today" and d["rooms"][0]["next"]["date"]=="2019-11-01" and d["rooms"][0]["next"]["start"]=="09:00"' \
    --schedule "$D/lyon-track2.json" --at 2019-10-31T16:30:00+01:00 --state
# a board with no RTC (clock at 1970): no wrong now/next, a second before the
# first day (live_waiting_instant), so the first talk is next, never now
ROOMBOARD_FAKE_REALTIME=5 jcheck 'd["clock"]=="waiting" and d["at"]=="2019-10-31T03:59:59+01:00" and d["rooms"][0]["next"]["title"].startswith("Managing Matryoshkas")' \
    --schedule "$D/lyon-track2.json" --state

# bad input: one line, non-zero exit, never a crash
expect 1 "no room 'Atlantis' in the schedule; its rooms are: Main Hall, Side Room, Empty Room" -- --schedule "$D/quirks.json" --room Atlantis --state
expect 2 "--at: time 'yesterday' is not ISO 8601" -- --schedule "$D/quirks.json" --at yesterday --state
expect 2 "no UTC offset" -- --schedule "$D/quirks.json" --at 2026-10-24T10:00:00 --state
expect 1 "missing.json failed: No such file or directory" -- --schedule "$D/missing.json" --state
expect 1 "html-error.html: the body is an HTML page, not a schedule" -- --schedule "$D/html-error.html" --state
expect 1 "truncated.json: schedule: not valid JSON" -- --schedule "$D/truncated.json" --state
expect 1 "not a frab/pretalx schedule" -- --schedule "$D/not-a-schedule.json" --state
expect 1 "unreadable duration '1h'" -- --schedule "$D/bad-duration.json" --state
expect 1 "not a regular file" -- --schedule "$D" --state
expect 2 "--rotate must be 0, 90, 180 or 270, got '45'" -- --rotate 45 --state
expect 2 "--size must be WIDTHxHEIGHT" -- --size big --state
expect 2 "unexpected argument 'extra'" -- --state extra
"$BIN" --bogus >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "--bogus should exit 2"

echo "cli: $pass passed, $failn failed"
[ "$failn" -eq 0 ]
