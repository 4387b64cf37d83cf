/* SPDX-License-Identifier: Apache-2.0 */
/* Feeding a JSON stream to yajl in pieces that never end inside a token. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonfeed.h"

/* Held memory larger than this is freed once its token is handed on. */
#define HELD_KEEP (1 << 20)

enum {
	S_BETWEEN, /* between tokens */
	S_STRING,  /* in a string */
	S_ESCAPE,  /* after a backslash in a string */
	S_WORD     /* in a number or literal */
};

/* Whether c ends a number or literal. */
static int
delimiter(unsigned char c)
{
	switch (c) {
	case ' ':
	case '\t':
	case '\r':
	case '\n':
	case '{':
	case '}':
	case '[':
	case ']':
	case ':':
	case ',':
	case '"':
		return 1;
	default:
		return 0;
	}
}

/* Scan b[0..n) on from *state.  With until_end, stop where the token open
 * at the start ends.  Returns where the scan stopped; *start is where the
 * token still open there began, or n when none began in b.  A newline
 * ends a string too: JSON strings cannot hold one, so the stream is
 * broken there, and readers that go on after an error go on at the next
 * line. */
static size_t
scan(int *state, const unsigned char *b, size_t n, int until_end, size_t *start)
{
	size_t i = 0;

	*start = n;
	while (i < n) {
		switch (*state) {
		case S_BETWEEN:
			if (until_end)
				return i;
			if (b[i] == '"')
				*state = S_STRING;
			else if (!delimiter(b[i]))
				*state = S_WORD;
			if (*state != S_BETWEEN)
				*start = i;
			i++;
			break;
		case S_STRING:
			while (i < n && b[i] != '"' && b[i] != '\\' &&
			    b[i] != '\n')
				i++;
			if (i == n)
				break;
			*state = b[i] == '\\' ? S_ESCAPE : S_BETWEEN;
			i++;
			break;
		case S_ESCAPE:
			*state = b[i] == '\n' ? S_BETWEEN : S_STRING;
			i++;
			break;
		default: /* S_WORD */
			while (i < n && !delimiter(b[i]))
				i++;
			if (i < n)
				*state = S_BETWEEN;
			break;
		}
		if (*state == S_BETWEEN)
			*start = n;
	}
	return i;
}

/* Append n bytes to the held token.  0, or -1 when out of memory. */
static int
hold(struct jsonfeed *jf, const unsigned char *b, size_t n)
{
	if (n > jf->cap - jf->len) {
		size_t cap = jf->cap > 0 ? jf->cap : 4096;
		unsigned char *p;

		while (cap - jf->len < n) {
			if (cap > SIZE_MAX / 2)
				return -1;
			cap *= 2;
		}
		if ((p = realloc(jf->held, cap)) == NULL)
			return -1;
		jf->held = p;
		jf->cap = cap;
	}
	memcpy(jf->held + jf->len, b, n);
	jf->len += n;
	return 0;
}

void
jsonfeed_init(struct jsonfeed *jf, jsonfeed_fn *fn, void *ctx)
{
	memset(jf, 0, sizeof(*jf));
	jf->fn = fn;
	jf->ctx = ctx;
	jf->state = S_BETWEEN;
}

int
jsonfeed_feed(struct jsonfeed *jf, const unsigned char *b, size_t n)
{
	size_t at, start;
	int rc;

	if (jf->len > 0) {
		/* The held token goes on in b: hand it on once it ends. */
		at = scan(&jf->state, b, n, 1, &start);
		if (hold(jf, b, at) < 0)
			return JSONFEED_NOMEM;
		if (jf->state != S_BETWEEN)
			return 0;
		if ((rc = jsonfeed_flush(jf)) != 0)
			return rc;
		b += at;
		n -= at;
	}
	scan(&jf->state, b, n, 0, &start);
	if (start > 0 && (rc = jf->fn(jf->ctx, b, start)) != 0)
		return rc;
	if (start < n && hold(jf, b + start, n - start) < 0)
		return JSONFEED_NOMEM;
	return 0;
}

int
jsonfeed_flush(struct jsonfeed *jf)
{
	size_t len = jf->len;
	int rc;

	jf->state = S_BETWEEN;
	if (len == 0)
		return 0;
	jf->len = 0;
	rc = jf->fn(jf->ctx, jf->held, len);
	/* A large token's memory goes back once it is handed on. */
	if (jf->cap > HELD_KEEP) {
		free(jf->held);
		jf->held = NULL;
		jf->cap = 0;
	}
	return rc;
}

const unsigned char *
jsonfeed_held(const struct jsonfeed *jf, size_t *len)
{
	*len = jf->len;
	return jf->held;
}

void
jsonfeed_reset(struct jsonfeed *jf)
{
	jf->len = 0;
	jf->state = S_BETWEEN;
}

void
jsonfeed_free(struct jsonfeed *jf)
{
	free(jf->held);
	jf->held = NULL;
	jf->len = jf->cap = 0;
}
