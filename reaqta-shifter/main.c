/* SPDX-License-Identifier: Apache-2.0 */
/* reaqta-shifter: stix-shifter's command lines for the reaqta connector,
 * on the code of stix2hunq, hunt-fetch and reaqta2stix. */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "cli.h"
#include "exitcodes.h"
#include "pyjson.h"
#include "shifter.h"

static const char synopsis[] =
    "usage: reaqta-shifter [--compact] [--now timestamp] translate reaqta "
    "query\n"
    "           identity pattern [options]\n"
    "       reaqta-shifter [--compact] [--now timestamp] translate reaqta "
    "results\n"
    "           identity data [options]\n"
    "       reaqta-shifter [--compact] transmit reaqta connection "
    "configuration\n"
    "           ping | results query offset length | query query |\n"
    "           status search_id | delete search_id\n"
    "       reaqta-shifter [--compact] [--now timestamp] execute reaqta "
    "reaqta\n"
    "           identity connection configuration pattern [-r count]\n"
    "       reaqta-shifter -h | -V\n";

static const char help[] =
    "\n"
    "stix-shifter's command lines for the reaqta connector: STIX patterns "
    "to HunQ,\n"
    "the Hunt API, events to STIX; the JSON stix-shifter prints.  A JSON "
    "argument\n"
    "\"-\" is read from standard input (one of them).\n"
    "\n"
    "      --compact           print the JSON on one line (default: "
    "indented as\n"
    "                          stix-shifter prints it)\n"
    "  -d, --debug             accepted, as stix-shifter's; warnings always "
    "go to\n"
    "                          standard error\n"
    "  -h, --help              print this help and exit\n"
    "      --now TIMESTAMP     the clock for default time windows and "
    "created\n"
    "  -r, --results COUNT     execute: at most COUNT events (default: all)\n"
    "  -V, --version           print the version and exit\n"
    "  -x, --stix-validator    accepted, as stix-shifter's (a no-op there "
    "too)\n"
    "\n"
    "Options (translate's last argument, execute's connection.options): "
    "stix_2.1,\n"
    "time_range, result_limit, timeout, unmapped_fallback, mapping,\n"
    "validate_pattern (and language, dialects, batch_size, stix_validator).\n"
    "\n"
    "Errors: {\"success\": false, \"code\": ..., \"error\": ...} on standard "
    "output,\n"
    "the message on standard error.  Exit status: 0 success; 64 usage error "
    "or a\n"
    "bad argument; 65 the pattern or the data cannot be translated, or the "
    "server\n"
    "refused the query; 69 the server refused the request; 70 internal "
    "error; 74\n"
    "read or write error; 75 a temporary failure outlasted the retries; 76 "
    "the\n"
    "server's answer makes no sense; 77 authentication refused; 78 the "
    "mapping is\n"
    "invalid.  See reaqta-shifter(1).\n";

static void
usage(const char *why)
{
	if (why != NULL)
		warnx("%s", why);
	fputs(synopsis, stderr);
	exit(EXIT_USAGE);
}

/* Is module the reaqta connector ("reaqta", "reaqta:dialect")? */
static int
reaqta(const char *module)
{
	return strcmp(module, "reaqta") == 0 ||
	    strncmp(module, "reaqta:", 7) == 0;
}

/* Write the spooled answer, or the error envelope, to standard output;
 * the exit status. */
static int
answer(struct shifter *s)
{
	struct outbuf out, filt;
	struct pyjson pj;
	struct jsonw w;
	char buf[65536];
	ssize_t n;
	int fd = s->spool != NULL ? fileno(s->spool) : -1;

	outbuf_init(&out, STDOUT_FILENO);
	pyjson_init(&pj, &out, s->compact);
	outbuf_init_sink(&filt, pyjson_feed, &pj);
	if (s->code == NULL && outbuf_flush(&s->sp) < 0)
		fail(s, "unknown", EXIT_IOERR, "a temporary file: %s",
		    strerror(s->sp.err));
	if (s->code == NULL && lseek(fd, 0, SEEK_SET) != 0)
		fail(s, "unknown", EXIT_IOERR, "a temporary file: %s",
		    strerror(errno));
	while (s->code == NULL) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			fail(s, "unknown", EXIT_IOERR, "a temporary file: %s",
			    strerror(errno));
		if (n <= 0)
			break;
		outbuf_write(&filt, buf, (size_t)n);
	}
	if (s->code != NULL) {
		warnx("%s", s->e.msg);
		if (jsonw_init(&w, &filt, 0) < 0)
			errx(EXIT_SOFTWARE, "out of memory");
		/* A write error stays in filt. */
		(void)(jsonw_map_open(&w) < 0 ||
		    jsonw_cstring(&w, "success") < 0 || jsonw_bool(&w, 0) < 0 ||
		    jsonw_cstring(&w, "code") < 0 ||
		    jsonw_cstring(&w, s->code) < 0 ||
		    jsonw_cstring(&w, "error") < 0 ||
		    jsonw_cstring(&w, s->e.msg) < 0 ||
		    jsonw_map_close(&w) < 0 || jsonw_end(&w) < 0);
		jsonw_free(&w);
	}
	if ((outbuf_flush(&filt) < 0 || outbuf_flush(&out) < 0) &&
	    (filt.err != 0 || out.err != 0)) {
		warnx("write error: %s",
		    strerror(out.err != 0 ? out.err : filt.err));
		return EXIT_IOERR;
	}
	return s->code != NULL ? s->e.status : 0;
}

int
main(int argc, char **argv)
{
	struct shifter s;
	struct rs_error e;
	char *args[16];
	const char *module;
	enum {
		QUERY,
		RESULTS,
		TRANSMIT,
		EXECUTE
	} cmd = QUERY;
	unsigned long long results = 0;
	int n = 0, i, status, dashdash = 0;

	memset(&s, 0, sizeof(s));
	/* The options may stand anywhere, as argparse lets them. */
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (dashdash || a[0] != '-' || a[1] == '\0') {
			if (n == 16)
				usage("too many arguments");
			args[n++] = argv[i];
		} else if (strcmp(a, "--") == 0) {
			dashdash = 1;
		} else if (strcmp(a, "--compact") == 0) {
			s.compact = 1;
		} else if (strcmp(a, "-d") == 0 || strcmp(a, "--debug") == 0 ||
		    strcmp(a, "-x") == 0 ||
		    strcmp(a, "--stix-validator") == 0) {
			continue;
		} else if (strcmp(a, "--now") == 0 && i + 1 < argc) {
			if (cli_timestamp("--now", argv[++i], &s.now_ms, &e) <
			    0)
				usage(e.msg);
			s.fixed_now = 1;
		} else if ((strcmp(a, "-r") == 0 ||
			       strcmp(a, "--results") == 0) &&
		    i + 1 < argc) {
			if (cli_number(
				a, argv[++i], 1, ~0ULL >> 1, &results, &e) < 0)
				usage(e.msg);
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(synopsis, stdout);
			fputs(help, stdout);
			return cli_flush(&e) < 0 ? EXIT_IOERR : 0;
		} else if (strcmp(a, "-V") == 0 ||
		    strcmp(a, "--version") == 0) {
			puts("reaqta-shifter (" PACKAGE_NAME
			     ") " PACKAGE_VERSION);
			return cli_flush(&e) < 0 ? EXIT_IOERR : 0;
		} else {
			warnx("unknown option %s", a);
			usage(NULL);
		}
	}
	if (n < 2)
		usage(n == 0 ? "a command is needed" : "a module is needed");
	cli_no_core_dumps();
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		errx(EXIT_SOFTWARE, "libcurl cannot start");
	if ((s.spool = tmpfile()) == NULL)
		errx(EXIT_IOERR, "a temporary file: %s", strerror(errno));
	outbuf_init(&s.sp, fileno(s.spool));
	if (jsonw_init(&s.w, &s.sp, JSONW_UTF8) < 0)
		errx(EXIT_SOFTWARE, "out of memory");
	if (strcmp(args[0], "translate") == 0 && n >= 5 && n <= 7 &&
	    strcmp(args[2], "query") == 0)
		cmd = QUERY;
	else if (strcmp(args[0], "translate") == 0 && (n == 5 || n == 6) &&
	    strcmp(args[2], "results") == 0)
		cmd = RESULTS;
	else if (strcmp(args[0], "transmit") == 0 && n >= 5)
		cmd = TRANSMIT;
	else if (strcmp(args[0], "execute") == 0 && n == 7)
		cmd = EXECUTE;
	else
		usage("expected translate, transmit or execute with their "
		      "arguments");
	/* execute names two modules, the others one. */
	module = cmd == EXECUTE && reaqta(args[1]) ? args[2] : args[1];
	if (!reaqta(module))
		fail(&s, "invalid_parameter", EXIT_USAGE,
		    "%s: no such module (reaqta-shifter knows reaqta)", module);
	else if (cmd == QUERY)
		cmd_translate_query(
		    &s, args[3], args[4], n > 5 ? args[5] : NULL);
	else if (cmd == RESULTS)
		cmd_translate_results(
		    &s, args[3], args[4], n > 5 ? args[5] : NULL);
	else if (cmd == TRANSMIT)
		cmd_transmit(&s, args[2], args[3], n - 4, args + 4);
	else
		cmd_execute(&s, args[3], args[4], args[5], args[6], results);
	status = answer(&s);
	jsonw_free(&s.w);
	fclose(s.spool);
	if (s.mapfile != NULL) {
		unlink(s.mapfile);
		free(s.mapfile);
	}
	curl_global_cleanup();
	return status;
}
