# Processes and the machine (issue #5): the sandbox's own tasks only, and the
# CPUs, memory, host name and age the scenario declares. Runs inside
# integration.py (see its "more tests" section).

TASKBOX = None


def taskbox():
    global TASKBOX
    if TASKBOX is None:
        TASKBOX = os.path.join(TMP, "taskbox.json")
        with open(TASKBOX, "w") as f:
            json.dump({"hostname": "taskbox", "cpus": 3, "memory_kb": 3 * 1024 * 1024}, f)
    return TASKBOX


def in_taskbox(cmd, backend):
    r = veneer(cmd, backend, scenario=taskbox())
    check(r.returncode == 0, "%s: exit %d: %s" % (cmd, r.returncode, r.stderr))
    return r.stdout


@test
def ps_sees_only_the_sandbox(backend):
    # (once the sleep has exec'd: before, the forked child is still "sh")
    out = in_taskbox("sh -c 'sleep 3 & until [ \"$(cat /proc/$!/comm)\" = sleep ]; do :; done; "
                     "ps -e -o comm='", backend)
    check(out == "sh\nsleep\nps\n", "ps -e:\n" + out)
    out = in_taskbox("sh -c 'ps -ef | wc -l; ps aux | grep -c -v -e \"ps aux\" -e grep -e wc -e sh'", backend)
    check(out.split() == ["4", "1"], "ps -ef / ps aux list more than the sandbox:\n" + out)
    out = in_taskbox("sh -c 'sleep 2 & until [ \"$(cat /proc/$!/comm)\" = sleep ]; do :; done; "
                     "pgrep sleep >/dev/null && echo found; pgrep -c init || true'", backend)
    check(out == "found\n0\n", out)


@test
def the_machine_is_the_models(backend):
    out = in_taskbox("sh -c 'free -k | sed -n 2p; grep -c ^processor /proc/cpuinfo; nproc; "
                     "uname -n; hostname; cat /proc/sys/kernel/hostname'", backend)
    lines = out.splitlines()
    check(lines[0].split()[1] == str(3 * 1024 * 1024), "free total:\n" + out)
    check(lines[1:] == ["3", "3", "taskbox", "taskbox", "taskbox"], out)


@test
def uptime_and_top_work(backend):
    out = in_taskbox("sh -c 'cat /proc/uptime; uptime; top -b -n 1 | head -3'", backend)
    up = float(out.split()[0])
    check(0 <= up < 60, "the sandbox has just started:\n" + out)
    check(" up 0 min," in out and "Tasks:" in out and "load average: 0.00, 0.00, 0.00" in out, out)


PSUTIL_PROBE = r'''
import os, psutil
print(psutil.virtual_memory().total, len(os.sched_getaffinity(0)), os.cpu_count(), psutil.cpu_count())
print(sorted(psutil.pids()) == sorted(p.pid for p in psutil.process_iter()), os.getpid() in psutil.pids())
print(len(psutil.pids()) <= 2, psutil.Process().memory_info().rss > 0)
'''


@test
def psutil_agrees(backend):
    path = os.path.join(TMP, "psutil_probe.py")
    with open(path, "w") as f:
        f.write(PSUTIL_PROBE)
    out = in_taskbox("/usr/bin/python3 " + path, backend)
    check(out == "%d 3 3 3\nTrue True\nTrue True\n" % (3 * 1024 ** 3), out)


@test
def hostname_needs_the_models_capability(backend):
    r = veneer("sh -c 'hostname other; echo $?; hostname'", backend, scenario=taskbox())
    # hostname(1) says "you must be root", as for an unprivileged user
    check(r.stdout == "1\ntaskbox\n" and r.stderr.startswith("hostname:"), r.stdout + r.stderr)
    r = subprocess.run("ip netns exec %s %s run --backend %s --scenario %s --cap CAP_SYS_ADMIN -- "
                       "sh -c 'hostname other; hostname; cat /proc/sys/kernel/hostname; uname -n'"
                       % (EMPTY.name, VENEER, backend, taskbox()), shell=True, capture_output=True, text=True)
    if "not available" in r.stderr:
        raise Skip("backend %s not built" % backend)
    check(r.stdout == "other\nother\nother\n", r.stdout + r.stderr)
    check(subprocess.run("hostname", capture_output=True, text=True).stdout.strip() != "other",
          "the host's name changed")


@test
def no_trace_of_veneer_in_the_tasks_files(backend):
    """status says no tracer, no seccomp; the mount table is the host's."""
    out = in_taskbox("sh -c 'grep -E \"^(State|TracerPid|Seccomp|Seccomp_filters|CapEff):\" /proc/self/status'",
                     backend)
    check(out == "State:\tR (running)\nTracerPid:\t0\nCapEff:\t0000000000000000\n"
                 "Seccomp:\t0\nSeccomp_filters:\t0\n", out)
    # (the mounts of /run/netns/* come and go with the other parts of the
    # suite running meanwhile: not compared; those below /sys are hidden by
    # the model's /sys, listed as the cgroup2 mount it serves)
    table = ("sh -c 'mount | grep -v -e \" on /run/netns/\" -e \" on /sys/\"; "
             "grep -v -e \" /run/netns/\" -e \" /sys/\" -c /proc/self/mountinfo'")
    native = sh("ip netns exec %s %s" % (EMPTY.name, table)).stdout
    out = in_taskbox(table, backend)
    check(out == native, "mount differs:\n--- linux\n%s--- veneer\n%s" % (native, out))
    out = in_taskbox("sh -c 'mount | grep \" on /sys/\"'", backend)
    check(out == "cgroup2 on /sys/fs/cgroup type cgroup2 "
                 "(ro,nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot)\n", out)


@test
def task_writes_read_back(backend):
    """comm and oom_score_adj writes reach the task (its own files, natively)."""
    script = "sh -c 'echo newname > /proc/self/comm; cat /proc/$$/comm; " \
             "echo 500 > /proc/self/oom_score_adj; cat /proc/$$/oom_score_adj'"
    native = sh("ip netns exec %s %s" % (EMPTY.name, script)).stdout
    out = in_taskbox(script, backend)
    check(out == native == "newname\n\n500\n", "linux %r, veneer %r" % (native, out))
    # pstree of the shell: itself and its two children, nothing of the host
    # (once the sleep has exec'd: before, a forked child is still "sh")
    out = in_taskbox("sh -c 'sleep 5 & until [ \"$(cat /proc/$!/comm)\" = sleep ]; do :; done; "
                     "pstree -p $$ | tr -d 0-9; kill $!'", backend)
    # (the pipe's tr, or the subshell that becomes it, may not be forked
    # yet when pstree reads /proc: it is optional)
    names = re.findall(r"([a-z]+)\(\)", out)
    check(out.startswith("sh()-+-pstree()") and {"sh", "pstree", "sleep"} <= set(names) <=
          {"sh", "pstree", "sleep", "tr"} and len(names) <= 4, out)


@test
def proc_is_procfs(backend):
    """statfs/fstatfs of what the model serves say procfs, not the cover's tmpfs."""
    script = ("sh -c 'stat -f -c \"%T %t\" /proc /proc/self /proc/net/dev /proc/sys/kernel/hostname /; "
              "python3 -c \"import os; print(os.fstatvfs(os.open(\\\"/proc/meminfo\\\", 0)).f_namemax)\"'")
    native = sh("ip netns exec %s %s" % (EMPTY.name, script)).stdout
    out = in_taskbox(script, backend)
    check(out == native and out.startswith("proc 9fa0\n"), "--- linux\n%s--- veneer\n%s" % (native, out))


# ---- the rest of /proc (issue #12): the model's machine, nothing of the host's

import re

ONEBOX = None
ONEBOX_CMDLINE = "BOOT_IMAGE=/boot/vmlinuz-6.18.0-onebox root=/dev/vda1 ro quiet"
REST_OF_PROC = ["cmdline", "filesystems", "partitions", "diskstats", "interrupts", "softirqs",
                "schedstat", "pressure/cpu", "pressure/memory", "pressure/io", "zoneinfo",
                "buddyinfo", "meminfo", "vmstat", "sys/kernel/random/boot_id",
                "sys/kernel/random/uuid", "sys/kernel/random/entropy_avail",
                "sys/kernel/random/poolsize", "sys/fs/file-max", "sys/fs/file-nr",
                "sys/fs/nr_open", "sys/fs/inotify/max_user_instances",
                "sys/fs/inotify/max_user_watches", "sys/fs/inotify/max_queued_events",
                "sys/vm/overcommit_memory", "sys/vm/swappiness", "sys/vm/max_map_count",
                "sys/vm/min_free_kbytes"]


def onebox():
    global ONEBOX
    if ONEBOX is None:
        ONEBOX = os.path.join(TMP, "onebox.json")
        with open(ONEBOX, "w") as f:
            json.dump({"hostname": "onebox", "cpus": 1, "memory_kb": 1024 * 1024,
                       "kernel": {"cmdline": ONEBOX_CMDLINE}}, f)
    return ONEBOX


def cat_rest_of_proc(backend):
    """{file: its bytes} as `cat` prints them under veneer with the onebox."""
    script = "sh -c 'for f in %s; do echo \"==> $f\"; cat /proc/$f || echo \"FAILED $f\"; done'" \
             % " ".join(REST_OF_PROC)
    r = veneer(script, backend, scenario=onebox())
    check(r.returncode == 0 and "FAILED" not in r.stdout, r.stdout + r.stderr)
    files = {}
    for part in r.stdout.split("==> ")[1:]:
        name, _, body = part.partition("\n")
        files[name] = body
    check(sorted(files) == sorted(REST_OF_PROC), "files read: %s" % sorted(files))
    return files


def number(text, key):
    for line in text.splitlines():
        f = line.replace(":", " ").split()
        if f and f[0] == key:
            return int(f[1])
    raise AssertionError("no %s in:\n%s" % (key, text))


@test
def the_rest_of_proc_is_the_models(backend):
    """cmdline, vmstat, zoneinfo, interrupts ... agree with a 1-CPU, 1 GiB model."""
    f = cat_rest_of_proc(backend)
    check(f["cmdline"] == ONEBOX_CMDLINE + "\n", f["cmdline"])
    check(f["interrupts"].splitlines()[0].split() == ["CPU0"], f["interrupts"])
    check(all([t for t in l.split(":")[1].split() if t.isdigit()] == ["0"]
              for l in f["interrupts"].splitlines()[1:]), f["interrupts"])
    check(f["softirqs"].splitlines()[0].split() == ["CPU0"]
          and all(l.split() == [l.split()[0], "0"] for l in f["softirqs"].splitlines()[1:]),
          f["softirqs"])
    lines = f["schedstat"].splitlines()
    check(lines[0] == "version 17" and [l.split()[0] for l in lines[2:]] == ["cpu0"], f["schedstat"])
    for p in ("cpu", "memory", "io"):
        check(f["pressure/" + p] == "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
                                    "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n", f["pressure/" + p])
    # no block device: Linux prints both empty
    check(f["partitions"] == "" and f["diskstats"] == "", f["partitions"] + f["diskstats"])
    check("nodev\tproc\n" in f["filesystems"] and "\text4\n" in f["filesystems"], f["filesystems"])
    # memory: the same free pages in meminfo, vmstat, zoneinfo and buddyinfo (read by
    # different cat processes: the sandbox's resident memory moves a little)
    total, free_kb = number(f["meminfo"], "MemTotal"), number(f["meminfo"], "MemFree")
    check(total == 1024 * 1024, f["meminfo"])
    free_pages = number(f["vmstat"], "nr_free_pages")
    check(abs(free_pages - free_kb // 4) <= 256, "vmstat nr_free_pages %d, meminfo MemFree %d kB"
          % (free_pages, free_kb))
    zi = f["zoneinfo"].splitlines()
    managed = sum(int(l.split()[1]) for l in zi if l.split()[:1] == ["managed"])
    zfree = sum(int(l.split()[2]) for l in zi if l.split()[:2] == ["pages", "free"])
    check(managed * 4 == total and abs(zfree - free_pages) <= 256, f["zoneinfo"])
    check([l.split()[1] for l in zi if l.strip().startswith("cpu:")] == ["0", "0"], "one CPU per zone")
    bfree = sum(sum(int(n) << o for o, n in enumerate(l.split()[4:])) for l in f["buddyinfo"].splitlines())
    check(abs(bfree - free_pages) <= 256, f["buddyinfo"])
    # a fresh boot of 1 GiB
    want = {"sys/fs/file-max": "104857\n", "sys/fs/file-nr": "0\t0\t104857\n",
            "sys/fs/nr_open": "1048576\n", "sys/fs/inotify/max_user_instances": "128\n",
            "sys/fs/inotify/max_user_watches": "8192\n", "sys/fs/inotify/max_queued_events": "16384\n",
            "sys/vm/overcommit_memory": "0\n", "sys/vm/swappiness": "60\n",
            "sys/vm/max_map_count": "65530\n", "sys/vm/min_free_kbytes": "45056\n",
            "sys/kernel/random/entropy_avail": "256\n", "sys/kernel/random/poolsize": "256\n"}
    for k, v in want.items():
        check(f[k] == v, "%s: %r, not %r" % (k, f[k], v))
    uuid = "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\n$"
    check(re.match(uuid, f["sys/kernel/random/boot_id"]) and re.match(uuid, f["sys/kernel/random/uuid"]),
          f["sys/kernel/random/boot_id"] + f["sys/kernel/random/uuid"])
    # the boot id is the model's: the same at the next run; uuid is new at each read
    r = veneer("sh -c 'cat /proc/sys/kernel/random/boot_id /proc/sys/kernel/random/uuid'", backend,
               scenario=onebox())
    again = r.stdout.splitlines()
    check(again[0] + "\n" == f["sys/kernel/random/boot_id"] and again[1] + "\n" != f["sys/kernel/random/uuid"],
          r.stdout)
    # nothing of the host: its command line, boot id, host name
    with open("/proc/cmdline") as h:
        host_cmdline = h.read().strip()
    with open("/proc/sys/kernel/random/boot_id") as h:
        host_boot_id = h.read().strip()
    host_name = os.uname().nodename
    # (a short host name may be a word of the formats themselves, as "vm" is
    # in zoneinfo's "vm stats threshold": then only as a value, a whole line
    # or after "=")
    word = r"(?<![\w.-])%s(?![\w.-])" % re.escape(host_name)
    if len(host_name) < 6:
        word = r"(^%s$|=%s(?![\w.-]))" % (re.escape(host_name), re.escape(host_name))
    for name, text in f.items():
        check(host_cmdline not in text and host_boot_id not in text, "%s has the host's:\n%s" % (name, text))
        check(not re.search(word, text, re.M), "%s names the host %s:\n%s" % (name, host_name, text))


@test
def the_kernels_identity_from_a_snapshot(backend):
    """A snapshot keeps the command line and boot id: served as Linux shows them."""
    cmd = "cat /proc/cmdline /proc/sys/kernel/random/boot_id"
    snap = os.path.join(TMP, "identity.json")
    with open(snap, "w") as f:
        f.write(sh("ip netns exec %s %s snapshot" % (EMPTY.name, VENEER)).stdout)
    native = sh("ip netns exec %s %s" % (EMPTY.name, cmd)).stdout
    r = veneer(cmd, backend, scenario=snap)
    check(r.stdout == native, "--- linux\n%s--- veneer\n%s%s" % (native, r.stdout, r.stderr))


@test
def default_sized_tmpfs_is_the_models_half(backend):
    """A tmpfs mounted with the kernel's default size (half of the RAM, as
    /dev/shm usually is) shows half of the model's memory, what is used
    kept; one mounted with a size of its own keeps it."""
    scen = os.path.join(TMP, "mem3g.json")
    with open(scen, "w") as f:
        f.write('{"memory_kb": 3145728}')
    script = ("mkdir -p /tmp/vt-shm-$$ /tmp/vt-sized-$$ && mount -t tmpfs none /tmp/vt-shm-$$ && "
              "mount -t tmpfs -o size=5m none /tmp/vt-sized-$$ && head -c 8192 /dev/zero > /tmp/vt-shm-$$/f && "
              "%s run --backend %s --scenario %s -- /usr/bin/python3 -c \"import os; "
              "a = os.statvfs('/tmp/vt-shm-$$'); b = os.statvfs('/tmp/vt-sized-$$'); "
              "print(a.f_blocks * a.f_frsize, a.f_bfree * a.f_frsize, a.f_files, b.f_blocks * b.f_frsize)\"; "
              "umount /tmp/vt-shm-$$ /tmp/vt-sized-$$; rmdir /tmp/vt-shm-$$ /tmp/vt-sized-$$"
              % (VENEER, backend, scen))
    r = subprocess.run(["ip", "netns", "exec", EMPTY.name, "unshare", "-m", "sh", "-c", script],
                       capture_output=True, text=True, timeout=120)
    half = 3145728 * 1024 // 2
    check(r.stdout.split() == [str(half), str(half - 8192), str(half // 4096), str(5 * 1024 * 1024)],
          r.stdout + r.stderr)


# ---- what issue #12's "done when" names: iostat's CPU count, htop's uptime

@test
def iostat_counts_the_models_cpus(backend):
    """iostat (sysstat) reads /proc/stat and /sys/devices/system/cpu."""
    if not shutil.which("iostat"):
        raise Skip("no iostat (sysstat)")
    out = in_taskbox("iostat -c", backend)
    check(re.search(r"^Linux \S+ \(taskbox\) .*\(3 CPU\)$", out, re.M), out)
    check(re.search(r"avg-cpu:", out), out)


@test
def htop_shows_the_sandboxs_uptime(backend):
    """htop reads /proc/uptime (floor: the first second is "(unknown)", as
    on any machine that young) and the model's memory; it needs a tty: script."""
    if not shutil.which("htop") or not shutil.which("script"):
        raise Skip("no htop or script")
    out = in_taskbox("env TERM=xterm COLUMNS=120 LINES=30 script -qec "
                     "'sleep 1.2; timeout --foreground 1 htop; cat /proc/uptime' /dev/null", backend)
    text = re.sub(r"\x1b([\[(][0-9;?]*[a-zA-Z]?|[=>])", "", out)
    up = re.findall(r"Uptime: ([0-9:]+|\(unknown\))", text)
    mem = re.findall(r"Mem\[\|*([0-9.]+[KMG])/([0-9.]+G)\]", text)
    last = float(text.strip().splitlines()[-1].split()[0])
    check(up and up[-1].startswith("00:00:0") and 1 <= int(up[-1][-2:]) <= int(last), text[-2000:])
    check(mem and mem[-1][1] == "3.00G", text[-2000:])
