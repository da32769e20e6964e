#!/usr/bin/env bash
# Every door display state on real screenshots, read back by OCR (tesseract)
# in English, German and French: room full, running late, moved here, moved
# to, new, cancelled (vanished), the emergency; the QR codes of NOW and NEXT
# decoded by zbarimg from a whole screenshot; the --state keys.
set -u
BIN=$1
D=$RB_TEST_DATA/door
OLD=$RB_SHARED/formats/pretalx-democon.json
NEW=$D/pretalx-democon-edited.json
OUT=$RB_BUILD/door-out/screens
mkdir -p "$OUT"
pass=0 failn=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; failn=$((failn + 1)); }

# shot NAME LANG QR ARGS...: a 1920x1080 screenshot with the screen's config
# {"language": LANG, "qr": QR}
shot() {
    local name=$1 lang=$2 qr=$3
    shift 3
    printf '{"language": "%s", "qr": %s}\n' "$lang" "$qr" >"$OUT/boot-$lang-$qr.json"
    ROOMBOARD_BOOT_CONFIG=$OUT/boot-$lang-$qr.json "$BIN" --size 1920x1080 \
        --screenshot "$OUT/$name.png" "$@" 2>"$OUT/$name.stderr" ||
        bad "$name: exit $? ($(cat "$OUT/$name.stderr"))"
}
# ocr_text NAME LANG: what tesseract reads, whitespace folded; two page
# layouts (automatic, and sparse text, which reads the very large "Room
# full" that the automatic one splits)
ocr_text() {
    local psm
    for psm in 3 11; do
        OMP_THREAD_LIMIT=1 tesseract "$OUT/$1.png" - -l "$2" --psm $psm 2>/dev/null
        echo " | "
    done | tr -s ' \n\t' '   '
}
# ocr NAME LANG NEEDLE...: every needle in the OCR text
ocr() {
    local name=$1 lang=$2 text n
    shift 2
    text=$(ocr_text "$name" "$lang")
    for n in "$@"; do
        if grep -qiF -- "$n" <<<"$text"; then ok; else bad "$name: '$n' not read; OCR: $text"; fi
    done
}

declare -A TL=([en]=eng [de]=deu [fr]=fra)
declare -A FULL=([en]="Room full" [de]="Saal voll" [fr]="Salle pleine")
declare -A ALSO=([en]="Also on now" [de]="Jetzt außerdem" [fr]="En ce moment aussi")
declare -A LATE=([en]="running 10 min late" [de]="10 Min. Verspätung" [fr]="10 min de retard")
declare -A HERE=([en]="moved here from Gray Room" [de]="hierher verlegt aus Gray Room"
    [fr]="ici depuis Gray Room")
declare -A TO=([en]="moved to Tan Room" [de]="verlegt nach Tan Room" [fr]="en Tan Room")
declare -A NEWW=([en]="new: Added late" [de]="neu: Added late" [fr]="nouveau: Added late")
declare -A CANC=([en]="CANCELLED: Focused" [de]="ABGESAGT: Focused" [fr]="ANNUL")

for lang in en de fr; do
    t=${TL[$lang]}
    # room full: the whole NOW card, the note, what else is on now
    shot "full-$lang" "$lang" false --schedule "$OLD" --status "$D/status-democon.json" \
        --room "Gray Room" --at 2020-12-14T10:05:00+01:00
    ocr "full-$lang" "$t" "${FULL[$lang]}" "Overflow: watch the stream in Tan Room" "${ALSO[$lang]}" \
        "Tan Room: Managed stable function"
    # running late: expected times, "running 10 min late"
    shot "late-$lang" "$lang" false --schedule "$OLD" --status "$D/status-democon.json" \
        --room "Tan Room" --at 2020-12-14T10:05:00+01:00
    ocr "late-$lang" "$t" "${LATE[$lang]}" "08:10" "09:40" "10:40" "Managed stable function"
    # moved here, new (the schedule changed since OLD)
    shot "moved-$lang" "$lang" false --schedule "$NEW" --changes-from "$OLD" \
        --room "Tan Room" --at 2020-12-14T10:05:00+01:00
    ocr "moved-$lang" "$t" "${HERE[$lang]}" "Secured mobile concept" "${NEWW[$lang]}"
    # the room a talk left: moved to, and the vanished one as cancelled
    shot "left-$lang" "$lang" false --schedule "$NEW" --changes-from "$OLD" \
        --room "Gray Room" --at 2020-12-14T08:50:00+01:00
    ocr "left-$lang" "$t" "${TO[$lang]}" "${CANC[$lang]}"
done

# the info overlay says where a sign comes from
printf '{"qr": false}\n' >"$OUT/boot-info.json"
# The overlay line names the feed's path: a short one of fixed length, so
# the line does not wrap differently with the checkout's path.
SHORT=$(mktemp -d /tmp/rbd.XXXXXX)
cp "$D/status-democon.json" "$SHORT/s.json"
ROOMBOARD_SHOW_INFO=1 ROOMBOARD_BOOT_CONFIG=$OUT/boot-info.json "$BIN" --size 1920x1080 \
    --schedule "$OLD" --status "$SHORT/s.json" --room "Tan Room" \
    --at 2020-12-14T10:05:00+01:00 --screenshot "$OUT/info.png" 2>/dev/null || bad "info screenshot"
ocr info eng "Door status" "10 min late (feed)"
rm -rf "$SHORT"

# the emergency takes the whole screen, even outside the active hours
printf '{"active_hours": "20:00-21:00", "qr": false}\n' >"$OUT/boot-night.json"
ROOMBOARD_BOOT_CONFIG=$OUT/boot-night.json "$BIN" --size 1920x1080 --schedule "$OLD" \
    --status "$D/status-emergency.json" --room "Tan Room" --at 2020-12-14T10:05:00+01:00 \
    --screenshot "$OUT/emergency.png" 2>/dev/null || bad "emergency screenshot"
ocr emergency eng "Please leave the building" "nearest exit"
ocr_text emergency eng | grep -qiE "Tan Room|NOW|Later" && bad "emergency: something else was drawn" || ok

# QR codes: NOW and NEXT of the Tan Room decoded from the whole screenshot
shot qr en true --schedule "$OLD" --room "Tan Room" --at 2020-12-14T10:05:00+01:00
codes=$(zbarimg --quiet --raw "$OUT/qr.png" 2>/dev/null | sort)
want=$(printf '%s\n' http://localhost/democon/talk/VBTHYJ/ http://localhost/democon/talk/WT8C8H/ | sort)
[ "$codes" = "$want" ] && ok || bad "QR codes read: '$codes', want '$want'"

# --state: the keys the issue lists (the democon zone is UTC: times below
# are UTC wall times, 10:05+01:00 is 09:05)
"$BIN" --schedule "$OLD" --status "$D/status-democon.json" \
    --at 2020-12-14T10:05:00+01:00 --state >"$OUT/state.json" || bad "--state exit $?"
python3 - "$OUT/state.json" <<'PY' && ok || bad "--state keys (status)"
import json, sys
d = json.load(open(sys.argv[1]))
r = {x["room"]: x for x in d["rooms"]}
assert d["emergency"] is None, d["emergency"]
g, t = r["Gray Room"], r["Tan Room"]
assert g["full"] is True and g["full_from"] == "feed", g
assert g["note"] == "Overflow: watch the stream in Tan Room", g
assert [x["room"] for x in g["also_now"]] == ["Tan Room"], g["also_now"]
assert g["delay_min"] == 0 and t["delay_min"] == 10 and t["full"] is False
# 10 min late: at 09:05 the 08:00-09:30 talk is still on, expected 08:10-09:40
n = t["now"]
assert (n["title"], n["start"], n["end"]) == ("Managed stable function", "08:10", "09:40"), n
assert (n["scheduled_start"], n["scheduled_end"]) == ("08:00", "09:30"), n
assert n["ends_in_min"] == 35 and n["url"] == "http://localhost/democon/talk/VBTHYJ/", n
assert "scheduled_start" not in g["now"], g["now"]
PY
"$BIN" --schedule "$NEW" --changes-from "$OLD" --at 2020-12-14T10:05:00+01:00 --state \
    >"$OUT/state-changes.json" || bad "--state exit $?"
python3 - "$OUT/state-changes.json" <<'PY' && ok || bad "--state keys (changes)"
import json, sys
d = json.load(open(sys.argv[1]))
r = {x["room"]: x for x in d["rooms"]}
g, t = r["Gray Room"], r["Tan Room"]
n = t["now"]
assert n["title"] == "Secured mobile concept", n
assert n["change"] == {"kind": "moved", "from_room": "Gray Room", "from_start": "09:00"}, n
later = {x["title"]: x["change"] for x in t["later"]}
assert later["Added late: lightning talks"]["kind"] == "new", later
assert t["next"]["change"] == {"kind": "retimed", "from_room": None, "from_start": "10:30"}
assert [(m["title"], m["to_room"]) for m in g["moved_out"]] == [
    ("Secured mobile concept", "Tan Room")], g["moved_out"]
PY
"$BIN" --schedule "$NEW" --changes-from "$OLD" --room "Gray Room" \
    --at 2020-12-14T08:50:00+01:00 --state >"$OUT/state-left.json" || bad "--state exit $?"
python3 - "$OUT/state-left.json" <<'PY' && ok || bad "--state moved_out"
import json, sys
d = json.load(open(sys.argv[1]))
m = d["rooms"][0]["moved_out"]
assert [(x["title"], x["to_room"], x["cancelled"]) for x in m] == [
    ("Focused 5thgeneration hardware", None, True),
    ("Secured mobile concept", "Tan Room", False)], m
assert m[1]["start"] == "09:00" and m[1]["scheduled_start"] == "09:00"
PY
# a v2 DELAYED session without minutes: "delayed", times not shifted
V2=$RB_TEST_DATA/read/v2-states.json
shot delayed en false --schedule "$V2" --room "Saal ZIGZAG" --at 2024-12-28T00:05:00+01:00
ocr delayed eng "delayed" "00:15"
"$BIN" --schedule "$V2" --room "Saal ZIGZAG" --at 2024-12-28T00:05:00+01:00 --state |
    python3 -c 'import json, sys
n = json.load(sys.stdin)["rooms"][0]["next"]
assert n["delayed"] is True and n["start"] == "00:15" and "scheduled_start" not in n, n' &&
    ok || bad "--state: v2 DELAYED"

# a missing feed is an error for the one-shot outputs
"$BIN" --schedule "$OLD" --status "$OUT/nonexistent.json" --state >/dev/null 2>"$OUT/missing.err"
[ $? -eq 1 ] && grep -q "nonexistent.json" "$OUT/missing.err" && ok || bad "missing --status file"

echo "door screens: $pass passed, $failn failed"
[ "$failn" -eq 0 ]
