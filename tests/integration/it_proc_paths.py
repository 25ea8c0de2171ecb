# Every way into /proc (issue #11): paths that reach it through symlinks
# outside it, magic links, O_PATH fds, exec, the fd directories, and
# signals through /proc/<pid> directory fds. Each is the same program run
# natively (in the empty namespace) and under veneer, compared.


import re
import shlex


def native_and_veneer(cmd, backend, stdin=None):
    want = sh("ip netns exec %s %s" % (EMPTY.name, cmd), check=False, input=stdin)
    got = veneer(cmd, backend, stdin=stdin)
    return want, got


def same_output(cmd, backend, stdin=None, normalize=None):
    want, got = native_and_veneer(cmd, backend, stdin)
    a, b = want.stdout + want.stderr, got.stdout + got.stderr
    if normalize:
        a, b = normalize(a), normalize(b)
    check((a, want.returncode) == (b, got.returncode) and a.strip(),
          "%s:\n--- linux (exit %d)\n%s--- veneer (exit %d)\n%s" % (cmd, want.returncode, a, got.returncode, b))


@test
def dev_stdin_stdout_stderr(backend):
    """/dev/std*, /dev/fd/N: links into /proc/self/fd, followed for the caller."""
    same_output("sh -c 'cat /dev/stdin; echo out > /dev/stdout; echo err > /dev/stderr 2>&1; "
                "readlink /dev/stdin /dev/fd/0; cat /dev/fd/0 < /etc/hostname'",
                backend, stdin="from a pipe\n",
                normalize=lambda s: re.sub(r"pipe:\[\d+\]", "pipe:[N]", s))


@test
def links_into_proc(backend):
    """/etc/mtab and a link of the program's own into /proc/net."""
    same_output("sh -c 'ln -sf /proc/net/route /tmp/vt-route-$$; head -1 /tmp/vt-route-$$; "
                "rm /tmp/vt-route-$$; head -1 /etc/mtab | cut -d\" \" -f2,3'", backend)


@test
def opath_fds_of_proc(backend):
    """O_PATH fds of /proc directories and files work as dirfds, with fchdir and fstat."""
    script = ("import os, stat\n"
              "d = os.open('/proc/self', os.O_PATH | os.O_DIRECTORY)\n"
              "print(stat.S_ISDIR(os.fstat(d).st_mode))\n"
              "f = os.open('net/dev', os.O_RDONLY, dir_fd=d)\n"
              "print(os.read(f, 64).split(b'\\n')[0].decode())\n"
              "os.fchdir(d); print(sorted(x for x in os.listdir('.') if x in ('net', 'status', 'fd')))\n"
              "p = os.open('/proc/net/dev', os.O_PATH)\n"
              "print(stat.S_ISREG(os.fstat(p).st_mode))\n")
    same_output("python3 -c %s" % shlex.quote(script), backend)


@test
def exec_through_proc(backend):
    """exec /proc/self/exe (sh, Python), /proc/<pid>/exe, fexecve of a memfd."""
    script = ("sh -c 'exec /proc/self/exe -c \"echo sh re-exec\"'; "
              "python3 -c 'import subprocess; print(subprocess.run([\"/proc/self/exe\", \"-c\", "
              "\"print(21 * 2)\"], capture_output=True, text=True).stdout.strip())'; "
              "sh -c '/proc/$$/exe -c \"echo by pid\"'; "
              "python3 -c 'import os; fd = os.memfd_create(\"t\"); os.write(fd, open(\"/bin/echo\", \"rb\").read()); "
              "os.execve(fd, [\"echo\", \"from a memfd\"], {})'")
    same_output("sh -c %s" % shlex.quote(script), backend)


@test
def own_fd_listing(backend):
    """ls -la /proc/self/fd lists the fds a fresh process holds, its own listing fd included."""
    same_output("sh -c 'ls /proc/self/fd /proc/self/fdinfo'", backend)


@test
def signals_through_proc_dirs(backend):
    """killall and pkill signal through /proc/<pid> directory fds."""
    # (the shell's "Terminated" job reports come when they come: not
    # compared. A sleep under a name of its own: the native run's killall
    # reaches every process of that name on the machine.)
    # Each waits until the sleeper has exec'd (before, it is still "sh").
    up = "until [ \"$(cat /proc/$!/comm)\" = vts$$ ]; do :; done"
    same_output("sh -c 'd=$(mktemp -d); cp /bin/sleep $d/vts$$; "
                "$d/vts$$ 30 & %s; killall vts$$; wait $!; echo killall $?; "
                "$d/vts$$ 30 & %s; pkill -x vts$$; wait $!; echo pkill $?; rm -r $d' 2>/dev/null" % (up, up),
                backend)


@test
def dead_task_directory(backend):
    """Lookups in the /proc/<pid> directory of a task that has exited are ESRCH."""
    script = ("import os, errno\n"
              "pid = os.fork()\n"
              "if pid == 0: os._exit(0)\n"
              "d = os.open('/proc/%d' % pid, os.O_RDONLY | os.O_DIRECTORY)\n"
              "os.waitpid(pid, 0)\n"
              "for n in ('status', 'cmdline', 'net/dev'):\n"
              "    try: os.open(n, os.O_RDONLY, dir_fd=d); print(n, 'opened')\n"
              "    except OSError as e: print(n, errno.errorcode[e.errno])\n")
    same_output("python3 -c %s" % shlex.quote(script), backend)


@test
def cd_below_proc(backend):
    """cd into directories of /proc (through its self and net links, and
    relative), then relative lookups, getcwd and cd .. as on Linux."""
    script = ("cd /proc/net && pwd && head -2 dev | tail -1; /bin/pwd | sed 's/[0-9][0-9]*/N/'; "
              "cd /proc/self/fd && ls; cd .. && ls -d fd status; "
              "cd /proc/sys/net/ipv4/conf/lo && cat forwarding && cd ../all && pwd; "
              "cd /proc && cd net/ && pwd; cd /proc/self/status; cd /proc/self/none; "
              "python3 -c 'import os; os.chdir(\"/proc/self\"); "
              "print(os.getcwd() == \"/proc/%d\" % os.getpid(), open(\"comm\").read().strip())'")
    same_output("sh -c %s" % shlex.quote(script), backend,
                normalize=lambda s: re.sub(r"sh: \d+: ", "sh: N: ", s))


# Every call that changes what a path names, on every kind of /proc node:
# (Only changes that change nothing run natively: chmod to the mode a file
# has, chown to its owner. A root process may chmod procfs's shared entries,
# /proc/meminfo, for the whole host.)
# the errno (or success) procfs gives, as the program's own credentials
# (no capabilities; then nobody) earn it. Natively procfs answers; under
# veneer the same call must give the same, never EROFS from the cover.
PATH_CHANGE_PROBE = r'''
import os, errno, sys
tmp = sys.argv[1]
T = {"pde": "/proc/meminfo", "pidfile": "/proc/self/status", "piddir": "/proc/self/fd",
     "sysctl": "/proc/sys/net/ipv4/ip_forward", "sysdir": "/proc/sys/net", "missing": "/proc/vtx",
     "pidmissing": "/proc/self/vtx", "netlink": "/proc/net", "netfile": "/proc/net/dev",
     "magic": "/proc/self/fd/9", "root": "/proc", "pid": "/proc/%d" % os.getpid(),
     "selfnet": "/proc/self/net", "exe": "/proc/self/exe", "self": "/proc/self",
     "sysnew": "/proc/sys/net/vtx", "taskdir": "/proc/self/task",
     "cwdnew": "/proc/self/cwd/vt-new"}
def st(p):
    s = os.stat(p); return s.st_mode & 0o7777, s.st_uid, s.st_gid
f, l = tmp + "/f", tmp + "/l"
OPS = {
 "mkdir": lambda p: os.mkdir(p), "rmdir": lambda p: os.rmdir(p), "unlink": lambda p: os.unlink(p),
 "rename_from": lambda p: os.rename(p, p + ".x"), "rename_to": lambda p: os.rename(f, p),
 "link_from": lambda p: os.link(p, l), "link_to": lambda p: os.link(f, p),
 "symlink": lambda p: os.symlink("a", p), "mknod": lambda p: os.mkfifo(p),
 "chmod": lambda p: os.chmod(p, st(p)[0]),
 "chown": lambda p: os.chown(p, st(p)[1], st(p)[2]), "lchown": lambda p: os.lchown(p, 0, 0),
 "utime": lambda p: os.utime(p), "utimensat": lambda p: os.utime(p, ns=(1, 2), follow_symlinks=False),
 "truncate": lambda p: os.truncate(p, 0) if not p.endswith("/9") else None,
 "setxattr": lambda p: os.setxattr(p, "user.x", b"1"), "removexattr": lambda p: os.removexattr(p, "user.x"),
}
os.chdir(tmp)
open(f, "w").close()
os.dup2(os.open(f, os.O_RDONLY), 9)
for op in OPS:
    row = []
    for k, p in T.items():
        if op in ("rename_to", "link_to") and k == "cwdnew":
            continue   # through a magic link on one side only: EXDEV (docs/design.md)
        try:
            OPS[op](p); r = "ok"
        except OSError as e:
            r = errno.errorcode.get(e.errno, str(e.errno))
        row.append("%s=%s" % (k, r))
        for x in (l, tmp + "/vt-new", tmp + "/vt-new.x"):
            try: os.rmdir(x) if os.path.isdir(x) else os.unlink(x)
            except OSError: pass
    print(op, " ".join(row))
'''


@test
def path_changes_in_proc(backend):
    """mkdir, rmdir, unlink, rename, link, symlink, mknod, chmod, chown,
    utimes, truncate and xattrs on each kind of /proc node, and through a
    magic link, as the program's root without capabilities."""
    probe = os.path.join(TMP, "path_change.py")
    with open(probe, "w") as fh:
        fh.write(PATH_CHANGE_PROBE)
    os.chmod(probe, 0o644)
    # (the program under veneer has no capabilities: the native run drops
    # them too. As another user: it_unprivileged.py's runs.)
    for who, drop in (("root", "setpriv --bounding-set=-all --inh-caps=-all"),):
        d = tempfile.mkdtemp(prefix="vt-pc-", dir="/tmp")
        os.chmod(d, 0o1777)
        want = sh("ip netns exec %s %s /usr/bin/python3 %s %s" % (EMPTY.name, drop, probe, d), check=False)
        shutil.rmtree(d)
        d = tempfile.mkdtemp(prefix="vt-pc-", dir="/tmp")
        os.chmod(d, 0o1777)
        got = veneer("%s /usr/bin/python3 %s %s" % (drop, probe, d), backend)
        shutil.rmtree(d)
        check(want.stdout == got.stdout and want.stdout.count("=") > 300,
              "as %s:\n--- linux\n%s%s--- veneer\n%s%s" % (who, want.stdout, want.stderr, got.stdout, got.stderr))


@test
def watch_and_chroot_in_proc(backend):
    """inotify_add_watch on /proc files and directories (IN_ONLYDIR,
    missing names) and chroot into /proc, as the program's root without
    capabilities: what procfs answers, never the cover's ENOENT."""
    script = ("import ctypes, os, errno\n"
              "libc = ctypes.CDLL(None, use_errno=True)\n"
              "fd = libc.inotify_init1(0)\n"
              "for p, m in ((b'/proc/meminfo', 2), (b'/proc/self/status', 2), (b'/proc/net/dev', 2),\n"
              "             (b'/proc/sys/net/ipv4/ip_forward', 2), (b'/proc/self/fd', 2), (b'/proc/vtx', 2),\n"
              "             (b'/proc/meminfo', 2 | 0x01000000), (b'/proc/self/net', 0x01000000 | 2)):\n"
              "    wd = libc.inotify_add_watch(fd, p, m)\n"
              "    print(p.decode(), 'ok' if wd >= 0 else errno.errorcode[ctypes.get_errno()])\n"
              "for p in ('/proc/self/fd', '/proc/meminfo', '/proc/nothing'):\n"
              "    try: os.chroot(p); print('chroot ok')\n"
              "    except OSError as e: print('chroot', p, errno.errorcode[e.errno])\n")
    same_output("setpriv --bounding-set=-all --inh-caps=-all /usr/bin/python3 -c %s" % shlex.quote(script),
                backend)


@test
def process_substitution_and_pidof(backend):
    """bash's <(...) (a /dev/fd/N path), and kill $(pidof x) of a sleeper
    under a name of its own (natively pidof sees the whole machine)."""
    up = "until [ \"$(cat /proc/$!/comm)\" = vtp$$ ]; do :; done"
    same_output("bash -c 'cat <(echo from a substitution); diff <(echo a) <(echo a) && echo same; "
                "d=$(mktemp -d); cp /bin/sleep $d/vtp$$; $d/vtp$$ 30 & %s; "
                "kill $(pidof vtp$$); wait $!; echo kill $?; rm -r $d' 2>/dev/null" % up, backend)


# /proc/net's files of modules (netfilter's, loaded on the test machine):
# the model is a kernel without them (docs/design.md), so they are left
# out of the comparisons of names.
MODULE_FILES = re.compile(r"/net/(arp_tables_|ip_tables_|ip6_tables_|ip6t_hashlimit|ipt_hashlimit|"
                          r"netfilter|nf_conntrack|xt_recent)")


def find_names(text):
    """find's names, sorted: the thread's id and map_files' ranges as
    placeholders, and not fd/ and fdinfo/'s entries: veneer lists them when
    the directory is opened, and fts dups the directory's fd before it
    reads it, a fd Linux lists and veneer does not (own_fd_listing checks
    what a process sees of its own fds)."""
    out = []
    for line in text.splitlines():
        if MODULE_FILES.search(line) or re.search(r"/(fd|fdinfo)/\d+$", line):
            continue
        line = re.sub(r"/task/\d+$", "/task/N", line)
        out.append(re.sub(r"/map_files/[0-9a-f]+-[0-9a-f]+$", "/map_files/M", line))
    return "\n".join(sorted(out)) + "\n"


@test
def find_proc_self(backend):
    """find /proc/self -maxdepth 2 lists the names Linux lists."""
    same_output("find /proc/self/ -maxdepth 2", backend, normalize=find_names)


LS_F_DIRS = ["/proc", "/proc/self", "/proc/$$/task/$$", "/proc/self/net", "/proc/self/net/stat",
             "/proc/self/net/dev_snmp6", "/proc/pressure", "/proc/sys", "/proc/sys/net",
             "/proc/sys/net/ipv4", "/proc/sys/net/ipv4/conf", "/proc/sys/kernel/random"]


def ls_f(text):
    """{directory: its names but the numeric ones (pids), in order}"""
    dirs = {}
    for part in text.split("== ")[1:]:
        name, _, body = part.partition("\n")
        dirs[re.sub(r"\d+", "N", name)] = [n for n in body.split() if n not in (".", "..") and not n.isdigit()]
    return dirs


@test
def listings_in_linux_order(backend):
    """ls -f (getdents order) of the veth namespace and of its model: each
    name veneer lists is one Linux lists, in Linux's order (generic entries
    by length, then self and the pids; a task's directory as base.c's
    table; /proc/sys by name; /proc/net/dev_snmp6 a file per link)."""
    fx = FIXTURES["veth"]
    script = "sh -c %s" % shlex.quote(
        "for d in %s; do echo \"== $d\"; ls -f $d | tr \"\\n\" \" \"; echo; done"
        % " ".join(LS_F_DIRS))
    want = ls_f(fx.run(script).stdout)
    got = ls_f(veneer(script, backend, scenario=fx.snapshot()).stdout)
    check(sorted(got) == sorted(want) and len(got) == len(LS_F_DIRS), "directories: %s" % sorted(got))
    for d, names in got.items():
        mine = set(names)
        linux = [n for n in want[d] if n in mine]
        check(names and mine <= set(want[d]) and names == linux,
              "ls -f %s:\n--- linux\n%s\n--- veneer\n%s" % (d, " ".join(want[d]), " ".join(names)))
    # what the model serves of /proc/net is all a fresh namespace has, but
    # the modules' files
    net = [n for n in want["/proc/self/net"] if not MODULE_FILES.search("/net/" + n)]
    check(got["/proc/self/net"] == net, "/proc/net:\n%s\n%s" % (net, got["/proc/self/net"]))


# Each thread, and a program a non-leader thread exec'd, names itself
# through /proc/self and /proc/thread-self and reads its own status (the
# supervisor keeps each caller's tgid while the caller's thread lives,
# and opens a task's own status without its credentials: issue #16).
SELF_THREADS_PY = r"""
import os, sys, threading
def check():
    tid = threading.get_native_id()
    st = [dict(l.split(":", 1) for l in open("/proc/%s/status" % d).read().splitlines())
          for d in ("self", "thread-self")]
    got = ([(int(s["Tgid"]), int(s["Pid"])) for s in st], os.readlink("/proc/self"),
           os.readlink("/proc/thread-self"), open("/proc/net/dev").read()[:7])
    want = ([(os.getpid(), os.getpid()), (os.getpid(), tid)], str(os.getpid()),
            "%d/task/%d" % (os.getpid(), tid), "Inter-|")
    if got != want:
        print("thread", got, want)
        os._exit(1)
for _ in range(30):
    t = threading.Thread(target=check)
    t.start()
    t.join()
check()
if len(sys.argv) < 2:
    # an exec from a thread that is not the leader: it takes the leader's pid
    threading.Thread(target=os.execv, args=(sys.executable, [sys.executable, sys.argv[0], "again"])).start()
    threading.Event().wait(10)
print("ok", len(sys.argv))
"""


@test
def threads_and_exec_name_themselves(backend):
    """Threads and an exec from a non-leader thread: /proc/self is their own."""
    path = os.path.join(TMP, "self_threads.py")
    with open(path, "w") as f:
        f.write(SELF_THREADS_PY)
    same_output("python3 %s" % path, backend)
