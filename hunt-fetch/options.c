/* SPDX-License-Identifier: Apache-2.0 */
/* hunt-fetch's command line: options, help and version. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "error.h"
#include "exitcodes.h"
#include "options.h"

enum {
	OPT_ALLOW_HTTP = 256,
	OPT_CACERT,
	OPT_CONNECT_TIMEOUT,
	OPT_CREDENTIALS,
	OPT_HOST,
	OPT_INSECURE,
	OPT_LIMIT,
	OPT_MAX_EVENT_BYTES,
	OPT_OFFSET,
	OPT_PAGE_SIZE,
	OPT_PING,
	OPT_PORT,
	OPT_PROGRESS,
	OPT_RETRIES,
	OPT_RETRY_DELAY,
	OPT_TIMEOUT
};

const char settings_synopsis[] =
    "usage: hunt-fetch [-hvV] [--allow-http] [--cacert file]\n"
    "                  [--connect-timeout seconds] [--credentials file]\n"
    "                  [--host host] [--insecure] [--limit n]\n"
    "                  [--max-event-bytes bytes] [--offset n]\n"
    "                  [--page-size n] [--ping] [--port port] [--progress]\n"
    "                  [--retries n] [--retry-delay seconds]\n"
    "                  [--timeout seconds] [query]\n";

const char settings_help[] =
    "\n"
    "Run HunQ queries - the operand, or one per line of standard input - "
    "against\n"
    "the QRadar EDR (ReaQta) Hunt API and write the events found as NDJSON,\n"
    "each as soon as it arrives.\n"
    "\n"
    "      --allow-http           talk plain HTTP instead of HTTPS\n"
    "      --cacert FILE          trust the CA certificates in FILE (PEM;\n"
    "                             default: $REAQTA_CACERT)\n"
    "      --connect-timeout SEC  give up a connection attempt after SEC\n"
    "                             (default 10)\n"
    "      --credentials FILE     app id and secret key from FILE (JSON)\n"
    "  -h, --help                 print this help and exit\n"
    "      --host HOST            the server (default: $REAQTA_HOST)\n"
    "      --insecure             do not verify the server's certificate\n"
    "      --limit N              write at most N events of each query\n"
    "      --max-event-bytes N    refuse an event of more than N bytes as\n"
    "                             received (default 67108864)\n"
    "      --offset N             skip the first N events of each query\n"
    "      --page-size N          events per request, 1 to 500 (default "
    "500)\n"
    "      --ping                 authenticate, report, and exit\n"
    "      --port PORT            the server's port (default: $REAQTA_PORT,\n"
    "                             else 443)\n"
    "      --progress             show events, pages and rate on stderr\n"
    "      --retries N            retry a failed request N times (default "
    "5)\n"
    "      --retry-delay SEC      first wait between tries, doubled each "
    "time\n"
    "                             (default 1)\n"
    "      --timeout SEC          give up a request after SEC (default "
    "300)\n"
    "  -v, --verbose              log each request and its status on "
    "stderr\n"
    "  -V, --version              print the version and exit\n"
    "\n"
    "Credentials: REAQTA_APP_ID and REAQTA_SECRET_KEY, or --credentials.\n"
    "\n"
    "Exit status: 0 success; 64 usage error; 65 a query was rejected; 66 a "
    "file\n"
    "cannot be opened; 69 the server refused a request or TLS failed; 70 "
    "internal\n"
    "error; 74 read or write error; 75 retries ran out; 76 the server's "
    "answer\n"
    "makes no sense; 77 authentication refused; 78 host or credentials "
    "missing.\n"
    "See hunt-fetch(1).\n";

/* A host name, an IPv4 address or an IPv6 address (bare or in brackets);
 * a URL is refused with a hint, since the scheme and port are options. */
static int
host(const char *opt, const char *arg, struct rs_error *e)
{
	size_t n = strlen(arg);

	if (strstr(arg, "://") != NULL) {
		error_set(e, EXIT_USAGE,
		    "%s: expected a host name, found the URL '%s' (use "
		    "--port and --allow-http for the rest)",
		    opt, arg);
		return -1;
	}
	if (strchr(arg, ':') != NULL && strchr(arg, ':') == strrchr(arg, ':')) {
		error_set(e, EXIT_USAGE,
		    "%s: '%s': give the port with --port (or REAQTA_PORT)", opt,
		    arg);
		return -1;
	}
	if (n == 0 || n > 253 || strcspn(arg, " \t\r\n/?#@\\\"") != n) {
		error_set(e, EXIT_USAGE,
		    "%s: '%s' is not a host name or address", opt, arg);
		return -1;
	}
	return 0;
}

/* The environment's defaults, before the options. */
static int
environment(struct settings *set, struct rs_error *e)
{
	unsigned long long v;
	const char *env;

	if ((env = getenv("REAQTA_HOST")) != NULL && env[0] != '\0') {
		if (host("REAQTA_HOST", env, e) < 0)
			return -1;
		set->host = env;
	}
	if ((env = getenv("REAQTA_PORT")) != NULL && env[0] != '\0') {
		if (cli_number("REAQTA_PORT", env, 1, 65535, &v, e) < 0)
			return -1;
		set->port = (unsigned)v;
	}
	if ((env = getenv("REAQTA_CACERT")) != NULL && env[0] != '\0')
		set->cacert = env;
	return 0;
}

/* One option with its argument.  0, or -1 with e. */
static int
option(struct settings *set, int c, const char *arg, struct rs_error *e)
{
	unsigned long long v = 0;
	double d = 0;
	int rc = 0;

	switch (c) {
	case OPT_CONNECT_TIMEOUT:
		rc = cli_seconds("--connect-timeout", arg, 0.001, 86400, &d, e);
		set->connect_timeout = d;
		break;
	case OPT_HOST:
		rc = host("--host", arg, e);
		set->host = arg;
		break;
	case OPT_LIMIT:
		rc = cli_number("--limit", arg, 0, UINT64_MAX, &v, e);
		set->limit = v;
		set->limited = 1;
		break;
	case OPT_MAX_EVENT_BYTES:
		rc = cli_number("--max-event-bytes", arg, 2, 1ULL << 30, &v, e);
		set->max_event = (size_t)v;
		break;
	case OPT_OFFSET:
		rc = cli_number("--offset", arg, 0, UINT64_MAX, &v, e);
		set->offset = v;
		break;
	case OPT_PAGE_SIZE:
		rc = cli_number("--page-size", arg, 1, 500, &v, e);
		set->page_size = (unsigned)v;
		break;
	case OPT_PORT:
		rc = cli_number("--port", arg, 1, 65535, &v, e);
		set->port = (unsigned)v;
		break;
	case OPT_RETRIES:
		rc = cli_number("--retries", arg, 0, 100, &v, e);
		set->retries = (unsigned)v;
		break;
	case OPT_RETRY_DELAY:
		rc = cli_seconds("--retry-delay", arg, 0, 86400, &d, e);
		set->retry_delay = d;
		break;
	case OPT_TIMEOUT:
		rc = cli_seconds("--timeout", arg, 0.001, 86400, &d, e);
		set->timeout = d;
		break;
	default:
		break;
	}
	return rc;
}

int
settings_parse(struct settings *set, int argc, char **argv, struct rs_error *e)
{
	static const struct option longopts[] = {
	    {"allow-http", no_argument, NULL, OPT_ALLOW_HTTP},
	    {"cacert", required_argument, NULL, OPT_CACERT},
	    {"connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT},
	    {"credentials", required_argument, NULL, OPT_CREDENTIALS},
	    {"help", no_argument, NULL, 'h'},
	    {"host", required_argument, NULL, OPT_HOST},
	    {"insecure", no_argument, NULL, OPT_INSECURE},
	    {"limit", required_argument, NULL, OPT_LIMIT},
	    {"max-event-bytes", required_argument, NULL, OPT_MAX_EVENT_BYTES},
	    {"offset", required_argument, NULL, OPT_OFFSET},
	    {"page-size", required_argument, NULL, OPT_PAGE_SIZE},
	    {"ping", no_argument, NULL, OPT_PING},
	    {"port", required_argument, NULL, OPT_PORT},
	    {"progress", no_argument, NULL, OPT_PROGRESS},
	    {"retries", required_argument, NULL, OPT_RETRIES},
	    {"retry-delay", required_argument, NULL, OPT_RETRY_DELAY},
	    {"timeout", required_argument, NULL, OPT_TIMEOUT},
	    {"verbose", no_argument, NULL, 'v'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	int c, cacert_opt = 0;

	memset(set, 0, sizeof(*set));
	memset(e, 0, sizeof(*e));
	opterr = 0; /* our messages name the program without its path */
	set->port = 443;
	set->page_size = 500;
	set->max_event = 64 << 20;
	set->retries = 5;
	set->retry_delay = 1;
	set->connect_timeout = 10;
	set->timeout = 300;
	if (environment(set, e) < 0)
		return SETTINGS_BAD;
	while ((c = getopt_long(argc, argv, ":hvV", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			return SETTINGS_HELP;
		case 'V':
			return SETTINGS_VERSION;
		case 'v':
			set->verbose = 1;
			break;
		case OPT_ALLOW_HTTP:
			set->allow_http = 1;
			break;
		case OPT_CACERT:
			set->cacert = optarg;
			cacert_opt = 1;
			break;
		case OPT_CREDENTIALS:
			set->credentials = optarg;
			break;
		case OPT_INSECURE:
			set->insecure = 1;
			break;
		case OPT_PING:
			set->ping = 1;
			break;
		case OPT_PROGRESS:
			set->progress = 1;
			break;
		case ':':
		case '?':
			cli_misuse(c, optopt, argv[optind - 1], e);
			return SETTINGS_MISUSE;
		default:
			if (option(set, c, optarg, e) < 0)
				return SETTINGS_BAD;
		}
	}
	if (argc - optind > 1) {
		error_set(e, EXIT_USAGE,
		    "one query operand at most, found %d (give several on "
		    "standard input, one per line)",
		    argc - optind);
		return SETTINGS_MISUSE;
	}
	if (argc - optind == 1 && set->ping) {
		error_set(e, EXIT_USAGE, "--ping takes no query");
		return SETTINGS_BAD;
	}
	if (argc - optind == 1 && strcmp(argv[optind], "-") != 0)
		set->query = argv[optind];
	if (set->insecure && cacert_opt) {
		error_set(e, EXIT_USAGE,
		    "--insecure and --cacert exclude each other");
		return SETTINGS_BAD;
	}
	if (set->allow_http && (set->insecure || cacert_opt)) {
		error_set(e, EXIT_USAGE,
		    "--allow-http has no TLS to configure: drop --insecure "
		    "and --cacert");
		return SETTINGS_BAD;
	}
	/* $REAQTA_CACERT yields to --insecure and --allow-http. */
	if ((set->insecure || set->allow_http) && !cacert_opt)
		set->cacert = NULL;
	return SETTINGS_RUN;
}
