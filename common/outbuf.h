/* SPDX-License-Identifier: Apache-2.0 */
/* Buffered output to a file descriptor where every write is checked. */
#ifndef OUTBUF_H
#define OUTBUF_H

#include <stddef.h>

struct outbuf {
	int fd;
	int err; /* errno of the first failed write; later writes are no-ops */
	/* Instead of fd, when set: where flushed bytes go; 0, or an errno
	 * value for err. */
	int (*sink)(void *ctx, const char *, size_t);
	void *sink_ctx;
	size_t len;
	char buf[65536];
};

/* Start an empty buffer writing to fd. */
void outbuf_init(struct outbuf *, int fd);
/* Start an empty buffer handing its bytes to sink(ctx, ...). */
void outbuf_init_sink(
    struct outbuf *, int (*sink)(void *, const char *, size_t), void *ctx);
/* Append len bytes; 0, or -1 once a write has failed (see err). */
int outbuf_write(struct outbuf *, const void *, size_t);
/* Append a NUL-terminated string; as outbuf_write. */
int outbuf_puts(struct outbuf *, const char *);
/* Write out what is buffered; 0, or -1 once a write has failed. */
int outbuf_flush(struct outbuf *);

#endif
