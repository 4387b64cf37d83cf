/* SPDX-License-Identifier: Apache-2.0 */
/* The enrichment of raw Hunt API events (stix-shifter's modify_result).
 * The tables are stix-shifter's reaqta event_names_map.json,
 * network_protocol_map.json and tactic_names.json (Apache-2.0, see
 * NOTICE). */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "enrich.h"
#include "jsonv.h"

/* Event names by eventType (0, 29 and 92 have none). */
static const char *const event_names[] = {
    [1] = "Heartbeat",
    [2] = "Process Created",
    [3] = "Process Terminated",
    [4] = "Cross-process Operation",
    [5] = "File Created",
    [6] = "File Renamed",
    [7] = "File Deleted",
    [8] = "Network Connection Established",
    [9] = "Registry Persistence",
    [10] = "Registry Value Set",
    [11] = "Registry Entry Deleted",
    [12] = "File Written",
    [13] = "Executable Dropped",
    [14] = "Executable Duplicated",
    [15] = "Keylog",
    [16] = "Screenshot",
    [17] = "Privilege Escalation",
    [18] = "Filesystem Persistence",
    [19] = "Free with Process",
    [20] = "Process Impersonation",
    [21] = "File Read",
    [22] = "Forged Digital Signature",
    [23] = "Correlated Alert",
    [24] = "Harvested Credentials",
    [25] = "Whitelist Triggered",
    [26] = "Dll Hijacking",
    [27] = "Suspicious Script",
    [28] = "Policy Hit",
    [30] = "Alert Terminated",
    [31] = "Behavioral Anomaly",
    [32] = "Token Stealing",
    [33] = "Protection Policy",
    [34] = "Ransomware",
    [35] = "RAT Behavior",
    [36] = "WMI Activity",
    [37] = "ETW WinINet",
    [38] = "ETW DNS",
    [39] = "Account Logged On",
    [40] = "Account Logged On Failed",
    [41] = "Account Credentials Validation Attempted",
    [42] = "Account Credentials Logon Attempted",
    [43] = "Android Microphone On",
    [44] = "Android Microphone Off",
    [45] = "Android Camera On",
    [46] = "Android Camera Off",
    [47] = "Android Package Installed",
    [48] = "Android Package Uninstalled",
    [49] = "DeStra",
    [50] = "Remediation Process Killed",
    [51] = "Remediation Endpoint Isolated",
    [52] = "Remediation File Deleted",
    [53] = "Kerberos Auth Ticket Requested",
    [54] = "Kerberos Service Ticket Requested",
    [55] = "Kerberos Pre Auth Failed",
    [56] = "Login Special Priv Assigned",
    [57] = "Module Loaded",
    [58] = "WMI Process Created",
    [59] = "DeStra No Process",
    [60] = "Custom Event",
    [61] = "Custom Event No Process",
    [62] = "Macro Enabled Document",
    [63] = "In Memory Executable",
    [64] = "Process Killed",
    [65] = "Mitre ATT&CK ™",
    [66] = "WMI Event Filter",
    [67] = "WMI Event Consumer",
    [68] = "WMI Filter To Consumer",
    [69] = "Registry Key Created",
    [70] = "COM Object Hijacked",
    [71] = "User Account Created",
    [72] = "User Account Deleted",
    [73] = "Remediation Registry Value Deleted",
    [74] = "Powershell Script Block Logged",
    [75] = "ETW Security Audit",
    [76] = "Anti-Malware Detection",
    [77] = "Anti-Malware Detection Extended",
    [78] = "Remediation Anti-Malware",
    [79] = "Remediation Quarantine",
    [80] = "Remediation Quarantine",
    [81] = "Scheduled Task Created",
    [82] = "Scheduled Task Deleted",
    [83] = "Scheduled Task Updated",
    [84] = "Scheduled Task Executed",
    [85] = "Service Created",
    [86] = "Service Deleted",
    [87] = "Service Started",
    [88] = "Service Stopped",
    [89] = "Anti-Malware Scan Interface",
    [90] = "Mitre ATT&CK ™ No Process",
    [91] = "Correlated Alert No Process",
    [93] = "Windows Installed Apps",
};

/* MITRE ATT&CK tactic names by number. */
static const char *const tactic_names[] = {
    "Unknown",
    "Initial Access",
    "Execution",
    "Persistence",
    "Privilege Escalation",
    "Defense Evasion",
    "Credential Access",
    "Discovery",
    "Lateral Movement",
    "Collection",
    "Command and Control",
    "Exfiltration",
    "Impact",
};

/* Network protocol names by number. */
static const char *const protocol_names[] = {
    "tcp",
    "udp",
    "icmp",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The entry of a table indexed by the decimal text of a JSON value (as
 * Python's table[str(v)]), or NULL. */
static const char *
lookup(const char *const *table, size_t n, const struct jv *v)
{
	size_t i, k = 0;

	if (v == NULL || (v->type != JV_NUMBER && v->type != JV_STRING) ||
	    v->len == 0 || v->len > 9)
		return NULL;
	for (i = 0; i < v->len; i++) {
		if (v->s[i] < '0' || v->s[i] > '9' ||
		    (i == 0 && v->s[i] == '0' && v->len > 1))
			return NULL;
		k = k * 10 + (size_t)(v->s[i] - '0');
	}
	return k < n ? table[k] : NULL;
}

/* Is v false for Python (0, 0.0, "", null, false)? */
static int
falsy(const struct jv *v)
{
	size_t i;

	switch (v->type) {
	case JV_NULL:
	case JV_FALSE:
		return 1;
	case JV_STRING:
		return v->len == 0;
	case JV_NUMBER:
		for (i = 0; i < v->len; i++)
			if (v->s[i] >= '1' && v->s[i] <= '9')
				return 0;
			else if (v->s[i] == 'e' || v->s[i] == 'E')
				break;
		return 1;
	default:
		return v->n == 0;
	}
}

static struct jv *
string(struct arena *a, const char *s)
{
	return jv_new_text(a, JV_STRING, s, strlen(s));
}

/* Replace the value of member m by the string s, in place. */
static int
set_string(struct jv *m, struct arena *a, const char *s)
{
	struct jv *v = string(a, s);

	if (v == NULL)
		return -1;
	m->type = JV_STRING;
	m->s = v->s;
	m->len = v->len;
	m->head = m->tail = NULL;
	m->n = 0;
	return 0;
}

/* Append member name = v to obj. */
static void
append(struct jv *obj, const char *name, struct jv *v)
{
	v->key = name;
	v->klen = strlen(name);
	jv_push(obj, v);
}

/* Has the event been enriched already? */
static int
enriched(const struct jv *payload, const struct jv *data)
{
	const struct jv *af = jv_get(data, "addressFamily");
	const struct jv *proto = jv_get(data, "protocol");

	return jv_get(payload, "eventName") != NULL ||
	    jv_get(data, "mod_tactics") != NULL ||
	    jv_get(data, "localAddrV4") != NULL ||
	    jv_get(data, "localAddrV6") != NULL ||
	    jv_get(data, "remoteAddrV4") != NULL ||
	    jv_get(data, "remoteAddrV6") != NULL ||
	    (af != NULL && af->type == JV_STRING) ||
	    (proto != NULL && proto->type == JV_STRING);
}

/* Swap the values of two members, or rename the one present. */
static void
swap(struct jv *data, const char *a, const char *b)
{
	struct jv *x = jv_get(data, a), *y = jv_get(data, b), t;

	if (x != NULL && y != NULL) {
		t = *x;
		x->type = y->type, x->s = y->s, x->len = y->len;
		x->head = y->head, x->tail = y->tail, x->n = y->n;
		y->type = t.type, y->s = t.s, y->len = t.len;
		y->head = t.head, y->tail = t.tail, y->n = t.n;
	} else if (x != NULL) {
		x->key = b;
		x->klen = strlen(b);
	} else if (y != NULL) {
		y->key = a;
		y->klen = strlen(a);
	}
}

/* Move member from to the end of data, named to; 0 if it is missing. */
static int
move_to_end(struct jv *data, const char *from, const char *to)
{
	struct jv *m = jv_take(data, from);

	if (m == NULL)
		return 0;
	append(data, to, m);
	return 1;
}

/* data.tactics and data.technique as data.mod_tactics. */
static int
mod_tactics(struct jv *data, struct arena *a, int *problems)
{
	const struct jv *tactics = jv_get(data, "tactics");
	const struct jv *technique = jv_get(data, "technique");
	struct jv *list, *t;
	const struct jv *k;

	if (tactics == NULL)
		return 0;
	if (tactics->type != JV_ARRAY) {
		*problems |= ENRICH_TACTICS_NOT_LIST;
		return 0;
	}
	if (technique == NULL)
		*problems |= ENRICH_NO_TECHNIQUE;
	if ((list = jv_new(a, JV_ARRAY)) == NULL)
		return -1;
	for (k = tactics->head; k != NULL; k = k->next) {
		const char *name = lookup(tactic_names, COUNT(tactic_names), k);
		struct jv *num = jv_copy(a, k),
			  *nm = string(a, name != NULL ? name : "Unknown");

		if ((t = jv_new(a, JV_OBJECT)) == NULL || num == NULL ||
		    nm == NULL)
			return -1;
		append(t, "tactic_number", num);
		append(t, "tactic_name", nm);
		if (technique != NULL) {
			struct jv *tech = jv_copy(a, technique);

			if (tech == NULL)
				return -1;
			append(t, "technique", tech);
		}
		jv_push(list, t);
	}
	append(data, "mod_tactics", list);
	return 0;
}

/* The network part: protocol name, inbound swap, address family. */
static int
network(struct jv *data, struct arena *a, int *problems)
{
	struct jv *proto = jv_get(data, "protocol");
	struct jv *outbound = jv_get(data, "outbound");
	struct jv *af = jv_get(data, "addressFamily");
	const char *name;

	if (proto != NULL) {
		name = lookup(protocol_names, COUNT(protocol_names), proto);
		if (name == NULL)
			*problems |= ENRICH_UNKNOWN_PROTOCOL;
		else if (set_string(proto, a, name) < 0)
			return -1;
	}
	if (outbound != NULL && outbound->type == JV_FALSE) {
		if (!jv_get(data, "localAddr") || !jv_get(data, "remoteAddr") ||
		    !jv_get(data, "localPort") || !jv_get(data, "remotePort"))
			*problems |= ENRICH_INBOUND_PARTIAL;
		swap(data, "localAddr", "remoteAddr");
		swap(data, "localPort", "remotePort");
	}
	if (af != NULL) {
		static const char *const families[] = {"IPv4", "IPv6"};
		static const char *const local[] = {
		    "localAddrV4", "localAddrV6"};
		static const char *const remote[] = {
		    "remoteAddrV4", "remoteAddrV6"};
		int f;

		name = lookup(families, 2, af);
		if (name == NULL) {
			*problems |= ENRICH_UNKNOWN_FAMILY;
			return 0;
		}
		f = name == families[1];
		if (set_string(af, a, name) < 0)
			return -1;
		if (!move_to_end(data, "localAddr", local[f]) +
		    !move_to_end(data, "remoteAddr", remote[f]))
			*problems |= ENRICH_ADDRESS_MISSING;
	}
	return 0;
}

int
enrich_event(struct jv *ev, struct arena *a)
{
	struct jv *payload = jv_get(ev, "payload"), *data, *v;
	const struct jv *type;
	const char *name;
	int problems = 0;

	if (payload == NULL || payload->type != JV_OBJECT)
		return ENRICH_NO_DATA;
	data = jv_get(payload, "data");
	if (data != NULL && data->type != JV_OBJECT)
		data = NULL;
	if (enriched(payload, data))
		return 0;
	type = jv_get(payload, "eventType");
	if (type != NULL && !falsy(type)) {
		name = lookup(event_names, COUNT(event_names), type);
		if (name == NULL) {
			problems |= ENRICH_UNKNOWN_EVENT_TYPE;
		} else {
			if ((v = string(a, name)) == NULL)
				return -1;
			append(payload, "eventName", v);
		}
	}
	if (data == NULL)
		return problems | ENRICH_NO_DATA;
	if (network(data, a, &problems) < 0 ||
	    mod_tactics(data, a, &problems) < 0)
		return -1;
	return problems;
}

const char *
enrich_problem(int kind)
{
	switch (kind) {
	case ENRICH_UNKNOWN_EVENT_TYPE:
		return "unknown eventType: no event name";
	case ENRICH_NO_DATA:
		return "no payload.data (stix-shifter fails such a page)";
	case ENRICH_UNKNOWN_PROTOCOL:
		return "unknown protocol number: no protocol name";
	case ENRICH_INBOUND_PARTIAL:
		return "inbound connection without localAddr, remoteAddr, "
		       "localPort or remotePort: what is there is swapped";
	case ENRICH_ADDRESS_MISSING:
		return "addressFamily without localAddr or remoteAddr";
	case ENRICH_UNKNOWN_FAMILY:
		return "unknown addressFamily: the addresses are not translated";
	case ENRICH_NO_TECHNIQUE:
		return "tactics without technique";
	case ENRICH_TACTICS_NOT_LIST:
		return "tactics is not a list: no tactics translated";
	default:
		return "unknown problem";
	}
}
