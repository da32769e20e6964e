#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time, or replays fixed inputs.
#   run-fuzzer.sh BIN SECONDS SEED_DIR WORK_DIR [DICT]
#       copies SEED_DIR into WORK_DIR/corpus (the source tree is never
#       written), fuzzes for SECONDS, keeps crash inputs in WORK_DIR/crashes/.
#   run-fuzzer.sh --replay BIN DIR...
#       runs every file in the DIRs once (regression fixtures, seeds).
# Exit status is the fuzzer's: non-zero when an input crashed or leaked.
set -euo pipefail

# Per-input limits, tight enough to catch a reader that is quadratic or
# memory-hungry (a 1 MiB abstract of "<a" took 13 s in the old text
# cleaning; a 16 MiB JSON array of zeros took 650 MiB in cJSON), loose
# enough for ASan+UBSan on a busy 2-core machine: the seeds replay in under
# 0.2 s and 55 MiB each. Override with RB_FUZZ_TIMEOUT / RB_FUZZ_RSS_MB.
timeout_s=${RB_FUZZ_TIMEOUT:-3}
rss_mb=${RB_FUZZ_RSS_MB:-384}

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
    log=$(mktemp)
    for ((i = 0; i < ${#files[@]}; i += 64)); do
        if ! "$bin" -timeout="$timeout_s" -rss_limit_mb="$rss_mb" "${files[@]:i:64}" >"$log" 2>&1; then
            tail -60 "$log"
            rc=1
        fi
    done
    rm -f "$log"
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
args=(-max_total_time="$seconds" -timeout="$timeout_s" -rss_limit_mb="$rss_mb" -max_len=262144
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
