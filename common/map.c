/* SPDX-License-Identifier: Apache-2.0 */
/* Loading mapping tables in the project's text format. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builtin-maps.h"
#include "error.h"
#include "exitcodes.h"
#include "map.h"
#include "utf8.h"

enum {
	MAP_FILE_MAX = 16 * 1024 * 1024
};

/* The state of parsing one line. */
struct line {
	struct map *m;
	int parts; /* the kinds of lines kept */
	struct rs_error *e;
	const char *s; /* the line, len bytes */
	size_t len, pos;
	unsigned no;
};

/* A word of the line: its text and where it starts. */
struct word {
	const char *s;
	size_t n, at;
};

static int
fail(struct line *l, size_t at, const char *what)
{
	error_set(l->e, EXIT_CONFIG, "%s: line %u, column %zu: %s", l->m->name,
	    l->no, at + 1, what);
	return -1;
}

static int
oom(struct line *l)
{
	error_set(l->e, EXIT_SOFTWARE, "out of memory");
	return -1;
}

/* The next word, up to a blank; w->n is 0 at the end of the line.  With
 * quotes, blanks inside '...' (where \' and \\ escape) belong to it. */
static void
next_word(struct line *l, struct word *w, int quotes)
{
	int inq = 0;

	while (l->pos < l->len && (l->s[l->pos] == ' ' || l->s[l->pos] == '\t'))
		l->pos++;
	w->at = l->pos;
	while (l->pos < l->len) {
		char c = l->s[l->pos];

		if (!inq && (c == ' ' || c == '\t'))
			break;
		if (quotes && c == '\'')
			inq = !inq;
		else if (inq && c == '\\' && l->pos + 1 < l->len)
			l->pos++;
		l->pos++;
	}
	w->s = l->s + w->at;
	w->n = l->pos - w->at;
}

/* A HunQ field name: an optional '$', then dot-separated identifiers. */
static int
valid_field(const struct word *w)
{
	size_t i = 0;
	int want_start = 1;

	if (w->n > 0 && w->s[0] == '$')
		i++;
	for (; i < w->n; i++) {
		unsigned char c = (unsigned char)w->s[i];
		int letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    c == '_';

		if (want_start) {
			if (!letter)
				return 0;
			want_start = 0;
		} else if (c == '.') {
			want_start = 1;
		} else if (!letter && !(c >= '0' && c <= '9')) {
			return 0;
		}
	}
	return !want_start;
}

/* Make room for element n of a malloc'd array that grows by doubling:
 * the array, moved or not, or NULL when out of memory. */
static void *
grow(void *array, size_t n, size_t size)
{
	if (n != 0 && (n & (n - 1)) != 0)
		return array;
	return realloc(array, (n == 0 ? 4 : n * 2) * size);
}

static const char *
keep(struct line *l, const struct word *w)
{
	return arena_strndup(&l->m->arena, w->s, w->n);
}

/* The remaining words of the line as HunQ field names, in the arena. */
static int
parse_fields(struct line *l, const char ***out, size_t *nout)
{
	size_t start = l->pos, n = 0, i;
	struct word w;

	for (next_word(l, &w, 0); w.n > 0; next_word(l, &w, 0), n++)
		if (!valid_field(&w))
			return fail(l, w.at, "expected a HunQ field name");
	*out = arena_alloc(&l->m->arena, (n > 0 ? n : 1) * sizeof(**out));
	if (*out == NULL)
		return oom(l);
	l->pos = start;
	for (i = 0; i < n; i++) {
		next_word(l, &w, 0);
		(*out)[i] = keep(l, &w);
		if ((*out)[i] == NULL)
			return oom(l);
	}
	*nout = n;
	return 0;
}

static int
parse_query(struct line *l)
{
	struct map *m = l->m;
	struct map_query *q;
	struct word w;

	next_word(l, &w, 1);
	if (w.n == 0)
		return fail(l, w.at, "expected a STIX object path");
	q = grow(m->queries, m->nqueries, sizeof(*m->queries));
	if (q == NULL)
		return oom(l);
	m->queries = q;
	q += m->nqueries;
	q->line = l->no;
	q->path_col = (unsigned)w.at + 1;
	q->path = keep(l, &w);
	if (q->path == NULL)
		return oom(l);
	if (parse_fields(l, &q->fields, &q->nfields) < 0)
		return -1;
	m->nqueries++;
	return 0;
}

static int
parse_range(struct line *l)
{
	struct map *m = l->m;
	struct word w, extra;
	const char **g;

	next_word(l, &w, 0);
	if (!valid_field(&w))
		return fail(l, w.at, "expected a HunQ field name");
	next_word(l, &extra, 0);
	if (extra.n != 0)
		return fail(l, extra.at, "expected the end of the line");
	g = grow(m->ranges, m->nranges, sizeof(*m->ranges));
	if (g == NULL)
		return oom(l);
	m->ranges = g;
	m->ranges[m->nranges] = keep(l, &w);
	if (m->ranges[m->nranges] == NULL)
		return oom(l);
	m->nranges++;
	return 0;
}

/* Does the word start with "name="?  Then w is moved past it. */
static int
attr(struct word *w, const char *name)
{
	size_t n = strlen(name);

	if (w->n <= n || memcmp(w->s, name, n) != 0 || w->s[n] != '=')
		return 0;
	w->s += n + 1;
	w->n -= n + 1;
	w->at += n + 1;
	return 1;
}

/* The comma-separated names of refs=a,b into r->refs. */
static int
parse_refs(struct line *l, struct map_result *r, const struct word *w)
{
	size_t i, n = 1, k = 0;
	struct word part;

	for (i = 0; i < w->n; i++)
		n += w->s[i] == ',';
	r->refs = arena_alloc(&l->m->arena, n * sizeof(*r->refs));
	if (r->refs == NULL)
		return oom(l);
	part = *w;
	for (i = 0; i <= w->n; i++) {
		if (i < w->n && w->s[i] != ',')
			continue;
		part.n = (size_t)(w->s + i - part.s);
		if (part.n == 0)
			return fail(l, part.at, "expected an object name");
		r->refs[k] = keep(l, &part);
		if (r->refs[k++] == NULL)
			return oom(l);
		part.s = w->s + i + 1;
		part.at = w->at + i + 1;
	}
	r->nrefs = n;
	return 0;
}

static int
parse_result(struct line *l)
{
	struct map *m = l->m;
	struct map_result *r;
	struct word w;

	r = grow(m->results, m->nresults, sizeof(*m->results));
	if (r == NULL)
		return oom(l);
	m->results = r;
	r += m->nresults;
	memset(r, 0, sizeof(*r));
	r->cybox = 1;
	r->line = l->no;
	next_word(l, &w, 0);
	if (w.n == 0)
		return fail(l, w.at, "expected an event key path");
	if ((r->event = keep(l, &w)) == NULL)
		return oom(l);
	next_word(l, &w, 0);
	if (w.n == 0)
		return fail(l, w.at, "expected a STIX key");
	if ((r->key = keep(l, &w)) == NULL)
		return oom(l);
	for (next_word(l, &w, 0); w.n > 0; next_word(l, &w, 0)) {
		const char **slot = NULL;

		if (attr(&w, "object"))
			slot = &r->object;
		else if (attr(&w, "transformer"))
			slot = &r->transformer;
		else if (attr(&w, "value"))
			slot = &r->value;
		else if (attr(&w, "invalid"))
			slot = &r->invalid;
		else if (attr(&w, "ref") ||
		    (attr(&w, "refs") && (r->ref_list = 1))) {
			if (r->refs != NULL)
				return fail(l, w.at, "references given twice");
			if (parse_refs(l, r, &w) < 0)
				return -1;
			if (!r->ref_list && r->nrefs != 1)
				return fail(l, w.at,
				    "ref= takes one name (refs= a list)");
			continue;
		} else if (w.n == 5 && memcmp(w.s, "group", 5) == 0) {
			r->group = 1;
			continue;
		} else if (w.n == 9 && memcmp(w.s, "group_ref", 9) == 0) {
			r->group_ref = 1;
			continue;
		} else if (w.n == 11 && memcmp(w.s, "cybox=false", 11) == 0) {
			r->cybox = 0;
			continue;
		} else {
			return fail(l, w.at, "unknown attribute");
		}
		if (w.n == 0)
			return fail(l, w.at, "expected a value after '='");
		if (*slot != NULL)
			return fail(l, w.at, "attribute given twice");
		if ((*slot = keep(l, &w)) == NULL)
			return oom(l);
	}
	m->nresults++;
	return 0;
}

static int
parse_option(struct line *l)
{
	struct word w, extra;

	next_word(l, &w, 0);
	if (w.n == 17 && memcmp(w.s, "keep-nested-empty", 17) == 0)
		l->m->options |= MAP_KEEP_NESTED_EMPTY;
	else
		return fail(
		    l, w.at, "unknown option (known: keep-nested-empty)");
	next_word(l, &extra, 0);
	if (extra.n != 0)
		return fail(l, extra.at, "expected the end of the line");
	return 0;
}

static int
parse_line(struct line *l)
{
	struct word w;

	next_word(l, &w, 0);
	if (w.n == 0 || w.s[0] == '#')
		return 0;
	if (w.n == 5 && memcmp(w.s, "query", 5) == 0)
		return l->parts & MAP_QUERIES ? parse_query(l) : 0;
	if (w.n == 5 && memcmp(w.s, "range", 5) == 0)
		return l->parts & MAP_QUERIES ? parse_range(l) : 0;
	if (w.n == 6 && memcmp(w.s, "result", 6) == 0)
		return l->parts & MAP_RESULTS ? parse_result(l) : 0;
	if (w.n == 6 && memcmp(w.s, "option", 6) == 0)
		return parse_option(l);
	return fail(l, w.at, "expected 'query', 'range', 'result' or 'option'");
}

int
map_parse(struct map *m, const char *name, const char *text, size_t len,
    int parts, struct rs_error *e)
{
	struct line l;
	size_t at = 0, i, k;
	uint32_t cp;

	memset(m, 0, sizeof(*m));
	arena_init(&m->arena);
	m->name = arena_strndup(&m->arena, name, strlen(name));
	if (m->name == NULL) {
		error_set(e, EXIT_SOFTWARE, "out of memory");
		return -1;
	}
	memset(&l, 0, sizeof(l));
	l.m = m;
	l.parts = parts;
	l.e = e;
	while (at < len) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = nl != NULL ? (size_t)(nl - (text + at)) : len - at;

		l.s = text + at;
		l.len = n;
		l.pos = 0;
		l.no++;
		if (memchr(l.s, '\0', n) != NULL) {
			fail(&l,
			    (size_t)((const char *)memchr(l.s, '\0', n) - l.s),
			    "NUL byte");
			goto bad;
		}
		for (i = 0; i < n; i += k) {
			/* Map text ends up in JSON output: UTF-8 only. */
			if ((k = utf8_decode((const unsigned char *)l.s + i,
				 n - i, &cp)) == 0) {
				fail(&l, i, "not UTF-8");
				goto bad;
			}
		}
		if (parse_line(&l) < 0)
			goto bad;
		at += n + 1;
	}
	return 0;
bad:
	map_free(m);
	return -1;
}

/* Read a whole map file (maps are small; the size is capped). */
static int
read_file(const char *path, char **text, size_t *len, struct rs_error *e)
{
	struct stat st;
	size_t cap = 65536, n = 0;
	char *buf = NULL;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st) < 0) {
		error_set(e, EXIT_NOINPUT, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		error_set(e, EXIT_NOINPUT, "%s: %s", path, strerror(EISDIR));
		goto fail;
	}
	for (;;) {
		ssize_t got;

		if (n == cap || buf == NULL) {
			char *p = realloc(buf, cap *= 2);

			if (p == NULL) {
				error_set(e, EXIT_SOFTWARE, "out of memory");
				goto fail;
			}
			buf = p;
		}
		got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			error_set(
			    e, EXIT_IOERR, "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > MAP_FILE_MAX) {
			error_set(e, EXIT_CONFIG, "%s: larger than %d MiB",
			    path, MAP_FILE_MAX / (1024 * 1024));
			goto fail;
		}
	}
	close(fd);
	*text = buf;
	*len = n;
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	free(buf);
	return -1;
}

int
map_load(struct map *m, const char *what, int parts, struct rs_error *e)
{
	const struct builtin_map *b;
	char *text;
	size_t len;
	int rc;

	for (b = builtin_maps; b->name != NULL; b++)
		if (strcmp(b->name, what) == 0)
			return map_parse(m, b->name, (const char *)b->text,
			    b->len, parts, e);
	if (read_file(what, &text, &len, e) < 0)
		return -1;
	rc = map_parse(m, what, text, len, parts, e);
	free(text);
	return rc;
}

int
map_is_range(const struct map *m, const char *field)
{
	size_t i;

	for (i = 0; i < m->nranges; i++)
		if (strcmp(m->ranges[i], field) == 0)
			return 1;
	return 0;
}

void
map_free(struct map *m)
{
	free(m->queries);
	free(m->ranges);
	free(m->results);
	arena_free(&m->arena);
	memset(m, 0, sizeof(*m));
}
