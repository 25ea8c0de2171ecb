"""Opens a fixed set of sockets, then runs each command line given and
prints its output between markers: what it_sockets.py compares natively
and under veneer. Sockets: a TCP listener on 127.0.0.1:5555 with one
accepted connection (client bound to port 40000, so that no ephemeral port
differs between runs), an IPv6 listener on [::]:5556, a UDP socket bound to
0.0.0.0:5353, a listening unix socket at argv[1], a NETLINK_ROUTE socket
bound with groups RTMGRP_LINK|RTMGRP_IPV4_IFADDR and a bound
NETLINK_SOCK_DIAG socket (under veneer both are served by veneer)."""
import json
import os
import socket
import subprocess
import sys

PSUTIL = r'''
import json, psutil
rows = []
for c in psutil.net_connections("all"):
    rows.append([c.family.name, c.type.name, list(c.laddr) if c.laddr else c.laddr,
                 list(c.raddr) if c.raddr else c.raddr, c.status, c.pid is not None])
print(json.dumps(sorted(rows, key=repr), indent=0))
'''


def main():
    path = sys.argv[1]
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 5555))
    s.listen(8)
    c = socket.socket()
    c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    c.bind(("127.0.0.1", 40000))
    c.connect(("127.0.0.1", 5555))
    a, _ = s.accept()
    s6 = socket.socket(socket.AF_INET6)
    s6.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s6.bind(("::", 5556))
    s6.listen(4)
    d = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    d.bind(("0.0.0.0", 5353))
    if os.path.exists(path):
        os.unlink(path)
    u = socket.socket(socket.AF_UNIX)
    u.bind(path)
    u.listen(4)
    nr = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
    nr.bind((0, 0x11))
    nd = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, 4)   # NETLINK_SOCK_DIAG
    nd.bind((0, 0))
    out = {}
    for cmd in sys.argv[2:]:
        if cmd == "psutil":
            r = subprocess.run([sys.executable, "-c", PSUTIL], capture_output=True, text=True)
        else:
            r = subprocess.run(cmd, shell=True, capture_output=True, text=True)
        out[cmd] = r.stdout + r.stderr
    os.unlink(path)
    for x in (a, c, s, s6, d, u, nr, nd):
        x.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0") \
            if x.family != socket.AF_UNIX and x.type == socket.SOCK_STREAM else None
        x.close()
    print(json.dumps(out))


main()
