#!/usr/bin/env bash
# The systemd unit and the sysusers file, checked with systemd's own tools:
# systemd-analyze verify (with the binary it names present and the man page
# its Documentation= names), the offline security score, the directives the
# board needs, and systemd-sysusers creating the user in a scratch root.
# Usage: test_unit.sh BUILD/roomboard BUILD/board/roomboard.service
set -u
RB=$1
UNIT=$2
SRC=$RB_SOURCE
T=$(mktemp -d /tmp/rb-unit.XXXXXX)
trap 'rm -rf "$T"' EXIT
fails=0 passes=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# The unit as installed, pointed at the binary of this build.
sed "s#^ExecStart=.*#ExecStart=$RB#" "$UNIT" >"$T/roomboard.service"
mkdir -p "$T/man/man1"
cp "$SRC/docs/roomboard.1" "$T/man/man1/"
# verify prints nothing for a clean unit; any warning is a failure.
if MANPATH=$T/man systemd-analyze verify "$T/roomboard.service" >"$T/out" 2>&1 && [ ! -s "$T/out" ]; then
    ok
else
    bad "systemd-analyze verify: $(cat "$T/out")"
fi
# ... and it does catch mistakes (so the check above means something).
sed 's/^ProtectHome=yes/ProtectHom=yes/' "$T/roomboard.service" >"$T/broken.service"
MANPATH=$T/man systemd-analyze verify "$T/broken.service" >"$T/out" 2>&1
grep -q "Unknown key 'ProtectHom'" "$T/out" && ok || bad "a broken unit passed verify: $(cat "$T/out")"

# Hardened: systemd's exposure score (0 best, 10 worst) stays low.
systemd-analyze security --offline=true "$T/roomboard.service" >"$T/sec" 2>&1
score=$(sed -n 's/.*Overall exposure level for roomboard.service: \([0-9.]*\).*/\1/p' "$T/sec")
if [ -n "$score" ] && python3 -c "import sys; sys.exit(0 if float('$score') <= 2.5 else 1)"; then
    ok
else
    bad "exposure score '$score' (want <= 2.5): $(tail -3 "$T/sec")"
fi

# The directives the board depends on.
for want in '^Type=notify$' '^WatchdogSec=[1-9]' '^Restart=always$' '^User=roomboard$' \
    '^MemoryHigh=[1-9][0-9]*M$' '^MemoryMax=[1-9][0-9]*M$' \
    '^SupplementaryGroups=video render input$' '^Environment=SDL_VIDEODRIVER=kmsdrm$' \
    '^CacheDirectory=roomboard$' '^NoNewPrivileges=yes$' '^ProtectSystem=strict$' \
    '^ProtectHome=yes$' '^PrivateTmp=yes$' '^ProtectKernelTunables=yes$' \
    '^DeviceAllow=char-drm rw$' '^DeviceAllow=char-input r$' '^StartLimitIntervalSec=0$' \
    '^WantedBy=multi-user.target$'; do
    grep -q "$want" "$UNIT" && ok || bad "unit lacks $want"
done
grep -q "^ExecStart=/.*/roomboard$" "$UNIT" && ok || bad "ExecStart is not an absolute path"

# systemd-sysusers creates the user and its group memberships.
mkdir -p "$T/root/etc"
printf 'root:x:0:\nvideo:x:44:\ninput:x:105:\nrender:x:106:\n' >"$T/root/etc/group"
printf 'root:x:0:0:root:/root:/bin/bash\n' >"$T/root/etc/passwd"
if systemd-sysusers --root="$T/root" "$SRC/board/roomboard.sysusers" >"$T/out" 2>&1; then
    ok
else
    bad "systemd-sysusers: $(cat "$T/out")"
fi
grep -q '^roomboard:x:[0-9]*:[0-9]*:roomboard signage:/nonexistent:/usr/sbin/nologin$' "$T/root/etc/passwd" &&
    ok || bad "passwd: $(cat "$T/root/etc/passwd")"
for g in video input render; do
    grep -q "^$g:x:[0-9]*:roomboard$" "$T/root/etc/group" && ok || bad "not in $g: $(cat "$T/root/etc/group")"
done

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
