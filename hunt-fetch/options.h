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
	/* For front ends (reaqta-shifter), not set by the command line: */
	const char *app_id, *secret_key; /* the credentials themselves */
	const char *cacert_pem;          /* trusted certificates, PEM text */
};

struct rs_error;

/* What settings_parse found. */
enum {
	SETTINGS_MISUSE = -2, /* e says what; the synopsis should follow */
	SETTINGS_BAD = -1,    /* e says what */
	SETTINGS_RUN = 0,
	SETTINGS_HELP,   /* -h: print the synopsis and the help */
	SETTINGS_VERSION /* -V */
};

/* The usage line(s), and the text of --help that follows them. */
extern const char settings_synopsis[], settings_help[];

/* Fill set from the environment and the command line; one of the values
 * above, e set for the negative ones (status EXIT_USAGE). */
int settings_parse(
    struct settings *set, int argc, char **argv, struct rs_error *e);

#endif
