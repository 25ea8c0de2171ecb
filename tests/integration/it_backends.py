# Behaviour that depends on how calls are intercepted (issue #6): both
# backends must give the program what it gets without veneer — job control,
# signals, fd numbers and flags, and no trace of a tracer.

import shlex

BLOCKED_RECV_PROBE = r'''
import signal, socket, time
class Alarm(Exception): pass
def on_alarm(*a): raise Alarm()
signal.signal(signal.SIGALRM, on_alarm)   # no SA_RESTART: recv fails with EINTR
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
s.bind((0, 1))
signal.setitimer(signal.ITIMER_REAL, 0.3)
try:
    s.recv(4096)
except Alarm:
    print("interrupted")
'''

FD_PROBE = r'''
import ctypes, fcntl, os
fds = [os.open("/proc/net/dev", os.O_RDONLY) for _ in range(3)]
os.close(fds[0])
again = os.open("/proc/net/dev", os.O_RDONLY)          # O_CLOEXEC (PEP 446)
plain = ctypes.CDLL(None).open(b"/proc/net/dev", 0)   # no O_CLOEXEC
print(fds, again, plain, [fcntl.fcntl(f, fcntl.F_GETFD) for f in (fds[1], again, plain)])
'''


@test
def job_control_as_without_veneer(backend):
    """SIGSTOP/SIGCONT/SIGTERM to a background child: the shell finishes."""
    r = veneer("timeout 20 bash -c 'sleep 100 & kill -STOP $!; kill -CONT $!; kill $!; wait; echo done'",
               backend)
    check(r.returncode == 0 and r.stdout == "done\n", "%d %r %r" % (r.returncode, r.stdout, r.stderr))


@test
def no_tracer_in_status(backend):
    """TracerPid reads 0 and the reader itself is running, as without veneer."""
    r = veneer("sh -c 'grep -E \"^(TracerPid|State)\" /proc/self/status /proc/$$/status'", backend)
    want = ("/proc/self/status:State:\tR (running)\n/proc/self/status:TracerPid:\t0\n")
    check(r.stdout.startswith(want) and r.stdout.count("TracerPid:\t0\n") == 2, r.stdout + r.stderr)


@test
def signal_interrupts_blocked_netlink_recv(backend):
    """A handler without SA_RESTART ends a blocking recv with EINTR."""
    probe = os.path.join(TMP, "blocked_recv.py")
    with open(probe, "w") as f:
        f.write(BLOCKED_RECV_PROBE)
    r = veneer("timeout 10 python3 " + probe, backend)
    check(r.stdout == "interrupted\n", "%d %r %r" % (r.returncode, r.stdout, r.stderr))


@test
def served_fds_take_the_lowest_number(backend):
    """A served file lands on the lowest free fd, O_CLOEXEC as asked."""
    probe = os.path.join(TMP, "fd_numbers.py")
    with open(probe, "w") as f:
        f.write(FD_PROBE)
    r = veneer("python3 " + probe, backend)
    check(r.stdout == "[3, 4, 5] 3 6 [1, 1, 0]\n", r.stdout + r.stderr)


@test
def netlink_with_a_small_fd_table(backend):
    """ip works with any RLIMIT_NOFILE Linux allows: a table of 64 or 24
    before veneer starts, a soft limit of 16 set inside it (issue #10)."""
    cmd = "ip -br link; ip -br addr; ip route; ip -6 route"
    want = veneer("sh -c %s" % shlex.quote(cmd), backend)
    check(want.returncode == 0 and "lo " in want.stdout, want.stdout + want.stderr)
    for outside, inside in (("64", ""), ("24", ""), ("", "ulimit -Sn 16; ")):
        limit = "ulimit -n %s; " % outside if outside else ""
        run = ("ip netns exec %s sh -c %s" % (EMPTY.name, shlex.quote(
            "%sexec %s run --backend %s -- sh -c %s" % (limit, VENEER, backend, shlex.quote(inside + cmd)))))
        r = subprocess.run(run, shell=True, capture_output=True, text=True, timeout=120)
        check(r.stdout == want.stdout and r.returncode == 0,
              "%s%s: %r %r" % (limit, inside, r.stdout, r.stderr))
