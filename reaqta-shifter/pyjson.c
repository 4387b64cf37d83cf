/* SPDX-License-Identifier: Apache-2.0 */
/* Python's json.dumps(indent=4) layout of compact JSON. */
#include "config.h"

#include <stdio.h>

#include "outbuf.h"
#include "pyjson.h"

void
pyjson_init(struct pyjson *p, struct outbuf *out, int compact)
{
	p->out = out;
	p->compact = compact;
	p->depth = 0;
	p->pending = 0;
	p->in_string = p->escaped = p->hex = 0;
	p->cp = 0;
	p->need = 0;
}

/* A new line indented for the current depth. */
static void
newline(struct pyjson *p)
{
	unsigned long i;

	outbuf_write(p->out, "\n", 1);
	for (i = 0; i < p->depth; i++)
		outbuf_write(p->out, "    ", 4);
}

/* A code point as \uXXXX, or two of them (a UTF-16 surrogate pair). */
static void
escape_cp(struct pyjson *p, unsigned cp)
{
	char buf[16];

	if (cp >= 0x10000) {
		cp -= 0x10000;
		snprintf(buf, sizeof(buf), "\\u%04x\\u%04x",
		    0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
	} else {
		snprintf(buf, sizeof(buf), "\\u%04x", cp);
	}
	outbuf_puts(p->out, buf);
}

/* One byte inside a string. */
static void
string_byte(struct pyjson *p, unsigned char c)
{
	if (p->need > 0) {
		p->cp = p->cp << 6 | (c & 0x3f);
		if (--p->need == 0)
			escape_cp(p, p->cp);
		return;
	}
	if (c >= 0x80) {
		p->need = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
		p->cp = c & (0x3f >> p->need);
		return;
	}
	if (p->hex > 0) {
		/* \uXXXX in lower case, as Python writes it. */
		p->hex--;
		if (c >= 'A' && c <= 'F')
			c = (unsigned char)(c | 0x20);
	}
	outbuf_write(p->out, &c, 1);
	if (p->escaped) {
		p->escaped = 0;
		p->hex = c == 'u' ? 4 : 0;
	} else if (c == '\\')
		p->escaped = 1;
	else if (c == '"')
		p->in_string = 0;
}

int
pyjson_feed(void *ctx, const char *s, size_t len)
{
	struct pyjson *p = ctx;
	size_t i;

	if (p->compact) {
		outbuf_write(p->out, s, len);
		return p->out->err;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (p->in_string) {
			string_byte(p, c);
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (c == ']' || c == '}') {
			p->depth--;
			if (!p->pending)
				newline(p);
			p->pending = 0;
			outbuf_write(p->out, &c, 1);
			if (p->depth == 0)
				outbuf_write(p->out, "\n", 1);
			continue;
		}
		if (p->pending) {
			p->pending = 0;
			newline(p);
		}
		switch (c) {
		case '[':
		case '{':
			outbuf_write(p->out, &c, 1);
			p->depth++;
			p->pending = c;
			break;
		case ',':
			outbuf_write(p->out, ",", 1);
			newline(p);
			break;
		case ':':
			outbuf_write(p->out, ": ", 2);
			break;
		case '"':
			p->in_string = 1;
			outbuf_write(p->out, &c, 1);
			break;
		default:
			outbuf_write(p->out, &c, 1);
		}
	}
	return p->out->err;
}
