/* SPDX-License-Identifier: Apache-2.0 */
/* One HunQ query run to its end: the pages in order, the events written
 * once each, --offset and --limit applied. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>

#include "client.h"
#include "error.h"
#include "exitcodes.h"
#include "hashset.h"
#include "options.h"
#include "outbuf.h"
#include "pagestream.h"
#include "pager.h"
#include "progress.h"

struct query {
	struct pager *pg;
	const struct settings *set;
	struct pagestream ps;
	struct rs_error *e;
	char what[64];              /* "line 3, page 2", for messages */
	unsigned long done;         /* events of the page handled before */
	unsigned long handled;      /* events of the page handled now */
	unsigned long long seen;    /* events of the pages before */
	unsigned long long written; /* events of the query written */
	struct hashset cursors;     /* hashes of the page paths asked */
};

static int
on_event(void *ctx, const char *json, size_t len, unsigned long idx)
{
	struct query *q = ctx;

	if (idx < q->done)
		return 0; /* written by an attempt that failed later */
	q->handled = idx + 1;
	if (q->seen + idx < q->set->offset ||
	    (q->set->limited && q->written >= q->set->limit))
		return 0;
	outbuf_write(q->pg->out, json, len);
	if (outbuf_write(q->pg->out, "\n", 1) < 0) {
		error_set(q->e, EXIT_IOERR, "write error: %s",
		    strerror(q->pg->out->err));
		return -1;
	}
	q->written++;
	q->pg->events++;
	progress_count(q->pg->events, q->pg->pages);
	return 0;
}

static int
on_body(void *ctx, const char *p, size_t n)
{
	struct query *q = ctx;
	int rc = ps_feed(&q->ps, p, n);

	/* Events go on as they come, not when the page ends. */
	if (outbuf_flush(q->pg->out) < 0 && q->e->status == 0) {
		error_set(q->e, EXIT_IOERR, "write error: %s",
		    strerror(q->pg->out->err));
		q->ps.result = PS_STOPPED;
		return -1;
	}
	return rc;
}

static int
on_begin(void *ctx)
{
	struct query *q = ctx;

	if (q->handled > q->done)
		q->done = q->handled;
	q->handled = 0;
	return ps_begin(&q->ps);
}

static int
on_end(void *ctx, struct rs_error *e)
{
	struct query *q = ctx;

	switch (ps_end(&q->ps)) {
	case PS_OK:
		return 0;
	case PS_TRUNCATED:
		error_set(e, EXIT_TEMPFAIL, "%s", q->ps.err);
		return 1;
	case PS_BAD:
		if (q->ps.err_off > 0)
			error_set(e, EXIT_PROTOCOL, "%s, byte %llu: %s",
			    q->what, q->ps.err_off, q->ps.err);
		else
			error_set(
			    e, EXIT_PROTOCOL, "%s: %s", q->what, q->ps.err);
		return -1;
	case PS_STOPPED:
		return -1; /* e says why */
	case PS_NOMEM:
	default:
		error_set(e, EXIT_SOFTWARE, "out of memory");
		return -1;
	}
}

/* Remember a page path; 1 if it was asked before, -1 out of memory.  Only
 * the paths' hashes are kept. */
static int
cursor_seen(struct query *q, const char *path)
{
	int rc = hashset_add(&q->cursors,
	    hashset_fnv(HASHSET_FNV_START, path, strlen(path)), 0, NULL, NULL);

	return rc < 0 ? -1 : rc == 0;
}

/* The path and query of nextPage (an absolute URL or a path), to ask of
 * the configured server whatever host it names.  0, or -1 if unusable. */
static int
next_path(const char *next, char *path, size_t size)
{
	const char *p = next, *s;

	if ((s = strstr(next, "://")) != NULL &&
	    (size_t)(s - next) < strcspn(next, "/?"))
		p = strchr(s + 3, '/');
	if (p == NULL || p[0] != '/' || p[1] == '/')
		return -1;
	for (s = p; *s != '\0'; s++)
		if ((unsigned char)*s <= 0x20 || *s == 0x7f || *s == '#')
			return -1;
	if ((size_t)snprintf(path, size, "%s", p) >= size)
		return -1;
	return 0;
}

/* The request body {"query": ...}; NULL when query is not UTF-8. */
static yajl_gen
body_of(const char *query, size_t len)
{
	yajl_gen g = yajl_gen_alloc(NULL);

	if (g == NULL)
		return NULL;
	yajl_gen_config(g, yajl_gen_validate_utf8, 1);
	if (yajl_gen_map_open(g) != yajl_gen_status_ok ||
	    yajl_gen_string(g, (const unsigned char *)"query", 5) !=
		yajl_gen_status_ok ||
	    yajl_gen_string(g, (const unsigned char *)query, len) !=
		yajl_gen_status_ok ||
	    yajl_gen_map_close(g) != yajl_gen_status_ok) {
		yajl_gen_free(g);
		return NULL;
	}
	return g;
}

static int
pages(struct query *q, const char *body, size_t blen, unsigned long lineno)
{
	const struct attempt at = {on_begin, on_body, on_end, q};
	unsigned long long want;
	unsigned long page;
	char path[8192];
	unsigned count = q->set->page_size;
	int rc;

	if (q->set->limited) {
		want = q->set->offset + q->set->limit;
		if (want < q->set->limit) /* overflow */
			want = UINT64_MAX;
		if (want < count)
			count = (unsigned)want;
	}
	snprintf(path, sizeof(path), "/rqt-api/1/events/hunt?count=%u", count);
	for (page = 1;; page++) {
		if ((rc = cursor_seen(q, path)) < 0) {
			error_set(q->e, EXIT_SOFTWARE, "out of memory");
			return -1;
		}
		if (rc > 0) {
			error_set(q->e, EXIT_PROTOCOL,
			    "%s: nextPage repeats a cursor already followed: "
			    "%.200s",
			    q->what, path);
			return -1;
		}
		if (lineno > 0)
			snprintf(q->what, sizeof(q->what), "line %lu, page %lu",
			    lineno, page);
		else
			snprintf(q->what, sizeof(q->what), "page %lu", page);
		q->done = q->handled = 0;
		if (client_hunt(q->pg->client, path, body, blen, &at, q->what,
			q->e) < 0)
			return -1;
		q->seen += q->ps.nevents;
		q->pg->pages++;
		progress_count(q->pg->events, q->pg->pages);
		if ((q->set->limited && q->written >= q->set->limit) ||
		    q->ps.nevents == 0 || q->ps.next.len == 0 ||
		    (q->ps.has_remaining && q->ps.remaining <= 0))
			return 0;
		if (next_path(q->ps.next.buf, path, sizeof(path)) < 0) {
			error_set(q->e, EXIT_PROTOCOL,
			    "%s: nextPage is not a usable URL: %.200s", q->what,
			    q->ps.next.buf);
			return -1;
		}
	}
}

int
pager_run(struct pager *pg, const char *query, size_t len, unsigned long lineno,
    struct rs_error *e)
{
	struct query q;
	const unsigned char *body;
	size_t blen;
	yajl_gen g;
	int rc;

	memset(&q, 0, sizeof(q));
	q.pg = pg;
	q.set = pg->client->set;
	q.e = e;
	if (q.set->limited && q.set->limit == 0)
		return 0;
	if ((g = body_of(query, len)) == NULL) {
		if (lineno > 0)
			error_set(e, EXIT_DATAERR, "line %lu: not UTF-8 text",
			    lineno);
		else
			error_set(
			    e, EXIT_DATAERR, "the query is not UTF-8 text");
		return -1;
	}
	if (ps_init(&q.ps, q.set->max_event, on_event, &q) < 0) {
		yajl_gen_free(g);
		error_set(e, EXIT_SOFTWARE, "out of memory");
		return -1;
	}
	yajl_gen_get_buf(g, &body, &blen);
	rc = pages(&q, (const char *)body, blen, lineno);
	ps_free(&q.ps);
	hashset_free(&q.cursors);
	yajl_gen_free(g);
	return rc;
}
