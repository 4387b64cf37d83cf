# SPDX-License-Identifier: Apache-2.0
"""stix-equiv: do two STIX 2.0 or 2.1 outputs say the same thing?

usage: stix_equiv.py [--drop-dangling] [--ids] [--ids-except TYPE,...]
                     [--max N] EXPECTED ACTUAL

EXPECTED and ACTUAL are each a bundle, or NDJSON with one STIX object a
line (reaqta2stix --ndjson).  They are equal when their objects can be
paired one to one so that paired objects are equal, whatever the order of
the objects:
- identifiers are labels: an identifier may be renamed as long as the
  renaming is the same everywhere (the object's id and every reference to
  it) and keeps the type; with --ids, a deterministic identifier (UUIDv5,
  STIX 2.1 SCOs) must be the same text, except for the types that
  --ids-except lists;
- the bundle's id and the time of translation are not compared: created
  and modified of every object that has modified (SDOs, SROs and meta
  objects; SCOs have none);
- a list of references (*_refs) is a set; every other list is ordered;
- in STIX 2.0 the keys of an observed-data's objects are compared as they
  are (the numbering is part of what a translator writes);
- numbers compare by value and type (1 is not 1.0, 0.0 is not -0.0);
  true is not 1; a key written twice in one object is an error.
--drop-dangling leaves out, on both sides, each reference to an object that
is not there.  --max N prints at most N differences (default 10).

Exit status: 0 equal, 1 different (the differences are printed, each with
the object and the JSON path), 2 an input cannot be read or the command
line is wrong."""
import hashlib
import json
import re
import sys

ID_RE = re.compile(r'^([a-z0-9][a-z0-9-]*[a-z0-9])--'
                   r'([0-9a-f]{8}-[0-9a-f]{4}-([0-9a-f])[0-9a-f]{3}-'
                   r'[0-9a-f]{4}-[0-9a-f]{12})$')
MASKED = ('created', 'modified')


class InputError(Exception):
    """An input that is not STIX JSON: the message names it."""


class Number:
    """A JSON number that is not an integer, kept with its value's
    sign."""

    def __init__(self, text):
        self.value = float(text)

    def key(self):
        return repr(self.value)


def no_duplicates(pairs):
    out = {}
    for k, v in pairs:
        if k in out:
            raise ValueError('the key %s is written twice in one object'
                             % json.dumps(k))
        out[k] = v
    return out


def load(path):
    """(bundle properties or None for NDJSON, [objects]) of one input."""
    try:
        with open(path, encoding='utf-8') as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError) as e:
        raise InputError('%s: %s' % (path, e)) from None
    decoder = json.JSONDecoder(object_pairs_hook=no_duplicates,
                               parse_float=Number)
    values, pos = [], 0
    try:
        while True:
            while pos < len(text) and text[pos] in ' \t\r\n':
                pos += 1
            if pos == len(text):
                break
            value, pos = decoder.raw_decode(text, pos)
            values.append(value)
    except ValueError as e:
        raise InputError('%s: %s' % (path, e)) from None
    if not values or not all(isinstance(v, dict) for v in values):
        raise InputError('%s: not STIX objects' % path)
    if len(values) == 1 and values[0].get('type') == 'bundle':
        bundle = dict(values[0])
        objects = bundle.pop('objects', [])
        bundle.pop('id', None)
        if not isinstance(objects, list) or not all(
                isinstance(o, dict) for o in objects):
            raise InputError('%s: the bundle\'s objects are not a list of '
                             'objects' % path)
        return bundle, objects
    return None, values


class Side:
    """One input's objects with their identifiers resolved."""

    def __init__(self, name, objects, fixed):
        self.name = name
        self.objects = objects
        self.by_id = {}
        for i, o in enumerate(objects):
            oid = o.get('id')
            if isinstance(oid, str):
                if oid in self.by_id:
                    raise InputError('%s: the id %s is written twice' % (
                        name, oid))
                self.by_id[oid] = i
        self.fixed = fixed

    def label(self, i):
        o = self.objects[i]
        return '%s #%d (%s)' % (self.name, i + 1, o.get('id', o.get('type')))


def fixed_id(value, ids, except_types):
    """Whether an identifier is compared as text (--ids)."""
    m = ID_RE.match(value) if isinstance(value, str) else None
    return bool(ids and m and m.group(3) == '5' and
                m.group(1) not in except_types)


def masked(o):
    """An object without what is not compared."""
    if 'modified' not in o:
        return o
    return {k: v for k, v in o.items() if k not in MASKED}


def drop_dangling(objects):
    """The objects without references to objects that are not there (2.1
    identifiers, and 2.0 keys of an observed-data's objects)."""
    ids = {o.get('id') for o in objects}

    def walk(v, known):
        if isinstance(v, dict):
            out = {}
            for k, x in v.items():
                if k == 'objects' and isinstance(x, dict):
                    x = {n: walk(so, set(x)) for n, so in x.items()}
                elif k.endswith('_ref') and isinstance(x, str):
                    if x not in known:
                        continue
                elif k.endswith('_refs') and isinstance(x, list):
                    x = [r for r in x if r in known]
                    if not x:
                        continue
                else:
                    x = walk(x, known)
                out[k] = x
            return out
        if isinstance(v, list):
            return [walk(x, known) for x in v]
        return v

    return [walk(o, ids) for o in objects]


def canon(v, ref):
    """A text for v in which equal values are equal texts; ref(text)
    gives the text of a reference."""
    if isinstance(v, dict):
        parts = []
        for k in sorted(v):
            x = v[k]
            if k.endswith('_ref') and isinstance(x, str):
                c = ref(x)
            elif k.endswith('_refs') and isinstance(x, list) and all(
                    isinstance(r, str) for r in x):
                c = '{%s}' % ','.join(sorted(ref(r) for r in x))
            else:
                c = canon(x, ref)
            parts.append('%s:%s' % (json.dumps(k), c))
        return '{%s}' % ','.join(parts)
    if isinstance(v, list):
        return '[%s]' % ','.join(canon(x, ref) for x in v)
    if isinstance(v, bool) or v is None:
        return json.dumps(v)
    if isinstance(v, int):
        return 'i%d' % v
    if isinstance(v, Number):
        return 'f' + v.key()
    return json.dumps(v)


def digest(text):
    return hashlib.sha256(text.encode('utf-8')).hexdigest()[:24]


def colours(side):
    """A colour for each object: equal colours on both sides for objects
    that are equal up to the renaming of identifiers (refined over the
    references until the partition is stable)."""
    objs = [masked(o) for o in side.objects]

    def body(o):
        return {k: v for k, v in o.items() if k != 'id' or side.fixed(v)}

    def start(r):
        i = side.by_id.get(r)
        if side.fixed(r):
            return 'id:' + r
        if i is None:
            return 'dangling:' + r
        return 'type:' + r.split('--')[0]

    cur = [digest(canon(body(o), start)) for o in objs]
    count = len(set(cur))
    while True:
        def ref(r, cur=cur):
            i = side.by_id.get(r)
            return start(r) if side.fixed(r) or i is None else cur[i]
        new = [digest(cur[n] + canon(body(o), ref))
               for n, o in enumerate(objs)]
        if len(set(new)) == count:
            return new
        cur, count = new, len(set(new))


def pair(a, b, ca, cb):
    """[(i, j)] pairs of objects of equal colour, in order, and the indexes
    left over on each side."""
    free = {}
    for j, c in enumerate(cb):
        free.setdefault(c, []).append(j)
    pairs, left_a = [], []
    for i, c in enumerate(ca):
        if free.get(c):
            pairs.append((i, free[c].pop(0)))
        else:
            left_a.append(i)
    left_b = sorted(j for js in free.values() for j in js)
    return pairs, left_a, left_b


def renamer(a, b, pairs):
    """ref(text) for the expected side: its identifiers as the actual
    side's paired ones."""
    to_b = {}
    for i, j in pairs:
        ia, ib = a.objects[i].get('id'), b.objects[j].get('id')
        if isinstance(ia, str):
            to_b[ia] = ib

    def ref(r):
        if a.fixed(r):
            return r
        return to_b.get(r, r)
    return ref


def diff(x, y, path, out, limit):
    """Append 'PATH: expected X, got Y' lines for where x and y differ."""
    if len(out) >= limit:
        return
    if isinstance(x, dict) and isinstance(y, dict):
        for k in sorted(set(x) | set(y)):
            p = '%s/%s' % (path, k)
            if k not in y:
                out.append('%s: missing (expected %s)' % (p, show(x[k])))
            elif k not in x:
                out.append('%s: unexpected %s' % (p, show(y[k])))
            elif k.endswith('_refs') and isinstance(x[k], list) and \
                    isinstance(y[k], list):
                gone = [r for r in x[k] if r not in y[k]]
                new = [r for r in y[k] if r not in x[k]]
                if gone or new or len(x[k]) != len(y[k]):
                    out.append('%s: without %s, with %s' % (
                        p, show(gone), show(new)))
            else:
                diff(x[k], y[k], p, out, limit)
        return
    if isinstance(x, list) and isinstance(y, list) and len(x) == len(y):
        for n, (u, v) in enumerate(zip(x, y)):
            diff(u, v, '%s/%d' % (path, n), out, limit)
        return
    if canon(x, str) != canon(y, str):
        out.append('%s: expected %s, got %s' % (path or '/', show(x),
                                                show(y)))


def show(v, width=120):
    text = json.dumps(v, default=lambda n: n.value, sort_keys=True,
                      ensure_ascii=False)
    return text if len(text) <= width else text[:width] + '...'


def unlike(x, y):
    """How many properties of two objects differ."""
    x, y = masked(x), masked(y)
    return sum(canon(x.get(k), str) != canon(y.get(k), str)
               for k in set(x) | set(y))


def rewrite(v, ref, top=True):
    """v with its id and every reference through ref, and reference lists
    sorted."""
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            if k.endswith('_ref') and isinstance(x, str) or \
                    top and k == 'id' and isinstance(x, str):
                x = ref(x)
            elif k.endswith('_refs') and isinstance(x, list) and all(
                    isinstance(r, str) for r in x):
                x = sorted(ref(r) for r in x)
            else:
                x = rewrite(x, ref, False)
            out[k] = x
        return out
    if isinstance(v, list):
        return [rewrite(x, ref, False) for x in v]
    return v


def compare(expected, actual, ids=False, ids_except=(), dangling=False,
            limit=10):
    """The differences between two inputs (paths), as a list of lines:
    empty when they are equal.  Raises InputError."""
    (ba, oa), (bb, ob) = load(expected), load(actual)
    out = []
    if (ba is None) != (bb is None):
        return ['expected %s, got %s' % (
            'a bundle' if ba is not None else 'NDJSON',
            'a bundle' if bb is not None else 'NDJSON')]
    if ba is not None:
        diff(ba, bb, '(bundle)', out, limit)
    if dangling:
        oa, ob = drop_dangling(oa), drop_dangling(ob)

    def fixed(r):
        return fixed_id(r, ids, ids_except)
    a, b = Side('expected', oa, fixed), Side('actual', ob, fixed)
    pairs, left_a, left_b = pair(a, b, colours(a), colours(b))
    # What is left is paired with the most alike object of its type, to
    # say how the two differ.
    missing = []
    for i in left_a:
        near = [(unlike(oa[i], ob[j]), j) for j in left_b
                if ob[j].get('type') == oa[i].get('type')]
        if near:
            j = min(near)[1]
            left_b.remove(j)
            pairs.append((i, j))
        else:
            missing.append('%s: not in actual' % a.label(i))
    missing += ['%s: not in expected' % b.label(j) for j in left_b]
    # Paired objects of one colour are equal; the renaming is checked
    # anyway, so that a pairing of look-alikes cannot hide a difference.
    ref_a = renamer(a, b, pairs)
    for i, j in sorted(pairs):
        lines = []
        diff(rewrite(masked(oa[i]), ref_a), rewrite(masked(ob[j]), str),
             '', lines, limit)
        out += ['%s (expected #%d, actual #%d): %s' % (
            ob[j].get('type'), i + 1, j + 1, d) for d in lines]
    out += missing
    return out[:limit] + (['... and %d more' % (len(out) - limit)]
                          if len(out) > limit else [])


def main(argv):
    opts = {'ids': False, 'ids_except': (), 'dangling': False, 'limit': 10}
    files = []
    args = list(argv)
    try:
        while args:
            arg = args.pop(0)
            if arg == '--ids':
                opts['ids'] = True
            elif arg == '--ids-except':
                opts['ids_except'] = tuple(args.pop(0).split(','))
            elif arg == '--drop-dangling':
                opts['dangling'] = True
            elif arg == '--max':
                opts['limit'] = int(args.pop(0))
                if opts['limit'] < 1:
                    raise ValueError
            elif arg.startswith('-') and arg != '-':
                raise ValueError
            else:
                files.append(arg)
        if len(files) != 2:
            raise ValueError
    except (IndexError, ValueError):
        print(__doc__.split('\n\n')[1], file=sys.stderr)
        return 2
    try:
        lines = compare(files[0], files[1], **opts)
    except InputError as e:
        print('stix-equiv: %s' % e, file=sys.stderr)
        return 2
    for line in lines:
        print(line)
    return 1 if lines else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
