/* SPDX-License-Identifier: Apache-2.0 */
/* The STIX patterning lexer (STIX 2.0 and 2.1 grammars). */
#ifndef LEXER_H
#define LEXER_H

#include <stddef.h>

enum tok {
	TOK_EOF,
	TOK_LBRACK,
	TOK_RBRACK,
	TOK_LPAREN,
	TOK_RPAREN,
	TOK_COLON,
	TOK_DOT,
	TOK_COMMA,
	TOK_STAR,
	TOK_EQ,
	TOK_NEQ,
	TOK_LT,
	TOK_LE,
	TOK_GT,
	TOK_GE,
	TOK_IDENT,        /* identifier without '-' */
	TOK_IDENT_HYPHEN, /* identifier with a '-' */
	TOK_STRING,
	TOK_INT,
	TOK_FLOAT,
	TOK_BOOL,
	TOK_HEX,
	TOK_BINARY,
	TOK_TIMESTAMP,
	TOK_AND,
	TOK_OR,
	TOK_NOT,
	TOK_FOLLOWEDBY,
	TOK_LIKE,
	TOK_MATCHES,
	TOK_ISSUPERSET,
	TOK_ISSUBSET,
	TOK_EXISTS,
	TOK_LAST,
	TOK_IN,
	TOK_START,
	TOK_STOP,
	TOK_SECONDS,
	TOK_WITHIN,
	TOK_REPEATS,
	TOK_TIMES
};

struct token {
	enum tok kind;
	size_t off, len; /* the token's bytes in the source */
};

struct lexer {
	const char *src;
	size_t len, pos;
	int exists_keyword; /* 0 in STIX 2.0, where EXISTS is an identifier */
	size_t err_off;     /* after a failed lex_next: where, and what */
	char err[160];
};

/* Start lexing len bytes of src. */
void lex_init(struct lexer *, const char *src, size_t len, int exists_kw);
/* Read the next token into *t: 0, or -1 with err_off and err set. */
int lex_next(struct lexer *, struct token *t);
/* Tell whether s (n bytes) is a keyword or a boolean of the grammar. */
int lex_is_reserved(const char *s, size_t n);

#endif
