# The strace-like log (issue #14): for real clients, each line veneer logs
# for a call it served equals, after its marker, the line strace -f prints
# for the same call when the client runs natively in the namespace the
# scenario was taken from. fds, pids, sequence numbers and address
# timestamps are normalised (they differ between any two runs); the rest
# must match byte for byte. Runs inside integration.py.
import re

LOG_CLIENTS = ["ip addr", "ip route", "ss -tan", "cat /proc/net/dev", "hostname", "ps",
               "python3 -c 'import socket; socket.if_nameindex()'"]
LOG_MARKER = re.compile(r" <(model|host file|native)( [^>]*)?>$")
LOG_NORMS = [
    (re.compile(r"(nlmsg_seq|nlmsg_pid|nl_pid|cstamp|tstamp|idiag_inode|udiag_ino)=-?\d+"), r"\1=N"),
    (re.compile(r"((?:idiag|udiag)_cookie)=\[\d+, \d+\]"), r"\1=[N, N]"),
    # counters that move in the real namespace after its snapshot
    (re.compile(r"(IFLA_CARRIER_(?:CHANGES|UP_COUNT|DOWN_COUNT)(?: \*/)?\}, )\d+"), r"\1N"),
    (re.compile(r"((?:rx|tx)_(?:packets|bytes)|multicast)=\d+"), r"\1=N"),
    # the machine is the model's (issue #5): sysinfo's numbers are not the
    # host's, nor the size of the kernel's CPU mask (nr_cpu_ids)
    (re.compile(r"^(sysinfo\(\{)(.*)(\}\) = 0)$"), lambda m: m.group(1) + re.sub(r"\d+", "N", m.group(2)) + m.group(3)),
    (re.compile(r"^(sched_getaffinity\(.*\) = )\d+$"), r"\1N"),
    # the tasks: the program sees its own pid namespace (ps natively runs
    # in one of its own too, where strace is also a task)
    (re.compile(r"\"/proc/\d+(/|\")"), r'"/proc/PID\1'),
    # a peek's size: the read after it has the same bytes, decoded
    (re.compile(r"^(recvmsg\(.*iov_base=NULL, iov_len=0\}.*\) = )\d+$"), r"\1N"),
]
# Lines where the model answers otherwise than the kernel did: gaps of the
# model (sentry/), not of the log; such a line is not compared.
LOG_MODEL_GAPS = [
]


def log_norm(lines):
    """Drop the pid prefix and strace's padding; fds the calls made are FD."""
    fds, out = set(), []
    for line in lines:
        line = re.sub(r"^(\[pid +\d+\] |\d+ +)", "", line)
        line = re.sub(r"\) +(= )", r") \1", line)
        for rx, sub in LOG_NORMS:
            line = rx.sub(sub, line)
        m = re.match(r"^(socket|openat|open)\(.*\) = (\d+)$", line)
        if m:
            fds.add(m.group(2))
            line = line[:m.start(2)] + "FD"
        m = re.match(r"^(\w+)\((\d+),", line)
        if m and m.group(2) in fds:
            line = "%s(FD,%s" % (m.group(1), line[m.end():])
        out.append(line)
    return out


def log_run(opts, cmd, backend, scenario=None):
    veneer("true", backend)   # the backend exists (Skip otherwise)
    sc = "--scenario %s " % scenario if scenario else ""
    return sh("ip netns exec %s %s run --backend %s %s%s -- %s"
              % (EMPTY.name, VENEER, backend, sc, opts, cmd), check=False)


def log_compare(fixture, cmd, backend, strsize=None, xlat=None, trace=None, vopts=""):
    """cmd under veneer and natively under strace -f with the same -s, -X
    and -e: every served line, in order, is a line strace printed."""
    fx = FIXTURES[fixture]
    scenario = fx.snapshot()
    vlog = os.path.join(TMP, "vlog-%s.txt" % backend)
    opts = "--log %s --log-filter %s" % (vlog, ",".join(["served"] + ([trace] if trace else [])))
    opts += (" --log-strsize %d" % strsize if strsize else "") + (" --log-xlat " + xlat if xlat else "")
    opts += " " + vopts
    r = log_run(opts, cmd, backend, scenario)
    check(r.returncode == 0, "%s under veneer: exit %d %s" % (cmd, r.returncode, r.stderr))
    with open(vlog) as f:
        served = [l.rstrip("\n") for l in f if l.startswith("[pid")]
    check(served, "%s: veneer logged no served call" % cmd)
    for l in served:
        check(LOG_MARKER.search(l), "no marker: " + l)
    names = sorted({re.match(r"^\[pid \d+\] (\w+)\(", l).group(1) for l in served})
    slog = os.path.join(TMP, "strace-%s.txt" % backend)
    sopt = (" -s %d" % strsize if strsize else "") + (" -X " + xlat if xlat else "")
    sopt += " -e trace=" + (trace if trace else ",".join(names))
    # ps: in a pid namespace of its own, as under veneer
    wrap = "unshare --pid --fork --mount-proc " if cmd.startswith("ps") else ""
    r = fx.run("%sstrace -f -qq%s -o %s %s" % (wrap, sopt, slog, cmd))
    with open(slog) as f:
        native = log_norm([l.rstrip("\n") for l in f if "resumed>" not in l])
    mine = log_norm([LOG_MARKER.sub("", l) for l in served])
    # in order: every served line is a line strace printed, after the previous one
    at, bad = 0, []
    gaps = [rx for c, rx in LOG_MODEL_GAPS if c == cmd]
    for line in mine:
        if any(rx.search(line) for rx in gaps):
            continue
        try:
            at = native.index(line, at) + 1
        except ValueError:
            same = [n for n in native[at:] if n.split("(")[0] == line.split("(")[0]]
            bad.append("veneer logged\n  %s\nstrace -f printed no such line; its next %s:\n  %s"
                       % (line, line.split("(")[0], same[0] if same else "(none)"))
    check(not bad, "%s (%d of %d lines differ):\n%s" % (cmd, len(bad), len(mine), "\n".join(bad[:3])))
    # and no served call of strace's is missing from the log
    for name in ("socket", "sendto", "sendmsg", "recvmsg", "uname"):
        n_native = sum(1 for n in native if n.startswith(name + "(") and
                       ("AF_NETLINK" in n or "0x10" in n or name != "socket"))
        n_mine = sum(1 for m in mine if m.startswith(name + "("))
        check(n_native == n_mine, "%s: strace saw %d %s calls, the log %d" % (cmd, n_native, name, n_mine))


def add_fixtures():
    # IPv4 only: the addresses the kernel makes for IPv6 (::1, fe80::)
    # carry IFA_PROTO, which `veneer snapshot` cannot copy (ip -j does not
    # show it), so a model taken from a namespace with them answers 8 bytes
    # less per address than Linux: a gap of the snapshot, not of the log.
    FIXTURES["logv4"] = Netns("logv4", [
        "ip netns exec {ns} sysctl -qw net.ipv6.conf.all.disable_ipv6=1",
        "ip netns exec {ns} sysctl -qw net.ipv6.conf.default.disable_ipv6=1",
        "ip netns exec {ns} sysctl -qw net.ipv6.conf.lo.disable_ipv6=1",
        "ip -n {ns} link add eth0 type veth peer name p0",
        "ip -n {ns} link set eth0 address 52:54:00:12:34:56",
        "ip -n {ns} link set p0 up",
        "ip -n {ns} link set eth0 up",
        "ip -n {ns} addr add 10.0.2.15/24 brd + dev eth0",
        "ip -n {ns} route add default via 10.0.2.2",
    ])


def make_log_test(cmd, strsize=None, xlat=None, trace=None):
    def t(backend):
        log_compare("logv4", cmd, backend, strsize, xlat, trace)
    opts = "".join([" -s %d" % strsize if strsize else "", " -X " + xlat if xlat else "",
                    " -e trace=" + trace if trace else ""])
    t.__name__ = "log_as_strace: %s%s" % (cmd, opts)
    return t


for _cmd in LOG_CLIENTS:
    for _x in (None, "raw", "verbose"):
        test(make_log_test(_cmd, xlat=_x))
test(make_log_test("ip addr", 8))
test(make_log_test("ss -tan", 4, "verbose"))
test(make_log_test("ip route", trace="%network"))
test(make_log_test("ps", trace="%file"))

# sock_diag replies: the program's own listening sockets, TCP and unix (ss
# shows them under veneer and natively alike); CAP_NET_ADMIN as natively,
# for the kernel adds INET_DIAG_MARK only for it
SS_LISTEN = ("import socket, subprocess, sys\n"
             "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
             "s.bind(('127.0.0.1', 7777)); s.listen()\n"
             "u = socket.socket(socket.AF_UNIX); u.bind('\\0veneer-log-test'); u.listen()\n"
             "subprocess.run(sys.argv[1:])\n")


def make_diag_test(ss, xlat=None):
    def t(backend):
        src = os.path.join(TMP, "sslisten.py")
        with open(src, "w") as f:
            f.write(SS_LISTEN)
        log_compare("logv4", "/usr/bin/python3 %s %s" % (src, ss), backend, xlat=xlat,
                    trace="%network", vopts="--cap net_admin")
    t.__name__ = "log_as_strace: sock_diag replies, %s%s" % (ss, " -X " + xlat if xlat else "")
    return t


for _ss in ("ss -tan", "ss -xan"):
    for _x in (None, "verbose"):
        test(make_diag_test(_ss, _x))


LOG_SCHEMA = os.path.join(os.path.dirname(HERE), "..", "docs", "log-format.schema.json")
NL_BODY = {"RTM_NEWLINK": 16, "RTM_NEWADDR": 8, "RTM_NEWROUTE": 12, "RTM_NEWNEIGH": 12}
# sock_diag replies: the body by its family's field
DIAG_BODY = {"idiag_family": 72, "udiag_family": 16, "ndiag_family": 28}


def nl_messages(v):
    """The netlink messages anywhere in a decoded JSON value."""
    if isinstance(v, dict):
        for x in v.values():
            yield from nl_messages(x)
    elif isinstance(v, list):
        if v and isinstance(v[0], dict) and "nlmsg_len" in v[0]:
            yield v
        else:
            for x in v:
                yield from nl_messages(x)


@test
def log_json_validates_and_keeps_every_attribute(backend):
    import jsonschema
    with open(LOG_SCHEMA) as f:
        validator = jsonschema.Draft202012Validator(json.load(f))
    fx = FIXTURES["logv4"]
    path = os.path.join(TMP, "vlog-%s.json" % backend)
    src = os.path.join(TMP, "sslisten.py")
    with open(src, "w") as f:
        f.write(SS_LISTEN)
    r = log_run("--log %s --log-format json" % path,
                "sh -c 'ip addr; ip route; cat /proc/net/dev; hostname; /usr/bin/python3 %s ss -tanxA netlink'"
                % src, backend, fx.snapshot())
    check(r.returncode == 0, r.stderr)
    seen, attrs, diag = set(), 0, 0
    with open(path) as f:
        for line in f:
            obj = json.loads(line)
            errs = list(validator.iter_errors(obj))
            check(not errs, "%s\ndoes not validate: %s" % (line, errs[0].message if errs else ""))
            seen.add((obj.get("syscall"), obj.get("veneer")))
            if obj.get("syscall") != "recvmsg" or obj.get("return", 0) <= 0:
                continue
            for m in nl_messages(obj["args"]):
                hdr = m[0]
                body = NL_BODY.get(hdr["nlmsg_type"])
                if hdr["nlmsg_type"] == "SOCK_DIAG_BY_FAMILY" and len(m) > 1 and isinstance(m[1], dict):
                    body = next((n for k, n in DIAG_BODY.items() if k in m[1]), None)
                    diag += body is not None
                if body is None or len(m) < 3:
                    continue
                # the attributes fill the message exactly: none lost
                # an attribute is [header, value], or its header alone
                heads = [a[0] if isinstance(a, list) else a for a in m[2]]
                total = 16 + body + sum((h["nla_len"] + 3) & ~3 for h in heads)
                check(total == hdr["nlmsg_len"], "%s: attributes sum to %d of %d bytes: %s"
                      % (hdr["nlmsg_type"], total, hdr["nlmsg_len"], m))
                attrs += len(m[2])
    for want in (("recvmsg", "model"), ("openat", "model"), ("uname", "model"), ("openat", "native")):
        check(want in seen, "no %s call marked %s in the JSON log" % want)
    check(attrs > 100, "only %d netlink attributes decoded" % attrs)
    check(diag >= 2, "only %d sock_diag replies decoded" % diag)


@test
def log_parked_call(backend):
    """A blocking receive is parked: JSON has it as one object; the text
    splits it as strace does when another thread's call comes between."""
    probe = ("import socket, struct, threading, time\n"
             "s = socket.socket(16, 3, 0)\n"
             "s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, struct.pack('ll', 0, 300000))\n"
             "def other():\n"
             "    time.sleep(0.1); socket.socket(16, 3, 0).close()\n"
             "threading.Thread(target=other).start()\n"
             "try:\n    s.recv(64)\nexcept OSError as e:\n    print(e.errno)\n")
    src = os.path.join(TMP, "parked.py")
    with open(src, "w") as f:
        f.write(probe)
    for fmt in ("json", "text"):
        path = os.path.join(TMP, "vlog-parked-%s.%s" % (backend, fmt))
        r = log_run("--log %s --log-format %s --log-filter %%network,served" % (path, fmt),
                    "/usr/bin/python3 " + src, backend)
        check(r.stdout.strip() == "11", "recv did not time out with EAGAIN: %r %s" % (r.stdout, r.stderr))
        with open(path) as f:
            lines = [l for l in f if "recvfrom" in l]
        if fmt == "json":
            objs = [json.loads(l) for l in lines]
            check(len(objs) == 1 and objs[0].get("parked") and objs[0]["errno"] == "EAGAIN"
                  and objs[0]["duration"] > 0.2, "parked recvfrom in JSON: %s" % lines)
        else:
            check(len(lines) == 2 and re.search(r"\] recvfrom\(\d+,  <unfinished \.\.\.>$", lines[0])
                  and re.search(r"\] <\.\.\. recvfrom resumed>0x[0-9a-f]+, 64, 0, NULL, NULL\) = -1 EAGAIN "
                                r"\(Resource temporarily unavailable\) <model>$", lines[1]),
                  "parked recvfrom in text:\n" + "".join(lines))


@test
def log_options(backend):
    """-t/-tt/-ttt/-r, -T and the filter's classes, as strace prints them."""
    forms = {"t": r"\d\d:\d\d:\d\d ", "tt": r"\d\d:\d\d:\d\d\.\d{6} ", "ttt": r"\d{10}\.\d{6} ",
             "r": r" +\d+\.\d{6} "}
    path = os.path.join(TMP, "vlog-opts-%s.txt" % backend)
    for style, rx in forms.items():
        r = log_run("--log %s --log-timestamps %s --log-durations --log-filter %%file,served" % (path, style),
                    "cat /proc/net/dev", backend)
        check(r.returncode == 0, r.stderr)
        with open(path) as f:
            lines = [l.rstrip("\n") for l in f if l.startswith("[pid")]
        want = (r"^\[pid \d+\] %sopenat\(AT_FDCWD, \"/proc/net/dev\", O_RDONLY\) = \d+ <\d+\.\d{6}> "
                r"<model /proc/\d+/net/dev>$" % rx)
        check(len(lines) == 1 and re.match(want, lines[0]), "-%s: %s" % (style, lines))
    r = log_run("--log %s --log-filter %%network" % path, "ip -br link", backend)
    with open(path) as f:
        names = {m.group(1) for m in re.finditer(r"^\[pid \d+\] (\w+)\(", f.read(), re.M)}
    check(names and names <= {"socket", "bind", "getsockname", "setsockopt", "sendto", "sendmsg",
                              "recvmsg", "recvfrom"} and "recvmsg" in names, "%%network: %s" % names)
    r = log_run("--log %s --log-filter native" % path, "cat /proc/net/dev", backend)
    with open(path) as f:
        marks = {l.rsplit(" <", 1)[-1].split()[0].rstrip(">") for l in f if l.startswith("[pid")}
    check(marks == {"native"}, "native only: %s" % marks)


@test
def log_per_pid_and_summary(backend):
    """--log-per-pid as strace -ff (a file per thread, no prefix) and
    --log-summary as strace -c (with served and native columns)."""
    path = os.path.join(TMP, "vlog-ff-%s" % backend)
    for old in [p for p in os.listdir(TMP) if p.startswith(os.path.basename(path) + ".")]:
        os.unlink(os.path.join(TMP, old))
    r = log_run("--log %s --log-per-pid" % path, "sh -c 'cat /proc/net/dev >/dev/null; hostname'", backend)
    check(r.returncode == 0, r.stderr)
    files = sorted(p for p in os.listdir(TMP) if p.startswith(os.path.basename(path) + "."))
    check(len(files) >= 3, "one file per process: %s" % files)
    cat = None
    for name in files:
        with open(os.path.join(TMP, name)) as f:
            lines = f.read().splitlines()
        check(lines and not any(l.startswith("[pid") for l in lines), "%s: %s" % (name, lines[:2]))
        if any('"/proc/net/dev"' in l for l in lines):
            cat = lines
    check(cat and any(re.match(r'^openat\(AT_FDCWD, "/proc/net/dev", O_RDONLY\) = \d+ <model', l)
                      for l in cat), "cat's file: %s" % cat)
    r = log_run("--log-summary --log-filter %network", "ip -br link", backend)
    check(r.returncode == 0, r.stderr)
    table = [l for l in r.stderr.splitlines() if l and not l.startswith("veneer:")]
    check(table[0].split() == ["%", "time", "seconds", "usecs/call", "calls", "errors", "served",
                               "native", "syscall"], "header: %s" % table[:1])
    rows = {l.split()[-1]: l.split() for l in table[2:] if not l.startswith("-")}
    check("recvmsg" in rows and "total" in rows and "openat" not in rows, "rows: %s" % list(rows))
    calls, served, native = (int(rows["recvmsg"][i]) for i in (3, -3, -2))
    check(calls >= 2 and served == calls and native == 0, "recvmsg: %s" % rows["recvmsg"])
    total = rows["total"]
    check(int(total[3]) == sum(int(v[3]) for k, v in rows.items() if k != "total"), "total: %s" % total)
    import jsonschema
    with open(LOG_SCHEMA) as f:
        validator = jsonschema.Draft202012Validator(json.load(f))
    path = os.path.join(TMP, "vlog-summary-%s.json" % backend)
    r = log_run("--log %s --log-format json --log-summary" % path, "ip -br link", backend)
    with open(path) as f:
        objs = [json.loads(l) for l in f]
    check(len(objs) == 1 and "summary" in objs[0], "one summary object: %s" % objs)
    errs = list(validator.iter_errors(objs[0]))
    check(not errs, "summary does not validate: %s" % (errs[0].message if errs else ""))
