/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: one input is one stream of ReaQta events, through the
 * event reader, the enrichment, the results engine and the bundle writer,
 * as reaqta2stix/main.c wires them, twice with opposite settings. */
#include "config.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "bundle.h"
#include "engine.h"
#include "enrich.h"
#include "error.h"
#include "evread.h"
#include "hashset.h"
#include "jsonv.h"
#include "outbuf.h"
#include "rmap.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The settings of one run, from the bits of a byte of the input. */
enum {
	CF_V21 = 1 << 0,           /* STIX 2.1, else 2.0 */
	CF_UNMAPPED = 1 << 1,      /* --unmapped */
	CF_DETERMINISTIC = 1 << 2, /* --deterministic (with --now) */
	CF_KEEP_GOING = 1 << 3,    /* -k */
	CF_NDJSON = 1 << 4,        /* --ndjson */
	CF_PRETTY = 1 << 5,        /* --pretty, unless --ndjson */
	CF_DEDUP = 1 << 6,         /* 2.1 de-duplication (--no-dedup off) */
	CF_PAGE_CB = 1 << 7        /* a page callback, unlike main.c */
};

static const char *const map_names[] = {"stix20", "stix21", "readme-2022"};

static struct rmap maps[3];
static struct outbuf out; /* 64 KiB: static rather than on the stack */

/* --now values: an ordinary time, the epoch, and the ends of the years
 * that --now accepts (0000-01-01 and 9999-12-31). */
static const int64_t nows[] = {
    1714564800987LL, 0, -62167219200000LL, 253402300799999LL};

struct run {
	struct engine engine;
	struct bundle bundle;
	struct arena arena;
	unsigned long last;    /* number of the last event handed over */
	unsigned long stop_at; /* stop reading at this event (0: never) */
	int stopped;           /* event() asked to stop */
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct rs_error e;
	size_t i;

	(void)argc;
	(void)argv;
	for (i = 0; i < sizeof(maps) / sizeof(maps[0]); i++)
		if (rmap_load(&maps[i], map_names[i], &e) < 0) {
			fprintf(stderr, "%s: %s\n", map_names[i], e.msg);
			abort();
		}
	outbuf_init(&out, open("/dev/null", O_WRONLY));
	if (out.fd < 0)
		abort();
	return 0;
}

/* What main.c does with one event.  Writing to /dev/null never fails and
 * memory is not short, so every failure is a bug. */
static int
event(void *ctx, struct jv *v, unsigned long n)
{
	struct run *r = ctx;
	struct rs_error e;
	int rc, bit;

	if (r->stopped || n <= r->last)
		abort(); /* called after a stop, or numbers not increasing */
	r->last = n;
	if (r->stop_at != 0 && n >= r->stop_at) {
		r->stopped = 1;
		return -1;
	}
	if (v->type != JV_OBJECT)
		return 0;
	arena_reset(&r->arena);
	if ((rc = enrich_event(v, &r->arena)) < 0 || rc >= 1 << ENRICH_KINDS ||
	    engine_event(&r->engine, v, &r->arena) < 0)
		abort();
	for (bit = 0; bit < ENRICH_KINDS; bit++)
		if ((rc & 1 << bit) != 0 && enrich_problem(1 << bit) == NULL)
			abort();
	memset(&e, 0, sizeof(e));
	rc = bundle_event(&r->bundle, &r->engine, v, &e);
	if (rc < 0 ||
	    (rc & ~(BUNDLE_TIME_RECEIVED | BUNDLE_TIME_NOW | BUNDLE_EMPTY)) !=
		0) {
		fprintf(stderr, "bundle_event: %d: %s\n", rc, e.msg);
		abort();
	}
	return 0;
}

static int
page(void *ctx, const char *key, size_t klen, struct jv *v)
{
	(void)ctx;
	if ((key == NULL && klen != 0) || v == NULL)
		abort();
	return 0;
}

static void
skipped(void *ctx, const struct evread *rd)
{
	(void)ctx;
	if (rd->err[0] == '\0' || rd->errors == 0)
		abort(); /* main.c prints err */
}

/* The settings depend on every byte. */
static uint32_t
hash(const uint8_t *data, size_t size)
{
	uint64_t h = hashset_fnv(HASHSET_FNV_START, data, size);

	return (uint32_t)(h ^ h >> 32);
}

/* The size of the next read: from 1 to 64 bytes, or to 4096 when the
 * seed is odd, as the generator x says. */
static size_t
next_len(uint32_t *x, unsigned seed)
{
	*x = *x * 1103515245u + 12345u;
	return 1 + (*x >> 16) % ((seed & 1) != 0 ? 4096 : 64);
}

/* Feed the data to rd in reads of random sizes (seed 0: whole).  The
 * result of evread_feed or evread_finish. */
static int
feed(struct evread *rd, const uint8_t *data, size_t size, unsigned seed,
    struct outbuf *o)
{
	uint32_t x = seed * 2654435761u + 1;
	size_t off = 0, len;
	int rc = 0;

	while (off < size && rc == 0) {
		len = seed == 0 ? size : next_len(&x, seed);
		if (len > size - off)
			len = size - off;
		rc = evread_feed(rd, data + off, len);
		off += len;
		if (o != NULL)
			outbuf_flush(o);
	}
	return rc == 0 ? evread_finish(rd) : rc;
}

/* What the reader alone makes of the data. */
struct reading {
	unsigned long events, errors;
	int rc;
	char err[200];
};

static int
count(void *ctx, struct jv *v, unsigned long n)
{
	(void)ctx;
	(void)v;
	(void)n;
	return 0;
}

static void
reading(struct reading *g, const uint8_t *data, size_t size, unsigned seed)
{
	struct evread_cb cb = {count, NULL, NULL, NULL};
	struct evread rd;

	if (evread_init(&rd, &cb) < 0)
		abort();
	g->rc = feed(&rd, data, size, seed, NULL);
	g->events = rd.events;
	g->errors = rd.errors;
	memcpy(g->err, rd.err, sizeof(g->err));
	evread_free(&rd);
}

/* The reader gives the same events and error whatever the reads.  (Not
 * with keep_going: where reading goes on after an error depends on the
 * blanks after it that are at hand.) */
static void
same_reading(const uint8_t *data, size_t size, unsigned seed)
{
	struct reading whole, pieces;

	reading(&whole, data, size, 0);
	reading(&pieces, data, size, seed | 2);
	if (whole.rc != pieces.rc || whole.events != pieces.events ||
	    whole.errors != pieces.errors ||
	    strcmp(whole.err, pieces.err) != 0) {
		fprintf(stderr,
		    "whole: %d, %lu events, %lu errors, %s\n"
		    "reads: %d, %lu events, %lu errors, %s\n",
		    whole.rc, whole.events, whole.errors, whole.err, pieces.rc,
		    pieces.events, pieces.errors, pieces.err);
		abort();
	}
}

/* One run with settings cf and more, in reads of random sizes as b
 * says. */
static void
run(const uint8_t *data, size_t size, unsigned cf, unsigned more, unsigned b)
{
	struct evread_cb cb = {event, NULL, skipped, NULL};
	struct bundle_opts o;
	struct rs_error e;
	struct evread rd;
	struct run r;
	size_t i;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(&o, 0, sizeof(o));
	o.v21 = (cf & CF_V21) != 0;
	o.ndjson = (cf & CF_NDJSON) != 0;
	o.pretty = !o.ndjson && (cf & CF_PRETTY) != 0;
	o.dedup = (cf & CF_DEDUP) != 0;
	o.deterministic = (cf & CF_DETERMINISTIC) != 0;
	/* --deterministic needs --now; --now alone is allowed too. */
	o.now_fixed = o.deterministic || (more & 1) != 0;
	o.now_ms = nows[(more >> 1) & 3];
	/* The map of the version mostly, any map at times (--map). */
	i = (more >> 3) & 7;
	i = i < 3 ? i : o.v21;
	/* Now and then, stop after a few events, as on a fatal error. */
	if ((more & 0xc0) == 0xc0)
		r.stop_at = 1 + (b & 3);

	cb.ctx = &r;
	if (cf & CF_PAGE_CB)
		cb.page = page;
	arena_init(&r.arena);
	engine_init(&r.engine, &maps[i], (cf & CF_UNMAPPED) != 0, o.v21);
	outbuf_init(&out, out.fd);
	memset(&e, 0, sizeof(e));
	if (bundle_open(&r.bundle, &o, &out, &e) < 0) {
		fprintf(stderr, "bundle_open: %s\n", e.msg);
		abort();
	}
	if (evread_init(&rd, &cb) < 0)
		abort();
	rd.keep_going = (cf & CF_KEEP_GOING) != 0;

	rc = feed(&rd, data, size, b, &out);
	if (rc == -1 && rd.err[0] == '\0')
		abort(); /* main.c would exit 0 without a word */
	if (rc == -3 || (rc == -2) != r.stopped) {
		fprintf(stderr, "evread: %d, stopped %d\n", rc, r.stopped);
		abort();
	}
	evread_free(&rd);

	if (bundle_close(&r.bundle, &e) < 0) {
		fprintf(stderr, "bundle_close: %s\n", e.msg);
		abort();
	}
	if (outbuf_flush(&out) < 0)
		abort();
	bundle_free(&r.bundle);
	engine_free(&r.engine);
	arena_free(&r.arena);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t h = hash(data, size);
	unsigned b = size > 0 ? data[0] : 0;

	/* The same input with opposite settings and other reads. */
	run(data, size, h & 0xff, (h >> 8) & 0xff, b);
	run(data, size, ~h & 0xff, (h >> 16) & 0xff, b ^ 0xff);
	same_reading(data, size, b);
	return 0;
}
