/* SPDX-License-Identifier: Apache-2.0 */
/* The query map: object paths to HunQ fields. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "exitcodes.h"
#include "qmap.h"

static uint64_t
hash(const char *s)
{
	uint64_t h = 14695981039346656037u;

	while (*s != '\0') {
		h ^= (unsigned char)*s++;
		h *= 1099511628211u;
	}
	return h;
}

static struct qmap_entry *
slot(const struct qmap *q, const char *path)
{
	size_t i = (size_t)hash(path) & (q->nslots - 1);

	while (q->slots[i].path != NULL && strcmp(q->slots[i].path, path) != 0)
		i = (i + 1) & (q->nslots - 1);
	return &q->slots[i];
}

const struct qmap_entry *
qmap_find(const struct qmap *q, const char *path)
{
	const struct qmap_entry *e = slot(q, path);

	return e->path != NULL ? e : NULL;
}

/* Index one query line of the map. */
static int
add(struct qmap *q, const struct map_query *mq, enum stix_version ver,
    unsigned *lines, struct rs_error *e)
{
	struct rs_error pe;
	struct qmap_entry *s;
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
	s = slot(q, path);
	if (s->path != NULL) {
		error_set(e, EXIT_CONFIG,
		    "%s: line %u: %s is already mapped on line %u", q->map.name,
		    mq->line, mq->path, lines[s - q->slots]);
		return -1;
	}
	range = arena_alloc(&q->arena, mq->nfields + 1);
	if (range == NULL) {
		error_set(e, EXIT_SOFTWARE, "out of memory");
		return -1;
	}
	for (i = 0; i < mq->nfields; i++)
		range[i] = (unsigned char)map_is_range(&q->map, mq->fields[i]);
	s->path = path;
	s->fields = mq->fields;
	s->nfields = mq->nfields;
	s->range = range;
	lines[s - q->slots] = mq->line;
	return 0;
}

int
qmap_load(
    struct qmap *q, const char *what, enum stix_version ver, struct rs_error *e)
{
	unsigned *lines = NULL;
	size_t i;

	memset(q, 0, sizeof(*q));
	arena_init(&q->arena);
	if (map_load(&q->map, what, MAP_QUERIES, e) < 0)
		return -1;
	if (q->map.nqueries == 0) {
		error_set(e, EXIT_CONFIG,
		    "%s: no 'query' lines: a map for results only",
		    q->map.name);
		goto fail;
	}
	q->nslots = 16;
	while (q->nslots < q->map.nqueries * 2)
		q->nslots *= 2;
	q->slots = calloc(q->nslots, sizeof(*q->slots));
	lines = calloc(q->nslots, sizeof(*lines));
	if (q->slots == NULL || lines == NULL) {
		error_set(e, EXIT_SOFTWARE, "out of memory");
		goto fail;
	}
	for (i = 0; i < q->map.nqueries; i++)
		if (add(q, &q->map.queries[i], ver, lines, e) < 0)
			goto fail;
	free(lines);
	return 0;
fail:
	free(lines);
	qmap_free(q);
	return -1;
}

void
qmap_free(struct qmap *q)
{
	free(q->slots);
	arena_free(&q->arena);
	map_free(&q->map);
	memset(q, 0, sizeof(*q));
}
