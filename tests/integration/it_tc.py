# Traffic control (issue #13): tc's qdiscs, classes, filters and chains of
# a namespace with an htb tree, served from its snapshot; and the changes
# tc makes with --cap CAP_NET_ADMIN, compared with the same script in a
# real namespace, `tc monitor` included. Runs inside integration.py's
# namespace (see "more tests" there).
#
# Which qdiscs and classifiers a kernel has is its configuration: a case
# that needs one this kernel lacks is skipped. Counters are not masked:
# the namespaces send nothing (IPv6 quieted, the tap has no carrier).
# Handles are always named: the kernel's automatic ones (8001: ...) come
# from a counter of the whole kernel, which other namespaces move.

_TC_KINDS = {}


def tc_has(kind, filt=False):
    """Does this kernel have qdisc (or classifier) kind? Tried once, in a
    namespace of its own."""
    key = (kind, filt)
    if key not in _TC_KINDS:
        ns = "%s-tcprobe" % TAG
        sh("ip netns add %s" % ns)
        try:
            if filt:
                sh("ip netns exec %s tc qdisc add dev lo handle 1: root htb" % ns, check=False)
                r = sh("ip netns exec %s tc filter add dev lo parent 1: protocol ip prio 1 %s"
                       % (ns, kind), check=False)
                _TC_KINDS[key] = "TC classifier not found" not in r.stderr
            else:
                r = sh("ip netns exec %s tc qdisc add dev lo root %s" % (ns, kind), check=False)
                _TC_KINDS[key] = "Specified qdisc kind is unknown" not in r.stderr
        finally:
            sh("ip netns del %s" % ns, check=False)
    return _TC_KINDS[key]


def need(*kinds):
    for k in kinds:
        filt = k in ("u32", "matchall", "flower")
        if not tc_has(k, filt):
            raise Skip("this kernel has no %s %s" % (k, "classifier" if filt else "qdisc"))


# lo, a tap (a queue: the default qdisc), a veth pair (noqueue), and on the
# tap an htb tree with a tbf leaf, u32 filters on the root and a class,
# clsact with an ingress filter. A step this kernel cannot make is left
# out (the cases that need it are skipped).
TC_SETUP = [
    "ip -n {ns} tuntap add t0 mode tap",
    "ip -n {ns} link set t0 up",
    "ip -n {ns} link add v0 type veth peer name v1",
    "ip -n {ns} link set v0 up",
    "ip -n {ns} link set v1 up",
]
TC_TREE = [
    "tc qdisc add dev t0 root handle 1: htb default 10",
    "tc class add dev t0 parent 1: classid 1:1 htb rate 100mbit",
    "tc class add dev t0 parent 1:1 classid 1:10 htb rate 30mbit ceil 100mbit",
    "tc class add dev t0 parent 1:1 classid 1:20 htb rate 20mbit ceil 50mbit prio 1",
    "tc class add dev t0 parent 1:1 classid 1:30 htb rate 5mbit quantum 3000",
    "tc qdisc add dev t0 parent 1:10 handle 10: tbf rate 10mbit burst 32kbit latency 400ms",
    "tc filter add dev t0 parent 1: protocol ip prio 1 u32 match ip dst 10.0.0.0/8 flowid 1:20",
    "tc filter add dev t0 parent 1: protocol ip prio 2 u32 match ip sport 22 0xffff flowid 1:10",
    "tc filter add dev t0 parent 1:1 protocol ip prio 3 u32 match ip tos 0x10 0xff flowid 1:30",
    "tc qdisc add dev t0 clsact",
    "tc filter add dev t0 ingress protocol all prio 5 u32 match u32 0 0 classid 1:10",
    "tc qdisc add dev v0 root handle 2: pfifo limit 100",
]


def add_fixtures():
    FIXTURES["tc"] = Netns("tc", TC_SETUP + ["ip netns exec {ns} %s 2>/dev/null || true" % c
                                             for c in TC_TREE])


TC_COMPARED = [
    ("tc -s -d qdisc show", ()),
    ("tc -s -d qdisc show invisible", ()),
    ("tc qdisc show dev t0", ()),
    ("tc -j qdisc", ()),
    ("tc -j -s -d qdisc show", ()),
    ("tc -s -d class show dev t0", ("htb",)),
    ("tc class show dev t0 parent 1:1", ("htb",)),
    ("tc -s -d filter show dev t0", ("htb", "u32")),
    ("tc -s -d filter show dev t0 parent 1:1", ("htb", "u32")),
    ("tc -s -d filter show dev t0 ingress", ("clsact", "u32")),
    ("sh -c 'tc -s -d filter show dev t0 egress; echo $?'", ("clsact",)),
    ("tc chain show dev t0", ("htb", "u32")),
    ("tc chain show dev t0 ingress", ("clsact", "u32")),
    ("sh -c 'tc -s class show dev v0; tc class show dev lo; echo $?'", ()),
]


def make_tc_compare(cmd, kinds):
    def t(backend):
        need(*kinds)
        same_as_native("tc", cmd, backend)
    t.__name__ = "tc: %s" % cmd
    return t


for _c, _k in TC_COMPARED:
    TESTS.append(make_tc_compare(_c, _k))


# The raw dumps, byte for byte, datagram by datagram (what tc decodes).
TC_RAW_PROBE = r'''
import socket, struct, sys
def dump(typ, ifindex=0, parent=0, attrs=b""):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    body = struct.pack("=BxxxiIII", 0, ifindex, 0, parent, 0) + attrs
    s.send(struct.pack("=IHHII", 16 + len(body), typ, 0x301, 1, 0) + body)
    while True:
        d = s.recv(65536)
        print(typ, len(d), d[16:].hex() if len(d) <= 20 else "")
        off = 0
        done = False
        while off < len(d):
            ln, ty = struct.unpack_from("=IH", d, off)
            print(" ", ty, d[off + 4:off + 12].hex(), d[off + 16:off + ln].hex())
            done |= ty in (2, 3)
            off += (ln + 3) & ~3
        if done:
            return
t0 = socket.if_nametoindex("t0")
dump(38, attrs=struct.pack("=HH", 4, 10))
dump(42, t0)
for parent in (0x10000, 0x10001, 0xfffffff2, 0xfffffff3):
    dump(46, t0, parent)
    dump(102, t0, parent)
'''


@test
def tc_raw_dumps(backend):
    """RTM_GETQDISC (with TCA_DUMP_INVISIBLE), GETTCLASS, GETTFILTER and
    GETCHAIN of each block: the same datagrams as Linux's."""
    need("htb", "u32", "clsact")
    path = os.path.join(TMP, "tcraw.py")
    with open(path, "w") as f:
        f.write(TC_RAW_PROBE)
    same_as_native("tc", "python3 " + path, backend)


# ---- changes with CAP_NET_ADMIN, in a fresh namespace like the fixture

_TC_REF = {}


def tc_reference(name, script, tree):
    """Linux's side: a namespace built like the fixture (with the tree or
    without), its snapshot, and what the script printed there."""
    if name not in _TC_REF:
        setup = TC_SETUP + (["ip netns exec {ns} %s" % c for c in TC_TREE] if tree else [])
        fx = Netns("tcchg%d" % (len(_TC_REF) + 1), setup)
        try:
            scenario = fx.snapshot()
            _TC_REF[name] = (scenario, fx.run("sh -c " + shlex.quote(script)))
        finally:
            sh("ip netns del %s" % fx.name, check=False)
    return _TC_REF[name]


def make_tc_change(name, script, kinds, tree=False):
    def t(backend):
        need(*kinds)
        scenario, want = tc_reference(name, script, tree)
        got = veneer_cap(script, backend, scenario)
        a, b = want.stdout + want.stderr, got.stdout + got.stderr
        check(a == b, "%s differs from Linux:\n--- linux\n%s--- veneer\n%s" % (name, a, b))
        check(a.strip(), "%s printed nothing" % name)
    t.__name__ = "tc changes with CAP_NET_ADMIN: %s" % name
    return t


def _steps(cmds):
    # each command, its status and what it printed, in order
    return "; ".join("echo '== %s'; %s 2>&1; echo $?" % (c, c) for c in cmds)


TC_QDISC_SCRIPT = _steps([
    "tc qdisc add dev t0 root handle 1: tbf rate 10mbit burst 32kbit latency 400ms",
    "tc qdisc add dev t0 clsact",
    "tc qdisc add dev t0 parent 1:1 handle 20: pfifo limit 50",
    "tc -s -d qdisc show invisible",
    "tc class show dev t0",
    "tc qdisc change dev t0 root handle 1: tbf rate 20mbit burst 32kbit latency 100ms",
    "tc -d qdisc show dev t0",
    "tc qdisc del dev t0 parent 1:1",
    "tc qdisc add dev t0 root handle 3: pfifo",
    "tc qdisc replace dev t0 root handle 3: bfifo limit 3000",
    "tc qdisc add dev t0 parent ffff: pfifo",
    "tc qdisc add dev t0 root handle 2:3 pfifo",
    "tc qdisc del dev t0 parent 9:1",
    "tc qdisc add dev t0 root nosuchkind",
    "tc qdisc add dev lo root handle 7: noqueue",
    "tc qdisc del dev lo root",
    "tc qdisc del dev t0 root",
    "tc qdisc del dev t0 clsact",
    "tc qdisc add dev v0 root handle 5: pfifo",
    "tc qdisc replace dev v0 root handle 6: bfifo",
    "tc -s qdisc show",
])

TC_HTB_SCRIPT = _steps([
    "tc class add dev t0 parent 1:10 classid 1:100 htb rate 5mbit quantum 3000",
    "tc class add dev t0 parent 1:30 classid 1:5 htb rate 1gbit ceil 100gbit",
    "tc class add dev t0 parent 1:5 classid 1:6 htb rate 1kbit",
    "tc class add dev t0 parent 1:6 classid 1:7 htb rate 1mbit",
    "tc class add dev t0 parent 1:7 classid 1:8 htb rate 1mbit",
    "tc -s -d class show dev t0",
    "tc -d qdisc show dev t0 invisible",
    "tc class change dev t0 classid 1:20 htb rate 25mbit ceil 60mbit",
    "tc class del dev t0 classid 1:100",
    "tc class del dev t0 classid 1:1",
    "tc class del dev t0 classid 1:20",
    "tc class add dev t0 parent 1:1 classid 2:3 htb rate 1mbit",
    "tc class add dev t0 parent 1:1 classid 1:10 htb rate 1mbit",
    "tc qdisc change dev t0 root htb default 20",
    "tc -s -d class show dev t0",
    "tc qdisc del dev t0 root",
    "tc class show dev t0",
])

TC_FILTER_SCRIPT = _steps([
    "tc filter add dev t0 parent 1: protocol ip prio 1 u32 match ip src 1.2.3.4 flowid 1:10",
    "tc filter add dev t0 parent 1: protocol ip u32 match ip dst 1.1.1.1 flowid 1:20",
    "tc filter add dev t0 parent 1: protocol ip u32 match ip dst 1.1.1.2 flowid 1:20",
    "tc filter add dev t0 parent 1: protocol ip prio 4 handle 9: u32 divisor 16",
    "tc filter add dev t0 parent 1: protocol ip prio 4 u32 ht 9:5 match ip dst 1.1.1.3 flowid 1:30",
    "tc filter add dev t0 parent 1: protocol ip prio 4 u32 link 9: hashkey mask 0x000000ff at 16"
    " match ip dst 1.1.0.0/16",
    "tc -s -d filter show dev t0",
    "tc filter get dev t0 parent 1: prio 4 handle 9:5:800 protocol ip u32",
    "tc filter del dev t0 parent 1: prio 4 handle 9: u32",
    "tc filter del dev t0 parent 1: prio 4 handle 800: u32",
    "tc filter change dev t0 parent 1: prio 4 handle 9:5:800 protocol ip u32 match ip dst 1.1.1.9"
    " flowid 1:10",
    "tc filter del dev t0 parent 1: prio 1 handle 800::801 u32",
    "tc filter add dev t0 parent 1: protocol ip prio 2 nosuchkind",
    "tc class del dev t0 classid 1:30",
    "tc filter del dev t0 parent 1: prio 2",
    "tc -d filter show dev t0",
    "tc chain show dev t0",
    "tc filter del dev t0 parent 1:",
    "tc filter show dev t0",
    "tc chain show dev t0",
    "tc filter del dev t0 ingress",
    "tc chain show dev t0 ingress",
    "tc filter show dev t0 parent 1:1",
])

# `tc monitor` in one process while another changes qdiscs, classes,
# filters and chains. `kill $!`: dash has no job control.
TC_MONITOR_SCRIPT = ("tc monitor & sleep 1; "
                     "tc qdisc add dev t0 root handle 1: htb default 10; "
                     "tc class add dev t0 parent 1: classid 1:1 htb rate 100mbit 2>/dev/null; "
                     "tc class add dev t0 parent 1:1 classid 1:10 htb rate 30mbit 2>/dev/null; "
                     "tc qdisc add dev t0 parent 1:10 handle 10: pfifo limit 10; "
                     "tc filter add dev t0 parent 1: protocol ip prio 1 u32 match ip dst 10.0.0.0/8"
                     " flowid 1:10; "
                     "tc class change dev t0 classid 1:10 htb rate 20mbit 2>/dev/null; "
                     "tc qdisc add dev t0 clsact; tc filter del dev t0 parent 1: prio 1; "
                     "tc qdisc del dev t0 parent 1:10; tc class del dev t0 classid 1:10; "
                     "tc qdisc del dev t0 root; tc qdisc del dev t0 clsact; sleep 1; kill $!")

# A raw subscriber to RTNLGRP_TC: per datagram, its messages' type,
# length, flags, whether they name a sender, and their bytes' hash.
TC_RAW_MONITOR = r'''
import hashlib, select, socket, struct, subprocess, sys
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
s.bind((0, 0))
s.setsockopt(270, 1, 4)
for c in sys.argv[1:]:
    r = subprocess.run(c, shell=True, capture_output=True, text=True)
    print("==", c, r.returncode)
    while select.select([s], [], [], 0.3)[0]:
        d, addr = s.recvfrom(65536)
        out, off = [], 0
        while off < len(d):
            ln, ty, fl, seq, pid = struct.unpack_from("=IHHII", d, off)
            out.append("%d/%d/%#x/%s/%s/%s" % (ty, ln, fl, "seq" if seq else 0, "pid" if pid else 0,
                                            hashlib.md5(d[off + 16:off + ln]).hexdigest()[:8]))
            off += (ln + 3) & ~3
        print(len(d), addr, " ".join(out))
'''


def t_tc_raw_monitor(backend):
    need("htb", "u32")
    path = os.path.join(TMP, "tcrawmon.py")
    with open(path, "w") as f:
        f.write(TC_RAW_MONITOR)
    cmds = ["tc qdisc add dev t0 root handle 1: htb default 10",
            "tc class add dev t0 parent 1: classid 1:1 htb rate 100mbit",
            "tc qdisc add dev t0 parent 1:1 handle 5: pfifo",
            "tc filter add dev t0 parent 1: protocol ip prio 1 u32 match ip dst 10.0.0.0/8 flowid 1:1",
            "tc filter del dev t0 parent 1: prio 1",
            "tc qdisc replace dev t0 root handle 2: pfifo",
            "tc qdisc del dev t0 root"]
    make_tc_change("a raw RTNLGRP_TC subscriber",
                   "python3 %s %s" % (path, " ".join(shlex.quote(c) for c in cmds)), ())(backend)


t_tc_raw_monitor.__name__ = "tc changes with CAP_NET_ADMIN: a raw RTNLGRP_TC subscriber"
TESTS.append(t_tc_raw_monitor)

TESTS.append(make_tc_change("qdiscs", TC_QDISC_SCRIPT, ("tbf", "clsact")))
TESTS.append(make_tc_change("htb classes", TC_HTB_SCRIPT, ("htb", "tbf", "u32", "clsact"), tree=True))
TESTS.append(make_tc_change("u32 filters and chains", TC_FILTER_SCRIPT, ("htb", "tbf", "u32", "clsact"),
                            tree=True))
TESTS.append(make_tc_change("tc monitor", TC_MONITOR_SCRIPT, ("htb", "u32", "clsact")))


# Without --cap CAP_NET_ADMIN a change is refused as Linux refuses it to
# an unprivileged user.
def make_tc_unprivileged(cmd):
    def t(backend):
        fx = FIXTURES["tc"]
        want = fx.run("setpriv --reuid=65534 --regid=65534 --clear-groups " + cmd)
        got = veneer(cmd, backend, scenario=fx.snapshot())
        check((want.returncode, want.stdout, want.stderr) == (got.returncode, got.stdout, got.stderr),
              "%s: linux (exit %d) %r, veneer (exit %d) %r"
              % (cmd, want.returncode, want.stderr, got.returncode, got.stderr))
    t.__name__ = "tc without CAP_NET_ADMIN: %s" % cmd
    return t


for _c in ("tc qdisc del dev t0 root", "tc qdisc add dev v1 root handle 3: pfifo",
           "tc filter del dev t0 parent 1:"):
    TESTS.append(make_tc_unprivileged(_c))
