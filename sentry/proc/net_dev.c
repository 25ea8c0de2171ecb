/* /proc/net/dev, as net/core/net-procfs.c renders it (dev_seq_show and
 * dev_seq_printf_stats).
 *
 * Two fixed header lines, then one line per device in ifindex order: the
 * kernel walks the namespace's devices by index (older kernels by the
 * ifindex hash, which gives the same order below 256 devices). The name is
 * right-aligned in six columns ("%6s:"), so a 15-character name simply
 * pushes the rest of the line right. Sixteen counters follow, several of
 * them folded from struct rtnl_link_stats64 exactly as the kernel folds
 * them: drop = rx_dropped + rx_missed_errors, frame = the four rx
 * length/over/crc/frame errors, carrier = the four tx carrier/aborted/
 * window/heartbeat errors. rx_nohandler is not shown in this file.
 */
#include "proc_gen.h"

#include <inttypes.h>

static void dev_line(const struct vn_link *l, struct buf *out)
{
	const struct vn_link_stats *s = &l->stats;

	buf_printf(out,
		   "%6s:%8" PRIu64 " %7" PRIu64 " %4" PRIu64 " %4" PRIu64
		   " %4" PRIu64 " %5" PRIu64 " %10" PRIu64 " %9" PRIu64
		   " %8" PRIu64 " %7" PRIu64 " %4" PRIu64 " %4" PRIu64
		   " %4" PRIu64 " %5" PRIu64 " %7" PRIu64 " %10" PRIu64 "\n",
		   l->name, s->rx_bytes, s->rx_packets, s->rx_errors,
		   s->rx_dropped + s->rx_missed_errors,
		   s->rx_fifo_errors,
		   s->rx_length_errors + s->rx_over_errors +
			   s->rx_crc_errors + s->rx_frame_errors,
		   s->rx_compressed, s->multicast,
		   s->tx_bytes, s->tx_packets, s->tx_errors, s->tx_dropped,
		   s->tx_fifo_errors, s->collisions,
		   s->tx_carrier_errors + s->tx_aborted_errors +
			   s->tx_window_errors + s->tx_heartbeat_errors,
		   s->tx_compressed);
}

void gen_net_dev(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	buf_puts(out, "Inter-|   Receive                                                |  Transmit\n"
		      " face |bytes    packets errs drop fifo frame compressed multicast"
		      "|bytes    packets errs drop fifo colls carrier compressed\n");
	/* m->links is kept sorted by ifindex. */
	for (size_t i = 0; i < m->nlinks; i++)
		dev_line(&m->links[i], out);
}
