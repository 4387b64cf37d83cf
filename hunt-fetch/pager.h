/* SPDX-License-Identifier: Apache-2.0 */
/* One HunQ query run to its end: the pages in order, the events written
 * once each, --offset and --limit applied. */
#ifndef PAGER_H
#define PAGER_H

#include <stddef.h>

struct client;
struct outbuf;
struct rs_error;

struct pager {
	struct client *client;
	struct outbuf *out;
	unsigned long long events; /* written in the whole run */
	unsigned long pages;       /* fetched in the whole run */
};

/* Run query (len bytes), line lineno of standard
 * input (0: the operand), writing its events to the pager's output.  0,
 * or -1 with e: EXIT_DATAERR when the server rejected the query (the run
 * may go on), anything else stops the run. */
int pager_run(struct pager *, const char *query, size_t len,
    unsigned long lineno, struct rs_error *e);

#endif
