/* SPDX-License-Identifier: Apache-2.0 */
/* The Hunt API client: credentials, the token, and requests retried on
 * the faults that pass. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <yajl/yajl_tree.h>

#include "client.h"
#include "error.h"
#include "exitcodes.h"
#include "options.h"
#include "progress.h"

enum {
	CRED_MAX = 65536,
	BACKOFF_MAX = 60 /* seconds */
};

/* Outcomes of one attempt. */
enum {
	DONE,
	AGAIN,
	REAUTH,
	STOP
};

static void
wipe_free(char *s)
{
	if (s != NULL) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

static const char *
tree_string(yajl_val root, const char **path)
{
	yajl_val v = yajl_tree_get(root, path, yajl_t_string);

	return v != NULL ? YAJL_GET_STRING(v) : NULL;
}

/* --credentials FILE: stix-shifter's configuration JSON. */
static int
cred_file(struct client *c, const char *file, struct rs_error *e)
{
	static const char *id_path[] = {"auth", "app_id", NULL};
	static const char *key_path[] = {"auth", "secret_key", NULL};
	char err[200], *buf;
	struct stat st;
	yajl_val root;
	ssize_t n;
	size_t len = 0;
	int fd;

	if ((fd = open(file, O_RDONLY)) < 0 || fstat(fd, &st) < 0) {
		error_set(e, EXIT_NOINPUT, "%s: %s", file, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (st.st_mode & (S_IRGRP | S_IROTH))
		say("warning: %s: readable by others; chmod 600 it", file);
	if ((buf = malloc(CRED_MAX + 1)) == NULL) {
		close(fd);
		error_set(e, EXIT_SOFTWARE, "out of memory");
		return -1;
	}
	while (len <= CRED_MAX &&
	    (n = read(fd, buf + len, CRED_MAX + 1 - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error_set(
			    e, EXIT_IOERR, "%s: %s", file, strerror(errno));
			goto out;
		}
		len += (size_t)n;
	}
	if (len > CRED_MAX) {
		error_set(
		    e, EXIT_CONFIG, "%s: larger than %d bytes", file, CRED_MAX);
		goto out;
	}
	buf[len] = '\0';
	if ((root = yajl_tree_parse(buf, err, sizeof(err))) == NULL) {
		err[strcspn(err, "\n")] = '\0';
		error_set(e, EXIT_CONFIG, "%s: not JSON: %s", file, err);
		goto out;
	}
	if (tree_string(root, id_path) == NULL ||
	    tree_string(root, key_path) == NULL)
		error_set(e, EXIT_CONFIG,
		    "%s: expected {\"auth\": {\"app_id\": \"...\", "
		    "\"secret_key\": \"...\"}}",
		    file);
	else if ((c->app_id = strdup(tree_string(root, id_path))) == NULL ||
	    (c->secret = strdup(tree_string(root, key_path))) == NULL)
		error_set(e, EXIT_SOFTWARE, "out of memory");
	yajl_tree_free(root);
out:
	explicit_bzero(buf, len);
	free(buf);
	close(fd);
	return e->status != 0 ? -1 : 0;
}

int
client_init(struct client *c, const struct settings *set, struct rs_error *e)
{
	const char *id, *key;

	memset(c, 0, sizeof(*c));
	memset(e, 0, sizeof(*e));
	c->set = set;
	c->rng =
	    (unsigned)time(NULL) ^ ((unsigned)getpid() << 16) ^ 0x9e3779b9u;
	if (set->app_id != NULL && set->secret_key != NULL) {
		if ((c->app_id = strdup(set->app_id)) == NULL ||
		    (c->secret = strdup(set->secret_key)) == NULL) {
			error_set(e, EXIT_SOFTWARE, "out of memory");
			return -1;
		}
	} else if (set->credentials != NULL) {
		if (cred_file(c, set->credentials, e) < 0)
			return -1;
	} else {
		id = getenv("REAQTA_APP_ID");
		key = getenv("REAQTA_SECRET_KEY");
		if (id == NULL || key == NULL || id[0] == '\0' ||
		    key[0] == '\0') {
			error_set(e, EXIT_CONFIG,
			    "no credentials: set REAQTA_APP_ID and "
			    "REAQTA_SECRET_KEY, or give --credentials FILE");
			return -1;
		}
		if ((c->app_id = strdup(id)) == NULL ||
		    (c->secret = strdup(key)) == NULL) {
			error_set(e, EXIT_SOFTWARE, "out of memory");
			return -1;
		}
	}
	return http_init(&c->http, set, e);
}

/* The JSON string of s, quotes included, into out (NULL: just count). */
static size_t
json_quote(const char *s, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;
	unsigned char ch;

#define PUT(x)                                                                 \
	do {                                                                   \
		if (out != NULL)                                               \
			out[n] = (x);                                          \
		n++;                                                           \
	} while (0)
	PUT('"');
	for (; (ch = (unsigned char)*s) != '\0'; s++) {
		if (ch == '"' || ch == '\\') {
			PUT('\\');
			PUT((char)ch);
		} else if (ch < 0x20) {
			PUT('\\');
			PUT('u');
			PUT('0');
			PUT('0');
			PUT(hex[ch >> 4]);
			PUT(hex[ch & 15]);
		} else
			PUT((char)ch);
	}
	PUT('"');
#undef PUT
	return n;
}

/* What the server said in an error body: message or messages, then
 * details; otherwise the status line's reason. */
static void
server_says(struct http *h, char *out, size_t size)
{
	static const char *msg_path[] = {"message", NULL};
	static const char *msgs_path[] = {"messages", NULL};
	static const char *det_path[] = {"details", NULL};
	yajl_val root = NULL, v;
	const char *m = NULL, *d = NULL;
	size_t i, n;
	char *p;

	if (h->body.len > 0 && !h->body.oom)
		root = yajl_tree_parse(h->body.buf, NULL, 0);
	n = (size_t)snprintf(out, size, "HTTP %ld", h->status);
	if (h->reason[0] != '\0' && n < size)
		n += (size_t)snprintf(out + n, size - n, " (%s)", h->reason);
	if (root != NULL) {
		m = tree_string(root, msg_path);
		d = tree_string(root, det_path);
		if (m == NULL &&
		    (v = yajl_tree_get(root, msgs_path, yajl_t_any)) != NULL) {
			if (YAJL_IS_STRING(v))
				m = YAJL_GET_STRING(v);
			else if (YAJL_IS_ARRAY(v))
				for (i = 0; i < v->u.array.len; i++) {
					yajl_val s = v->u.array.values[i];

					if (YAJL_IS_STRING(s) && n < size)
						n += (size_t)snprintf(out + n,
						    size - n, "%s%s",
						    i == 0 ? ": " : "; ",
						    YAJL_GET_STRING(s));
				}
		}
	}
	if (m != NULL && n < size)
		n += (size_t)snprintf(out + n, size - n, ": %s", m);
	if (d != NULL && n < size)
		snprintf(out + n, size - n, "; %s", d);
	if (root != NULL)
		yajl_tree_free(root);
	/* One line: no control characters from the server. */
	for (p = out; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
}

static int
retryable_status(long status)
{
	return status == 429 || status == 500 || status == 502 ||
	    status == 503 || status == 504;
}

static int
retryable_transport(const struct http *h, CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
		return 1;
	case CURLE_SSL_CONNECT_ERROR:
		/* A reset during the handshake passes; a refused one not. */
		return strstr(h->errbuf, "reset") != NULL ||
		    strstr(h->errbuf, "SYSCALL") != NULL ||
		    strstr(h->errbuf, "unexpected eof") != NULL;
	default:
		return 0;
	}
}

/* A transport failure that retrying will not mend. */
static void
transport_error(
    struct client *c, CURLcode rc, const char *what, struct rs_error *e)
{
	const char *hint = "";

	if (rc == CURLE_PEER_FAILED_VERIFICATION && c->set->cacert == NULL)
		hint = " (give the server's CA with --cacert FILE)";
	error_set(e, EXIT_UNAVAILABLE, "%s: %s: %s%s%s", what, c->http.where,
	    rc == CURLE_PEER_FAILED_VERIFICATION ||
		    rc == CURLE_SSL_CONNECT_ERROR ||
		    rc == CURLE_SSL_CACERT_BADFILE
		? "TLS: "
		: "",
	    c->http.errbuf, hint);
}

static double
backoff(struct client *c, unsigned attempt)
{
	double d = c->set->retry_delay *
	    ldexp(1.0, (int)(attempt < 30 ? attempt : 30));

	if (d > BACKOFF_MAX)
		d = BACKOFF_MAX;
	c->rng ^= c->rng << 13;
	c->rng ^= c->rng >> 17;
	c->rng ^= c->rng << 5;
	/* Full jitter in the upper half: never sooner than half the step. */
	return d * (0.5 + 0.5 * (c->rng % 10000) / 10000.0);
}

static void
pause_for(double s)
{
	struct timespec ts;

	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* One request with its retries.  login says it is the authentication
 * (its 4xx refuse the credentials; no token is sent). */
static int request(struct client *c, const char *pathq, const char *body,
    size_t len, const struct attempt *at, const char *what, int login,
    struct rs_error *e);

static int
login_end(void *ctx, struct rs_error *e)
{
	static const char *tok_path[] = {"token", NULL};
	static const char *exp_path[] = {"expiresAt", NULL};
	struct client *c = ctx;
	struct http *h = &c->http;
	yajl_val root, v;
	const char *tok;
	double life, margin;
	struct timespec now;
	int rc = -1;

	if (h->body.oom ||
	    (root = yajl_tree_parse(
		 h->body.buf != NULL ? h->body.buf : "", NULL, 0)) == NULL) {
		error_set(
		    e, EXIT_PROTOCOL, "authentication: the answer is not JSON");
		goto out;
	}
	tok = tree_string(root, tok_path);
	v = yajl_tree_get(root, exp_path, yajl_t_number);
	if (tok == NULL || tok[0] == '\0' ||
	    strcspn(tok, "\r\n") != strlen(tok))
		error_set(e, EXIT_PROTOCOL,
		    "authentication: the answer has no token");
	else if (v == NULL)
		error_set(e, EXIT_PROTOCOL,
		    "authentication: the answer has no expiresAt");
	else if (http_token(h, tok) < 0)
		error_set(e, EXIT_SOFTWARE, "out of memory");
	else {
		c->expires_at = YAJL_GET_DOUBLE(v);
		clock_gettime(CLOCK_REALTIME, &now);
		life = c->expires_at - ((double)now.tv_sec + now.tv_nsec / 1e9);
		margin = life / 3 < 60 ? life / 3 : 60;
		if (life <= 0) {
			/* A clock apart from the server's: rely on the 401. */
			say("warning: the token's expiresAt is in the past "
			    "(is the clock right?)");
			c->refresh_at = INFINITY;
		} else
			c->refresh_at = now_mono() + life - margin;
		c->have_token = 1;
		c->logins++;
		rc = 0;
	}
	yajl_tree_free(root);
out:
	explicit_bzero(h->body.buf, h->body.len);
	return rc;
}

static int
login_sink(void *ctx, const char *p, size_t n)
{
	struct client *c = ctx;

	if (c->http.body.len + n > 65536)
		return -1;
	sb_add(&c->http.body, p, n);
	return c->http.body.oom ? -1 : 0;
}

static int
login_begin(void *ctx)
{
	(void)ctx;
	return 0;
}

int
client_login(struct client *c, struct rs_error *e)
{
	const struct attempt at = {login_begin, login_sink, login_end, c};
	size_t n = json_quote(c->app_id, NULL) + json_quote(c->secret, NULL);
	char *body;
	size_t len;
	int rc;

	if ((body = malloc(n + 32)) == NULL) {
		error_set(e, EXIT_SOFTWARE, "out of memory");
		return -1;
	}
	memcpy(body, "{\"id\":", 6);
	len = 6 + json_quote(c->app_id, body + 6);
	memcpy(body + len, ",\"secret\":", 10);
	len += 10;
	len += json_quote(c->secret, body + len);
	body[len++] = '}';
	c->have_token = 0;
	rc = request(c, "/rqt-api/1/authenticate", body, len, &at,
	    "authentication", 1, e);
	explicit_bzero(body, len);
	free(body);
	return rc;
}

/* One try: DONE, AGAIN (e says why), REAUTH or STOP (e set). */
static int
attempt_once(struct client *c, const char *pathq, const char *body, size_t len,
    const struct attempt *at, const char *what, int login, struct rs_error *e)
{
	struct http *h = &c->http;
	char says[400];
	CURLcode rc;
	int r;

	if (at->begin(at->ctx) < 0) {
		error_set(e, EXIT_SOFTWARE, "out of memory");
		return STOP;
	}
	rc = http_post(h, pathq, body, len, !login, at->sink, at->ctx);
	c->requests++;
	if (c->set->verbose) {
		if (h->status != 0)
			say("POST %s -> %ld", pathq, h->status);
		else
			say("POST %s -> %s", pathq, h->errbuf);
	}
	if (rc == CURLE_WRITE_ERROR && h->aborted) {
		r = at->end(at->ctx, e);
		return r == 0 ? DONE : r == 1 ? AGAIN : STOP;
	}
	if (rc != CURLE_OK) {
		if (!retryable_transport(h, rc)) {
			transport_error(c, rc, what, e);
			return STOP;
		}
		error_set(e, EXIT_TEMPFAIL, "%s: %s", h->where, h->errbuf);
		return AGAIN;
	}
	if (h->status == 200) {
		r = at->end(at->ctx, e);
		return r == 0 ? DONE : r == 1 ? AGAIN : STOP;
	}
	server_says(h, says, sizeof(says));
	if (retryable_status(h->status)) {
		error_set(e, EXIT_TEMPFAIL, "%s", says);
		return AGAIN;
	}
	if (login && h->status >= 400 && h->status < 500) {
		error_set(e, EXIT_NOPERM, "authentication refused by %s: %s",
		    h->where, says);
		return STOP;
	}
	if (h->status == 401)
		return REAUTH;
	if (h->status == 403)
		error_set(e, EXIT_NOPERM, "%s: refused: %s", what, says);
	else if (h->status == 422)
		error_set(e, EXIT_DATAERR, "%s: rejected by the server: %s",
		    what, says);
	else
		error_set(e, EXIT_UNAVAILABLE, "%s: refused: %s", what, says);
	return STOP;
}

static int
request(struct client *c, const char *pathq, const char *body, size_t len,
    const struct attempt *at, const char *what, int login, struct rs_error *e)
{
	unsigned tries = 0;
	int reauthed = 0, r;
	double wait;

	for (;;) {
		if (!login && (!c->have_token || now_mono() >= c->refresh_at) &&
		    client_login(c, e) < 0)
			return -1;
		r = attempt_once(c, pathq, body, len, at, what, login, e);
		if (r == DONE)
			return 0;
		if (r == STOP)
			return -1;
		if (r == REAUTH) {
			if (reauthed) {
				error_set(e, EXIT_NOPERM,
				    "%s: the server refuses a fresh token "
				    "(HTTP 401)",
				    what);
				return -1;
			}
			/* The token expired early or was revoked. */
			reauthed = 1;
			c->have_token = 0;
			continue;
		}
		if (tries == c->set->retries) {
			char last[sizeof(e->msg)];

			memcpy(last, e->msg, sizeof(last));
			if (tries == 0)
				error_set(
				    e, EXIT_TEMPFAIL, "%s: %s", what, last);
			else
				error_set(e, EXIT_TEMPFAIL,
				    "%s: %s; gave up after %u %s", what, last,
				    tries, tries == 1 ? "retry" : "retries");
			return -1;
		}
		wait = c->http.retry_after >= 0 ? c->http.retry_after
						: backoff(c, tries);
		tries++;
		if (c->set->verbose)
			say("%s: %s; retry %u of %u in %.3g s", what, e->msg,
			    tries, c->set->retries, wait);
		pause_for(wait);
		memset(e, 0, sizeof(*e));
	}
}

int
client_hunt(struct client *c, const char *pathq, const char *body, size_t len,
    const struct attempt *at, const char *what, struct rs_error *e)
{
	return request(c, pathq, body, len, at, what, 0, e);
}

void
client_free(struct client *c)
{
	wipe_free(c->app_id);
	wipe_free(c->secret);
	http_free(&c->http);
}
