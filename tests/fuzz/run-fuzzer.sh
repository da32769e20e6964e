#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time, or replays fixed inputs.
#   run-fuzzer.sh BIN SECONDS SEED_DIR WORK_DIR [DICT]
#       copies SEED_DIR into WORK_DIR/corpus (the source tree is never
#       written), fuzzes for SECONDS, keeps crash inputs in WORK_DIR/crashes/.
#   run-fuzzer.sh --replay BIN DIR...
#       runs every file in the DIRs once (regression fixtures, seeds).
# Exit status is the fuzzer's: non-zero when an input crashed or leaked.
set -euo pipefail

if [ "${1:-}" = "--replay" ]; then
    bin=$2
    shift 2
    files=()
    for d in "$@"; do
        [ -d "$d" ] || continue
        while IFS= read -r -d '' f; do files+=("$f"); done \
            < <(find "$d" -maxdepth 1 -type f ! -name 'README*' ! -name '.*' -print0 | sort -z)
    done
    echo "replay: ${#files[@]} input(s) through $(basename "$bin")"
    [ ${#files[@]} -eq 0 ] && exit 0
    # Several files per process keeps this quick; each one runs once.
    rc=0
    for ((i = 0; i < ${#files[@]}; i += 64)); do
        if ! "$bin" -timeout=10 -rss_limit_mb=2048 "${files[@]:i:64}" >/tmp/rb-replay.$$ 2>&1; then
            tail -60 /tmp/rb-replay.$$
            rc=1
        fi
    done
    rm -f /tmp/rb-replay.$$
    [ $rc -eq 0 ] && echo "replay: all passed" || echo "replay: an input crashed (see above)"
    exit $rc
fi

bin=$1 seconds=$2 seeds=$3 work=$4 dict=${5:-}
name=$(basename "$bin")
mkdir -p "$work/corpus" "$work/crashes"
if [ -d "$seeds" ]; then
    # Seeds refresh the work corpus; what the fuzzer found earlier stays.
    find "$seeds" -maxdepth 1 -type f ! -name 'README*' -exec cp -f {} "$work/corpus/" \;
fi
args=(-max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len=262144
      -print_final_stats=1 -artifact_prefix="$work/crashes/")
[ -n "$dict" ] && args+=(-dict="$dict")
echo "fuzz: $name for ${seconds}s, corpus $work/corpus ($(ls "$work/corpus" | wc -l) inputs)"
set +e
"$bin" "${args[@]}" "$work/corpus" >"$work/last.log" 2>&1
rc=$?
set -e
# Stats and the crash report, not every "NEW" line.
grep -E '^(stat::|==[0-9]+==|SUMMARY|Done|artifact_prefix|Test unit written|.*runtime error)' "$work/last.log" | head -60 || true
if [ $rc -ne 0 ]; then
    tail -60 "$work/last.log"
    echo "fuzz: $name FAILED (exit $rc); crash inputs in $work/crashes/."
    echo "fuzz: after the fix, copy each into tests/fuzz/regressions/$name/ (tools/dev fuzz does it)."
fi
exit $rc
