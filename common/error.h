/* SPDX-License-Identifier: Apache-2.0 */
/* The error record that common/ fills instead of printing. */
#ifndef ERROR_H
#define ERROR_H

struct rs_error {
	int status;    /* exit status from exitcodes.h; 0 while no error */
	char msg[512]; /* one line, no program name, no newline */
};

/* Record an error: status and a printf-style message (truncated to fit). */
void error_set(struct rs_error *, int, const char *, ...)
    __attribute__((format(printf, 3, 4)));

#endif
