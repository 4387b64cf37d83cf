/* SPDX-License-Identifier: Apache-2.0 */
/* reaqta2stix's warnings about events: the first of each kind names the
 * event, later ones are counted and summed up at the end. */
#ifndef WARN_H
#define WARN_H

#include "enrich.h"

struct engine;

enum {
	WARN_NOT_OBJECT,
	WARN_TIME_RECEIVED,
	WARN_TIME_NOW,
	WARN_EMPTY,
	WARN_BAD, /* then one a kind of ENGINE_BAD_ (engine.h) */
	WARN_ENRICH = WARN_BAD + 3, /* then one a kind of enrich.h */
	WARN_KINDS = WARN_ENRICH + ENRICH_KINDS
};

struct warnings {
	int quiet;
	unsigned long count[WARN_KINDS];
};

void warn_init(struct warnings *, int quiet);
/* Event n of input name met a problem of kind. */
void warn_event(struct warnings *, int kind, const char *name, unsigned long n);
/* The problems enrich_event returned (its bits). */
void warn_enrich(
    struct warnings *, int bits, const char *name, unsigned long n);
/* The values the engine kept unconverted in the event it translated (the
 * first of each kind is named, with the property it went to). */
void warn_engine(struct warnings *, const struct engine *, const char *name,
    unsigned long n);
/* The BUNDLE_ bits bundle_event returned. */
void warn_bundle(
    struct warnings *, int bits, const char *name, unsigned long n);
/* Malformed JSON at byte off of input name, in event n, skipped: reading
 * goes on at resumed_at (from 0), or at the next line when 0.  Always
 * reported. */
void warn_skipped(const char *name, unsigned long n, unsigned long long off,
    const char *what, unsigned long long resumed_at);
/* How many more events met each kind, after the first was reported. */
void warn_summary(const struct warnings *);

#endif
