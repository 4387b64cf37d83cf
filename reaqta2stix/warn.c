/* SPDX-License-Identifier: Apache-2.0 */
/* reaqta2stix's warnings about events. */
#include "config.h"

#include <err.h>
#include <string.h>

#include "bundle.h"
#include "engine.h"
#include "jsonv.h"
#include "rmap.h"
#include "stixid.h"
#include "strbuf.h"
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
	case WARN_BAD:
		return "a timestamp that cannot be converted: kept as it came";
	case WARN_BAD + 1:
		return "a hash of the wrong form: kept as it came";
	case WARN_BAD + 2:
		return "a value its transformer rejects: kept as it came";
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

/* What is wrong with a value that transformer tr rejected. */
static const char *
rejected(enum transformer tr)
{
	switch (tr) {
	case TR_TO_TIMESTAMP:
	case TR_EPOCH_TO_TIMESTAMP:
		return "not a timestamp (epoch milliseconds or RFC 3339)";
	case TR_HASH_MD5:
		return "not an MD5 (32 hexadecimal digits)";
	case TR_HASH_SHA1:
		return "not a SHA-1 (40 hexadecimal digits)";
	case TR_HASH_SHA256:
		return "not a SHA-256 (64 hexadecimal digits)";
	case TR_HASH_SHA512:
		return "not a SHA-512 (128 hexadecimal digits)";
	default:
		return "rejected by its transformer";
	}
}

void
warn_engine(struct warnings *w, const struct engine *e, const char *name,
    unsigned long n)
{
	enum {
		SHOWN = 60
	};
	struct strbuf sb;
	int k;

	for (k = 0; k < ENGINE_BAD_KINDS; k++) {
		const struct engine_bad *b = &e->bad[k];
		size_t len;

		if (!(e->problems & (1 << k)) || w->count[WARN_BAD + k]++ > 0 ||
		    w->quiet)
			continue;
		/* The value as JSON, cut after SHOWN bytes (at a character
		 * boundary). */
		sb_init(&sb);
		jcs_write(&sb, b->value, NULL, NULL);
		len = sb.oom ? 0 : sb.len;
		if (len > SHOWN) {
			for (len = SHOWN; len > 0 &&
			     ((unsigned char)sb.buf[len] & 0xc0) == 0x80;
			     len--)
				;
		}
		warnx("%s: event %lu: %s: %.*s%s is %s: kept as %s", name, n,
		    b->leaf->event, (int)len, sb.oom ? "" : sb.buf,
		    len < sb.len ? "..." : "", rejected(b->leaf->tr),
		    b->leaf->invalid->key);
		sb_free(&sb);
	}
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
warn_skipped(const char *name, unsigned long n, unsigned long long off,
    const char *what, unsigned long long resumed_at)
{
	if (resumed_at > 0)
		warnx("%s: event %lu, byte %llu: %s; skipped, going on at byte "
		      "%llu",
		    name, n, off, what, resumed_at + 1);
	else
		warnx("%s: event %lu, byte %llu: %s; skipped to the next line",
		    name, n, off, what);
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
