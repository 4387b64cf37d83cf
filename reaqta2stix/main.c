/* SPDX-License-Identifier: Apache-2.0 */
/* reaqta2stix: translate ReaQta events into a STIX bundle. */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "bundle.h"
#include "engine.h"
#include "enrich.h"
#include "error.h"
#include "evread.h"
#include "jsonv.h"
#include "exitcodes.h"
#include "options.h"
#include "r2s.h"
#include "rmap.h"
#include "warn.h"

struct run {
	struct settings set;
	struct rmap map;
	struct engine engine;
	struct bundle bundle;
	struct outbuf out;
	struct arena arena; /* one event's enrichment and objects */
	struct warnings warn;
	const char *name; /* the input being read, for messages */
	struct rs_error fatal;
	int status;
};

/* One event: enrich, translate, write. */
static int
event(void *ctx, struct jv *v, unsigned long n)
{
	struct run *r = ctx;
	struct r2s one = {&r->engine, &r->bundle, &r->arena, &r->warn, r->name};

	return r2s_event(&one, v, n, &r->fatal);
}

static void
skipped(void *ctx, const struct evread *rd)
{
	struct run *r = ctx;

	if (rd->resumed_at > 0)
		warnx("%s: event %lu, byte %llu: %s; skipped, going on at byte "
		      "%llu",
		    r->name, rd->err_event, rd->err_off, rd->err,
		    rd->resumed_at + 1);
	else
		warnx("%s: event %lu, byte %llu: %s; skipped to the next line",
		    r->name, rd->err_event, rd->err_off, rd->err);
	r->status = EXIT_DATAERR;
}

/* Read the events of fd.  0, or -1 to stop reading (r->status set). */
static int
input(struct run *r, int fd, unsigned char *buf)
{
	struct evread_cb cb = {event, NULL, skipped, r};
	struct evread rd;
	ssize_t n;
	int rc = 0;

	if (evread_init(&rd, &cb) < 0)
		errx(EXIT_SOFTWARE, "out of memory");
	rd.keep_going = r->set.keep_going;
	for (;;) {
		n = read(fd, buf, r->set.read_size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			warnx("%s: %s", r->name, strerror(errno));
			r->status = EXIT_IOERR;
			rc = -1;
			break;
		}
		rc = n == 0 ? evread_finish(&rd)
			    : evread_feed(&rd, buf, (size_t)n);
		/* What this read gave is written before the next read
		 * blocks. */
		outbuf_flush(&r->out);
		if (rc != 0 || n == 0)
			break;
	}
	if (rc == -1 && rd.err[0] != '\0') {
		warnx("%s: event %lu, byte %llu: %s", r->name, rd.err_event,
		    rd.err_off, rd.err);
		r->status = EXIT_DATAERR;
	} else if (rc == -2) {
		warnx("%s", r->fatal.msg);
		r->status = r->fatal.status;
	} else if (rc == -3) {
		warnx("out of memory");
		r->status = EXIT_SOFTWARE;
	}
	evread_free(&rd);
	return rc == 0 ? 0 : -1;
}

/* Read one operand; -1 to stop reading. */
static int
operand(struct run *r, const char *file, unsigned char *buf)
{
	struct stat st;
	int fd, rc;

	if (strcmp(file, "-") == 0) {
		r->name = "standard input";
		return input(r, STDIN_FILENO, buf);
	}
	r->name = file;
	if ((fd = open(file, O_RDONLY)) < 0 || fstat(fd, &st) < 0 ||
	    (S_ISDIR(st.st_mode) && (errno = EISDIR))) {
		warnx("%s: %s", file, strerror(errno));
		if (fd >= 0)
			close(fd);
		r->status = EXIT_NOINPUT;
		return 0; /* as cat(1): go on with the next file */
	}
	rc = input(r, fd, buf);
	close(fd);
	return rc;
}

int
main(int argc, char **argv)
{
	static char dash[] = "-";
	static char *stdin_only[] = {dash};
	struct run r;
	struct rs_error e;
	unsigned char *buf;
	char **files;
	int i, n;

	memset(&r, 0, sizeof(r));
	settings_parse(&r.set, argc, argv);
	if (rmap_load(&r.map,
		r.set.map != NULL   ? r.set.map
		    : r.set.out.v21 ? "stix21"
				    : "stix20",
		&e) < 0)
		errx(e.status, "%s", e.msg);
	if (r.set.identity != NULL &&
	    bundle_identity(&r.bundle, r.set.identity, r.set.identity_len,
		r.set.out.v21, &e) < 0)
		errx(e.status, "--identity: %s", e.msg);
	if ((buf = malloc(r.set.read_size)) == NULL)
		errx(EXIT_SOFTWARE, "out of memory");
	arena_init(&r.arena);
	engine_init(&r.engine, &r.map, r.set.unmapped, r.set.out.v21);
	warn_init(&r.warn, r.set.quiet);
	outbuf_init(&r.out, STDOUT_FILENO);
	if (bundle_open(&r.bundle, &r.set.out, &r.out, &e) < 0)
		errx(e.status, "%s", e.msg);
	files = r.set.nfiles > 0 ? r.set.files : stdin_only;
	n = r.set.nfiles > 0 ? r.set.nfiles : 1;
	for (i = 0; i < n; i++)
		if (operand(&r, files[i], buf) < 0)
			break;
	/* Close the bundle even after bad input: stdout stays valid JSON. */
	if (r.out.err == 0 && bundle_close(&r.bundle, &e) < 0 && r.out.err == 0)
		errx(e.status, "%s", e.msg);
	if (outbuf_flush(&r.out) < 0 && r.status != EXIT_IOERR) {
		warnx("write error: %s", strerror(r.out.err));
		r.status = EXIT_IOERR;
	}
	warn_summary(&r.warn);
	bundle_free(&r.bundle);
	engine_free(&r.engine);
	arena_free(&r.arena);
	rmap_free(&r.map);
	free(r.set.identity);
	free(buf);
	return r.status;
}
