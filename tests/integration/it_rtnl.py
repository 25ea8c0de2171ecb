# NETLINK_ROUTE beyond the foundation (issue #3): kind data of bridges,
# bridge ports and taps, statistics, netconf, IPv6 rules; the model's
# changes under --cap CAP_NET_ADMIN. Runs inside integration.py's namespace
# (see "more tests" there).
import re
import shlex

# Bridge and port timers count down in the kernel between the snapshot and
# the native run; the model serves the snapshot's value. Masked, as ip prints
# them ("gc_timer  299.68" in text, "gc_timer":299.68 in JSON).
_TIMER = re.compile(r'("?(?:hello|tcn|topology_change|gc|message_age|forward_delay|hold)_timer"?)[: ]+[0-9.]+')


def mask_timers(text):
    # the padding goes too: ip prints timers with %8.2f
    return _TIMER.sub(r"\1 <t>", text)


RTNL_COMPARED = {
    "bridge": ["ip -d link", "ip -d addr", "ip -d link show dev br0", "ip -j -d link",
               "ip -d link show master br0", "ip netconf", "ip -6 netconf show dev br0"],
    "veth": ["ip -s link", "ip -s -s link", "ip -d addr", "ip -j -d -s addr show", "ip netconf",
             "ip -4 netconf show dev eth0", "ip -6 rule", "ip -j -s -s link"],
    "tables": ["ip -6 rule", "ip -j rule", "ip netconf"],
}


def make_rtnl_compare(fixture, cmd):
    def t(backend):
        same_as_native(fixture, cmd, backend, normalize=mask_timers)
    t.__name__ = "rtnl %s: %s" % (fixture, cmd)
    return t


for _fx, _cmds in RTNL_COMPARED.items():
    for _c in _cmds:
        TESTS.append(make_rtnl_compare(_fx, _c))


# Without --cap CAP_NET_ADMIN a change is refused as Linux refuses it to an
# unprivileged user (compared with ip run as nobody in the namespace).
RTNL_CHANGES = ["ip addr add 10.0.2.77/24 dev eth0", "ip link set eth0 mtu 1400",
                "ip route add 10.77.0.0/16 via 10.0.2.2", "ip addr del 10.0.2.15/24 dev eth0",
                "ip link set eth0 down", "ip rule add from 10.0.2.0/24 table 7",
                "ip neigh add 10.0.2.9 lladdr 52:55:0a:00:02:09 dev eth0"]


def make_unprivileged(cmd):
    def t(backend):
        fx = FIXTURES["veth"]
        want = fx.run("setpriv --reuid=65534 --regid=65534 --clear-groups " + cmd)
        got = veneer(cmd, backend, scenario=fx.snapshot())
        check((want.returncode, want.stdout, want.stderr) == (got.returncode, got.stdout, got.stderr),
              "%s: linux (exit %d) %r, veneer (exit %d) %r"
              % (cmd, want.returncode, want.stderr, got.returncode, got.stderr))
    t.__name__ = "rtnl without CAP_NET_ADMIN: %s" % cmd
    return t


for _c in RTNL_CHANGES:
    TESTS.append(make_unprivileged(_c))


# With --cap CAP_NET_ADMIN the model changes as Linux does. Each case builds
# a fresh namespace like the veth fixture (the script changes it), snapshots
# it, then runs the script natively there and under veneer in the empty
# namespace with the snapshot: both must print the same.
VETH_SETUP = [
    "ip -n {ns} link add eth0 type veth peer name p0",
    "ip -n {ns} link set eth0 address 52:54:00:12:34:56",
    "ip -n {ns} link set p0 up",
    "ip -n {ns} link set eth0 up",
    "ip -n {ns} addr add 10.0.2.15/24 brd + dev eth0",
    "ip -n {ns} addr add 10.0.2.16/24 dev eth0",
    "ip -n {ns} addr add 2001:db8::15/64 dev eth0",
    "ip -n {ns} route add default via 10.0.2.2",
    "ip -n {ns} route add 192.168.7.0/24 via 10.0.2.3 metric 50",
    "ip -n {ns} route add blackhole 10.66.0.0/16",
    "ip -n {ns} -6 route add default via 2001:db8::1",
    "ip -n {ns} neigh add 10.0.2.2 lladdr 52:55:0a:00:02:02 dev eth0 nud permanent",
]

_CHG_N = [0]


def veneer_cap(script, backend, scenario):
    cmd = ("ip netns exec %s %s run --backend %s --cap CAP_NET_ADMIN --scenario %s -- sh -c %s"
           % (EMPTY.name, VENEER, backend, scenario, shlex.quote(script)))
    r = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=120)
    if r.returncode == 2 and "backend '%s' is not available" % backend in r.stderr:
        raise Skip("backend %s not built" % backend)
    return r


# (The kernel applies carrier changes to operstate up to a second late, in
# linkwatch: scripts sleep before looking; neighbours dump in a salted hash
# order: sorted.)
# New links get random addresses (and bridges ids from them) in both worlds.
_MAC = re.compile(r"((?:link/ether|bridge_id|designated_root) )[0-9a-f:.]+")


# Linux's side of a script that changes a namespace: its snapshot and what
# the script printed, made once and compared with every backend's run.
_REFERENCE = {}


def reference(key, prefix, script, settle=0.0):
    if key not in _REFERENCE:
        _CHG_N[0] += 1
        fx = Netns("%s%d" % (prefix, _CHG_N[0]), VETH_SETUP)
        try:
            if settle:
                time.sleep(settle)
            scenario = fx.snapshot()
            _REFERENCE[key] = (scenario, fx.run("sh -c " + shlex.quote(script)))
        finally:
            sh("ip netns del %s" % fx.name, check=False)
    return _REFERENCE[key]


def make_change_script(name, script):
    def t(backend):
        scenario, want = reference(name, "chg", script)
        got = veneer_cap(script, backend, scenario)
        a = _DROPPED.sub("dropped N", _MAC.sub(r"\1<mac>", mask_timers(want.stdout + want.stderr)))
        b = _DROPPED.sub("dropped N", _MAC.sub(r"\1<mac>", mask_timers(got.stdout + got.stderr)))
        check(a == b, "%s differs from Linux:\n--- linux\n%s--- veneer\n%s" % (name, a, b))
    t.__name__ = "rtnl changes with CAP_NET_ADMIN: %s" % name
    return t


# A packet the kernel itself sends while a script runs (an MLD report
# after a change) may be dropped there, when it comes: ifconfig's
# "dropped" counts move on Linux alone.
_DROPPED = re.compile(r"dropped \d+")


_ERRORS = ["route add default via 10.0.2.2", "route del 10.77.0.0/16",
           "route add 10.21.0.0/16 via 10.66.0.9", "route add 10.20.0.0/16 via 10.0.2.9 dev p0",
           "-6 route add 2001:db9::/64 via 2001:db7::1", "-6 route add 2001:dba::/64 via fe80::1",
           "-6 route del 2001:dbc::/64", "addr del 10.1.1.1/24 dev eth0",
           "addr add 10.0.2.15/24 dev eth0", "-6 addr add 2001:db8::15/64 dev eth0",
           "-6 addr del 2001:db8::99/64 dev eth0", "link set eth0 name p0",
           "link set eth0 mtu 20", "link set eth0 mtu 70000", "link del lo",
           "link add x0 type foo", "neigh add 10.0.2.2 lladdr 52:55:0a:00:02:03 dev eth0",
           "neigh del 10.0.2.99 dev eth0", "rule del from 10.0.3.0/24 table 7",
           "route change 10.51.0.0/16 via 10.0.2.3"]

CHANGE_SCRIPTS = {
    "the issue's script": "ip addr add 10.9.0.1/24 dev eth0; ip link set eth0 mtu 1400; "
                          "ip route add 10.10.0.0/16 via 10.9.0.254; ip addr del 10.0.2.16/24 dev eth0; "
                          "ip link set p0 down; ip addr; ip route; ip link",
    "errors": "; ".join("echo '== %s'; ip %s; echo $?" % (c, c) for c in _ERRORS) + " 2>&1",
    "down and up": "ip link set eth0 down; sleep 1.2; ip addr; ip route show table all; ip -6 route show table all; "
                   "ip link set eth0 up; sleep 1.2; ip addr; ip route show table all; ip -6 route show table all; "
                   "ip addr del 10.0.2.15/24 dev eth0; ip addr; ip route show table all; "
                   "ip link set p0 down; ip link set p0 up; sleep 1.2; ip -6 route show table all; ip link",
    "routes, neighbours, rules": "ip route replace 10.50.0.0/16 via 10.0.2.1; "
                                 "ip route append 10.50.0.0/16 via 10.0.2.2; "
                                 "ip route prepend 10.50.0.0/16 via 10.0.2.3; "
                                 "ip route del 10.50.0.0/16 via 10.0.2.2; ip route del blackhole 10.66.0.0/16; "
                                 "ip -6 route add 2001:db9::/64 via 2001:db8::1; "
                                 "ip neigh replace 10.0.2.2 lladdr 52:55:0a:00:02:03 dev eth0; "
                                 "ip neigh add 10.0.2.7 lladdr 52:55:0a:00:02:07 dev eth0; "
                                 "ip rule add from 10.0.2.0/24 table 7; ip rule add to 10.8.0.0/16 table 8 pref 100; "
                                 "ip rule del pref 100; ip route show table all; ip -6 route; ip neigh | sort; ip rule; ip -6 rule",
    "veth and bridge": "ip link add br7 type bridge; ip link add v1 type veth; "
                       "ip link add vv type veth peer name ww; ip link set vv master br7; "
                       "ip link set br7 up; ip link set vv up; ip link; ip link set ww up; sleep 1.2; "
                       "ip -d link show br7; ip link; ip addr add 10.7.0.1/24 dev br7; ip route; "
                       "ip link set vv nomaster; ip link del ww; sleep 1.2; ip link; ip route; "
                       "ip link del br7; ip link; ip addr",
}

for _n, _s in CHANGE_SCRIPTS.items():
    TESTS.append(make_change_script(_n, _s))


# ---- interface ioctls, ethtool, /proc/net/arp, snapshot round trip (#3 step 4)

# SIOCSIF* through ifconfig change the model as devinet_ioctl/dev_ioctl
# change a namespace (classful masks, aliases by label, `ifconfig eth0 0`).
# (ifconfig's inet6 lines follow /proc/net/if_inet6, in a hash order.)
IFCONFIG_SCRIPT = ("ifconfig eth0 mtu 1400; ifconfig eth0 10.9.9.9 netmask 255.255.0.0; "
                   "ifconfig eth0:1 10.7.7.7; ip addr; ifconfig -a | grep -v inet6; ip route show table all; ip neigh; "
                   "ifconfig eth0 broadcast 10.9.9.255; ifconfig eth0:1 netmask 255.255.255.0; "
                   "ifconfig eth0:1 down; ifconfig eth0:2 172.20.1.1; ifconfig eth0:2 0; "
                   "ifconfig eth0 txqueuelen 500; ifconfig eth0 hw ether 52:54:00:12:34:57; "
                   "ifconfig eth0 metric 2; ifconfig p0 down; ifconfig eth0 -multicast; "
                   "ifconfig eth0 mtu 10; ifconfig eth0 224.0.0.9; ifconfig nosuch0 mtu 1400; "
                   "ip addr; ip route show table all; ip link; ifconfig -a | grep -v inet6; ifconfig eth0:1")
TESTS.append(make_change_script("ifconfig", IFCONFIG_SCRIPT + " 2>&1"))

IFCONFIG_CHANGES = ["ifconfig eth0 mtu 1400", "ifconfig eth0 10.9.9.9 netmask 255.255.0.0",
                    "ifconfig eth0:1 10.7.7.7", "ifconfig nosuch0 mtu 1400",
                    "ifconfig eth0 txqueuelen 5", "ifconfig eth0 hw ether 52:54:00:12:34:57",
                    "ifconfig eth0 down"]
for _c in IFCONFIG_CHANGES:
    TESTS.append(make_unprivileged(_c))


# ethtool asks the kernel through the ethtool genetlink family (it_genl.py
# covers every option), -i through SIOCETHTOOL; as root and as nobody.
def make_ethtool(fixture, args, cap):
    def t(backend):
        if not shutil.which("ethtool"):
            raise Skip("ethtool needed")
        fx = FIXTURES[fixture]
        who = "" if cap else "setpriv --reuid=65534 --regid=65534 --clear-groups "
        want = fx.run(who + "ethtool " + args)
        if cap:
            got = veneer_cap("ethtool " + args, backend, fx.snapshot())
        else:
            got = veneer("ethtool " + args, backend, scenario=fx.snapshot())
        a = (want.returncode, want.stdout + want.stderr)
        b = (got.returncode, got.stdout + got.stderr)
        check(a == b, "ethtool %s: linux %r, veneer %r" % (args, a, b))
    t.__name__ = "ethtool %s in %s%s" % (args, fixture, "" if cap else " (unprivileged)")
    return t


for _fx, _devs in (("veth", ["eth0", "lo", "nosuch0"]), ("bridge", ["br0", "veth1", "tap0"])):
    for _d in _devs:
        for _cap in (True, False):
            TESTS.append(make_ethtool(_fx, "-i " + _d, _cap))
            TESTS.append(make_ethtool(_fx, _d, _cap))


# /proc/net/arp and arp -n: Linux lists neighbours in the order of a
# hash salted per table, so lines are compared sorted (header first).
ARP_SETUP = VETH_SETUP + [
    "ip -n {ns} neigh add 10.0.2.3 lladdr 52:55:0a:00:02:03 dev eth0 nud reachable",
    "ip -n {ns} neigh add 10.0.2.4 lladdr 52:55:0a:00:02:04 dev eth0 nud stale",
    "ip -n {ns} neigh add 10.0.2.5 lladdr 52:55:0a:00:02:05 dev eth0 nud noarp",
    "ip -n {ns} neigh add 10.0.2.6 lladdr 52:55:0a:00:02:06 dev p0 nud permanent",
    "ip -n {ns} -6 neigh add 2001:db8::7 lladdr 52:55:0a:00:02:07 dev eth0",
]


def _head_sorted(text):
    lines = text.splitlines()
    return lines[:1] + sorted(lines[1:])


@test
def proc_net_arp(backend):
    fx = Netns("arp", ARP_SETUP)
    try:
        for cmd in ("cat /proc/net/arp", "arp -n", "arp -an"):
            want = fx.run(cmd)
            got = veneer(cmd, backend, scenario=fx.snapshot())
            check(_head_sorted(want.stdout) == _head_sorted(got.stdout) and got.returncode == 0,
                  "%s differs:\n--- linux\n%s--- veneer\n%s%s" % (cmd, want.stdout, got.stdout, got.stderr))
    finally:
        sh("ip netns del %s" % fx.name, check=False)


# The snapshot round trip: `veneer snapshot` of each fixture, then
# `veneer run --scenario` of it, prints what the namespace prints.
for _fx in ("veth", "bridge", "tables", "v6only"):
    for _c in ("ip -d addr", "ip -d route show table all"):
        if _c not in RTNL_COMPARED.get(_fx, []):
            TESTS.append(make_rtnl_compare(_fx, _c))


# Notifications (issue #3 step 3): `ip monitor` in one process sees the
# changes another makes. Compared with the same script in a fresh namespace
# built like the veth fixture (snapshotted after DAD has settled: a
# tentative address would have no local route to report). `kill $!`: dash
# has no job control, `kill %1` would leave ip monitor running.
MONITOR_SCRIPT = ("ip -o monitor address link route & sleep 1; ip addr add 10.9.0.1/24 dev eth0; "
                  "ip link set p0 down; sleep 0.5; ip route add 10.10.0.0/16 via 10.9.0.254; sleep 1; kill $!")


def make_monitor_test(name, script):
    def t(backend):
        scenario, want = reference(name, "mon", script, settle=2.5)
        got = veneer_cap(script, backend, scenario)
        a, b = want.stdout + want.stderr, got.stdout + got.stderr
        check(a == b, "%s differs from Linux:\n--- linux\n%s--- veneer\n%s" % (name, a, b))
    t.__name__ = "rtnl notifications: %s" % name
    return t


TESTS.append(make_monitor_test("ip monitor address link route", MONITOR_SCRIPT))

# A raw subscriber: NETLINK_ADD_MEMBERSHIP, NETLINK_LIST_MEMBERSHIPS, and
# per datagram the header (port id and seq: the requester's or 0) and
# msg_name's nl_groups.
RAW_SUBSCRIBER = r'''
import os, select, socket, struct, subprocess, time
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
s.bind((0, 0))
for g in (1, 5, 7, 9, 11, 33):
    s.setsockopt(270, 1, g)
s.setsockopt(270, 1, 3); s.setsockopt(270, 2, 3)
print("members", s.getsockopt(270, 9, 8).hex())
for c in ("ip addr add 10.9.0.1/24 dev eth0", "ip route add 10.10.0.0/16 via 10.9.0.254",
          "ip route append 10.10.0.0/16 via 10.9.0.253", "ip rule add from 10.0.2.0/24 table 7",
          "ip -6 route add 2001:db9::/64 via 2001:db8::1", "ip link set eth0 mtu 1400"):
    subprocess.run(c.split(), check=True)
    print("==", c)
    while select.select([s], [], [], 0.3)[0]:
        data, anc, fl, addr = s.recvmsg(65536)
        ln, ty, f, seq, pid = struct.unpack_from("=IHHII", data)
        print(ty, ln, len(data), hex(f), "seq" if seq else 0, "pid" if pid else 0, addr, fl)
'''


def t_raw_subscriber(backend):
    script = "python3 -c " + shlex.quote(RAW_SUBSCRIBER)
    scenario, want = reference("raw subscriber", "mon", script, settle=2.5)
    got = veneer_cap(script, backend, scenario)
    a, b = want.stdout + want.stderr, got.stdout + got.stderr
    check(a == b, "raw subscriber differs from Linux:\n--- linux\n%s--- veneer\n%s" % (a, b))


t_raw_subscriber.__name__ = "rtnl notifications: a raw subscriber's headers and nl_groups"
TESTS.append(t_raw_subscriber)

# Changes made by interface ioctls are notified too (from no socket).
IOCTL_MONITOR_SCRIPT = ("ip -o monitor address link & sleep 1; ifconfig eth0 mtu 1400; "
                        "ifconfig eth0 10.9.9.9 netmask 255.255.0.0; ifconfig eth0 promisc; "
                        "ifconfig eth0 up; sleep 1; kill $!")
TESTS.append(make_monitor_test("ifconfig under ip monitor", IOCTL_MONITOR_SCRIPT))


# Attribute policies (issue #17): malformed requests of every kind the
# model serves, each answered with the kernel's errno and, with
# NETLINK_EXT_ACK, its message, the attribute's offset and the policy row
# it failed; the changes that pass (an over-long u32, an unterminated
# label) change both worlds alike. Not timing-sensitive: no linkwatch.
RTNL_POLICY_PROBE = r'''
# Malformed NETLINK_ROUTE requests: what each is answered (errno, and with
# NETLINK_EXT_ACK the message, the offset of the attribute and its policy).
import errno, socket, struct
def attr(t, p, flags=0):
    n = 4 + len(p)
    return struct.pack("=HH", n, t | flags) + p + b"\0" * (-n % 4)
def tlvs(b, off):
    while off + 4 <= len(b):
        l, t = struct.unpack_from("=HH", b, off)
        if l < 4:
            return
        yield t & 0x3fff, b[off + 4:off + l]
        off += (l + 3) & ~3
POL = {1: "type", 2: "min_s", 3: "max_s", 4: "min", 5: "max", 6: "minlen", 7: "maxlen", 12: "mask"}
def ack_text(f, m, off):
    out = []
    if not f & 0x200:
        return ""
    for t, v in tlvs(m, off):
        if t == 1:
            out.append("msg=%r" % v.rstrip(b"\0").decode())
        elif t == 2:
            out.append("offs=%d" % struct.unpack("=I", v))
        elif t == 4:
            p = ["%s=%d" % (POL.get(k, k), int.from_bytes(x, "little")) for k, x in tlvs(v, 0)]
            out.append("policy(%s)" % ",".join(p))
        else:
            out.append("tlv%d" % t)
    return " " + " ".join(out)
class NL:
    def __init__(self, strict=False):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
        self.s.bind((0, 0))
        self.s.setsockopt(270, 11, 1)            # NETLINK_EXT_ACK
        if strict:
            self.s.setsockopt(270, 12, 1)        # NETLINK_GET_STRICT_CHK
        self.seq = 0
    def ask(self, name, typ, body, flags=0x5):
        if typ % 4 == 2 and not flags & 0x300:
            flags &= ~0x4    # a get is answered, or fails: no ack after
        self.seq += 1
        self.s.send(struct.pack("=IHHII", 16 + len(body), typ, flags, self.seq, 0) + body)
        n = 0
        while True:
            d = self.s.recv(65536)
            off = 0
            while off + 16 <= len(d):
                ln, t, f = struct.unpack_from("=IHH", d, off)
                m = d[off:off + ln]
                off += (ln + 3) & ~3
                if t == 2:
                    err, rl = struct.unpack_from("=iI", m, 16)
                    at = 20 + ((16 if f & 0x100 else rl) + 3 & ~3)
                    print("%s: %s%s" % (name, errno.errorcode.get(-err, err), ack_text(f, m, at)))
                    return
                if t == 3:
                    err, = struct.unpack_from("=i", m, 16)
                    print("%s: done %s after %d%s" % (name, errno.errorcode.get(-err, err), n,
                                                     ack_text(f, m, 20)))
                    return
                n += 1
                if not f & 2:
                    print("%s: answer %d" % (name, t))
                    return
def ifi(index=0, flags=0):
    return struct.pack("=BxHiII", 0, 0, index, flags, 0)
def ifa(fam, plen, index):
    return struct.pack("=BBBBI", fam, plen, 0, 0, index)
def rtm(fam, dst_len=0, table=254, proto=3, type=1):
    return struct.pack("=BBBBBBBBI", fam, dst_len, 0, 0, table, proto, 0, type, 0)
def ndm(fam, index, state=0x80):
    return struct.pack("=BxxxiHBB", fam, index, state, 0, 0)
def frh(fam, dst_len=0, src_len=0, table=0, action=1):
    return struct.pack("=BBBBBBBBI", fam, dst_len, src_len, 0, table, 0, 0, action, 0)
u32 = lambda v: struct.pack("=I", v)
eth0 = socket.if_nametoindex("eth0")
nl, st = NL(), NL(strict=True)
C, CE, A = 0x605, 0x705, 0x5    # create, create|excl, just ack
print("== links")
nl.ask("mtu of 2 bytes", 19, ifi(eth0) + attr(4, b"\1\0"))
nl.ask("mtu of 8 bytes", 19, ifi(eth0) + attr(4, struct.pack("=Q", 1400)))
nl.ask("ifname of 16 bytes", 16, ifi() + attr(3, b"a" * 16), C)
nl.ask("ifname of 20 bytes", 16, ifi() + attr(3, b"a" * 20), C)
nl.ask("ifname of 0 bytes", 16, ifi() + attr(3, b""), C)
nl.ask("ifname of 15 bytes and NUL", 18, ifi() + attr(3, b"b" * 15 + b"\0"), A)
nl.ask("ifname of 15 bytes, no NUL", 18, ifi() + attr(3, b"eth0" + b"\0" * 11), A)
nl.ask("perm address", 19, ifi(eth0) + attr(54, b"\0" * 6))
nl.ask("dpll pin", 19, ifi(eth0) + attr(65, b""))
nl.ask("carrier with no byte", 19, ifi(eth0) + attr(33, b""))
nl.ask("trailing bytes", 19, ifi(eth0) + b"\1\0")
nl.ask("attribute longer than message", 19, ifi(eth0) + struct.pack("=HH", 40, 4) + u32(1500))
nl.ask("negative ifindex", 16, ifi(-5), C)
nl.ask("empty kind", 16, ifi() + attr(3, b"vx0\0") + attr(18, attr(1, b"")), C)
peer = lambda p: attr(3, b"vx0\0") + attr(18, attr(1, b"veth\0") + attr(2, attr(1, p)))
nl.ask("veth peer shorter than ifinfomsg", 16, ifi() + peer(b"\0" * 8), C)
nl.ask("veth peer of negative ifindex", 16, ifi() + peer(ifi(-1)), C)
nl.ask("veth peer ifname of 17", 16, ifi() + peer(ifi() + attr(3, b"b" * 17)), C)
nl.ask("get by alternative name", 18, ifi() + attr(53, b"zz\0"))
nl.ask("get by nothing", 18, ifi())
nl.ask("get with short header", 18, b"\0\0\0\0")
nl.ask("af_spec ra_mtu", 19, ifi(eth0) + attr(26, attr(10, attr(9, u32(0)))))
nl.ask("af_spec token short", 19, ifi(eth0) + attr(26, attr(10, attr(7, b"\0" * 8))))
nl.ask("af_spec unknown family", 19, ifi(eth0) + attr(26, attr(99, b"")))
nl.ask("af_spec inet conf id 99", 19, ifi(eth0) + attr(26, attr(2, attr(1, attr(99, u32(1))))))
st.ask("strict get with mtu", 18, ifi(eth0) + attr(4, u32(1)))
st.ask("strict get with type 70", 18, ifi(eth0) + attr(70, u32(1)))
st.ask("strict get with ifname of 20", 18, ifi() + attr(3, b"c" * 20))
st.ask("strict dump with ifname of 20", 18, ifi() + attr(3, b"c" * 20), 0x305)
st.ask("strict dump with mtu", 18, ifi() + attr(4, u32(1)), 0x305)
st.ask("strict dump with trailing bytes", 18, ifi() + b"\1\0", 0x305)
nl.ask("dump with ifname of 20", 18, ifi() + attr(3, b"c" * 20), 0x305)
nl.ask("dump with master", 18, ifi() + attr(10, u32(eth0)), 0x305)
print("== addresses")
nl.ask("ipv4 local of 3 bytes", 20, ifa(2, 24, eth0) + attr(2, b"\x0a\0\2"), C)
nl.ask("ipv4 label of 16 bytes", 20, ifa(2, 24, eth0) + attr(2, b"\x0a\0\2\x63") + attr(3, b"a" * 16), C)
nl.ask("ipv4 label of 15, no NUL", 20, ifa(2, 24, eth0) + attr(2, b"\x0a\0\2\x64") + attr(3, b"eth0:abcdefghij"), CE)
nl.ask("ipv4 cacheinfo of 8", 20, ifa(2, 24, eth0) + attr(2, b"\x0a\0\2\x65") + attr(6, b"\0" * 8), C)
nl.ask("ipv4 flags of 1", 20, ifa(2, 24, eth0) + attr(2, b"\x0a\0\2\x65") + attr(8, b"\1"), C)
nl.ask("ipv6 local of 3 bytes", 20, ifa(10, 64, eth0) + attr(2, b"\x20\x01\x0d"), C)
nl.ask("ipv6 label of 40 bytes", 20, ifa(10, 64, eth0) + attr(2, b"\x20\x01\x0d\xb8" + b"\0" * 11 + b"\x77") + attr(3, b"a" * 40), CE)
nl.ask("ipv6 flags of 2", 20, ifa(10, 64, eth0) + attr(2, b"\x20\x01\x0d\xb8" + b"\0" * 11 + b"\x78") + attr(8, b"\0\0"), C)
st.ask("strict ipv4 dump with flags of 1", 22, ifa(2, 0, 0) + attr(8, b"\1"), 0x305)
st.ask("strict ipv4 dump with label", 22, ifa(2, 0, 0) + attr(3, b"lo\0"), 0x305)
st.ask("strict ipv6 dump with label", 22, ifa(10, 0, 0) + attr(3, b"lo\0"), 0x305)
st.ask("strict ipv6 dump, short header", 22, b"\x0a\0\0\0", 0x305)
print("== routes")
nl.ask("ipv4 dst of 1 byte", 24, rtm(2, 24) + attr(1, b"\1"), C)
nl.ask("ipv4 priority of 2", 24, rtm(2, 24) + attr(1, b"\x0a\x09\0\0") + attr(6, b"\1\0"), C)
nl.ask("ipv4 flowlabel", 24, rtm(2, 24) + attr(1, b"\x0a\x09\0\0") + attr(31, u32(1)), C)
nl.ask("ipv4 metrics mtu of 2", 24, rtm(2, 24) + attr(1, b"\x0a\x09\0\0") + attr(8, attr(2, b"\1\2")), C)
nl.ask("ipv4 metrics type 99", 24, rtm(2, 24) + attr(1, b"\x0a\x09\0\0") + attr(8, attr(99, u32(1))), C)
nl.ask("ipv6 gateway of 8", 24, rtm(10, 64) + attr(1, b"\x20\x01\x0d\xb8" + b"\0" * 12) + attr(5, b"\1" * 8), C)
nl.ask("ipv6 dst shorter than prefix", 24, rtm(10, 64) + attr(1, b"\x20\x01"), C)
nl.ask("ipv6 nh_id of 8", 24, rtm(10, 64) + attr(30, b"\0" * 8), C)
st.ask("strict ipv4 get with priority", 26, rtm(2, 32, 0, 0, 0) + attr(1, b"\1\2\3\4") + attr(6, u32(1)))
st.ask("strict ipv6 get with priority", 26, rtm(10, 128, 0, 0, 0) + attr(1, b"\1" * 16) + attr(6, u32(1)))
nl.ask("ipv6 get with oif of 1", 26, rtm(10, 128, 0, 0, 0) + attr(4, b"\1"))
st.ask("strict dump with table of 1", 26, rtm(2, 0, 0, 0, 0) + attr(15, b"\1"), 0x305)
st.ask("strict dump with priority", 26, rtm(2, 0, 0, 0, 0) + attr(6, u32(1)), 0x305)
st.ask("strict ipv6 dump with flowlabel", 26, rtm(10, 0, 0, 0, 0) + attr(31, u32(1)), 0x305)
print("== neighbours")
nl.ask("dst of 2 bytes", 28, ndm(2, eth0) + attr(1, b"\1\2"), C)
nl.ask("dst of 40 bytes", 28, ndm(2, eth0) + attr(1, b"\1" * 40), C)
nl.ask("lladdr of 3 bytes", 28, ndm(2, eth0) + attr(1, b"\x0a\0\2\x63") + attr(2, b"\1" * 3), C)
nl.ask("lladdr of 40 bytes", 28, ndm(2, eth0) + attr(1, b"\x0a\0\2\x63") + attr(2, b"\1" * 40), C)
nl.ask("probes of 1", 28, ndm(2, eth0) + attr(1, b"\x0a\0\2\x63") + attr(4, b"\1"), C)
nl.ask("no dst", 28, ndm(2, eth0), C)
nl.ask("delete without device", 29, ndm(2, 0) + attr(1, b"\x0a\0\2\x63"))
st.ask("strict dump with ifindex of 1", 30, ndm(2, 0, 0) + attr(8, b"\1"), 0x305)
st.ask("strict dump with probes", 30, ndm(2, 0, 0) + attr(4, u32(1)), 0x305)
nl.ask("dump with ifindex of 1", 30, ndm(2, 0, 0) + attr(8, b"\1"), 0x305)
print("== rules")
nl.ask("table of 1 byte", 32, frh(2, table=0) + attr(15, b"\1"), C)
nl.ask("dscp of 4 bytes", 32, frh(2, table=5) + attr(25, u32(1)), C)
nl.ask("uid range of 7", 32, frh(2, table=5) + attr(20, b"\0" * 7), C)
nl.ask("short header", 32, b"\2\0\0\0", C)
nl.ask("unknown family", 32, frh(99, table=5), C)
nl.ask("src shorter than address", 32, frh(2, src_len=24, table=5) + attr(2, b"\1\2"), C)
nl.ask("dst longer than address", 33, frh(2, dst_len=24, table=5) + attr(1, b"\1" * 8))
nl.ask("trailing bytes", 33, frh(2, table=77) + b"\1\0")
st.ask("strict dump with table", 34, frh(2, action=0) + attr(15, u32(1)), 0x305)
print("== netconf and nsid")
nl.ask("ipv4 ifindex of 1", 82, struct.pack("=B3x", 2) + attr(1, b"\1"))
nl.ask("ipv6 no ifindex", 82, struct.pack("=B3x", 10))
st.ask("strict ipv4 with forwarding", 82, struct.pack("=B3x", 2) + attr(1, u32(eth0)) + attr(2, u32(1)))
st.ask("strict ipv6 with type 10", 82, struct.pack("=B3x", 10) + attr(1, u32(eth0)) + attr(10, u32(1)))
nl.ask("nsid pid of 1", 90, struct.pack("=B3x", 0) + attr(2, b"\1"))
st.ask("strict nsid with current", 90, struct.pack("=B3x", 0) + attr(5, u32(1)))
nl.ask("nsid with none", 90, struct.pack("=B3x", 0))
'''


def t_rtnl_policy(backend):
    path = os.path.join(TMP, "rtnl_policy.py")
    with open(path, "w") as f:
        f.write(RTNL_POLICY_PROBE)
    script = "python3 %s; ip -4 addr show dev eth0; ip link show dev eth0" % path
    scenario, want = reference("rtnl policy", "pol", script)
    got = veneer_cap(script, backend, scenario)
    a, b = want.stdout + want.stderr, got.stdout + got.stderr
    check("Attribute failed policy validation" in a, "the probe ran:\n" + a)
    check(a == b, "malformed requests answered differently:\n--- linux\n%s--- veneer\n%s" % (a, b))


t_rtnl_policy.__name__ = "rtnl attribute policy: malformed requests as Linux answers them"
TESTS.append(t_rtnl_policy)
