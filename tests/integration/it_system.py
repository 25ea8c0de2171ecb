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
    out = in_taskbox("sh -c 'sleep 3 & ps -e -o comm='", backend)
    check(out == "sh\nsleep\nps\n", "ps -e:\n" + out)
    out = in_taskbox("sh -c 'ps -ef | wc -l; ps aux | grep -c -v -e \"ps aux\" -e grep -e wc -e sh'", backend)
    check(out.split() == ["4", "1"], "ps -ef / ps aux list more than the sandbox:\n" + out)
    out = in_taskbox("sh -c 'sleep 2 & pgrep sleep >/dev/null && echo found; pgrep -c init || true'", backend)
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
    # suite running meanwhile: not compared)
    table = "sh -c 'mount | grep -v \" on /run/netns/\"; grep -vc \" /run/netns/\" /proc/self/mountinfo'"
    native = sh("ip netns exec %s %s" % (EMPTY.name, table)).stdout
    out = in_taskbox(table, backend)
    check(out == native, "mount differs:\n--- linux\n%s--- veneer\n%s" % (native, out))


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
    lines = [l.strip() for l in out.splitlines()]
    check(lines[:1] == ["sh()-+-pstree()"] and lines[1:] in (["|-sleep()", "`-tr()"], ["|-sleep()", "`-sh()"]),
          out)


@test
def proc_is_procfs(backend):
    """statfs/fstatfs of what the model serves say procfs, not the cover's tmpfs."""
    script = ("sh -c 'stat -f -c \"%T %t\" /proc /proc/self /proc/net/dev /proc/sys/kernel/hostname /; "
              "python3 -c \"import os; print(os.fstatvfs(os.open(\\\"/proc/meminfo\\\", 0)).f_namemax)\"'")
    native = sh("ip netns exec %s %s" % (EMPTY.name, script)).stdout
    out = in_taskbox(script, backend)
    check(out == native and out.startswith("proc 9fa0\n"), "--- linux\n%s--- veneer\n%s" % (native, out))
