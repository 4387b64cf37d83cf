/* SPDX-License-Identifier: Apache-2.0 */
/* The stix2hunq parser against the OASIS pattern test suites
 * (tests/corpus/patterns-*.txt): every pattern of a valid file parses in
 * the given grammar, every pattern of an invalid file is refused with a
 * place inside it.
 * Usage: parse-test MODE:EXPECT:FILE...
 * MODE is default, 2.0 or 2.1; EXPECT is valid or invalid. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "exitcodes.h"
#include "parser.h"
#include "tap.h"

/* Check every pattern of one file. */
static void
check_file(struct arena *a, enum stix_version ver, int valid, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned long no = 0;
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	if (!ok(f != NULL, "open %s", path))
		return;
	while ((n = getline(&line, &cap, f)) >= 0) {
		struct rs_error e;
		struct node *o;

		no++;
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		arena_reset(a);
		o = parse_pattern(line, (size_t)n, ver, a, &e);
		if (valid) {
			if (!ok(o != NULL, "%s:%lu parses", name, no))
				printf("# %s\n# column %zu: %s\n", line,
				    e.off + 1, e.msg);
		} else if (!ok(o == NULL && e.status == EXIT_DATAERR &&
				   e.off <= (size_t)n && e.msg[0] != '\0',
			       "%s:%lu is refused", name, no)) {
			printf("# %s\n", line);
		}
	}
	free(line);
	fclose(f);
}

int
main(int argc, char **argv)
{
	struct arena a;
	int i;

	arena_init(&a);
	for (i = 1; i < argc; i++) {
		char mode[16], expect[16];
		int at = 0;

		if (sscanf(argv[i], "%15[^:]:%15[^:]:%n", mode, expect, &at) !=
			2 ||
		    at == 0)
			return 2;
		check_file(&a,
		    strcmp(mode, "2.0") == 0       ? STIX_20
			: strcmp(mode, "2.1") == 0 ? STIX_21
						   : STIX_DEFAULT,
		    strcmp(expect, "valid") == 0, argv[i] + at);
	}
	arena_free(&a);
	return tap_end();
}
