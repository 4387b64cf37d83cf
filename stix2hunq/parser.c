/* SPDX-License-Identifier: Apache-2.0 */
/* The STIX pattern parser. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "exitcodes.h"
#include "error.h"
#include "lexer.h"
#include "parser.h"
#include "strbuf.h"
#include "timestamp.h"

/* Deeper nesting of parentheses is refused, so that recursion stays
 * bounded whatever the input. */
enum {
	MAX_DEPTH = 200
};

struct parser {
	struct lexer lx;
	struct token tok;
	enum stix_version ver;
	struct arena *a;
	struct rs_error *e;
	int depth;
	size_t prev_end;  /* where the token before tok ends */
	struct strbuf sb; /* scratch for canonical paths */
};

static int
fail_oom(struct parser *p)
{
	error_set(p->e, EXIT_SOFTWARE, "out of memory");
	return -1;
}

static void *
alloc(struct parser *p, size_t size)
{
	void *q = arena_alloc(p->a, size);

	if (q != NULL)
		memset(q, 0, size);
	else
		fail_oom(p);
	return q;
}

static int
advance(struct parser *p)
{
	p->prev_end = p->tok.off + p->tok.len;
	if (lex_next(&p->lx, &p->tok) < 0)
		return error_at(p->e, p->lx.err_off, "%s", p->lx.err);
	return 0;
}

/* How the current token is named in "expected X, found Y". */
static const char *
describe(struct parser *p, char *buf, size_t size)
{
	const struct token *t = &p->tok;

	switch (t->kind) {
	case TOK_EOF:
		return "the end of the pattern";
	case TOK_STRING:
		return "a string";
	case TOK_INT:
	case TOK_FLOAT:
		return "a number";
	case TOK_TIMESTAMP:
		return "a timestamp";
	case TOK_HEX:
		return "a hex literal";
	case TOK_BINARY:
		return "a binary literal";
	default:
		if (t->len > 40)
			snprintf(buf, size, "'%.37s...'", p->lx.src + t->off);
		else
			snprintf(buf, size, "'%.*s'", (int)t->len,
			    p->lx.src + t->off);
		return buf;
	}
}

static int
expected(struct parser *p, const char *what)
{
	char buf[64];

	return error_at(p->e, p->tok.off, "expected %s, found %s", what,
	    describe(p, buf, sizeof(buf)));
}

static int
expect(struct parser *p, enum tok kind, const char *what)
{
	if (p->tok.kind != kind)
		return expected(p, what);
	return advance(p);
}

static int
enter(struct parser *p)
{
	if (++p->depth > MAX_DEPTH)
		return error_at(p->e, p->tok.off,
		    "parentheses nested deeper than %d levels", MAX_DEPTH);
	return 0;
}

/* ---- literals ---- */

/* The characters of a string token, \' and \\ unescaped, into the arena. */
static const char *
unescape(struct parser *p, const struct token *t, size_t *len)
{
	const char *s = p->lx.src + t->off + 1;
	size_t n = t->len - 2, i, k = 0;
	char *out = arena_alloc(p->a, n + 1);

	if (out == NULL) {
		fail_oom(p);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (s[i] == '\\')
			i++;
		out[k++] = s[i];
	}
	out[k] = '\0';
	*len = k;
	return out;
}

const char *
parse_number(struct arena *a, const char *s, size_t n, size_t *len)
{
	const char *end = s + n, *dot, *q;
	char *out = arena_alloc(a, n + 2), *o = out;
	int neg = 0, zero = 1;

	if (out == NULL)
		return NULL;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	while (s + 1 < end && *s == '0' && s[1] != '.')
		s++;
	dot = memchr(s, '.', (size_t)(end - s));
	if (dot != NULL)
		while (end - dot > 2 && end[-1] == '0')
			end--;
	for (q = s; q < end; q++)
		if (*q >= '1' && *q <= '9')
			zero = 0;
	if (neg && !(zero && dot == NULL)) /* -0 is 0; -0.0 keeps its sign */
		*o++ = '-';
	if (*s == '.')
		*o++ = '0';
	memcpy(o, s, (size_t)(end - s));
	o += end - s;
	*o = '\0';
	*len = (size_t)(o - out);
	return out;
}

static int
is_literal(enum tok k, int bool_ok)
{
	return k == TOK_STRING || k == TOK_INT || k == TOK_FLOAT ||
	    k == TOK_HEX || k == TOK_BINARY || k == TOK_TIMESTAMP ||
	    (bool_ok && k == TOK_BOOL);
}

/* The current token as a value; it must be a literal (checked). */
static struct value *
literal(struct parser *p)
{
	const struct token *t = &p->tok;
	struct value *v = alloc(p, sizeof(*v));
	struct ts ts;
	size_t bad;
	const char *why;

	if (v == NULL)
		return NULL;
	v->off = t->off;
	v->srclen = t->len;
	switch (t->kind) {
	case TOK_STRING:
		v->kind = VAL_STRING;
		v->text = unescape(p, t, &v->len);
		break;
	case TOK_INT:
	case TOK_FLOAT:
		v->kind = t->kind == TOK_INT ? VAL_INT : VAL_FLOAT;
		v->text =
		    parse_number(p->a, p->lx.src + t->off, t->len, &v->len);
		break;
	case TOK_TIMESTAMP: {
		char *buf = arena_alloc(p->a, TS_MS_LEN + 1);

		if (buf == NULL)
			break;
		ts_parse(p->lx.src + t->off + 2, t->len - 3, &ts, &bad, &why);
		ts_format(&ts, buf);
		v->kind = VAL_TIMESTAMP;
		v->text = buf;
		v->len = TS_MS_LEN;
		break;
	}
	default:
		v->kind = t->kind == TOK_BOOL ? VAL_BOOL
		    : t->kind == TOK_HEX      ? VAL_HEX
					      : VAL_BINARY;
		v->text = arena_strndup(p->a, p->lx.src + t->off, t->len);
		v->len = t->len;
		break;
	}
	if (v->text == NULL) {
		fail_oom(p);
		return NULL;
	}
	if (advance(p) < 0)
		return NULL;
	return v;
}

/* ---- object paths ---- */

/* Append a key step to the canonical path: bare when it is an identifier
 * that is not reserved, else quoted. */
static void
canon_key(struct strbuf *sb, const char *key, size_t n)
{
	size_t i;
	int bare = n > 0 && !lex_is_reserved(key, n);

	for (i = 0; bare && i < n; i++) {
		char c = key[i];

		bare = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    c == '_' || (i > 0 && c >= '0' && c <= '9');
	}
	if (bare) {
		sb_add(sb, key, n);
		return;
	}
	sb_putc(sb, '\'');
	for (i = 0; i < n; i++) {
		if (key[i] == '\'' || key[i] == '\\')
			sb_putc(sb, '\\');
		sb_putc(sb, key[i]);
	}
	sb_putc(sb, '\'');
}

/* A key step: identifier or string; what names it in a message. */
static int
path_key(struct parser *p, const char *what)
{
	const struct token *t = &p->tok;
	const char *text = p->lx.src + t->off;
	size_t n;
	const char *key;

	if (t->kind == TOK_IDENT) {
		canon_key(&p->sb, text, t->len);
	} else if (t->kind == TOK_STRING) {
		if ((key = unescape(p, t, &n)) == NULL)
			return -1;
		canon_key(&p->sb, key, n);
	} else if (t->len <= 60 &&
	    (t->kind == TOK_IDENT_HYPHEN || lex_is_reserved(text, t->len))) {
		/* Say how to write it. */
		return error_at(p->e, t->off,
		    "expected %s, found '%.*s': quote it as '%.*s'", what,
		    (int)t->len, text, (int)t->len, text);
	} else {
		return expected(p, what);
	}
	return advance(p);
}

/* objectType ':' step {'.' step | '[' index ']'}; *path is the canonical
 * text, in the arena. */
static int
path(struct parser *p, const char **out)
{
	sb_reset(&p->sb);
	if (p->tok.kind != TOK_IDENT && p->tok.kind != TOK_IDENT_HYPHEN)
		return expected(p, "an object type");
	sb_add(&p->sb, p->lx.src + p->tok.off, p->tok.len);
	if (advance(p) < 0)
		return -1;
	if (expect(p, TOK_COLON, "':' after the object type") < 0)
		return -1;
	sb_putc(&p->sb, ':');
	if (path_key(p, "a property name") < 0)
		return -1;
	for (;;) {
		if (p->tok.kind == TOK_DOT) {
			if (advance(p) < 0)
				return -1;
			sb_putc(&p->sb, '.');
			if (path_key(p, "a property name after '.'") < 0)
				return -1;
		} else if (p->tok.kind == TOK_LBRACK) {
			if (advance(p) < 0)
				return -1;
			sb_putc(&p->sb, '[');
			if (p->tok.kind == TOK_STAR) {
				sb_putc(&p->sb, '*');
			} else if (p->tok.kind == TOK_INT) {
				size_t n;
				const char *num = parse_number(p->a,
				    p->lx.src + p->tok.off, p->tok.len, &n);

				if (num == NULL)
					return fail_oom(p);
				sb_add(&p->sb, num, n);
			} else {
				return expected(p, "a list index or '*'");
			}
			if (advance(p) < 0)
				return -1;
			if (expect(p, TOK_RBRACK, "']' after the index") < 0)
				return -1;
			sb_putc(&p->sb, ']');
		} else {
			break;
		}
	}
	if (p->sb.oom)
		return fail_oom(p);
	*out = arena_strndup(p->a, p->sb.buf, p->sb.len);
	return *out == NULL ? fail_oom(p) : 0;
}

/* ---- comparison expressions ---- */

static struct node *cmp_or(struct parser *);

static const struct {
	enum tok tok;
	enum cmp_op op;
} ops[] = {
    {TOK_EQ, OP_EQ},
    {TOK_NEQ, OP_NEQ},
    {TOK_LT, OP_LT},
    {TOK_LE, OP_LE},
    {TOK_GT, OP_GT},
    {TOK_GE, OP_GE},
    {TOK_IN, OP_IN},
    {TOK_LIKE, OP_LIKE},
    {TOK_MATCHES, OP_MATCHES},
    {TOK_ISSUBSET, OP_ISSUBSET},
    {TOK_ISSUPERSET, OP_ISSUPERSET},
};

/* '(' [primitive {',' primitive}] ')' */
static int
set(struct parser *p, struct node *c)
{
	struct value **tail = &c->values;

	if (expect(p, TOK_LPAREN, "'(' to start the set") < 0)
		return -1;
	if (p->tok.kind == TOK_RPAREN)
		return advance(p);
	for (;;) {
		if (!is_literal(p->tok.kind, 1))
			return expected(p, "a literal");
		if ((*tail = literal(p)) == NULL)
			return -1;
		tail = &(*tail)->next;
		if (p->tok.kind == TOK_RPAREN)
			return advance(p);
		if (expect(p, TOK_COMMA, "',' or ')' in the set") < 0)
			return -1;
	}
}

/* The right-hand side of a comparison, by operator. */
static int
rhs(struct parser *p, struct node *c)
{
	const char *what = NULL;

	switch (c->op) {
	case OP_IN:
		return set(p, c);
	case OP_LIKE:
	case OP_MATCHES:
	case OP_ISSUBSET:
	case OP_ISSUPERSET:
		if (p->tok.kind != TOK_STRING)
			what = "a string";
		break;
	case OP_EQ:
	case OP_NEQ:
		if (!is_literal(p->tok.kind, 1))
			what = "a literal";
		break;
	default:
		if (!is_literal(p->tok.kind, 0))
			what = p->tok.kind == TOK_BOOL
			    ? "a literal that can be ordered (not a boolean)"
			    : "a literal";
		break;
	}
	if (what != NULL)
		return expected(p, what);
	c->values = literal(p);
	return c->values == NULL ? -1 : 0;
}

/* [NOT] EXISTS path, the current token being NOT or EXISTS. */
static int
exists(struct parser *p, struct node *c)
{
	if (p->tok.kind == TOK_NOT) {
		c->negated = 1;
		if (advance(p) < 0)
			return -1;
		if (p->tok.kind != TOK_EXISTS)
			return expected(p,
			    "'EXISTS' after 'NOT' (elsewhere NOT "
			    "goes between the path and the "
			    "operator)");
	}
	c->op = OP_EXISTS;
	c->op_off = p->tok.off;
	if (advance(p) < 0)
		return -1;
	c->path_off = p->tok.off;
	if (path(p, &c->path) < 0)
		return -1;
	c->path_len = p->prev_end - c->path_off;
	return 0;
}

/* path [NOT] op value | [NOT] EXISTS path | '(' cmp_or ')' */
static struct node *
cmp_test(struct parser *p)
{
	struct node *c;
	size_t k;

	if (p->tok.kind == TOK_LPAREN) {
		if (enter(p) < 0 || advance(p) < 0)
			return NULL;
		c = cmp_or(p);
		if (c == NULL || expect(p, TOK_RPAREN, "')'") < 0)
			return NULL;
		p->depth--;
		return c;
	}
	if ((c = alloc(p, sizeof(*c))) == NULL)
		return NULL;
	c->kind = NODE_TEST;
	c->off = p->tok.off;
	if (p->tok.kind == TOK_NOT || p->tok.kind == TOK_EXISTS)
		return exists(p, c) < 0 ? NULL : c;
	c->path_off = p->tok.off;
	if (p->tok.kind != TOK_IDENT && p->tok.kind != TOK_IDENT_HYPHEN) {
		expected(p,
		    p->lx.exists_keyword ? "an object path, 'EXISTS' or '('"
					 : "an object path or '('");
		return NULL;
	}
	if (path(p, &c->path) < 0)
		return NULL;
	c->path_len = p->prev_end - c->path_off;
	if (p->tok.kind == TOK_NOT) {
		c->negated = 1;
		if (advance(p) < 0)
			return NULL;
	}
	c->op_off = p->tok.off;
	for (k = 0; k < sizeof(ops) / sizeof(ops[0]); k++)
		if (ops[k].tok == p->tok.kind)
			break;
	if (k == sizeof(ops) / sizeof(ops[0])) {
		expected(p,
		    c->negated ? "a comparison operator after 'NOT'"
			       : "a comparison operator");
		return NULL;
	}
	c->op = ops[k].op;
	if (advance(p) < 0 || rhs(p, c) < 0)
		return NULL;
	return c;
}

/* operand {op operand}: a list node of kind over the operands, or the one
 * operand as it is; observations tells the level of the grammar. */
static struct node *
list(struct parser *p, enum node_kind kind, enum tok op,
    struct node *(*operand)(struct parser *), int observations)
{
	struct node *first, *node, **tail;

	if ((first = operand(p)) == NULL)
		return NULL;
	if (p->tok.kind != op)
		return first;
	if ((node = alloc(p, sizeof(*node))) == NULL)
		return NULL;
	node->kind = kind;
	node->observations = observations;
	node->off = first->off;
	node->kids = first;
	tail = &first->next;
	while (p->tok.kind == op) {
		size_t sep = p->tok.off;

		if (advance(p) < 0 || (*tail = operand(p)) == NULL)
			return NULL;
		(*tail)->sep_off = sep;
		tail = &(*tail)->next;
	}
	return node;
}

static struct node *
cmp_and(struct parser *p)
{
	return list(p, NODE_AND, TOK_AND, cmp_test, 0);
}

static struct node *
cmp_or(struct parser *p)
{
	return list(p, NODE_OR, TOK_OR, cmp_and, 0);
}

/* ---- qualifiers ---- */

/* The timestamp of START or STOP: t'...' (2.1) or '...' (2.0), checked. */
static int
qual_time(struct parser *p, char out[25], struct ts *ts)
{
	const struct token *t = &p->tok;
	const char *s, *why;
	size_t n, bad;
	int strings = p->ver != STIX_21, stamps = p->ver != STIX_20;

	if (t->kind == TOK_TIMESTAMP && stamps) {
		/* The lexer has checked it. */
		ts_parse(p->lx.src + t->off + 2, t->len - 3, ts, &bad, &why);
	} else if (t->kind == TOK_STRING && strings) {
		if ((s = unescape(p, t, &n)) == NULL)
			return -1;
		if (ts_parse(s, n, ts, &bad, &why) < 0) {
			/* Exact when the string has no escapes. */
			size_t at = memchr(p->lx.src + t->off, '\\', t->len)
			    ? t->off
			    : t->off + 1 + bad;

			return error_at(p->e, at, "invalid timestamp: %s", why);
		}
	} else {
		return expected(p,
		    stamps && strings ? "a timestamp t'...' or '...'"
			: stamps      ? "a timestamp t'...'"
				      : "a timestamp string '...'");
	}
	ts_format(ts, out);
	return advance(p);
}

/* Is the number of token t greater than zero? */
static int
positive(const struct parser *p, const struct token *t)
{
	size_t i;

	if (p->lx.src[t->off] == '-')
		return 0;
	for (i = 0; i < t->len; i++)
		if (p->lx.src[t->off + i] >= '1' &&
		    p->lx.src[t->off + i] <= '9')
			return 1;
	return 0;
}

/* Read the qualifiers after an observation; q is the list to extend. */
static int
qualifiers(struct parser *p, struct qual **list)
{
	while (list != NULL && *list != NULL)
		list = &(*list)->next;
	for (;;) {
		struct qual *q;
		struct ts start, stop;
		enum tok k = p->tok.kind;

		if (k != TOK_WITHIN && k != TOK_REPEATS && k != TOK_START)
			return 0;
		if ((q = alloc(p, sizeof(*q))) == NULL)
			return -1;
		q->off = p->tok.off;
		if (advance(p) < 0)
			return -1;
		if (k == TOK_WITHIN) {
			q->kind = QUAL_WITHIN;
			if ((p->tok.kind != TOK_INT &&
				p->tok.kind != TOK_FLOAT) ||
			    p->lx.src[p->tok.off] == '-')
				return expected(p, "a number of seconds");
			if (!positive(p, &p->tok))
				return error_at(p->e, p->tok.off, "%s",
				    "WITHIN needs a positive number of seconds");
			if (advance(p) < 0 ||
			    expect(p, TOK_SECONDS, "'SECONDS'") < 0)
				return -1;
		} else if (k == TOK_REPEATS) {
			q->kind = QUAL_REPEATS;
			if (p->tok.kind != TOK_INT ||
			    p->lx.src[p->tok.off] == '-')
				return expected(p, "a whole number of times");
			if (!positive(p, &p->tok))
				return error_at(p->e, p->tok.off, "%s",
				    "REPEATS needs a positive number of times");
			if (advance(p) < 0 ||
			    expect(p, TOK_TIMES, "'TIMES'") < 0)
				return -1;
		} else {
			q->kind = QUAL_STARTSTOP;
			if (qual_time(p, q->start, &start) < 0 ||
			    expect(p, TOK_STOP, "'STOP'") < 0 ||
			    qual_time(p, q->stop, &stop) < 0)
				return -1;
			q->backwards = ts_cmp(&start, &stop) > 0;
		}
		*list = q;
		list = &q->next;
	}
}

/* ---- observation expressions ---- */

static struct node *obs_expr(struct parser *);

/* '[' cmp_or ']' | '(' obs_expr ')', then its qualifiers. */
static struct node *
obs_qual(struct parser *p)
{
	struct node *o;

	if (p->tok.kind == TOK_LBRACK) {
		if ((o = alloc(p, sizeof(*o))) == NULL)
			return NULL;
		o->kind = NODE_OBSERVATION;
		o->off = p->tok.off;
		if (advance(p) < 0 || (o->kids = cmp_or(p)) == NULL)
			return NULL;
		if (p->tok.kind != TOK_RBRACK) {
			expected(p, "'AND', 'OR' or ']'");
			return NULL;
		}
		if (advance(p) < 0)
			return NULL;
	} else if (p->tok.kind == TOK_LPAREN) {
		if (enter(p) < 0 || advance(p) < 0)
			return NULL;
		if ((o = obs_expr(p)) == NULL)
			return NULL;
		if (p->tok.kind != TOK_RPAREN) {
			expected(p,
			    "'AND', 'OR', 'FOLLOWEDBY', a qualifier or "
			    "')'");
			return NULL;
		}
		if (advance(p) < 0)
			return NULL;
		p->depth--;
	} else {
		expected(p, "'[' or '('");
		return NULL;
	}
	if (qualifiers(p, &o->quals) < 0)
		return NULL;
	return o;
}

static struct node *
obs_and(struct parser *p)
{
	return list(p, NODE_AND, TOK_AND, obs_qual, 1);
}

static struct node *
obs_or(struct parser *p)
{
	return list(p, NODE_OR, TOK_OR, obs_and, 1);
}

static struct node *
obs_expr(struct parser *p)
{
	return list(p, NODE_FOLLOWEDBY, TOK_FOLLOWEDBY, obs_or, 1);
}

static void
start(struct parser *p, const char *src, size_t len, enum stix_version ver,
    struct arena *a, struct rs_error *e)
{
	memset(e, 0, sizeof(*e));
	memset(&p->tok, 0, sizeof(p->tok));
	p->ver = ver;
	p->a = a;
	p->e = e;
	p->depth = 0;
	sb_init(&p->sb);
	lex_init(&p->lx, src, len, ver != STIX_20);
}

static void
finish(struct parser *p)
{
	sb_free(&p->sb);
}

struct node *
parse_pattern(const char *src, size_t len, enum stix_version ver,
    struct arena *a, struct rs_error *e)
{
	struct parser p;
	struct node *o = NULL;

	start(&p, src, len, ver, a, e);
	if (advance(&p) == 0 && (o = obs_expr(&p)) != NULL &&
	    p.tok.kind != TOK_EOF) {
		expected(&p,
		    "'AND', 'OR', 'FOLLOWEDBY', a qualifier or the "
		    "end of the pattern");
		o = NULL;
	}
	finish(&p);
	return o;
}

const char *
parse_path(const char *src, size_t len, enum stix_version ver, struct arena *a,
    struct rs_error *e)
{
	struct parser p;
	const char *out = NULL;

	start(&p, src, len, ver, a, e);
	if (advance(&p) == 0 && path(&p, &out) == 0 && p.tok.kind != TOK_EOF) {
		expected(&p, "the end of the path");
		out = NULL;
	}
	finish(&p);
	return out;
}
