# Nexthop objects, multipath routes and `ip route get` through the policy
# rules (issue #13): a namespace with a nexthop group, a blackhole, IPv4
# and IPv6 multipath routes and a rule selecting another table, compared
# with veneer serving its snapshot in an empty namespace; changes made
# with CAP_NET_ADMIN, their notifications, and what a device going down
# does to the paths. Runs inside integration.py's namespace.
import re
import shlex

NH_SETUP = [
    "ip -n {ns} link add d0 type veth peer name p0",
    "ip -n {ns} link add d1 type veth peer name p1",
    "ip -n {ns} link set p0 up",
    "ip -n {ns} link set p1 up",
    "ip -n {ns} link set d0 up",
    "ip -n {ns} link set d1 up",
    "ip -n {ns} addr add 10.1.0.1/24 dev d0",
    "ip -n {ns} addr add 10.2.0.1/24 dev d1",
    "ip -n {ns} addr add 2001:db8:1::1/64 dev d0",
    "ip -n {ns} addr add 2001:db8:2::1/64 dev d1",
    "ip -n {ns} nexthop add id 1 via 10.1.0.2 dev d0",
    "ip -n {ns} nexthop add id 2 via 10.2.0.2 dev d1",
    "ip -n {ns} nexthop add id 3 blackhole",
    "ip -n {ns} nexthop add id 10 group 1/2,3",
    "ip -n {ns} -6 nexthop add id 4 via 2001:db8:1::2 dev d0",
    "ip -n {ns} nexthop add id 5 dev d1",
    "ip -n {ns} route add 192.0.2.0/24 nhid 10",
    "ip -n {ns} route add 198.51.100.0/24 nhid 1 metric 5",
    "ip -n {ns} route add 203.0.113.0/24 nexthop via 10.1.0.2 dev d0 weight 2 nexthop via 10.2.0.2 dev d1",
    "ip -n {ns} -6 route add 2001:db8:99::/64 nexthop via 2001:db8:1::2 dev d0 nexthop via 2001:db8:2::2 dev d1",
    "ip -n {ns} -6 route add 2001:db8:98::/64 nhid 4",
    "ip -n {ns} route add default via 10.1.0.2",
    "ip -n {ns} route add default via 10.2.0.2 table 100",
    "ip -n {ns} route add default via 10.1.0.2 dev d0 table 101",
    "ip -n {ns} rule add from 10.2.0.1 lookup 100",
    "ip -n {ns} rule add fwmark 0x7 lookup 101",
    "ip -n {ns} -6 route add default via 2001:db8:1::2",
    "ip -n {ns} -6 route add default via 2001:db8:2::2 table 100",
    "ip -n {ns} -6 rule add from 2001:db8:2::1 lookup 100",
]


def add_fixtures():
    FIXTURES["nexthop"] = Netns("nh", NH_SETUP)
    _add_peered()   # below


# A multipath lookup picks its path by a hash the kernel keys at random
# each boot (fib_multipath_hash, flow_hash_from_keys): the destinations
# asked here leave by one path only.
NH_COMPARED = [
    "ip nexthop", "ip -d nexthop", "ip nexthop show id 10", "ip nexthop show groups",
    "ip nexthop show dev d1", "ip -6 nexthop", "ip -j nexthop",
    "ip route", "ip -6 route", "ip -d route show table all", "ip -6 -d route show table all",
    "ip -j -d route show table all", "cat /proc/net/route", "cat /proc/net/fib_trie",
    "ip route get 198.51.100.7", "ip route get 1.1.1.1", "ip route get 1.1.1.1 from 10.2.0.1",
    "ip route get 1.1.1.1 from 10.1.0.1", "ip route get 1.1.1.1 mark 7",
    "ip route get 1.1.1.1 from 10.9.9.9", "ip route get 1.1.1.1 oif d1",
    "ip route get 1.1.1.1 uid 1000", "ip route get 1.1.1.1 iif d0",
    "ip -6 route get 2001:db8:5::1", "ip -6 route get 2001:db8:5::1 from 2001:db8:2::1",
    "ip -6 route get 2001:db8:98::1",
]


def make_nh_compare(cmd):
    def t(backend):
        same_as_native("nexthop", cmd, backend)
    t.__name__ = "nexthop: %s" % cmd
    return t


for _c in NH_COMPARED:
    TESTS.append(make_nh_compare(_c))


def t_nh_ipv6_route(backend):
    """ipv6_route lists each sibling of a multipath route (RefCnt masked)."""
    same_as_native("nexthop", "cat /proc/net/ipv6_route", backend, normalize=mask_refcnt)


t_nh_ipv6_route.__name__ = "nexthop: cat /proc/net/ipv6_route"
TESTS.append(t_nh_ipv6_route)


# Changes with --cap CAP_NET_ADMIN: each script runs natively in a fresh
# namespace built as the fixture and under veneer with its snapshot.
_NH_REF = {}


def nh_reference(key, script):
    if key not in _NH_REF:
        fx = Netns("nhc%d" % len(_NH_REF), NH_SETUP)
        try:
            time.sleep(1.5)   # the link-local addresses' routes settle
            _NH_REF[key] = (fx.snapshot(), fx.run("sh -c " + shlex.quote(script)))
        finally:
            sh("ip netns del %s" % fx.name, check=False)
    return _NH_REF[key]


NH_SCRIPTS = {
    "nexthop add, replace, delete": (
        "ip nexthop add id 20 via 10.1.0.3 dev d0; ip nexthop add id 21 via 10.2.0.3 dev d1 proto static; "
        "ip nexthop add id 30 group 20/21,5; ip nexthop add id 20 via 10.1.0.4 dev d0; "
        "ip nexthop replace id 20 via 10.1.0.4 dev d0; ip nexthop add via 10.1.0.5 dev d0; "
        "ip nexthop add id 31 group 10/20; ip nexthop add id 32 group 99; ip nexthop add id 33 group 3/20; "
        "ip nexthop add id 34 via 10.9.9.9 dev d0; ip -6 nexthop add id 40 via 2001:db8:2::7 dev d1; "
        "ip -6 nexthop add id 41 dev d0; ip route add 172.16.0.0/16 nhid 30; "
        "ip route add 172.17.0.0/16 nhid 99; ip route add 172.18.0.0/16 nhid 30 dev d0; "
        "ip -6 route add 2001:db8:77::/64 nhid 40; ip -6 route add 2001:db8:78::/64 nhid 20; "
        "ip route add 172.19.0.0/16 nexthop via 10.1.0.9 dev d0 weight 3 nexthop via 10.2.0.9 dev d1; "
        "ip -6 route add 2001:db8:79::/64 nexthop via 2001:db8:1::9 dev d0 nexthop via 2001:db8:2::9 dev d1 weight 4; "
        "ip -6 route add 2001:db8:7a::/64 nexthop dev d0 nexthop via 2001:db8:2::9 dev d1; "
        "ip -6 route append 2001:db8:79::/64 via 2001:db8:1::8 dev d0; "
        "ip route add 172.20.0.0/16 nexthop via 10.1.0.9 dev d0 nexthop via 10.99.0.9 dev d1; "
        "ip nexthop; ip route; ip -6 route; ip nexthop del id 21; ip nexthop del id 99; "
        "ip nexthop; ip route; ip nexthop del id 40; ip -6 route; ip nexthop del id 20; "
        "ip nexthop; ip route; cat /proc/net/route 2>&1"),
    "nexthops under ip monitor": (
        "ip -o monitor nexthop route & sleep 1; ip nexthop add id 20 via 10.1.0.3 dev d0; "
        "ip nexthop add id 21 via 10.2.0.3 dev d1; ip nexthop add id 30 group 20/21; "
        "ip route add 172.16.0.0/16 nhid 30; ip -6 nexthop add id 40 via 2001:db8:2::7 dev d1; "
        "ip -6 route add 2001:db8:77::/64 nhid 40; ip nexthop replace id 20 via 10.1.0.4 dev d0; "
        "ip route add 172.19.0.0/16 nexthop via 10.1.0.9 dev d0 nexthop via 10.2.0.9 dev d1; "
        "ip -6 route add 2001:db8:79::/64 nexthop via 2001:db8:1::9 dev d0 nexthop via 2001:db8:2::9 dev d1; "
        "ip -6 route append 2001:db8:79::/64 via 2001:db8:1::8 dev d0; ip nexthop del id 21; "
        "ip nexthop del id 40; ip nexthop del id 20; ip -6 route del 2001:db8:79::/64 via 2001:db8:2::9; "
        "sleep 0.5; kill $!"),
    "a device of multipath routes goes down": (
        "ip link set d1 down; sleep 0.5; ip nexthop; ip route; ip -6 route; "
        "ip link set d1 up; sleep 1.5; ip nexthop; ip route; ip link del d0; sleep 0.5; "
        "ip nexthop; ip route; ip -6 route"),
}


def make_nh_script(name, script):
    def t(backend):
        scenario, want = nh_reference(name, script)
        got = veneer_cap(script, backend, scenario)
        a, b = want.stdout + want.stderr, got.stdout + got.stderr
        check(a == b, "%s differs from Linux:\n--- linux\n%s--- veneer\n%s" % (name, a, b))
    t.__name__ = "rtnl changes with CAP_NET_ADMIN: %s" % name
    return t


for _n, _s in NH_SCRIPTS.items():
    TESTS.append(make_nh_script(_n, _s))


# ---- ip stats (RTM_GETSTATS) and ip ntable (RTM_GETNEIGHTBL)

# A parameter set's reachable time is drawn at random by the kernel
# (neigh_rand_reach_time); its reference count includes the IPv6
# multicast neighbours (NOARP) the kernel makes on its own, which a
# snapshot does not record (docs/design.md, "Known gaps"): both masked.
_NTABLE_RAND = re.compile(r"(refcnt|reachable) \d+ ")


def mask_ntable(text):
    return _NTABLE_RAND.sub(r"\1 N ", text)


# The dummy links of the nexthop fixture send their MLD reports (and
# count them) for a while after they come up, under a slow build after
# the snapshot too: their packet and byte counts are Linux's to move.
_COUNTS = re.compile(r'("(?:bytes|packets)":)\d+|^( +)(\d+)( +\d+)+ *$', re.M)


def mask_counts(text):
    return _COUNTS.sub(lambda m: m.group(1) + "N" if m.group(1) else re.sub(r"\d+", "N", m.group(0)), text)


STATS_COMPARED = [
    ("nexthop", "ip stats show", mask_counts), ("nexthop", "ip -j stats show", mask_counts),
    ("nexthop", "ip stats show dev d0 group link", mask_counts),
    ("veth", "ip stats show group offload subgroup hw_stats_info", None),
    ("bridge", "ip stats show group xstats", None),
    ("bridge", "ip stats show group xstats_slave", None),
    ("bridge", "ip stats show dev br0 group afstats", None),
    ("nexthop", "ip ntable", mask_ntable), ("veth", "ip -4 ntable show dev eth0", mask_ntable),
    ("bridge", "ip -6 ntable", mask_ntable), ("veth", "ip ntable show name arp_cache", mask_ntable),
]


def make_stats_compare(fixture, cmd, norm):
    def t(backend):
        same_as_native(fixture, cmd, backend, normalize=norm)
    t.__name__ = "stats and ntable %s: %s" % (fixture, cmd)
    return t


for _fx, _c, _norm in STATS_COMPARED:
    TESTS.append(make_stats_compare(_fx, _c, _norm))


# ---- neighbour ages (`ip -s neigh`)

# A scenario's ages are those the snapshot saw, and grow from the start
# of the run; Linux's grew meanwhile by the time between the snapshot and
# the run: compared with the ages masked (lines sorted: the kernel lists
# a salted hash's order). States are the recorded ones (REACHABLE, which
# the kernel turns STALE after a random time, is left out).
NEIGH_SETUP = [
    "ip -n {ns} link add eth0 type veth peer name p0",
    "ip -n {ns} link set p0 up",
    "ip -n {ns} link set eth0 up",
    "ip -n {ns} addr add 10.0.2.15/24 dev eth0",
    "ip -n {ns} addr add 2001:db8::15/64 dev eth0",
    "ip -n {ns} neigh add 10.0.2.2 lladdr 52:55:0a:00:02:02 dev eth0 nud permanent",
    "ip -n {ns} neigh add 10.0.2.4 lladdr 52:55:0a:00:02:04 dev eth0 nud stale",
    "ip -n {ns} neigh add 10.0.2.5 lladdr 52:55:0a:00:02:05 dev eth0 nud noarp",
    "ip -n {ns} -6 neigh add 2001:db8::7 lladdr 52:55:0a:00:02:07 dev eth0 nud permanent",
]
_AGES = re.compile(r'(used|"used":|"confirmed":|"updated":) ?[0-9/]+')


def _ages_masked(text):
    return sorted(_AGES.sub(r"\1 N", text).splitlines())


@test
def neighbour_ages(backend):
    fx = Netns("ages", NEIGH_SETUP)
    try:
        for cmd in ("ip -s neigh", "ip -j -s neigh", "ip -s -s neigh show dev eth0"):
            want = fx.run(cmd)
            got = veneer(cmd, backend, scenario=fx.snapshot())
            check(_ages_masked(want.stdout) == _ages_masked(got.stdout) and got.returncode == 0,
                  "%s differs:\n--- linux\n%s--- veneer\n%s%s" % (cmd, want.stdout, got.stdout, got.stderr))
        # ages grow from the scenario's as the run goes on
        r = veneer("sh -c 'ip -s neigh show 10.0.2.4; sleep 2.2; ip -s neigh show 10.0.2.4'",
                   backend, scenario=fx.snapshot())
        ages = [[int(x) for x in m.split("/")] for m in re.findall(r"used ([0-9/]+)", r.stdout)]
        check(len(ages) == 2 and all(b - a == 2 for a, b in zip(ages[0], ages[1])) and
              ages[0][1] - ages[0][0] >= 60, "ages do not move: %r" % r.stdout)
    finally:
        sh("ip netns del %s" % fx.name, check=False)


# A neighbour made by a request is aged from then, as neigh_update sets
# its clocks (a STALE one confirmed 60 s before).
TESTS.append(make_nh_script("neighbours made now", (
    "ip neigh add 10.1.0.77 lladdr 52:55:0a:00:02:77 dev d0 nud stale; "
    "ip neigh add 10.1.0.78 lladdr 52:55:0a:00:02:78 dev d0; "
    "ip -6 neigh add 2001:db8:1::78 lladdr 52:55:0a:00:02:78 dev d0 nud noarp; "
    "ip -s neigh show 10.1.0.77; ip -s neigh show 10.1.0.78; ip -s neigh show 2001:db8:1::78")))


# ---- a veth whose peer is in another named namespace

# Every container's eth0: "eth0@if2 ... link-netns NAME", the name found
# by asking RTM_GETNSID of each /run/netns entry's fd. Under veneer
# /run/netns holds the snapshot's names (other test runs make and delete
# namespaces meanwhile: `ip netns list` is compared on the peer's line).
def _add_peered():
    peer = Netns("nspeer", [])
    FIXTURES["peered"] = Netns("peered", [
        "ip -n {ns} link add eth0 type veth peer name p0 netns %s" % peer.name,
        "ip -n %s link set p0 up" % peer.name,
        "ip -n {ns} link set eth0 up",
        "ip -n {ns} addr add 10.0.5.2/24 dev eth0",
    ])
    FIXTURES["peered"].peer = peer.name


PEERED_COMPARED = ["ip -d link show eth0", "ip link", "ip -d addr", "ip -j -d link show eth0",
                   "ip netns list-id"]


def make_peered_compare(cmd):
    def t(backend):
        same_as_native("peered", cmd, backend)
    t.__name__ = "peer namespace: %s" % cmd
    return t


for _c in PEERED_COMPARED:
    TESTS.append(make_peered_compare(_c))


@test
def peer_namespace_listed(backend):
    fx = FIXTURES["peered"]
    cmd = "sh -c 'ip netns list | grep -x \"%s (id: 0)\"'" % fx.peer
    want = fx.run(cmd)
    got = veneer(cmd, backend, scenario=fx.snapshot())
    check(want.stdout == got.stdout and want.stdout.strip(),
          "linux %r, veneer %r %r" % (want.stdout, got.stdout, got.stderr))
    # the host's names are not the sandbox's: an empty scenario lists none
    got = veneer("ls /run/netns", backend)
    check(got.returncode == 0 and got.stdout == "", "host names show: %r %r" % (got.stdout, got.stderr))
