/* SPDX-License-Identifier: Apache-2.0 */
/* A small JSON writer over yajl_gen. */
#include "config.h"

#include <string.h>

#include "jsonw.h"
#include "outbuf.h"

static void
print_cb(void *ctx, const char *s, size_t len)
{
	struct outbuf *ob = ctx;

	/* yajl prints in small pieces: the common case without a call. */
	if (ob->err == 0 && len <= sizeof(ob->buf) - ob->len) {
		memcpy(ob->buf + ob->len, s, len);
		ob->len += len;
		return;
	}
	outbuf_write(ob, s, len);
}

int
jsonw_init(struct jsonw *w, struct outbuf *out, int flags)
{
	int pretty = (flags & JSONW_PRETTY) != 0;

	w->out = out;
	w->pretty = pretty;
	w->status = yajl_gen_status_ok;
	w->g = yajl_gen_alloc(NULL);
	if (w->g == NULL)
		return -1;
	yajl_gen_config(w->g, yajl_gen_print_callback, print_cb, out);
	yajl_gen_config(
	    w->g, yajl_gen_validate_utf8, (flags & JSONW_UTF8) == 0);
	if (pretty) {
		yajl_gen_config(w->g, yajl_gen_beautify, 1);
		yajl_gen_config(w->g, yajl_gen_indent_string, "  ");
	}
	return 0;
}

void
jsonw_free(struct jsonw *w)
{
	if (w->g != NULL)
		yajl_gen_free(w->g);
	w->g = NULL;
}

static int
check(struct jsonw *w, yajl_gen_status st)
{
	if (st != yajl_gen_status_ok) {
		w->status = st;
		return -1;
	}
	return w->out->err != 0 ? -1 : 0;
}

int
jsonw_map_open(struct jsonw *w)
{
	return check(w, yajl_gen_map_open(w->g));
}

int
jsonw_map_close(struct jsonw *w)
{
	return check(w, yajl_gen_map_close(w->g));
}

int
jsonw_array_open(struct jsonw *w)
{
	return check(w, yajl_gen_array_open(w->g));
}

int
jsonw_array_close(struct jsonw *w)
{
	return check(w, yajl_gen_array_close(w->g));
}

int
jsonw_string(struct jsonw *w, const char *s, size_t len)
{
	return check(w, yajl_gen_string(w->g, (const unsigned char *)s, len));
}

int
jsonw_cstring(struct jsonw *w, const char *s)
{
	return jsonw_string(w, s, strlen(s));
}

int
jsonw_number(struct jsonw *w, const char *s, size_t len)
{
	return check(w, yajl_gen_number(w->g, s, len));
}

int
jsonw_bool(struct jsonw *w, int b)
{
	return check(w, yajl_gen_bool(w->g, b));
}

int
jsonw_null(struct jsonw *w)
{
	return check(w, yajl_gen_null(w->g));
}

int
jsonw_end(struct jsonw *w)
{
	/* yajl ends a complete value with a newline itself when beautifying. */
	yajl_gen_reset(w->g, w->pretty ? NULL : "\n");
	return w->out->err != 0 ? -1 : 0;
}
