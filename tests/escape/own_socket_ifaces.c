/* Issue 19, class 9: what the program's own sockets tell it.
 *
 * Ordinary sockets stay in the host's network namespace and never reach
 * veneer: SO_BINDTOIFINDEX i then getsockopt(SO_BINDTODEVICE) names the
 * host's interface of each index (1..16, no capability needed on an unbound
 * socket), and a UDP connect (no packet sent) then getsockname gives the
 * host's source address towards a destination.
 * HELD: no interface name and no source address the sockets report is the
 * host's (not one of host_ifaces / host_addrs).
 * Arguments: host_ifaces=... host_addrs=a,b,... */
#include "escape.h"

#include <arpa/inet.h>
#include <netinet/in.h>

int main(int argc, char **argv)
{
	struct findings f = { .n = 0 };
	char seen[1024] = "";
	size_t used = 0;
	for (int i = 1; i <= 16; i++) {
		int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (s < 0)
			setup_error("socket: %s", strerror(errno));
		char name[IFNAMSIZ + 1] = "";
		socklen_t len = sizeof(name) - 1;
		if (setsockopt(s, SOL_SOCKET, SO_BINDTOIFINDEX, &i, sizeof(i)) == 0 &&
		    getsockopt(s, SOL_SOCKET, SO_BINDTODEVICE, name, &len) == 0 && name[0]) {
			used += (size_t)snprintf(seen + used, sizeof(seen) - used, "%s%d:%s", used ? " " : "", i, name);
			const char *hit = host_iface(argc, argv, name, NULL);
			if (hit)
				found(&f, "SO_BINDTOIFINDEX %d names host interface %s", i, name);
		}
		close(s);
	}
	static const struct {
		int family;
		const char *dst;
	} dsts[] = { { AF_INET, "8.8.8.8" }, { AF_INET, "10.1.2.3" }, { AF_INET6, "2001:4860:4860::8888" },
		     { AF_INET6, "fd00::1" } };
	for (size_t i = 0; i < sizeof(dsts) / sizeof(dsts[0]); i++) {
		struct sockaddr_storage ss;
		memset(&ss, 0, sizeof(ss));
		socklen_t sl;
		if (dsts[i].family == AF_INET) {
			struct sockaddr_in *a = (struct sockaddr_in *)&ss;
			a->sin_family = AF_INET;
			a->sin_port = htons(53);
			inet_pton(AF_INET, dsts[i].dst, &a->sin_addr);
			sl = sizeof(*a);
		} else {
			struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
			a->sin6_family = AF_INET6;
			a->sin6_port = htons(53);
			inet_pton(AF_INET6, dsts[i].dst, &a->sin6_addr);
			sl = sizeof(*a);
		}
		int s = socket(dsts[i].family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (s < 0)
			continue;
		char src[INET6_ADDRSTRLEN] = "";
		if (connect(s, (struct sockaddr *)&ss, sl) == 0) {
			struct sockaddr_storage me;
			socklen_t ml = sizeof(me);
			if (getsockname(s, (struct sockaddr *)&me, &ml) == 0)
				inet_ntop(me.ss_family,
					  me.ss_family == AF_INET ? (void *)&((struct sockaddr_in *)&me)->sin_addr
								  : (void *)&((struct sockaddr_in6 *)&me)->sin6_addr,
					  src, sizeof(src));
		}
		close(s);
		if (src[0]) {
			used += (size_t)snprintf(seen + used, sizeof(seen) - used, "%s%s<-%s", used ? " " : "",
						 dsts[i].dst, src);
			if (host_addr(argc, argv, src))
				found(&f, "UDP connect to %s: getsockname gives host address %s", dsts[i].dst, src);
		}
	}
	if (f.n)
		escaped("%s", f.text);
	held("own sockets show only [%s]", seen);
}
