#!/usr/bin/env bash
# roomboard-fleet end to end: a real nginx with its default "combined" access
# log on a free loopback port, five real kiosks (under Xvfb) polling it with
# different names, rooms and intervals: two healthy, one stopped early
# (silent), one whose schedule turns broken (stale), one with its clock
# unset (trouble). The tool's verdicts, its table and JSON field by field,
# and its HTML page read back through headless Chromium.
# Usage: test_e2e.sh BUILD/roomboard BUILD/roomboard-fleet  (env: RB_TEST_DATA)
set -u
KIOSK=$1 FLEET=$2
T=$(mktemp -d /tmp/rb-fleet-e2e.XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    [ -f "$T/nginx.pid" ] && kill "$(cat "$T/nginx.pid")" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
fails=0 passes=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
for p in http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY; do unset $p; done

# ---- nginx, default log format ------------------------------------------
mkdir -p "$T/www" "$T/tmp"
cp "$RB_TEST_DATA/net/sched-v1.json" "$T/www/sched.json"
cp "$RB_TEST_DATA/net/sched-v1.json" "$T/www/lobby.json"
start_nginx() {
    PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    # As root, the worker would switch to nobody; it stays root, like the
    # net tests' nginx (tests/net/nettest.c).
    local user=""
    [ "$(id -u)" -eq 0 ] && user="user root root;"
    cat >"$T/nginx.conf" <<CONF
$user
daemon on;
worker_processes 1;
pid $T/nginx.pid;
error_log $T/error.log;
events { worker_connections 64; }
http {
    access_log $T/access.log;
    client_body_temp_path $T/tmp/body; proxy_temp_path $T/tmp/proxy;
    fastcgi_temp_path $T/tmp/fastcgi; uwsgi_temp_path $T/tmp/uwsgi; scgi_temp_path $T/tmp/scgi;
    default_type application/json;
    server { listen 127.0.0.1:$PORT; root $T/www; }
}
CONF
    /usr/sbin/nginx -p "$T" -c "$T/nginx.conf" -e "$T/error.log" 2>>"$T/error.log"
}
for _ in 1 2 3 4 5; do start_nginx && break; done
[ -f "$T/nginx.pid" ] || { echo "FAIL: nginx did not start: $(tail -3 "$T/error.log")"; exit 1; }

# ---- five screens -----------------------------------------------------------
screen() { # NAME ROOMS-JSON POLL FILE SECONDS [ENV...]
    local name=$1 rooms=$2 poll=$3 file=$4 secs=$5
    shift 5
    cat >"$T/$name.json" <<CONF
{"name": "$name", "rooms": $rooms, "poll_seconds": $poll, "jitter_seconds": 0,
 "stale_seconds": 60, "cache_dir": "$T/cache-$name",
 "schedule": "http://127.0.0.1:$PORT/$file"}
CONF
    # Each screen's xvfb-run starts its search for a free display at its own
    # number: five started at once from :99 would race for the same one.
    xnum=$((xnum + 10))
    env ROOMBOARD_BOOT_CONFIG="$T/none.json" "$@" xvfb-run -a -n "$xnum" "$KIOSK" \
        --config "$T/$name.json" \
        --windowed --size 320x240 --exit-after "$secs" >"$T/$name.log" 2>&1 &
    pids+=($!)
}
RUN=36
xnum=$((200 + ($$ % 50) * 100)) # apart from other runs' servers too
screen door-a '["Hall A"]' 5 sched.json $RUN
screen door-b '["Hall A", "Hall B"]' 7 sched.json $RUN
screen lobby '[]' 10 lobby.json $RUN
screen door-c '["Hall B"]' 5 sched.json $RUN ROOMBOARD_FAKE_REALTIME=0
screen door-d '["Hall B"]' 5 sched.json 8

# The lobby's schedule breaks after its first fetch: it keeps v1 and its
# refreshes fail from then on.
for _ in $(seq 1 300); do
    grep -q 'screen=lobby;' "$T/access.log" 2>/dev/null && break
    sleep 0.1
done
printf '{"schedule": {"conference": ' >"$T/www/lobby.json.new"
mv "$T/www/lobby.json.new" "$T/www/lobby.json"
# Another client.
curl -s -o /dev/null -A "Mozilla/5.0 (X11; Linux x86_64)" "http://127.0.0.1:$PORT/sched.json"
for p in "${pids[@]}"; do wait "$p"; done
pids=()
kill "$(cat "$T/nginx.pid")"

# Two garbage lines, and the log split into a rotated .gz and the rest,
# given newest first: the tool orders them.
LOG=$T/access.log
n=$(wc -l <"$LOG")
head -n $((n / 2)) "$LOG" | gzip >"$T/access.log.1.gz"
{ tail -n +$((n / 2 + 1)) "$LOG"; echo 'not a log line'; echo '1.2.3.4 - - [99/Zzz/2026] "GET /"'; } >"$T/access.log.0"

# ---- the tool -----------------------------------------------------------
"$FLEET" --json --html "$T/fleet.html" "$T/access.log.0" "$T/access.log.1.gz" >"$T/out.json" 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && ok || bad "exit status $rc, want 1 (screens not ok): $(cat "$T/err")"
grep -q "access.log.0:[0-9]*: skipped: " "$T/err" && ok || bad "bad lines not named: $(cat "$T/err")"
NOW=$(date +%s)
if python3 - "$T/out.json" "$NOW" <<'PY' 2>"$T/py"; then ok; else bad "JSON: $(cat "$T/py")"; fi
import json, sys, datetime
d = json.load(open(sys.argv[1])); now = int(sys.argv[2])
s = {x["name"]: x for x in d["screens"]}
assert sorted(s) == ["door-a", "door-b", "door-c", "door-d", "lobby"], sorted(s)
assert d["skipped_lines"] == 2, d["skipped_lines"]
assert d["other_lines"] == 1, d["other_lines"]
def seen(x):
    return int(datetime.datetime.strptime(x["last_seen"], "%Y-%m-%dT%H:%M:%SZ")
               .replace(tzinfo=datetime.timezone.utc).timestamp())
keys = {"name", "rooms", "address", "last_seen", "interval_s", "version", "newest_version",
        "status", "clock", "uptime_s", "restarts", "verdict"}
for x in s.values():
    assert keys <= set(x), x
    assert x["address"] == "127.0.0.1", x
    assert x["restarts"] == 0, x
    assert 0 <= x["uptime_s"] <= 60, x
    assert x["version"] == "1" and x["newest_version"] == "1", x
a, b, c, dd, l = s["door-a"], s["door-b"], s["door-c"], s["door-d"], s["lobby"]
# Gaps are whole logged seconds: a 5 s poll shows as 5 or 6.
assert a["rooms"] == ["Hall A"] and a["interval_s"] in (5, 6), a
assert (a["status"], a["clock"], a["verdict"]) == ("ok", "ok", "ok"), a
assert now - seen(a) <= 12, (now, a)
assert b["rooms"] == ["Hall A", "Hall B"] and b["interval_s"] in (7, 8), b
assert (b["status"], b["clock"], b["verdict"]) == ("ok", "ok", "ok"), b
assert l["rooms"] == [] and l["interval_s"] >= 10, l
assert (l["status"], l["clock"], l["verdict"]) == ("stale", "ok", "stale"), l
assert l["path"] == "/lobby.json", l
assert c["clock"] == "server" and c["verdict"] == "trouble", c
assert c["status"] == "ok", c
assert dd["verdict"] == "silent" and dd["status"] == "ok", dd
assert now - seen(dd) >= 20, (now, dd)
order = [x["name"] for x in d["screens"]]
assert order == ["door-d", "door-c", "lobby", "door-a", "door-b"], order
PY

# What each screen said, one line per request, for failure messages.
showlog() {
    sed -n 's/.*\[\([^]]*\)\].*(screen=\([^;]*\);.*version=\([^;]*\); status=\([^;]*\); clock=\([^;]*\).*/\1 \2 v=\3 \4 \5/p' "$LOG"
}

# The table: one line per screen, worst first, then the summary.
"$FLEET" "$T/access.log.1.gz" "$T/access.log.0" >"$T/table" 2>/dev/null
rc=$?
[ $rc -eq 1 ] && ok || bad "table: exit status $rc"
want() { grep -Eq "$1" "$T/table" && ok || bad "table lacks /$1/: $(cat "$T/table")
the log: $(showlog)"; }
want '^VERDICT +SCREEN +ROOMS +ADDRESS +SEEN +EVERY +VERSION +STATUS +CLOCK +UP +REASON'
want '^silent +door-d +Hall B +127\.0\.0\.1 .* [56]s +1 +ok +ok .*not seen for'
want '^trouble +door-c +Hall B +127\.0\.0\.1 .* [56]s +1 +ok +server .*clock server'
want '^stale +lobby +\(all\) +127\.0\.0\.1 .* 1 +stale +ok .*its refreshes fail'
want '^ok +door-a +Hall A +127\.0\.0\.1 .* [56]s +1 +ok +ok +[0-9]+s'
want '^ok +door-b +Hall A,Hall B +127\.0\.0\.1 .* [78]s +1 +ok +ok'
want '^5 screens at .*: 2 ok, 1 stale, 1 silent, 1 trouble; 2 bad lines skipped, 1 lines from other clients$'
[ "$(sed -n 2p "$T/table" | awk '{print $2}')" = door-d ] && ok || bad "table not worst first"

# --at the instant every screen had reported its schedule (each one's second
# request; the first says no-schedule: nothing was cached yet): door-d still
# polled then and the lobby's refreshes had not failed yet (its second
# request is the one that fetches the broken file, and says so only in its
# third); door-c never had a clock.
early=$(python3 -c "
import sys, datetime, re
seen = {}
for line in open(sys.argv[1]):
    m = re.search(r'\[([^]]*)\].*screen=([^;]*);', line)
    if m:
        seen.setdefault(m.group(2), []).append(m.group(1))
t = max(v[1] for v in seen.values())
print(datetime.datetime.strptime(t, '%d/%b/%Y:%H:%M:%S %z').strftime('%Y-%m-%dT%H:%M:%S%z'))" "$LOG")
"$FLEET" --json --at "$early" "$T/access.log.0" "$T/access.log.1.gz" >"$T/early.json" 2>/dev/null
python3 -c "
import json,sys; d=json.load(open(sys.argv[1]))
v = {x['name']: x['verdict'] for x in d['screens']}
assert v == {'door-a': 'ok', 'door-b': 'ok', 'door-c': 'trouble', 'door-d': 'ok', 'lobby': 'ok'}, v
assert d['later_lines'] > 0, d" "$T/early.json" 2>"$T/py" && ok ||
    bad "--at $early: $(cat "$T/py"); the log: $(showlog)"

# Only the healthy screens: exit status 0.
grep -E 'screen=door-(a|b);' "$T/access.log.0" >"$T/healthy.log"
"$FLEET" "$T/healthy.log" >/dev/null 2>&1
rc=$?
[ $rc -eq 0 ] && ok || bad "healthy screens only: exit status $rc, want 0"
"$FLEET" /nonexistent.log >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q "cannot open" "$T/err" && ok || bad "missing log: $(cat "$T/err")"

# ---- the page in a real browser ------------------------------------------
grep -qi '<script' "$T/fleet.html" && bad "the page has a script" || ok
timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d "$T/chrome.XXXXXX")" --dump-dom "file://$T/fleet.html" \
    >"$T/dom.html" 2>"$T/chrome.err"
if python3 - "$T/dom.html" <<'PY' 2>"$T/py"; then ok; else bad "page: $(cat "$T/py")"; fi
import sys, re, html
d = open(sys.argv[1]).read()
assert "<title>roomboard screens</title>" in d, d[:300]
m = re.search(r'<p id="summary">([^<]*)</p>', d)
assert m and re.fullmatch(r"5 screens at \S+: 2 ok, 1 stale, 1 silent, 1 trouble\.", m.group(1)), m
secs = re.findall(r'<section class="screen (\w+)"><h2><span class="verdict">(\w+)</span> ([^<]*)</h2>', d)
assert [(c, n) for c, v, n in secs] == [("silent", "door-d"), ("trouble", "door-c"),
        ("stale", "lobby"), ("ok", "door-a"), ("ok", "door-b")], secs
assert all(c == v for c, v, n in secs), secs
assert "<dt>Rooms</dt><dd>Hall A, Hall B</dd>" in d.replace("Hall A,Hall B", "Hall A, Hall B"), d
assert "<dt>Clock</dt><dd>server</dd>" in d
PY
timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d "$T/chrome.XXXXXX")" --window-size=390,844 \
    --screenshot="$T/phone.png" "file://$T/fleet.html" >/dev/null 2>&1
[ -s "$T/phone.png" ] && ok || bad "no phone-sized screenshot"

echo "test_e2e: $passes passed, $fails failed"
[ $fails -eq 0 ]
