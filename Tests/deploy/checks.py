"""Shared by the deployment checks: the repository root and a tally of named checks."""
import os
import sys

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


class Tally:
    """`check(name, ok, detail)` prints one line per check; `finish()` prints the count and exits."""

    def __init__(self, suite):
        self.suite, self.passed, self.failed = suite, 0, 0

    def __call__(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"ok   {name}")
        else:
            self.failed += 1
            print(f"FAIL {name}: {detail}")

    def finish(self):
        print(f"{self.suite}: {self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed else 0)
