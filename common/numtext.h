/* SPDX-License-Identifier: Apache-2.0 */
/* Numbers as text the way other languages write them: the shortest digits
 * that read back as the same double, in Python's repr() and ECMAScript's
 * Number.prototype.toString() forms (the latter is RFC 8785's). */
#ifndef NUMTEXT_H
#define NUMTEXT_H

#include <stddef.h>

/* Longest text num_py_repr and num_es write, with the NUL. */
enum {
	NUMTEXT_MAX = 40
};

/* repr(d) of Python 3 ("1.0", "1e+16", "0.0001", "-0.0"); d finite. */
void num_py_repr(double d, char out[NUMTEXT_MAX]);
/* ECMAScript's Number::toString(d) ("1", "1e+21", "1e-7", "0" for -0);
 * d finite. */
void num_es(double d, char out[NUMTEXT_MAX]);

#endif
