/* SPDX-License-Identifier: Apache-2.0 */
/* reaqta2stix's warnings about events. */
#include "config.h"

#include <err.h>
#include <string.h>

#include "bundle.h"
#include "warn.h"

static const char *
phrase(int kind)
{
	switch (kind) {
	case WARN_NOT_OBJECT:
		return "not a JSON object: skipped";
	case WARN_TIME_RECEIVED:
		return "happenedAt missing or not a timestamp: "
		       "first_observed and last_observed from receivedAt";
	case WARN_TIME_NOW:
		return "happenedAt and receivedAt missing or not timestamps: "
		       "first_observed and last_observed from the "
		       "translation time";
	case WARN_EMPTY:
		return "no STIX object in it: skipped";
	default:
		return enrich_problem(1 << (kind - WARN_ENRICH));
	}
}

void
warn_init(struct warnings *w, int quiet)
{
	memset(w, 0, sizeof(*w));
	w->quiet = quiet;
}

void
warn_event(struct warnings *w, int kind, const char *name, unsigned long n)
{
	if (w->count[kind]++ == 0 && !w->quiet)
		warnx("%s: event %lu: %s", name, n, phrase(kind));
}

void
warn_enrich(struct warnings *w, int bits, const char *name, unsigned long n)
{
	int k;

	for (k = 0; k < ENRICH_KINDS; k++)
		if (bits & (1 << k))
			warn_event(w, WARN_ENRICH + k, name, n);
}

void
warn_bundle(struct warnings *w, int bits, const char *name, unsigned long n)
{
	if (bits & BUNDLE_EMPTY)
		warn_event(w, WARN_EMPTY, name, n);
	if (bits & BUNDLE_TIME_RECEIVED)
		warn_event(w, WARN_TIME_RECEIVED, name, n);
	if (bits & BUNDLE_TIME_NOW)
		warn_event(w, WARN_TIME_NOW, name, n);
}

void
warn_summary(const struct warnings *w)
{
	int k;

	if (w->quiet)
		return;
	for (k = 0; k < WARN_KINDS; k++)
		if (w->count[k] > 1)
			warnx("%lu more event%s: %s", w->count[k] - 1,
			    w->count[k] > 2 ? "s" : "", phrase(k));
}
