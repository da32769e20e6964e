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
refused_alike "$T/text.txt" "not a schedule: neither JSON (frab v1, c3voc v2), schedule XML, iCalendar nor a sched.com page"
refused_alike "$D/read/truncated.xml" "schedule.xml: not well-formed: no element found at line 13"
refused_alike "$D/read/xml-bomb.xml" "declares an entity"
refused_alike "$D/read/not-schedule.xml" "root element is <rss>"
refused_alike "$D/read/v2-missing-room.json" "which schedule.conference.rooms does not list"
refused_alike "$D/read/pentabarf-night.xml" "names no time zone; set the venue's zone with --timezone"
refused_alike "$D/core/truncated.json" "not valid JSON"
refused_alike "$D/import/ics-floating-nozone.ics" "iCalendar: the schedule names no time zone"
refused_alike "$D/import/sched-wrong-abbr.txt" "sched: line 7: the page says BST (UTC+01:00) but Europe/London"
refused_alike "$D/import/sched-garbled-time.txt" "sched: line 13: cannot read the time line"

# ... and every format the screens read is published.
for f in "$RB_SHARED/formats/fosdem-2025.xml" "$RB_SHARED/formats/ccc-38c3-v2-example.json" \
    "$RB_SHARED/formats/pretalx-democon.json" "$D/read/ics-venue-week.ics" \
    "$RB_SHARED/seeds/001_727d571ad2a12b1e.txt"; do
    rm -rf "$T/www" && mkdir -p "$T/www"
    "$PUBLISH" "$f" "$T/www/schedule" >/dev/null 2>"$T/err" && ok || bad "$f: not published: $(cat "$T/err")"
    cmp -s "$f" "$T/www/schedule" && ok || bad "$f: served bytes differ"
    "$SCREEN" --schedule "$T/www/schedule" --state >/dev/null && ok || bad "$f: screen refuses it"
done

# roomboard-publish --timezone: a source without a zone is published when
# the zone is given (as the screens' config key gives it), and the screens
# read the served file with that zone; the note says they need it.
for case in "$D/import/ics-floating-nozone.ics|America/Los_Angeles" \
    "$D/read/pentabarf-night.xml|Europe/Brussels"; do
    f=${case%|*} zone=${case#*|}
    rm -rf "$T/www" && mkdir -p "$T/www"
    "$PUBLISH" --timezone "$zone" "$f" "$T/www/schedule" >"$T/out" 2>"$T/err" && ok ||
        bad "$f: not published with --timezone $zone: $(cat "$T/err")"
    grep -qF "zone $zone (from --timezone" "$T/out" && ok || bad "$f: summary: $(cat "$T/out")"
    grep -qF "the screens read it only with the config key \"timezone\" set to $zone" "$T/out" &&
        ok || bad "$f: no note about the screens' zone: $(cat "$T/out")"
    cmp -s "$f" "$T/www/schedule" && ok || bad "$f: served bytes differ"
    "$SCREEN" --schedule "$T/www/schedule" --timezone "$zone" --state >/dev/null && ok ||
        bad "$f: the screen refuses it with --timezone $zone"
    # ... and without the zone nothing is served.
    rm -rf "$T/www" && mkdir -p "$T/www"
    "$PUBLISH" "$f" "$T/www/schedule" >/dev/null 2>&1 && bad "$f: published without a zone" || ok
    [ ! -e "$T/www/schedule" ] && ok || bad "$f: served without a zone"
done
# A zone the source states itself wins: no note, the summary says so.
rm -rf "$T/www" && mkdir -p "$T/www"
"$PUBLISH" --timezone Europe/London "$D/read/ics-venue-week.ics" "$T/www/schedule" >"$T/out" 2>&1 && ok ||
    bad "venue week with --timezone: $(cat "$T/out")"
grep -qF "zone Europe/Brussels" "$T/out" && ok || bad "venue week zone: $(cat "$T/out")"
grep -qF "config key" "$T/out" && bad "venue week: needless note: $(cat "$T/out")" || ok
# --rollback checks the previous file with the same zone.
"$PUBLISH" --timezone America/Los_Angeles "$D/import/ics-floating-nozone.ics" "$T/www/schedule" >/dev/null 2>&1 &&
    ok || bad "floating ics over venue week"
"$PUBLISH" --timezone America/Los_Angeles --rollback "$T/www/schedule" >/dev/null 2>"$T/err" && ok ||
    bad "rollback with --timezone: $(cat "$T/err")"
cmp -s "$D/read/ics-venue-week.ics" "$T/www/schedule" && ok || bad "rollback did not restore venue week"
"$PUBLISH" --rollback "$T/www/schedule" >/dev/null 2>&1 && bad "rollback to a floating ics without a zone" || ok
cmp -s "$D/read/ics-venue-week.ics" "$T/www/schedule" && ok || bad "a refused rollback changed the served file"

echo "parity: $pass passed, $failn failed"
[ "$failn" -eq 0 ]
