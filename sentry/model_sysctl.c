/* The written sysctls of the model: net scalars (sysctl_net.h) and the
 * devconf sets of "all", "default" and each link (devconf.h). Nothing is
 * stored until something writes: every value is then a new namespace's.
 *
 * How a link's value is found, as the kernel keeps it:
 *  - IPv4: a link follows "default" for every row it has not written
 *    itself (devinet_copy_dflt_conf copies default to links whose state
 *    bit is clear), except forwarding, which a default write does not
 *    propagate; loopback's disable_policy/disable_xfrm are its own.
 *  - IPv6: a link copies default when it is created (ipv6_add_dev) and
 *    keeps its copy; so before default changes, existing links take a copy.
 *  - IPv6 mtu is the link's MTU until written, and follows the link's MTU
 *    again when that changes (addrconf_notify); addr_gen_mode is the link's
 *    own field in the model (IFLA_INET6_ADDR_GEN_MODE). */
#include "model.h"

#include <errno.h>
#include <net/if_arp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "devconf.h"
#include "sysctl_net.h"

struct conf_set {
	int dev;
	uint64_t own4, own6;     /* rows this set holds itself (bit per row) */
	int32_t v4[DC4_N];
	int32_t v6[DC6_N];
	unsigned mtu_at;         /* the link MTU when mtu was written */
};

struct vn_sysctl_state {
	int64_t net[SN_N][2];
	struct conf_set *sets;   /* [0] all, [1] default, then links */
	size_t nsets;
};

_Static_assert(DC4_N <= 64 && DC6_N <= 64, "one bit per row");

static struct vn_sysctl_state *state(struct vn_model *m)
{
	if (m->sysctl)
		return m->sysctl;
	struct vn_sysctl_state *s = calloc(1, sizeof(*s));
	if (!s)
		abort();
	for (int r = 0; r < SN_N; r++)
		memcpy(s->net[r], sysctl_net[r].v, sizeof(s->net[r]));
	s->sets = calloc(2, sizeof(*s->sets));
	if (!s->sets)
		abort();
	s->nsets = 2;
	for (int i = 0; i < 2; i++) {
		struct conf_set *c = &s->sets[i];
		c->dev = i == 0 ? DEVCONF_ALL : DEVCONF_DEFAULT;
		c->own4 = c->own6 = ~0ull;
		for (int r = 0; r < DC4_N; r++)
			c->v4[r] = i == 0 ? devconf4[r].all : devconf4[r].dflt;
		for (int r = 0; r < DC6_N; r++)
			c->v6[r] = i == 0 ? devconf6[r].all : devconf6[r].dflt;
	}
	m->sysctl = s;
	return s;
}

static struct conf_set *find_set(const struct vn_model *m, int dev)
{
	const struct vn_sysctl_state *s = m ? m->sysctl : NULL;
	for (size_t i = 0; s && i < s->nsets; i++)
		if (s->sets[i].dev == dev)
			return &s->sets[i];
	return NULL;
}

static struct conf_set *get_set(struct vn_model *m, int dev)
{
	struct vn_sysctl_state *s = state(m);
	struct conf_set *c = find_set(m, dev);
	if (c)
		return c;
	c = realloc(s->sets, (s->nsets + 1) * sizeof(*c));
	if (!c)
		abort();
	s->sets = c;
	c = &s->sets[s->nsets++];
	memset(c, 0, sizeof(*c));
	c->dev = dev;
	return c;
}

void devconf_free(struct vn_model *m)
{
	if (m->sysctl)
		free(m->sysctl->sets);
	free(m->sysctl);
	m->sysctl = NULL;
}

static bool is_lo(const struct vn_link *l)
{
	return l && l->type == ARPHRD_LOOPBACK;
}

/* l: the link dev is, when the caller has it (m may then be NULL: a model
 * nothing was written to) */
static int64_t get(const struct vn_model *m, const struct vn_link *l, int family, int dev, int row)
{
	const struct conf_set *c = find_set(m, dev);
	bool v6 = family == AF_INET6;
	/* cppcheck-suppress arrayIndexOutOfBoundsCond ; the DC6_ rows are indexed only when v6 */
	const struct devconf_row *d = v6 ? &devconf6[row] : &devconf4[row];
	if (!l && dev > 0 && m)
		l = vn_link_by_index(m, dev);
	if (c && ((v6 ? c->own6 : c->own4) >> row & 1)) {
		/* cppcheck-suppress arrayIndexOutOfBoundsCond ; the DC6_ rows are indexed only when v6 */
		int32_t v = v6 ? c->v6[row] : c->v4[row];
		if (v6 && row == DC6_mtu && l && l->mtu != c->mtu_at)
			return l->mtu;
		return d->unit == DCU_UINT ? (int64_t)(uint32_t)v : v;
	}
	if (dev == DEVCONF_ALL)
		return d->unit == DCU_UINT ? (int64_t)(uint32_t)d->all : d->all;
	if (dev == DEVCONF_DEFAULT)
		return d->unit == DCU_UINT ? (int64_t)(uint32_t)d->dflt : d->dflt;
	if (v6 && row == DC6_mtu)
		return l ? l->mtu : 0;
	if (v6 && row == DC6_addr_gen_mode)
		return l ? l->addr_gen_mode : 0;
	if (is_lo(l) && d->lo != d->dflt)
		return d->lo;
	return get(m, NULL, family, DEVCONF_DEFAULT, row);
}

int64_t devconf_get(const struct vn_model *m, int family, int dev, int row)
{
	return get(m, NULL, family, dev, row);
}

static void put(struct conf_set *c, bool v6, int row, int32_t v)
{
	if (v6) {
		c->v6[row] = v;
		c->own6 |= 1ull << row;
	} else {
		/* cppcheck-suppress arrayIndexOutOfBoundsCond ; the DC6_ rows are indexed only when v6 */
		c->v4[row] = v;
		c->own4 |= 1ull << row;
	}
}

/* A link's value kept as it is now, before default changes under it. */
static void keep_links(struct vn_model *m, bool v6, int row)
{
	int fam = v6 ? AF_INET6 : AF_INET;
	for (size_t i = 0; i < m->nlinks; i++) {
		int dev = m->links[i].ifindex;
		struct conf_set *c = find_set(m, dev);
		if (c && ((v6 ? c->own6 : c->own4) >> row & 1))
			continue;
		if (v6 && (row == DC6_mtu || row == DC6_addr_gen_mode))
			continue;
		int32_t v = (int32_t)devconf_get(m, fam, dev, row);
		put(get_set(m, dev), v6, row, v);
	}
}

static void set_link(struct vn_model *m, bool v6, int dev, int row, int32_t v)
{
	struct vn_link *l = NULL;
	for (size_t i = 0; i < m->nlinks; i++)
		if (m->links[i].ifindex == dev)
			l = &m->links[i];
	if (v6 && row == DC6_addr_gen_mode) {
		if (l)
			l->addr_gen_mode = (uint8_t)v;
		return;
	}
	struct conf_set *c = get_set(m, dev);
	if (v6 && row == DC6_mtu)
		c->mtu_at = l ? l->mtu : 0;
	put(c, v6, row, v);
}

/* Writes to "all" that the kernel applies to default and every link too:
 * forwarding (inet_forward_change, addrconf_fixup_forwarding),
 * disable_ipv6, ignore_routes_with_linkdown; addr_gen_mode reaches the
 * links only. */
static void set_all(struct vn_model *m, bool v6, int row, int32_t v)
{
	put(get_set(m, DEVCONF_ALL), v6, row, v);
	bool spread = v6 ? row == DC6_forwarding || row == DC6_disable_ipv6 ||
			   row == DC6_ignore_routes_with_linkdown || row == DC6_addr_gen_mode
			 : row == DC4_forwarding;
	if (!spread)
		return;
	if (!v6)   /* a router does not take redirects */
		put(get_set(m, DEVCONF_ALL), false, DC4_accept_redirects, !v);
	if (!(v6 && row == DC6_addr_gen_mode))
		put(get_set(m, DEVCONF_DEFAULT), v6, row, v);
	for (size_t i = 0; i < m->nlinks; i++)
		set_link(m, v6, m->links[i].ifindex, row, v);
}

int devconf_set(struct vn_model *m, int family, int dev, int row, int64_t v)
{
	bool v6 = family == AF_INET6;
	/* cppcheck-suppress arrayIndexOutOfBoundsCond ; the DC6_ rows are indexed only when v6 */
	const struct devconf_row *d = v6 ? &devconf6[row] : &devconf4[row];
	int64_t min = d->min, max = d->max;
	if (v6 && row == DC6_mtu && dev > 0) {
		const struct vn_link *l = vn_link_by_index(m, dev);
		max = l ? l->mtu : 0;
	}
	if (min <= max && (v < min || v > max))
		return -EINVAL;
	if (d->unit == DCU_JIFFIES)
		v *= 1000;
	int32_t x = (int32_t)(uint32_t)v;
	if (dev == DEVCONF_ALL) {
		set_all(m, v6, row, x);
	} else if (dev == DEVCONF_DEFAULT) {
		/* IPv4 links follow default except for forwarding */
		if (v6 || row == DC4_forwarding)
			keep_links(m, v6, row);
		put(get_set(m, DEVCONF_DEFAULT), v6, row, x);
	} else {
		set_link(m, v6, dev, row, x);
	}
	return 0;
}

void devconf_nl4(const struct vn_model *m, const struct vn_link *l, uint32_t out[DEVCONF4_NL])
{
	memset(out, 0, DEVCONF4_NL * sizeof(*out));
	for (int r = 0; r < DC4_N; r++)
		out[devconf4[r].nl] = (uint32_t)get(m, l, AF_INET, l->ifindex, r);
}

void devconf_nl6(const struct vn_model *m, const struct vn_link *l, int32_t out[DEVCONF6_NL])
{
	/* a model nothing was written to is the default kernel's */
	uint32_t kconfig = m ? m->kconfig : VN_K_ALL;
	memset(out, 0, DEVCONF6_NL * sizeof(*out));
	for (int r = 0; r < DC6_N; r++) {
		if (devconf6[r].nl < 0 || !devconf6_in(kconfig, r))
			continue;
		out[devconf6[r].nl] = (int32_t)get(m, l, AF_INET6, l->ifindex, r);
	}
}

/* --- net scalars ------------------------------------------------------- */

void sysctl_net_get(const struct vn_model *m, int r, int64_t v[2])
{
	memcpy(v, m->sysctl ? m->sysctl->net[r] : sysctl_net[r].v, 2 * sizeof(*v));
}

int sysctl_net_set(struct vn_model *m, int r, const int64_t *v, int n)
{
	const struct sysctl_row *d = &sysctl_net[r];
	int64_t nv[2];
	sysctl_net_get(m, r, nv);
	for (int i = 0; i < n && i < 2; i++) {
		if (d->min <= d->max && (v[i] < d->min || v[i] > d->max))
			return -EINVAL;
		nv[i] = v[i];
	}
	if (r == SN_ipv4_ip_local_port_range) {
		/* ipv4_local_port_range: ordered, not below the privileged ports */
		int64_t prot[2];
		sysctl_net_get(m, SN_ipv4_ip_unprivileged_port_start, prot);
		if (nv[1] < nv[0] || nv[0] < prot[0])
			return -EINVAL;
	} else if (r == SN_ipv4_ping_group_range && nv[1] < nv[0]) {
		/* ipv4_ping_group_range: an empty range is stored as 1 0 */
		nv[0] = 1;
		nv[1] = 0;
	} else if (r == SN_ipv4_ip_unprivileged_port_start) {
		int64_t range[2];
		sysctl_net_get(m, SN_ipv4_ip_local_port_range, range);
		if (nv[0] > range[0])
			return -EINVAL;
	}
	memcpy(state(m)->net[r], nv, sizeof(nv));
	return 0;
}
