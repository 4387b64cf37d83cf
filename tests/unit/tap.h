/* SPDX-License-Identifier: Apache-2.0 */
/* TAP output for the unit tests of common/ and of the tools' stages. */
#ifndef TAP_H
#define TAP_H

#include <stdarg.h>
#include <stdio.h>

static int tap_n, tap_failed;

/* Report one check; returns cond. */
static int __attribute__((format(printf, 2, 3)))
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", cond ? "ok" : "not ok", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond)
		tap_failed++;
	return cond;
}

/* Print the plan and return the exit status. */
static int
tap_end(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}

#endif
