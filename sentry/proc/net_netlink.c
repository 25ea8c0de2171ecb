/* /proc/net/netlink and /proc/net/packet, as net/netlink/af_netlink.c and
 * net/packet/af_packet.c print them.
 *
 * netlink: the model's netlink sockets (the kernel's own of each protocol,
 * port 0, and the program's, served by veneer) in protocol order, as
 * netlink_seq_show walks nl_table. Within a protocol Linux's order is that
 * of a hash salted per boot; the model keeps the kernel's socket first.
 * Only bound sockets are hashed, and the model holds no others. The
 * pointer column is zeros (%pK without CAP_SYSLOG), Dump (cb_running) 0:
 * the model answers a dump at once; Locks is the refcount of a socket
 * nothing is using (2).
 *
 * packet: packet sockets need CAP_NET_RAW, which the program never has
 * (veneer drops every real capability: socket(AF_PACKET) fails with EPERM
 * in the kernel itself), so the file is its header alone.
 */
#include "proc_gen.h"

#include <linux/netlink.h>
#include <sys/socket.h>

void gen_net_netlink(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	buf_puts(out, "sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    "
		      "Drops    Inode\n");
	for (int proto = 0; proto < MAX_LINKS; proto++) {
		for (size_t i = 0; i < m->nsocks; i++) {
			const struct vn_socket *s = &m->socks[i];
			if (s->family != AF_NETLINK || s->protocol != proto)
				continue;
			buf_printf(out, "%016x %-3d %-10u %08x %-8d %-8d %-5d %-8d %-8u %-8lu\n", 0,
				   proto, s->portid, (uint32_t)s->groups, (int)s->rmem, 0, 0, 2, 0u,
				   (unsigned long)s->ino);
		}
	}
}

void gen_net_packet(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)m;
	(void)ctx;
	buf_puts(out, "sk               RefCnt Type Proto  Iface R Rmem   User   Inode\n");
}
