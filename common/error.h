/* SPDX-License-Identifier: Apache-2.0 */
/* The error record that common/ and the stages of the tools fill instead
 * of printing. */
#ifndef ERROR_H
#define ERROR_H

#include <stddef.h>

struct rs_error {
	int status;    /* exit status from exitcodes.h; 0 while no error */
	size_t off;    /* error_at: the byte of the input it is about */
	char msg[512]; /* one line, no program name, no newline */
};

/* Record an error: status and a printf-style message (truncated to fit). */
void error_set(struct rs_error *, int, const char *, ...)
    __attribute__((format(printf, 3, 4)));
/* Record a message about byte off of the input, with the status of bad
 * input data (EXIT_DATAERR); returns -1, the value of a failed step. */
int error_at(struct rs_error *, size_t off, const char *, ...)
    __attribute__((format(printf, 3, 4)));

#endif
