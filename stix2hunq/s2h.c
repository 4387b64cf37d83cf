/* SPDX-License-Identifier: Apache-2.0 */
/* One STIX pattern to one HunQ query. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "exitcodes.h"
#include "qmap.h"
#include "s2h.h"
#include "timestamp.h"

void
s2h_init(struct s2h *s, const struct qmap *map, const struct s2h_options *o)
{
	memset(s, 0, sizeof(*s));
	s->opt = *o;
	arena_init(&s->arena);
	sb_init(&s->query);
	s->x.map = map;
	s->x.a = &s->arena;
	s->x.strict = o->strict;
	s->x.range_min = o->time_range;
}

int
s2h_translate(struct s2h *s, const char *pattern, size_t len)
{
	struct rs_error pe;
	struct node *tree;
	struct hq *hq;

	arena_reset(&s->arena);
	sb_reset(&s->query);
	s->x.nwarns = 0;
	s->x.src = pattern;
	s->x.len = len;
	s->x.oom = 0;
	s->x.unmapped = 0;
	s->failure = 0;
	tree = parse_pattern(pattern, len, s->opt.ver, &s->arena, &pe);
	if (tree == NULL) {
		if (pe.status == EXIT_SOFTWARE)
			return -2;
		s->error = pe;
		s->failure = S2H_SYNTAX;
		return -1;
	}
	if (s->opt.fixed_now)
		s->x.now_ms = s->opt.now_ms;
	else if (ts_now_ms(&s->x.now_ms) < 0)
		return -2;
	hq = translate(&s->x, tree);
	if (hq == NULL) {
		if (s->x.oom)
			return -2;
		s->error = s->x.err;
		s->failure = s->x.unmapped ? S2H_UNMAPPED : S2H_UNTRANSLATABLE;
		return -1;
	}
	hq_write(&s->query, hq);
	return s->query.oom ? -2 : 0;
}

void
s2h_free(struct s2h *s)
{
	arena_free(&s->arena);
	sb_free(&s->query);
	free(s->x.warns);
	memset(s, 0, sizeof(*s));
}

void
s2h_position(const char *src, size_t len, size_t off, unsigned long *line,
    unsigned long *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off && i < len; i++) {
		unsigned char c = (unsigned char)src[i];

		if (c == '\n') {
			(*line)++;
			*col = 1;
		} else if ((c & 0xc0) != 0x80) {
			(*col)++;
		}
	}
}
