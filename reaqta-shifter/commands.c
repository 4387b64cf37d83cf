/* SPDX-License-Identifier: Apache-2.0 */
/* reaqta-shifter's commands, on the code of the three tools: stix2hunq's
 * translator, hunt-fetch's client and pager, reaqta2stix's enrichment,
 * engine and bundle writer. */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "arena.h"
#include "cli.h"
#include "evread.h"
#include "exitcodes.h"
#include "jsonv.h"
#include "shifter.h"
#include "timestamp.h"

#include "hunt-fetch/client.h"
#include "hunt-fetch/options.h"
#include "hunt-fetch/pager.h"
#include "reaqta2stix/r2s.h"
#include "stix2hunq/qmap.h"
#include "stix2hunq/s2h.h"

/* ---- translate query ---- */

/* The HunQ query of pattern into q (malloc'd); 0, or -1 after fail(). */
static int
to_hunq(
    struct shifter *s, const char *pattern, const struct shopts *o, char **q)
{
	struct s2h_options so;
	struct qmap qm;
	struct s2h t;
	struct rs_error e;
	unsigned long line, col;
	const char *map = map_of(s, o, 0);
	size_t i;
	int rc;

	if (map == NULL)
		return -1;
	if (qmap_load(&qm, map, o->v21 ? STIX_21 : STIX_DEFAULT, &e) < 0)
		return fail(s, "mapping_error", e.status, "%s", e.msg);
	memset(&so, 0, sizeof(so));
	so.ver = o->v21 ? STIX_21 : STIX_DEFAULT;
	so.time_range = o->time_range;
	so.fixed_now = s->fixed_now;
	so.now_ms = s->now_ms;
	s2h_init(&t, &qm, &so);
	rc = s2h_translate(&t, pattern, strlen(pattern));
	for (i = 0; i < t.x.nwarns; i++) {
		s2h_position(
		    pattern, strlen(pattern), t.x.warns[i].off, &line, &col);
		warnx(
		    "warning: pattern, column %lu: %s", col, t.x.warns[i].msg);
	}
	if (rc == 0 && (*q = strdup(t.query.buf)) == NULL)
		rc = -2;
	if (rc == -1) {
		s2h_position(
		    pattern, strlen(pattern), t.error.off, &line, &col);
		fail(s,
		    t.failure == S2H_SYNTAX
			? (o->validate ? "invalid_parameter"
				       : "translation_error")
			: t.failure == S2H_UNMAPPED ? "mapping_error"
						    : "translation_error",
		    EXIT_DATAERR, "pattern, column %lu: %s", col, t.error.msg);
	} else if (rc == -2) {
		fail(s, "unknown", EXIT_SOFTWARE, "out of memory");
	}
	s2h_free(&t);
	qmap_free(&qm);
	return rc == 0 ? 0 : -1;
}

int
cmd_translate_query(struct shifter *s, const char *identity,
    const char *pattern, const char *options)
{
	yajl_val id, opts = NULL;
	struct shopts o;
	char *q = NULL;
	int rc = -1;

	if ((id = json_arg(s, identity, "identity")) == NULL)
		return -1;
	if ((options == NULL || (opts = json_arg(s, options, "options"))) &&
	    read_options(s, opts, &o) == 0 && to_hunq(s, pattern, &o, &q) == 0)
		rc = jsonw_map_open(&s->w) < 0 ||
			jsonw_cstring(&s->w, "queries") < 0 ||
			jsonw_array_open(&s->w) < 0 ||
			jsonw_cstring(&s->w, q) < 0 ||
			jsonw_array_close(&s->w) < 0 ||
			jsonw_map_close(&s->w) < 0 || jsonw_end(&s->w) < 0
		    ? fail(s, "unknown", EXIT_IOERR, "cannot write the answer")
		    : 0;
	free(q);
	yajl_tree_free(id);
	yajl_tree_free(opts);
	return rc;
}

/* ---- events to a bundle ---- */

/* The events of fd (or of text, when fd < 0) through a reaqta2stix run
 * configured by c, written to s->sp.  0, or -1 after fail(). */
static int
run_events(struct shifter *s, const struct r2s_config *c, int fd,
    const char *text, const char *name)
{
	static unsigned char buf[65536];
	struct rs_error e, after;
	struct r2s r;
	int rc;

	if (r2s_open(&r, c, &s->sp, &e) < 0) {
		if (r.failed == R2S_MAP)
			fail(s, "mapping_error", e.status, "%s", e.msg);
		else if (r.failed == R2S_IDENTITY)
			fail(s, "invalid_parameter", e.status, "identity: %s",
			    e.msg);
		else
			fail(s, "unknown", e.status, "%s", e.msg);
		r2s_free(&r);
		return -1;
	}
	if (fd >= 0)
		rc = r2s_read(&r, fd, name, buf, sizeof(buf), NULL, &e);
	else
		rc = r2s_begin(&r, name, &e) < 0 ||
			r2s_feed(&r, (const unsigned char *)text, strlen(text),
			    &e) < 0 ||
			r2s_end(&r, &e) < 0
		    ? -1
		    : 0;
	if (r2s_close(&r, rc == 0 ? &e : &after) < 0 && rc == 0)
		rc = -1;
	r2s_free(&r);
	if (rc < 0)
		return fail(s,
		    e.status == EXIT_DATAERR ? "invalid_parameter" : "unknown",
		    e.status, "%s", e.msg);
	return 0;
}

/* The bundle of the events of fd (or text), written to s->sp. */
static int
make_bundle(struct shifter *s, const char *identity, const struct shopts *o,
    int fd, const char *text, const char *name)
{
	struct r2s_config c;

	memset(&c, 0, sizeof(c));
	if ((c.map = map_of(s, o, 1)) == NULL)
		return -1;
	c.identity = identity;
	c.identity_len = strlen(identity);
	c.out.v21 = o->v21;
	c.out.dedup = 1;
	c.out.now_fixed = s->fixed_now;
	c.out.now_ms = s->now_ms;
	c.unmapped = o->unmapped;
	return run_events(s, &c, fd, text, name);
}

/* The text of a JSON argument ("-": standard input), checked to be JSON;
 * malloc'd, or NULL after fail(). */
static char *
json_text(struct shifter *s, const char *arg, const char *what)
{
	char err[256], *text = arg_text(s, arg, what);
	yajl_val t;

	if (text == NULL)
		return NULL;
	if ((t = yajl_tree_parse(text, err, sizeof(err))) == NULL) {
		err[strcspn(err, "\n")] = '\0';
		fail(s, "invalid_parameter", EXIT_USAGE, "%s: not JSON: %s",
		    what, err);
		free(text);
		return NULL;
	}
	yajl_tree_free(t);
	return text;
}

int
cmd_translate_results(struct shifter *s, const char *identity, const char *data,
    const char *options)
{
	yajl_val opts = NULL;
	struct shopts o;
	char *id;
	int rc = -1;

	if ((id = json_text(s, identity, "identity")) == NULL)
		return -1;
	if ((options == NULL || (opts = json_arg(s, options, "options"))) &&
	    read_options(s, opts, &o) == 0) {
		if (strcmp(data, "-") == 0) {
			if (s->stdin_taken)
				fail(s, "invalid_parameter", EXIT_USAGE,
				    "data: standard input is taken by another "
				    "argument \"-\"");
			else
				rc = make_bundle(
				    s, id, &o, STDIN_FILENO, NULL, "data");
		} else {
			rc = make_bundle(s, id, &o, -1, data, "data");
		}
	}
	free(id);
	yajl_tree_free(opts);
	return rc;
}

/* ---- the Hunt API ---- */

struct conn {
	struct settings set;
	yajl_val connection, configuration;
};

static const char *
tree_str(yajl_val t, const char *a, const char *b)
{
	const char *path[] = {a, b, NULL};

	return YAJL_GET_STRING(yajl_tree_get(t, path, yajl_t_string));
}

/* The hunt-fetch settings of the connection and configuration, and the
 * options of connection.options in o. */
static int
connect_settings(struct shifter *s, struct conn *c, const char *connection,
    const char *configuration, struct shopts *o)
{
	const char *port_path[] = {"port", NULL},
		   *opt_path[] = {"options", NULL};
	yajl_val port;
	size_t i;

	memset(&c->set, 0, sizeof(c->set));
	c->set.port = 443;
	c->set.page_size = 500;
	c->set.max_event = 64 << 20;
	c->set.retries = 5;
	c->set.retry_delay = 1;
	c->set.connect_timeout = 10;
	c->set.timeout = 300;
	if ((c->connection = json_arg(s, connection, "connection")) == NULL ||
	    (c->configuration = json_arg(s, configuration, "configuration")) ==
		NULL)
		return -1;
	if (!YAJL_IS_OBJECT(c->connection))
		return fail(s, "invalid_parameter", EXIT_USAGE,
		    "connection: expected a JSON object");
	for (i = 0; i < c->connection->u.object.len; i++) {
		const char *k = c->connection->u.object.keys[i];

		if (strcmp(k, "host") != 0 && strcmp(k, "port") != 0 &&
		    strcmp(k, "selfSignedCert") != 0 &&
		    strcmp(k, "options") != 0 && strcmp(k, "sni") != 0 &&
		    strcmp(k, "help") != 0)
			return fail(s, "invalid_parameter", EXIT_USAGE,
			    "connection: unexpected parameter %s", k);
	}
	if ((c->set.host = tree_str(c->connection, "host", NULL)) == NULL ||
	    c->set.host[0] == '\0')
		return fail(s, "invalid_parameter", EXIT_USAGE,
		    "connection: no \"host\"");
	if ((port = yajl_tree_get(c->connection, port_path, yajl_t_any))) {
		if (!YAJL_IS_INTEGER(port) || YAJL_GET_INTEGER(port) < 1 ||
		    YAJL_GET_INTEGER(port) > 65535)
			return fail(s, "invalid_parameter", EXIT_USAGE,
			    "connection: port must be an integer from 1 to "
			    "65535");
		c->set.port = (unsigned)YAJL_GET_INTEGER(port);
	}
	c->set.cacert_pem = tree_str(c->connection, "selfSignedCert", NULL);
	if (read_options(
		s, yajl_tree_get(c->connection, opt_path, yajl_t_any), o) < 0)
		return -1;
	if (o->timeout > 0)
		c->set.timeout = o->timeout;
	c->set.app_id = tree_str(c->configuration, "auth", "app_id");
	c->set.secret_key = tree_str(c->configuration, "auth", "secret_key");
	if (c->set.app_id == NULL || c->set.secret_key == NULL)
		return fail(s, "invalid_parameter", EXIT_USAGE,
		    "configuration: expected {\"auth\": {\"app_id\": "
		    "\"...\", \"secret_key\": \"...\"}}");
	return 0;
}

static void
conn_free(struct conn *c)
{
	yajl_tree_free(c->connection);
	yajl_tree_free(c->configuration);
}

/* stix-shifter's code for a failure of hunt-fetch's client. */
static const char *
hunt_code(int status)
{
	switch (status) {
	case EXIT_NOPERM:
		return "authentication_fail";
	case EXIT_UNAVAILABLE:
	case EXIT_TEMPFAIL:
		return "service_unavailable";
	case EXIT_DATAERR:
		return "query_syntax_error";
	case EXIT_CONFIG:
	case EXIT_USAGE:
		return "invalid_parameter";
	default:
		return "unknown";
	}
}

/* A temporary file for events, already unlinked; -1 after fail(). */
static int
spool_file(struct shifter *s)
{
	FILE *f = tmpfile();
	int fd;

	if (f == NULL || (fd = dup(fileno(f))) < 0) {
		if (f != NULL)
			fclose(f);
		return fail(s, "unknown", EXIT_IOERR, "a temporary file: %s",
		    strerror(errno));
	}
	fclose(f);
	return fd;
}

/* Run query with the settings of c; the events go to a temporary file as
 * NDJSON, whose descriptor (at its start) is returned; -1 after fail(). */
static int
hunt(struct shifter *s, struct conn *c, const char *query)
{
	struct client cl;
	struct pager pg;
	struct outbuf out;
	struct rs_error e;
	int fd, rc;

	if ((fd = spool_file(s)) < 0)
		return -1;
	if (client_init(&cl, &c->set, &e) < 0) {
		fail(s, hunt_code(e.status), e.status, "%s", e.msg);
		close(fd);
		client_free(&cl);
		return -1;
	}
	outbuf_init(&out, fd);
	memset(&pg, 0, sizeof(pg));
	pg.client = &cl;
	pg.out = &out;
	memset(&e, 0, sizeof(e));
	rc = pager_run(&pg, query, strlen(query), 0, &e);
	client_free(&cl);
	if (rc == 0 && outbuf_flush(&out) < 0) {
		error_set(
		    &e, EXIT_IOERR, "a temporary file: %s", strerror(out.err));
		rc = -1;
	}
	if (rc == 0 && lseek(fd, 0, SEEK_SET) == 0)
		return fd;
	if (rc == 0)
		error_set(
		    &e, EXIT_IOERR, "a temporary file: %s", strerror(errno));
	fail(s, hunt_code(e.status), e.status, "%s", e.msg);
	close(fd);
	return -1;
}

/* transmit ... results: {"success": true, "data": [events]}, the events
 * enriched. */
static int
transmit_results(struct shifter *s, struct conn *c, const char *query,
    const char *offset, const char *length)
{
	struct r2s_config rc;
	struct rs_error e;
	unsigned long long off, len;
	int fd, ok;

	if (cli_number("offset", offset, 0, ~0ULL >> 1, &off, &e) < 0 ||
	    cli_number("length", length, 0, ~0ULL >> 1, &len, &e) < 0)
		return fail(s, "invalid_parameter", EXIT_USAGE, "%s", e.msg);
	c->set.offset = off;
	c->set.limit = len;
	c->set.limited = 1;
	if ((fd = hunt(s, c, query)) < 0)
		return -1;
	memset(&rc, 0, sizeof(rc));
	rc.enriched = &s->w;
	ok = jsonw_map_open(&s->w) == 0 &&
	    jsonw_cstring(&s->w, "success") == 0 && jsonw_bool(&s->w, 1) == 0 &&
	    jsonw_cstring(&s->w, "data") == 0 && jsonw_array_open(&s->w) == 0 &&
	    run_events(s, &rc, fd, NULL, "events") == 0 &&
	    jsonw_array_close(&s->w) == 0 && jsonw_map_close(&s->w) == 0 &&
	    jsonw_end(&s->w) == 0;
	close(fd);
	if (!ok)
		return fail(
		    s, "unknown", EXIT_IOERR, "cannot write the answer");
	return 0;
}

/* {"success": true[, key: value]} */
static int
success(struct shifter *s, const char *key, const char *value, int progress)
{
	if (jsonw_map_open(&s->w) < 0 || jsonw_cstring(&s->w, "success") < 0 ||
	    jsonw_bool(&s->w, 1) < 0 ||
	    (key != NULL &&
		(jsonw_cstring(&s->w, key) < 0 ||
		    jsonw_cstring(&s->w, value) < 0)) ||
	    (progress &&
		(jsonw_cstring(&s->w, "progress") < 0 ||
		    jsonw_number(&s->w, "100", 3) < 0)) ||
	    jsonw_map_close(&s->w) < 0 || jsonw_end(&s->w) < 0)
		return fail(
		    s, "unknown", EXIT_IOERR, "cannot write the answer");
	return 0;
}

static int
ping(struct shifter *s, struct conn *c)
{
	struct client cl;
	struct rs_error e;
	int rc;

	if (client_init(&cl, &c->set, &e) < 0 || client_login(&cl, &e) < 0)
		rc = fail(s, hunt_code(e.status), e.status, "%s", e.msg);
	else
		rc = success(s, NULL, NULL, 0);
	client_free(&cl);
	return rc;
}

/* One operation of transmit on the connection c. */
static int
operation(struct shifter *s, struct conn *c, int argc, char **argv)
{
	const char *what = argc > 0 ? argv[0] : "";

	if (strcmp(what, "ping") == 0 && argc == 1)
		return ping(s, c);
	if (strcmp(what, "results") == 0 && argc == 4)
		return transmit_results(s, c, argv[1], argv[2], argv[3]);
	if (strcmp(what, "query") == 0 && argc == 2)
		return success(s, "search_id", argv[1], 0);
	if (strcmp(what, "status") == 0 && argc == 2)
		return success(s, "status", "COMPLETED", 1);
	if (strcmp(what, "delete") == 0 && argc == 2)
		return success(s, NULL, NULL, 0);
	return fail(s, "invalid_parameter", EXIT_USAGE,
	    "transmit: expected ping, query QUERY, status SEARCH_ID, "
	    "results QUERY OFFSET LENGTH or delete SEARCH_ID");
}

int
cmd_transmit(struct shifter *s, const char *connection,
    const char *configuration, int argc, char **argv)
{
	struct conn c;
	struct shopts o;
	int rc = -1;

	memset(&c, 0, sizeof(c));
	if (connect_settings(s, &c, connection, configuration, &o) == 0)
		rc = operation(s, &c, argc, argv);
	conn_free(&c);
	return rc;
}

/* ---- execute ---- */

int
cmd_execute(struct shifter *s, const char *identity, const char *connection,
    const char *configuration, const char *pattern, unsigned long long results)
{
	struct conn c;
	struct shopts o;
	char *id = NULL, *q = NULL;
	int fd, rc = -1;

	memset(&c, 0, sizeof(c));
	if ((id = json_text(s, identity, "identity")) == NULL ||
	    connect_settings(s, &c, connection, configuration, &o) < 0 ||
	    to_hunq(s, pattern, &o, &q) < 0)
		goto out;
	if (results > 0 || o.limit > 0) {
		c.set.limited = 1;
		c.set.limit = results > 0 ? results : o.limit;
	}
	if ((fd = hunt(s, &c, q)) < 0)
		goto out;
	rc = make_bundle(s, id, &o, fd, NULL, "events");
	close(fd);
out:
	free(id);
	free(q);
	conn_free(&c);
	return rc;
}
