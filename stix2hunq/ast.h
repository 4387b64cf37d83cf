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

enum cmp_kind {
	CMP_AND,
	CMP_OR,
	CMP_TEST /* path [NOT] op value, or [NOT] EXISTS path */
};

struct cmp {
	enum cmp_kind kind;
	size_t off;
	struct cmp *kids; /* AND, OR: the operands, in pattern order */
	struct cmp *next;
	/* CMP_TEST */
	const char *path; /* canonical text: type:step.'quoted step'[0] */
	size_t path_off, path_len;
	int negated;
	enum cmp_op op;
	size_t op_off;
	struct value *values; /* one, or the IN set (NULL when empty) */
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

enum obs_kind {
	OBS_BRACKET,
	OBS_AND,
	OBS_OR,
	OBS_FOLLOWEDBY
};

struct obs {
	enum obs_kind kind;
	size_t off;
	size_t op_off;    /* the operator before this node in its parent */
	struct cmp *cmp;  /* BRACKET: the comparison expression */
	struct obs *kids; /* AND, OR, FOLLOWEDBY: the operands */
	struct obs *next;
	struct qual *quals; /* innermost first */
};

#endif
