/* SPDX-License-Identifier: Apache-2.0 */
/* The exit statuses of every reaqta-stix tool, one table (sysexits names). */
#ifndef EXITCODES_H
#define EXITCODES_H

enum {
	EXIT_USAGE = 64,       /* the command line is wrong */
	EXIT_DATAERR = 65,     /* the input data is wrong */
	EXIT_NOINPUT = 66,     /* an input file cannot be opened */
	EXIT_UNAVAILABLE = 69, /* the service refused the request */
	EXIT_SOFTWARE = 70,    /* internal error (out of memory included) */
	EXIT_IOERR = 74,       /* reading or writing failed */
	EXIT_TEMPFAIL = 75,    /* a temporary failure outlasted the retries */
	EXIT_PROTOCOL = 76,    /* the server's answer makes no sense */
	EXIT_NOPERM = 77,      /* permission or authentication refused */
	EXIT_CONFIG = 78 /* the configuration (a map, a setting) is wrong */
};

#endif
