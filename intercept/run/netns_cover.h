/* /run/netns from the model: the names the snapshot saw there, as empty
 * read-only files of a tmpfs mounted over the host's /run/netns in the
 * supervisor's mount namespace (so the program's has it too). The host's
 * names do not show; `ip netns list` lists the model's, and an fd of one
 * of them names that namespace to RTM_GETNSID (NETNSA_FD), which gives
 * the id the snapshot's namespace had given it. Such a file is no
 * namespace: setns on it is EINVAL (`ip netns exec` cannot enter it). */
#ifndef VENEER_NETNS_COVER_H
#define VENEER_NETNS_COVER_H

#include <sys/types.h>

#include "model.h"

/* Before the program's process is forked; nothing to do without a host
 * /run/netns. 0 or -errno. */
int netns_cover_mount(const struct vn_model *m);
/* Which of m->netns the file (dev, ino) is, or -1. */
int netns_cover_index(dev_t dev, ino_t ino);

#endif
