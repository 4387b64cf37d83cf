/* SPDX-License-Identifier: Apache-2.0 */
/* One STIX pattern to one HunQ query: the stages of stix2hunq behind one
 * call, for its main, its fuzz target and other front ends. */
#ifndef S2H_H
#define S2H_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "parser.h"
#include "strbuf.h"
#include "translate.h"

struct qmap;

struct s2h_options {
	enum stix_version ver;
	int strict;      /* refuse every lossy step */
	long time_range; /* minutes of the default window */
	int fixed_now;   /* use now_ms instead of the clock */
	int64_t now_ms;
};

struct s2h {
	struct s2h_options opt;
	struct arena arena;
	struct xlate x; /* x.warns, x.nwarns: the last pattern's warnings */
	struct strbuf query;   /* the last pattern's query */
	struct rs_error error; /* why the last pattern failed */
	enum {
		S2H_SYNTAX = 1,    /* not a STIX pattern */
		S2H_UNMAPPED,      /* nothing maps to HunQ (x.unmapped) */
		S2H_UNTRANSLATABLE /* a value HunQ cannot search */
	} failure;                 /* the kind of that failure */
};

/* Prepare to translate with map (borrowed, it must outlive s). */
void s2h_init(struct s2h *, const struct qmap *map, const struct s2h_options *);
/* Translate len bytes of pattern.  0: the query is in s->query; -1: the
 * pattern is invalid or cannot be translated (s->error); -2: out of memory
 * or no clock.  Warnings are in s->x.warns either way. */
int s2h_translate(struct s2h *, const char *pattern, size_t len);
void s2h_free(struct s2h *);

/* Line and column (from 1, columns in characters) of byte off of src. */
void s2h_position(const char *src, size_t len, size_t off, unsigned long *line,
    unsigned long *col);

#endif
