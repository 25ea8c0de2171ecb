#!/usr/bin/env python3
"""Tests of the scenario tools: `veneer scenario check|compose|diff`, and
composition (--overlay, --set) on `veneer run` and `veneer matrix`.

Output is TAP. `compose` and `check` need nothing; what runs programs
needs root (veneer run makes namespaces), and is skipped without it.
Usage: scenario_tools.py VENEER [NAME-FILTER]
"""
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import Skip, Suite, check  # noqa: E402

VENEER = os.path.abspath(sys.argv[1])
FILTER = sys.argv[2] if len(sys.argv) > 2 else ""
TMP = tempfile.mkdtemp(prefix="veneer-scn-")
ROOT = os.geteuid() == 0
SUITE = Suite()
test = SUITE.test


def write(name, text):
    p = os.path.join(TMP, name)
    with open(p, "w") as f:
        f.write(text)
    return p


def veneer(*args, **kw):
    return subprocess.run([VENEER] + list(args), capture_output=True, text=True, timeout=120, **kw)


def one_line(r, starts):
    check(r.returncode == 2 and r.stderr.count("\n") == 1 and r.stdout == "" and r.stderr.startswith(starts),
          "exit %d, stderr:\n%s\nwanted a line starting %r" % (r.returncode, r.stderr, starts))


def needs_root():
    if not ROOT:
        raise Skip("needs root (veneer run makes namespaces)")


@test
def check_says_where_a_file_is_wrong():
    good = write("good.json", '{"hostname": "web1", "cpus": 4, "memory_kb": 1048576}\n')
    r = veneer("scenario", "check", good, "lib:k8s-pod")
    check(r.returncode == 0 and r.stdout.splitlines() ==
          ["%s: ok: web1, 4 CPUs, 1048576 kB, 2 links, 4 addresses, 11 routes, 1 neighbours, 5 rules" % good,
           "lib:k8s-pod: ok: web5d8f7c9b4-x2x7q".replace("web5", "web-5") +
           ", 2 CPUs, 2097152 kB, 2 links, 4 addresses, 10 routes, 0 neighbours, 5 rules"], r.stdout + r.stderr)
    cases = [
        ('{\n  "cpus": 4,\n  "hostname": \n}\n', ":4:1: unexpected token"),      # syntax
        ('{\n  "links": [\n    {"ifname": "x", "mtu": "big"}\n  ]\n}\n', ":3:28: links[0].mtu: expected"),
        ('{\n  "hostname": "a",\n    "cpu": 64\n}\n', ":3:12: cpu: not a key of a scenario"),
        ('[1, 2]\n', ":1:1: expected a JSON object"),
    ]
    for i, (text, where) in enumerate(cases):
        p = write("bad%d.json" % i, text)
        one_line(veneer("scenario", "check", p), "veneer: " + p + where)
    one_line(veneer("scenario", "check", "lib:no-such"), "veneer: lib:no-such: no such scenario")
    one_line(veneer("scenario", "check"), "veneer: scenario check: no file given")
    one_line(veneer("scenario"), "veneer: scenario: no command given")
    one_line(veneer("scenario", "frob"), "veneer: scenario: unknown command")


@test
def composition_errors_are_said_at_their_input():
    base = write("base.json", json.dumps({"hostname": "b", "links": [
        {"ifindex": 1, "ifname": "lo", "flags": ["LOOPBACK", "UP", "LOWER_UP"], "link_type": "loopback"},
        {"ifindex": 2, "ifname": "eth0", "address": "52:54:00:00:00:01"}],
        "routes": [{"dst": "default", "gateway": "10.0.0.1", "dev": "eth0"}]}, indent=1))
    over = write("over.json", '{\n  "kernel": {\n    "release": 6\n  }\n}\n')
    one_line(veneer("scenario", "check", base, "--overlay", over), "veneer: %s:3:16: kernel.release: expected" % over)
    one_line(veneer("scenario", "check", base, "--set", "cpus=lots"), "veneer: --set cpus=lots: cpus: expected an integer")
    one_line(veneer("scenario", "check", base, "--set", "cpu=3"), "veneer: --set cpu=3: cpu is not a key of a scenario")
    one_line(veneer("scenario", "check", base, "--set", "links[5].mtu=3"), "veneer: --set links[5].mtu=3: links has no element 5")
    one_line(veneer("scenario", "check", base, "--set", "nothing"), "veneer: --set nothing: expected PATH=VALUE")
    # renaming the link leaves the base's route naming a link that is gone:
    # said at the route, in the base
    r = veneer("scenario", "check", base, "--set", "links[1].ifname=eth9")
    line = [n for n, l in enumerate(open(base), 1) if '"dev": "eth0"' in l][0]
    one_line(r, "veneer: %s:%d:" % (base, line))
    check("routes[0].dev: expected the ifname of a link" in r.stderr, r.stderr)


def merge_patch(target, patch):
    """RFC 7386, as the RFC writes it."""
    if not isinstance(patch, dict):
        return patch
    if not isinstance(target, dict):
        target = {}
    for k, v in patch.items():
        if v is None:
            target.pop(k, None)
        else:
            target[k] = merge_patch(target.get(k), v)
    return target


@test
def compose_is_a_merge_patch_then_sets():
    base = {"hostname": "b", "cpus": 2, "kernel": {"release": "6.1.0", "version": "#1"},
            "links": [{"ifindex": 1, "ifname": "lo", "link_type": "loopback",
                       "flags": ["LOOPBACK", "UP", "LOWER_UP"]},
                      {"ifindex": 2, "ifname": "eth0", "mtu": 1500}],
            "routes": [{"dst": "10.9.0.0/16", "dev": "eth0"}]}
    bp = write("mbase.json", json.dumps(base))
    rnd = random.Random(7)
    values = [None, 8, "x", {"release": "6.8.0"}, {"version": None}, [{"dst": "10.1.0.0/16", "dev": "eth0"}]]
    keys = ["cpus", "hostname", "kernel", "routes", "memory_kb"]
    for round_ in range(12):
        patches = []
        for _ in range(rnd.randrange(1, 4)):
            p = {}
            for k in rnd.sample(keys, rnd.randrange(1, 3)):
                v = rnd.choice(values)
                ok = {"cpus": (int, type(None)), "memory_kb": (int, type(None)), "hostname": (str, type(None)),
                      "kernel": (dict, type(None)), "routes": (list, type(None))}[k]
                p[k] = v if isinstance(v, ok) else None
            patches.append(p)
        files = [write("p%d-%d.json" % (round_, i), json.dumps(p)) for i, p in enumerate(patches)]
        want = json.loads(json.dumps(base))
        for p in patches:
            want = merge_patch(want, p)
        want["links"][1]["mtu"] = 9000
        want["kernel"] = dict(want.get("kernel", {}), cmdline="quiet")
        args = ["scenario", "compose", bp]
        for f in files:
            args += ["--overlay", f]
        args += ["--set", "links[1].mtu=9000", "--set", "kernel.cmdline=quiet"]
        r = veneer(*args)
        check(r.returncode == 0, "%s: %s" % (patches, r.stderr))
        check(json.loads(r.stdout) == want, "patches %s:\n%s\nwanted %s" % (patches, r.stdout, want))
    # a value that is not JSON is a string; one that is, is JSON
    r = veneer("scenario", "compose", bp, "--set", "hostname=web-1", "--set", "cpus=16",
               "--set", 'kernel.release="7"', "--set", "routes=null")
    got = json.loads(r.stdout)
    check((got["hostname"], got["cpus"], got["kernel"]["release"], "routes" in got) == ("web-1", 16, "7", False),
          r.stdout + r.stderr)
    # with nothing to compose, the file as it is
    r = veneer("scenario", "compose", "lib:k8s-pod")
    check(r.returncode == 0 and json.loads(r.stdout)["hostname"] == "web-5d8f7c9b4-x2x7q", r.stderr)


@test
def run_and_matrix_compose_what_programs_see():
    needs_root()
    over = write("mem.json", '{"memory_kb": 1048576, "kernel": {"release": "6.8.0-test"}}')
    r = veneer("run", "--scenario", "lib:k8s-pod", "--overlay", over, "--set", "cpus=12",
               "--set", "links[1].mtu=9000", "--", "sh", "-c",
               "nproc; uname -r; grep MemTotal /proc/meminfo; hostname; ip -o link show eth0")
    lines = r.stdout.splitlines()
    check(r.returncode == 0 and lines[:3] == ["12", "6.8.0-test", "MemTotal:        1048576 kB"]
          and lines[3] == "web-5d8f7c9b4-x2x7q" and " mtu 9000 " in lines[4], r.stdout + r.stderr)
    one_line(veneer("run", "--set", "cpus=x", "--", "true"), "veneer: --set cpus=x: cpus: expected an integer")
    one_line(veneer("run", "--scenario", "lib:nope", "--", "true"), "veneer: lib:nope: no such scenario")
    # the matrix: every scenario composed alike, checked before anything runs
    g = os.path.join(TMP, "golden")
    r = veneer("matrix", "-s", "lib:default,lib:small-box", "--set", "cpus=3", "--overlay", over,
               "--expect", g, "--update", "-c", "nproc; uname -r")
    check(r.returncode == 0, r.stdout + r.stderr)
    for s in ("default", "small-box"):
        with open(os.path.join(g, s, "nproc_uname_-r.stdout")) as f:
            check(f.read() == "3\n6.8.0-test\n", s)
    one_line(veneer("matrix", "-s", "lib:default", "--set", "links[9].mtu=1", "--", "true"),
             "veneer: --set links[9].mtu=1: links has no element 9")


@test
def diff_says_what_differs_as_ip_prints_it():
    needs_root()
    r = veneer("scenario", "diff", "lib:default", "lib:default")
    check(r.returncode == 0 and r.stdout == "", r.stdout + r.stderr)
    r = veneer("scenario", "diff", "lib:default", "lib:k8s-pod")
    out = r.stdout
    check(r.returncode == 1, out + r.stderr)
    for want in ("--- lib:default: uname -nr; nproc; grep MemTotal /proc/meminfo\n"
                 "+++ lib:k8s-pod: uname -nr; nproc; grep MemTotal /proc/meminfo\n",
                 "-veneer 6.1.0-veneer\n+web-5d8f7c9b4-x2x7q 6.1.0-veneer\n",
                 "--- lib:default: ip addr\n+++ lib:k8s-pod: ip addr\n",
                 "-2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel",
                 "+2: eth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue",
                 "-default via 10.0.2.2 dev eth0 \n", "+default via 169.254.1.1 dev eth0 onlink \n",
                 "-10.0.2.2 dev eth0 lladdr 52:55:0a:00:02:02 REACHABLE"):
        check(want in out, "missing %r in:\n%s" % (want, out))
    check("ip rule" not in out, "the rules are the same:\n" + out)
    # one fact differs: only it is said
    small = write("small.json", json.dumps({"cpus": 1}))
    r = veneer("scenario", "diff", "lib:default", small)
    check(r.returncode == 1 and r.stdout.count("\n-") == 1 and "-2\n+1\n" in r.stdout, r.stdout)
    one_line(veneer("scenario", "diff", "lib:default"), "veneer: scenario diff takes two scenarios")
    bad = write("bad.json", '{"cpus": "x"}')
    one_line(veneer("scenario", "diff", "lib:default", bad), "veneer: %s:1:10: cpus: expected" % bad)


if __name__ == "__main__":
    sys.exit(SUITE.main(FILTER, cleanup=TMP, needs_root=False))
