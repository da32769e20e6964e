#!/usr/bin/env bash
# --check-config and the config layering as the binary sees them.
# Usage: test_check_config.sh BUILD/roomboard   (env: RB_SOURCE, RB_TEST_DATA)
set -u
BIN=$1
# In the arm64 build ctest sets RB_EMULATOR (qemu-aarch64 ...).
rb() { ${RB_EMULATOR:-} "$BIN" "$@"; }
D=$RB_TEST_DATA/board
T=$(mktemp -d /tmp/rb-check-config.XXXXXX)
trap 'rm -rf "$T"' EXIT
fails=0 passes=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
export ROOMBOARD_BOOT_CONFIG=
unset CACHE_DIRECTORY

# Every example validates, and the effective config shows its values.
for f in "$RB_SOURCE"/config/*.json; do
    if rb --check-config "$f" >"$T/out" 2>"$T/err"; then ok; else bad "$f: $(cat "$T/err")"; fi
    python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/out" && ok || bad "$f: output is not JSON"
done
rb --check-config "$RB_SOURCE/config/door-portrait.json" >"$T/out" 2>&1
python3 - "$T/out" <<'PY' && ok || bad "door-portrait effective config"
import json, sys
c = json.load(open(sys.argv[1]))
assert c["rotate"] == 90, c
assert c["rooms"] == ["Salle Lumière"], c
assert c["language"] == "fr", c
assert c["active_hours"] == "08:00-20:00", c
assert c["poll_seconds"] == 60 and c["jitter_seconds"] == 10, c   # defaults kept
assert c["size"] == "auto" and c["pinned_key"] is None, c
PY

# A broken file: exit 1, one line naming the file, the key and the reason.
rb --check-config "$D/boot-bad.json" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && ok || bad "boot-bad.json: exit $rc, want 1"
want="roomboard: config: $D/boot-bad.json: key \"rotate\": must be 0, 90, 180 or 270, got 45"
[ "$(cat "$T/err")" = "$want" ] && ok || bad "message: $(cat "$T/err") / want: $want"
[ ! -s "$T/out" ] && ok || bad "broken config printed something on stdout"

printf '{"rooms": ["Saal 1"], "rotation": 90}' >"$T/typo.json"
rb --check-config "$T/typo.json" >/dev/null 2>"$T/err"
[ "$(cat "$T/err")" = "roomboard: config: $T/typo.json: unknown key \"rotation\" (did you mean \"rotate\"?)" ] &&
    ok || bad "unknown key: $(cat "$T/err")"

rb --check-config "$T/missing.json" >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && grep -q "missing.json: cannot open: No such file or directory" "$T/err" && ok ||
    bad "missing file: exit $rc, $(cat "$T/err")"

# The boot-partition file is layered over the checked one.
ROOMBOARD_BOOT_CONFIG=$D/boot-room.json rb --check-config "$D/system.json" >"$T/out" 2>"$T/err"
python3 - "$T/out" <<'PY' && ok || bad "layering: $(cat "$T/err")"
import json, sys
c = json.load(open(sys.argv[1]))
assert c["rooms"] == ["Saal 3"], c          # boot replaces the list
assert c["rotate"] == 180, c                # boot
assert c["language"] == "de", c             # system
assert c["pinned_key"] is not None, c       # boot may not reset it (TLS stays)
assert c["schedule"] == "https://schedule.example.org/devconf/schedule.json", c
PY
grep -q 'key "pinned_key" is only honoured in the system config; ignored' "$T/err" && ok ||
    bad "boot pinned_key: no warning: $(cat "$T/err")"
# ... and a broken boot file fails the check, naming the boot file.
ROOMBOARD_BOOT_CONFIG=$D/boot-bad.json rb --check-config "$D/system.json" >/dev/null 2>"$T/err"
grep -q "^roomboard: config: $D/boot-bad.json: key \"rotate\"" "$T/err" && ok || bad "boot error: $(cat "$T/err")"

# --config then the command line: --room replaces the config's rooms.
cp "$RB_TEST_DATA/board/clock-two-days.json" "$T/s.json"
printf '{"schedule": "%s", "rooms": ["Nowhere"]}' "$T/s.json" >"$T/c.json"
rb --config "$T/c.json" --room "Saal 1" --at 2026-03-14T09:10:00+01:00 --state >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && grep -q '"title":[[:space:]]*"Opening"' "$T/out" && ok ||
    bad "--room over config: exit $rc $(cat "$T/err")"
# without --room, the config's room is used (and does not exist: exit 1)
rb --config "$T/c.json" --at 2026-03-14T09:10:00+01:00 --state >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && grep -q "no room 'Nowhere'" "$T/err" && ok || bad "config room: exit $rc $(cat "$T/err")"

# Running (not checking) with a broken boot-partition file: the screen runs
# on the system config alone and says why; a broken system config fails.
printf '{"schedule": "%s", "rooms": ["Saal 1"]}' "$T/s.json" >"$T/sys.json"
ROOMBOARD_BOOT_CONFIG=$D/boot-bad.json rb --config "$T/sys.json" --at 2026-03-14T09:10:00+01:00 \
    --state >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && grep -q '"title":[[:space:]]*"Opening"' "$T/out" && ok || bad "boot fallback: exit $rc $(cat "$T/err")"
want="roomboard: ignoring the boot-partition config: config: $D/boot-bad.json: key \"rotate\": must be 0, 90, 180 or 270, got 45"
[ "$(cat "$T/err")" = "$want" ] && ok || bad "boot fallback message: $(cat "$T/err")"
ROOMBOARD_BOOT_CONFIG=$D/boot-room.json rb --config "$D/boot-bad.json" --state >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && [ "$(cat "$T/err")" = "roomboard: config: $D/boot-bad.json: key \"rotate\": must be 0, 90, 180 or 270, got 45" ] &&
    ok || bad "broken system config: exit $rc $(cat "$T/err")"

# Several sources: --check-config prints the list; an error names the key
# and the entry; on the command line the first --schedule replaces the
# config's list and the next ones add to it (merge-main + merge-sub: their
# union, the shared session once).
M=$RB_TEST_DATA/core/merge-main.json
S=$RB_TEST_DATA/core/merge-sub.json
printf '{"schedule": ["%s", "https://fahrplan.example/{hostname}/sub.xml"]}' "$M" >"$T/list.json"
rb --check-config "$T/list.json" >"$T/out" 2>"$T/err" && python3 - "$T/out" "$M" <<'PY' && ok || bad "--check-config list: $(cat "$T/out" "$T/err")"
import json, sys
c = json.load(open(sys.argv[1]))
assert c["schedule"] == [sys.argv[2], "https://fahrplan.example/{hostname}/sub.xml"], c
PY
printf '{"schedule": ["%s", "https://x/{host}/s.json"]}' "$M" >"$T/list-bad.json"
rb --check-config "$T/list-bad.json" >/dev/null 2>"$T/err"
grep -q "^roomboard: config: $T/list-bad.json: key \"schedule\": entry 2: has an unknown placeholder \"{host}\"" "$T/err" &&
    ok || bad "list error: $(cat "$T/err")"
printf '{"schedule": "%s"}' "$T/s.json" >"$T/one.json"
rb --config "$T/one.json" --schedule "$M" --schedule "$S" --at 2026-12-27T14:30:00+01:00 --state \
    >"$T/out" 2>"$T/err" && python3 - "$T/out" "$M" "$S" <<'PY' && ok || bad "--schedule twice: $(cat "$T/err")"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["event"]["sessions"] == 6 and s["event"]["rooms"] == 3, s["event"]
assert [x["url"] for x in s["sources"]] == sys.argv[2:4], s["sources"]
assert all(x["source"] == "file" and x["format"] == "frab-json" for x in s["sources"]), s["sources"]
nexts = [r["next"]["guid"] for r in s["rooms"] if r["next"]]
assert nexts.count("shared-1") == 1, nexts
PY
rb --schedule "$M" --schedule "$M" --state >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q "given twice" "$T/err" && ok || bad "--schedule twice the same: $(cat "$T/err")"

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
