#!/usr/bin/env bash
# roomboard-publish --status (roomboard-status): edits land, bad input is
# refused with one line and the served file unchanged, every write is
# atomic (a reader never sees half a file) and concurrent writers never lose
# each other's update.
set -u
PUBLISH=$1
export ROOMBOARD_STATUS=$2
SCHED=$RB_TEST_DATA/core/quirks.json
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
F=$W/status.json
pass=0 failn=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; failn=$((failn + 1)); }
# check PYTHON-EXPR: the served file satisfies it (d = the document)
check() {
    if python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($1) else 1)" "$F"; then
        ok
    else
        bad "status.json does not satisfy: $1"
        cat "$F"
    fi
}
# refuse NEEDLE ARGS...: exit 1, one line naming the problem, file unchanged
refuse() {
    local needle=$1 before err rc
    shift
    before=$(cat "$F" 2>/dev/null || true)
    err=$("$PUBLISH" --status "$F" "$@" 2>&1 >/dev/null)
    rc=$?
    [ "$rc" -eq 1 ] || { bad "$*: exit $rc, want 1 ($err)"; return; }
    grep -qF -- "$needle" <<<"$err" || { bad "$*: '$err' lacks '$needle'"; return; }
    [ "$(wc -l <<<"$err")" -eq 1 ] || { bad "$*: want one line: $err"; return; }
    [ "$(cat "$F" 2>/dev/null || true)" = "$before" ] || { bad "$*: file changed"; return; }
    ok
}

# --- edits, with room names checked and spelt as the schedule does
"$PUBLISH" --status "$F" --schedule "$SCHED" --full "main hall" --note "MAIN HALL" \
    "Overflow: Side Room" --until 2026-10-24T12:00:00+02:00 >"$W/out" || bad "first edit"
check 'd["rooms"]["Main Hall"] == {"full": True, "note": "Overflow: Side Room", "until": "2026-10-24T12:00:00+02:00"}'
python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$W/out" && ok || bad "printed state is not JSON"
cmp -s "$W/out" "$F" && ok || bad "printed state differs from the file"
[ "$(stat -c %a "$F")" = 644 ] || [ "$(stat -c %a "$F")" = 664 ] && ok || bad "mode $(stat -c %a "$F"): not world-readable"
"$PUBLISH" --status "$F" --schedule "$SCHED" --delay side 10 >/dev/null || bad "delay"
check 'd["rooms"]["Side Room"] == {"delay_min": 10} and d["rooms"]["Main Hall"]["full"] is True'
"$PUBLISH" --status "$F" --open "Main Hall" --delay "Side Room" 0 >/dev/null || bad "open"
check 'list(d["rooms"]) == ["Main Hall"] and "full" not in d["rooms"]["Main Hall"]'
"$PUBLISH" --status "$F" --clear "main hall" --emergency "Please leave the building" \
    --emergency-room "Side Room" --schedule "$SCHED" >/dev/null || bad "emergency"
check 'd["rooms"] == {} and d["emergency"] == {"text": "Please leave the building", "rooms": ["Side Room"]}'
"$PUBLISH" --status "$F" --clear --emergency >/dev/null || bad "clear emergency"
check '"emergency" not in d'

# --- refused
refuse "no room 'Atlantis' in the schedule; its rooms are: Main Hall, Side Room, Empty Room" \
    --schedule "$SCHED" --full Atlantis
refuse "--delay: 'ten' is not a number of minutes" --delay "Main Hall" ten
refuse "--delay: '9999' is not a number" --delay "Main Hall" 9999
refuse "is not ISO 8601" --full "Main Hall" --until noon
printf '{"rooms": {"Main Hall": {"full": tru' >"$F"
refuse "not valid JSON" --full "Main Hall"
"$PUBLISH" --status "$F" --clear --all >/dev/null && check 'd["rooms"] == {}' || bad "--clear --all over a broken file"
"$PUBLISH" --status "$F" >/dev/null 2>&1
[ $? -eq 2 ] && ok || bad "no operation: want usage exit 2"

# --- atomic: a reader polling during 200 writes only ever sees whole documents
python3 - "$F" >"$W/reader" <<'PY' &
import json, sys, time, os
seen = broken = 0
deadline = time.time() + 60
while time.time() < deadline and not os.path.exists(sys.argv[1] + ".done"):
    try:
        with open(sys.argv[1]) as f:
            json.load(f)
        seen += 1
    except ValueError:
        broken += 1
print(seen, broken)
PY
reader=$!
for i in $(seq 1 200); do
    "$PUBLISH" --status "$F" --delay "Main Hall" $((i % 60)) --note "Side Room" "write $i" >/dev/null || bad "write $i"
done
touch "$F.done"
wait "$reader"
read -r seen broken <"$W/reader"
[ "$broken" -eq 0 ] && [ "$seen" -gt 0 ] && ok || bad "reader saw $broken broken documents ($seen whole)"
check 'd["rooms"]["Side Room"]["note"] == "write 200"'
rm -f "$F.done"
[ -z "$(ls "$W" | grep -F '.tmp.')" ] && ok || bad "temporary files left: $(ls "$W")"

# --- concurrent writers: 40 at once, each its own room; none may be lost
"$PUBLISH" --status "$F" --clear --all >/dev/null
pids=()
for i in $(seq 1 40); do
    "$PUBLISH" --status "$F" --delay "Room $i" "$i" >/dev/null &
    pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || bad "writer $p failed"; done
check 'len(d["rooms"]) == 40 and all(d["rooms"]["Room %d" % i]["delay_min"] == i for i in range(1, 41))'

echo "status tool: $pass passed, $failn failed"
[ "$failn" -eq 0 ]
