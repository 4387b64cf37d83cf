/* SPDX-License-Identifier: Apache-2.0 */
/* JSON values as a tree in an arena. */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "jsonv.h"
#include "jsonw.h"

struct jv *
jv_new(struct arena *a, enum jv_type t)
{
	struct jv *v = arena_alloc(a, sizeof(*v));

	if (v != NULL) {
		memset(v, 0, sizeof(*v));
		v->type = t;
	}
	return v;
}

struct jv *
jv_new_text(struct arena *a, enum jv_type t, const char *s, size_t len)
{
	struct jv *v = jv_new(a, t);

	if (v != NULL && (v->s = arena_strndup(a, s, len)) == NULL)
		return NULL;
	if (v != NULL)
		v->len = len;
	return v;
}

void
jv_push(struct jv *parent, struct jv *child)
{
	child->next = NULL;
	if (parent->tail != NULL)
		parent->tail->next = child;
	else
		parent->head = child;
	parent->tail = child;
	parent->n++;
}

struct jv *
jv_getn(const struct jv *obj, const char *key, size_t klen)
{
	struct jv *m;

	if (obj == NULL || obj->type != JV_OBJECT)
		return NULL;
	for (m = obj->head; m != NULL; m = m->next)
		if (m->klen == klen && memcmp(m->key, key, klen) == 0)
			return m;
	return NULL;
}

struct jv *
jv_get(const struct jv *obj, const char *key)
{
	return jv_getn(obj, key, strlen(key));
}

struct jv *
jv_take(struct jv *obj, const char *key)
{
	struct jv *m, *prev = NULL;
	size_t klen = strlen(key);

	if (obj == NULL || obj->type != JV_OBJECT)
		return NULL;
	for (m = obj->head; m != NULL; prev = m, m = m->next) {
		if (m->klen != klen || memcmp(m->key, key, klen) != 0)
			continue;
		if (prev != NULL)
			prev->next = m->next;
		else
			obj->head = m->next;
		if (obj->tail == m)
			obj->tail = prev;
		obj->n--;
		m->next = NULL;
		return m;
	}
	return NULL;
}

struct jv *
jv_copy(struct arena *a, const struct jv *v)
{
	struct jv *c = arena_alloc(a, sizeof(*c));
	const struct jv *k;

	if (c == NULL)
		return NULL;
	*c = *v;
	c->head = c->tail = c->next = NULL;
	c->n = 0;
	if ((v->s != NULL && (c->s = arena_strndup(a, v->s, v->len)) == NULL) ||
	    (v->key != NULL &&
		(c->key = arena_strndup(a, v->key, v->klen)) == NULL))
		return NULL;
	for (k = v->head; k != NULL; k = k->next) {
		struct jv *kc = jv_copy(a, k);

		if (kc == NULL)
			return NULL;
		jv_push(c, kc);
	}
	return c;
}

int
jv_is_str(const struct jv *v, const char *s)
{
	return v != NULL && v->type == JV_STRING && v->len == strlen(s) &&
	    memcmp(v->s, s, v->len) == 0;
}

int
jv_write(struct jsonw *w, const struct jv *v,
    int (*ref)(void *, struct jsonw *, const struct jv *), void *ctx)
{
	const struct jv *k;
	int rc = 0;

	switch (v->type) {
	case JV_NULL:
		return jsonw_null(w);
	case JV_FALSE:
	case JV_TRUE:
		return jsonw_bool(w, v->type == JV_TRUE);
	case JV_NUMBER:
		return jsonw_number(w, v->s, v->len);
	case JV_STRING:
		return jsonw_string(w, v->s, v->len);
	case JV_REF:
		return ref(ctx, w, v);
	case JV_ARRAY:
		rc = jsonw_array_open(w);
		for (k = v->head; rc == 0 && k != NULL; k = k->next)
			rc = jv_write(w, k, ref, ctx);
		return rc < 0 ? rc : jsonw_array_close(w);
	case JV_OBJECT:
		rc = jsonw_map_open(w);
		for (k = v->head; rc == 0 && k != NULL; k = k->next)
			if ((rc = jsonw_string(w, k->key, k->klen)) == 0)
				rc = jv_write(w, k, ref, ctx);
		return rc < 0 ? rc : jsonw_map_close(w);
	}
	return -1;
}
