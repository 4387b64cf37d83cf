/* SPDX-License-Identifier: Apache-2.0 */
/* The results engine. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "engine.h"
#include "hashset.h"
#include "jsonv.h"
#include "rmap.h"
#include "transform.h"

struct tag {
	const char *name; /* "<object>_<list index>" */
	size_t len;
	size_t idx; /* of the object */
};

void
engine_init(struct engine *e, const struct rmap *map, int unmapped, int v21)
{
	memset(e, 0, sizeof(*e));
	e->map = map;
	e->unmapped = unmapped;
	e->v21 = v21;
	e->keep_nested_empty = (map->map.options & MAP_KEEP_NESTED_EMPTY) != 0;
}

void
engine_free(struct engine *e)
{
	free(e->objs);
	free(e->tags);
	hashset_free(&e->tagset);
	memset(e, 0, sizeof(*e));
}

/* ---- tags ---- */

/* A tag name looked for. */
struct tag_key {
	const struct engine *e;
	const char *name;
	size_t len;
};

static int
tag_is(const void *ctx, uint64_t value)
{
	const struct tag_key *k = ctx;
	const struct tag *t = &k->e->tags[value];

	return t->len == k->len && memcmp(t->name, k->name, k->len) == 0;
}

/* The index of the object tagged name, or -1. */
static long
tag_find(const struct engine *e, const char *name, size_t len)
{
	struct tag_key k = {e, name, len};
	const struct hashset_slot *slot = hashset_get(
	    &e->tagset, hashset_fnv(HASHSET_FNV_START, name, len), tag_is, &k);

	return slot != NULL ? (long)e->tags[slot->value].idx : -1;
}

/* The object tagged name, created (of type) when absent. */
static struct sobj *
get_or_create(struct engine *e, const char *name, size_t len, const char *type)
{
	struct tag_key k = {e, name, len};
	long idx = tag_find(e, name, len);
	struct sobj *o;

	if (idx >= 0)
		return &e->objs[idx];
	if (e->ntags == e->tagcap) {
		size_t cap = e->tagcap ? e->tagcap * 2 : 32;
		struct tag *t = realloc(e->tags, cap * sizeof(*t));

		if (t == NULL) {
			e->oom = 1;
			return NULL;
		}
		e->tags = t;
		e->tagcap = cap;
	}
	if (e->nobjs == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 32;

		o = realloc(e->objs, cap * sizeof(*o));
		if (o == NULL) {
			e->oom = 1;
			return NULL;
		}
		e->objs = o;
		e->cap = cap;
	}
	e->tags[e->ntags].name = name;
	e->tags[e->ntags].len = len;
	e->tags[e->ntags].idx = e->nobjs;
	if (hashset_add(&e->tagset, hashset_fnv(HASHSET_FNV_START, name, len),
		e->ntags, tag_is, &k) < 0) {
		e->oom = 1;
		return NULL;
	}
	e->ntags++;
	o = &e->objs[e->nobjs++];
	memset(o, 0, sizeof(*o));
	o->type = type;
	return o;
}

/* "<base>_<suffix>" in the arena. */
static const char *
tagname(struct engine *e, const char *base, const char *suffix, size_t *len)
{
	size_t b = strlen(base), s = strlen(suffix);
	char *p = arena_alloc(e->a, b + s + 2);

	if (p == NULL) {
		e->oom = 1;
		return NULL;
	}
	memcpy(p, base, b);
	p[b] = '_';
	memcpy(p + b + 1, suffix, s + 1);
	*len = b + s + 1;
	return p;
}

/* ---- values ---- */

static struct jv *
ref_to(struct engine *e, size_t idx)
{
	struct jv *r = jv_new(e->a, JV_REF);

	if (r == NULL)
		e->oom = 1;
	else
		r->ref = (unsigned)idx;
	return r;
}

/* A reference to the object tagged base[_suffix]_extra, or NULL. */
static struct jv *
lookup_ref(struct engine *e, const char *base, const char *extra)
{
	size_t len;
	const char *name = extra != NULL ? tagname(e, base, extra, &len) : base;
	long idx;

	if (name == NULL)
		return NULL;
	if (extra == NULL)
		len = strlen(name);
	idx = tag_find(e, name, len);
	return idx >= 0 ? ref_to(e, (size_t)idx) : NULL;
}

/* The references of leaf for the value v: refs are the object names with
 * their list suffix already added.  NULL when none resolves. */
static struct jv *
references(struct engine *e, const struct rleaf *leaf, const char **refs,
    const struct jv *v, int group_ref)
{
	struct jv *list, *r;
	char num[24];
	size_t i, k;

	if (!leaf->ref_list)
		return lookup_ref(e, refs[0], v->type == JV_ARRAY ? "0" : NULL);
	if ((list = jv_new(e->a, JV_ARRAY)) == NULL) {
		e->oom = 1;
		return NULL;
	}
	for (k = 0; k < leaf->nrefs; k++) {
		const struct jv *el;

		if (v->type != JV_ARRAY) {
			if ((r = lookup_ref(e, refs[k], NULL)) != NULL)
				jv_push(list, r);
			continue;
		}
		for (el = v->head, i = 0; el != NULL; el = el->next, i++) {
			snprintf(num, sizeof(num), "%zu", i);
			if ((r = lookup_ref(e, refs[k], num)) != NULL) {
				jv_push(list, r);
			} else if (group_ref) {
				/* Tags of nested lists: every tag that starts
				 * with "<name>_<i>", in creation order. */
				size_t plen, t;
				const char *prefix =
				    tagname(e, refs[k], num, &plen);

				for (t = 0; prefix != NULL && t < e->ntags; t++)
					if (e->tags[t].len >= plen &&
					    memcmp(e->tags[t].name, prefix,
						plen) == 0 &&
					    (r = ref_to(e, e->tags[t].idx)) !=
						NULL)
						jv_push(list, r);
			}
		}
	}
	return list->n > 0 ? list : NULL;
}

/* The value leaf writes for the event value v, or NULL when nothing is
 * written (transformer failed, reference missing, check failed). */
static struct jv *
compose(struct engine *e, const struct rleaf *leaf, const char **refs,
    const struct jv *v, int group_ref)
{
	struct jv *val;
	size_t i;

	if (refs != NULL) {
		const struct jv *in = v;

		if (leaf->tr != TR_NONE &&
		    (in = tr_apply(leaf->tr, v, e->a, &e->oom)) == NULL)
			return NULL;
		val = references(e, leaf, refs, in, group_ref);
	} else if ((val = tr_apply(leaf->tr, v, e->a, &e->oom)) == NULL ||
	    !tr_check(leaf->check, val)) {
		return NULL;
	}
	if (val == NULL)
		return NULL;
	/* Nest it under the sub-keys: {"ext": {"prop": val}}. */
	for (i = leaf->nsub; i-- > 0;) {
		struct jv *obj = jv_new(e->a, JV_OBJECT);

		if (obj == NULL) {
			e->oom = 1;
			return NULL;
		}
		val->key = leaf->sub[i];
		val->klen = strlen(leaf->sub[i]);
		jv_push(obj, val);
		val = obj;
	}
	return val;
}

static int
empty(const struct jv *v)
{
	return (v->type == JV_STRING && v->len == 0) ||
	    (v->type == JV_ARRAY && v->n == 0);
}

/* Is a value dropped: null, "", [], or an object with a member that is an
 * object whose first member is "" or []? */
static int
dropped(const struct engine *e, const struct jv *v)
{
	const struct jv *m;

	if (v->type == JV_NULL || empty(v))
		return 1;
	if (v->type != JV_OBJECT || e->keep_nested_empty)
		return 0;
	for (m = v->head; m != NULL; m = m->next)
		if (m->type == JV_OBJECT && m->head != NULL && empty(m->head))
			return 1;
	return 0;
}

/* Merge src into the object dst: dictionaries recursively, anything else
 * replaced by the later value. */
static void
deep_merge(struct jv *dst, struct jv *src)
{
	struct jv *m, *next, *old;

	for (m = src->head; m != NULL; m = next) {
		next = m->next;
		old = jv_getn(dst, m->key, m->klen);
		if (old == NULL) {
			jv_push(dst, m);
		} else if (old->type == JV_OBJECT && m->type == JV_OBJECT) {
			deep_merge(old, m);
		} else {
			struct jv *keep_next = old->next;
			const char *key = old->key;
			size_t klen = old->klen;

			*old = *m;
			old->key = key;
			old->klen = klen;
			old->next = keep_next;
		}
	}
}

/* Write prop = value on o: first write wins, objects merge, grouped lists
 * extend. */
static void
add_property(struct sobj *o, const char *prop, struct jv *value, int group)
{
	struct jv *old = jv_get(o->props, prop);
	struct jv *m, *next;

	if (old == NULL) {
		value->key = prop;
		value->klen = strlen(prop);
		jv_push(o->props, value);
	} else if (value->type == JV_OBJECT) {
		if (old->type == JV_OBJECT)
			deep_merge(old, value);
		else
			old->type = JV_OBJECT, old->head = value->head,
			old->tail = value->tail, old->n = value->n;
	} else if (old->type == JV_ARRAY && group) {
		if (value->type == JV_ARRAY) {
			for (m = value->head; m != NULL; m = next) {
				next = m->next;
				jv_push(old, m);
			}
		} else {
			jv_push(old, value);
		}
	}
}

/* ---- the walk ---- */

static int walk(
    struct engine *, const struct rnode *, const struct jv *, const char *);

/* The observed-data property of a leaf without a dot. */
static void
observed_data_property(
    struct engine *e, const struct rleaf *leaf, const struct jv *v)
{
	struct jv *val = compose(e, leaf, NULL, v, 0), *old;

	if (val == NULL && (val = jv_new(e->a, JV_NULL)) == NULL) {
		e->oom = 1;
		return;
	}
	if ((old = jv_get(e->od, leaf->prop)) != NULL) {
		/* A later value replaces it, in its place (a Python dict). */
		struct jv *next = old->next;

		*old = *val;
		old->key = leaf->prop;
		old->klen = strlen(leaf->prop);
		old->next = next;
		return;
	}
	val->key = leaf->prop;
	val->klen = strlen(leaf->prop);
	jv_push(e->od, val);
}

/* Does props hold leaf's property at its whole nested path? */
static int
has_path(const struct jv *props, const struct rleaf *leaf)
{
	const struct jv *v = jv_get(props, leaf->prop);
	size_t i;

	for (i = 0; v != NULL && i < leaf->nsub; i++)
		v = v->type == JV_OBJECT ? jv_get(v, leaf->sub[i]) : NULL;
	return v != NULL;
}

/* Write val as leaf's property of the object tagged tag (created when
 * absent): the first value wins, nested ones too when leaf->first_wins.
 * 1, 0 when not written, or -1 when out of memory. */
static int
put(struct engine *e, const struct rleaf *leaf, const char *tag, size_t len,
    struct jv *val)
{
	struct sobj *o;

	if ((o = get_or_create(e, tag, len, leaf->type)) == NULL)
		return -1;
	if (o->props == NULL) {
		struct jv *type = jv_new_text(
		    e->a, JV_STRING, leaf->type, strlen(leaf->type));

		if ((o->props = jv_new(e->a, JV_OBJECT)) == NULL ||
		    type == NULL) {
			e->oom = 1;
			return -1;
		}
		type->key = "type";
		type->klen = 4;
		jv_push(o->props, type);
	}
	if (leaf->first_wins && has_path(o->props, leaf))
		return 0;
	if (!leaf->ref_prop && !o->kept) {
		o->kept = 1;
		o->seq = e->seq++;
	}
	add_property(o, leaf->prop, val, leaf->group);
	return 1;
}

/* Remember the first value of the event of each kind that its
 * transformer rejected (for the warning). */
static void
note_invalid(struct engine *e, const struct rleaf *leaf, const struct jv *v)
{
	int k;

	switch (leaf->tr) {
	case TR_TO_TIMESTAMP:
	case TR_EPOCH_TO_TIMESTAMP:
		k = 0;
		break;
	case TR_HASH_MD5:
	case TR_HASH_SHA1:
	case TR_HASH_SHA256:
	case TR_HASH_SHA512:
		k = 1;
		break;
	default:
		k = 2;
	}
	if (!(e->problems & (1 << k))) {
		e->problems |= 1 << k;
		e->bad[k].leaf = leaf;
		e->bad[k].value = v;
	}
}

/* Write the value v (of a key in a list element lidx, or NULL) with each
 * leaf. */
static void
handle_value(struct engine *e, const struct rleaf *leaves, size_t n,
    const struct jv *v, const char *lidx, int group_ref)
{
	size_t i, k, len;

	for (i = 0; i < n && !e->oom; i++) {
		const struct rleaf *leaf = &leaves[i];
		const char **refs = NULL;
		const char *tag;
		struct jv *val;

		if (leaf->nrefs > 0) {
			refs = arena_alloc(e->a, leaf->nrefs * sizeof(*refs));
			if (refs == NULL) {
				e->oom = 1;
				return;
			}
			for (k = 0; k < leaf->nrefs; k++)
				refs[k] = lidx != NULL
				    ? tagname(e, leaf->refs[k], lidx, &len)
				    : v->type != JV_ARRAY
				    ? tagname(e, leaf->refs[k], "0", &len)
				    : leaf->refs[k];
		}
		if (leaf->type == NULL) {
			observed_data_property(e, leaf, v);
			continue;
		}
		tag = tagname(e, leaf->object, lidx != NULL ? lidx : "0", &len);
		if (tag == NULL)
			return;
		if (leaf->value != NULL)
			val = jv_new_text(
			    e->a, JV_STRING, leaf->value, strlen(leaf->value));
		else
			val = compose(e, leaf, refs, v, group_ref);
		if (val == NULL && leaf->invalid != NULL && !e->oom &&
		    (val = compose(e, leaf->invalid, NULL, v, 0)) != NULL &&
		    !dropped(e, val)) {
			/* Rejected by its transformer: kept as it came. */
			int rc = put(e, leaf->invalid, tag, len, val);

			if (rc < 0)
				return;
			if (rc > 0)
				note_invalid(e, leaf, v);
			continue;
		}
		if (val == NULL || dropped(e, val))
			continue;
		if (put(e, leaf, tag, len, val) < 0)
			return;
	}
}

/* The list index of element i of a list in list element lidx. */
static const char *
list_index(struct engine *e, const char *lidx, size_t i)
{
	char num[24];
	size_t len;

	snprintf(num, sizeof(num), "%zu", i);
	if (lidx == NULL) {
		const char *p = arena_strndup(e->a, num, strlen(num));

		if (p == NULL)
			e->oom = 1;
		return p;
	}
	return tagname(e, lidx, num, &len);
}

/* The synthetic leaf of an unmapped key (--unmapped): the member
 * fields.KEY of the object x-reaqta-unmapped (a dictionary keeps the
 * event's own key names, which need not be STIX property names). */
static int
unmapped_leaf(struct engine *e, const struct jv *member, struct rnode *node,
    struct rleaf *leaf)
{
	const char **sub = arena_alloc(e->a, sizeof(*sub));

	if (sub == NULL ||
	    (sub[0] = arena_strndup(e->a, member->key, member->klen)) == NULL) {
		e->oom = 1;
		return -1;
	}
	memset(node, 0, sizeof(*node));
	memset(leaf, 0, sizeof(*leaf));
	leaf->type = "x-reaqta-unmapped";
	leaf->key = "x-reaqta-unmapped.fields";
	leaf->event = sub[0];
	leaf->prop = "fields";
	leaf->sub = sub;
	leaf->nsub = 1;
	leaf->object = "cust_object";
	leaf->first_wins = 1;
	node->leaves = leaf;
	node->nleaves = 1;
	return 0;
}

static int
walk(struct engine *e, const struct rnode *cfg, const struct jv *data,
    const char *lidx)
{
	const struct jv *d;
	size_t i;

	if (data->type == JV_NULL || e->oom)
		return 0;
	if (cfg->nleaves == 1) {
		handle_value(e, cfg->leaves, 1, data, lidx, 0);
	} else if (data->type == JV_ARRAY) {
		for (d = data->head, i = 0; d != NULL; d = d->next, i++) {
			if (d->type != JV_ARRAY && d->type != JV_OBJECT) {
				/* A list of scalars is one value. */
				handle_value(e, cfg->leaves, cfg->nleaves, data,
				    lidx, 0);
				break;
			}
			walk(e, cfg, d, list_index(e, lidx, i));
		}
		for (i = 0; cfg->nleaves == 0 && i < cfg->nkids; i++) {
			const struct rnode *k = cfg->kids[i];

			if (k->nleaves == 1 && k->leaves[0].group_ref)
				handle_value(e, k->leaves, 1, data, lidx, 1);
		}
	} else if (data->type == JV_OBJECT) {
		for (d = data->head; d != NULL && !e->oom; d = d->next) {
			const struct rnode *c = cfg->nleaves == 0
			    ? rmap_child(cfg, d->key, d->klen)
			    : NULL;
			struct rnode fallback;
			struct rleaf leaf;

			if (c == NULL && e->unmapped) {
				if (unmapped_leaf(e, d, &fallback, &leaf) < 0)
					return -1;
				c = &fallback;
			}
			if (c != NULL)
				walk(e, c, d, lidx);
		}
	} else {
		handle_value(e, cfg->leaves, cfg->nleaves, data, lidx, 0);
	}
	return e->oom ? -1 : 0;
}

/* ---- after the walk ---- */

/* Drop references to objects that were removed (stix-shifter leaves them
 * dangling).  Returns 1 when v itself is such a reference. */
static int
drop_dangling(const struct engine *e, struct jv *v)
{
	struct jv *m, *prev = NULL, *next;

	if (v->type == JV_REF)
		return !e->objs[v->ref].kept;
	if (v->type != JV_ARRAY && v->type != JV_OBJECT)
		return 0;
	for (m = v->head; m != NULL; m = next) {
		next = m->next;
		if (drop_dangling(e, m) ||
		    (m->type == JV_ARRAY && m->n == 0 && v->type == JV_OBJECT &&
			m->key != NULL && strstr(m->key, "_ref") != NULL)) {
			if (prev != NULL)
				prev->next = next;
			else
				v->head = next;
			if (v->tail == m)
				v->tail = prev;
			v->n--;
			continue;
		}
		prev = m;
	}
	return 0;
}

/* Does o have a property, other than type and x_ custom ones? */
static int
has_own(const struct sobj *o)
{
	const struct jv *m;

	for (m = o->props->head; m != NULL; m = m->next)
		if (!(m->klen == 4 && memcmp(m->key, "type", 4) == 0) &&
		    !(m->klen >= 2 && m->key[0] == 'x' && m->key[1] == '_'))
			return 1;
	return 0;
}

/* Does o have what STIX requires of its type, of the properties the maps
 * can leave out?  A file needs name or hashes; a network-traffic src_ref or
 * dst_ref, and protocols; a STIX 2.1 process a property of its own. */
static int
complete(const struct sobj *o, int v21)
{
	const struct jv *p;

	if (strcmp(o->type, "file") == 0)
		return jv_get(o->props, "name") != NULL ||
		    jv_get(o->props, "hashes") != NULL;
	if (strcmp(o->type, "network-traffic") == 0)
		return (jv_get(o->props, "src_ref") != NULL ||
			   jv_get(o->props, "dst_ref") != NULL) &&
		    (p = jv_get(o->props, "protocols")) != NULL &&
		    p->type == JV_ARRAY && p->n > 0;
	if (v21 && strcmp(o->type, "process") == 0)
		return has_own(o);
	return 1;
}

/* An object without what STIX requires of its type is written as the
 * custom object x-reaqta-TYPE with the same properties, rather than as
 * invalid STIX. */
static int
valid_object(struct engine *e, struct sobj *o)
{
	struct jv *type;
	char *custom;
	size_t len;

	if (complete(o, e->v21))
		return 0;
	len = strlen(o->type) + 9;
	if ((custom = arena_alloc(e->a, len + 1)) == NULL) {
		e->oom = 1;
		return -1;
	}
	memcpy(custom, "x-reaqta-", 9);
	memcpy(custom + 9, o->type, len - 9 + 1);
	o->type = custom;
	if ((type = jv_get(o->props, "type")) != NULL) {
		type->s = custom;
		type->len = len;
	}
	return 0;
}

int
engine_event(struct engine *e, const struct jv *event, struct arena *a)
{
	size_t i;

	e->a = a;
	e->problems = 0;
	e->nobjs = 0;
	e->seq = 0;
	e->oom = 0;
	hashset_clear(&e->tagset);
	e->ntags = 0;
	if ((e->od = jv_new(a, JV_OBJECT)) == NULL)
		return -1;
	if (walk(e, &e->map->root, event, NULL) < 0)
		return -1;
	for (i = 0; i < e->nobjs; i++)
		if (e->objs[i].kept) {
			drop_dangling(e, e->objs[i].props);
			if (valid_object(e, &e->objs[i]) < 0)
				return -1;
		}
	return e->oom ? -1 : 0;
}
