/* SPDX-License-Identifier: Apache-2.0 */
/* reaqta-shifter: what its commands share. */
#ifndef SHIFTER_H
#define SHIFTER_H

#include <stdint.h>
#include <stdio.h>

#include <yajl/yajl_tree.h>

#include "error.h"
#include "jsonw.h"
#include "outbuf.h"

struct shifter {
	int compact;   /* --compact: one line */
	int fixed_now; /* --now */
	int64_t now_ms;
	/* The answer, compact, spooled to a temporary file so that nothing
	 * is printed unless all of it is right. */
	FILE *spool;
	struct outbuf sp;
	struct jsonw w;
	/* A failure: stix-shifter's code, and the message (e.status is the
	 * exit status). */
	const char *code;
	struct rs_error e;
	int stdin_taken; /* an argument "-" has read standard input */
	char *mapfile;   /* the map file made of the option "mapping" */
};

/* The options of stix-shifter's translate and execute. */
struct shopts {
	int v21;                  /* stix_2.1 */
	long time_range;          /* minutes, default 5 */
	unsigned long long limit; /* result_limit, 0: none */
	double timeout;           /* seconds, 0: hunt-fetch's default */
	int unmapped;             /* unmapped_fallback */
	int validate;             /* validate_pattern */
	yajl_val mapping;         /* mapping, or NULL */
};

/* Record a failure: stix-shifter's code, the exit status, the message.
 * Returns -1. */
int fail(struct shifter *, const char *code, int status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The text of argument arg ("-": standard input), malloc'd; NULL after
 * fail(). */
char *arg_text(struct shifter *, const char *arg, const char *what);
/* The JSON argument arg ("-": standard input) as a tree, what naming it in
 * messages; NULL after fail(). */
yajl_val json_arg(struct shifter *, const char *arg, const char *what);
/* Read the options object (NULL: none) into o; 0, or -1 after fail(). */
int read_options(struct shifter *, yajl_val opts, struct shopts *o);
/* The map for queries (q) or results of the options: a built-in name, or
 * the file written for the option "mapping".  NULL after fail(). */
const char *map_of(struct shifter *, const struct shopts *o, int results);

/* The commands; 0, or -1 after fail().  The answer is written to s->w. */
int cmd_translate_query(struct shifter *, const char *identity,
    const char *pattern, const char *options);
int cmd_translate_results(struct shifter *, const char *identity,
    const char *data, const char *options);
int cmd_transmit(struct shifter *, const char *connection,
    const char *configuration, int argc, char **argv);
int cmd_execute(struct shifter *, const char *identity, const char *connection,
    const char *configuration, const char *pattern, unsigned long long results);

#endif
