/* veneer run: set up the sandbox, start the program, serve it, and exit as
 * it exited. */
#include "run.h"

#include <cap-ng.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/magic.h>
#include <sys/syscall.h>
#include <linux/seccomp.h>
#include <seccomp.h>

#include "dispatch.h"
#include "filter.h"
#include "loop.h"
#include "notify.h"
#include "proc_mounts.h"
#include "ptrace_backend.h"
#include "scenario.h"
#include "stage.h"
#include "fdpass.h"
#include "clean_start.h"
#include "creds.h"
#include "launch.h"
#include "mounts.h"
#include "sandbox_ctx.h"
#include "sys_cover.h"
#include "netns_cover.h"
#include "vfd.h"
#include "vlog.h"

/* the model the program sees and the capabilities it grants: every
 * trapped call runs against it (serve) */
static struct sandbox sandbox;
static pid_t child;   /* the program veneer runs */
/* veneer's RLIMIT_NOFILE as started: the program's */
static struct rlimit nofile;

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("veneer: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputs("\n", stderr);
	va_end(ap);
	return 2;
}

static int setup_supervisor(void)
{
	struct statfs sfs;
	if (statfs("/proc", &sfs) < 0 || sfs.f_type != PROC_SUPER_MAGIC)
		return fail("/proc is not a procfs mount");
	int hostproc = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (hostproc < 0)
		return fail("cannot open /proc: %s", strerror(errno));
	/* Every stand-in the sandbox holds costs the supervisor an fd: as
	 * many as the hard limit allows (the program gets its own back). */
	struct rlimit most = nofile;
	most.rlim_cur = most.rlim_max;
	setrlimit(RLIMIT_NOFILE, &most);
	int rc = mounts_find_proc(hostproc);
	int sysrc = sys_cover_find(hostproc);
	clean_start_fds(hostproc);
	close(hostproc);
	if (rc == -ENOENT)
		return fail("no procfs is mounted");
	if (rc == -E2BIG)
		return fail("too many procfs mounts");
	if (rc < 0)
		return fail("cannot read the mount table: %s", strerror(-rc));
	if ((rc = mounts_supervisor_ns()) < 0 || (rc = mounts_sandbox_procfs()) < 0 ||
	    (rc = mounts_proc_on_proc()) < 0)
		/* mount_too_revealing: a container's masked /proc paths */
		return fail("cannot mount a procfs for the sandbox: %s%s", strerror(-rc),
			    launch_unprivileged && rc == -EPERM ? " (in a user namespace the "
			    "kernel mounts a procfs only where one is fully visible, nothing "
			    "mounted over its files: a container must not mask /proc)" : "");
	if (sysrc < 0 || (sysrc = sys_cover_mount(&sandbox.model)) < 0)
		return fail("cannot cover the host's /sys: %s", strerror(-sysrc));
	if ((rc = netns_cover_mount(&sandbox.model)) < 0)
		return fail("cannot cover the host's /run/netns: %s", strerror(-rc));
	rc = stage_init();
	if (rc < 0)
		return fail("cannot create the stage tmpfs: %s", strerror(-rc));
	return 0;
}

struct exec_error {
	int err;
	int stage;
};

/* In the child: filter, hand the listener over (notify) or wait until the
 * supervisor traces us (ptrace), drop capabilities, exec. Errors go back
 * through errpipe as an errno and a stage byte. */
static void child_main(char **argv, int fdsock, int errpipe, const sigset_t *oldmask, bool traced)
{
	struct exec_error e = { 0, 0 };
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	setrlimit(RLIMIT_NOFILE, &nofile);
	int cover = -1;
	int rc = mounts_cover_proc(&cover);
	if (rc == 0)
		rc = fd_send(fdsock, cover, 0) < 0 ? -errno : 0;
	if (cover >= 0)
		close(cover);
	if (rc == 0)
		rc = clean_start_cwd();
	if (rc < 0) {
		e.err = -rc;
		e.stage = 4;
		goto out;
	}
	/* The program holds no real capabilities; the model grants virtual
	 * ones (--cap). All go now, bounding and ambient sets too, so exec as
	 * root regains none — all but CAP_SYS_ADMIN, which installing the
	 * filter without no_new_privs needs, and which goes right after. */
	capng_clear(CAPNG_SELECT_ALL);
	capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED, CAP_SYS_ADMIN);
	if (capng_apply(CAPNG_SELECT_ALL) < 0) {
		e.err = EPERM;
		e.stage = 2;
		goto out;
	}
	char go;
	if (traced && read(fdsock, &go, 1) != 1)
		_exit(126);   /* the supervisor could not trace us and said so */
	int listener = filter_install(traced ? SCMP_ACT_TRACE(PTRACE_FILTER_MSG) : SCMP_ACT_NOTIFY);
	if (listener < 0) {
		e.err = -listener;
		e.stage = 1;
		goto out;
	}
	if (!traced && fd_send(fdsock, listener, 0) < 0) {
		e.err = errno;
		e.stage = 1;
		goto out;
	}
	if (!traced)
		close(listener);
	close(fdsock);
	/* A raw capset: libcap-ng would read /proc, now a trapped call. */
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct none[2] = { { 0, 0, 0 }, { 0, 0, 0 } };
	if (syscall(SYS_capset, &h, none) < 0) {
		e.err = errno;
		e.stage = 2;
		goto out;
	}
	signal(SIGPIPE, SIG_DFL);   /* ignored dispositions survive exec */
	sigprocmask(SIG_SETMASK, oldmask, NULL);
	execvp(argv[0], argv);
	e.err = errno;
	e.stage = 3;
out:
	if (write(errpipe, &e, sizeof(e)) < 0)
		_exit(126);
	_exit(e.stage == 3 && e.err == ENOENT ? 127 : 126);
}

static int exit_status(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}

static int exec_pipe = -1;
static struct exec_error exec_failed;

static void on_exec_pipe(void *arg, uint32_t events)
{
	(void)arg;
	(void)events;
	ssize_t n = read(exec_pipe, &exec_failed, sizeof(exec_failed));
	if (n != (ssize_t)sizeof(exec_failed))
		memset(&exec_failed, 0, sizeof(exec_failed));
	loop_unwatch(exec_pipe);
	close(exec_pipe);
	exec_pipe = -1;
}

static int report_exec_error(const struct run_opts *o, const struct exec_error *e)
{
	if (!e)
		return fail("the program did not start");
	if (e->stage == 1)
		return fail("the kernel refused the seccomp filter: %s", strerror(e->err));
	if (e->stage == 2)
		return fail("cannot drop capabilities: %s", strerror(e->err));
	if (e->stage == 4)
		return fail("cannot hide the host's /proc in a mount namespace: %s (veneer needs CAP_SYS_ADMIN)",
			    strerror(e->err));
	fprintf(stderr, "veneer: %s: %s\n", o->argv[0], strerror(e->err));
	return e->err == ENOENT ? 127 : 126;
}

static void never_run(int sig)
{
	(void)sig;
}

static bool main_done;
static int main_status;
static struct backend backend;
static bool traced;   /* the ptrace backend */

static void serve(struct vcall *c)
{
	c->sandbox = &sandbox;
	vlog_enter(c);
	dispatch(c);
	sys_cover_sync(&sandbox.model);   /* /sys shows a change before the call returns */
	if (c->reply != VR_PARKED)
		vcall_respond(c);
	vlog_call(c);
}

static void on_notification(void *arg, uint32_t events)
{
	int listener = (int)(intptr_t)arg;
	if (!(events & EPOLLIN) && (events & (EPOLLHUP | EPOLLERR))) {
		/* No task uses the filter any more (and none can come back):
		 * stop watching, or the loop spins until SIGCHLD is read. */
		loop_unwatch(listener);
		return;
	}
	struct vcall c;
	if (notify_receive(&backend, &c) < 0)
		return;   /* the caller died meanwhile */
	serve(&c);
}

static void on_exit_status(pid_t pid, int status)
{
	if (pid == child) {
		main_done = true;
		main_status = status;
	}
}

static void on_signal(void *arg, uint32_t events)
{
	(void)events;
	int sfd = *(int *)arg;
	struct signalfd_siginfo si;
	while (read(sfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGCHLD) {
			int status;
			pid_t p;
			if (traced)
				ptrace_reap(&backend);
			else
				while ((p = waitpid(-1, &status, WNOHANG)) > 0)
					on_exit_status(p, status);
			continue;
		}
		/* A signal sent to veneer goes to the program. One the terminal
		 * sent to the whole process group reached the program already. */
		if (si.ssi_code == SI_KERNEL)
			continue;
		kill(child, (int)si.ssi_signo);
	}
}

/* Fork the program (child) and get it to its exec: with the notify
 * backend, receive its listener; with ptrace, trace it before it installs
 * the filter. Returns 0; a status to exit with (after a message); or
 * -errno when the kernel refused a notify filter in a way ptrace avoids. */
static int start_program(const struct run_opts *o, const sigset_t *oldmask, int *listener)
{
	int sp[2], ep[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) < 0 || pipe2(ep, O_CLOEXEC) < 0)
		return fail("cannot create a channel to the program: %s", strerror(errno));
	fflush(NULL);
	/* The supervisor is not dumpable, and a fork of it would not be
	 * until its exec: an ordinary user's supervisor, whose capabilities
	 * are its user namespace's, could then neither trace the child nor
	 * read its memory (its mm belongs to the initial namespace). It is
	 * born dumpable; nothing else of the sandbox exists yet to look at
	 * this copy of the supervisor. */
	prctl(PR_SET_DUMPABLE, 1);
	pid_t pid = fork();
	if (pid != 0)
		prctl(PR_SET_DUMPABLE, 0);
	if (pid < 0)
		return fail("fork: %s", strerror(errno));
	if (pid == 0) {
		close(sp[0]);
		close(ep[0]);
		child_main(o->argv, sp[1], ep[1], oldmask, traced);
	}
	child = pid;
	close(sp[1]);
	close(ep[1]);
	exec_pipe = ep[0];
	int frc = sys_cover_fill();
	if (frc < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, __WALL);
		return fail("cannot fill the model's /sys: %s", strerror(-frc));
	}
	if (traced) {
		int rc = ptrace_seize_child(pid);
		if (rc < 0 || write(sp[0], "g", 1) != 1) {
			close(sp[0]);
			kill(pid, SIGKILL);
			waitpid(pid, NULL, __WALL);
			return fail("cannot trace the program: %s", strerror(rc < 0 ? -rc : errno));
		}
		/* none if the child failed first: the error pipe says why */
		proc_covers_set(fd_recv(sp[0]), pid);
		close(sp[0]);
		return 0;
	}
	int cover = fd_recv(sp[0]);
	proc_covers_set(cover, pid);
	*listener = cover >= 0 ? fd_recv(sp[0]) : -1;
	close(sp[0]);
	if (*listener >= 0)
		return 0;
	/* The child failed before it could hand the listener over. */
	struct exec_error e = { 0, 0 };
	int status;
	ssize_t n = read(ep[0], &e, sizeof(e));
	close(ep[0]);
	exec_pipe = -1;
	waitpid(pid, &status, 0);
	if (n == (ssize_t)sizeof(e) && e.stage == 1 && (e.err == EBUSY || e.err == EINVAL))
		return -e.err;
	return report_exec_error(o, n == (ssize_t)sizeof(e) ? &e : NULL);
}

int veneer_run(const struct run_opts *o)
{
	char err[512];
	vn_model_init(&sandbox.model);
	if (o->scenario_text) {
		if (vn_scenario_load_string(&sandbox.model, o->scenario_text, strlen(o->scenario_text),
					    o->scenario ? o->scenario : "<composed>", err, sizeof(err)) < 0)
			return fail("%s", err);
	} else if (o->scenario) {
		if (vn_scenario_load_file(&sandbox.model, o->scenario, err, sizeof(err)) < 0)
			return fail("%s", err);
	} else {
		vn_model_load_default(&sandbox.model);
	}
	sandbox.caps = o->caps;
	if (o->log) {
		struct vlog *log = vlog_open(o->log, &o->log_opts);
		if (!log)
			return fail("cannot open log %s: %s", o->log, strerror(errno));
		vlog_set(log);
	}
	int rc = launch_in_pid_namespace(o->net_host);
	if (rc)
		return rc;
	if (launch_unprivileged)
		creds_keep_groups();
	getrlimit(RLIMIT_NOFILE, &nofile);
	vfd_base_fit(nofile.rlim_max);
	rc = setup_supervisor();
	if (rc)
		return rc;
	signal(SIGPIPE, SIG_IGN);   /* a closed log pipe must not kill the supervisor */
	prctl(PR_SET_DUMPABLE, 0);

	/* The supervisor is its namespace's init: the kernel drops a signal
	 * an init has no handler for, even a blocked one. A handler that is
	 * never run (the signals stay blocked; signalfd reads them) makes
	 * them reach the signalfd. */
	sigset_t mask, oldmask;
	sigemptyset(&mask);
	int fwd[] = { SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH, SIGALRM };
	struct sigaction sa = { .sa_handler = never_run };
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(fwd) / sizeof(fwd[0]); i++) {
		sigaddset(&mask, fwd[i]);
		sigaction(fwd[i], &sa, NULL);
	}
	sigprocmask(SIG_BLOCK, &mask, &oldmask);
	int sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);

	if ((rc = loop_init()) < 0 || (rc = loop_watch(sfd, EPOLLIN, on_signal, &sfd)) < 0)
		return fail("event loop: %s", strerror(-rc));
	/* Without seccomp user notification (an older kernel, or a listener
	 * further up the filter stack: EBUSY), ptrace serves the same. */
	struct seccomp_notif_sizes sizes;
	int why = 0;
	traced = o->backend && strcmp(o->backend, "ptrace") == 0;
	if (!traced && syscall(__NR_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0)
		why = errno;
	int listener = -1;
	rc = why ? -why : start_program(o, &oldmask, &listener);
	if (rc < 0) {
		if (o->log)
			fprintf(stderr, "veneer: seccomp user notification is unavailable (%s): using the ptrace backend\n",
				strerror(-rc));
		traced = true;
		rc = start_program(o, &oldmask, &listener);
	}
	if (rc > 0)
		return rc;
	if (traced)
		rc = ptrace_backend_init(&backend, serve, on_exit_status);
	else if ((rc = notify_backend_init(&backend, listener)) == 0)
		rc = loop_watch(listener, EPOLLIN, on_notification, (void *)(intptr_t)listener);
	if (rc < 0) {
		kill(child, SIGKILL);
		return fail("the %s backend is unavailable: %s", traced ? "ptrace" : "notify", strerror(-rc));
	}
	vlog_note(traced ? "backend: ptrace" : "backend: notify");

	/* Serve from now on: between filter and exec the child may already
	 * make trapped calls. The error pipe closes at exec, or carries why
	 * the exec failed. */
	if ((rc = loop_watch(exec_pipe, EPOLLIN | EPOLLHUP, on_exec_pipe, NULL)) < 0)
		return fail("event loop: %s", strerror(-rc));
	/* A SIGCHLD may have come before the watch. */
	on_signal(&sfd, 0);
	while (!main_done || exec_pipe >= 0) {
		rc = loop_run_once(-1);
		if (rc < 0)
			return fail("event loop: %s", strerror(-rc));
	}
	vlog_finish();
	if (exec_failed.stage)
		return report_exec_error(o, &exec_failed);
	return exit_status(main_status);
}
