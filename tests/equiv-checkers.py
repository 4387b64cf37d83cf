# SPDX-License-Identifier: Apache-2.0
"""The project's equivalence checkers, tests/lib/hunq_equiv.py and
tests/lib/stix_equiv.py, tested themselves: pairs that must compare
equal, pairs that must not, with the exact message, exit status and
standard error of each, through their command lines."""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                'lib'))
from tap import Tap  # noqa: E402

top_srcdir = os.environ['top_srcdir']
PYTHON3 = os.environ.get('PYTHON3') or sys.executable
HUNQ = os.path.join(top_srcdir, 'tests', 'lib', 'hunq_equiv.py')
STIX = os.path.join(top_srcdir, 'tests', 'lib', 'stix_equiv.py')
tap = Tap()


def check(name, cmd, status, out='', err=''):
    """One run: exit status, standard output and standard error."""
    p = subprocess.run([PYTHON3] + cmd, capture_output=True, text=True)
    diag = []
    for what, want, got in (('status', status, p.returncode),
                            ('stdout', out, p.stdout),
                            ('stderr', err, p.stderr)):
        if want != got:
            diag.append('%s: expected %r' % (what, want))
            diag.append('%s: got      %r' % (what, got))
    tap.ok(not diag, name, diag)


# ---- HunQ ----

README_SS = ('(eventdata.localPort = "443" OR (login.ip = "192.168.1.2" OR '
             '$ip = "192.168.1.2")) AND happenedAfter = '
             '"2022-04-06T00:00:00.000Z" AND happenedBefore = '
             '"2022-04-06T00:05:00.000Z"')
README_OURS = ('(($ip = "192.168.1.2" OR login.ip = "192.168.1.2") OR '
               'eventdata.localPort = "443") AND happenedAfter = '
               '"2022-04-06T00:00:00.000Z" AND happenedBefore = '
               '"2022-04-06T00:05:00.000Z"')
MANY = ['f = "%d"' % i for i in range(300)]

HUNQ_EQUAL = [
    ('operand order', 'a = "1" OR b = "2"', 'b = "2" OR a = "1"'),
    ('grouping of AND', '(a = 1 AND b = 2) AND c = 3',
     'a = 1 AND (b = 2 AND c = 3)'),
    ('redundant parentheses', '((a = 1))', 'a = 1'),
    ('AND binds tighter than OR', 'a = 1 OR b = 2 AND c = 3',
     'a = 1 OR (b = 2 AND c = 3)'),
    ('NOT binds tighter than AND', 'NOT a = 1 AND b = 2',
     '(NOT a = 1) AND b = 2'),
    ('!= is NOT =', 'a != "x"', 'NOT a = "x"'),
    ('De Morgan', 'NOT (a = 1 OR b = 2)', 'NOT a = 1 AND NOT b = 2'),
    ('distributivity', 'a = 1 AND (b = 2 OR c = 3)',
     '(a = 1 AND b = 2) OR (a = 1 AND c = 3)'),
    ('keywords in any case', 'a = 1 and b = 2 Or c = 3',
     '(a = 1 AND b = 2) OR c = 3'),
    ('spaces around the operator', 'a="1"', 'a = "1"'),
    ('double negation', 'NOT NOT a = 1', 'a = 1'),
    ('absorption', 'a = 1 OR (a = 1 AND b = 2)', 'a = 1'),
    ('backslashes and parentheses in a string',
     'p = "c:\\a (x)\\" OR q = 1', 'q = 1 OR p = "c:\\a (x)\\"'),
    ('300 values, reversed', ' OR '.join(MANY),
     ' OR '.join(reversed(MANY))),
    ('the README query of stix-shifter and ours', README_SS, README_OURS),
]
HUNQ_DIFFERENT = [
    ('a quoted and a bare literal', 'a = 443', 'a = "443"',
     'only B is true when a = "443" is true and every other comparison is '
     'false'),
    ('precedence is not grouping', 'a = 1 OR b = 2 AND c = 3',
     '(a = 1 OR b = 2) AND c = 3',
     'only A is true when a = 1 is true and every other comparison is '
     'false'),
    ('another value', 'a = "x"', 'a = "y"',
     'only B is true when a = "y" is true and every other comparison is '
     'false'),
    ('field names are case-sensitive', 'fsName = "x"', 'fsname = "x"',
     'only B is true when fsname = "x" is true and every other comparison '
     'is false'),
    ('NOT distributed over OR', 'NOT (a = 1 OR b = 2)',
     'NOT a = 1 OR NOT b = 2',
     'only B is true when b = 2 is true and every other comparison is '
     'false'),
    ('a range bound alone', 'size.gte = 5 AND size.lte = 5', 'size.gte = 5',
     'only B is true when size.gte = 5 is true and every other comparison '
     'is false'),
    ('a dropped term', 'a = 1 AND b = 2', 'a = 1',
     'only B is true when a = 1 is true and every other comparison is '
     'false'),
    ('!= against =', 'a != 1', 'a = 1',
     'only A is true when every comparison is false'),
    ('one of 300 values missing', ' OR '.join(MANY),
     ' OR '.join(MANY[:150] + MANY[151:]),
     'only A is true when f = "150" is true and every other comparison '
     'is false'),
]
HUNQ_UNPARSABLE = [
    ('AND at the end', 'a = "1" AND', 'query A: column 12: expected a '
     'field, NOT or (, found the end'),
    ('an unclosed parenthesis', '(a = 1', "query A: column 7: expected ')', "
     'found the end'),
    ('an unterminated string', 'a = "x', 'query A: column 5: unterminated '
     'string'),
    ('no operator', 'a 1', "query A: column 3: expected a comparison "
     "operator, found '1'"),
    ('two comparisons without AND', 'a = 1 b = 2', "query A: column 7: "
     "expected AND, OR or the end, found 'b'"),
    ('no value', 'a = )', "query A: column 5: expected a value, found ')'"),
    ('==', 'a == 1', "query A: column 4: expected a value, found '='"),
    ('a character HunQ does not have', 'a = 1 ! b = 2',
     "query A: column 7: unexpected '!'"),
]


def hunq():
    for name, a, b in HUNQ_EQUAL:
        check('hunq: equal: ' + name, [HUNQ, a, b], 0, 'equal\n')
        check('hunq: equal, swapped: ' + name, [HUNQ, b, a], 0, 'equal\n')
    for name, a, b, why in HUNQ_DIFFERENT:
        check('hunq: different: ' + name, [HUNQ, a, b], 1,
              'different: %s\n' % why)
    for name, q, why in HUNQ_UNPARSABLE:
        check('hunq: unparsable: ' + name, [HUNQ, q, 'a = 1'], 2, '',
              'hunq-equiv: %s\n' % why)
    check('hunq: the second query is named', [HUNQ, 'a = 1', '(a = 1'], 2,
          '', "hunq-equiv: query B: column 7: expected ')', found the end\n")
    check('hunq: --parse writes every group in parentheses',
          [HUNQ, '--parse', 'NOT a = 1 AND b != "x" OR c = 2 or d = 3'], 0,
          '((NOT a = 1 AND NOT b = "x") OR c = 2 OR d = 3)\n')
    check('hunq: one query is a usage error', [HUNQ, 'a = 1'], 2, '',
          'usage: hunq_equiv.py QUERY_A QUERY_B\n'
          '       hunq_equiv.py --parse QUERY\n')


# ---- STIX ----

ID = {
    'identity': 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff',
    'od1': 'observed-data--11111111-1111-4111-8111-111111111111',
    'od2': 'observed-data--22222222-2222-4222-8222-222222222222',
    'ev1': 'x-oca-event--33333333-3333-4333-8333-333333333333',
    'ev2': 'x-oca-event--44444444-4444-4444-8444-444444444444',
    'ip1': 'ipv4-addr--9b2a70bf-92d9-5cd3-a61c-f06e7f0277c9',
    'ip2': 'ipv4-addr--fe609036-dbde-52d8-a120-35d115a7d338',
    'ip3': 'ipv4-addr--00000000-0000-5000-8000-000000000003',
}
IDENTITY = {'type': 'identity', 'spec_version': '2.1', 'id': ID['identity'],
            'name': 'reaqta', 'identity_class': 'system',
            'created': '2022-04-07T20:35:41.042Z',
            'modified': '2022-04-07T20:35:41.042Z'}


def od(oid, refs, first='2024-05-01T12:00:00.000Z',
       created='2024-05-01T12:00:05.000Z'):
    return {'type': 'observed-data', 'spec_version': '2.1', 'id': ID[oid],
            'created_by_ref': ID['identity'], 'created': created,
            'modified': created, 'first_observed': first,
            'last_observed': first, 'number_observed': 1,
            'object_refs': [ID[r] for r in refs]}


def ev(oid, ip, action):
    return {'type': 'x-oca-event', 'spec_version': '2.1', 'id': ID[oid],
            'action': action, 'ip_refs': [ID[ip]]}


def ip(oid, value):
    return {'type': 'ipv4-addr', 'spec_version': '2.1', 'id': ID[oid],
            'value': value}


def bundle(objects, bid='bundle--55555555-5555-4555-8555-555555555555'):
    return {'type': 'bundle', 'id': bid, 'objects': objects}


def renamed(value, old, new):
    return json.loads(json.dumps(value).replace(old, new))


B21 = bundle([IDENTITY, od('od1', ['ev1', 'ip1']), ev('ev1', 'ip1', 'A'),
              ip('ip1', '10.0.0.5'), od('od2', ['ev2', 'ip2']),
              ev('ev2', 'ip2', 'B'), ip('ip2', '192.0.2.7')])
B20 = {'type': 'bundle', 'id': 'bundle--55555555-5555-4555-8555-555555555555',
       'spec_version': '2.0', 'objects': [
           {'type': 'identity', 'id': ID['identity'], 'name': 'reaqta',
            'identity_class': 'unknown',
            'created': '2022-04-07T20:35:41.042Z',
            'modified': '2022-04-07T20:35:41.042Z'},
           {'type': 'observed-data', 'id': ID['od1'],
            'created_by_ref': ID['identity'],
            'created': '2024-05-01T12:00:05.000Z',
            'modified': '2024-05-01T12:00:05.000Z',
            'first_observed': '2024-05-01T12:00:00.000Z',
            'last_observed': '2024-05-01T12:00:00.000Z',
            'number_observed': 1, 'objects': {
                '0': {'type': 'x-oca-event', 'action': 'A',
                      'created': '2024-05-01T12:00:00.000Z'},
                '1': {'type': 'network-traffic', 'src_ref': '2',
                      'dst_ref': '3', 'protocols': ['tcp'], 'src_port': 1},
                '2': {'type': 'ipv4-addr', 'value': '10.0.0.5'},
                '3': {'type': 'ipv4-addr', 'value': '192.0.2.7'}}}]}


def swap_events(b):
    """Both x-oca-events kept, but each observed-data refers to the
    other's."""
    b = json.loads(json.dumps(b))
    b['objects'][1]['object_refs'][0] = ID['ev2']
    b['objects'][4]['object_refs'][0] = ID['ev1']
    return b


def edit(b, index, **props):
    b = json.loads(json.dumps(b))
    b['objects'][index].update(props)
    return b


def edit20(b, key, **props):
    b = json.loads(json.dumps(b))
    b['objects'][1]['objects'][key].update(props)
    return b


def with_ip3(b):
    """One more address, referred to by nothing."""
    b = json.loads(json.dumps(b))
    b['objects'].append(ip('ip3', '198.51.100.1'))
    return b


def stix(tmp):
    new_ev = 'x-oca-event--66666666-6666-4666-8666-666666666666'
    new_od = 'observed-data--77777777-7777-4777-8777-777777777777'
    reordered = dict(B21, objects=B21['objects'][4:] + B21['objects'][:4])
    refs_reversed = json.loads(json.dumps(B21))
    refs_reversed['objects'][1]['object_refs'].reverse()
    dangling = json.loads(json.dumps(B21))
    dangling['objects'][2]['process_ref'] = \
        'process--88888888-8888-4888-8888-888888888888'
    dangling20 = edit20(B20, '0', process_ref='9')
    ids_v5 = renamed(B21, ID['ip1'],
                     'ipv4-addr--00000000-0000-5000-8000-000000000001')
    equal = [
        ('another bundle id, observed-data ids and times',
         B21, renamed(renamed(edit(edit(B21, 1, created='2030-01-01T00:00:'
                                                '00.000Z',
                                       modified='2030-01-01T00:00:00.000Z'),
                                  4, modified='2031-01-01T00:00:00.000Z'),
                              ID['od1'], new_od), 'bundle--5555',
                      'bundle--9999'), []),
        ('objects in another order', B21, reordered, []),
        ('a random id renamed everywhere', B21,
         renamed(B21, ID['ev1'], new_ev), []),
        ('a deterministic id renamed, without --ids', B21, ids_v5, []),
        ('deterministic ids kept, with --ids', B21, reordered, ['--ids']),
        ('a renamed id of a type --ids-except names', B21, ids_v5,
         ['--ids', '--ids-except', 'file,ipv4-addr']),
        ('object_refs in another order', B21, refs_reversed, []),
        ('keys in another order', B21,
         dict(B21, objects=[dict(reversed(list(o.items())))
                            for o in B21['objects']]), []),
        ('a dangling reference, with --drop-dangling', dangling, B21,
         ['--drop-dangling']),
        ('STIX 2.0: another observed-data id and times', B20,
         renamed(edit(B20, 1, created='2030-01-01T00:00:00.000Z'),
                 ID['od1'], new_od), []),
        ('STIX 2.0: a dangling reference, with --drop-dangling', dangling20,
         B20, ['--drop-dangling']),
    ]
    different = [
        ('another value', B21, edit(B21, 3, value='10.0.0.6'), [],
         'ipv4-addr (expected #4, actual #4): /value: expected "10.0.0.5", '
         'got "10.0.0.6"\n'),
        ('references that do not rename consistently', B21,
         swap_events(B21), [],
         'observed-data (expected #2, actual #2): /object_refs: without '
         '["x-oca-event--33333333-3333-4333-8333-333333333333"], with '
         '["x-oca-event--44444444-4444-4444-8444-444444444444"]\n'
         'observed-data (expected #5, actual #5): /object_refs: without '
         '["x-oca-event--44444444-4444-4444-8444-444444444444"], with '
         '["x-oca-event--33333333-3333-4333-8333-333333333333"]\n'),
        ('a deterministic id renamed, with --ids', B21, ids_v5, ['--ids'],
         'observed-data (expected #2, actual #2): /object_refs: without '
         '["ipv4-addr--9b2a70bf-92d9-5cd3-a61c-f06e7f0277c9"], with '
         '["ipv4-addr--00000000-0000-5000-8000-000000000001"]\n'
         'x-oca-event (expected #3, actual #3): /ip_refs: without '
         '["ipv4-addr--9b2a70bf-92d9-5cd3-a61c-f06e7f0277c9"], with '
         '["ipv4-addr--00000000-0000-5000-8000-000000000001"]\n'
         'ipv4-addr (expected #4, actual #4): /id: expected '
         '"ipv4-addr--9b2a70bf-92d9-5cd3-a61c-f06e7f0277c9", got '
         '"ipv4-addr--00000000-0000-5000-8000-000000000001"\n'),
        ('one object more', B21, with_ip3(B21), [],
         'actual #8 (ipv4-addr--00000000-0000-5000-8000-000000000003): not '
         'in expected\n'),
        ('one object less', with_ip3(B21), B21, [],
         'expected #8 (ipv4-addr--00000000-0000-5000-8000-000000000003): '
         'not in actual\n'),
        ('an integer and a float', edit(B21, 1, number_observed=1),
         edit(B21, 1, number_observed=1.0), [],
         'observed-data (expected #2, actual #2): /number_observed: '
         'expected 1, got 1.0\n'),
        ('true and 1', edit(B21, 3, x=True), edit(B21, 3, x=1), [],
         'ipv4-addr (expected #4, actual #4): /x: expected true, got 1\n'),
        ('0.0 and -0.0', edit(B21, 3, x=0.0), edit(B21, 3, x=-0.0), [],
         'ipv4-addr (expected #4, actual #4): /x: expected 0.0, got -0.0\n'),
        ('first_observed is compared', B21,
         edit(B21, 1, first_observed='2024-05-01T12:00:00.001Z'), [],
         'observed-data (expected #2, actual #2): /first_observed: expected '
         '"2024-05-01T12:00:00.000Z", got "2024-05-01T12:00:00.001Z"\n'),
        ('the created of an object without modified is compared',
         edit(B21, 2, created='2024-05-01T12:00:00.000Z'),
         edit(B21, 2, created='2024-05-01T12:00:00.001Z'), [],
         'x-oca-event (expected #3, actual #3): /created: expected '
         '"2024-05-01T12:00:00.000Z", got "2024-05-01T12:00:00.001Z"\n'),
        ('a dangling reference, without --drop-dangling', dangling, B21, [],
         'x-oca-event (expected #3, actual #3): /process_ref: missing '
         '(expected "process--88888888-8888-4888-8888-888888888888")\n'),
        ('a property less', B21,
         dict(B21, objects=B21['objects'][:3] + [
             {k: v for k, v in B21['objects'][3].items() if k != 'value'}]
             + B21['objects'][4:]), [],
         'ipv4-addr (expected #4, actual #4): /value: missing (expected '
         '"10.0.0.5")\n'),
        ('STIX 2.0: the numbering is compared', B20,
         edit20(B20, '1', src_ref='3', dst_ref='2'), [],
         'observed-data (expected #2, actual #2): /objects/1/dst_ref: '
         'expected "3", got "2"\n'
         'observed-data (expected #2, actual #2): /objects/1/src_ref: '
         'expected "2", got "3"\n'),
        ('STIX 2.0: a value in an observed-data', B20,
         edit20(B20, '2', value='10.0.0.9'), [],
         'observed-data (expected #2, actual #2): /objects/2/value: '
         'expected "10.0.0.5", got "10.0.0.9"\n'),
        ('the spec_version of the bundle', B20,
         dict(B20, spec_version='2.1'), [],
         '(bundle)/spec_version: expected "2.0", got "2.1"\n'),
        ('--max 2', B21, edit(edit(edit(B21, 3, value='a'), 6, value='b'),
                              2, action='c'), ['--max', '2'],
         'x-oca-event (expected #3, actual #3): /action: expected "A", got '
         '"c"\n'
         'ipv4-addr (expected #4, actual #4): /value: expected "10.0.0.5", '
         'got "a"\n'
         '... and 1 more\n'),
    ]
    files = {}

    def path(value):
        text = json.dumps(value, indent=1)
        if text not in files:
            files[text] = os.path.join(tmp, 'b%d.json' % len(files))
            with open(files[text], 'w', encoding='utf-8') as fh:
                fh.write(text)
        return files[text]

    for name, a, b, opts in equal:
        check('stix: equal: ' + name, [STIX] + opts + [path(a), path(b)], 0)
        check('stix: equal, swapped: ' + name,
              [STIX] + opts + [path(b), path(a)], 0)
    for name, a, b, opts, why in different:
        check('stix: different: ' + name, [STIX] + opts + [path(a), path(b)],
              1, why)
    # NDJSON, as reaqta2stix --ndjson writes it.
    nd = os.path.join(tmp, 'objects.ndjson')
    with open(nd, 'w', encoding='utf-8') as fh:
        for o in reordered['objects']:
            fh.write(json.dumps(renamed(o, ID['ev2'], new_ev)) + '\n')
    nd_b21 = os.path.join(tmp, 'b21.ndjson')
    with open(nd_b21, 'w', encoding='utf-8') as fh:
        for o in B21['objects']:
            fh.write(json.dumps(o, separators=(',', ':')) + '\n')
    check('stix: equal: NDJSON, reordered and renamed', [STIX, nd_b21, nd], 0)
    check('stix: different: a bundle and NDJSON', [STIX, path(B21), nd], 1,
          'expected a bundle, got NDJSON\n')
    dup = os.path.join(tmp, 'dup.json')
    with open(dup, 'w', encoding='utf-8') as fh:
        fh.write('{"type":"bundle","id":"bundle--1","objects":[{"type":'
                 '"ipv4-addr","value":"a","value":"b"}]}')
    check('stix: a key written twice is an error', [STIX, dup, dup], 2, '',
          'stix-equiv: %s: the key "value" is written twice in one '
          'object\n' % dup)
    missing = os.path.join(tmp, 'none.json')
    check('stix: an input that cannot be read', [STIX, missing, dup], 2, '',
          "stix-equiv: %s: [Errno 2] No such file or directory: '%s'\n" % (
              missing, missing))
    notjson = os.path.join(tmp, 'notjson.json')
    with open(notjson, 'w', encoding='utf-8') as fh:
        fh.write('{"type":"bundle",\n"objects":[}\n')
    check('stix: an input that is not JSON', [STIX, notjson, dup], 2, '',
          'stix-equiv: %s: Expecting value: line 2 column 12 (char 29)\n'
          % notjson)
    twice = bundle([ip('ip1', 'a'), ip('ip1', 'b')])
    check('stix: an id written twice is an error', [STIX, path(twice),
                                                    path(B21)], 2, '',
          'stix-equiv: expected: the id %s is written twice\n' % ID['ip1'])


def main():
    hunq()
    with tempfile.TemporaryDirectory() as tmp:
        stix(tmp)
    return tap.done()


sys.exit(main())
