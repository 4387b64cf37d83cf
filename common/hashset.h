/* SPDX-License-Identifier: Apache-2.0 */
/* A hash set for every table of the tools: open addressing with linear
 * probing over 16-byte slots (a 64-bit hash and a value), at most three
 * quarters full and doubled when it gets there, and the one hash function
 * (64-bit FNV-1a).  What a value means (an index into the caller's
 * array, the rest of a key) is the caller's business. */
#ifndef HASHSET_H
#define HASHSET_H

#include <stddef.h>
#include <stdint.h>

struct hashset_slot {
	uint64_t hash; /* 0: an empty slot */
	uint64_t value;
};

struct hashset {
	struct hashset_slot *slots;
	size_t n, cap; /* cap is 0 or a power of 2 */
};

/* Whether the entry of value is the one looked for (ctx says which). */
typedef int hashset_eq(const void *ctx, uint64_t value);

/* 64-bit FNV-1a of n bytes, on from h (start with HASHSET_FNV_START). */
#define HASHSET_FNV_START 14695981039346656037ULL
uint64_t hashset_fnv(uint64_t h, const void *p, size_t n);

/* An empty set (no allocation yet). */
void hashset_init(struct hashset *);
/* The slot of an entry with hash h for which eq(ctx, value) holds (eq
 * NULL: any entry with hash h), or NULL. */
const struct hashset_slot *hashset_get(
    const struct hashset *, uint64_t h, hashset_eq *eq, const void *ctx);
/* Add an entry with hash h and value unless hashset_get finds one: 1 when
 * added, 0 when there, -1 when out of memory. */
int hashset_add(struct hashset *, uint64_t h, uint64_t value, hashset_eq *eq,
    const void *ctx);
/* Forget every entry, keeping the memory. */
void hashset_clear(struct hashset *);
/* Release the memory. */
void hashset_free(struct hashset *);

#endif
