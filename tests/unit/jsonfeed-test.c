/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of common/jsonfeed.c: at reads of 1 to 31 bytes and whole,
 * every piece handed on ends between tokens, as much as can be is handed
 * on at once, and the pieces make up the input. */
#include "config.h"

#include <string.h>

#include "jsonfeed.h"
#include "strbuf.h"
#include "tap.h"

/* An input and, for each place 0..len in it, whether the bytes before it
 * end between tokens ('^'), at the end of a number or literal, which is
 * known once the next byte is read ('|'), or inside a string, number or
 * literal ('.'); written by hand. */
static const struct {
	const char *name, *json, *places;
} cases[] = {
    {"an escaped quote", "{\"a\":\"b\\\"c\"}", "^^..^^.....^^"},
    {"an escaped backslash before the closing quote", "\"\\\\\" 1", "^...^^."},
    {"numbers and a literal", "[12,-3.5e+2,true]", "^^.|^......|^...|^"},
    {"a newline ends a broken string", "{\"a\":\"x\n{}\n", "^^..^^..^^^^"},
    {"\\u and escapes before the closing quote", "\"\\u00e9\\\\\\\"\" ",
	"^...........^^"},
    {"blanks and top-level numbers", " 42 \n7", "^^.|^^."},
    {"nothing", "", "^"},
    {"a literal cut at the end", "{\"k\":nul", "^^..^^..."},
    {"a newline after a backslash", "\"a\\\n1", "^...^."},
};

struct run {
	const char *places;
	size_t n;
	struct strbuf got;
	size_t handed;
	int bad_end; /* a piece ended inside a token */
};

static int
piece(void *ctx, const unsigned char *buf, size_t len)
{
	struct run *r = ctx;

	sb_add(&r->got, (const char *)buf, len);
	r->handed += len;
	/* Only the flush at the end of the input may end inside a token. */
	if (len == 0 || (r->places[r->handed] == '.' && r->handed != r->n))
		r->bad_end = 1;
	return 0;
}

/* How many bytes jf holds. */
static size_t
held(const struct jsonfeed *jf)
{
	size_t n;

	jsonfeed_held(jf, &n);
	return n;
}

/* The last place at or before e that is known, having read e bytes, to
 * be between tokens. */
static size_t
last_between(const char *places, size_t e)
{
	size_t p = e;

	while (places[p] != '^' && (places[p] != '|' || p == e))
		p--;
	return p;
}

/* Feed one case in reads of chunk bytes; 1 if all went as it must. */
static int
feed(size_t i, size_t chunk)
{
	const char *json = cases[i].json;
	size_t n = strlen(json), at, len, held_len;
	const unsigned char *held_bytes;
	struct jsonfeed jf;
	struct run r;
	int good = 1;

	memset(&r, 0, sizeof(r));
	r.places = cases[i].places;
	r.n = n;
	sb_init(&r.got);
	jsonfeed_init(&jf, piece, &r);
	for (at = 0; at < n; at += len) {
		len = n - at < chunk ? n - at : chunk;
		if (jsonfeed_feed(&jf, (const unsigned char *)json + at, len) !=
		    0)
			good = 0;
		/* Handed on: all up to where the open token began; held:
		 * the rest. */
		held_bytes = jsonfeed_held(&jf, &held_len);
		if (r.handed != last_between(r.places, at + len) ||
		    held_len != at + len - r.handed ||
		    (held_len > 0 &&
			memcmp(held_bytes, json + r.handed, held_len) != 0))
			good = 0;
	}
	if (jsonfeed_flush(&jf) != 0 || held(&jf) != 0)
		good = 0;
	good = good && !r.bad_end && r.got.len == n &&
	    (n == 0 || memcmp(r.got.buf, json, n) == 0);
	jsonfeed_free(&jf);
	sb_free(&r.got);
	return good;
}

static int
stop(void *ctx, const unsigned char *buf, size_t len)
{
	(void)ctx;
	(void)buf;
	(void)len;
	return 7;
}

int
main(void)
{
	struct jsonfeed jf;
	size_t i, chunk, bad;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (strlen(cases[i].places) != strlen(cases[i].json) + 1) {
			ok(0, "%s: the places are not one more than the bytes",
			    cases[i].name);
			continue;
		}
		for (bad = 0, chunk = 1; chunk <= 32; chunk++)
			if (!feed(i,
				chunk == 32 ? strlen(cases[i].json) + 1
					    : chunk))
				bad = chunk;
		ok(bad == 0, "%s: reads of 1 to 31 bytes and whole%s",
		    cases[i].name, bad ? " (a read size fails)" : "");
	}
	jsonfeed_init(&jf, stop, NULL);
	ok(jsonfeed_feed(&jf, (const unsigned char *)"[1,\"ab", 6) == 7 &&
		held(&jf) == 0,
	    "a piece function that stops: its value, nothing held");
	jsonfeed_init(&jf, stop, NULL);
	ok(jsonfeed_feed(&jf, (const unsigned char *)"\"ab", 3) == 0 &&
		held(&jf) == 3 && jsonfeed_flush(&jf) == 7,
	    "a token held to the end is handed on by the flush");
	jsonfeed_free(&jf);
	return tap_end();
}
