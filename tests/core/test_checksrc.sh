#!/usr/bin/env bash
# The source gate (tools/dev.d/checksrc): it catches banned calls planted
# in a temporary tree, names FILE:LINE, lets the look-alikes through, and
# passes on the repository itself.
set -u
CHECK=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
bad() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

mkdir -p "$T/tree/sub"
cat >"$T/tree/sub/planted.c" <<'C'
#include <stdlib.h>
int f(const char *p)
{
    return atoi(p);
}
void g(char *d, const char *s) { strcpy (d, s); strncat(d, s, 3); }
C
cat >"$T/tree/fine.h" <<'C'
/* snprintf(a) vsnprintf(b) fgets(c) strtok_r(d) my_atoi(e) strtol(f) */
#define NO_SPRINTF 1 /* the word sprintf alone is no call */
C
"$CHECK" "$T/tree" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 1 ] || bad "planted tree: exit $rc, want 1"
grep -q "sub/planted.c:4:.*atoi(p)" "$T/out" || bad "atoi not reported with file:line: $(cat "$T/out")"
grep -q "sub/planted.c:6:.*strcpy (d, s)" "$T/out" || bad "strcpy not reported: $(cat "$T/out")"
[ "$(wc -l <"$T/out")" -eq 2 ] || bad "want 2 lines (one per offending line): $(cat "$T/out")"
grep -q "fine.h" "$T/out" && bad "look-alikes reported: $(cat "$T/out")"

"$CHECK" >"$T/out" 2>&1 || bad "the repository has banned calls: $(cat "$T/out")"

[ $fails -eq 0 ] && echo "checksrc: all passed"
exit $((fails > 0))
