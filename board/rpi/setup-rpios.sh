#!/bin/sh
# Prepares Raspberry Pi OS Lite (Debian bookworm based, 64-bit) for
# roomboard: KMS overlay in config.txt, a quiet console in cmdline.txt, and
# optionally the screen's room in roomboard.json and the .deb installed.
# Safe to run again: nothing is added twice.
#
# On the Pi, as root:
#   ./setup-rpios.sh --deb roomboard_0.1.0_arm64.deb --room "Saal 1"
# On a laptop, against the SD card's boot partition (no install then):
#   ./setup-rpios.sh --boot /media/$USER/bootfs --room "Saal 1"
set -eu

BOOT=/boot/firmware
DEB=""
ROOM=""
ROTATE=""
usage() {
    echo "usage: setup-rpios.sh [--boot DIR] [--deb FILE] [--room NAME] [--rotate 0|90|180|270]" >&2
    exit 2
}
while [ $# -gt 0 ]; do
    case $1 in
    --boot) [ $# -ge 2 ] || usage; BOOT=$2; shift 2 ;;
    --deb) [ $# -ge 2 ] || usage; DEB=$2; shift 2 ;;
    --room) [ $# -ge 2 ] || usage; ROOM=$2; shift 2 ;;
    --rotate)
        [ $# -ge 2 ] || usage
        case $2 in 0 | 90 | 180 | 270) ROTATE=$2 ;; *) usage ;; esac
        shift 2
        ;;
    *) usage ;;
    esac
done
CONFIG=$BOOT/config.txt
CMDLINE=$BOOT/cmdline.txt
if [ ! -f "$CONFIG" ] || [ ! -f "$CMDLINE" ]; then
    echo "setup-rpios: $BOOT has no config.txt and cmdline.txt; is it the boot partition?" >&2
    exit 1
fi

# --- config.txt: full KMS (SDL's kmsdrm driver needs it), no splash.
# The old fake-KMS overlay does not work with kmsdrm: comment it out.
sed -i 's/^dtoverlay=vc4-fkms-v3d/#&  # roomboard: needs full KMS/' "$CONFIG"
if ! grep -q '^dtoverlay=vc4-kms-v3d' "$CONFIG"; then
    printf '\n# roomboard\n[all]\ndtoverlay=vc4-kms-v3d\n' >>"$CONFIG"
fi
grep -q '^disable_splash=' "$CONFIG" || printf 'disable_splash=1\n' >>"$CONFIG"

# --- cmdline.txt: one line. Boot messages off the panel, no logo, no
# blinking cursor, never blank the console (the panel shows roomboard).
line=$(head -n 1 "$CMDLINE" | tr -d '\r')
set_opt() { # KEY VALUE|"" : set key=value (or a bare flag), once
    key=$1 val=$2 new=""
    # Split on blanks only: no globbing (a token such as "init=/bin/*" must
    # not expand to the files of the current directory).
    set -f
    for tok in $line; do
        case $tok in "$key" | "$key"=*) continue ;; esac
        new="$new $tok"
    done
    set +f
    if [ -n "$val" ]; then new="$new $key=$val"; else new="$new $key"; fi
    line=${new# }
}
set_opt console tty3
# keep a serial console if there was one
case $(head -n 1 "$CMDLINE") in *console=serial0,115200*) line="console=serial0,115200 $line" ;; esac
set_opt quiet ""
set_opt loglevel 3
set_opt logo.nologo ""
set_opt vt.global_cursor_default 0
set_opt consoleblank 0
printf '%s\n' "$line" >"$CMDLINE.tmp"
mv "$CMDLINE.tmp" "$CMDLINE"

# --- roomboard.json: the screen's own settings. An existing file keeps
# every key it has (name, schedule, language, ...): only "rooms" and
# "rotate" are set, and only when given.
json_str() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
STAFF=$BOOT/roomboard.json
if [ ! -f "$STAFF" ]; then
    {
        printf '{\n'
        printf '    "_comment": "This screen'"'"'s own settings (docs/config.md). Edit on any laptop.",\n'
        if [ -n "$ROOM" ]; then printf '    "rooms": [%s],\n' "$(json_str "$ROOM")"; else printf '    "rooms": [],\n'; fi
        printf '    "rotate": %s\n' "${ROTATE:-0}"
        printf '}\n'
    } >"$STAFF.tmp"
    mv "$STAFF.tmp" "$STAFF"
elif [ -n "$ROOM" ] || [ -n "$ROTATE" ]; then
    command -v python3 >/dev/null 2>&1 || {
        echo "setup-rpios: updating the existing $STAFF needs python3; edit it by hand instead" >&2
        exit 1
    }
    ROOM=$ROOM ROTATE=$ROTATE python3 - "$STAFF" <<'PY' || exit 1
import json, os, sys
path = sys.argv[1]
try:
    with open(path, encoding="utf-8-sig") as f:
        c = json.load(f)
    assert isinstance(c, dict)
except (OSError, ValueError, AssertionError) as e:
    sys.exit("setup-rpios: %s is not a JSON object (%s); fix or remove it first" % (path, e))
if os.environ["ROOM"]:
    c["rooms"] = [os.environ["ROOM"]]
if os.environ["ROTATE"]:
    c["rotate"] = int(os.environ["ROTATE"])
with open(path + ".tmp", "w", encoding="utf-8") as f:
    json.dump(c, f, indent=4, ensure_ascii=False)
    f.write("\n")
os.replace(path + ".tmp", path)
PY
fi

# --- the package (on the Pi itself only).
if [ -n "$DEB" ]; then
    [ "$(id -u)" -eq 0 ] || { echo "setup-rpios: --deb needs root" >&2; exit 1; }
    case $DEB in /*) ;; *) DEB=./$DEB ;; esac
    apt-get install -y "$DEB"
fi
echo "setup-rpios: $BOOT ready; reboot to apply"
