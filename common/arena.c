/* SPDX-License-Identifier: Apache-2.0 */
/* A bump allocator. */
#include "config.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

enum {
	CHUNK_SIZE = 32768
};

struct arena_chunk {
	struct arena_chunk *next;
	size_t size;
	alignas(max_align_t) unsigned char data[];
};

void
arena_init(struct arena *a)
{
	a->head = NULL;
	a->used = 0;
}

void *
arena_alloc(struct arena *a, size_t size)
{
	size_t align = alignof(max_align_t);
	size_t need = (size + align - 1) & ~(align - 1);
	struct arena_chunk *c;

	if (need < size)
		return NULL;
	if (a->head == NULL || a->head->size - a->used < need) {
		size_t csize = need > CHUNK_SIZE ? need : CHUNK_SIZE;

		c = malloc(sizeof(*c) + csize);
		if (c == NULL)
			return NULL;
		c->size = csize;
		c->next = a->head;
		a->head = c;
		a->used = 0;
	}
	a->used += need;
	return a->head->data + a->used - need;
}

char *
arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p = arena_alloc(a, len + 1);

	if (p != NULL) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

void
arena_reset(struct arena *a)
{
	struct arena_chunk *keep = NULL, *c, *next;

	/* Keep the largest chunk: the next input is likely of the same size. */
	for (c = a->head; c != NULL; c = c->next)
		if (keep == NULL || c->size > keep->size)
			keep = c;
	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		if (c != keep)
			free(c);
	}
	if (keep != NULL)
		keep->next = NULL;
	a->head = keep;
	a->used = 0;
}

void
arena_free(struct arena *a)
{
	while (a->head != NULL) {
		struct arena_chunk *next = a->head->next;

		free(a->head);
		a->head = next;
	}
	a->used = 0;
}
