/* The counter files of /proc/net: sockstat, sockstat6, snmp, snmp6,
 * netstat, and the small fixed ones (protocols, psched, ptype, softnet_stat),
 * as net/ipv4/proc.c, net/ipv6/proc.c, net/core/sock.c, net/sched/sch_api.c
 * and net/core/net-procfs.c print them.
 *
 * The model keeps no traffic counters: every counter is 0 (a namespace in
 * which nothing has been sent) except what the socket table determines:
 * the in-use counts of sockstat, Tcp CurrEstab, and the constants Linux
 * prints (Ip Forwarding 2 = not forwarding, DefaultTTL 64, Tcp RtoAlgorithm
 * 1, RtoMin 200, RtoMax 120000, MaxConn -1). Memory figures (sockstat's
 * "mem", protocols' "memory") are machine-wide in Linux and 0 here.
 */
#include "proc_gen.h"

#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "net_stats_names.h"

struct counts {
	int used;
	int tcp4, tcp6, tcp_alloc, tw, estab;
	int udp4, udp6, udplite4, udplite6, raw4, raw6;
	int unix_stream, unix_dgram;
};

static void count(const struct vn_model *m, struct counts *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < m->nsocks; i++) {
		const struct vn_socket *s = &m->socks[i];
		bool v6 = s->family == AF_INET6;
		if (s->family == AF_NETLINK) {
			/* sk_alloc counts sockets that hold their namespace:
			 * not the kernel's own (port 0) */
			c->used += s->portid != 0;
			continue;
		}
		c->used++;
		if (s->family == AF_UNIX) {
			if (s->type == SOCK_STREAM)
				c->unix_stream++;
			else
				c->unix_dgram++;
			continue;
		}
		if (s->type == SOCK_RAW) {
			*(v6 ? &c->raw6 : &c->raw4) += 1;
			continue;
		}
		switch (s->protocol) {
		case IPPROTO_TCP:
			c->tcp_alloc++;
			if (s->state == VN_TCP_TIME_WAIT)
				c->tw++;
			/* inuse counts hashed sockets: neither closed nor time-wait */
			if (s->state != VN_TCP_CLOSE && s->state != VN_TCP_TIME_WAIT)
				*(v6 ? &c->tcp6 : &c->tcp4) += 1;
			if (s->state == VN_TCP_ESTABLISHED || s->state == VN_TCP_CLOSE_WAIT)
				c->estab++;
			break;
		case IPPROTO_UDP:
			*(v6 ? &c->udp6 : &c->udp4) += 1;
			break;
		case IPPROTO_UDPLITE:
			*(v6 ? &c->udplite6 : &c->udplite4) += 1;
			break;
		}
	}
}

void gen_net_sockstat(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	struct counts c;
	count(m, &c);
	buf_printf(out, "sockets: used %d\n", c.used);
	buf_printf(out, "TCP: inuse %d orphan 0 tw %d alloc %d mem 0\n", c.tcp4, c.tw, c.tcp_alloc);
	buf_printf(out, "UDP: inuse %d mem 0\n", c.udp4);
	buf_printf(out, "UDPLITE: inuse %d\n", c.udplite4);
	buf_printf(out, "RAW: inuse %d\n", c.raw4);
	buf_puts(out, "FRAG: inuse 0 memory 0\n");
}

void gen_net_sockstat6(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	struct counts c;
	count(m, &c);
	buf_printf(out, "TCP6: inuse %d\nUDP6: inuse %d\nUDPLITE6: inuse %d\nRAW6: inuse %d\n",
		   c.tcp6, c.udp6, c.udplite6, c.raw6);
	buf_puts(out, "FRAG6: inuse 0 memory 0\n");
}

/* A header line and its values: `fixed` first values, the rest 0. */
static void counter_pair(struct buf *out, const char *header, const long *fixed, size_t nfixed)
{
	buf_puts(out, header);
	buf_puts(out, "\n");
	const char *colon = strchr(header, ':');
	buf_append(out, header, (size_t)(colon - header) + 1);
	size_t i = 0;
	for (const char *p = colon + 1; *p; p++)
		if (*p == ' ') {
			buf_printf(out, " %ld", i < nfixed ? fixed[i] : 0);
			i++;
		}
	buf_puts(out, "\n");
}

void gen_net_snmp(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	struct counts c;
	count(m, &c);
	static const long ip[] = { 2, 64 };
	long tcp[] = { 1, 200, 120000, -1, 0, 0, 0, 0, c.estab };
	counter_pair(out, snmp_ip, ip, 2);
	counter_pair(out, snmp_icmp, NULL, 0);
	/* IcmpMsg: only the message types seen, and none were */
	counter_pair(out, snmp_tcp, tcp, sizeof(tcp) / sizeof(tcp[0]));
	counter_pair(out, snmp_udp, NULL, 0);
	counter_pair(out, snmp_udplite, NULL, 0);
}

void gen_net_netstat(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)m;
	(void)ctx;
	counter_pair(out, netstat_tcpext, NULL, 0);
	counter_pair(out, netstat_ipext, NULL, 0);
	counter_pair(out, netstat_mptcpext, NULL, 0);
}

/* Each name of a space-separated list, left-aligned in `width` columns,
 * a tab and the value 0; names for which skip() is true are left out. */
static void zero_counters(struct buf *out, const char *names, int width,
			  bool (*skip)(const char *name, size_t len))
{
	const char *p = names;
	while (*p) {
		size_t n = strcspn(p, " ");
		if (!skip || !skip(p, n))
			buf_printf(out, "%-*.*s\t0\n", width, (int)n, p);
		p += n;
		if (*p)
			p++;
	}
}

/* snmp6_seq_show_item: "%-32s\t%lu"; per-type Icmp6 lines only when nonzero. */
void gen_net_snmp6(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)m;
	(void)ctx;
	zero_counters(out, snmp6_names, 32, NULL);
}

/* A link's counters are IP and ICMP only, and the per-link ICMP MIB has
 * no Icmp6OutRateLimitHost (snmp6_dev_seq_show). */
static bool not_per_link(const char *name, size_t len)
{
	return strncmp(name, "Udp", 3) == 0 ||
	       (len == 21 && strncmp(name, "Icmp6OutRateLimitHost", len) == 0);
}

/* snmp6_dev_seq_show: /proc/net/dev_snmp6/<link> (ctx->dev: its ifindex) */
void gen_net_dev_snmp6(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)m;
	buf_printf(out, "%-32s\t%u\n", "ifIndex", (unsigned int)ctx->dev);
	zero_counters(out, snmp6_names, 32, not_per_link);
}

/* xfrm_statistics_seq_show: "%-24s\t%lu" (CONFIG_XFRM_STATISTICS) */
void gen_net_xfrm_stat(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)m;
	(void)ctx;
	zero_counters(out, xfrm_names, 24, NULL);
}

/* proto_seq_show: one row per registered protocol, newest first. The
 * sockets column is the namespace's in-use count. */
struct proto_row {
	const char *name;
	int size;
	int which;                /* index into the counts, -1 = none */
	int memory;               /* -1: the protocol keeps no memory account */
	const char *press;
	int maxhdr;
	const char *slab;
	const char *methods;
};

void gen_net_protocols(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	struct counts c;
	count(m, &c);
	int v[] = { 0, c.tcp6, c.udp6, c.udplite6, c.raw6, c.unix_stream, c.unix_dgram, c.udplite4,
		    c.raw4, c.udp4, c.tcp4 };
	static const char y_all[] = "y  y  y  y  y  y  y  y  y  y  y  y  n  y  y  y  y  y";
	static const char y_udp[] = "y  y  y  n  y  y  y  n  y  y  y  y  n  n  y  y  y  n";
	static const char y_mptcp[] = "y  y  y  n  y  y  y  y  y  y  y  y  n  n  y  y  y  n";
	static const char y_raw[] = "y  y  y  n  y  y  y  n  y  y  y  y  y  y  y  y  n  n";
	static const char y_ping[] = "y  y  y  n  n  y  n  n  y  y  y  y  y  y  n  y  y  n";
	static const char y_one[] = "y  n  n  n  n  n  n  n  n  n  n  n  n  n  n  n  n  n";
	static const char n_all[] = "n  n  n  n  n  n  n  n  n  n  n  n  n  n  n  n  n  n";
	static const struct proto_row rows[] = {
		{ "AF_VSOCK", 1240, 0, -1, "NI", 0, "yes", y_one },
		{ "PACKET", 1600, 0, -1, "NI", 0, "no", n_all },
		{ "MPTCPv6", 2064, 0, 0, "no", 0, "yes", y_mptcp },
		{ "PINGv6", 1344, 0, -1, "NI", 0, "yes", y_ping },
		{ "RAWv6", 1344, 4, -1, "NI", 0, "yes", y_raw },
		{ "UDPLITEv6", 1472, 3, 0, "NI", 0, "yes", y_udp },
		{ "UDPv6", 1472, 2, 0, "NI", 0, "yes", y_udp },
		{ "TCPv6", 2432, 1, 0, "no", 192, "yes", y_all },
		{ "XDP", 1088, 0, -1, "NI", 0, "no", n_all },
		{ "UNIX-STREAM", 1152, 5, -1, "NI", 0, "yes", y_one },
		{ "UNIX", 1152, 6, -1, "NI", 0, "yes", y_one },
		{ "UDP-Lite", 1344, 7, 0, "NI", 0, "yes", y_udp },
		{ "MPTCP", 1936, 0, 0, "no", 0, "yes", y_mptcp },
		{ "PING", 1016, 0, -1, "NI", 0, "yes", y_ping },
		{ "RAW", 1152, 8, -1, "NI", 0, "yes", y_raw },
		{ "UDP", 1344, 9, 0, "NI", 0, "yes", y_udp },
		{ "TCP", 2304, 10, 0, "no", 192, "yes", y_all },
		{ "NETLINK", 1096, 0, -1, "NI", 0, "no", n_all },
	};
	buf_puts(out, "protocol  size sockets  memory press maxhdr  slab module     cl co di ac io in "
		      "de sh ss gs se re bi br ha uh gp em\n");
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct proto_row *r = &rows[i];
		buf_printf(out, "%-9s %4d %6d  %6d   %-3s %6d   %-3s  %-10s  %s\n", r->name, r->size,
			   v[r->which], r->memory, r->press, r->maxhdr, r->slab, "kernel", r->methods);
	}
}

/* psched_show: tick-to-ns factors of a high-resolution-timer kernel. */
void gen_net_psched(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)m;
	(void)ctx;
	buf_puts(out, "000003e8 00000040 000f4240 3b9aca00\n");
}

/* ptype_seq_show: the packet handlers every kernel registers. */
void gen_net_ptype(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)m;
	(void)ctx;
	buf_puts(out, "Type Device      Function\n0800          ip_rcv\n0004          llc_rcv\n"
		      "0806          arp_rcv\n86dd          ipv6_rcv\n");
}

/* softnet_seq_show: one line per CPU; the 13th column is the CPU. */
void gen_net_softnet_stat(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	for (int cpu = 0; cpu < m->cpus; cpu++) {
		for (int col = 0; col < 15; col++)
			buf_printf(out, "%08x%s", col == 12 ? (unsigned)cpu : 0u, col == 14 ? "\n" : " ");
	}
}
