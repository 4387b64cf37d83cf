/* SPDX-License-Identifier: Apache-2.0 */
/* A streaming reader of ReaQta events. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evread.h"
#include "jsonv.h"

/* Deeper JSON is refused, so that the recursive stages after the reader
 * stay bounded whatever the input. */
enum {
	MAX_DEPTH = 100 /* an event value in the output stays within
			 * yajl_gen's 128 levels */
};

/* Objects with more members than this are not checked for duplicate
 * names (the last value of a duplicate name wins, at the place of the
 * first, as in Python's json module). */
enum {
	DUP_CHECK_MAX = 256
};

enum frame_kind {
	F_TOP_ARRAY, /* a top-level array of events, not built */
	F_PAGE,      /* a Hunt API page, not built */
	F_RESULT,    /* the page's result array, not built */
	F_BUILD      /* a container being built */
};

enum role {
	ROLE_NONE,      /* inside a value being built */
	ROLE_EVENT,     /* an event */
	ROLE_CANDIDATE, /* a top-level object: an event, or a page */
	ROLE_PAGE       /* a member of a page */
};

struct evread_frame {
	enum frame_kind kind;
	enum role role;
	struct jv *v;
	const char *key; /* ROLE_PAGE: the member name */
	size_t klen;
};

static struct evread *
reader(void *ctx)
{
	return ctx;
}

static int
push_frame(struct evread *r, enum frame_kind kind, enum role role, struct jv *v)
{
	struct evread_frame *f;

	if (r->depth >= MAX_DEPTH) {
		snprintf(r->err, sizeof(r->err),
		    "nesting deeper than %d levels", MAX_DEPTH);
		return 0;
	}
	if (r->depth == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;

		f = realloc(r->frames, cap * sizeof(*f));
		if (f == NULL) {
			r->oom = 1;
			return 0;
		}
		r->frames = f;
		r->cap = cap;
	}
	f = &r->frames[r->depth++];
	f->kind = kind;
	f->role = role;
	f->v = v;
	f->key = r->key;
	f->klen = r->klen;
	return 1;
}

/* Hand a complete value over.  1 to go on, 0 to stop the parser. */
static int
deliver(struct evread *r, enum role role, struct jv *v, const char *key,
    size_t klen)
{
	int rc = 0;

	if (role == ROLE_PAGE) {
		if (r->cb.page != NULL)
			rc = r->cb.page(r->cb.ctx, key, klen, v);
	} else {
		r->events++;
		rc = r->cb.event(r->cb.ctx, v, r->events);
	}
	if (rc < 0) {
		r->stopped = 1;
		return 0;
	}
	return 1;
}

/* Add v to the object being built, under the pending name; a name given
 * twice keeps its place and takes the later value.  Returns the node that
 * holds v. */
static struct jv *
add_member(struct evread *r, struct jv *obj, struct jv *v)
{
	struct jv *old = NULL;

	if (obj->n <= DUP_CHECK_MAX)
		old = jv_getn(obj, r->key, r->klen);
	if (old != NULL) {
		struct jv *next = old->next;
		const char *key = old->key;

		*old = *v;
		old->key = key;
		old->klen = r->klen;
		old->next = next;
		if (obj->tail == old)
			old->next = NULL;
		return old;
	}
	v->key = r->key;
	v->klen = r->klen;
	jv_push(obj, v);
	return v;
}

/* The top-level object turned out to be a page: its members so far are
 * page members, and the elements of "result" will be events. */
static int
become_page(struct evread *r)
{
	struct evread_frame *f = &r->frames[0];
	struct jv *m;

	for (m = f->v->head; m != NULL; m = m->next)
		if (!deliver(r, ROLE_PAGE, m, m->key, m->klen))
			return 0;
	arena_reset(&r->arena);
	f->kind = F_PAGE;
	f->role = ROLE_NONE;
	f->v = NULL;
	r->key = NULL;
	return push_frame(r, F_RESULT, ROLE_NONE, NULL);
}

/* A top-level value ends here: what follows is a new value. */
static void
top_done(struct evread *r)
{
	r->value_end = r->base + yajl_get_bytes_consumed(r->h);
}

/* A new value v starts (a scalar, or a container that is then open). */
static int
value(struct evread *r, struct jv *v)
{
	struct evread_frame *top = r->depth ? &r->frames[r->depth - 1] : NULL;
	int container = v->type == JV_ARRAY || v->type == JV_OBJECT;
	enum role role;

	if (top != NULL && top->kind == F_BUILD) {
		if (top->v->type == JV_OBJECT) {
			if (r->depth == 1 && top->role == ROLE_CANDIDATE &&
			    v->type == JV_ARRAY && r->klen == 6 &&
			    memcmp(r->key, "result", 6) == 0)
				return become_page(r);
			v = add_member(r, top->v, v);
		} else {
			jv_push(top->v, v);
		}
		return container ? push_frame(r, F_BUILD, ROLE_NONE, v) : 1;
	}
	if (top == NULL)
		r->value_start = r->base + yajl_get_bytes_consumed(r->h) - 1;
	if (top == NULL && v->type == JV_ARRAY)
		return push_frame(r, F_TOP_ARRAY, ROLE_NONE, NULL);
	if (top == NULL)
		role = v->type == JV_OBJECT ? ROLE_CANDIDATE : ROLE_EVENT;
	else if (top->kind == F_PAGE)
		role = ROLE_PAGE;
	else
		role = ROLE_EVENT;
	if (container)
		return push_frame(r, F_BUILD, role, v);
	if (top == NULL)
		top_done(r);
	if (!deliver(r, role, v, r->key, r->klen))
		return 0;
	arena_reset(&r->arena);
	return 1;
}

static int
end_container(void *ctx)
{
	struct evread *r = reader(ctx);
	struct evread_frame *f = &r->frames[--r->depth];

	if (r->depth == 0)
		top_done(r);
	if (f->kind != F_BUILD ||
	    (r->depth > 0 && r->frames[r->depth - 1].kind == F_BUILD))
		return 1;
	/* A captured value is complete. */
	if (!deliver(r, f->role == ROLE_CANDIDATE ? ROLE_EVENT : f->role, f->v,
		f->key, f->klen))
		return 0;
	arena_reset(&r->arena);
	return 1;
}

static int
scalar(struct evread *r, enum jv_type t, const char *s, size_t len)
{
	struct jv *v = s != NULL ? jv_new_text(&r->arena, t, s, len)
				 : jv_new(&r->arena, t);

	if (v == NULL) {
		r->oom = 1;
		return 0;
	}
	return value(r, v);
}

static int
cb_null(void *ctx)
{
	return scalar(reader(ctx), JV_NULL, NULL, 0);
}

static int
cb_boolean(void *ctx, int b)
{
	return scalar(reader(ctx), b ? JV_TRUE : JV_FALSE, NULL, 0);
}

static int
cb_number(void *ctx, const char *s, size_t len)
{
	return scalar(reader(ctx), JV_NUMBER, s, len);
}

static int
cb_string(void *ctx, const unsigned char *s, size_t len)
{
	return scalar(reader(ctx), JV_STRING, (const char *)s, len);
}

static int
cb_start_map(void *ctx)
{
	return scalar(reader(ctx), JV_OBJECT, NULL, 0);
}

static int
cb_start_array(void *ctx)
{
	return scalar(reader(ctx), JV_ARRAY, NULL, 0);
}

static int
cb_map_key(void *ctx, const unsigned char *key, size_t len)
{
	struct evread *r = reader(ctx);

	r->key = arena_strndup(&r->arena, (const char *)key, len);
	r->klen = len;
	if (r->key == NULL) {
		r->oom = 1;
		return 0;
	}
	return 1;
}

static const yajl_callbacks callbacks = {cb_null, cb_boolean, NULL, NULL,
    cb_number, cb_string, cb_start_map, cb_map_key, end_container,
    cb_start_array, end_container};

static jsonfeed_fn feed_piece;

/* A fresh parser, and nothing open. */
static int
reset(struct evread *r)
{
	if (r->h != NULL)
		yajl_free(r->h);
	r->h = yajl_alloc(&callbacks, NULL, r);
	if (r->h == NULL)
		return -1;
	yajl_config(r->h, yajl_allow_multiple_values, 1);
	r->depth = 0;
	r->key = NULL;
	arena_reset(&r->arena);
	return 0;
}

int
evread_init(struct evread *r, const struct evread_cb *cb)
{
	memset(r, 0, sizeof(*r));
	r->cb = *cb;
	arena_init(&r->arena);
	jsonfeed_init(&r->feed, feed_piece, r);
	return reset(r);
}

void
evread_free(struct evread *r)
{
	if (r->h != NULL)
		yajl_free(r->h);
	free(r->frames);
	free(r->line);
	arena_free(&r->arena);
	jsonfeed_free(&r->feed);
	r->h = NULL;
	r->frames = NULL;
	r->line = NULL;
}

/* Record the parser's error, about the byte at offset off (from 1). */
static void
record_error(struct evread *r, const unsigned char *buf, size_t len,
    unsigned long long off)
{
	unsigned char *msg;
	size_t n;

	if (r->err[0] == '\0') { /* not set by a callback */
		msg = yajl_get_error(r->h, 0, buf, len);
		snprintf(r->err, sizeof(r->err), "%s",
		    msg != NULL ? (const char *)msg : "malformed JSON");
		if (msg != NULL)
			yajl_free_error(r->h, msg);
		n = strlen(r->err);
		while (n > 0 && (r->err[n - 1] == '\n' || r->err[n - 1] == ' '))
			r->err[--n] = '\0';
	}
	r->err_off = off;
	r->err_event = r->events + 1;
}

static int
blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Can reading go on after an error: keep_going, and no array or page
 * open around the value? */
static int
resumable(const struct evread *r)
{
	size_t i;

	if (!r->keep_going || r->stopped || r->oom)
		return 0;
	for (i = 0; i < r->depth; i++)
		if (r->frames[i].kind != F_BUILD)
			return 0;
	return 1;
}

/* Parse len bytes of buf, which start at r->offset, resynchronising
 * after errors when keep_going allows.  0, or as evread_feed. */
static int
parse(struct evread *r, const unsigned char *buf, size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		const unsigned char *nl;
		unsigned long long ls;
		yajl_status st;
		size_t at, bad, i;

		if (r->skipping) {
			if ((nl = memchr(buf + pos, '\n', len - pos)) == NULL)
				break;
			pos = (size_t)(nl - buf) + 1;
			r->skipping = 0;
			if (reset(r) < 0)
				return -3;
			r->value_end = r->offset + pos;
			continue;
		}
		r->err[0] = '\0';
		r->base = r->offset + pos;
		st = yajl_parse(r->h, buf + pos, len - pos);
		if (st == yajl_status_ok)
			break;
		at = pos + yajl_get_bytes_consumed(r->h);
		if (r->oom)
			return -3;
		if (r->stopped)
			return -2;
		/* The bad byte: yajl counts it as consumed or not depending on
		 * the error, so take the first one that is not a blank. */
		bad = at > pos ? at - 1 : pos;
		for (i = bad; i < len && (blank(buf[i]) || buf[i] == '\n'); i++)
			;
		if (i < len)
			bad = i;
		record_error(r, buf + pos, len - pos, r->offset + bad + 1);
		if (!resumable(r))
			return -1;
		r->errors++;
		r->events++; /* the skipped one keeps its number */
		/* Where does the line of the bad byte start? */
		for (nl = NULL; bad > 0; bad--)
			if (buf[bad - 1] == '\n') {
				nl = buf + bad - 1;
				break;
			}
		ls = nl != NULL ? r->offset + (size_t)(nl - buf) + 1
				: r->line_start;
		r->resumed_at = r->value_start >= ls ? 0 : ls;
		if (r->cb.skipped != NULL)
			r->cb.skipped(r->cb.ctx, r);
		if (r->value_start >= ls) {
			/* The broken value began on this line: drop the
			 * rest of it. */
			r->skipping = 1;
			pos = at;
			continue;
		}
		/* The broken value began on an earlier line (it was cut
		 * short): the line of the error may hold a whole event, so
		 * parse it again from its start. */
		if (reset(r) < 0)
			return -3;
		r->value_start = r->value_end = ls;
		if (ls >= r->offset) {
			pos = (size_t)(ls - r->offset);
		} else {
			/* It began in an earlier read: its bytes so far are
			 * in the line buffer. */
			unsigned long long offset = r->offset;
			int rc;

			r->offset = ls;
			rc = parse(r, r->line, r->linelen);
			r->offset = offset;
			if (rc != 0)
				return rc;
			pos = 0;
		}
	}
	return 0;
}

/* Keep the bytes of the current line while an event that began on an
 * earlier line is open, for parse to go back to (keep_going only). */
static int
keep_line(struct evread *r, const unsigned char *buf, size_t len)
{
	const unsigned char *nl = NULL;
	size_t i, from = 0;

	for (i = len; i > 0; i--)
		if (buf[i - 1] == '\n') {
			nl = buf + i - 1;
			break;
		}
	if (nl != NULL) {
		from = (size_t)(nl - buf) + 1;
		r->line_start = r->offset + from;
		r->linelen = 0;
	}
	if (r->depth == 0 || !resumable(r) || r->skipping ||
	    r->value_start >= r->line_start) {
		r->linelen = 0;
		return 0;
	}
	if (from == len)
		return 0;
	if (r->linelen + (len - from) > r->linecap) {
		size_t cap = (r->linelen + (len - from)) * 2;
		unsigned char *p = realloc(r->line, cap);

		if (p == NULL)
			return -1;
		r->line = p;
		r->linecap = cap;
	}
	memcpy(r->line + r->linelen, buf + from, len - from);
	r->linelen += len - from;
	return 0;
}

/* Parse the next len bytes, which never end inside a token (the piece
 * function of r->feed).  0, or as evread_feed. */
static int
feed_piece(void *ctx, const unsigned char *buf, size_t len)
{
	struct evread *r = ctx;
	size_t i;
	int rc = parse(r, buf, len);

	if (rc != 0)
		return rc;
	if (r->keep_going && keep_line(r, buf, len) < 0)
		return -3;
	/* Has a value begun after the last one that ended? */
	i = r->value_end > r->offset ? (size_t)(r->value_end - r->offset) : 0;
	if (r->value_end > r->offset)
		r->pending = 0;
	for (; i < len && !r->pending; i++)
		r->pending = !blank(buf[i]) && buf[i] != '\n';
	r->offset += len;
	return 0;
}

int
evread_feed(struct evread *r, const unsigned char *buf, size_t len)
{
	int rc = jsonfeed_feed(&r->feed, buf, len);

	return rc == JSONFEED_NOMEM ? -3 : rc;
}

int
evread_finish(struct evread *r)
{
	yajl_status st;
	int rc;

	if ((rc = jsonfeed_flush(&r->feed)) != 0)
		return rc;
	if (r->skipping || !r->pending)
		return 0; /* nothing begun since the last value */
	r->err[0] = '\0';
	st = yajl_complete_parse(r->h);
	if (st == yajl_status_ok)
		return 0;
	if (r->oom)
		return -3;
	if (r->stopped)
		return -2;
	if (r->err[0] == '\0')
		snprintf(r->err, sizeof(r->err), "%s",
		    "the input ends inside a JSON value");
	r->err_off = r->offset;
	r->err_event = r->events + 1;
	return -1;
}
