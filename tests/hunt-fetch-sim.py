# SPDX-License-Identifier: Apache-2.0
"""hunt-fetch against the Hunt API simulator (tests/lib/hunt-sim.py) on
loopback, over TLS with a CA made for the run: the events of a query are
exactly those of the data set that match it (an oracle written here, not
the simulator's evaluator), under every fault kind the output is the
fault-free output event for event, and each failure gives its one line and
exit status."""
import json
import os
import pty
import re
import select
import signal
import stat
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                'lib'))
from simlib import (APP_ID, PYTHON3, SECRET, SIM, Sim, make_certs,  # noqa
                    tool)
from tap import Tap  # noqa: E402

HF = tool('hunt-fetch')
S2H = tool('stix2hunq')
R2S = tool('reaqta2stix')
DAY = "START t'2026-11-01T00:00:00Z' STOP t'2026-11-02T00:00:00Z'"
# 1200 events, one a second: 12 pages of 100.
WINDOW = ('happenedAfter = "2026-11-01T00:00:00.000Z" AND '
          'happenedBefore = "2026-11-01T00:19:59.999Z"')
tap = Tap()


def parse(text):
    """NDJSON as a list of events, key order and number text kept."""
    return [json.loads(line, object_pairs_hook=list, parse_float=str,
                       parse_int=str)
            for line in text.splitlines()]


def run(args, env, stdin=None, timeout=120):
    p = subprocess.run([HF] + args, env=env, input=stdin,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=timeout)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def dump():
    p = subprocess.run([PYTHON3, SIM, '--dump'], stdout=subprocess.PIPE,
                       check=True)
    lines = p.stdout.decode().splitlines()
    return lines, [json.loads(line) for line in lines]


def get(ev, path):
    for k in path.split('.'):
        if not isinstance(ev, dict) or k not in ev:
            return None
        ev = ev[k]
    return ev


def in_window(ev, start, stop):
    return start <= ev['happenedAt'] <= stop


PROCS = ('childProcess', 'targetProcess', 'allocatorProc', 'engineProcess',
         'serviceProcess')


def expect(events, lines, pred):
    return '\n'.join(l for e, l in zip(events, lines) if pred(e)) + '\n'


def same(tap_name, got, want, extra=True, diag=''):
    g, w = parse(got), parse(want)
    ok = g == w and extra
    if not ok:
        diag = '%s\ngot %d events, want %d; first difference at %s' % (
            diag, len(g), len(w),
            next((i for i, (a, b) in enumerate(zip(g, w)) if a != b),
                 min(len(g), len(w))))
    return tap.ok(ok, tap_name, diag)


def patterns(sim, events, lines):
    """stix2hunq | hunt-fetch against an oracle on the raw events."""
    day = ('2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z')
    six = ('2026-11-01T00:00:00.000Z', '2026-11-01T06:00:00.000Z')
    w6 = "START t'2026-11-01T00:00:00Z' STOP t'2026-11-01T06:00:00Z'"
    md5 = events[0]['payload']['process']['program']['md5']
    url = next(get(e, 'payload.data.url') for e in events
               if get(e, 'payload.data.url'))

    def ip(e, v):
        d = e['payload'].get('data', {})
        return v in (d.get('localAddr'), d.get('remoteAddr'),
                     d.get('etwIpAddress'))

    def port(e, v):
        return get(e, 'payload.data.remotePort') == v

    def has_md5(e):
        p = e['payload']
        vals = [get(p, 'process.program.md5'), get(p, 'data.md5')]
        vals += [get(p, 'data.%s.program.md5' % k) for k in PROCS]
        return md5 in vals

    cases = [
        ("[ipv4-addr:value = '10.0.0.5'] " + DAY,
         lambda e: ip(e, '10.0.0.5') and in_window(e, *day)),
        ("[network-traffic:dst_port = 3389] " + DAY,
         lambda e: port(e, 3389) and in_window(e, *day)),
        ("[file:hashes.MD5 = '%s'] %s" % (md5, w6),
         lambda e: has_md5(e) and in_window(e, *six)),
        ("[url:value = '%s'] %s" % (url, DAY),
         lambda e: (get(e, 'payload.data.url') or '').lower().startswith(
             url.lower()) and in_window(e, *day)),
        ("[file:size > 500000] " + w6,
         lambda e: isinstance(get(e, 'payload.data.size'), int) and
         get(e, 'payload.data.size') >= 500001 and in_window(e, *six)),
        ("[ipv4-addr:value = '10.0.0.5'] %s OR [network-traffic:dst_port = "
         "445] %s" % (w6, DAY),
         lambda e: (ip(e, '10.0.0.5') and in_window(e, *six)) or
         (port(e, 445) and in_window(e, *day))),
        ("[ipv4-addr:value != '10.0.0.5' AND network-traffic:dst_port = 445] "
         + DAY,
         lambda e: port(e, 445) and in_window(e, *day) and
         (get(e, 'payload.data.localAddr') != '10.0.0.5' and
          get(e, 'payload.data.remoteAddr') != '10.0.0.5' or
          get(e, 'payload.data.etwIpAddress') != '10.0.0.5')),
    ]
    env = sim.env()
    for pattern, pred in cases:
        want = expect(events, lines, pred)
        p = subprocess.run(['sh', '-c', '"$0" "$1" | "$2"', S2H, pattern,
                            HF], env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        same('pattern %s: %d events' % (pattern, want.count('\n')),
             p.stdout.decode(), want,
             p.returncode == 0 and p.stderr == b'' and want.count('\n') > 0,
             p.stderr.decode())
    # The whole pipeline: one observed-data per event.
    pattern, pred = cases[0]
    want = expect(events, lines, pred).count('\n')
    p = subprocess.run(['sh', '-c', '"$0" "$1" | "$2" | "$3" --ndjson', S2H,
                        pattern, HF, R2S], env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    objs = [json.loads(l) for l in p.stdout.decode().splitlines()]
    got = sum(1 for o in objs if o['type'] == 'observed-data')
    tap.ok(p.returncode == 0 and got == want and p.stderr == b'',
           'stix2hunq | hunt-fetch | reaqta2stix: %d observed-data' % want,
           'got %d, status %d, %s' % (got, p.returncode, p.stderr.decode()))


# Faults at the 3rd hunt request of a 12-page run, and what the counters
# must then say beyond the fault-free run: (fault, extra hunt requests,
# connections, authentications).
FAULTS = [
    ('429', 1, 1, 1),
    ('429date', 1, 1, 1),
    ('500', 1, 1, 1),
    ('502html', 1, 1, 1),
    ('503', 1, 1, 1),
    ('504', 1, 1, 1),
    ('drop', 1, 2, 1),
    ('reset', 1, 2, 1),
    ('truncate', 1, 1, 1),
    ('slow', 1, 2, 1),
    ('expire', 1, 1, 2),
    ('offhost', 0, 1, 1),
]


def faults(tmp, tls, events, lines):
    want = expect(events, lines, lambda e: in_window(
        e, '2026-11-01T00:00:00.000Z', '2026-11-01T00:19:59.999Z'))
    args = ['--page-size', '100', '--retry-delay', '0.01', '--timeout', '1',
            WINDOW]
    sim = Sim(tmp, tls)
    rc, out, err = run(args, sim.env())
    st = sim.stats()
    sim.stop()
    same('fault-free: 1200 events in 12 pages', out, want,
         rc == 0 and err == '' and st['hunts'] == 12 and
         st['connections'] == 1 and st['authentications'] == 1, err + str(st))
    for fault, hunts, conns, auths in FAULTS:
        sim = Sim(tmp, tls, '--fault', fault + '@3', '--slow-seconds', '2')
        rc, out, err = run(args, sim.env())
        st = sim.stats()
        sim.stop()
        same('fault %s at page 3: the same events' % fault, out, want,
             rc == 0 and err == '' and st['faults'] == 1 and
             st['hunts'] == 12 + hunts and st['connections'] == conns and
             st['authentications'] == auths,
             'status %d\n%s%s' % (rc, err, st))
    # Several at once, some on the same page.
    sim = Sim(tmp, tls, '--fault', '503@2,3,4', '--fault', 'drop@6',
              '--fault', 'truncate@8', '--fault', 'reset@10',
              '--fault', 'expire@12')
    rc, out, err = run(args, sim.env())
    st = sim.stats()
    sim.stop()
    same('seven faults in one run: the same events', out, want,
         rc == 0 and err == '' and st['faults'] == 7, err + str(st))
    return want


def failures(tmp, tls, events, lines, window):
    """Runs that must stop: what they wrote, their line, their status."""
    args = ['--page-size', '100', '--retry-delay', '0', WINDOW]
    first = ''.join(l + '\n' for l in window.splitlines()[:200])

    def case(name, sim_opts, hf_args, want_rc, want_out, err_re, **env):
        sim = Sim(tmp, tls, *sim_opts)
        rc, out, err = run(hf_args, sim.env(**env))
        sim.stop()
        port = str(sim.port)
        pat = err_re.replace('PORT', port)
        tap.ok(rc == want_rc and parse(out) == parse(want_out) and
               re.fullmatch(pat, err) is not None, name,
               'status %d (want %d), %d bytes out (want %d)\nstderr: %r\n'
               'want:   %r' % (rc, want_rc, len(out), len(want_out), err, pat))

    case('retries run out at page 3: pages 1-2 written, exit 75',
         ['--fault', '503@3,4,5'], ['--retries', '2'] + args, 75, first,
         r'hunt-fetch: page 3: HTTP 503 \(Service Unavailable\): .+; '
         r'gave up after 2 retries\n')
    case('a page that is not JSON: exit 76 with the byte',
         ['--fault', 'garbage@3'], args, 76, first,
         r'hunt-fetch: page 3, byte 1: not JSON: lexical error: '
         r'invalid char in json text\n')
    third = ''.join(l + '\n' for l in window.splitlines()[:300])
    case('a repeated cursor: the pages before written, exit 76',
         ['--fault', 'repeatcursor@3'], args, 76, third,
         r'hunt-fetch: page 3: nextPage repeats a cursor already followed: '
         r'/rqt-api/1/events/hunt\?\S+\n')
    case('an event over --max-event-bytes: exit 76',
         ['--fault', 'hugeevent@1'], ['--max-event-bytes', '1000000'] + args,
         76, '',
         r'hunt-fetch: page 1(, byte \d+)?: event 1 is larger than '
         r'--max-event-bytes \(1000000 bytes\)\n')
    case('a wrong secret: exit 77 with the server message', [],
         args, 77, '',
         r'hunt-fetch: authentication refused by localhost:PORT: HTTP 401 '
         r'\(Unauthorized\): Authentication failed\n',
         REAQTA_SECRET_KEY='wrong')


def rejected(tmp, tls, window):
    """A query the server rejects is reported and the run goes on."""
    sim = Sim(tmp, tls)
    env = sim.env()
    rc, out, err = run(['$ip1 = "10.0.0.1"'], env)
    tap.ok(rc == 65 and out == '' and err ==
           'hunt-fetch: page 1: rejected by the server: HTTP 422 '
           '(Unprocessable Entity): $ip1 is not a valid field.\n',
           'a rejected query: exit 65 with the server message', err)
    sim.stop()
    sim = Sim(tmp, tls)
    env = sim.env()
    ok = 'eventType = 8 AND ' + WINDOW
    q = '%s\n\n  \n$ip1 = "x"\r\n%s\r\n' % (ok, ok)
    rc, out, err = run(['--page-size', '100'], env, q.encode())
    one = [e for e in parse(window) if dict(dict(e)['payload']).get(
        'eventType') == '8']
    st = sim.stats()
    tap.ok(rc == 65 and parse(out) == one + one and err ==
           'hunt-fetch: line 4, page 1: rejected by the server: HTTP 422 '
           '(Unprocessable Entity): $ip1 is not a valid field.\n' and
           st['authentications'] == 1 and st['connections'] == 1,
           'queries on standard input: the rejected one is reported by line, '
           'the others run, one authentication and one connection',
           '%d %d events %s %s' % (rc, len(parse(out)), err, st))
    sim.stop()


def options(tmp, tls, window):
    """Paging, --offset and --limit, -v, --progress, --ping."""
    events = parse(window)
    for size, hunts in (('7', 172), ('500', 3), ('1', 1200)):
        sim = Sim(tmp, tls)
        rc, out, err = run(['--page-size', size, WINDOW], sim.env())
        st = sim.stats()
        sim.stop()
        tap.ok(rc == 0 and parse(out) == events and st['hunts'] == hunts,
               '--page-size %s: the same events in %d requests' % (
                   size, hunts), '%d %s %s' % (rc, err, st))
    for off, lim, size, hunts in ((150, 120, 100, 3), (0, 5, 500, 1),
                                  (1190, 50, 500, 3), (0, 0, 500, 0),
                                  (1300, 5, 500, 3)):
        sim = Sim(tmp, tls)
        rc, out, err = run(['--offset', str(off), '--limit', str(lim),
                            '--page-size', str(size), WINDOW], sim.env())
        st = sim.stats()
        sim.stop()
        tap.ok(rc == 0 and parse(out) == events[off:off + lim] and
               st['hunts'] == hunts and err == '',
               '--offset %d --limit %d --page-size %d: events %d-%d in %d '
               'requests' % (off, lim, size, off, off + lim, hunts),
               '%d %d %s %s' % (rc, len(parse(out)), err, st))
    sim = Sim(tmp, tls)
    rc, out, err = run(['-v', '--page-size', '500', WINDOW], sim.env())
    logged = err.splitlines()
    want = ['hunt-fetch: POST /rqt-api/1/authenticate -> 200',
            'hunt-fetch: POST /rqt-api/1/events/hunt?count=500 -> 200']
    tap.ok(rc == 0 and logged[:2] == want and len(logged) == 5 and
           re.fullmatch(r'hunt-fetch: POST /rqt-api/1/events/hunt\?count=500'
                        r'&cursor=\S+ -> 200', logged[2]) and
           logged[4] == 'hunt-fetch: 1200 events, 3 pages, 4 requests, '
           '1 authentications, 1 connections' and SECRET not in err and
           'Bearer' not in err,
           '-v: each request and its status, the counts, no secret', err)
    rc, out, err = run(['--progress', '--page-size', '500', WINDOW],
                       sim.env())
    tap.ok(rc == 0 and re.fullmatch(
        r'(hunt-fetch: \d+ events, \d+ pages, \d+ events/s\n)*'
        r'hunt-fetch: 1200 events, 3 pages, \d+ events/s\n', err),
        '--progress off a terminal: lines, the last with the totals', err)
    # On a terminal, progress is on by default, one line redrawn in place.
    master, slave = pty.openpty()
    p = subprocess.run([HF, '--page-size', '100', WINDOW], env=sim.env(),
                       stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    tty = b''
    while select.select([master], [], [], 0.5)[0]:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        tty += chunk
    os.close(master)
    tap.ok(p.returncode == 0 and parse(p.stdout.decode()) == events and
           re.fullmatch(rb'(\r\x1b\[Khunt-fetch: \d+ events, \d+ pages, \d+ '
                        rb'events/s)+\r\n', tty) and
           b'hunt-fetch: 1200 events, 12 pages, ' in tty,
           'progress on a terminal: one line redrawn, then a newline', tty)
    rc, out, err = run(['--ping'], sim.env())
    tap.ok(rc == 0 and err == '' and re.fullmatch(
        r'authenticated to localhost:%d; the token is valid until '
        r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\n' % sim.port, out),
        '--ping: success on standard output', out + err)
    rc, out, err = run(['--ping'], sim.env(REAQTA_APP_ID='nobody'))
    tap.ok(rc == 77 and out == '' and err ==
           'hunt-fetch: authentication refused by localhost:%d: HTTP 401 '
           '(Unauthorized): Authentication failed\n' % sim.port,
           '--ping with a wrong app id: exit 77', err)
    sim.stop()
    # The token is renewed before it expires: a lifetime of 3 s is renewed
    # 1 s early, after the 2.5 s of a slow page 2.
    sim = Sim(tmp, tls, '--token-lifetime', '3', '--fault', 'slow@2',
              '--slow-seconds', '2.5')
    rc, out, err = run(['--page-size', '500', WINDOW], sim.env())
    st = sim.stats()
    sim.stop()
    tap.ok(rc == 0 and parse(out) == events and st['authentications'] == 2
           and st['hunts'] == 3,
           'a token about to expire is renewed before the next request, '
           'with no 401', '%d %s %s' % (rc, err, st))


def tls_and_credentials(tmp, tls, window):
    events = parse(window)
    sim = Sim(tmp, tls)
    env = sim.env()
    del env['REAQTA_CACERT']
    rc, out, err = run(['--retries', '0', WINDOW], env)
    tap.ok(rc == 69 and out == '' and re.fullmatch(
        r'hunt-fetch: authentication: localhost:%d: TLS: SSL certificate '
        r'problem: unable to get local issuer certificate \(give the '
        r"server's CA with --cacert FILE\)\n" % sim.port, err),
        'an unknown CA: exit 69 naming the certificate problem', err)
    rc, out, err = run(['--cacert', os.path.join(tls, 'other-ca.pem'),
                        WINDOW], sim.env())
    tap.ok(rc == 69 and out == '' and re.fullmatch(
        r'hunt-fetch: authentication: localhost:%d: TLS: SSL certificate '
        r'problem: \S.*\n' % sim.port, err),
        'another CA: exit 69', err)
    other = Sim(tmp, tls, '--bind', '127.0.0.2')
    rc, out, err = run(['--host', '127.0.0.2', WINDOW], other.env())
    other.stop()
    tap.ok(rc == 69 and out == '' and err ==
           "hunt-fetch: authentication: 127.0.0.2:%d: TLS: SSL: no "
           "alternative certificate subject name matches target host name "
           "'127.0.0.2'\n" % other.port,
           'an address the certificate does not name: exit 69', err)
    rc, out, err = run(['--insecure', WINDOW], env)
    tap.ok(rc == 0 and parse(out) == events and err ==
           "hunt-fetch: warning: --insecure: the server's certificate is "
           'not verified\n', '--insecure: works, with its warning', err)
    rc, out, err = run(['--allow-http', '--retries', '0', WINDOW], env)
    tap.ok(rc == 75 and out == '' and err ==
           'hunt-fetch: authentication: localhost:%d: Recv failure: '
           'Connection reset by peer\n' % sim.port,
           '--allow-http to an HTTPS server: exit 75', err)
    sim.stop()
    plain = Sim(tmp, None)
    penv = plain.env()
    rc, out, err = run(['--allow-http', WINDOW], penv)
    tap.ok(rc == 0 and parse(out) == events and err == '',
           '--allow-http to a plain HTTP server', err)
    rc, out, err = run(['--retries', '0', WINDOW], penv)
    tap.ok(rc == 69 and out == '' and err.startswith(
        'hunt-fetch: authentication: localhost:%d: TLS: ' % plain.port),
        'HTTPS to a plain HTTP server: exit 69', err)
    plain.stop()
    # Credentials from a file, stix-shifter's configuration JSON.
    sim = Sim(tmp, tls)
    env = sim.env()
    del env['REAQTA_APP_ID'], env['REAQTA_SECRET_KEY']
    cred = os.path.join(tmp, 'cred.json')

    def creds(text, mode):
        with open(cred, 'w') as fh:
            fh.write(text)
        os.chmod(cred, mode)
        return run(['--credentials', cred, '--limit', '3', WINDOW], env)
    good = json.dumps({'auth': {'app_id': APP_ID, 'secret_key': SECRET}})
    rc, out, err = creds(good, 0o600)
    tap.ok(rc == 0 and parse(out) == events[:3] and err == '',
           '--credentials with mode 600: no warning', err)
    rc, out, err = creds(good, 0o644)
    tap.ok(rc == 0 and parse(out) == events[:3] and err ==
           'hunt-fetch: warning: %s: readable by others; chmod 600 it\n'
           % cred, '--credentials readable by others: a warning', err)
    rc, out, err = creds('{"auth": {"app_id": "x"', 0o600)
    tap.ok(rc == 78 and out == '' and err.startswith(
        'hunt-fetch: %s: not JSON: ' % cred) and err.count('\n') == 1,
        '--credentials not JSON: exit 78', err)
    rc, out, err = creds('{"auth": {"app_id": "x"}}', 0o600)
    tap.ok(rc == 78 and out == '' and err ==
           'hunt-fetch: %s: expected {"auth": {"app_id": "...", '
           '"secret_key": "..."}}\n' % cred,
           '--credentials without secret_key: exit 78', err)
    rc, out, err = run(['--limit', '1', WINDOW], env)
    tap.ok(rc == 78 and err.startswith('hunt-fetch: no credentials'),
           'no credentials at all: exit 78', err)
    sim.stop()


def io(tmp, tls, window):
    """Output errors, a reader that leaves, streaming, a dead server."""
    events = parse(window)
    sim = Sim(tmp, tls)
    env = sim.env()
    with open('/dev/full', 'w') as full:
        p = subprocess.run([HF, WINDOW], env=env, stdout=full,
                           stderr=subprocess.PIPE)
    tap.ok(p.returncode == 74 and p.stderr ==
           b'hunt-fetch: write error: No space left on device\n',
           '>/dev/full: exit 74', p.stderr)
    p = subprocess.run(['sh', '-c', '"$0" "$1" | head -n 1', HF, WINDOW],
                       env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    tap.ok(p.returncode == 0 and p.stderr == b'' and
           parse(p.stdout.decode()) == events[:1],
           '| head -n 1: quiet', p.stderr)
    # Each query's events come out before the next line is read.
    p = subprocess.Popen([HF], env=env, stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    q1 = 'eventId = "%s"\n' % events[0][0][1]
    p.stdin.write(q1.encode())
    p.stdin.flush()
    ready = select.select([p.stdout], [], [], 30)[0]
    first = p.stdout.readline() if ready else b''
    p.stdin.write(('eventId = "%s"\n' % events[1][0][1]).encode())
    p.stdin.close()
    rest = p.stdout.read()
    p.wait()
    tap.ok(parse(first.decode()) == events[:1] and
           parse(rest.decode()) == events[1:2] and p.returncode == 0,
           'a query\'s events are written before the next query is read',
           '%r %r' % (first[:80], rest[:80]))
    sim.stop()
    rc, out, err = run(['--retries', '2', '--retry-delay', '0', WINDOW],
                       sim.env())
    tap.ok(rc == 75 and out == '' and re.fullmatch(
        r"hunt-fetch: authentication: localhost:%d: Failed to connect to "
        r"localhost port %d .*; gave up after 2 retries\n" % (
            sim.port, sim.port), err),
        'no server listening: retried, then exit 75', err)


def simulator(tmp, tls):
    """The simulator itself, as a client other than hunt-fetch sees it."""
    import ssl
    import time
    import urllib.error
    import urllib.request
    sim = Sim(tmp, tls, '--token-lifetime', '1')
    ctx = ssl.create_default_context(cafile=os.path.join(tls, 'ca.pem'))
    base = 'https://localhost:%d/rqt-api/1' % sim.port

    def post(path, body, token=None):
        req = urllib.request.Request(base + path, json.dumps(body).encode(),
                                     {'Content-Type': 'application/json'})
        if token:
            req.add_header('Authorization', 'Bearer ' + token)
        try:
            with urllib.request.urlopen(req, context=ctx) as r:
                return r.status, json.load(r)
        except urllib.error.HTTPError as err:
            return err.code, json.load(err)
    st, auth = post('/authenticate', {'id': APP_ID, 'secret': SECRET})
    tok = auth.get('token')
    tap.ok(st == 200 and isinstance(auth.get('expiresAt'), float) and
           auth['expiresAt'] - time.time() <= 1.5,
           'simulator: a token and its expiresAt (epoch seconds)', auth)
    st, page = post('/events/hunt?count=501', {'query': WINDOW}, tok)
    tap.ok(st == 400 and 'count' in page.get('message', ''),
           'simulator: count above 500 is refused', '%d %s' % (st, page))
    st, page = post('/events/hunt?count=3', {'query': 'eventType = (8'}, tok)
    tap.ok(st == 422 and page.get('code') == 422 and page.get('message'),
           'simulator: a query it cannot parse gets 422 with a message',
           '%d %s' % (st, page))
    st, page = post('/events/hunt?count=3', {'query': WINDOW}, tok)
    tap.ok(st == 200 and len(page['result']) == 3 and
           page['remainingItems'] == 1197 and
           page['nextPage'].startswith(base + '/events/hunt?count=3&'),
           'simulator: a page, its nextPage and remainingItems',
           '%d %s' % (st, str(page)[:300]))
    time.sleep(1.2)
    st, page = post('/events/hunt?count=3', {'query': WINDOW}, tok)
    tap.ok(st == 401, 'simulator: an expired token gets 401', st)
    sim.stop()


def main():
    with tempfile.TemporaryDirectory(prefix='hunt-fetch-sim.') as tmp:
        run_all(tmp)
    return tap.done()


def run_all(tmp):
    tls = make_certs(os.path.join(tmp, 'tls'))
    lines, events = dump()
    sim = Sim(tmp, tls)
    patterns(sim, events, lines)
    sim.stop()
    window = faults(tmp, tls, events, lines)
    failures(tmp, tls, events, lines, window)
    rejected(tmp, tls, window)
    options(tmp, tls, window)
    tls_and_credentials(tmp, tls, window)
    io(tmp, tls, window)
    simulator(tmp, tls)


if __name__ == '__main__':
    sys.exit(main())
