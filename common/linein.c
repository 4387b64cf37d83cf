/* SPDX-License-Identifier: Apache-2.0 */
/* Line-by-line input with read(2). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "linein.h"
#include "outbuf.h"

int
linein_init(struct linein *in, int fd, size_t max)
{
	memset(in, 0, sizeof(*in));
	in->fd = fd;
	in->max = max;
	in->chunk = 65536;
	in->cap = in->chunk;
	in->buf = malloc(in->cap);
	if (in->buf == NULL) {
		in->err = ENOMEM;
		return -1;
	}
	return 0;
}

void
linein_free(struct linein *in)
{
	free(in->buf);
	in->buf = NULL;
}

/* Make room for one more chunk after end: move the pending bytes to the
 * front, then grow the buffer if that is not enough. */
static int
make_room(struct linein *in)
{
	if (in->beg > 0) {
		memmove(in->buf, in->buf + in->beg, in->end - in->beg);
		in->end -= in->beg;
		in->beg = 0;
	}
	if (in->cap - in->end < in->chunk) {
		size_t cap = in->cap * 2 > in->end + in->chunk
		    ? in->cap * 2
		    : in->end + in->chunk;
		char *p = realloc(in->buf, cap);

		if (p == NULL) {
			in->err = ENOMEM;
			return -1;
		}
		in->buf = p;
		in->cap = cap;
	}
	return 0;
}

/* Read one more chunk: 1, 0 at the end, -1 on error. */
static int
fill(struct linein *in, struct outbuf *flush)
{
	ssize_t got;

	if (flush != NULL && outbuf_flush(flush) < 0)
		return -1;
	if (make_room(in) < 0)
		return -1;
	do
		got = read(in->fd, in->buf + in->end, in->chunk);
	while (got < 0 && errno == EINTR);
	if (got < 0) {
		in->err = errno;
		return -1;
	}
	in->end += (size_t)got;
	in->eof = got == 0;
	return got > 0;
}

int
linein_next(
    struct linein *in, struct outbuf *flush, const char **line, size_t *len)
{
	size_t scanned = 0;

	for (;;) {
		char *start = in->buf + in->beg;
		char *nl =
		    memchr(start + scanned, '\n', in->end - in->beg - scanned);
		size_t n =
		    nl != NULL ? (size_t)(nl - start) : in->end - in->beg;

		if (in->skipping) {
			/* The rest of a line found too long: drop it. */
			in->beg = nl != NULL ? in->beg + n + 1 : in->end;
			in->skipping = nl == NULL;
			scanned = 0;
		} else if (nl != NULL || (in->eof && n > 0)) {
			*line = start;
			*len = n;
			in->beg += nl != NULL ? n + 1 : n;
			in->lineno++;
			if (n <= in->max)
				return 1;
			in->toolong = 1;
			return -1;
		} else if (n > in->max) {
			in->lineno++;
			in->toolong = 1;
			in->skipping = 1;
			in->beg = in->end;
			return -1;
		} else {
			scanned = n;
		}
		if (nl == NULL) {
			if (in->eof)
				return 0;
			if (fill(in, flush) < 0)
				return -1;
		}
	}
}
