/* SPDX-License-Identifier: Apache-2.0 */
/* Filling the error record. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "error.h"

void
error_set(struct rs_error *e, int status, const char *fmt, ...)
{
	va_list ap;

	e->status = status;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}
