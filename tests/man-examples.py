# SPDX-License-Identifier: Apache-2.0
"""Run every example of the man pages' EXAMPLES sections: each "$ command"
line of a literal display (with its continuation lines, after a trailing
backslash or pipe) runs in sh with the built tools first in PATH, and what
it prints on standard output and standard error together must be the lines
that follow it in the page.  The Hunt API simulator listens on localhost,
on a free port, over TLS with a CA made for the run, and the environment
points hunt-fetch at it; the port the pages show, 14643, stands for that
port in the commands and in what they print."""
import glob
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                'lib'))
from simlib import Sim, make_certs  # noqa: E402
from tap import Tap  # noqa: E402

top_srcdir = os.environ['top_srcdir']
top_builddir = os.environ['top_builddir']
PAGE_PORT = '14643'


def unescape(line):
    line = re.sub(r'^\\&', '', line)
    return (line.replace('\\e', '\x00').replace('\\(dq', '"')
            .replace('\\-', '-').replace('\\&', '').replace('\x00', '\\'))


def examples(path):
    """(line number, command, expected output) of each example."""
    out, in_examples, in_display, cur = [], False, False, None
    with open(path, encoding='utf-8') as fh:
        lines = fh.read().split('\n')
    for n, raw in enumerate(lines, 1):
        if raw.startswith('.Sh '):
            in_examples = raw == '.Sh EXAMPLES'
            continue
        if not in_examples:
            continue
        if raw.startswith('.Bd -literal'):
            in_display = True
            continue
        if raw == '.Ed':
            in_display = False
            cur = None
            continue
        if not in_display:
            continue
        line = unescape(raw)
        if cur is not None and cur['open']:
            cur['cmd'] += '\n' + line
            cur['open'] = line.endswith('\\') or line.endswith('|')
        elif line.startswith('$ '):
            cur = {'line': n, 'cmd': line[2:], 'want': [],
                   'open': line.endswith('\\') or line.endswith('|')}
            out.append(cur)
        elif cur is not None:
            cur['want'].append(line)
    return out


def main():
    tap = Tap()
    with tempfile.TemporaryDirectory() as tmp:
        sim = Sim(tmp, make_certs(os.path.join(tmp, 'tls')))
        env = sim.env()
        port = str(sim.port)
        for page in sorted(glob.glob(os.path.join(top_srcdir, 'man', '*.[1-8]'))):
            for ex in examples(page):
                cmd = ex['cmd'].replace(PAGE_PORT, port)
                p = subprocess.run(['sh', '-c', cmd], cwd=tmp, env=env,
                                   stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT)
                got = p.stdout.decode('utf-8', 'replace').rstrip('\n').split('\n')
                want = [w.replace(PAGE_PORT, port)
                        for w in ex['want']] or ['']
                name = '%s:%d' % (os.path.basename(page), ex['line'])
                tap.ok(got == want, name,
                       ['$ ' + ex['cmd'].replace('\n', '\n  ')] +
                       ['want: ' + w for w in want] +
                       ['got:  ' + g for g in got])
        sim.stop()
    if tap.n == 0:
        tap.ok(False, 'no examples found')
    return tap.done()


sys.exit(main())
