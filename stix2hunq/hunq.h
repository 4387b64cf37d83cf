/* SPDX-License-Identifier: Apache-2.0 */
/* HunQ queries as a tree, and the writer that prints them with every
 * grouping explicit. */
#ifndef HUNQ_H
#define HUNQ_H

#include <stddef.h>

struct strbuf;

enum hq_kind {
	HQ_ATOM, /* field op value */
	HQ_AND,
	HQ_OR,
	HQ_NOT,
	HQ_OBS /* (comparison) AND happenedAfter = .. AND happenedBefore = .. */
};

struct hq {
	enum hq_kind kind;
	int group;       /* AND, OR: parenthesised even where not needed */
	struct hq *kids; /* AND, OR: operands; NOT, OBS: the one operand */
	struct hq *next; /* the next operand of the parent */
	/* ATOM */
	const char *field;
	const char *suffix; /* appended to field (".gte"), or "" */
	const char *op;     /* "=" or "!=" */
	const char *value;
	size_t vlen;
	int quoted; /* write the value in double quotes */
	/* OBS */
	const char *after, *before; /* the window, "YYYY-...mmmZ" */
};

/* Append the query to sb.  AND inside OR, OR inside AND, an operand of NOT
 * and an observation beside another are parenthesised, so the meaning never
 * depends on HunQ's operator precedence. */
void hq_write(struct strbuf *sb, const struct hq *top);

#endif
