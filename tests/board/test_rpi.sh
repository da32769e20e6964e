#!/usr/bin/env bash
# The Raspberry Pi helpers: setup-rpios.sh against a copy of a Raspberry Pi
# OS boot partition (run twice: nothing added twice), and the Buildroot
# image's set-hostname against a scratch /sys and boot partition.
# Usage: test_rpi.sh [BUILD/roomboard]   (env: RB_SOURCE, RB_TEST_DATA)
set -u
SRC=$RB_SOURCE
RB_ROOMBOARD=${1:-}
D=$RB_TEST_DATA/board
T=$(mktemp -d /tmp/rb-rpi.XXXXXX)
trap 'rm -rf "$T"' EXIT
fails=0 passes=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

mkdir -p "$T/boot"
cp "$D/rpios-config.txt" "$T/boot/config.txt"
cp "$D/rpios-cmdline.txt" "$T/boot/cmdline.txt"
for run in 1 2; do
    "$SRC/board/rpi/setup-rpios.sh" --boot "$T/boot" --room 'Salle "Lumière"' --rotate 90 \
        >"$T/out" 2>&1 && ok || bad "run $run: $(cat "$T/out")"
done
want='console=serial0,115200 root=PARTUUID=4e639091-02 rootfstype=ext4 fsck.repair=yes rootwait console=tty3 quiet loglevel=3 logo.nologo vt.global_cursor_default=0 consoleblank=0'
[ "$(cat "$T/boot/cmdline.txt")" = "$want" ] && ok || bad "cmdline.txt: $(cat "$T/boot/cmdline.txt")"
[ "$(wc -l <"$T/boot/cmdline.txt")" -eq 1 ] && ok || bad "cmdline.txt is not one line"
[ "$(grep -c '^dtoverlay=vc4-kms-v3d$' "$T/boot/config.txt")" -eq 1 ] && ok || bad "vc4-kms-v3d not added exactly once"
grep -q '^#dtoverlay=vc4-fkms-v3d' "$T/boot/config.txt" && ok || bad "fake KMS overlay still active"
[ "$(grep -c '^disable_splash=1$' "$T/boot/config.txt")" -eq 1 ] && ok || bad "disable_splash"
# the overlay line sits in an [all] section, after the [cm4] one
tail -3 "$T/boot/config.txt" | grep -q '^\[all\]$' && ok || bad "no [all] before the overlay"
# roomboard.json is valid and loads as a config layer
python3 - "$T/boot/roomboard.json" <<'PY' && ok || bad "roomboard.json: $(cat "$T/boot/roomboard.json")"
import json, sys
c = json.load(open(sys.argv[1]))
assert c["rooms"] == ['Salle "Lumière"'], c
assert c["rotate"] == 90, c
PY
if [ -n "${RB_ROOMBOARD:-}" ]; then
    ROOMBOARD_BOOT_CONFIG=$T/boot/roomboard.json ${RB_EMULATOR:-} "$RB_ROOMBOARD" \
        --check-config "$SRC/config/config.json" >"$T/out" 2>&1 && ok || bad "--check-config: $(cat "$T/out")"
fi
# no room given: an existing roomboard.json is left alone
"$SRC/board/rpi/setup-rpios.sh" --boot "$T/boot" >/dev/null 2>&1
grep -q 'Lumi' "$T/boot/roomboard.json" && ok || bad "roomboard.json overwritten without --room"
# --room on an existing roomboard.json keeps every other key staff set
printf '{"rooms": ["Old"], "name": "door-7", "schedule": "https://s.example/x.json", "rotate": 180}\n' \
    >"$T/boot/roomboard.json"
"$SRC/board/rpi/setup-rpios.sh" --boot "$T/boot" --room "Saal 2" >"$T/out" 2>&1 || bad "update: $(cat "$T/out")"
python3 - "$T/boot/roomboard.json" <<'PY' && ok || bad "keys dropped: $(cat "$T/boot/roomboard.json")"
import json, sys
c = json.load(open(sys.argv[1]))
assert c == {"rooms": ["Saal 2"], "name": "door-7", "schedule": "https://s.example/x.json",
             "rotate": 180}, c
PY
# a cmdline token with a glob character stays as it is, whatever the
# current directory holds
mkdir -p "$T/glob"
: >"$T/glob/abc"
printf 'root=/dev/mmcblk0p2 rootwait a*\n' >"$T/boot/cmdline.txt"
(cd "$T/glob" && "$SRC/board/rpi/setup-rpios.sh" --boot "$T/boot" >/dev/null 2>&1)
grep -q ' a\* ' "$T/boot/cmdline.txt" && ! grep -q abc "$T/boot/cmdline.txt" && ok ||
    bad "glob expanded: $(cat "$T/boot/cmdline.txt")"
# not a boot partition: refused
mkdir -p "$T/empty"
"$SRC/board/rpi/setup-rpios.sh" --boot "$T/empty" >/dev/null 2>"$T/err"
[ $? -eq 1 ] && grep -q "no config.txt" "$T/err" && ok || bad "empty dir: $(cat "$T/err")"

# set-hostname: boot partition file first, else from the MAC address.
SH=$SRC/board/board/rpi4/rootfs_overlay/usr/libexec/roomboard/set-hostname
mkdir -p "$T/r/sys/class/net/eth0" "$T/r/boot/firmware"
echo "dc:a6:32:0b:1c:2d" >"$T/r/sys/class/net/eth0/address"
[ "$(ROOT=$T/r HOSTNAME_CMD=echo "$SH")" = roomboard-0b1c2d ] && ok || bad "MAC name: $(ROOT=$T/r HOSTNAME_CMD=echo "$SH")"
printf 'Door-Saal-1\r\n' >"$T/r/boot/firmware/hostname"
[ "$(ROOT=$T/r HOSTNAME_CMD=echo "$SH")" = door-saal-1 ] && ok || bad "file name: $(ROOT=$T/r HOSTNAME_CMD=echo "$SH" 2>&1)"
printf 'Saal 1; rm -rf /\n' >"$T/r/boot/firmware/hostname"
[ "$(ROOT=$T/r HOSTNAME_CMD=echo "$SH" 2>/dev/null)" = roomboard-0b1c2d ] && ok || bad "bad name not refused"
rm -rf "$T/r/sys"
[ "$(ROOT=$T/r HOSTNAME_CMD=echo "$SH" 2>/dev/null)" = roomboard ] && ok || bad "fallback name"

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
