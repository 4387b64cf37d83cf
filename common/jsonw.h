/* SPDX-License-Identifier: Apache-2.0 */
/* A small JSON writer: yajl_gen printing straight into an outbuf. */
#ifndef JSONW_H
#define JSONW_H

#include <stddef.h>

#include <yajl/yajl_gen.h>

struct outbuf;

struct jsonw {
	yajl_gen g;
	struct outbuf *out;
	int pretty;
	yajl_gen_status status; /* of the last failed call, else ok */
};

enum {
	JSONW_PRETTY = 1, /* indent by two spaces */
	JSONW_UTF8 = 2    /* every string is known to be UTF-8: not checked */
};

/* Write JSON values to out, compact or (JSONW_PRETTY) indented.  0, or -1
 * when out of memory.  The generator belongs to w: see jsonw_free. */
int jsonw_init(struct jsonw *w, struct outbuf *out, int flags);
void jsonw_free(struct jsonw *);

/* Each call returns 0, or -1 when the generator refuses (status; invalid
 * UTF-8 in a string, say) or the output has failed (out->err). */
int jsonw_map_open(struct jsonw *);
int jsonw_map_close(struct jsonw *);
int jsonw_array_open(struct jsonw *);
int jsonw_array_close(struct jsonw *);
int jsonw_string(struct jsonw *, const char *, size_t);
/* A NUL-terminated string, typically a key. */
int jsonw_cstring(struct jsonw *, const char *);
/* A number given as its JSON text, written unchanged. */
int jsonw_number(struct jsonw *, const char *, size_t);
int jsonw_bool(struct jsonw *, int);
int jsonw_null(struct jsonw *);
/* End a complete top-level value with a newline; the next value starts a
 * new line. */
int jsonw_end(struct jsonw *);

#endif
