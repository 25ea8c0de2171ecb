/* See vdecode.h. Every read of the caller's memory is bounded (vcall_read,
 * PATH_MAX paths, strsize-limited strings, at most 64 KiB of netlink): the
 * log decodes what the program controls as warily as the handlers do. */
#include "vdecode.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/netlink.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/utsname.h>

#include "compat.h"
#include "nlsock.h"
#include "sandbox_ctx.h"
#include "vfd.h"
#include "vnetlink.h"
#include "vstruct.h"

enum kind {
	K_NONE, K_INT, K_UINT, K_HEX, K_PTR, K_FD, K_DIRFD, K_PATH, K_STR, K_OFLAGS, K_OMODE,
	K_MODE, K_ATFLAGS, K_AMODE, K_WHENCE, K_DOMAIN, K_SOCKTYPE, K_SOCKPROTO, K_ADDR_IN,
	K_ADDR_OUT, K_LEN_INOUT, K_LEVEL, K_OPTNAME, K_OPTVAL_IN, K_OPTVAL_OUT, K_MSGFLAGS,
	K_SENDBUF, K_RECVBUF, K_MSGHDR_IN, K_MSGHDR_OUT, K_IOCTL_REQ, K_IOCTL_ARG, K_UTSNAME,
	K_STAT, K_STATX, K_STATX_MASK, K_OUTSTR, K_ARGV, K_ENVP, K_SIGNAL, K_IOV_IN, K_SYSINFO,
	K_CPUSET,
};

/* Output arguments: shown after the call, as their address before it or
 * when it failed. */
static bool is_out(enum kind k)
{
	return k == K_ADDR_OUT || k == K_LEN_INOUT || k == K_OPTVAL_OUT || k == K_RECVBUF ||
	       k == K_MSGHDR_OUT || k == K_UTSNAME || k == K_STAT || k == K_STATX || k == K_OUTSTR ||
	       k == K_IOCTL_ARG || k == K_SYSINFO || k == K_CPUSET;
}

struct row {
	int nr;
	unsigned classes;
	enum kind a[6];
};

#define F TC_FILE
#define N TC_NETWORK
#define D TC_DESC
#define P TC_PROCESS
static const struct row rows[] = {
	{ SYS_open, F | D, { K_PATH, K_OFLAGS, K_OMODE } },
	{ SYS_openat, F | D, { K_DIRFD, K_PATH, K_OFLAGS, K_OMODE } },
	{ SYS_openat2, F | D, { K_DIRFD, K_PATH, K_PTR, K_UINT } },
	{ SYS_creat, F | D, { K_PATH, K_MODE } },
	{ SYS_stat, F, { K_PATH, K_STAT } },
	{ SYS_lstat, F, { K_PATH, K_STAT } },
	{ SYS_newfstatat, F | D, { K_DIRFD, K_PATH, K_STAT, K_ATFLAGS } },
	{ SYS_statx, F | D, { K_DIRFD, K_PATH, K_ATFLAGS, K_STATX_MASK, K_STATX } },
	{ SYS_access, F, { K_PATH, K_AMODE } },
	{ SYS_faccessat, F | D, { K_DIRFD, K_PATH, K_AMODE } },
	{ SYS_faccessat2, F | D, { K_DIRFD, K_PATH, K_AMODE, K_ATFLAGS } },
	{ SYS_readlink, F, { K_PATH, K_OUTSTR, K_UINT } },
	{ SYS_readlinkat, F | D, { K_DIRFD, K_PATH, K_OUTSTR, K_UINT } },
	{ SYS_getxattr, F, { K_PATH, K_STR, K_OUTSTR, K_UINT } },
	{ SYS_lgetxattr, F, { K_PATH, K_STR, K_OUTSTR, K_UINT } },
	{ SYS_listxattr, F, { K_PATH, K_OUTSTR, K_UINT } },
	{ SYS_llistxattr, F, { K_PATH, K_OUTSTR, K_UINT } },
	{ SYS_statfs, F, { K_PATH, K_PTR } },
	{ SYS_fstatfs, D, { K_FD, K_PTR } },
	{ SYS_lseek, D, { K_FD, K_INT, K_WHENCE } },
	{ SYS_socket, N, { K_DOMAIN, K_SOCKTYPE, K_SOCKPROTO } },
	{ SYS_bind, N | D, { K_FD, K_ADDR_IN, K_UINT } },
	{ SYS_connect, N | D, { K_FD, K_ADDR_IN, K_UINT } },
	{ SYS_listen, N | D, { K_FD, K_INT } },
	{ SYS_accept, N | D, { K_FD, K_ADDR_OUT, K_LEN_INOUT } },
	{ SYS_accept4, N | D, { K_FD, K_ADDR_OUT, K_LEN_INOUT, K_HEX } },
	{ SYS_shutdown, N | D, { K_FD, K_INT } },
	{ SYS_getsockname, N | D, { K_FD, K_ADDR_OUT, K_LEN_INOUT } },
	{ SYS_getpeername, N | D, { K_FD, K_ADDR_OUT, K_LEN_INOUT } },
	{ SYS_setsockopt, N | D, { K_FD, K_LEVEL, K_OPTNAME, K_OPTVAL_IN, K_UINT } },
	{ SYS_getsockopt, N | D, { K_FD, K_LEVEL, K_OPTNAME, K_OPTVAL_OUT, K_LEN_INOUT } },
	{ SYS_sendto, N | D, { K_FD, K_SENDBUF, K_UINT, K_MSGFLAGS, K_ADDR_IN, K_UINT } },
	{ SYS_sendmsg, N | D, { K_FD, K_MSGHDR_IN, K_MSGFLAGS } },
	{ SYS_sendmmsg, N | D, { K_FD, K_PTR, K_UINT, K_MSGFLAGS } },
	{ SYS_recvfrom, N | D, { K_FD, K_RECVBUF, K_UINT, K_MSGFLAGS, K_ADDR_OUT, K_LEN_INOUT } },
	{ SYS_recvmsg, N | D, { K_FD, K_MSGHDR_OUT, K_MSGFLAGS } },
	{ SYS_recvmmsg, N | D, { K_FD, K_PTR, K_UINT, K_MSGFLAGS, K_PTR } },
	{ SYS_read, D, { K_FD, K_RECVBUF, K_UINT } },
	{ SYS_readv, D, { K_FD, K_PTR, K_UINT } },
	{ SYS_write, D, { K_FD, K_SENDBUF, K_UINT } },
	{ SYS_pwrite64, D, { K_FD, K_SENDBUF, K_UINT, K_INT } },
	{ SYS_writev, D, { K_FD, K_IOV_IN, K_UINT } },
	{ SYS_pwritev, D, { K_FD, K_IOV_IN, K_UINT, K_INT } },
	{ SYS_pwritev2, D, { K_FD, K_IOV_IN, K_UINT, K_INT, K_HEX } },
	{ SYS_splice, D, { K_FD, K_PTR, K_FD, K_PTR, K_UINT, K_HEX } },
	{ SYS_tee, D, { K_FD, K_FD, K_UINT, K_HEX } },
	{ SYS_sendfile, D | N, { K_FD, K_FD, K_PTR, K_UINT } },
	{ SYS_copy_file_range, D, { K_FD, K_PTR, K_FD, K_PTR, K_UINT, K_HEX } },
	{ SYS_vmsplice, D, { K_FD, K_PTR, K_UINT, K_HEX } },
	{ SYS_chdir, F, { K_PATH } },
	{ SYS_chroot, F, { K_PATH } },
	{ SYS_inotify_add_watch, F | D, { K_FD, K_PATH, K_HEX } },
	{ SYS_mkdir, F, { K_PATH, K_MODE } },
	{ SYS_mkdirat, F | D, { K_DIRFD, K_PATH, K_MODE } },
	{ SYS_mknod, F, { K_PATH, K_MODE, K_HEX } },
	{ SYS_mknodat, F | D, { K_DIRFD, K_PATH, K_MODE, K_HEX } },
	{ SYS_symlink, F, { K_PATH, K_PATH } },
	{ SYS_symlinkat, F | D, { K_PATH, K_DIRFD, K_PATH } },
	{ SYS_link, F, { K_PATH, K_PATH } },
	{ SYS_linkat, F | D, { K_DIRFD, K_PATH, K_DIRFD, K_PATH, K_ATFLAGS } },
	{ SYS_rename, F, { K_PATH, K_PATH } },
	{ SYS_renameat, F | D, { K_DIRFD, K_PATH, K_DIRFD, K_PATH } },
	{ SYS_renameat2, F | D, { K_DIRFD, K_PATH, K_DIRFD, K_PATH, K_HEX } },
	{ SYS_rmdir, F, { K_PATH } },
	{ SYS_unlink, F, { K_PATH } },
	{ SYS_unlinkat, F | D, { K_DIRFD, K_PATH, K_ATFLAGS } },
	{ SYS_chmod, F, { K_PATH, K_MODE } },
	{ SYS_fchmodat, F | D, { K_DIRFD, K_PATH, K_MODE } },
	{ SYS_fchmodat2, F | D, { K_DIRFD, K_PATH, K_MODE, K_ATFLAGS } },
	{ SYS_chown, F, { K_PATH, K_INT, K_INT } },
	{ SYS_lchown, F, { K_PATH, K_INT, K_INT } },
	{ SYS_fchownat, F | D, { K_DIRFD, K_PATH, K_INT, K_INT, K_ATFLAGS } },
	{ SYS_utime, F, { K_PATH, K_PTR } },
	{ SYS_utimes, F, { K_PATH, K_PTR } },
	{ SYS_futimesat, F | D, { K_DIRFD, K_PATH, K_PTR } },
	{ SYS_utimensat, F | D, { K_DIRFD, K_PATH, K_PTR, K_ATFLAGS } },
	{ SYS_truncate, F, { K_PATH, K_INT } },
	{ SYS_setxattr, F, { K_PATH, K_STR, K_SENDBUF, K_UINT, K_HEX } },
	{ SYS_lsetxattr, F, { K_PATH, K_STR, K_SENDBUF, K_UINT, K_HEX } },
	{ SYS_removexattr, F, { K_PATH, K_STR } },
	{ SYS_lremovexattr, F, { K_PATH, K_STR } },
	{ SYS_execve, F | P, { K_PATH, K_ARGV, K_ENVP } },
	{ SYS_execveat, F | P | D, { K_DIRFD, K_PATH, K_ARGV, K_ENVP, K_ATFLAGS } },
	{ SYS_pidfd_send_signal, D | P, { K_FD, K_SIGNAL, K_PTR, K_HEX } },
	{ SYS_ioctl, D, { K_FD, K_IOCTL_REQ, K_IOCTL_ARG } },
	{ SYS_uname, 0, { K_UTSNAME } },
	{ SYS_sethostname, 0, { K_SENDBUF, K_UINT } },
	{ SYS_setdomainname, 0, { K_SENDBUF, K_UINT } },
	{ SYS_sysinfo, 0, { K_SYSINFO } },
	{ SYS_sched_getaffinity, P, { K_INT, K_UINT, K_CPUSET } },
	{ SYS_io_uring_setup, D, { K_UINT, K_PTR } },
	{ SYS_io_uring_enter, D, { K_FD, K_UINT, K_UINT, K_HEX, K_PTR, K_UINT } },
	{ SYS_io_uring_register, D, { K_FD, K_UINT, K_PTR, K_UINT } },
};
#undef F
#undef N
#undef D
#undef P

static const struct row *row_of(int nr)
{
	static const struct row *by_nr[512];
	static bool indexed;
	if (!indexed) {
		for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
			by_nr[rows[i].nr] = &rows[i];
		indexed = true;
	}
	return nr >= 0 && nr < 512 ? by_nr[nr] : NULL;
}

unsigned vdecode_classes(int nr)
{
	const struct row *r = row_of(nr);
	return r ? r->classes : 0;
}



/* strace's tprint_open_modes: O_RDONLY|O_CLOEXEC, or the number (-X) */
static void print_oflags(struct vout *o, uint64_t v)
{
	struct buf b;
	buf_init(&b);
	const char *acc = xlat_name(&xl_open_access, v & O_ACCMODE);
	buf_puts(&b, acc ? acc : "O_ACCMODE");
	if (v & ~(uint64_t)O_ACCMODE) {
		buf_puts(&b, "|");
		vout_flags_text(&b, VOUT_ABBREV, &xl_open_flags, v & ~(uint64_t)O_ACCMODE, NULL);
		/* unknown bits alone: strace prints them bare, with no comment */
		char *c = strstr(b.data, " /* ");
		if (c)
			*c = '\0';
	}
	char raw[32];
	snprintf(raw, sizeof(raw), v ? "%#" PRIx64 : "%" PRIu64, v);
	vout_xval(o, NULL, raw, b.data, NULL);
	buf_free(&b);
}

/* strace's tprint_sock_type: SOCK_RAW|SOCK_CLOEXEC, each piece as -X says */
static void print_socktype(struct vout *o, uint64_t v)
{
	struct buf text, abbrev;
	buf_init(&text);
	buf_init(&abbrev);
	const char *t = xlat_name(&xl_socket_types, v & 0xf);
	uint64_t rest = v;
	if (t) {
		char raw[16];
		snprintf(raw, sizeof(raw), "%#" PRIx64, v & 0xf);
		vout_xval_text(&text, o->style, raw, t);
		buf_puts(&abbrev, t);
		rest &= ~0xfull;
		if (rest) {
			buf_puts(&text, "|");
			buf_puts(&abbrev, "|");
		}
	}
	if (rest || !t) {
		vout_flags_text(&text, o->style, &xl_socket_type_flags, rest, NULL);
		vout_flags_text(&abbrev, VOUT_ABBREV, &xl_socket_type_flags, rest, NULL);
	}
	vout_xval(o, NULL, text.data, NULL, json_string(abbrev.data));
	buf_free(&text);
	buf_free(&abbrev);
}

/* strace's print_affinitymask: the CPUs set, [0 1 2] */
static void print_cpuset(struct dctx *d, uint64_t addr)
{
	size_t len = d->ret > 0 && d->ret <= 8192 ? (size_t)d->ret : 0;
	unsigned char mask[8192];
	if (!len || vcall_read(d->c, mask, addr, len) < 0) {
		vout_ptr(d->o, NULL, addr);
		return;
	}
	struct buf b;
	buf_init(&b);
	json_t *j = json_array();
	buf_puts(&b, "[");
	for (size_t cpu = 0, n = 0; cpu < len * 8; cpu++)
		if (mask[cpu / 8] & 1u << (cpu % 8)) {
			buf_printf(&b, "%s%zu", n++ ? " " : "", cpu);
			json_array_append_new(j, json_integer((json_int_t)cpu));
		}
	buf_puts(&b, "]");
	vout_xval(d->o, NULL, b.data, NULL, j);
	buf_free(&b);
}

static void print_arg(struct dctx *d, const struct row *r, int i)
{
	struct vout *o = d->o;
	uint64_t v = d->c->args[i];
	const uint64_t *a = d->c->args;
	char s[PATH_MAX];
	enum kind k = r->a[i];
	if (is_out(k) && !d->ok && k != K_LEN_INOUT && k != K_IOCTL_ARG) {
		vout_ptr(o, NULL, v);
		return;
	}
	switch (k) {
	case K_NONE: return;
	case K_INT: vout_int(o, NULL, (int64_t)v); return;
	case K_UINT: vout_uint(o, NULL, v); return;
	case K_HEX: vout_hex(o, NULL, v); return;
	case K_PTR: vout_ptr(o, NULL, v); return;
	case K_FD: vout_int(o, NULL, (int)v); return;
	case K_DIRFD:
		if ((int)v == AT_FDCWD)
			vout_xval(o, NULL, "-100", "AT_FDCWD", NULL);
		else
			vout_int(o, NULL, (int)v);
		return;
	case K_PATH: {
		ssize_t n = vcall_read_str(d->c, s, v, sizeof(s));
		if (n < 0)
			vout_ptr(o, NULL, v);
		else
			vout_path(o, NULL, s);
		return;
	}
	case K_STR: {
		ssize_t n = vcall_read_str(d->c, s, v, sizeof(s));
		if (n < 0)
			vout_ptr(o, NULL, v);
		else
			vout_str(o, NULL, s, (size_t)n, false, false);
		return;
	}
	case K_OFLAGS: print_oflags(o, v); return;
	case K_OMODE:
		/* the kernel's __O_TMPFILE bit alone: glibc's includes O_DIRECTORY */
		if (a[i - 1] & (O_CREAT | (O_TMPFILE & ~O_DIRECTORY)))
			vout_oct(o, NULL, v);
		return;
	case K_MODE: vout_oct(o, NULL, v); return;
	case K_ATFLAGS:
		vout_flags(o, NULL, &xl_at_flags, v, r->nr == SYS_statx ? "AT_STATX_SYNC_AS_STAT" : NULL);
		return;
	case K_AMODE: vout_flags(o, NULL, &xl_access_mode, v, "F_OK"); return;
	case K_WHENCE: vout_xlat(o, NULL, &xl_seek_whence, v); return;
	case K_DOMAIN: vout_xlat(o, NULL, &xl_address_families, v); return;
	case K_SOCKTYPE: print_socktype(o, v); return;
	case K_SOCKPROTO:
		if (a[0] == AF_NETLINK)
			vout_xlat(o, NULL, &xl_netlink_protocols, v);
		else if (a[0] == AF_INET || a[0] == AF_INET6)
			vout_xlat(o, NULL, &xl_ip_protocols, v);
		else
			vout_uint(o, NULL, v);
		return;
	case K_ADDR_IN: print_sockaddr(d, NULL, v, a[i + 1]); return;
	case K_ADDR_OUT: {
		uint32_t len = 0;
		if (vcall_read(d->c, &len, a[i + 1], sizeof(len)) < 0)
			vout_ptr(o, NULL, v);
		else
			print_sockaddr(d, NULL, v, len);
		return;
	}
	case K_LEN_INOUT: {
		uint32_t len;
		if (!v || vcall_read(d->c, &len, v, sizeof(len)) < 0) {
			vout_ptr(o, NULL, v);
			return;
		}
		vout_array(o, NULL);
		vout_uint(o, NULL, len);
		vout_end(o);
		return;
	}
	case K_LEVEL: vout_xlat(o, NULL, &xl_socket_levels, v); return;
	case K_OPTNAME:
		if (a[1] == SOL_SOCKET)
			vout_xlat(o, NULL, &xl_sockopt_socket, v);
		else if (a[1] == SOL_NETLINK)
			vout_xlat(o, NULL, &xl_sockopt_netlink, v);
		else
			vout_uint(o, NULL, v);
		return;
	case K_OPTVAL_IN: print_optval(d, v, a[i + 1]); return;
	case K_OPTVAL_OUT: {
		uint32_t len = 0;
		if (vcall_read(d->c, &len, a[i + 1], sizeof(len)) < 0)
			vout_ptr(o, NULL, v);
		else
			print_optval(d, v, len);
		return;
	}
	case K_MSGFLAGS: vout_flags(o, NULL, &xl_msg_flags, v, NULL); return;
	case K_SENDBUF: print_bytes(d, v, a[i + 1], d->nlproto >= 0); return;
	case K_RECVBUF: print_bytes(d, v, (size_t)d->ret, d->nlproto >= 0); return;
	case K_OUTSTR: print_bytes(d, v, (size_t)d->ret, false); return;
	case K_IOV_IN: print_iov(d, NULL, v, a[i + 1], SIZE_MAX, true); return;
	case K_MSGHDR_IN: print_msghdr(d, v, false); return;
	case K_MSGHDR_OUT: print_msghdr(d, v, true); return;
	case K_IOCTL_REQ: vout_xlat(o, NULL, &xl_ioctls, v); return;
	case K_IOCTL_ARG:
		if ((a[1] >> 8 & 0xff) == 0x89 && a[1] != SIOCGIFCONF && a[1] != SIOCETHTOOL)
			print_ifreq(d, a[1], v, d->ok);
		else
			vout_ptr(o, NULL, v);
		return;
	case K_UTSNAME: print_utsname(d, v); return;
	case K_STAT: print_stat(d, v); return;
	case K_STATX: print_statx(d, v); return;
	case K_STATX_MASK: vout_flags(o, NULL, &xl_statx_mask, v, NULL); return;
	case K_ARGV: print_strv(d, v, false); return;
	case K_ENVP: print_strv(d, v, true); return;
	case K_SIGNAL: vout_xlat_dec(o, NULL, &xl_signals, v); return;
	case K_SYSINFO: print_sysinfo(d, v); return;
	case K_CPUSET: print_cpuset(d, v); return;
	}
}

/* The netlink protocol of the call's fd, if it is one of our sockets. */
static int netlink_protocol(struct vcall *c, const struct row *r)
{
	if (!(r->classes & TC_NETWORK) || r->a[0] != K_FD || r->nr == SYS_socket)
		return -1;
	struct vfd_obj v;
	if (!vfd_find(c, (int)c->args[0], &v))
		return -1;
	int proto = v.kind == VFD_NETLINK ? ((struct nlsock *)v.obj)->protocol : -1;
	vfd_release(&v);
	return proto;
}

size_t vdecode_args(struct vout *o, struct vcall *c, bool done, int64_t ret)
{
	const struct row *r = row_of(c->nr);
	if (!r) {
		for (int i = 0; i < 6; i++)
			vout_hex(o, NULL, c->args[i]);
		return o->text.len;
	}
	struct dctx d = { o, c, done && ret >= 0, ret, netlink_protocol(c, r), CALL_BUDGET };
	size_t split = SIZE_MAX;
	for (int i = 0; i < 6 && r->a[i] != K_NONE; i++) {
		/* after the separator: strace's "recvfrom(3, " then " <unfinished ...>" */
		if (is_out(r->a[i]) && split == SIZE_MAX)
			split = o->text.len + (i ? 2 : 0);
		print_arg(&d, r, i);
	}
	return split == SIZE_MAX ? o->text.len : split;
}
