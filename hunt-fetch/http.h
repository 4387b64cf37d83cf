/* SPDX-License-Identifier: Apache-2.0 */
/* HTTP requests to the Hunt API over one reused libcurl connection. */
#ifndef HTTP_H
#define HTTP_H

#include <curl/curl.h>
#include <stddef.h>

#include "strbuf.h"

struct settings;
struct rs_error;

/* Where the body of a 200 response goes, as it arrives; returns 0, or -1
 * to abort the transfer. */
typedef int http_sink(void *ctx, const char *data, size_t len);

struct http {
	CURL *curl;
	char base[300];            /* scheme://host:port */
	const char *where;         /* host:port, for messages */
	struct curl_slist *plain;  /* headers of every request */
	struct curl_slist *authed; /* the same plus Authorization */
	char *bearer;              /* the Authorization header we own */
	char errbuf[CURL_ERROR_SIZE];
	/* The response being received. */
	long status;
	char reason[128];   /* the status line's reason phrase */
	double retry_after; /* seconds; -1 when not given */
	struct strbuf body; /* a non-200 body, its first 64 KiB */
	http_sink *sink;
	void *sink_ctx;
	int aborted;   /* the sink aborted the transfer */
	long connects; /* connections opened so far */
};

/* Prepare a handle for the server of set.  0, or -1 with e. */
int http_init(struct http *, const struct settings *, struct rs_error *e);
/* Use token in the Authorization header of authed requests (copied). 0, or
 * -1 when out of memory. */
int http_token(struct http *, const char *token);
/* POST body (len bytes, not copied) to pathq ("/rqt-api/..."), with the
 * token when authed; a 200 body goes to sink.  Returns libcurl's code;
 * status, reason, retry_after and body describe the response. */
CURLcode http_post(struct http *, const char *pathq, const char *body,
    size_t len, int authed, http_sink *sink, void *ctx);
/* Release the handle, wiping the token. */
void http_free(struct http *);

#endif
