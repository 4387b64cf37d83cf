/* SPDX-License-Identifier: Apache-2.0 */
/* stix2hunq's command line. */
#ifndef OPTIONS_H
#define OPTIONS_H

#include "s2h.h"

struct settings {
	struct s2h_options opt;
	const char *file;    /* -f FILE, or NULL */
	const char *map;     /* --map, or NULL for the default */
	const char *pattern; /* the operand; "-" or NULL: read lines */
	int json, quiet, keep_going;
};

/* Fill *set from the command line; prints help or version and exits 0,
 * or a message and exits 64 on misuse. */
void settings_parse(struct settings *set, int argc, char **argv);

#endif
