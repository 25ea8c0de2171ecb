/* See launch.h.
 *
 * Why a pid namespace: a program sharing the host's could signal, probe
 * and count every host process of its uid (kill, getpgid, pidfd_open,
 * sched_getscheduler answer for any pid), and every /proc listing had to
 * decide membership by ancestry. In its own namespace the host's
 * processes do not exist for it, and the supervisor's procfs of that
 * namespace (run.c) shows exactly the sandbox. The supervisor is the
 * namespace's init, not the program: an init ignores signals it has no
 * handler for, which would change how the program dies (`kill $$`,
 * Ctrl-C). When the supervisor exits, the kernel kills every process of
 * the namespace: nothing outlives veneer. Its cgroup namespace shows the
 * sandbox's cgroup as the root. */
#include "launch.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include <unistd.h>

static volatile pid_t supervisor;

/* A signal sent to veneer goes on to the supervisor, which passes it to
 * the program. One the kernel sent (the terminal's Ctrl-C, to the whole
 * process group) reached them already. */
static void forward(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (si->si_code != SI_KERNEL && supervisor > 0)
		kill(supervisor, sig);
}

/* A new network namespace's lo is down; a program expects it up, as on
 * any booted machine (the model shows it UP too). */
static int lo_up(void)
{
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct ifreq ifr = { .ifr_name = "lo" };
	int rc = s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) < 0 ? -errno : 0;
	if (rc == 0) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
			rc = -errno;
	}
	if (s >= 0)
		close(s);
	return rc;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = write(fd, text, strlen(text));
	int e = errno;
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -(n < 0 ? e : EIO);
}

/* As an ordinary user: a user namespace that maps the caller's own uid
 * and gid to themselves, in which veneer holds the capabilities it needs
 * for its namespaces and mounts, and the program none (it drops them as
 * under root). setgroups is denied, as the kernel requires for a mapping
 * made without privilege: the supplementary groups stay the caller's. */
static int enter_user_ns(void)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	char map[64];
	if (unshare(CLONE_NEWUSER) < 0)
		return -errno;
	int rc = write_file("/proc/self/setgroups", "deny");
	if (rc == 0) {
		snprintf(map, sizeof(map), "%u %u 1", (unsigned)uid, (unsigned)uid);
		rc = write_file("/proc/self/uid_map", map);
	}
	if (rc == 0) {
		snprintf(map, sizeof(map), "%u %u 1", (unsigned)gid, (unsigned)gid);
		rc = write_file("/proc/self/gid_map", map);
	}
	return rc;
}

/* The namespaces and mounts need CAP_SYS_ADMIN, the new network
 * namespace's lo CAP_NET_ADMIN. A root without them (a container's root:
 * Docker, podman and Kubernetes grant neither by default) makes them in a
 * user namespace of its own, as an ordinary user does. A raw capget (as
 * creds.c does): run.c sets libcap-ng's state for the program. */
static bool holds_namespace_caps(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	if (syscall(SYS_capget, &h, d) < 0)
		return false;
	uint64_t eff = d[0].effective | (uint64_t)d[1].effective << 32;
	return (eff >> CAP_SYS_ADMIN & 1) && (eff >> CAP_NET_ADMIN & 1);
}

/* What the supervisor does to the program that a container's seccomp
 * profile may refuse, though the kernel's ptrace rules allow it: Docker's
 * and containerd's default profiles allow pidfd_getfd (and Docker 20.10's
 * process_vm_readv) only with CAP_SYS_PTRACE. Each is tried on veneer
 * itself, which only a filter can refuse, so that a refusal is one line
 * now, not the program's first trapped call failing with EPERM. Each
 * returns 0 or an errno. */
static int try_process_vm_readv(void)
{
	char byte = 0, copy;
	struct iovec local = { &copy, 1 }, remote = { &byte, 1 };
	return process_vm_readv(getpid(), &local, 1, &remote, 1, 0) < 0 ? errno : 0;
}

static int try_pidfd_getfd(void)
{
	int pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	int dup = pidfd < 0 ? -1 : (int)syscall(SYS_pidfd_getfd, pidfd, pidfd, 0);
	int e = dup < 0 ? errno : 0;
	if (pidfd >= 0)
		close(pidfd);
	if (dup >= 0)
		close(dup);
	return e;
}

static const struct {
	const char *name;
	int (*try)(void);
} supervisor_calls[] = {
	{ "process_vm_readv", try_process_vm_readv },
	{ "pidfd_getfd", try_pidfd_getfd },
};

static bool supervisor_calls_allowed(void)
{
	for (size_t i = 0; i < sizeof(supervisor_calls) / sizeof(supervisor_calls[0]); i++) {
		int e = supervisor_calls[i].try();
		if (e) {
			fprintf(stderr, "veneer: the kernel refuses %s: %s (a container's seccomp "
				"profile? Docker's and containerd's allow it only with "
				"CAP_SYS_PTRACE)\n", supervisor_calls[i].name, strerror(e));
			return false;
		}
	}
	return true;
}

bool launch_unprivileged;

int launch_in_pid_namespace(bool net_host)
{
	if (!supervisor_calls_allowed())
		return 2;
	if (geteuid() != 0 || !holds_namespace_caps()) {
		int rc = enter_user_ns();
		if (rc < 0) {
			fprintf(stderr, "veneer: cannot create a user namespace: %s (veneer needs "
				"%s, or a kernel and a seccomp profile that let it make user "
				"namespaces)\n", strerror(-rc),
				geteuid() == 0 ? "CAP_SYS_ADMIN and CAP_NET_ADMIN" : "root");
			return 2;
		}
		launch_unprivileged = true;
	}
	/* A cgroup namespace: /proc/<pid>/cgroup shows the sandbox's cgroup
	 * as "/", not the host's path to it (a container's id, a user's
	 * session). A kernel without cgroup namespaces gets the rest. */
	int flags = CLONE_NEWPID | (net_host ? 0 : CLONE_NEWNET);
	if (unshare(flags | CLONE_NEWCGROUP) < 0 && (errno != EINVAL || unshare(flags) < 0)) {
		/* A user namespace without capabilities: Ubuntu's
		 * kernel.apparmor_restrict_unprivileged_userns makes them so */
		fprintf(stderr, "veneer: cannot create the sandbox's namespaces: %s (veneer "
			"needs CAP_SYS_ADMIN%s)\n", strerror(errno), launch_unprivileged ?
			", which the kernel did not grant in its user namespace" : "");
		return 2;
	}
	int rc = net_host ? 0 : lo_up();
	if (rc < 0) {
		fprintf(stderr, "veneer: cannot bring up lo in the sandbox's network namespace: %s\n",
			strerror(-rc));
		return 2;
	}
	static const int fwd[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH, SIGALRM };
	sigset_t mask, old;
	sigemptyset(&mask);
	for (size_t i = 0; i < sizeof(fwd) / sizeof(fwd[0]); i++)
		sigaddset(&mask, fwd[i]);
	sigprocmask(SIG_BLOCK, &mask, &old);   /* until the handlers know the pid */
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "veneer: fork: %s\n", strerror(errno));
		return 2;
	}
	if (pid == 0) {
		/* The supervisor dies with the launcher (killed, say): the
		 * namespace goes with it. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		sigprocmask(SIG_SETMASK, &old, NULL);
		return 0;
	}
	supervisor = pid;
	struct sigaction sa = { .sa_sigaction = forward, .sa_flags = SA_SIGINFO | SA_RESTART };
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(fwd) / sizeof(fwd[0]); i++)
		sigaction(fwd[i], &sa, NULL);
	sigprocmask(SIG_SETMASK, &old, NULL);
	/* _exit: nothing of the launcher's is left to flush, and no atexit
	 * work may fork (a sanitizer's leak check would): after unshare every
	 * child of the launcher is born in the namespace, whose init is gone. */
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			_exit(2);
	if (WIFEXITED(status))
		_exit(WEXITSTATUS(status));
	/* The supervisor itself killed: say so as a shell would. */
	_exit(128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 1));
}
