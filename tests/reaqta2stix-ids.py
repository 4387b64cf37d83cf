# SPDX-License-Identifier: Apache-2.0
"""Every STIX 2.1 SCO id reaqta2stix writes, recomputed independently from
the object as written (STIX 2.1 section 2.9: UUIDv5 in the SCO namespace
over the RFC 8785 form of the ID-contributing properties, one hash, refs as
ids), over the 2.1 outputs of the corpus and of the golden cases; process
ids are the version-4 form of the project namespace's UUIDv5 of
x_unique_id.  This covers the file and network-traffic ids that stix-equiv
cannot check against stix-shifter (whose ids are wrong there)."""
import decimal
import glob
import json
import os
import subprocess
import sys
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                'lib'))
from tap import Tap  # noqa: E402

top_srcdir = os.environ['top_srcdir']
prog = os.path.join(os.environ['top_builddir'], 'reaqta2stix', 'reaqta2stix')
STIX_NS = uuid.UUID('00abedb4-aa42-466c-9c01-fed23315a9b7')
PROJECT_NS = uuid.uuid5(uuid.NAMESPACE_DNS, 'reaqta-stix')
CONTRIB = {
    'artifact': ['hashes', 'payload_bin'],
    'autonomous-system': ['number'],
    'directory': ['path'],
    'domain-name': ['value'],
    'email-addr': ['value'],
    'email-message': ['from_ref', 'subject', 'body'],
    'file': ['hashes', 'name', 'extensions', 'parent_directory_ref'],
    'ipv4-addr': ['value'],
    'ipv6-addr': ['value'],
    'mac-addr': ['value'],
    'mutex': ['name'],
    'network-traffic': ['start', 'end', 'src_ref', 'dst_ref', 'src_port',
                        'dst_port', 'protocols', 'extensions'],
    'software': ['name', 'cpe', 'swid', 'vendor', 'version'],
    'url': ['value'],
    'user-account': ['account_type', 'user_id', 'account_login'],
    'windows-registry-key': ['key', 'values'],
    'x509-certificate': ['hashes', 'serial_number'],
}


def es_number(x):
    """ECMAScript Number::toString, as RFC 8785 writes numbers."""
    d = float(x)
    if d == 0:
        return '0'
    # repr gives the shortest digits that read back as d, as ES does.
    t = decimal.Decimal(repr(abs(d))).as_tuple()
    digits = ''.join(map(str, t.digits)).rstrip('0')
    k = len(digits)
    n = len(t.digits) + t.exponent  # d = 0.digits * 10^n
    if k <= n <= 21:
        s = digits + '0' * (n - k)
    elif 0 < n <= 21:
        s = digits[:n] + '.' + digits[n:]
    elif -6 < n <= 0:
        s = '0.' + '0' * -n + digits
    else:
        e = n - 1
        s = digits[0] + ('.' + digits[1:] if k > 1 else '') + \
            'e' + ('+' if e > 0 else '-') + str(abs(e))
    return ('-' if d < 0 else '') + s


def jcs(v):
    if v is None or isinstance(v, bool):
        return json.dumps(v)
    if isinstance(v, (int, float)):
        return es_number(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return '[' + ','.join(jcs(x) for x in v) + ']'
    keys = sorted(v, key=lambda k: k.encode('utf-16-be'))
    return '{' + ','.join(json.dumps(k, ensure_ascii=False) + ':' + jcs(v[k])
                          for k in keys) + '}'


def one_hash(h):
    for k in ('MD5', 'SHA-1', 'SHA-256', 'SHA-512'):
        if k in h:
            return {k: h[k]}
    k = next(iter(h))
    return {k: h[k]}


def expected_id(o):
    t = o['type']
    props = {}
    for p in CONTRIB.get(t, []):
        if p in o:
            props[p] = one_hash(o[p]) if p == 'hashes' else o[p]
    if props:
        return '%s--%s' % (t, uuid.uuid5(STIX_NS, jcs(props)))
    if t == 'process' and 'x_unique_id' in o:
        u = uuid.uuid5(PROJECT_NS, 'process:' + jcs(o['x_unique_id']))
        b = bytearray(u.bytes)
        b[6] = (b[6] & 0x0f) | 0x40
        return '%s--%s' % (t, uuid.UUID(bytes=bytes(b)))
    return None  # random (or content-derived under --deterministic)


def outputs():
    """(name, list of objects) of each 2.1 output."""
    corpus = os.path.join(top_srcdir, 'tests', 'corpus', 'results')
    for path in sorted(glob.glob(os.path.join(corpus, 'inputs', '*.json'))):
        p = subprocess.run([prog, '--stix-version', '2.1', '-q', path],
                           capture_output=True, check=False)
        yield os.path.basename(path), json.loads(p.stdout)['objects']
    cases = os.path.join(top_srcdir, 'tests', 'cases', 'reaqta2stix')
    for path in sorted(glob.glob(os.path.join(cases, '*.out'))):
        with open(path, encoding='utf-8') as fh:
            text = fh.read()
        if '"spec_version":"2.1"' not in text:
            continue
        try:
            if text.startswith('{"type":"bundle"'):
                objs = json.loads(text)['objects']
            else:
                objs = [json.loads(line) for line in text.splitlines()]
        except ValueError:
            continue
        yield os.path.basename(path), objs


def main():
    tap = Tap()
    for name, objs in outputs():
        byid = {o['id']: o for o in objs if 'id' in o}
        bad = []
        checked = 0
        for o in objs:
            if o['type'] in ('identity', 'observed-data', 'bundle'):
                continue
            want = expected_id(o)
            if want is None:
                continue
            checked += 1
            if want != o['id']:
                bad.append('%s: expected %s' % (o['id'], want))
            for k, v in o.items():
                refs = v if isinstance(v, list) else [v]
                if k.endswith('_ref') or k.endswith('_refs'):
                    for r in refs:
                        if r not in byid:
                            bad.append('%s.%s: %s is not in the output'
                                       % (o['id'], k, r))
        tap.ok(not bad, '%s (%d ids)' % (name, checked), bad)
    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
