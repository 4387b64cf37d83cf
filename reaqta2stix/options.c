/* SPDX-License-Identifier: Apache-2.0 */
/* reaqta2stix's command line: options, help and version. */
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
	OPT_DETERMINISTIC = 256,
	OPT_IDENTITY,
	OPT_MAP,
	OPT_NDJSON,
	OPT_NO_DEDUP,
	OPT_NOW,
	OPT_PRETTY,
	OPT_READ_SIZE,
	OPT_STIX_VERSION,
	OPT_UNMAPPED,
	IDENTITY_MAX = 1 << 20,
	READ_SIZE_MAX = 1 << 30
};

static const char synopsis[] =
    "usage: reaqta2stix [-hkqV] [--deterministic] [--identity json|@file]\n"
    "                   [--map name|file] [--ndjson] [--no-dedup]\n"
    "                   [--now timestamp] [--pretty] [--read-size bytes]\n"
    "                   [--stix-version 2.0|2.1] [--unmapped] [file ...]\n";

static const char help[] =
    "\n"
    "Translate QRadar EDR (ReaQta) events - NDJSON, a JSON array, or Hunt "
    "API\n"
    "pages - from the files or standard input into one STIX bundle, one\n"
    "observed-data per event, written as each event is read.\n"
    "\n"
    "      --deterministic     derive every id from the content (needs "
    "--now)\n"
    "  -h, --help              print this help and exit\n"
    "      --identity JSON     the identity object, or @FILE holding it\n"
    "                          (default: the reaqta identity of "
    "reaqta2stix(1))\n"
    "  -k, --keep-going        skip a malformed line and go on with the "
    "next\n"
    "      --map NAME|FILE     the map: stix20, stix21, readme-2022, or a "
    "map file\n"
    "      --ndjson            one object a line, no bundle around them\n"
    "      --no-dedup          2.1: write identical objects each time\n"
    "      --now TIMESTAMP     created and modified (default: the clock)\n"
    "      --pretty            indent the output\n"
    "  -q, --quiet             print no warnings\n"
    "      --read-size BYTES   read the input BYTES at a time (default "
    "65536)\n"
    "      --stix-version V    2.0 (default) or 2.1\n"
    "      --unmapped          keep unmapped event keys in an "
    "x-reaqta-unmapped\n"
    "                          object\n"
    "  -V, --version           print the version and exit\n"
    "\n"
    "Exit status: 0 success; 64 usage error; 65 malformed JSON in the "
    "input;\n"
    "66 a file cannot be opened; 70 internal error; 74 read or write "
    "error;\n"
    "78 the map is invalid.  See reaqta2stix(1).\n";

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

static int64_t
timestamp(const char *arg)
{
	struct rs_error e;
	int64_t ms;

	if (cli_timestamp("--now", arg, &ms, &e) < 0)
		errx(e.status, "%s", e.msg);
	return ms;
}

static size_t
read_size(const char *arg)
{
	struct rs_error e;
	unsigned long long v;

	if (cli_number("--read-size", arg, 1, READ_SIZE_MAX, &v, &e) < 0)
		errx(e.status, "%s", e.msg);
	return (size_t)v;
}

/* --identity: the JSON itself, or @FILE. */
static void
identity(struct settings *set, const char *arg)
{
	FILE *f;
	size_t n;

	free(set->identity);
	if (arg[0] != '@') {
		set->identity_len = strlen(arg);
		if ((set->identity = strdup(arg)) == NULL)
			errx(EXIT_SOFTWARE, "out of memory");
		return;
	}
	if ((f = fopen(arg + 1, "r")) == NULL)
		errx(EXIT_NOINPUT, "--identity: %s: %s", arg + 1,
		    strerror(errno));
	if ((set->identity = malloc(IDENTITY_MAX + 1)) == NULL)
		errx(EXIT_SOFTWARE, "out of memory");
	n = fread(set->identity, 1, IDENTITY_MAX + 1, f);
	if (ferror(f))
		errx(
		    EXIT_IOERR, "--identity: %s: %s", arg + 1, strerror(errno));
	if (n > IDENTITY_MAX)
		errx(EXIT_USAGE, "--identity: %s: larger than %d bytes",
		    arg + 1, IDENTITY_MAX);
	fclose(f);
	set->identity_len = n;
}

void
settings_parse(struct settings *set, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"deterministic", no_argument, NULL, OPT_DETERMINISTIC},
	    {"help", no_argument, NULL, 'h'},
	    {"identity", required_argument, NULL, OPT_IDENTITY},
	    {"keep-going", no_argument, NULL, 'k'},
	    {"map", required_argument, NULL, OPT_MAP},
	    {"ndjson", no_argument, NULL, OPT_NDJSON},
	    {"no-dedup", no_argument, NULL, OPT_NO_DEDUP},
	    {"now", required_argument, NULL, OPT_NOW},
	    {"pretty", no_argument, NULL, OPT_PRETTY},
	    {"quiet", no_argument, NULL, 'q'},
	    {"read-size", required_argument, NULL, OPT_READ_SIZE},
	    {"stix-version", required_argument, NULL, OPT_STIX_VERSION},
	    {"unmapped", no_argument, NULL, OPT_UNMAPPED},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	memset(set, 0, sizeof(*set));
	opterr = 0; /* our messages name the program without its path */
	set->out.dedup = 1;
	set->read_size = 65536;
	while ((c = getopt_long(argc, argv, ":hkqV", longopts, NULL)) != -1) {
		switch (c) {
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
			puts("reaqta2stix (" PACKAGE_NAME ") " PACKAGE_VERSION);
			exit_flushed();
		case OPT_DETERMINISTIC:
			set->out.deterministic = 1;
			break;
		case OPT_IDENTITY:
			identity(set, optarg);
			break;
		case OPT_MAP:
			set->map = optarg;
			break;
		case OPT_NDJSON:
			set->out.ndjson = 1;
			break;
		case OPT_NO_DEDUP:
			set->out.dedup = 0;
			break;
		case OPT_NOW:
			set->out.now_ms = timestamp(optarg);
			set->out.now_fixed = 1;
			break;
		case OPT_PRETTY:
			set->out.pretty = 1;
			break;
		case OPT_READ_SIZE:
			set->read_size = read_size(optarg);
			break;
		case OPT_STIX_VERSION:
			if (strcmp(optarg, "2.0") == 0)
				set->out.v21 = 0;
			else if (strcmp(optarg, "2.1") == 0)
				set->out.v21 = 1;
			else
				errx(EXIT_USAGE,
				    "--stix-version: expected 2.0 or 2.1, "
				    "found '%s'",
				    optarg);
			break;
		case OPT_UNMAPPED:
			set->unmapped = 1;
			break;
		default: {
			struct rs_error e;

			cli_misuse(c, optopt, argv[optind - 1], &e);
			warnx("%s", e.msg);
			usage();
		}
		}
	}
	if (set->out.deterministic && !set->out.now_fixed)
		errx(EXIT_USAGE,
		    "--deterministic needs --now: created and "
		    "modified would differ from run to run");
	if (set->out.ndjson && set->out.pretty)
		errx(EXIT_USAGE,
		    "--ndjson and --pretty exclude each other: "
		    "an indented object is not one line");
	set->files = argv + optind;
	set->nfiles = argc - optind;
}
