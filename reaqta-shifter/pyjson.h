/* SPDX-License-Identifier: Apache-2.0 */
/* Compact JSON text re-written as Python's json.dumps(indent=4) writes it
 * (what stix-shifter prints): four spaces a level, ", " inside no line,
 * ": " after keys, empty containers as [] and {}, and text beyond ASCII as
 * \uXXXX escapes (ensure_ascii).  A streaming filter: fed any number of
 * bytes at a time, it holds a few bytes of state, never the document. */
#ifndef PYJSON_H
#define PYJSON_H

#include <stddef.h>

struct outbuf;

struct pyjson {
	struct outbuf *out;
	int compact;         /* copy as it comes, no indentation, no escapes */
	unsigned long depth; /* open containers */
	int pending;         /* a container just opened: [ or {, else 0 */
	int in_string, escaped;
	int hex;     /* hex digits of a \u escape still to come */
	unsigned cp; /* the code point of a UTF-8 sequence being read */
	int need;    /* its continuation bytes still to come */
};

void pyjson_init(struct pyjson *, struct outbuf *out, int compact);
/* Feed len bytes of compact JSON (valid UTF-8); 0, or an errno value when
 * the output failed (an outbuf sink, see common/outbuf.h). */
int pyjson_feed(void *p, const char *s, size_t len);

#endif
