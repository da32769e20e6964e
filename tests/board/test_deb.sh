#!/usr/bin/env bash
# The .deb: built with cpack from its own /usr-prefixed tree, inspected with
# dpkg-deb -I/-c (fields, dependencies, files, conffiles), every shared
# library the binary needs mapped to its Debian package and found in
# Depends, the maintainer scripts run against stub commands (with and
# without systemd's helpers), and the unpacked binary run.
# Usage: test_deb.sh DEB_TREE UI(ON|OFF)   (env: RB_SOURCE)
set -u
DT=$1
UI=$2
SRC=$RB_SOURCE
T=$(mktemp -d /tmp/rb-deb.XXXXXX)
trap 'rm -rf "$T"' EXIT
fails=0 passes=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
die() { echo "FAIL: $*" >&2; echo "$passes passed, $((fails + 1)) failed"; exit 1; }

t0=$SECONDS
cmake -S "$SRC" -B "$DT" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr \
    -DROOMBOARD_TESTS=OFF -DROOMBOARD_UI="$UI" >"$T/configure.log" 2>&1 ||
    die "configure: $(tail -5 "$T/configure.log")"
cmake --build "$DT" -j "$(nproc)" >"$T/build.log" 2>&1 || die "build: $(tail -20 "$T/build.log")"
rm -f "$DT"/roomboard_*.deb
(cd "$DT" && cpack -G DEB) >"$T/cpack.log" 2>&1 || die "cpack: $(tail -20 "$T/cpack.log")"
arch=$(dpkg --print-architecture)
DEB=$(ls "$DT"/roomboard_*_"$arch".deb 2>/dev/null | head -1)
[ -f "$DEB" ] || die "no .deb in $DT: $(ls "$DT")"
echo "built $(basename "$DEB") ($(stat -c %s "$DEB") bytes) in $((SECONDS - t0)) s"

# ---- control fields
field() { dpkg-deb -f "$DEB" "$1"; }
[ "$(field Package)" = roomboard ] && ok || bad "Package: $(field Package)"
[ "$(field Version)" = "$(sed -n 's/^project(roomboard VERSION \([0-9.]*\).*/\1/p' "$SRC/CMakeLists.txt")" ] &&
    ok || bad "Version: $(field Version)"
[ "$(field Architecture)" = "$arch" ] && ok || bad "Architecture: $(field Architecture)"
dpkg-deb -I "$DEB" >"$T/info" || bad "dpkg-deb -I failed"
grep -q '^ Description: Room signage firmware' "$T/info" && ok || bad "no description"
depends=$(field Depends)
want="libc6 libcjson1 libcurl4 ca-certificates tzdata fonts-dejavu-core fonts-noto-core adduser"
[ -x "$DT/roomboard-fleet" ] && want="$want zlib1g"
[ "$UI" = ON ] && want="$want libsdl2-2.0-0 libsdl2-ttf-2.0-0 libsdl2-image-2.0-0 libfribidi0 libharfbuzz0b libqrencode4"
for p in $want; do
    echo ", $depends," | grep -q ", ${p}[ ,(]" && ok || bad "Depends lacks $p: $depends"
done
field Recommends | grep -q fonts-noto-cjk && ok || bad "Recommends lacks fonts-noto-cjk"

# ---- files
dpkg-deb -c "$DEB" | awk '$1 !~ /^d/ {print $6}' | sed 's#^\./#/#' | sort >"$T/got"
{
    echo /usr/bin/roomboard
    [ -x "$DT/roomboard-import" ] && echo "/usr/bin/roomboard-import"
    [ -x "$DT/roomboard-fleet" ] && echo "/usr/bin/roomboard-fleet"
    [ -f "$SRC/tools/roomboard-publish" ] && echo "/usr/bin/roomboard-publish"
    [ -x "$DT/roomboard-status" ] && echo "/usr/bin/roomboard-status"
    echo /etc/roomboard/config.json
    echo /usr/lib/systemd/system/roomboard.service
    echo /usr/lib/sysusers.d/roomboard.conf
    echo /usr/share/man/man1/roomboard.1
    for f in config.md deploy.md fleet.md door.md status-format.md; do [ -f "$SRC/docs/$f" ] && echo "/usr/share/doc/roomboard/$f"; done
    for f in door.json door-portrait.json lobby.json demo.json; do
        echo "/usr/share/doc/roomboard/examples/$f"
    done
    [ -d "$SRC/assets" ] && (cd "$SRC/assets" && find . -type f | sed 's#^\./#/usr/share/roomboard/#')
} | sort >"$T/want"
diff -u "$T/want" "$T/got" >"$T/diff" && ok || { bad "package files differ"; cat "$T/diff" >&2; }
dpkg-deb -c "$DEB" | grep '^-rwxr-xr-x root/root .* \./usr/bin/roomboard$' >/dev/null && ok ||
    bad "/usr/bin/roomboard not root-owned 0755"

# ---- every shared library the binary needs comes from a package in Depends
dpkg-deb -x "$DEB" "$T/root"
for lib in $(for b in "$T"/root/usr/bin/roomboard*; do head -c 4 "$b" | grep -q ELF && readelf -d "$b"; done |
    sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u); do
    path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64|AArch64/ {print $NF; exit}')
    [ -n "$path" ] || { bad "$lib: not found by ldconfig"; continue; }
    pkg=""
    for p in "$path" "$(readlink -f "$path")" "/usr${path#/usr}" "${path#/usr}"; do
        pkg=$(dpkg -S "$p" 2>/dev/null | head -1 | cut -d: -f1) && [ -n "$pkg" ] && break
    done
    [ -n "$pkg" ] || { bad "$lib ($path): no owning package"; continue; }
    echo ", $depends," | grep -q ", ${pkg}[ ,(]" && ok || bad "$lib is in $pkg, which Depends lacks"
done

# ---- control files: conffiles, maintainer scripts
dpkg-deb -e "$DEB" "$T/ctl"
[ "$(cat "$T/ctl/conffiles")" = /etc/roomboard/config.json ] && ok || bad "conffiles: $(cat "$T/ctl/conffiles")"
for s in postinst prerm postrm; do
    [ -x "$T/ctl/$s" ] && ok || bad "$s missing or not executable"
done

# Stub commands record how the scripts call them. /run/systemd/system does
# not exist in a build container, so nothing may be (re)started here.
stub() { # DIR NAME EXIT
    printf '#!/bin/sh\necho "%s $*" >>"%s/calls"\nexit %s\n' "$2" "$T" "$3" >"$1/$2"
    chmod +x "$1/$2"
}
mkdir -p "$T/s1" "$T/s2"
for c in systemd-sysusers deb-systemd-helper deb-systemd-invoke systemctl adduser; do stub "$T/s1" "$c" 0; done
stub "$T/s1" getent 2
: >"$T/calls"
PATH=$T/s1 /bin/sh "$T/ctl/postinst" configure && ok || bad "postinst configure failed"
cat >"$T/want" <<EOT
systemd-sysusers /usr/lib/sysusers.d/roomboard.conf
deb-systemd-helper unmask roomboard.service
deb-systemd-helper --quiet was-enabled roomboard.service
deb-systemd-helper enable roomboard.service
EOT
[ -d /run/systemd/system ] && printf 'systemctl --system daemon-reload\ndeb-systemd-invoke restart roomboard.service\n' >>"$T/want"
diff -u "$T/want" "$T/calls" >"$T/diff" && ok || { bad "postinst (systemd helpers):"; cat "$T/diff" >&2; }

# Upgrade after the admin disabled the service: it stays disabled.
stub "$T/s1" deb-systemd-helper 1
: >"$T/calls"
PATH=$T/s1 /bin/sh "$T/ctl/postinst" configure 0.0.9 && ok || bad "postinst upgrade failed"
grep -q "enable roomboard.service" "$T/calls" && bad "re-enabled a disabled service" || ok
grep -q "update-state roomboard.service" "$T/calls" && ok || bad "no update-state: $(cat "$T/calls")"

# A system without systemd-sysusers or deb-systemd-helper (minimal image).
for c in adduser systemctl; do stub "$T/s2" "$c" 0; done
printf '#!/bin/sh\necho "getent $*" >>"%s/calls"\n[ "$1" = group ]\n' "$T" >"$T/s2/getent"
chmod +x "$T/s2/getent"
: >"$T/calls"
PATH=$T/s2 /bin/sh "$T/ctl/postinst" configure && ok || bad "postinst (no helpers) failed"
for w in "adduser --system --group --no-create-home --home /nonexistent roomboard" \
    "adduser roomboard video" "adduser roomboard render" "adduser roomboard input" \
    "systemctl enable roomboard.service"; do
    grep -qx "$w" "$T/calls" && ok || bad "postinst (no helpers) did not run '$w': $(cat "$T/calls")"
done

# prerm/postrm on removal: no stop without systemd, the unit gets masked.
stub "$T/s1" deb-systemd-helper 0
: >"$T/calls"
PATH=$T/s1 /bin/sh "$T/ctl/prerm" remove && PATH=$T/s1 /bin/sh "$T/ctl/postrm" remove && ok ||
    bad "prerm/postrm remove failed"
grep -qx "deb-systemd-helper mask roomboard.service" "$T/calls" && ok || bad "postrm: $(cat "$T/calls")"

# postrm purge, in a scratch root ($DPKG_ROOT), without systemd's helpers:
# the cache, the enablement symlink and the emptied /etc/roomboard go; a
# file the admin left in /etc/roomboard keeps the directory.
P=$T/purge
mkdir -p "$P/var/cache/roomboard" "$P/var/cache/private/roomboard" "$P/etc/roomboard" \
    "$P/etc/systemd/system/multi-user.target.wants"
: >"$P/var/cache/roomboard/schedule.json"
: >"$P/var/cache/roomboard/schedule.json.corrupt-20300101T000000Z"
: >"$P/etc/roomboard/config.json.dpkg-old"
ln -s /usr/lib/systemd/system/roomboard.service "$P/etc/systemd/system/multi-user.target.wants/roomboard.service"
mkdir -p "$T/s3"
for c in rm rmdir; do ln -s "$(command -v $c)" "$T/s3/$c"; done
DPKG_ROOT=$P PATH=$T/s3 /bin/sh "$T/ctl/postrm" purge && ok || bad "postrm purge failed"
[ -z "$(cd "$P" && find . -mindepth 1 ! -type d)" ] && [ ! -e "$P/var/cache/roomboard" ] &&
    [ ! -e "$P/etc/roomboard" ] && ok || bad "purge left: $(cd "$P" && find . -mindepth 1)"
mkdir -p "$P/etc/roomboard" && : >"$P/etc/roomboard/local.json"
DPKG_ROOT=$P PATH=$T/s3 /bin/sh "$T/ctl/postrm" purge && [ -f "$P/etc/roomboard/local.json" ] &&
    ok || bad "purge removed an admin's file"

# ---- the unpacked binary runs with the unpacked config
"$T/root/usr/bin/roomboard" --version | grep -q "^roomboard $(field Version)$" && ok || bad "--version"
ROOMBOARD_BOOT_CONFIG="" "$T/root/usr/bin/roomboard" --check-config "$T/root/etc/roomboard/config.json" \
    >"$T/out" 2>&1 && ok || bad "--check-config: $(cat "$T/out")"
grep -qx "ExecStart=/usr/bin/roomboard" "$T/root/usr/lib/systemd/system/roomboard.service" && ok ||
    bad "unit ExecStart"

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
