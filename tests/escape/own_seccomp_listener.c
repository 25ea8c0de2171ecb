/* Issue 19, class 7: the program's own seccomp filter.
 *
 * Seccomp keeps the action of highest precedence: USER_NOTIF beats TRACE.
 * The program installs a filter that sends socket(AF_NETLINK, ...) to a
 * listener of its own, served by one of its threads, which answers every
 * notification CONTINUE. Under the ptrace backend the call then never
 * reaches veneer and becomes a real host netlink socket.
 * HELD: the filter or its listener is refused, or the socket the program
 * gets is the model's (a link dump through it shows no host interface).
 * Arguments: host_ifaces=... */
#include "escape.h"

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

static int listener;
static int answered;

static void *serve(void *arg)
{
	(void)arg;
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	for (;;) {
		memset(&req, 0, sizeof(req));
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0) {
			if (errno == EINTR)
				continue;
			return NULL;
		}
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) == 0)
			__atomic_add_fetch(&answered, 1, __ATOMIC_SEQ_CST);
	}
}

int main(int argc, char **argv)
{
	struct sock_filter prog[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socket, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_NETLINK, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
	};
	struct sock_fprog fprog = { .len = sizeof(prog) / sizeof(prog[0]), .filter = prog };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		setup_error("no_new_privs: %s", strerror(errno));
	listener = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &fprog);
	if (listener < 0)
		held("the program's own listener filter was refused: %s", strerrorname_np(errno));
	pthread_t t;
	if (pthread_create(&t, NULL, serve, NULL) != 0)
		setup_error("pthread_create");

	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		held("listener installed (%d answered), socket(AF_NETLINK) failed: %s",
		     __atomic_load_n(&answered, __ATOMIC_SEQ_CST), strerror(errno));
	char dump[8192];
	int n = dump_links(fd, dump, sizeof(dump));
	const char *leak = n > 0 ? dump_leak(argc, argv, dump) : NULL;
	int got = __atomic_load_n(&answered, __ATOMIC_SEQ_CST);
	if (leak)
		escaped("own listener answered CONTINUE %d time(s): socket(AF_NETLINK) = %d is the host's, "
			"dump shows %s", got, fd, leak);
	held("own listener installed (%d answered CONTINUE); socket fd %d dumps %s", got, fd,
	     n < 0 ? strerror(-n) : dump);
}
