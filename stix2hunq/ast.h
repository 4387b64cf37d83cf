/* SPDX-License-Identifier: Apache-2.0 */
/* The syntax tree of a STIX pattern.  Every node lives in the arena of
 * the pattern being translated; offsets are byte offsets in the pattern. */
#ifndef AST_H
#define AST_H

#include <stddef.h>

enum val_kind {
	VAL_STRING,
	VAL_INT,
	VAL_FLOAT,
	VAL_BOOL,
	VAL_HEX,
	VAL_BINARY,
	VAL_TIMESTAMP
};

struct value {
	enum val_kind kind;
	/* STRING: the characters after unescaping; INT, FLOAT: the number
	 * without '+' and superfluous zeros; TIMESTAMP: UTC with exactly
	 * three fraction digits; BOOL, HEX, BINARY: the literal as written */
	const char *text;
	size_t len;
	size_t off, srclen; /* the literal in the pattern */
	struct value *next; /* the next element of an IN set */
};

enum cmp_op {
	OP_EQ,
	OP_NEQ,
	OP_LT,
	OP_LE,
	OP_GT,
	OP_GE,
	OP_IN,
	OP_LIKE,
	OP_MATCHES,
	OP_ISSUBSET,
	OP_ISSUPERSET,
	OP_EXISTS
};

enum qual_kind {
	QUAL_WITHIN,
	QUAL_REPEATS,
	QUAL_STARTSTOP
};

struct qual {
	enum qual_kind kind;
	size_t off;
	char start[25], stop[25]; /* STARTSTOP: normalised timestamps */
	int backwards;            /* STARTSTOP: START is after STOP */
	struct qual *next;
};

enum node_kind {
	NODE_AND,
	NODE_OR,
	NODE_FOLLOWEDBY, /* observations only */
	NODE_TEST,       /* path [NOT] op value, or [NOT] EXISTS path */
	NODE_OBSERVATION /* [ comparison expression ] */
};

/* A node of the comparison expressions (inside [ ]) or of the observation
 * expression around them. */
struct node {
	enum node_kind kind;
	int observations;  /* AND, OR: the operands are observations */
	size_t off;        /* where the node starts */
	size_t sep_off;    /* the operator before it in its parent's list */
	struct node *kids; /* AND, OR, FOLLOWEDBY: the operands, in pattern
			    * order; OBSERVATION: the comparison expression */
	struct node *next;
	struct qual *quals; /* observation level: qualifiers, innermost first */
	/* NODE_TEST */
	const char *path; /* canonical text: type:step.'quoted step'[0] */
	size_t path_off, path_len;
	int negated;
	enum cmp_op op;
	size_t op_off;
	struct value *values; /* one, or the IN set (NULL when empty) */
};

#endif
