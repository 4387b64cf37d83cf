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
	MAX_DEPTH = 512
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
	r->line_fresh = 1;
	r->resumed_at = (unsigned long long)-1;
	arena_init(&r->arena);
	return reset(r);
}

void
evread_free(struct evread *r)
{
	if (r->h != NULL)
		yajl_free(r->h);
	free(r->frames);
	arena_free(&r->arena);
	r->h = NULL;
	r->frames = NULL;
}

/* Record the parser's error at byte at of buf. */
static void
record_error(struct evread *r, const unsigned char *buf, size_t len, size_t at)
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
	r->err_off = r->offset + at;
	r->err_event = r->events + 1;
}

static int
blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Does byte at of buf start a line (only blanks before it since the last
 * newline)? */
static int
starts_line(const struct evread *r, const unsigned char *buf, size_t at)
{
	while (at > 0 && blank(buf[at - 1]))
		at--;
	return at > 0 ? buf[at - 1] == '\n' : r->line_fresh;
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

int
evread_feed(struct evread *r, const unsigned char *buf, size_t len)
{
	size_t pos = 0, i;

	while (pos < len) {
		yajl_status st;
		size_t at;

		if (r->skipping) {
			const unsigned char *nl =
			    memchr(buf + pos, '\n', len - pos);

			if (nl == NULL)
				break;
			pos = (size_t)(nl - buf) + 1;
			r->skipping = 0;
			if (reset(r) < 0)
				return -3;
			continue;
		}
		r->err[0] = '\0';
		st = yajl_parse(r->h, buf + pos, len - pos);
		if (st == yajl_status_ok)
			break;
		at = pos + yajl_get_bytes_consumed(r->h);
		if (r->oom)
			return -3;
		if (r->stopped)
			return -2;
		record_error(r, buf + pos, len - pos, at - pos);
		if (!resumable(r))
			return -1;
		r->errors++;
		if (r->cb.skipped != NULL)
			r->cb.skipped(r->cb.ctx, r);
		if (starts_line(r, buf, at) &&
		    r->offset + at != r->resumed_at) {
			/* An unfinished line: go on with the one that starts
			 * at the error. */
			r->resumed_at = r->offset + at;
			if (reset(r) < 0)
				return -3;
			pos = at;
		} else {
			r->skipping = 1;
			pos = at;
		}
	}
	for (i = len; i > 0 && blank(buf[i - 1]); i--)
		;
	if (i > 0)
		r->line_fresh = buf[i - 1] == '\n';
	r->offset += len;
	return 0;
}

int
evread_finish(struct evread *r)
{
	yajl_status st;

	if (r->skipping)
		return 0;
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
