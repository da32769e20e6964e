#!/usr/bin/env bash
# One door: a body a screen refuses is refused by `roomboard-import --check`
# and by `roomboard-publish` with the same message, and what one accepts the
# others accept. Each message is compared word for word after the path.
set -u
SCREEN=$1 IMPORT=$2 PUBLISH=$3
D=$RB_TEST_DATA
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 failn=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; failn=$((failn + 1)); }

# The message each tool prints for FILE, without the tool's name and path.
screen_msg() { "$SCREEN" --schedule "$1" --state 2>&1 >/dev/null | sed "s|^roomboard: $1: ||"; }
import_msg() { "$IMPORT" --check "$1" 2>&1 >/dev/null | sed "s|^roomboard-import: $1: ||"; }
publish_msg() {
    mkdir -p "$T/www"
    "$PUBLISH" "$1" "$T/www/schedule" 2>&1 >/dev/null | sed -n "s|^roomboard-import: $1: ||p"
}

refused_alike() { # FILE NEEDLE
    local f=$1 needle=$2 a b c
    a=$(screen_msg "$f")
    b=$(import_msg "$f")
    c=$(publish_msg "$f")
    case $a in *"$needle"*) ok ;; *) bad "$f: screen says '$a', want '$needle'" ;; esac
    [ "$a" = "$b" ] && ok || bad "$f: screen '$a' but --check '$b'"
    [ "$a" = "$c" ] && ok || bad "$f: screen '$a' but publish '$c'"
    [ ! -e "$T/www/schedule" ] && ok || bad "$f: publish served it"
}

# Generated bodies: too many JSON values (a cJSON node each), too deep.
python3 -c 'import sys; sys.stdout.write("[" + "0," * 300000 + "0]")' >"$T/values.json"
python3 -c 'import sys; sys.stdout.write("[" * 65 + "]" * 65)' >"$T/deep.json"
printf 'caf\xe9 {"schedule": 1}' >"$T/latin1.json"
printf 'Hello, this is a plain text page.\n' >"$T/text.txt"

refused_alike "$D/net/html-error.html" "the body is an HTML page, not a schedule"
refused_alike "$D/read/html-page.xml" "the body is an HTML page, not a schedule"
refused_alike "$T/values.json" "more than 250000 JSON values"
refused_alike "$T/deep.json" "deeper than 64 levels"
refused_alike "$T/latin1.json" "not valid UTF-8 (byte 0xe9 at offset 3)"
refused_alike "$T/text.txt" "not a schedule: neither JSON (frab v1, c3voc v2), schedule XML nor iCalendar"
refused_alike "$D/read/truncated.xml" "schedule.xml: not well-formed: no element found at line 13"
refused_alike "$D/read/xml-bomb.xml" "declares an entity"
refused_alike "$D/read/not-schedule.xml" "root element is <rss>"
refused_alike "$D/read/v2-missing-room.json" "which schedule.conference.rooms does not list"
refused_alike "$D/read/pentabarf-night.xml" "names no time zone; set the venue's zone with --timezone"
refused_alike "$D/core/truncated.json" "not valid JSON"
refused_alike "$D/import/ics-floating-nozone.ics" "iCalendar: the schedule names no time zone"

# ... and every format the screens read is published.
for f in "$RB_SHARED/formats/fosdem-2025.xml" "$RB_SHARED/formats/ccc-38c3-v2-example.json" \
    "$RB_SHARED/formats/pretalx-democon.json" "$D/read/ics-venue-week.ics"; do
    rm -rf "$T/www" && mkdir -p "$T/www"
    "$PUBLISH" "$f" "$T/www/schedule" >/dev/null 2>"$T/err" && ok || bad "$f: not published: $(cat "$T/err")"
    cmp -s "$f" "$T/www/schedule" && ok || bad "$f: served bytes differ"
    "$SCREEN" --schedule "$T/www/schedule" --state >/dev/null && ok || bad "$f: screen refuses it"
done

echo "parity: $pass passed, $failn failed"
[ "$failn" -eq 0 ]
