/* SPDX-License-Identifier: Apache-2.0 */
/* UTC timestamps: RFC 3339 "YYYY-MM-DDTHH:MM:SS[.f...]Z" text, and epoch
 * milliseconds. */
#ifndef TIMESTAMP_H
#define TIMESTAMP_H

#include <stddef.h>
#include <stdint.h>

/* Length of "YYYY-MM-DDTHH:MM:SS.mmmZ". */
enum {
	TS_MS_LEN = 24
};

struct ts {
	int year, mon, day, hour, min, sec; /* sec may be 60 (leap second) */
	const char *frac; /* the fraction digits as written, not copied */
	size_t nfrac;
};

/* Parse exactly len bytes as a UTC timestamp, years 0000-9999, checked
 * against the calendar.  0, or -1 with *bad the offset of the first wrong
 * byte and *why a static phrase ("month out of range"). */
int ts_parse(
    const char *s, size_t len, struct ts *t, size_t *bad, const char **why);
/* Compare two timestamps at full precision: <0, 0, >0. */
int ts_cmp(const struct ts *, const struct ts *);
/* Write t with exactly three fraction digits (truncated, never rounded,
 * padded with zeros) and a NUL into buf. */
void ts_format(const struct ts *t, char buf[TS_MS_LEN + 1]);
/* Milliseconds since 1970-01-01T00:00:00Z (fraction truncated). */
int64_t ts_to_ms(const struct ts *);
/* Write ms as "YYYY-MM-DDTHH:MM:SS.mmmZ" and a NUL into buf; 0, or -1 when
 * the year falls outside 0000-9999. */
int ts_format_ms(int64_t ms, char buf[TS_MS_LEN + 1]);
/* The current time in epoch milliseconds (truncated); 0, or -1. */
int ts_now_ms(int64_t *);

#endif
