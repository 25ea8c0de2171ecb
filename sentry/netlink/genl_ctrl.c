/* nlctrl, the generic netlink controller (genetlink.c's genl_ctrl):
 * CTRL_CMD_GETFAMILY by id or name and as a dump, each family as
 * ctrl_fill_info writes it. The model has only the families it serves
 * (genl.c's table): any other name or id is ENOENT, as on a kernel
 * without that family. CTRL_CMD_GETPOLICY is listed as the kernel lists
 * it but not answered (EOPNOTSUPP; docs/design.md). */
#include <errno.h>
#include <string.h>

#include "genl.h"

/* ctrl_fill_info: in the header, nlctrl's own version whatever the family */
static void fill_family(const struct genl_req *r, const struct genl_family *f, bool dump)
{
	struct nlmsghdr *h = genl_msg_start(r, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY, 2, dump);
	genl_put_str(h, CTRL_ATTR_FAMILY_NAME, f->name);
	genl_put_u16(h, CTRL_ATTR_FAMILY_ID, f->id);
	genl_put_u32(h, CTRL_ATTR_VERSION, f->version);
	genl_put_u32(h, CTRL_ATTR_HDRSIZE, f->hdrsize);
	genl_put_u32(h, CTRL_ATTR_MAXATTR, f->maxattr);
	const struct genl_op *ops = f->id == GENL_ID_CTRL ? genl_ctrl_ops : genl_ethtool_ops;
	size_t nops = f->id == GENL_ID_CTRL ? genl_ctrl_nops : genl_ethtool_nops;
	struct nlattr *all = genl_nest(h, CTRL_ATTR_OPS, false);
	for (size_t i = 0; i < nops; i++) {
		struct nlattr *op = genl_nest(h, (uint16_t)(i + 1), false);
		genl_put_u32(h, CTRL_ATTR_OP_ID, ops[i].cmd);
		genl_put_u32(h, CTRL_ATTR_OP_FLAGS, ops[i].flags);
		genl_nest_end(h, op);
	}
	genl_nest_end(h, all);
	struct nlattr *grps = genl_nest(h, CTRL_ATTR_MCAST_GROUPS, false);
	struct nlattr *g = genl_nest(h, 1, false);
	genl_put_u32(h, CTRL_ATTR_MCAST_GRP_ID, f->mcgrp_id);
	genl_put_str(h, CTRL_ATTR_MCAST_GRP_NAME, f->mcgrp);
	genl_nest_end(h, g);
	genl_nest_end(h, grps);
	genl_msg_emit(r, h, dump);
}

/* ctrl_getfamily: by id, then by name (the later wins); neither: EINVAL */
static int getfamily(struct genl_req *r)
{
	const struct nlattr *tb[CTRL_ATTR_FAMILY_NAME + 1];
	int err = genl_parse(r, 0, tb, CTRL_ATTR_FAMILY_NAME, false);
	if (err)
		return err;
	const struct genl_family *found = NULL;
	err = -EINVAL;
	if (tb[CTRL_ATTR_FAMILY_ID]) {
		if (tb[CTRL_ATTR_FAMILY_ID]->nla_len < NLA_HDRLEN + 2)
			return -ERANGE;
		uint16_t id;
		memcpy(&id, (const char *)tb[CTRL_ATTR_FAMILY_ID] + NLA_HDRLEN, 2);
		for (size_t i = 0; i < genl_nfamilies; i++)
			if (genl_families[i].id == id)
				found = &genl_families[i];
		err = -ENOENT;
	}
	if (tb[CTRL_ATTR_FAMILY_NAME]) {
		/* NLA_NUL_STRING of at most GENL_NAMSIZ - 1 characters */
		const char *name = (const char *)tb[CTRL_ATTR_FAMILY_NAME] + NLA_HDRLEN;
		size_t len = tb[CTRL_ATTR_FAMILY_NAME]->nla_len - NLA_HDRLEN;
		const char *nul = memchr(name, 0, len);
		if (!nul)
			return -EINVAL;
		if ((size_t)(nul - name) > GENL_NAMSIZ - 1)
			return -ERANGE;
		found = NULL;
		for (size_t i = 0; i < genl_nfamilies; i++)
			if (!strcmp(genl_families[i].name, name))
				found = &genl_families[i];
		err = -ENOENT;
	}
	if (!found)
		return err;
	fill_family(r, found, false);
	return 0;
}

/* ctrl_dumpfamily: every family in id order */
static int dumpfamily(struct genl_req *r)
{
	for (size_t i = 0; i < genl_nfamilies; i++)
		fill_family(r, &genl_families[i], true);
	return 0;
}

/* The kernel's split ops of nlctrl: GETFAMILY do and dump, GETPOLICY
 * dump only, each with a policy. */
const struct genl_op genl_ctrl_ops[] = {
	{ CTRL_CMD_GETFAMILY, GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP | GENL_CMD_CAP_HASPOL, getfamily,
	  dumpfamily },
	{ CTRL_CMD_GETPOLICY, GENL_CMD_CAP_DUMP | GENL_CMD_CAP_HASPOL, NULL, NULL },
};
const size_t genl_ctrl_nops = sizeof(genl_ctrl_ops) / sizeof(genl_ctrl_ops[0]);
