# Bridges and multicast groups (issue #13): `bridge link/fdb/vlan/mdb`,
# `ip maddr` and /proc/net/{igmp,igmp6,dev_mcast}, the NOARP multicast
# neighbours, and the raw AF_BRIDGE dumps, in a namespace with a bridge,
# a veth and a tap port, a static fdb entry and an mdb entry, served from
# its snapshot. Runs inside integration.py's namespace (see "more tests"
# there).
#
# The learned fdb entries and snooped mdb groups come from the namespace's
# own MLD reports, sent as the links join their groups: the setup waits
# for them, and stretches the bridge's ageing and membership intervals to
# an hour so that nothing expires during a run. Ages and timers move on
# Linux (masked in the raw dumps; `bridge` prints neither without -s).
# The model's bridges have no VLANs, as a kernel without
# CONFIG_BRIDGE_VLAN_FILTERING: on a kernel with it the VLAN cases skip.

BR_SETUP = [
    "ip -n {ns} link add br0 type bridge ageing_time 360000 mcast_membership_interval 360000",
    "ip -n {ns} link add veth0 type veth peer name veth1",
    "ip -n {ns} tuntap add tap0 mode tap",
    "ip -n {ns} link add spare0 type veth peer name spare1",
    "ip -n {ns} link set veth1 master br0",
    "ip -n {ns} link set tap0 master br0",
    "ip -n {ns} link set br0 up",
    "ip -n {ns} link set veth1 up",
    "ip -n {ns} link set veth0 up",
    "ip -n {ns} link set tap0 up",
    "ip -n {ns} addr add 192.0.2.1/24 dev br0",
    "ip -n {ns} addr add 2001:db8:7::1/64 dev br0",
    # down after up: its multicast addresses reload IPv4's first
    "ip -n {ns} link set veth0 down",
    "ip -n {ns} link set veth0 up",
    "ip netns exec {ns} bridge fdb add 02:00:00:00:00:aa dev tap0 master static",
    "ip netns exec {ns} bridge fdb add 02:00:00:00:00:bb dev veth1 master dynamic",
    "ip netns exec {ns} bridge mdb add dev br0 port veth1 grp 239.1.1.1 permanent",
    "ip netns exec {ns} bridge mdb add dev br0 port tap0 grp ff0e::42 permanent",
    "sleep 2",
]


def add_fixtures():
    FIXTURES["brmc"] = Netns("brmc", BR_SETUP)


_BR_VLAN = []


def br_kernel_has_vlans():
    """RTM_GETVLAN is registered only with CONFIG_BRIDGE_VLAN_FILTERING."""
    if not _BR_VLAN:
        r = FIXTURES["brmc"].run("bridge -d vlan show")
        _BR_VLAN.append("Operation not supported" not in r.stderr)
    return _BR_VLAN[0]


BR_COMPARED = [
    ("bridge link", False), ("bridge -d link", False), ("bridge -j -d link", False),
    ("bridge fdb", False), ("bridge fdb show br br0", False), ("bridge fdb show dev tap0", False),
    ("bridge -j fdb", False), ("bridge mdb", False), ("bridge -d mdb", False),
    ("bridge vlan", True), ("sh -c 'bridge -d vlan; echo $?'", True),
    ("ip maddr", False), ("ip maddr show dev br0", False), ("cat /proc/net/igmp", False),
    ("cat /proc/net/igmp6", False), ("cat /proc/net/dev_mcast", False),
    ("ip -6 neigh show nud noarp", False), ("ip neigh show nud all", False),
    ("netstat -g", False), ("ip link show master br0", False),
]


def make_br_compare(cmd, vlan):
    def t(backend):
        if vlan and br_kernel_has_vlans():
            raise Skip("the model's bridges have no VLANs; this kernel's have")
        same_as_native("brmc", cmd, backend)
    t.__name__ = "bridge: %s" % cmd
    return t


for _c, _v in BR_COMPARED:
    TESTS.append(make_br_compare(_c, _v))


# The raw dumps, datagram by datagram, with what moves on Linux zeroed:
# the ports' STP timers (IFLA_BRPORT_*_TIMER), NDA_CACHEINFO's ages (fdb
# and neighbours), MDBA_MDB_EATTR_TIMER.
BR_RAW_PROBE = r'''
import socket, struct, sys

def attrs(b, off, end):
    while off + 4 <= end:
        ln, ty = struct.unpack_from("=HH", b, off)
        if ln < 4:
            return
        yield off, ln, ty & 0x3fff
        off += (ln + 3) & ~3

def mask(ty, b):
    b = bytearray(b)
    if ty == 16:
        for off, ln, t in attrs(b, 16 + 16, len(b)):
            if t == 12:                                      # IFLA_PROTINFO
                for o2, l2, t2 in attrs(b, off + 4, off + ln):
                    if t2 in (21, 22, 23):
                        b[o2 + 4:o2 + l2] = bytes(l2 - 4)
    if ty == 28:
        for off, ln, t in attrs(b, 16 + 12, len(b)):
            if t == 3:
                b[off + 4:off + ln] = bytes(ln - 4)
    if ty == 86:
        for o1, l1, t1 in attrs(b, 16 + 8, len(b)):          # MDBA_MDB
            for o2, l2, t2 in attrs(b, o1 + 4, o1 + l1):     # MDBA_MDB_ENTRY
                for o3, l3, t3 in attrs(b, o2 + 4, o2 + l2): # MDBA_MDB_ENTRY_INFO
                    for o4, l4, t4 in attrs(b, o3 + 4 + 28, o3 + l3):
                        if t4 == 1:
                            b[o4 + 4:o4 + l4] = bytes(l4 - 4)
    return bytes(b)

def dump(typ, body):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    s.send(struct.pack("=IHHII", 16 + len(body), typ, 0x301, 1, 0) + body)
    while True:
        d = s.recv(65536)
        print(typ, "datagram", len(d))
        off = 0
        done = False
        while off < len(d):
            ln, ty, fl = struct.unpack_from("=IHH", d, off)
            print(" ", ty, hex(fl), mask(ty, d[off:off + ln])[16:].hex())
            done |= ty in (2, 3)
            off += (ln + 3) & ~3
        if done:
            return

ifm = struct.pack("=BxHiII", 7, 0, 0, 0, 0)
dump(18, ifm)
dump(18, ifm + struct.pack("=HHI", 8, 29, 2))     # RTEXT_FILTER_BRVLAN
dump(18, ifm + struct.pack("=HHI", 8, 29, 4))     # _COMPRESSED
dump(30, struct.pack("=BxxxiHBB", 7, 0, 0, 0, 0))
dump(30, ifm + struct.pack("=HHI", 8, 10, socket.if_nametoindex("br0")))
dump(86, struct.pack("=BxxxI", 7, 0))
dump(30, struct.pack("=BxxxiHBB", 0, 0, 0, 0, 0))
'''


@test
def bridge_raw_dumps(backend):
    """AF_BRIDGE RTM_GETLINK (with and without VLAN masks), RTM_GETNEIGH
    (fdb, all and of one bridge), RTM_GETMDB and the AF_UNSPEC neighbour
    dump: the same datagrams as Linux's."""
    if br_kernel_has_vlans():
        raise Skip("the model's bridges have no VLANs; this kernel's have")
    path = os.path.join(TMP, "brraw.py")
    with open(path, "w") as f:
        f.write(BR_RAW_PROBE)
    same_as_native("brmc", "python3 " + path, backend)
