/* SPDX-License-Identifier: Apache-2.0 */
/* stix2hunq's command line: options, help and version. */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "error.h"
#include "exitcodes.h"
#include "options.h"

enum {
	OPT_JSON = 256,
	OPT_MAP,
	OPT_NOW,
	OPT_STIX_VERSION,
	OPT_STRICT,
	OPT_TIME_RANGE
};

static const char synopsis[] =
    "usage: stix2hunq [-hkqV] [-f file] [--json] [--map name|file]\n"
    "                 [--now timestamp] [--stix-version 2.0|2.1] [--strict]\n"
    "                 [--time-range minutes] [pattern | -]\n";

static const char help[] =
    "\n"
    "Translate STIX patterns into HunQ queries for the QRadar EDR (ReaQta)\n"
    "Hunt API: the pattern operand, or one pattern a line of a file or of\n"
    "standard input (blank lines and lines starting with '#' are skipped).\n"
    "\n"
    "  -f, --file FILE         read the patterns from FILE ('-': standard "
    "input)\n"
    "  -h, --help              print this help and exit\n"
    "      --json              print {\"queries\":[\"...\"]} for each "
    "pattern\n"
    "  -k, --keep-going        after a bad pattern, go on with the next "
    "line\n"
    "      --map NAME|FILE     the map: stix20, stix21, or a map file\n"
    "      --now TIMESTAMP     the end of the default window (default: the "
    "clock)\n"
    "  -q, --quiet             print no warnings\n"
    "      --stix-version V    2.0 or 2.1: that grammar and map (default: the "
    "2.1\n"
    "                          grammar with 2.0's START/STOP strings, map "
    "stix20)\n"
    "      --strict            refuse what HunQ can only approximate\n"
    "      --time-range MIN    minutes of the default window (default 5)\n"
    "  -V, --version           print the version and exit\n"
    "\n"
    "Exit status: 0 success; 64 usage error; 65 a pattern is invalid or "
    "cannot\n"
    "be translated; 66 FILE cannot be opened; 70 internal error; 74 read "
    "or\n"
    "write error; 78 the map is invalid.  See stix2hunq(1).\n";

static void usage(void) __attribute__((noreturn));

static void
usage(void)
{
	fputs(synopsis, stderr);
	exit(EXIT_USAGE);
}

/* Exit 0 once what stdio holds is written, else 74 with the reason. */
static void __attribute__((noreturn)) exit_flushed(void)
{
	struct rs_error e;

	if (cli_flush(&e) < 0)
		errx(e.status, "%s", e.msg);
	exit(0);
}

static long
minutes(const char *arg)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || v < 1 || v > 10000000)
		errx(EXIT_USAGE,
		    "--time-range: expected minutes from 1 to 10000000, "
		    "found '%s'",
		    arg);
	return v;
}

static int64_t
timestamp(const char *arg)
{
	struct rs_error e;
	int64_t ms;

	if (cli_timestamp("--now", arg, &ms, &e) < 0)
		errx(e.status, "%s", e.msg);
	return ms;
}

void
settings_parse(struct settings *set, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"file", required_argument, NULL, 'f'},
	    {"help", no_argument, NULL, 'h'},
	    {"json", no_argument, NULL, OPT_JSON},
	    {"keep-going", no_argument, NULL, 'k'},
	    {"map", required_argument, NULL, OPT_MAP},
	    {"now", required_argument, NULL, OPT_NOW},
	    {"quiet", no_argument, NULL, 'q'},
	    {"stix-version", required_argument, NULL, OPT_STIX_VERSION},
	    {"strict", no_argument, NULL, OPT_STRICT},
	    {"time-range", required_argument, NULL, OPT_TIME_RANGE},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	memset(set, 0, sizeof(*set));
	opterr = 0; /* our messages name the program without its path */
	set->opt.ver = STIX_DEFAULT;
	set->opt.time_range = 5;
	while ((c = getopt_long(argc, argv, ":f:hkqV", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			set->file = optarg;
			break;
		case 'h':
			fputs(synopsis, stdout);
			fputs(help, stdout);
			exit_flushed();
		case 'k':
			set->keep_going = 1;
			break;
		case 'q':
			set->quiet = 1;
			break;
		case 'V':
			puts("stix2hunq (" PACKAGE_NAME ") " PACKAGE_VERSION);
			exit_flushed();
		case OPT_JSON:
			set->json = 1;
			break;
		case OPT_MAP:
			set->map = optarg;
			break;
		case OPT_NOW:
			set->opt.now_ms = timestamp(optarg);
			set->opt.fixed_now = 1;
			break;
		case OPT_STIX_VERSION:
			if (strcmp(optarg, "2.0") == 0)
				set->opt.ver = STIX_20;
			else if (strcmp(optarg, "2.1") == 0)
				set->opt.ver = STIX_21;
			else
				errx(EXIT_USAGE,
				    "--stix-version: expected 2.0 or 2.1, "
				    "found '%s'",
				    optarg);
			break;
		case OPT_STRICT:
			set->opt.strict = 1;
			break;
		case OPT_TIME_RANGE:
			set->opt.time_range = minutes(optarg);
			break;
		default: {
			struct rs_error e;

			cli_misuse(c, optopt, argv[optind - 1], &e);
			warnx("%s", e.msg);
			usage();
		}
		}
	}
	if (argc - optind > 1 || (argc - optind == 1 && set->file != NULL)) {
		warnx("expected one pattern, or -f FILE, or neither");
		usage();
	}
	if (argc - optind == 1)
		set->pattern = argv[optind];
}
