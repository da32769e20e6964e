#!/usr/bin/env bash
# The measuring instruments still measure what docs/benchmarks.md says:
# roomboard-gen writes the documented congress and stress shapes, the same
# bytes for the same seed, which the reader loads with the counts stated;
# roomboard-bench-core's modes run.   check_bench_tools.sh BUILD_DIR
set -euo pipefail
B=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "check_bench_tools: FAIL: $*"; exit 1; }

"$B/roomboard-gen" --congress -o "$T/a.json" 2>"$T/gen.log"
grep -q ': 1500 sessions, 20 rooms, 4 days,' "$T/gen.log" || fail "congress shape: $(cat "$T/gen.log")"
"$B/roomboard-gen" --congress -o "$T/b.json" 2>/dev/null
cmp -s "$T/a.json" "$T/b.json" || fail "the same seed wrote different bytes"
"$B/roomboard-gen" --congress --seed 2 -o "$T/c.json" 2>/dev/null
cmp -s "$T/a.json" "$T/c.json" && fail "another seed wrote the same bytes"

out=$("$B/roomboard-bench-core" --load-once "$T/a.json")
[[ $out == *": 1500 sessions, 20 rooms"* ]] || fail "the reader saw: $out"
# Content that must be there: cancelled sessions, a non-Latin room, accents.
grep -q '"cancelled":\s*\[\s*"' "$T/a.json" || fail "no cancelled sessions"
grep -q '会议室 A' "$T/a.json" || fail "no CJK room name"
grep -q 'Hörsaal Ada Lovelace' "$T/a.json" || fail "no accented room name"

"$B/roomboard-gen" --stress -o "$T/s.json" 2>"$T/gen.log"
grep -q ': 50000 sessions, 100 rooms, 10 days,' "$T/gen.log" || fail "stress shape: $(cat "$T/gen.log")"

out=$("$B/roomboard-bench-core" --lookups 1000 100)
[[ $out == "lookups 100 in a room of 1000 sessions" ]] || fail "--lookups said: $out"
"$B/roomboard-gen" --rooms 0 -o "$T/x.json" 2>/dev/null && fail "--rooms 0 was accepted"
echo "check_bench_tools: ok"
