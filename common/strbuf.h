/* SPDX-License-Identifier: Apache-2.0 */
/* A growable string whose out-of-memory state is sticky, so that a caller
 * appends freely and checks once. */
#ifndef STRBUF_H
#define STRBUF_H

#include <stddef.h>

struct strbuf {
	char *buf; /* NUL-terminated when cap > 0 */
	size_t len, cap;
	int oom; /* an append failed for lack of memory */
};

/* Start an empty string (no allocation yet). */
void sb_init(struct strbuf *);
/* Append len bytes. */
void sb_add(struct strbuf *, const char *, size_t);
/* Append a NUL-terminated string. */
void sb_puts(struct strbuf *, const char *);
/* Append one byte. */
void sb_putc(struct strbuf *, char);
/* Empty the string, keeping its memory and clearing oom. */
void sb_reset(struct strbuf *);
/* Release the memory. */
void sb_free(struct strbuf *);

#endif
