/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of common/outbuf.c, jsonw.c, utf8.c, strbuf.c and arena.c. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "jsonw.h"
#include "outbuf.h"
#include "strbuf.h"
#include "tap.h"
#include "utf8.h"

/* What was written to a pipe, NUL-terminated, in buf. */
static void
drain(int fd, char *buf, size_t size)
{
	ssize_t n;
	size_t got = 0;

	while (got + 1 < size && (n = read(fd, buf + got, size - 1 - got)) > 0)
		got += (size_t)n;
	buf[got] = '\0';
}

static void
test_outbuf(void)
{
	static char big[200000];
	struct outbuf ob;
	int fd = open("/dev/full", O_WRONLY);

	if (fd < 0) {
		ok(0, "/dev/full can be opened");
		return;
	}
	outbuf_init(&ob, fd);
	ok(outbuf_write(&ob, "x", 1) == 0, "a small write is buffered");
	ok(outbuf_flush(&ob) < 0 && ob.err == ENOSPC,
	    "flushing to /dev/full fails with ENOSPC");
	ok(outbuf_puts(&ob, "y") < 0, "later writes fail too");
	outbuf_init(&ob, fd);
	ok(outbuf_write(&ob, big, sizeof(big)) < 0 && ob.err == ENOSPC,
	    "a write larger than the buffer goes straight out and fails");
	close(fd);
}

static void
test_jsonw(void)
{
	static const char want[] =
	    "{\"id\":847102109500309505,\"big\":18446744073709551616,"
	    "\"f\":1.0e3,\"s\":\"a\\\"b\\\\c\\n\\u0001\xc3\xa9\",\"t\":true,"
	    "\"n\":null,\"a\":[]}\n[1]\n";
	struct outbuf ob;
	struct jsonw w;
	char got[512];
	int fds[2];

	if (pipe(fds) < 0)
		abort();
	outbuf_init(&ob, fds[1]);
	jsonw_init(&w, &ob, 0);
	jsonw_map_open(&w);
	jsonw_cstring(&w, "id");
	jsonw_number(&w, "847102109500309505", 18);
	jsonw_cstring(&w, "big");
	jsonw_number(&w, "18446744073709551616", 20);
	jsonw_cstring(&w, "f");
	jsonw_number(&w, "1.0e3", 5);
	jsonw_cstring(&w, "s");
	jsonw_string(&w, "a\"b\\c\n\x01\xc3\xa9", 9);
	jsonw_cstring(&w, "t");
	jsonw_bool(&w, 1);
	jsonw_cstring(&w, "n");
	jsonw_null(&w);
	jsonw_cstring(&w, "a");
	jsonw_array_open(&w);
	jsonw_array_close(&w);
	jsonw_map_close(&w);
	ok(jsonw_end(&w) == 0, "a value ends with a newline");
	jsonw_array_open(&w);
	jsonw_number(&w, "1", 1);
	jsonw_array_close(&w);
	jsonw_end(&w);
	ok(jsonw_string(&w, "\xff", 1) < 0 &&
		w.status == yajl_gen_invalid_string,
	    "invalid UTF-8 is refused");
	outbuf_flush(&ob);
	close(fds[1]);
	drain(fds[0], got, sizeof(got));
	close(fds[0]);
	if (!ok(strcmp(got, want) == 0, "numbers pass through as text"))
		printf("# got %s\n", got);
	jsonw_free(&w);
}

static void
test_utf8(void)
{
	static const struct {
		const char *s;
		size_t len;
		uint32_t cp;
	} cases[] = {
	    {"A", 1, 0x41}, {"\xc2\xa0", 2, 0xa0}, {"\xe3\x80\x80", 3, 0x3000},
	    {"\xf0\x9f\x98\x80", 4, 0x1f600}, {"\xc0\x80", 0, 0}, /* overlong */
	    {"\xe0\x80\x80", 0, 0},                               /* overlong */
	    {"\xed\xa0\x80", 0, 0},     /* surrogate */
	    {"\xf4\x90\x80\x80", 0, 0}, /* above U+10FFFF */
	    {"\xe3\x80", 0, 0},         /* truncated */
	    {"\x80", 0, 0},             /* continuation */
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t cp = 0;
		size_t n = utf8_decode(
		    (const unsigned char *)cases[i].s, strlen(cases[i].s), &cp);

		ok(n == cases[i].len && (n == 0 || cp == cases[i].cp),
		    "utf8 case %zu", i);
	}
}

static void
test_memory(void)
{
	struct strbuf sb;
	struct arena a;
	char *p, *q;
	int i, aligned = 1;

	sb_init(&sb);
	for (i = 0; i < 1000; i++)
		sb_puts(&sb, "0123456789");
	ok(!sb.oom && sb.len == 10000 && strlen(sb.buf) == 10000,
	    "strbuf grows");
	sb_reset(&sb);
	ok(sb.len == 0 && sb.buf[0] == '\0', "strbuf resets");
	sb_free(&sb);
	arena_init(&a);
	for (i = 0; i < 10000; i++) {
		p = arena_alloc(&a, (size_t)i % 97 + 1);
		aligned &= ((uintptr_t)p % sizeof(void *)) == 0;
	}
	ok(aligned, "arena allocations are aligned");
	q = arena_alloc(&a, 1 << 20);
	ok(q != NULL, "a large arena allocation");
	memset(q, 1, 1 << 20);
	arena_reset(&a);
	p = arena_strndup(&a, "abcdef", 3);
	ok(p != NULL && strcmp(p, "abc") == 0, "arena after reset");
	arena_free(&a);
}

int
main(void)
{
	test_outbuf();
	test_jsonw();
	test_utf8();
	test_memory();
	return tap_end();
}
