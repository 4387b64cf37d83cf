/* SPDX-License-Identifier: Apache-2.0 */
/* The STIX bundle writer. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_tree.h>

#include "bundle.h"
#include "engine.h"
#include "error.h"
#include "exitcodes.h"
#include "jsonv.h"
#include "transform.h"

/* The identity of the seed README's translate command, with an
 * identity_class of the version's vocabulary (the README's "events" is in
 * neither): "system" in 2.1, "unknown" in 2.0, which has no "system". */
static const char default_identity[] =
    "{\"type\":\"identity\","
    "\"id\":\"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff\","
    "\"name\":\"reaqta\",\"identity_class\":\"%s\","
    "\"created\":\"2022-04-07T20:35:41.042Z\","
    "\"modified\":\"2022-04-07T20:35:41.042Z\"}";

/* ---- a set of ids ---- */

/* Whether the entry of hash key[0] holds key[1]. */
static int
same_key(const void *ctx, uint64_t value)
{
	return value == ((const uint64_t *)ctx)[1];
}

/* Add id key k to s: 1 when it is new, 0 when it was there, -1 out of
 * memory. */
static int
idset_add(struct hashset *s, const uint64_t k[2])
{
	return hashset_add(s, k[0], k[1], same_key, k);
}

/* ---- the identity ---- */

static struct jv *
from_tree(struct arena *a, yajl_val t)
{
	struct jv *v, *k;
	size_t i;

	switch (t->type) {
	case yajl_t_string:
		return jv_new_text(
		    a, JV_STRING, t->u.string, strlen(t->u.string));
	case yajl_t_number:
		return jv_new_text(
		    a, JV_NUMBER, t->u.number.r, strlen(t->u.number.r));
	case yajl_t_true:
		return jv_new(a, JV_TRUE);
	case yajl_t_false:
		return jv_new(a, JV_FALSE);
	case yajl_t_null:
		return jv_new(a, JV_NULL);
	case yajl_t_array:
		if ((v = jv_new(a, JV_ARRAY)) == NULL)
			return NULL;
		for (i = 0; i < t->u.array.len; i++) {
			if ((k = from_tree(a, t->u.array.values[i])) == NULL)
				return NULL;
			jv_push(v, k);
		}
		return v;
	case yajl_t_object:
		if ((v = jv_new(a, JV_OBJECT)) == NULL)
			return NULL;
		for (i = 0; i < t->u.object.len; i++) {
			if ((k = from_tree(a, t->u.object.values[i])) == NULL ||
			    (k->key = arena_strndup(a, t->u.object.keys[i],
				 strlen(t->u.object.keys[i]))) == NULL)
				return NULL;
			k->klen = strlen(k->key);
			jv_push(v, k);
		}
		return v;
	default:
		return NULL;
	}
}

/* Is s (len bytes) "identity--" and an RFC 4122 UUID (in STIX 2.0, a
 * version 4 one)? */
static int
identity_id(const char *s, size_t len, int v21)
{
	static const char shape[] = "identity--xxxxxxxx-xxxx-Vxxx-Nxxx-"
				    "xxxxxxxxxxxx";
	size_t i;

	if (len != sizeof(shape) - 1)
		return 0;
	for (i = 0; i < len; i++) {
		char c = s[i];
		int hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		    (c >= 'A' && c <= 'F');

		switch (shape[i]) {
		case 'x':
			if (!hex)
				return 0;
			break;
		case 'V':
			if (v21 ? c < '1' || c > '8' : c != '4')
				return 0;
			break;
		case 'N':
			if (c != '8' && c != '9' && c != 'a' && c != 'b' &&
			    c != 'A' && c != 'B')
				return 0;
			break;
		default:
			if (c != shape[i])
				return 0;
		}
	}
	return 1;
}

/* What STIX requires of an identity: an id of the right form, a name (and
 * in 2.0 an identity_class), created and modified timestamps when given. */
static int
valid_identity(const struct jv *ident, int v21, struct rs_error *e)
{
	static const char *const times[] = {"created", "modified"};
	const struct jv *id = jv_get(ident, "id"), *v;
	struct ts t;
	size_t i, bad;
	const char *why;

	if (!identity_id(id->s, id->len, v21)) {
		error_set(e, EXIT_USAGE,
		    "the id must be \"identity--\" and an RFC 4122 UUID%s",
		    v21 ? "" : " of version 4 (STIX 2.0)");
		return -1;
	}
	if ((v = jv_get(ident, "name")) == NULL || v->type != JV_STRING) {
		error_set(e, EXIT_USAGE, "STIX requires a string \"name\"");
		return -1;
	}
	if (!v21 &&
	    ((v = jv_get(ident, "identity_class")) == NULL ||
		v->type != JV_STRING)) {
		error_set(e, EXIT_USAGE,
		    "STIX 2.0 requires a string \"identity_class\"");
		return -1;
	}
	for (i = 0; i < 2; i++)
		if ((v = jv_get(ident, times[i])) != NULL &&
		    (v->type != JV_STRING ||
			ts_parse(v->s, v->len, &t, &bad, &why) < 0 ||
			(v21 ? t.nfrac < 3 : t.nfrac != 3))) {
			error_set(e, EXIT_USAGE,
			    "\"%s\" must be a timestamp such as "
			    "2022-04-07T20:35:41.042Z (%s)",
			    times[i],
			    v21 ? "at least milliseconds"
				: "milliseconds, as STIX 2.0 requires");
			return -1;
		}
	return 0;
}

int
bundle_identity(
    struct bundle *b, const char *json, size_t len, int v21, struct rs_error *e)
{
	char err[200], *text;
	yajl_val t;
	const struct jv *id;

	if (b->keep.head == NULL)
		arena_init(&b->keep);
	if ((text = arena_strndup(&b->keep, json, len)) == NULL) {
		error_set(e, EXIT_SOFTWARE, "out of memory");
		return -1;
	}
	if (memchr(json, '\0', len) != NULL) {
		error_set(e, EXIT_USAGE, "a NUL byte in the JSON");
		return -1;
	}
	if ((t = yajl_tree_parse(text, err, sizeof(err))) == NULL) {
		/* yajl's message spans lines; keep its first. */
		err[strcspn(err, "\n")] = '\0';
		error_set(e, EXIT_USAGE, "%s", err);
		return -1;
	}
	b->identity = from_tree(&b->keep, t);
	yajl_tree_free(t);
	if (b->identity == NULL) {
		error_set(e, EXIT_SOFTWARE, "out of memory");
		return -1;
	}
	if (b->identity->type != JV_OBJECT ||
	    !jv_is_str(jv_get(b->identity, "type"), "identity") ||
	    (id = jv_get(b->identity, "id")) == NULL || id->type != JV_STRING ||
	    id->len == 0 || memchr(id->s, '\0', id->len) != NULL) {
		error_set(e, EXIT_USAGE,
		    "expected a JSON object with \"type\": \"identity\" and "
		    "a string \"id\"");
		return -1;
	}
	b->identity_id = id->s;
	return valid_identity(b->identity, v21, e);
}

/* ---- writing ---- */

static int
write_failed(struct bundle *b, struct rs_error *e)
{
	if (b->out->err != 0)
		error_set(
		    e, EXIT_IOERR, "write error: %s", strerror(b->out->err));
	else
		error_set(e, EXIT_SOFTWARE, "cannot write JSON (%s)",
		    b->w.status == yajl_gen_invalid_string ? "invalid UTF-8"
							   : "generator error");
	return -1;
}

static int
kv(struct jsonw *w, const char *key, const char *val)
{
	return jsonw_cstring(w, key) < 0 || jsonw_cstring(w, val) < 0 ? -1 : 0;
}

/* Start an object at the top level: in a bundle, an element of the
 * array; in NDJSON, a line. */
static int
top_end(struct bundle *b)
{
	return b->o.ndjson ? jsonw_end(&b->w) : 0;
}

/* "prefix--uuid" for an SDO: random, or derived from name. */
static int
sdo_id(struct bundle *b, const char *prefix, const char *name, size_t len,
    char out[96])
{
	char uuid[UUID_LEN + 1];

	if (uuid_sdo(b->o.deterministic ? name : NULL, len, uuid) < 0)
		return -1;
	snprintf(out, 96, "%s--%s", prefix, uuid);
	return 0;
}

/* The current time for created and modified. */
static void
now_text(struct bundle *b, char out[TS_MS_LEN + 1])
{
	int64_t ms = b->o.now_ms;

	if (!b->o.now_fixed && ts_now_ms(&ms) < 0)
		ms = 0;
	if (ts_format_ms(ms, out) < 0)
		strcpy(out, "1970-01-01T00:00:00.000Z");
}

/* The identity as given, with what STIX requires added: spec_version
 * (2.1) after type, created and modified (the translation time) when
 * absent. */
static int
write_identity(struct bundle *b)
{
	struct jsonw *w = &b->w;
	const struct jv *m;
	char now[TS_MS_LEN + 1];
	int rc;

	now_text(b, now);
	rc = jsonw_map_open(w);
	for (m = b->identity->head; rc == 0 && m != NULL; m = m->next) {
		rc = jsonw_string(w, m->key, m->klen);
		if (rc == 0)
			rc = jv_write(w, m, NULL, NULL);
		if (rc == 0 && b->o.v21 && m->klen == 4 &&
		    memcmp(m->key, "type", 4) == 0 &&
		    jv_get(b->identity, "spec_version") == NULL)
			rc = kv(w, "spec_version", "2.1");
	}
	if (rc == 0 && jv_get(b->identity, "created") == NULL)
		rc = kv(w, "created", now);
	if (rc == 0 && jv_get(b->identity, "modified") == NULL)
		rc = kv(w, "modified", now);
	if (rc == 0)
		rc = jsonw_map_close(w);
	return rc < 0 ? -1 : top_end(b);
}

int
bundle_open(struct bundle *b, const struct bundle_opts *o, struct outbuf *out,
    struct rs_error *e)
{
	char id[96], name[200], now[TS_MS_LEN + 1],
	    ident[sizeof(default_identity) + 16];
	struct rs_error ignored;

	b->o = *o;
	b->out = out;
	snprintf(ident, sizeof(ident), default_identity,
	    o->v21 ? "system" : "unknown");
	if (b->identity == NULL &&
	    bundle_identity(b, ident, strlen(ident), o->v21, &ignored) < 0) {
		error_set(e, EXIT_SOFTWARE, "out of memory");
		return -1;
	}
	stixid_init(&b->ids, o->deterministic);
	/* Every string was checked as UTF-8 on its way in: by the parser
	 * (events, identity), by the map loader, or is ours. */
	if (jsonw_init(
		&b->w, out, (o->pretty ? JSONW_PRETTY : 0) | JSONW_UTF8) < 0) {
		error_set(e, EXIT_SOFTWARE, "out of memory");
		return -1;
	}
	if (!o->ndjson) {
		/* The bundle is opened before any event is read, so under
		 * --deterministic its id derives from what is known. */
		now_text(b, now);
		snprintf(name, sizeof(name), "bundle:%s:%s:%s", b->identity_id,
		    now, o->v21 ? "2.1" : "2.0");
		if (sdo_id(b, "bundle", name, strlen(name), id) < 0) {
			error_set(e, EXIT_SOFTWARE,
			    "OpenSSL failed (random numbers or SHA-1)");
			return -1;
		}
		if (jsonw_map_open(&b->w) < 0 || kv(&b->w, "type", "bundle") ||
		    kv(&b->w, "id", id) ||
		    (!o->v21 && kv(&b->w, "spec_version", "2.0")) ||
		    jsonw_cstring(&b->w, "objects") < 0 ||
		    jsonw_array_open(&b->w) < 0)
			return write_failed(b, e);
		b->open = 1;
	}
	if (write_identity(b) < 0)
		return write_failed(b, e);
	return 0;
}

int
bundle_close(struct bundle *b, struct rs_error *e)
{
	if (b->open) {
		b->open = 0;
		if (jsonw_array_close(&b->w) < 0 ||
		    jsonw_map_close(&b->w) < 0 || jsonw_end(&b->w) < 0)
			return write_failed(b, e);
	}
	return 0;
}

void
bundle_free(struct bundle *b)
{
	jsonw_free(&b->w);
	stixid_free(&b->ids);
	hashset_free(&b->seen);
	hashset_free(&b->local);
	free(b->order);
	if (b->keep.head != NULL)
		arena_free(&b->keep);
	memset(b, 0, sizeof(*b));
}

/* ---- one observed-data ---- */

struct refw {
	struct engine *e;
	int v21;
};

/* A reference as written: the object's number (2.0) or its id (2.1). */
static int
write_ref(void *ctx, struct jsonw *w, const struct jv *v)
{
	const struct refw *r = ctx;
	char num[24];

	if (r->v21)
		return jsonw_cstring(w, r->e->objs[v->ref].id);
	snprintf(num, sizeof(num), "%u", v->ref);
	return jsonw_cstring(w, num);
}

/* A reference in the canonical JSON that derives an observed-data id. */
static int
jcs_ref(void *ctx, struct strbuf *sb, const struct jv *v)
{
	char num[24];

	(void)ctx;
	snprintf(num, sizeof(num), "%u", v->ref);
	sb_puts(sb, num);
	return 0;
}

/* The kept objects in the order of their first non-reference property
 * (STIX 2.1), as indexes into e->objs, in b->order (kept from event to
 * event); NULL when out of memory. */
static size_t *
by_seq(struct bundle *b, const struct engine *e, size_t *n)
{
	size_t i;

	if (b->order == NULL || e->nobjs > b->ordercap) {
		size_t cap = e->nobjs > 32 ? e->nobjs * 2 : 64;
		size_t *p = realloc(b->order, cap * sizeof(*p));

		if (p == NULL)
			return NULL;
		b->order = p;
		b->ordercap = cap;
	}
	*n = 0;
	for (i = 0; i < e->nobjs; i++)
		if (e->objs[i].kept)
			b->order[e->objs[i].seq] = i, (*n)++;
	return b->order;
}

/* The value of first_observed or last_observed: the mapped one (already
 * through ToTimestamp) if there is one, else receivedAt as a timestamp,
 * else now; *how gets the BUNDLE_TIME_ bit used. */
static const struct jv *
observed_time(struct engine *en, const char *prop, const struct jv *event,
    const struct jv *now, int *how)
{
	const struct jv *v = jv_get(en->od, prop), *r;

	if (v != NULL && v->type != JV_NULL)
		return v;
	r = jv_get(event, "receivedAt");
	if (r != NULL && r->type != JV_NULL &&
	    (r = tr_apply(TR_TO_TIMESTAMP, r, en->a, &en->oom)) != NULL) {
		*how |= BUNDLE_TIME_RECEIVED;
		return r;
	}
	*how |= BUNDLE_TIME_NOW;
	return now;
}

/* The id of the observed-data: random, or derived from the event's number
 * and objects. */
static int
od_id(struct bundle *b, const struct engine *en, const struct jv *first,
    char out[96])
{
	struct strbuf *sb = &b->ids.sb;
	char num[32];
	size_t i;

	if (!b->o.deterministic)
		return sdo_id(b, "observed-data", NULL, 0, out);
	sb_reset(sb);
	snprintf(num, sizeof(num), "observed-data:%llu:", b->events);
	sb_puts(sb, num);
	jcs_write(sb, first, NULL, NULL);
	for (i = 0; i < en->nobjs; i++)
		if (en->objs[i].kept) {
			sb_putc(sb, ',');
			jcs_write(sb, en->objs[i].props, jcs_ref, NULL);
		}
	if (sb->oom)
		return -1;
	return sdo_id(b, "observed-data", sb->buf, sb->len, out);
}

/* The properties of observed-data other than the envelope. */
static int
write_od_props(struct bundle *b, const struct engine *en,
    const struct jv *first, const struct jv *last)
{
	static const char *const own[] = {
	    "first_observed", "last_observed", "number_observed"};
	struct jsonw *w = &b->w;
	const struct jv *num = jv_get(en->od, "number_observed"), *m;
	size_t i;
	int rc;

	rc = jsonw_cstring(w, "first_observed") < 0 ||
	    jv_write(w, first, NULL, NULL) < 0 ||
	    jsonw_cstring(w, "last_observed") < 0 ||
	    jv_write(w, last, NULL, NULL) < 0 ||
	    jsonw_cstring(w, "number_observed") < 0 ||
	    (num != NULL && num->type != JV_NULL ? jv_write(w, num, NULL, NULL)
						 : jsonw_number(w, "1", 1)) < 0;
	for (m = en->od->head; !rc && m != NULL; m = m->next) {
		for (i = 0; i < 3; i++)
			if (m->klen == strlen(own[i]) &&
			    memcmp(m->key, own[i], m->klen) == 0)
				break;
		if (i == 3 && m->type != JV_NULL)
			rc = jsonw_string(w, m->key, m->klen) < 0 ||
			    jv_write(w, m, NULL, NULL) < 0;
	}
	return rc ? -1 : 0;
}

/* STIX 2.0: the objects dictionary, numbered as they were created. */
static int
write_objects(struct bundle *b, struct engine *en)
{
	struct refw r = {en, 0};
	char num[24];
	size_t i;

	if (jsonw_cstring(&b->w, "objects") < 0 || jsonw_map_open(&b->w) < 0)
		return -1;
	for (i = 0; i < en->nobjs; i++) {
		if (!en->objs[i].kept)
			continue;
		snprintf(num, sizeof(num), "%zu", i);
		if (jsonw_cstring(&b->w, num) < 0 ||
		    jv_write(&b->w, en->objs[i].props, write_ref, &r) < 0)
			return -1;
	}
	return jsonw_map_close(&b->w);
}

/* STIX 2.1: mark the objects whose id an earlier object of the event
 * has (they are listed and written once). */
static int
mark_dups(struct bundle *b, struct engine *en, const size_t *order, size_t n)
{
	size_t i;
	int rc;

	hashset_clear(&b->local);
	for (i = 0; i < n; i++) {
		struct sobj *o = &en->objs[order[i]];

		if ((rc = idset_add(&b->local, o->key)) < 0)
			return -1;
		o->dup = rc == 0;
	}
	return 0;
}

/* STIX 2.1: object_refs, each id once. */
static int
write_object_refs(
    struct bundle *b, struct engine *en, const size_t *order, size_t n)
{
	size_t i;

	if (jsonw_cstring(&b->w, "object_refs") < 0 ||
	    jsonw_array_open(&b->w) < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (!en->objs[order[i]].dup &&
		    jsonw_cstring(&b->w, en->objs[order[i]].id) < 0)
			return -1;
	return jsonw_array_close(&b->w);
}

/* STIX 2.1: the SCOs of the event not written before (the first object
 * with an id wins, in the event and, with dedup, in the bundle). */
static int
write_scos(struct bundle *b, struct engine *en, const size_t *order, size_t n)
{
	struct refw r = {en, 1};
	struct jsonw *w = &b->w;
	const struct jv *m;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		const struct sobj *o = &en->objs[order[i]];

		if (o->dup)
			continue;
		if (b->o.dedup && o->id_state == 3 &&
		    (rc = idset_add(&b->seen, o->key)) <= 0) {
			if (rc < 0)
				return -1;
			continue;
		}
		if (jsonw_map_open(w) < 0 || kv(w, "type", o->type) < 0 ||
		    kv(w, "spec_version", "2.1") < 0 || kv(w, "id", o->id) < 0)
			return -1;
		for (m = o->props->head; m != NULL; m = m->next)
			if (!(m->klen == 4 && memcmp(m->key, "type", 4) == 0) &&
			    (jsonw_string(w, m->key, m->klen) < 0 ||
				jv_write(w, m, write_ref, &r) < 0))
				return -1;
		if (jsonw_map_close(w) < 0 || top_end(b) < 0)
			return -1;
	}
	return 0;
}

int
bundle_event(struct bundle *b, struct engine *en, const struct jv *event,
    struct rs_error *e)
{
	struct jsonw *w = &b->w;
	struct jv nowv;
	const struct jv *first, *last;
	char now[TS_MS_LEN + 1], id[96];
	size_t *order = NULL, n = 0, i;
	int how = 0, rc = 0;

	for (i = 0; i < en->nobjs && !en->objs[i].kept; i++)
		;
	if (i == en->nobjs)
		return BUNDLE_EMPTY;
	now_text(b, now);
	memset(&nowv, 0, sizeof(nowv));
	nowv.type = JV_STRING;
	nowv.s = now;
	nowv.len = strlen(now);
	first = observed_time(en, "first_observed", event, &nowv, &how);
	last = observed_time(en, "last_observed", event, &nowv, &how);
	if (en->oom)
		goto oom;
	b->events++;
	if (b->o.v21) {
		if ((order = by_seq(b, en, &n)) == NULL)
			goto oom;
		for (i = 0; i < n; i++)
			if (stixid_assign(&b->ids, en, order[i]) < 0)
				goto oom;
		if (mark_dups(b, en, order, n) < 0)
			goto oom;
	}
	if (od_id(b, en, first, id) < 0)
		goto oom;
	rc = jsonw_map_open(w) < 0 || kv(w, "type", "observed-data") < 0 ||
	    (b->o.v21 && kv(w, "spec_version", "2.1") < 0) ||
	    kv(w, "id", id) < 0 ||
	    kv(w, "created_by_ref", b->identity_id) < 0 ||
	    kv(w, "created", now) < 0 || kv(w, "modified", now) < 0 ||
	    write_od_props(b, en, first, last) < 0 ||
	    (b->o.v21 ? write_object_refs(b, en, order, n)
		      : write_objects(b, en)) < 0 ||
	    jsonw_map_close(w) < 0 || top_end(b) < 0 ||
	    (b->o.v21 && write_scos(b, en, order, n) < 0);
	if (rc)
		return b->out->err != 0 || b->w.status != yajl_gen_status_ok
		    ? write_failed(b, e)
		    : (error_set(e, EXIT_SOFTWARE, "out of memory"), -1);
	return how;
oom:
	error_set(e, EXIT_SOFTWARE,
	    b->ids.failed && !b->ids.sb.oom
		? "OpenSSL failed (random numbers or SHA-1)"
		: "out of memory");
	return -1;
}
