/* SPDX-License-Identifier: Apache-2.0 */
/* reaqta-shifter's JSON arguments and stix-shifter's options. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exitcodes.h"
#include "shifter.h"

enum {
	ARG_MAX_BYTES = 16 << 20 /* a JSON argument read from stdin */
};

int
fail(struct shifter *s, const char *code, int status, const char *fmt, ...)
{
	va_list ap;

	if (s->code != NULL)
		return -1; /* the first failure is the one reported */
	s->code = code;
	s->e.status = status;
	va_start(ap, fmt);
	vsnprintf(s->e.msg, sizeof(s->e.msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* All of standard input (at most ARG_MAX_BYTES), NUL-terminated. */
static char *
read_stdin(struct shifter *s, const char *what)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap), *p;
	ssize_t n;

	if (s->stdin_taken) {
		fail(s, "invalid_parameter", EXIT_USAGE,
		    "%s: standard input is taken by another argument \"-\"",
		    what);
		free(buf);
		return NULL;
	}
	s->stdin_taken = 1;
	for (; buf != NULL;) {
		if (len + 1 == cap) {
			if (cap > ARG_MAX_BYTES) {
				fail(s, "invalid_parameter", EXIT_USAGE,
				    "%s: more than %d bytes on standard input",
				    what, ARG_MAX_BYTES);
				free(buf);
				return NULL;
			}
			if ((p = realloc(buf, cap * 2)) == NULL)
				break;
			buf = p;
			cap *= 2;
		}
		n = read(STDIN_FILENO, buf + len, cap - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fail(s, "unknown", EXIT_IOERR, "%s: standard input: %s",
			    what, strerror(errno));
			free(buf);
			return NULL;
		}
		if (n == 0) {
			buf[len] = '\0';
			return buf;
		}
		len += (size_t)n;
	}
	free(buf);
	fail(s, "unknown", EXIT_SOFTWARE, "out of memory");
	return NULL;
}

char *
arg_text(struct shifter *s, const char *arg, const char *what)
{
	char *text;

	if (strcmp(arg, "-") == 0)
		return read_stdin(s, what);
	if ((text = strdup(arg)) == NULL)
		fail(s, "unknown", EXIT_SOFTWARE, "out of memory");
	return text;
}

yajl_val
json_arg(struct shifter *s, const char *arg, const char *what)
{
	char err[256], *text;
	yajl_val t;

	if ((text = arg_text(s, arg, what)) == NULL)
		return NULL;
	t = yajl_tree_parse(text, err, sizeof(err));
	/* it may hold a secret */
	memset(text, 0, strlen(text));
	free(text);
	if (t == NULL) {
		err[strcspn(err, "\n")] = '\0';
		fail(s, "invalid_parameter", EXIT_USAGE, "%s: not JSON: %s",
		    what, err);
	}
	return t;
}

/* The integer of an option, from min to max. */
static int
int_option(struct shifter *s, const char *name, yajl_val v, long long min,
    long long max, long long *out)
{
	if (!YAJL_IS_INTEGER(v) || YAJL_GET_INTEGER(v) < min ||
	    YAJL_GET_INTEGER(v) > max)
		return fail(s, "invalid_parameter", EXIT_USAGE,
		    "options: %s must be an integer from %lld to %lld", name,
		    min, max);
	*out = YAJL_GET_INTEGER(v);
	return 0;
}

static int
bool_option(struct shifter *s, const char *name, yajl_val v, int *out)
{
	if (!YAJL_IS_TRUE(v) && !YAJL_IS_FALSE(v))
		return fail(s, "invalid_parameter", EXIT_USAGE,
		    "options: %s must be true or false", name);
	*out = YAJL_IS_TRUE(v);
	return 0;
}

int
read_options(struct shifter *s, yajl_val opts, struct shopts *o)
{
	size_t i;
	long long n = 0;
	int ignored;

	memset(o, 0, sizeof(*o));
	o->time_range = 5;
	if (opts == NULL)
		return 0;
	if (!YAJL_IS_OBJECT(opts))
		return fail(s, "invalid_parameter", EXIT_USAGE,
		    "options: expected a JSON object");
	for (i = 0; i < opts->u.object.len; i++) {
		const char *k = opts->u.object.keys[i];
		yajl_val v = opts->u.object.values[i];

		if (strcmp(k, "stix_2.1") == 0) {
			if (bool_option(s, k, v, &o->v21) < 0)
				return -1;
		} else if (strcmp(k, "time_range") == 0) {
			if (YAJL_IS_NULL(v))
				continue;
			if (int_option(s, k, v, 1, 10000, &n) < 0)
				return -1;
			o->time_range = (long)n;
		} else if (strcmp(k, "result_limit") == 0) {
			if (int_option(s, k, v, 1, 10000000, &n) < 0)
				return -1;
			o->limit = (unsigned long long)n;
		} else if (strcmp(k, "timeout") == 0) {
			if (int_option(s, k, v, 1, 3600, &n) < 0)
				return -1;
			o->timeout = (double)n;
		} else if (strcmp(k, "unmapped_fallback") == 0) {
			if (bool_option(s, k, v, &o->unmapped) < 0)
				return -1;
		} else if (strcmp(k, "validate_pattern") == 0) {
			if (bool_option(s, k, v, &o->validate) < 0)
				return -1;
		} else if (strcmp(k, "stix_validator") == 0) {
			/* a no-op in stix-shifter too */
			if (bool_option(s, k, v, &ignored) < 0)
				return -1;
		} else if (strcmp(k, "mapping") == 0) {
			o->mapping = v;
		} else if (strcmp(k, "language") == 0) {
			const char *l = YAJL_GET_STRING(v);

			if (l == NULL || strcmp(l, "stix") != 0)
				return fail(s, "invalid_parameter", EXIT_USAGE,
				    "unsupported language: %s",
				    l != NULL ? l : "(not a string)");
		} else if (strcmp(k, "dialects") == 0) {
			/* reaqta has one dialect, "default" */
			if (!YAJL_IS_ARRAY(v))
				return fail(s, "invalid_parameter", EXIT_USAGE,
				    "options: dialects must be a list");
		} else if (strcmp(k, "batch_size") == 0) {
			if (int_option(s, k, v, 1, 10000, &n) < 0)
				return -1;
		} else {
			return fail(s, "invalid_parameter", EXIT_USAGE,
			    "options: unexpected parameter %s", k);
		}
	}
	return 0;
}
