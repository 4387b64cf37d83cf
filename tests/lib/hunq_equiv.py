# SPDX-License-Identifier: Apache-2.0
"""hunq-equiv: are two HunQ queries logically equal?

usage: hunq_equiv.py QUERY_A QUERY_B
       hunq_equiv.py --parse QUERY

Equal means: the same truth table over the comparisons.  Each comparison
`field op literal` is one boolean atom, taken as written: the field name
is case-sensitive, a literal keeps its quotes ("443" and 443 are different
atoms, since nothing says the server reads them alike), a string runs to
the next double quote (HunQ has no escape character).  `field != v` is
NOT (field = v).  NOT binds tighter than AND, AND tighter than OR; the
keywords are case-insensitive.  Whatever the operand order and the
parentheses, two queries are equal when they are true for exactly the
same assignments of true and false to their atoms; this is decided
exactly, with a reduced ordered binary decision diagram, for any number of
atoms.

Exit status: 0 equal, 1 different (a counterexample is printed), 2 a
query does not parse or the command line is wrong."""
import re
import sys

TOKEN = re.compile(r'''
    (?P<ws>\s+)
  | (?P<lp>\()
  | (?P<rp>\))
  | (?P<op>!=|>=|<=|=|>|<)
  | (?P<str>"[^"]*"?)
  | (?P<word>[^\s()"=!<>]+)
''', re.X)
KEYWORDS = ('AND', 'OR', 'NOT')


class ParseError(Exception):
    """A query that is not HunQ: the message names the column."""


def tokens(text):
    """[(kind, text, column)] of a query; kind is lp, rp, op, lit, word or
    a keyword."""
    out, pos = [], 0
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if m is None:
            raise ParseError('column %d: unexpected %r' % (pos + 1,
                                                           text[pos]))
        kind, val = m.lastgroup, m.group()
        if kind == 'str' and (len(val) < 2 or not val.endswith('"')):
            raise ParseError('column %d: unterminated string' % (pos + 1))
        if kind == 'word' and val.upper() in KEYWORDS:
            kind = val.upper()
        if kind != 'ws':
            out.append((kind, val, pos + 1))
        pos = m.end()
    out.append(('end', '', len(text) + 1))
    return out


class Parser:
    """Recursive descent over the tokens: the tree is nested tuples
    ('or', [a, b, ...]), ('and', [a, b, ...]), ('not', a) and ('atom',
    (field, op, literal))."""

    def __init__(self, text):
        self.toks = tokens(text)
        self.i = 0

    def peek(self):
        return self.toks[self.i]

    def take(self, kind, what):
        tok = self.peek()
        if tok[0] != kind:
            found = 'the end' if tok[0] == 'end' else repr(tok[1])
            raise ParseError('column %d: expected %s, found %s' % (
                tok[2], what, found))
        self.i += 1
        return tok

    def query(self):
        tree = self.disjunction()
        self.take('end', 'AND, OR or the end')
        return tree

    def disjunction(self):
        return self.chain('OR', self.conjunction)

    def conjunction(self):
        return self.chain('AND', self.negation)

    def chain(self, keyword, operand):
        """operand (keyword operand)*, as one n-ary node."""
        items = [operand()]
        while self.peek()[0] == keyword:
            self.i += 1
            items.append(operand())
        return items[0] if len(items) == 1 else (keyword.lower(), items)

    def negation(self):
        if self.peek()[0] == 'NOT':
            self.i += 1
            return ('not', self.negation())
        if self.peek()[0] == 'lp':
            self.i += 1
            tree = self.disjunction()
            self.take('rp', "')'")
            return tree
        field = self.take('word', 'a field, NOT or (')[1]
        op = self.take('op', 'a comparison operator')[1]
        tok = self.peek()
        if tok[0] not in ('str', 'word'):
            self.take('str', 'a value')
        self.i += 1
        if op == '!=':
            return ('not', ('atom', (field, '=', tok[1])))
        return ('atom', (field, op, tok[1]))


def parse(text):
    """The tree of one query; ParseError when it is not HunQ."""
    return Parser(text).query()


def atom_text(atom):
    return '%s %s %s' % atom


def canonical(tree):
    """The tree written back with every operator in parentheses."""
    kind = tree[0]
    if kind == 'atom':
        return atom_text(tree[1])
    if kind == 'not':
        return 'NOT ' + canonical(tree[1])
    return '(%s)' % (' %s ' % kind.upper()).join(map(canonical, tree[1]))


class BDD:
    """A reduced ordered binary decision diagram: node 0 is false, 1 is
    true, any other node n is (variable, low, high) at self.nodes[n]."""

    def __init__(self):
        self.nodes = [None, None]
        self.unique = {}
        self.order = {}
        self.memo = {}

    def var(self, atom):
        if atom not in self.order:
            self.order[atom] = len(self.order)
        return self.node(self.order[atom], 0, 1)

    def node(self, v, lo, hi):
        if lo == hi:
            return lo
        key = (v, lo, hi)
        n = self.unique.get(key)
        if n is None:
            n = len(self.nodes)
            self.nodes.append(key)
            self.unique[key] = n
        return n

    def top(self, n):
        return self.nodes[n][0] if n > 1 else len(self.order)

    def apply(self, op, a, b):
        """a op b, where op is 'and', 'or' or 'xor'."""
        if a > b:
            a, b = b, a
        if a <= 1:
            if op == 'and':
                return b if a == 1 else 0
            if op == 'or':
                return 1 if a == 1 else b
            if b <= 1:
                return int(a != b)
            if a == 0:
                return b
        elif a == b:
            return 0 if op == 'xor' else a
        key = (op, a, b)
        if key in self.memo:
            return self.memo[key]
        v = min(self.top(a), self.top(b))
        a0, a1 = (self.nodes[a][1:]) if self.top(a) == v else (a, a)
        b0, b1 = (self.nodes[b][1:]) if self.top(b) == v else (b, b)
        n = self.node(v, self.apply(op, a0, b0), self.apply(op, a1, b1))
        self.memo[key] = n
        return n

    def build(self, tree):
        kind = tree[0]
        if kind == 'atom':
            return self.var(tree[1])
        if kind == 'not':
            return self.apply('xor', self.build(tree[1]), 1)
        # Joined from the deepest operand up, a chain of atoms costs one
        # node an atom.
        items = sorted((self.build(item) for item in tree[1]),
                       key=self.top, reverse=True)
        n = items[0]
        for item in items[1:]:
            n = self.apply(kind, n, item)
        return n

    def witness(self, n):
        """{variable: bool} on one path from n (not 0) to true."""
        out = {}
        while n > 1:
            v, lo, hi = self.nodes[n]
            # False where it can be: the fewer true atoms, the shorter
            # the counterexample.
            if lo != 0:
                out[v], n = False, lo
            else:
                out[v], n = True, hi
        return out


def compare(a, b):
    """(True, '') when queries a and b are equal, else (False, why) where
    why is a counterexample; raises ParseError naming the query."""
    trees = []
    for name, text in (('A', a), ('B', b)):
        try:
            trees.append(parse(text))
        except ParseError as e:
            raise ParseError('query %s: %s' % (name, e)) from None
    # The recursion of BDD.apply is as deep as the number of atoms.
    sys.setrecursionlimit(max(sys.getrecursionlimit(),
                              4 * (len(a) + len(b)) + 1000))
    bdd = BDD()
    fa, fb = bdd.build(trees[0]), bdd.build(trees[1])
    if fa == fb:
        return True, ''
    w = bdd.witness(bdd.apply('xor', fa, fb))
    value = {atom: w.get(v, False) for atom, v in bdd.order.items()}
    true_side = 'A' if evaluate(trees[0], value) else 'B'
    # Every atom off the witness's path may be false: name the true ones.
    shown = [atom_text(atom) for atom in bdd.order if value[atom]]
    if not shown:
        return False, 'only %s is true when every comparison is false' % (
            true_side)
    return False, 'only %s is true when %s %s true and every other ' \
        'comparison is false' % (true_side, ', '.join(shown),
                                 'is' if len(shown) == 1 else 'are')


def evaluate(tree, value):
    """The truth of a tree for {atom: bool}."""
    kind = tree[0]
    if kind == 'atom':
        return value[tree[1]]
    if kind == 'not':
        return not evaluate(tree[1], value)
    if kind == 'and':
        return all(evaluate(item, value) for item in tree[1])
    return any(evaluate(item, value) for item in tree[1])


def main(argv):
    if len(argv) == 2 and argv[0] == '--parse':
        try:
            print(canonical(parse(argv[1])))
        except ParseError as e:
            print('hunq-equiv: %s' % e, file=sys.stderr)
            return 2
        return 0
    if len(argv) != 2 or argv[0].startswith('--'):
        print('usage: hunq_equiv.py QUERY_A QUERY_B\n'
              '       hunq_equiv.py --parse QUERY', file=sys.stderr)
        return 2
    try:
        same, why = compare(argv[0], argv[1])
    except ParseError as e:
        print('hunq-equiv: %s' % e, file=sys.stderr)
        return 2
    if same:
        print('equal')
        return 0
    print('different: ' + why)
    return 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
