/* SPDX-License-Identifier: Apache-2.0 */
/* stix2hunq's messages on stderr. */
#include "config.h"

#include <err.h>
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "s2h.h"

/* Bytes of context shown on each side of the caret in a long line. */
enum {
	CONTEXT = 60
};

/* "FILE: line L, column C" of byte off of the pattern, into buf. */
static void
place(const struct origin *o, const char *src, size_t len, size_t off,
    char *buf, size_t size)
{
	unsigned long line, col;

	s2h_position(src, len, off, &line, &col);
	snprintf(buf, size, "%s%sline %lu, column %lu",
	    o->file != NULL ? o->file : "", o->file != NULL ? ": " : "",
	    o->line + line - 1, col);
}

void
report_warnings(const struct s2h *s, const struct origin *o)
{
	char where[300];
	size_t i;

	for (i = 0; i < s->x.nwarns; i++) {
		place(o, s->x.src, s->x.len, s->x.warns[i].off, where,
		    sizeof(where));
		warnx("%s: warning: %s", where, s->x.warns[i].msg);
	}
}

static int
is_cont(const char *s, size_t i)
{
	return ((unsigned char)s[i] & 0xc0) == 0x80;
}

/* Print src[from, to) on a line of its own, control characters as '?'. */
static void
show(const char *src, size_t from, size_t to, int dots_before, int dots_after)
{
	size_t i;

	fputs(dots_before ? "..." : "", stderr);
	for (i = from; i < to; i++) {
		unsigned char c = (unsigned char)src[i];

		fputc((c < 0x20 && c != '\t') || c == 0x7f ? '?' : c, stderr);
	}
	fputs(dots_after ? "...\n" : "\n", stderr);
}

void
report_error(
    const struct s2h *s, const struct origin *o, const char *src, size_t len)
{
	size_t off = s->error.off > len ? len : s->error.off;
	size_t start = off, end = off, from, to, i;
	char where[300];

	place(o, src, len, off, where, sizeof(where));
	warnx("%s: %s", where, s->error.msg);
	while (start > 0 && src[start - 1] != '\n')
		start--;
	while (end < len && src[end] != '\n')
		end++;
	from = off - start > CONTEXT ? off - CONTEXT : start;
	while (from > start && is_cont(src, from))
		from--;
	to = end - off > CONTEXT ? off + CONTEXT : end;
	while (to < end && is_cont(src, to))
		to++;
	show(src, from, to, from > start, to < end);
	fputs(from > start ? "   " : "", stderr);
	for (i = from; i < off; i++)
		if (!is_cont(src, i))
			fputc(src[i] == '\t' ? '\t' : ' ', stderr);
	fputs("^\n", stderr);
}
