/* SPDX-License-Identifier: Apache-2.0 */
/* stix2hunq's messages on stderr: warnings, and errors with the pattern
 * and a caret under the place. */
#ifndef REPORT_H
#define REPORT_H

#include <stddef.h>

struct s2h;

/* Where a pattern comes from: a file (NULL for an argument or standard
 * input) and the line its first line has there. */
struct origin {
	const char *file;
	unsigned long line;
};

/* Print the warnings of the last translation. */
void report_warnings(const struct s2h *, const struct origin *);
/* Print why the last translation failed, the pattern line and a caret. */
void report_error(
    const struct s2h *, const struct origin *, const char *pattern, size_t len);

#endif
