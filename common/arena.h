/* SPDX-License-Identifier: Apache-2.0 */
/* A bump allocator: many small allocations, freed all at once. */
#ifndef ARENA_H
#define ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
	size_t used; /* bytes taken from head */
};

/* Start an empty arena. */
void arena_init(struct arena *);
/* Return size bytes, aligned for any type, owned by the arena; NULL when
 * out of memory. */
void *arena_alloc(struct arena *, size_t);
/* Copy len bytes and a terminating NUL into the arena; NULL when out of
 * memory. */
char *arena_strndup(struct arena *, const char *, size_t);
/* Forget every allocation; the first chunk is kept for reuse. */
void arena_reset(struct arena *);
/* Release all memory. */
void arena_free(struct arena *);

#endif
