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

#include "error.h"
#include "exitcodes.h"
#include "options.h"
#include "outbuf.h"
#include "r2s.h"

/* Read one operand; -1 to stop reading.  *status takes the worst. */
static int
operand(struct r2s *r, const char *file, unsigned char *buf, size_t size,
    struct outbuf *out, int *status)
{
	struct rs_error e;
	struct stat st;
	int fd, rc;

	if (strcmp(file, "-") == 0) {
		fd = STDIN_FILENO;
		file = "standard input";
	} else if ((fd = open(file, O_RDONLY)) < 0 || fstat(fd, &st) < 0 ||
	    (S_ISDIR(st.st_mode) && (errno = EISDIR))) {
		warnx("%s: %s", file, strerror(errno));
		if (fd >= 0)
			close(fd);
		*status = EXIT_NOINPUT;
		return 0; /* as cat(1): go on with the next file */
	}
	rc = r2s_read(r, fd, file, buf, size, out, &e);
	if (fd != STDIN_FILENO)
		close(fd);
	if (rc < 0) {
		warnx("%s", e.msg);
		*status = e.status;
	}
	return rc;
}

int
main(int argc, char **argv)
{
	static char dash[] = "-";
	static char *stdin_only[] = {dash};
	struct settings set;
	struct r2s_config c;
	struct outbuf out;
	struct rs_error e;
	struct r2s r;
	unsigned char *buf;
	char **files;
	int i, n, status = 0;

	settings_parse(&set, argc, argv);
	memset(&c, 0, sizeof(c));
	c.out = set.out;
	c.map = set.map;
	c.identity = set.identity;
	c.identity_len = set.identity_len;
	c.unmapped = set.unmapped;
	c.keep_going = set.keep_going;
	c.quiet = set.quiet;
	if ((buf = malloc(set.read_size)) == NULL)
		errx(EXIT_SOFTWARE, "out of memory");
	outbuf_init(&out, STDOUT_FILENO);
	if (r2s_open(&r, &c, &out, &e) < 0)
		errx(e.status, "%s%s",
		    r.failed == R2S_IDENTITY ? "--identity: " : "", e.msg);
	files = set.nfiles > 0 ? set.files : stdin_only;
	n = set.nfiles > 0 ? set.nfiles : 1;
	for (i = 0; i < n; i++)
		if (operand(&r, files[i], buf, set.read_size, &out, &status) <
		    0)
			break;
	if (r.dataerr && status == 0)
		status = EXIT_DATAERR;
	/* Close the bundle even after bad input: stdout stays valid JSON. */
	if (r2s_close(&r, &e) < 0 && out.err == 0)
		errx(e.status, "%s", e.msg);
	if (outbuf_flush(&out) < 0 && status != EXIT_IOERR) {
		warnx("write error: %s", strerror(out.err));
		status = EXIT_IOERR;
	}
	r2s_free(&r);
	free(set.identity);
	free(buf);
	return status;
}
