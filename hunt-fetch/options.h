/* SPDX-License-Identifier: Apache-2.0 */
/* hunt-fetch's command line. */
#ifndef OPTIONS_H
#define OPTIONS_H

#include <stddef.h>

struct settings {
	const char *host;          /* --host or REAQTA_HOST; NULL if neither */
	unsigned port;             /* --port, default 443 */
	const char *cacert;        /* --cacert FILE, or NULL */
	int insecure;              /* --insecure: no TLS verification */
	int allow_http;            /* --allow-http: plain HTTP */
	const char *credentials;   /* --credentials FILE, or NULL */
	unsigned page_size;        /* --page-size, 1..500 */
	unsigned long long offset; /* --offset: events skipped per query */
	unsigned long long limit;  /* --limit: events written per query */
	int limited;               /* --limit was given */
	size_t max_event;          /* --max-event-bytes */
	unsigned retries;          /* --retries: further tries of a request */
	double retry_delay;        /* --retry-delay: first backoff, seconds */
	double connect_timeout;    /* --connect-timeout, seconds */
	double timeout;            /* --timeout: one request, seconds */
	int progress;              /* --progress */
	int verbose;               /* -v */
	int ping;                  /* --ping */
	const char *query;         /* the QUERY operand; NULL: standard input */
};

/* Fill set from the command line and the environment; exits 64 with a
 * message on misuse, 0 after --help or --version. */
void settings_parse(struct settings *set, int argc, char **argv);

#endif
