# SPDX-License-Identifier: Apache-2.0
"""reaqta2stix on every results case of stix-shifter's corpus
(tests/corpus/results): each bundle must say what stix-shifter's says
(stix-equiv: 2.0 with its exact numbering, 2.1 with its deterministic
ids), except for the documented fixes of
tests/cases/reaqta2stix-exemptions.txt, where the differences stix-equiv
finds must be exactly the ones recorded (and checked by hand) in
tests/cases/reaqta2stix-corpus.jsonl.  The same file holds the expected
standard error and exit status of every run.  Each case is also run with
read sizes 1..31 and as NDJSON and as a Hunt API page: with
--deterministic, the output must be byte-identical to the array form's at
the default read size.  With UPDATE_GOLDEN=1 the jsonl file is rewritten."""
import json
import os
import subprocess
import sys
import tempfile

top_srcdir = os.environ['top_srcdir']
prog = os.path.join(os.environ['top_builddir'], 'reaqta2stix', 'reaqta2stix')
corpus = os.path.join(top_srcdir, 'tests', 'corpus', 'results')
cases_dir = os.path.join(top_srcdir, 'tests', 'cases')
golden = os.path.join(cases_dir, 'reaqta2stix-corpus.jsonl')
exemptions = os.path.join(cases_dir, 'reaqta2stix-exemptions.txt')
NOW = '2024-05-01T12:00:00.123Z'  # the manifest's freeze_time, in ms


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, ok, name, why=()):
        self.n += 1
        print('%s %d - %s' % ('ok' if ok else 'not ok', self.n, name))
        if not ok:
            self.failed += 1
            for line in why:
                for part in str(line).split('\n'):
                    print('# ' + part)


def run(args, stdin=None):
    p = subprocess.run([prog] + args, input=stdin, capture_output=True,
                       cwd=corpus)
    return p.returncode, p.stdout, p.stderr.decode('utf-8', 'replace')


def base_args(case, version):
    args = ['--identity', json.dumps(case['identity']), '--now', NOW]
    if version == 'stix21':
        args += ['--stix-version', '2.1']
    return args


def equiv(expected, actual, version):
    tool = os.environ.get('STIX_EQUIV', '')
    if not tool or not os.access(tool, os.X_OK):
        sys.exit('Bail out! stix-equiv not found (STIX_EQUIV=%r): '
                 'configure with STIX_EQUIV=/path/to/stix-equiv' % tool)
    cmd = [tool, '--drop-dangling', '--max', '40']
    if version == 'stix21':
        # file, network-traffic and process ids are stix-shifter's bugs
        # (R7): reaqta2stix follows the spec there.
        cmd += ['--ids', '--ids-except', 'file,network-traffic,process']
    p = subprocess.run(cmd + [expected, actual], capture_output=True,
                       text=True)
    if p.returncode == 2:
        sys.exit('Bail out! stix-equiv: ' + p.stdout + p.stderr)
    return '' if p.returncode == 0 else p.stdout


def load_exemptions():
    """{(case, version): (class, reason)} from the exemptions file."""
    out = {}
    with open(exemptions, encoding='utf-8') as fh:
        for line in fh:
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            case, version, cls, reason = line.split(None, 3)
            out[(case, version)] = (cls, reason)
    return out


def forms(path):
    """The events of an input file as NDJSON and as a Hunt API page."""
    with open(path, 'rb') as fh:
        events = json.load(fh)
    ndjson = b''.join(json.dumps(e).encode() + b'\n' for e in events)
    page = json.dumps({'result': events, 'nextPage': None}).encode()
    return {'ndjson': ndjson, 'page': page}


def main():
    with open(os.path.join(corpus, 'manifest.json'), encoding='utf-8') as fh:
        manifest = json.load(fh)
    exempt = load_exemptions()
    tap = Tap()
    got = []
    used = set()
    tmp = tempfile.mkdtemp(prefix='rqt-corpus.')
    for case in manifest['cases']:
        name = case['case']
        inp = case['input']  # relative: messages name it so
        for version, out in sorted(case['outputs'].items()):
            label = '%s %s' % (name, version)
            args = base_args(case, version)
            status, stdout, stderr = run(args + [inp])
            actual = os.path.join(tmp, '%s.%s.json' % (name, version))
            with open(actual, 'wb') as fh:
                fh.write(stdout)
            cls = exempt.get((name, version), (None, ''))[0]
            if out['error'] is not None:
                # stix-shifter fails the whole page (R1); reaqta2stix
                # translates it (its output is a golden case of
                # tests/cases/reaqta2stix).
                diff = ''
            else:
                ref = out['file']
                if cls == 'enriched':
                    # The raw event as stix-shifter's transmit step would
                    # have enriched it: the same bundle as that case.
                    ref = ref.replace('-unmodified', '')
                diff = equiv(os.path.join(corpus, ref), actual, version)
            got.append({'case': name, 'version': version, 'status': status,
                        'stderr': stderr, 'differences': diff})
            if (name, version) in exempt:
                used.add((name, version))
            # Determinism over read sizes and input forms.
            dargs = args + ['--deterministic']
            st0, ref_out, err0 = run(dargs + [inp])
            bad = []
            for size in range(1, 32):
                r = run(dargs + ['--read-size', str(size), inp])
                if r != (st0, ref_out, err0):
                    bad.append('read size %d differs' % size)
            for form, data in sorted(forms(os.path.join(corpus, inp)).items()):
                st, out_, err = run(dargs + ['-'], stdin=data)
                err = err.replace('standard input', inp)
                if (st, out_, err) != (st0, ref_out, err0):
                    bad.append('%s form differs' % form)
            tap.check(not bad and st0 == status and err0 == stderr,
                      label + ': read sizes 1..31, NDJSON and page', bad)
    if os.environ.get('UPDATE_GOLDEN'):
        with open(golden, 'w', encoding='utf-8') as fh:
            for g in got:
                fh.write(json.dumps(g, ensure_ascii=False) + '\n')
    with open(golden, encoding='utf-8') as fh:
        want = {(w['case'], w['version']): w for w in map(json.loads, fh)}
    for g in got:
        key = (g['case'], g['version'])
        w = want.get(key)
        why = []
        for field in ('status', 'stderr', 'differences'):
            if w is None or w[field] != g[field]:
                why.append('%s: expected %r' % (field, w and w[field]))
                why.append('%s: got      %r' % (field, g[field]))
        cls = exempt.get(key, (None, ''))[0]
        if g['differences'] and key not in exempt:
            why.append('differs from stix-shifter without an exemption')
        if cls in ('enriched', 'translated') and g['differences']:
            why.append('class %s: must be equivalent' % cls)
        if cls not in (None, 'enriched', 'translated') and \
                not g['differences']:
            why.append('exempt but equivalent: remove the exemption')
        tap.check(not why, '%s %s' % key, why)
    # The example of the connector's README, with the map of that time:
    # object for object (no --drop-dangling: it had no dangling refs).
    readme = os.path.join(top_srcdir, 'tests', 'corpus', 'readme')
    status, stdout, stderr = run(['--map', 'readme-2022', os.path.join(
        readme, 'readme-event.json')])
    actual = os.path.join(tmp, 'readme-2022.json')
    with open(actual, 'wb') as fh:
        fh.write(stdout)
    tool = os.environ.get('STIX_EQUIV', '')
    p = subprocess.run([tool, os.path.join(readme,
                                           'readme-expected.stix20.json'),
                        actual], capture_output=True, text=True)
    tap.check(status == 0 and not stderr and p.returncode == 0,
              'the connector README example with --map readme-2022',
              [stderr, p.stdout, p.stderr])
    for key in sorted(set(exempt) - used):
        tap.check(False, 'exemption %s %s' % key, ['no such case'])
    print('1..%d' % tap.n)
    return 1 if tap.failed else 0


if __name__ == '__main__':
    sys.exit(main())
