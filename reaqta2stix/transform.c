/* SPDX-License-Identifier: Apache-2.0 */
/* Transformers and value checks. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "jsonv.h"
#include "numtext.h"
#include "timestamp.h"
#include "transform.h"

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_hex(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f';
}

/* A new string or number value holding a copy of len bytes. */
static struct jv *
text(struct arena *a, enum jv_type t, const char *s, size_t len, int *oom)
{
	struct jv *v = jv_new_text(a, t, s, len);

	if (v == NULL)
		*oom = 1;
	return v;
}

/* ---- numbers as Python reads them ---- */

/* Strip Python's whitespace from both ends of s (len bytes). */
static void
strip(const char **s, size_t *len)
{
	while (*len > 0 && is_space((unsigned char)**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && is_space((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

/* Copy the digits of s (base 10 or 16) to out without the underscores
 * Python allows between digits; the number of digits, or 0 if s is not a
 * digit sequence. */
static size_t
digits(const char *s, size_t len, int hex, char *out)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		int c = (unsigned char)s[i];

		if (c == '_' && i > 0 && i + 1 < len && s[i - 1] != '_' &&
		    (hex ? is_hex(s[i + 1]) : is_digit(s[i + 1])))
			continue;
		if (!(hex ? is_hex(c) : is_digit(c)))
			return 0;
		out[n++] = (char)c;
	}
	return n;
}

/* The decimal text (sign and digits, no leading zeros) of the integer
 * Python's int(s, base) reads, in out (len + 2 bytes); 0, or -1. */
static int
py_int(const char *s, size_t len, int base, char *out)
{
	char *digs = out + 1;
	int neg = 0;
	size_t n, i;

	strip(&s, &len);
	if (len > 0 && (*s == '+' || *s == '-')) {
		neg = *s == '-';
		s++;
		len--;
	}
	if (base == 16 && len >= 2 && s[0] == '0' &&
	    (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		len -= 2;
		if (len > 0 && *s == '_') { /* "0x_1f" is valid */
			s++;
			len--;
		}
	}
	if ((n = digits(s, len, base == 16, digs)) == 0)
		return -1;
	if (base == 16) {
		/* Convert to decimal, digit by digit, in place. */
		char dec[2 * 4096];
		size_t nd = 1, k;

		if (n > sizeof(dec) / 2)
			return -1;
		dec[0] = 0;
		for (i = 0; i < n; i++) {
			int carry = is_digit(digs[i])
			    ? digs[i] - '0'
			    : (digs[i] | 0x20) - 'a' + 10;

			for (k = 0; k < nd; k++) {
				int d = dec[k] * 16 + carry;

				dec[k] = (char)(d % 10);
				carry = d / 10;
			}
			while (carry > 0) {
				dec[nd++] = (char)(carry % 10);
				carry /= 10;
			}
		}
		for (k = 0; k < nd; k++)
			digs[k] = (char)('0' + dec[nd - 1 - k]);
		n = nd;
	}
	for (i = 0; i + 1 < n && digs[i] == '0'; i++)
		;
	memmove(digs, digs + i, n - i);
	n -= i;
	digs[n] = '\0';
	if (neg && !(n == 1 && digs[0] == '0')) {
		out[0] = '-';
	} else {
		memmove(out, digs, n + 1);
	}
	return 0;
}

/* The double Python's float(s) reads; 0, or -1. */
static int
py_float(const char *s, size_t len, double *d)
{
	char buf[512], *end;
	size_t i, n = 0, mant = 0;
	const char *p;

	strip(&s, &len);
	if (len == 0 || len >= sizeof(buf))
		return -1;
	p = s + (*s == '+' || *s == '-');
	if ((size_t)(s + len - p) >= 3 &&
	    (strncasecmp(p, "inf", 3) == 0 || strncasecmp(p, "nan", 3) == 0)) {
		size_t rest = (size_t)(s + len - p);

		if (!(rest == 3 ||
			(rest == 8 && strncasecmp(p, "infinity", 8) == 0)))
			return -1;
		*d = strncasecmp(p, "nan", 3) == 0 ? NAN
		    : *s == '-'                    ? -INFINITY
						   : INFINITY;
		return 0;
	}
	for (i = 0; i < len; i++) {
		int c = (unsigned char)s[i];

		if (c == '_') {
			if (i == 0 || i + 1 == len || !is_digit(s[i - 1]) ||
			    !is_digit(s[i + 1]))
				return -1;
			continue;
		}
		if (!is_digit(c) && c != '.' && c != 'e' && c != 'E' &&
		    c != '+' && c != '-')
			return -1;
		mant += is_digit(c);
		buf[n++] = (char)c;
	}
	buf[n] = '\0';
	if (mant == 0)
		return -1;
	*d = strtod(buf, &end);
	return *end == '\0' ? 0 : -1;
}

/* The integer text of a finite double, truncated toward zero. */
static int
int_of_double(double d, char *out, size_t size)
{
	if (!isfinite(d))
		return -1;
	d = trunc(d);
	snprintf(out, size, "%.0f", d);
	if (strcmp(out, "-0") == 0)
		strcpy(out, "0");
	return 0;
}

static int
is_integer_text(const struct jv *v)
{
	return strpbrk(v->s, ".eE") == NULL;
}

/* Python's int(v) for a JSON value: its decimal text in out; 0, or -1.
 * Strings are read by int() directly, unless float_strings and they
 * contain a '.' (then float() first, as ToInteger does). */
static int
to_int(const struct jv *v, int float_strings, char *out, size_t size)
{
	double d;

	switch (v->type) {
	case JV_TRUE:
	case JV_FALSE:
		snprintf(out, size, "%d", v->type == JV_TRUE);
		return 0;
	case JV_NUMBER:
		if (is_integer_text(v))
			return v->len + 2 <= size
			    ? py_int(v->s, v->len, 10, out)
			    : -1;
		return py_float(v->s, v->len, &d) < 0
		    ? -1
		    : int_of_double(d, out, size);
	case JV_STRING:
		if (float_strings && memchr(v->s, '.', v->len) != NULL)
			return py_float(v->s, v->len, &d) < 0
			    ? -1
			    : int_of_double(d, out, size);
		return v->len + 2 <= size ? py_int(v->s, v->len, 10, out) : -1;
	default:
		return -1;
	}
}

/* ---- the transformers ---- */

static struct jv *
to_integer(const struct jv *v, struct arena *a, int *oom)
{
	char out[4200];

	if (to_int(v, 1, out, sizeof(out)) < 0)
		return NULL;
	return text(a, JV_NUMBER, out, strlen(out), oom);
}

static struct jv *
to_string(const struct jv *v, struct arena *a, int *oom)
{
	char out[4200];
	double d;

	switch (v->type) {
	case JV_STRING:
		return text(a, JV_STRING, v->s, v->len, oom);
	case JV_TRUE:
	case JV_FALSE:
		return text(a, JV_STRING, v->type == JV_TRUE ? "True" : "False",
		    v->type == JV_TRUE ? 4 : 5, oom);
	case JV_NUMBER:
		if (is_integer_text(v)) {
			if (v->len + 2 > sizeof(out) ||
			    py_int(v->s, v->len, 10, out) < 0)
				return NULL;
		} else {
			if (py_float(v->s, v->len, &d) < 0)
				return NULL;
			if (isinf(d))
				snprintf(out, sizeof(out), "%sinf",
				    d < 0 ? "-" : "");
			else if (isnan(d))
				snprintf(out, sizeof(out), "nan");
			else
				num_py_repr(d, out);
		}
		return text(a, JV_STRING, out, strlen(out), oom);
	default:
		return NULL;
	}
}

static int
is_sep(char c)
{
	return c == '\\' || c == '/';
}

/* The length of the drive of a Windows path (Python 3.11 ntpath.splitdrive):
 * "C:", or a UNC "\\server\share", or 0. */
static size_t
drive_len(const char *p, size_t n)
{
	size_t start, i, j;

	if (n < 2)
		return 0;
	if (is_sep(p[0]) && is_sep(p[1])) {
		start = 2;
		if (n >= 8 && is_sep(p[2]) && p[3] == '?' && is_sep(p[4]) &&
		    strncasecmp(p + 5, "UNC", 3) == 0 && n > 8 && is_sep(p[8]))
			start = 8;
		for (i = start; i < n && !is_sep(p[i]); i++)
			;
		if (i >= n)
			return n;
		for (j = i + 1; j < n && !is_sep(p[j]); j++)
			;
		return j >= n ? n : j;
	}
	return p[1] == ':' ? 2 : 0;
}

/* ntpath.split(v)[0]: the directory part of a Windows path. */
static struct jv *
to_directory_path(const struct jv *v, struct arena *a, int *oom)
{
	const char *s = v->s;
	size_t n, d, i, head_end;

	if (v->type != JV_STRING)
		return NULL;
	n = v->len;
	d = drive_len(s, n);
	for (i = n; i > d && !is_sep(s[i - 1]); i--)
		;
	/* head is s[d, i); strip its trailing separators unless that leaves
	 * nothing. */
	head_end = i;
	while (head_end > d && is_sep(s[head_end - 1]))
		head_end--;
	if (head_end == d)
		head_end = i;
	return text(a, JV_STRING, s, head_end, oom);
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* datetime.fromtimestamp(int(v) / 1000, UTC), to the millisecond. */
static struct jv *
epoch_to_timestamp(const struct jv *v, struct arena *a, int *oom)
{
	char num[4200], out[TS_MS_LEN + 1];
	double d, ip, frac, us;
	int64_t secs, ms;
	long long n;

	if (to_int(v, 0, num, sizeof(num)) < 0 || strlen(num) > 17)
		return NULL;
	n = strtoll(num, NULL, 10);
	d = (double)n / 1000.0;
	frac = modf(d, &ip);
	us = rint(frac * 1e6); /* half to even, as Python */
	secs = (int64_t)ip;
	if (us >= 1e6) {
		secs++;
		us -= 1e6;
	} else if (us < 0) {
		secs--;
		us += 1e6;
	}
	ms = secs * 1000 + (int64_t)us / 1000;
	/* Python's datetime has years 1 to 9999. */
	if (floor_div(ms, 86400000) < -719162 || ts_format_ms(ms, out) < 0)
		return NULL;
	return text(a, JV_STRING, out, TS_MS_LEN, oom);
}

/* ToTimestamp: epoch milliseconds (an integer, or a string of digits) or
 * an RFC 3339 UTC timestamp, as "YYYY-MM-DDTHH:MM:SS.fffZ" with at least
 * three fraction digits (more are kept as written). */
static struct jv *
to_timestamp(const struct jv *v, struct arena *a, int *oom)
{
	char out[TS_MS_LEN + 1], *p;
	const char *s = v->s;
	size_t i, n = v->len, bad;
	const char *why;
	struct ts t;
	int64_t ms = 0;

	if (v->type != JV_STRING && v->type != JV_NUMBER)
		return NULL;
	i = n > 0 && s[0] == '-';
	if (n > i && n - i <= 17) {
		size_t k;

		for (k = i; k < n && is_digit((unsigned char)s[k]); k++)
			ms = ms * 10 + (s[k] - '0');
		if (k == n) {
			if (ts_format_ms(i ? -ms : ms, out) < 0)
				return NULL;
			return text(a, JV_STRING, out, TS_MS_LEN, oom);
		}
	}
	if (v->type != JV_STRING || ts_parse(s, n, &t, &bad, &why) < 0)
		return NULL;
	ts_format(&t, out);
	if (t.nfrac <= 3)
		return text(a, JV_STRING, out, TS_MS_LEN, oom);
	/* More than milliseconds: the digits as they came. */
	if ((p = arena_alloc(a, 20 + 1 + t.nfrac + 2)) == NULL) {
		*oom = 1;
		return NULL;
	}
	memcpy(p, out, 20);
	memcpy(p + 20, t.frac, t.nfrac);
	p[20 + t.nfrac] = 'Z';
	return text(a, JV_STRING, p, 21 + t.nfrac, oom);
}

/* ToHash: a string of exactly n hexadecimal digits, as it is. */
static struct jv *
to_hash(const struct jv *v, size_t n, struct arena *a, int *oom)
{
	size_t i;

	if (v->type != JV_STRING || v->len != n)
		return NULL;
	for (i = 0; i < n; i++)
		if (!is_hex((unsigned char)v->s[i]))
			return NULL;
	return text(a, JV_STRING, v->s, n, oom);
}

static struct jv *
hex_to_integer(const struct jv *v, struct arena *a, int *oom)
{
	char out[4200];

	if (v->type != JV_STRING || v->len + 2 > sizeof(out) / 2 ||
	    py_int(v->s, v->len, 16, out) < 0)
		return NULL;
	return text(a, JV_NUMBER, out, strlen(out), oom);
}

/* A lower-cased copy (ASCII letters) of a string value. */
static struct jv *
lower(const char *s, size_t len, struct arena *a, int *oom)
{
	char *low = arena_strndup(a, s, len);
	struct jv *v = jv_new(a, JV_STRING);
	size_t i;

	if (low == NULL || v == NULL) {
		*oom = 1;
		return NULL;
	}
	for (i = 0; i < len; i++)
		if (low[i] >= 'A' && low[i] <= 'Z')
			low[i] = (char)(low[i] | 0x20);
	v->s = low;
	v->len = len;
	return v;
}

/* A list lower-cased; a string split at ", " then lower-cased. */
static struct jv *
to_lowercase_array(const struct jv *v, struct arena *a, int *oom)
{
	struct jv *out, *e;
	const struct jv *k;

	if (v->type != JV_ARRAY && v->type != JV_STRING)
		return NULL;
	if ((out = jv_new(a, JV_ARRAY)) == NULL) {
		*oom = 1;
		return NULL;
	}
	if (v->type == JV_ARRAY) {
		for (k = v->head; k != NULL; k = k->next) {
			if (k->type != JV_STRING)
				return NULL;
			if ((e = lower(k->s, k->len, a, oom)) == NULL)
				return NULL;
			jv_push(out, e);
		}
		return out;
	}
	{
		const char *p = v->s, *end = v->s + v->len;

		for (;;) {
			const char *sep = NULL, *q;

			for (q = p; q + 1 < end; q++)
				if (q[0] == ',' && q[1] == ' ') {
					sep = q;
					break;
				}
			if ((e = lower(p, (size_t)((sep ? sep : end) - p), a,
				 oom)) == NULL)
				return NULL;
			jv_push(out, e);
			if (sep == NULL)
				break;
			p = sep + 2;
		}
	}
	return out;
}

struct jv *
tr_apply(enum transformer t, const struct jv *v, struct arena *a, int *oom)
{
	switch (t) {
	case TR_TO_INTEGER:
		return to_integer(v, a, oom);
	case TR_TO_STRING:
		return to_string(v, a, oom);
	case TR_TO_DIRECTORY_PATH:
		return to_directory_path(v, a, oom);
	case TR_EPOCH_TO_TIMESTAMP:
		return epoch_to_timestamp(v, a, oom);
	case TR_HEX_TO_INTEGER:
		return hex_to_integer(v, a, oom);
	case TR_TO_LOWERCASE_ARRAY:
		return to_lowercase_array(v, a, oom);
	case TR_TO_TIMESTAMP:
		return to_timestamp(v, a, oom);
	case TR_HASH_MD5:
		return to_hash(v, 32, a, oom);
	case TR_HASH_SHA1:
		return to_hash(v, 40, a, oom);
	case TR_HASH_SHA256:
		return to_hash(v, 64, a, oom);
	case TR_HASH_SHA512:
		return to_hash(v, 128, a, oom);
	default:
		return jv_copy(a, v);
	}
}

/* ---- the checks of observable.py ---- */

/* An octet of the ipv4 check: 25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]? */
static int
octet(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 3)
		return 0;
	for (i = 0; i < n; i++)
		if (!is_digit((unsigned char)s[i]))
			return 0;
	if (n < 3)
		return 1;
	if (s[0] == '0' || s[0] == '1')
		return 1;
	return s[0] == '2' && (s[1] < '5' || (s[1] == '5' && s[2] <= '5'));
}

/* An octet of the IPv4 tail of the ipv6 check:
 * 25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9] */
static int
octet_b(const char *s, size_t n)
{
	if (!octet(s, n))
		return 0;
	return n < 3 || s[0] == '1' || s[0] == '2';
}

/* Four octets (of kind f) separated by dots, exactly n bytes. */
static int
dotted(const char *s, size_t n, int (*f)(const char *, size_t))
{
	size_t start = 0, i, parts = 0;

	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '.')
			continue;
		if (!f(s + start, i - start) || ++parts > 4)
			return 0;
		start = i + 1;
	}
	return parts == 4;
}

/* Groups of 1-4 hex digits separated by ':', exactly n bytes; their
 * number, or -1.  An empty string has 0 groups. */
static int
groups(const char *s, size_t n)
{
	size_t start = 0, i;
	int k = 0;

	if (n == 0)
		return 0;
	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != ':')
			continue;
		if (i - start < 1 || i - start > 4)
			return -1;
		while (start < i)
			if (!is_hex((unsigned char)s[start++]))
				return -1;
		k++;
		start = i + 1;
	}
	return k;
}

/* The ipv6 check of observable.py, alternative by alternative. */
static int
check_ipv6(const char *s, size_t n)
{
	const char *dc = NULL, *p;
	size_t i;

	/* Python's $ also matches before a final newline. */
	if (n > 0 && s[n - 1] == '\n')
		n--;
	for (i = 0; i + 1 < n; i++)
		if (s[i] == ':' && s[i + 1] == ':') {
			dc = s + i;
			break;
		}
	/* Eight groups, or "::" once with at most seven groups around it. */
	if (dc == NULL && groups(s, n) == 8)
		return 1;
	if (dc != NULL) {
		int k = groups(s, (size_t)(dc - s));
		int m = groups(dc + 2, (size_t)(s + n - dc - 2));

		if (k >= 0 && m >= 0 && k + m <= 7)
			return 1;
	}
	/* fe80:(:[0-9a-fA-F]{0,4}){0,4}%[0-9a-zA-Z]{1,} */
	if (n > 5 && memcmp(s, "fe80:", 5) == 0) {
		const char *pct = memchr(s, '%', n);

		if (pct != NULL && pct + 1 < s + n) {
			int segs = 0, ok = 1;

			for (p = s + 5; ok && p < pct;) {
				size_t h = 0;

				if (*p != ':' || ++segs > 4) {
					ok = 0;
					break;
				}
				for (p++; p < pct && is_hex((unsigned char)*p);
				     p++)
					h++;
				if (h > 4)
					ok = 0;
			}
			for (p = pct + 1; ok && p < s + n; p++)
				if (!is_digit((unsigned char)*p) &&
				    !((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z'))
					ok = 0;
			if (ok)
				return 1;
		}
	}
	/* ::(ffff(:0{1,4}){0,1}:){0,1}IPv4 */
	if (n > 2 && s[0] == ':' && s[1] == ':') {
		const char *t = s + 2;
		size_t left = n - 2;

		if (dotted(t, left, octet_b))
			return 1;
		if (left > 5 && memcmp(t, "ffff:", 5) == 0) {
			if (dotted(t + 5, left - 5, octet_b))
				return 1;
			for (i = 5; i < left && t[i] == '0'; i++)
				;
			if (i > 5 && i - 5 <= 4 && i < left && t[i] == ':' &&
			    dotted(t + i + 1, left - i - 1, octet_b))
				return 1;
		}
	}
	/* ([0-9a-fA-F]{1,4}:){1,4}:IPv4 */
	if (dc != NULL && dc > s) {
		int k = groups(s, (size_t)(dc - s));

		if (k >= 1 && k <= 4 &&
		    dotted(dc + 2, (size_t)(s + n - dc - 2), octet_b))
			return 1;
	}
	return 0;
}

int
tr_check(enum check c, const struct jv *v)
{
	size_t n;

	if (c == CHECK_NONE)
		return 1;
	if (v->type != JV_STRING)
		return 0;
	n = v->len;
	switch (c) {
	case CHECK_IPV4:
		if (n > 0 && v->s[n - 1] == '\n')
			n--;
		return dotted(v->s, n, octet);
	case CHECK_IPV6:
		return check_ipv6(v->s, n);
	default:
		return 1;
	}
}
