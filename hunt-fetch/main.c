/* SPDX-License-Identifier: Apache-2.0 */
/* hunt-fetch: run HunQ queries against the Hunt API, events out as NDJSON. */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "client.h"
#include "error.h"
#include "exitcodes.h"
#include "linein.h"
#include "options.h"
#include "outbuf.h"
#include "pager.h"
#include "progress.h"
#include "timestamp.h"

enum {
	QUERY_MAX = 1 << 20
};

/* 0 once what stdio holds is written, else 74 with the reason. */
static int
flushed(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		warnx("write error: %s", strerror(errno));
		return EXIT_IOERR;
	}
	return 0;
}

static int
ping(struct client *c)
{
	struct rs_error e;
	char when[TS_MS_LEN + 1];

	if (client_login(c, &e) < 0) {
		say("%s", e.msg);
		return e.status;
	}
	if (ts_format_ms((int64_t)(c->expires_at * 1000), when) < 0)
		snprintf(when, sizeof(when), "%.3f", c->expires_at);
	printf("authenticated to %s; the token is valid until %s\n",
	    c->http.where, when);
	return 0;
}

/* The queries of standard input, one a line; blank lines are skipped. */
static int
queries(struct pager *pg)
{
	struct linein in;
	struct rs_error e;
	const char *line;
	size_t len, i;
	int rc, status = 0;

	if (linein_init(&in, STDIN_FILENO, QUERY_MAX) < 0)
		errx(EXIT_SOFTWARE, "out of memory");
	while ((rc = linein_next(&in, pg->out, &line, &len)) != 0) {
		if (rc < 0 && in.toolong) {
			say("line %lu: longer than %d bytes", in.lineno,
			    QUERY_MAX);
			status = EXIT_DATAERR;
			continue;
		}
		if (rc < 0) {
			if (pg->out->err == 0)
				say("standard input: %s", strerror(in.err));
			status = EXIT_IOERR;
			break;
		}
		if (len > 0 && line[len - 1] == '\r')
			len--;
		for (i = 0; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
			;
		if (i == len)
			continue;
		memset(&e, 0, sizeof(e));
		if (pager_run(pg, line, len, in.lineno, &e) == 0)
			continue;
		if (e.status == EXIT_IOERR && pg->out->err == EPIPE)
			break; /* the reader left: end as a filter does */
		say("%s", e.msg);
		status = e.status;
		if (e.status != EXIT_DATAERR)
			break;
	}
	linein_free(&in);
	return status;
}

int
main(int argc, char **argv)
{
	struct settings set;
	struct client c;
	struct outbuf out;
	struct pager pg;
	struct rs_error e;
	int status = 0, rc;

	switch (settings_parse(&set, argc, argv, &e)) {
	case SETTINGS_MISUSE:
		warnx("%s", e.msg);
		fputs(settings_synopsis, stderr);
		return e.status;
	case SETTINGS_BAD:
		warnx("%s", e.msg);
		return e.status;
	case SETTINGS_HELP:
		fputs(settings_synopsis, stdout);
		fputs(settings_help, stdout);
		return flushed();
	case SETTINGS_VERSION:
		puts("hunt-fetch (" PACKAGE_NAME ") " PACKAGE_VERSION);
		return flushed();
	default:
		break;
	}
	cli_no_core_dumps();
	if (set.host == NULL)
		errx(EXIT_CONFIG,
		    "no server: give --host HOST or set "
		    "REAQTA_HOST");
	if (set.cacert != NULL && access(set.cacert, R_OK) < 0)
		errx(EXIT_NOINPUT, "--cacert: %s: %s", set.cacert,
		    strerror(errno));
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		errx(EXIT_SOFTWARE, "libcurl cannot start");
	if (client_init(&c, &set, &e) < 0)
		errx(e.status, "%s", e.msg);
	if (set.insecure)
		say("warning: --insecure: the server's certificate is not "
		    "verified");
	if (set.ping) {
		status = ping(&c);
		goto out;
	}
	progress_start(set.progress || isatty(STDERR_FILENO));
	outbuf_init(&out, STDOUT_FILENO);
	memset(&pg, 0, sizeof(pg));
	pg.client = &c;
	pg.out = &out;
	if (set.query != NULL) {
		memset(&e, 0, sizeof(e));
		if (pager_run(&pg, set.query, strlen(set.query), 0, &e) < 0 &&
		    !(e.status == EXIT_IOERR && out.err == EPIPE)) {
			say("%s", e.msg);
			status = e.status;
		}
	} else
		status = queries(&pg);
	progress_end();
	if (outbuf_flush(&out) < 0 && out.err != EPIPE && status == 0) {
		say("write error: %s", strerror(out.err));
		status = EXIT_IOERR;
	}
	if (set.verbose)
		say("%llu events, %lu pages, %lu requests, %lu "
		    "authentications, %ld connections",
		    pg.events, pg.pages, c.requests, c.logins, c.http.connects);
	if (out.err == EPIPE) {
		client_free(&c);
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
	}
out:
	client_free(&c);
	curl_global_cleanup();
	rc = flushed();
	return status != 0 ? status : rc;
}
