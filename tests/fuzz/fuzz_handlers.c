/* libFuzzer target over intercept/'s handlers: each input is a short
 * sequence of trapped calls, run through dispatch() as the supervisor runs
 * them, against the fake backend (tests/unit/fake_backend.h) whose caller
 * is this process and whose memory is an arena the input fills.
 *
 * Input:
 *   byte 0    flags: 1 the model grants CAP_NET_ADMIN, 2 CAP_SYS_ADMIN,
 *             4 the stand-ins are SOCK_NONBLOCK, 8 --log (text), 8|16 JSON,
 *             32 the live socket table is read from the host (below)
 *   byte 1    calls - 1 (low 3 bits: 1 to 8 calls)
 *   calls     each 56 bytes: the syscall number (u16; one the dispatch
 *             table lacks picks a row by its value), then 6 arguments of
 *             a kind byte and a u64 (see arg()); missing bytes are zeros
 *   the rest  the arena's data, from its first byte (ARENA_DATA); the
 *             read-only page after it holds RO_PATTERN, no NUL
 * Before the calls, one stand-in netlink socket of each modelled protocol
 * is created through h_socket (fd kind 3 picks one). A call is delivered
 * only as the seccomp filter would trap it (filter.c's conditions; a row
 * of an unknown kind is skipped).
 *
 * Checked after each call: answered at most once, never with an errno the
 * kernel has not, never an fd that is not open (the fake counts these);
 * after each run, every fd it made is closed, parked calls are abandoned,
 * opens in flight in threads are let finish, the model is loaded again if
 * the run could change it, and the number of open fds must stay flat (an
 * fd leak aborts with the list of what is open).
 *
 * The handlers open host files for the caller through /proc's magic links
 * (/proc/self/root/...), with O_TRUNC if asked. So the target sandboxes
 * itself first (sandbox()): a pid namespace of its own whose procfs holds
 * only this process (no other process's root or cwd to reach), a network
 * namespace of its own (the live socket table asks sock_diag: of an empty
 * namespace, not of every socket of the host, as veneer's --net none), every
 * mount read-only but the directories libFuzzer writes (its working
 * directory, the corpus directories, the artifact prefix's), a private
 * /tmp, a /dev with null, zero, random and urandom only, and its output
 * through pipes (so that truncating /proc/self/fd/1 truncates nothing).
 * Needs root, like the supervisor.
 *
 * A departure from the real sandbox: the caller's fd table is the
 * supervisor's own (as the fake backend's brief has it), so /proc/self/fd
 * shows the supervisor's fds to the caller too. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/mount.h>
#include <linux/netlink.h>
#include <linux/sockios.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dispatch.h"
#include "fake_backend.h"
#include "loop.h"
#include "sandbox_ctx.h"
#include "scenario.h"
#include "sock_model.h"
#include "sysctl_fd.h"
#include "vfd.h"
#include "vlog.h"

/* Fixed, so that pointers stored in the corpus stay valid: in x86_64's
 * high application range, clear of ASan's shadow and allocator regions. */
#define ARENA_MAP 0x3f0000000000ull
#define ARENA_DATA (ARENA_MAP + 4096)
#define ARENA_PAGES 16
#define MAX_CALLS 8
#define CALL_BYTES (2 + 6 * 9)
/* The read-only page's bytes: a path, over and over, and no NUL, so that
 * a string read from there runs into the guard page after it. */
#define RO_PATTERN "/proc/self/net/"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* --- the sandbox -------------------------------------------------------- */

static void die(const char *what)
{
	fprintf(stderr, "fuzz_handlers: %s: %s\n", what, strerror(errno));
	_exit(1);
}

static pid_t forward_to;

static void forward(int sig)
{
	if (forward_to > 0)
		kill(forward_to, sig);
}

static void forward_signals(pid_t to)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };
	forward_to = to;
	struct sigaction sa = { .sa_handler = forward };
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

static int status_code(int st)
{
	return WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 1;
}

/* The outer process: copy the fuzzer's output to ours until it ends, then
 * exit as the namespace's init did. */
static void relay(pid_t init, int out, int err)
{
	struct pollfd p[2] = { { out, POLLIN, 0 }, { err, POLLIN, 0 } };
	char buf[65536];
	int open_ends = 2;
	while (open_ends) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++) {
			if (p[i].fd < 0 || !p[i].revents)
				continue;
			ssize_t n = read(p[i].fd, buf, sizeof(buf));
			if (n > 0) {
				if (write(i + 1, buf, (size_t)n) < 0) {
					/* nowhere to say it */
				}
			} else if (n == 0 || errno != EINTR) {
				close(p[i].fd);
				p[i].fd = -1;
				open_ends--;
			}
		}
	}
	int st;
	while (waitpid(init, &st, 0) < 0)
		if (errno != EINTR)
			_exit(1);
	_exit(status_code(st));
}

/* The namespace's init: wait for the fuzzer, then end whatever it left. */
static void init_wait(pid_t fuzzer)
{
	int st, code = 1;
	for (;;) {
		pid_t p = wait(&st);
		if (p == fuzzer) {
			code = status_code(st);
			break;
		}
		if (p < 0 && errno != EINTR)
			break;
	}
	kill(-1, SIGKILL);
	_exit(code);
}

static void add_keep(char **keep, int *nkeep, const char *path, bool parent)
{
	char buf[4096];
	snprintf(buf, sizeof(buf), "%s", path);
	if (parent) {
		char *slash = strrchr(buf, '/');
		if (!slash)
			snprintf(buf, sizeof(buf), ".");
		else if (slash[1])
			*slash = '\0';   /* a file name prefix: its directory */
	}
	char *real = realpath(buf, NULL);
	struct stat st;
	if (!real || stat(real, &st) < 0 || !S_ISDIR(st.st_mode) || strcmp(real, "/") == 0 || *nkeep == 64) {
		free(real);
		return;
	}
	keep[(*nkeep)++] = real;
}

static void mkdir_p(const char *dir)
{
	char buf[4096];
	snprintf(buf, sizeof(buf), "%s", dir);
	for (char *p = buf + 1;; p++)
		if (*p == '/' || !*p) {
			char c = *p;
			*p = '\0';
			mkdir(buf, 0755);   /* EEXIST for all but the private /tmp's */
			if (!(*p = c))
				return;
		}
}

static void sandbox(int argc, char **argv)
{
	if (getenv("VENEER_FUZZ_SANDBOX"))
		return;   /* a -jobs or -fork worker of a fuzzer already inside */
	char *keep[64];
	int nkeep = 0;
	struct stat st;
	add_keep(keep, &nkeep, ".", false);
	char *exe = realpath("/proc/self/exe", NULL);   /* the symbolizer reads it */
	if (exe)
		add_keep(keep, &nkeep, exe, true);
	free(exe);
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "-artifact_prefix=", 17) == 0)
			add_keep(keep, &nkeep, argv[i] + 17, true);
		else if (strncmp(argv[i], "-exact_artifact_path=", 21) == 0)
			add_keep(keep, &nkeep, argv[i] + 21, true);
		else if (argv[i][0] != '-')   /* a corpus directory, or an input's */
			add_keep(keep, &nkeep, argv[i], stat(argv[i], &st) == 0 && !S_ISDIR(st.st_mode));
	}
	/* A namespace's sock_diag walks its TCP hash table: the host's has
	 * 2^18 buckets or so, a walk per live-socket refresh was two thirds
	 * of the fuzzer's time. tcp_child_ehash_entries gives the namespace
	 * made next a small table of its own; the host's setting is put
	 * back at once (only a namespace made meanwhile gets one too). */
	char old[32] = "";
	int sysctl = open("/proc/sys/net/ipv4/tcp_child_ehash_entries", O_RDWR | O_CLOEXEC);
	ssize_t oldlen = sysctl >= 0 ? pread(sysctl, old, sizeof(old) - 1, 0) : -1;
	bool shrink = oldlen > 0 && atoi(old) == 0 && pwrite(sysctl, "1024\n", 5, 0) == 5;
	int rc = unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET);
	int e = errno;
	if (shrink && pwrite(sysctl, old, (size_t)oldlen, 0) != oldlen)
		fprintf(stderr, "fuzz_handlers: cannot restore tcp_child_ehash_entries to %s", old);
	if (sysctl >= 0)
		close(sysctl);
	errno = e;
	if (rc < 0)
		die("unshare (the target must run as root)");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		die("mount --make-rprivate /");
	int kept[64];
	for (int i = 0; i < nkeep; i++)
		if ((kept[i] = (int)syscall(SYS_open_tree, AT_FDCWD, keep[i],
					    OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE)) < 0)
			die(keep[i]);
	static const char *const devs[] = { "null", "zero", "random", "urandom" };
	int dev[4];
	for (int i = 0; i < 4; i++) {
		char path[32];
		snprintf(path, sizeof(path), "/dev/%s", devs[i]);
		if ((dev[i] = (int)syscall(SYS_open_tree, AT_FDCWD, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC)) < 0)
			die(path);
	}
	struct mount_attr ro = { .attr_set = MOUNT_ATTR_RDONLY };
	if (syscall(SYS_mount_setattr, AT_FDCWD, "/", AT_RECURSIVE, &ro, sizeof(ro)) < 0)
		die("read-only mounts");
	/* the device clones too: they are the host's inodes, and a path change
	 * through /proc/self/fd/0 (chmod, chown, utimes) would change the
	 * host's /dev/null; a device is still written through a read-only
	 * mount */
	for (int i = 0; i < 4; i++)
		if (syscall(SYS_mount_setattr, dev[i], "", AT_EMPTY_PATH, &ro, sizeof(ro)) < 0)
			die("read-only devices");
	if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") < 0 ||
	    mount("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755") < 0)
		die("tmpfs");
	for (int i = 0; i < 4; i++) {
		char path[32];
		snprintf(path, sizeof(path), "/dev/%s", devs[i]);
		int f = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0666);
		if (f < 0)
			die(path);
		close(f);
		if (syscall(SYS_move_mount, dev[i], "", AT_FDCWD, path, MOVE_MOUNT_F_EMPTY_PATH) < 0)
			die(path);
		close(dev[i]);
	}
	for (int i = 0; i < nkeep; i++) {
		mkdir_p(keep[i]);   /* under /tmp: hidden by the private one */
		if (syscall(SYS_move_mount, kept[i], "", AT_FDCWD, keep[i], MOVE_MOUNT_F_EMPTY_PATH) < 0)
			die(keep[i]);
		close(kept[i]);
		free(keep[i]);
	}
	/* the working directory is still the read-only mount under the
	 * writable one now on top of it: relative paths must see the latter */
	char *cwd = realpath(".", NULL);
	if (!cwd || chdir(cwd) < 0)
		die("chdir");
	free(cwd);
	int out[2], err[2];
	if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0)
		die("pipe");
	fflush(NULL);
	pid_t init = fork();
	if (init < 0)
		die("fork");
	if (init > 0) {
		close(out[1]);
		close(err[1]);
		forward_signals(init);
		relay(init, out[0], err[0]);
	}
	/* pid 1 of the new namespace */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		die("mount proc");
	pid_t fuzzer = fork();
	if (fuzzer < 0)
		die("fork");
	if (fuzzer > 0) {
		close(out[0]);
		close(out[1]);
		close(err[0]);
		close(err[1]);
		forward_signals(fuzzer);
		init_wait(fuzzer);
	}
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (null < 0 || dup2(null, 0) < 0 || dup2(out[1], 1) < 0 || dup2(err[1], 2) < 0)
		die("stdio");
	/* nothing of the outside stays open: only our stdio and what we make */
	syscall(SYS_close_range, 3, ~0u, 0);
	setenv("VENEER_FUZZ_SANDBOX", "1", 1);
}

/* --- the supervisor ---------------------------------------------------- */

static char ro_page[FAKE_PAGE];

static void fill_ro(void)
{
	if (!ro_page[0])
		for (size_t i = 0; i < sizeof(ro_page); i++)
			ro_page[i] = RO_PATTERN[i % (sizeof(RO_PATTERN) - 1)];
	fake_fill_ro(ro_page, sizeof(ro_page));
}

static const struct syscall_entry *eligible[256];
static unsigned neligible;
static struct vlog *log_text, *log_json;
static int fd_dir = -1;
static bool verbose;         /* FUZZ_HANDLERS_VERBOSE: each call and its answer */
static int fd_base;          /* open fds after the first runs */
static int thread_base;      /* threads between runs (libFuzzer's own included) */

static int count_fds(void)
{
	lseek(fd_dir, 0, SEEK_SET);
	char buf[8192];
	int n = 0;
	long k;
	while ((k = syscall(SYS_getdents64, fd_dir, buf, sizeof(buf))) > 0)
		for (long off = 0; off < k;) {
			const struct dirent *d = (const void *)(buf + off);
			n += d->d_name[0] != '.';
			off += d->d_reclen;
		}
	return n - 1;   /* fd_dir itself */
}

/* Threads of this process: async opens run in threads of their own, which
 * must end. */
static int threads(void)
{
	char buf[4096];
	int f = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	ssize_t n = f >= 0 ? read(f, buf, sizeof(buf) - 1) : -1;
	if (f >= 0)
		close(f);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	const char *t = strstr(buf, "\nThreads:");
	return t ? atoi(t + 9) : -1;
}

/* What each open fd is, for the report of a leak. */
static void list_fds(void)
{
	for (int fd = 0; fd < 65536; fd++) {
		char path[64], target[256];
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		ssize_t k = readlink(path, target, sizeof(target) - 1);
		if (k < 0)
			continue;
		target[k] = '\0';
		int fl = fcntl(fd, F_GETFL);
		fprintf(stderr, "  %d -> %s (flags %#o)\n", fd, target, fl);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	sandbox(*argc, *argv);
	int rc = fake_init(ARENA_MAP, ARENA_PAGES);
	if (rc == 0)
		rc = fake_supervisor_init();
	if (rc < 0) {
		fprintf(stderr, "fuzz_handlers: cannot set up the supervisor: %s\n", strerror(-rc));
		exit(1);
	}
	if (fake_map_start() != ARENA_MAP)
		fprintf(stderr, "fuzz_handlers: the arena is not at %#llx: stored pointers miss\n", ARENA_MAP);
	for (unsigned i = 0; i < dispatch_count && neligible < 256; i++)
		if (dispatch_table[i].when != REFUSE)
			eligible[neligible++] = &dispatch_table[i];
	fill_ro();
	verbose = getenv("FUZZ_HANDLERS_VERBOSE") != NULL;
	static const struct vlog_opts text_opts = { .strsize = 4 }, json_opts = { .json = true };
	log_text = vlog_open("/dev/null", &text_opts);
	log_json = vlog_open("/dev/null", &json_opts);
	fd_dir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (!log_text || !log_json || fd_dir < 0) {
		fprintf(stderr, "fuzz_handlers: /dev/null, /proc/self/fd: %s\n", strerror(errno));
		exit(1);
	}
	return 0;
}

/* --- one run ------------------------------------------------------------ */

struct input {
	const uint8_t *p;
	size_t left;
};

static uint64_t take(struct input *in, size_t n)
{
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		uint8_t b = 0;
		if (in->left) {
			b = *in->p++;
			in->left--;
		}
		v |= (uint64_t)b << (8 * i);
	}
	return v;
}

/* The live socket table (intercept's host/live_socks.c) is read from the
 * host's sock_diag before each socket file or sock_diag answer. Here the
 * caller's fd table is the supervisor's, so the supervisor's own sockets
 * count as the program's and every refresh asks for every inet family:
 * a TCP dump walks the host's bind hash (not per namespace), ~1 ms a
 * refresh, 60% of the fuzzer's time. run-fuzzers links the target with
 * --wrap=live_socks_refresh: an input with flag 32 gets its first refresh
 * for real and keeps that table for the rest of the run; without it the
 * table is emptied, as for a sandbox that holds no socket (its own
 * stand-ins are then missing from it). Either way what a run does stays
 * a function of its input alone, and the table holds copied values only,
 * nothing that points into state a later call frees. */
void __real_live_socks_refresh(struct vn_model *m);
void __wrap_live_socks_refresh(struct vn_model *m);
static bool live_refresh, refreshed;

void __wrap_live_socks_refresh(struct vn_model *m)
{
	if (!live_refresh)
		vn_model_clear_live_sockets(m);
	else if (!refreshed)
		__real_live_socks_refresh(m);
	refreshed = true;
}

/* handlers/signal.c signals, for the caller, the task a /proc/<pid>
 * directory fd stands for, and here the only task of the sandbox is this
 * process: SIGKILL or SIGSTOP from an input would end or stop the fuzzer
 * (a run died silently that way). run-fuzzers links with --wrap=syscall:
 * pidfd_send_signal is made a probe (signal 0, no siginfo), which checks
 * the pidfd and the permission as the real one does and delivers
 * nothing. Every other call goes through unchanged. */
long __real_syscall(long nr, ...);
long __wrap_syscall(long nr, ...);

/* Six arguments are passed on, whatever the caller gave: the sixth lies
 * in the caller's frame when it gave fewer, which ASan would flag. */
__attribute__((no_sanitize("address"))) long __wrap_syscall(long nr, ...)
{
	va_list ap;
	va_start(ap, nr);
	long a[6];
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);   /* registers either way on x86_64 */
	va_end(ap);
	if (nr == SYS_pidfd_send_signal)
		a[1] = a[2] = 0;
	return __real_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

static int socks[4], nsocks;
static int got[MAX_CALLS], ngot;   /* fds this run's calls were answered with */

/* Values the handlers branch on, so that a mutation finds them. */
static const uint64_t constants[] = {
	(uint64_t)AT_FDCWD, (uint64_t)-1, 0, 1, 2, 4, 8, 12, 16, 32, 64, 4096, 32768, PATH_MAX,
	UIO_MAXIOV, UIO_MAXIOV + 1, 0x7ffff000, 0x7fffffffffffffffull, 0x8000000000000000ull,
	O_RDONLY | O_CLOEXEC, O_WRONLY, O_RDWR, O_PATH, O_DIRECTORY, O_NOFOLLOW, O_NONBLOCK,
	O_CREAT | O_EXCL, O_WRONLY | O_TRUNC, O_TMPFILE | O_RDWR,
	AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH, AT_EACCESS, MSG_DONTWAIT, MSG_PEEK | MSG_DONTWAIT,
	MSG_TRUNC | MSG_DONTWAIT, MSG_PEEK | MSG_TRUNC, SOL_SOCKET, SOL_NETLINK, SO_RCVTIMEO_OLD,
	SO_SNDTIMEO_OLD, SO_RCVBUF, SO_SNDBUF, SO_RCVBUFFORCE, SO_TYPE, SO_PROTOCOL,
	NETLINK_ADD_MEMBERSHIP, NETLINK_DROP_MEMBERSHIP, NETLINK_EXT_ACK, NETLINK_CAP_ACK,
	NETLINK_GET_STRICT_CHK, NETLINK_LIST_MEMBERSHIPS, NETLINK_NO_ENOBUFS, NETLINK_PKTINFO,
	AF_NETLINK, AF_UNSPEC, AF_INET, AF_INET6, SOCK_RAW, SOCK_DGRAM, NETLINK_ROUTE,
	NETLINK_SOCK_DIAG, NETLINK_GENERIC, SIOCGIFCONF, SIOCGIFNAME, SIOCGIFINDEX, SIOCGIFFLAGS,
	SIOCSIFFLAGS, SIOCGIFADDR, SIOCSIFADDR, SIOCGIFNETMASK, SIOCGIFHWADDR, SIOCGIFMTU,
	SIOCSIFMTU, SIOCSIFNAME, SIOCDIFADDR, SIOCETHTOOL, SIOCGIFTXQLEN, SIOCADDRT, VFD_BASE,
	0, 0, 0,
};

static uint64_t arg(struct input *in)
{
	uint8_t kind = (uint8_t)take(in, 1);
	uint64_t v = take(in, 8);
	switch (kind & 7) {
	case 1:   /* anywhere around the arena: guards, read-only page, beyond */
		return fake_map_start() + (v & 0xffffffffu);
	case 2:   /* inside the data */
		return fake_addr(fake_mem()) + v % fake_mem_size();
	case 3:
		return nsocks ? (uint64_t)socks[v % (uint64_t)nsocks] : v;
	case 4:
		return (uint64_t)(int64_t)(int8_t)v;
	case 5:
		return constants[v % (sizeof(constants) / sizeof(constants[0]))];
	case 6:
		return v & 0xffffffffu;
	case 7:
		return ngot ? (uint64_t)got[v % (uint64_t)ngot] : (uint64_t)VFD_BASE + (v & 0xff);
	default:
		return v;
	}
}

/* The seccomp filter's condition for e (filter.c): adjust the arguments
 * the condition reads so that the call is one the filter traps, keeping
 * every other bit; false if the kind is not known here. */
static bool as_trapped(const struct syscall_entry *e, uint64_t *a)
{
	switch (e->when) {
	case TRAP_ALWAYS:
		return true;
	case TRAP_VFD:
		return a[0] >= VFD_BASE;
	case TRAP_VFD2:
		return a[0] >= VFD_BASE || a[e->argi] >= VFD_BASE;
	case TRAP_NO_EMPTY_PATH:
		a[e->argi] &= ~(uint64_t)AT_EMPTY_PATH;
		return true;
	case TRAP_REWIND:
		a[1] = 0;
		a[2] = (a[2] & ~0xffffffffull) | SEEK_SET;
		return true;
	case TRAP_NETLINK:
		a[0] = (a[0] & ~0xffffffffull) | AF_NETLINK;
		return true;
	case TRAP_NET_IOCTL:
		a[1] = (a[1] & ~0xffffff00ull) | 0x8900;
		return true;
	default:
		return false;   /* REFUSE: the kernel answers; or a kind newer than this */
	}
}

static const struct syscall_entry *entry_for(unsigned nr)
{
	for (unsigned i = 0; i < neligible; i++)
		if (eligible[i]->nr == (int)nr)
			return eligible[i];
	return eligible[nr % neligible];
}

static void check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_handlers: %s\n", what);
		abort();
	}
}

static void make_stand_ins(uint8_t flags)
{
	static const int kinds[][2] = { { SOCK_RAW, NETLINK_ROUTE }, { SOCK_RAW, NETLINK_SOCK_DIAG },
					{ SOCK_DGRAM, NETLINK_ROUTE }, { SOCK_RAW, NETLINK_GENERIC } };
	nsocks = 0;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		struct vcall c;
		int type = kinds[i][0] | SOCK_CLOEXEC | ((flags & 4) ? SOCK_NONBLOCK : 0);
		fake_vcall(&c, SYS_socket, AF_NETLINK, (uint64_t)type, (uint64_t)kinds[i][1], 0, 0, 0);
		const struct fake_record *r = fake_serve(&c);
		check(r && r->reply == VR_FD, "a stand-in socket could not be made (fds leaking?)");
		socks[nsocks++] = r->fd;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned long runs;
	struct input in = { data, size };
	uint8_t flags = (uint8_t)take(&in, 1);
	unsigned ncalls = ((unsigned)take(&in, 1) & (MAX_CALLS - 1)) + 1;
	struct input calls = in;
	size_t skip = ncalls * CALL_BYTES < in.left ? ncalls * CALL_BYTES : in.left;
	in.p += skip;
	in.left -= skip;
	memcpy(fake_mem(), in.p, in.left < fake_mem_size() ? in.left : fake_mem_size());

	fake_sandbox()->caps =
		((flags & 1) ? 1ull << CAP_NET_ADMIN : 0) | ((flags & 2) ? 1ull << CAP_SYS_ADMIN : 0);
	live_refresh = flags & 32;
	refreshed = false;
	vlog_set((flags & 8) ? ((flags & 16) ? log_json : log_text) : NULL);
	unsigned bad = fake_violations();
	make_stand_ins(flags);
	ngot = 0;
	for (unsigned i = 0; i < ncalls; i++) {
		unsigned nr = (unsigned)take(&calls, 2);
		uint64_t a[6];
		for (int k = 0; k < 6; k++)
			a[k] = arg(&calls);
		const struct syscall_entry *e = entry_for(nr);
		if (!as_trapped(e, a))
			continue;
		struct vcall c;
		fake_vcall(&c, e->nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		const struct fake_record *r = fake_serve(&c);
		check(r != NULL, "no record of the call");
		if (verbose)
			fprintf(stderr, "%s(%#llx, %#llx, %#llx, %#llx, %#llx, %#llx) = %s %lld\n", e->name,
				(unsigned long long)a[0], (unsigned long long)a[1], (unsigned long long)a[2],
				(unsigned long long)a[3], (unsigned long long)a[4], (unsigned long long)a[5],
				r->state == FAKE_PENDING ? "parked" : r->reply == VR_FD ? "fd"
				: r->reply == VR_CONTINUE ? "continue" : "value", (long long)r->value);
		check(r->answers <= 1, "a call answered twice");
		if (r->state == FAKE_ANSWERED && r->reply == VR_FD && ngot < MAX_CALLS)
			got[ngot++] = r->fd;
		check(fake_violations() == bad, "an answer the kernel would refuse (see the fake's record)");
		/* what the event loop would run before the next call */
		loop_run_once(0);
	}

	/* back to the start: parked calls abandoned, every fd we got
	 * closed (the stand-ins' state goes with their peers' hang-up) */
	fake_all_gone();
	fake_reset();
	fill_ro();
	fake_settle();
	sysctl_sock_drain();
	vlog_set(NULL);
	if (fake_sandbox()->caps) {
		/* changes need a capability: only then is the model not as loaded */
		vn_model_free(&fake_sandbox()->model);
		vn_model_init(&fake_sandbox()->model);
		vn_model_load_default(&fake_sandbox()->model);
		fake_sandbox()->caps = 0;
	}
	check(fake_violations() == bad, "an answer the kernel would refuse (after the run)");
	/* Opens that may block run in threads (async_open.c), each holding
	 * its O_PATH fd and then its result until the loop takes its
	 * completion: let them finish, so that what is counted is what
	 * stays. */
	for (int i = 0; i < 1000 && thread_base && threads() > thread_base; i++) {
		usleep(1000);
		fake_settle();
	}
	fake_settle();
	int n = count_fds();
	if (runs < 16 && (!thread_base || threads() < thread_base))
		thread_base = threads();
	if (++runs == 16)
		fd_base = n;   /* the supervisor's own lazily made fds exist by now */
	if (runs > 16 && n > fd_base + 8) {
		fprintf(stderr, "fuzz_handlers: %d fds open after %lu runs, %d after the first ones, %d threads:\n",
			n, runs, fd_base, threads());
		list_fds();
		abort();
	}
	if ((runs & (runs - 1)) == 0 && runs >= 1u << 14)
		fprintf(stderr, "fuzz_handlers: %lu runs, %d fds open (%d at run 16), %d threads\n", runs, n,
			fd_base, threads());
	return 0;
}
