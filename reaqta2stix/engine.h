/* SPDX-License-Identifier: Apache-2.0 */
/* The results engine: one event to the STIX objects of one observed-data,
 * with stix-shifter's semantics (walk in the event's key order, objects
 * numbered on first write, first write wins for plain properties, deep
 * merge for nested ones, references only to objects that exist, objects
 * holding only references removed) and its bugs fixed (no dangling
 * references). */
#ifndef ENGINE_H
#define ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "hashset.h"

struct arena;
struct jv;
struct rmap;

/* One STIX object of the event. */
struct sobj {
	const char *type;
	struct jv *props; /* JV_OBJECT: "type", then the properties */
	int kept;         /* has a property that is not a reference */
	unsigned seq;     /* order of its first such property */
	char *id;         /* STIX 2.1 id, once computed (stixid.c) */
	uint64_t key[2];  /* the id in sets of ids: the UUID's bits mixed with a
			   * hash of the type, never (0, 0) */
	int id_state;     /* 0 none, 1 being computed, 2 random, 3 fixed */
	int dup;          /* has the id of an earlier object of the event */
};

struct tag;

/* Values of an event that their transformer rejected and that were kept
 * under the invalid= key of their map line (one bit a kind). */
enum {
	ENGINE_BAD_TIMESTAMP = 1 << 0, /* ToTimestamp, EpochToTimestamp */
	ENGINE_BAD_HASH = 1 << 1,      /* ToHash */
	ENGINE_BAD_OTHER = 1 << 2,     /* any other transformer */
	ENGINE_BAD_KINDS = 3
};

struct engine_bad {
	const struct rleaf *leaf; /* the map line's leaf (not its invalid) */
	const struct jv *value;   /* the event's value */
};

struct engine {
	const struct rmap *map;
	int unmapped; /* unmapped keys go to x-reaqta-unmapped */
	int keep_nested_empty;
	int v21; /* STIX 2.1 rules for the objects' required properties */
	/* per event, in the arena given to engine_event */
	struct arena *a;
	struct sobj *objs; /* by index, creation order */
	size_t nobjs, cap;
	struct tag *tags; /* in creation order */
	size_t ntags, tagcap;
	struct hashset tagset; /* tag name -> index in tags */
	unsigned seq;
	struct jv *od; /* observed-data properties from the map, or NULL
			* for an invalid value (JV_OBJECT) */
	int oom;
	int problems; /* ENGINE_BAD_ bits of the event */
	struct engine_bad bad[ENGINE_BAD_KINDS]; /* the first of each kind */
};

/* Prepare an engine for map, with the --unmapped fallback or not, for
 * STIX 2.1 or 2.0 (which differ in what they require of objects). */
void engine_init(
    struct engine *, const struct rmap *map, int unmapped, int v21);
/* Translate one event (an object) into e->objs and e->od, all allocated
 * in a (which the caller empties between events).  0, or -1 when out of
 * memory. */
int engine_event(struct engine *e, const struct jv *event, struct arena *a);
void engine_free(struct engine *);

#endif
