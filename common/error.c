/* SPDX-License-Identifier: Apache-2.0 */
/* Filling the error record. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "error.h"
#include "exitcodes.h"

static void
vset(struct rs_error *e, int status, size_t off, const char *fmt, va_list ap)
{
	e->status = status;
	e->off = off;
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
}

void
error_set(struct rs_error *e, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(e, status, 0, fmt, ap);
	va_end(ap);
}

int
error_at(struct rs_error *e, size_t off, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(e, EXIT_DATAERR, off, fmt, ap);
	va_end(ap);
	return -1;
}
