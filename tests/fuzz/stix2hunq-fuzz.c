/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: one input is one pattern, through the lexer, the
 * parser, the translator and the HunQ writer, in every grammar, strict and
 * not.  Built and run by make fuzz. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "error.h"
#include "qmap.h"
#include "s2h.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct qmap maps[2];
	static int loaded;
	static const enum stix_version vers[] = {
	    STIX_DEFAULT, STIX_20, STIX_21};
	struct rs_error e;
	size_t v, strict;

	if (!loaded) {
		if (qmap_load(&maps[0], "stix20", STIX_DEFAULT, &e) < 0 ||
		    qmap_load(&maps[1], "stix21", STIX_21, &e) < 0)
			abort();
		loaded = 1;
	}
	for (v = 0; v < 3; v++)
		for (strict = 0; strict < 2; strict++) {
			struct s2h_options o = {
			    vers[v], (int)strict, 5, 1, 1714564800987LL};
			struct s2h s;

			s2h_init(&s, &maps[vers[v] == STIX_21], &o);
			if (s2h_translate(&s, (const char *)data, size) == 0 &&
			    s.query.len == 0)
				abort(); /* a query is never empty */
			s2h_free(&s);
		}
	return 0;
}
