/* A filter protocol's nodes (tc_filter.h) and the classifier kinds. */
#include "tc_filter.h"

#include <string.h>

#include "../model.h"
#include "tc_kinds.h"

static const struct tc_cls_ops *const cls_kinds[] = { &tc_u32_ops, &tc_matchall_ops };

const struct tc_cls_ops *tc_cls_ops(const struct vn_model *m, const char *kind)
{
	if (!tc_kind_present(m, kind))
		return NULL;
	for (size_t i = 0; i < sizeof(cls_kinds) / sizeof(cls_kinds[0]); i++)
		if (strcmp(cls_kinds[i]->kind, kind) == 0)
			return cls_kinds[i];
	return NULL;
}

bool tc_same_chain(const struct vn_tc *t, const struct vn_tc *tp)
{
	return t->ifindex == tp->ifindex && t->qdisc == tp->qdisc && t->block == tp->block &&
	       t->chain == tp->chain;
}

size_t tc_nodes(const struct vn_model *m, const struct vn_tc *tp, size_t *idx, size_t max)
{
	size_t a, b, n = 0;
	vn_tc_range(m, tp->ifindex, VN_TC_FILTER, &a, &b);
	for (size_t i = a; i < b; i++)
		if (tc_same_chain(&m->tcs[i], tp) && m->tcs[i].info == tp->info && n < max)
			idx[n++] = i;
	return n;
}

void tc_node_insert(struct tc_fop *f, uint32_t handle, const struct buf *attrs, size_t before)
{
	struct vn_model *m = f->c->m;
	struct vn_tc n = f->tp;
	n.type = VN_TC_FILTER;
	n.handle = handle;
	n.attrs = NULL;
	n.attrs_len = 0;
	vn_tc_set_attrs(&n, attrs->data, attrs->len);
	if (before == SIZE_MAX) {
		size_t a, b;
		vn_tc_range(m, n.ifindex, VN_TC_FILTER, &a, &b);
		before = b;
		for (size_t i = a; i < b; i++)
			if (tc_same_chain(&m->tcs[i], &n) && m->tcs[i].info == n.info)
				before = i + 1;
	}
	vn_tc_insert(m, before, &n);
}
