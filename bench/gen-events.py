#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# bench/gen-events.py: synthetic raw Hunt API events, NDJSON, for
# bench/reaqta2stix.sh; python3 standard library only.
#
# Each event is one of the templates of bench/event-templates.ndjson (raw
# events of the results corpus: network, file, process, ETW, WMI, registry,
# script ...), picked with fixed weights, with every value that tells one
# event from another made anew: eventId and localId (consecutive, so unique),
# endpointId (one of ENDPOINTS), the process ids, pids, start times, users'
# SIDs and logon ids, every md5/sha1/sha256 and size, IP addresses and ports,
# happenedAt (a few ms apart, rising) and receivedAt.  The seed decides it
# all: the same arguments give the same bytes.
#
# Usage: gen-events.py COUNT [SEED] [TEMPLATES] > events.ndjson
import json
import os
import random
import re
import sys
import time

ENDPOINTS = 64
EPOCH_MS = 1648771200000  # 2022-04-01T00:00:00Z, first happenedAt
# How often each eventType comes, against 1 for the others: an EDR stream is
# mostly network, file and process events.
WEIGHTS = {8: 10, 5: 8, 62: 2, 3: 6, 38: 4, 58: 2, 40: 2, 42: 2}
COMMON_PORTS = (443, 80, 53, 445, 3389, 22, 8080, 8443, 135, 389, 636, 5985)
SENTINEL = "@@slot%d@@"
SENTINEL_RE = re.compile(r'"@@slot(\d+)@@"')


def iso_ms(ms):
    """2022-04-01T00:00:00.123Z"""
    return "%s.%03dZ" % (time.strftime("%Y-%m-%dT%H:%M:%S",
                                       time.gmtime(ms // 1000)), ms % 1000)


def jstr(s):
    return json.dumps(s, ensure_ascii=False)


class Template:
    """An event cut into constant text and slots; a slot is a function
    (rng, ev) -> JSON text, ev holding what the event's slots share."""

    def __init__(self, event):
        self.slots = []
        self.etype = event.get("payload", {}).get("eventType")
        self.groups = 0
        data = event.get("payload", {}).get("data", {})
        # The service port: the remote one going out, the local one coming in.
        self.service = "localPort" if data.get("outbound") is False \
            else "remotePort"
        self._cut(event, None, None)
        text = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
        parts = SENTINEL_RE.split(text)
        self.consts = parts[0::2]
        self.order = [self.slots[int(k)] for k in parts[1::2]]

    def _slot(self, f):
        self.slots.append(f)
        return SENTINEL % (len(self.slots) - 1)

    def _cut(self, o, key, group):
        if isinstance(o, dict):
            if "pid" in o and "id" in o:  # a process: its ids agree
                self.groups += 1
                group = self.groups
            for k in list(o):
                o[k] = self._cut(o[k], k, group)
            return o
        if isinstance(o, list):
            return [self._cut(v, key, group) for v in o]
        f = self._maker(key, o, group)
        return o if f is None else self._slot(f)

    def _maker(self, key, orig, g):
        num = isinstance(orig, int) and not isinstance(orig, bool)
        if key == "eventId":
            return lambda r, ev: '"%d"' % (847102109500000000 + ev["i"])
        if key == "localId":
            return lambda r, ev: '"%d"' % (847101972854000000 + ev["i"])
        if key == "endpointId":
            return lambda r, ev: '"%d"' % ev["ep"]
        if key in ("pid", "ppid") and num:
            return lambda r, ev: str(proc(r, ev, g)[key])
        if key in ("startTime", "pstartTime"):
            k = "start" if key == "startTime" else "pstart"
            if num:
                return lambda r, ev: str(proc(r, ev, g)[k])
            return lambda r, ev: '"%s"' % iso_ms(proc(r, ev, g)[k])
        if key == "id" and isinstance(orig, str) and orig.count(":") == 2:
            return lambda r, ev: '"%d:%d:%d"' % (
                ev["ep"], proc(r, ev, g)["pid"], proc(r, ev, g)["start"])
        if key == "parentId" and isinstance(orig, str):
            return lambda r, ev: '"%d:%d:%d"' % (
                ev["ep"], proc(r, ev, g)["ppid"], proc(r, ev, g)["pstart"])
        if key in ("md5", "sha1", "sha256") and isinstance(orig, str):
            bits = {"md5": 128, "sha1": 160, "sha256": 256}[key]
            fmt = '"%%0%dx"' % (bits // 4)
            return lambda r, ev: fmt % r.getrandbits(bits)
        if key == "size" and num:
            return lambda r, ev: str(r.randint(1024, 8 << 20))
        if key in ("localAddr", "remoteAddr", "etwIpAddress") and \
                isinstance(orig, str):
            return ip_maker(orig, key == "localAddr")
        if key in ("localPort", "remotePort", "etwIpPort"):
            def port(r, ev):
                if key == self.service and r.random() < 0.7:
                    return r.choice(COMMON_PORTS)
                return r.randint(1024, 65535)
            if num:
                return lambda r, ev: str(port(r, ev))
            return lambda r, ev: '"%d"' % port(r, ev)
        if key == "happenedAt":
            return lambda r, ev: '"%s"' % iso_ms(ev["t"])
        if key == "receivedAt":
            return lambda r, ev: '"%s"' % iso_ms(ev["t"] + r.randint(50, 900))
        if key in ("creationTime", "accessTime", "lastWriteTime",
                   "terminationTime") and num:
            return lambda r, ev: str(ev["t"] - r.randint(0, 90 * 86400 * 1000))
        if key == "logonId" and isinstance(orig, str):
            return lambda r, ev: '"0x%x"' % r.getrandbits(24)
        if key == "userSID" and isinstance(orig, str):
            return lambda r, ev: '"S-1-5-21-%d-%d-%d-%d"' % (
                r.randint(1 << 28, 1 << 30), r.randint(1 << 28, 1 << 30),
                r.randint(1 << 28, 1 << 30), r.randint(1000, 1999))
        if key in ("targetProcessId", "enginePid", "servicePid",
                   "wmiHostPid") and num:
            return lambda r, ev: str(r.randint(4, 65535) & ~3)
        if key in ("relevance",) and num:
            return lambda r, ev: str(r.randint(0, 100))
        if key == "etwEventRecordId" and num:
            return lambda r, ev: str(r.randint(10000, 9999999))
        return None

    def write(self, rng, ev):
        c = self.consts
        out = [c[0]]
        for n, f in enumerate(self.order):
            out.append(f(rng, ev))
            out.append(c[n + 1])
        return "".join(out)


def proc(r, ev, g):
    """The pid, ppid and start times of process group g of this event."""
    p = ev["procs"].get(g)
    if p is None:
        start = ev["t"] - r.randint(1000, 30 * 86400 * 1000)
        p = {"pid": r.randint(4, 65535) & ~3, "ppid": r.randint(4, 65535) & ~3,
             "start": start,
             "pstart": start - r.randint(1000, 30 * 86400 * 1000)}
        ev["procs"][g] = p
    return p


def ip_maker(orig, local):
    if orig.startswith("::ffff:"):
        return lambda r, ev: '"::ffff:%s"' % v4(r, local)
    if ":" in orig:
        if local:
            return lambda r, ev: '"fe80::%x:%x:%x:%x"' % tuple(
                r.getrandbits(16) for _ in range(4))
        return lambda r, ev: '"2001:db8:%x:%x::%x"' % (
            r.getrandbits(16), r.getrandbits(16), r.getrandbits(16) or 1)
    return lambda r, ev: '"%s"' % v4(r, local)


def v4(r, local):
    if local:
        return "10.%d.%d.%d" % (r.getrandbits(8), r.getrandbits(8),
                                r.randint(1, 254))
    return "%d.%d.%d.%d" % (r.choice((23, 31, 52, 77, 104, 142, 151, 185,
                                      203)), r.getrandbits(8),
                            r.getrandbits(8), r.randint(1, 254))


def main(argv):
    if len(argv) < 2 or len(argv) > 4:
        sys.stderr.write("usage: gen-events.py COUNT [SEED] [TEMPLATES]\n")
        return 64
    count = int(argv[1])
    seed = int(argv[2]) if len(argv) > 2 else 1
    path = argv[3] if len(argv) > 3 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "event-templates.ndjson")
    with open(path, encoding="utf-8") as f:
        templates = [Template(json.loads(l)) for l in f if l.strip()]
    weights = [WEIGHTS.get(t.etype, 1) for t in templates]
    rng = random.Random(seed)
    eps = [842028663686823936 + rng.getrandbits(40) for _ in range(ENDPOINTS)]
    out = sys.stdout.buffer
    t = EPOCH_MS
    batch = []
    picks = []
    for i in range(count):
        if not picks:
            picks = rng.choices(templates, weights, k=4096)
            picks.reverse()
        t += rng.randint(0, 6)
        ev = {"i": i, "t": t, "ep": rng.choice(eps), "procs": {}}
        batch.append(picks.pop().write(rng, ev))
        if len(batch) == 4096:
            batch.append("")
            out.write("\n".join(batch).encode("utf-8"))
            batch = []
    if batch:
        batch.append("")
        out.write("\n".join(batch).encode("utf-8"))
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
