# SPDX-License-Identifier: Apache-2.0
"""How a stix-shifter query case of tests/corpus runs as a stix2hunq
command line: shared by the corpus and reference tests."""
import json
import os


def load_cases(top_srcdir):
    path = os.path.join(top_srcdir, 'tests', 'corpus',
                        'query-goldens-sample.jsonl')
    with open(path, encoding='utf-8') as fh:
        return [json.loads(line) for line in fh if line.strip()]


def args_for(case):
    """stix2hunq's arguments for the case's options.  stix-shifter options
    that are not stix2hunq's (language, dialects, validate_pattern,
    unmapped_fallback, a time_range that is not an integer) are left out:
    stix2hunq always validates and speaks only HunQ."""
    opts = case['options']
    args = ['--now', case['now']]
    if opts.get('stix_2.1'):
        args += ['--stix-version', '2.1']
    tr = opts.get('time_range')
    if isinstance(tr, int) and not isinstance(tr, bool):
        args += ['--time-range', str(tr)]
    return args + ['--', case['pattern']]
