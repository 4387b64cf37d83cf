# SPDX-License-Identifier: Apache-2.0
"""TAP output for the Python test drivers, the one writer they all use:

    tap = Tap()
    tap.ok(got == want, 'a name', 'a diagnostic\\nof several lines')
    sys.exit(tap.done())

ok() prints "ok N - NAME" or "not ok N - NAME" and, when the test fails,
its diagnostic as "# " lines; done() prints the plan "1..N" at the end and
returns the exit status (1 when a test failed).  bail_out() ends the run
when its setup cannot be made."""
import sys


def bail_out(why):
    """End the test run when its setup cannot be made: TAP's Bail out!,
    not a traceback."""
    print('Bail out! %s' % why)
    sys.stdout.flush()
    sys.exit(1)


def diag_lines(diag):
    """The lines of a diagnostic: a string, or a list of them."""
    if isinstance(diag, str):
        diag = [diag.rstrip('\n')] if diag else []
    lines = []
    for part in diag:
        lines.extend(str(part).split('\n'))
    return lines


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, diag=''):
        """One test: cond true passes it.  diag (a string or a list of
        strings) is shown only when it fails.  Returns cond."""
        self.n += 1
        if cond:
            print('ok %d - %s' % (self.n, name))
        else:
            self.failed += 1
            print('not ok %d - %s' % (self.n, name))
            for line in diag_lines(diag):
                print('# ' + line)
        sys.stdout.flush()
        return cond

    def diag(self, text):
        """Diagnostic lines outside a test."""
        for line in diag_lines(text):
            print('# ' + line)
        sys.stdout.flush()

    def bail_out(self, why):
        bail_out(why)

    def done(self):
        """The plan; the exit status of the run (1 when a test failed)."""
        print('1..%d' % self.n)
        sys.stdout.flush()
        return 1 if self.failed else 0
