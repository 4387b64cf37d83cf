/* SPDX-License-Identifier: Apache-2.0 */
/* The pattern-to-HunQ half of a map, indexed by canonical object path. */
#ifndef QMAP_H
#define QMAP_H

#include <stddef.h>

#include "hashset.h"
#include "map.h"
#include "parser.h"

struct rs_error;

struct qmap_entry {
	const char *path;           /* canonical, as struct cmp's path */
	const char *const *fields;  /* HunQ fields, in the map's order */
	const unsigned char *range; /* per field: searched as a range */
	size_t nfields;
	unsigned line; /* of the map */
};

struct qmap {
	struct map map;
	struct qmap_entry *entries; /* in the map's order */
	size_t nentries;
	struct hashset index; /* path -> index in entries */
	struct arena arena;
};

/* Load the built-in map or map file what; paths are read with the grammar
 * of ver.  0, or -1 with e filled.  Free with qmap_free. */
int qmap_load(
    struct qmap *, const char *what, enum stix_version ver, struct rs_error *e);
/* The entry of a canonical path, or NULL. */
const struct qmap_entry *qmap_find(const struct qmap *, const char *path);
void qmap_free(struct qmap *);

#endif
