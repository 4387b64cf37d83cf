# SPDX-License-Identifier: Apache-2.0
"""Our expected queries (tests/cases/stix2hunq-corpus.jsonl) against
stix-shifter's (tests/corpus/query-goldens-sample.jsonl): where both
translate, the queries must be logically equal (tests/lib/hunq_equiv.py);
every case where they differ, or where only one side translates, must be
listed in tests/cases/stix2hunq-exemptions.txt with the reason, and every
listed case must really differ."""
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                'lib'))
import corpus_args  # noqa: E402
import hunq_equiv  # noqa: E402
from tap import Tap  # noqa: E402

top_srcdir = os.environ['top_srcdir']
cases_dir = os.path.join(top_srcdir, 'tests', 'cases')


def load_exemptions():
    """{id: class}, and {class: reason} from the '@class' lines."""
    ids, classes = {}, {}
    path = os.path.join(cases_dir, 'stix2hunq-exemptions.txt')
    with open(path, encoding='utf-8') as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            words = line.split(None, 2)
            if words[0] == '@class' and len(words) == 3:
                classes[words[1]] = words[2]
            elif len(words) == 2 and re.match(r'^q\d{4}$', words[0]):
                ids[words[0]] = words[1]
            else:
                sys.exit('%s:%d: expected "@class NAME REASON" or "ID CLASS"'
                         % (path, n))
    return ids, classes


def equivalence(pairs):
    """The set of the indexes of the (stix-shifter, ours) pairs that differ,
    or None with a message when a query does not parse."""
    differ = set()
    for n, (ss, ours) in enumerate(pairs):
        try:
            same, _ = hunq_equiv.compare(ss, ours)
        except hunq_equiv.ParseError as e:
            return None, 'pair %d: %s' % (n + 1, e)
        if not same:
            differ.add(n)
    return differ, None


def main():
    cases = corpus_args.load_cases(top_srcdir)
    with open(os.path.join(cases_dir, 'stix2hunq-corpus.jsonl'),
              encoding='utf-8') as fh:
        ours = {o['id']: o for o in map(json.loads, fh)}
    exempt, classes = load_exemptions()
    pairs, index = [], {}
    for c in cases:
        o = ours[c['id']]
        if 'queries' in c and o['status'] == 0:
            index[c['id']] = len(pairs)
            pairs.append((c['queries'][0], o['stdout'].rstrip('\n')))
    differ, problem = equivalence(pairs)
    tap = Tap()
    for c in cases:
        o = ours[c['id']]
        if problem:
            verdict = None
        elif c['id'] in index:
            verdict = 'differs' if index[c['id']] in differ else 'same'
        elif 'queries' in c:
            verdict = 'only stix-shifter translates'
        elif o['status'] == 0:
            verdict = 'only stix2hunq translates'
        else:
            verdict = 'both refuse'
        cls = exempt.get(c['id'])
        ok = verdict is not None and (
            (verdict in ('same', 'both refuse') and cls is None) or
            (verdict not in ('same', 'both refuse') and cls in classes))
        if ok:
            tap.ok(True, '%s %s%s' % (c['id'], verdict,
                                      ' (%s)' % cls if cls else ''))
        elif problem:
            tap.ok(False, c['id'], problem)
        elif cls is not None and cls not in classes:
            tap.ok(False, c['id'], 'unknown exemption class %r' % cls)
        elif cls is not None:
            tap.ok(False, c['id'], 'exempted as %r but %s' % (cls, verdict))
        else:
            tap.ok(False, c['id'], [
                '%s, and no exemption says why' % verdict,
                'pattern:      %s' % c['pattern'],
                'stix-shifter: %s' % (c.get('queries') or
                                      [c.get('error')])[0],
                'stix2hunq:    %s' % (o['stdout'] or o['stderr'])])
    return tap.done()


sys.exit(main())
