/* SPDX-License-Identifier: Apache-2.0 */
/* Line-by-line input from a file descriptor, in memory bounded by the
 * longest line. */
#ifndef LINEIN_H
#define LINEIN_H

#include <stddef.h>

struct outbuf;

struct linein {
	int fd;
	int err;      /* errno of a failed read, or ENOMEM */
	int eof;      /* no more bytes to read */
	int toolong;  /* the last line exceeded max: it is skipped */
	int skipping; /* private: dropping the rest of a long line */
	size_t chunk; /* bytes asked of each read(2); tests make it small */
	size_t max;   /* longest line accepted, in bytes */
	unsigned long lineno; /* number of the line last returned, from 1 */
	char *buf;
	size_t cap, beg, end;
};

/* Start reading fd; lines longer than max bytes are refused. 0, or -1 when
 * out of memory.  The buffer belongs to the reader: see linein_free. */
int linein_init(struct linein *, int fd, size_t max);
/* Return the next line, without its newline, in *line / *len (valid until
 * the next call).  Before a read(2) that may block, flush is flushed when
 * not NULL, so that output streams.  1 for a line, 0 at the end, -1 on a
 * read error (err), a line over max (toolong) or a failed flush. */
int linein_next(
    struct linein *, struct outbuf *flush, const char **line, size_t *len);
/* Release the buffer. */
void linein_free(struct linein *);

#endif
