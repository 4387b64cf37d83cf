/* SPDX-License-Identifier: Apache-2.0 */
/* JSON values as a tree in an arena: one event at a time, numbers kept as
 * their text. */
#ifndef JSONV_H
#define JSONV_H

#include <stddef.h>

struct arena;
struct jsonw;

enum jv_type {
	JV_NULL,
	JV_FALSE,
	JV_TRUE,
	JV_NUMBER, /* s, len: the number as written */
	JV_STRING, /* s, len: UTF-8, unescaped */
	JV_ARRAY,
	JV_OBJECT,
	JV_REF /* a reference the writer resolves (see jv_write) */
};

struct jv {
	enum jv_type type;
	unsigned ref;    /* JV_REF: what it refers to, for the writer */
	const char *key; /* the member name, when in an object */
	size_t klen;
	const char *s; /* JV_NUMBER, JV_STRING */
	size_t len;
	struct jv *head, *tail; /* JV_ARRAY, JV_OBJECT: the children */
	size_t n;               /* how many children */
	struct jv *next;
};

/* A new value of type t in a; NULL when out of memory. */
struct jv *jv_new(struct arena *a, enum jv_type t);
/* A new string or number value holding a copy of s (len bytes). */
struct jv *jv_new_text(
    struct arena *a, enum jv_type t, const char *s, size_t len);
/* Append child to an array, or to an object (child->key set). */
void jv_push(struct jv *parent, struct jv *child);
/* The member key of an object, or NULL. */
struct jv *jv_get(const struct jv *obj, const char *key);
/* As jv_get with a key of klen bytes. */
struct jv *jv_getn(const struct jv *obj, const char *key, size_t klen);
/* Unlink and return the member key of an object, or NULL. */
struct jv *jv_take(struct jv *obj, const char *key);
/* A deep copy of v (its text and member name too) into a; NULL when out
 * of memory. */
struct jv *jv_copy(struct arena *a, const struct jv *v);
/* Is v (NULL allowed) a string equal to s? */
int jv_is_str(const struct jv *v, const char *s);

/* Write v with w; each JV_REF is written by ref(ctx, w, v).  0, or -1. */
int jv_write(struct jsonw *w, const struct jv *v,
    int (*ref)(void *ctx, struct jsonw *w, const struct jv *v), void *ctx);

#endif
