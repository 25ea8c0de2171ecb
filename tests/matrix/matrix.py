#!/usr/bin/env python3
"""Tests of `veneer matrix`: real matrices run by the veneer under test,
their table, JUnit (checked with xmllint against junit.xsd, and its counts
added up), TAP, golden files, assertions, time-outs, isolation of the runs,
shards and their merge.

Output is TAP; meson counts each line. Needs root (veneer run makes
namespaces): skipped otherwise.
Usage: matrix.py VENEER [NAME-FILTER]
"""
import json
import os
import pty
import random
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import Skip, Suite, check  # noqa: E402
import time
import xml.etree.ElementTree as ET

VENEER = os.path.abspath(sys.argv[1])
FILTER = sys.argv[2] if len(sys.argv) > 2 else ""
HERE = os.path.dirname(os.path.abspath(__file__))
XSD = os.path.join(HERE, "junit.xsd")
TMP = tempfile.mkdtemp(prefix="veneer-mx-")
SUITE = Suite()
test = SUITE.test


def path(*parts):
    return os.path.join(TMP, *parts)


def write(p, text):
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w") as f:
        f.write(text)
    return p


def read(p):
    with open(p) as f:
        return f.read()


def matrix(*args, timeout=300, **kw):
    return subprocess.run([VENEER, "matrix"] + list(args), capture_output=True, text=True,
                          timeout=timeout, **kw)


def scenarios(name, hosts, **extra):
    """A directory of scenarios: one per host name, the default model's
    machine otherwise."""
    d = path(name)
    for h in hosts:
        body = dict(extra, hostname=h)
        write(os.path.join(d, h + ".json"), json.dumps(body))
    return d


def one_veneer_line(r, status=2):
    check(r.returncode == status and r.stderr.startswith("veneer:") and r.stderr.count("\n") == 1,
          "exit %d, stderr:\n%s" % (r.returncode, r.stderr))


def junit(p):
    """Validate against the schema, add up the counts, return the tree."""
    v = subprocess.run(["xmllint", "--noout", "--schema", XSD, p], capture_output=True, text=True)
    check(v.returncode == 0, "xmllint: " + v.stderr)
    root = ET.parse(p).getroot()
    total = {"tests": 0, "failures": 0, "errors": 0}
    for s in root.findall("testsuite"):
        cases = s.findall("testcase")
        n = {"tests": len(cases), "failures": sum(1 for c in cases if c.find("failure") is not None),
             "errors": sum(1 for c in cases if c.find("error") is not None)}
        for k, v in n.items():
            check(int(s.get(k)) == v, "suite %s: %s=%s, has %d" % (s.get("name"), k, s.get(k), v))
            total[k] += v
        ms = sum(round(float(c.get("time")) * 1000) for c in cases)
        check(round(float(s.get("time")) * 1000) == ms, "suite time is not the sum of its cases'")
    for k, v in total.items():
        check(int(root.get(k)) == v, "testsuites %s=%s, has %d" % (k, root.get(k), v))
    return root


def tap_results(text):
    """TAP: the plan agrees with the test lines, numbered 1..N; [(ok, description)]."""
    lines = text.splitlines()
    check(lines[0] == "TAP version 13", lines[0])
    n = int(re.match(r"1\.\.(\d+)$", lines[1]).group(1))
    tests = [re.match(r"(ok|not ok) (\d+) - (.*)", l) for l in lines if re.match(r"(ok|not ok) \d", l)]
    check([int(t.group(2)) for t in tests] == list(range(1, n + 1)), "TAP numbering")
    return [(t.group(1) == "ok", t.group(3)) for t in tests]


def cases(root):
    """{(command, case name): (status, message, body)} of a JUnit tree."""
    out = {}
    for s in root.findall("testsuite"):
        for c in s.findall("testcase"):
            st, msg, body = "pass", None, None
            for tag in ("failure", "error"):
                e = c.find(tag)
                if e is not None:
                    st, msg, body = tag, e.get("message"), e.text or ""
            out[(c.get("classname"), c.get("name"))] = (st, msg, body)
    return out


# ---------------------------------------------------------------- tests

@test
def runs_every_case_and_reports_it():
    """2 scenarios x 2 commands x both backends: table, JUnit, TAP."""
    d = scenarios("basic", ["alpha", "beta"])
    r = matrix("-s", d, "-c", "hostname", "--backends", "notify,ptrace", "-j", "2",
               "--junit", path("basic.xml"), "--tap", path("basic.tap"), "--", "ip", "-br", "link")
    check(r.returncode == 0, r.stdout + r.stderr)
    rows = r.stdout.splitlines()
    check(rows[0].split() == ["scenario", "hostname", "[notify]", "hostname", "[ptrace]", "ip", "-br",
                              "link", "[notify]", "ip", "-br", "link", "[ptrace]"], r.stdout)
    check(rows[1].startswith("alpha ") and rows[1].count("pass") == 4, r.stdout)
    check(rows[2].startswith("beta ") and rows[2].count("pass") == 4, r.stdout)
    check("8 cases: 8 passed, 0 failed, 0 errors" in r.stdout, r.stdout)
    root = junit(path("basic.xml"))
    got = cases(root)
    check(sorted(got) == sorted((c, "%s [%s]" % (s, b)) for c in ("hostname", "ip -br link")
                                for s in ("alpha", "beta") for b in ("notify", "ptrace")), got)
    check(all(v[0] == "pass" for v in got.values()), got)
    t = tap_results(read(path("basic.tap")))
    check(len(t) == 8 and all(ok for ok, _ in t) and t[0][1] == "alpha: hostname [notify]", t)


@test
def a_failing_expectation_shows_a_diff():
    """A golden file one line off: FAIL in the table and a diff there and in <failure>."""
    d = scenarios("diff", ["gamma"])
    g = path("diff-golden")
    write(os.path.join(g, "gamma", "hostname.stdout"), "delta\n")
    write(os.path.join(g, "gamma", "hostname.stderr"), "")
    write(os.path.join(g, "gamma", "hostname.status"), "0\n")
    r = matrix("-s", d, "--expect", g, "--junit", path("diff.xml"), "--", "hostname")
    check(r.returncode == 1, r.stdout + r.stderr)
    want_diff = ("--- %s/gamma/hostname.stdout\n+++ stdout of the run\n@@ -1 +1 @@\n-delta\n+gamma\n" % g)
    check("FAIL gamma: hostname [notify]: stdout differs from %s/gamma/hostname.stdout\n" % g in r.stdout
          and "".join("    " + l + "\n" for l in want_diff.splitlines()) in r.stdout, r.stdout)
    check(re.search(r"^gamma +FAIL ", r.stdout, re.M), r.stdout)
    st, msg, body = cases(junit(path("diff.xml")))[("hostname", "gamma [notify]")]
    check(st == "failure" and msg == "stdout differs from %s/gamma/hostname.stdout" % g and body == want_diff,
          (st, msg, body))
    # the exit status is compared too, and said in words
    write(os.path.join(g, "gamma", "hostname.stdout"), "gamma\n")
    write(os.path.join(g, "gamma", "hostname.status"), "3\n")
    r = matrix("-s", d, "--expect", g, "--", "hostname")
    check(r.returncode == 1 and "hostname [notify]: exit status 0, expected 3\n" in r.stdout, r.stdout)


@test
def update_records_what_both_backends_must_print():
    d = scenarios("update", ["eps", "zeta"])
    g = path("update-golden")
    cmd = "hostname; echo to-stderr >&2; exit 4"
    r = matrix("-s", d, "--expect", g, "--update", "--backends", "notify,ptrace", "-c", cmd)
    check(r.returncode == 0, r.stdout + r.stderr)
    slug = "hostname_echo_to-stderr_2_exit_4"
    for h in ("eps", "zeta"):
        base = os.path.join(g, h, slug)
        check((read(base + ".stdout"), read(base + ".stderr"), read(base + ".status"))
              == (h + "\n", "to-stderr\n", "4\n"), "golden files of " + h)
    r = matrix("-s", d, "--expect", g, "--backends", "notify,ptrace", "--junit", path("update.xml"), "-c", cmd)
    check(r.returncode == 0, r.stdout + r.stderr)
    check(len(cases(junit(path("update.xml")))) == 4, "4 cases")
    # one backend printing otherwise fails against the same files
    write(os.path.join(g, "zeta", slug + ".stderr"), "other\n")
    r = matrix("-s", d, "--expect", g, "--backends", "notify,ptrace", "-c", cmd)
    check(r.returncode == 1 and r.stdout.count("FAIL zeta") == 2 and "FAIL eps" not in r.stdout, r.stdout)
    # a golden file that is not there says so
    r = matrix("-s", d, "--expect", path("nowhere"), "-c", cmd)
    check(r.returncode == 1 and "no golden file %s/eps/%s.{stdout,stderr,status} (record with --update)"
          % (path("nowhere"), slug) in r.stdout, r.stdout)


def apply_unified(old, diff):
    """Apply a unified diff (as the matrix writes it) to old; the new text."""
    a = old.splitlines(True)
    out, pos = [], 0
    lines = diff.splitlines(True)[2:]
    i = 0
    while i < len(lines):
        m = re.match(r"@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@", lines[i])
        check(m, "hunk header: " + lines[i])
        start, count = int(m.group(1)), int(m.group(2) or 1)
        first = start - 1 if count else start
        out += a[pos:first]
        pos = first
        i += 1
        while i < len(lines) and not lines[i].startswith("@@"):
            l = lines[i]
            nonl = i + 1 < len(lines) and lines[i + 1].startswith("\\ No newline")
            text = l[1:-1] if nonl else l[1:]
            if l[0] in " -":
                check(a[pos] == text, "context or removed line not in the old text: %r" % l)
                pos += 1
            if l[0] in " +":
                out.append(text)
            i += 2 if nonl else 1
    return "".join(out + a[pos:])


@test
def diffs_turn_expected_into_actual():
    """Random texts: each failure's diff, applied to the golden file, gives
    what the run printed, with as few changed lines as diff --minimal."""
    rnd = random.Random(15)
    hosts = ["r%d" % i for i in range(8)]
    d = scenarios("random", hosts)
    g = path("random-golden")
    pairs = {}
    for h in hosts:
        words = ["w%d\n" % rnd.randrange(12) for _ in range(rnd.randrange(0, 40))]
        new = list(words)
        for _ in range(rnd.randrange(1, 8)):
            op = rnd.randrange(3)
            k = rnd.randrange(len(new) + 1)
            if op == 0 and k < len(new):
                del new[k]
            elif op == 1:
                new.insert(k, "n%d\n" % rnd.randrange(5))
            elif k < len(new):
                new[k] = "c\n"
        old, cur = "".join(words), "".join(new) + ("tail" if h == "r3" else "")
        if old == cur:
            cur += "extra\n"
        pairs[h] = (old, cur)
        write(path("random-out", h), old)
    # record the old texts, then make the runs print the new ones
    r = matrix("-s", d, "--expect", g, "--update", "-c", "cat %s/$(hostname)" % path("random-out"))
    check(r.returncode == 0, r.stdout + r.stderr)
    for h, (old, cur) in pairs.items():
        write(path("random-out", h), cur)
    r = matrix("-s", d, "--expect", g, "--junit", path("random.xml"),
               "-c", "cat %s/$(hostname)" % path("random-out"))
    check(r.returncode == 1, r.stdout + r.stderr)
    got = cases(junit(path("random.xml")))
    for h, (old, new) in pairs.items():
        st, msg, body = next(v for k, v in got.items() if k[1] == h + " [notify]")
        check(st == "failure" and body, "%s: %s %s" % (h, st, msg))
        check(apply_unified(old, body) == new, "%s: the diff does not give the output:\n%s" % (h, body))
        write(path("a"), old)
        write(path("b"), new)
        ref = subprocess.run(["diff", "--minimal", "-U0", path("a"), path("b")], capture_output=True,
                             text=True).stdout
        changed = lambda t: sum(1 for l in t.splitlines()[2:] if l[:1] in "+-")
        check(changed(body) == changed(ref), "%s: %d changed lines, diff --minimal has %d:\n%s"
              % (h, changed(body), changed(ref), body))


def masked(text):
    """A report with its times and start masked: what differs between two
    runs of the same matrix that give the same verdicts."""
    text = re.sub(r'time="[0-9.]+"', 'time="T"', text)
    text = re.sub(r'timestamp="[^"]*"', 'timestamp="S"', text)
    text = re.sub(r"duration_ms: \d+", "duration_ms: T", text)
    return re.sub(r'# timestamp: ".*"', "# timestamp", text)


@test
def shards_merge_into_the_unsharded_report():
    """--shard 1/3, 2/3, 3/3 then merge (from JUnit, from TAP) give the
    unsharded report; a shard missing or given twice is an error."""
    d = scenarios("shard", ["s1", "s2", "s3", "s4"])
    g = path("shard-golden")
    r = matrix("-s", d, "--expect", g, "--update", "-c", "hostname", "-c", "nproc", "-c", "ip -br addr")
    check(r.returncode == 0, r.stdout + r.stderr)
    write(os.path.join(g, "s3", "hostname.stdout"), "s3-other\n")
    write(os.path.join(g, "s2", "hostname.status"), "1\n")
    args = ["-s", d, "--expect", g, "--backends", "notify,ptrace", "-c", "hostname", "-c", "nproc",
            "-c", "ip -br addr"]
    whole = matrix(*args, "--junit", path("whole.xml"), "--tap", path("whole.tap"))
    check(whole.returncode == 1 and "24 cases: 20 passed, 4 failed" in whole.stdout, whole.stdout + whole.stderr)
    for k in (1, 2, 3):
        r = matrix(*args, "--shard", "%d/3" % k, "--junit", path("shard%d.xml" % k),
                   "--tap", path("shard%d.tap" % k))
        check(r.returncode == (1 if "FAIL " in r.stdout else 0), r.stdout + r.stderr)
        check(len(cases(junit(path("shard%d.xml" % k)))) == 8, "8 cases in shard %d" % k)
        check("(shard %d/3 of 24 cases)" % k in r.stdout, r.stdout)
    m1 = subprocess.run([VENEER, "matrix", "merge", "--junit", path("merged.xml"), "--tap", path("merged.tap"),
                         path("shard2.xml"), path("shard1.xml"), path("shard3.xml")],
                        capture_output=True, text=True)
    m2 = subprocess.run([VENEER, "matrix", "merge", "--junit", path("merged2.xml"), "--tap", path("merged2.tap"),
                         path("shard3.tap"), path("shard1.tap"), path("shard2.tap")],
                        capture_output=True, text=True)
    check(m1.returncode == 1 and m2.returncode == 1, m1.stderr + m2.stderr)
    junit(path("merged.xml"))
    for ext in ("xml", "tap"):
        want, got = masked(read(path("whole." + ext))), masked(read(path("merged." + ext)))
        check(want == got, "merged %s differs from the unsharded one:\n%s\n----\n%s" % (ext, want, got))
        check(read(path("merged." + ext)) == read(path("merged2." + ext)),
              "merging the JUnit files and the TAP files gave different %s" % ext)
    table = lambda t: re.sub(r"\d+\.\d\d s", "T s", t)
    check(table(m1.stdout) == table(whole.stdout), "merge's table:\n" + m1.stdout + "\nunsharded:\n" + whole.stdout)
    r = subprocess.run([VENEER, "matrix", "merge", path("shard1.xml"), path("shard3.tap")],
                       capture_output=True, text=True)
    one_veneer_line(r)
    check("8 of 24 cases are in no report (shard 2/3 is missing?)" in r.stderr, r.stderr)
    r = subprocess.run([VENEER, "matrix", "merge", path("shard1.xml"), path("shard2.xml"), path("shard3.xml"),
                        path("shard2.tap")], capture_output=True, text=True)
    one_veneer_line(r)
    check("in two reports" in r.stderr, r.stderr)
    r = subprocess.run([VENEER, "matrix", "merge", path("shard1.xml"), path("basic.xml")],
                       capture_output=True, text=True)
    one_veneer_line(r)
    write(path("broken.xml"), read(path("shard1.xml")).replace("</testsuite>", "", 1))
    r = subprocess.run([VENEER, "matrix", "merge", path("broken.xml")], capture_output=True, text=True)
    one_veneer_line(r)
    check(re.match(r"veneer: %s:\d+:\d+: </testsuites> does not close <testsuite>" % re.escape(path("broken.xml")),
                   r.stderr), r.stderr)


@test
def an_assertion_judges_each_run():
    d = scenarios("assert", ["eta", "theta"])
    check_cmd = ('test "$VENEER_MATRIX_STATUS" = 0 && test "$VENEER_MATRIX_BACKEND" = notify && '
                 'grep -qx "$VENEER_MATRIX_SCENARIO" && grep -q "^$VENEER_MATRIX_SCENARIO" "$VENEER_MATRIX_STDOUT" '
                 '&& test "$VENEER_MATRIX_COMMAND" = "hostname"')
    r = matrix("-s", d, "--assert", check_cmd, "--", "hostname")
    check(r.returncode == 0 and "2 cases: 2 passed" in r.stdout, r.stdout + r.stderr)
    r = matrix("-s", d, "--assert", 'echo "saw $(cat)"; test "$VENEER_MATRIX_SCENARIO" = eta',
               "--junit", path("assert.xml"), "--", "hostname")
    check(r.returncode == 1, r.stdout + r.stderr)
    st, msg, body = cases(junit(path("assert.xml")))[("hostname", "theta [notify]")]
    check(st == "failure" and msg == "the assertion exited with 1" and
          body == "its stdout:\nsaw theta\nthe run's stdout:\ntheta\n", (st, msg, body))
    # without expectations a run passes when it exits 0
    r = matrix("-s", d, "--junit", path("status.xml"), "-c", 'test "$(hostname)" = eta || { echo no >&2; exit 7; }')
    st, msg, body = cases(junit(path("status.xml")))[('test "$(hostname)" = eta || { echo no >&2; exit 7; }',
                                                      "theta [notify]")]
    check(r.returncode == 1 and (st, msg, body) == ("failure", "exit status 7", "stderr:\nno\n"), (st, msg, body))


def processes_with(marker):
    out = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True).stdout
    return [p for p in out.split() if int(p) != os.getpid()]


@test
def a_run_past_its_time_is_killed_and_an_error():
    d = scenarios("timeout", ["iota"])
    marker = "sleep 3%d" % os.getpid()
    t0 = time.monotonic()
    r = matrix("-s", d, "--timeout", "1", "--junit", path("timeout.xml"), "-c", "echo started; " + marker)
    check(time.monotonic() - t0 < 20, "took %.0f s" % (time.monotonic() - t0))
    st, msg, body = cases(junit(path("timeout.xml")))[("echo started; " + marker, "iota [notify]")]
    check(r.returncode == 1 and (st, msg, body) == ("error", "timed out after 1 s", "stdout:\nstarted\n"),
          (st, msg, body))
    check(re.search(r"^iota +ERROR +1\.\d\d s", r.stdout, re.M), r.stdout)
    check(processes_with(marker) == [], "left behind: %s" % processes_with(marker))


@test
def runs_are_isolated_and_parallel():
    """Each run has a network namespace of its own: 4 runs at once bind the
    same port. With -j 2 two runs wait for each other; with -j 1 they cannot."""
    d = scenarios("iso", ["k1", "k2", "k3", "k4"])
    bind = ("/usr/bin/python3 -c 'import socket, time; s = socket.socket(); "
            "s.bind((\"127.0.0.1\", 5999)); s.listen(); time.sleep(1.5); print(\"bound\")'")
    r = matrix("-s", d, "-j", "4", "-c", bind)
    check(r.returncode == 0 and "4 cases: 4 passed" in r.stdout, r.stdout + r.stderr)
    d2 = scenarios("pair", ["p1", "p2"])
    flag = path("flags")
    os.makedirs(flag, exist_ok=True)
    rendezvous = ('h=$(hostname); touch %s/$h; o=$(case $h in p1) echo p2;; *) echo p1;; esac); '
                  'for i in $(seq 40); do [ -e %s/$o ] && exit 0; sleep 0.1; done; exit 1' % (flag, flag))
    r = matrix("-s", d2, "-j", "2", "-c", rendezvous)
    check(r.returncode == 0, "-j 2:\n" + r.stdout + r.stderr)
    shutil.rmtree(flag)
    os.makedirs(flag)
    r = matrix("-s", d2, "-j", "1", "-c", rendezvous)
    check(r.returncode == 1 and "1 failed" in r.stdout, "-j 1:\n" + r.stdout + r.stderr)


@test
def bad_input_is_one_line_and_status_2():
    bad = write(path("bad", "bad.json"), '{\n  "links": [\n    {"ifname": "x", "mtu": "big"}\n  ]\n}\n')
    r = matrix("-s", bad, "--", "true")
    one_veneer_line(r)
    check(r.stderr.startswith("veneer: %s:3:" % bad), r.stderr)
    d = scenarios("ok", ["ok"])
    for args, words in ((["-s", d], "no command given"), (["--", "true"], "no scenarios given"),
                        (["-s", d, "--shard", "4/3", "--", "true"], "--shard takes I/N"),
                        (["-s", d, "--bogus", "--", "true"], "unknown option"),
                        (["-s", d, "--update", "--", "true"], "--update records into the --expect"),
                        (["-s", d, "-j", "0", "--", "true"], "--jobs"),
                        (["-s", "lib:no-such-scenario", "--", "true"], "lib:no-such-scenario"),
                        (["-s", path("none*.json"), "--", "true"], "matches no scenario file"),
                        (["-s", d, "-s", d, "--", "true"], "two scenarios are named ok"),
                        (["-s", d, "-c", "ip addr", "-c", "ip_addr"], "would share golden files")):
        r = matrix(*args)
        one_veneer_line(r)
        check(words in r.stderr, "%s: %s" % (args, r.stderr))


@test
def progress_is_a_line_on_a_terminal_and_lines_in_a_log():
    d = scenarios("progress", ["m1", "m2"])
    r = matrix("-s", d, "--", "true")
    lines = [l for l in r.stderr.splitlines() if l.startswith("[")]
    check(sorted(re.sub(r" m\d", " mX", l.split(" (")[0]) for l in lines) ==
          ["[1/2] pass mX: true [notify]", "[2/2] pass mX: true [notify]"], r.stderr)
    check("\x1b" not in r.stderr, "escape sequences in a log")
    # on a terminal: \r, erase to the end of the line, counts
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(VENEER, [VENEER, "matrix", "-s", d, "--", "true"])
    out = b""
    while True:
        try:
            ready, _, _ = select.select([fd], [], [], 60)
            chunk = os.read(fd, 65536) if ready else b""
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    text = out.decode(errors="replace")
    check(os.waitstatus_to_exitcode(status) == 0 and "\r\x1b[K[1/2] 0 failed, " in text
          and "\r\x1b[K[2/2] 0 failed, 0 running" in text, repr(text))


@test
def an_interrupt_kills_every_run_and_reports_what_finished():
    d = scenarios("intr", ["n1", "n2", "n3"])
    marker = "sleep 4%d" % os.getpid()
    p = subprocess.Popen([VENEER, "matrix", "-s", d, "-j", "2", "--tap", path("intr.tap"), "-c",
                          "case $(hostname) in n1) true;; *) %s;; esac" % marker],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for _ in range(100):
        if len(processes_with(marker)) >= 2:
            break
        time.sleep(0.1)
    time.sleep(0.3)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=30)
    check(p.returncode == 130, "exit %d: %s" % (p.returncode, err))
    t = tap_results(read(path("intr.tap")))
    check(t == [(True, "n1: case $(hostname) in n1) true;; *) %s;; esac [notify]" % marker)], t)
    time.sleep(0.2)
    check(processes_with(marker) == [], "left behind: %s" % processes_with(marker))


# ---------------------------------------------------------------- main


if __name__ == "__main__":
    sys.exit(SUITE.main(FILTER, cleanup=TMP, needs_root=True))
