/* SPDX-License-Identifier: Apache-2.0 */
/* A hash set for every table of the tools. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hashset.h"

uint64_t
hashset_fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	while (n-- > 0) {
		h ^= *s++;
		h *= 1099511628211ULL;
	}
	return h;
}

/* 0 marks an empty slot: an entry's hash is never 0. */
static uint64_t
stored(uint64_t h)
{
	return h != 0 ? h : 1;
}

/* The slot where probing for h stops: the entry eq accepts, or the empty
 * slot after the last entry of the run.  cap > 0. */
static struct hashset_slot *
probe(const struct hashset *s, uint64_t h, hashset_eq *eq, const void *ctx)
{
	size_t mask = s->cap - 1, i = (size_t)(h ^ h >> 32) & mask;

	while (s->slots[i].hash != 0 &&
	    !(s->slots[i].hash == h &&
		(eq == NULL || eq(ctx, s->slots[i].value))))
		i = (i + 1) & mask;
	return &s->slots[i];
}

void
hashset_init(struct hashset *s)
{
	memset(s, 0, sizeof(*s));
}

const struct hashset_slot *
hashset_get(
    const struct hashset *s, uint64_t h, hashset_eq *eq, const void *ctx)
{
	const struct hashset_slot *slot;

	if (s->n == 0)
		return NULL;
	slot = probe(s, stored(h), eq, ctx);
	return slot->hash != 0 ? slot : NULL;
}

/* Double the table (64 slots to begin with).  0, or -1. */
static int
grow(struct hashset *s)
{
	struct hashset bigger = {NULL, s->n, s->cap ? s->cap * 2 : 64};
	size_t i;

	if (bigger.cap < s->cap ||
	    (bigger.slots = calloc(bigger.cap, sizeof(*bigger.slots))) == NULL)
		return -1;
	for (i = 0; i < s->cap; i++)
		if (s->slots[i].hash != 0)
			*probe(&bigger, s->slots[i].hash, NULL, NULL) =
			    s->slots[i];
	free(s->slots);
	*s = bigger;
	return 0;
}

int
hashset_add(struct hashset *s, uint64_t h, uint64_t value, hashset_eq *eq,
    const void *ctx)
{
	struct hashset_slot *slot;

	h = stored(h);
	if (s->n > 0) {
		slot = probe(s, h, eq, ctx);
		if (slot->hash != 0)
			return 0;
	}
	if ((s->n + 1) * 4 > s->cap * 3 && grow(s) < 0)
		return -1;
	slot = probe(s, h, eq, ctx);
	slot->hash = h;
	slot->value = value;
	s->n++;
	return 1;
}

void
hashset_clear(struct hashset *s)
{
	if (s->n > 0)
		memset(s->slots, 0, s->cap * sizeof(*s->slots));
	s->n = 0;
}

void
hashset_free(struct hashset *s)
{
	free(s->slots);
	hashset_init(s);
}
