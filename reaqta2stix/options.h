/* SPDX-License-Identifier: Apache-2.0 */
/* reaqta2stix's command line. */
#ifndef OPTIONS_H
#define OPTIONS_H

#include <stddef.h>

#include "bundle.h"

struct settings {
	struct bundle_opts out;
	const char *map; /* --map, or NULL for the default */
	char *identity;  /* --identity JSON (malloc'd), or NULL */
	size_t identity_len;
	size_t read_size; /* --read-size */
	int quiet, keep_going, unmapped;
	char **files; /* the operands ("-": standard input) */
	int nfiles;
};

/* Fill *set from the command line; prints help or version and exits 0,
 * or a message and exits 64 on misuse (66 when --identity @FILE cannot be
 * read). */
void settings_parse(struct settings *set, int argc, char **argv);

#endif
