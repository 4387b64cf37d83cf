/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of common/timestamp.c. */
#include "config.h"

#include <string.h>

#include "tap.h"
#include "timestamp.h"

static void
good(const char *in, const char *norm, long long ms)
{
	struct ts t;
	char buf[TS_MS_LEN + 1];
	const char *why = "";
	size_t bad = 0;

	if (!ok(ts_parse(in, strlen(in), &t, &bad, &why) == 0, "parse %s",
		in)) {
		printf("# at %zu: %s\n", bad, why);
		return;
	}
	ts_format(&t, buf);
	ok(strcmp(buf, norm) == 0, "format %s = %s (%s)", in, norm, buf);
	ok(ts_to_ms(&t) == ms, "%s = %lld ms (%lld)", in, ms,
	    (long long)ts_to_ms(&t));
}

static void
bad(const char *in, size_t at, const char *why_want)
{
	struct ts t;
	const char *why = "";
	size_t off = 0;
	int rc = ts_parse(in, strlen(in), &t, &off, &why);

	ok(rc < 0 && off == at && strcmp(why, why_want) == 0,
	    "reject %s at %zu: %s (%s at %zu)", in, at, why_want, why, off);
}

static void
round_trip(long long ms, const char *text)
{
	char buf[TS_MS_LEN + 1];

	ok(ts_format_ms(ms, buf) == 0 && strcmp(buf, text) == 0,
	    "%lld ms = %s (%s)", ms, text, buf);
}

int
main(void)
{
	struct ts a, b;
	const char *why;
	size_t off;
	char buf[TS_MS_LEN + 1];

	good("1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000Z", 0);
	good("2022-04-06T00:05:00.1Z", "2022-04-06T00:05:00.100Z",
	    1649203500100LL);
	good("2024-05-01T12:00:00.987654Z", "2024-05-01T12:00:00.987Z",
	    1714564800987LL);
	good("2024-02-29T23:59:59.999Z", "2024-02-29T23:59:59.999Z",
	    1709251199999LL);
	good(
	    "2000-02-29T00:00:00Z", "2000-02-29T00:00:00.000Z", 951782400000LL);
	good("1969-12-31T23:59:59.5Z", "1969-12-31T23:59:59.500Z", -500);
	good("0000-01-01T00:00:00Z", "0000-01-01T00:00:00.000Z",
	    -62167219200000LL);
	good("9999-12-31T23:59:60Z", "9999-12-31T23:59:60.000Z",
	    253402300800000LL);
	bad("2023-02-29T00:00:00Z", 8, "day out of range for the month");
	bad("1900-02-29T00:00:00Z", 8, "day out of range for the month");
	bad("2022-13-01T00:00:00Z", 5, "month out of range");
	bad("2022-00-01T00:00:00Z", 5, "month out of range");
	bad("2022-04-31T00:00:00Z", 8, "day out of range for the month");
	bad("2022-04-06T24:00:00Z", 11, "hour out of range");
	bad("2022-04-06T00:60:00Z", 14, "minute out of range");
	bad("2022-04-06T00:00:61Z", 17, "second out of range");
	bad("2022-04-06t00:00:00Z", 10, "expected 'T'");
	bad("2022-04-06T00:00:00z", 19, "expected 'Z' (only UTC is allowed)");
	bad("2022-04-06T00:00:00", 19, "expected 'Z' (only UTC is allowed)");
	bad("2022-04-06T00:00:00.Z", 20, "expected a digit after '.'");
	bad("2022-04-06T00:00:00ZZ", 20, "unexpected text after 'Z'");
	bad("22-04-06T00:00:00Z", 2, "expected a digit");
	bad("2022/04/06T00:00:00Z", 4, "expected '-'");
	bad("", 0, "expected a digit");
	ts_parse("2022-01-01T00:00:00.1Z", 22, &a, &off, &why);
	ts_parse("2022-01-01T00:00:00.1000Z", 25, &b, &off, &why);
	ok(ts_cmp(&a, &b) == 0, "trailing zeros of fractions compare equal");
	ts_parse("2022-01-01T00:00:00.10001Z", 26, &b, &off, &why);
	ok(ts_cmp(&a, &b) < 0 && ts_cmp(&b, &a) > 0,
	    "fractions compare at full precision");
	round_trip(0, "1970-01-01T00:00:00.000Z");
	round_trip(-1, "1969-12-31T23:59:59.999Z");
	round_trip(1714564800987LL - 300000, "2024-05-01T11:55:00.987Z");
	round_trip(951868800000LL, "2000-03-01T00:00:00.000Z");
	ok(ts_format_ms(-62167219200001LL, buf) < 0,
	    "a year before 0000 is refused");
	ok(ts_format_ms(253402300800000LL, buf) < 0,
	    "a year after 9999 is refused");
	return tap_end();
}
