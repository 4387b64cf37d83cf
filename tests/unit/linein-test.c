/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of common/linein.c: the same lines whatever the size of each
 * read, lines over the limit skipped, a last line without newline. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "linein.h"
#include "strbuf.h"
#include "tap.h"

static const char input[] = "first\n\nthird line\r\n"
			    "a line that is much too long for the limit\n"
			    "after\nno newline at the end";

/* Read all of input through a pipe with reads of chunk bytes; the lines
 * joined by '|', "!" for a line refused as too long. */
static void
read_all(size_t chunk, struct strbuf *sb)
{
	struct linein in;
	const char *line;
	size_t len;
	int fds[2], rc;

	if (pipe(fds) < 0 || write(fds[1], input, sizeof(input) - 1) < 0)
		abort();
	close(fds[1]);
	linein_init(&in, fds[0], 30);
	in.chunk = chunk;
	sb_reset(sb);
	while ((rc = linein_next(&in, NULL, &line, &len)) != 0) {
		if (rc < 0) {
			sb_puts(sb, in.toolong ? "!|" : "?|");
			in.toolong = 0;
			continue;
		}
		sb_add(sb, line, len);
		sb_putc(sb, '|');
	}
	sb_putc(sb, in.lineno == 6 ? '6' : '?');
	linein_free(&in);
	close(fds[0]);
}

int
main(void)
{
	static const char want[] = "first||third line\r|!|after|no newline at "
				   "the end|6";
	struct strbuf sb;
	size_t chunk;

	sb_init(&sb);
	for (chunk = 1; chunk <= 31; chunk++) {
		read_all(chunk, &sb);
		if (!ok(strcmp(sb.buf, want) == 0, "reads of %zu bytes", chunk))
			printf("# got %s\n", sb.buf);
	}
	read_all(65536, &sb);
	ok(strcmp(sb.buf, want) == 0, "reads of 64 KiB");
	sb_free(&sb);
	return tap_end();
}
