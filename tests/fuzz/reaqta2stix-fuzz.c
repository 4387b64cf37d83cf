/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: one input is one stream of ReaQta events, through the
 * reaqta2stix run (reaqta2stix/r2s.h, as the tool's main uses it: the
 * event reader, the enrichment, the results engine and the bundle writer)
 * twice with opposite settings and in reads of random sizes, and through
 * the event reader alone, whole and in reads. */
#include "config.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "evread.h"
#include "exitcodes.h"
#include "hashset.h"
#include "outbuf.h"
#include "r2s.h"
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
	CF_DEDUP = 1 << 6          /* 2.1 de-duplication (--no-dedup off) */
};

static const char *const map_names[] = {"stix20", "stix21", "readme-2022"};

static struct rmap maps[3];
static struct outbuf out; /* 64 KiB: static rather than on the stack */

/* --now values: an ordinary time, the epoch, and the ends of the years
 * that --now accepts (0000-01-01 and 9999-12-31). */
static const int64_t nows[] = {
    1714564800987LL, 0, -62167219200000LL, 253402300799999LL};

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

/* Hand the data to fn in reads of random sizes (seed 0: whole), until fn
 * returns other than 0; that value. */
static int
in_reads(const uint8_t *data, size_t size, unsigned seed,
    int (*fn)(void *, const uint8_t *, size_t), void *ctx)
{
	uint32_t x = seed * 2654435761u + 1;
	size_t off = 0, len;
	int rc = 0;

	while (off < size && rc == 0) {
		len = seed == 0 ? size : next_len(&x, seed);
		if (len > size - off)
			len = size - off;
		rc = fn(ctx, data + off, len);
		off += len;
	}
	return rc;
}

/* ---- the reader alone gives the same events whatever the reads ---- */

struct reading {
	struct evread rd;
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

static int
reader_feed(void *ctx, const uint8_t *p, size_t n)
{
	return evread_feed(&((struct reading *)ctx)->rd, p, n);
}

static void
reading(struct reading *g, const uint8_t *data, size_t size, unsigned seed)
{
	struct evread_cb cb = {count, NULL, NULL, NULL};

	if (evread_init(&g->rd, &cb) < 0)
		abort();
	g->rc = in_reads(data, size, seed, reader_feed, g);
	if (g->rc == 0)
		g->rc = evread_finish(&g->rd);
	g->events = g->rd.events;
	g->errors = g->rd.errors;
	memcpy(g->err, g->rd.err, sizeof(g->err));
	evread_free(&g->rd);
}

/* The same events and error whether the data come whole or in reads.
 * (Not with keep_going: where reading goes on after an error depends on
 * the blanks after it that are at hand.) */
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

/* ---- the run of reaqta2stix ---- */

struct feeding {
	struct r2s *r;
	struct rs_error *e;
};

static int
run_feed(void *ctx, const uint8_t *p, size_t n)
{
	struct feeding *f = ctx;
	int rc = r2s_feed(f->r, p, n, f->e);

	outbuf_flush(&out);
	return rc;
}

/* One run of reaqta2stix with settings cf and more, in reads of random
 * sizes as b says.  Writing to /dev/null never fails and memory is not
 * short, so a failure other than malformed JSON is a bug. */
static void
run(const uint8_t *data, size_t size, unsigned cf, unsigned more, unsigned b)
{
	struct r2s_config c;
	struct rs_error e;
	struct r2s r;
	struct feeding f = {&r, &e};
	size_t i;
	int rc;

	memset(&c, 0, sizeof(c));
	c.out.v21 = (cf & CF_V21) != 0;
	c.out.ndjson = (cf & CF_NDJSON) != 0;
	c.out.pretty = !c.out.ndjson && (cf & CF_PRETTY) != 0;
	c.out.dedup = (cf & CF_DEDUP) != 0;
	c.out.deterministic = (cf & CF_DETERMINISTIC) != 0;
	/* --deterministic needs --now; --now alone is allowed too. */
	c.out.now_fixed = c.out.deterministic || (more & 1) != 0;
	c.out.now_ms = nows[(more >> 1) & 3];
	/* The map of the version mostly, any map at times (--map). */
	i = (more >> 3) & 7;
	c.rmap = &maps[i < 3 ? i : c.out.v21];
	c.unmapped = (cf & CF_UNMAPPED) != 0;
	c.keep_going = (cf & CF_KEEP_GOING) != 0;
	c.quiet = 1;
	outbuf_init(&out, out.fd);
	if (r2s_open(&r, &c, &out, &e) < 0 || r2s_begin(&r, "fuzz", &e) < 0) {
		fprintf(stderr, "r2s_open: %s\n", e.msg);
		abort();
	}
	rc = in_reads(data, size, b, run_feed, &f);
	if (rc == 0)
		rc = r2s_end(&r, &e);
	if (rc != 0 && (e.status != EXIT_DATAERR || e.msg[0] == '\0')) {
		fprintf(stderr, "r2s: %d: %s\n", e.status, e.msg);
		abort();
	}
	if (r2s_close(&r, &e) < 0 || outbuf_flush(&out) < 0) {
		fprintf(stderr, "r2s_close: %s\n", e.msg);
		abort();
	}
	r2s_free(&r);
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
