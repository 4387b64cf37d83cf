/* SPDX-License-Identifier: Apache-2.0 */
/* HTTP requests to the Hunt API over one reused libcurl connection. */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "exitcodes.h"
#include "http.h"
#include "options.h"

enum {
	ERROR_BODY_MAX = 65536
};

static size_t
on_header(char *p, size_t size, size_t n, void *ctx)
{
	struct http *h = ctx;
	size_t len = size * n, k;
	char *end;
	double v;

	if (len > 5 && memcmp(p, "HTTP/", 5) == 0) {
		/* A new response: forget the headers of an earlier one. */
		h->retry_after = -1;
		h->reason[0] = '\0';
		for (k = 5; k < len && p[k] != ' '; k++)
			;
		for (k++; k < len && p[k] != ' '; k++)
			;
		if (k < len) {
			size_t m = len - k - 1;

			while (m > 0 && isspace((unsigned char)p[k + m]))
				m--;
			if (m >= sizeof(h->reason))
				m = sizeof(h->reason) - 1;
			memcpy(h->reason, p + k + 1, m);
			h->reason[m] = '\0';
		}
		return len;
	}
	if (len > 12 && strncasecmp(p, "retry-after:", 12) == 0) {
		char val[128];

		for (k = 12; k < len && (p[k] == ' ' || p[k] == '\t'); k++)
			;
		n = len - k;
		while (n > 0 && isspace((unsigned char)p[k + n - 1]))
			n--;
		if (n == 0 || n >= sizeof(val))
			return len;
		memcpy(val, p + k, n);
		val[n] = '\0';
		if (isdigit((unsigned char)val[0])) {
			v = strtod(val, &end);
			if (*end == '\0' && v >= 0)
				h->retry_after = v;
		} else {
			time_t t = curl_getdate(val, NULL);

			if (t != -1)
				h->retry_after = t > time(NULL)
				    ? difftime(t, time(NULL))
				    : 0;
		}
	}
	return len;
}

static size_t
on_body(char *p, size_t size, size_t n, void *ctx)
{
	struct http *h = ctx;
	size_t len = size * n;

	if (h->status == 0)
		curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &h->status);
	if (h->status == 200 && h->sink != NULL) {
		if (h->sink(h->sink_ctx, p, len) < 0) {
			h->aborted = 1;
			return 0;
		}
		return len;
	}
	if (h->body.len < ERROR_BODY_MAX)
		sb_add(&h->body, p,
		    len < ERROR_BODY_MAX - h->body.len
			? len
			: ERROR_BODY_MAX - h->body.len);
	return len;
}

int
http_init(struct http *h, const struct settings *set, struct rs_error *e)
{
	static const char *const common[] = {"Content-Type: application/json",
	    "Accept: application/json", "Expect:"};
	CURL *c;
	int v6 = strchr(set->host, ':') != NULL && set->host[0] != '[';
	size_t i;

	memset(h, 0, sizeof(*h));
	sb_init(&h->body);
	h->retry_after = -1;
	snprintf(h->base, sizeof(h->base), "%s://%s%s%s:%u",
	    set->allow_http ? "http" : "https", v6 ? "[" : "", set->host,
	    v6 ? "]" : "", set->port);
	h->where = strstr(h->base, "://") + 3;
	if ((h->curl = c = curl_easy_init()) == NULL)
		goto oom;
	for (i = 0; i < sizeof(common) / sizeof(common[0]); i++)
		if ((h->plain = curl_slist_append(h->plain, common[i])) == NULL)
			goto oom;
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, h->errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "hunt-fetch/" PACKAGE_VERSION);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(
	    c, CURLOPT_PROTOCOLS_STR, set->allow_http ? "http" : "https");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS,
	    set->allow_http ? CURLPROTO_HTTP : CURLPROTO_HTTPS);
#endif
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(
	    c, CURLOPT_CONNECTTIMEOUT_MS, (long)(set->connect_timeout * 1000));
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)(set->timeout * 1000));
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, h);
	curl_easy_setopt(c, CURLOPT_POST, 1L);
	if (set->cacert != NULL &&
	    curl_easy_setopt(c, CURLOPT_CAINFO, set->cacert) != CURLE_OK)
		goto oom;
	if (set->cacert_pem != NULL) {
#if LIBCURL_VERSION_NUM >= 0x074d00
		/* CURL_BLOB_COPY: libcurl copies it and never writes here. */
		struct curl_blob blob = {(void *)(uintptr_t)set->cacert_pem,
		    strlen(set->cacert_pem), CURL_BLOB_COPY};

		if (curl_easy_setopt(c, CURLOPT_CAINFO_BLOB, &blob) !=
		    CURLE_OK) {
			error_set(e, EXIT_SOFTWARE,
			    "libcurl cannot take certificates as text");
			return -1;
		}
#else
		error_set(e, EXIT_SOFTWARE,
		    "certificates as text need libcurl 7.77 or later");
		return -1;
#endif
	}
	if (set->insecure) {
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	return 0;
oom:
	error_set(e, EXIT_SOFTWARE, "out of memory");
	return -1;
}

/* Free a header list, wiping it first: one of its lines holds the token. */
static void
slist_wipe(struct curl_slist *l)
{
	struct curl_slist *s;

	for (s = l; s != NULL; s = s->next)
		explicit_bzero(s->data, strlen(s->data));
	curl_slist_free_all(l);
}

int
http_token(struct http *h, const char *token)
{
	static const char prefix[] = "Authorization: Bearer ";
	struct curl_slist *l, *s;
	size_t n = strlen(token);
	char *b;

	if ((b = malloc(sizeof(prefix) + n)) == NULL)
		return -1;
	memcpy(b, prefix, sizeof(prefix) - 1);
	memcpy(b + sizeof(prefix) - 1, token, n + 1);
	l = NULL;
	for (s = h->plain; s != NULL; s = s->next)
		if ((l = curl_slist_append(l, s->data)) == NULL)
			goto fail;
	if ((s = curl_slist_append(l, b)) == NULL)
		goto fail;
	l = s;
	slist_wipe(h->authed);
	h->authed = l;
	if (h->bearer != NULL) {
		explicit_bzero(h->bearer, strlen(h->bearer));
		free(h->bearer);
	}
	h->bearer = b;
	return 0;
fail:
	curl_slist_free_all(l);
	explicit_bzero(b, strlen(b));
	free(b);
	return -1;
}

CURLcode
http_post(struct http *h, const char *pathq, const char *body, size_t len,
    int authed, http_sink *sink, void *ctx)
{
	char url[sizeof(h->base) + 8192];
	CURLcode rc;
	long n = 0;

	if (snprintf(url, sizeof(url), "%s%s", h->base, pathq) >=
	    (int)sizeof(url))
		return CURLE_URL_MALFORMAT;
	h->status = 0;
	h->reason[0] = '\0';
	h->retry_after = -1;
	h->aborted = 0;
	h->errbuf[0] = '\0';
	sb_reset(&h->body);
	h->sink = sink;
	h->sink_ctx = ctx;
	curl_easy_setopt(h->curl, CURLOPT_URL, url);
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER,
	    authed && h->authed != NULL ? h->authed : h->plain);
	curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h->curl, CURLOPT_POSTFIELDSIZE, (long)len);
	rc = curl_easy_perform(h->curl);
	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &h->status);
	if (curl_easy_getinfo(h->curl, CURLINFO_NUM_CONNECTS, &n) == CURLE_OK)
		h->connects += n;
	/* The body (a secret, for authentication) is not the handle's. */
	curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, NULL);
	if (h->errbuf[0] == '\0' && rc != CURLE_OK)
		snprintf(
		    h->errbuf, sizeof(h->errbuf), "%s", curl_easy_strerror(rc));
	return rc;
}

void
http_free(struct http *h)
{
	if (h->curl != NULL)
		curl_easy_cleanup(h->curl);
	curl_slist_free_all(h->plain);
	slist_wipe(h->authed);
	if (h->bearer != NULL) {
		explicit_bzero(h->bearer, strlen(h->bearer));
		free(h->bearer);
	}
	sb_free(&h->body);
}
