#!/usr/bin/env bash
# cmake --install into a DESTDIR inside the build tree; the whole file list
# is compared with what the FHS layout should be, and the installed pieces
# work together (the unit names the installed binary, the installed config
# passes --check-config, the installed assets serve the demo).
# Usage: test_install.sh BUILD PREFIX SYSCONFDIR   (env: RB_SOURCE)
set -u
B=$1
P=$2
ETC=$3
SRC=$RB_SOURCE
D=$B/test-install
fails=0 passes=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

rm -rf "$D"
if ! DESTDIR=$D cmake --install "$B" >"$B/test-install.log" 2>&1; then
    echo "FAIL: cmake --install: $(tail -5 "$B/test-install.log")" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

# systemd's own directories (unit, sysusers.d): under /usr or /usr/local
# only, as systemd looks nowhere else.
case $P in /usr | /usr/local) SD=$P ;; *) SD=/usr/local ;; esac

# The expected tree, relative to DESTDIR.
{
    echo "$P/bin/roomboard"
    [ -x "$B/roomboard-import" ] && echo "$P/bin/roomboard-import"
    [ -x "$B/roomboard-fleet" ] && echo "$P/bin/roomboard-fleet"
    [ -f "$SRC/tools/roomboard-publish" ] && echo "$P/bin/roomboard-publish"
    [ -x "$B/roomboard-status" ] && echo "$P/bin/roomboard-status"
    echo "$ETC/roomboard/config.json"
    echo "$SD/lib/systemd/system/roomboard.service"
    echo "$SD/lib/sysusers.d/roomboard.conf"
    echo "$P/share/man/man1/roomboard.1"
    for f in config.md deploy.md fleet.md door.md status-format.md; do
        [ -f "$SRC/docs/$f" ] && echo "$P/share/doc/roomboard/$f"
    done
    for f in door.json door-portrait.json lobby.json demo.json; do
        echo "$P/share/doc/roomboard/examples/$f"
    done
    if [ -d "$SRC/assets" ]; then
        (cd "$SRC/assets" && find . -type f | sed "s#^\./#$P/share/roomboard/#")
    fi
} | sort >"$D.want"
(cd "$D" && find . -type f -o -type l | sed 's#^\.##' | sort) >"$D.got"
if diff -u "$D.want" "$D.got" >"$D.diff"; then ok; else bad "installed files differ:"; cat "$D.diff" >&2; fi

# Modes: the binaries executable, everything else not.
[ -x "$D$P/bin/roomboard" ] && ok || bad "roomboard not executable"
[ "$(stat -c %a "$D$ETC/roomboard/config.json")" = 644 ] && ok || bad "config.json mode"

# The installed unit runs the installed binary.
grep -qx "ExecStart=$P/bin/roomboard" "$D$SD/lib/systemd/system/roomboard.service" && ok ||
    bad "unit ExecStart: $(grep ExecStart "$D$SD/lib/systemd/system/roomboard.service")"

# Another prefix (configure only): the unit and the sysusers file still go
# where systemd looks, and the .deb's postinst names that sysusers file.
O=$B/test-install-opt
rm -rf "$O"
if cmake -S "$SRC" -B "$O" -DCMAKE_INSTALL_PREFIX=/opt/roomboard -DROOMBOARD_TESTS=OFF \
    -DROOMBOARD_UI=OFF >"$O.log" 2>&1; then
    grep -q 'systemd-sysusers /usr/local/lib/sysusers.d/roomboard.conf$' "$O/board/deb/postinst" && ok ||
        bad "postinst for /opt: $(grep sysusers "$O/board/deb/postinst")"
    grep -q '"/usr/local/lib/sysusers.d" TYPE FILE' "$O/cmake_install.cmake" &&
        grep -q '"/usr/local/lib/systemd/system" TYPE FILE' "$O/cmake_install.cmake" && ok ||
        bad "install destinations for /opt: $(grep -n 'systemd\|sysusers' "$O/cmake_install.cmake")"
else
    bad "configure with prefix /opt/roomboard: $(tail -5 "$O.log")"
fi
rm -rf "$O" "$O.log"

# The installed binary runs, and accepts the installed default config.
"$D$P/bin/roomboard" --version | grep -q '^roomboard [0-9]' && ok || bad "--version"
ROOMBOARD_BOOT_CONFIG="" "$D$P/bin/roomboard" --check-config "$D$ETC/roomboard/config.json" >"$D.cfg" 2>&1 &&
    ok || bad "--check-config of the installed config: $(cat "$D.cfg")"

# The installed assets alone serve the demo.
if [ -f "$D$P/share/roomboard/demo-schedule.json" ]; then
    ROOMBOARD_ASSETS=$D$P/share/roomboard "$D$P/bin/roomboard" --state >"$D.state" 2>&1 &&
        grep -q '"rooms"' "$D.state" && ok || bad "demo from installed assets: $(head -3 "$D.state")"
fi

# The man page renders without warnings.
if command -v groff >/dev/null; then
    w=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$D$P/share/man/man1/roomboard.1" 2>&1)
    [ -z "$w" ] && ok || bad "man page warnings: $w"
fi

rm -rf "$D" "$D.want" "$D.got" "$D.diff" "$D.cfg" "$D.state"
echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
