#!/usr/bin/env bash
# The Buildroot external tree, checked without Buildroot: the names tie
# together (external.desc, Config.in, the .mk variables), every file the
# defconfig names exists, the scripts parse, and post-build.sh does its job
# on a scratch target directory (twice, adding nothing twice).
# Usage: test_buildroot.sh   (env: RB_SOURCE)
set -u
BR=$RB_SOURCE/board
T=$(mktemp -d /tmp/rb-br.XXXXXX)
trap 'rm -rf "$T"' EXIT
fails=0 passes=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

name=$(sed -n 's/^name: *//p' "$BR/external.desc")
[ "$name" = ROOMBOARD ] && ok || bad "external.desc name '$name'"
grep -q "BR2_EXTERNAL_${name}_PATH/package/roomboard/Config.in" "$BR/Config.in" && ok || bad "Config.in"
grep -q "BR2_EXTERNAL_${name}_PATH)/package/\*/\*.mk" "$BR/external.mk" && ok || bad "external.mk"
grep -q '^config BR2_PACKAGE_ROOMBOARD$' "$BR/package/roomboard/Config.in" && ok || bad "package Config.in"
mk=$BR/package/roomboard/roomboard.mk
for v in VERSION SITE SITE_METHOD DEPENDENCIES CONF_OPTS; do
    grep -q "^ROOMBOARD_$v = " "$mk" && ok || bad "roomboard.mk lacks ROOMBOARD_$v"
done
grep -q -- '-DROOMBOARD_WERROR=OFF' "$mk" && ok || bad "roomboard.mk keeps -Werror"
grep -q '^\$(eval \$(cmake-package))$' "$mk" && ok || bad "not a cmake-package"
# the package's site is the repository root
[ -f "$BR/../CMakeLists.txt" ] && grep -q 'ROOMBOARD_SITE = $(BR2_EXTERNAL_ROOMBOARD_PATH)/..' "$mk" && ok ||
    bad "ROOMBOARD_SITE is not the repository"

# Every $(BR2_EXTERNAL_ROOMBOARD_PATH)/... in the defconfig exists.
def=$BR/configs/roomboard_rpi4_defconfig
grep -q '^BR2_PACKAGE_ROOMBOARD=y$' "$def" && ok || bad "defconfig lacks the package"
grep -q '^BR2_PACKAGE_SDL2_KMSDRM=y$' "$def" && ok || bad "defconfig lacks SDL2 KMSDRM"
grep -q '^BR2_INIT_SYSTEMD=y$' "$def" && ok || bad "defconfig lacks systemd"
for p in $(grep -o '\$(BR2_EXTERNAL_ROOMBOARD_PATH)/[^" ]*' "$def" | sed 's#\$(BR2_EXTERNAL_ROOMBOARD_PATH)/##'); do
    [ -e "$BR/$p" ] && ok || bad "defconfig names missing $p"
done
for s in post-build.sh post-image.sh rootfs_overlay/usr/libexec/roomboard/set-hostname; do
    [ -x "$BR/board/rpi4/$s" ] && ok || bad "$s not executable"
    bash -n "$BR/board/rpi4/$s" && ok || bad "$s does not parse"
done
grep -q 'dtoverlay=vc4-kms-v3d' "$BR/board/rpi4/config.txt" && ok || bad "config.txt lacks the KMS overlay"
for w in quiet loglevel=3 logo.nologo vt.global_cursor_default=0 consoleblank=0; do
    grep -qw -- "$w" "$BR/board/rpi4/cmdline.txt" && ok || bad "cmdline.txt lacks $w"
done
grep -q '"roomboard.json"' "$BR/board/rpi4/genimage.cfg" && ok || bad "genimage.cfg lacks roomboard.json"
python3 -c 'import json,sys; json.load(open(sys.argv[1])); json.load(open(sys.argv[2]))' \
    "$BR/board/rpi4/roomboard.json" "$BR/board/rpi4/rootfs_overlay/etc/roomboard/config.json" && ok ||
    bad "the image's JSON files do not parse"

# post-build.sh on a scratch target, twice.
mkdir -p "$T/target/etc"
printf '/dev/root / ext2 rw,noauto 0 1\n' >"$T/target/etc/fstab"
"$BR/board/rpi4/post-build.sh" "$T/target" && "$BR/board/rpi4/post-build.sh" "$T/target" && ok ||
    bad "post-build.sh failed"
[ "$(grep -c '^/dev/mmcblk0p1 /boot/firmware vfat ro' "$T/target/etc/fstab")" -eq 1 ] && ok ||
    bad "fstab: $(cat "$T/target/etc/fstab")"
[ "$(readlink "$T/target/etc/systemd/system/getty@tty1.service")" = /dev/null ] && ok || bad "getty@tty1 not masked"
[ -L "$T/target/etc/systemd/system/sysinit.target.wants/roomboard-hostname.service" ] && ok ||
    bad "hostname service not enabled"
[ -d "$T/target/boot/firmware" ] && ok || bad "no /boot/firmware mount point"

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
