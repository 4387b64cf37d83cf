/* SPDX-License-Identifier: Apache-2.0 */
/* The streaming parser of one Hunt API page: each event of "result" is
 * handed on, compact and with its numbers as received, as soon as its
 * closing brace arrives; nextPage and remainingItems are kept. */
#ifndef PAGESTREAM_H
#define PAGESTREAM_H

#include <stddef.h>
#include <yajl/yajl_gen.h>
#include <yajl/yajl_parse.h>

#include "jsonfeed.h"
#include "strbuf.h"

/* Receives event idx (from 0) of the page: json is len bytes, no newline.
 * Returns 0, or -1 to stop the page (PS_STOPPED). */
typedef int ps_event(
    void *ctx, const char *json, size_t len, unsigned long idx);

enum ps_result {
	PS_OK,        /* a complete, consistent page */
	PS_TRUNCATED, /* the body ended before its JSON did */
	PS_BAD,       /* not JSON, or not a page: err says why */
	PS_STOPPED,   /* the event callback stopped it */
	PS_NOMEM
};

struct pagestream {
	struct jsonfeed feed; /* whole tokens to the parser */
	yajl_handle parser;
	yajl_gen gen; /* the event being copied */
	size_t max_event;
	ps_event *event;
	void *ctx;
	enum ps_result result;
	char err[256];
	unsigned long long off;     /* bytes fed so far */
	unsigned long long err_off; /* the byte err is about, from 1 */
	/* Where the parser is. */
	int depth;
	int key; /* which top-level key's value comes next */
	int in_event;
	unsigned long long event_start; /* off of its opening brace */
	int done;                       /* the top-level object closed */
	/* What the page said. */
	int has_result, has_next, has_remaining;
	unsigned long nevents;
	struct strbuf next;
	double remaining;
};

/* Prepare a parser; an event of more than max_event bytes as received
 * (from its opening brace to its closing one) is refused as soon as byte
 * max_event + 1 of it arrives.  0, or -1 when out of memory. */
int ps_init(struct pagestream *, size_t max_event, ps_event *, void *ctx);
/* Start a new page.  0, or -1 when out of memory. */
int ps_begin(struct pagestream *);
/* Parse the next len bytes of the page.  0, or -1 when result is set. */
int ps_feed(struct pagestream *, const char *, size_t len);
/* The body is over: the page's result. */
enum ps_result ps_end(struct pagestream *);
/* Release the parser. */
void ps_free(struct pagestream *);

#endif
