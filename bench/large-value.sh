#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# bench/large-value.sh: json_verify, reaqta2stix and hunt-fetch on one event
# holding one large string value, to see how time grows with its size.
#   input     one eventType 58 event (the template of bench/event-templates
#             .ndjson) whose payload.data.cmdLine is SIZE MiB of JSON text
#             (quotes excluded): "plain", a PowerShell -EncodedCommand
#             base64 blob (no escapes), or "escaped", a PowerShell -Command
#             script of Write-Host/Copy-Item/... lines full of \r\n, \t,
#             \", \\ and \uXXXX escapes; seeded, the same bytes every run
#   measured  wall time (ns clock around the command; the best of RUNS)
#             and peak RSS (/usr/bin/time -f %M), each run capped at CAP s:
#               json_verify -q < event (yajl-tools; reads 64 KiB at a time)
#               one-call: yajl_parse on the whole event in one call (a
#                 helper built here with cc and yajl's pkg-config; skipped
#                 without them): what yajl costs when no token is cut
#               reaqta2stix --now ... < event > /dev/null (64 KiB reads)
#               hunt-fetch --page-size 100 QUERY > file, from a one-page
#                 server on loopback (libcurl hands 16 KiB at a time)
#   server    tests/lib/hunt-sim.py serves only its own synthetic data set (no
#             option loads events from a file), so a minimal python3
#             http.server here answers POST /rqt-api/1/authenticate and
#             POST /rqt-api/1/events/hunt with one page holding the event:
#             plain HTTP (hunt-fetch --allow-http), or with BENCH_TLS=1
#             HTTPS with a CA made by hunt-sim.py --make-certs
#   targets   each tool <= 2x json_verify; the largest size <= (largest/4)x
#             the 4 MiB size (64 MiB <= 16x 4 MiB: linear)
# Usage: bench/large-value.sh BUILDDIR [SIZES_MIB]   (default "1 4 16 64")
#   RUNS=1  CAP=900 (s a run)  SHAPES="plain escaped"  BENCH_TLS=0|1
# Needs python3, /usr/bin/time (Debian: time), timeout, json_verify
# (Debian: yajl-tools).  Disk: about 3x the largest size in TMPDIR.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: large-value.sh BUILDDIR [SIZES_MIB]" >&2
	exit 64
fi
build=$1
sizes=${2:-1 4 16 64}
runs=${RUNS:-1}
cap=${CAP:-900}
shapes=${SHAPES:-plain escaped}
tls=${BENCH_TLS:-0}
r2s=$build/reaqta2stix/reaqta2stix
hf=$build/hunt-fetch/hunt-fetch
now=2024-05-01T00:00:00Z
query='eventType = 58'

for t in python3 /usr/bin/time timeout json_verify; do
	command -v "$t" >/dev/null 2>&1 || {
		echo "large-value.sh: $t not found (Debian packages: python3," \
		    "time, coreutils, yajl-tools)" >&2
		exit 1
	}
done
for p in "$r2s" "$hf"; do
	[ -x "$p" ] || {
		echo "large-value.sh: $p: no such program (run make first)" >&2
		exit 1
	}
done
for s in $sizes; do
	case $s in
	'' | *[!0-9]* | 0)
		echo "large-value.sh: $s: sizes are whole MiB, 1 or more" >&2
		exit 64
		;;
	esac
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/large-value-bench.XXXXXX")
pid=''
cleanup() {
	[ -z "$pid" ] || kill "$pid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The event generator: TEMPLATES MIB SHAPE EVENT PAGE.
cat >"$tmp/gen.py" <<'EOF'
import base64, json, random, sys
tmpl, mib, shape, evout, pageout = sys.argv[1:6]
target = int(mib) << 20
with open(tmpl, encoding='utf-8') as f:
    ev = next(e for e in map(json.loads, f)
              if e.get('payload', {}).get('eventType') == 58)
rng = random.Random(int(mib) * 2 + (shape == 'escaped'))
if shape == 'plain':
    head = ('powershell.exe -NoProfile -NonInteractive -WindowStyle Hidden '
            '-EncodedCommand ')
    need = target - len(head)
    blob = base64.b64encode(rng.randbytes(need * 3 // 4 + 3)).decode()
    text = head + blob[:need]
    args = ['-NoProfile', '-NonInteractive', '-WindowStyle', 'Hidden',
            '-EncodedCommand']
else:
    head = 'powershell.exe -NoProfile -ExecutionPolicy Bypass -Command "'
    lines = (
        "Write-Host 'Step {i}: copying C:\\Users\\\u00c5dmin \u00dcser\\"
        "AppData\\Local\\Temp\\stage_{i:06d}.tmp';\r\n",
        "Copy-Item -Path \"C:\\ProgramData\\Vendor\\cache\\{i:06d}.bin\" "
        "-Destination '\\\\fs01\\drop$\\{h}' -Force;\r\n",
        "\tWrite-Host \"r\u00e9sum\u00e9 \u2192 {h} \u2713\" "
        "-ForegroundColor Yellow;\r\n",
        "Set-ItemProperty -Path 'HKCU:\\Software\\Microsoft\\Windows\\"
        "CurrentVersion\\Run' -Name 'u{i}' -Value \"C:\\Windows\\System32\\"
        "rundll32.exe C:\\Users\\Public\\{h}.dll,Start\";\r\n",
        "Write-Host 'Erfolg: \u201e{h}\u201c \u00fcbertragen' ;"
        " # \u30c6\u30b9\u30c8\r\n",
    )
    parts, n, i = [head], len(head), 0
    while n < target - 2:
        line = lines[i % len(lines)].format(i=i, h='%016x' % rng.getrandbits(64))
        parts.append(line)
        n += len(json.dumps(line)) - 2
        i += 1
    parts.append('"')
    text = ''.join(parts)
    args = ['-NoProfile', '-ExecutionPolicy', 'Bypass', '-Command']
ev['payload']['data']['cmdLine'] = text
ev['payload']['data']['cmdLineArgs'] = args
line = json.dumps(ev, separators=(',', ':'))
with open(evout, 'w', encoding='ascii') as f:
    f.write(line + '\n')
with open(pageout, 'w', encoding='ascii') as f:
    f.write('{"result":[%s],"nextPage":"","remainingItems":0}' % line)
esc = len(json.dumps(text)) - 2
print(esc, json.dumps(text).count('\\'))
EOF

# The one-page Hunt API server: PAGE PORTFILE [TLSDIR].
cat >"$tmp/server.py" <<'EOF'
import json, os, socket, ssl, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
page, portfile = sys.argv[1], sys.argv[2]
with open(page, 'rb') as f:
    PAGE = f.read()
class H(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    def log_message(self, *a):
        pass
    def answer(self, status, body):
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_POST(self):
        self.rfile.read(int(self.headers.get('Content-Length') or 0))
        path = self.path.split('?')[0]
        if path == '/rqt-api/1/authenticate':
            self.answer(200, json.dumps({'token': 'bench.token.sig',
                'expiresAt': round(time.time() + 3600, 3)}).encode())
        elif path == '/rqt-api/1/events/hunt':
            self.answer(200, PAGE)
        else:
            self.answer(404, b'{"message":"not found","code":404}')
srv = ThreadingHTTPServer(('127.0.0.1', 0), H)
srv.daemon_threads = True
srv.handle_error = lambda request, address: None  # a client stopped at the cap
if len(sys.argv) > 3:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    d = sys.argv[3]
    ctx.load_cert_chain(os.path.join(d, 'server.pem'),
                        os.path.join(d, 'server.key'))
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
with open(portfile + '.tmp', 'w') as f:
    f.write('%d\n' % srv.server_address[1])
os.rename(portfile + '.tmp', portfile)
srv.serve_forever()
EOF

# The one-call reference: yajl_parse on all of standard input at once.
cat >"$tmp/onecall.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include <yajl/yajl_parse.h>
int
main(void)
{
	size_t cap = 1 << 20, n = 0, r;
	unsigned char *b = malloc(cap), *nb;
	yajl_handle h;

	while (b != NULL && (r = fread(b + n, 1, cap - n, stdin)) > 0)
		if ((n += r) == cap) {
			if ((nb = realloc(b, cap *= 2)) == NULL)
				return 2;
			b = nb;
		}
	if (b == NULL || ferror(stdin) || (h = yajl_alloc(NULL, NULL, NULL)) == NULL)
		return 2;
	return yajl_parse(h, b, n) != yajl_status_ok ||
	    yajl_complete_parse(h) != yajl_status_ok;
}
EOF
onecall=''
# shellcheck disable=SC2046 # pkg-config's flags are words
if command -v cc >/dev/null 2>&1 && pkg-config --exists yajl 2>/dev/null &&
    cc -O2 $(pkg-config --cflags yajl) -o "$tmp/onecall" "$tmp/onecall.c" \
    $(pkg-config --libs yajl) 2>/dev/null; then
	onecall=$tmp/onecall
fi

if [ "$tls" = 1 ]; then
	python3 "$here/../tests/lib/hunt-sim.py" --make-certs "$tmp/tls"
	hf_host=localhost hf_opts='' hf_cacert=$tmp/tls/ca.pem
else
	hf_host=127.0.0.1 hf_opts=--allow-http hf_cacert=''
fi

# timed IN OUT CMD...: run CMD < IN > OUT RUNS times, each under the cap;
# sets t (best wall s, "timeout" or "fail") and rss (largest, KiB).
timed() {
	in=$1 out=$2
	shift 2
	t='' rss=0 i=0
	while [ "$i" -lt "$runs" ]; do
		t0=$(date +%s%N)
		rc=0
		timeout "$cap" /usr/bin/time -f %M -o "$tmp/rss" "$@" <"$in" \
		    >"$out" 2>"$tmp/err" || rc=$?
		t1=$(date +%s%N)
		if [ "$rc" -eq 124 ]; then
			t=timeout rss=-
			return
		fi
		if [ "$rc" -ne 0 ]; then
			echo "large-value.sh: $* < $in: exit $rc:" >&2
			head -c 2000 "$tmp/err" >&2
			t=fail rss=-
			return
		fi
		w=$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.4f", d / 1e9 }')
		if [ -z "$t" ] || awk -v a="$w" -v b="$t" 'BEGIN { exit !(a < b) }'
		then
			t=$w
		fi
		r=$(tail -n 1 "$tmp/rss")
		[ "$r" -gt "$rss" ] && rss=$r
		i=$((i + 1))
	done
}

echo "machine: $(nproc) CPUs, $(awk -F': *' '/^model name/ { print $2; exit }' \
    /proc/cpuinfo), $(uname -sr), load $(cut -d ' ' -f 1-3 /proc/loadavg)"
echo "yajl: $(dpkg-query -W -f '${Version}' libyajl2 2>/dev/null || echo '?');" \
    "runs: $runs (best); cap: $cap s a run; hunt-fetch over" \
    "$([ "$tls" = 1 ] && echo HTTPS || echo 'plain HTTP')"
if [ -n "$onecall" ]; then
	echo "one-call: yajl_parse on the whole input at once (linear reference)"
else
	echo "one-call: n/a (no cc or no yajl pkg-config)"
fi
echo
row() {
	printf '%4s %-7s %10s %7s %9s %9s %9s %7s %9s %7s %8s %8s\n' "$@"
}
row MiB shape value_B escapes json_verify one-call reaqta2stix ratio \
    hunt-fetch ratio r2s_KiB hf_KiB

# ratio A B: A / B, or ">" when A timed out, "-" when either is missing.
ratio() {
	awk -v a="$1" -v b="$2" -v cap="$cap" 'BEGIN {
		if (a == "timeout") { if (b + 0 == b && b > 0) printf ">%.0f", cap / b; else print "?" }
		else if (a + 0 != a || b + 0 != b || b + 0 == 0) print "-"
		else printf "%.2f", a / b }'
}
show() {
	case $1 in
	timeout) echo ">$cap" ;;
	*) echo "$1" ;;
	esac
}

: >"$tmp/rows"
for shape in $shapes; do
	r2s_dead='' hf_dead=''
	for mib in $sizes; do
		ev=$tmp/event.ndjson page=$tmp/page.json
		# shellcheck disable=SC2046 # two numbers
		set -- $(python3 "$tmp/gen.py" "$here/event-templates.ndjson" \
		    "$mib" "$shape" "$ev" "$page")
		vbytes=$1 escapes=$2
		cat "$ev" "$page" >/dev/null # into the page cache

		timed "$ev" /dev/null json_verify -q
		jv=$t
		oc=-
		if [ -n "$onecall" ]; then
			timed "$ev" /dev/null "$onecall"
			oc=$t
		fi

		if [ -n "$r2s_dead" ]; then
			r2=skipped r2rss=-
		else
			timed "$ev" /dev/null "$r2s" -q --now "$now"
			r2=$t r2rss=$rss
			[ "$t" != timeout ] || r2s_dead=$mib
		fi

		if [ -n "$hf_dead" ]; then
			hft=skipped hfrss=-
		else
			rm -f "$tmp/port"
			python3 "$tmp/server.py" "$page" "$tmp/port" \
			    ${hf_cacert:+"$tmp/tls"} </dev/null &
			pid=$!
			while [ ! -s "$tmp/port" ]; do
				kill -0 "$pid" 2>/dev/null || {
					echo "large-value.sh: the server did not start" >&2
					exit 1
				}
				sleep 0.05
			done
			maxev=$(awk -v b="$vbytes" 'BEGIN { m = 2 * b + 1048576
			    if (m < 200000000) m = 200000000
			    if (m > 1073741824) m = 1073741824; printf "%d", m }')
			timed /dev/null "$tmp/out" env REAQTA_HOST="$hf_host" \
			    REAQTA_PORT="$(cat "$tmp/port")" REAQTA_APP_ID=bench \
			    REAQTA_SECRET_KEY=bench-secret \
			    ${hf_cacert:+REAQTA_CACERT="$hf_cacert"} \
			    "$hf" $hf_opts --page-size 100 --retries 0 \
			    --timeout 86400 --max-event-bytes "$maxev" "$query"
			hft=$t hfrss=$rss
			kill "$pid" 2>/dev/null || true
			wait "$pid" 2>/dev/null || true
			pid=''
			case $hft in
			timeout) hf_dead=$mib ;;
			fail) ;;
			*)
				got=$(wc -l <"$tmp/out" | tr -d ' ')
				[ "$got" = 1 ] || {
					echo "large-value.sh: hunt-fetch wrote $got" \
					    "lines, not 1" >&2
					hft=fail
				}
				;;
			esac
			rm -f "$tmp/out"
		fi
		rm -f "$ev" "$page"

		row "$mib" "$shape" "$vbytes" "$escapes" "$(show "$jv")" \
		    "$(show "$oc")" "$(show "$r2")" "$(ratio "$r2" "$jv")" \
		    "$(show "$hft")" "$(ratio "$hft" "$jv")" "$r2rss" "$hfrss"
		echo "$shape $mib $jv $oc $r2 $hft" >>"$tmp/rows"
	done
done

# Scaling: the largest size against 4 MiB; linear would be largest / 4.
echo
awk -v cap="$cap" '
{ t[$1, $2, "json_verify"] = $3; t[$1, $2, "one-call"] = $4
  t[$1, $2, "reaqta2stix"] = $5; t[$1, $2, "hunt-fetch"] = $6
  if (!($1 in seen)) { seen[$1] = 1; order[++ns] = $1 }
  if ($2 + 0 > big) big = $2 + 0 }
END {
	if (big <= 4) { print "scaling: needs 4 MiB and a larger size"; exit }
	printf "scaling: time at %d MiB / time at 4 MiB (linear: %.0f; target" \
	    " <= %.0f)\n", big, big / 4, big / 4
	split("json_verify one-call reaqta2stix hunt-fetch", tools, " ")
	for (s = 1; s <= ns; s++)
		for (k = 1; k <= 4; k++) {
			a = t[order[s], big, tools[k]]; b = t[order[s], 4, tools[k]]
			if (a == "" || b == "" || a == "-") continue
			num = b + 0 == b && b > 0
			if (a == "timeout" || a == "skipped") {
				r = num ? sprintf(">%.0f", cap / b) : "?"; ok = "MISSED"
			} else if (a + 0 != a || !num) {
				r = "-"; ok = "-"
			} else {
				r = sprintf("%.1f", a / b)
				ok = a / b <= big / 4 ? "met" : "MISSED"
			}
			if (tools[k] == "json_verify" || tools[k] == "one-call")
				ok = "(reference)"
			printf "  %-8s %-12s %8s  %s\n", order[s], tools[k], r, ok
		}
}' "$tmp/rows"
echo
echo "ratio: the tool's wall time / json_verify's (target <= 2);" \
    "value_B: the big value as JSON text; escapes: its backslashes;" \
    "KiB: peak RSS; >$cap: stopped at the cap; skipped: timed out at a" \
    "smaller size"
