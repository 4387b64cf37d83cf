/* SPDX-License-Identifier: Apache-2.0 */
/* The query map: object paths to HunQ fields. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "exitcodes.h"
#include "qmap.h"

/* Whether entry value has the path ctx. */
static int
path_is(const void *ctx, uint64_t value)
{
	const struct qmap *q = ((const void *const *)ctx)[0];

	return strcmp(q->entries[value].path, ((const char *const *)ctx)[1]) ==
	    0;
}

static uint64_t
path_hash(const char *path)
{
	return hashset_fnv(HASHSET_FNV_START, path, strlen(path));
}

const struct qmap_entry *
qmap_find(const struct qmap *q, const char *path)
{
	const void *key[2] = {q, path};
	const struct hashset_slot *slot =
	    hashset_get(&q->index, path_hash(path), path_is, key);

	return slot != NULL ? &q->entries[slot->value] : NULL;
}

/* Index one query line of the map. */
static int
add(struct qmap *q, const struct map_query *mq, enum stix_version ver,
    struct rs_error *e)
{
	struct rs_error pe;
	struct qmap_entry *s;
	const struct qmap_entry *old;
	const void *key[2];
	unsigned char *range;
	const char *path;
	size_t i;

	path = parse_path(mq->path, strlen(mq->path), ver, &q->arena, &pe);
	if (path == NULL) {
		if (pe.status == EXIT_SOFTWARE)
			error_set(e, EXIT_SOFTWARE, "out of memory");
		else
			error_set(e, EXIT_CONFIG, "%s: line %u, column %zu: %s",
			    q->map.name, mq->line, mq->path_col + pe.off,
			    pe.msg);
		return -1;
	}
	if ((old = qmap_find(q, path)) != NULL) {
		error_set(e, EXIT_CONFIG,
		    "%s: line %u: %s is already mapped on line %u", q->map.name,
		    mq->line, mq->path, old->line);
		return -1;
	}
	range = arena_alloc(&q->arena, mq->nfields + 1);
	if (range == NULL) {
		error_set(e, EXIT_SOFTWARE, "out of memory");
		return -1;
	}
	for (i = 0; i < mq->nfields; i++)
		range[i] = (unsigned char)map_is_range(&q->map, mq->fields[i]);
	s = &q->entries[q->nentries];
	s->path = path;
	s->fields = mq->fields;
	s->nfields = mq->nfields;
	s->range = range;
	s->line = mq->line;
	key[0] = q;
	key[1] = path;
	if (hashset_add(&q->index, path_hash(path), q->nentries, path_is, key) <
	    0) {
		error_set(e, EXIT_SOFTWARE, "out of memory");
		return -1;
	}
	q->nentries++;
	return 0;
}

int
qmap_load(
    struct qmap *q, const char *what, enum stix_version ver, struct rs_error *e)
{
	size_t i;

	memset(q, 0, sizeof(*q));
	arena_init(&q->arena);
	hashset_init(&q->index);
	if (map_load(&q->map, what, MAP_QUERIES, e) < 0)
		return -1;
	if (q->map.nqueries == 0) {
		error_set(e, EXIT_CONFIG,
		    "%s: no 'query' lines: a map for results only",
		    q->map.name);
		goto fail;
	}
	q->entries = calloc(q->map.nqueries, sizeof(*q->entries));
	if (q->entries == NULL) {
		error_set(e, EXIT_SOFTWARE, "out of memory");
		goto fail;
	}
	for (i = 0; i < q->map.nqueries; i++)
		if (add(q, &q->map.queries[i], ver, e) < 0)
			goto fail;
	return 0;
fail:
	qmap_free(q);
	return -1;
}

void
qmap_free(struct qmap *q)
{
	free(q->entries);
	hashset_free(&q->index);
	arena_free(&q->arena);
	map_free(&q->map);
	memset(q, 0, sizeof(*q));
}
