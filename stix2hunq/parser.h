/* SPDX-License-Identifier: Apache-2.0 */
/* The STIX pattern parser: recursive descent over the STIX 2.0 / 2.1
 * patterning grammar, with the semantic checks a translator needs. */
#ifndef PARSER_H
#define PARSER_H

#include <stddef.h>

#include "ast.h"
#include "error.h"

struct arena;

enum stix_version {
	STIX_DEFAULT, /* 2.1, plus 2.0's START 'string' STOP 'string' */
	STIX_20,
	STIX_21
};

/* Parse a whole pattern (len bytes of src); the tree is allocated in a.
 * NULL on failure, with e filled: EXIT_DATAERR and the place where the
 * pattern is wrong, or EXIT_SOFTWARE when out of memory. */
struct node *parse_pattern(const char *src, size_t len, enum stix_version,
    struct arena *a, struct rs_error *e);
/* The text of a number literal (n bytes at s, as the lexer takes it)
 * without '+', with "-0" as "0" and without superfluous zeros ("00.50" is
 * "0.5", "1.0" stays), in a.  NULL when out of memory. */
const char *parse_number(struct arena *a, const char *s, size_t n, size_t *len);
/* Parse an object path alone and return its canonical text (in a), the
 * form of struct node's path.  NULL on failure, with e filled. */
const char *parse_path(const char *src, size_t len, enum stix_version,
    struct arena *a, struct rs_error *e);

#endif
