#!/usr/bin/env python3
"""Regenerate the scenario library (scenarios/*.json) from real Linux.

    tools/capture_scenarios.py [--veneer PATH] [--out DIR] [NAME...]

Each network scenario is a recipe of `ip` commands: the script builds a
network namespace with them (peers of veth links in namespaces of their
own, as a pod's or a container's peer is), takes `veneer snapshot` in it,
and writes what it captured, made independent of this machine: its own
host name, no kernel release or boot id of this host, no traffic counters,
routes without the keys that only repeat the defaults; "captured_with"
(a key the loader ignores) says which kernel and iproute2 printed it. The machine
scenarios (default, big-box, small-box) are the embedded model with other
CPUs and memory, captured by running `veneer snapshot` under veneer.

tests/matrix/library.py builds the same namespaces (it imports RECIPES
from here) and checks that `ip addr`, `ip route` and the rest under each
shipped file print what they print in the namespace. Needs root.
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Recipe:
    """A scenario: one line for `veneer scenarios`, its host name, and
    either `ip` steps run in a fresh namespace or machine facts given to
    the embedded model.

    Steps are shell commands with {ns} (the scenario's namespace) and
    {PEER} for each name in peers: the pid of a process alone in a network
    namespace of its own and without a name in /run/netns, as a pod's host
    or a container is, so that `ip` prints link-netnsid and not a name.
    A step ("hold", CMD, CHECK) starts CMD in {ns} and keeps it running
    (a tun device lives while its fd is open) until CHECK succeeds."""

    def __init__(self, summary, hostname, steps=(), peers=(), machine=None, needs=None):
        self.summary = summary
        self.hostname = hostname
        self.steps = list(steps)
        self.peers = list(peers)
        self.machine = machine      # {"cpus": N, "memory_kb": N}: captured from the model
        self.needs = needs          # a path the kernel must have, else the recipe is skipped


def veth(ns_link, mac, peer, peer_link, peer_mac):
    """A veth with its peer in another namespace, both up."""
    return ["ip -n {ns} link add %s address %s type veth peer name %s address %s netns {%s}"
            % (ns_link, mac, peer_link, peer_mac, peer),
            "nsenter -t {%s} -n ip link set %s up" % (peer, peer_link),
            "ip -n {ns} link set %s up" % ns_link]


# The 10 000 routes of many-routes: what a BGP daemon installs (proto bgp,
# metric 20, as FRR does), /24, /22 and /20 prefixes over two next hops.
def bgp_batch():
    lines = []
    for i in range(10000):
        if i < 6000:
            dst = "20.%d.%d.0/24" % (i // 256, i % 256)
        elif i < 9000:
            k = (i - 6000) * 4
            dst = "40.%d.%d.0/22" % (k // 256, k % 256)
        else:
            k = (i - 9000) * 16
            dst = "60.%d.%d.0/20" % (k // 256, k % 256)
        via = "10.0.0.1" if i % 2 == 0 else "10.0.0.254"
        lines.append("route add %s via %s dev eth0 proto bgp metric 20" % (dst, via))
    return "\n".join(lines) + "\n"


TUN_HOLD = ("/usr/bin/python3 -c 'import fcntl, os, struct, time; "
            "fd = os.open(\"/dev/net/tun\", os.O_RDWR); "
            "fcntl.ioctl(fd, 0x400454ca, struct.pack(\"16sH\", b\"tun0\", 0x1001)); "
            "time.sleep(86400)'")   # TUNSETIFF, IFF_TUN | IFF_NO_PI: OpenVPN's tun0

RECIPES = {
    "default": Recipe("the embedded model: lo, eth0 10.0.2.15/24, default via 10.0.2.2, 2 CPUs, 2 GiB",
                      "veneer", machine={}),
    "big-box": Recipe("64 CPUs and 512 GiB of memory, the default network", "big-box",
                      machine={"cpus": 64, "memory_kb": 512 * 1024 * 1024}),
    "small-box": Recipe("1 CPU and 256 MiB of memory, the default network", "small-box",
                        machine={"cpus": 1, "memory_kb": 256 * 1024}),
    "lo-only": Recipe("no network: lo alone", "isolated"),
    "ipv6-only": Recipe("eth0 with 2001:db8:6::10/64 and no IPv4, default via fe80::1", "v6-host",
                        peers=["peer"], steps=veth("eth0", "52:54:00:6a:00:10", "peer", "veth6",
                                                   "52:54:00:6a:00:01") + [
        "ip -n {ns} addr add 2001:db8:6::10/64 dev eth0",
        "ip -n {ns} -6 route add default via fe80::1 dev eth0",
    ]),
    "dual-stack": Recipe("eth0 with 192.0.2.10/24 and 2001:db8:d5::10/64, a default route in each",
                         "dual", peers=["peer"],
                         steps=veth("eth0", "52:54:00:d5:00:10", "peer", "vethd", "52:54:00:d5:00:01") + [
        "ip -n {ns} addr add 192.0.2.10/24 brd + dev eth0",
        "ip -n {ns} addr add 2001:db8:d5::10/64 dev eth0",
        "ip -n {ns} route add default via 192.0.2.1",
        "ip -n {ns} -6 route add default via 2001:db8:d5::1",
    ]),
    "two-nics": Recipe("eth0 192.0.2.10/24 (default route) and eth1 198.51.100.10/24 (203.0.113.0/24)",
                       "two-nics", peers=["up0", "up1"],
                       steps=veth("eth0", "52:54:00:20:00:10", "up0", "veth0", "52:54:00:20:00:01")
                       + veth("eth1", "52:54:00:21:00:10", "up1", "veth1", "52:54:00:21:00:01") + [
        "ip -n {ns} addr add 192.0.2.10/24 brd + dev eth0",
        "ip -n {ns} addr add 198.51.100.10/24 brd + dev eth1",
        "ip -n {ns} route add default via 192.0.2.1 dev eth0",
        "ip -n {ns} route add 203.0.113.0/24 via 198.51.100.1 dev eth1",
    ]),
    "k8s-pod": Recipe("a Calico pod: veth eth0 (peer in the host), 10.244.1.5/32, "
                      "default via 169.254.1.1 onlink", "web-5d8f7c9b4-x2x7q", peers=["node"],
                      steps=veth("eth0", "a2:4f:3c:11:0e:9b", "node", "cali7f3a9c1e2b4", "ee:ee:ee:ee:ee:ee") + [
        "ip -n {ns} link set eth0 mtu 1450",
        "ip -n {ns} addr add 10.244.1.5/32 dev eth0",
        "ip -n {ns} route add 169.254.1.1 dev eth0 scope link",
        "ip -n {ns} route add default via 169.254.1.1 dev eth0 onlink",
    ]),
    "docker-host": Recipe("eth0 192.168.1.20/24; docker0 172.17.0.1/16 with two containers' veths; "
                          "an idle user bridge", "docker-host", peers=["lan", "web", "db"],
                          steps=veth("eth0", "52:54:00:dc:00:20", "lan", "vethlan", "52:54:00:dc:00:01") + [
        "ip -n {ns} addr add 192.168.1.20/24 brd + dev eth0",
        "ip -n {ns} route add default via 192.168.1.1 dev eth0 proto dhcp src 192.168.1.20 metric 100",
        "ip -n {ns} link add docker0 address 02:42:5c:1e:9a:01 type bridge",
        "ip -n {ns} addr add 172.17.0.1/16 brd + dev docker0",
        "ip -n {ns} link set docker0 up",
        "ip -n {ns} link add veth3a1f2b0 address 6e:3c:a1:f2:b0:01 type veth peer name eth0 "
        "address 02:42:ac:11:00:02 netns {web}",
        "ip -n {ns} link set veth3a1f2b0 master docker0 up",
        "nsenter -t {web} -n ip link set eth0 up",
        "ip -n {ns} link add veth9c04d7e address 9a:c0:4d:7e:00:01 type veth peer name eth0 "
        "address 02:42:ac:11:00:03 netns {db}",
        "ip -n {ns} link set veth9c04d7e master docker0 up",
        "nsenter -t {db} -n ip link set eth0 up",
        "ip -n {ns} link add br-4e1a2b3c4d5e address 02:42:8b:4e:1a:2b type bridge",
        "ip -n {ns} addr add 172.18.0.1/16 brd + dev br-4e1a2b3c4d5e",
        "ip -n {ns} link set br-4e1a2b3c4d5e up",
    ]),
    "laptop-vpn": Recipe("wlan0 192.168.178.23/24 as NetworkManager sets it; tun0 10.8.0.2/24 "
                         "takes all traffic by policy rules (wg-quick's)", "laptop", peers=["ap"],
                         needs="/dev/net/tun",
                         steps=veth("wlan0", "3c:22:fb:7a:10:2e", "ap", "vethap", "3c:22:fb:00:00:01") + [
        "ip -n {ns} addr add 192.168.178.23/24 brd + dev wlan0 noprefixroute",
        "ip -n {ns} route add 192.168.178.0/24 dev wlan0 proto kernel scope link src 192.168.178.23 metric 600",
        "ip -n {ns} route add default via 192.168.178.1 dev wlan0 proto dhcp src 192.168.178.23 metric 600",
        ("hold", TUN_HOLD, "ip -n {ns} link show tun0"),
        # a tun device's link-local address is random (it has no MAC): a
        # fixed one instead, so that the namespace can be rebuilt as captured
        "ip -n {ns} link set tun0 addrgenmode none",
        "ip -n {ns} link set tun0 mtu 1420 up",
        "ip -n {ns} addr add 10.8.0.2/24 dev tun0",
        "ip -n {ns} addr add fe80::5a1e:9b2c:7d40:3f18/64 dev tun0",
        "ip -n {ns} route add default dev tun0 table 51820",
        "ip -n {ns} rule add not fwmark 51820 table 51820 priority 32765",
        "ip -n {ns} rule add table main suppress_prefixlength 0 priority 32764",
    ]),
    "many-routes": Recipe("10 000 BGP routes (proto bgp) over eth0 10.0.0.2/24", "edge-router",
                          peers=["isp"],
                          steps=veth("eth0", "52:54:00:b6:00:02", "isp", "vethisp", "52:54:00:b6:00:01") + [
        "ip -n {ns} addr add 10.0.0.2/24 brd + dev eth0",
        "ip -n {ns} route add default via 10.0.0.1 dev eth0",
        "ip -n {ns} -batch {batch}",
    ]),
    "no-default-route": Recipe("eth0 10.1.0.5/24 and fd00:1::5/64, no default route", "airgapped",
                               peers=["peer"],
                               steps=veth("eth0", "52:54:00:0d:00:05", "peer", "vethnd", "52:54:00:0d:00:01") + [
        "ip -n {ns} addr add 10.1.0.5/24 brd + dev eth0",
        "ip -n {ns} addr add fd00:1::5/64 dev eth0",
    ]),
}

# IPv6 quiet, as a namespace must be for snapshot and reads to agree: no
# duplicate address detection ("tentative"), no solicitations moving
# counters. Set before the links exist, so that each inherits them.
QUIET = ["accept_dad=0", "router_solicitations=0", "mldv2_unsolicited_report_interval=0"]


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, check=True, capture_output=True, text=True, **kw)


class Namespace:
    """A recipe built in a named namespace, with its peers and held
    processes; `with` removes everything."""

    def __init__(self, recipe, name, tmp):
        self.recipe, self.name, self.tmp = recipe, name, tmp
        self.procs = []

    def __enter__(self):
        subprocess.run(["ip", "netns", "del", self.name], stderr=subprocess.DEVNULL)
        sh("ip netns add %s" % self.name)
        try:
            for k in QUIET:
                sh("ip netns exec %s sysctl -qw net.ipv6.conf.default.%s net.ipv6.conf.all.%s"
                   % (self.name, k, k))
            sh("ip -n %s link set lo up" % self.name)
            fmt = {"ns": self.name}
            for p in self.recipe.peers:
                proc = subprocess.Popen(["unshare", "--net", "sleep", "86400"], start_new_session=True,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                self.procs.append(proc)
                fmt[p] = str(proc.pid)
                self.wait(lambda: os.readlink("/proc/%d/ns/net" % proc.pid) != os.readlink("/proc/self/ns/net"))
            if "{batch}" in "".join(s for s in self.recipe.steps if isinstance(s, str)):
                fmt["batch"] = os.path.join(self.tmp, "bgp.batch")
                with open(fmt["batch"], "w") as f:
                    f.write(bgp_batch())
            for step in self.recipe.steps:
                if isinstance(step, tuple):
                    _, cmd, ready = step
                    self.procs.append(subprocess.Popen("ip netns exec %s %s" % (self.name, cmd.format(**fmt)),
                                                       shell=True, start_new_session=True,
                                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
                    self.wait(lambda: subprocess.run(ready.format(**fmt), shell=True,
                                                     capture_output=True).returncode == 0)
                else:
                    sh(step.format(**fmt))
            self.settle()

        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def settle(self):
        """Let carrier and addresses settle, as a snapshot would meet them:
        no IPv6 address still tentative, and links, addresses and routes
        the same twice in a row (a loaded machine takes longer than any
        fixed pause)."""
        look = "sh -c 'ip -d link; ip addr; ip route show table all; ip -6 route show table all'"
        before = None
        for _ in range(50):
            time.sleep(0.2)
            now = self.run(look).stdout
            if now == before and "tentative" not in now:
                return
            before = now

    @staticmethod
    def wait(cond):
        for _ in range(100):
            if cond():
                return
            time.sleep(0.05)
        raise RuntimeError("a helper did not start")

    def run(self, cmd):
        return subprocess.run("ip netns exec %s %s" % (self.name, cmd), shell=True, capture_output=True,
                              text=True)

    def __exit__(self, *exc):
        for p in self.procs:   # each leads a session of its own: all of it goes
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
        subprocess.run(["ip", "netns", "del", self.name], stderr=subprocess.DEVNULL)


# ---------------------------------------------------------------- the file

ROUTE_DEFAULTS = {"type": "unicast", "table": "main", "protocol": "boot", "scope": "global", "flags": []}


def captured_with():
    """The kernel and iproute2 a capture comes from: where a file must be
    exactly what a capture makes (tests/matrix/library.py)."""
    ip = subprocess.run(["ip", "-V"], capture_output=True, text=True).stdout.split(",")[1].strip()
    return "Linux %s, %s" % (os.uname().release, ip)


def normalize(name, recipe, snap):
    """What a library file keeps of a snapshot (see the module's text)."""
    out = {"description": recipe.summary, "hostname": recipe.hostname}
    if recipe.machine is None:
        out["captured_with"] = captured_with()
    if recipe.machine:
        out.update(recipe.machine)
    links = []
    for l in snap["links"]:
        l = dict(l)
        l.pop("stats64", None)
        # a bridge's and its ports' running timers: 0, as at the instant
        # they were (re)started, not whatever they had counted to
        for part in ("info_data", "info_slave_data"):
            data = l.get("linkinfo", {}).get(part, {})
            for k in data:
                if k.endswith("_timer"):
                    data[k] = 0.0
        links.append(l)
    out["links"] = links
    # `ip -d route show table all` lists IPv6 routes too, and the snapshot
    # adds `ip -6 ...`'s: each once (the loader would load them once)
    routes, seen = [], set()
    for r in snap["routes"]:
        r = {k: v for k, v in r.items() if ROUTE_DEFAULTS.get(k, object()) != v}
        key = json.dumps(r, sort_keys=True)
        if key not in seen:
            seen.add(key)
            routes.append(r)
    out["routes"] = routes
    # a namespace's learnt neighbours age; the model's (a machine
    # scenario's) are what it says they are
    neigh = [n for n in snap.get("neighbours", [])
             if recipe.machine is not None or "PERMANENT" in n.get("state", [])]
    if neigh:
        out["neighbours"] = neigh
    out["rules"] = snap["rules"]
    return out


def dump(obj):
    """Links indented, one route, neighbour or rule per line: readable,
    and many-routes stays a file of 10 000 short lines."""
    parts = []
    for k, v in obj.items():
        if k == "links":
            body = json.dumps(v, indent=2).replace("\n", "\n  ")
        elif isinstance(v, list):
            body = "[\n" + ",\n".join("    " + json.dumps(x) for x in v) + "\n  ]"
        else:
            body = json.dumps(v)
        parts.append("  %s: %s" % (json.dumps(k), body))
    return "{\n" + ",\n".join(parts) + "\n}\n"


def capture(name, veneer, tmp):
    recipe = RECIPES[name]
    if recipe.machine is not None:
        over = os.path.join(tmp, name + ".in.json")
        with open(over, "w") as f:
            json.dump(recipe.machine, f)
        snap = sh("%s run --scenario %s -- %s snapshot" % (veneer, over, veneer)).stdout
    else:
        with Namespace(recipe, "vcap-%d-%s" % (os.getpid(), name), tmp) as ns:
            r = ns.run("%s snapshot" % veneer)
            if r.returncode:
                raise RuntimeError(r.stderr)
            snap = r.stdout
    return dump(normalize(name, recipe, json.loads(snap)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--veneer", default=os.path.join(ROOT, "build", "veneer"))
    ap.add_argument("--out", default=os.path.join(ROOT, "scenarios"))
    ap.add_argument("names", nargs="*", help="scenarios to capture (default: all)")
    a = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("capture_scenarios: needs root (network namespaces)")
    names = a.names or list(RECIPES)
    with tempfile.TemporaryDirectory(prefix="veneer-capture-") as tmp:
        for n in names:
            if n not in RECIPES:
                sys.exit("capture_scenarios: no recipe %s (there are: %s)" % (n, ", ".join(RECIPES)))
            needs = RECIPES[n].needs
            if needs and not os.path.exists(needs):
                print("%s: skipped, this kernel has no %s" % (n, needs), file=sys.stderr)
                continue
            text = capture(n, a.veneer, tmp)
            with open(os.path.join(a.out, n + ".json"), "w") as f:
                f.write(text)
            print("%s: %d bytes" % (n, len(text)), file=sys.stderr)


if __name__ == "__main__":
    main()
