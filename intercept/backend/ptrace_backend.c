/* See ptrace_backend.h.
 *
 * Every task of the program is a tracee (PTRACE_SEIZE, then auto-attach on
 * fork, vfork and clone). Only the filter's RET_TRACE stops the caller for
 * us; every other stop is passed on as the kernel would act without a
 * tracer: signals are delivered, group stops use PTRACE_LISTEN so SIGCONT
 * still ends them, exec and new-task events just continue.
 *
 * A call's reply is applied at its seccomp stop: a value skips the call
 * (orig_rax = -1; the kernel then leaves rax, which we set, as the
 * result); "continue" resumes it untouched; an fd is injected
 * (ptrace_inject.c). A parked call keeps its caller stopped; since a
 * stopped tracee does not see signals, a timer looks at the parked
 * callers' pending signals and ends their call as a signal ends a
 * blocking call. */
#include "ptrace_backend.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ptrace.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "loop.h"
#include "ptrace_inject.h"
#include "sandbox_ctx.h"
#include "task_status.h"
#include "tracer_hide.h"

#define ERESTARTSYS 512   /* the kernel's, not in uapi headers */

/* A caller at its seccomp stop, not answered yet. */
struct stopped {
	pid_t tid;
	uint64_t seq;
	struct user_regs_struct regs;
};

/* Statuses waitpid gave while an injection waited for one tracee. */
struct deferred {
	pid_t pid;
	int status;
};

static struct {
	struct backend *be;
	void (*serve)(struct vcall *c);
	void (*on_exit)(pid_t pid, int status);
	uint64_t seq;
	struct stopped *stops;
	size_t nstops, capstops;
	struct deferred *defer;
	size_t ndefer, capdefer;
	pid_t *listening;   /* tasks in a group stop (PTRACE_LISTEN) */
	size_t nlisten, caplisten;
	int kick;     /* eventfd: deferred statuses wait */
	int timer;    /* timerfd: parked callers to look at */
} pt = { .kick = -1, .timer = -1 };

static void *grow(void *v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 8;
	v = realloc(v, *cap * size);
	if (!v)
		abort();
	return v;
}

static struct stopped *find_stop(pid_t tid, uint64_t seq)
{
	for (size_t i = 0; i < pt.nstops; i++)
		if (pt.stops[i].tid == tid && pt.stops[i].seq == seq)
			return &pt.stops[i];
	return NULL;
}

static void drop_stop(struct stopped *s)
{
	*s = pt.stops[--pt.nstops];
}

/* tid is gone or became another task (exec): its calls are void. */
static void forget(pid_t tid)
{
	for (size_t i = 0; i < pt.nstops;)
		if (pt.stops[i].tid == tid)
			drop_stop(&pt.stops[i]);
		else
			i++;
}

static bool group_stopped(pid_t tid, bool remove)
{
	for (size_t i = 0; i < pt.nlisten; i++)
		if (pt.listening[i] == tid) {
			if (remove)
				pt.listening[i] = pt.listening[--pt.nlisten];
			return true;
		}
	return false;
}

/* What a task we keep stopped would show natively: nothing traces it but
 * us, so "t" means stopped by a signal, or blocked in a call we serve, or
 * a moment in a stop of ours (an event, a signal we pass on). */
static const char *native_state(pid_t tid)
{
	return group_stopped(tid, false) ? "T (stopped)" : "S (sleeping)";
}

static ssize_t pt_read_mem(struct vcall *c, void *dst, uint64_t addr, size_t len)
{
	struct iovec local = { dst, len }, remote = { (void *)(uintptr_t)addr, len };
	ssize_t n = process_vm_readv(c->tid, &local, 1, &remote, 1, 0);
	return n < 0 ? -errno : n;
}

static ssize_t pt_write_mem(struct vcall *c, uint64_t addr, const void *src, size_t len)
{
	struct iovec local = { (void *)(uintptr_t)src, len }, remote = { (void *)(uintptr_t)addr, len };
	ssize_t n = process_vm_writev(c->tid, &local, 1, &remote, 1, 0);
	return n < 0 ? -errno : n;
}

static bool pt_valid(struct vcall *c)
{
	return find_stop(c->tid, c->id) != NULL;
}

static int wait_stop(pid_t tid, int *status);

/* VR_VALUE: skip the call with that result; VR_CONTINUE: run it. */
static int pt_respond_value(struct vcall *c, struct user_regs_struct *r)
{
	if (c->reply == VR_VALUE) {
		r->orig_rax = (uint64_t)-1;
		r->rax = (uint64_t)c->value;
		if (ptrace(PTRACE_SETREGS, c->tid, 0, r) < 0)
			return -ENOENT;
	}
	return ptrace(PTRACE_CONT, c->tid, 0, 0) < 0 ? -ENOENT : 0;
}

static int pt_respond(struct vcall *c)
{
	struct stopped *s = find_stop(c->tid, c->id);
	if (!s) {
		if (c->reply == VR_FD)
			close(c->fd);
		return -ENOENT;
	}
	struct user_regs_struct r = s->regs;
	drop_stop(s);
	if (c->reply == VR_FD) {
		int fd = tracer_hide(&c->sandbox->model, c->fd, c->tid, vcall_pid(c), native_state);
		if (fd < 0) {
			c->reply = VR_VALUE;
			c->value = fd;
			return pt_respond_value(c, &r);
		}
		long rc = inject_fd(c->tid, &r, fd, c->newfd, c->cloexec, wait_stop);
		close(fd);
		if (rc == -ESRCH)
			return -ENOENT;
		c->value = rc;   /* for the log */
		return 0;
	}
	return pt_respond_value(c, &r);
}

static const struct backend_ops ptrace_ops = {
	.name = "ptrace",
	.read_mem = pt_read_mem,
	.write_mem = pt_write_mem,
	.valid = pt_valid,
	.respond = pt_respond,
};

static void arm_timer(bool on)
{
	struct itimerspec t = { { 0, 0 }, { 0, 0 } };
	if (on)
		t.it_interval.tv_nsec = t.it_value.tv_nsec = 50 * 1000 * 1000;
	timerfd_settime(pt.timer, 0, &t, NULL);
}

static void on_seccomp_stop(pid_t tid)
{
	struct user_regs_struct r;
	if (ptrace(PTRACE_GETREGS, tid, 0, &r) < 0)
		return;   /* killed meanwhile */
	struct vcall c = {
		.tid = tid,
		.nr = (int)r.orig_rax,
		.args = { r.rdi, r.rsi, r.rdx, r.r10, r.r8, r.r9 },
		.id = ++pt.seq,
		.be = pt.be,
	};
	pt.stops = grow(pt.stops, &pt.capstops, pt.nstops, sizeof(*pt.stops));
	pt.stops[pt.nstops++] = (struct stopped){ tid, c.id, r };
	pt.serve(&c);
	if (c.reply == VR_PARKED)
		arm_timer(true);
}

static bool is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

static void handle(pid_t pid, int status)
{
	if (!WIFSTOPPED(status)) {
		forget(pid);
		group_stopped(pid, true);
		pt.on_exit(pid, status);
		return;
	}
	int sig = WSTOPSIG(status), ev = status >> 16;
	unsigned long msg;
	group_stopped(pid, true);
	switch (ev) {
	case PTRACE_EVENT_SECCOMP:
		on_seccomp_stop(pid);
		return;
	case PTRACE_EVENT_STOP:
		/* A group stop: stay stopped until SIGCONT, as without us.
		 * Otherwise a new task's first stop. */
		if (is_stop_signal(sig)) {
			pt.listening = grow(pt.listening, &pt.caplisten, pt.nlisten, sizeof(pid_t));
			pt.listening[pt.nlisten++] = pid;
			ptrace(PTRACE_LISTEN, pid, 0, 0);
		} else
			ptrace(PTRACE_CONT, pid, 0, 0);
		return;
	case PTRACE_EVENT_EXEC:
		/* A non-leader that execs takes the leader's tid: calls of
		 * either are gone. */
		if (ptrace(PTRACE_GETEVENTMSG, pid, 0, &msg) == 0)
			forget((pid_t)msg);
		forget(pid);
		ptrace(PTRACE_CONT, pid, 0, 0);
		return;
	case 0:
		/* Signal-delivery stop: deliver it. */
		ptrace(PTRACE_CONT, pid, 0, sig == (SIGTRAP | 0x80) ? 0 : sig);
		return;
	default:   /* fork, vfork, clone: the new task is attached already */
		ptrace(PTRACE_CONT, pid, 0, 0);
		return;
	}
}

/* For an injection: the next stop of tid, keeping the others for later. */
static int wait_stop(pid_t tid, int *status)
{
	for (;;) {
		int st;
		pid_t p = waitpid(-1, &st, __WALL);
		if (p < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (p == tid && WIFSTOPPED(st)) {
			*status = st;
			return 0;
		}
		pt.defer = grow(pt.defer, &pt.capdefer, pt.ndefer, sizeof(*pt.defer));
		pt.defer[pt.ndefer++] = (struct deferred){ p, st };
		uint64_t one = 1;
		if (write(pt.kick, &one, sizeof(one)) < 0) {
			/* the counter cannot overflow in practice */
		}
		if (p == tid)
			return -1;
	}
}

void ptrace_reap(struct backend *be)
{
	(void)be;
	for (;;) {
		if (pt.ndefer) {
			struct deferred d = pt.defer[0];
			memmove(pt.defer, pt.defer + 1, --pt.ndefer * sizeof(*pt.defer));
			handle(d.pid, d.status);
			continue;
		}
		int st;
		pid_t p = waitpid(-1, &st, WNOHANG | __WALL);
		if (p <= 0)
			return;
		handle(p, st);
	}
}

static void on_kick(void *arg, uint32_t events)
{
	(void)events;
	uint64_t n;
	if (read(pt.kick, &n, sizeof(n)) < 0) {
		/* nothing to read: another callback handled it */
	}
	ptrace_reap(arg);
}

/* Signals a parked caller can take: pending and not blocked. */
static bool signal_waits(pid_t tid)
{
	struct task_status ts;
	if (task_status_read(tid, &ts) < 0 || !(ts.have & TS_SIGNALS))
		return false;
	return ((ts.sigpnd | ts.shdpnd) & ~ts.sigblk) != 0;
}

/* End a parked call as the kernel ends a blocking call a signal
 * interrupts: -ERESTARTSYS at its exit, so that the signal code restarts
 * it (no handler, or SA_RESTART) or makes it fail with EINTR. A trap
 * (PTRACE_INTERRUPT) makes sure the tracee goes through that code even if
 * another thread took the signal meanwhile: then the call restarts. */
static void interrupt_call(pid_t tid, struct user_regs_struct r)
{
	uint64_t nr = r.orig_rax;
	int st;
	r.orig_rax = (uint64_t)-1;
	if (ptrace(PTRACE_SETREGS, tid, 0, &r) < 0 || ptrace(PTRACE_SYSCALL, tid, 0, 0) < 0 ||
	    wait_stop(tid, &st) < 0)
		return;
	if (WSTOPSIG(st) == (SIGTRAP | 0x80)) {
		r.orig_rax = nr;
		r.rax = (uint64_t)-ERESTARTSYS;
		if (ptrace(PTRACE_SETREGS, tid, 0, &r) == 0)
			ptrace(PTRACE_INTERRUPT, tid, 0, 0);
	}
	ptrace(PTRACE_CONT, tid, 0, 0);
}

static void on_timer(void *arg, uint32_t events)
{
	(void)arg;
	(void)events;
	uint64_t n;
	if (read(pt.timer, &n, sizeof(n)) < 0) {
		/* not expired yet */
	}
	for (size_t i = 0; i < pt.nstops;) {
		struct stopped *s = &pt.stops[i];
		if (!signal_waits(s->tid)) {
			i++;
			continue;
		}
		struct user_regs_struct r = s->regs;
		pid_t tid = s->tid;
		drop_stop(s);
		interrupt_call(tid, r);
	}
	if (pt.nstops == 0)
		arm_timer(false);
}

int ptrace_seize_child(pid_t pid)
{
	long opts = PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL | PTRACE_O_TRACECLONE |
		    PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACEEXEC |
		    PTRACE_O_TRACESYSGOOD;
	return ptrace(PTRACE_SEIZE, pid, 0, opts) < 0 ? -errno : 0;
}

int ptrace_backend_init(struct backend *be, void (*serve)(struct vcall *c),
			void (*on_exit)(pid_t pid, int status))
{
	pt.be = be;
	pt.serve = serve;
	pt.on_exit = on_exit;
	pt.kick = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	pt.timer = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (pt.kick < 0 || pt.timer < 0)
		return -errno;
	int rc;
	if ((rc = loop_watch(pt.kick, EPOLLIN, on_kick, be)) < 0 ||
	    (rc = loop_watch(pt.timer, EPOLLIN, on_timer, be)) < 0)
		return rc;
	be->ops = &ptrace_ops;
	be->priv = NULL;
	return 0;
}
