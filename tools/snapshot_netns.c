/* veneer snapshot's "netns": the names of /run/netns in their listing
 * order, each with the id this namespace gives it (RTM_GETNSID with
 * NETNSA_FD, as `ip netns list` asks), so that a veth whose peer is in
 * one of them shows "link-netns NAME" under the scenario. */
#include "snapshot.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define NETNS_DIR "/run/netns"

/* The id of the namespace fd names, -1: none assigned or not asked. */
static int nsid_of(int sock, int fd, unsigned seq)
{
	struct {
		struct nlmsghdr h;
		struct rtgenmsg g;
		char pad[3];
		struct nlattr a;
		uint32_t fd;
	} req = { .h = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_GETNSID,
			 .nlmsg_flags = NLM_F_REQUEST, .nlmsg_seq = seq },
		  .a = { .nla_len = 8, .nla_type = NETNSA_FD }, .fd = (uint32_t)fd };
	if (send(sock, &req, sizeof(req), 0) < 0)
		return -1;
	char buf[4096] __attribute__((aligned(4)));
	ssize_t n = recv(sock, buf, sizeof(buf), 0);
	const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
	if (n < (ssize_t)NLMSG_LENGTH(sizeof(struct rtgenmsg)) || h->nlmsg_type != RTM_NEWNSID)
		return -1;
	size_t off = NLMSG_LENGTH(NLMSG_ALIGN(sizeof(struct rtgenmsg)));
	while (off + NLA_HDRLEN <= h->nlmsg_len && off + NLA_HDRLEN <= (size_t)n) {
		const struct nlattr *a = (const struct nlattr *)(buf + off);
		if (a->nla_len < NLA_HDRLEN)
			break;
		if ((a->nla_type & NLA_TYPE_MASK) == NETNSA_NSID && a->nla_len >= NLA_HDRLEN + 4) {
			int32_t id;
			memcpy(&id, buf + off + NLA_HDRLEN, 4);
			return id;
		}
		off += NLA_ALIGN(a->nla_len);
	}
	return -1;
}

json_t *snapshot_netns(void)
{
	DIR *d = opendir(NETNS_DIR);
	if (!d)
		return NULL;
	int sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	json_t *out = json_array();
	struct dirent *e;
	unsigned seq = 0;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		int fd = openat(dirfd(d), e->d_name, O_RDONLY | O_CLOEXEC);
		int id = fd >= 0 && sock >= 0 ? nsid_of(sock, fd, ++seq) : -1;
		if (fd >= 0)
			close(fd);
		json_t *o = json_object();
		json_object_set_new(o, "name", json_string(e->d_name));
		json_object_set_new(o, "nsid", json_integer(id));
		json_array_append_new(out, o);
	}
	closedir(d);
	if (sock >= 0)
		close(sock);
	return out;
}
