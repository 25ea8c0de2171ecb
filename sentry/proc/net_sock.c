/* The socket files of /proc/net: tcp, tcp6, udp, udp6, udplite, udplite6,
 * raw, raw6, icmp, icmp6 and unix, from the model's socket table, as
 * net/ipv4/tcp_ipv4.c, net/ipv6/tcp_ipv6.c, net/ipv4/udp.c,
 * net/ipv6/datagram.c, net/ipv4/raw.c, net/ipv4/ping.c and
 * net/unix/af_unix.c print them.
 *
 * Every file is a table row (struct sock_file): its header, the line
 * format's family and whether lines are padded (the IPv4 files pad header
 * and lines to a fixed width with seq_pad; the IPv6 ones do not).
 *
 * Addresses are printed with %08X of each 32-bit word as it lies in memory
 * (the kernel prints __be32 words), which on little-endian machines reads
 * the bytes backwards: 127.0.0.1 -> 0100007F.
 *
 * Departures, all in columns no client reads: the kernel pointer column
 * is zeros (what %pK prints to a reader without CAP_SYSLOG under
 * kptr_restrict=1; hashed values are unguessable); RefCount is the usual
 * count of an idle socket of that kind; the "sl" of udp/raw is the
 * socket's position, not its hash bucket (the hash is salted per
 * namespace); /proc/net/tcp's quick/pingpong column is 0.
 * Order: the model's, which for live sockets is the host's dump order —
 * the same hash walk /proc does (listeners first, then established).
 */
#include "proc_gen.h"

#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

enum sock_fmt { F_TCP, F_UDP, F_RAW, F_PING };

struct sock_file {
	uint8_t family;
	uint8_t protocol;
	enum sock_fmt fmt;
	size_t pad;               /* 0: lines not padded */
	const char *header;       /* without the newline */
};

#define HDR4 "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"
#define HDR6 "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"
#define TAIL " ref pointer drops"

static const struct sock_file f_tcp = { AF_INET, IPPROTO_TCP, F_TCP, 149, HDR4 };
static const struct sock_file f_tcp6 = { AF_INET6, IPPROTO_TCP, F_TCP, 0, HDR6 };
static const struct sock_file f_udp = { AF_INET, IPPROTO_UDP, F_UDP, 127, " " HDR4 TAIL };
static const struct sock_file f_udp6 = { AF_INET6, IPPROTO_UDP, F_UDP, 0, HDR6 TAIL };
static const struct sock_file f_udplite = { AF_INET, IPPROTO_UDPLITE, F_UDP, 127, " " HDR4 TAIL };
static const struct sock_file f_udplite6 = { AF_INET6, IPPROTO_UDPLITE, F_UDP, 0, HDR6 TAIL };
static const struct sock_file f_raw = { AF_INET, IPPROTO_RAW, F_RAW, 0, HDR4 TAIL };
static const struct sock_file f_raw6 = { AF_INET6, IPPROTO_RAW, F_RAW, 0, HDR6 TAIL };
/* ping sockets have no diag handler: the model never holds one */
static const struct sock_file f_icmp = { AF_INET, IPPROTO_ICMP, F_PING, 127, HDR4 TAIL };
static const struct sock_file f_icmp6 = { AF_INET6, IPPROTO_ICMPV6, F_PING, 0, HDR6 TAIL };

static uint32_t word(const uint8_t *a, int i)
{
	uint32_t w;
	memcpy(&w, a + 4 * i, 4);
	return w;
}

static void put_addr(struct buf *out, uint8_t family, const uint8_t a[16], uint16_t port)
{
	if (family == AF_INET)
		buf_printf(out, "%08X:%04X", word(a, 0), port);
	else
		buf_printf(out, "%08X%08X%08X%08X:%04X", word(a, 0), word(a, 1), word(a, 2),
			   word(a, 3), port);
}

/* tcp4_seq_show / tcp6_seq_show: listeners report the accept backlog as
 * rx_queue and nothing queued to send; the timer columns come in
 * hundredths of a second. */
static void tcp_tail(const struct vn_socket *s, struct buf *out)
{
	bool listen = s->state == VN_TCP_LISTEN;
	uint32_t tx = listen ? 0 : s->wqueue;
	buf_printf(out, " %02X %08X:%08X %02X:%08lX %08X %5u %8d %u %d %016x %u %u %u %u %d",
		   s->state, tx, s->rqueue, s->timer, (unsigned long)(s->expires / 10), s->retrans,
		   s->uid, (int)s->probes, s->ino, listen ? 1 : 2, 0, s->rto, s->ato, 0u, s->cwnd,
		   s->ssthresh);
}

static void dgram_tail(const struct vn_socket *s, struct buf *out)
{
	buf_printf(out, " %02X %08X:%08X %02X:%08lX %08X %5u %8d %u %d %016x %u", s->state,
		   s->wqueue, s->rqueue, 0, 0ul, 0, s->uid, 0, s->ino, 2, 0, s->drops);
}

static bool in_file(const struct sock_file *f, const struct vn_socket *s)
{
	if (s->family != f->family)
		return false;
	if (f->fmt == F_RAW)
		return s->type == SOCK_RAW;
	return s->protocol == f->protocol && s->type != SOCK_RAW;
}

static void sock_file(const struct sock_file *f, const struct vn_model *m, struct buf *out)
{
	size_t start = out->len;
	buf_puts(out, f->header);
	if (f->pad)
		buf_pad_line(out, start, f->pad);
	else
		buf_puts(out, "\n");
	int i = 0;
	for (size_t k = 0; k < m->nsocks; k++) {
		const struct vn_socket *s = &m->socks[k];
		if (!in_file(f, s))
			continue;
		start = out->len;
		/* tcp: "%4d:"; udp and the IPv6 datagram files: "%5d:" */
		buf_printf(out, f->fmt == F_TCP || (f->fmt == F_RAW && f->family == AF_INET) ? "%4d: "
											    : "%5d: ",
			   i++);
		/* a raw socket's "port" is its protocol (inet_num) */
		put_addr(out, s->family, s->src, f->fmt == F_RAW ? s->protocol : s->sport);
		buf_puts(out, " ");
		put_addr(out, s->family, s->dst, f->fmt == F_RAW ? 0 : s->dport);
		if (f->fmt == F_TCP)
			tcp_tail(s, out);
		else
			dgram_tail(s, out);
		if (f->pad)
			buf_pad_line(out, start, f->pad);
		else
			buf_puts(out, "\n");
	}
}

#define GEN(name, file)                                                                      \
	void name(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)    \
	{                                                                                    \
		(void)ctx;                                                                   \
		sock_file(&file, m, out);                                                    \
	}
GEN(gen_net_tcp, f_tcp)
GEN(gen_net_tcp6, f_tcp6)
GEN(gen_net_udp, f_udp)
GEN(gen_net_udp6, f_udp6)
GEN(gen_net_udplite, f_udplite)
GEN(gen_net_udplite6, f_udplite6)
GEN(gen_net_raw, f_raw)
GEN(gen_net_raw6, f_raw6)
GEN(gen_net_icmp, f_icmp)
GEN(gen_net_icmp6, f_icmp6)

/* unix_seq_show: listeners carry __SO_ACCEPTCON; a socket with a struct
 * socket (every one a task holds) is SS_CONNECTED when established, else
 * SS_UNCONNECTED; the name drops sun_path's trailing NUL, an abstract
 * name starts with '@' and its NULs print as '@'. */
void gen_net_unix(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	buf_puts(out, "Num       RefCount Protocol Flags    Type St Inode Path\n");
	for (size_t k = 0; k < m->nsocks; k++) {
		const struct vn_socket *s = &m->socks[k];
		if (s->family != AF_UNIX)
			continue;
		buf_printf(out, "%016x: %08X %08X %08X %04X %02X %5u", 0, 2, 0,
			   s->state == VN_TCP_LISTEN ? 0x10000 : 0, s->type,
			   s->state == VN_TCP_ESTABLISHED ? 3 : 1, s->ino);
		if (s->path_len) {
			size_t len = s->path_len, i = 0;
			buf_puts(out, " ");
			if (s->path[0]) {
				len = strnlen(s->path, len);
			} else {
				buf_puts(out, "@");
				i = 1;
			}
			for (; i < len; i++)
				buf_append(out, s->path[i] ? &s->path[i] : "@", 1);
		}
		buf_puts(out, "\n");
	}
}

/* ip6fl_seq_show's header: the flow labels sockets leased
 * (IPV6_FLOWLABEL_MGR), which the model's sockets do not. */
void gen_net_ip6_flowlabel(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)m;
	(void)ctx;
	buf_puts(out, "Label S Owner  Users  Linger Expires  Dst                              Opt\n");
}

static const proc_gen_fn socket_gens[] = {
	gen_net_tcp, gen_net_tcp6, gen_net_udp, gen_net_udp6, gen_net_udplite, gen_net_udplite6,
	gen_net_raw, gen_net_raw6, gen_net_unix, gen_net_sockstat, gen_net_sockstat6, gen_net_snmp,
	gen_net_netlink,
};

bool proc_gen_uses_sockets(proc_gen_fn g)
{
	for (size_t i = 0; i < sizeof(socket_gens) / sizeof(socket_gens[0]); i++)
		if (socket_gens[i] == g)
			return true;
	return false;
}
