/* SPDX-License-Identifier: Apache-2.0 */
/* The Hunt API client: credentials, the token, and requests retried on
 * the faults that pass. */
#ifndef CLIENT_H
#define CLIENT_H

#include "http.h"

struct settings;
struct rs_error;

/* The caller's side of one request, called for each attempt: begin before
 * it, sink with the body of a 200 response, end once that body is whole.
 * end returns 0 for a good answer, 1 for one to fetch again (e says why),
 * -1 to stop (e set). */
struct attempt {
	int (*begin)(void *ctx);
	http_sink *sink;
	int (*end)(void *ctx, struct rs_error *e);
	void *ctx;
};

struct client {
	const struct settings *set;
	struct http http;
	char *app_id, *secret; /* wiped when freed */
	double refresh_at;     /* monotonic time to authenticate again */
	int have_token;
	double expires_at;      /* the token's expiresAt, epoch seconds */
	unsigned long logins;   /* authentications made */
	unsigned long requests; /* HTTP requests made */
	unsigned rng;           /* for the jitter of backoffs */
};

/* Load the credentials (--credentials FILE, else the environment) and set
 * up the connection.  0, or -1 with e. */
int client_init(struct client *, const struct settings *, struct rs_error *e);
/* Authenticate, retrying as a request.  0, or -1 with e. */
int client_login(struct client *, struct rs_error *e);
/* POST body to pathq with a valid token, as attempts of at: retried on 429,
 * 5xx and transport faults, re-authenticated once on 401.  what names the
 * request in messages.  0, or -1 with e. */
int client_hunt(struct client *, const char *pathq, const char *body,
    size_t len, const struct attempt *at, const char *what, struct rs_error *e);
/* Release everything, wiping the secrets. */
void client_free(struct client *);

#endif
