/* SPDX-License-Identifier: Apache-2.0 */
/* One event through reaqta2stix. */
#include "config.h"

#include "arena.h"
#include "bundle.h"
#include "engine.h"
#include "enrich.h"
#include "error.h"
#include "exitcodes.h"
#include "jsonv.h"
#include "r2s.h"
#include "warn.h"

int
r2s_event(struct r2s *r, struct jv *v, unsigned long n, struct rs_error *e)
{
	int rc;

	if (v->type != JV_OBJECT) {
		warn_event(r->warn, WARN_NOT_OBJECT, r->name, n);
		return 0;
	}
	arena_reset(r->arena);
	if ((rc = enrich_event(v, r->arena)) < 0 ||
	    engine_event(r->engine, v, r->arena) < 0) {
		error_set(e, EXIT_SOFTWARE, "out of memory");
		return -1;
	}
	warn_enrich(r->warn, rc, r->name, n);
	warn_engine(r->warn, r->engine, r->name, n);
	if ((rc = bundle_event(r->bundle, r->engine, v, e)) < 0)
		return -1;
	warn_bundle(r->warn, rc, r->name, n);
	return 0;
}
