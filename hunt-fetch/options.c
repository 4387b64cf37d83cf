/* SPDX-License-Identifier: Apache-2.0 */
/* hunt-fetch's command line: options, help and version. */
#include "config.h"

#include <err.h>
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

static const char synopsis[] =
    "usage: hunt-fetch [-hvV] [--allow-http] [--cacert file]\n"
    "                  [--connect-timeout seconds] [--credentials file]\n"
    "                  [--host host] [--insecure] [--limit n]\n"
    "                  [--max-event-bytes bytes] [--offset n]\n"
    "                  [--page-size n] [--ping] [--port port] [--progress]\n"
    "                  [--retries n] [--retry-delay seconds]\n"
    "                  [--timeout seconds] [query]\n";

static const char help[] =
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
    "      --max-event-bytes N    refuse an event larger than N bytes\n"
    "                             (default 67108864)\n"
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

static void usage(void) __attribute__((noreturn));

static void
usage(void)
{
	fputs(synopsis, stderr);
	exit(EXIT_USAGE);
}

static void __attribute__((noreturn)) exit_flushed(void)
{
	struct rs_error e;

	if (cli_flush(&e) < 0)
		errx(e.status, "%s", e.msg);
	exit(0);
}

static unsigned long long
number(const char *opt, const char *arg, unsigned long long min,
    unsigned long long max)
{
	struct rs_error e;
	unsigned long long v;

	if (cli_number(opt, arg, min, max, &v, &e) < 0)
		errx(e.status, "%s", e.msg);
	return v;
}

static double
seconds(const char *opt, const char *arg, double min)
{
	struct rs_error e;
	double v;

	if (cli_seconds(opt, arg, min, 86400, &v, &e) < 0)
		errx(e.status, "%s", e.msg);
	return v;
}

/* A host name, an IPv4 address or an IPv6 address (bare or in brackets);
 * a URL is refused with a hint, since the scheme and port are options. */
static const char *
host(const char *opt, const char *arg)
{
	size_t n = strlen(arg);

	if (strstr(arg, "://") != NULL)
		errx(EXIT_USAGE,
		    "%s: expected a host name, found the URL '%s' (use "
		    "--port and --allow-http for the rest)",
		    opt, arg);
	if (n == 0 || n > 253 || strcspn(arg, " \t\r\n/?#@\\\"") != n)
		errx(EXIT_USAGE, "%s: '%s' is not a host name or address", opt,
		    arg);
	return arg;
}

void
settings_parse(struct settings *set, int argc, char **argv)
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
	const char *env;
	int c, cacert_opt = 0;

	memset(set, 0, sizeof(*set));
	opterr = 0; /* our messages name the program without its path */
	set->port = 443;
	set->page_size = 500;
	set->max_event = 64 << 20;
	set->retries = 5;
	set->retry_delay = 1;
	set->connect_timeout = 10;
	set->timeout = 300;
	if ((env = getenv("REAQTA_HOST")) != NULL && env[0] != '\0')
		set->host = host("REAQTA_HOST", env);
	if ((env = getenv("REAQTA_PORT")) != NULL && env[0] != '\0')
		set->port = (unsigned)number("REAQTA_PORT", env, 1, 65535);
	if ((env = getenv("REAQTA_CACERT")) != NULL && env[0] != '\0')
		set->cacert = env;
	while ((c = getopt_long(argc, argv, ":hvV", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(synopsis, stdout);
			fputs(help, stdout);
			exit_flushed();
		case 'v':
			set->verbose = 1;
			break;
		case 'V':
			puts("hunt-fetch (" PACKAGE_NAME ") " PACKAGE_VERSION);
			exit_flushed();
		case OPT_ALLOW_HTTP:
			set->allow_http = 1;
			break;
		case OPT_CACERT:
			set->cacert = optarg;
			cacert_opt = 1;
			break;
		case OPT_CONNECT_TIMEOUT:
			set->connect_timeout =
			    seconds("--connect-timeout", optarg, 0.001);
			break;
		case OPT_CREDENTIALS:
			set->credentials = optarg;
			break;
		case OPT_HOST:
			set->host = host("--host", optarg);
			break;
		case OPT_INSECURE:
			set->insecure = 1;
			break;
		case OPT_LIMIT:
			set->limit = number("--limit", optarg, 0, UINT64_MAX);
			set->limited = 1;
			break;
		case OPT_MAX_EVENT_BYTES:
			set->max_event = (size_t)number(
			    "--max-event-bytes", optarg, 2, 1ULL << 30);
			break;
		case OPT_OFFSET:
			set->offset = number("--offset", optarg, 0, UINT64_MAX);
			break;
		case OPT_PAGE_SIZE:
			set->page_size =
			    (unsigned)number("--page-size", optarg, 1, 500);
			break;
		case OPT_PING:
			set->ping = 1;
			break;
		case OPT_PORT:
			set->port =
			    (unsigned)number("--port", optarg, 1, 65535);
			break;
		case OPT_PROGRESS:
			set->progress = 1;
			break;
		case OPT_RETRIES:
			set->retries =
			    (unsigned)number("--retries", optarg, 0, 100);
			break;
		case OPT_RETRY_DELAY:
			set->retry_delay = seconds("--retry-delay", optarg, 0);
			break;
		case OPT_TIMEOUT:
			set->timeout = seconds("--timeout", optarg, 0.001);
			break;
		default: {
			struct rs_error e;

			cli_misuse(c, optopt, argv[optind - 1], &e);
			warnx("%s", e.msg);
			usage();
		}
		}
	}
	if (argc - optind > 1) {
		warnx("one query operand at most, found %d (give several on "
		      "standard input, one per line)",
		    argc - optind);
		usage();
	}
	if (argc - optind == 1) {
		if (set->ping)
			errx(EXIT_USAGE, "--ping takes no query");
		if (strcmp(argv[optind], "-") != 0)
			set->query = argv[optind];
	}
	if (set->insecure && cacert_opt)
		errx(EXIT_USAGE, "--insecure and --cacert exclude each other");
	if (set->allow_http && (set->insecure || cacert_opt))
		errx(EXIT_USAGE,
		    "--allow-http has no TLS to configure: drop "
		    "--insecure and --cacert");
	/* $REAQTA_CACERT yields to --insecure and --allow-http. */
	if (set->insecure || set->allow_http)
		set->cacert = cacert_opt ? set->cacert : NULL;
}
