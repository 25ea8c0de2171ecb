/* /proc/sys/net/ipv4 files a new namespace takes from what the kernel
 * sized from memory at boot (tcp_init, udp_table_init, tcp_sk_init): the
 * shared hash tables (negative: the namespace has no table of its own)
 * and the limits derived from them, and the socket buffer maxima. */
#include <inttypes.h>

#include "boot_limits.h"
#include "proc_gen.h"

/* "TCP established": one bucket per 128 KiB (scale 17) */
static uint64_t tcp_ehash(const struct vn_model *m)
{
	return boot_hash_entries(m, 17);
}

void gen_tcp_ehash_entries(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	buf_printf(out, "-%" PRIu64 "\n", tcp_ehash(m));
}

/* "UDP": one slot per 2 MiB (scale 21), at least UDP_HTABLE_SIZE_MIN */
void gen_udp_hash_entries(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	uint64_t n = boot_hash_entries(m, 21);
	buf_printf(out, "-%" PRIu64 "\n", n < 128 ? 128 : n);
}

/* tcp_sk_init: half the established buckets, and 1/128 of them (at least
 * 128) */
void gen_tcp_max_tw_buckets(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	buf_printf(out, "%" PRIu64 "\n", tcp_ehash(m) / 2);
}

void gen_tcp_max_syn_backlog(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	uint64_t n = tcp_ehash(m) / 128;
	buf_printf(out, "%" PRIu64 "\n", n < 128 ? 128 : n);
}

/* tcp_init: a socket may take 1/128 of the buffer pages, at most 32 MiB
 * to receive and 4 MiB to send, at least 128 KiB / 64 KiB */
static uint64_t socket_share(const struct vn_model *m)
{
	return boot_totalram_pages(m) << (12 - 7);
}

void gen_tcp_rmem(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	uint64_t n = socket_share(m);
	n = n < 33554432 ? n : 33554432;
	buf_printf(out, "4096\t131072\t%" PRIu64 "\n", n > 131072 ? n : 131072);
}

void gen_tcp_wmem(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	uint64_t n = socket_share(m);
	n = n < 4194304 ? n : 4194304;
	buf_printf(out, "4096\t16384\t%" PRIu64 "\n", n > 65536 ? n : 65536);
}
