/* SPDX-License-Identifier: Apache-2.0 */
/* The event-to-STIX map as a tree of event keys. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "exitcodes.h"
#include "rmap.h"

static const struct {
	const char *name;
	enum transformer tr;
} transformers[] = {
    {"ConvertHexToInteger", TR_HEX_TO_INTEGER},
    {"EpochToTimestamp", TR_EPOCH_TO_TIMESTAMP},
    {"ToDirectoryPath", TR_TO_DIRECTORY_PATH},
    {"ToHash", TR_HASH_MD5}, /* the algorithm comes from the key */
    {"ToInteger", TR_TO_INTEGER},
    {"ToLowercaseArray", TR_TO_LOWERCASE_ARRAY},
    {"ToString", TR_TO_STRING},
    {"ToTimestamp", TR_TO_TIMESTAMP},
};

/* The algorithms of ToHash, by the last part of the key. */
static const struct {
	const char *name;
	enum transformer tr;
} hashes[] = {
    {"MD5", TR_HASH_MD5},
    {"SHA-1", TR_HASH_SHA1},
    {"SHA-256", TR_HASH_SHA256},
    {"SHA-512", TR_HASH_SHA512},
};

/* Split s at dots into the arena: the parts, and their number. */
static const char **
split(struct arena *a, const char *s, size_t *n)
{
	const char **parts;
	const char *p;
	size_t k = 1, i = 0;

	for (p = s; *p != '\0'; p++)
		k += *p == '.';
	if ((parts = arena_alloc(a, k * sizeof(*parts))) == NULL)
		return NULL;
	for (p = s;; p++) {
		const char *dot = strchr(p, '.');
		size_t len = dot != NULL ? (size_t)(dot - p) : strlen(p);

		if ((parts[i++] = arena_strndup(a, p, len)) == NULL)
			return NULL;
		if (dot == NULL)
			break;
		p = dot;
	}
	*n = k;
	return parts;
}

static int
fail(struct rmap *m, const struct map_result *r, const char *what,
    const char *arg, struct rs_error *e)
{
	error_set(e, EXIT_CONFIG, "%s: line %u: %s%s", m->map.name, r->line,
	    what, arg);
	return -1;
}

static int
oom(struct rs_error *e)
{
	error_set(e, EXIT_SOFTWARE, "out of memory");
	return -1;
}

/* The ToHash transformer of leaf's algorithm; -1 when the key does not
 * end in hashes.ALGORITHM. */
static int
hash_transformer(struct rleaf *leaf)
{
	size_t k;

	if (leaf->nsub == 0 ||
	    strcmp(leaf->nsub > 1 ? leaf->sub[leaf->nsub - 2] : leaf->prop,
		"hashes") != 0)
		return -1;
	for (k = 0; k < sizeof(hashes) / sizeof(hashes[0]); k++)
		if (strcmp(hashes[k].name, leaf->sub[leaf->nsub - 1]) == 0) {
			leaf->tr = hashes[k].tr;
			return 0;
		}
	return -1;
}

static int make_leaf(struct rmap *, const struct map_result *, struct rleaf *,
    struct rs_error *);

/* The leaf of invalid=KEY: a property of the same object, without
 * transformer. */
static int
invalid_leaf(struct rmap *m, const struct map_result *r, struct rleaf *leaf,
    struct rs_error *e)
{
	struct map_result ir;
	struct rleaf *inv;

	if (leaf->tr == TR_NONE || r->refs != NULL || r->value != NULL ||
	    leaf->type == NULL)
		return fail(m, r,
		    "invalid= needs a transformer and a property of an "
		    "object",
		    "", e);
	memset(&ir, 0, sizeof(ir));
	ir.event = r->event;
	ir.key = r->invalid;
	ir.object = leaf->object;
	ir.cybox = 1;
	ir.line = r->line;
	if ((inv = arena_alloc(&m->arena, sizeof(*inv))) == NULL)
		return oom(e);
	if (make_leaf(m, &ir, inv, e) < 0)
		return -1;
	if (inv->type == NULL || strcmp(inv->type, leaf->type) != 0 ||
	    inv->ref_prop)
		return fail(m, r,
		    "invalid= must name a property of the same object type: ",
		    r->invalid, e);
	inv->first_wins = 1;
	leaf->invalid = inv;
	return 0;
}

/* Fill leaf from the map line r. */
static int
make_leaf(struct rmap *m, const struct map_result *r, struct rleaf *leaf,
    struct rs_error *e)
{
	const char **parts;
	size_t n, k;

	memset(leaf, 0, sizeof(*leaf));
	leaf->key = r->key;
	if ((parts = split(&m->arena, r->key, &n)) == NULL)
		return oom(e);
	for (k = 0; k < n; k++)
		if (parts[k][0] == '\0')
			return fail(
			    m, r, "empty part in the STIX key ", r->key, e);
	leaf->event = r->event;
	if (n == 1) {
		leaf->prop = parts[0];
		/* Timestamps of the observed-data: converted, or not
		 * written (stix-shifter writes what its check lets
		 * through, "2022-01-01T00:00:00Zjunk" included). */
		if (strcmp(leaf->prop, "first_observed") == 0 ||
		    strcmp(leaf->prop, "last_observed") == 0 ||
		    strcmp(leaf->prop, "created") == 0 ||
		    strcmp(leaf->prop, "modified") == 0)
			leaf->tr = TR_TO_TIMESTAMP;
	} else {
		leaf->type = parts[0];
		leaf->prop = parts[1];
		leaf->sub = parts + 2;
		leaf->nsub = n - 2;
		if (strcmp(r->key, "ipv4-addr.value") == 0)
			leaf->check = CHECK_IPV4;
		else if (strcmp(r->key, "ipv6-addr.value") == 0)
			leaf->check = CHECK_IPV6;
	}
	leaf->object = r->object != NULL ? r->object : leaf->type;
	leaf->ref_prop = strstr(leaf->prop, "_ref") != NULL;
	leaf->refs = r->refs;
	leaf->nrefs = r->nrefs;
	leaf->ref_list = r->ref_list;
	leaf->group = r->group;
	leaf->group_ref = r->group_ref;
	leaf->value = r->value;
	if (r->transformer != NULL) {
		for (k = 0; k < sizeof(transformers) / sizeof(transformers[0]);
		     k++)
			if (strcmp(transformers[k].name, r->transformer) == 0)
				leaf->tr = transformers[k].tr;
		if (leaf->tr == TR_NONE)
			return fail(
			    m, r, "unknown transformer ", r->transformer, e);
		if (leaf->tr == TR_HASH_MD5 && hash_transformer(leaf) < 0)
			return fail(m, r,
			    "ToHash needs a key ending in hashes.MD5, "
			    "hashes.SHA-1, hashes.SHA-256 or hashes.SHA-512: ",
			    r->key, e);
	}
	if (r->invalid != NULL && invalid_leaf(m, r, leaf, e) < 0)
		return -1;
	if (leaf->group_ref && leaf->nrefs == 0)
		return fail(m, r, "group_ref without references", "", e);
	return 0;
}

/* The child of node called name (len bytes), created when absent. */
static struct rnode *
child(struct rmap *m, struct rnode *node, const char *name, size_t len)
{
	struct rnode *k;

	for (k = node->list; k != NULL; k = k->next)
		if (k->nlen == len && memcmp(k->name, name, len) == 0)
			return k;
	if ((k = arena_alloc(&m->arena, sizeof(*k))) == NULL)
		return NULL;
	memset(k, 0, sizeof(*k));
	if ((k->name = arena_strndup(&m->arena, name, len)) == NULL)
		return NULL;
	k->nlen = len;
	k->next = node->list;
	node->list = k;
	node->nkids++;
	return k;
}

static int
cmp_kids(const void *a, const void *b)
{
	const struct rnode *x = *(const struct rnode *const *)a;
	const struct rnode *y = *(const struct rnode *const *)b;
	size_t n = x->nlen < y->nlen ? x->nlen : y->nlen;
	int c = memcmp(x->name, y->name, n);

	return c != 0 ? c : (x->nlen > y->nlen) - (x->nlen < y->nlen);
}

/* Turn the lists of children into sorted arrays, depth first. */
static int
finish(struct rmap *m, struct rnode *node)
{
	struct rnode **arr, *k;
	size_t i = 0;

	if (node->nkids == 0)
		return 0;
	arr = arena_alloc(&m->arena, node->nkids * sizeof(*arr));
	if (arr == NULL)
		return -1;
	for (k = node->list; k != NULL; k = k->next)
		arr[i++] = k;
	qsort(arr, node->nkids, sizeof(*arr), cmp_kids);
	node->kids = arr;
	for (i = 0; i < node->nkids; i++)
		if (finish(m, arr[i]) < 0)
			return -1;
	return 0;
}

/* Add the map line r under its event path. */
static int
add(struct rmap *m, const struct map_result *r, struct rs_error *e)
{
	struct rnode *node = &m->root;
	const char *p = r->event;
	struct rleaf *leaves;

	for (;;) {
		const char *dot = strchr(p, '.');
		size_t len = dot != NULL ? (size_t)(dot - p) : strlen(p);

		if (len == 0)
			return fail(
			    m, r, "empty part in the event key ", r->event, e);
		if ((node = child(m, node, p, len)) == NULL)
			return oom(e);
		if (dot == NULL)
			break;
		p = dot + 1;
	}
	leaves = arena_alloc(&m->arena, (node->nleaves + 1) * sizeof(*leaves));
	if (leaves == NULL)
		return oom(e);
	if (node->nleaves > 0)
		memcpy(leaves, node->leaves, node->nleaves * sizeof(*leaves));
	node->leaves = leaves;
	return make_leaf(m, r, &node->leaves[node->nleaves++], e);
}

/* A key mapped both to values and to sub-keys is ambiguous. */
static const struct rnode *
mixed(const struct rnode *node)
{
	size_t i;

	if (node->nleaves > 0 && node->nkids > 0)
		return node;
	for (i = 0; i < node->nkids; i++) {
		const struct rnode *bad = mixed(node->kids[i]);

		if (bad != NULL)
			return bad;
	}
	return NULL;
}

int
rmap_load(struct rmap *m, const char *what, struct rs_error *e)
{
	const struct rnode *bad;
	size_t i;

	memset(m, 0, sizeof(*m));
	arena_init(&m->arena);
	if (map_load(&m->map, what, MAP_RESULTS, e) < 0)
		return -1;
	if (m->map.nresults == 0) {
		error_set(e, EXIT_CONFIG,
		    "%s: no 'result' lines: a map for queries only",
		    m->map.name);
		goto fail;
	}
	for (i = 0; i < m->map.nresults; i++)
		if (add(m, &m->map.results[i], e) < 0)
			goto fail;
	if (finish(m, &m->root) < 0) {
		oom(e);
		goto fail;
	}
	if ((bad = mixed(&m->root)) != NULL) {
		error_set(e, EXIT_CONFIG,
		    "%s: the event key %s is mapped both to a value and to "
		    "its sub-keys",
		    m->map.name, bad->name);
		goto fail;
	}
	return 0;
fail:
	rmap_free(m);
	return -1;
}

const struct rnode *
rmap_child(const struct rnode *node, const char *key, size_t klen)
{
	size_t lo = 0, hi = node->nkids;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct rnode *k = node->kids[mid];
		size_t n = k->nlen < klen ? k->nlen : klen;
		int c = memcmp(k->name, key, n);

		if (c == 0)
			c = (k->nlen > klen) - (k->nlen < klen);
		if (c == 0)
			return k;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void
rmap_free(struct rmap *m)
{
	arena_free(&m->arena);
	map_free(&m->map);
	memset(m, 0, sizeof(*m));
}
