/* SPDX-License-Identifier: Apache-2.0 */
/* What the tools' command lines share, as messages for them to print. */
#ifndef CLI_H
#define CLI_H

#include <stdint.h>

struct rs_error;

/* The message for what getopt_long refused: c is ':' (an argument is
 * missing) or '?'; optopt and arg (argv[optind - 1]) as getopt left them.
 * The status is EXIT_USAGE. */
void cli_misuse(int c, int optopt, const char *arg, struct rs_error *e);
/* The timestamp arg of option opt in epoch milliseconds; 0, or -1 with e
 * (EXIT_USAGE, the column of the first wrong byte). */
int cli_timestamp(
    const char *opt, const char *arg, int64_t *ms, struct rs_error *e);
/* The unsigned decimal arg of option opt, from min to max; 0, or -1 with e
 * (EXIT_USAGE) naming the range and what was found. */
int cli_number(const char *opt, const char *arg, unsigned long long min,
    unsigned long long max, unsigned long long *v, struct rs_error *e);
/* The decimal number of seconds arg of option opt (fractions allowed),
 * from min to max; 0, or -1 with e (EXIT_USAGE). */
int cli_seconds(const char *opt, const char *arg, double min, double max,
    double *v, struct rs_error *e);
/* Keep the process out of core dumps (it may hold a secret key). */
void cli_no_core_dumps(void);
/* Write out what stdio holds for standard output; 0, or -1 with e
 * (EXIT_IOERR). */
int cli_flush(struct rs_error *e);

#endif
