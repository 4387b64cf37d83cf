/* SPDX-License-Identifier: Apache-2.0 */
/* What stix-shifter's reaqta transmit step does to raw Hunt API events
 * before they are translated (modify_result): event names, protocol
 * names, inbound direction, address families, MITRE tactics. */
#ifndef ENRICH_H
#define ENRICH_H

struct arena;
struct jv;

/* What enrich_event could not do, one bit a kind. */
enum {
	ENRICH_UNKNOWN_EVENT_TYPE = 1 << 0,
	ENRICH_NO_DATA = 1 << 1,
	ENRICH_UNKNOWN_PROTOCOL = 1 << 2,
	ENRICH_INBOUND_PARTIAL = 1 << 3,
	ENRICH_ADDRESS_MISSING = 1 << 4,
	ENRICH_UNKNOWN_FAMILY = 1 << 5,
	ENRICH_NO_TECHNIQUE = 1 << 6,
	ENRICH_TACTICS_NOT_LIST = 1 << 7,
	ENRICH_KINDS = 8
};

/* Enrich one event (an object) in place; new values come from a.  An
 * event that already carries the enrichment (an event name, protocol or
 * address family names, localAddrV4..., mod_tactics) is left as it is, so
 * enriching is idempotent.  Returns the kinds of problems met (0 for none),
 * or -1 when out of memory. */
int enrich_event(struct jv *ev, struct arena *a);
/* A phrase for one problem kind (a single bit), for a warning. */
const char *enrich_problem(int kind);

#endif
