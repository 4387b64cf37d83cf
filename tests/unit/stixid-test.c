/* SPDX-License-Identifier: Apache-2.0 */
/* STIX 2.1 ids: the worked examples of the spec notes (ids verified with
 * python-stix2), RFC 8785 number and string forms, and Python's repr. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "engine.h"
#include "evread.h"
#include "jsonv.h"
#include "numtext.h"
#include "stixid.h"
#include "tap.h"

static struct arena keep;
static struct jv *parsed;

static int
grab(void *ctx, struct jv *v, unsigned long n)
{
	(void)ctx;
	(void)n;
	parsed = jv_copy(&keep, v);
	return 0;
}

/* The JSON text as a tree, kept until the end. */
static struct jv *
parse(const char *json)
{
	struct evread_cb cb = {grab, NULL, NULL, NULL};
	struct evread r;

	parsed = NULL;
	if (evread_init(&r, &cb) < 0 ||
	    evread_feed(&r, (const unsigned char *)json, strlen(json)) != 0 ||
	    evread_finish(&r) != 0 || parsed == NULL) {
		fprintf(stderr, "cannot parse %s\n", json);
		exit(2);
	}
	evread_free(&r);
	return parsed;
}

/* Make member key of o a reference to object idx. */
static void
make_ref(struct jv *o, const char *key, unsigned idx)
{
	struct jv *m = jv_get(o, key);

	m->type = JV_REF;
	m->ref = idx;
}

/* The ids of objects given as JSON (refs given as "@N" strings become
 * references to object N); the id of the last is checked. */
static void
check(const char *name, const char *const *objs, size_t n, int det,
    const char *want)
{
	struct engine e;
	struct stixid g;
	struct arena a;
	size_t i;
	int rc = 0;

	memset(&e, 0, sizeof(e));
	arena_init(&a);
	e.a = &a;
	e.objs = calloc(n, sizeof(*e.objs));
	e.nobjs = n;
	for (i = 0; i < n; i++) {
		struct jv *m;

		e.objs[i].props = parse(objs[i]);
		e.objs[i].type = jv_get(e.objs[i].props, "type")->s;
		e.objs[i].kept = 1;
		for (m = e.objs[i].props->head; m != NULL; m = m->next)
			if (m->type == JV_STRING && m->len > 1 &&
			    m->s[0] == '@')
				make_ref(e.objs[i].props, m->key,
				    (unsigned)atoi(m->s + 1));
	}
	stixid_init(&g, det);
	for (i = 0; i < n && rc >= 0; i++)
		rc = stixid_assign(&g, &e, i);
	ok(rc >= 0 && strcmp(e.objs[n - 1].id, want) == 0, "%s: %s", name,
	    rc >= 0 ? e.objs[n - 1].id : "failed");
	stixid_free(&g);
	free(e.objs);
	arena_free(&a);
}

#define CHECK(name, want, ...)                                                 \
	do {                                                                   \
		static const char *const o_[] = {__VA_ARGS__};                 \
		check(name, o_, sizeof(o_) / sizeof(o_[0]), 0, want);          \
	} while (0)

static void
numbers(void)
{
	static const struct {
		double d;
		const char *es, *py;
	} cases[] = {
	    {7.0, "7", "7.0"},
	    {100.0, "100", "100.0"},
	    {1e-7, "1e-7", "1e-07"},
	    {1e20, "100000000000000000000", "1e+20"},
	    {1e21, "1e+21", "1e+21"},
	    {1e16, "10000000000000000", "1e+16"},
	    {-0.0, "0", "-0.0"},
	    {0.000001, "0.000001", "1e-06"},
	    {0.0001, "0.0001", "0.0001"},
	    {1.5, "1.5", "1.5"},
	    {123456.789, "123456.789", "123456.789"},
	    {1.0000000000000002, "1.0000000000000002", "1.0000000000000002"},
	    {9007199254740993.0, "9007199254740992", "9007199254740992.0"},
	    {5e-324, "5e-324", "5e-324"},
	    {1.7976931348623157e308, "1.7976931348623157e+308",
		"1.7976931348623157e+308"},
	    {-2.5e-8, "-2.5e-8", "-2.5e-08"},
	};
	char out[NUMTEXT_MAX];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		num_es(cases[i].d, out);
		ok(strcmp(out, cases[i].es) == 0, "ES %s: %s", cases[i].es,
		    out);
		num_py_repr(cases[i].d, out);
		ok(strcmp(out, cases[i].py) == 0, "Python %s: %s", cases[i].py,
		    out);
	}
}

static void
jcs(void)
{
	struct strbuf sb;
	struct jv *v = parse("{\"b\":[1.0,\"a\\u0007b\\u007fc\\u2028d/e\\\"f"
			     "\\\\g\\u00e9\\n\"],\"a\":{\"z\":1e2,\"\\u00e9\":"
			     "true,\"y\":null},\"\\ud83d\\ude00\":0,"
			     "\"\\ufb01\":1}");

	sb_init(&sb);
	jcs_write(&sb, v, NULL, NULL);
	sb_putc(&sb, '\0');
	/* Keys by UTF-16 units: U+1F600 (D83D...) sorts before U+FB01. */
	ok(strcmp(sb.buf,
	       "{\"a\":{\"y\":null,\"z\":100,\"\xc3\xa9\":true},"
	       "\"b\":[1,\"a\\u0007b\x7f"
	       "c\xe2\x80\xa8"
	       "d/e\\\"f\\\\g\xc3\xa9\\n\"],"
	       "\"\xf0\x9f\x98\x80\":0,\"\xef\xac\x81\":1}") == 0,
	    "RFC 8785 form: %s", sb.buf);
	sb_free(&sb);
}

int
main(void)
{
	arena_init(&keep);
	numbers();
	jcs();
	CHECK("E1 ipv4-addr", "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4",
	    "{\"type\":\"ipv4-addr\",\"value\":\"198.51.100.3\"}");
	CHECK("E2 domain-name",
	    "domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7",
	    "{\"type\":\"domain-name\",\"value\":\"example.com\"}");
	CHECK("E3 directory", "directory--0a58d0c1-59e6-5afd-8252-dcd3f13e5622",
	    "{\"type\":\"directory\",\"path\":\"C:\\\\Windows\\\\System32\"}");
	CHECK("E4 file: MD5 chosen, size ignored, directory by id",
	    "file--f7f89548-67a1-5063-82df-e14da5ed68f8",
	    "{\"type\":\"directory\",\"path\":\"C:\\\\Windows\\\\System32\"}",
	    "{\"type\":\"file\",\"hashes\":{\"SHA-256\":"
	    "\"ceafbfd424be2ca4a5f0402cae090dda2fb0526cf521b60b60077c0f622b285a"
	    "\",\"MD5\":\"a92e5b2bae0b4b3a3d81c85610b95cd4\"},"
	    "\"name\":\"qwerty.dll\",\"size\":25536,"
	    "\"parent_directory_ref\":\"@0\"}");
	CHECK("E5 file: non-ASCII name as UTF-8",
	    "file--7d1e3a18-89e7-5bc5-be36-9879f5b7f5c8",
	    "{\"type\":\"file\",\"hashes\":{\"SHA-256\":"
	    "\"841a8921140aba50671ebb0770fecc4ee308c4952cfeff8de154ab14eeef4649"
	    "\"},\"name\":\"qu\\u00eary.dll\",\"name_enc\":\"windows-1252\"}");
	CHECK("E6 network-traffic",
	    "network-traffic--b4dc77d4-0991-5542-af71-5a870320f23a",
	    "{\"type\":\"ipv4-addr\",\"value\":\"198.51.100.2\"}",
	    "{\"type\":\"ipv4-addr\",\"value\":\"198.51.100.3\"}",
	    "{\"type\":\"network-traffic\",\"src_ref\":\"@0\",\"dst_ref\":\"@1\","
	    "\"src_port\":24678,\"dst_port\":80,"
	    "\"protocols\":[\"ipv4\",\"tcp\",\"http\"]}");
	CHECK("E7 windows-registry-key",
	    "windows-registry-key--e68e0cfb-e4a4-529f-a747-39e7e378e40e",
	    "{\"type\":\"windows-registry-key\",\"key\":"
	    "\"HKEY_LOCAL_MACHINE\\\\System\\\\Foo\\\\Bar\",\"values\":["
	    "{\"name\":\"Foo\",\"data\":\"qwerty\",\"data_type\":\"REG_SZ\"},"
	    "{\"name\":\"Bar\",\"data\":\"42\",\"data_type\":\"REG_DWORD\"}]}");
	CHECK("E8 user-account",
	    "user-account--f94d689e-707d-58c3-b803-c720bb6ed096",
	    "{\"type\":\"user-account\",\"user_id\":\"1001\",\"account_login\":"
	    "\"jdoe\",\"account_type\":\"unix\",\"display_name\":\"John Doe\"}");
	CHECK("E9 autonomous-system",
	    "autonomous-system--3aa27478-50b5-5ab8-9da9-cdc12b657fff",
	    "{\"type\":\"autonomous-system\",\"number\":15139,\"name\":"
	    "\"Slime Industries\"}");
	CHECK("E10 file: a float in extensions",
	    "file--68f063d7-daa9-501e-85ae-48d71084f514",
	    "{\"type\":\"file\",\"name\":\"a.exe\",\"extensions\":{"
	    "\"windows-pebinary-ext\":{\"pe_type\":\"exe\",\"sections\":[{"
	    "\"name\":\".text\",\"entropy\":7.0,\"size\":1024}]}}}");
	CHECK("E11 email-message",
	    "email-message--618f26af-a6a6-5321-8da7-d9253d94ac5b",
	    "{\"type\":\"email-addr\",\"value\":\"jdoe@example.com\"}",
	    "{\"type\":\"email-message\",\"from_ref\":\"@0\",\"subject\":"
	    "\"Saying Hello\",\"body\":\"Cats are funny!\","
	    "\"is_multipart\":false}");
	CHECK("E12 x509-certificate",
	    "x509-certificate--d5cde42f-42cd-5dc1-845f-bc84785f73f7",
	    "{\"type\":\"x509-certificate\",\"serial_number\":"
	    "\"36:f7:d4:32:f4:ab:70:ea:d3:ce:98:6e:ea:99:93:49:32:0a:b7:06\","
	    "\"hashes\":{\"SHA-256\":\"aec070645fe53ee3b3763059376134f058cc337"
	    "247c978add178b6ccdfb0019f\"}}");
	CHECK("mutex: control characters",
	    "mutex--d8296dc0-6428-5a1a-9d1e-03b6d985ddbd",
	    "{\"type\":\"mutex\",\"name\":"
	    "\"a\\u0007b\\u007fc\\u2028d/e\\\"f\\\\g\\u00e9\"}");
	CHECK("email-addr", "email-addr--9d9e6665-57ca-501a-9c1f-435852499a2a",
	    "{\"type\":\"email-addr\",\"value\":\"joe@example.com\"}");
	CHECK("network-traffic with protocols only",
	    "network-traffic--4292dccf-844d-5aa2-a8c2-285ed7a90c02",
	    "{\"type\":\"ipv4-addr\",\"value\":\"198.51.100.2\"}",
	    "{\"type\":\"ipv4-addr\",\"value\":\"198.51.100.3\"}",
	    "{\"type\":\"network-traffic\",\"src_ref\":\"@0\",\"dst_ref\":\"@1\","
	    "\"protocols\":[\"tcp\"]}");
	CHECK("file: SHA-256 and a directory",
	    "file--362a53af-9834-500e-8f3b-b73e83206cdd",
	    "{\"type\":\"directory\",\"path\":\"C:\\\\Windows\\\\System32\"}",
	    "{\"type\":\"file\",\"hashes\":{\"SHA-256\":"
	    "\"ceafbfd424be2ca4a5f0402cae090dda2fb0526cf521b60b60077c0f622b285a"
	    "\"},\"name\":\"qwerty.dll\",\"parent_directory_ref\":\"@0\"}");
	CHECK("stix-shifter's directory example",
	    "directory--13adb857-abec-5c8f-847b-bb6899c74d12",
	    "{\"type\":\"directory\",\"path\":\"c:\\\\windows\\\\system32\"}");
	/* The project namespace's UUIDv5 of "process:" and the canonical
	 * x_unique_id, version set to 4 (python3 -c 'import uuid; ...'). */
	CHECK("process from x_unique_id",
	    "process--e06b3c4b-c148-4158-bea0-ee7529e480c8",
	    "{\"type\":\"process\",\"x_unique_id\":\"H1:10:100\",\"pid\":10}");
	arena_free(&keep);
	return tap_end();
}
