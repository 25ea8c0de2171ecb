#!/usr/bin/env python3
"""The escape suite: hostile programs run under veneer (issues 19 and 10).

Each program in this directory reproduces one attack and prints one verdict
line: `HELD <why>` (exit 0), `ESCAPED <what it got>` (1), `SETUP <why>` (2)
or `SKIP <why>` (77). This runner runs each under `veneer run --backend B`
for each backend and decides from evidence, not from the program alone.

Before each case it makes canaries:
  * a canary file, root, mode 0600 (0644 when veneer runs as nobody: the
    rewind race needs a read-only fd of it), known content and a trusted.*
    xattr;
  * a canary directory owned by nobody (root when veneer runs as nobody:
    someone the program is not; the program, without capabilities,
    cannot write it) with two entries;
  * a canary process, `sleep 1000` started here, outside veneer, as root,
    whose stdin is a secret file deleted right after (only the process's fd
    reaches it);
and it knows the host's hostname, interfaces and addresses (`ip -br`),
which every program gets to compare what it reads with. The model is a
scenario with another hostname, other interface names and MACs.

A case fails if the program says ESCAPED (or SETUP), if it gives no verdict
in time (the supervisor hung), if the canary file or directory changed or
the canary process died, or if veneer crashed (exit status >= 128, or a
sanitizer report on stderr). Special starts are made here: cwd in /proc/net,
an inherited host netlink socket and /proc fd, RLIMIT_NOFILE 4096 for the
many-sockets case, pid reuse for the stale task directory (ns_last_pid), a
writer for the FIFO once the FIFO case has said its verdict.

Output is TAP. Run as root.
Usage: run_escapes.py VENEER PROGRAM... (the escape programs, found by name)
Each program gets key=value arguments: canary_pid, canary_file,
canary_content, canary_dir, secret_content, xattr_name, xattr_value, fifo,
tmpdir, host_hostname, host_ifaces (name@mac,... without lo), host_addrs,
host_pids, host_uffd, veneer_pid, and its case's own.
Environment: VENEER_BACKENDS (default "notify ptrace"), ESCAPE_FILTER (a
substring of the case names to run).
"""
import json
import os
import queue
import random
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time

VENEER = os.path.abspath(sys.argv[1])
PROGS = {os.path.basename(p): os.path.abspath(p) for p in sys.argv[2:]}
BACKENDS = os.environ.get("VENEER_BACKENDS", "notify ptrace").split()
FILTER = os.environ.get("ESCAPE_FILTER", "")
# ESCAPE_AS_NOBODY=1: veneer is started by nobody (an ordinary user: it
# makes a user namespace of its own), the canaries stay root's.
AS_NOBODY = os.environ.get("ESCAPE_AS_NOBODY") == "1"
NOBODY = 65534
XATTR = "trusted.veneer_canary"
SANITIZER = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
             "ERROR: ThreadSanitizer", "ERROR: MemorySanitizer")
VERDICT_CODE = {"HELD": 0, "ESCAPED": 1, "SETUP": 2, "SKIP": 77}


class Case:
    def __init__(self, name, prog=None, args=(), timeout=30, cwd=None, inherit=False,
                 nofile=None, reuse=False, fifo=False, refusal_ok=False):
        self.name = name
        self.prog = prog or name
        self.args = list(args)
        self.timeout = timeout
        self.cwd = cwd
        self.inherit = inherit
        self.nofile = nofile
        self.reuse = reuse
        self.fifo = fifo
        self.refusal_ok = refusal_ok


CASES = [
    Case("stage_swap_procfs", "stage_swap", ["target=procfs"]),
    Case("stage_swap_hostdir", "stage_swap", ["target=hostdir"]),
    Case("forged_memfd"),
    Case("rewind_race"),
    Case("kill_host"),
    Case("cwd_in_proc", cwd="/proc/net", refusal_ok=True),
    Case("inherited_fds", inherit=True, refusal_ok=True),
    Case("own_seccomp_listener"),
    Case("i386_olduname"),
    Case("own_socket_ifaces"),
    Case("many_netlink_sockets", args=["procs=10", "socks=1000"], nofile=4096, timeout=120),
    Case("untraced_clone_tracer"),
    Case("stale_task_dir", args=["reuse=1"], reuse=True),
    Case("xattr_privilege"),
    Case("uffd_stall"),
    Case("sendmsg_iov_overflow"),
    Case("opath_hang"),
    Case("fifo_block", fifo=True),
    Case("rcvtimeo"),
    Case("low_nofile_netlink"),
]


def sh(cmd):
    return subprocess.run(cmd, shell=True, capture_output=True, text=True, check=True).stdout


# ---------------------------------------------------------------- the host

def host_facts():
    """What the host shows, from its own `ip -br` (never guessed)."""
    ifaces, addrs = [], []
    for line in sh("ip -br link").splitlines():
        f = line.split()
        if len(f) < 3 or f[0] == "lo":
            continue
        mac = f[2] if f[2].count(":") == 5 else ""
        ifaces.append("%s@%s" % (f[0].split("@")[0], mac))
    for line in sh("ip -br addr").splitlines():
        for a in line.split()[2:]:
            a = a.split("/")[0]
            if a not in ("127.0.0.1", "::1"):
                addrs.append(a)
    try:
        uffd = stat.S_ISCHR(os.stat("/dev/userfaultfd").st_mode)
    except OSError:
        uffd = False
    return {"host_hostname": socket.gethostname(),
            "host_ifaces": ",".join(ifaces) or "none@",
            "host_addrs": ",".join(addrs) or "none",
            # host processes the sandbox must not see as its parent, session
            # or group: this runner, its session and group (veneer's own pid
            # is added at its start, as veneer_pid)
            "host_pids": "%d,%d,%d" % (os.getpid(), os.getsid(0), os.getpgrp()),
            "host_uffd": "1" if uffd else "0"}


def write_scenario(path, host):
    """A model that shares nothing with the host: hostname, link name, MAC."""
    hostname = "veneer-escape-model"
    if hostname == host["host_hostname"]:
        hostname += "-2"
    name, mac = "mdl0", "02:00:5e:00:53:01"
    taken = host["host_ifaces"]
    if ("%s@" % name) in taken or mac in taken:
        name, mac = "mdl9", "02:00:5e:00:53:09"
    scn = {
        "hostname": hostname,
        "links": [
            {"ifindex": 1, "ifname": "lo", "flags": ["LOOPBACK", "UP", "LOWER_UP"],
             "link_type": "loopback",
             "addr_info": [{"family": "inet", "local": "127.0.0.1", "prefixlen": 8, "scope": "host"}]},
            {"ifindex": 2, "ifname": name, "flags": ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"],
             "address": mac,
             "addr_info": [{"family": "inet", "local": "198.51.100.7", "prefixlen": 24,
                            "broadcast": "198.51.100.255"}]}],
        "routes": [{"dst": "default", "gateway": "198.51.100.1", "dev": name}],
    }
    with open(path, "w") as f:
        json.dump(scn, f)


# ---------------------------------------------------------------- canaries

class Canaries:
    """A canary file, directory and process, made fresh for each case."""

    def __init__(self, top):
        self.dir = tempfile.mkdtemp(prefix="case-", dir=top)
        os.chmod(self.dir, 0o755)   # nobody's runs start here
        tag = "%08x" % random.getrandbits(32)
        self.file = os.path.join(self.dir, "canary")
        self.content = "veneer-escape-canary-" + tag
        self.xattr_value = "trusted-canary-" + tag
        with open(self.file, "w") as f:
            f.write(self.content + "\n")
        os.chmod(self.file, self.file_mode())
        os.chown(self.file, 0, 0)
        self.xattr_ok = True
        try:
            os.setxattr(self.file, XATTR, self.xattr_value.encode())
        except OSError:
            self.xattr_ok = False   # a filesystem without trusted.*
        self.cdir = os.path.join(self.dir, "canary-dir")
        os.mkdir(self.cdir, 0o755)
        for n in ("keep-a", "keep-b"):
            with open(os.path.join(self.cdir, n), "w") as f:
                f.write(n)
            os.chown(os.path.join(self.cdir, n), self.cdir_owner(), self.cdir_owner())
        os.chown(self.cdir, self.cdir_owner(), self.cdir_owner())
        self.cdir_entries = sorted(os.listdir(self.cdir))
        secret = os.path.join(self.dir, "secret")
        self.secret = "veneer-escape-secret-" + tag
        with open(secret, "w") as f:
            f.write(self.secret + "\n")
        os.chmod(secret, 0o600)
        with open(secret) as s:
            self.proc = subprocess.Popen(["sleep", "1000"], stdin=s, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)
        os.unlink(secret)
        self.fifo = os.path.join(self.dir, "fifo")
        os.mkfifo(self.fifo, 0o666)

    @staticmethod
    def file_mode():
        """Root's, not writable by the program; readable by nobody, whose
        read-only fd of it the rewind race needs."""
        return 0o644 if AS_NOBODY else 0o600

    @staticmethod
    def cdir_owner():
        """Someone the program is not: nobody under root, root under nobody."""
        return 0 if AS_NOBODY else NOBODY

    def args(self):
        return ["canary_pid=%d" % self.proc.pid, "canary_file=" + self.file,
                "canary_content=" + self.content, "canary_dir=" + self.cdir,
                "secret_content=" + self.secret, "xattr_name=" + XATTR,
                "xattr_value=" + self.xattr_value, "fifo=" + self.fifo, "tmpdir=" + self.dir]

    def damage(self):
        """What happened to the canaries, as a list of sentences."""
        bad = []
        try:
            st = os.lstat(self.file)
            with open(self.file) as f:
                now = f.read()
            if now != self.content + "\n":
                bad.append("canary file content changed to %r" % now[:80])
            if not stat.S_ISREG(st.st_mode) or stat.S_IMODE(st.st_mode) != self.file_mode() or st.st_uid != 0:
                bad.append("canary file mode/owner changed: %o uid %d" % (st.st_mode, st.st_uid))
            if self.xattr_ok and os.getxattr(self.file, XATTR) != self.xattr_value.encode():
                bad.append("canary file's %s changed" % XATTR)
        except OSError as e:
            bad.append("canary file: %s" % e)
        try:
            st = os.lstat(self.cdir)
            now = sorted(os.listdir(self.cdir))
            if now != self.cdir_entries:
                bad.append("canary directory entries changed: %s -> %s" % (self.cdir_entries, now[:20]))
            if not stat.S_ISDIR(st.st_mode) or st.st_uid != self.cdir_owner() or \
               stat.S_IMODE(st.st_mode) != 0o755:
                bad.append("canary directory mode/owner changed")
        except OSError as e:
            bad.append("canary directory: %s" % e)
        if self.proc.poll() is not None:
            bad.append("canary process %d died (status %s)" % (self.proc.pid, self.proc.returncode))
        return bad

    def remove(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


# ---------------------------------------------------------------- special starts

def reuse_pid(pid, victims):
    """Make the host's next process get `pid` (ns_last_pid) and start a
    sleep there, outside veneer. Returns what to tell the program."""
    if os.path.exists("/proc/%d" % pid):
        # the program's dead child has a number a live host process holds:
        # the sandbox has a pid namespace of its own
        return "go (no pid reuse: host pid %d is another process, the sandbox's pids are its own)" % pid
    for _ in range(50):
        try:
            with open("/proc/sys/kernel/ns_last_pid", "w") as f:
                f.write(str(pid - 1))
        except OSError as e:
            return "go (no pid reuse: ns_last_pid: %s)" % e.strerror
        v = subprocess.Popen(["sleep", "1000"], stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if v.pid == pid:
            victims.append(v)
            return "go (pid %d reused by a host sleep)" % pid
        v.kill()
        v.wait()
    return "go (pid %d not reused)" % pid


def unblock_fifo(path, stop):
    """Open the FIFO for writing until told to stop: frees whoever waits in
    an open for reading (the supervisor, or the program's own child)."""
    while not stop.is_set():
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass
        stop.wait(0.2)


def run_case(case, backend, scenario, host, top):
    """Run one case; returns (status, lines): status 'ok', 'fail' or 'skip'."""
    can = Canaries(top)
    prog = PROGS.get(case.prog)
    if not prog:
        can.remove()
        return "fail", ["program %s was not given to the runner" % case.prog]
    args = can.args() + ["%s=%s" % kv for kv in sorted(host.items())] + case.args
    keep = []
    pass_fds = ()
    if case.inherit:
        nl = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
        pfd = os.open("/proc", os.O_RDONLY | os.O_DIRECTORY)
        keep = [nl, pfd]
        pass_fds = (nl.fileno(), pfd)
        args += ["nl_fd=%d" % nl.fileno(), "proc_fd=%d" % pfd]

    def preexec():
        if case.nofile:
            import resource
            resource.setrlimit(resource.RLIMIT_NOFILE, (case.nofile, case.nofile))

    # through sh, whose exec keeps its pid: the program learns veneer's.
    # A program built with the sanitizers (build-asan) runs without
    # LeakSanitizer, which cannot work in a traced process; veneer keeps it.
    cmd = ["/bin/sh", "-c", 'exec "$0" "$@" veneer_pid=$$',
           VENEER, "run", "--backend", backend, "--scenario", scenario, "--",
           "env", "ASAN_OPTIONS=detect_leaks=0", prog] + args
    if AS_NOBODY:
        cmd = ["setpriv", "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY, "--clear-groups", "--"] + cmd
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE if case.reuse else subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         cwd=case.cwd or can.dir, pass_fds=pass_fds, preexec_fn=preexec,
                         start_new_session=True)
    for k in keep:
        k.close() if hasattr(k, "close") else os.close(k)
    lines = queue.Queue()
    err_chunks = []
    t_out = threading.Thread(target=lambda: [lines.put(l) for l in p.stdout] + [lines.put(None)])
    t_err = threading.Thread(target=lambda: err_chunks.append(p.stderr.read()))
    t_out.start()
    t_err.start()

    out, victims, verdict = [], [], None
    stop_fifo = threading.Event()
    fifo_thread = None
    deadline = time.monotonic() + case.timeout
    fifo_at = time.monotonic() + 8
    hung = False
    eof = False
    while not eof:
        now = time.monotonic()
        if now > deadline:
            hung = True
            break
        if case.fifo and fifo_thread is None and (verdict or now > fifo_at):
            fifo_thread = threading.Thread(target=unblock_fifo, args=(can.fifo, stop_fifo))
            fifo_thread.start()
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            continue
        if line is None:
            eof = True
            break
        line = line.rstrip("\n")
        out.append(line)
        word = line.split(" ", 1)[0]
        if word in VERDICT_CODE:
            verdict = line
        elif case.reuse and word == "REUSE":
            answer = reuse_pid(int(line.split()[1]), victims)
            p.stdin.write(answer + "\n")
            p.stdin.flush()
    if case.fifo and fifo_thread is None:
        fifo_thread = threading.Thread(target=unblock_fifo, args=(can.fifo, stop_fifo))
        fifo_thread.start()
    rc = None
    if not hung:
        try:
            rc = p.wait(timeout=max(1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            hung = True
    if hung:
        try:
            os.killpg(p.pid, 9)
        except ProcessLookupError:
            pass
        rc = p.wait()
    else:
        try:   # what the program left behind in its group
            os.killpg(p.pid, 9)
        except ProcessLookupError:
            pass
    stop_fifo.set()
    if fifo_thread:
        fifo_thread.join()
    t_out.join()
    t_err.join()
    if p.stdin:
        p.stdin.close()
    stderr = "".join(err_chunks)
    damage = can.damage()
    for v in victims:
        if v.poll() is not None:
            damage.append("pid-reuse victim %d died" % v.pid)
        v.kill()
        v.wait()
    can.remove()

    diag = []
    if verdict:
        diag.append(verdict)
    else:
        diag += ["stdout: " + l for l in out[-5:]]
    status = "ok"
    if hung:
        status = "fail"
        diag.append("hang: no end in %d s (veneer killed)" % case.timeout)
    elif rc < 0 or rc >= 128:
        status = "fail"
        diag.append("crash: veneer exit status %d" % (rc if rc >= 0 else 128 - rc))
    if any(s in stderr for s in SANITIZER):
        status = "fail"
        diag.append("sanitizer report on stderr")
    if damage:
        status = "fail"
        diag += damage
    word = verdict.split(" ", 1)[0] if verdict else None
    if status == "ok":
        if word is None:
            if case.refusal_ok and rc == 2 and stderr.startswith("veneer:"):
                diag.append("veneer refused to start: " + stderr.splitlines()[0])
            else:
                status = "fail"
                diag.append("no verdict (exit status %s)" % rc)
        elif VERDICT_CODE[word] != rc:
            status = "fail"
            diag.append("exit status %s does not match the verdict" % rc)
        elif word == "SKIP":
            status = "skip"
        elif word != "HELD":
            status = "fail"
    if status == "fail" and stderr.strip():
        errlines = stderr.strip().splitlines()
        san = [l for l in errlines if "ERROR:" in l or "SUMMARY:" in l or "runtime error:" in l]
        if san:   # the sanitizer's own headline, and where it happened
            first = errlines.index(san[0])
            errlines = san[:1] + [l for l in errlines[first + 1:first + 12] if l.strip().startswith("#")] + san[1:]
        diag += ["stderr: " + l for l in errlines[-12:]]
    return status, diag


# ---------------------------------------------------------------- main

def main():
    if os.geteuid() != 0:
        print("1..0 # SKIP the escape suite needs root")
        return 0
    if AS_NOBODY and subprocess.run(["setpriv", "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY,
                                     "--clear-groups", "--", "unshare", "-U", "true"]).returncode != 0:
        print("1..0 # SKIP this kernel lets no ordinary user make a user namespace")
        return 0
    host = host_facts()
    top = tempfile.mkdtemp(prefix="veneer-escape-")
    os.chmod(top, 0o755)
    if AS_NOBODY:
        # nobody may not reach the build directory (a checkout under
        # /root): veneer and the programs run from copies here
        global VENEER
        bin_dir = os.path.join(top, "bin")
        os.mkdir(bin_dir, 0o755)
        for name, path in [("veneer", VENEER)] + sorted(PROGS.items()):
            if not os.path.isfile(path):
                continue
            shutil.copy(path, os.path.join(bin_dir, name))
            os.chmod(os.path.join(bin_dir, name), 0o755)
            if name == "veneer":
                VENEER = os.path.join(bin_dir, name)
            else:
                PROGS[name] = os.path.join(bin_dir, name)
    scenario = os.path.join(top, "model.json")
    write_scenario(scenario, host)
    cases = [(c, b) for c in CASES for b in BACKENDS if FILTER in c.name]
    print("1..%d" % len(cases))
    print("# host: hostname %s, interfaces %s, addresses %s"
          % (host["host_hostname"], host["host_ifaces"], host["host_addrs"]))
    sys.stdout.flush()
    failed = 0
    for i, (c, b) in enumerate(cases, 1):
        name = "%s [%s]" % (c.name, b)
        try:
            status, diag = run_case(c, b, scenario, host, top)
        except Exception as e:   # the runner's own trouble: a failure, said
            status, diag = "fail", ["runner: %r" % e]
        if status == "skip":
            print("ok %d - %s # SKIP %s" % (i, name, diag[0].split(" ", 1)[1] if diag else ""))
        elif status == "ok":
            print("ok %d - %s" % (i, name))
        else:
            failed += 1
            print("not ok %d - %s" % (i, name))
        for d in diag:
            print("# " + d)
        sys.stdout.flush()
    shutil.rmtree(top, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
