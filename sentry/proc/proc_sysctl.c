/* /proc/sys/net files: read as the kernel's handlers print them, written as
 * they parse (sysctl_parse.h) and apply (model_sysctl.c). Writes at a
 * non-zero position are ignored whole, as with sysctl_writes_strict = 1. */
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "../devconf.h"
#include "../model_change.h"
#include "../sysctl_net.h"
#include "../sysctl_parse.h"
#include "proc_gen.h"

void gen_sysctl_net(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	int64_t v[2];
	sysctl_net_get(m, ctx->arg, v);
	switch (sysctl_net[ctx->arg].kind) {
	case SK_PAIR:
		buf_printf(out, "%lld\t%lld\n", (long long)v[0], (long long)v[1]);
		break;
	case SK_UINT:
		buf_printf(out, "%llu\n", (unsigned long long)v[0]);
		break;
	default:
		buf_printf(out, "%lld\n", (long long)v[0]);
	}
}

int64_t put_sysctl_net(struct vn_model *m, const struct proc_ctx *ctx, const char *buf,
		       size_t len, int64_t pos)
{
	if (pos != 0)
		return (int64_t)len;
	const struct sysctl_row *r = &sysctl_net[ctx->arg];
	int64_t v[2];
	size_t used;
	int n = sysctl_parse_ints(buf, len, v, r->kind == SK_PAIR ? 2 : 1, r->kind == SK_UINT, &used);
	if (n < 0)
		return n;
	int rc = sysctl_net_set(m, ctx->arg, v, n);
	return rc < 0 ? rc : (int64_t)used;
}

static void gen_conf(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out,
		     int family)
{
	const struct devconf_row *d = family == AF_INET6 ? &devconf6[ctx->arg] : &devconf4[ctx->arg];
	int64_t v = devconf_get(m, family, ctx->dev, ctx->arg);
	switch (d->unit) {
	case DCU_SECRET:
		/* no secret has been set: addrconf_sysctl_stable_secret */
		if (ctx->err)
			*ctx->err = EIO;
		break;
	case DCU_JIFFIES:
		buf_printf(out, "%lld\n", (long long)(v / 1000));
		break;
	default:
		buf_printf(out, "%lld\n", (long long)v);
	}
}

void gen_conf4(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	gen_conf(m, ctx, out, AF_INET);
}

void gen_conf6(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	gen_conf(m, ctx, out, AF_INET6);
}

/* disable_ipv6 of every link before a write, to apply the change of each
 * link whose value it changed as the kernel does (addrconf_disable_change:
 * vn_link_ipv6_disabled); NULL for other rows */
static int32_t *disabled_before(const struct vn_model *m, int family, int row)
{
	if (family != AF_INET6 || row != DC6_disable_ipv6)
		return NULL;
	int32_t *v = malloc((m->nlinks ? m->nlinks : 1) * sizeof(*v));
	if (!v)
		abort();
	for (size_t i = 0; i < m->nlinks; i++)
		v[i] = (int32_t)devconf_get(m, AF_INET6, m->links[i].ifindex, DC6_disable_ipv6);
	return v;
}

static void apply_disabled(struct vn_model *m, struct vn_events *ev, const int32_t *before)
{
	struct vn_change c = { .m = m, .ev = ev };
	for (size_t i = 0; i < m->nlinks; i++) {
		int32_t now = (int32_t)devconf_get(m, AF_INET6, m->links[i].ifindex, DC6_disable_ipv6);
		if (!now != !before[i])
			vn_link_ipv6_disabled(&c, &m->links[i], now != 0);
	}
}

static int64_t put_conf(struct vn_model *m, struct vn_events *ev, int family, int dev, int row,
			const char *buf, size_t len, int64_t pos)
{
	const struct devconf_row *d = family == AF_INET6 ? &devconf6[row] : &devconf4[row];
	if (d->unit == DCU_SECRET)
		return -EINVAL;   /* setting a secret is not modelled */
	if (pos != 0)
		return (int64_t)len;
	int64_t v;
	size_t used;
	int n = sysctl_parse_ints(buf, len, &v, 1, d->unit == DCU_UINT, &used);
	if (n < 0)
		return n;
	int32_t *before = disabled_before(m, family, row);
	int rc = devconf_set(m, family, dev, row, v);
	if (rc == 0 && before)
		apply_disabled(m, ev, before);
	free(before);
	return rc < 0 ? rc : (int64_t)used;
}

int64_t put_conf4(struct vn_model *m, const struct proc_ctx *ctx, const char *buf,
		  size_t len, int64_t pos)
{
	return put_conf(m, ctx->ev, AF_INET, ctx->dev, ctx->arg, buf, len, pos);
}

int64_t put_conf6(struct vn_model *m, const struct proc_ctx *ctx, const char *buf,
		  size_t len, int64_t pos)
{
	return put_conf(m, ctx->ev, AF_INET6, ctx->dev, ctx->arg, buf, len, pos);
}

/* net.ipv4.ip_forward is the data of conf/all/forwarding */
void gen_ip_forward(const struct vn_model *m, const struct proc_ctx *ctx, struct buf *out)
{
	(void)ctx;
	buf_printf(out, "%lld\n", (long long)devconf_get(m, AF_INET, DEVCONF_ALL, DC4_forwarding));
}

int64_t put_ip_forward(struct vn_model *m, const struct proc_ctx *ctx, const char *buf,
		       size_t len, int64_t pos)
{
	(void)ctx;
	return put_conf(m, ctx->ev, AF_INET, DEVCONF_ALL, DC4_forwarding, buf, len, pos);
}
