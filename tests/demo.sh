#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# make demo: the whole pipeline, stix2hunq | hunt-fetch | reaqta2stix, on
# a sample pattern against the Hunt API simulator, started on loopback over
# TLS with a CA made for the run and stopped at the end.
# usage: demo.sh SRCDIR BUILDDIR
set -eu
srcdir=$1 builddir=$2
python3=${PYTHON3:-python3}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/reaqta-demo.XXXXXX")
pid=
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
"$python3" "$srcdir/tests/lib/hunt-sim.py" --make-certs "$tmp/tls"
"$python3" "$srcdir/tests/lib/hunt-sim.py" --tls "$tmp/tls" \
    --port-file "$tmp/port" </dev/null &
pid=$!
n=0
until [ -s "$tmp/port" ]; do
	n=$((n + 1))
	[ "$n" -lt 300 ] || { echo "demo: the simulator did not start" >&2; exit 1; }
	kill -0 "$pid" 2>/dev/null || { echo "demo: the simulator failed" >&2; exit 1; }
	sleep 0.1
done
REAQTA_HOST=localhost REAQTA_PORT=$(cat "$tmp/port")
REAQTA_CACERT=$tmp/tls/ca.pem
REAQTA_APP_ID=demo-app REAQTA_SECRET_KEY=demo-secret
export REAQTA_HOST REAQTA_PORT REAQTA_CACERT REAQTA_APP_ID REAQTA_SECRET_KEY
PATH=$builddir/stix2hunq:$builddir/hunt-fetch:$builddir/reaqta2stix:$PATH
pattern="[ipv4-addr:value = '10.0.0.5' AND network-traffic:dst_port = 445] START t'2026-11-01T00:00:00Z' STOP t'2026-11-02T00:00:00Z'"
echo "# The Hunt API simulator listens on localhost:$REAQTA_PORT (TLS, test CA)."
echo "\$ stix2hunq \"$pattern\" | hunt-fetch | reaqta2stix --stix-version 2.1 --pretty"
stix2hunq "$pattern" | hunt-fetch | reaqta2stix --stix-version 2.1 --pretty
