/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of common/hashset.c: FNV-1a against its published values,
 * entries found after the table grows, entries of one hash told apart by
 * the caller's comparison, hash 0, clearing. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "hashset.h"
#include "tap.h"

/* Values are indexes into this array of names. */
static char names[5000][16];

static int
name_is(const void *ctx, uint64_t value)
{
	return strcmp(names[value], ctx) == 0;
}

static uint64_t
hash_of(const char *s)
{
	return hashset_fnv(HASHSET_FNV_START, s, strlen(s));
}

/* The value of name in s, or -1. */
static long
find(const struct hashset *s, const char *name, uint64_t h)
{
	const struct hashset_slot *slot = hashset_get(s, h, name_is, name);

	return slot != NULL ? (long)slot->value : -1;
}

int
main(void)
{
	struct hashset s;
	size_t i, bad = 0;

	/* FNV-1a 64 of "" and "a", as published by its authors. */
	ok(hashset_fnv(HASHSET_FNV_START, "", 0) == 0xcbf29ce484222325ULL &&
		hashset_fnv(HASHSET_FNV_START, "a", 1) == 0xaf63dc4c8601ec8cULL,
	    "FNV-1a: the published values of \"\" and \"a\"");
	ok(hashset_fnv(hashset_fnv(HASHSET_FNV_START, "ab", 2), "c", 1) ==
		hashset_fnv(HASHSET_FNV_START, "abc", 3),
	    "FNV-1a goes on from a hash");

	hashset_init(&s);
	ok(hashset_get(&s, 1, NULL, NULL) == NULL, "nothing in an empty set");
	for (i = 0; i < 5000; i++) {
		snprintf(names[i], sizeof(names[i]), "name-%zu", i);
		if (hashset_add(&s, hash_of(names[i]), i, name_is, names[i]) !=
		    1)
			bad++;
	}
	ok(bad == 0 && s.n == 5000 && s.cap == 8192,
	    "5000 entries added, the table at most three quarters full");
	for (bad = 0, i = 0; i < 5000; i++)
		if (find(&s, names[i], hash_of(names[i])) != (long)i ||
		    hashset_add(&s, hash_of(names[i]), 0, name_is, names[i]) !=
			0)
			bad++;
	ok(bad == 0 && s.n == 5000, "each found after growing, added once");
	ok(find(&s, "name-5000", hash_of("name-5000")) == -1,
	    "an absent name is not found");
	hashset_clear(&s);
	ok(s.n == 0 && find(&s, names[7], hash_of(names[7])) == -1,
	    "cleared: nothing found");

	/* One hash for every name: the comparison tells them apart. */
	for (bad = 0, i = 0; i < 100; i++)
		if (hashset_add(&s, 42, i, name_is, names[i]) != 1)
			bad++;
	for (i = 0; i < 100; i++)
		if (find(&s, names[i], 42) != (long)i)
			bad++;
	ok(bad == 0, "100 entries of one hash told apart by the comparison");
	ok(hashset_add(&s, 42, 7, NULL, NULL) == 0 &&
		hashset_get(&s, 43, NULL, NULL) == NULL,
	    "without a comparison, the hash alone says whether it is there");
	hashset_clear(&s);
	ok(hashset_add(&s, 0, 5, NULL, NULL) == 1 &&
		hashset_get(&s, 0, NULL, NULL) != NULL &&
		hashset_get(&s, 0, NULL, NULL)->value == 5,
	    "hash 0 is a hash like any other");
	hashset_free(&s);
	ok(s.slots == NULL && s.n == 0 && s.cap == 0, "freed");
	return tap_end();
}
