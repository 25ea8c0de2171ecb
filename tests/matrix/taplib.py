"""What the scripts of tests/matrix share: a registry of test functions,
check(), Skip, and the TAP runner meson reads (a line per test, the
failure's words as comments)."""
import os
import shutil
import sys


class Skip(Exception):
    pass


class Suite:
    def __init__(self):
        self.tests = []

    def test(self, fn):
        self.tests.append(fn)
        return fn

    def add(self, fn, name):
        fn.__name__ = name
        self.tests.append(fn)

    def main(self, name_filter="", cleanup=None, needs_root=True):
        """Run the tests (those whose name holds name_filter) as TAP; the
        exit status. Without root and needs_root: a plan of 0, skipped."""
        if needs_root and os.geteuid() != 0:
            print("1..0 # SKIP needs root (veneer run makes namespaces)")
            return 0
        todo = [t for t in self.tests if name_filter in t.__name__]
        print("1..%d" % len(todo))
        failed = 0
        for i, t in enumerate(todo, 1):
            try:
                note = t()
                print("ok %d - %s" % (i, t.__name__))
                if note:
                    print("# " + note)
            except Skip as s:
                print("ok %d - %s # SKIP %s" % (i, t.__name__, s))
            except Exception as e:
                failed += 1
                print("not ok %d - %s" % (i, t.__name__))
                if not isinstance(e, AssertionError):   # a shape the test did not expect
                    e = "%s: %r" % (type(e).__name__, e)
                for line in str(e).splitlines():
                    print("# " + line)
            sys.stdout.flush()
        if cleanup:
            shutil.rmtree(cleanup, ignore_errors=True)
        return 1 if failed else 0


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)
