/* SPDX-License-Identifier: Apache-2.0 */
/* The streaming parser of one Hunt API page. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pagestream.h"

enum {
	K_OTHER,
	K_RESULT,
	K_NEXT,
	K_REMAINING
};

/* Depths: the page object is 1, the result array 2, an event 3. */
enum {
	D_PAGE = 1,
	D_RESULT = 2,
	D_EVENT = 3
};

static int __attribute__((format(printf, 3, 4)))
fail(struct pagestream *ps, enum ps_result r, const char *fmt, ...)
{
	va_list ap;

	if (ps->result != PS_OK)
		return 0;
	ps->result = r;
	va_start(ap, fmt);
	vsnprintf(ps->err, sizeof(ps->err), fmt, ap);
	va_end(ap);
	return 0; /* cancels the parse */
}

static int
not_object(struct pagestream *ps)
{
	return fail(ps, PS_BAD, "event %lu of result is not a JSON object",
	    ps->nevents + 1);
}

static int
wrong_type(struct pagestream *ps)
{
	static const char *const what[] = {"", "result is not an array",
	    "nextPage is not a string", "remainingItems is not a number"};

	return fail(ps, PS_BAD, "%s", what[ps->key]);
}

/* An event past max_event bytes from its brace: refused, naming the
 * first byte past the limit, however it was found. */
static int
too_large(struct pagestream *ps)
{
	fail(ps, PS_BAD,
	    "event %lu is larger than --max-event-bytes (%zu bytes)",
	    ps->nevents + 1, ps->max_event);
	ps->err_off = ps->event_start + ps->max_event + 1;
	return 0;
}

/* After each piece of an event: is it still within bounds?  (What is
 * written is never longer than what was received.) */
static int
gen_ok(struct pagestream *ps, yajl_gen_status st)
{
	if (st == yajl_max_depth_exceeded)
		return fail(ps, PS_BAD,
		    "event %lu is nested deeper than %d levels",
		    ps->nevents + 1, YAJL_MAX_DEPTH - 1);
	if (st != yajl_gen_status_ok)
		return fail(ps, PS_NOMEM, "out of memory");
	if (ps->off + yajl_get_bytes_consumed(ps->parser) - ps->event_start >
	    ps->max_event)
		return too_large(ps);
	return 1;
}

/* A scalar value at the current place; depth 0 and 2 are errors, 1 a
 * top-level key's value, 3 and deeper a piece of an event. */
static int
scalar(struct pagestream *ps, int type)
{
	if (ps->depth == 0)
		return fail(ps, PS_BAD, "the page is not a JSON object");
	if (ps->depth == D_PAGE && ps->key != K_OTHER) {
		if (type != ps->key && type != -1)
			return wrong_type(ps);
		return 1;
	}
	if (ps->depth == D_RESULT && ps->key == K_RESULT)
		return not_object(ps);
	return 1;
}

static int
on_null(void *ctx)
{
	struct pagestream *ps = ctx;

	if (ps->in_event)
		return gen_ok(ps, yajl_gen_null(ps->gen));
	if (ps->depth == D_PAGE && ps->key == K_RESULT)
		return wrong_type(ps);
	return scalar(ps, -1); /* a null nextPage or remainingItems: none */
}

static int
on_boolean(void *ctx, int b)
{
	struct pagestream *ps = ctx;

	if (ps->in_event)
		return gen_ok(ps, yajl_gen_bool(ps->gen, b));
	return scalar(ps, K_OTHER);
}

static int
on_number(void *ctx, const char *s, size_t n)
{
	struct pagestream *ps = ctx;
	char buf[64];

	if (ps->in_event)
		return gen_ok(ps, yajl_gen_number(ps->gen, s, n));
	if (!scalar(ps, K_REMAINING))
		return 0;
	if (ps->depth == D_PAGE && ps->key == K_REMAINING) {
		struct strbuf t;

		if (n < sizeof(buf)) {
			memcpy(buf, s, n);
			buf[n] = '\0';
			ps->remaining = strtod(buf, NULL);
		} else {
			sb_init(&t);
			sb_add(&t, s, n);
			if (t.oom)
				return fail(ps, PS_NOMEM, "out of memory");
			ps->remaining = strtod(t.buf, NULL);
			sb_free(&t);
		}
		ps->has_remaining = 1;
	}
	return 1;
}

static int
on_string(void *ctx, const unsigned char *s, size_t n)
{
	struct pagestream *ps = ctx;

	if (ps->in_event)
		return gen_ok(ps, yajl_gen_string(ps->gen, s, n));
	if (!scalar(ps, K_NEXT))
		return 0;
	if (ps->depth == D_PAGE && ps->key == K_NEXT) {
		sb_reset(&ps->next);
		sb_add(&ps->next, (const char *)s, n);
		if (ps->next.oom)
			return fail(ps, PS_NOMEM, "out of memory");
	}
	return 1;
}

static int
on_key(void *ctx, const unsigned char *s, size_t n)
{
	struct pagestream *ps = ctx;
	static const char *const keys[] = {
	    NULL, "result", "nextPage", "remainingItems"};
	int *seen[] = {
	    NULL, &ps->has_result, &ps->has_next, &ps->has_remaining};
	int k;

	if (ps->in_event)
		return gen_ok(ps, yajl_gen_string(ps->gen, s, n));
	if (ps->depth != D_PAGE)
		return 1;
	ps->key = K_OTHER;
	for (k = K_RESULT; k <= K_REMAINING; k++)
		if (strlen(keys[k]) == n && memcmp(keys[k], s, n) == 0)
			ps->key = k;
	if (ps->key != K_OTHER && *seen[ps->key])
		return fail(ps, PS_BAD, "%s given twice", keys[ps->key]);
	if (ps->key == K_NEXT || ps->key == K_RESULT)
		*seen[ps->key] = 1;
	return 1;
}

static int
on_start_map(void *ctx)
{
	struct pagestream *ps = ctx;

	if (ps->in_event) {
		ps->depth++;
		return gen_ok(ps, yajl_gen_map_open(ps->gen));
	}
	if (ps->depth == D_PAGE && ps->key != K_OTHER)
		return wrong_type(ps);
	if (ps->depth == D_RESULT && ps->key == K_RESULT) {
		ps->in_event = 1;
		/* Where its brace is: the bytes yajl took so far in this
		 * call end with it. */
		ps->event_start =
		    ps->off + yajl_get_bytes_consumed(ps->parser) - 1;
		ps->depth++;
		return gen_ok(ps, yajl_gen_map_open(ps->gen));
	}
	ps->depth++;
	return 1;
}

static int
on_end_map(void *ctx)
{
	struct pagestream *ps = ctx;
	const unsigned char *b;
	size_t n;

	ps->depth--;
	if (!ps->in_event) {
		if (ps->depth == 0)
			ps->done = 1;
		return 1;
	}
	if (!gen_ok(ps, yajl_gen_map_close(ps->gen)))
		return 0;
	if (ps->depth > D_RESULT)
		return 1;
	ps->in_event = 0;
	yajl_gen_get_buf(ps->gen, &b, &n);
	if (ps->event(ps->ctx, (const char *)b, n, ps->nevents++) < 0)
		return fail(ps, PS_STOPPED, "stopped");
	yajl_gen_clear(ps->gen);
	yajl_gen_reset(ps->gen, NULL);
	return 1;
}

static int
on_start_array(void *ctx)
{
	struct pagestream *ps = ctx;

	if (ps->in_event) {
		ps->depth++;
		return gen_ok(ps, yajl_gen_array_open(ps->gen));
	}
	if (ps->depth == 0)
		return fail(ps, PS_BAD, "the page is not a JSON object");
	if (ps->depth == D_PAGE && ps->key != K_OTHER && ps->key != K_RESULT)
		return wrong_type(ps);
	if (ps->depth == D_RESULT && ps->key == K_RESULT)
		return not_object(ps);
	ps->depth++;
	return 1;
}

static int
on_end_array(void *ctx)
{
	struct pagestream *ps = ctx;

	ps->depth--;
	if (ps->in_event)
		return gen_ok(ps, yajl_gen_array_close(ps->gen));
	return 1;
}

static const yajl_callbacks callbacks = {on_null, on_boolean, NULL, NULL,
    on_number, on_string, on_start_map, on_key, on_end_map, on_start_array,
    on_end_array};

static jsonfeed_fn feed_piece;

int
ps_init(struct pagestream *ps, size_t max_event, ps_event *event, void *ctx)
{
	memset(ps, 0, sizeof(*ps));
	sb_init(&ps->next);
	ps->max_event = max_event;
	ps->event = event;
	ps->ctx = ctx;
	jsonfeed_init(&ps->feed, feed_piece, ps);
	if ((ps->gen = yajl_gen_alloc(NULL)) == NULL)
		return -1;
	return 0;
}

int
ps_begin(struct pagestream *ps)
{
	if (ps->parser != NULL)
		yajl_free(ps->parser);
	if ((ps->parser = yajl_alloc(&callbacks, NULL, ps)) == NULL)
		return -1;
	yajl_gen_clear(ps->gen);
	yajl_gen_reset(ps->gen, NULL);
	jsonfeed_reset(&ps->feed);
	ps->result = PS_OK;
	ps->err[0] = '\0';
	ps->off = ps->err_off = 0;
	ps->depth = ps->key = ps->in_event = ps->done = 0;
	ps->has_result = ps->has_next = ps->has_remaining = 0;
	ps->nevents = 0;
	ps->remaining = 0;
	sb_reset(&ps->next);
	return 0;
}

/* Record yajl's complaint about the bytes just parsed. */
static void
syntax(struct pagestream *ps)
{
	unsigned char *msg = yajl_get_error(ps->parser, 0, NULL, 0);
	size_t n;

	fail(ps, PS_BAD, "not JSON: %s", msg != NULL ? (char *)msg : "?");
	if (msg != NULL)
		yajl_free_error(ps->parser, msg);
	n = strcspn(ps->err, "\n");
	while (n > 0 && (ps->err[n - 1] == ' ' || ps->err[n - 1] == '.'))
		n--;
	ps->err[n] = '\0';
	/* The byte yajl stopped at (for some lexical errors, the one
	 * before the bad byte: yajl puts that back). */
	n = yajl_get_bytes_consumed(ps->parser);
	ps->err_off = ps->off + n > 0 ? ps->off + n : 1;
}

/* Parse len bytes with yajl. */
static void
parse(struct pagestream *ps, const unsigned char *p, size_t len)
{
	yajl_status st;

	st = yajl_parse(ps->parser, p, len);
	if (st == yajl_status_error)
		syntax(ps);
	else if (st == yajl_status_client_canceled && ps->err_off == 0)
		ps->err_off = ps->off + yajl_get_bytes_consumed(ps->parser);
	ps->off += len;
}

/* Parse the next len bytes of the page (the piece function of ps->feed,
 * and the held bytes of an event over the limit).  An event is parsed no
 * further than max_event bytes from its opening brace: still open there,
 * it is refused, whatever the pieces.  0, or -1 when result is set. */
static int
feed_piece(void *ctx, const unsigned char *p, size_t len)
{
	struct pagestream *ps = ctx;
	size_t n;

	while (len > 0 && ps->result == PS_OK) {
		n = len;
		if (ps->in_event &&
		    ps->off + n > ps->event_start + ps->max_event)
			n = (size_t)(ps->event_start + ps->max_event - ps->off);
		if (n > 0)
			parse(ps, p, n);
		p += n;
		len -= n;
		if (ps->result == PS_OK && ps->in_event &&
		    ps->off >= ps->event_start + ps->max_event)
			too_large(ps);
	}
	return ps->result == PS_OK ? 0 : -1;
}

int
ps_feed(struct pagestream *ps, const char *p, size_t len)
{
	const unsigned char *held;
	size_t n;

	if (ps->result != PS_OK)
		return -1;
	if (jsonfeed_feed(&ps->feed, (const unsigned char *)p, len) ==
	    JSONFEED_NOMEM)
		fail(ps, PS_NOMEM, "out of memory");
	/* A value being received takes the event past the limit: parse up
	 * to the limit now, as if it had come whole. */
	held = jsonfeed_held(&ps->feed, &n);
	if (ps->result == PS_OK && ps->in_event &&
	    ps->off + n > ps->event_start + ps->max_event)
		feed_piece(ps, held, n);
	return ps->result == PS_OK ? 0 : -1;
}

enum ps_result
ps_end(struct pagestream *ps)
{
	if (ps->result != PS_OK)
		return ps->result;
	if (jsonfeed_flush(&ps->feed) != 0)
		return ps->result;
	/* yajl holds a top-level number until it sees its end: the page is
	 * a number rather than cut short. */
	if (!ps->done && ps->depth == 0 && ps->off > 0 &&
	    yajl_complete_parse(ps->parser) == yajl_status_client_canceled)
		return ps->result;
	if (!ps->done) {
		ps->result = PS_TRUNCATED;
		snprintf(ps->err, sizeof(ps->err),
		    "the page ended at byte %llu, before its JSON did",
		    ps->off);
		return ps->result;
	}
	if (yajl_complete_parse(ps->parser) != yajl_status_ok) {
		syntax(ps);
		return ps->result;
	}
	if (!ps->has_result)
		fail(ps, PS_BAD, "the page has no result array");
	return ps->result;
}

void
ps_free(struct pagestream *ps)
{
	if (ps->parser != NULL)
		yajl_free(ps->parser);
	if (ps->gen != NULL)
		yajl_gen_free(ps->gen);
	sb_free(&ps->next);
	jsonfeed_free(&ps->feed);
}
