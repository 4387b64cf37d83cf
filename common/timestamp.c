/* SPDX-License-Identifier: Apache-2.0 */
/* UTC timestamp parsing and formatting, with milliseconds. */
#include "config.h"

#include <string.h>
#include <time.h>

#include "timestamp.h"

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int days[] = {
	    31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* Read n digits at s[*i] into *v; 0, or -1 with *i at the bad byte. */
static int
digits(const char *s, size_t len, size_t *i, int n, int *v)
{
	*v = 0;
	while (n-- > 0) {
		if (*i >= len || s[*i] < '0' || s[*i] > '9')
			return -1;
		*v = *v * 10 + (s[*i] - '0');
		(*i)++;
	}
	return 0;
}

int
ts_parse(const char *s, size_t len, struct ts *t, size_t *bad, const char **why)
{
	static const struct {
		int n;    /* digits */
		char sep; /* separator after them, or 0 */
	} fields[] = {{4, '-'}, {2, '-'}, {2, 'T'}, {2, ':'}, {2, ':'}, {2, 0}};
	int *out[] = {&t->year, &t->mon, &t->day, &t->hour, &t->min, &t->sec};
	size_t i = 0, k, start[6];

	for (k = 0; k < 6; k++) {
		start[k] = i;
		if (digits(s, len, &i, fields[k].n, out[k]) < 0) {
			*why = "expected a digit";
			goto fail;
		}
		if (fields[k].sep != 0) {
			if (i >= len || s[i] != fields[k].sep) {
				*why = fields[k].sep == 'T' ? "expected 'T'"
				    : fields[k].sep == '-'  ? "expected '-'"
							    : "expected ':'";
				goto fail;
			}
			i++;
		}
	}
	t->frac = s + i;
	t->nfrac = 0;
	if (i < len && s[i] == '.') {
		i++;
		t->frac = s + i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		t->nfrac = (size_t)(s + i - t->frac);
		if (t->nfrac == 0) {
			*why = "expected a digit after '.'";
			goto fail;
		}
	}
	if (i >= len || s[i] != 'Z') {
		*why = "expected 'Z' (only UTC is allowed)";
		goto fail;
	}
	if (++i != len) {
		*why = "unexpected text after 'Z'";
		goto fail;
	}
	if (t->mon < 1 || t->mon > 12) {
		i = start[1];
		*why = "month out of range";
	} else if (t->day < 1 || t->day > days_in_month(t->year, t->mon)) {
		i = start[2];
		*why = "day out of range for the month";
	} else if (t->hour > 23) {
		i = start[3];
		*why = "hour out of range";
	} else if (t->min > 59) {
		i = start[4];
		*why = "minute out of range";
	} else if (t->sec > 60) {
		i = start[5];
		*why = "second out of range";
	} else {
		return 0;
	}
fail:
	*bad = i;
	return -1;
}

/* The i-th fraction digit, 0 past the end. */
static int
frac_digit(const struct ts *t, size_t i)
{
	return i < t->nfrac ? t->frac[i] - '0' : 0;
}

int
ts_cmp(const struct ts *a, const struct ts *b)
{
	const int av[] = {a->year, a->mon, a->day, a->hour, a->min, a->sec};
	const int bv[] = {b->year, b->mon, b->day, b->hour, b->min, b->sec};
	size_t i, n = a->nfrac > b->nfrac ? a->nfrac : b->nfrac;

	for (i = 0; i < 6; i++)
		if (av[i] != bv[i])
			return av[i] < bv[i] ? -1 : 1;
	for (i = 0; i < n; i++)
		if (frac_digit(a, i) != frac_digit(b, i))
			return frac_digit(a, i) < frac_digit(b, i) ? -1 : 1;
	return 0;
}

/* Write v as n decimal digits at p. */
static void
put_digits(char *p, int64_t v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* "YYYY-MM-DDTHH:MM:SS.mmmZ" from its fields, all in range. */
static void
put_ts(char buf[TS_MS_LEN + 1], int64_t y, int mo, int d, int h, int mi, int s,
    int ms)
{
	memcpy(buf, "0000-00-00T00:00:00.000Z", TS_MS_LEN + 1);
	put_digits(buf, y, 4);
	put_digits(buf + 5, mo, 2);
	put_digits(buf + 8, d, 2);
	put_digits(buf + 11, h, 2);
	put_digits(buf + 14, mi, 2);
	put_digits(buf + 17, s, 2);
	put_digits(buf + 20, ms, 3);
}

void
ts_format(const struct ts *t, char buf[TS_MS_LEN + 1])
{
	put_ts(buf, t->year, t->mon, t->day, t->hour, t->min, t->sec,
	    frac_digit(t, 0) * 100 + frac_digit(t, 1) * 10 + frac_digit(t, 2));
}

int64_t
ts_to_ms(const struct ts *t)
{
	int64_t days = days_from_civil(t->year, t->mon, t->day);
	int64_t secs = days * 86400 + t->hour * 3600 + t->min * 60 + t->sec;

	return secs * 1000 + frac_digit(t, 0) * 100 + frac_digit(t, 1) * 10 +
	    frac_digit(t, 2);
}

int
ts_format_ms(int64_t ms, char buf[TS_MS_LEN + 1])
{
	int64_t days, rem, y;
	int m, d;

	days = ms / 86400000;
	rem = ms % 86400000;
	if (rem < 0) {
		rem += 86400000;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		return -1;
	put_ts(buf, y, m, d, (int)(rem / 3600000), (int)(rem / 60000 % 60),
	    (int)(rem / 1000 % 60), (int)(rem % 1000));
	return 0;
}

int
ts_now_ms(int64_t *ms)
{
	struct timespec now;

	if (clock_gettime(CLOCK_REALTIME, &now) < 0)
		return -1;
	*ms = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
	return 0;
}
