#!/bin/sh
# roomboard-import and tools/roomboard-publish end to end: summaries, exit
# codes, messages, outputs that must not appear or must stay byte-identical,
# publish and rollback against a web root in a temporary directory.
set -u

IMP="$RB_BUILD/roomboard-import"
PUB="$RB_SOURCE/tools/roomboard-publish"
DATA="$RB_TEST_DATA/import"
SEEDS="$RB_SHARED/seeds"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export ROOMBOARD_IMPORT="$IMP"
fails=0

ok() { printf 'ok   %s\n' "$*"; }
bad() {
    printf 'FAIL %s\n' "$*"
    fails=$((fails + 1))
}
# expect CODE DESCRIPTION -- command...: runs it, output in $T/out $T/err
expect() {
    code=$1
    what=$2
    shift 3
    "$@" >"$T/out" 2>"$T/err"
    rc=$?
    if [ "$rc" -eq "$code" ]; then ok "$what (exit $rc)"; else
        bad "$what: exit $rc, wanted $code"
        sed 's/^/     | /' "$T/out" "$T/err"
    fi
}
has() { # FILE TEXT DESCRIPTION
    if grep -qF -- "$2" "$1"; then ok "$3"; else
        bad "$3: '$2' not in:"
        sed 's/^/     | /' "$1"
    fi
}
no_temp_files() { # DIR
    if ls -a "$1" | grep -q 'tmp\|^\.[^.]'; then
        bad "temporary files left in $1: $(ls -a "$1" | tr '\n' ' ')"
    else ok "no temporary files left in $1"; fi
}

# ---- roomboard-import --------------------------------------------------
expect 0 "--help" -- "$IMP" --help
has "$T/out" "usage: roomboard-import" "--help prints usage"
expect 0 "--version" -- "$IMP" --version
has "$T/out" "roomboard-import 0." "--version prints the version"
expect 2 "no arguments is a usage error" -- "$IMP"
expect 2 "unknown format" -- "$IMP" --format pdf "$DATA/empty.txt" -o "$T/x.json"
has "$T/err" "unknown format 'pdf'" "unknown format is named"

mkdir "$T/o"
expect 0 "seed 001 imports" -- "$IMP" "$SEEDS/001_727d571ad2a12b1e.txt" -o "$T/o/kvm.json"
has "$T/out" "64 sessions, 7 rooms, 3 days, zone Europe/London (chosen from BST on line 9, sched input)" \
    "summary names sessions, rooms, days and the chosen zone"
expect 0 "the output validates" -- "$IMP" --check "$T/o/kvm.json"
has "$T/out" "64 sessions, 7 rooms, 3 days, zone Europe/London" "--check reads it back whole"
has "$T/o/kvm.json" '"title":	"Virgil3D - Virtio Based 3D Capable GPU"' "output holds the session"
[ "$(stat -c %a "$T/o/kvm.json")" = "$(printf '%o' $((0666 & ~$(umask))))" ] &&
    ok "output has the umask's permissions" || bad "output mode $(stat -c %a "$T/o/kvm.json")"
no_temp_files "$T/o"

expect 0 "seed 000 imports" -- "$IMP" "$SEEDS/000_f4286e88b25d74cb.txt" -o "$T/o/oss.json"
has "$T/out" "13 sessions, 4 rooms" "seed 000 counts"
expect 0 "seed 002 imports" -- "$IMP" --format sched "$SEEDS/002_dfe8c0b1fd17a440.txt" -o "$T/o/lyon.json"
has "$T/out" "20 sessions, 1 rooms, 2 days, zone Europe/Paris (chosen from CET" "seed 002 counts"
expect 0 "--timezone overrides" -- "$IMP" --timezone Europe/Berlin "$SEEDS/002_dfe8c0b1fd17a440.txt" -o "$T/o/lyon.json"
has "$T/out" "zone Europe/Berlin (from --timezone" "summary says the zone came from --timezone"
expect 0 "ics imports" -- "$IMP" "$DATA/ics-tzid.ics" -o "$T/o/cal.json"
has "$T/out" "3 sessions, 2 rooms, 2 days, zone Europe/Berlin (from TZID Europe/Berlin, icalendar input)" "ics summary"
expect 0 "pretalx imports" -- "$IMP" "$RB_SHARED/formats/pretalx-rc3.json" -o "$T/o/rc3.json"
has "$T/out" "48 sessions" "pretalx summary"
expect 0 "stdin as input" -- sh -c "\"$IMP\" - -o \"$T/o/stdin.json\" < \"$DATA/ics-floating.ics\""
has "$T/out" "1 sessions, 1 rooms, 1 days, zone America/Los_Angeles" "stdin summary"

# Rejections: a new output is not created...
for f in blog-post.txt error-page.html empty.txt sched-garbled-time.txt sched-wrong-abbr.txt ics-no-events.ics; do
    expect 1 "$f is refused" -- "$IMP" "$DATA/$f" -o "$T/o/new.json"
    [ -e "$T/o/new.json" ] && bad "$f: output was created" || ok "$f: no output created"
    has "$T/err" "nothing written; $T/o/new.json is unchanged" "$f: says nothing was written"
done
has "$T/err" "iCalendar: no sessions found" "message for an empty calendar"
"$IMP" "$DATA/blog-post.txt" -o "$T/o/new.json" 2>"$T/err"
has "$T/err" "blog-post.txt: not a schedule: neither JSON" "message names the input and the problem"
has "$T/err" "nor a sched.com page (no line like 'Monday October 21, 2013 1:00pm - 1:45pm BST')" \
    "message says what a sched page's session line looks like"
"$IMP" --format sched "$DATA/blog-post.txt" -o "$T/o/new.json" 2>"$T/err"
has "$T/err" "blog-post.txt: sched: no sessions found" "--format sched: the sched reader says what it misses"
# A recurring .ics event is expanded on the event's days (libical).
expect 0 "recurring ics imports" -- "$IMP" "$DATA/ics-valarm-rrule.ics" -o "$T/o/rrule.json"
has "$T/out" "3 sessions, 1 rooms, 3 days, zone Europe/Berlin" "the weekly event is there three times"
has "$T/out" "note: 1 recurring event expanded to 3 sessions on the event's days" "the summary says so"
expect 1 "floating ics without a zone is refused" -- "$IMP" "$DATA/ics-floating-nozone.ics" -o "$T/o/new.json"
has "$T/err" "DTSTART 20150817T090000 of event 'Morning talk' is a floating time" "the message names the property"
"$IMP" "$DATA/error-page.html" -o "$T/o/new.json" 2>"$T/err"
has "$T/err" "the body is an HTML page, not a schedule" "HTML error page is recognised (the screens' message)"
# ... and an existing one stays byte-identical.
cp "$T/o/kvm.json" "$T/keep.json"
expect 1 "garbled time line refused" -- "$IMP" "$DATA/sched-garbled-time.txt" -o "$T/o/kvm.json"
has "$T/err" "sched: line 13: cannot read the time line 'Monday October 21, 2013 9:00am - 9:1Sam BST'" \
    "garbled time line: message names the line"
cmp -s "$T/keep.json" "$T/o/kvm.json" && ok "existing output byte-identical" || bad "existing output changed"
expect 1 "wrong abbreviation refused" -- "$IMP" "$DATA/sched-wrong-abbr.txt" -o "$T/o/kvm.json"
has "$T/err" "line 7: the page says BST (UTC+01:00) but Europe/London is at UTC+00:00 (GMT) on 2014-01-13" \
    "wrong abbreviation: message names the line and both offsets"
cmp -s "$T/keep.json" "$T/o/kvm.json" && ok "existing output byte-identical" || bad "existing output changed"
expect 1 "unwritable output directory" -- "$IMP" "$DATA/ics-tzid.ics" -o "$T/missing/dir/x.json"
has "$T/err" "cannot create a temporary file next to $T/missing/dir/x.json" "write failure is named"
mkdir "$T/o/adir"
expect 1 "output path is a directory: rename fails" -- "$IMP" "$DATA/ics-tzid.ics" -o "$T/o/adir"
has "$T/err" "rename of $T/o/adir.tmp." "rename failure is named"
[ -d "$T/o/adir" ] && ok "the directory is still there" || bad "the directory was replaced"
rmdir "$T/o/adir"
expect 1 "--check refuses a broken file" -- "$IMP" --check "$DATA/frab-broken-duration.json"
has "$T/err" "unreadable duration '1h'" "--check says why"
no_temp_files "$T/o"

# The bundled demo (assets/demo-schedule.json) is seed 001 through this
# importer; regenerate it with the command in docs/import.md.
expect 0 "the bundled demo validates" -- "$IMP" --check "$RB_SOURCE/assets/demo-schedule.json"
has "$T/out" "64 sessions, 7 rooms, 3 days, zone Europe/London" "the demo is KVM Forum 2013, Edinburgh"
has "$RB_SOURCE/assets/demo-schedule.json" '"title":	"KVM Forum + oVirt Developers Summit"' "the demo's title"

# ---- roomboard-publish ---------------------------------------------------
W="$T/www"
mkdir "$W"
expect 0 "first publish" -- "$PUB" "$T/o/kvm.json" "$W/schedule.json"
cmp -s "$T/o/kvm.json" "$W/schedule.json" && ok "served file is the schedule" || bad "served file differs"
[ -e "$W/schedule.json.prev" ] && bad "a .prev appeared with nothing before" || ok "no .prev on first publish"
[ "$(stat -c %a "$W/schedule.json")" = 644 ] && ok "served file is world-readable (0644)" ||
    bad "served file mode $(stat -c %a "$W/schedule.json")"
has "$T/out" "published $T/o/kvm.json as $W/schedule.json (64 sessions" "publish summary"

expect 0 "second publish" -- "$PUB" "$T/o/cal.json" "$W/schedule.json"
cmp -s "$T/o/cal.json" "$W/schedule.json" && ok "new schedule served" || bad "new schedule not served"
cmp -s "$T/o/kvm.json" "$W/schedule.json.prev" && ok "previous kept as .prev" || bad ".prev is not the previous"

cp "$W/schedule.json" "$T/served-before"
expect 1 "publishing a text that is no schedule is refused" -- "$PUB" "$DATA/blog-post.txt" "$W/schedule.json"
has "$T/err" "does not validate; $W/schedule.json is unchanged" "publish refusal says the served file is unchanged"
expect 1 "publishing a broken schedule is refused" -- "$PUB" "$DATA/frab-broken-duration.json" "$W/schedule.json"
cmp -s "$T/served-before" "$W/schedule.json" && ok "served file byte-identical after refusals" || bad "served file changed"
cmp -s "$T/o/kvm.json" "$W/schedule.json.prev" && ok ".prev untouched by refusals" || bad ".prev changed"
expect 1 "publishing into a missing web root" -- "$PUB" "$T/o/kvm.json" "$T/nowhere/schedule.json"
has "$T/err" "no such directory" "missing web root is named"

expect 0 "rollback" -- "$PUB" --rollback "$W/schedule.json"
cmp -s "$T/o/kvm.json" "$W/schedule.json" && ok "rollback serves the previous schedule" || bad "rollback did not restore"
cmp -s "$T/o/cal.json" "$W/schedule.json.prev" && ok "rolled-back version kept as .prev" || bad ".prev after rollback"
expect 0 "rollback again undoes the rollback" -- "$PUB" --rollback "$W/schedule.json"
cmp -s "$T/o/cal.json" "$W/schedule.json" && ok "second rollback restores the newer one" || bad "second rollback"
no_temp_files "$W"

W2="$T/www2"
mkdir "$W2"
expect 1 "rollback without a previous version" -- "$PUB" --rollback "$W2/schedule.json"
has "$T/err" "no previous version" "rollback without .prev is explained"
expect 2 "publish usage" -- "$PUB" "$T/o/kvm.json"

# The importer is found next to the repository's build when not given.
if [ -x "$RB_SOURCE/build/roomboard-import" ]; then
    (unset ROOMBOARD_IMPORT; "$PUB" "$T/o/lyon.json" "$W2/schedule.json") >/dev/null 2>&1 &&
        ok "publish finds build/roomboard-import" || bad "publish did not find build/roomboard-import"
fi

if [ "$fails" -ne 0 ]; then
    echo "$fails check(s) failed"
    exit 1
fi
echo "all checks passed"
