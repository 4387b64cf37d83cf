/* SPDX-License-Identifier: Apache-2.0 */
/* Shortest round-trip number text, Python and ECMAScript style. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numtext.h"

/* The shortest digits that read back as d > 0 (no trailing zeros) in dig,
 * and the decimal exponent of the first: d = 0.d1d2... * 10^(x + 1). */
static int
shortest(double d, char dig[24], int *x)
{
	char buf[40], *e, *q;
	int p, k = 0;

	for (p = 1; p < 17; p++) {
		snprintf(buf, sizeof(buf), "%.*e", p - 1, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	if (p == 17)
		snprintf(buf, sizeof(buf), "%.16e", d);
	e = strchr(buf, 'e');
	for (q = buf; q < e; q++)
		if (*q >= '0' && *q <= '9')
			dig[k++] = *q;
	while (k > 1 && dig[k - 1] == '0')
		k--;
	dig[k] = '\0';
	*x = atoi(e + 1);
	return k;
}

/* Append c to out at *k. */
static void
put(char *out, size_t *k, char c)
{
	if (*k < NUMTEXT_MAX - 1)
		out[(*k)++] = c;
}

/* Digits dig[from, to), then zeros up to to_total digits. */
static void
put_digits(char *out, size_t *k, const char *dig, int nd, int from, int to)
{
	int i;

	for (i = from; i < to; i++)
		put(out, k, i < nd ? dig[i] : '0');
}

static void
put_exponent(char *out, size_t *k, int x, int two_digits)
{
	char buf[16];
	size_t i;

	snprintf(buf, sizeof(buf), two_digits ? "e%c%02d" : "e%c%d",
	    x < 0 ? '-' : '+', abs(x));
	for (i = 0; buf[i] != '\0'; i++)
		put(out, k, buf[i]);
}

void
num_py_repr(double d, char out[NUMTEXT_MAX])
{
	char dig[24];
	size_t k = 0;
	int x, nd;

	if (signbit(d))
		put(out, &k, '-');
	if (d == 0) {
		put(out, &k, '0');
		put(out, &k, '.');
		put(out, &k, '0');
		out[k] = '\0';
		return;
	}
	nd = shortest(fabs(d), dig, &x);
	if (x < -4 || x >= 16) {
		put(out, &k, dig[0]);
		if (nd > 1) {
			put(out, &k, '.');
			put_digits(out, &k, dig, nd, 1, nd);
		}
		put_exponent(out, &k, x, 1);
	} else if (x < 0) {
		put(out, &k, '0');
		put(out, &k, '.');
		put_digits(out, &k, "", 0, 0, -x - 1);
		put_digits(out, &k, dig, nd, 0, nd);
	} else {
		put_digits(out, &k, dig, nd, 0, x + 1);
		put(out, &k, '.');
		if (nd > x + 1)
			put_digits(out, &k, dig, nd, x + 1, nd);
		else
			put(out, &k, '0');
	}
	out[k] = '\0';
}

void
num_es(double d, char out[NUMTEXT_MAX])
{
	char dig[24];
	size_t k = 0;
	int x, nd, n;

	if (d == 0) {
		strcpy(out, "0");
		return;
	}
	if (d < 0)
		put(out, &k, '-');
	nd = shortest(fabs(d), dig, &x);
	n = x + 1; /* the decimal point is after n digits */
	if (nd <= n && n <= 21) {
		put_digits(out, &k, dig, nd, 0, n);
	} else if (0 < n && n <= 21) {
		put_digits(out, &k, dig, nd, 0, n);
		put(out, &k, '.');
		put_digits(out, &k, dig, nd, n, nd);
	} else if (-6 < n && n <= 0) {
		put(out, &k, '0');
		put(out, &k, '.');
		put_digits(out, &k, "", 0, 0, -n);
		put_digits(out, &k, dig, nd, 0, nd);
	} else {
		put(out, &k, dig[0]);
		if (nd > 1) {
			put(out, &k, '.');
			put_digits(out, &k, dig, nd, 1, nd);
		}
		put_exponent(out, &k, n - 1, 0);
	}
	out[k] = '\0';
}
