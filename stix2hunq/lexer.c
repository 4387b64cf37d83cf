/* SPDX-License-Identifier: Apache-2.0 */
/* The STIX patterning lexer: longest match as the canonical ANTLR grammar
 * (STIXPattern.g4) tokenises, with precise messages for bad literals. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lexer.h"
#include "timestamp.h"
#include "utf8.h"

static const struct {
	const char *word;
	enum tok kind;
} reserved[] = {
    {"AND", TOK_AND},
    {"EXISTS", TOK_EXISTS},
    {"FOLLOWEDBY", TOK_FOLLOWEDBY},
    {"IN", TOK_IN},
    {"ISSUBSET", TOK_ISSUBSET},
    {"ISSUPERSET", TOK_ISSUPERSET},
    {"LAST", TOK_LAST},
    {"LIKE", TOK_LIKE},
    {"MATCHES", TOK_MATCHES},
    {"NOT", TOK_NOT},
    {"OR", TOK_OR},
    {"REPEATS", TOK_REPEATS},
    {"SECONDS", TOK_SECONDS},
    {"START", TOK_START},
    {"STOP", TOK_STOP},
    {"TIMES", TOK_TIMES},
    {"WITHIN", TOK_WITHIN},
    {"false", TOK_BOOL},
    {"true", TOK_BOOL},
};

void
lex_init(struct lexer *lx, const char *src, size_t len, int exists_kw)
{
	lx->src = src;
	lx->len = len;
	lx->pos = 0;
	lx->exists_keyword = exists_kw;
	lx->err_off = 0;
	lx->err[0] = '\0';
}

static int
fail(struct lexer *lx, size_t off, const char *msg)
{
	lx->err_off = off;
	snprintf(lx->err, sizeof(lx->err), "%s", msg);
	return -1;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_ident_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int
is_hex(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int
is_b64(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || c == '+' || c == '/';
}

/* The grammar's whitespace: Unicode White_Space. */
static int
is_space(uint32_t c)
{
	return (c >= 0x09 && c <= 0x0d) || c == 0x20 || c == 0x85 ||
	    c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
	    c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f ||
	    c == 0x3000;
}

static int
peek(const struct lexer *lx, size_t at)
{
	return at < lx->len ? (unsigned char)lx->src[at] : -1;
}

/* Skip whitespace and comments; -1 on an unterminated comment or bad
 * UTF-8 (reported), else 0. */
static int
skip_space(struct lexer *lx)
{
	while (lx->pos < lx->len) {
		const unsigned char *s = (const unsigned char *)lx->src;
		uint32_t cp;
		size_t n;

		if (s[lx->pos] == '/' && peek(lx, lx->pos + 1) == '*') {
			const char *end = NULL;
			size_t i;

			for (i = lx->pos + 2; i + 1 < lx->len; i++)
				if (s[i] == '*' && s[i + 1] == '/') {
					end = lx->src + i;
					break;
				}
			if (end == NULL)
				return fail(
				    lx, lx->pos, "unterminated comment");
			lx->pos = (size_t)(end - lx->src) + 2;
			continue;
		}
		if (s[lx->pos] == '/' && peek(lx, lx->pos + 1) == '/') {
			while (lx->pos < lx->len && s[lx->pos] != '\n' &&
			    s[lx->pos] != '\r')
				lx->pos++;
			continue;
		}
		n = utf8_decode(s + lx->pos, lx->len - lx->pos, &cp);
		if (n == 0)
			return fail(lx, lx->pos, "invalid UTF-8");
		if (!is_space(cp))
			break;
		lx->pos += n;
	}
	return 0;
}

/* A string literal from the opening quote at lx->pos.  Only \' and \\ are
 * escapes; anything else (raw newlines included) stands for itself. */
static int
lex_string(struct lexer *lx, struct token *t)
{
	const unsigned char *s = (const unsigned char *)lx->src;
	size_t i = lx->pos + 1;

	while (i < lx->len) {
		uint32_t cp;
		size_t n;

		if (s[i] == '\'') {
			t->kind = TOK_STRING;
			lx->pos = i + 1;
			return 0;
		}
		if (s[i] == '\\') {
			if (i + 1 < lx->len &&
			    (s[i + 1] == '\'' || s[i + 1] == '\\')) {
				i += 2;
				continue;
			}
			return fail(lx, i,
			    "invalid escape in string (only \\' and \\\\ are "
			    "allowed)");
		}
		n = utf8_decode(s + i, lx->len - i, &cp);
		if (n == 0)
			return fail(lx, i, "invalid UTF-8 in string");
		i += n;
	}
	return fail(lx, lx->pos, "unterminated string");
}

/* A t'...', h'...' or b'...' literal, its prefix at lx->pos. */
static int
lex_prefixed(struct lexer *lx, struct token *t)
{
	const char *s = lx->src;
	char prefix = s[lx->pos];
	size_t body = lx->pos + 2, end = body, n, i;

	while (end < lx->len && s[end] != '\'')
		end++;
	if (end >= lx->len)
		return fail(lx, lx->pos,
		    prefix == 't'       ? "unterminated timestamp"
			: prefix == 'h' ? "unterminated hex literal"
					: "unterminated binary literal");
	n = end - body;
	if (prefix == 't') {
		struct ts ts;
		size_t bad;
		const char *why;
		char msg[96];

		if (ts_parse(s + body, n, &ts, &bad, &why) < 0) {
			snprintf(
			    msg, sizeof(msg), "invalid timestamp: %s", why);
			return fail(lx, body + bad, msg);
		}
		t->kind = TOK_TIMESTAMP;
	} else if (prefix == 'h') {
		for (i = body; i < end; i++)
			if (!is_hex((unsigned char)s[i]))
				return fail(lx, i,
				    "invalid hex literal: expected a hex digit");
		if (n % 2 != 0)
			return fail(lx, end,
			    "invalid hex literal: odd number of digits");
		t->kind = TOK_HEX;
	} else {
		/* Standard base64 in quanta of four, '=' padding at the end
		 * only ("xx==" or "xxx="). */
		for (i = body; i < end; i++) {
			int c = (unsigned char)s[i];

			if (c == '=' &&
			    (i == end - 1 ||
				(i == end - 2 && s[end - 1] == '=')))
				continue;
			if (!is_b64(c))
				return fail(lx, i,
				    "invalid binary literal: expected base64");
		}
		if (n == 0 || n % 4 != 0)
			return fail(lx, end,
			    "invalid binary literal: base64 length must be a "
			    "non-zero multiple of 4");
		t->kind = TOK_BINARY;
	}
	lx->pos = end + 1;
	return 0;
}

/* A number from lx->pos (an optional sign is there when signed). */
static int
lex_number(struct lexer *lx, struct token *t, int signed_)
{
	size_t i = lx->pos + (signed_ ? 1 : 0), first = i;

	while (i < lx->len && is_digit(peek(lx, i)))
		i++;
	if (peek(lx, i) == '.' && is_digit(peek(lx, i + 1))) {
		i++;
		while (i < lx->len && is_digit(peek(lx, i)))
			i++;
		t->kind = TOK_FLOAT;
	} else {
		if (i == first)
			return fail(
			    lx, lx->pos, "expected a digit after the sign");
		if (lx->src[first] == '0' && i - first > 1)
			return fail(lx, first,
			    "leading zero in integer (write it without)");
		t->kind = TOK_INT;
	}
	lx->pos = i;
	return 0;
}

static int
lex_word(struct lexer *lx, struct token *t)
{
	size_t i = lx->pos, k;
	int hyphen = 0;

	while (i < lx->len) {
		int c = peek(lx, i);

		if (c == '-')
			hyphen = 1;
		else if (!is_ident_start(c) && !is_digit(c))
			break;
		i++;
	}
	t->kind = hyphen ? TOK_IDENT_HYPHEN : TOK_IDENT;
	for (k = 0; !hyphen && k < sizeof(reserved) / sizeof(reserved[0]);
	     k++) {
		if (strlen(reserved[k].word) == i - lx->pos &&
		    memcmp(reserved[k].word, lx->src + lx->pos, i - lx->pos) ==
			0) {
			if (reserved[k].kind != TOK_EXISTS ||
			    lx->exists_keyword)
				t->kind = reserved[k].kind;
			break;
		}
	}
	lx->pos = i;
	return 0;
}

int
lex_is_reserved(const char *s, size_t n)
{
	size_t k;

	for (k = 0; k < sizeof(reserved) / sizeof(reserved[0]); k++)
		if (strlen(reserved[k].word) == n &&
		    memcmp(reserved[k].word, s, n) == 0)
			return 1;
	return 0;
}

/* The punctuation tokens, longest first. */
static const struct {
	const char *text;
	enum tok kind;
} punct[] = {
    {"==", TOK_EQ},
    {"!=", TOK_NEQ},
    {"<>", TOK_NEQ},
    {"<=", TOK_LE},
    {">=", TOK_GE},
    {"=", TOK_EQ},
    {"<", TOK_LT},
    {">", TOK_GT},
    {"[", TOK_LBRACK},
    {"]", TOK_RBRACK},
    {"(", TOK_LPAREN},
    {")", TOK_RPAREN},
    {":", TOK_COLON},
    {".", TOK_DOT},
    {",", TOK_COMMA},
    {"*", TOK_STAR},
};

static int
unexpected(struct lexer *lx)
{
	const unsigned char *s = (const unsigned char *)lx->src + lx->pos;
	char msg[64];
	uint32_t cp;

	if (utf8_decode(s, lx->len - lx->pos, &cp) == 0)
		return fail(lx, lx->pos, "invalid UTF-8");
	if (cp > 0x20 && cp < 0x7f)
		snprintf(
		    msg, sizeof(msg), "unexpected character '%c'", (int)cp);
	else
		snprintf(msg, sizeof(msg), "unexpected character U+%04X",
		    (unsigned)cp);
	return fail(lx, lx->pos, msg);
}

int
lex_next(struct lexer *lx, struct token *t)
{
	int c, c1;
	size_t k;

	if (skip_space(lx) < 0)
		return -1;
	t->off = lx->pos;
	if (lx->pos >= lx->len) {
		t->kind = TOK_EOF;
		t->len = 0;
		return 0;
	}
	c = peek(lx, lx->pos);
	c1 = peek(lx, lx->pos + 1);
	if (c == '\'') {
		if (lex_string(lx, t) < 0)
			return -1;
	} else if ((c == 't' || c == 'h' || c == 'b') && c1 == '\'') {
		if (lex_prefixed(lx, t) < 0)
			return -1;
	} else if (is_ident_start(c)) {
		lex_word(lx, t);
	} else if (is_digit(c) || (c == '.' && is_digit(c1))) {
		if (lex_number(lx, t, 0) < 0)
			return -1;
	} else if (c == '+' || c == '-') {
		if (lex_number(lx, t, 1) < 0)
			return -1;
	} else {
		for (k = 0; k < sizeof(punct) / sizeof(punct[0]); k++) {
			size_t n = strlen(punct[k].text);

			if (lx->len - lx->pos >= n &&
			    memcmp(lx->src + lx->pos, punct[k].text, n) == 0) {
				t->kind = punct[k].kind;
				lx->pos += n;
				break;
			}
		}
		if (k == sizeof(punct) / sizeof(punct[0]))
			return unexpected(lx);
	}
	t->len = lx->pos - t->off;
	return 0;
}
