/* The model's qdisc kinds, looked up by name (qdisc_lookup_ops), and the
 * kinds a kernel has only when built with them (its modules). */
#include "tc_kinds.h"

#include <string.h>

#include "../model.h"

static const struct tc_qdisc_ops *const qdisc_kinds[] = {
	/* registered by pktsched_init: in every kernel */
	&tc_pfifo_fast_ops, &tc_pfifo_ops, &tc_bfifo_ops, &tc_pfifo_head_drop_ops, &tc_mq_ops,
	&tc_noqueue_ops,
	/* modules */
	&tc_fq_codel_ops, &tc_ingress_ops, &tc_clsact_ops, &tc_tbf_ops, &tc_htb_ops,
};

/* Each a bit of the model's tc_absent, in this order (a scenario's
 * kernel.tc_kinds names them). */
static const char *const module_kinds[] = {
	"fq_codel", "ingress", "clsact", "tbf", "htb",
	/* classifiers */
	"u32", "matchall",
};

size_t tc_module_count(void)
{
	return sizeof(module_kinds) / sizeof(module_kinds[0]);
}

const char *tc_module_kind(size_t i)
{
	return i < tc_module_count() ? module_kinds[i] : NULL;
}

int tc_module_bit(const char *kind)
{
	for (size_t i = 0; i < tc_module_count(); i++)
		if (strcmp(module_kinds[i], kind) == 0)
			return (int)i;
	return -1;
}

bool tc_kind_present(const struct vn_model *m, const char *kind)
{
	int bit = tc_module_bit(kind);
	return !m || bit < 0 || !(m->tc_absent & (1ull << bit));
}

const struct tc_qdisc_ops *tc_qdisc_ops(const struct vn_model *m, const char *id)
{
	if (!tc_kind_present(m, id))
		return NULL;
	for (size_t i = 0; i < sizeof(qdisc_kinds) / sizeof(qdisc_kinds[0]); i++)
		if (strcmp(qdisc_kinds[i]->id, id) == 0)
			return qdisc_kinds[i];
	return NULL;
}
