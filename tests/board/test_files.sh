#!/bin/sh
# File safety of the tools that write into shared places: links planted in
# a web root or at an output path are never followed, written through or
# moved into (tools/roomboard-publish, roomboard-import's durable write).
set -u

PUB="$RB_SOURCE/tools/roomboard-publish"
export ROOMBOARD_IMPORT="$RB_BUILD/roomboard-import"
V1="$RB_TEST_DATA/net/sched-v1.json"
V2="$RB_TEST_DATA/net/sched-v2.json"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
ok() { printf 'ok   %s\n' "$*"; }
bad() {
    printf 'FAIL %s\n' "$*"
    fails=$((fails + 1))
}
same() { cmp -s "$1" "$2"; }

W=$T/www
V=$T/victim
mkdir -p "$W" "$V"
printf 'precious\n' >"$V/file"
cp "$V/file" "$T/precious"

# A normal publish, then a second one: .prev is the first, no temp left.
"$PUB" "$V1" "$W/schedule.json" >/dev/null 2>"$T/err" && same "$V1" "$W/schedule.json" &&
    ok "first publish" || bad "first publish: $(cat "$T/err")"
"$PUB" "$V2" "$W/schedule.json" >/dev/null 2>"$T/err" && same "$V2" "$W/schedule.json" &&
    same "$V1" "$W/schedule.json.prev" && ok "second publish keeps .prev" ||
    bad "second publish: $(cat "$T/err")"
[ "$(ls -A "$W" | wc -l)" -eq 2 ] && ok "no temporary names left" || bad "left: $(ls -A "$W")"

# .prev is a link to a directory: mv used to move the old schedule into it.
rm -f "$W/schedule.json.prev"
ln -s "$V" "$W/schedule.json.prev"
"$PUB" "$V1" "$W/schedule.json" >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && grep -q "schedule.json.prev is a symbolic link; refusing" "$T/err" &&
    ok "publish refuses a linked .prev" || bad "linked .prev: exit $rc $(cat "$T/err")"
[ "$(ls -A "$V")" = "file" ] && same "$V/file" "$T/precious" && same "$V2" "$W/schedule.json" &&
    ok "nothing moved into the link's directory, served file unchanged" ||
    bad "victim dir now holds: $(ls -A "$V")"
"$PUB" --rollback "$W/schedule.json" >/dev/null 2>"$T/err" && bad "rollback followed a linked .prev" ||
    ok "rollback refuses a linked .prev"
rm -f "$W/schedule.json.prev"

# The served name itself is a link to another file: never copied or written.
rm -f "$W/schedule.json"
ln -s "$V/file" "$W/schedule.json"
"$PUB" "$V1" "$W/schedule.json" >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && same "$V/file" "$T/precious" && [ ! -e "$W/schedule.json.prev" ] &&
    ok "publish refuses a linked target" || bad "linked target: exit $rc $(cat "$T/err")"
rm -f "$W/schedule.json"

# roomboard-import --output onto a link: the link is replaced, its target
# is untouched.
ln -s "$V/file" "$T/out.json"
"$ROOMBOARD_IMPORT" --format frab --output "$T/out.json" "$V1" >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && [ ! -L "$T/out.json" ] && [ -f "$T/out.json" ] && same "$V/file" "$T/precious" &&
    ok "import replaces a link at its output, target untouched" ||
    bad "import onto a link: exit $rc $(cat "$T/err")"

# A FIFO planted at the first font path: skipped at once (non-blocking,
# regular files only), the next font draws the frame. It used to block in
# open() until a writer came: start-up hung before the watchdog's READY.
if [ "${RB_UI:-ON}" = ON ] && [ -x "$RB_BUILD/roomboard" ]; then
    mkfifo "$T/font.ttf"
    printf '{"schedule": "%s", "fonts": ["%s", "%s"]}\n' "$V1" "$T/font.ttf" \
        /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf >"$T/fonts.json"
    timeout 60 "$RB_BUILD/roomboard" --config "$T/fonts.json" --at 2030-06-12T09:00:00Z \
        --size 640x360 --screenshot "$T/fifo.png" >"$T/err" 2>&1
    rc=$?
    [ $rc -eq 0 ] && [ -s "$T/fifo.png" ] && ok "a FIFO among the fonts is skipped" ||
        bad "FIFO font: exit $rc $(cat "$T/err")"
fi

[ $fails -eq 0 ] || {
    echo "$fails check(s) failed"
    exit 1
}
