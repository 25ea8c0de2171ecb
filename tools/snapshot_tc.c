/* veneer snapshot's traffic control: the namespace's qdiscs, classes,
 * filter chains and filters as the kernel dumps them (RTM_GETQDISC with
 * TCA_DUMP_INVISIBLE, then per device RTM_GETTCLASS, and RTM_GETTFILTER /
 * RTM_GETCHAIN for every block a qdisc or class can hold), each message's
 * tcmsg written out and its attributes kept as the kernel's bytes, so
 * that veneer serves them byte for byte (docs/scenario.md, "tc"). */
#include "snapshot.h"

#include <jansson.h>
#include <linux/netlink.h>
#include <arpa/inet.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <errno.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tc/tc_kinds.h"

struct msgs {
	struct nlmsghdr **v;
	size_t n;
};

static void msgs_free(struct msgs *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

/* One dump: type with a tcmsg for ifindex/parent (and TCA_DUMP_INVISIBLE
 * when asked); its messages appended to out. -1 on failure. */
static int dump(int fd, uint16_t type, int ifindex, uint32_t parent, bool invisible,
		struct msgs *out)
{
	static uint32_t seq;
	struct {
		struct nlmsghdr h;
		struct tcmsg t;
		struct nlattr a;
	} req = { .h = { .nlmsg_len = NLMSG_LENGTH(sizeof(struct tcmsg)), .nlmsg_type = type,
			 .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = ++seq },
		  .t = { .tcm_ifindex = ifindex, .tcm_parent = parent },
		  .a = { .nla_len = NLA_HDRLEN, .nla_type = TCA_DUMP_INVISIBLE } };
	if (invisible)
		req.h.nlmsg_len += NLA_HDRLEN;
	if (send(fd, &req, req.h.nlmsg_len, 0) < 0)
		return -1;
	static char buf[65536] __attribute__((aligned(4)));
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0)
			return -1;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n);
		     h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR)
				return -1;
			struct nlmsghdr *c = malloc(h->nlmsg_len);
			struct nlmsghdr **v = realloc(out->v, (out->n + 1) * sizeof(*v));
			if (!c || !v)
				abort();
			memcpy(c, h, h->nlmsg_len);
			out->v = v;
			out->v[out->n++] = c;
		}
	}
}

/* A handle as the scenario writes it: "root", "1:", ":3", "1:10". */
static json_t *handle_str(uint32_t h)
{
	char s[16];
	if (h == TC_H_ROOT)
		return json_string("root");
	if (!TC_H_MIN(h))
		snprintf(s, sizeof(s), "%x:", h >> 16);
	else if (!TC_H_MAJ(h))
		snprintf(s, sizeof(s), ":%x", TC_H_MIN(h));
	else
		snprintf(s, sizeof(s), "%x:%x", h >> 16, TC_H_MIN(h));
	return json_string(s);
}

/* The attributes after TCA_KIND (and TCA_CHAIN), and those two. */
static json_t *record(const struct nlmsghdr *h, uint32_t block, bool has_block)
{
	const struct tcmsg *t = NLMSG_DATA(h);
	json_t *o = json_object();
	char dev[IF_NAMESIZE] = "";
	if (!if_indextoname((unsigned)t->tcm_ifindex, dev))
		snprintf(dev, sizeof(dev), "%d", t->tcm_ifindex);
	json_object_set_new(o, "dev", json_string(dev));
	if (has_block)
		json_object_set_new(o, "block", handle_str(block));
	const char *p = (const char *)h + NLMSG_LENGTH(sizeof(*t));
	size_t len = h->nlmsg_len - NLMSG_LENGTH(sizeof(*t)), off = 0;
	while (off + NLA_HDRLEN <= len) {
		const struct nlattr *a = (const struct nlattr *)(p + off);
		if (a->nla_type == TCA_KIND)
			json_object_set_new(o, "kind", json_stringn((const char *)(a + 1),
								    strnlen((const char *)(a + 1), a->nla_len - NLA_HDRLEN)));
		else if (a->nla_type == TCA_CHAIN && a->nla_len == NLA_HDRLEN + 4)
			json_object_set_new(o, "chain", json_integer(*(const uint32_t *)(a + 1)));
		else
			break;
		off += NLA_ALIGN(a->nla_len);
	}
	json_object_set_new(o, "handle", h->nlmsg_type == RTM_NEWTFILTER
					      ? json_integer(t->tcm_handle) : handle_str(t->tcm_handle));
	json_object_set_new(o, "parent", handle_str(t->tcm_parent));
	json_object_set_new(o, "info", json_integer(t->tcm_info));
	char *hex = malloc(2 * (len - off) + 1);
	if (!hex)
		abort();
	for (size_t i = off; i < len; i++)
		snprintf(hex + 2 * (i - off), 3, "%02x", (uint8_t)p[i]);
	hex[2 * (len - off)] = '\0';
	json_object_set_new(o, "attrs", json_string(hex));
	free(hex);
	return o;
}

static bool same_msg(const struct nlmsghdr *a, const struct nlmsghdr *b)
{
	return a->nlmsg_len == b->nlmsg_len &&
	       memcmp(NLMSG_DATA(a), NLMSG_DATA(b), a->nlmsg_len - NLMSG_HDRLEN) == 0;
}

/* The blocks a device's filters can be in: each qdisc's own, each class's,
 * and clsact's two. Filters and chains of each, as "filters" and
 * "chains" records naming the block. */
static int blocks(int fd, int ifindex, const struct msgs *qd, const struct msgs *cl,
		  json_t *filters, json_t *chains)
{
	uint32_t parents[4096];
	size_t np = 0;
	for (size_t i = 0; i < qd->n; i++) {
		const struct tcmsg *t = NLMSG_DATA(qd->v[i]);
		if (t->tcm_ifindex != ifindex || np + 3 > 4096)
			continue;
		parents[np++] = t->tcm_handle;
		if (t->tcm_handle == TC_H_MAKE(TC_H_CLSACT, 0)) {
			parents[np++] = TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS);
			parents[np++] = TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_EGRESS);
		}
	}
	for (size_t i = 0; i < cl->n && np < 4096; i++)
		parents[np++] = ((const struct tcmsg *)NLMSG_DATA(cl->v[i]))->tcm_handle;
	for (size_t k = 0; k < np; k++) {
		/* a handle 0 names the root: only the root's */
		if (parents[k] == 0 && k > 0)
			continue;
		struct msgs f = { 0 }, c = { 0 };
		if (dump(fd, RTM_GETTFILTER, ifindex, parents[k], false, &f) < 0 ||
		    dump(fd, RTM_GETCHAIN, ifindex, parents[k], false, &c) < 0) {
			msgs_free(&f);
			msgs_free(&c);
			return -1;
		}
		for (size_t i = 0; i < f.n; i++)
			json_array_append_new(filters, record(f.v[i], parents[k], true));
		for (size_t i = 0; i < c.n; i++)
			json_array_append_new(chains, record(c.v[i], parents[k], true));
		msgs_free(&f);
		msgs_free(&c);
	}
	return 0;
}

json_t *snapshot_tc(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return NULL;
	struct msgs all = { 0 }, shown = { 0 };
	json_t *tc = NULL;
	if (dump(fd, RTM_GETQDISC, 0, 0, true, &all) < 0 ||
	    dump(fd, RTM_GETQDISC, 0, 0, false, &shown) < 0)
		goto out;
	tc = json_object();
	json_t *qdiscs = json_array(), *classes = json_array(), *filters = json_array(),
	       *chains = json_array();
	json_object_set_new(tc, "qdiscs", qdiscs);
	json_object_set_new(tc, "classes", classes);
	json_object_set_new(tc, "chains", chains);
	json_object_set_new(tc, "filters", filters);
	/* the qdiscs only the invisible dump lists are TCQ_F_INVISIBLE */
	size_t s = 0;
	int prev = 0;
	for (size_t i = 0; i < all.n; i++) {
		json_t *o = record(all.v[i], 0, false);
		if (s < shown.n && same_msg(all.v[i], shown.v[s]))
			s++;
		else
			json_object_set_new(o, "invisible", json_true());
		json_array_append_new(qdiscs, o);
		int ifindex = ((const struct tcmsg *)NLMSG_DATA(all.v[i]))->tcm_ifindex;
		bool last = i + 1 == all.n ||
			    ((const struct tcmsg *)NLMSG_DATA(all.v[i + 1]))->tcm_ifindex != ifindex;
		if (!last || ifindex == prev)
			continue;
		prev = ifindex;
		struct msgs cl = { 0 };
		if (dump(fd, RTM_GETTCLASS, ifindex, 0, false, &cl) < 0 ||
		    blocks(fd, ifindex, &all, &cl, filters, chains) < 0) {
			msgs_free(&cl);
			json_decref(tc);
			tc = NULL;
			goto out;
		}
		for (size_t k = 0; k < cl.n; k++)
			json_array_append_new(classes, record(cl.v[k], 0, false));
		msgs_free(&cl);
	}
out:
	msgs_free(&all);
	msgs_free(&shown);
	close(fd);
	return tc;
}

/* The answer to one change request: 0 or a negative errno. */
static int ack(int fd, void *req, size_t len)
{
	struct nlmsghdr *h = req;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE;
	if (send(fd, req, len, 0) < 0)
		return -1;
	char buf[4096] __attribute__((aligned(4)));
	ssize_t n = recv(fd, buf, sizeof(buf), 0);
	const struct nlmsghdr *r = (const struct nlmsghdr *)buf;
	if (n < (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)) || r->nlmsg_type != NLMSG_ERROR)
		return -1;
	return ((const struct nlmsgerr *)NLMSG_DATA(r))->error;
}

/* A qdisc of kind made at lo's root (or ingress): ENOENT when the kernel
 * has no such kind; any other answer (a kind that needs options says
 * EINVAL) shows it has. */
static int try_qdisc(int fd, const char *kind, bool ingress)
{
	struct {
		struct nlmsghdr h;
		struct tcmsg t;
		struct nlattr a;
		char kind[16];
	} req = { .h = { .nlmsg_type = RTM_NEWQDISC },
		  .t = { .tcm_ifindex = 1, .tcm_parent = ingress ? TC_H_INGRESS : TC_H_ROOT,
			 .tcm_handle = ingress ? TC_H_MAKE(TC_H_INGRESS, 0) : 0 },
		  .a = { .nla_type = TCA_KIND } };
	snprintf(req.kind, sizeof(req.kind), "%s", kind);
	req.a.nla_len = (uint16_t)(NLA_HDRLEN + strlen(kind) + 1);
	req.h.nlmsg_len = (uint32_t)(NLMSG_LENGTH(sizeof(req.t)) + NLA_ALIGN(req.a.nla_len));
	return ack(fd, &req, req.h.nlmsg_len);
}

/* A filter of kind on lo's ingress block (parent): ENOENT when the
 * kernel has no such classifier. u32 is asked for a node with a mark, so
 * that its dump shows what the kernel was built with. */
static int try_filter(int fd, const char *kind, uint32_t parent, uint16_t prio)
{
	struct {
		struct nlmsghdr h;
		struct tcmsg t;
		char attrs[128];
	} req = { .h = { .nlmsg_type = RTM_NEWTFILTER },
		  .t = { .tcm_ifindex = 1, .tcm_parent = parent, .tcm_info = (uint32_t)prio << 16 | htons(0x0003) } };
	char *p = req.attrs;
	struct nlattr *a = (struct nlattr *)p;
	a->nla_type = TCA_KIND;
	a->nla_len = (uint16_t)(NLA_HDRLEN + strlen(kind) + 1);
	memcpy(a + 1, kind, strlen(kind) + 1);
	p += NLA_ALIGN(a->nla_len);
	struct nlattr *opt = (struct nlattr *)p;
	opt->nla_type = TCA_OPTIONS;
	opt->nla_len = NLA_HDRLEN;
	if (strcmp(kind, "u32") == 0) {
		struct nlattr *sel = opt + 1;
		sel->nla_type = TCA_U32_SEL;
		sel->nla_len = NLA_HDRLEN + sizeof(struct tc_u32_sel);
		memset(sel + 1, 0, sizeof(struct tc_u32_sel));
		struct nlattr *mark = (struct nlattr *)((char *)sel + NLA_ALIGN(sel->nla_len));
		mark->nla_type = TCA_U32_MARK;
		mark->nla_len = NLA_HDRLEN + sizeof(struct tc_u32_mark);
		struct tc_u32_mark mk = { .val = 1, .mask = 1 };
		memcpy(mark + 1, &mk, sizeof(mk));
		opt->nla_len = (uint16_t)(NLA_HDRLEN + NLA_ALIGN(sel->nla_len) + mark->nla_len);
	}
	p += NLA_ALIGN(opt->nla_len);
	req.h.nlmsg_len = (uint32_t)(p - (char *)&req);
	return ack(fd, &req, req.h.nlmsg_len);
}

/* What the kernel's u32 dump of the probe's node shows: 'p' for
 * TCA_U32_PCNT (CONFIG_CLS_U32_PERF), 'm' for TCA_U32_MARK
 * (CONFIG_CLS_U32_MARK). */
static void u32_options(int fd, uint32_t parent, bool *perf, bool *mark)
{
	struct msgs f = { 0 };
	*perf = *mark = false;
	if (dump(fd, RTM_GETTFILTER, 1, parent, false, &f) < 0)
		return;
	for (size_t i = 0; i < f.n; i++) {
		const struct tcmsg *t = NLMSG_DATA(f.v[i]);
		if (!(t->tcm_handle & 0xFFFFF))
			continue;
		const char *p = (const char *)f.v[i] + NLMSG_LENGTH(sizeof(*t));
		size_t len = f.v[i]->nlmsg_len - NLMSG_LENGTH(sizeof(*t));
		for (size_t off = 0; off + NLA_HDRLEN <= len;) {
			const struct nlattr *a = (const struct nlattr *)(p + off);
			if (a->nla_len < NLA_HDRLEN)
				break;
			if (a->nla_type == TCA_OPTIONS)
				for (size_t o = NLA_HDRLEN; o + NLA_HDRLEN <= a->nla_len;) {
					const struct nlattr *b = (const struct nlattr *)((const char *)a + o);
					if (b->nla_len < NLA_HDRLEN)
						break;
					*perf |= b->nla_type == TCA_U32_PCNT;
					*mark |= b->nla_type == TCA_U32_MARK;
					o += NLA_ALIGN(b->nla_len);
				}
			off += NLA_ALIGN(a->nla_len);
		}
	}
	msgs_free(&f);
}

/* kernel.tc_kinds: which of the kinds a kernel may be built without this
 * one has, tried in a network namespace of a child's own, so that the
 * namespace of the snapshot is left as it is. Left out when no namespace
 * can be made (no CAP_SYS_ADMIN). */
void snapshot_tc_kinds(json_t *kernel)
{
	int p[2];
	if (pipe(p) < 0)
		return;
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return;
	}
	if (pid == 0) {
		close(p[0]);
		int fd = -1;
		if (unshare(CLONE_NEWNET) < 0 ||
		    (fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE)) < 0)
			_exit(1);
		char out[64] = "";
		size_t i = 0;
		for (; i < tc_module_count() && i < sizeof(out) - 3; i++) {
			const char *kind = tc_module_kind(i);
			const struct tc_qdisc_ops *ops = tc_qdisc_ops(NULL, kind);
			int err = ops ? try_qdisc(fd, kind, ops->flags & TC_QF_INGRESS) : -1;
			out[i] = err == -1 ? '?' : err == -ENOENT ? '0' : '1';
		}
		/* classifiers, on an ingress block: ingress's, or clsact's */
		uint32_t parent = try_qdisc(fd, "ingress", true) == 0 ? TC_H_MAKE(TC_H_INGRESS, 0)
				  : try_qdisc(fd, "clsact", true) == 0
				  ? TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS) : 0;
		bool perf = false, mark = false, u32 = false;
		for (size_t k = 0; parent && k < i; k++) {
			const char *kind = tc_module_kind(k);
			if (tc_qdisc_ops(NULL, kind))
				continue;
			int err = try_filter(fd, kind, parent, (uint16_t)(k + 1));
			out[k] = err == -1 ? '?' : err == -ENOENT ? '0' : '1';
			if (strcmp(kind, "u32") == 0 && err == 0) {
				u32_options(fd, parent, &perf, &mark);
				u32 = true;
			}
		}
		out[i++] = u32 ? perf ? '1' : '0' : '?';
		out[i++] = u32 ? mark ? '1' : '0' : '?';
		ssize_t w = write(p[1], out, strlen(out));
		_exit(w < 0);
	}
	close(p[1]);
	char in[64];
	ssize_t n = read(p[0], in, sizeof(in));
	close(p[0]);
	int status;
	waitpid(pid, &status, 0);
	if (n <= 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return;
	json_t *kinds = json_object();
	size_t i = 0;
	for (; i < (size_t)n && i < tc_module_count(); i++)
		if (in[i] != '?')
			json_object_set_new(kinds, tc_module_kind(i), json_boolean(in[i] == '1'));
	json_object_set_new(kernel, "tc_kinds", kinds);
	/* CONFIG_CLS_U32_PERF and _MARK, as the kernel's build options */
	static const char *const u32_keys[] = { "cls_u32_perf", "cls_u32_mark" };
	for (size_t k = 0; k < 2 && i + k < (size_t)n; k++)
		if (in[i + k] != '?')
			json_object_set_new(kernel, u32_keys[k], json_boolean(in[i + k] == '1'));
}
