/* SPDX-License-Identifier: Apache-2.0 */
/* The STIX bundle writer: the identity, then one observed-data per event
 * (and, in STIX 2.1, its SCOs) written as soon as the event is
 * translated, through yajl_gen. */
#ifndef BUNDLE_H
#define BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "hashset.h"
#include "jsonw.h"
#include "outbuf.h"
#include "stixid.h"
#include "timestamp.h"

struct engine;
struct jv;
struct rs_error;

struct bundle_opts {
	int v21;           /* STIX 2.1 rather than 2.0 */
	int ndjson;        /* one object per line, no bundle around them */
	int pretty;        /* indent */
	int dedup;         /* 2.1: write each deterministic SCO id once */
	int deterministic; /* derive every otherwise random id */
	int now_fixed;     /* now_ms is --now rather than the clock */
	int64_t now_ms;
};

/* What bundle_event had to do about an event (one bit a kind). */
enum {
	BUNDLE_TIME_RECEIVED = 1 << 0, /* observed times from receivedAt */
	BUNDLE_TIME_NOW = 1 << 1,      /* observed times from now */
	BUNDLE_EMPTY = 1 << 2          /* no object: nothing written */
};

struct bundle {
	struct bundle_opts o;
	struct outbuf *out;
	struct jsonw w;
	struct jv *identity;
	const char *identity_id;
	struct arena keep; /* the identity */
	struct stixid ids;
	struct hashset seen;  /* 2.1: deterministic SCO ids written */
	struct hashset local; /* 2.1: ids of the event being written */
	size_t *order;        /* 2.1: the objects of an event in order */
	size_t ordercap;
	unsigned long long events; /* observed-data written */
	int open;                  /* the bundle's array is open */
};

/* Set the identity from JSON text: an object with "type": "identity" and
 * what STIX (2.1 if v21, else 2.0) requires of an identity.  0, or -1 with
 * e filled (EXIT_USAGE). */
int bundle_identity(
    struct bundle *, const char *json, size_t len, int v21, struct rs_error *e);
/* Start writing to out (after bundle_identity, or with the default
 * identity) and write the head and the identity; 0, or -1 with e filled
 * (EXIT_IOERR, EXIT_SOFTWARE). */
int bundle_open(struct bundle *, const struct bundle_opts *o,
    struct outbuf *out, struct rs_error *e);
/* Write the observed-data of the event just translated by engine (and its
 * SCOs); an event without objects is not written (an observed-data
 * needs one).  Returns the BUNDLE_ bits (0 or more), or -1 with e filled;
 * event is the event itself, for receivedAt. */
int bundle_event(struct bundle *, struct engine *engine, const struct jv *event,
    struct rs_error *e);
/* Close the bundle (valid JSON whatever came before); 0, or -1 with e. */
int bundle_close(struct bundle *, struct rs_error *e);
void bundle_free(struct bundle *);

#endif
