/* SPDX-License-Identifier: Apache-2.0 */
/* The event-to-STIX half of a map, as a tree of event keys. */
#ifndef RMAP_H
#define RMAP_H

#include <stddef.h>

#include "map.h"

struct rs_error;

enum transformer {
	TR_NONE,
	TR_TO_INTEGER,
	TR_TO_STRING,
	TR_TO_DIRECTORY_PATH,
	TR_EPOCH_TO_TIMESTAMP,
	TR_HEX_TO_INTEGER,
	TR_TO_LOWERCASE_ARRAY,
	/* reaqta-stix's own: */
	TR_TO_TIMESTAMP, /* epoch ms or RFC 3339 -> RFC 3339 with ms */
	TR_HASH_MD5,     /* ToHash: the hex digits of the algorithm */
	TR_HASH_SHA1,
	TR_HASH_SHA256,
	TR_HASH_SHA512
};

/* The checks stix-shifter applies to some values (observable.py). */
enum check {
	CHECK_NONE,
	CHECK_IPV4, /* ipv4-addr.value */
	CHECK_IPV6  /* ipv6-addr.value */
};

/* One mapping of an event value to a STIX property. */
struct rleaf {
	const char *key;  /* "type.prop[.sub...]", or an observed-data
			   * property (no '.') */
	const char *type; /* NULL for an observed-data property */
	const char *prop;
	const char **sub; /* the nested path under prop */
	size_t nsub;
	const char *object; /* the object's name: "object=", else the type */
	enum transformer tr;
	const char **refs;
	size_t nrefs;
	int ref_list;      /* refs= rather than ref= */
	int group;         /* lists written again are appended */
	int group_ref;     /* the references to the objects of a list */
	const char *value; /* a constant instead of the event's value */
	enum check check;
	int ref_prop;          /* prop names a reference ("_ref" in it) */
	const char *event;     /* the event key path, for messages */
	struct rleaf *invalid; /* where a value tr rejects is kept, or NULL */
	int first_wins; /* a nested property is not replaced by a later value
			 * (invalid= leaves, the --unmapped fallback) */
};

/* A level of the map: the mappings of one event key, or its sub-keys. */
struct rnode {
	const char *name;
	size_t nlen;
	struct rleaf *leaves; /* in the map's order */
	size_t nleaves;
	struct rnode **kids; /* sorted by name */
	size_t nkids;
	struct rnode *list, *next; /* private: the children while loading */
};

struct rmap {
	struct map map;
	struct rnode root;
	struct arena arena;
};

/* Load the built-in map or map file what.  0, or -1 with e filled
 * (EXIT_CONFIG with the line for a bad entry).  Free with rmap_free. */
int rmap_load(struct rmap *, const char *what, struct rs_error *e);
/* The sub-level of node for an event key, or NULL. */
const struct rnode *rmap_child(
    const struct rnode *node, const char *key, size_t klen);
void rmap_free(struct rmap *);

#endif
