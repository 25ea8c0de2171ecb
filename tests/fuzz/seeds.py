#!/usr/bin/env python3
"""Write seed inputs for the fuzzers: the requests real clients send
(../shared/reference/clients.md) and a few scenarios."""
import os, struct, sys

out = sys.argv[1]
os.makedirs(f"{out}/rtnl", exist_ok=True)
os.makedirs(f"{out}/scenario", exist_ok=True)

def nlmsg(mtype, flags, body, seq=1):
    return struct.pack("=IHHII", 16 + len(body), mtype, flags, seq, 0) + body

def attr(t, payload):
    n = 4 + len(payload)
    return struct.pack("=HH", n, t) + payload + b"\0" * ((4 - n % 4) % 4)

DUMP, REQ = 0x301, 0x1
ifinfo = lambda fam=0, idx=0: struct.pack("=BxHiII", fam, 0, idx, 0, 0)
seeds = {
    "getlink_dump_packet": nlmsg(18, DUMP, ifinfo(17) + attr(29, struct.pack("=I", 1))),
    "getlink_go": nlmsg(18, DUMP, b"\0")[:17],
    "getlink_glibc": nlmsg(18, DUMP, b"\0\0\0\0"),
    "getlink_inet6": nlmsg(18, DUMP, ifinfo(10)),
    "getlink_index": nlmsg(18, REQ, ifinfo(0, 2) + attr(29, struct.pack("=I", 9))),
    "getlink_name": nlmsg(18, REQ, ifinfo() + attr(3, b"eth0\0")),
    "getaddr_dump": nlmsg(22, DUMP, struct.pack("=BBBBI", 0, 0, 0, 0, 0)),
    "getroute_dump": nlmsg(26, DUMP, struct.pack("=BBBBBBBBI", 2, 0, 0, 0, 0, 0, 0, 0, 0) + attr(15, struct.pack("=I", 254))),
    "getroute_get": nlmsg(26, REQ, struct.pack("=BBBBBBBBI", 2, 32, 0, 0, 0, 0, 0, 0, 0x1000) + attr(1, bytes([8, 8, 8, 8]))),
    "getneigh_dump": nlmsg(30, DUMP, struct.pack("=BxxxiHBB", 0, 0, 0, 0, 0)),
    "getrule_dump": nlmsg(34, DUMP, struct.pack("=BBBBBBBBI", 2, 0, 0, 0, 0, 0, 0, 0, 0)),
    "two_in_one": nlmsg(18, DUMP, ifinfo()) + nlmsg(22, DUMP, struct.pack("=BBBBI", 0, 0, 0, 0, 0), 2),
    "ack_unknown": nlmsg(99, REQ | 4, b""),
}
for name, data in seeds.items():
    for opts in (0, 3):
        with open(f"{out}/rtnl/{name}_{opts}", "wb") as f:
            f.write(bytes([opts]) + data)

scenarios = {
    "minimal": '{"hostname": "x"}',
    "links": '{"links": [{"ifindex": 1, "ifname": "lo", "flags": ["LOOPBACK","UP","LOWER_UP"], "mtu": 65536, '
             '"link_type": "loopback", "address": "00:00:00:00:00:00", "addr_info": [{"family": "inet", '
             '"local": "127.0.0.1", "prefixlen": 8, "scope": "host", "label": "lo"}]}], '
             '"routes": [{"dst": "default", "gateway": "127.0.0.2", "dev": "lo"}]}',
    "bad_type": '{"links": [{"ifindex": "one"}]}',
}
for name, text in scenarios.items():
    with open(f"{out}/scenario/{name}.json", "w") as f:
        f.write(text)

# NETLINK_SOCK_DIAG: the requests ss 6.1 sends (captured with strace -e
# write=all): inet_diag_req_v2 for -tan with the bytecode of 'sport = :22'
# and 'dst 10.0.0.0/8', -tanei (extensions), -uan, raw (-w), unix_diag with
# show flags (-xl, -xap), netlink_diag (-A netlink) and packet_diag (-0).
os.makedirs(f"{out}/sock_diag", exist_ok=True)
diag = {
    "ss_tan_sport22_0": "5c0000001400010340e201000000000002060000ff0f00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001400010007101400000000001600000000000000",
    "ss_tan_sport22_1": "5c0000001400010340e20100000000000a060000ff0f00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001400010007101400000002001600000000000000",
    "ss_tan_dst_0": "5c0000001400010340e201000000000002060000ff0f0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000140001000810140002080000ffffffff0a000000",
    "ss_tan_dst_1": "5c0000001400010340e20100000000000a060000ff0f0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000140001000810140002080200ffffffff0a000000",
    "ss_tanei_0": "480000001400010340e201000000000002060e00ff0f0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
    "ss_tanei_1": "480000001400010340e20100000000000a060e00ff0f0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
    "ss_uan_0": "480000001400010340e201000000000002110000ff0f0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
    "ss_uan_1": "480000001400010340e20100000000000a110000ff0f0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
    "ss_xl_0": "280000001400010340e2010000000000010000008004000000000000150000000000000000000000",
    "ss_xp_0": "280000001400010340e201000000000001000000ff0f000000000000150000000000000000000000",
    "ss_netlink_0": "240000001400010340e201000000000010ff000000000000030000000000000000000000",
    "ss_packet_0": "240000001400010340e201000000000011000000000000003d0000000000000000000000",
    "ss_raw6_0": "480000001400010340e20100000000000aff0000ff0f0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
}
hdr = lambda t, f, body: struct.pack("=IHHII", 16 + len(body), t, f, 1, 0) + body
v1 = struct.pack("=BBBBHH16s16sI2III", 2, 0, 0, 0, 0, 0, b"", b"", 0, 0, 0, 0xfff, 0)
diag_extra = {
    "tcpdiag_legacy": hdr(18, DUMP, v1),                 # TCPDIAG_GETSOCK, struct inet_diag_req
    "destroy": hdr(21, REQ | 4, bytes.fromhex(diag["ss_uan_0"])[16:]),   # SOCK_DESTROY
}
for name, hexdata in diag.items():
    for opts in (0, 12):   # cap_ack | cap_net_admin
        with open(f"{out}/sock_diag/{name}_{opts}", "wb") as f:
            f.write(bytes([opts]) + bytes.fromhex(hexdata))
for name, data in diag_extra.items():
    with open(f"{out}/sock_diag/{name}", "wb") as f:
        f.write(b"\0" + data)

# NETLINK_GENERIC: what ethtool 6.1 and genl send (strace -X raw):
# CTRL_CMD_GETFAMILY by name and as a dump, the ethtool family's GETs with
# a device-name header (compact bitsets for features), a string set list.
os.makedirs(f"{out}/genl", exist_ok=True)
def genl(fam, cmd, attrs, flags=5, seq=1):
    return nlmsg(fam, flags, struct.pack("=BBH", cmd, 1, 0) + attrs, seq)
def eth_hdr(dev, flags=None):
    inner = attr(2, dev.encode() + b"\0")
    if flags is not None:
        inner += attr(3, struct.pack("=I", flags))
    return attr(0x8001, inner)
genl_seeds = {
    "ctrl_get_ethtool": genl(0x10, 3, attr(2, b"ethtool\0")),
    "ctrl_get_id": genl(0x10, 3, attr(1, struct.pack("=H", 0x15))),
    "ctrl_dump": genl(0x10, 3, b"", 0x305),
    "strset_features": genl(0x15, 1, attr(0x8001, b"") + attr(0x8002, attr(0x8001, attr(1, struct.pack("=I", 4))))),
    "strset_dev_all": genl(0x15, 1, eth_hdr("v0")),
    "features_compact": genl(0x15, 11, eth_hdr("br0", 1)),
    "channels_dump": genl(0x15, 17, b"", 0x305),
}
for cmd in (2, 4, 6, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 33, 34, 3):
    genl_seeds[f"eth_{cmd}"] = genl(0x15, cmd, eth_hdr("tap0"))
for name, data in genl_seeds.items():
    for opts in (0, 10):
        with open(f"{out}/genl/{name}_{opts}", "wb") as f:
            f.write(bytes([opts]) + data)
