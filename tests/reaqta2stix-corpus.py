# SPDX-License-Identifier: Apache-2.0
"""reaqta2stix on every results case of stix-shifter's corpus
(tests/corpus/results): each bundle must say what stix-shifter's says
(tests/lib/stix_equiv.py: 2.0 with its exact numbering, 2.1 with its
deterministic ids), except for the documented fixes of
tests/cases/reaqta2stix-exemptions.txt, where the differences stix_equiv
finds must be exactly the ones recorded (and checked by hand) in
tests/cases/reaqta2stix-corpus.jsonl.  The same file holds the expected
standard error and exit status of every run.  Each case is also run with
read sizes 1..31 and as NDJSON and as a Hunt API page: with
--deterministic, the output must be byte-identical to the array form's at
the default read size.  With UPDATE_GOLDEN=1 the jsonl file is rewritten."""
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile

top_srcdir = os.environ['top_srcdir']
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                'lib'))
import stix_equiv  # noqa: E402
from tap import Tap, bail_out  # noqa: E402

prog = os.path.join(os.environ['top_builddir'], 'reaqta2stix', 'reaqta2stix')
corpus = os.path.join(top_srcdir, 'tests', 'corpus', 'results')
cases_dir = os.path.join(top_srcdir, 'tests', 'cases')
golden = os.path.join(cases_dir, 'reaqta2stix-corpus.jsonl')
exemptions = os.path.join(cases_dir, 'reaqta2stix-exemptions.txt')
NOW = '2024-05-01T12:00:00.123Z'  # the manifest's freeze_time, in ms


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
    """The differences of two bundles, one a line ('' when equal)."""
    opts = {'dangling': True, 'limit': 40}
    if version == 'stix21':
        # file, network-traffic and process ids are stix-shifter's bugs
        # (R7): reaqta2stix follows the spec there.
        opts.update(ids=True, ids_except=(
            'file', 'network-traffic', 'process', 'x-reaqta-file',
            'x-reaqta-network-traffic', 'x-reaqta-process'))
    try:
        lines = stix_equiv.compare(expected, actual, **opts)
    except stix_equiv.InputError as e:
        bail_out('stix_equiv: %s' % e)
    return ''.join(line + '\n' for line in lines)


# ---- stix-shifter's bundle as valid STIX (issue 5) ----
#
# reaqta2stix writes valid STIX where stix-shifter does not.  Each rule
# below is one documented difference (reaqta2stix(1), "Valid STIX"),
# written here from its description, not from the maps, and applied to
# stix-shifter's expected bundle before the comparison.

NAME_RE = re.compile(r'^[a-z0-9_]{3,250}$')
HEX = {'MD5': 32, 'SHA-1': 40, 'SHA-256': 64, 'SHA-512': 128}
TIMESTAMPS = {'process': ['created'], 'file': ['created'],
              'x-oca-event': ['created', 'start']}
RENAMED_21 = {('process', 'created'): 'created_time',
              ('file', 'created'): 'ctime',
              ('x-oca-event', 'created'): 'created_time'}
TS_RE = re.compile(r'^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$')


def snake(name):
    """A property name of STIX 2.0's form (etwSamAccountName ->
    etw_sam_account_name); valid names as they are."""
    if NAME_RE.match(name):
        return name
    s = re.sub(r'([a-z0-9])([A-Z])', r'\1_\2', name)
    return re.sub(r'([A-Z]+)([A-Z][a-z])', r'\1_\2', s).lower()


def timestamp(v):
    """An epoch-millisecond number or an RFC 3339 string as RFC 3339 with at
    least milliseconds; None when it is neither."""
    if isinstance(v, bool):
        return None
    if isinstance(v, str) and re.match(r'^-?\d{1,17}$', v):
        v = int(v)
    if isinstance(v, int):
        if not -62135596800000 <= v < 253402300800000:
            return None
        t = datetime.datetime(1970, 1, 1) + datetime.timedelta(
            milliseconds=v)
        return t.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (
            t.microsecond // 1000)
    if isinstance(v, str):
        m = TS_RE.match(v)
        if m:
            try:
                datetime.datetime.strptime(m.group(1), '%Y-%m-%dT%H:%M:%S')
            except ValueError:
                return None
            frac = m.group(2) or ''
            return m.group(1) + '.' + (frac + '000')[:max(3, len(frac))] + 'Z'
    return None


def valid_object(o, v21, invalid_ext):
    """One SCO made valid as reaqta2stix writes it (in place)."""
    t = o['type']
    invalid = {}
    for p in TIMESTAMPS.get(t, []):
        if p in o:
            ts = timestamp(o[p])
            name = RENAMED_21.get((t, p), p) if v21 else p
            if ts is None:
                invalid[name] = o.pop(p)
            else:
                o[p] = ts
    hashes = o.get('hashes')
    if isinstance(hashes, dict):
        for alg in list(hashes):
            v = hashes[alg]
            if alg in HEX and not (isinstance(v, str) and re.match(
                    r'^[0-9a-fA-F]{%d}$' % HEX[alg], v)):
                invalid['hashes_' + alg.lower().replace('-', '')] = \
                    hashes.pop(alg)
        if not hashes:
            del o['hashes']
    renamed = {}
    for p in list(o):
        q = snake(p)
        if v21:
            q = RENAMED_21.get((t, q), q)
        renamed[q] = o.pop(p)
    o.update(renamed)
    exts = o.get('extensions')
    if isinstance(exts, dict):
        new = {}
        for k, ext in exts.items():
            if v21 and not k.endswith('-ext'):
                k += '-ext'
            if isinstance(ext, dict):
                ext = {snake(p): v for p, v in ext.items()}
            new[k] = ext
        o['extensions'] = new
    if invalid:
        o.setdefault('extensions', {}).setdefault(invalid_ext, {})
        o['extensions'][invalid_ext].update(invalid)
    # What STIX requires of the type, else x-reaqta-TYPE.
    if t == 'file' and 'name' not in o and 'hashes' not in o or \
            t == 'network-traffic' and (
                not ('src_ref' in o or 'dst_ref' in o) or
                not o.get('protocols')) or \
            v21 and t == 'process' and not [
                p for p in o if p != 'type' and not p.startswith('x_') and
                p not in ('id', 'spec_version')]:
        o['type'] = 'x-reaqta-' + t


def valid_expected(path, version, out):
    """stix-shifter's bundle at path, made valid as reaqta2stix makes it,
    written to out."""
    with open(path, encoding='utf-8') as fh:
        b = json.load(fh)
    v21 = version == 'stix21'
    ext = 'x-reaqta-invalid-ext' if v21 else 'x-reaqta-invalid'
    retyped = {}
    for o in b['objects']:
        if o['type'] == 'identity':
            # STIX 2.0 requires created and modified of it too: the
            # translation time (--now) when the identity lacks them; 2.1
            # also spec_version.
            for p in ('created', 'modified'):
                o.setdefault(p, NOW)
            if v21:
                o.setdefault('spec_version', '2.1')
            continue
        if o['type'] == 'observed-data':
            for p in ('first_observed', 'last_observed'):
                if p in o and timestamp(o[p]) is not None:
                    o[p] = timestamp(o[p])
            objs = o.get('objects', {})
            for key, so in objs.items():
                valid_object(so, v21, ext)
            fix_parent_dirs(objs)
            continue
        t = o['type']
        valid_object(o, v21, ext)
        if o['type'] != t:
            new = o['type'] + o['id'][len(t):]
            retyped[o['id']] = new
            o['id'] = new
    if retyped:
        text = json.dumps(b)
        for old, new in retyped.items():
            text = text.replace('"%s"' % old, '"%s"' % new)
        b = json.loads(text)
    with open(out, 'w', encoding='utf-8') as fh:
        json.dump(b, fh)


def fix_parent_dirs(objs):
    """2.0: a file's parent_directory_ref to an object that is not a
    directory (stix-shifter's map: etwHomePath to the x-oca-event) points
    at the one directory no file names as its parent, else nowhere."""
    for so in objs.values():
        r = so.get('parent_directory_ref')
        if r is None or objs.get(r, {}).get('type') == 'directory':
            continue
        used = {o.get('parent_directory_ref') for o in objs.values()}
        free = [k for k, o in objs.items() if o['type'] == 'directory' and
                k not in used]
        if len(free) == 1:
            so['parent_directory_ref'] = free[0]
        else:
            del so['parent_directory_ref']


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
                valid = os.path.join(tmp, '%s.%s.expected.json' % (
                    name, version))
                valid_expected(os.path.join(corpus, ref), version, valid)
                diff = equiv(valid, actual, version)
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
            tap.ok(not bad and st0 == status and err0 == stderr,
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
        tap.ok(not why, '%s %s' % key, why)
    # The example of the connector's README, with the map of that time:
    # object for object (no --drop-dangling: it had no dangling refs).
    readme = os.path.join(top_srcdir, 'tests', 'corpus', 'readme')
    # The README's identity (its identity_class "events" is not in the
    # vocabulary; the default identity of reaqta2stix has another).
    with open(os.path.join(readme, 'readme-expected.stix20.json'),
              encoding='utf-8') as fh:
        identity = json.load(fh)['objects'][0]
    status, stdout, stderr = run(['--map', 'readme-2022', '--identity',
                                  json.dumps(identity), os.path.join(
                                      readme, 'readme-event.json')])
    actual = os.path.join(tmp, 'readme-2022.json')
    with open(actual, 'wb') as fh:
        fh.write(stdout)
    differences = stix_equiv.compare(
        os.path.join(readme, 'readme-expected.stix20.json'), actual)
    tap.ok(status == 0 and not stderr and not differences,
           'the connector README example with --map readme-2022',
           [stderr] + differences)
    for key in sorted(set(exempt) - used):
        tap.ok(False, 'exemption %s %s' % key, ['no such case'])
    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
