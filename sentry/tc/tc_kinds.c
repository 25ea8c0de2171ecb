/* The model's qdisc kinds, looked up by name (qdisc_lookup_ops). */
#include "tc_kinds.h"

#include <string.h>

#include "../model.h"

static const struct tc_qdisc_ops *const qdisc_kinds[] = {
	/* registered by pktsched_init: in every kernel */
	&tc_pfifo_fast_ops, &tc_pfifo_ops, &tc_bfifo_ops, &tc_pfifo_head_drop_ops, &tc_mq_ops,
	&tc_noqueue_ops,
	/* modules */
	&tc_fq_codel_ops,
};

const struct tc_qdisc_ops *tc_qdisc_ops(const struct vn_model *m, const char *id)
{
	(void)m;
	for (size_t i = 0; i < sizeof(qdisc_kinds) / sizeof(qdisc_kinds[0]); i++)
		if (strcmp(qdisc_kinds[i]->id, id) == 0)
			return qdisc_kinds[i];
	return NULL;
}
