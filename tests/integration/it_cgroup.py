# /sys/fs/cgroup (issue #12): the sandbox's own cgroup as a container with
# the model's CPUs and memory sees its cgroup namespace's root, found by
# runtimes as they find a real one (/proc/self/cgroup, mountinfo,
# /proc/cgroups), and compared with a real cgroup of this kernel. Runs
# inside integration.py (see its "more tests" section).

CG_FILES = r'''
import os, stat, sys
d = sys.argv[1]
for f in sorted(os.listdir(d)):
    p = os.path.join(d, f)
    st = os.lstat(p)
    if stat.S_ISDIR(st.st_mode):
        continue
    try:
        with open(p) as fh:
            data = fh.read()
        keys = " ".join(l.split()[0].split("=")[0] for l in data.splitlines() if l.split())
    except OSError:
        data, keys = None, "-"
    print("%s %o %s" % (f, stat.S_IMODE(st.st_mode), keys))
'''


def cg_files_cmd():
    path = os.path.join(TMP, "cg_files.py")
    if not os.path.exists(path):
        with open(path, "w") as f:
            f.write(CG_FILES)
    return "/usr/bin/python3 " + path


def cg_listing(text):
    """{file: (mode, keys)} of CG_FILES' output."""
    out = {}
    for line in text.splitlines():
        name, mode, keys = (line.split(" ", 2) + [""])[:3]
        out[name] = (mode, keys.split())
    return out


CG_BOX = None


def cgbox():
    global CG_BOX
    if CG_BOX is None:
        CG_BOX = os.path.join(TMP, "cgbox.json")
        with open(CG_BOX, "w") as f:
            json.dump({"cpus": 3, "memory_kb": 3 * 1024 * 1024}, f)
    return CG_BOX


@test
def cgroup_is_a_containers_root(backend):
    """The limits are the machine's, the tasks the sandbox's, found as a cgroup2 mount."""
    r = veneer("sh -c 'cd /sys/fs/cgroup; cat cpu.max memory.max cpuset.cpus.effective "
               "cpuset.mems.effective cgroup.type cgroup.controllers /proc/self/cgroup; "
               "stat -f -c %T /sys/fs/cgroup /sys/fs/cgroup/memory.max; "
               "grep \" /sys/fs/cgroup \" /proc/self/mountinfo | cut -d\" \" -f4,5,9-; "
               "grep cgroup /proc/mounts; echo $$; cat cgroup.procs; echo; cat pids.current; "
               "cat memory.current; grep -c \"^[a-z_]*\t0\t3\t1$\" /proc/cgroups'", backend,
               scenario=cgbox())
    check(r.returncode == 0, r.stderr)
    head = ("300000 100000\n3221225472\n0-2\n0\ndomain\ncpuset cpu io memory pids\n0::/\n"
            "cgroup2fs\ncgroup2fs\n/ /sys/fs/cgroup cgroup2 rw,nsdelegate,memory_recursiveprot\n"
            "cgroup2 /sys/fs/cgroup cgroup2 ro,nosuid,nodev,noexec,relatime,nsdelegate,"
            "memory_recursiveprot 0 0\n")
    check(r.stdout.startswith(head), "--- want\n%s--- veneer\n%s" % (head, r.stdout))
    rest = r.stdout[len(head):].split("\n")
    shell = rest[0]
    procs = rest[1:rest.index("")]
    current, mem, ncg = rest[rest.index("") + 1:rest.index("") + 4]
    # the shell and the cat that reads: nothing of the host, no veneer (pid 1)
    check(shell in procs and len(procs) == 2 and "1" not in procs, r.stdout)
    check(int(current) >= 2 and 0 < int(mem) < 3221225472 and ncg == "12", r.stdout)


@test
def runtimes_size_themselves_from_the_cgroup(backend):
    """The JVM finds cgroup v2 and the scenario's quota and memory limit."""
    if not shutil.which("java"):
        raise Skip("no java")
    box = os.path.join(TMP, "cgquota.json")
    with open(box, "w") as f:
        json.dump({"cpus": 4, "memory_kb": 4 * 1024 * 1024,
                   "cgroup": {"cpu_max": "150000 100000", "memory_max": "1G"}}, f)
    r = veneer("java -XshowSettings:system -version", backend, scenario=box)
    out = r.stdout + r.stderr
    for want in ("Provider: cgroupv2", "Effective CPU Count: 2", "CPU Quota: 150000us",
                 "Memory Limit: 1.00G"):
        check(want in out, "%s not in:\n%s" % (want, out))
    r = veneer("cat /sys/fs/cgroup/cpu.max /sys/fs/cgroup/memory.max /sys/fs/cgroup/cpuset.cpus.effective",
               backend, scenario=box)
    check(r.stdout == "150000 100000\n1073741824\n0-3\n", r.stdout + r.stderr)


def host_cgroup2():
    """The mount point of the host's unified hierarchy, or None."""
    with open("/proc/self/mountinfo") as f:
        for line in f:
            fields = line.split()
            sep = fields.index("-")
            if fields[sep + 1] == "cgroup2":
                return fields[4]
    return None


@test
def cgroup_files_as_a_real_cgroups(backend):
    """A child cgroup of this kernel with a task in it: every file it has that
    the model's delegation gives is there, with its mode and its keys."""
    mnt = host_cgroup2()
    if not mnt:
        raise Skip("no cgroup2 hierarchy mounted")
    child = os.path.join(mnt, "veneer-it-%d" % os.getpid())
    os.mkdir(child)
    task = None
    try:
        task = subprocess.Popen(["sleep", "30"])
        with open(os.path.join(child, "cgroup.procs"), "w") as f:
            f.write(str(task.pid))
        real = cg_listing(sh(cg_files_cmd() + " " + child).stdout)
        # a cgroup namespace made in it sees it as its root
        own = sh("sh -c 'echo $$ > %s/cgroup.procs; exec unshare -C cat /proc/self/cgroup'"
                 % child).stdout
    finally:
        if task:
            task.kill()
            task.wait()
        for _ in range(50):
            try:
                os.rmdir(child)
                break
            except OSError:
                time.sleep(0.1)
    r = veneer(cg_files_cmd() + " /sys/fs/cgroup", backend, scenario=cgbox())
    ours = cg_listing(r.stdout)
    r2 = veneer("cat /proc/self/cgroup", backend)
    # (a host with v1 hierarchies lists them too: /sys/fs/cgroup has none)
    unified = [l for l in own.splitlines(True) if l.startswith("0::")]
    check(r2.stdout == "".join(unified) == "0::/\n",
          "cgroup of a namespace's root: %r, veneer %r" % (own, r2.stdout))
    # the core files are there whatever the controllers; files of the
    # controllers the host delegates that veneer's delegation has too
    missing = [f for f in real if f.startswith("cgroup.") and f not in ours]
    check(not missing, "missing: %s" % missing)
    for f, (mode, keys) in real.items():
        if f not in ours or f == "cgroup.stat":   # its keys name the host's controllers
            continue
        check(ours[f][0] == mode, "%s: mode %s, Linux %s" % (f, ours[f][0], mode))
        # a keyed file has at least Linux's keys (with the cpu controller,
        # cpu.stat has more), in Linux's order
        if keys and keys != ["-"] and not keys[0].isdigit() and f not in ("cgroup.controllers",):
            got = [k for k in ours[f][1] if k in keys]
            check(got == keys, "%s: keys %s, Linux %s" % (f, ours[f][1], keys))
