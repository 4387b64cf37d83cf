/* SPDX-License-Identifier: Apache-2.0 */
/* STIX pattern tree to HunQ tree.
 *
 * Each subtree translates to a HunQ subtree, or to "unmappable" with the
 * place and reason of the first part that HunQ cannot search.  An
 * unmappable operand of an OR is dropped; an AND of comparisons with an
 * unmappable operand is unmappable as a whole; an unmappable observation
 * is dropped from its observation expression; nothing left is an error.
 * Each drop and each approximation is one warning (an error under strict).
 * Refusals (no HunQ form at all, or values HunQ cannot hold) are errors
 * wherever they are. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "error.h"
#include "parser.h"
#include "qmap.h"
#include "timestamp.h"
#include "translate.h"

static const char *const op_names[] = {
    [OP_EQ] = "=",
    [OP_NEQ] = "!=",
    [OP_LT] = "<",
    [OP_LE] = "<=",
    [OP_GT] = ">",
    [OP_GE] = ">=",
    [OP_IN] = "IN",
    [OP_LIKE] = "LIKE",
    [OP_MATCHES] = "MATCHES",
    [OP_ISSUBSET] = "ISSUBSET",
    [OP_ISSUPERSET] = "ISSUPERSET",
    [OP_EXISTS] = "EXISTS",
};

/* Record a lossy step: a warning, or under strict an error.  0, or -1. */
static int
lossy(struct xlate *x, size_t off, const char *what, const char *then)
{
	struct rs_error *d;

	if (x->strict)
		return error_at(&x->err, off, "%s (refused by --strict)", what);
	if (x->nwarns == x->capwarns) {
		size_t cap = x->capwarns ? x->capwarns * 2 : 8;

		d = realloc(x->warns, cap * sizeof(*d));
		if (d == NULL) {
			x->oom = 1;
			return -1;
		}
		x->warns = d;
		x->capwarns = cap;
	}
	d = &x->warns[x->nwarns++];
	d->off = off;
	snprintf(
	    d->msg, sizeof(d->msg), "%s%s%s", what, *then ? "; " : "", then);
	return 0;
}

static struct hq *
node(struct xlate *x, enum hq_kind kind)
{
	struct hq *h = arena_alloc(x->a, sizeof(*h));

	if (h == NULL) {
		x->oom = 1;
		return NULL;
	}
	memset(h, 0, sizeof(*h));
	h->kind = kind;
	return h;
}

/* A list node over kids (linked by next); a single kid stands alone. */
static struct hq *
list(struct xlate *x, enum hq_kind kind, struct hq *kids, int group)
{
	struct hq *h;

	if (kids == NULL || kids->next == NULL)
		return kids;
	if ((h = node(x, kind)) != NULL) {
		h->kids = kids;
		h->group = group;
	}
	return h;
}

static struct hq *
negate(struct xlate *x, struct hq *h)
{
	struct hq *n;

	if (h->kind == HQ_NOT)
		return h->kids;
	if ((n = node(x, HQ_NOT)) != NULL)
		n->kids = h;
	return n;
}

/* ---- values ---- */

/* The STIX path as the pattern writes it, for messages. */
static void
quote_path(const struct xlate *x, const struct node *c, char *buf, size_t n)
{
	int len = c->path_len > 80 ? 80 : (int)c->path_len;

	snprintf(buf, n, "%.*s%s", len, x->src + c->path_off,
	    c->path_len > 80 ? "..." : "");
}

/* Refuse a string HunQ cannot hold: a '"' (HunQ strings have no escape),
 * a line break (queries are one a line) or a NUL. */
static int
check_string(struct xlate *x, const struct value *v)
{
	const char *raw = x->src + v->off;
	size_t i;

	if (v->kind != VAL_STRING)
		return 0;
	for (i = 0; i < v->srclen; i++) {
		if (raw[i] == '\0')
			return error_at(&x->err, v->off + i,
			    "a NUL character cannot be searched");
		if (raw[i] == '"')
			return error_at(&x->err, v->off + i,
			    "'\"' cannot be searched: a HunQ string has no "
			    "escape for it");
		if (raw[i] == '\n' || raw[i] == '\r')
			return error_at(&x->err, v->off + i,
			    "a line break cannot be searched: the query is "
			    "written on one line");
	}
	return 0;
}

/* The integer a range field is searched with: an integer literal, or a
 * string holding one ([+-]digits), normalised.  NULL if it is neither
 * (or out of memory: x->oom). */
static const char *
range_integer(struct xlate *x, const struct value *v, size_t *len)
{
	size_t i = 0;
	const char *n;

	if (v->kind == VAL_INT) {
		*len = v->len;
		return v->text;
	}
	if (v->kind != VAL_STRING)
		return NULL;
	if (v->len > 0 && (v->text[0] == '+' || v->text[0] == '-'))
		i = 1;
	if (i == v->len)
		return NULL;
	for (; i < v->len; i++)
		if (v->text[i] < '0' || v->text[i] > '9')
			return NULL;
	if ((n = parse_number(x->a, v->text, v->len, len)) == NULL)
		x->oom = 1;
	return n;
}

/* n + delta (delta is 1 or -1) on the decimal text of an integer of any
 * size, in the arena. */
static const char *
add_one(struct xlate *x, const char *s, size_t n, int delta, size_t *len)
{
	int neg = s[0] == '-';
	const char *d = s + neg;
	size_t nd = n - (size_t)neg, i;
	char *out = arena_alloc(x->a, nd + 3), *p;
	int up = neg ? delta < 0 : delta > 0; /* does |n| grow? */

	if (out == NULL) {
		x->oom = 1;
		return NULL;
	}
	if (nd == 1 && d[0] == '0') {
		*len = (size_t)sprintf(out, "%s", delta > 0 ? "1" : "-1");
		return out;
	}
	p = out + 1;
	memcpy(p, d, nd);
	for (i = nd; i-- > 0;) {
		if (up) {
			if (p[i] != '9') {
				p[i]++;
				break;
			}
			p[i] = '0';
		} else {
			if (p[i] != '0') {
				p[i]--;
				break;
			}
			p[i] = '9';
		}
	}
	if (up && i == (size_t)-1) {
		p--;
		p[0] = '1';
		nd++;
	}
	while (nd > 1 && p[0] == '0') {
		p++;
		nd--;
	}
	if (neg && !(nd == 1 && p[0] == '0')) {
		*--p = '-';
		nd++;
	}
	*len = nd;
	return p;
}

static struct hq *
atom(struct xlate *x, const char *field, const char *suffix, const char *op,
    const char *value, size_t vlen, int quoted)
{
	struct hq *a = node(x, HQ_ATOM);

	if (a != NULL) {
		a->field = field;
		a->suffix = suffix;
		a->op = op;
		a->value = value;
		a->vlen = vlen;
		a->quoted = quoted;
	}
	return a;
}

/* The search of one range field for one value: FIELD.gte / FIELD.lte. */
static struct hq *
range_search(struct xlate *x, const char *field, enum cmp_op op, const char *n,
    size_t len)
{
	struct hq *lo, *hi, *both;

	switch (op) {
	case OP_LE:
		return atom(x, field, ".lte", "=", n, len, 0);
	case OP_GE:
		return atom(x, field, ".gte", "=", n, len, 0);
	case OP_LT:
		n = add_one(x, n, len, -1, &len);
		return n ? atom(x, field, ".lte", "=", n, len, 0) : NULL;
	case OP_GT:
		n = add_one(x, n, len, 1, &len);
		return n ? atom(x, field, ".gte", "=", n, len, 0) : NULL;
	default:
		lo = atom(x, field, ".gte", "=", n, len, 0);
		hi = atom(x, field, ".lte", "=", n, len, 0);
		if (lo == NULL || hi == NULL)
			return NULL;
		lo->next = hi;
		both = list(x, HQ_AND, lo, 1);
		return op == OP_NEQ && both ? negate(x, both) : both;
	}
}

/* Does a MATCHES regular expression use any regex syntax? */
static int
has_regex_syntax(const struct value *v)
{
	return strpbrk(v->text, "\\^$.|?*+()[]{}") != NULL;
}

/* ---- comparisons ---- */

/* Check what must be refused in a test, mapped or not. */
static int
test_refusals(struct xlate *x, const struct node *c)
{
	const struct value *v;

	switch (c->op) {
	case OP_EXISTS:
	case OP_ISSUBSET:
	case OP_ISSUPERSET:
		x->unmapped = 1;
		return error_at(
		    &x->err, c->op_off, "%s has no HunQ form", op_names[c->op]);
	case OP_IN:
		if (c->values == NULL)
			return error_at(&x->err, c->op_off,
			    "IN () has no HunQ form: the set is empty");
		break;
	default:
		break;
	}
	for (v = c->values; v != NULL; v = v->next)
		if (check_string(x, v) < 0)
			return -1;
	return 0;
}

/* Approximations of a test on a field that is not a range field. */
static int
test_lossy(struct xlate *x, const struct node *c, const char *path)
{
	char what[200];

	switch (c->op) {
	case OP_LE:
	case OP_GE:
		snprintf(what, sizeof(what), "'%s' on %s has no HunQ form",
		    op_names[c->op], path);
		return lossy(x, c->op_off, what, "searched as '='");
	case OP_LIKE:
		if (strpbrk(c->values->text, "%_") == NULL)
			return 0;
		return lossy(x, c->op_off,
		    "LIKE with '%' or '_' has no HunQ form", "searched as '='");
	case OP_MATCHES:
		if (!has_regex_syntax(c->values))
			return 0;
		return lossy(x, c->op_off,
		    "a MATCHES regular expression has no HunQ form",
		    "searched as '='");
	default:
		return 0;
	}
}

/* The HunQ form of one value on one field. */
static struct hq *
field_search(struct xlate *x, const struct qmap_entry *e, size_t f,
    const struct node *c, const struct value *v)
{
	const char *n;
	size_t len;

	if (e->range[f]) {
		if ((n = range_integer(x, v, &len)) == NULL) {
			if (!x->oom)
				error_at(&x->err, v->off,
				    "%s is searched as a range: the value "
				    "must be an integer",
				    e->fields[f]);
			return NULL;
		}
		return range_search(x, e->fields[f], c->op, n, len);
	}
	return atom(x, e->fields[f], "", c->op == OP_NEQ ? "!=" : "=", v->text,
	    v->len, v->kind != VAL_BOOL);
}

/* Translate a test into *out, or leave *out NULL and say why in *w when
 * HunQ cannot search it.  0, or -1 on error. */
static int
xl_test(
    struct xlate *x, const struct node *c, struct hq **out, struct rs_error *w)
{
	const struct qmap_entry *e;
	const struct value *v;
	struct hq *atoms = NULL, **tail = &atoms;
	char path[100];
	size_t f;
	int ranges = 0;

	if (test_refusals(x, c) < 0)
		return -1;
	quote_path(x, c, path, sizeof(path));
	e = qmap_find(x->map, c->path);
	if (e == NULL || e->nfields == 0) {
		error_at(w, c->path_off, "%s has no HunQ field", path);
		return 0;
	}
	for (f = 0; f < e->nfields; f++)
		ranges += e->range[f];
	if ((c->op == OP_LT || c->op == OP_GT) && ranges < (int)e->nfields) {
		error_at(w, c->op_off, "'%s' on %s has no HunQ form",
		    op_names[c->op], path);
		return 0;
	}
	if (ranges < (int)e->nfields && test_lossy(x, c, path) < 0)
		return -1;
	for (v = c->values; v != NULL; v = v->next)
		for (f = 0; f < e->nfields; f++) {
			if ((*tail = field_search(x, e, f, c, v)) == NULL)
				return -1;
			tail = &(*tail)->next;
		}
	*out = list(x, HQ_OR, atoms, e->nfields > 1);
	if (*out != NULL && c->negated)
		*out = negate(x, *out);
	return *out == NULL ? -1 : 0;
}

/* ---- expressions ---- */

/* The default window: the time_range minutes before now. */
static int
default_window(struct xlate *x, const char **after, const char **before)
{
	if (x->after[0] == '\0' &&
	    (ts_format_ms(x->now_ms - (int64_t)x->range_min * 60000, x->after) <
		    0 ||
		ts_format_ms(x->now_ms, x->before) < 0)) {
		x->after[0] = '\0';
		return error_at(&x->err, 0,
		    "the default time window falls before year 0000");
	}
	*after = x->after;
	*before = x->before;
	return 0;
}

static int xl(struct xlate *, const struct node *, const struct qual *,
    struct hq **, struct rs_error *);

/* What dropping the unmappable operand k of n is called. */
static const char *
dropped(const struct node *n, const struct node *k)
{
	if (!n->observations)
		return k->kind == NODE_TEST ? "comparison dropped"
					    : "its AND group dropped";
	return n->kind == NODE_OR ? "observation dropped"
				  : "observation dropped, so the query "
				    "matches more events";
}

/* An AND, OR or FOLLOWEDBY.  An unmappable operand is dropped with a
 * warning, except from an AND of comparisons, which is then unmappable as
 * a whole (its other operands are still checked for refusals); nothing
 * left is unmappable.  As xl_test. */
static int
xl_list(struct xlate *x, const struct node *n, const struct qual *window,
    struct hq **out, struct rs_error *w)
{
	struct hq *kept = NULL, **tail = &kept, *h;
	const struct node *k;
	struct rs_error kw;
	size_t mark = x->nwarns;
	int whole = n->kind == NODE_AND && !n->observations;

	w->msg[0] = '\0';
	for (k = n->kids; k != NULL; k = k->next) {
		size_t before = x->nwarns;

		if (k != n->kids && n->kind == NODE_FOLLOWEDBY &&
		    lossy(x, k->sep_off, "FOLLOWEDBY has no HunQ form",
			"searched as AND") < 0)
			return -1;
		if (xl(x, k, window, &h, &kw) < 0)
			return -1;
		if (h != NULL) {
			*tail = h;
			tail = &h->next;
			continue;
		}
		if (w->msg[0] == '\0')
			*w = kw;
		x->nwarns = before;
		if (!whole && lossy(x, kw.off, kw.msg, dropped(n, k)) < 0)
			return -1;
	}
	if (kept == NULL || (whole && w->msg[0] != '\0')) {
		x->nwarns = mark;
		return 0;
	}
	*out = list(x, n->kind == NODE_OR ? HQ_OR : HQ_AND, kept, 0);
	return *out == NULL ? -1 : 0;
}

/* An observation: its comparison expression, in its window. */
static int
xl_observation(struct xlate *x, const struct node *n, const struct qual *window,
    struct hq **out, struct rs_error *w)
{
	struct hq *h;

	if (xl(x, n->kids, NULL, &h, w) < 0)
		return -1;
	if (h == NULL)
		return 0;
	if ((*out = node(x, HQ_OBS)) == NULL)
		return -1;
	(*out)->kids = h;
	if (window == NULL)
		return default_window(x, &(*out)->after, &(*out)->before);
	(*out)->after = window->start;
	(*out)->before = window->stop;
	return 0;
}

/* Translate n, under the window of the qualifiers around it, into *out;
 * or leave *out NULL, with the reason in *w, when HunQ cannot search any
 * of it.  0, or -1 on error (x->err or x->oom). */
static int
xl(struct xlate *x, const struct node *n, const struct qual *window,
    struct hq **out, struct rs_error *w)
{
	const struct qual *q;
	int rc;

	*out = NULL;
	for (q = n->quals; q != NULL; q = q->next)
		if (q->kind == QUAL_STARTSTOP && q->backwards)
			return error_at(&x->err, q->off,
			    "START is after STOP: the window is empty");
	/* The innermost START/STOP applies. */
	for (q = n->quals; q != NULL; q = q->next)
		if (q->kind == QUAL_STARTSTOP) {
			window = q;
			break;
		}
	if (n->kind == NODE_TEST)
		return xl_test(x, n, out, w);
	if (n->kind == NODE_OBSERVATION)
		rc = xl_observation(x, n, window, out, w);
	else
		rc = xl_list(x, n, window, out, w);
	if (rc < 0 || *out == NULL)
		return rc;
	for (q = n->quals; q != NULL; q = q->next)
		if (q->kind != QUAL_STARTSTOP &&
		    lossy(x, q->off,
			q->kind == QUAL_WITHIN ? "WITHIN has no HunQ form"
					       : "REPEATS has no HunQ form",
			"qualifier ignored") < 0)
			return -1;
	return 0;
}

struct hq *
translate(struct xlate *x, const struct node *pattern)
{
	struct hq *h;
	struct rs_error w;

	x->after[0] = '\0';
	if (xl(x, pattern, NULL, &h, &w) < 0)
		return NULL;
	if (h == NULL) {
		x->unmapped = 1;
		error_at(
		    &x->err, w.off, "nothing left to search for: %s", w.msg);
		return NULL;
	}
	return h;
}
