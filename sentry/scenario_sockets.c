/* Scenario sockets: {"netid", "state", "local", "peer", "uid", "inode"}.
 *
 * netid is ss's column (tcp, udp, raw, udplite, with "6" for IPv6; unix,
 * or u_str/u_dgr/u_seq for a unix socket's type); state is ss's or
 * netstat's name (ESTAB or ESTABLISHED, UNCONN or CLOSE, ...), by default
 * LISTEN for tcp and unix stream, UNCONN otherwise. local/peer are
 * "ADDR:PORT" as ss prints them ("0.0.0.0:22", "[::1]:53", "*:*"), a
 * path for unix ("@name" for an abstract one); missing means the wildcard.
 */
#include "scenario_sockets.h"

#include <arpa/inet.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

struct netid {
	const char *name;
	uint8_t family, protocol, type;
};

static const struct netid netids[] = {
	{ "tcp", AF_INET, IPPROTO_TCP, SOCK_STREAM },
	{ "tcp6", AF_INET6, IPPROTO_TCP, SOCK_STREAM },
	{ "udp", AF_INET, IPPROTO_UDP, SOCK_DGRAM },
	{ "udp6", AF_INET6, IPPROTO_UDP, SOCK_DGRAM },
	{ "udplite", AF_INET, IPPROTO_UDPLITE, SOCK_DGRAM },
	{ "udplite6", AF_INET6, IPPROTO_UDPLITE, SOCK_DGRAM },
	{ "raw", AF_INET, IPPROTO_RAW, SOCK_RAW },
	{ "raw6", AF_INET6, IPPROTO_RAW, SOCK_RAW },
	{ "unix", AF_UNIX, 0, SOCK_STREAM },
	{ "u_str", AF_UNIX, 0, SOCK_STREAM },
	{ "u_dgr", AF_UNIX, 0, SOCK_DGRAM },
	{ "u_seq", AF_UNIX, 0, SOCK_SEQPACKET },
	{ NULL, 0, 0, 0 },
};

struct state_name {
	const char *ss, *netstat;
	uint8_t state;
};

static const struct state_name states[] = {
	{ "ESTAB", "ESTABLISHED", VN_TCP_ESTABLISHED }, { "SYN-SENT", "SYN_SENT", VN_TCP_SYN_SENT },
	{ "SYN-RECV", "SYN_RECV", VN_TCP_SYN_RECV }, { "FIN-WAIT-1", "FIN_WAIT1", VN_TCP_FIN_WAIT1 },
	{ "FIN-WAIT-2", "FIN_WAIT2", VN_TCP_FIN_WAIT2 }, { "TIME-WAIT", "TIME_WAIT", VN_TCP_TIME_WAIT },
	{ "UNCONN", "CLOSE", VN_TCP_CLOSE }, { "CLOSE-WAIT", "CLOSE_WAIT", VN_TCP_CLOSE_WAIT },
	{ "LAST-ACK", "LAST_ACK", VN_TCP_LAST_ACK }, { "LISTEN", "LISTEN", VN_TCP_LISTEN },
	{ "CLOSING", "CLOSING", VN_TCP_CLOSING }, { NULL, NULL, 0 },
};

static bool parse_port(const char *s, uint16_t *port)
{
	if (strcmp(s, "*") == 0) {
		*port = 0;
		return true;
	}
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	if (!*s || *end || v > 65535)
		return false;
	*port = (uint16_t)v;
	return true;
}

static bool parse_endpoint(const char *s, uint8_t family, uint8_t addr[16], uint16_t *port)
{
	char host[INET6_ADDRSTRLEN + 2];
	const char *colon = strrchr(s, ':');
	if (!colon || (size_t)(colon - s) >= sizeof(host))
		return false;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	char *h = host;
	size_t hl = strlen(h);
	if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
		h[hl - 1] = '\0';
		h++;
	}
	memset(addr, 0, 16);
	if (strcmp(h, "*") != 0 && inet_pton(family, h, addr) != 1)
		return false;
	return parse_port(colon + 1, port);
}

static int str_of(json_t *o, const char *key, const char **out)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	if (!json_is_string(v))
		return -1;
	*out = json_string_value(v);
	return 1;
}

static int uint_of(json_t *o, const char *key, uint32_t *out)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > UINT32_MAX)
		return -1;
	*out = (uint32_t)json_integer_value(v);
	return 1;
}

#define FAIL(k, what) do { *key = (k); *expected = (what); return -1; } while (0)

int vn_scenario_socket(struct vn_model *m, json_t *o, const char **key, const char **expected)
{
	if (!json_is_object(o))
		FAIL(NULL, "an object");
	const char *netid = NULL, *state = NULL, *local = NULL, *peer = NULL;
	if (str_of(o, "netid", &netid) <= 0)
		FAIL("netid", "\"tcp\", \"udp\", \"unix\", \"tcp6\" or \"udp6\"");
	const struct netid *n = netids;
	while (n->name && strcmp(n->name, netid) != 0)
		n++;
	if (!n->name)
		FAIL("netid", "\"tcp\", \"udp\", \"unix\", \"tcp6\" or \"udp6\"");
	struct vn_socket s = { .family = n->family, .protocol = n->protocol, .type = n->type };
	s.state = n->type == SOCK_STREAM ? VN_TCP_LISTEN : VN_TCP_CLOSE;
	if (str_of(o, "state", &state) < 0)
		FAIL("state", "a socket state such as \"LISTEN\" or \"ESTAB\"");
	if (state) {
		const struct state_name *t = states;
		while (t->ss && strcmp(t->ss, state) != 0 && strcmp(t->netstat, state) != 0)
			t++;
		if (!t->ss)
			FAIL("state", "a socket state such as \"LISTEN\" or \"ESTAB\"");
		s.state = t->state;
	}
	if (str_of(o, "local", &local) < 0 || str_of(o, "peer", &peer) < 0)
		FAIL(local ? "peer" : "local", "a string");
	if (uint_of(o, "uid", &s.uid) < 0)
		FAIL("uid", "an integer from 0 to 4294967295");
	if (uint_of(o, "inode", &s.ino) < 0)
		FAIL("inode", "an integer from 0 to 4294967295");
	if (n->family == AF_UNIX) {
		if (local) {
			size_t len = strlen(local);
			if (len == 0 || len >= VN_UNIX_PATH_MAX)
				FAIL("local", "a socket path of 1 to 107 bytes");
			memcpy(s.path, local, len);
			/* "@name": abstract (a leading NUL, no terminator); a path
			 * keeps its NUL, as sun_path does */
			if (local[0] == '@')
				s.path[0] = '\0';
			s.path_len = (uint8_t)(local[0] == '@' ? len : len + 1);
		}
		if (peer) {
			char *end;
			unsigned long v = strtoul(peer, &end, 10);
			if (strcmp(peer, "*") != 0 && (*end || v > UINT32_MAX))
				FAIL("peer", "the peer's inode number or \"*\"");
			s.peer_ino = strcmp(peer, "*") == 0 ? 0 : (uint32_t)v;
		}
	} else {
		if (local && !parse_endpoint(local, n->family, s.src, &s.sport))
			FAIL("local", n->family == AF_INET ? "\"ADDR:PORT\" with an IPv4 address"
							   : "\"[ADDR]:PORT\" with an IPv6 address");
		if (peer && !parse_endpoint(peer, n->family, s.dst, &s.dport))
			FAIL("peer", n->family == AF_INET ? "\"ADDR:PORT\" with an IPv4 address"
							  : "\"[ADDR]:PORT\" with an IPv6 address");
		if (n->protocol == IPPROTO_TCP)
			s.cwnd = 10;
		s.rto = 100;
		s.ssthresh = s.state == VN_TCP_LISTEN ? 0 : -1;
		if (n->type == SOCK_RAW)
			s.protocol = (uint8_t)s.sport;   /* raw "port" = protocol, as ss prints it */
	}
	s.cookie[0] = s.cookie[1] = 0;
	vn_model_add_socket(m, &s);
	return 0;
}
