/* SPDX-License-Identifier: Apache-2.0 */
/* One event through reaqta2stix: enrichment, the engine, the bundle, and
 * the warnings about it; for its main and other front ends. */
#ifndef R2S_H
#define R2S_H

struct arena;
struct bundle;
struct engine;
struct jv;
struct rs_error;
struct warnings;

struct r2s {
	struct engine *engine;
	struct bundle *bundle;
	struct arena *arena; /* emptied for each event */
	struct warnings *warn;
	const char *name; /* the input, for warnings */
};

/* Translate and write event n (any JSON value: one that is not an object
 * is skipped with a warning).  0, or -1 with e filled. */
int r2s_event(struct r2s *, struct jv *v, unsigned long n, struct rs_error *e);

#endif
