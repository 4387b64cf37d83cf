/* SPDX-License-Identifier: Apache-2.0 */
/* Feeding a JSON stream to yajl in pieces that never end inside a token.
 * yajl keeps a string, number or literal cut by the end of one yajl_parse
 * call and lexes it again from its first byte on every later call, so a
 * value spread over k reads costs k times its size.  Here the tail of a
 * read, from the start of its last unfinished token, is held back and
 * handed on whole once the token ends: every byte is scanned once here
 * and lexed once by yajl, whatever the size of the value and of the
 * reads. */
#ifndef JSONFEED_H
#define JSONFEED_H

#include <stddef.h>

/* Receives the next len bytes (len > 0) of the stream, which never end
 * inside a token.  0 to go on; any other value stops jsonfeed_feed, which
 * returns it. */
typedef int jsonfeed_fn(void *ctx, const unsigned char *buf, size_t len);

/* What jsonfeed_feed returns when it cannot hold a token for lack of
 * memory (callbacks return other values). */
#define JSONFEED_NOMEM (-1000)

struct jsonfeed {
	jsonfeed_fn *fn;
	void *ctx;
	unsigned char *held; /* the unfinished token's bytes so far */
	size_t len, cap;
	int state; /* where the scan is: between tokens, in a string, after
		    * a backslash in a string, in a number or literal */
};

/* Start with nothing held; fn receives the pieces. */
void jsonfeed_init(struct jsonfeed *, jsonfeed_fn *fn, void *ctx);
/* Take the next len bytes: hand on what ends at a token boundary, hold
 * the rest.  0, the callback's value, or JSONFEED_NOMEM. */
int jsonfeed_feed(struct jsonfeed *, const unsigned char *buf, size_t len);
/* The end of the stream: hand on what is held (an unfinished token, for
 * yajl to find cut).  0 or the callback's value. */
int jsonfeed_flush(struct jsonfeed *);
/* The bytes held back now, *len of them (they count against a caller's
 * size limit); owned by jf, valid until the next call. */
const unsigned char *jsonfeed_held(const struct jsonfeed *, size_t *len);
/* Forget what is held and start between tokens (a new document). */
void jsonfeed_reset(struct jsonfeed *);
/* Release the memory. */
void jsonfeed_free(struct jsonfeed *);

#endif
