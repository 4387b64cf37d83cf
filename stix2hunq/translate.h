/* SPDX-License-Identifier: Apache-2.0 */
/* STIX pattern tree to HunQ tree: the field mapping, the operators, the
 * values, the time windows, and what is dropped, approximated or refused. */
#ifndef TRANSLATE_H
#define TRANSLATE_H

#include <stddef.h>
#include <stdint.h>

#include "ast.h"
#include "error.h"
#include "hunq.h"

struct arena;
struct qmap;

struct xlate {
	/* set by the caller */
	const struct qmap *map;
	struct arena *a;
	const char *src; /* the pattern, for quoting it in messages */
	size_t len;
	int strict;     /* refuse every lossy step */
	int64_t now_ms; /* "now" of the default window */
	long range_min; /* length of the default window, minutes */
	/* results */
	struct rs_error *warns; /* lossy steps, in pattern order */
	size_t nwarns, capwarns;
	struct rs_error err; /* the refusal, when translate returns NULL */
	int unmapped; /* the refusal: nothing mapped, or an operator without a
		       * HunQ form (rather than a value that cannot be
		       * searched) */
	int oom;
	/* private */
	char after[25], before[25];
};

/* Translate a parsed pattern.  The tree lives in x->a; NULL on failure,
 * with x->err (or x->oom) set.  Warnings accumulate in x->warns (the
 * caller empties the list between patterns). */
struct hq *translate(struct xlate *x, const struct node *pattern);

#endif
