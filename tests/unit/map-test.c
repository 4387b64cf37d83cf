/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of common/map.c: the format, its errors, the built-in maps. */
#include "config.h"

#include <string.h>

#include "error.h"
#include "exitcodes.h"
#include "map.h"
#include "tap.h"

static void
refuse_n(const char *text, size_t len, const char *msg)
{
	struct map m;
	struct rs_error e = {.status = 0};
	int rc =
	    map_parse(&m, "t.map", text, len, MAP_QUERIES | MAP_RESULTS, &e);

	if (!ok(rc < 0 && e.status == EXIT_CONFIG && strcmp(e.msg, msg) == 0,
		"refuse: %s", msg))
		printf("# got %d %d %s\n", rc, e.status, e.msg);
}

static void
refuse(const char *text, const char *msg)
{
	refuse_n(text, strlen(text), msg);
}

int
main(void)
{
	static const char text[] =
	    "# comment\n"
	    "\n"
	    "range eventdata.size\n"
	    "query file:name consumer.script.filename fsName\n"
	    "query x:'a b'.c $ip\n"
	    "query process:creator_user_ref.user_id\n"
	    "  result\tpayload.process.pid process.pid object=process "
	    "transformer=ToInteger\n"
	    "result data.x x-oca-event.ip_refs object=event refs=a,b group\n"
	    "result happenedAt first_observed cybox=false\n"
	    "result a.b x.y object=o ref=p group_ref value=alert";
	struct map m;
	struct rs_error e = {.status = 0};
	const char *const *n;
	int builtins = 0;

	ok(map_parse(&m, "t.map", text, sizeof(text) - 1,
	       MAP_QUERIES | MAP_RESULTS, &e) == 0,
	    "a valid map parses");
	ok(m.nqueries == 3 && m.nranges == 1 && m.nresults == 4, "counts");
	ok(strcmp(m.queries[0].path, "file:name") == 0 &&
		m.queries[0].nfields == 2 &&
		strcmp(m.queries[0].fields[1], "fsName") == 0 &&
		m.queries[0].line == 4 && m.queries[0].path_col == 7,
	    "query fields and place");
	ok(strcmp(m.queries[1].path, "x:'a b'.c") == 0 &&
		strcmp(m.queries[1].fields[0], "$ip") == 0,
	    "a quoted path keeps its blanks");
	ok(m.queries[2].nfields == 0, "a query without fields");
	ok(map_is_range(&m, "eventdata.size") && !map_is_range(&m, "fsName"),
	    "range fields");
	ok(strcmp(m.results[0].event, "payload.process.pid") == 0 &&
		strcmp(m.results[0].transformer, "ToInteger") == 0 &&
		m.results[0].refs == NULL && m.results[0].cybox,
	    "result attributes");
	ok(m.results[1].ref_list && m.results[1].nrefs == 2 &&
		strcmp(m.results[1].refs[1], "b") == 0 && m.results[1].group,
	    "refs= is a list");
	ok(!m.results[2].cybox && m.results[2].object == NULL, "cybox=false");
	ok(!m.results[3].ref_list && m.results[3].nrefs == 1 &&
		m.results[3].group_ref &&
		strcmp(m.results[3].value, "alert") == 0,
	    "ref=, group_ref, value=");
	map_free(&m);

	refuse("qurey a:b c\n",
	    "t.map: line 1, column 1: expected 'query', "
	    "'range', 'result' or 'option'");
	refuse("option frob\n",
	    "t.map: line 1, column 8: unknown option "
	    "(known: keep-nested-empty)");
	refuse(
	    "query\n", "t.map: line 1, column 6: expected a STIX object path");
	refuse("query a:b c-d\n",
	    "t.map: line 1, column 11: expected a HunQ field name");
	refuse("query a:b $\n",
	    "t.map: line 1, column 11: expected a HunQ field name");
	refuse("query a:b x..y\n",
	    "t.map: line 1, column 11: expected a HunQ field name");
	refuse("range a b\n",
	    "t.map: line 1, column 9: expected the end of "
	    "the line");
	refuse("\nresult a\n", "t.map: line 2, column 9: expected a STIX key");
	refuse("result a b frob=1\n",
	    "t.map: line 1, column 12: unknown attribute");
	refuse("result a b object=x object=y\n",
	    "t.map: line 1, column 28: attribute given twice");
	refuse("result a b object=\n",
	    "t.map: line 1, column 19: expected a value after '='");
	refuse("result a b ref=x,y\n",
	    "t.map: line 1, column 16: ref= takes one name (refs= a list)");
	refuse("result a b refs=x,,y\n",
	    "t.map: line 1, column 19: expected an object name");
	refuse("result a b ref=x refs=y\n",
	    "t.map: line 1, column 23: references given twice");
	refuse_n("query a:b c\n\0\n", 14, "t.map: line 2, column 1: NUL byte");

	ok(map_parse(&m, "t.map", text, sizeof(text) - 1, MAP_QUERIES, &e) ==
		    0 &&
		m.nqueries == 3 && m.nresults == 0,
	    "result lines skipped");
	map_free(&m);
	ok(map_parse(&m, "t.map", text, sizeof(text) - 1, MAP_RESULTS, &e) ==
		    0 &&
		m.nqueries == 0 && m.nranges == 0 && m.nresults == 4,
	    "query lines skipped");
	map_free(&m);
	ok(map_load(&m, "no/such/file", MAP_QUERIES, &e) < 0 &&
		e.status == EXIT_NOINPUT,
	    "a missing file: %s", e.msg);
	for (n = map_builtin_names; *n != NULL; n++) {
		int rc = map_load(&m, *n, MAP_QUERIES | MAP_RESULTS, &e);

		ok(rc == 0 && m.nresults > 400, "built-in map %s", *n);
		if (rc == 0) {
			if (strcmp(*n, "readme-2022") != 0)
				ok(m.nqueries > 170 && m.nranges == 3,
				    "%s has its query half", *n);
			map_free(&m);
		}
		builtins++;
	}
	ok(builtins == 3, "three built-in maps");
	return tap_end();
}
