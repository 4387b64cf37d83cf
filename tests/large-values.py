# SPDX-License-Identifier: Apache-2.0
"""Very large values through hunt-fetch and reaqta2stix (not timed: speed
is measured by bench/large-value.sh).  A 30 MB PowerShell script, full of
escapes, in one event of a page of the Hunt API simulator: hunt-fetch
writes the page's events with that event whole; reaqta2stix gives the
same bytes at read sizes 1, 7 and 65536 as when the input is read whole.
An event over --max-event-bytes (the default 64 MiB) stops hunt-fetch
with exit 76 and one line, the events before it written, not retried."""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                'lib'))
from simlib import PYTHON3, SIM, Sim, make_certs, tool  # noqa: E402
from tap import Tap  # noqa: E402

HF = tool('hunt-fetch')
R2S = tool('reaqta2stix')
# 100 events, one a second: one page.
WINDOW = ('happenedAfter = "2026-11-01T00:00:00.000Z" AND '
          'happenedBefore = "2026-11-01T00:01:39.999Z"')
AT = 50  # the event of the page that gets the large value
tap = Tap()


def script(size):
    """At least size bytes of a PowerShell script (as JSON: quotes,
    backslashes, CR LF, tabs and non-ASCII escaped)."""
    lines = (
        "Write-Host 'Step {i}: copying C:\\Users\\\u00c5dmin\\AppData\\"
        "Local\\Temp\\stage_{i:06d}.tmp';\r\n",
        "Copy-Item -Path \"C:\\ProgramData\\cache\\{i:06d}.bin\" "
        "-Destination '\\\\fs01\\drop$\\{i:x}' -Force;\r\n",
        "\tWrite-Host \"r\u00e9sum\u00e9 \u2192 {i:x} \u2713\";\r\n",
    )
    out, n, i = [], 0, 0
    while n < size:
        line = lines[i % len(lines)].format(i=i)
        out.append(line)
        n += len(line)
        i += 1
    return ''.join(out)


def parse(text):
    """NDJSON as a list of events, key order and number text kept."""
    return [json.loads(line, object_pairs_hook=list, parse_float=str,
                       parse_int=str)
            for line in text.splitlines()]


def fetch(sim, *args):
    p = subprocess.run([HF, '--page-size', '100', '--retry-delay', '0'] +
                       list(args) + [WINDOW], env=sim.env(),
                       capture_output=True, timeout=600)
    return p.returncode, p.stdout, p.stderr.decode()


def through_hunt_fetch(tmp, tls, text, base):
    """The page with the large value at event AT: all events written, the
    large one whole, the others as without it."""
    big = os.path.join(tmp, 'big.txt')
    with open(big, 'w', encoding='utf-8') as fh:
        fh.write(text)
    sim = Sim(tmp, tls, '--fault', 'hugeevent@1', '--huge-at', str(AT),
              '--huge-field', big)
    rc, out, err = fetch(sim)
    st = sim.stats()
    sim.stop()
    got = out.decode().splitlines()
    want = base.decode().splitlines()
    why = []
    if rc != 0 or err or st['hunts'] != 1:
        why.append('status %d, %d hunt requests, stderr %r' % (
            rc, st['hunts'], err))
    if len(got) != len(want):
        why.append('%d events, want %d' % (len(got), len(want)))
    else:
        for i, (g, w) in enumerate(zip(got, want)):
            if i == AT:
                ev = json.loads(w)
                ev['payload'].setdefault('data', {})['hugeField'] = text
                g_ev = json.loads(g)
                if g_ev != ev or list(g_ev['payload']['data'])[-1] != \
                        'hugeField':
                    why.append('event %d differs' % (i + 1))
            elif parse(g) != parse(w):
                why.append('event %d differs' % (i + 1))
    tap.ok(not why, 'hunt-fetch: a page with a %d-byte value: every event, '
           'the large one whole' % len(text), '\n'.join(why))
    return out


def through_reaqta2stix(tmp, ndjson, text):
    """reaqta2stix at read sizes 1, 7 and 65536 against the input read
    whole."""
    path = os.path.join(tmp, 'events.ndjson')
    with open(path, 'wb') as fh:
        fh.write(ndjson)
    args = [R2S, '--deterministic', '--now', '2026-11-02T00:00:00.000Z',
            '--unmapped', '--ndjson']
    whole = subprocess.run(args + ['--read-size', str(1 << 30), path],
                           capture_output=True)
    values = [so['fields']['hugeField']
              for o in map(json.loads, whole.stdout.splitlines())
              for so in o.get('objects', {}).values()
              if so['type'] == 'x-reaqta-unmapped' and
              'hugeField' in so['fields']]
    tap.ok(whole.returncode == 0 and not whole.stderr and values == [text],
           'reaqta2stix: the value read whole comes out whole',
           'status %d, stderr %r, %d values' % (
               whole.returncode, whole.stderr[:500], len(values)))
    for size in (1, 7, 65536):
        p = subprocess.run(args + ['--read-size', str(size), path],
                           capture_output=True)
        tap.ok((p.returncode, p.stdout, p.stderr) ==
               (whole.returncode, whole.stdout, whole.stderr),
               'reaqta2stix --read-size %d: the same bytes as read whole'
               % size, 'status %d, %d bytes (want %d), stderr %r' % (
                   p.returncode, len(p.stdout), len(whole.stdout),
                   p.stderr[:500]))


def over_the_limit(tmp, tls, base):
    """An event over the default --max-event-bytes: exit 76, one line
    naming the event and the limit, the events before it written, the
    page not read to its end and not asked again."""
    big = os.path.join(tmp, 'big.txt')
    with open(big, 'w', encoding='utf-8') as fh:
        fh.write(script((64 << 20) + (2 << 20)))
    sim = Sim(tmp, tls, '--fault', 'hugeevent@1', '--huge-at', str(AT),
              '--huge-field', big)
    rc, out, err = fetch(sim)
    st = sim.stats()
    sim.stop()
    # The page as the simulator writes it: '{"result":[' and the events,
    # comma-separated; the first byte past the limit is named.
    dump = subprocess.run([PYTHON3, SIM, '--dump', '--events', str(AT)],
                          capture_output=True, check=True).stdout
    start = len('{"result":[') + sum(len(line) + 1
                                     for line in dump.splitlines())
    want_err = ('hunt-fetch: page 1, byte %d: event %d is larger than '
                '--max-event-bytes (67108864 bytes)\n' % (
                    start + (64 << 20) + 1, AT + 1))
    want = b''.join(line + b'\n' for line in base.splitlines()[:AT])
    tap.ok(rc == 76 and out == want and err == want_err and
           st['hunts'] == 1,
           'hunt-fetch: an event over --max-event-bytes: exit 76, the '
           'events before it written, stopped inside it, not retried',
           'status %d, %d bytes out (want %d), %d hunt requests\n'
           'stderr: %r\nwant:   %r' % (rc, len(out), len(want), st['hunts'],
                                      err, want_err))


def main():
    with tempfile.TemporaryDirectory(prefix='large-values.') as tmp:
        tls = make_certs(os.path.join(tmp, 'tls'))
        sim = Sim(tmp, tls)
        rc, base, err = fetch(sim)
        sim.stop()
        if not tap.ok(rc == 0 and not err and len(base.splitlines()) == 100,
                      'hunt-fetch: the page without a large value',
                      'status %d, stderr %r' % (rc, err)):
            sys.exit(tap.done())
        text = script(30_000_000)
        out = through_hunt_fetch(tmp, tls, text, base)
        through_reaqta2stix(tmp, out, text)
        over_the_limit(tmp, tls, base)
    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
