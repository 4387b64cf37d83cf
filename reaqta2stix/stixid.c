/* SPDX-License-Identifier: Apache-2.0 */
/* STIX identifiers: UUIDs, RFC 8785 canonical JSON, 2.1 SCO ids. */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "arena.h"
#include "engine.h"
#include "hashset.h"
#include "jsonv.h"
#include "numtext.h"
#include "stixid.h"
#include "utf8.h"

/* The namespace of STIX 2.1 deterministic SCO ids (spec section 2.9). */
static const unsigned char stix_ns[16] = {0x00, 0xab, 0xed, 0xb4, 0xaa, 0x42,
    0x46, 0x6c, 0x9c, 0x01, 0xfe, 0xd2, 0x33, 0x15, 0xa9, 0xb7};
/* The project's own namespace, 16af191a-a899-59f4-8408-4726bc2f8802: the
 * UUIDv5 of "reaqta-stix" in the DNS namespace.  Ids made with it are
 * never in the STIX namespace, as the spec requires of ids that do not
 * follow its rules. */
static const unsigned char project_ns[16] = {0x16, 0xaf, 0x19, 0x1a, 0xa8, 0x99,
    0x59, 0xf4, 0x84, 0x08, 0x47, 0x26, 0xbc, 0x2f, 0x88, 0x02};

static void
uuid_format(const unsigned char u[16], char out[UUID_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	size_t i, k = 0;

	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[k++] = '-';
		out[k++] = hex[u[i] >> 4];
		out[k++] = hex[u[i] & 15];
	}
	out[k] = '\0';
}

/* Random bytes come from OpenSSL's generator a block at a time: one call
 * a UUID costs more than the UUID (the generator checks for a fork each
 * time). */
static unsigned char pool[4096];
static size_t pool_left;

/* A random version-4 UUID as bytes; 0, or -1. */
static int
random_bytes(unsigned char u[16])
{
	if (pool_left < 16) {
		if (RAND_bytes(pool, sizeof(pool)) != 1)
			return -1;
		pool_left = sizeof(pool);
	}
	pool_left -= 16;
	memcpy(u, pool + pool_left, 16);
	u[6] = (unsigned char)((u[6] & 0x0f) | 0x40);
	u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);
	return 0;
}

/* RFC 4122 name-based UUID (SHA-1) of name in ns, with version ver; 0, or
 * -1 when OpenSSL fails (out of memory). */
static int
name_bytes(const unsigned char ns[16], const char *name, size_t len, int ver,
    unsigned char u[16])
{
	static EVP_MD_CTX *c;
	static EVP_MD *sha1;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	/* One context and one fetched SHA-1 for the whole run: fetching it
	 * at every digest is most of the cost of a short one.  They live
	 * until the process ends. */
	if ((sha1 == NULL &&
		(sha1 = EVP_MD_fetch(NULL, "SHA1", NULL)) == NULL) ||
	    (c == NULL && (c = EVP_MD_CTX_new()) == NULL) ||
	    EVP_DigestInit_ex(c, sha1, NULL) != 1 ||
	    EVP_DigestUpdate(c, ns, 16) != 1 ||
	    EVP_DigestUpdate(c, name, len) != 1 ||
	    EVP_DigestFinal_ex(c, md, &mdlen) != 1)
		return -1;
	memcpy(u, md, 16);
	u[6] = (unsigned char)((u[6] & 0x0f) | (ver << 4));
	u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);
	return 0;
}

int
uuid_sdo(const char *name, size_t len, char out[UUID_LEN + 1])
{
	unsigned char u[16];

	if ((name != NULL ? name_bytes(project_ns, name, len, 4, u)
			  : random_bytes(u)) < 0)
		return -1;
	uuid_format(u, out);
	return 0;
}

/* ---- RFC 8785 ---- */

static void
jcs_string(struct strbuf *sb, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;

	sb_putc(sb, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char u[7];

		switch (c) {
		case '"':
			esc = "\\\"";
			break;
		case '\\':
			esc = "\\\\";
			break;
		case '\b':
			esc = "\\b";
			break;
		case '\t':
			esc = "\\t";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\f':
			esc = "\\f";
			break;
		case '\r':
			esc = "\\r";
			break;
		default:
			if (c < 0x20) {
				memcpy(u, "\\u00", 4);
				u[4] = hex[c >> 4];
				u[5] = hex[c & 15];
				u[6] = '\0';
				esc = u;
			}
		}
		if (esc == NULL)
			continue;
		sb_add(sb, s + run, i - run);
		sb_puts(sb, esc);
		run = i + 1;
	}
	sb_add(sb, s + run, len - run);
	sb_putc(sb, '"');
}

/* Is s (len bytes) an integer that a double holds exactly, written as
 * ECMAScript writes it (no leading zero, no "-0")? */
static int
plain_integer(const char *s, size_t len)
{
	size_t i = s[0] == '-';

	if (len - i == 0 || len - i > 15 || (s[i] == '0' && len - i > 1) ||
	    (i == 1 && s[1] == '0'))
		return 0;
	for (; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static void
jcs_number(struct strbuf *sb, const char *s, size_t len)
{
	char text[NUMTEXT_MAX], *end;
	double d;

	if (plain_integer(s, len)) {
		/* Ports, pids, sizes: as written, without a round trip. */
		sb_add(sb, s, len);
		return;
	}

	if (len >= sizeof(text)) {
		/* Long digit strings: strtod needs a NUL; the arena copy is
		 * NUL-terminated by jv_new_text. */
		d = strtod(s, &end);
	} else {
		memcpy(text, s, len);
		text[len] = '\0';
		d = strtod(text, &end);
	}
	if (!isfinite(d)) {
		/* Beyond a double: ECMAScript has no text for it; keep the
		 * number as written. */
		sb_add(sb, s, len);
		return;
	}
	num_es(d, text);
	sb_puts(sb, text);
}

/* The next UTF-16 code unit of s at *i (*lo holds a pending low
 * surrogate), or -1 at the end. */
static long
utf16_next(const char *s, size_t len, size_t *i, long *lo)
{
	uint32_t cp;
	size_t n;

	if (*lo >= 0) {
		long u = *lo;

		*lo = -1;
		return u;
	}
	if (*i >= len)
		return -1;
	n = utf8_decode((const unsigned char *)s + *i, len - *i, &cp);
	if (n == 0) {
		/* Not reached: the reader validated the UTF-8. */
		return (unsigned char)s[(*i)++];
	}
	*i += n;
	if (cp < 0x10000)
		return (long)cp;
	cp -= 0x10000;
	*lo = 0xdc00 + (long)(cp & 0x3ff);
	return 0xd800 + (long)(cp >> 10);
}

/* Compare member names by their UTF-16 code units, as RFC 8785 sorts. */
static int
key_cmp(const void *pa, const void *pb)
{
	const struct jv *a = *(const struct jv *const *)pa;
	const struct jv *b = *(const struct jv *const *)pb;
	size_t i = 0, j = 0;
	long la = -1, lb = -1;

	for (;;) {
		long ua = utf16_next(a->key, a->klen, &i, &la);
		long ub = utf16_next(b->key, b->klen, &j, &lb);

		if (ua != ub)
			return ua < ub ? -1 : 1;
		if (ua < 0)
			return 0;
	}
}

int
jcs_write(struct strbuf *sb, const struct jv *v,
    int (*ref)(void *ctx, struct strbuf *sb, const struct jv *v), void *ctx)
{
	const struct jv *m, **sorted;
	size_t i;
	int rc = 0;

	switch (v->type) {
	case JV_NULL:
		sb_puts(sb, "null");
		break;
	case JV_FALSE:
		sb_puts(sb, "false");
		break;
	case JV_TRUE:
		sb_puts(sb, "true");
		break;
	case JV_NUMBER:
		jcs_number(sb, v->s, v->len);
		break;
	case JV_STRING:
		jcs_string(sb, v->s, v->len);
		break;
	case JV_REF:
		return ref(ctx, sb, v);
	case JV_ARRAY:
		sb_putc(sb, '[');
		for (m = v->head; m != NULL && rc == 0; m = m->next) {
			if (m != v->head)
				sb_putc(sb, ',');
			rc = jcs_write(sb, m, ref, ctx);
		}
		sb_putc(sb, ']');
		break;
	case JV_OBJECT:
		if ((sorted = malloc((v->n + 1) * sizeof(*sorted))) == NULL) {
			sb->oom = 1;
			return -1;
		}
		for (m = v->head, i = 0; m != NULL; m = m->next)
			sorted[i++] = m;
		qsort(sorted, i, sizeof(*sorted), key_cmp);
		sb_putc(sb, '{');
		for (i = 0; i < v->n && rc == 0; i++) {
			if (i > 0)
				sb_putc(sb, ',');
			jcs_string(sb, sorted[i]->key, sorted[i]->klen);
			sb_putc(sb, ':');
			rc = jcs_write(sb, sorted[i], ref, ctx);
		}
		sb_putc(sb, '}');
		free(sorted);
		break;
	}
	return rc;
}

/* ---- STIX 2.1 SCO ids ---- */

/* The ID-contributing properties of each STIX 2.1 SCO type (spec section
 * 6), sorted by type; "hashes" stands for one hash. */
static const struct contrib {
	const char *type;
	const char *props[9];
} contribs[] = {
    {"artifact", {"hashes", "payload_bin"}},
    {"autonomous-system", {"number"}},
    {"directory", {"path"}},
    {"domain-name", {"value"}},
    {"email-addr", {"value"}},
    {"email-message", {"body", "from_ref", "subject"}},
    {"file", {"extensions", "hashes", "name", "parent_directory_ref"}},
    {"ipv4-addr", {"value"}},
    {"ipv6-addr", {"value"}},
    {"mac-addr", {"value"}},
    {"mutex", {"name"}},
    {"network-traffic",
	{"dst_port", "dst_ref", "end", "extensions", "protocols", "src_port",
	    "src_ref", "start"}},
    {"software", {"cpe", "name", "swid", "vendor", "version"}},
    {"url", {"value"}},
    {"user-account", {"account_login", "account_type", "user_id"}},
    {"windows-registry-key", {"key", "values"}},
    {"x509-certificate", {"hashes", "serial_number"}},
};

static int
contrib_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct contrib *)elem)->type);
}

/* The one hash of a hashes dictionary that contributes: the first of MD5,
 * SHA-1, SHA-256, SHA-512 present, else the first in the object's order. */
static const struct jv *
one_hash(const struct jv *hashes)
{
	static const char *const pref[] = {
	    "MD5", "SHA-1", "SHA-256", "SHA-512"};
	const struct jv *h;
	size_t i;

	for (i = 0; i < sizeof(pref) / sizeof(pref[0]); i++)
		if ((h = jv_get(hashes, pref[i])) != NULL)
			return h;
	return hashes->head;
}

struct refctx {
	struct stixid *g;
	struct engine *e;
};

/* A reference in canonical JSON: the target's id, or, inside a cycle of
 * references (possible only under --deterministic), its type and number. */
static int
ref_id(void *ctx, struct strbuf *sb, const struct jv *v)
{
	const struct refctx *r = ctx;
	const struct sobj *t = &r->e->objs[v->ref];
	char tmp[128];

	if (t->id_state >= 2) {
		jcs_string(sb, t->id, strlen(t->id));
	} else {
		snprintf(tmp, sizeof(tmp), "%s#%u", t->type, v->ref);
		jcs_string(sb, tmp, strlen(tmp));
	}
	return 0;
}

/* Assign ids to the objects v refers to. */
static int
resolve_refs(struct stixid *g, struct engine *e, const struct jv *v)
{
	const struct jv *m;

	if (v->type == JV_REF)
		return e->objs[v->ref].id_state == 1  ? 0
		    : stixid_assign(g, e, v->ref) < 0 ? -1
						      : 0;
	if (v->type == JV_ARRAY || v->type == JV_OBJECT)
		for (m = v->head; m != NULL; m = m->next)
			if (resolve_refs(g, e, m) < 0)
				return -1;
	return 0;
}

/* The canonical JSON of the contributing properties of o in g->sb; 0 when
 * none is present. */
static int
contributing(struct stixid *g, struct engine *e, const struct sobj *o,
    const struct contrib *c)
{
	struct refctx r = {g, e};
	const struct jv *v;
	size_t i;
	int n = 0;

	sb_putc(&g->sb, '{');
	for (i = 0; i < 9 && c->props[i] != NULL; i++) {
		if ((v = jv_get(o->props, c->props[i])) == NULL)
			continue;
		if (n++ > 0)
			sb_putc(&g->sb, ',');
		jcs_string(&g->sb, c->props[i], strlen(c->props[i]));
		sb_putc(&g->sb, ':');
		if (strcmp(c->props[i], "hashes") == 0 &&
		    v->type == JV_OBJECT && v->head != NULL) {
			const struct jv *h = one_hash(v);

			sb_putc(&g->sb, '{');
			jcs_string(&g->sb, h->key, h->klen);
			sb_putc(&g->sb, ':');
			jcs_write(&g->sb, h, ref_id, &r);
			sb_putc(&g->sb, '}');
		} else {
			jcs_write(&g->sb, v, ref_id, &r);
		}
	}
	sb_putc(&g->sb, '}');
	return n;
}

void
stixid_init(struct stixid *g, int deterministic)
{
	memset(g, 0, sizeof(*g));
	g->deterministic = deterministic;
	sb_init(&g->sb);
}

void
stixid_free(struct stixid *g)
{
	sb_free(&g->sb);
}

/* The key of an id in sets of ids (see engine.h). */
static void
id_key(const char *type, const unsigned char u[16], uint64_t key[2])
{
	uint64_t h = hashset_fnv(HASHSET_FNV_START, type, strlen(type));
	int i;

	key[0] = key[1] = 0;
	for (i = 0; i < 16; i++)
		key[i / 8] = key[i / 8] << 8 | u[i];
	/* A UUID with the same bits under another type is another id. */
	key[0] ^= h;
	if (key[0] == 0 && key[1] == 0)
		key[1] = 1; /* (0, 0) marks an empty slot */
}

int
stixid_assign(struct stixid *g, struct engine *e, size_t idx)
{
	struct sobj *o = &e->objs[idx];
	struct refctx r = {g, e};
	const struct contrib *c;
	const struct jv *xid;
	char uuid[UUID_LEN + 1];
	unsigned char u[16];
	int fixed = 1, rc;

	if (o->id_state >= 2)
		return o->id_state == 3;
	o->id_state = 1;
	if (resolve_refs(g, e, o->props) < 0)
		return -1;
	sb_reset(&g->sb);
	c = bsearch(o->type, contribs, sizeof(contribs) / sizeof(contribs[0]),
	    sizeof(contribs[0]), contrib_cmp);
	if (c != NULL && contributing(g, e, o, c) > 0) {
		rc = name_bytes(stix_ns, g->sb.buf, g->sb.len, 5, u);
	} else if (strcmp(o->type, "process") == 0 &&
	    (xid = jv_get(o->props, "x_unique_id")) != NULL) {
		/* No contributing properties: a UUIDv4, but the same for the
		 * same process in every event. */
		sb_reset(&g->sb);
		sb_puts(&g->sb, "process:");
		jcs_write(&g->sb, xid, ref_id, &r);
		rc = name_bytes(project_ns, g->sb.buf, g->sb.len, 4, u);
	} else if (g->deterministic) {
		sb_reset(&g->sb);
		jcs_write(&g->sb, o->props, ref_id, &r);
		rc = name_bytes(project_ns, g->sb.buf, g->sb.len, 4, u);
	} else {
		fixed = 0;
		rc = random_bytes(u);
	}
	if (rc < 0 || g->sb.oom ||
	    (o->id = arena_alloc(e->a, strlen(o->type) + UUID_LEN + 3)) == NULL)
		return g->failed = 1, -1;
	uuid_format(u, uuid);
	sprintf(o->id, "%s--%s", o->type, uuid);
	id_key(o->type, u, o->key);
	o->id_state = fixed ? 3 : 2;
	return fixed;
}
