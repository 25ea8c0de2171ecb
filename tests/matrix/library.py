#!/usr/bin/env python3
"""Tests of the scenario library (scenarios/*.json): each file loads and is
listed by `veneer scenarios`; under each network scenario `ip addr`, `ip
route`, `ip rule`, `ip neigh` and `ss` print what they print in the real
namespace it was captured from, rebuilt here by the recipe of
tools/capture_scenarios.py; the machine scenarios have their CPUs and
memory; an installed veneer finds the library; and the matrix of the issue,
psutil under every library scenario, passes with valid JUnit.

Where this kernel prints a namespace otherwise than the one the files were
captured on, the namespace is compared with a capture made here (and the
line says so): what is tested is always veneer against the kernel it runs on.

Output is TAP. Needs root. Usage: library.py VENEER BUILD_DIR [NAME-FILTER]
"""
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import Skip, Suite, check  # noqa: E402

VENEER = os.path.abspath(sys.argv[1])
BUILD = os.path.abspath(sys.argv[2])
FILTER = sys.argv[3] if len(sys.argv) > 3 else ""
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LIBRARY = os.path.join(ROOT, "scenarios")
XSD = os.path.join(HERE, "junit.xsd")
TMP = tempfile.mkdtemp(prefix="veneer-lib-")

spec = importlib.util.spec_from_file_location("capture", os.path.join(ROOT, "tools", "capture_scenarios.py"))
capture = importlib.util.module_from_spec(spec)
spec.loader.exec_module(capture)

# What is compared between the namespace and veneer under the file.
COMPARED = ["ip addr", "ip -br link", "ip route show table all", "ip -6 route show table all",
            "ip rule", "ip -6 rule", "ip neigh", "ss -tuan"]
# and where each scenario sends a packet
ROUTE_GET = {
    "ipv6-only": ["ip -6 route get 2001:4860::8888", "ip route get 8.8.8.8"],
    "dual-stack": ["ip route get 8.8.8.8", "ip -6 route get 2001:4860::8888"],
    "two-nics": ["ip route get 8.8.8.8", "ip route get 203.0.113.9", "ip route get 198.51.100.77"],
    "k8s-pod": ["ip route get 10.96.0.1", "ip route get 169.254.1.1"],
    "docker-host": ["ip route get 172.17.0.2", "ip route get 172.18.0.5", "ip route get 1.1.1.1"],
    "laptop-vpn": ["ip route get 8.8.8.8", "ip route get 192.168.178.5", "ip route get 10.8.0.9"],
    "many-routes": ["ip route get 20.3.7.9", "ip route get 40.1.2.3", "ip route get 60.0.200.1",
                    "ip route get 9.9.9.9"],
    "no-default-route": ["ip route get 10.1.0.77", "ip route get 8.8.8.8", "ip -6 route get fd00:1::9"],
}
SUITE = Suite()
test = SUITE.test


def veneer(scenario, cmd):
    args = [VENEER, "run"] + (["--scenario", scenario] if scenario else []) + ["--", "sh", "-c", cmd]
    return subprocess.run(args, capture_output=True, text=True, timeout=120)


def differences(name, ns, scenario):
    """The compared commands whose output differs: [(cmd, linux, veneer)]."""
    out = []
    for cmd in COMPARED + ROUTE_GET.get(name, []):
        want = ns.run(cmd)
        got = veneer(scenario, cmd)
        if (want.stdout, want.returncode) != (got.stdout, got.returncode) or \
                (cmd == "ip addr" and "lo:" not in want.stdout):
            out.append((cmd, want.stdout + want.stderr, got.stdout + got.stderr))
    return out


def report(diffs):
    return "\n".join("%s differs:\n--- linux\n%s--- veneer\n%s" % d for d in diffs)


def make_network_test(name, recipe):
    def t():
        if recipe.needs and not os.path.exists(recipe.needs):
            raise Skip("this kernel has no " + recipe.needs)
        shipped = os.path.join(LIBRARY, name + ".json")
        with capture.Namespace(recipe, "vlib-%d-%s" % (os.getpid(), name), TMP) as ns:
            diffs = differences(name, ns, shipped)
            if not diffs:
                return None
            # the same recipe captured here: if it is the shipped file,
            # veneer is wrong; if not, this kernel shows it otherwise
            fresh = os.path.join(TMP, name + ".json")
            r = ns.run("%s snapshot" % VENEER)
            check(r.returncode == 0, r.stderr)
            with open(fresh, "w") as f:
                f.write(capture.dump(capture.normalize(name, recipe, json.loads(r.stdout))))
            with open(shipped) as a, open(fresh) as b:
                want, got = a.read(), b.read()
            check(want != got, "under the shipped %s.json:\n%s" % (name, report(diffs)))
            # captured with this kernel and iproute2, the file must be what a
            # capture makes here: else it is stale or was edited
            here = capture.captured_with()
            check(json.loads(want).get("captured_with") != here,
                  "scenarios/%s.json is not what tools/capture_scenarios.py captures with %s "
                  "(regenerate it):\n%s" % (name, here, report(diffs)))
            diffs = differences(name, ns, fresh)
            check(not diffs, "under a capture made here:\n" + report(diffs))
            return ("%s was captured with another kernel or iproute2 than %s: compared with a "
                    "capture made here" % (name, here))
    t.__name__ = "library: " + name
    return t


for _name, _recipe in capture.RECIPES.items():
    if _recipe.machine is None:
        SUITE.tests.append(make_network_test(_name, _recipe))


@test
def every_scenario_is_listed_and_loads():
    r = subprocess.run([VENEER, "scenarios"], capture_output=True, text=True)
    want = "".join("%-16s  %s\n" % (n, capture.RECIPES[n].summary) for n in sorted(capture.RECIPES))
    check(r.returncode == 0 and r.stdout == want, "veneer scenarios:\n%s%s" % (r.stdout, r.stderr))
    files = sorted(f[:-5] for f in os.listdir(LIBRARY) if f.endswith(".json"))
    check(files == sorted(capture.RECIPES), "scenarios/ holds %s" % files)
    for n in files:
        r = veneer(os.path.join(LIBRARY, n + ".json"), "true")
        check(r.returncode == 0 and r.stderr == "", "%s: %s" % (n, r.stderr))


MACHINE = "nproc; grep MemTotal /proc/meminfo; hostname; free -k | sed -n 2p | tr -s ' ' | cut -d' ' -f1,2"


@test
def default_is_the_embedded_model():
    lib = os.path.join(LIBRARY, "default.json")
    for cmd in COMPARED + [MACHINE, "uname -a", "cat /proc/sys/kernel/random/boot_id"]:
        want, got = veneer(None, cmd), veneer(lib, cmd)
        check((want.stdout, want.returncode) == (got.stdout, got.returncode) and want.stdout,
              "%s:\n--- embedded\n%s--- default.json\n%s%s" % (cmd, want.stdout, got.stdout, got.stderr))


@test
def machines_have_their_cpus_and_memory():
    for name, cpus, mem in (("big-box", 64, 536870912), ("small-box", 1, 262144)):
        r = veneer(os.path.join(LIBRARY, name + ".json"), MACHINE)
        want = r"%d\nMemTotal: +%d kB\n%s\nMem: %d\n\Z" % (cpus, mem, name, mem)
        check(re.match(want, r.stdout), "%s:\n%s%s\nwanted:\n%s" % (name, r.stdout, r.stderr, want))
        r = veneer(os.path.join(LIBRARY, name + ".json"), "ip -br addr; ip route")
        d = veneer(None, "ip -br addr; ip route")
        check(r.stdout == d.stdout, "%s: not the default network:\n%s" % (name, r.stdout))


@test
def an_installed_veneer_finds_the_library():
    dest = os.path.join(TMP, "dest")
    r = subprocess.run(["meson", "install", "-C", BUILD, "--no-rebuild", "--quiet", "--destdir", dest],
                       capture_output=True, text=True)
    check(r.returncode == 0, r.stdout + r.stderr)
    exe = [os.path.join(dp, f) for dp, _, fs in os.walk(dest) for f in fs if f == "veneer"]
    check(len(exe) == 1, "installed: %s" % exe)
    share = os.path.realpath(os.path.join(os.path.dirname(exe[0]), "..", "share", "veneer", "scenarios"))
    check(sorted(os.listdir(share)) == sorted(n + ".json" for n in capture.RECIPES), os.listdir(share))
    # moved elsewhere, it still finds its own
    moved = os.path.join(TMP, "moved")
    shutil.copytree(os.path.dirname(os.path.dirname(exe[0])), moved, symlinks=True)
    mexe = os.path.join(moved, "bin", "veneer")
    r = subprocess.run([mexe, "scenarios", "--path"], capture_output=True, text=True)
    check(r.stdout == os.path.join(moved, "share", "veneer", "scenarios") + "\n", r.stdout + r.stderr)
    r = subprocess.run([mexe, "matrix", "-s", "lib:k8s-pod", "--", "ip", "-br", "addr"],
                       capture_output=True, text=True)
    check(r.returncode == 0 and "k8s-pod" in r.stdout and "1 passed" in r.stdout, r.stdout + r.stderr)
    # VENEER_SCENARIOS names another library
    alt = os.path.join(TMP, "alt")
    os.makedirs(alt)
    with open(os.path.join(alt, "mine.json"), "w") as f:
        json.dump({"description": "my own", "hostname": "mine"}, f)
    env = dict(os.environ, VENEER_SCENARIOS=alt)
    r = subprocess.run([mexe, "scenarios"], capture_output=True, text=True, env=env)
    check(r.stdout == "mine  my own\n", r.stdout + r.stderr)
    r = subprocess.run([mexe, "matrix", "-s", "lib:all", "-c", "hostname", "--expect", os.path.join(TMP, "g"),
                        "--update"], capture_output=True, text=True, env=env)
    with open(os.path.join(TMP, "g", "mine", "hostname.stdout")) as f:
        check(r.returncode == 0 and f.read() == "mine\n", r.stdout + r.stderr)


PSUTIL = ("import socket, psutil, sys; "
          "names = sorted(n for _, n in socket.if_nameindex()); "
          "addrs = psutil.net_if_addrs(); "
          "print(names, sorted(a.address for v in addrs.values() for a in v if a.family == socket.AF_INET)); "
          "sys.exit(0 if names == sorted(addrs) and psutil.cpu_count() >= 1 else 1)")


@test
def psutil_under_every_library_scenario():
    """The issue's matrix: psutil under lib:all, in parallel, valid JUnit."""
    out = os.path.join(TMP, "lib-all.xml")
    r = subprocess.run([VENEER, "matrix", "--scenarios", "lib:all", "-j", "2", "--junit", out, "--",
                        "/usr/bin/python3", "-c", PSUTIL], capture_output=True, text=True, timeout=600)
    n = len(capture.RECIPES)
    check(r.returncode == 0 and "%d cases: %d passed" % (n, n) in r.stdout, r.stdout + r.stderr)
    v = subprocess.run(["xmllint", "--noout", "--schema", XSD, out], capture_output=True, text=True)
    check(v.returncode == 0, v.stderr)
    check(len(re.findall(r"<testcase ", open(out).read())) == n, "one test case per scenario")


if __name__ == "__main__":
    sys.exit(SUITE.main(FILTER, cleanup=TMP, needs_root=True))
