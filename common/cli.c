/* SPDX-License-Identifier: Apache-2.0 */
/* What the tools' command lines share. */
#include "config.h"

#include <sys/prctl.h>
#include <sys/resource.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "error.h"
#include "exitcodes.h"
#include "timestamp.h"

void
cli_misuse(int c, int optopt, const char *arg, struct rs_error *e)
{
	if (c == ':')
		error_set(e, EXIT_USAGE, "option '%s' needs an argument", arg);
	else if (optopt != 0)
		error_set(e, EXIT_USAGE, "unknown option '-%c'", optopt);
	else
		error_set(e, EXIT_USAGE, "unknown option '%s'", arg);
}

int
cli_timestamp(const char *opt, const char *arg, int64_t *ms, struct rs_error *e)
{
	struct ts t;
	const char *why;
	size_t bad;

	if (ts_parse(arg, strlen(arg), &t, &bad, &why) < 0) {
		error_set(e, EXIT_USAGE, "%s: '%s', column %zu: %s", opt, arg,
		    bad + 1, why);
		return -1;
	}
	*ms = ts_to_ms(&t);
	return 0;
}

int
cli_number(const char *opt, const char *arg, unsigned long long min,
    unsigned long long max, unsigned long long *v, struct rs_error *e)
{
	char *end;

	errno = 0;
	*v = strtoull(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || arg[0] == '-' ||
	    arg[0] == '+' || arg[0] == ' ' || *v < min || *v > max) {
		error_set(e, EXIT_USAGE,
		    "%s: expected a number from %llu to %llu, found '%s'", opt,
		    min, max, arg);
		return -1;
	}
	return 0;
}

int
cli_seconds(const char *opt, const char *arg, double min, double max, double *v,
    struct rs_error *e)
{
	char *end;

	errno = 0;
	*v = strtod(arg, &end);
	if (errno != 0 || end == arg || *end != '\0' || !isfinite(*v) ||
	    (arg[0] != '.' && (arg[0] < '0' || arg[0] > '9')) || *v < min ||
	    *v > max) {
		error_set(e, EXIT_USAGE,
		    "%s: expected seconds from %g to %g, found '%s'", opt, min,
		    max, arg);
		return -1;
	}
	return 0;
}

int
cli_flush(struct rs_error *e)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		error_set(e, EXIT_IOERR, "write error: %s", strerror(errno));
		return -1;
	}
	return 0;
}

void
cli_no_core_dumps(void)
{
	struct rlimit rl = {0, 0};

	setrlimit(RLIMIT_CORE, &rl);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}
