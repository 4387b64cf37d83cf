/* SPDX-License-Identifier: Apache-2.0 */
/* Mapping tables between STIX and ReaQta in the project's text format,
 * built in or read from a file.
 *
 * One entry a line; '#' starts a comment line:
 *   query PATH FIELD...      a STIX object path and the HunQ fields that
 *                            search it, in order (none: unmapped)
 *   range FIELD              a HunQ field searched as FIELD.gte / FIELD.lte
 *   result EVENT KEY ATTR... an event key path (dotted) and the STIX key
 *                            it fills; ATTR: object=NAME transformer=NAME
 *                            ref=NAME refs=NAME,... group group_ref
 *                            value=TEXT cybox=false invalid=KEY (where a
 *                            value the transformer rejects is kept)
 *   option NAME              a switch of the results engine:
 *                            keep-nested-empty (the 2022 connector kept
 *                            nested properties whose value is "" or [])
 */
#ifndef MAP_H
#define MAP_H

#include <stddef.h>

#include "arena.h"

struct rs_error;

struct map_query {
	const char *path;    /* the STIX object path as written */
	unsigned line;       /* where the entry is in its map */
	unsigned path_col;   /* column of the path, from 1 */
	const char **fields; /* HunQ field names, nfields of them */
	size_t nfields;
};

struct map_result {
	const char *event;       /* dotted event key path */
	const char *key;         /* STIX key: "type.property..." or a top key */
	const char *object;      /* object name, or NULL */
	const char *transformer; /* transformer name, or NULL */
	const char *value;       /* a constant value, or NULL */
	const char *invalid;     /* STIX key for values the transformer
				  * rejects, or NULL */
	const char **refs;       /* referenced object names */
	size_t nrefs;
	int ref_list; /* refs= (a list of references) rather than ref= */
	int group, group_ref;
	int cybox; /* 0 for "cybox=false" */
	unsigned line;
};

/* The switches of option lines. */
enum {
	MAP_KEEP_NESTED_EMPTY = 1
};

struct map {
	char *name;  /* the built-in name or the file name, for messages */
	int options; /* MAP_KEEP_NESTED_EMPTY ... */
	struct map_query *queries;
	size_t nqueries;
	const char **ranges;
	size_t nranges;
	struct map_result *results;
	size_t nresults;
	struct arena arena;
};

/* Which kinds of lines map_load keeps; the others are skipped unread. */
enum {
	MAP_QUERIES = 1, /* query and range lines */
	MAP_RESULTS = 2  /* result lines */
};

/* The names of the built-in maps, NULL-terminated. */
extern const char *const map_builtin_names[];

/* Load the built-in map called what, or else the map file at path what,
 * keeping the lines of the kinds in the mask parts (MAP_QUERIES,
 * MAP_RESULTS).  0, or -1 with e filled (EXIT_NOINPUT: cannot read;
 * EXIT_CONFIG: not a valid map, with line and column).  Free the map with
 * map_free. */
int map_load(struct map *, const char *what, int parts, struct rs_error *e);
/* Parse len bytes of map text; name is used in messages.  As map_load. */
int map_parse(struct map *, const char *name, const char *text, size_t len,
    int parts, struct rs_error *e);
/* Tell whether field is declared a range field. */
int map_is_range(const struct map *, const char *field);
void map_free(struct map *);

#endif
