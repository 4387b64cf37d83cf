#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# bench/reaqta2stix.sh: how fast reaqta2stix is and how much memory it takes,
# beside the targets of the issue; numbers only, and no test depends on it.
#   input     synthetic raw Hunt API events, NDJSON, from bench/gen-events.py
#             (seeded: the same sizes and seed give the same bytes), kept in
#             BENCH_DIR and used again while the generator is unchanged
#   measured  reaqta2stix --now ... < events > /dev/null, STIX 2.0 and 2.1,
#             under /usr/bin/time -v: wall time (the best of RUNS runs, or
#             with BENCH_STAT=median their median; clocked around the command
#             in ns) and peak RSS (the largest "Maximum resident set size" of
#             those runs)
#   baseline  json_verify -s < events plus json_reformat -m < bundle, the
#             bundle being reaqta2stix's output for those events (yajl reading
#             the input and writing the output, and nothing in between);
#             each the best (or median) of RUNS runs
#   also      CPU time (user + system, from time -v, 10 ms steps) of both,
#             less disturbed than wall time by other load on the machine
#   targets   peak RSS under 8 MiB, the same for every size; wall time at
#             most 1.5 times the baseline
# Usage: bench/reaqta2stix.sh [BUILDDIR | REAQTA2STIX]
#   BENCH_SIZES="10000 1000000"  event counts
#   RUNS=3  BENCH_STAT=best|median  SEED=1
#   BENCH_DIR=${TMPDIR:-/tmp}/reaqta2stix-bench
# Needs python3, /usr/bin/time (Debian: time), json_verify and json_reformat
# (Debian: yajl-tools).  Disk: about 1.4 kB an event for the kept input, and
# 3.7 kB an event more, for a while, for the bundle of the baseline.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/..}
if [ -f "$build" ]; then
	r2s=$build
else
	r2s=$build/reaqta2stix/reaqta2stix
fi
sizes=${BENCH_SIZES:-10000 1000000}
runs=${RUNS:-3}
stat=${BENCH_STAT:-best}
case $stat in
best | median) ;;
*)
	echo "reaqta2stix.sh: BENCH_STAT: best or median, not $stat" >&2
	exit 1
	;;
esac
seed=${SEED:-1}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/reaqta2stix-bench}
now=2024-05-01T00:00:00Z
rss_max=8192 # KiB
ratio_max=1.5

for t in python3 /usr/bin/time json_verify json_reformat; do
	if ! command -v "$t" >/dev/null 2>&1; then
		echo "reaqta2stix.sh: $t not found (Debian packages:" \
		    "python3, time, yajl-tools)" >&2
		exit 1
	fi
done
if [ ! -x "$r2s" ]; then
	echo "reaqta2stix.sh: $r2s: no such program (run make first)" >&2
	exit 1
fi
mkdir -p "$dir"
tmp=$(mktemp -d "$dir/run.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
gen=$(cat "$here/gen-events.py" "$here/event-templates.ndjson" | cksum |
    cut -d ' ' -f 1)

# Disk: what the inputs will take, and the largest bundle on the side.
need=0
for n in $sizes; do
	f=$dir/events-$n-seed$seed-$gen.ndjson
	[ -f "$f" ] || need=$((need + n * 1400))
	big=$n
done
avail=$(df -Pk "$dir" | awk 'NR == 2 { print $4 * 1024 }')
awk -v need="$need" -v b=$((big * 3700)) -v a="$avail" -v d="$dir" 'BEGIN {
	printf "disk: %.0f MB of new inputs, kept in %s, and %.0f MB for a" \
	    " while for the bundle (%.0f MB free)\n", need / 1e6, d, b / 1e6,
	    a / 1e6
	if (need + b > a) exit 1 }' || {
	echo "reaqta2stix.sh: not enough disk space in $dir" >&2
	exit 1
}

# The machine.
echo "machine: $(nproc) CPUs, $(awk -F': *' '/^model name/ { print $2; exit }' \
    /proc/cpuinfo), $(uname -sr)"
echo "reaqta2stix: $r2s ($("$r2s" -V 2>&1 | head -n 1))"
echo "runs: $runs; wall time is the $stat, peak RSS the largest"
echo

# timed IN OUT CMD...: run CMD RUNS times under /usr/bin/time -v; set
# wall (best or median, s), cpu (user + system s, the same) and rss
# (largest, KiB).
timed() {
	in=$1 out=$2
	shift 2
	: >"$tmp/walls"
	: >"$tmp/cpus"
	rss=0 i=0
	while [ "$i" -lt "$runs" ]; do
		t0=$(date +%s%N)
		if ! /usr/bin/time -v -o "$tmp/tv" "$@" <"$in" >"$out" \
		    2>"$tmp/stderr"; then
			echo "reaqta2stix.sh: $* < $in failed:" >&2
			cat "$tmp/stderr" "$tmp/tv" >&2
			exit 1
		fi
		t1=$(date +%s%N)
		echo $((t1 - t0)) >>"$tmp/walls"
		r=$(awk -F': *' '/Maximum resident set size/ { print $2 }' \
		    "$tmp/tv")
		[ "$r" -gt "$rss" ] && rss=$r
		awk -F': *' '/User time|System time/ { s += $2 }
		    END { print s }' "$tmp/tv" >>"$tmp/cpus"
		i=$((i + 1))
	done
	wall=$(pick "$tmp/walls" 1e9)
	cpu=$(pick "$tmp/cpus" 1)
}

# pick FILE UNIT: the best or the median of the numbers of FILE, / UNIT.
pick() {
	sort -n "$1" | awk -v stat="$stat" -v u="$2" '{ w[NR] = $1 }
	    END { printf "%.4f", w[stat == "best" ? 1 : int((NR + 1) / 2)] / u }'
}

: >"$tmp/rows"
for n in $sizes; do
	f=$dir/events-$n-seed$seed-$gen.ndjson
	if [ ! -f "$f" ]; then
		echo "generating $n events into $f" >&2
		python3 "$here/gen-events.py" "$n" "$seed" >"$f.tmp"
		mv "$f.tmp" "$f"
	fi
	bytes=$(wc -c <"$f" | tr -d ' ')
	cat "$f" >/dev/null # into the page cache
	timed "$f" /dev/null json_verify -s -q
	jv_wall=$wall jv_rss=$rss jv_cpu=$cpu
	for v in 2.0 2.1; do
		# The bundle of the baseline; this run also warms up.
		"$r2s" --now "$now" --stix-version "$v" <"$f" >"$tmp/bundle.json" \
		    2>"$tmp/warn" || {
			echo "reaqta2stix.sh: reaqta2stix failed:" >&2
			cat "$tmp/warn" >&2
			exit 1
		}
		warns=$(wc -l <"$tmp/warn" | tr -d ' ')
		obytes=$(wc -c <"$tmp/bundle.json" | tr -d ' ')
		timed "$f" /dev/null "$r2s" --now "$now" --stix-version "$v"
		r_wall=$wall r_rss=$rss r_cpu=$cpu
		timed "$tmp/bundle.json" /dev/null json_reformat -m
		jr_wall=$wall jr_rss=$rss jr_cpu=$cpu
		rm -f "$tmp/bundle.json"
		echo "$v $n $bytes $r_wall $r_rss $jv_wall $jr_wall $obytes" \
		    "$warns $jv_rss $jr_rss $r_cpu $jv_cpu $jr_cpu" >>"$tmp/rows"
	done
done

awk -v rmax="$rss_max" -v qmax="$ratio_max" '
{
	v[NR] = $1; n[NR] = $2; b[NR] = $3; w[NR] = $4; rss[NR] = $5
	jv[NR] = $6; jr[NR] = $7; ob[NR] = $8; warn[NR] = $9
	jvr[NR] = $10; jrr[NR] = $11; rc[NR] = $12; jvc[NR] = $13; jrc[NR] = $14
	if (!($1 in lo) || $2 < lo_n[$1]) { lo[$1] = $5; lo_n[$1] = $2 }
	if (!($1 in hi) || $2 > hi_n[$1]) { hi[$1] = $5; hi_n[$1] = $2 }
}
END {
	printf "%-4s %8s %11s %8s %9s %6s %8s %9s %6s  %-9s %-9s\n",
	    "STIX", "events", "input B", "wall s", "events/s", "MB/s",
	    "RSS KiB", "base s", "ratio", "RSS<8MiB", "ratio<=" qmax
	for (i = 1; i <= NR; i++) {
		base = jv[i] + jr[i]
		printf "%-4s %8d %11.0f %8.3f %9.0f %6.1f %8d %9.3f %6.2f" \
		    "  %-9s %-9s\n", v[i], n[i], b[i], w[i], n[i] / w[i],
		    b[i] / w[i] / 1e6, rss[i], base, w[i] / base,
		    rss[i] < rmax ? "met" : "MISSED",
		    w[i] / base <= qmax ? "met" : "MISSED"
	}
	print ""
	print "peak RSS the same for every size (within 10%):"
	split("2.0 2.1", vs, " ")
	for (j = 1; j <= 2; j++)
		if ((s = vs[j]) in lo)
			printf "  %s: %d KiB at %d events, %d KiB at %d" \
			    " events: %s\n", s, lo[s], lo_n[s], hi[s], hi_n[s],
			    lo_n[s] == hi_n[s] ? "n/a, one size" : \
			    hi[s] <= lo[s] * 1.1 ? "met" : "MISSED"
	print ""
	print "baseline parts (wall s, RSS KiB); CPU time (user + system s)" \
	    " of reaqta2stix and of the baseline; output of reaqta2stix:"
	printf "%-4s %8s %8s %6s %8s %6s %7s %7s %6s %13s %5s\n", "STIX",
	    "events", "verify", "KiB", "reformat", "KiB", "cpu s", "base", "ratio",
	    "output B", "warns"
	for (i = 1; i <= NR; i++)
		printf "%-4s %8d %8.3f %6d %8.3f %6d %7.3f %7.3f %6.2f %13.0f" \
		    " %5d\n", v[i], n[i], jv[i], jvr[i], jr[i], jrr[i], rc[i],
		    jvc[i] + jrc[i], rc[i] / (jvc[i] + jrc[i]), ob[i], warn[i]
	print ""
	print "MB/s is input bytes (10^6) a second; ratio is wall / base, base" \
	    " being json_verify -s + json_reformat -m"
}' "$tmp/rows"
