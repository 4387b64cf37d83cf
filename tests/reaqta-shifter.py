# SPDX-License-Identifier: Apache-2.0
"""reaqta-shifter: the command lines of the connector README (python
main.py replaced), the corpus of stix-shifter (queries and bundles, through
the tools that are checked against it), transmit and execute against the
simulator (execute compared with the stix2hunq | hunt-fetch | reaqta2stix
pipeline), the error envelope with its codes and exit statuses, the option
"mapping", arguments on standard input, and the output layout: every
indented answer must be exactly what Python's json.dumps(indent=4) writes
for it (stix-shifter's printing), --compact one line."""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                'lib'))
sys.dont_write_bytecode = True
from simlib import Sim, make_certs, tool, APP_ID, SECRET  # noqa
from tap import Tap  # noqa: E402
import corpus_args  # noqa: E402
import hunq_equiv as hunq  # noqa: E402
import stix_equiv as stix  # noqa: E402

top_srcdir = os.environ['top_srcdir']
PROG = tool('reaqta-shifter')
README_IDENTITY = ('{"type":"identity","id":"identity--f431f809-377b-45e0-'
                   'aa1c-6a4751cae5ff","name":"reaqta","identity_class":'
                   '"events", "created": "2022-04-07T20:35:41.042Z", '
                   '"modified": "2022-04-07T20:35:41.042Z"}')
README_PATTERN = ("[ipv4-addr:value = '192.168.1.2' OR network-traffic:"
                  "src_port = 443] START t'2022-04-06T00:00:00.000Z' STOP "
                  "t'2022-04-06T00:05:00.000Z'")
README_QUERY = ('(eventdata.localPort = "443" OR (login.ip = "192.168.1.2" '
                'OR $ip = "192.168.1.2")) AND happenedAfter = '
                '"2022-04-06T00:00:00.000Z" AND happenedBefore = '
                '"2022-04-06T00:05:00.000Z"')
NOW = '2024-05-01T12:00:00.123Z'
tap = Tap()


def run(args, stdin=None, env=None):
    p = subprocess.run([PROG] + args, input=stdin, capture_output=True,
                       env=env)
    return p.returncode, p.stdout.decode('utf-8'), p.stderr.decode('utf-8')


def python_layout(out):
    """Is out exactly json.dumps(indent=4) of its value, and a newline?"""
    try:
        return out == json.dumps(json.loads(out), indent=4) + '\n'
    except ValueError:
        return False


def answer(name, args, stdin=None, env=None, status=0, code=None):
    """Run; check the exit status, the layout, and for a failure the
    envelope and one line on stderr.  The parsed answer, or None."""
    st, out, err = run(args, stdin, env)
    why = []
    if st != status:
        why.append('exit %d, not %d' % (st, status))
    if not python_layout(out):
        why.append('not laid out as json.dumps(indent=4): %r' % out[:300])
        tap.ok(False, name, '\n'.join(why + [err]))
        return None
    a = json.loads(out)
    if code is not None:
        if a != {'success': False, 'code': code, 'error': a.get('error')} \
                or not isinstance(a.get('error'), str):
            why.append('envelope %r, want code %s' % (a, code))
        if err.count('\n') != 1 or a.get('error', '') not in err:
            why.append('stderr: %r' % err)
    tap.ok(not why, name, '\n'.join(why + [err]))
    return a


def hunq_equiv(a, b):
    try:
        return hunq.compare(a, b)
    except hunq.ParseError as e:
        return False, str(e)


def stix_equiv(a, b, tmp):
    fa, fb = os.path.join(tmp, 'a.json'), os.path.join(tmp, 'b.json')
    for f, text in ((fa, a), (fb, b)):
        with open(f, 'w', encoding='utf-8') as fh:
            fh.write(text)
    try:
        lines = stix.compare(fa, fb)
    except stix.InputError as e:
        return False, str(e)
    return not lines, '\n'.join(lines)


def readme_and_queries():
    # The README's translate query command.
    a = answer('README: translate reaqta query {} pattern',
               ['translate', 'reaqta', 'query', '{}', README_PATTERN])
    if a is not None:
        ok, why = hunq_equiv(a['queries'][0], README_QUERY)
        tap.ok(list(a) == ['queries'] and len(a['queries']) == 1 and ok,
               'README: the query says what the README\'s says', why)
    # Every query case of the corpus: the query of stix2hunq (which
    # tests/stix2hunq-reference.py checks against stix-shifter's) or, where
    # stix2hunq refuses the pattern, an error envelope; stix-shifter's code
    # where it failed too.
    cases = corpus_args.load_cases(top_srcdir)
    s2h = tool('stix2hunq')
    bad = []
    for case in cases:
        if 'language' in case['options'] or \
                not isinstance(case['options'].get('time_range', 5), int):
            continue
        st, out, err = run(['--now', case['now'], 'translate', 'reaqta',
                            'query', '{}', case['pattern'],
                            json.dumps(case['options'])])
        p = subprocess.run([s2h] + corpus_args.args_for(case),
                           capture_output=True, text=True)
        if p.returncode == 0:
            want = {'queries': [p.stdout.rstrip('\n')]}
            if st != 0 or json.loads(out) != want:
                bad.append('%s: %r, want %r' % (case['id'], out, want))
            continue
        a = json.loads(out)
        if st != p.returncode or a.get('success') is not False:
            bad.append('%s: exit %d %r, stix2hunq exit %d' % (
                case['id'], st, out, p.returncode))
        elif case.get('code') and a['code'] != case['code'] and not (
                case['code'] == 'invalid_parameter' and
                'validate_pattern' not in case['options']):
            bad.append('%s: code %s, stix-shifter %s' % (
                case['id'], a['code'], case['code']))
    tap.ok(not bad, 'the %d query cases of the corpus' % len(cases),
           '\n'.join(bad[:20]))


def results_cases(tmp):
    """Every results case: the bundle says what reaqta2stix's says (which
    tests/reaqta2stix-corpus.py checks against stix-shifter's)."""
    corpus = os.path.join(top_srcdir, 'tests', 'corpus', 'results')
    with open(os.path.join(corpus, 'manifest.json'), encoding='utf-8') as fh:
        manifest = json.load(fh)
    bad = []
    n = 0
    for case in manifest['cases']:
        with open(os.path.join(corpus, case['input']), encoding='utf-8') as fh:
            data = fh.read()
        for version in sorted(case['outputs']):
            n += 1
            opts = {'stix_2.1': True} if version == 'stix21' else {}
            st, out, err = run(['--now', NOW, 'translate', 'reaqta',
                                'results', json.dumps(case['identity']),
                                data, json.dumps(opts)])
            args = ['--identity', json.dumps(case['identity']), '--now', NOW]
            if version == 'stix21':
                args += ['--stix-version', '2.1']
            p = subprocess.run([tool('reaqta2stix')] + args,
                               input=data.encode(), capture_output=True)
            ok, why = stix_equiv(p.stdout.decode(), out, tmp)
            err2 = p.stderr.decode().replace('standard input', 'data') \
                .replace('reaqta2stix:', 'reaqta-shifter:')
            if st != p.returncode or not ok or err != err2 or \
                    not python_layout(out):
                bad.append('%s %s: exit %d/%d %s %r' % (
                    case['case'], version, st, p.returncode, why, err))
    tap.ok(not bad, 'the %d results cases of the corpus' % n,
           '\n'.join(bad[:10]))
    # The README's translate results command, on the README's event.
    readme = os.path.join(top_srcdir, 'tests', 'corpus', 'readme')
    with open(os.path.join(readme, 'readme-event.json'), encoding='utf-8') \
            as fh:
        event = fh.read()
    a = answer('README: translate reaqta results identity [event]',
               ['translate', 'reaqta', 'results', README_IDENTITY, event])
    tap.ok(a is not None and a['type'] == 'bundle' and
           a['objects'][0]['identity_class'] == 'events' and
           sum(o['type'] == 'observed-data' for o in a['objects']) == 1,
           'README: a bundle with the README identity and one '
           'observed-data')
    # The events on standard input, in STIX 2.1, NDJSON.
    a = answer('translate results - (events on standard input), stix_2.1',
               ['translate', 'reaqta', 'results', README_IDENTITY, '-',
                '{"stix_2.1": true}'], stdin=event.encode())
    tap.ok(a is not None and a['objects'][0].get('spec_version') == '2.1',
           'stix_2.1 gives a 2.1 bundle')
    # unmapped_fallback
    a = answer('translate results, unmapped_fallback',
               ['translate', 'reaqta', 'results', README_IDENTITY,
                '[{"eventId": "1", "happenedAt": "2024-05-01T00:00:00Z", '
                '"payload": {"data": {}}, "oddKey": 7}]',
                '{"unmapped_fallback": true}'])
    tap.ok(a is not None and any(
        o.get('type') == 'x-reaqta-unmapped' and o['fields'] == {'oddKey': 7}
        for od in a['objects'][1:] for o in od['objects'].values()),
        'unmapped_fallback keeps the key in x-reaqta-unmapped')
    # --compact: one line of the same value.
    st, out, err = run(['--compact', 'translate', 'reaqta', 'query', '{}',
                        README_PATTERN])
    tap.ok(st == 0 and out.count('\n') == 1 and json.loads(out)['queries'],
           '--compact: one line', out)
    # Text beyond ASCII as \\u escapes, as Python writes it.
    a = answer('non-ASCII in the answer, as \\u escapes',
               ['translate', 'reaqta', 'results', README_IDENTITY,
                '[{"eventId": "\u00e9\U0001f600", "happenedAt": '
                '"2024-05-01T00:00:00Z", "payload": {"data": {}}}]'])
    tap.ok(a is not None and a['objects'][1]['objects']['0']['code'] ==
           '\u00e9\U0001f600', 'the value survives the escapes')


def mapping():
    m = {'from_stix_map': {'ipv4-addr': {'fields': {'value': ['myfield',
                                                              'ip']}}},
         'to_stix_map': {'myKey': {'key': 'x-acme.thing', 'object': 'o'},
                         'happenedAt': [{'key': 'first_observed'},
                                        {'key': 'last_observed'}]}}
    a = answer('options: mapping, query side',
               ['--now', NOW, 'translate', 'reaqta', 'query', '{}',
                "[ipv4-addr:value = '1.2.3.4']",
                json.dumps({'mapping': m})])
    tap.ok(a is not None and a['queries'][0].startswith(
        '((myfield = "1.2.3.4" OR $ip = "1.2.3.4"))'),
        'the mapping\'s fields, ip as $ip', a)
    a = answer('options: mapping, results side',
               ['--now', NOW, 'translate', 'reaqta', 'results',
                README_IDENTITY, '[{"myKey": "v", "happenedAt": '
                '"2024-05-01T00:00:00.000Z"}]', json.dumps({'mapping': m})])
    tap.ok(a is not None and a['objects'][1]['objects'] ==
           {'0': {'type': 'x-acme', 'thing': 'v'}},
           'the mapping\'s results', a)
    answer('options: mapping with an unknown attribute',
           ['translate', 'reaqta', 'results', README_IDENTITY, '[]',
            json.dumps({'mapping': {'to_stix_map': {'k': {'key': 'a.b',
                                                          'bogus': 1}}}})],
           status=64, code='invalid_parameter')


def errors():
    q = ['translate', 'reaqta', 'query']
    answer('identity not JSON', q + ['{', README_PATTERN], status=64,
           code='invalid_parameter')
    answer('an unknown option', q + ['{}', README_PATTERN,
                                     '{"colour": "red"}'],
           status=64, code='invalid_parameter')
    answer('time_range out of range', q + ['{}', README_PATTERN,
                                           '{"time_range": 0}'],
           status=64, code='invalid_parameter')
    answer('language other than stix', q + ['{}', README_PATTERN,
                                            '{"language": "sql"}'],
           status=64, code='invalid_parameter')
    answer('an unmapped property', q + ['{}', "[file:foo = 'a']"],
           status=65, code='mapping_error')
    answer('a syntax error', q + ['{}', "[file:name = 'a'"], status=65,
           code='translation_error')
    answer('a syntax error with validate_pattern',
           q + ['{}', "[file:name = 'a'", '{"validate_pattern": true}'],
           status=65, code='invalid_parameter')
    answer('another module', ['translate', 'splunk', 'query', '{}',
                              README_PATTERN],
           status=64, code='invalid_parameter')
    answer('malformed events', ['translate', 'reaqta', 'results',
                                README_IDENTITY, '[{"a": }]'],
           status=65, code='invalid_parameter')
    answer('an identity STIX refuses', ['translate', 'reaqta', 'results',
                                        '{"type": "identity", "id": "x"}',
                                        '[]'],
           status=64, code='invalid_parameter')
    st, out, err = run(['translate', 'reaqta'])
    tap.ok(st == 64 and out == '' and 'usage:' in err,
           'too few arguments: usage, exit 64', err)
    st, out, err = run(['--help'])
    tap.ok(st == 0 and 'usage:' in out and 'Exit status' in out, '--help')


def hunt_api(tmp):
    tls = make_certs(os.path.join(tmp, 'tls'))
    sim = Sim(tmp, tls, '--events', '2000')
    with open(os.path.join(tls, 'ca.pem'), encoding='utf-8') as fh:
        ca = fh.read()
    conn = json.dumps({'host': 'localhost', 'port': sim.port,
                       'selfSignedCert': ca})
    conf = json.dumps({'auth': {'app_id': APP_ID, 'secret_key': SECRET}})
    t = ['transmit', 'reaqta', conn, conf]
    a = answer('transmit ping', t + ['ping'])
    tap.ok(a == {'success': True}, 'ping: {"success": true}', a)
    answer('transmit ping, wrong secret',
           ['transmit', 'reaqta', conn,
            json.dumps({'auth': {'app_id': APP_ID, 'secret_key': 'x'}}),
            'ping'], status=77, code='authentication_fail')
    # The README's transmit results command (query, offset 0, length 1).
    query = README_QUERY.replace('2022-04-06T00:00', '2026-11-01T00:00')
    query = query.replace('2022-04-06T00:05', '2026-11-02T00:05')
    a = answer('README: transmit reaqta conn conf results query 0 1',
               t + ['results', query, '0', '1'])
    match = subprocess.run([sys.executable, os.path.join(
        top_srcdir, 'tests', 'lib', 'hunt-sim.py'), '--events', '2000',
        '--match', query], capture_output=True, text=True).stdout.splitlines()
    first = json.loads(match[0])
    tap.ok(a is not None and list(a) == ['success', 'data'] and
           len(a['data']) == 1 and a['data'][0]['eventId'] ==
           first['eventId'] and 'eventName' in a['data'][0]['payload'],
           'results: the first event, enriched (eventName)', a and a['data'])
    a = answer('transmit results 3 5', t + ['results', query, '3', '5'])
    tap.ok(a is not None and [e['eventId'] for e in a['data']] ==
           [json.loads(m)['eventId'] for m in match[3:8]],
           'results OFFSET LENGTH: the events 4 to 8', a and len(a['data']))
    answer('transmit results, a query the server refuses',
           t + ['results', 'this is not HunQ (', '0', '1'], status=65,
           code='query_syntax_error')
    a = answer('transmit query', t + ['query', query])
    tap.ok(a == {'success': True, 'search_id': query}, 'query: search_id')
    a = answer('transmit status', t + ['status', query])
    tap.ok(a == {'success': True, 'status': 'COMPLETED', 'progress': 100},
           'status: COMPLETED, 100', a)
    a = answer('transmit delete', t + ['delete', query])
    tap.ok(a == {'success': True}, 'delete: {"success": true}', a)
    answer('transmit, an unknown operation', t + ['frobnicate'], status=64,
           code='invalid_parameter')
    # Secrets through standard input, not the command line.
    a = answer('the configuration on standard input',
               t[:3] + ['-', 'ping'], stdin=conf.encode())
    tap.ok(a == {'success': True}, 'ping with "-" as the configuration')
    answer('no host', ['transmit', 'reaqta', '{}', conf, 'ping'], status=64,
           code='invalid_parameter')
    # execute: every page (689 events, two pages of 500), the same bundle
    # as the pipeline of the three tools.
    pattern = ("[file:name = 'svchost.exe' OR file:name = 'powershell.exe' "
               "OR file:name = 'chrome.exe'] START t'2026-11-01T00:00:00Z' "
               "STOP t'2026-11-02T00:00:00Z'")
    identity = json.dumps({'type': 'identity', 'id': 'identity--f431f809-'
                           '377b-45e0-aa1c-6a4751cae5ff', 'name': 'reaqta',
                           'identity_class': 'system'})
    for v21 in (False, True):
        c = json.loads(conn)
        if v21:
            c['options'] = {'stix_2.1': True}
        st, out, err = run(['--now', NOW, 'execute', 'reaqta', 'reaqta',
                            identity, json.dumps(c), conf, pattern])
        env = sim.env()
        pipe = subprocess.run(
            'stix2hunq "$P" | hunt-fetch | reaqta2stix --now %s '
            '--identity "$I"%s' % (NOW, ' --stix-version 2.1' if v21
                                   else ''), shell=True,
            env=dict(env, P=pattern, I=identity), capture_output=True)
        ok, why = stix_equiv(pipe.stdout.decode(), out, tmp)
        n = sum(o['type'] == 'observed-data' for o in json.loads(out)
                ['objects']) if st == 0 else -1
        tap.ok(st == 0 and ok and n == 689 and python_layout(out),
               'execute%s: all 689 events, as the pipeline' % (
                   ' (stix_2.1)' if v21 else ''), why + err)
    st, out, err = run(['execute', 'reaqta', 'reaqta', identity, conn,
                        conf, pattern, '-r', '10'])
    tap.ok(st == 0 and sum(o['type'] == 'observed-data' for o in json.loads(
        out)['objects']) == 10, 'execute -r 10: ten events', err)
    answer('execute, an unmapped pattern',
           ['execute', 'reaqta', 'reaqta', identity, conn, conf,
            "[file:foo = 'a']"], status=65, code='mapping_error')
    sim.stop()


def main():
    with tempfile.TemporaryDirectory() as tmp:
        readme_and_queries()
        results_cases(tmp)
        mapping()
        errors()
        hunt_api(tmp)
    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
