/* SPDX-License-Identifier: Apache-2.0 */
/* stix-shifter's option "mapping" ({"from_stix_map": ..., "to_stix_map":
 * ...}, its JSON tables) as a map file of reaqta-stix (common/map.h), with
 * the conversions of build-aux/import-maps: universal fields with '$',
 * the range fields once. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exitcodes.h"
#include "shifter.h"
#include "strbuf.h"

static const char *const universal[] = {
    "ip", "md5", "sha1", "sha256", "path", "filename"};
static const char *const ranges[] = {
    "eventdata.size", "eventdata.regionSize", "eventdata.relevance"};

/* Is s usable as one word of a map line? */
static int
word(const char *s)
{
	if (s == NULL || *s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
		    *s == '#')
			return 0;
	return 1;
}

static int
bad(struct shifter *s, const char *what, const char *where)
{
	return fail(s, "invalid_parameter", EXIT_USAGE,
	    "options: mapping: %s%s%s", what, where ? ": " : "",
	    where ? where : "");
}

/* The query lines of a from_stix_map. */
static int
queries(struct shifter *s, struct strbuf *sb, yajl_val t)
{
	size_t i, j, k, r;

	for (r = 0; r < 3; r++) {
		sb_puts(sb, "range ");
		sb_puts(sb, ranges[r]);
		sb_putc(sb, '\n');
	}
	for (i = 0; i < t->u.object.len; i++) {
		const char *type = t->u.object.keys[i];
		const char *fp[] = {"fields", NULL};
		yajl_val f =
		    yajl_tree_get(t->u.object.values[i], fp, yajl_t_object);

		if (f == NULL || !word(type))
			return bad(s,
			    "from_stix_map: expected "
			    "{\"TYPE\": {\"fields\": {...}}}",
			    type);
		for (j = 0; j < f->u.object.len; j++) {
			yajl_val list = f->u.object.values[j];

			if (!YAJL_IS_ARRAY(list) || !word(f->u.object.keys[j]))
				return bad(s,
				    "from_stix_map: a property needs a list "
				    "of fields",
				    f->u.object.keys[j]);
			sb_puts(sb, "query ");
			sb_puts(sb, type);
			sb_putc(sb, ':');
			sb_puts(sb, f->u.object.keys[j]);
			for (k = 0; k < list->u.array.len; k++) {
				const char *name =
				    YAJL_GET_STRING(list->u.array.values[k]);

				if (!word(name))
					return bad(s, "a field is not a name",
					    f->u.object.keys[j]);
				sb_putc(sb, ' ');
				for (r = 0; r < 6; r++)
					if (strcmp(name, universal[r]) == 0)
						sb_putc(sb, '$');
				for (r = 0; r < 3; r++)
					if (strncmp(name, ranges[r],
						strlen(ranges[r])) == 0 &&
					    (strcmp(name + strlen(ranges[r]),
						 ".gte") == 0 ||
						strcmp(name + strlen(ranges[r]),
						    ".lte") == 0))
						break;
				if (r < 3)
					sb_puts(sb, ranges[r]);
				else
					sb_puts(sb, name);
			}
			sb_putc(sb, '\n');
		}
	}
	return 0;
}

/* One mapping of a to_stix_map: a result line for the event path. */
static int
leaf(struct shifter *s, struct strbuf *sb, const char *path, yajl_val e)
{
	size_t i, j;

	if (!YAJL_IS_OBJECT(e))
		return bad(s, "to_stix_map: a mapping is not an object", path);
	sb_puts(sb, "result ");
	sb_puts(sb, path);
	for (i = 0; i < e->u.object.len; i++)
		if (strcmp(e->u.object.keys[i], "key") == 0)
			break;
	if (i == e->u.object.len ||
	    !word(YAJL_GET_STRING(e->u.object.values[i])))
		return bad(s, "to_stix_map: a mapping without \"key\"", path);
	sb_putc(sb, ' ');
	sb_puts(sb, YAJL_GET_STRING(e->u.object.values[i]));
	for (i = 0; i < e->u.object.len; i++) {
		const char *k = e->u.object.keys[i];
		yajl_val v = e->u.object.values[i];

		if (strcmp(k, "key") == 0)
			continue;
		if (strcmp(k, "object") == 0 || strcmp(k, "transformer") == 0 ||
		    strcmp(k, "value") == 0) {
			if (!word(YAJL_GET_STRING(v)))
				return bad(s, "to_stix_map: not a name", path);
			sb_putc(sb, ' ');
			sb_puts(sb, k);
			sb_putc(sb, '=');
			sb_puts(sb, YAJL_GET_STRING(v));
		} else if (strcmp(k, "references") == 0) {
			if (YAJL_IS_STRING(v) && word(YAJL_GET_STRING(v))) {
				sb_puts(sb, " ref=");
				sb_puts(sb, YAJL_GET_STRING(v));
				continue;
			}
			if (!YAJL_IS_ARRAY(v) || v->u.array.len == 0)
				return bad(
				    s, "to_stix_map: bad references", path);
			sb_puts(sb, " refs=");
			for (j = 0; j < v->u.array.len; j++) {
				const char *r =
				    YAJL_GET_STRING(v->u.array.values[j]);

				if (!word(r) || strchr(r, ',') != NULL)
					return bad(s,
					    "to_stix_map: bad references",
					    path);
				if (j > 0)
					sb_putc(sb, ',');
				sb_puts(sb, r);
			}
		} else if (strcmp(k, "group") == 0 ||
		    strcmp(k, "group_ref") == 0) {
			if (YAJL_IS_TRUE(v)) {
				sb_putc(sb, ' ');
				sb_puts(sb, k);
			}
		} else if (strcmp(k, "cybox") == 0) {
			if (YAJL_IS_FALSE(v))
				sb_puts(sb, " cybox=false");
		} else {
			return bad(s, "to_stix_map: unknown attribute", k);
		}
	}
	sb_putc(sb, '\n');
	return 0;
}

/* The result lines of a to_stix_map node at the event path path. */
static int
results(struct shifter *s, struct strbuf *sb, struct strbuf *path, yajl_val t)
{
	size_t i, len = path->len;

	if (YAJL_IS_ARRAY(t)) {
		for (i = 0; i < t->u.array.len; i++)
			if (leaf(s, sb, path->buf, t->u.array.values[i]) < 0)
				return -1;
		return 0;
	}
	if (!YAJL_IS_OBJECT(t))
		return bad(s, "to_stix_map: not an object", path->buf);
	for (i = 0; i < t->u.object.len; i++)
		if (strcmp(t->u.object.keys[i], "key") == 0)
			return leaf(s, sb, path->buf, t);
	for (i = 0; i < t->u.object.len; i++) {
		const char *k = t->u.object.keys[i];

		if (!word(k) || strchr(k, '.') != NULL)
			return bad(s, "to_stix_map: unusable event key", k);
		path->len = len;
		if (len > 0)
			sb_putc(path, '.');
		sb_puts(path, k);
		sb_add(path, "", 1);
		path->len--;
		if (results(s, sb, path, t->u.object.values[i]) < 0)
			return -1;
	}
	path->len = len;
	return 0;
}

/* Write the map of the option mapping to a temporary file (s->mapfile). */
static int
write_map(struct shifter *s, yajl_val m)
{
	const char *fp[] = {"from_stix_map", NULL},
		   *tp[] = {"to_stix_map", NULL};
	yajl_val from = yajl_tree_get(m, fp, yajl_t_any);
	yajl_val to = yajl_tree_get(m, tp, yajl_t_any);
	struct strbuf sb, path;
	const char *dir = getenv("TMPDIR");
	size_t i;
	int fd, rc = 0;

	if (!YAJL_IS_OBJECT(m))
		return bad(s, "expected an object", NULL);
	for (i = 0; i < m->u.object.len; i++)
		if (strcmp(m->u.object.keys[i], "from_stix_map") != 0 &&
		    strcmp(m->u.object.keys[i], "to_stix_map") != 0 &&
		    strcmp(m->u.object.keys[i], "operators") != 0)
			return bad(s, "unknown member", m->u.object.keys[i]);
	sb_init(&sb);
	sb_init(&path);
	sb_puts(&sb, "# the option \"mapping\" of reaqta-shifter\n");
	if (from != NULL &&
	    (!YAJL_IS_OBJECT(from) || queries(s, &sb, from) < 0))
		rc = YAJL_IS_OBJECT(from)
		    ? -1
		    : bad(s, "from_stix_map: not an object", NULL);
	sb_add(&path, "", 1);
	path.len = 0;
	if (rc == 0 && to != NULL && results(s, &sb, &path, to) < 0)
		rc = -1;
	sb_free(&path);
	if (rc == 0 && sb.oom)
		rc = fail(s, "unknown", EXIT_SOFTWARE, "out of memory");
	if (rc == 0) {
		size_t n = strlen(dir ? dir : "/tmp") + 32;

		if ((s->mapfile = malloc(n)) == NULL) {
			rc = fail(s, "unknown", EXIT_SOFTWARE, "out of memory");
		} else {
			snprintf(s->mapfile, n, "%s/reaqta-shifter.XXXXXX",
			    dir ? dir : "/tmp");
			if ((fd = mkstemp(s->mapfile)) < 0 ||
			    write(fd, sb.buf, sb.len) != (ssize_t)sb.len ||
			    close(fd) < 0)
				rc = fail(s, "unknown", EXIT_IOERR,
				    "the map of the option mapping: %s: %s",
				    s->mapfile, strerror(errno));
		}
	}
	sb_free(&sb);
	return rc;
}

const char *
map_of(struct shifter *s, const struct shopts *o, int results_side)
{
	const char *part[] = {
	    results_side ? "to_stix_map" : "from_stix_map", NULL};

	if (o->mapping == NULL ||
	    yajl_tree_get(o->mapping, part, yajl_t_any) == NULL)
		return o->v21 ? "stix21" : "stix20";
	if (s->mapfile == NULL && write_map(s, o->mapping) < 0)
		return NULL;
	return s->mapfile;
}
