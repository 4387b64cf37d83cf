/* SPDX-License-Identifier: Apache-2.0 */
/* stix2hunq: translate STIX patterns into HunQ queries. */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "exitcodes.h"
#include "jsonw.h"
#include "linein.h"
#include "outbuf.h"
#include "qmap.h"
#include "report.h"
#include "s2h.h"
#include "timestamp.h"
#include "options.h"

enum {
	LINE_MAX_BYTES = 16 * 1024 * 1024
};

struct run {
	struct s2h s;
	struct outbuf out;
	struct jsonw json;
	int use_json, quiet, keep_going, failed;
};

static void
check_output(struct run *r)
{
	if (r->out.err != 0)
		errx(EXIT_IOERR, "write error: %s", strerror(r->out.err));
}

/* Translate one pattern and write its query.  0, or -1 when it failed. */
static int
one(struct run *r, const char *pattern, size_t len, const struct origin *o)
{
	int rc = s2h_translate(&r->s, pattern, len);

	if (rc == -2)
		errx(EXIT_SOFTWARE, "out of memory (or no clock)");
	if (!r->quiet)
		report_warnings(&r->s, o);
	if (rc < 0) {
		report_error(&r->s, o, pattern, len);
		r->failed = 1;
		return -1;
	}
	if (r->use_json) {
		jsonw_map_open(&r->json);
		jsonw_cstring(&r->json, "queries");
		jsonw_array_open(&r->json);
		jsonw_string(&r->json, r->s.query.buf, r->s.query.len);
		jsonw_array_close(&r->json);
		jsonw_map_close(&r->json);
		jsonw_end(&r->json);
	} else {
		outbuf_write(&r->out, r->s.query.buf, r->s.query.len);
		outbuf_write(&r->out, "\n", 1);
	}
	/* One query, one write: the next stage gets it at once, and it comes
	 * before any message about the next pattern. */
	outbuf_flush(&r->out);
	check_output(r);
	return 0;
}

static int
blank_or_comment(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	return i == n || s[i] == '#';
}

/* Translate the patterns of fd, one a line. */
static void
lines(struct run *r, int fd, const char *file)
{
	struct linein in;
	struct origin o = {file, 0};
	const char *line;
	size_t len;
	int rc;

	if (linein_init(&in, fd, LINE_MAX_BYTES) < 0)
		errx(EXIT_SOFTWARE, "out of memory");
	/* Each query is flushed as it is written: no flush before reads. */
	while ((rc = linein_next(&in, NULL, &line, &len)) != 0) {
		if (rc < 0 && in.toolong) {
			warnx("%s%sline %lu: longer than %d MiB",
			    file ? file : "", file ? ": " : "", in.lineno,
			    LINE_MAX_BYTES >> 20);
			r->failed = 1;
			in.toolong = 0;
			if (!r->keep_going)
				break;
			continue;
		}
		if (rc < 0)
			errx(in.err == ENOMEM ? EXIT_SOFTWARE : EXIT_IOERR,
			    "%s: %s", file ? file : "standard input",
			    strerror(in.err));
		if (in.lineno == 1 && len >= 3 &&
		    memcmp(line, "\xef\xbb\xbf", 3) == 0) {
			line += 3; /* a UTF-8 byte order mark */
			len -= 3;
		}
		if (blank_or_comment(line, len))
			continue;
		o.line = in.lineno;
		if (one(r, line, len, &o) < 0 && !r->keep_going)
			break;
	}
	linein_free(&in);
}

int
main(int argc, char **argv)
{
	struct settings set;
	struct run r;
	struct qmap map;
	struct rs_error e;
	int fd;

	settings_parse(&set, argc, argv);
	memset(&r, 0, sizeof(r));
	r.use_json = set.json;
	r.quiet = set.quiet;
	r.keep_going = set.keep_going;
	if (qmap_load(&map,
		set.map                      ? set.map
		    : set.opt.ver == STIX_21 ? "stix21"
					     : "stix20",
		set.opt.ver, &e) < 0)
		errx(e.status, "%s", e.msg);
	outbuf_init(&r.out, STDOUT_FILENO);
	if (jsonw_init(&r.json, &r.out, 0) < 0)
		errx(EXIT_SOFTWARE, "out of memory");
	s2h_init(&r.s, &map, &set.opt);
	if (set.pattern != NULL && strcmp(set.pattern, "-") != 0) {
		struct origin o = {NULL, 1};

		one(&r, set.pattern, strlen(set.pattern), &o);
	} else if (set.file != NULL && strcmp(set.file, "-") != 0) {
		struct stat st;

		if ((fd = open(set.file, O_RDONLY)) < 0 || fstat(fd, &st) < 0)
			errx(EXIT_NOINPUT, "%s: %s", set.file, strerror(errno));
		if (S_ISDIR(st.st_mode))
			errx(
			    EXIT_NOINPUT, "%s: %s", set.file, strerror(EISDIR));
		lines(&r, fd, set.file);
		close(fd);
	} else {
		lines(&r, STDIN_FILENO, NULL);
	}
	outbuf_flush(&r.out);
	check_output(&r);
	s2h_free(&r.s);
	jsonw_free(&r.json);
	qmap_free(&map);
	return r.failed ? EXIT_DATAERR : 0;
}
