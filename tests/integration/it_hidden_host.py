# Nothing of the host anywhere (issue #12): a walk of every readable file
# and every link under /proc inside the sandbox finds none of the host's
# identifiers — its interface names, MACs and addresses, hostname, boot id,
# kernel command line, the cgroup path it runs in — except those the
# model itself shows on purpose (an "eth0" of its own).

import json
import shlex
import re

WALKER = r'''
import os, signal, sys
ids = [i.encode() for i in open(sys.argv[2]).read().split("\n") if i]   # not argv: our cmdline is walked
roots = sys.argv[1].split(",")
skip = {"kcore", "kmsg", "mem", "clear_refs", "pagemap", "kpagecount", "kpageflags", "kpagecgroup"}
class Slow(Exception): pass
def alarm(*a): raise Slow()
signal.signal(signal.SIGALRM, alarm)
seen = found = 0
def scan(path, data):
    global found
    for i in ids:
        if i in data:
            found += 1
            print("host identifier %r in %s" % (i.decode(), path))
def walk(d, depth):
    global seen
    if depth > 12:
        return
    try:
        entries = list(os.scandir(d))
    except OSError:
        return
    for e in entries:
        p = e.path
        try:
            if e.is_symlink():
                scan(p + " (link)", os.readlink(p).encode()); seen += 1
            elif e.is_dir(follow_symlinks=False):
                walk(p, depth + 1)
            elif e.is_file(follow_symlinks=False) and e.name not in skip:
                signal.alarm(2)
                try:
                    fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK)
                    try:
                        data = os.read(fd, 1 << 22)
                    finally:
                        os.close(fd)
                finally:
                    signal.alarm(0)
                scan(p, data); seen += 1
        except (OSError, Slow):
            pass
for r in roots:
    walk(r, 0)
print("read", seen, "found", found)
'''


def host_identifiers():
    """The host's, as its own namespace shows them (this process runs in it)."""
    ids = set()
    for l in json.loads(sh("ip -j link show").stdout):
        if l["ifname"] != "lo":
            ids.add(l["ifname"])
            if l.get("address") and l["address"] != "00:00:00:00:00:00":
                ids.add(l["address"])
    for l in json.loads(sh("ip -j addr show").stdout):
        for a in l.get("addr_info", []):
            if a["local"] not in ("127.0.0.1", "::1"):
                ids.add(a["local"])
    host = open("/proc/sys/kernel/hostname").read().strip()
    if len(host) >= 4:
        ids.add(host)
    ids.add(open("/proc/sys/kernel/random/boot_id").read().strip())
    ids.update(t for t in open("/proc/cmdline").read().split() if len(t) >= 12)
    for line in open("/proc/self/cgroup"):
        ids.update(s for s in line.strip().split(":", 2)[-1].split("/") if len(s) >= 8)
    return ids


@test
def no_host_identifier_in_proc(backend):
    """Every readable file and link under /proc in the sandbox: no host identifier."""
    ids = host_identifiers()
    # what the model shows on purpose is not the host's
    shown = veneer("sh -c 'ip -d link; ip addr; cat /proc/cmdline; hostname'", backend).stdout
    ids = sorted(i for i in ids if i not in shown)
    check(len(ids) >= 3, "too few host identifiers to look for: %r" % ids)
    probe = os.path.join(TMP, "walker.py")
    with open(probe, "w") as f:
        f.write(WALKER)
    listing = os.path.join(TMP, "host-ids")
    with open(listing, "w") as f:
        f.write("\n".join(ids))
    r = veneer("python3 %s /proc %s" % (probe, listing), backend)
    m = re.search(r"read (\d+) found (\d+)", r.stdout)
    check(m and int(m.group(1)) > 300 and m.group(2) == "0",
          "looked for %r\n%s%s" % (ids, r.stdout[-3000:], r.stderr[-1000:]))
