/* See vstruct.h. Every read of the caller's memory is bounded: fixed
 * structures, PATH_MAX strings, and the call's budget for buffers. */
#include "vstruct.h"

#include <arpa/inet.h>
#include <errno.h>
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
#include <sys/sysinfo.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/utsname.h>

#include "sandbox_ctx.h"
#include "vnetlink.h"

#define MAX_NETLINK (64 * 1024)

void print_bytes(struct dctx *d, uint64_t addr, size_t len, bool as_netlink)
{
	size_t want = len < MAX_NETLINK ? len : MAX_NETLINK;
	if (want > d->budget)
		want = d->budget;
	d->budget -= want;
	char *data = malloc(want ? want : 1);
	if (!data)
		abort();
	if (vcall_read(d->c, data, addr, want) < 0) {
		vout_ptr(d->o, NULL, addr);
	} else if (as_netlink) {
		vnetlink_decode(d->o, d->nlproto, &d->c->sandbox->model, data, want);
	} else {
		vout_str(d->o, NULL, data, want, false, false);
	}
	free(data);
}

/* strace's PRINT_FIELD_NET_PORT: htons(53) */
static void print_port(struct vout *o, const char *key, uint16_t port)
{
	char text[32];
	struct buf raw;
	buf_init(&raw);
	vout_hexstr(&raw, &port, 2);
	snprintf(text, sizeof(text), "htons(%u)", ntohs(port));
	vout_xval(o, key, raw.data, text, json_string(text));
	buf_free(&raw);
}

/* strace's PRINT_FIELD_INET_ADDR for AF_INET: inet_addr("1.2.3.4") */
static void print_inet4(struct vout *o, const char *key, const struct in_addr *a)
{
	char s[INET_ADDRSTRLEN];
	struct buf raw;
	buf_init(&raw);
	vout_hexstr(&raw, a, 4);
	vout_call(o, key, raw.data, "inet_addr", inet_ntop(AF_INET, a, s, sizeof(s)));
	buf_free(&raw);
}

void print_sockaddr(struct dctx *d, const char *key, uint64_t addr, uint64_t len)
{
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof(ss));
	size_t n = len < sizeof(ss) ? (size_t)len : sizeof(ss);
	if (!addr || n < sizeof(sa_family_t) || vcall_read(d->c, &ss, addr, n) < 0) {
		vout_ptr(d->o, key, addr);
		return;
	}
	struct vout *o = d->o;
	vout_struct(o, key);
	vout_xlat(o, "sa_family", &xl_address_families, ss.ss_family);
	char text[64];
	if (ss.ss_family == AF_NETLINK) {
		const struct sockaddr_nl *nl = (const void *)&ss;
		vout_int(o, "nl_pid", (int32_t)nl->nl_pid);   /* strace: signed */
		snprintf(text, sizeof(text), "%08x", nl->nl_groups);
		vout_raw(o, "nl_groups", text);
	} else if (ss.ss_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)&ss;
		print_port(o, "sin_port", in->sin_port);
		print_inet4(o, "sin_addr", &in->sin_addr);
	} else if (ss.ss_family == AF_INET6 && n >= offsetof(struct sockaddr_in6, sin6_scope_id)) {
		/* strace's print_sockaddr_data_in6 */
		const struct sockaddr_in6 *in6 = (const void *)&ss;
		print_port(o, "sin6_port", in6->sin6_port);
		struct buf raw;
		buf_init(&raw);
		vout_hexstr(&raw, &in6->sin6_flowinfo, 4);
		snprintf(text, sizeof(text), "htonl(%u)", ntohl(in6->sin6_flowinfo));
		vout_xval(o, "sin6_flowinfo", raw.data, text, json_integer(ntohl(in6->sin6_flowinfo)));
		buf_free(&raw);
		vout_inet6(o, "sin6_addr", in6->sin6_addr.s6_addr);
		if (n > offsetof(struct sockaddr_in6, sin6_scope_id))
			vout_uint(o, "sin6_scope_id", in6->sin6_scope_id);
	} else if (ss.ss_family == AF_UNIX) {
		const struct sockaddr_un *un = (const void *)&ss;
		size_t plen = n > offsetof(struct sockaddr_un, sun_path) ? n - offsetof(struct sockaddr_un, sun_path) : 0;
		vout_str(o, "sun_path", un->sun_path, plen, true, false);
	} else {
		vout_str(o, "sa_data", ss.__ss_padding, n - sizeof(sa_family_t), false, true);
	}
	vout_end(o);
}

/* strace's print_symbolic_mode_t: S_IFDIR|S_ISVTX|0777 */
static void print_mode_struct(struct vout *o, const char *key, unsigned mode)
{
	char raw[32], text[96];
	const char *t = mode & S_IFMT ? xlat_name(&xl_file_types, mode & S_IFMT) : "";
	snprintf(raw, sizeof(raw), "%#03o", mode);
	if (t)
		snprintf(text, sizeof(text), "%s%s%s%s%s%#03o", t, *t ? "|" : "",
			 mode & S_ISUID ? "S_ISUID|" : "", mode & S_ISGID ? "S_ISGID|" : "",
			 mode & S_ISVTX ? "S_ISVTX|" : "", mode & ~(unsigned)(S_IFMT | 07000));
	vout_xval(o, key, raw, t ? text : NULL, NULL);
}

void print_stat(struct dctx *d, uint64_t addr)
{
	struct stat st;
	if (vcall_read(d->c, &st, addr, sizeof(st)) < 0) {
		vout_ptr(d->o, NULL, addr);
		return;
	}
	vout_struct(d->o, NULL);
	print_mode_struct(d->o, "st_mode", st.st_mode);
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
		char raw[32], text[64];
		snprintf(raw, sizeof(raw), "%#llx", (unsigned long long)st.st_rdev);
		snprintf(text, sizeof(text), "makedev(%#x, %#x)", major(st.st_rdev), minor(st.st_rdev));
		vout_xval(d->o, "st_rdev", raw, text, NULL);
	} else {
		vout_int(d->o, "st_size", st.st_size);
	}
	vout_more(d->o);
	vout_end(d->o);
}

void print_statx(struct dctx *d, uint64_t addr)
{
	struct statx sx;
	if (vcall_read(d->c, &sx, addr, sizeof(sx)) < 0) {
		vout_ptr(d->o, NULL, addr);
		return;
	}
	vout_struct(d->o, NULL);
	vout_flags(d->o, "stx_mask", &xl_statx_mask, sx.stx_mask, NULL);
	vout_hex(d->o, "stx_attributes", sx.stx_attributes);
	print_mode_struct(d->o, "stx_mode", sx.stx_mode);
	vout_uint(d->o, "stx_size", sx.stx_size);
	vout_more(d->o);
	vout_end(d->o);
}

void print_utsname(struct dctx *d, uint64_t addr)
{
	struct utsname u;
	if (vcall_read(d->c, &u, addr, sizeof(u)) < 0) {
		vout_ptr(d->o, NULL, addr);
		return;
	}
	vout_struct(d->o, NULL);
	vout_str(d->o, "sysname", u.sysname, sizeof(u.sysname), true, false);
	vout_str(d->o, "nodename", u.nodename, sizeof(u.nodename), true, false);
	vout_more(d->o);
	vout_end(d->o);
}

void print_sysinfo(struct dctx *d, uint64_t addr)
{
	struct sysinfo si;
	if (vcall_read(d->c, &si, addr, sizeof(si)) < 0) {
		vout_ptr(d->o, NULL, addr);
		return;
	}
	struct vout *o = d->o;
	vout_struct(o, NULL);
	vout_int(o, "uptime", si.uptime);
	vout_array(o, "loads");
	for (int i = 0; i < 3; i++)
		vout_uint(o, NULL, si.loads[i]);
	vout_end(o);
	vout_uint(o, "totalram", si.totalram);
	vout_uint(o, "freeram", si.freeram);
	vout_uint(o, "sharedram", si.sharedram);
	vout_uint(o, "bufferram", si.bufferram);
	vout_uint(o, "totalswap", si.totalswap);
	vout_uint(o, "freeswap", si.freeswap);
	vout_uint(o, "procs", si.procs);
	vout_uint(o, "totalhigh", si.totalhigh);
	vout_uint(o, "freehigh", si.freehigh);
	vout_uint(o, "mem_unit", si.mem_unit);
	vout_end(o);
}

void print_iov(struct dctx *d, const char *key, uint64_t addr, uint64_t n, size_t data_len,
		      bool with_data)
{
	vout_array(d->o, key);
	for (uint64_t i = 0; i < n && i < 1024; i++) {
		struct iovec v;
		if (vcall_read(d->c, &v, addr + i * sizeof(v), sizeof(v)) < 0)
			break;
		vout_struct(d->o, NULL);
		size_t here = v.iov_len < data_len ? v.iov_len : data_len;
		if (!v.iov_base || !with_data) {
			vout_ptr(d->o, "iov_base", (uint64_t)(uintptr_t)v.iov_base);
		} else {
			vout_group(d->o, "iov_base");
			print_bytes(d, (uint64_t)(uintptr_t)v.iov_base, here, d->nlproto >= 0);
			vout_end(d->o);
		}
		data_len -= here;
		vout_uint(d->o, "iov_len", v.iov_len);
		vout_end(d->o);
	}
	vout_end(d->o);
}

void print_msghdr(struct dctx *d, uint64_t addr, bool out)
{
	struct msghdr m;
	if (vcall_read(d->c, &m, addr, sizeof(m)) < 0) {
		vout_ptr(d->o, NULL, addr);
		return;
	}
	struct vout *o = d->o;
	vout_struct(o, NULL);
	print_sockaddr(d, "msg_name", (uint64_t)(uintptr_t)m.msg_name, m.msg_namelen);
	vout_uint(o, "msg_namelen", m.msg_namelen);
	size_t data = out ? (size_t)d->ret : SIZE_MAX;
	print_iov(d, "msg_iov", (uint64_t)(uintptr_t)m.msg_iov, m.msg_iovlen, data, true);
	vout_uint(o, "msg_iovlen", m.msg_iovlen);
	if (m.msg_controllen)
		vout_ptr(o, "msg_control", (uint64_t)(uintptr_t)m.msg_control);
	vout_uint(o, "msg_controllen", m.msg_controllen);
	vout_flags(o, "msg_flags", &xl_msg_flags, (unsigned)m.msg_flags, NULL);
	vout_end(o);
}

void print_optval(struct dctx *d, uint64_t addr, uint64_t len)
{
	int v;
	if (len == sizeof(int) && vcall_read(d->c, &v, addr, sizeof(v)) == sizeof(v)) {
		vout_array(d->o, NULL);
		vout_int(d->o, NULL, v);
		vout_end(d->o);
	} else if (len && len <= 256) {
		print_bytes(d, addr, len, false);
	} else {
		vout_ptr(d->o, NULL, addr);
	}
}

void print_ifreq(struct dctx *d, unsigned long req, uint64_t addr, bool after)
{
	struct ifreq r;
	if (vcall_read(d->c, &r, addr, sizeof(r)) < 0) {
		vout_ptr(d->o, NULL, addr);
		return;
	}
	struct vout *o = d->o;
	vout_struct(o, NULL);
	if (req == SIOCGIFNAME) {
		vout_int(o, "ifr_ifindex", r.ifr_ifindex);
		if (after)
			vout_str(o, "ifr_name", r.ifr_name, sizeof(r.ifr_name), true, false);
	} else {
		vout_str(o, "ifr_name", r.ifr_name, sizeof(r.ifr_name), true, false);
		if (!after) {
			/* a get prints only the name before the answer */
		} else if (req == SIOCGIFINDEX) {
			vout_int(o, "ifr_ifindex", r.ifr_ifindex);
		} else if (req == SIOCGIFFLAGS || req == SIOCSIFFLAGS) {
			vout_flags(o, "ifr_flags", &xl_iff_flags, (unsigned short)r.ifr_flags, NULL);
		} else if (req == SIOCGIFMTU || req == SIOCSIFMTU) {
			vout_int(o, "ifr_mtu", r.ifr_mtu);
		} else if (req == SIOCGIFTXQLEN) {
			vout_int(o, "ifr_qlen", r.ifr_qlen);
		} else if (req == SIOCGIFADDR || req == SIOCGIFNETMASK || req == SIOCGIFBRDADDR ||
			   req == SIOCGIFDSTADDR) {
			const char *f = req == SIOCGIFADDR ? "ifr_addr" : req == SIOCGIFNETMASK ? "ifr_netmask"
				      : req == SIOCGIFBRDADDR ? "ifr_broadaddr" : "ifr_dstaddr";
			const struct sockaddr_in *in = (const void *)&r.ifr_addr;
			vout_struct(o, f);
			vout_xlat(o, "sa_family", &xl_address_families, in->sin_family);
			if (in->sin_family == AF_INET)
				print_inet4(o, "sin_addr", &in->sin_addr);
			vout_end(o);
		} else if (req == SIOCGIFHWADDR) {
			char text[3 * 6 + 1] = "";
			const unsigned char *h = (const unsigned char *)r.ifr_hwaddr.sa_data;
			for (size_t i = 0, at = 0; i < 6; i++)
				at += (size_t)snprintf(text + at, sizeof(text) - at, "%s%02x", i ? ":" : "", h[i]);
			struct buf raw;
			buf_init(&raw);
			vout_hexstr(&raw, h, 6);
			vout_struct(o, "ifr_hwaddr");
			vout_xlat(o, "sa_family", &xl_arphrd, r.ifr_hwaddr.sa_family);
			vout_xval(o, "sa_data", raw.data, text, NULL);
			buf_free(&raw);
			vout_end(o);
		} else {
			vout_more(o);
		}
	}
	vout_end(o);
}

void print_strv(struct dctx *d, uint64_t addr, bool envp)
{
	if (!addr) {
		vout_ptr(d->o, NULL, 0);
		return;
	}
	unsigned n = 0;
	if (envp) {
		for (uint64_t p; n < 4096 && vcall_read(d->c, &p, addr + 8 * n, 8) == 8 && p; n++)
			;
		char text[64];
		snprintf(text, sizeof(text), "%#" PRIx64 " /* %u vars */", addr, n);
		vout_raw(d->o, NULL, text);
		return;
	}
	vout_array(d->o, NULL);
	char s[PATH_MAX];
	for (uint64_t p; n < 4096 && vcall_read(d->c, &p, addr + 8 * n, 8) == 8 && p; n++) {
		ssize_t len = d->budget ? vcall_read_str(d->c, s, p, sizeof(s)) : -EFAULT;
		if (len < 0) {
			vout_ptr(d->o, NULL, p);
		} else {
			len = (size_t)len < d->budget ? len : (ssize_t)d->budget;
			d->budget -= (size_t)len;
			vout_str(d->o, NULL, s, (size_t)len, false, false);
		}
	}
	vout_end(d->o);
}

