#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# bench/stix2hunq.sh: how fast stix2hunq is, as numbers for the issue notes;
# no verdict, and no test depends on it.
#   batch   patterns per second with -f, into /dev/null and into a pipe
#   single  milliseconds of one whole process for one pattern
# Usage: bench/stix2hunq.sh [STIX2HUNQ] (N=200000 patterns, RUNS=1000)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
s2h=${1:-$here/../stix2hunq/stix2hunq}
n=${N:-200000}
runs=${RUNS:-1000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/s2h-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

awk -v n="$n" '{ p[NR] = $0 } END { for (i = 0; i < n; i++) print p[i % NR + 1] }' \
    "$here/patterns.txt" >"$tmp/patterns"
now() { date +%s%N; }
rate() { # NAME START END
	awk -v n="$n" -v ns=$(($3 - $2)) -v name="$1" 'BEGIN {
		printf "%-28s %9.0f patterns/s  (%d in %.3f s)\n",
		    name, n / (ns / 1e9), n, ns / 1e9 }'
}

"$s2h" -q --now 2024-05-01T12:00:00Z -f "$tmp/patterns" >/dev/null # warm up
t0=$(now)
"$s2h" -q --now 2024-05-01T12:00:00Z -f "$tmp/patterns" >/dev/null
t1=$(now)
rate "batch, to /dev/null" "$t0" "$t1"
t0=$(now)
"$s2h" -q --now 2024-05-01T12:00:00Z -f "$tmp/patterns" | cat >/dev/null
t1=$(now)
rate "batch, into a pipe" "$t0" "$t1"

p=$(head -n 1 "$here/patterns.txt")
printf '%s\n' "$p" >"$tmp/one"
if command -v hyperfine >/dev/null 2>&1; then
	hyperfine -N --warmup 20 --runs "$runs" --export-json "$tmp/h.json" \
	    "$s2h -f $tmp/one" >/dev/null
	awk -F: '/"mean"/ { m = $2 } /"stddev"/ { s = $2 }
	    END { printf "%-28s %9.3f ms (stddev %.3f ms, hyperfine)\n",
	    "single pattern, whole process", m * 1000, s * 1000 }' "$tmp/h.json"
else
	t0=$(now)
	i=0
	while [ $i -lt "$runs" ]; do
		"$s2h" "$p" >/dev/null
		i=$((i + 1))
	done
	t1=$(now)
	awk -v ns=$((t1 - t0)) -v r="$runs" 'BEGIN {
	    printf "%-28s %9.3f ms (mean of %d runs, with fork and exec)\n",
	    "single pattern, whole process", ns / r / 1e6, r }'
fi
