/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: one input is one Hunt API page, through hunt-fetch's
 * streaming page parser in chunks, then in one piece, and checked against
 * yajl's own tree of the page.  Built and run by make fuzz. */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>
#include <yajl/yajl_parse.h>
#include <yajl/yajl_tree.h>

#include "pagestream.h"
#include "strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* --max-event-bytes: its default, its least value and a few small ones. */
static const size_t max_events[] = {
    64 << 20, 2, 16, 64, 256, 1024, 4096, 64 << 20};

static const char *const class_names[] = {
    "PS_OK", "PS_TRUNCATED", "PS_BAD", "PS_STOPPED", "PS_NOMEM"};

/* What one run of the parser over the page gave. */
struct run {
	size_t max_event;
	unsigned long stop_at; /* the event to stop at (ULONG_MAX: none) */
	unsigned long n;       /* events handed over */
	int stopped;           /* event() asked to stop */
	struct strbuf events;  /* the events, each followed by a newline */
	enum ps_result result;
	char err[256];
	unsigned long long err_off;
};

static yajl_gen regen_gen; /* for re-generating a piece of JSON */

static void
die(const char *what, const struct run *r)
{
	fprintf(stderr, "hunt-fetch-fuzz: %s", what);
	if (r != NULL)
		fprintf(stderr, " (%s, %lu events, max_event %zu: %s)",
		    class_names[r->result], r->n, r->max_event, r->err);
	fputc('\n', stderr);
	abort();
}

/* The callbacks of a yajl parser that copies its input to a yajl_gen. */
static int
re_null(void *g)
{
	return yajl_gen_null(g) == yajl_gen_status_ok;
}

static int
re_boolean(void *g, int b)
{
	return yajl_gen_bool(g, b) == yajl_gen_status_ok;
}

static int
re_number(void *g, const char *s, size_t n)
{
	return yajl_gen_number(g, s, n) == yajl_gen_status_ok;
}

static int
re_string(void *g, const unsigned char *s, size_t n)
{
	return yajl_gen_string(g, s, n) == yajl_gen_status_ok;
}

static int
re_start_map(void *g)
{
	return yajl_gen_map_open(g) == yajl_gen_status_ok;
}

static int
re_end_map(void *g)
{
	return yajl_gen_map_close(g) == yajl_gen_status_ok;
}

static int
re_start_array(void *g)
{
	return yajl_gen_array_open(g) == yajl_gen_status_ok;
}

static int
re_end_array(void *g)
{
	return yajl_gen_array_close(g) == yajl_gen_status_ok;
}

static const yajl_callbacks regen_callbacks = {re_null, re_boolean, NULL, NULL,
    re_number, re_string, re_start_map, re_string, re_end_map, re_start_array,
    re_end_array};

/* Is json exactly one JSON value, strictly (no comments, valid UTF-8)? */
static int
valid_json(const char *json, size_t len, const yajl_callbacks *cb, void *g)
{
	yajl_handle h;
	int ok;

	if ((h = yajl_alloc(cb, NULL, g)) == NULL)
		abort();
	ok =
	    yajl_parse(h, (const unsigned char *)json, len) == yajl_status_ok &&
	    yajl_complete_parse(h) == yajl_status_ok;
	yajl_free(h);
	return ok;
}

/* The checks on an event: strict JSON, an object, compact already (yajl
 * re-generates it byte for byte), no newline, within max_event. */
static void
check_event(const struct run *r, const char *json, size_t len)
{
	const unsigned char *b;
	size_t n;

	if (len > r->max_event)
		die("an event larger than max_event", r);
	if (len < 2 || json[0] != '{' || memchr(json, '\n', len) != NULL)
		die("an event not an object on one line", r);
	yajl_gen_clear(regen_gen);
	yajl_gen_reset(regen_gen, NULL);
	if (!valid_json(json, len, &regen_callbacks, regen_gen))
		die("an event that is not JSON", r);
	yajl_gen_get_buf(regen_gen, &b, &n);
	if (n != len || memcmp(b, json, len) != 0)
		die("an event that is not compact JSON", r);
}

/* The page parser's callback; ctx points to the current run. */
static int
event(void *ctx, const char *json, size_t len, unsigned long idx)
{
	struct run *r = *(struct run **)ctx;

	if (r->stopped)
		die("an event after the callback stopped the page", r);
	if (idx != r->n)
		die("event numbers not 0, 1, 2...", r);
	r->n++;
	check_event(r, json, len);
	sb_add(&r->events, json, len);
	sb_putc(&r->events, '\n');
	if (r->events.oom)
		abort();
	if (idx == r->stop_at) {
		r->stopped = 1;
		return -1;
	}
	return 0;
}

/* Parse the page: in pieces of 1 to 64 bytes as seed says, or whole. */
static void
parse(struct pagestream *ps, struct run *r, const char *p, size_t size,
    unsigned seed, int whole)
{
	uint32_t x = seed * 2654435761u + 1;
	size_t off = 0, len;
	int rc = 0;

	r->n = 0;
	r->stopped = 0;
	sb_reset(&r->events);
	if (ps_begin(ps) < 0)
		abort();
	while (off < size) {
		if (whole)
			len = size;
		else if (seed < 64)
			len = 1 + seed; /* always the same size */
		else {
			x = x * 1103515245u + 12345u;
			len = 1 + (x >> 16) % 64;
		}
		if (len > size - off)
			len = size - off;
		rc = ps_feed(ps, p + off, len);
		off += len;
		if (rc < 0) {
			/* With a result, ps_feed takes no more bytes. */
			if (ps->result == PS_OK || ps_feed(ps, "", 0) == 0)
				die("ps_feed failed without a result", r);
			break;
		}
	}
	r->result = ps_end(ps);
	if (r->result != ps_end(ps))
		die("ps_end changed its mind", r);
	memcpy(r->err, ps->err, sizeof(r->err));
	r->err_off = ps->err_off;
	if ((r->result == PS_STOPPED) != r->stopped)
		die("PS_STOPPED without a stop, or a stop ignored", r);
	if (r->result == PS_OK && (rc < 0 || r->err[0] != '\0'))
		die("PS_OK, though ps_feed failed or err was set", r);
	if (r->result != PS_OK && r->err[0] == '\0')
		die("a failure without a message", r);
	if (r->result == PS_NOMEM)
		die("PS_NOMEM, though memory is not short", r);
}

/* Re-generate v, compact and numbers as received, into g: 0, or -1 when
 * yajl_gen refuses. */
static int
gen_tree(yajl_gen g, yajl_val v)
{
	yajl_gen_status st = yajl_gen_status_ok;
	size_t i;

	if (YAJL_IS_OBJECT(v)) {
		st = yajl_gen_map_open(g);
		for (i = 0; i < v->u.object.len && st == yajl_gen_status_ok;
		     i++) {
			st = yajl_gen_string(g,
			    (const unsigned char *)v->u.object.keys[i],
			    strlen(v->u.object.keys[i]));
			if (st == yajl_gen_status_ok &&
			    gen_tree(g, v->u.object.values[i]) < 0)
				return -1;
		}
		if (st == yajl_gen_status_ok)
			st = yajl_gen_map_close(g);
	} else if (YAJL_IS_ARRAY(v)) {
		st = yajl_gen_array_open(g);
		for (i = 0; i < v->u.array.len && st == yajl_gen_status_ok; i++)
			if (gen_tree(g, v->u.array.values[i]) < 0)
				return -1;
		if (st == yajl_gen_status_ok)
			st = yajl_gen_array_close(g);
	} else if (YAJL_IS_STRING(v))
		st = yajl_gen_string(
		    g, (const unsigned char *)v->u.string, strlen(v->u.string));
	else if (YAJL_IS_NUMBER(v))
		st = yajl_gen_number(g, v->u.number.r, strlen(v->u.number.r));
	else if (YAJL_IS_TRUE(v) || YAJL_IS_FALSE(v))
		st = yajl_gen_bool(g, YAJL_IS_TRUE(v));
	else
		st = yajl_gen_null(g);
	return st == yajl_gen_status_ok ? 0 : -1;
}

/* Whether an event of the page's result is longer than max bytes as
 * received, from its opening brace to its closing one: a parser that
 * only follows the depth and the top-level keys, with yajl's count of the
 * bytes taken (the page is one piece). */
struct span {
	yajl_handle h;
	int depth, in_result;
	size_t start, max;
	int over;
};

static int
span_key(void *ctx, const unsigned char *s, size_t n)
{
	struct span *sp = ctx;

	if (sp->depth == 1)
		sp->in_result = n == 6 && memcmp(s, "result", 6) == 0;
	return 1;
}

static int
span_open(void *ctx)
{
	struct span *sp = ctx;

	if (++sp->depth == 3 && sp->in_result)
		sp->start = yajl_get_bytes_consumed(sp->h) - 1;
	return 1;
}

static int
span_close(void *ctx)
{
	struct span *sp = ctx;

	if (sp->depth-- == 3 && sp->in_result &&
	    yajl_get_bytes_consumed(sp->h) - sp->start > sp->max)
		sp->over = 1;
	return 1;
}

static const yajl_callbacks span_callbacks = {NULL, NULL, NULL, NULL, NULL,
    NULL, span_open, span_key, span_close, span_open, span_close};

static int
event_over(const char *body, size_t size, size_t max)
{
	struct span sp;

	memset(&sp, 0, sizeof(sp));
	sp.max = max;
	if ((sp.h = yajl_alloc(&span_callbacks, NULL, &sp)) == NULL)
		abort();
	yajl_parse(sp.h, (const unsigned char *)body, size);
	yajl_free(sp.h);
	return sp.over;
}

/* The page as yajl_tree_parse sees it, checked against the parser's view
 * (a run with no stop).  Only for a page that is strictly JSON and has no
 * NUL in its text or its strings, which yajl_tree cannot tell apart. */
static void
check_tree(const struct pagestream *ps, const struct run *r, const char *body,
    size_t size)
{
	struct strbuf want;
	yajl_val top, v, result = NULL, next = NULL, remaining = NULL;
	size_t i;
	int bad = 0, nresult = 0, nnext = 0, remaining_number = 0;
	char *text;

	if (size == 0 || memchr(body, '\0', size) != NULL)
		return;
	for (i = 0; i + 6 <= size; i++)
		if (memcmp(body + i, "\\u0000", 6) == 0)
			return;
	if (!valid_json(body, size, NULL, NULL)) {
		if (r->result == PS_OK)
			die("PS_OK for a page that is not JSON", r);
		return;
	}
	if ((text = malloc(size + 1)) == NULL)
		abort();
	memcpy(text, body, size);
	text[size] = '\0';
	top = yajl_tree_parse(text, NULL, 0);
	free(text);
	if (top == NULL)
		die("yajl_tree_parse failed on strict JSON", r);

	/* What the page should give: PS_BAD, or PS_OK and these events. */
	sb_init(&want);
	if (!YAJL_IS_OBJECT(top))
		bad = 1;
	for (i = 0; !bad && i < top->u.object.len; i++) {
		const char *k = top->u.object.keys[i];

		v = top->u.object.values[i];
		if (strcmp(k, "result") == 0) {
			result = v;
			bad = nresult++ > 0 || !YAJL_IS_ARRAY(v);
		} else if (strcmp(k, "nextPage") == 0) {
			next = v;
			bad = nnext++ > 0 ||
			    !(YAJL_IS_STRING(v) || YAJL_IS_NULL(v));
		} else if (strcmp(k, "remainingItems") == 0) {
			/* Given twice is wrong only after a number. */
			bad = remaining_number ||
			    !(YAJL_IS_NUMBER(v) || YAJL_IS_NULL(v));
			if (YAJL_IS_NUMBER(v)) {
				remaining = v;
				remaining_number = 1;
			}
		}
	}
	if (result == NULL || event_over(body, size, r->max_event))
		bad = 1;
	for (i = 0; !bad && i < result->u.array.len; i++) {
		const unsigned char *b;
		size_t n;

		v = result->u.array.values[i];
		if (!YAJL_IS_OBJECT(v)) {
			bad = 1;
			break;
		}
		yajl_gen_clear(regen_gen);
		yajl_gen_reset(regen_gen, NULL);
		if (gen_tree(regen_gen, v) < 0)
			goto out; /* nested too deep: left to parse() */
		yajl_gen_get_buf(regen_gen, &b, &n);
		sb_add(&want, (const char *)b, n);
		sb_putc(&want, '\n');
	}
	if (want.oom)
		abort();

	if (bad) {
		if (r->result != PS_BAD)
			die("not PS_BAD for a page yajl says is wrong", r);
	} else {
		if (r->result != PS_OK)
			die("not PS_OK for a page yajl says is right", r);
		if (r->n != result->u.array.len || r->events.len != want.len ||
		    (want.len > 0 &&
			memcmp(r->events.buf, want.buf, want.len) != 0))
			die("events other than yajl_tree's", r);
		/* What the page said besides. */
		if (ps->has_next != (next != NULL) ||
		    ps->next.len !=
			(YAJL_IS_STRING(next) ? strlen(next->u.string) : 0) ||
		    (ps->next.len > 0 &&
			memcmp(ps->next.buf, next->u.string, ps->next.len) !=
			    0))
			die("nextPage other than yajl_tree's", r);
		/* The pager stops at remainingItems <= 0: a long number need
		 * not be exact, but must be on the same side of 0. */
		if (remaining != NULL) {
			double d = strtod(remaining->u.number.r, NULL);
			int exact = strlen(remaining->u.number.r) < 64;

			if (exact ? ps->remaining != d
				  : (ps->remaining <= 0) != (d <= 0))
				die("remainingItems other than yajl_tree's", r);
		}
		if (ps->has_remaining != (remaining != NULL))
			die("remainingItems given or not, unlike yajl_tree", r);
	}
out:
	sb_free(&want);
	yajl_tree_free(top);
}

/* Whether a refused the event over the limit and b found a syntax error
 * instead: in the token that crosses the limit, which a parses only up
 * to the limit and b, given it whole, to its end (or, for a token whose
 * error shows only at its end, before the limit). */
static int
limit_or_syntax(const struct run *a, const struct run *b)
{
	return a->result == PS_BAD && b->result == PS_BAD &&
	    strstr(a->err, "is larger than --max-event-bytes") != NULL &&
	    strncmp(b->err, "not JSON: ", 10) == 0;
}

/* The first byte chooses the pieces; the second max_event, and whether
 * to stop at an event and at which; the rest is the page. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run r[2], *cur = &r[0];
	struct pagestream ps;
	const char *body = (const char *)data + 2;
	unsigned seed, cf;
	int i;

	if (size < 2)
		return 0;
	size -= 2;
	seed = data[0];
	cf = data[1];
	memset(r, 0, sizeof(r));
	if (regen_gen == NULL && (regen_gen = yajl_gen_alloc(NULL)) == NULL)
		abort();
	for (i = 0; i < 2; i++) {
		sb_init(&r[i].events);
		r[i].max_event = max_events[cf & 7];
		r[i].stop_at = cf >> 3 >= 24 ? (cf >> 3) - 24 : ULONG_MAX;
	}
	if (ps_init(&ps, r[0].max_event, event, &cur) < 0)
		abort();

	/* In pieces, then whole on the same parser: the same page. */
	parse(&ps, &r[0], body, size, seed, 0);
	cur = &r[1];
	parse(&ps, &r[1], body, size, seed, 1);
	if (r[0].result != r[1].result || r[0].n != r[1].n ||
	    r[0].events.len != r[1].events.len ||
	    (r[0].events.len > 0 &&
		memcmp(r[0].events.buf, r[1].events.buf, r[0].events.len) != 0))
		die("another page when fed whole", &r[1]);
	/* The byte of a syntax error comes from yajl's count of the bytes it
	 * took, which for a token across pieces is not where it is whole:
	 * only within the page then.  The parser's own errors are exact.  A
	 * token that takes its event past max_event is parsed up to the limit
	 * in pieces, but lexed to its end when whole: a syntax error in it
	 * may then come first. */
	if (limit_or_syntax(&r[0], &r[1]) || limit_or_syntax(&r[1], &r[0]))
		;
	else if (strcmp(r[0].err, r[1].err) != 0 ||
	    (r[0].err_off == 0) != (r[1].err_off == 0) ||
	    r[0].err_off > size + 1 || r[1].err_off > size + 1 ||
	    (strncmp(r[1].err, "not JSON: ", 10) != 0 &&
		r[0].err_off != r[1].err_off)) {
		fprintf(stderr, "in pieces: byte %llu: %s\n", r[0].err_off,
		    r[0].err);
		die("another error when fed whole", &r[1]);
	}
	if (!r[1].stopped)
		check_tree(&ps, &r[1], body, size);

	ps_free(&ps);
	for (i = 0; i < 2; i++)
		sb_free(&r[i].events);
	return 0;
}
