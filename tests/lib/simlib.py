# SPDX-License-Identifier: Apache-2.0
"""What the tests that talk to the Hunt API simulator share: starting and
stopping it on loopback over TLS with a CA made for the run, and its
counters (TAP output is tests/lib/tap.py)."""
import json
import os
import subprocess
import sys
import tempfile
import time

from tap import bail_out

top_srcdir = os.environ['top_srcdir']
top_builddir = os.environ['top_builddir']
PYTHON3 = os.environ.get('PYTHON3') or sys.executable
SIM = os.path.join(top_srcdir, 'tests', 'lib', 'hunt-sim.py')
TOOLS = ('stix2hunq', 'hunt-fetch', 'reaqta2stix', 'reaqta-shifter')
APP_ID, SECRET = 'demo-app', 'demo-secret'


def tool(name):
    return os.path.join(top_builddir, name, name)


def make_certs(directory):
    p = subprocess.run([PYTHON3, SIM, '--make-certs', directory],
                       stdin=subprocess.DEVNULL, capture_output=True,
                       text=True)
    if p.returncode != 0:
        bail_out('the test CA could not be made: %s' % (
            p.stderr.strip() or 'exit %d' % p.returncode))
    return directory


class Sim:
    """The simulator as a process: Sim(tmp, tls_dir, *options)."""

    def __init__(self, tmp, tls=None, *options, port=0):
        self.dir = tempfile.mkdtemp(dir=tmp, prefix='sim.')
        self.tls = tls
        portfile = os.path.join(self.dir, 'port')
        self.stats_file = os.path.join(self.dir, 'stats')
        cmd = [PYTHON3, SIM, '--port', str(port), '--port-file', portfile,
               '--stats', self.stats_file]
        if tls is not None:
            cmd += ['--tls', tls]
        cmd += list(options)
        try:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL)
        except OSError as e:
            bail_out('the simulator could not be started: %s' % e)
        deadline = time.monotonic() + 30
        while not os.path.exists(portfile):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                if self.proc.poll() is None:
                    self.proc.kill()
                bail_out('the simulator did not start: %s' % ' '.join(cmd))
            time.sleep(0.02)
        with open(portfile) as fh:
            self.port = int(fh.read())

    def env(self, **more):
        """The environment for hunt-fetch to reach this simulator."""
        env = dict(os.environ)
        for k in list(env):
            if k.startswith('REAQTA_'):
                del env[k]
        env.update(REAQTA_HOST='localhost', REAQTA_PORT=str(self.port),
                   REAQTA_APP_ID=APP_ID, REAQTA_SECRET_KEY=SECRET)
        if self.tls is not None:
            env['REAQTA_CACERT'] = os.path.join(self.tls, 'ca.pem')
        env['PATH'] = os.pathsep.join(
            [os.path.join(top_builddir, t) for t in TOOLS] + [env['PATH']])
        env.update(more)
        return env

    def stats(self):
        with open(self.stats_file) as fh:
            return json.load(fh)

    def stop(self):
        self.proc.terminate()
        self.proc.wait()
