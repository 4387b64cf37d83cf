#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# bench/hunt-fetch.sh: hunt-fetch fetching every event of a data set from the
# Hunt API simulator on loopback over TLS; numbers only, no test depends on it.
#   server    tests/lib/hunt-sim.py --events N --tls (a CA made for the run),
#             one match-all query (happenedAfter 2000-01-01), pages of 500
#   measured  hunt-fetch QUERY > /dev/null under /usr/bin/time -v: wall time,
#             CPU time (user + system) and peak RSS; events/s by wall time
#             (bounded by the Python simulator, which serves a page at a
#             time) and by hunt-fetch's own CPU time; the simulator's
#             counters: connections, authentications, hunt requests
#   targets   peak RSS the same for every size; one connection and one
#             authentication a run
# Usage: bench/hunt-fetch.sh [BUILDDIR]
#   BENCH_SIZES="100000 1000000"
# Needs python3, openssl and /usr/bin/time (Debian: time).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/..}
hf=$build/hunt-fetch/hunt-fetch
sim=$here/../tests/lib/hunt-sim.py
sizes=${BENCH_SIZES:-100000 1000000}
for t in python3 openssl /usr/bin/time; do
	command -v "$t" >/dev/null 2>&1 || {
		echo "hunt-fetch.sh: $t not found" >&2
		exit 1
	}
done
[ -x "$hf" ] || {
	echo "hunt-fetch.sh: $hf: no such program (run make first)" >&2
	exit 1
}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hunt-fetch-bench.XXXXXX")
pid=
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
python3 "$sim" --make-certs "$tmp/tls"
query='happenedAfter = "2000-01-01T00:00:00.000Z"'

echo "hunt-fetch: all events of one query, pages of 500, loopback TLS"
printf '%-9s %9s %9s %11s %12s %9s %6s %6s %6s\n' events wall_s cpu_s \
    events/s ev/cpu_s rss_KiB conns auths hunts
for n in $sizes; do
	rm -f "$tmp/port" "$tmp/stats"
	python3 "$sim" --tls "$tmp/tls" --events "$n" --port-file "$tmp/port" \
	    --stats "$tmp/stats" </dev/null &
	pid=$!
	while [ ! -s "$tmp/port" ]; do sleep 0.05; done
	REAQTA_HOST=localhost REAQTA_PORT=$(cat "$tmp/port") \
	REAQTA_CACERT=$tmp/tls/ca.pem REAQTA_APP_ID=demo-app \
	REAQTA_SECRET_KEY=demo-secret \
	    /usr/bin/time -v -o "$tmp/time" "$hf" "$query" >"$tmp/out"
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	pid=
	got=$(wc -l <"$tmp/out")
	[ "$got" -eq "$n" ] || {
		echo "hunt-fetch.sh: $got events of $n" >&2
		exit 1
	}
	awk -v n="$n" -v stats="$(cat "$tmp/stats")" '
	/Elapsed \(wall clock\)/ {
		k = split($NF, t, ":"); wall = 0
		for (i = 1; i <= k; i++) wall = wall * 60 + t[i]
	}
	/User time/ { cpu += $NF }
	/System time/ { cpu += $NF }
	/Maximum resident/ { rss = $NF }
	END {
		match(stats, /"connections":[0-9]+/); c = substr(stats, RSTART + 14, RLENGTH - 14)
		match(stats, /"authentications":[0-9]+/); a = substr(stats, RSTART + 18, RLENGTH - 18)
		match(stats, /"hunts":[0-9]+/); h = substr(stats, RSTART + 8, RLENGTH - 8)
		printf "%-9d %9.2f %9.2f %11.0f %12.0f %9d %6d %6d %6d\n", n, wall, cpu,
		    n / wall, (cpu > 0 ? n / cpu : 0), rss, c, a, h
	}' "$tmp/time"
done
