/* SPDX-License-Identifier: Apache-2.0 */
/* The reaqta2stix run. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "enrich.h"
#include "exitcodes.h"
#include "jsonv.h"
#include "outbuf.h"
#include "r2s.h"

int
r2s_open(struct r2s *r, const struct r2s_config *c, struct outbuf *out,
    struct rs_error *e)
{
	memset(r, 0, sizeof(*r));
	r->c = *c;
	arena_init(&r->arena);
	warn_init(&r->warn, c->quiet);
	if (c->enriched != NULL)
		return 0;
	if (c->rmap == NULL &&
	    rmap_load(&r->map,
		c->map != NULL   ? c->map
		    : c->out.v21 ? "stix21"
				 : "stix20",
		e) < 0) {
		r->failed = R2S_MAP;
		return -1;
	}
	engine_init(&r->engine, c->rmap != NULL ? c->rmap : &r->map,
	    c->unmapped, c->out.v21);
	if (c->identity != NULL &&
	    bundle_identity(
		&r->bundle, c->identity, c->identity_len, c->out.v21, e) < 0) {
		r->failed = R2S_IDENTITY;
		return -1;
	}
	if (bundle_open(&r->bundle, &c->out, out, e) < 0) {
		r->failed = R2S_BUNDLE;
		return -1;
	}
	return 0;
}

int
r2s_event(struct r2s *r, struct jv *v, unsigned long n, struct rs_error *e)
{
	int rc = 0;

	if (r->c.enriched != NULL) {
		arena_reset(&r->arena);
		if (v->type == JV_OBJECT &&
		    (rc = enrich_event(v, &r->arena)) < 0) {
			error_set(e, EXIT_SOFTWARE, "out of memory");
			return -1;
		}
		warn_enrich(&r->warn, rc, r->name, n);
		if (jv_write(r->c.enriched, v, NULL, NULL) < 0) {
			error_set(e, EXIT_IOERR, "write error");
			return -1;
		}
		return 0;
	}
	if (v->type != JV_OBJECT) {
		warn_event(&r->warn, WARN_NOT_OBJECT, r->name, n);
		return 0;
	}
	arena_reset(&r->arena);
	if ((rc = enrich_event(v, &r->arena)) < 0 ||
	    engine_event(&r->engine, v, &r->arena) < 0) {
		error_set(e, EXIT_SOFTWARE, "out of memory");
		return -1;
	}
	warn_enrich(&r->warn, rc, r->name, n);
	warn_engine(&r->warn, &r->engine, r->name, n);
	if ((rc = bundle_event(&r->bundle, &r->engine, v, e)) < 0)
		return -1;
	warn_bundle(&r->warn, rc, r->name, n);
	return 0;
}

/* The event reader's callbacks. */
static int
on_event(void *ctx, struct jv *v, unsigned long n)
{
	struct r2s *r = ctx;

	return r2s_event(r, v, n, &r->fatal);
}

static void
on_skipped(void *ctx, const struct evread *rd)
{
	struct r2s *r = ctx;

	warn_skipped(
	    r->name, rd->err_event, rd->err_off, rd->err, rd->resumed_at);
	r->dataerr = 1;
}

int
r2s_begin(struct r2s *r, const char *name, struct rs_error *e)
{
	struct evread_cb cb = {on_event, NULL, on_skipped, r};

	if (r->reading)
		evread_free(&r->rd);
	r->reading = 0;
	r->name = name;
	if (evread_init(&r->rd, &cb) < 0) {
		error_set(e, EXIT_SOFTWARE, "out of memory");
		return -1;
	}
	r->rd.keep_going = r->c.keep_going;
	r->reading = 1;
	return 0;
}

/* What the reader's result rc means. */
static int
reader_result(struct r2s *r, int rc, struct rs_error *e)
{
	switch (rc) {
	case 0:
		return 0;
	case -1:
		error_set(e, EXIT_DATAERR, "%s: event %lu, byte %llu: %s",
		    r->name, r->rd.err_event, r->rd.err_off, r->rd.err);
		break;
	case -2:
		*e = r->fatal;
		break;
	default:
		error_set(e, EXIT_SOFTWARE, "out of memory");
		break;
	}
	return -1;
}

int
r2s_feed(
    struct r2s *r, const unsigned char *buf, size_t len, struct rs_error *e)
{
	return reader_result(r, evread_feed(&r->rd, buf, len), e);
}

int
r2s_end(struct r2s *r, struct rs_error *e)
{
	return reader_result(r, evread_finish(&r->rd), e);
}

int
r2s_read(struct r2s *r, int fd, const char *name, unsigned char *buf,
    size_t size, struct outbuf *out, struct rs_error *e)
{
	ssize_t n;
	int rc;

	if (r2s_begin(r, name, e) < 0)
		return -1;
	for (;;) {
		n = read(fd, buf, size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error_set(
			    e, EXIT_IOERR, "%s: %s", name, strerror(errno));
			return -1;
		}
		rc = n == 0 ? r2s_end(r, e) : r2s_feed(r, buf, (size_t)n, e);
		/* What this read gave is written before the next read
		 * blocks. */
		if (out != NULL)
			outbuf_flush(out);
		if (rc != 0 || n == 0)
			return rc;
	}
}

int
r2s_close(struct r2s *r, struct rs_error *e)
{
	int rc = 0;

	if (r->c.enriched == NULL && r->bundle.out != NULL &&
	    r->bundle.out->err == 0)
		rc = bundle_close(&r->bundle, e);
	warn_summary(&r->warn);
	return rc;
}

void
r2s_free(struct r2s *r)
{
	if (r->reading)
		evread_free(&r->rd);
	bundle_free(&r->bundle);
	engine_free(&r->engine);
	rmap_free(&r->map);
	arena_free(&r->arena);
	memset(r, 0, sizeof(*r));
}
