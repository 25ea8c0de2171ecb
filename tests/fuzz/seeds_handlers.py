#!/usr/bin/env python3
"""Seed inputs for fuzz_handlers.c: the calls real clients make on the
stand-ins (ip's RTM_GETLINK/GETADDR/GETROUTE dumps, ss's sock_diag
requests, a change under CAP_NET_ADMIN with a subscribed socket), opens
and stats of /proc paths, sysctl writes, interface ioctls, socket options,
and the hostile ones of issue 10 (huge iovecs, bad pointers).

Usage: seeds_handlers.py DIR   (tests/fuzz/corpus/handlers holds its output)

The input format is fuzz_handlers.c's: flags, calls - 1, 8 calls of
56 bytes (u16 syscall number, 6 x (kind, u64)), then the arena's data."""
import os, struct, sys

ARENA_MAP = 0x3F0000000000
DATA = ARENA_MAP + 4096
DATA_SIZE = 16 * 4096

# argument kinds (fuzz_handlers.c, arg())
RAW, ANY, PTR, SOCK, SMALL, CONST, U32, GOT = range(8)
CAP_NET_ADMIN, CAP_SYS_ADMIN, NONBLOCK, LOG, JSON, LIVE = 1, 2, 4, 8, 16, 32
ROUTE, DIAG, ROUTE_DGRAM = 0, 1, 2          # the stand-ins, in creation order

# x86_64 syscall numbers
NR = dict(read=0, write=1, open=2, stat=4, lstat=6, lseek=8, ioctl=16, pwrite64=18,
          writev=20, access=21, socket=41, connect=42, sendto=44, recvfrom=45, sendmsg=46,
          recvmsg=47, bind=49, getsockname=51, getpeername=52, setsockopt=54, getsockopt=55,
          uname=63, creat=85, readlink=89, sysinfo=99, statfs=137, fstatfs=138,
          sethostname=170, setdomainname=171, getxattr=191, lgetxattr=192, listxattr=194,
          sched_getaffinity=204, openat=257, newfstatat=262, readlinkat=267, faccessat=269,
          pwritev=296, statx=332, openat2=437, faccessat2=439, readv=19, sendfile=40,
          listen=50, accept=43, accept4=288, shutdown=48, execve=59, execveat=322,
          splice=275, tee=276, vmsplice=278, copy_file_range=326, recvmmsg=299,
          sendmmsg=307, pidfd_send_signal=424)

AT_FDCWD = 0xFFFFFFFFFFFFFF9C
O_RDONLY, O_WRONLY, O_RDWR, O_DIRECTORY, O_PATH, O_CLOEXEC = 0, 1, 2, 0o200000, 0o10000000, 0o2000000
MSG_DONTWAIT, MSG_PEEK, MSG_TRUNC = 0x40, 0x2, 0x20
SOL_SOCKET, SOL_NETLINK = 1, 270
AF_NETLINK, AF_INET, AF_INET6 = 16, 2, 10


BSS = DATA_SIZE // 2   # buffers the calls write: zeros the fuzzer makes itself


class Arena:
    """The caller's memory: place bytes, get their address. Buffers that
    start out zero (space()) lie in the upper half, which the seed leaves
    out: the fuzzer zeroes the arena before each run."""
    def __init__(self):
        self.buf = bytearray()
        self.bss = BSS

    def put(self, data, align=16):
        off = (len(self.buf) + align - 1) // align * align
        self.buf += b"\0" * (off - len(self.buf)) + data
        assert len(self.buf) <= (BSS if self.bss > BSS else DATA_SIZE)
        return DATA + off

    def space(self, n):
        assert len(self.buf) <= BSS and self.bss + n <= DATA_SIZE
        off = self.bss
        self.bss = (self.bss + n + 15) // 16 * 16
        return DATA + off

    def str(self, s):
        return self.put(s.encode() + b"\0")


def ptr(addr):
    return (PTR, addr - DATA)


def arg(a):
    if isinstance(a, tuple):
        return struct.pack("<BQ", a[0], a[1] & (2**64 - 1))
    return struct.pack("<BQ", RAW, a & (2**64 - 1))


def call(name, *args):
    args = list(args) + [0] * (6 - len(args))
    return struct.pack("<H", NR[name]) + b"".join(arg(a) for a in args)


def seed(flags, calls, arena):
    assert 1 <= len(calls) <= 8 and len(arena.buf) <= DATA_SIZE
    body = b"".join(calls) + b"\0" * (56 * (8 - len(calls)))
    return bytes([flags, len(calls) - 1]) + body[:56 * len(calls)] + bytes(arena.buf)


def msghdr(name, namelen, iov, iovlen, control=0, controllen=0, flags=0):
    return struct.pack("<QI4xQQQQi4x", name, namelen, iov, iovlen, control, controllen, flags)


def nlmsg(mtype, flags, body, seq=1):
    return struct.pack("=IHHII", 16 + len(body), mtype, flags, seq, 0) + body


def attr(t, payload):
    n = 4 + len(payload)
    return struct.pack("=HH", n, t) + payload + b"\0" * ((4 - n % 4) % 4)


DUMP, REQ, ACK, ECHO, CREATE, EXCL = 0x301, 0x1, 0x4, 0x8, 0x400, 0x200
ifinfo = lambda fam=0, idx=0, flags=0, change=0: struct.pack("=BxHiII", fam, 0, idx, flags, change)
ifaddr = lambda fam, plen, idx: struct.pack("=BBBBI", fam, plen, 0, 0, idx)
rtmsg = lambda fam=2, dlen=0, table=0, flags=0: struct.pack("=BBBBBBBBI", fam, dlen, 0, 0, table, 0, 0, 0, flags)

REQUESTS = {
    "getlink": nlmsg(18, DUMP, ifinfo()),
    "getlink_one": nlmsg(18, REQ, ifinfo() + attr(3, b"eth0\0")),
    "getaddr": nlmsg(22, DUMP, ifaddr(0, 0, 0)),
    "getroute": nlmsg(26, DUMP, rtmsg()),
    "getroute_get": nlmsg(26, REQ, rtmsg(2, 32, 0, 0x1000) + attr(1, bytes([8, 8, 8, 8]))),
    "getneigh": nlmsg(30, DUMP, struct.pack("=BxxxiHBB", 0, 0, 0, 0, 0)),
    "getrule": nlmsg(34, DUMP, rtmsg(10)),
    "getnetconf": nlmsg(82, DUMP, struct.pack("=Bxxx", 0)),
}

# ss 6.1 (tests/fuzz/seeds.py): -tan, -uan, -xl, -A netlink
DIAG_REQS = {
    "ss_tan": "480000001400010340e201000000000002060000ff0f0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
    "ss_tanei6": "480000001400010340e20100000000000a060e00ff0f0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
    "ss_uan": "480000001400010340e201000000000002110000ff0f0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
    "ss_xl": "280000001400010340e2010000000000010000008004000000000000150000000000000000000000",
    "ss_netlink": "240000001400010340e201000000000010ff000000000000030000000000000000000000",
    "ss_sport22": "5c0000001400010340e201000000000002060000ff0f00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001400010007101400000000001600000000000000",
}


def recvmsg_setup(a, cap=16384):
    buf = a.space(cap)
    iov = a.put(struct.pack("<QQ", buf, cap))
    name = a.space(12)
    return a.put(msghdr(name, 12, iov, 1))


def dump_seed(sock, request, flags=0, via="sendto"):
    a = Arena()
    req = a.put(request)
    m = recvmsg_setup(a)
    if via == "sendto":
        send = call("sendto", (SOCK, sock), ptr(req), len(request), 0, 0, 0)
    else:
        iov = a.put(struct.pack("<QQQQ", req, 16, req + 16, len(request) - 16))
        kernel = a.put(struct.pack("<HHII", AF_NETLINK, 0, 0, 0))
        send = call("sendmsg", (SOCK, sock), ptr(a.put(msghdr(kernel, 12, iov, 2))), 0)
    recv = call("recvmsg", (SOCK, sock), ptr(m), MSG_DONTWAIT)
    return seed(flags, [send, recv, recv, recv], a)


def path_seed(path, flags=O_RDONLY | O_CLOEXEC, caps=0, then=()):
    """caps: the input's flags byte"""
    a = Arena()
    p = a.str(path)
    st = a.space(256)
    calls = [call("openat", AT_FDCWD, ptr(p), flags, 0)]
    for name, *args in then:
        calls.append(call(name, *[ptr(st) if x == "BUF" else ptr(a.str(x[1:])) if isinstance(x, str) and x.startswith("@")
                                  else x for x in args]))
    return seed(caps, calls, a)


def ifreq(name, rest=b""):
    return name.encode().ljust(16, b"\0") + rest.ljust(24, b"\0")


def seeds():
    out = {}
    for name, req in REQUESTS.items():
        out[f"rtnl_{name}"] = dump_seed(ROUTE, req)
    out["rtnl_getaddr_sendmsg"] = dump_seed(ROUTE, REQUESTS["getaddr"], via="sendmsg")
    out["rtnl_getlink_dgram_log"] = dump_seed(ROUTE_DGRAM, REQUESTS["getlink"], flags=LOG)
    out["rtnl_getroute_json"] = dump_seed(ROUTE, REQUESTS["getroute"], flags=LOG | JSON)
    for name, hexdata in DIAG_REQS.items():
        out[f"diag_{name}"] = dump_seed(DIAG, bytes.fromhex(hexdata), flags=LIVE)
    out["diag_ss_tan_empty_table"] = dump_seed(DIAG, bytes.fromhex(DIAG_REQS["ss_tan"]))

    # a change under CAP_NET_ADMIN, seen by a socket subscribed to its groups
    a = Arena()
    groups = a.put(struct.pack("<HHII", AF_NETLINK, 0, 0, 0x1 | 0x10 | 0x40))   # LINK, IPV4_IFADDR, IPV4_ROUTE
    newaddr = nlmsg(20, REQ | ACK | CREATE | EXCL,
                    ifaddr(AF_INET, 24, 2) + attr(2, bytes([10, 9, 9, 9])) + attr(1, bytes([10, 9, 9, 9])))
    req = a.put(newaddr)
    m = recvmsg_setup(a, 8192)
    out["rtnl_newaddr_multicast"] = seed(CAP_NET_ADMIN, [
        call("bind", (SOCK, ROUTE_DGRAM), ptr(groups), 12),
        call("sendto", (SOCK, ROUTE), ptr(req), len(newaddr), 0, 0, 0),
        call("recvmsg", (SOCK, ROUTE_DGRAM), ptr(m), MSG_DONTWAIT),
        call("recvmsg", (SOCK, ROUTE_DGRAM), ptr(m), MSG_DONTWAIT),
        call("recvmsg", (SOCK, ROUTE), ptr(m), MSG_DONTWAIT),
    ], a)
    a = Arena()
    setmtu = nlmsg(16, REQ | ACK, ifinfo(0, 2) + attr(4, struct.pack("=I", 1400)))
    req = a.put(setmtu)
    m = recvmsg_setup(a, 8192)
    out["rtnl_setlink_mtu"] = seed(CAP_NET_ADMIN, [
        call("sendto", (SOCK, ROUTE), ptr(req), len(setmtu), 0, 0, 0),
        call("recvmsg", (SOCK, ROUTE), ptr(m), MSG_DONTWAIT),
    ], a)

    # a blocking read parked, then completed by a request
    a = Arena()
    req = a.put(REQUESTS["getlink"])
    buf = a.space(4096)
    out["rtnl_parked_recv"] = seed(0, [
        call("recvfrom", (SOCK, ROUTE), ptr(buf), 4096, 0, 0, 0),
        call("sendto", (SOCK, ROUTE), ptr(req), len(REQUESTS["getlink"]), 0, 0, 0),
        call("recvfrom", (SOCK, ROUTE), ptr(buf), 16, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT, 0, 0),
    ], a)

    # socket options and names
    a = Arena()
    tv = a.put(struct.pack("<qq", 0, 300000))
    one = a.put(struct.pack("<i", 1))
    val = a.space(64)
    lenp = a.put(struct.pack("<i", 64))
    nl = a.put(struct.pack("<HHII", AF_NETLINK, 0, 0, 0))
    out["sockopts"] = seed(0, [
        call("setsockopt", (SOCK, ROUTE), SOL_SOCKET, 20, ptr(tv), 16),
        call("getsockopt", (SOCK, ROUTE), SOL_SOCKET, 20, ptr(val), ptr(lenp)),
        call("setsockopt", (SOCK, ROUTE), SOL_NETLINK, 11, ptr(one), 4),          # EXT_ACK
        call("setsockopt", (SOCK, ROUTE), SOL_NETLINK, 1, ptr(one), 4),           # ADD_MEMBERSHIP
        call("getsockopt", (SOCK, ROUTE), SOL_NETLINK, 9, ptr(val), ptr(lenp)),   # LIST_MEMBERSHIPS
        call("connect", (SOCK, ROUTE), ptr(nl), 12),
        call("getsockname", (SOCK, ROUTE), ptr(val), ptr(lenp)),
        call("getpeername", (SOCK, ROUTE), ptr(val), ptr(lenp)),
    ], a)
    a = Arena()
    tv = a.put(struct.pack("<qq", 0, 1000))
    buf = a.space(256)
    out["rcvtimeo_parked"] = seed(0, [
        call("setsockopt", (SOCK, ROUTE), SOL_SOCKET, 20, ptr(tv), 16),
        call("recvfrom", (SOCK, ROUTE), ptr(buf), 256, 0, 0, 0),
    ], a)

    # issue 10: iovec lengths whose sum wraps, too many iovecs, a msghdr
    # in a guard page
    a = Arena()
    data = a.put(REQUESTS["getlink"])
    iov = a.put(struct.pack("<QQQQQQ", data, 2**63 - 1, data, 2**63 - 1, data, 12))
    m = a.put(msghdr(0, 0, iov, 3))
    m2 = a.put(msghdr(0, 0, iov, 1025))
    out["sendmsg_iovec_wrap"] = seed(0, [
        call("sendmsg", (SOCK, ROUTE), ptr(m), 0),
        call("recvmsg", (SOCK, ROUTE), ptr(m), MSG_DONTWAIT),
        call("sendmsg", (SOCK, ROUTE), ptr(m2), 0),
        call("sendmsg", (SOCK, ROUTE), (ANY, 0), 0),
        call("sendmsg", (SOCK, ROUTE), (ANY, 4096 + DATA_SIZE + 4096 - 8), 0),
    ], a)

    # /proc paths
    for name, path in [("net_dev", "/proc/net/dev"), ("self_status", "/proc/self/status"),
                       ("ip_forward", "/proc/sys/net/ipv4/ip_forward"), ("net_tcp", "/proc/net/tcp"),
                       ("meminfo", "/proc/meminfo"), ("mountinfo", "/proc/self/mountinfo"),
                       ("net_unix", "/proc/self/net/unix"), ("thread_self_route", "/proc/thread-self/net/route"),
                       ("dotdot", "/proc/self/net/../status"), ("root_loop", "/proc/self/root/proc/net/arp"),
                       ("pid1", "/proc/1/status"), ("hostname", "/proc/sys/kernel/hostname"),
                       ("conf_eth0", "/proc/sys/net/ipv6/conf/eth0/mtu"), ("fd0", "/proc/self/fd/0")]:
        live = LIVE if name in ("net_tcp", "net_unix") else 0
        out[f"path_{name}"] = path_seed(path, caps=live, then=[("lseek", (GOT, 0), 0, 0)])
    out["path_cwd_opath"] = path_seed("/proc/self/cwd", O_PATH | O_CLOEXEC)
    out["path_dir"] = path_seed("/proc/self/net", O_RDONLY | O_DIRECTORY | O_CLOEXEC,
                                then=[("openat", (GOT, 0), "@dev", 0, 0),
                                      ("newfstatat", (GOT, 0), "@route", "BUF", 0),
                                      ("fstatfs", (GOT, 0), "BUF")])
    out["path_sysctl_write"] = path_seed("/proc/sys/net/ipv4/ip_forward", O_WRONLY | O_CLOEXEC, CAP_NET_ADMIN,
                                         then=[("write", (GOT, 0), "@1\n", 2),
                                               ("write", (GOT, 0), "@x", 1)])
    out["path_sysctl_rdwr"] = path_seed("/proc/sys/net/ipv4/conf/all/forwarding", O_RDWR | O_CLOEXEC,
                                        CAP_NET_ADMIN, then=[("pwrite64", (GOT, 0), "@1", 1, 0),
                                                             ("read", (GOT, 0), "BUF", 16)])
    out["path_hostname_write"] = path_seed("/proc/sys/kernel/hostname", O_WRONLY, CAP_SYS_ADMIN,
                                           then=[("write", (GOT, 0), "@fuzz\n", 5)])
    a = Arena()
    p = a.str("/proc/self/net/dev")
    st = a.space(256)
    out["path_stats"] = seed(0, [
        call("stat", ptr(p), ptr(st)),
        call("lstat", ptr(a.str("/proc/self")), ptr(st)),
        call("newfstatat", AT_FDCWD, ptr(a.str("/proc/net")), ptr(st), 0x100),
        call("statx", AT_FDCWD, ptr(p), 0, 0xfff, ptr(st)),
        call("access", ptr(p), 4),
        call("faccessat2", AT_FDCWD, ptr(a.str("/proc/sys/net/ipv4/ip_forward")), 2, 0x200),
        call("readlink", ptr(a.str("/proc/self/exe")), ptr(st), 256),
        call("readlinkat", AT_FDCWD, ptr(a.str("/proc/thread-self")), ptr(st), 256),
    ], a)
    a = Arena()
    st = a.space(256)
    out["path_xattr_statfs"] = seed(0, [
        call("getxattr", ptr(a.str("/proc/self/root/tmp")), ptr(a.str("user.x")), ptr(st), 256),
        call("listxattr", ptr(a.str("/proc/net/dev")), ptr(st), 256),
        call("statfs", ptr(a.str("/proc/sys")), ptr(st)),
        call("openat2", AT_FDCWD, ptr(a.str("/proc/net/dev")), ptr(a.put(struct.pack("<QQQ", O_CLOEXEC, 0, 0x1))), 24),
        call("open", ptr(a.str("/proc/net/route")), O_RDONLY),
        call("creat", ptr(a.str("/proc/net/new")), 0o644),
    ], a)
    a = Arena()
    p = a.put(b"/" + b"a" * 4200)
    st = a.space(256)
    # PATH_MAX bytes and no NUL; a path that runs into the guard page
    # (the read-only page holds no NUL: fuzz_handlers.c, RO_PATTERN)
    out["path_no_nul"] = seed(0, [call("openat", AT_FDCWD, ptr(p), 0, 0),
                                  call("stat", (ANY, 4096 + DATA_SIZE + 4096 - 5), ptr(st)),
                                  call("stat", (ANY, 4096 + DATA_SIZE), ptr(st))], a)

    # interface ioctls (on a stand-in: a socket, as ip and ifconfig use)
    a = Arena()
    reqs = a.space(40 * 8)
    conf = a.put(struct.pack("<i4xQ", 40 * 8, reqs))
    flags_eth0 = a.put(ifreq("eth0"))
    idx2 = a.put(ifreq("", struct.pack("<i", 2)))
    drv = a.put(struct.pack("<I", 3) + b"\0" * 196)             # ETHTOOL_GDRVINFO
    eth = a.put(ifreq("eth0", struct.pack("<Q", drv)))
    out["ioctl_get"] = seed(0, [
        call("ioctl", (SOCK, ROUTE), 0x8912, ptr(conf)),            # SIOCGIFCONF
        call("ioctl", (SOCK, ROUTE), 0x8913, ptr(flags_eth0)),      # SIOCGIFFLAGS
        call("ioctl", (SOCK, ROUTE), 0x8915, ptr(flags_eth0)),      # SIOCGIFADDR
        call("ioctl", (SOCK, ROUTE), 0x8927, ptr(flags_eth0)),      # SIOCGIFHWADDR
        call("ioctl", (SOCK, ROUTE), 0x8933, ptr(flags_eth0)),      # SIOCGIFINDEX
        call("ioctl", (SOCK, ROUTE), 0x8910, ptr(idx2)),            # SIOCGIFNAME
        call("ioctl", (SOCK, ROUTE), 0x8946, ptr(eth)),             # SIOCETHTOOL
        call("ioctl", 0, 0x8921, ptr(flags_eth0)),                  # SIOCGIFMTU on a non-socket
    ], a)
    a = Arena()
    mtu = a.put(ifreq("eth0", struct.pack("<i", 1400)))
    down = a.put(ifreq("eth0", struct.pack("<h", 0)))
    addr = a.put(ifreq("eth0:1", struct.pack("<HH4s", AF_INET, 0, bytes([10, 7, 7, 7]))))
    out["ioctl_set"] = seed(CAP_NET_ADMIN, [
        call("ioctl", (SOCK, ROUTE), 0x8922, ptr(mtu)),             # SIOCSIFMTU
        call("ioctl", (SOCK, ROUTE), 0x8916, ptr(addr)),            # SIOCSIFADDR
        call("ioctl", (SOCK, ROUTE), 0x8914, ptr(down)),            # SIOCSIFFLAGS
    ], a)

    # the calls on virtual fds beyond send and receive
    a = Arena()
    req = a.put(REQUESTS["getlink"])
    siov = a.put(struct.pack("<QQ", req, len(REQUESTS["getlink"])))
    # struct mmsghdr: a msghdr and msg_len, 64 bytes
    svec = a.put((msghdr(0, 0, siov, 1) + struct.pack("<I4x", 0)) * 2)
    bufs = [a.space(8192) for _ in range(2)]
    riovs = a.put(b"".join(struct.pack("<QQ", b, 8192) for b in bufs))
    rvec = a.put(msghdr(0, 0, riovs, 1) + struct.pack("<I4x", 0) + msghdr(0, 0, riovs + 16, 1) + struct.pack("<I4x", 0))
    out["rtnl_mmsg_readv"] = seed(0, [
        call("sendmmsg", (SOCK, ROUTE), ptr(svec), 2, 0),
        call("recvmmsg", (SOCK, ROUTE), ptr(rvec), 2, MSG_DONTWAIT, 0),
        call("sendto", (SOCK, ROUTE), ptr(req), len(REQUESTS["getlink"]), 0, 0, 0),
        call("readv", (SOCK, ROUTE), ptr(riovs), 2),
    ], a)
    a = Arena()
    iov = a.put(struct.pack("<QQ", a.space(64), 64))
    out["vfd_pipes_listen"] = seed(0, [
        call("splice", (SOCK, ROUTE), 0, 1, 0, 16, 0),
        call("tee", 1, (SOCK, DIAG), 16, 0),
        call("sendfile", 1, (SOCK, ROUTE), 0, 16),
        call("copy_file_range", (SOCK, ROUTE), 0, 1, 0, 16, 0),
        call("vmsplice", (SOCK, ROUTE), ptr(iov), 1, 0),
        call("listen", (SOCK, ROUTE), 5),
        call("accept4", (SOCK, ROUTE), 0, 0, 0),
        call("shutdown", (SOCK, ROUTE), 2),
    ], a)
    # a /proc/<pid> directory fd as a pidfd (killall); the fuzzer signals
    # nothing for real (fuzz_handlers.c, __wrap_syscall); exec through
    # /proc/self/exe (its link into the covers is refused here: no cover)
    a = Arena()
    exe = a.str("/proc/self/exe")
    out["signal_exec"] = seed(0, [
        call("openat", AT_FDCWD, ptr(a.str("/proc/self")), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0),
        call("pidfd_send_signal", (GOT, 0), 9, 0, 0),
        call("pidfd_send_signal", (GOT, 0), 0, ptr(a.space(128)), 0),
        call("execve", ptr(exe), 0, 0),
        call("execveat", AT_FDCWD, ptr(a.str("/proc/self/fd/0")), 0, 0, 0),
    ], a)

    # the machine
    a = Arena()
    buf = a.space(512)
    name = a.str("fuzzhost")
    out["system"] = seed(CAP_SYS_ADMIN, [
        call("uname", ptr(buf)),
        call("sysinfo", ptr(buf)),
        call("sched_getaffinity", 0, 128, ptr(buf)),
        call("sethostname", ptr(name), 8),
        call("setdomainname", ptr(name), 8),
        call("uname", (ANY, 4096 + DATA_SIZE)),                    # the read-only page
    ], a)
    return out


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus", "handlers")
    os.makedirs(out, exist_ok=True)
    for name, data in seeds().items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
