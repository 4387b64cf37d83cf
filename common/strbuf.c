/* SPDX-License-Identifier: Apache-2.0 */
/* A growable string. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

void
sb_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	sb->oom = 0;
}

void
sb_add(struct strbuf *sb, const char *s, size_t len)
{
	if (sb->oom)
		return;
	if (sb->cap - sb->len <= len) {
		size_t cap = sb->cap > 0 ? sb->cap : 256;
		char *p;

		while (cap - sb->len <= len) {
			if (cap > (size_t)-1 / 2) {
				sb->oom = 1;
				return;
			}
			cap *= 2;
		}
		p = realloc(sb->buf, cap);
		if (p == NULL) {
			sb->oom = 1;
			return;
		}
		sb->buf = p;
		sb->cap = cap;
	}
	memcpy(sb->buf + sb->len, s, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void
sb_puts(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

void
sb_putc(struct strbuf *sb, char c)
{
	sb_add(sb, &c, 1);
}

void
sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	sb->oom = 0;
	if (sb->cap > 0)
		sb->buf[0] = '\0';
}

void
sb_free(struct strbuf *sb)
{
	free(sb->buf);
	sb_init(sb);
}
