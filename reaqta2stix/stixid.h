/* SPDX-License-Identifier: Apache-2.0 */
/* STIX identifiers: random UUIDv4 from OpenSSL's RNG, STIX 2.1
 * deterministic SCO ids (UUIDv5 over the RFC 8785 canonical JSON of the
 * ID-contributing properties), and ids derived from content. */
#ifndef STIXID_H
#define STIXID_H

#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

struct engine;
struct jv;

/* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" and its NUL. */
enum {
	UUID_LEN = 36
};

/* A version-4 UUID: random (name NULL), or derived from name (len bytes),
 * as the UUIDv5 of name in the project's own namespace with the version
 * set to 4, for ids that must be UUIDv4 yet stable under --deterministic.
 * 0, or -1 when OpenSSL fails. */
int uuid_sdo(const char *name, size_t len, char out[UUID_LEN + 1]);

/* Append the RFC 8785 canonical form of v to sb; a JV_REF is written by
 * ref(ctx, sb, v).  0, or -1 (a ref callback failed). */
int jcs_write(struct strbuf *sb, const struct jv *v,
    int (*ref)(void *ctx, struct strbuf *sb, const struct jv *v), void *ctx);

/* The ids of the STIX 2.1 objects of one event. */
struct stixid {
	int deterministic; /* ids that would be random derive from content */
	struct strbuf sb;  /* scratch */
	int failed;        /* the RNG or memory failed */
};

void stixid_init(struct stixid *, int deterministic);
void stixid_free(struct stixid *);
/* Give every kept object of e its id (e->objs[i].id), referenced objects
 * first.  Returns 1 when the id is deterministic (the same content always
 * has it: worth remembering for de-duplication), 0 when random, -1 on
 * failure. */
int stixid_assign(struct stixid *, struct engine *e, size_t idx);

#endif
