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
