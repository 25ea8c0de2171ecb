# /sys from the model (issue #12): every file of every link's directory as a
# real namespace's sysfs shows it, the CPUs and memory of the scenario, the
# changes the program makes, and nothing of the host anywhere below /sys.
# Runs inside integration.py (see its "more tests" section).

import re

# What a read of each file of each link's device directory shows (or that it
# fails: Linux fails with the show function's errno, veneer's file is mode
# 0000 and fails at open), its mode when readable, each link's target. Left
# out: the bridge timers and the learned forwarding entries (brforward),
# which move with time and traffic, and addr_assign_type, which a snapshot
# does not carry (an address set by `ip link set address` is NET_ADDR_SET).
SYSFS_WALK = r'''
import os, stat
for name in sorted(os.listdir("/sys/class/net")):
    link = os.readlink("/sys/class/net/" + name)
    print("class/net/%s -> %s" % (name, link))
    top = os.path.realpath("/sys/class/net/" + name)
    for d, dirs, files in os.walk(top):
        dirs.sort()
        for f in sorted(dirs + files):
            p = os.path.join(d, f)
            rel = os.path.relpath(p, top)
            if f.endswith("_timer") or f in ("brforward", "addr_assign_type"):
                continue
            st = os.lstat(p)
            if stat.S_ISLNK(st.st_mode):
                print("%s/%s -> %s" % (name, rel, os.readlink(p)))
            elif stat.S_ISDIR(st.st_mode):
                print("%s/%s/" % (name, rel))
            else:
                try:
                    with open(p, "rb") as fh:
                        data = fh.read()
                    print("%s/%s %o %r" % (name, rel, stat.S_IMODE(st.st_mode), data))
                except OSError:
                    print("%s/%s unreadable" % (name, rel))
'''


def sysfs_walk_cmd():
    path = os.path.join(TMP, "sysfs_walk.py")
    if not os.path.exists(path):
        with open(path, "w") as f:
            f.write(SYSFS_WALK)
    return "/usr/bin/python3 " + path


def make_sysfs_compare(fixture):
    def t(backend):
        same_as_native(fixture, sysfs_walk_cmd(), backend)
    t.__name__ = "%s: every file of /sys/class/net" % fixture
    return t


for _fx in ("veth", "bridge", "tables", "v6only"):
    TESTS.append(make_sysfs_compare(_fx))

# the files programs read most, as the shell shows them
SYSFS_CAT = ("sh -c 'cd /sys/class/net && ls && for f in address mtu operstate ifindex type flags; "
             "do grep -H . */$f; done; for f in */carrier */speed */duplex; do "
             "printf \"%s \" $f; cat $f 2>/dev/null || echo unreadable; done'")
for _fx, _c in (("veth", SYSFS_CAT), ("bridge", SYSFS_CAT), ("bridge", "ip tuntap"),
                ("bridge", "ls /sys/class/net/br0/brif")):
    TESTS.append(make_compare(_fx, _c))


# ---- changes the program makes show in /sys at once

SYSFS_CHANGES = ("sh -c 'ip link set p0 down; cat /sys/class/net/p0/operstate; "
                 "cat /sys/class/net/eth0/carrier /sys/class/net/p0/carrier 2>/dev/null || echo unreadable; "
                 "ip link set p0 name wan0; ip link set wan0 mtu 1400; ls /sys/class/net; "
                 "cat /sys/class/net/wan0/mtu /sys/class/net/wan0/ifindex; "
                 "ip link set eth0 txqueuelen 77; cat /sys/class/net/eth0/tx_queue_len; "
                 "ip link add br7 type bridge; ip link set wan0 master br7; ls /sys/class/net/br7/brif; "
                 "readlink /sys/class/net/wan0/master; ip link del br7; ls /sys/class/net; "
                 "test -e /sys/class/net/wan0/master || echo no master'")


@test
def sysfs_follows_the_models_changes(backend):
    """ip link down, rename, mtu, txqlen, a bridge and its port: as on Linux."""
    name = "%s-sysch-%s" % (TAG, backend)
    sh("ip netns add %s" % name)
    Netns.made.append(name)
    for cmd in ("ip -n {ns} link add eth0 type veth peer name p0", "ip -n {ns} link set p0 up",
                "ip -n {ns} link set eth0 up", "ip -n {ns} link set lo up"):
        sh(cmd.format(ns=name))
    snap = os.path.join(TMP, name + ".json")
    with open(snap, "w") as f:
        f.write(sh("ip netns exec %s %s snapshot" % (name, VENEER)).stdout)
    native = sh("ip netns exec %s %s" % (name, SYSFS_CHANGES), check=False)
    r = subprocess.run("ip netns exec %s %s run --backend %s --scenario %s --cap CAP_NET_ADMIN -- %s"
                       % (EMPTY.name, VENEER, backend, snap, SYSFS_CHANGES), shell=True,
                       capture_output=True, text=True, timeout=120)
    if "not available" in r.stderr:
        raise Skip("backend %s not built" % backend)
    check(r.stdout == native.stdout and "no master" in r.stdout,
          "--- linux\n%s--- veneer\n%s%s" % (native.stdout, r.stdout, r.stderr))


# ---- the machine

@test
def sysfs_cpus_and_memory_are_the_models(backend):
    """3 CPUs and 3 GiB: cpuN, topology, node0, lscpu, psutil's cores."""
    out = in_taskbox("sh -c 'ls -d /sys/devices/system/cpu/cpu[0-9]*; cat /sys/devices/system/cpu/online "
                     "/sys/devices/system/cpu/possible /sys/devices/system/node/node0/cpulist "
                     "/sys/devices/system/cpu/cpu2/topology/core_id "
                     "/sys/devices/system/cpu/cpu2/topology/core_siblings_list; "
                     "head -1 /sys/devices/system/node/node0/meminfo; "
                     "lscpu | grep -E \"^(CPU\\(s\\)|Core|Socket|NUMA node0)\"; "
                     "/usr/bin/python3 -c \"import psutil; print(psutil.cpu_count(logical=False))\"'",
                     backend)
    want = ("/sys/devices/system/cpu/cpu0\n/sys/devices/system/cpu/cpu1\n/sys/devices/system/cpu/cpu2\n"
            "0-2\n0-2\n0-2\n2\n0-2\nNode 0 MemTotal:        3145728 kB\n")
    check(out.startswith(want), "--- want\n%s--- veneer\n%s" % (want, out))
    rest = [l.split(":")[1].strip() for l in out[len(want):].splitlines()[:4]]
    check(rest == ["3", "3", "1", "0-2"] and out.endswith("\n3\n"), out)


@test
def sysfs_is_sysfs_and_read_only(backend):
    """statfs says sysfs; writes are refused (EROFS: a departure, see design.md)."""
    out = in_taskbox("sh -c 'stat -f -c %T /sys /sys/class/net/lo/mtu; "
                     "echo 1400 > /sys/class/net/lo/mtu 2>/dev/null || echo refused; "
                     "cat /sys/class/net/lo/mtu'", backend)
    check(out == "sysfs\nsysfs\nrefused\n65536\n", out)


# ---- nothing of the host below /sys

SYSFS_ALL = r'''
import os, sys
for root in sys.argv[1:]:
    for d, dirs, files in os.walk(root):
        for f in files + [x for x in dirs if os.path.islink(os.path.join(d, x))]:
            p = os.path.join(d, f)
            if os.path.islink(p):
                print("L %s %s" % (p, os.readlink(p)))
                continue
            try:
                with open(p, "rb") as fh:
                    data = fh.read(65536)
            except OSError:
                continue
            print("F %s %s" % (p, data.decode("latin-1").replace("\n", "\\n")))
        for x in dirs:
            print("D %s" % os.path.join(d, x))
'''


def sys_host_identifiers():
    """The host's interface names (but lo) and addresses, and its name."""
    names = [n for n in os.listdir("/sys/class/net") if n != "lo"]
    macs = []
    for n in names:
        try:
            with open("/sys/class/net/%s/address" % n) as f:
                mac = f.read().strip()
        except OSError:
            continue
        if mac and mac != "00:00:00:00:00:00":
            macs.append(mac)
    return names, macs, os.uname().nodename


@test
def nothing_of_the_host_below_sys(backend):
    """Every readable file and every name under /sys: no host link, MAC or host name."""
    path = os.path.join(TMP, "sysfs_all.py")
    with open(path, "w") as f:
        f.write(SYSFS_ALL)
    fx = FIXTURES["tables"]   # links x0, x1, lo: none of the host's names
    # from the host's own namespaces, where /sys names the host's links
    r = subprocess.run("%s run --backend %s --scenario %s -- /usr/bin/python3 %s /sys"
                       % (VENEER, backend, fx.snapshot(), path), shell=True, capture_output=True,
                       text=True, timeout=120)
    if "not available" in r.stderr:
        raise Skip("backend %s not built" % backend)
    check(r.returncode == 0 and r.stdout.count("\n") > 300, r.stderr + r.stdout[:2000])
    names, macs, host = sys_host_identifiers()
    check(names, "the host has no link to look for")
    word = lambda w: re.compile(r"(?<![\w.-])%s(?![\w.-])" % re.escape(w))
    pats = [word(n) for n in names] + [re.compile(re.escape(m), re.I) for m in macs]
    if len(host) >= 6:
        pats.append(word(host))
    for line in r.stdout.splitlines():
        for p in pats:
            check(not p.search(line), "host identifier %s in: %s" % (p.pattern, line[:300]))
        # a short host name is a word of the formats too: as a whole value only
        value = line.split(" ", 2)[2] if line.startswith("F ") and line.count(" ") >= 2 else None
        check(value not in (host, host + "\\n"), "the host's name in: %s" % line)
    # and the model's links are there
    check("/sys/class/net/x0 " in r.stdout and "/sys/class/net/x1 " in r.stdout, r.stdout[:2000])


@test
def a_cwd_in_the_hosts_sysfs_moves_under_the_cover(backend):
    """veneer started in the host's /sys/class/net: ls . lists the model's links."""
    r = subprocess.run("cd /sys/class/net && %s run --backend %s --scenario %s -- sh -c 'pwd; ls; ls ../net'"
                       % (VENEER, backend, FIXTURES["tables"].snapshot()), shell=True,
                       capture_output=True, text=True, timeout=120)
    if "not available" in r.stderr:
        raise Skip("backend %s not built" % backend)
    check(r.stdout == "/sys/class/net\nlo\nx0\nx1\nlo\nx0\nx1\n", r.stdout + r.stderr)


# psutil.net_if_stats(): isup and mtu (SIOCGIFFLAGS, SIOCGIFMTU), speed and
# duplex (SIOCETHTOOL), flags, per link, as in the namespace the scenario
# was snapshotted from
NET_IF_STATS = ("/usr/bin/python3 -c 'import psutil; "
                "[print(n, s) for n, s in sorted(psutil.net_if_stats().items())]'")
for _fx in ("veth", "bridge", "v6only"):
    TESTS.append(make_compare(_fx, NET_IF_STATS))
