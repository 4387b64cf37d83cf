/* SPDX-License-Identifier: Apache-2.0 */
/* The reaqta2stix run, for its front ends (reaqta2stix, reaqta-shifter,
 * the fuzz target): events in, as bytes or parsed, one STIX bundle out.
 * It loads the map, checks the identity, reads events (enrichment, the
 * engine, the bundle writer) and closes the bundle; warnings about events
 * go to standard error through warn.h, errors to the caller as rs_error,
 * and front ends only configure it and print. */
#ifndef R2S_H
#define R2S_H

#include <stddef.h>

#include "arena.h"
#include "bundle.h"
#include "engine.h"
#include "error.h"
#include "evread.h"
#include "rmap.h"
#include "warn.h"

struct jsonw;
struct outbuf;

struct r2s_config {
	struct bundle_opts out; /* the bundle: version, form, ids, time */
	const char *map;        /* built-in name or file; NULL: the version's */
	const struct rmap *rmap; /* or a map already loaded (the caller's) */
	const char *identity;    /* JSON, or NULL for the default */
	size_t identity_len;
	int unmapped;   /* unmapped keys to x-reaqta-unmapped */
	int keep_going; /* skip malformed NDJSON lines */
	int quiet;      /* no warnings */
	/* Instead of a bundle, each event enriched, as an element of an
	 * array the caller opened on this writer (no map, no identity). */
	struct jsonw *enriched;
};

/* What r2s_open could not do. */
enum r2s_stage {
	R2S_MAP = 1,  /* load the map: e names it */
	R2S_IDENTITY, /* the identity is not what STIX requires */
	R2S_BUNDLE    /* start the bundle */
};

struct r2s {
	struct r2s_config c;
	enum r2s_stage failed; /* after r2s_open fails */
	int dataerr;           /* input was skipped as malformed (keep_going) */
	/* private */
	struct rmap map;
	struct engine engine;
	struct bundle bundle;
	struct arena arena; /* one event's enrichment and objects */
	struct warnings warn;
	struct evread rd;
	int reading;      /* rd is open */
	const char *name; /* the input being read, for messages */
	struct rs_error fatal;
};

/* Start a run writing to out.  0, or -1 with e filled and r->failed
 * saying what failed; r2s_free in either case. */
int r2s_open(struct r2s *, const struct r2s_config *c, struct outbuf *out,
    struct rs_error *e);
/* Begin the input called name (for messages; kept, not copied). */
int r2s_begin(struct r2s *, const char *name, struct rs_error *e);
/* The next len bytes of the input.  0, or -1 with e: malformed JSON (65,
 * naming the input, event and byte), out of memory (70), or what writing
 * the bundle met. */
int r2s_feed(
    struct r2s *, const unsigned char *buf, size_t len, struct rs_error *e);
/* The end of the input (an unfinished value is malformed). */
int r2s_end(struct r2s *, struct rs_error *e);
/* Read fd to its end as the input called name, size bytes a read into
 * buf, flushing out after each read.  As r2s_feed; 74 for a read error. */
int r2s_read(struct r2s *, int fd, const char *name, unsigned char *buf,
    size_t size, struct outbuf *out, struct rs_error *e);
/* Translate and write event n of the input, already parsed (any JSON
 * value: one that is not an object is skipped with a warning).  0, or -1
 * with e filled. */
int r2s_event(struct r2s *, struct jv *v, unsigned long n, struct rs_error *e);
/* Close the bundle (valid JSON whatever came before) and sum up the
 * warnings.  0, or -1 with e filled. */
int r2s_close(struct r2s *, struct rs_error *e);
void r2s_free(struct r2s *);

#endif
