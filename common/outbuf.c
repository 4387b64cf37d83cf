/* SPDX-License-Identifier: Apache-2.0 */
/* Buffered output with checked writes. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "outbuf.h"

void
outbuf_init(struct outbuf *ob, int fd)
{
	ob->fd = fd;
	ob->err = 0;
	ob->sink = NULL;
	ob->sink_ctx = NULL;
	ob->len = 0;
}

void
outbuf_init_sink(
    struct outbuf *ob, int (*sink)(void *, const char *, size_t), void *ctx)
{
	outbuf_init(ob, -1);
	ob->sink = sink;
	ob->sink_ctx = ctx;
}

static int
write_all(struct outbuf *ob, const char *p, size_t len)
{
	if (ob->sink != NULL)
		return (ob->err = ob->sink(ob->sink_ctx, p, len)) != 0 ? -1 : 0;
	while (len > 0) {
		ssize_t n = write(ob->fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			ob->err = errno;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
outbuf_flush(struct outbuf *ob)
{
	if (ob->err != 0)
		return -1;
	if (ob->len > 0 && write_all(ob, ob->buf, ob->len) < 0)
		return -1;
	ob->len = 0;
	return 0;
}

int
outbuf_write(struct outbuf *ob, const void *data, size_t len)
{
	if (ob->err != 0)
		return -1;
	if (len > sizeof(ob->buf) - ob->len) {
		if (outbuf_flush(ob) < 0)
			return -1;
		if (len >= sizeof(ob->buf))
			return write_all(ob, data, len);
	}
	memcpy(ob->buf + ob->len, data, len);
	ob->len += len;
	return 0;
}

int
outbuf_puts(struct outbuf *ob, const char *s)
{
	return outbuf_write(ob, s, strlen(s));
}
