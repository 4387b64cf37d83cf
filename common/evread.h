/* SPDX-License-Identifier: Apache-2.0 */
/* A streaming reader of ReaQta events: NDJSON or concatenated values,
 * JSON arrays of events, and Hunt API pages {"result":[...], ...}, told
 * apart value by value.  Each event is built as a tree (common/jsonv.h)
 * in an arena that is emptied after it is handed over, so memory is
 * bounded by the largest event, never by the input. */
#ifndef EVREAD_H
#define EVREAD_H

#include <stddef.h>

#include <yajl/yajl_parse.h>

#include "arena.h"
#include "jsonfeed.h"

struct evread;
struct jv;

struct evread_cb {
	/* One event (any JSON value: objects are events, anything else is
	 * for the caller to refuse); n counts them from 1.  The tree lives
	 * until the call returns.  0, or -1 to stop reading. */
	int (*event)(void *ctx, struct jv *v, unsigned long n);
	/* A member of a Hunt API page other than "result" (may be NULL). */
	int (*page)(void *ctx, const char *key, size_t klen, struct jv *v);
	/* Malformed JSON skipped because keep_going is set: err, err_off
	 * and err_event say what (may be NULL). */
	void (*skipped)(void *ctx, const struct evread *r);
	void *ctx;
};

struct evread_frame;

struct evread {
	struct evread_cb cb;
	int keep_going; /* after malformed JSON between top-level objects,
			 * go on at the next line */
	/* results */
	unsigned long events;      /* events read so far, malformed ones
				    * skipped with keep_going included */
	unsigned long errors;      /* malformed parts skipped with keep_going */
	unsigned long long offset; /* bytes read so far */
	/* after evread_feed returns -1, or in the skipped callback: */
	char err[200];              /* what is wrong */
	unsigned long long err_off; /* the bad byte, counted from 1 */
	unsigned long err_event;    /* number of the event being read */
	/* in the skipped callback: where reading goes on, the start of the
	 * line of the error (the event was cut short), or 0 for the next
	 * line */
	unsigned long long resumed_at;
	/* private */
	struct jsonfeed feed; /* whole tokens to yajl */
	yajl_handle h;
	struct arena arena;
	struct evread_frame *frames; /* open containers */
	size_t depth, cap;
	const char *key; /* the pending member name */
	size_t klen;
	int skipping; /* dropping bytes up to the next newline */
	int stopped;  /* a callback asked to stop */
	int oom;
	unsigned long long line_start;  /* where the current line starts */
	unsigned long long value_start; /* where the open value starts */
	unsigned char *line; /* keep_going: the current line's bytes while */
	size_t linelen, linecap; /* an event from an earlier line is open */
	unsigned long long base; /* offset of the bytes being parsed */
	unsigned long long value_end; /* where the last top-level value
				       * ended */
	int pending;                  /* a value has begun since then */
};

/* Start reading; 0, or -1 when out of memory. */
int evread_init(struct evread *, const struct evread_cb *cb);
/* Parse len more bytes.  0; -1 on malformed JSON (err, err_off,
 * err_event), when keep_going cannot skip it (inside an array or a page,
 * or at the end); -2 when a callback stopped; -3 when out of memory. */
int evread_feed(struct evread *, const unsigned char *buf, size_t len);
/* The end of the input: as evread_feed (an unfinished value is an error). */
int evread_finish(struct evread *);
void evread_free(struct evread *);

#endif
