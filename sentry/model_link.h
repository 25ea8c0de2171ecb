/* Shared by the link changes (model_link.c) and the state that follows
 * from a link's (model_link_state.c). */
#ifndef VENEER_MODEL_LINK_H
#define VENEER_MODEL_LINK_H

#include <stdbool.h>
#include <string.h>

#include "model_change.h"

/* RFC 2863 operstates (linux/if.h, which clashes with <net/if.h>) */
enum { IF_OPER_UNKNOWN = 0, IF_OPER_DOWN = 2, IF_OPER_LOWERLAYERDOWN = 3, IF_OPER_UP = 6 };

static inline bool vn_link_is_kind(const struct vn_link *l, const char *k)
{
	return strcmp(l->kind, k) == 0;
}

/* The link ifindex, to change; NULL if there is none. */
struct vn_link *vn_link_mut(struct vn_model *m, int ifindex);
/* RTM_NEWLINK of l, ifi_change change. */
void vn_link_emit(struct vn_change *c, const struct vn_link *l, uint32_t change);
/* dev_open / dev_close of l, reported with ifi_change change, and what
 * follows: carrier, routes, IPv6 addresses. */
void vn_link_up(struct vn_change *c, struct vn_link *l, uint32_t change);
void vn_link_down(struct vn_change *c, struct vn_link *l, uint32_t change);

#endif
