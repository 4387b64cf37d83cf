/* SPDX-License-Identifier: Apache-2.0 */
/* Messages on stderr, and the progress line they share it with. */
#ifndef PROGRESS_H
#define PROGRESS_H

/* Show progress on stderr: on a terminal it is one line rewritten in place,
 * elsewhere a line a second. */
void progress_start(int on);
/* Count events and pages; the line is redrawn at most 4 times a second. */
void progress_count(unsigned long long events, unsigned long pages);
/* The final count, then a newline. */
void progress_end(void);
/* Print "hunt-fetch: " and the message on stderr, below the progress
 * line. */
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Seconds since some fixed point, monotonic. */
double now_mono(void);

#endif
