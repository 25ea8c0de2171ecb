# Sockets (issue #4): ss, netstat, /proc/net and psutil see the program's own
# sockets, as Linux shows them, and never another process's.
#
# helpers/sockets.py opens a TCP listener with an accepted connection, an
# IPv6 listener, a UDP socket, a unix listener and two netlink sockets
# (route with groups, sock_diag), runs the clients and
# prints what they said. It runs natively in one namespace and under veneer
# in another in which a decoy (a process outside veneer) listens too; the
# outputs must agree modulo what Linux does not keep stable (inode numbers,
# cookies, timers, pointers, hash buckets, pids) and the decoy must not
# show. Executed inside integration.py (see its "more tests" section).

import re
import shlex

SOCK_HELPER = os.path.join(HERE, "helpers", "sockets.py")
SOCK_CMDS = ["ss -tan", "ss -uan", "ss -tln", "ss -6 -tln", "ss -xl", "ss -tanei",
             "ss -tan 'sport = :5555'", "ss -tan 'dst 127.0.0.0/8'", "ss -s", "netstat -tan",
             "netstat -uan", "netstat -tlnp", "netstat -s", "cat /proc/net/tcp",
             "cat /proc/net/tcp6", "cat /proc/net/udp", "cat /proc/net/unix", "psutil",
             "cat /proc/net/netlink", "ss -a -A netlink", "ss -a -A netlink -e -m",
             "cat /proc/net/packet", "ss -a -0"]
SOCK_NS = {}
SOCK_NATIVE = {}
DECOY_PORT = 7777


def add_fixtures():
    SOCK_NS["native"] = Netns("sock-native", [])
    SOCK_NS["veneer"] = Netns("sock-veneer", [])


def _sock_run(prefix, ns):
    unix = os.path.join(TMP, "it-sockets.sock")
    args = " ".join(shlex.quote(c) for c in [SOCK_HELPER, unix] + SOCK_CMDS)
    return "ip netns exec %s %spython3 %s" % (ns.name, prefix, args)


def _sock_native():
    if not SOCK_NATIVE:
        r = sh(_sock_run("", SOCK_NS["native"]))
        SOCK_NATIVE.update(json.loads(r.stdout))
    return SOCK_NATIVE


def _mask_cols(text, cols, skip_header=1):
    out = []
    for i, line in enumerate(text.splitlines()):
        f = line.split()
        if i >= skip_header:
            for c in cols:
                if c < len(f):
                    f[c] = "<>"
        out.append(" ".join(f))
    return "\n".join(out) + "\n"


def _mask_ss_ext(text):
    out = []
    for line in text.splitlines():
        # ss -e resolves socket cgroups through the cgroup2 mount: a host
        # with cgroup v1 hierarchies has none (ss says so per socket); the
        # model's machine has one at /sys/fs/cgroup, where the host's
        # cgroup ids of real sockets are not found (docs/design.md, known
        # gaps). Either way a property of the host, not of the namespace.
        if re.match(r"Failed to (find cgroup2 mount|get cgroup2 ID|open cgroup2 by ID)", line):
            continue
        if line.startswith("\t"):          # tcp_info line: values move
            line = re.sub(r"\d+(\.\d+)?", "N", line)
        else:
            line = re.sub(r"ino:\d+", "ino:N", line)
            line = re.sub(r"sk:[0-9a-f]+", "sk:N", line)
            line = re.sub(r"cgroup:\S+", "cgroup:C", line)
        out.append(" ".join(line.split()))
    return "\n".join(out) + "\n"


def _sorted_body(text):
    """Established sockets are listed in the order of a hash salted per
    namespace: compared as a set (the first line is a header; a line that
    starts with a tab belongs to the one before)."""
    lines = text.splitlines()
    rows = []
    for line in lines[1:]:
        if line.startswith(" \t") or line.startswith("\t") or not rows:
            rows.append(line) if not rows else rows.__setitem__(-1, rows[-1] + "\n" + line)
        else:
            rows.append(line)
    return "\n".join(lines[:1] + sorted(rows)) + "\n"


def _squeeze(t):
    """ss sizes its columns to the widest entry (a pid one digit longer)"""
    return "".join(" ".join(line.split()) + "\n" for line in t.splitlines())


def _mask_netlink_proc(t):
    """pointer, inode, and the port ids of processes (pids differ)"""
    t = _mask_cols(t, [0, 9])
    return re.sub(r"^(<> \d+ +)[1-9]\d*", r"\1PID", t, flags=re.M)


SOCK_NORMALIZE = {
    "cat /proc/net/netlink": _mask_netlink_proc,
    "ss -a -A netlink": lambda t: _squeeze(re.sub(r"/\d+", "/PID", t)),
    "ss -a -A netlink -e -m": lambda t: _squeeze(re.sub(r"/\d+", "/PID", t)),
    "ss -xl": lambda t: _mask_cols(t, [5]),
    "ss -tanei": _mask_ss_ext,
    # sockets used and TCP alloc count machine-wide in Linux
    "ss -s": lambda t: re.sub(r"closed \d+", "closed N",
                              re.sub(r"^(Total|TCP): +\d+", r"\1: N", t, flags=re.M)),
    # pids differ, and with their width the padding
    "netstat -tlnp": lambda t: re.sub(r"\d+/python3 *", "PID/python3", t),
    # traffic counters: the model keeps none (docs/design.md), and netstat
    # prints only counters that are not 0: the sections are compared
    "netstat -s": lambda t: "".join(l + "\n" for l in t.splitlines() if l and not l[0].isspace()),
    # tm->when, inode, ref, pointer and the timer-derived tail
    "cat /proc/net/tcp": lambda t: _mask_cols(t, [0, 5, 9, 10, 11, 12, 13, 14]),
    "cat /proc/net/tcp6": lambda t: _mask_cols(t, [0, 5, 9, 10, 11, 12, 13, 14]),
    # the hash bucket, inode, ref, pointer
    "cat /proc/net/udp": lambda t: _mask_cols(t, [0, 9, 10, 11]),
    "cat /proc/net/unix": lambda t: _mask_cols(t, [0, 1, 6]),
}


def _sock_veneer(backend):
    ns = SOCK_NS["veneer"]
    decoy = subprocess.Popen(
        ["ip", "netns", "exec", ns.name, "python3", "-c",
         "import socket,time,sys\ns=socket.socket();s.bind(('0.0.0.0',%d));s.listen()\n"
         "u=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);u.bind(('0.0.0.0',%d))\n"
         "n=socket.socket(socket.AF_NETLINK,socket.SOCK_RAW,0);n.bind((%d,1))\n"
         "print('up',flush=True);time.sleep(120)" % (DECOY_PORT, DECOY_PORT, DECOY_PORT)],
        stdout=subprocess.PIPE, text=True)
    try:
        decoy.stdout.readline()
        r = sh(_sock_run("%s run --backend %s -- " % (VENEER, backend), ns), check=False)
        if r.returncode == 2 and "is not available" in r.stderr:
            raise Skip("backend %s not built" % backend)
        check(r.returncode == 0, "helper under veneer failed: %s" % r.stderr)
        return json.loads(r.stdout)
    finally:
        decoy.kill()
        decoy.wait()


def _sock_compare(cmd):
    def t(backend):
        want = _sock_native()[cmd]
        got = _sock_veneer(backend)[cmd]
        mask = SOCK_NORMALIZE.get(cmd, lambda x: x)
        norm = mask if cmd in ("ss -s", "netstat -s", "psutil") else \
            (lambda x: _sorted_body(mask(x)))
        check(not re.search(r"(?<!\d)%d(?!\d)" % DECOY_PORT, got),
              "%s under veneer shows the decoy:\n%s" % (cmd, got))
        check(norm(want) == norm(got), "%s differs from Linux:\n--- linux\n%s--- veneer\n%s"
              % (cmd, norm(want), norm(got)))
        check(got.strip(), "%s printed nothing" % cmd)
    t.__name__ = "sockets: %s" % cmd
    return t


for _c in SOCK_CMDS:
    TESTS.append(_sock_compare(_c))


@test
def sockets_decoy_visible_natively(backend):
    """The decoy is really there: veneer hides it, not the namespace."""
    ns = SOCK_NS["veneer"]
    decoy = subprocess.Popen(["ip", "netns", "exec", ns.name, "python3", "-c",
                              "import socket,time\ns=socket.socket();s.bind(('0.0.0.0',%d));"
                              "s.listen();print('up',flush=True);time.sleep(60)" % DECOY_PORT],
                             stdout=subprocess.PIPE, text=True)
    try:
        decoy.stdout.readline()
        check(":%d" % DECOY_PORT in ns.run("ss -tln").stdout, "decoy not listening")
        r = veneer("ss -tln", backend, netns=ns)
        check(":%d" % DECOY_PORT not in r.stdout, "decoy shown under veneer:\n" + r.stdout)
        r = veneer("cat /proc/net/tcp", backend, netns=ns)
        check("%04X" % DECOY_PORT not in r.stdout, "decoy in /proc/net/tcp:\n" + r.stdout)
    finally:
        decoy.kill()
        decoy.wait()


@test
def sockets_scenario_and_destroy(backend):
    """Scenario sockets are listed by ss and in /proc/net."""
    path = os.path.join(TMP, "sockets-scenario.json")
    with open(path, "w") as f:
        json.dump({"sockets": [{"netid": "tcp", "state": "LISTEN", "local": "0.0.0.0:22",
                                "inode": 4242},
                               {"netid": "udp6", "local": "[::]:53", "inode": 4343}]}, f)
    r = veneer("ss -tuln", backend, scenario=path)
    check("0.0.0.0:22" in r.stdout and "*:53" in r.stdout, "scenario sockets missing:\n" + r.stdout)
    r = veneer("cat /proc/net/tcp", backend, scenario=path)
    check("00000000:0016 00000000:0000 0A" in r.stdout and " 4242 " in r.stdout, r.stdout)


PACKET_PROBE = ("import socket\n"
                "for t in (socket.SOCK_RAW, socket.SOCK_DGRAM):\n"
                "    try:\n"
                "        socket.socket(socket.AF_PACKET, t, 0); print('opened')\n"
                "    except OSError as e:\n"
                "        print(e.errno)\n"
                "print(open('/proc/net/packet').read(), end='')\n")


@test
def sockets_packet_needs_cap_net_raw(backend):
    """socket(AF_PACKET) fails with EPERM in the kernel itself (veneer drops
    every real capability, --cap grants only virtual ones), as for a native
    process without CAP_NET_RAW; /proc/net/packet is its header alone."""
    ns = SOCK_NS["native"]
    want = ns.run("setpriv --bounding-set=-all --inh-caps=-all python3 -c %s"
                  % shlex.quote(PACKET_PROBE)).stdout
    check(want.startswith("1\n1\n"), "natively without CAP_NET_RAW: " + want)
    for caps in ([], ["--cap", "CAP_NET_RAW"]):
        r = sh("ip netns exec %s %s run --backend %s %s -- python3 -c %s"
               % (SOCK_NS["veneer"].name, VENEER, backend, " ".join(caps),
                  shlex.quote(PACKET_PROBE)), check=False)
        check(r.stdout == want, "veneer %s:\n%s--- linux\n%s" % (caps, r.stdout, want))
