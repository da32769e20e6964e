#!/usr/bin/env bash
# The venue's zone: used only where the source has none, refused with one
# line naming the option when needed and missing, reported by --state.
set -u
BIN=$1
F=$RB_SHARED/formats
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 failn=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; failn=$((failn + 1)); }

# state EXPR ARGS...: --state, then a python expression on its JSON (d)
state() {
    local expr=$1 out
    shift
    out=$("$BIN" --state "$@" 2>"$T/err") || { bad "$* exit $?: $(cat "$T/err")"; return; }
    python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if ($expr) else 1)" <<<"$out" &&
        ok || bad "$*: $expr is false in $(head -c 600 <<<"$out")"
}

# No zone in the file, none configured: exit 1, one line naming the option.
err=$("$BIN" --state --schedule "$F/fosdem-2019.xml" 2>&1 >/dev/null)
rc=$?
[ $rc -eq 1 ] && ok || bad "zone-less XML without a zone: exit $rc"
[ "$(wc -l <<<"$err")" -eq 1 ] && ok || bad "want one line, got: $err"
grep -qF -- "names no time zone; set the venue's zone with --timezone ZONE or the config key \"timezone\"" <<<"$err" &&
    ok || bad "message: $err"

# A sched.com page: the zone its abbreviations stand for, every one checked
# against a configured zone (BST is not a Berlin abbreviation: refused).
S="$RB_SHARED/seeds/001_727d571ad2a12b1e.txt"
state 'd["event"]["timezone"] == "Europe/London" and d["event"]["timezone_source"] == "schedule" and d["rooms"][0]["now"]["title"] == "Virgil3D - Virtio Based 3D Capable GPU"' \
    --schedule "$S" --at 2013-10-21T11:20:00+01:00 --room "Edinburgh Suite"
err=$("$BIN" --state --schedule "$S" --timezone Europe/Berlin 2>&1 >/dev/null)
grep -qF -- "sched: line 9: the page says BST (UTC+01:00) but Europe/Berlin" <<<"$err" && ok ||
    bad "sched page with a wrong zone: $err"

AT="--at 2019-02-02T09:40:00+01:00 --room Janson"
state 'd["event"]["timezone"] == "Europe/Brussels" and d["event"]["timezone_source"] == "--timezone"
       and d["rooms"][0]["now"]["title"] == "Welcome to FOSDEM 2019"
       and d["rooms"][0]["now"]["start_iso"] == "2019-02-02T09:30:00+01:00"' \
    --schedule "$F/fosdem-2019.xml" --timezone Europe/Brussels $AT

printf '{"timezone": "Europe/Brussels"}\n' >"$T/config.json"
state 'd["event"]["timezone_source"] == "config" and d["rooms"][0]["now"]["start"] == "09:30"' \
    --config "$T/config.json" --schedule "$F/fosdem-2019.xml" $AT
# the option beats the config file; the wall time moves with the zone
state 'd["event"]["timezone"] == "Europe/London" and d["event"]["timezone_source"] == "--timezone"
       and d["rooms"][0]["next"]["start_iso"] == "2019-02-02T10:00:00+00:00"' \
    --config "$T/config.json" --timezone Europe/London --schedule "$F/fosdem-2019.xml" \
    --at 2019-02-02T09:40:00+00:00 --room Janson

# A source with its own zone ignores the configured one.
state 'd["event"]["timezone"] == "Europe/Brussels" and d["event"]["timezone_source"] == "schedule"
       and d["event"]["format"] == "frab-xml"' \
    --schedule "$F/fosdem-2025.xml" --timezone America/New_York --at 2025-02-01T10:40:00+01:00
state 'd["event"]["timezone"] == "Europe/Berlin" and d["event"]["timezone_source"] == "schedule"
       and d["event"]["format"] == "c3voc-v2"' \
    --schedule "$F/ccc-38c3-v2-example.json" --timezone Asia/Tokyo --at 2024-12-27T10:40:00+01:00

# Bad zones: the option is a usage error, the key names itself.
"$BIN" --timezone Nowhere/Special --state >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -qF "'Nowhere/Special'" "$T/err" && ok || bad "--timezone Nowhere: $(cat "$T/err")"
printf '{"timezone": "Mars/Olympus"}\n' >"$T/bad.json"
"$BIN" --check-config "$T/bad.json" >/dev/null 2>"$T/err"
[ $? -eq 1 ] && grep -qF 'key "timezone": must be an IANA time zone' "$T/err" && ok ||
    bad "config timezone Mars: $(cat "$T/err")"

echo "zone: $pass passed, $failn failed"
[ "$failn" -eq 0 ]
