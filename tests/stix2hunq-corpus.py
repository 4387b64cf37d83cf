# SPDX-License-Identifier: Apache-2.0
"""stix2hunq on every query case of stix-shifter's corpus
(tests/corpus/query-goldens-sample.jsonl): standard output, standard error
and exit status against tests/cases/stix2hunq-corpus.jsonl, whose queries
tests/stix2hunq-reference.py checks against stix-shifter's.  With
UPDATE_GOLDEN=1 the expected file is rewritten instead."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                'lib'))
import corpus_args  # noqa: E402
from tap import Tap  # noqa: E402

top_srcdir = os.environ['top_srcdir']
prog = os.path.join(os.environ['top_builddir'], 'stix2hunq', 'stix2hunq')
golden = os.path.join(top_srcdir, 'tests', 'cases', 'stix2hunq-corpus.jsonl')


def run(case):
    p = subprocess.run([prog] + corpus_args.args_for(case),
                       stdin=subprocess.DEVNULL, capture_output=True)
    return {'id': case['id'], 'status': p.returncode,
            'stdout': p.stdout.decode('utf-8', 'surrogateescape'),
            'stderr': p.stderr.decode('utf-8', 'surrogateescape')}


def main():
    cases = corpus_args.load_cases(top_srcdir)
    got = [run(c) for c in cases]
    if os.environ.get('UPDATE_GOLDEN'):
        with open(golden, 'w', encoding='utf-8') as fh:
            for g in got:
                fh.write(json.dumps(g, ensure_ascii=False) + '\n')
    with open(golden, encoding='utf-8') as fh:
        want = {w['id']: w for w in map(json.loads, fh)}
    tap = Tap()
    for g in got:
        w = want.get(g['id'])
        diag = []
        for key in ('status', 'stdout', 'stderr'):
            if w is None or w[key] != g[key]:
                diag.append('%s: expected %r' % (key, w and w[key]))
                diag.append('%s: got      %r' % (key, g[key]))
        tap.ok(w == g, g['id'], diag)
    return tap.done()


sys.exit(main())
