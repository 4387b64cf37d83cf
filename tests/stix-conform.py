# SPDX-License-Identifier: Apache-2.0
"""STIX conformance of what reaqta2stix writes (issue 5): every input of
tests/corpus/results/inputs, in STIX 2.0 and 2.1, as is and with
--unmapped, plus the README example with --map readme-2022 and one NDJSON
output per version, goes through tests/lib/stix_conform.py, the project's
stand-in for the OASIS stix2-validator; so do one event of every event
type with every key of the default map set, the simulator's data set, and
events with values that cannot be STIX as they are.  A case fails on any
error (the exact reproduction of --map readme-2022 on the errors
stix-shifter's bundle had, class for class) and on any warning of a class
not listed in the CAVEATS of reaqta2stix(1) (with STIX_CONFORM_STRICT set
in the environment, on any warning).  The first cases check
the checker: the specifications' examples give no error, and broken copies
of them the class expected."""
import copy
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, 'lib'))
sys.dont_write_bytecode = True  # no tests/lib/__pycache__ in the tree
import stix_conform  # noqa: E402
from tap import Tap  # noqa: E402

top_srcdir = os.environ.get('top_srcdir', os.path.dirname(here))
top_builddir = os.environ.get('top_builddir', top_srcdir)
prog = os.path.join(top_builddir, 'reaqta2stix', 'reaqta2stix')
strict = bool(os.environ.get('STIX_CONFORM_STRICT'))


# The checker itself, on the examples of the specifications (no error
# expected) and on broken copies of them (the class expected).
SPEC_21 = [
    {"type": "identity", "spec_version": "2.1",
     "id": "identity--023d105b-752e-4e3c-941c-7d3f3cb15e9e",
     "created": "2016-04-06T20:03:00.000Z",
     "modified": "2016-04-06T20:03:00.000Z", "name": "John Smith",
     "identity_class": "individual"},
    {"type": "ipv4-addr", "spec_version": "2.1",
     "id": "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd",
     "value": "198.51.100.3"},
    {"type": "ipv4-addr", "spec_version": "2.1",
     "id": "ipv4-addr--4d22aae0-2bf9-5427-8819-e4f6abf20a53",
     "value": "203.0.113.1"},
    {"type": "directory", "spec_version": "2.1",
     "id": "directory--93c0a9b0-520d-545d-9094-1a08ddf46b05",
     "path": "C:\\Windows\\System32"},
    {"type": "file", "spec_version": "2.1",
     "id": "file--66156fad-2a7d-5237-bbb4-ba1912887cfe",
     "hashes": {"SHA-256": "ceafbfd424be2ca4a5f0402cae090dda2fb0526cf521b6"
                           "0b60077c0f622b285a"},
     "parent_directory_ref":
         "directory--93c0a9b0-520d-545d-9094-1a08ddf46b05",
     "name": "qwerty.dll"},
    {"type": "network-traffic", "spec_version": "2.1",
     "id": "network-traffic--2568d22a-8998-58eb-99ec-3c8ca74f527d",
     "src_ref": "ipv4-addr--4d22aae0-2bf9-5427-8819-e4f6abf20a53",
     "dst_ref": "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd",
     "src_port": 223, "dst_port": 80, "protocols": ["tcp"]},
    {"type": "process", "spec_version": "2.1",
     "id": "process--f52a906a-0dfc-40bd-92f1-e7778ead38a9", "pid": 1221,
     "created_time": "2016-01-20T14:11:25.55Z",
     "command_line": "./gedit-bin --new-window",
     "image_ref": "file--66156fad-2a7d-5237-bbb4-ba1912887cfe"},
    {"type": "observed-data", "spec_version": "2.1",
     "id": "observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf",
     "created_by_ref": "identity--023d105b-752e-4e3c-941c-7d3f3cb15e9e",
     "created": "2016-04-06T19:58:16.000Z",
     "modified": "2016-04-06T19:58:16.000Z",
     "first_observed": "2015-12-21T19:00:00Z",
     "last_observed": "2015-12-21T19:00:00Z", "number_observed": 50,
     "object_refs": ["network-traffic--2568d22a-8998-58eb-99ec-3c8ca74f527d",
                     "process--f52a906a-0dfc-40bd-92f1-e7778ead38a9"]},
]
SPEC_20 = [
    {"type": "identity",
     "id": "identity--023d105b-752e-4e3c-941c-7d3f3cb15e9e",
     "created": "2016-04-06T20:03:00.000Z",
     "modified": "2016-04-06T20:03:00.000Z", "name": "John Smith",
     "identity_class": "individual"},
    {"type": "observed-data",
     "id": "observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf",
     "created_by_ref": "identity--023d105b-752e-4e3c-941c-7d3f3cb15e9e",
     "created": "2016-04-06T19:58:16.000Z",
     "modified": "2016-04-06T19:58:16.000Z",
     "first_observed": "2015-12-21T19:00:00Z",
     "last_observed": "2015-12-21T19:00:00Z", "number_observed": 50,
     "objects": {
         "0": {"type": "file", "name": "gedit-bin", "hashes": {
             "SHA-256": "0969de02ecf8a5f003e3f6d063d848c8a193aada092623f8ce"
                        "408c15bcb5f038"}},
         "1": {"type": "process", "pid": 1221, "name": "gedit-bin",
               "created": "2016-01-20T14:11:25.55Z",
               "arguments": ["--new-window"], "binary_ref": "0"},
         "2": {"type": "ipv4-addr", "value": "198.51.100.2"},
         "3": {"type": "ipv4-addr", "value": "198.51.100.3"},
         "4": {"type": "network-traffic", "src_ref": "2", "dst_ref": "3",
               "src_port": 3372, "dst_port": 80, "protocols": ["tcp"]},
         "5": {"type": "x-example-com-thing", "x_note": "custom",
               "extensions": {"x-example-com-ext": {"some_prop": 1}}}}},
]


def obj(objs, t):
    return [o for o in objs if o['type'] == t][0]


def obs(objs, key):
    return obj(objs, 'observed-data')['objects'][key]


BROKEN = [  # (version, what, how to break the example, class expected)
    ('2.1', 'process created_time a number',
     lambda o: obj(o, 'process').update(created_time=1453299085550),
     'timestamp-format'),
    ('2.1', 'first_observed null',
     lambda o: obj(o, 'observed-data').update(first_observed=None),
     'timestamp-format'),
    ('2.1', 'camelCase property',
     lambda o: obj(o, 'file').update(x_acme_queryName='x'), 'property-name'),
    ('2.1', 'SHA-256 of 63 digits',
     lambda o: obj(o, 'file')['hashes'].update(
         {'SHA-256': obj(o, 'file')['hashes']['SHA-256'][1:]}),
     'hash-format'),
    ('2.1', 'empty MD5', lambda o: obj(o, 'file')['hashes'].update(MD5=''),
     'hash-format'),
    ('2.1', 'process UUIDv5',
     lambda o: obj(o, 'process').update(
         id='process--f52a906a-0dfc-50bd-92f1-e7778ead38a9'), 'uuid-version'),
    ('2.1', 'extension key without -ext',
     lambda o: obj(o, 'file').update(extensions={'x-acme-data': {'abc': 1}}),
     'extension-key'),
    ('2.1', 'custom SDO without modified',
     lambda o: o.append({'type': 'x-acme-event', 'spec_version': '2.1',
                         'id': 'x-acme-event--4527e5de-8572-446a-a57a-'
                               '706f15467461',
                         'created': '2021-02-20T09:16:08.989Z'}),
     'custom-sdo-modified'),
    ('2.1', 'custom SDO with action',
     lambda o: o.append({'type': 'x-acme-event', 'spec_version': '2.1',
                         'id': 'x-acme-event--4527e5de-8572-446a-a57a-'
                               '706f15467461',
                         'created': '2021-02-20T09:16:08.989Z',
                         'modified': '2021-02-20T09:16:08.989Z',
                         'action': 'x'}), 'reserved-property'),
    ('2.1', 'src_ref to a file',
     lambda o: obj(o, 'network-traffic').update(
         src_ref='file--66156fad-2a7d-5237-bbb4-ba1912887cfe'), 'ref-target'),
    ('2.1', 'no object_refs',
     lambda o: obj(o, 'observed-data').pop('object_refs'),
     'required-property'),
    ('2.1', 'network-traffic without refs',
     lambda o: [obj(o, 'network-traffic').pop(k)
                for k in ('src_ref', 'dst_ref')], 'network-traffic-refs'),
    ('2.0', 'identity without identity_class',
     lambda o: obj(o, 'identity').pop('identity_class'), 'identity-required'),
    ('2.0', 'camelCase custom observable property',
     lambda o: obs(o, '5').update(queryName='x'), 'property-name'),
    ('2.0', 'camelCase extension property',
     lambda o: obs(o, '5')['extensions']['x-example-com-ext'].update(
         queryName='x'), 'property-name'),
    ('2.0', 'process created a number',
     lambda o: obs(o, '1').update(created=1453299085550), 'timestamp-format'),
    ('2.0', 'reference to no key',
     lambda o: obs(o, '1').update(binary_ref='9'), 'ref-target'),
    ('2.0', 'network-traffic without protocols',
     lambda o: obs(o, '4').pop('protocols'), 'network-traffic-protocols'),
    ('2.0', 'bundle without spec_version', None, 'bundle'),
]


def bundle(version, objs):
    b = {'type': 'bundle',
         'id': 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d'}
    if version == '2.0':
        b['spec_version'] = '2.0'
    b['objects'] = objs
    return b


def self_checks(tap):
    """The checker's own cases."""
    for version, objs in (('2.1', SPEC_21), ('2.0', SPEC_20)):
        fs = [f for f in stix_conform.check_values(
            [bundle(version, copy.deepcopy(objs))], version, 'spec-example')
            if f.level == stix_conform.ERROR]
        tap.ok(not fs, 'checker: STIX %s spec examples: %s' % (
            version, '%d errors' % len(fs) if fs else 'no error'),
            [stix_conform.format_finding(f) for f in fs])
    for version, what, breaker, cls in BROKEN:
        objs = copy.deepcopy(SPEC_21 if version == '2.1' else SPEC_20)
        b = bundle(version, objs)
        if breaker:
            breaker(objs)
        else:
            del b['spec_version']
        got = sorted(set(f.cls for f in stix_conform.check_values(
            [b], version, 'broken') if f.level == stix_conform.ERROR))
        tap.ok(cls in got, 'checker: STIX %s %s: %s' % (
            version, what, ', '.join(got) or 'no error'))


# Warning classes that remain, each listed with its reason in the CAVEATS
# of man/reaqta2stix.1 (any other warning fails the case).
ALLOWED_WARNINGS = {
    # 2.1: the reaqta extensions and custom objects are not defined by
    # extension-definition objects.
    'extensions-use',
    # Dictionaries hold the event's own key names (--unmapped, incidents,
    # threat info): camelCase is kept as it came.
    'dictionary-key',
    # A flow the event gives one port of.
    'network-traffic-ports',
}

# The exact reproduction of the connector README's 2022 bundle
# (--map readme-2022) keeps stix-shifter's errors, by class (issue 5: "the
# exact reproductions stay available"): a 42-digit SHA-1, empty incident
# lists and, in 2.1, x-oca-event as a custom SDO and extension names
# without -ext.
README_2022 = {
    '2.0': {'hash-format': 1, 'empty-value': 2},
    '2.1': {'hash-format': 1, 'empty-value': 2, 'reserved-property': 1,
            'custom-sdo-modified': 1, 'extension-key': 4},
}


def kitchen_sink(version, tmp):
    """One event for each event type of the reference's event names, with
    every event key of the default map set to a value of its kind: every
    mapping line of the map at once."""
    names = os.path.join(top_srcdir, 'tests', 'corpus', 'event-types.txt')
    with open(names, encoding='utf-8') as fh:
        types = [int(line) for line in fh if line.strip()]
    mapfile = os.path.join(top_srcdir, 'common', 'maps',
                           'stix21.map' if version == '2.1' else
                           'stix20.map')
    event = {}
    with open(mapfile, encoding='utf-8') as fh:
        for line in fh:
            w = line.split()
            if not w or w[0] != 'result':
                continue
            attrs = dict(a.split('=', 1) for a in w[3:] if '=' in a)
            value = sink_value(w[1], w[2], attrs.get('transformer'))
            node = event
            parts = w[1].split('.')
            for p in parts[:-1]:
                node = node.setdefault(p, {})
            node.setdefault(parts[-1], value)
    path = os.path.join(tmp, 'kitchen-sink-%s.ndjson' % version)
    with open(path, 'w', encoding='utf-8') as fh:
        for t in types:
            e = copy.deepcopy(event)
            e['payload']['eventType'] = t
            fh.write(json.dumps(e) + '\n')
    return path


def sink_value(event_key, stix_key, transformer):
    last = event_key.split('.')[-1]
    if last in ('happenedAt', 'receivedAt'):
        return '2022-04-26T09:00:09.270Z'
    if transformer in ('ToInteger', 'ToString') or \
            stix_key.split('.')[-1] in ('size', 'pid'):
        return 4242
    if transformer in ('ToTimestamp', 'EpochToTimestamp'):
        return 1645338895413
    if transformer == 'ToHash':
        return {'MD5': 'a' * 32, 'SHA-1': 'b' * 40,
                'SHA-256': 'c' * 64}[stix_key.split('.')[-1]]
    if transformer == 'ToDirectoryPath':
        return 'C:\\Windows\\System32\\svchost.exe'
    if transformer == 'ToLowercaseArray':
        return 'TCP'
    if transformer == 'ConvertHexToInteger':
        return '0x1f'
    if stix_key == 'ipv4-addr.value':
        return '10.1.2.3'
    if stix_key == 'ipv6-addr.value':
        return '2001:db8::7'
    if last == 'addressFamily':
        return 'IPv4'
    return 'v-' + last


def cases(tmp):
    """(label, version, reaqta2stix arguments) of each case."""
    inputs = sorted(glob.glob(os.path.join(
        top_srcdir, 'tests', 'corpus', 'results', 'inputs', '*.json')))
    readme = os.path.join(top_srcdir, 'tests', 'corpus', 'readme',
                          'readme-event.json')
    sim = os.path.join(tmp, 'simulator.ndjson')
    with open(sim, 'wb') as fh:
        subprocess.run([sys.executable,
                        os.path.join(here, 'lib', 'hunt-sim.py'),
                        '--dump', '--events', '2000'], stdout=fh, check=True)
    invalid = os.path.join(top_srcdir, 'tests', 'cases', 'reaqta2stix',
                           'valid-invalid-values.in')
    for version in ('2.0', '2.1'):
        for path in inputs:
            name = os.path.basename(path)
            yield name, version, [path]
            yield name + ' --unmapped', version, ['--unmapped', path]
        yield 'readme-event.json --map readme-2022', version, \
            ['--map', 'readme-2022', readme]
        yield 'readme-event.json --ndjson', version, ['--ndjson', readme]
        yield 'every event type, every mapped key', version, \
            [kitchen_sink(version, tmp)]
        yield 'the simulator\'s 2000 events', version, [sim]
        yield 'values that are not STIX', version, [invalid]
        yield 'values that are not STIX --unmapped', version, \
            ['--unmapped', invalid]


def main():
    tap = Tap()
    self_checks(tap)
    tmp = tempfile.mkdtemp(prefix='rqt-conform.')
    for label, version, args in cases(tmp):
        argv = [prog, '-q', '--stix-version', version] + args
        p = subprocess.run(argv, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, check=False)
        title = '%s %s' % (version, label)
        if p.returncode != 0 or not p.stdout.strip():
            tap.ok(False, '%s: reaqta2stix exited %d' % (title, p.returncode),
                   p.stderr.decode('utf-8', 'replace').splitlines())
            continue
        findings = stix_conform.check_text(
            p.stdout.decode('utf-8', 'replace'), version, label)
        errors = [f for f in findings if f.level == stix_conform.ERROR]
        warnings = [f for f in findings if f.level != stix_conform.ERROR]
        got = {}
        for f in errors:
            got[f.cls] = got.get(f.cls, 0) + 1
        want = README_2022[version] if 'readme-2022' in label else {}
        # The exact reproduction has stix-shifter's warnings too.
        stray = [] if want else sorted(set(f.cls for f in warnings) -
                                       ALLOWED_WARNINGS)
        bad = got != want or bool(stray) or bool(strict and warnings)
        tap.ok(not bad, '%s: %s, %d warning%s' % (
            title,
            '%d error%s' % (len(errors), '' if len(errors) == 1 else 's')
            if errors else 'no error', len(warnings),
            '' if len(warnings) == 1 else 's'))
        # The findings follow the test line, passed or not: the errors
        # always (an expected reproduction shows what it reproduces), the
        # warnings too when the case failed.
        diag = []
        if got != want:
            diag.append('errors by class: %s; expected: %s' % (got, want))
        if stray:
            diag.append('warnings not listed in CAVEATS: %s'
                        % ', '.join(stray))
        diag += [stix_conform.format_finding(f) for f in findings
                 if bad or f.level == stix_conform.ERROR]
        tap.diag(diag)
    shutil.rmtree(tmp)
    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
