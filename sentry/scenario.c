/* Scenario files (INTERFACE.md, "Scenario files") -> the model.
 *
 * A scenario is one JSON object whose network parts are what iproute2 prints
 * with -j, so real output can be pasted in. It is applied over the embedded
 * default model (default_model.c, itself a scenario text): each top-level key
 * present replaces that part of the default. Then the model derives the
 * kernel routes (skipping those the scenario lists) and, when the scenario
 * has no "rules", adds the default rules.
 *
 * Choices where iproute2's output leaves room (also in the report to the
 * interface owner):
 *  - "links" replaces all links and their addresses; when the scenario has
 *    "links" but no "routes" (or no "neighbours"), the default's routes
 *    (neighbours) go too: they belong to the default links.
 *  - Missing link facts get what Linux gives a new link of that kind (checked
 *    on Linux 6.18 with iproute2 6.1: lo, veth, bridge, tun/tap), see
 *    vn_link_defaults(). A link without "flags" is up with carrier. IFF_RUNNING
 *    is derived as dev_get_flags() does: up and operstate UP or UNKNOWN.
 *    Without "operstate": up with carrier is UNKNOWN for lo/dummy/tun and UP
 *    otherwise; anything else DOWN.
 *  - Missing route keys mean what `ip -j route` omits: type unicast, table
 *    main, protocol boot, scope global; IPv6 routes without "metric" get
 *    1024 (the kernel's default for user routes). The family is "family"
 *    ("inet"/"inet6") if given, else that of dst when dst is an address,
 *    else IPv6 when gateway or prefsrc contains ':' or the route has "pref". A route identical to one already loaded (a snapshot that
 *    concatenates `ip -d route show table all`, which lists both families, and
 *    `ip -6 -d route show table all`) is loaded once. Multipath routes: the
 *    first of "nexthops" gives gateway and dev.
 *  - Rules: the family comes from "family" ("inet"/"inet6", accepted though ip
 *    does not print it), else from src/dst, else from position: `ip -j rule
 *    show` lists by priority, so in a list that is the IPv4 rules followed by
 *    the IPv6 ones (what `veneer snapshot` writes), a priority lower than the
 *    previous rule's starts the IPv6 part. Missing priority: 0. Missing
 *    protocol: kernel for the three default rules, else unspec (what `ip rule
 *    add` leaves when no protocol is named, which `ip -j rule` does not print).
 *  - Address stamps (IFA_CACHEINFO cstamp/tstamp) are 0: created at boot.
 *  - "sockets" are loaded by scenario_sockets.c; every key the model does not
 *    use is accepted and ignored.
 */
#include "scenario.h"
#include "route_index.h"
#include "linkinfo.h"

#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <linux/fib_rules.h>
#include <linux/if_addr.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <net/if_arp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_locate.h"
#include "scenario_sockets.h"

/* The embedded default model, a scenario text (default_model.c). */
extern const char vn_default_scenario_json[];

#define MAX_PATH 8

/* net_device_flags (linux/if.h, which does not mix with <net/if.h>) */
#define F_UP 0x1u
#define F_LOOPBACK 0x8u
#define F_POINTOPOINT 0x10u
#define F_RUNNING 0x40u
#define F_NOARP 0x80u
#define F_BROADCAST 0x2u
#define F_MULTICAST 0x1000u
#define F_LOWER_UP 0x10000u

enum { OPER_UNKNOWN = 0, OPER_DOWN = 2, OPER_UP = 6 };

struct ctx {
	struct vn_model *m;
	const char *text;
	size_t len;
	const char *name;
	char *err;
	size_t errlen;
	struct vn_jpath path[MAX_PATH];
	size_t depth;
	struct route_index routes;  /* while loading "routes": those loaded, by same_route */
};

struct name_num {
	const char *name;
	unsigned long val;
};

/* ---- errors ------------------------------------------------------------ */

static void one_line(char *s)
{
	for (; *s; s++)
		if (*s == '\n' || *s == '\r')
			*s = ' ';
}

static void push_key(struct ctx *c, const char *key)
{
	if (c->depth < MAX_PATH)
		c->path[c->depth] = (struct vn_jpath){ .key = key };
	c->depth++;
}

static void push_index(struct ctx *c, size_t i)
{
	if (c->depth < MAX_PATH)
		c->path[c->depth] = (struct vn_jpath){ .key = NULL, .index = i };
	c->depth++;
}

static void pop(struct ctx *c)
{
	c->depth--;
}

/* Error at the value at the current path plus key (NULL: the current path). */
static void fail_msg(struct ctx *c, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Record the error and evaluate to -1 where the compiler can see it (so
 * that "out" parameters left unset on error are not flagged). */
#define fail(...) ({ fail_msg(__VA_ARGS__); -1; })
static void fail_msg(struct ctx *c, const char *key, const char *fmt, ...)
{
	if (key)
		push_key(c, key);
	size_t depth = c->depth < MAX_PATH ? c->depth : MAX_PATH;
	char path[256] = "";
	size_t o = 0;
	for (size_t i = 0; i < depth && o < sizeof(path); i++) {
		int n;
		if (c->path[i].key)
			n = snprintf(path + o, sizeof(path) - o, "%s%s", i ? "." : "", c->path[i].key);
		else
			n = snprintf(path + o, sizeof(path) - o, "[%zu]", c->path[i].index);
		if (n < 0)
			break;
		o += (size_t)n;
	}
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	int line = 0, col = 0;
	bool at = vn_json_locate(c->text, c->len, c->path, depth, &line, &col);
	if (key)
		pop(c);
	if (c->err && c->errlen) {
		char pos[32] = "";
		if (at)
			snprintf(pos, sizeof(pos), "%d:%d:", line, col);
		snprintf(c->err, c->errlen, "%s:%s %s%s%s", c->name, pos, path, path[0] ? ": " : "", msg);
		one_line(c->err);
	}
}

/* ---- typed getters: 0 absent, 1 present, -1 error ------------------------ */

static int get_int(struct ctx *c, json_t *o, const char *key, long long min, long long max,
		   long long *out)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	if (!json_is_integer(v))
		return fail(c, key, "expected an integer");
	long long x = json_integer_value(v);
	if (x < min || x > max)
		return fail(c, key, "expected an integer from %lld to %lld", min, max);
	*out = x;
	return 1;
}

static int get_uint(struct ctx *c, json_t *o, const char *key, unsigned long max, unsigned int *out)
{
	long long x;
	int r = get_int(c, o, key, 0, (long long)max, &x);
	if (r > 0)
		*out = (unsigned int)x;
	return r;
}

static int get_u64(struct ctx *c, json_t *o, const char *key, uint64_t *out)
{
	long long x;
	int r = get_int(c, o, key, 0, LLONG_MAX, &x);
	if (r > 0)
		*out = (uint64_t)x;
	return r;
}

static int get_str(struct ctx *c, json_t *o, const char *key, const char **out)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	if (!json_is_string(v))
		return fail(c, key, "expected a string");
	*out = json_string_value(v);
	return 1;
}

/* A string copied into a fixed field of size bytes (NUL included). */
static int get_strbuf(struct ctx *c, json_t *o, const char *key, char *buf, size_t size)
{
	const char *s;
	int r = get_str(c, o, key, &s);
	if (r <= 0)
		return r;
	if (strlen(s) >= size)
		return fail(c, key, "expected a string of at most %zu bytes", size - 1);
	strcpy(buf, s);
	return 1;
}

/* iproute2 prints flags as true booleans, some as null ("router": null). */
static int get_flag(struct ctx *c, json_t *o, const char *key, bool *out)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	if (json_is_boolean(v))
		*out = json_is_true(v);
	else if (json_is_null(v))
		*out = true;
	else
		return fail(c, key, "expected a boolean");
	return 1;
}

static int get_object(struct ctx *c, json_t *o, const char *key, json_t **out)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	if (!json_is_object(v))
		return fail(c, key, "expected an object");
	*out = v;
	return 1;
}

static int get_array(struct ctx *c, json_t *o, const char *key, json_t **out)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	if (!json_is_array(v))
		return fail(c, key, "expected an array");
	*out = v;
	return 1;
}

static bool lookup(const struct name_num *t, const char *s, unsigned long *out)
{
	for (; t->name; t++)
		if (strcmp(t->name, s) == 0) {
			*out = t->val;
			return true;
		}
	return false;
}

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static bool parse_ulong(const char *s, int base, unsigned long max, unsigned long *out)
{
	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return false;
	char *end;
	errno = 0;
	unsigned long long x = strtoull(s, &end, base);
	if (errno || *end || x > max)
		return false;
	*out = (unsigned long)x;
	return true;
}

/* A name from table t, or a number (JSON integer or decimal string) up to max.
 * what names the kind of value for the message. */
static int get_named(struct ctx *c, json_t *o, const char *key, const struct name_num *t,
		     unsigned long max, const char *what, unsigned long *out)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	if (json_is_integer(v)) {
		long long x = json_integer_value(v);
		if (x < 0 || (unsigned long long)x > max)
			return fail(c, key, "expected %s or a number from 0 to %lu", what, max);
		*out = (unsigned long)x;
		return 1;
	}
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if ((t && lookup(t, s, out)) || parse_ulong(s, 10, max, out))
			return 1;
	}
	return fail(c, key, "expected %s or a number from 0 to %lu", what, max);
}

/* ---- addresses ---------------------------------------------------------- */

static int family_of(const char *s)
{
	return strchr(s, ':') ? AF_INET6 : AF_INET;
}

/* "A", "A/N" (with_len) or "default"/"all"/"any" (with_len, length 0) of the
 * given family (0: by its form). */
static bool parse_prefix(const char *s, int family, bool with_len, uint8_t out[16], int *fam_out,
			 int *len_out)
{
	memset(out, 0, 16);
	if (with_len && (strcmp(s, "default") == 0 || strcmp(s, "all") == 0 ||
			 strcmp(s, "any") == 0)) {
		*fam_out = family ? family : AF_INET;
		*len_out = 0;
		return true;
	}
	char buf[INET6_ADDRSTRLEN + 8];
	if (strlen(s) >= sizeof(buf))
		return false;
	strcpy(buf, s);
	char *slash = strchr(buf, '/');
	if (slash) {
		if (!with_len)
			return false;
		*slash++ = '\0';
	}
	int f = family_of(buf);
	if (family && f != family)
		return false;
	if (inet_pton(f, buf, out) != 1)
		return false;
	int max = f == AF_INET ? 32 : 128;
	unsigned long l = (unsigned long)max;
	if (slash && !parse_ulong(slash, 10, (unsigned long)max, &l))
		return false;
	*fam_out = f;
	*len_out = (int)l;
	return true;
}

static const char *expect_addr(int family, bool with_len)
{
	if (family == AF_INET)
		return with_len ? "expected an IPv4 address or prefix (A.B.C.D/N)" : "expected an IPv4 address";
	if (family == AF_INET6)
		return with_len ? "expected an IPv6 address or prefix (X::Y/N)" : "expected an IPv6 address";
	return with_len ? "expected an IP address or prefix" : "expected an IPv4 or IPv6 address";
}

/* Address-valued key. family 0 = either (then *fam_out tells). */
static int get_addr(struct ctx *c, json_t *o, const char *key, int family, bool with_len,
		    uint8_t out[16], int *fam_out, int *len_out)
{
	const char *s;
	int r = get_str(c, o, key, &s);
	if (r <= 0)
		return r;
	int f = 0, l = 0;
	if (!parse_prefix(s, family, with_len, out, &f, &l))
		return fail(c, key, "%s", expect_addr(family, with_len));
	if (fam_out)
		*fam_out = f;
	if (len_out)
		*len_out = l;
	return 1;
}

/* Link-layer address as ip prints it: hex bytes joined by ':' (or an IP
 * address, for tunnels). */
static int get_lladdr(struct ctx *c, json_t *o, const char *key, uint8_t out[VN_MAX_ADDR_LEN],
		      unsigned int *len)
{
	const char *s;
	int r = get_str(c, o, key, &s);
	if (r <= 0)
		return r;
	memset(out, 0, VN_MAX_ADDR_LEN);
	/* hex bytes joined by ':' (ip prints "%02x"; one digit is accepted) */
	unsigned int n = 0;
	const char *p = s;
	while (*p && n < VN_MAX_ADDR_LEN) {
		int hi = hexval(p[0]), lo = hi >= 0 ? hexval(p[1]) : -1;
		if (hi < 0)
			break;
		out[n++] = (uint8_t)(lo >= 0 ? hi * 16 + lo : hi);
		p += lo >= 0 ? 2 : 1;
		if (*p == ':' && p[1])
			p++;
		else
			break;
	}
	if (*p == '\0' && n > 0) {
		*len = n;
		return 1;
	}
	/* tunnels print their addresses as IP addresses */
	memset(out, 0, VN_MAX_ADDR_LEN);
	uint8_t ip[16];
	if (inet_pton(AF_INET, s, ip) == 1) {
		memcpy(out, ip, 4);
		*len = 4;
		return 1;
	}
	if (inet_pton(AF_INET6, s, ip) == 1) {
		memcpy(out, ip, 16);
		*len = 16;
		return 1;
	}
	if (*s == '\0') {
		*len = 0;
		return 1;
	}
	return fail(c, key, "expected a link-layer address (hex bytes joined by ':', at most %d)",
		    VN_MAX_ADDR_LEN);
}

/* ---- tables ------------------------------------------------------------- */

static const struct name_num link_flag_names[] = {
	{ "UP", 0x1 }, { "BROADCAST", 0x2 }, { "DEBUG", 0x4 }, { "LOOPBACK", 0x8 },
	{ "POINTOPOINT", 0x10 }, { "NOTRAILERS", 0x20 }, { "RUNNING", 0x40 }, { "NOARP", 0x80 },
	{ "PROMISC", 0x100 }, { "ALLMULTI", 0x200 }, { "MASTER", 0x400 }, { "SLAVE", 0x800 },
	{ "MULTICAST", 0x1000 }, { "PORTSEL", 0x2000 }, { "AUTOMEDIA", 0x4000 },
	{ "DYNAMIC", 0x8000 }, { "LOWER_UP", 0x10000 }, { "DORMANT", 0x20000 }, { "ECHO", 0x40000 },
	/* printed by ip, derived from the others */
	{ "NO-CARRIER", 0 }, { "M-DOWN", 0 },
	{ NULL, 0 }
};

static const struct name_num operstate_names[] = {
	{ "UNKNOWN", 0 }, { "NOTPRESENT", 1 }, { "DOWN", 2 }, { "LOWERLAYERDOWN", 3 },
	{ "TESTING", 4 }, { "DORMANT", 5 }, { "UP", 6 }, { NULL, 0 }
};

static const struct name_num linkmode_names[] = { { "DEFAULT", 0 }, { "DORMANT", 1 }, { NULL, 0 } };

static const struct name_num group_names[] = { { "default", 0 }, { NULL, 0 } };

static const struct name_num addrgen_names[] = {
	{ "eui64", 0 }, { "none", 1 }, { "stable_secret", 2 }, { "random", 3 }, { NULL, 0 }
};

/* iproute2 lib/ll_types.c */
static const struct name_num link_type_names[] = {
	{ "netrom", ARPHRD_NETROM }, { "ether", ARPHRD_ETHER }, { "eether", ARPHRD_EETHER },
	{ "ax25", ARPHRD_AX25 }, { "pronet", ARPHRD_PRONET }, { "chaos", ARPHRD_CHAOS },
	{ "ieee802", ARPHRD_IEEE802 }, { "arcnet", ARPHRD_ARCNET }, { "atalk", ARPHRD_APPLETLK },
	{ "dlci", ARPHRD_DLCI }, { "atm", ARPHRD_ATM }, { "metricom", ARPHRD_METRICOM },
	{ "ieee1394", ARPHRD_IEEE1394 }, { "infiniband", ARPHRD_INFINIBAND },
	{ "slip", ARPHRD_SLIP }, { "cslip", ARPHRD_CSLIP }, { "slip6", ARPHRD_SLIP6 },
	{ "cslip6", ARPHRD_CSLIP6 }, { "rsrvd", ARPHRD_RSRVD }, { "adapt", ARPHRD_ADAPT },
	{ "rose", ARPHRD_ROSE }, { "x25", ARPHRD_X25 }, { "hwx25", ARPHRD_HWX25 },
	{ "can", 280 }, { "ppp", ARPHRD_PPP }, { "hdlc", ARPHRD_HDLC }, { "lapb", ARPHRD_LAPB },
	{ "ddcmp", ARPHRD_DDCMP }, { "rawhdlc", ARPHRD_RAWHDLC }, { "ipip", ARPHRD_TUNNEL },
	{ "tunnel6", ARPHRD_TUNNEL6 }, { "frad", ARPHRD_FRAD }, { "skip", ARPHRD_SKIP },
	{ "loopback", ARPHRD_LOOPBACK }, { "ltalk", ARPHRD_LOCALTLK }, { "fddi", ARPHRD_FDDI },
	{ "bif", ARPHRD_BIF }, { "sit", ARPHRD_SIT }, { "ip/ddp", ARPHRD_IPDDP },
	{ "gre", ARPHRD_IPGRE }, { "pimreg", ARPHRD_PIMREG }, { "hippi", ARPHRD_HIPPI },
	{ "ash", ARPHRD_ASH }, { "econet", ARPHRD_ECONET }, { "irda", ARPHRD_IRDA },
	{ "fcpp", ARPHRD_FCPP }, { "fcal", ARPHRD_FCAL }, { "fcpl", ARPHRD_FCPL },
	{ "fcfb0", ARPHRD_FCFABRIC }, { "tr", ARPHRD_IEEE802_TR },
	{ "ieee802.11", ARPHRD_IEEE80211 }, { "ieee802.11/prism", ARPHRD_IEEE80211_PRISM },
	{ "ieee802.11/radiotap", ARPHRD_IEEE80211_RADIOTAP }, { "ieee802.15.4", 804 },
	{ "ieee802.15.4/monitor", 805 }, { "phonet", 820 }, { "phonet_pipe", 821 },
	{ "caif", 822 }, { "gre6", 823 }, { "ip6gre", 823 }, { "netlink", 824 },
	{ "6lowpan", 825 }, { "none", ARPHRD_NONE }, { "void", ARPHRD_VOID },
	{ NULL, 0 }
};

static const struct name_num scope_names[] = {
	{ "global", RT_SCOPE_UNIVERSE }, { "universe", RT_SCOPE_UNIVERSE }, { "site", RT_SCOPE_SITE },
	{ "link", RT_SCOPE_LINK }, { "host", RT_SCOPE_HOST }, { "nowhere", RT_SCOPE_NOWHERE },
	{ NULL, 0 }
};

/* /etc/iproute2/rt_protos */
static const struct name_num proto_names[] = {
	{ "unspec", 0 }, { "redirect", 1 }, { "kernel", 2 }, { "boot", 3 }, { "static", 4 },
	{ "gated", 8 }, { "ra", 9 }, { "mrt", 10 }, { "zebra", 11 }, { "bird", 12 },
	{ "dnrouted", 13 }, { "xorp", 14 }, { "ntk", 15 }, { "dhcp", 16 }, { "mrouted", 17 },
	{ "keepalived", 18 }, { "babel", 42 }, { "openr", 99 }, { "bgp", 186 }, { "isis", 187 },
	{ "ospf", 188 }, { "rip", 189 }, { "eigrp", 192 }, { NULL, 0 }
};

/* iproute2 rt_addrprotos */
static const struct name_num addr_proto_names[] = {
	{ "unspec", 0 }, { "kernel_lo", 1 }, { "kernel_ra", 2 }, { "kernel_ll", 3 }, { NULL, 0 }
};

static const struct name_num table_names[] = {
	{ "unspec", RT_TABLE_UNSPEC }, { "default", RT_TABLE_DEFAULT }, { "main", RT_TABLE_MAIN },
	{ "local", RT_TABLE_LOCAL }, { NULL, 0 }
};

static const struct name_num rtype_names[] = {
	{ "unspec", RTN_UNSPEC }, { "unicast", RTN_UNICAST }, { "local", RTN_LOCAL },
	{ "broadcast", RTN_BROADCAST }, { "anycast", RTN_ANYCAST }, { "multicast", RTN_MULTICAST },
	{ "blackhole", RTN_BLACKHOLE }, { "unreachable", RTN_UNREACHABLE },
	{ "prohibit", RTN_PROHIBIT }, { "throw", RTN_THROW }, { "nat", RTN_NAT },
	{ "xresolve", RTN_XRESOLVE }, { NULL, 0 }
};

static const struct name_num route_flag_names[] = {
	{ "dead", RTNH_F_DEAD }, { "pervasive", RTNH_F_PERVASIVE }, { "onlink", RTNH_F_ONLINK },
	{ "offload", RTNH_F_OFFLOAD }, { "linkdown", RTNH_F_LINKDOWN },
	{ "unresolved", RTNH_F_UNRESOLVED }, { "trap", RTNH_F_TRAP },
	{ "notify", RTM_F_NOTIFY }, { "cloned", RTM_F_CLONED }, { "rt_offload", 0x4000 },
	{ "rt_trap", 0x8000 }, { "rt_offload_failed", 0x20000000 }, { NULL, 0 }
};

/* ICMPV6_ROUTER_PREF_* */
static const struct name_num pref_names[] = {
	{ "medium", 0 }, { "high", 1 }, { "invalid", 2 }, { "low", 3 }, { NULL, 0 }
};

static const struct name_num nud_names[] = {
	{ "NONE", 0 }, { "INCOMPLETE", NUD_INCOMPLETE }, { "REACHABLE", NUD_REACHABLE },
	{ "STALE", NUD_STALE }, { "DELAY", NUD_DELAY }, { "PROBE", NUD_PROBE },
	{ "FAILED", NUD_FAILED }, { "NOARP", NUD_NOARP }, { "PERMANENT", NUD_PERMANENT },
	{ NULL, 0 }
};

/* ip rule prints the action of a rule that does not go to a table with the
 * route type names of the same numbers. */
static const struct name_num rule_action_names[] = {
	{ "to_tbl", FR_ACT_TO_TBL }, { "goto", FR_ACT_GOTO }, { "nop", FR_ACT_NOP },
	{ "blackhole", FR_ACT_BLACKHOLE }, { "unreachable", FR_ACT_UNREACHABLE },
	{ "prohibit", FR_ACT_PROHIBIT }, { NULL, 0 }
};

static const struct name_num family_names[] = {
	{ "inet", AF_INET }, { "inet6", AF_INET6 }, { "ipv4", AF_INET }, { "ipv6", AF_INET6 },
	{ NULL, 0 }
};

/* ---- top-level facts ------------------------------------------------------ */

static int load_facts(struct ctx *c, json_t *root)
{
	struct vn_model *m = c->m;
	long long x;
	if (get_strbuf(c, root, "hostname", m->hostname, sizeof(m->hostname)) < 0 ||
	    get_strbuf(c, root, "domainname", m->domainname, sizeof(m->domainname)) < 0)
		return -1;
	json_t *k;
	int r = get_object(c, root, "kernel", &k);
	if (r < 0)
		return -1;
	if (r > 0) {
		push_key(c, "kernel");
		r = get_strbuf(c, k, "release", m->release, sizeof(m->release)) < 0 ||
		    get_strbuf(c, k, "version", m->version, sizeof(m->version)) < 0 ? -1 : 0;
		pop(c);
		if (r < 0)
			return -1;
	}
	if ((r = get_int(c, root, "cpus", 1, 8192, &x)) < 0)
		return -1;
	if (r > 0)
		m->cpus = (int)x;
	if ((r = get_int(c, root, "memory_kb", 1, LLONG_MAX / 1024, &x)) < 0)
		return -1;
	if (r > 0)
		m->memory_kb = (uint64_t)x;
	return 0;
}

/* ---- links ---------------------------------------------------------------- */

static bool valid_ifname(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= IFNAMSIZ || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return false;
	for (; *s; s++)
		if (*s == '/' || *s == ':' || *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
		    *s == '\v' || *s == '\f')
			return false;
	return true;
}

static unsigned base_flags(const struct vn_link *l)
{
	if (l->type == ARPHRD_LOOPBACK)
		return F_LOOPBACK;
	if (l->type == ARPHRD_NONE)
		return F_POINTOPOINT | F_MULTICAST | F_NOARP;
	if (strcmp(l->kind, "dummy") == 0)
		return F_BROADCAST | F_NOARP;
	return F_BROADCAST | F_MULTICAST;
}

/* Devices without operstate handling report UNKNOWN when up. */
static bool oper_unknown_kind(const struct vn_link *l)
{
	return l->type == ARPHRD_LOOPBACK || strcmp(l->kind, "dummy") == 0 ||
	       strcmp(l->kind, "tun") == 0;
}

static int load_link_flags(struct ctx *c, json_t *arr, unsigned *flags)
{
	*flags = 0;
	size_t i;
	json_t *v;
	push_key(c, "flags");
	json_array_foreach(arr, i, v) {
		unsigned long bit;
		const char *s = json_is_string(v) ? json_string_value(v) : NULL;
		if (!s || !(lookup(link_flag_names, s, &bit) ||
			    parse_ulong(s, 16, 0xffffffffUL, &bit))) {
			push_index(c, i);
			fail(c, NULL, "expected a link flag (UP, BROADCAST, LOWER_UP, ...)");
			pop(c);
			pop(c);
			return -1;
		}
		*flags |= (unsigned)bit;
	}
	pop(c);
	return 0;
}

static const char *stats_rx_keys[] = { "bytes", "packets", "errors", "dropped", "over_errors",
				       "multicast", "length_errors", "crc_errors", "frame_errors",
				       "fifo_errors", "missed_errors", "compressed", "nohandler",
				       NULL };
static const char *stats_tx_keys[] = { "bytes", "packets", "errors", "dropped",
				       "carrier_errors", "collisions", "aborted_errors",
				       "fifo_errors", "window_errors", "heartbeat_errors",
				       "compressed", NULL };

static int load_stats(struct ctx *c, json_t *st, struct vn_link *l)
{
	struct vn_link_stats *s = &l->stats;
	uint64_t *rx[] = { &s->rx_bytes, &s->rx_packets, &s->rx_errors, &s->rx_dropped,
			   &s->rx_over_errors, &s->multicast, &s->rx_length_errors,
			   &s->rx_crc_errors, &s->rx_frame_errors, &s->rx_fifo_errors,
			   &s->rx_missed_errors, &s->rx_compressed, &s->rx_nohandler };
	uint64_t *tx[] = { &s->tx_bytes, &s->tx_packets, &s->tx_errors, &s->tx_dropped,
			   &s->tx_carrier_errors, &s->collisions, &s->tx_aborted_errors,
			   &s->tx_fifo_errors, &s->tx_window_errors, &s->tx_heartbeat_errors,
			   &s->tx_compressed };
	json_t *d;
	int r;
	push_key(c, "stats64");
	if ((r = get_object(c, st, "rx", &d)) < 0)
		goto err;
	if (r > 0) {
		push_key(c, "rx");
		for (size_t i = 0; stats_rx_keys[i]; i++)
			if (get_u64(c, d, stats_rx_keys[i], rx[i]) < 0) {
				pop(c);
				goto err;
			}
		pop(c);
	}
	if ((r = get_object(c, st, "tx", &d)) < 0)
		goto err;
	if (r > 0) {
		push_key(c, "tx");
		for (size_t i = 0; stats_tx_keys[i]; i++)
			if (get_u64(c, d, stats_tx_keys[i], tx[i]) < 0) {
				pop(c);
				goto err;
			}
		if (get_uint(c, d, "carrier_changes", UINT_MAX, &l->carrier_changes) < 0) {
			pop(c);
			goto err;
		}
		pop(c);
	}
	pop(c);
	return 0;
err:
	pop(c);
	return -1;
}

static int default_scope(int family, const uint8_t a[16])
{
	if (family == AF_INET)
		return a[0] == 127 ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
	static const uint8_t lo6[16] = { [15] = 1 };
	if (memcmp(a, lo6, 16) == 0)
		return RT_SCOPE_HOST;
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		return RT_SCOPE_LINK;
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0)
		return RT_SCOPE_SITE;
	return RT_SCOPE_UNIVERSE;
}

static const struct name_num ifa_flag_keys[] = {
	{ "secondary", IFA_F_SECONDARY }, { "temporary", IFA_F_TEMPORARY },
	{ "nodad", IFA_F_NODAD }, { "optimistic", IFA_F_OPTIMISTIC },
	{ "dadfailed", IFA_F_DADFAILED }, { "home", IFA_F_HOMEADDRESS },
	{ "deprecated", IFA_F_DEPRECATED }, { "tentative", IFA_F_TENTATIVE },
	{ "mngtmpaddr", IFA_F_MANAGETEMPADDR }, { "noprefixroute", IFA_F_NOPREFIXROUTE },
	{ "autojoin", IFA_F_MCAUTOJOIN }, { "stable-privacy", IFA_F_STABLE_PRIVACY },
	{ NULL, 0 }
};

static int load_addr(struct ctx *c, json_t *o, const struct vn_link *l)
{
	struct vn_addr a = { .ifindex = l->ifindex, .valid_lft = VN_INFINITY_LIFE,
			     .preferred_lft = VN_INFINITY_LIFE, .flags = IFA_F_PERMANENT };
	unsigned long fam = 0, v;
	int r, f = 0;
	if (!json_is_object(o))
		return fail(c, NULL, "expected an object");
	if (get_named(c, o, "family", family_names, 0, "\"inet\" or \"inet6\"", &fam) < 0)
		return -1;
	if (fam && fam != AF_INET && fam != AF_INET6)
		return fail(c, "family", "expected \"inet\" or \"inet6\"");
	if ((r = get_addr(c, o, "local", (int)fam, false, a.local, &f, NULL)) < 0)
		return -1;
	if (r == 0) {
		/* an IPv6 address without IFA_LOCAL prints only "address" */
		if ((r = get_addr(c, o, "address", (int)fam, false, a.local, &f, NULL)) < 0)
			return -1;
		if (r == 0)
			return fail(c, NULL, "expected an object with \"local\"");
		memcpy(a.peer, a.local, 16);
	} else {
		if ((r = get_addr(c, o, "address", f, false, a.peer, NULL, NULL)) < 0)
			return -1;
		a.has_peer = r > 0 && memcmp(a.peer, a.local, 16) != 0;
		if (!a.has_peer)
			memcpy(a.peer, a.local, 16);
	}
	a.family = (uint8_t)f;
	a.prefixlen = f == AF_INET ? 32 : 128;
	if ((r = get_named(c, o, "prefixlen", NULL, f == AF_INET ? 32 : 128, "a prefix length", &v)) < 0)
		return -1;
	if (r > 0)
		a.prefixlen = (uint8_t)v;
	uint8_t brd[16];
	if ((r = get_addr(c, o, "broadcast", AF_INET, false, brd, NULL, NULL)) < 0)
		return -1;
	if (r > 0) {
		a.has_broadcast = true;
		memcpy(a.broadcast, brd, 4);
	}
	a.scope = (uint8_t)default_scope(f, a.local);
	if ((r = get_named(c, o, "scope", scope_names, 255, "a scope name", &v)) < 0)
		return -1;
	if (r > 0)
		a.scope = (uint8_t)v;
	if (get_strbuf(c, o, "label", a.label, sizeof(a.label)) < 0)
		return -1;
	if (strcmp(a.label, l->name) == 0 || f != AF_INET)
		a.label[0] = '\0';
	if (get_uint(c, o, "valid_life_time", UINT32_MAX, &a.valid_lft) < 0 ||
	    get_uint(c, o, "preferred_life_time", UINT32_MAX, &a.preferred_lft) < 0)
		return -1;
	if ((r = get_named(c, o, "protocol", addr_proto_names, 255, "an address protocol", &v)) < 0)
		return -1;
	if (r > 0)
		a.proto = (uint8_t)v;
	bool b;
	for (const struct name_num *t = ifa_flag_keys; t->name; t++) {
		b = false;
		if (get_flag(c, o, t->name, &b) < 0)
			return -1;
		if (b)
			a.flags |= (uint32_t)t->val;
	}
	b = false;
	if (get_flag(c, o, "dynamic", &b) < 0)
		return -1;
	if (b)
		a.flags &= ~(uint32_t)IFA_F_PERMANENT;
	b = false;
	if (get_flag(c, o, "permanent", &b) < 0)
		return -1;
	if (b)
		a.flags |= IFA_F_PERMANENT;
	vn_model_add_addr(c->m, &a);
	return 0;
}

/* Kind-specific data (linkinfo.h): a new link's values, then the
 * scenario's. A port's ids come from its master in pass 2 when the
 * scenario gives no "info_slave_data". */
static int load_linkinfo(struct ctx *c, struct vn_link *l, json_t *idata, json_t *sdata)
{
	vn_linkinfo_defaults(l);
	const struct vn_li_table *t = vn_linkinfo_table(l->kind, 0);
	const struct vn_li_table *st = vn_linkinfo_table(l->slave_kind, 1);
	const char *key, *what;
	if (st)
		for (size_t i = 0; i < st->n; i++)
			l->slave_info[i] = st->attrs[i].dflt;
	int r = 0;
	push_key(c, "linkinfo");
	if (t && idata && vn_linkinfo_from_json(t, l->info, idata, &key, &what) < 0) {
		push_key(c, "info_data");
		r = fail(c, key, "expected %s", what);
		pop(c);
	} else if (st && sdata && vn_linkinfo_from_json(st, l->slave_info, sdata, &key, &what) < 0) {
		push_key(c, "info_slave_data");
		r = fail(c, key, "expected %s", what);
		pop(c);
	}
	pop(c);
	return r;
}

static int load_link(struct ctx *c, json_t *o)
{
	struct vn_model *m = c->m;
	struct vn_link l;
	memset(&l, 0, sizeof(l));
	int r;
	long long x;
	unsigned long v;
	const char *s;
	if (!json_is_object(o))
		return fail(c, NULL, "expected an object");

	if ((r = get_str(c, o, "ifname", &s)) < 0)
		return -1;
	if (r == 0)
		return fail(c, NULL, "expected an object with \"ifname\"");
	if (!valid_ifname(s))
		return fail(c, "ifname", "expected an interface name (1 to %d bytes, no '/', ':' or spaces)",
			    IFNAMSIZ - 1);
	if (vn_link_by_name(m, s))
		return fail(c, "ifname", "expected a name no other link has");
	strcpy(l.name, s);
	if ((r = get_int(c, o, "ifindex", 1, INT_MAX, &x)) < 0)
		return -1;
	if (r > 0) {
		l.ifindex = (int)x;
		if (vn_link_by_index(m, l.ifindex))
			return fail(c, "ifindex", "expected an ifindex no other link has");
	} else {
		/* the next free index, as the kernel picks */
		if (m->nlinks && m->links[m->nlinks - 1].ifindex == INT_MAX)
			return fail(c, NULL, "expected an object with \"ifindex\"");
		l.ifindex = m->nlinks ? m->links[m->nlinks - 1].ifindex + 1 : 1;
	}

	json_t *li = NULL, *idata = NULL, *sdata = NULL;
	if (get_object(c, o, "linkinfo", &li) < 0)
		return -1;
	const char *tun_type = NULL;
	if (li) {
		push_key(c, "linkinfo");
		r = get_strbuf(c, li, "info_kind", l.kind, sizeof(l.kind));
		if (r >= 0)
			r = get_strbuf(c, li, "info_slave_kind", l.slave_kind, sizeof(l.slave_kind));
		if (r >= 0)
			r = get_object(c, li, "info_slave_data", &sdata);
		if (r >= 0 && (r = get_object(c, li, "info_data", &idata)) > 0) {
			json_t *t = json_object_get(idata, "type");
			if (json_is_string(t))
				tun_type = json_string_value(t);
		}
		pop(c);
		if (r < 0)
			return -1;
	}

	json_t *flags_arr = NULL;
	if (get_array(c, o, "flags", &flags_arr) < 0)
		return -1;
	unsigned flags = 0;
	if (flags_arr && load_link_flags(c, flags_arr, &flags) < 0)
		return -1;

	bool loop = (flags & F_LOOPBACK) || (!flags_arr && strcmp(l.name, "lo") == 0 && !l.kind[0]);
	l.type = loop ? ARPHRD_LOOPBACK
		 : (strcmp(l.kind, "tun") == 0 && !(tun_type && strcmp(tun_type, "tap") == 0)) ||
				   strcmp(l.kind, "wireguard") == 0
		 ? ARPHRD_NONE : ARPHRD_ETHER;
	if ((r = get_named(c, o, "link_type", link_type_names, 0xffff, "a link type (ether, loopback, none, ...)", &v)) < 0)
		return -1;
	if (r > 0)
		l.type = (unsigned short)v;

	/* the kind's defaults, then what the scenario says */
	l.addr_len = 6;
	if (l.type == ARPHRD_ETHER) {
		uint8_t mac[6] = { 0x02, 0, 0, 0, (uint8_t)(l.ifindex >> 8), (uint8_t)l.ifindex };
		memcpy(l.addr, mac, 6);
		memset(l.broadcast, 0xff, 6);
	}
	vn_link_defaults(&l, m->cpus, tun_type);
	l.flags = flags_arr ? flags : base_flags(&l) | F_UP | F_LOWER_UP;

	struct { const char *key; unsigned int *p; unsigned long max; } u[] = {
		{ "mtu", &l.mtu, UINT_MAX }, { "min_mtu", &l.min_mtu, UINT_MAX },
		{ "max_mtu", &l.max_mtu, UINT_MAX }, { "txqlen", &l.txqlen, UINT_MAX },
		{ "promiscuity", &l.promiscuity, UINT_MAX }, { "allmulti", &l.allmulti, UINT_MAX },
		{ "num_tx_queues", &l.num_tx_queues, UINT_MAX },
		{ "num_rx_queues", &l.num_rx_queues, UINT_MAX },
		{ "gso_max_size", &l.gso_max_size, UINT_MAX }, { "gso_max_segs", &l.gso_max_segs, UINT_MAX },
		{ "gro_max_size", &l.gro_max_size, UINT_MAX }, { "tso_max_size", &l.tso_max_size, UINT_MAX },
		{ "tso_max_segs", &l.tso_max_segs, UINT_MAX },
		{ "gso_ipv4_max_size", &l.gso_ipv4_max_size, UINT_MAX },
		{ "gro_ipv4_max_size", &l.gro_ipv4_max_size, UINT_MAX },
		{ "carrier_changes", &l.carrier_changes, UINT_MAX },
		{ "carrier_up_count", &l.carrier_up_count, UINT_MAX },
		{ "carrier_down_count", &l.carrier_down_count, UINT_MAX },
	};
	for (size_t i = 0; i < sizeof(u) / sizeof(u[0]); i++)
		if (get_uint(c, o, u[i].key, u[i].max, u[i].p) < 0)
			return -1;
	if ((r = get_named(c, o, "group", group_names, UINT_MAX, "\"default\" or a group", &v)) < 0)
		return -1;
	if (r > 0)
		l.group = (unsigned)v;
	if ((r = get_named(c, o, "linkmode", linkmode_names, 255, "DEFAULT or DORMANT", &v)) < 0)
		return -1;
	if (r > 0)
		l.linkmode = (uint8_t)v;
	if ((r = get_named(c, o, "inet6_addr_gen_mode", addrgen_names, 255, "eui64, none, stable_secret or random", &v)) < 0)
		return -1;
	if (r > 0)
		l.addr_gen_mode = (uint8_t)v;
	if (get_strbuf(c, o, "qdisc", l.qdisc, sizeof(l.qdisc)) < 0)
		return -1;

	unsigned int alen = 0, blen = 0;
	uint8_t tmp[VN_MAX_ADDR_LEN];
	if ((r = get_lladdr(c, o, "address", tmp, &alen)) < 0)
		return -1;
	if (r > 0) {
		l.addr_len = alen;
		memcpy(l.addr, tmp, sizeof(tmp));
		if (l.type != ARPHRD_ETHER || alen != 6)
			memset(l.broadcast, 0, sizeof(l.broadcast));
	}
	if ((r = get_lladdr(c, o, "broadcast", tmp, &blen)) < 0)
		return -1;
	if (r > 0) {
		if (blen != l.addr_len)
			return fail(c, "broadcast", "expected %u bytes, as many as \"address\"", l.addr_len);
		memcpy(l.broadcast, tmp, sizeof(tmp));
	}
	if ((r = get_lladdr(c, o, "permaddr", tmp, &blen)) < 0)
		return -1;
	if (r > 0) {
		l.has_perm_addr = true;
		memcpy(l.perm_addr, tmp, sizeof(tmp));
	}

	if ((r = get_int(c, o, "link_netnsid", -1, INT_MAX, &x)) < 0)
		return -1;
	if (r > 0)
		l.link_netnsid = (int)x;
	if ((r = get_int(c, o, "link_index", 0, INT_MAX, &x)) < 0)
		return -1;
	if (r > 0)
		l.link = (int)x;
	/* "link" and "master" name other links: checked in pass 2 */
	if (get_str(c, o, "link", &s) < 0 || get_str(c, o, "master", &s) < 0)
		return -1;

	if (load_linkinfo(c, &l, idata, sdata) < 0)
		return -1;

	json_t *st;
	if ((r = get_object(c, o, "stats64", &st)) < 0)
		return -1;
	if (r > 0 && load_stats(c, st, &l) < 0)
		return -1;

	/* operstate as the kernel would have it, then RUNNING as dev_get_flags() */
	bool up = l.flags & F_UP, carrier = l.flags & F_LOWER_UP;
	l.operstate = !up ? OPER_DOWN : !carrier ? OPER_DOWN
		      : oper_unknown_kind(&l) ? OPER_UNKNOWN : OPER_UP;
	if ((r = get_named(c, o, "operstate", operstate_names, 255, "an operstate (UP, DOWN, UNKNOWN, ...)", &v)) < 0)
		return -1;
	if (r > 0)
		l.operstate = (uint8_t)v;
	l.flags &= ~F_RUNNING;
	if (up && (l.operstate == OPER_UP || l.operstate == OPER_UNKNOWN))
		l.flags |= F_RUNNING;

	const struct vn_link *added = vn_model_add_link(m, &l);
	json_t *ai;
	if ((r = get_array(c, o, "addr_info", &ai)) < 0)
		return -1;
	if (r > 0) {
		struct vn_link copy = *added;   /* the array may move as addresses are added */
		size_t i;
		json_t *a;
		push_key(c, "addr_info");
		json_array_foreach(ai, i, a) {
			push_index(c, i);
			r = load_addr(c, a, &copy);
			pop(c);
			if (r < 0) {
				pop(c);
				return -1;
			}
		}
		pop(c);
	}
	return 0;
}

/* Pass 2: names of other links ("link": the peer, "master"). */
static int resolve_link_names(struct ctx *c, json_t *o)
{
	const char *s;
	const struct vn_link *self = vn_link_by_name(c->m, json_string_value(json_object_get(o, "ifname")));
	if (!self)
		return 0;
	struct vn_link *l = &c->m->links[self - c->m->links];
	if (get_str(c, o, "link", &s) > 0) {
		const struct vn_link *p = vn_link_by_name(c->m, s);
		if (!p)
			return fail(c, "link", "expected the ifname of a link, not \"%s\"", s);
		l->link = p->ifindex;
	}
	if (get_str(c, o, "master", &s) > 0) {
		const struct vn_link *p = vn_link_by_name(c->m, s);
		if (!p)
			return fail(c, "master", "expected the ifname of a link, not \"%s\"", s);
		l->master = p->ifindex;
		if (!l->slave_kind[0] && vn_linkinfo_table(p->kind, 1)) {
			unsigned no = 1;   /* ports are numbered in the order they joined */
			for (size_t i = 0; i < c->m->nlinks; i++)
				if (&c->m->links[i] != l && c->m->links[i].master == p->ifindex &&
				    c->m->links[i].slave_kind[0])
					no++;
			strcpy(l->slave_kind, p->kind);
			vn_linkinfo_port_defaults(l, p, no);
		}
	}
	return 0;
}

static int load_links(struct ctx *c, json_t *arr)
{
	struct vn_model *m = c->m;
	free(m->links);
	free(m->addrs);
	m->links = NULL;
	m->addrs = NULL;
	m->nlinks = m->naddrs = 0;
	size_t i;
	json_t *o;
	int r = 0;
	push_key(c, "links");
	json_array_foreach(arr, i, o) {
		push_index(c, i);
		r = load_link(c, o);
		pop(c);
		if (r < 0)
			goto out;
	}
	json_array_foreach(arr, i, o) {
		push_index(c, i);
		r = resolve_link_names(c, o);
		pop(c);
		if (r < 0)
			goto out;
	}
out:
	pop(c);
	return r;
}

/* ---- routes --------------------------------------------------------------- */

static int get_dev(struct ctx *c, json_t *o, const char *key, int *ifindex)
{
	const char *s;
	int r = get_str(c, o, key, &s);
	if (r <= 0)
		return r;
	const struct vn_link *l = vn_link_by_name(c->m, s);
	if (!l)
		return fail(c, key, "expected the ifname of a link, not \"%s\"", s);
	*ifindex = l->ifindex;
	return 1;
}

static bool has_colon(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) && strchr(json_string_value(v), ':');
}

static bool same_route(const struct vn_route *a, const struct vn_route *b)
{
	return a->family == b->family && a->table == b->table && a->dst_len == b->dst_len &&
	       memcmp(a->dst, b->dst, 16) == 0 && a->src_len == b->src_len &&
	       memcmp(a->src, b->src, 16) == 0 && a->tos == b->tos && a->type == b->type &&
	       a->priority == b->priority && a->oif == b->oif &&
	       a->has_gateway == b->has_gateway && memcmp(a->gateway, b->gateway, 16) == 0;
}

static uint64_t route_key_hash(const struct vn_route *r)
{
	uint64_t h = 0xcbf29ce484222325ull;
	h = route_hash_bytes(h, &r->family, 1);
	h = route_hash_bytes(h, &r->table, sizeof(r->table));
	h = route_hash_bytes(h, &r->dst_len, 1);
	h = route_hash_bytes(h, r->dst, 16);
	return route_hash_bytes(h, &r->priority, sizeof(r->priority));
}

static int load_route(struct ctx *c, json_t *o)
{
	struct vn_route rt;
	memset(&rt, 0, sizeof(rt));
	unsigned long v, fam = 0;
	int r, f, len;
	if (!json_is_object(o))
		return fail(c, NULL, "expected an object");

	/* a multipath route: its first next hop */
	json_t *nh = o, *nhs;
	size_t nh_depth = 0;
	if ((r = get_array(c, o, "nexthops", &nhs)) < 0)
		return -1;
	if (r > 0 && !json_object_get(o, "dev") && json_array_size(nhs) > 0) {
		nh = json_array_get(nhs, 0);
		if (!json_is_object(nh)) {
			push_key(c, "nexthops");
			push_index(c, 0);
			fail(c, NULL, "expected an object");
			pop(c);
			pop(c);
			return -1;
		}
		nh_depth = 2;
	}

	if (get_named(c, o, "family", family_names, 0, "\"inet\" or \"inet6\"", &fam) < 0)
		return -1;
	if (fam && fam != AF_INET && fam != AF_INET6)
		return fail(c, "family", "expected \"inet\" or \"inet6\"");
	if (!fam) {
		/* by dst when it is an address, else by the others */
		json_t *d = json_object_get(o, "dst");
		const char *ds = json_is_string(d) ? json_string_value(d) : "default";
		if (strcmp(ds, "default") != 0 && strcmp(ds, "all") != 0 && strcmp(ds, "any") != 0)
			fam = (unsigned long)family_of(ds);
		else
			fam = has_colon(nh, "gateway") || has_colon(o, "prefsrc") ||
			      json_object_get(o, "pref") ? AF_INET6 : AF_INET;
	}
	rt.family = (uint8_t)fam;

	rt.type = RTN_UNICAST;
	if ((r = get_named(c, o, "type", rtype_names, 255, "a route type (unicast, local, blackhole, ...)", &v)) < 0)
		return -1;
	if (r > 0)
		rt.type = (uint8_t)v;
	if ((r = get_addr(c, o, "dst", (int)fam, true, rt.dst, &f, &len)) < 0)
		return -1;
	if (r > 0)
		rt.dst_len = (uint8_t)len;
	if ((r = get_addr(c, o, "src", (int)fam, true, rt.src, &f, &len)) < 0)
		return -1;
	if (r > 0) {
		rt.src_len = (uint8_t)len;
		if ((r = get_named(c, o, "srclen", NULL, fam == AF_INET ? 32 : 128, "a prefix length", &v)) < 0)
			return -1;
		if (r > 0)
			rt.src_len = (uint8_t)v;
	}

	if (nh_depth) {
		push_key(c, "nexthops");
		push_index(c, 0);
	}
	r = get_addr(c, nh, "gateway", (int)fam, false, rt.gateway, NULL, NULL);
	if (r > 0)
		rt.has_gateway = true;
	if (r >= 0)
		r = get_dev(c, nh, "dev", &rt.oif);
	unsigned long fl = 0;
	json_t *flags;
	if (r >= 0 && (r = get_array(c, nh, "flags", &flags)) > 0) {
		size_t i;
		json_t *x;
		push_key(c, "flags");
		json_array_foreach(flags, i, x) {
			if (!json_is_string(x) || !lookup(route_flag_names, json_string_value(x), &v)) {
				push_index(c, i);
				fail(c, NULL, "expected a route flag (onlink, linkdown, ...)");
				pop(c);
				r = -1;
				break;
			}
			fl |= v;
		}
		pop(c);
	}
	if (nh_depth) {
		pop(c);
		pop(c);
	}
	if (r < 0)
		return -1;
	rt.flags = (uint32_t)fl;

	rt.protocol = RTPROT_BOOT;
	if ((r = get_named(c, o, "protocol", proto_names, 255, "a route protocol (kernel, boot, static, ...)", &v)) < 0)
		return -1;
	if (r > 0)
		rt.protocol = (uint8_t)v;
	rt.scope = RT_SCOPE_UNIVERSE;
	if ((r = get_named(c, o, "scope", scope_names, 255, "a scope (global, link, host)", &v)) < 0)
		return -1;
	if (r > 0)
		rt.scope = (uint8_t)v;
	if ((r = get_addr(c, o, "prefsrc", (int)fam, false, rt.prefsrc, NULL, NULL)) < 0)
		return -1;
	rt.has_prefsrc = r > 0;
	if (fam == AF_INET6) {
		rt.priority = 1024;
		rt.has_priority = true;
	}
	if ((r = get_uint(c, o, "metric", UINT32_MAX, &rt.priority)) < 0)
		return -1;
	if (r > 0)
		rt.has_priority = true;
	rt.table = RT_TABLE_MAIN;
	if ((r = get_named(c, o, "table", table_names, UINT32_MAX, "a table (main, local, default)", &v)) < 0)
		return -1;
	if (r > 0)
		rt.table = (uint32_t)v;
	if ((r = get_named(c, o, "pref", pref_names, 255, "medium, low or high", &v)) < 0)
		return -1;
	if (r > 0)
		rt.pref = (uint8_t)v;
	json_t *tos = json_object_get(o, "tos");
	if (tos) {
		if (json_is_integer(tos) && json_integer_value(tos) >= 0 && json_integer_value(tos) <= 255)
			rt.tos = (uint8_t)json_integer_value(tos);
		else if (json_is_string(tos) && parse_ulong(json_string_value(tos), 0, 255, &v))
			rt.tos = (uint8_t)v;
		else
			return fail(c, "tos", "expected a TOS value from 0 to 255");
	}

	/* "metrics": [{"mtu": 1400}] as ip prints them, or {"mtu": 1400} */
	json_t *mx = json_object_get(o, "metrics");
	if (mx) {
		json_t *mo = json_is_array(mx) ? NULL : mx;
		size_t i;
		json_t *e;
		push_key(c, "metrics");
		if (json_is_array(mx)) {
			json_array_foreach(mx, i, e) {
				if (json_is_object(e) && json_object_get(e, "mtu")) {
					mo = e;
					push_index(c, i);
					break;
				}
			}
		}
		if (mo && !json_is_object(mo)) {
			fail(c, NULL, "expected an array of objects");
			r = -1;
		} else if (mo) {
			r = get_uint(c, mo, "mtu", UINT32_MAX, &rt.mtu);
			if (mo != mx)
				pop(c);
		} else
			r = 0;
		pop(c);
		if (r < 0)
			return -1;
	}

	if (route_index_find(&c->routes, c->m->routes, &rt) >= 0)
		return 0;
	vn_model_add_route(c->m, &rt);
	route_index_add(&c->routes, c->m->routes, c->m->nroutes - 1);
	return 0;
}

/* ---- neighbours ------------------------------------------------------------ */

static int load_neigh(struct ctx *c, json_t *o)
{
	struct vn_neigh n;
	memset(&n, 0, sizeof(n));
	int r, f;
	unsigned long v;
	if (!json_is_object(o))
		return fail(c, NULL, "expected an object");
	if ((r = get_addr(c, o, "dst", 0, false, n.dst, &f, NULL)) < 0)
		return -1;
	if (r == 0)
		return fail(c, NULL, "expected an object with \"dst\"");
	n.family = (uint8_t)f;
	if ((r = get_dev(c, o, "dev", &n.ifindex)) < 0)
		return -1;
	if (r == 0)
		return fail(c, NULL, "expected an object with \"dev\"");
	if (get_lladdr(c, o, "lladdr", n.lladdr, &n.lladdr_len) < 0)
		return -1;
	n.state = NUD_REACHABLE;
	json_t *st;
	if ((r = get_array(c, o, "state", &st)) < 0)
		return -1;
	if (r > 0) {
		size_t i;
		json_t *x;
		n.state = 0;
		push_key(c, "state");
		json_array_foreach(st, i, x) {
			if (!json_is_string(x) || !lookup(nud_names, json_string_value(x), &v)) {
				push_index(c, i);
				fail(c, NULL, "expected a neighbour state (REACHABLE, STALE, PERMANENT, ...)");
				pop(c);
				pop(c);
				return -1;
			}
			n.state |= (uint16_t)v;
		}
		pop(c);
	}
	bool b = false;
	if (get_flag(c, o, "router", &n.router) < 0)
		return -1;
	if (n.router)
		n.flags |= NTF_ROUTER;
	if (get_flag(c, o, "proxy", &b) < 0)
		return -1;
	if (b)
		n.flags |= NTF_PROXY;
	b = false;
	if (get_flag(c, o, "extern_learn", &b) < 0)
		return -1;
	if (b)
		n.flags |= NTF_EXT_LEARNED;
	if (get_uint(c, o, "probes", UINT32_MAX, &n.probes) < 0)
		return -1;
	n.type = RTN_UNICAST;
	vn_model_add_neigh(c->m, &n);
	return 0;
}

/* ---- rules ----------------------------------------------------------------- */

static int load_rule(struct ctx *c, json_t *o, int *cur_family, long long *prev_prio)
{
	struct vn_rule ru;
	memset(&ru, 0, sizeof(ru));
	ru.suppress_prefixlen = 0xffffffffu;
	unsigned long v, fam = 0;
	int r, f = 0, len;
	long long prio = 0;
	if (!json_is_object(o))
		return fail(c, NULL, "expected an object");
	if ((r = get_int(c, o, "priority", 0, UINT32_MAX, &prio)) < 0)
		return -1;
	if (get_named(c, o, "family", family_names, 0, "\"inet\" or \"inet6\"", &fam) < 0)
		return -1;
	if (fam && fam != AF_INET && fam != AF_INET6)
		return fail(c, "family", "expected \"inet\" or \"inet6\"");
	if (!fam) {
		json_t *s = json_object_get(o, "src"), *d = json_object_get(o, "dst");
		const char *ss = json_is_string(s) ? json_string_value(s) : "all";
		const char *ds = json_is_string(d) ? json_string_value(d) : "all";
		if (strcmp(ss, "all") != 0)
			fam = (unsigned long)family_of(ss);
		else if (strcmp(ds, "all") != 0)
			fam = (unsigned long)family_of(ds);
		else if (prio < *prev_prio)
			fam = AF_INET6;   /* the IPv6 list starts over */
		else
			fam = (unsigned long)*cur_family;
	}
	*cur_family = (int)fam;
	*prev_prio = prio;
	ru.family = (uint8_t)fam;
	ru.priority = (uint32_t)prio;

	const char *keys[2][2] = { { "src", "srclen" }, { "dst", "dstlen" } };
	for (int i = 0; i < 2; i++) {
		uint8_t *a = i ? ru.dst : ru.src;
		uint8_t *alen = i ? &ru.dst_len : &ru.src_len;
		if ((r = get_addr(c, o, keys[i][0], (int)fam, true, a, &f, &len)) < 0)
			return -1;
		if (r == 0)
			continue;
		const char *s = json_string_value(json_object_get(o, keys[i][0]));
		*alen = strcmp(s, "all") == 0 ? 0 : strchr(s, '/') ? (uint8_t)len
			: fam == AF_INET ? 32 : 128;
		if ((r = get_named(c, o, keys[i][1], NULL, fam == AF_INET ? 32 : 128, "a prefix length", &v)) < 0)
			return -1;
		if (r > 0)
			*alen = (uint8_t)v;
	}

	ru.action = FR_ACT_TO_TBL;
	if ((r = get_named(c, o, "action", rule_action_names, 255, "a rule action (unreachable, prohibit, blackhole, ...)", &v)) < 0)
		return -1;
	if (r > 0)
		ru.action = (uint8_t)v;
	if (json_object_get(o, "nop"))
		ru.action = FR_ACT_NOP;
	if (json_object_get(o, "goto") && r == 0)
		ru.action = FR_ACT_GOTO;
	ru.table = ru.action == FR_ACT_TO_TBL ? RT_TABLE_MAIN : RT_TABLE_UNSPEC;
	if ((r = get_named(c, o, "table", table_names, UINT32_MAX, "a table (main, local, default)", &v)) < 0)
		return -1;
	if (r > 0)
		ru.table = (uint32_t)v;
	bool dflt = ru.src_len == 0 && ru.dst_len == 0 && ru.action == FR_ACT_TO_TBL &&
		    ((prio == 0 && ru.table == RT_TABLE_LOCAL) ||
		     (prio == 32766 && ru.table == RT_TABLE_MAIN) ||
		     (prio == 32767 && ru.table == RT_TABLE_DEFAULT));
	ru.protocol = dflt ? RTPROT_KERNEL : RTPROT_UNSPEC;
	if ((r = get_named(c, o, "protocol", proto_names, 255, "a protocol (kernel, boot, static, ...)", &v)) < 0)
		return -1;
	if (r > 0)
		ru.protocol = (uint8_t)v;
	if ((r = get_uint(c, o, "suppress_prefixlen", UINT32_MAX, &ru.suppress_prefixlen)) < 0 ||
	    (r == 0 && get_uint(c, o, "suppress_prefixlength", UINT32_MAX, &ru.suppress_prefixlen) < 0))
		return -1;
	vn_model_add_rule(c->m, &ru);
	return 0;
}

/* ---- the scenario ---------------------------------------------------------- */

typedef int (*elem_fn)(struct ctx *c, json_t *o);

static int load_socket(struct ctx *c, json_t *o)
{
	const char *key = NULL, *what = NULL;
	if (vn_scenario_socket(c->m, o, &key, &what) < 0)
		return fail(c, key, "expected %s", what);
	return 0;
}

static int each(struct ctx *c, const char *key, json_t *arr, elem_fn fn)
{
	size_t i;
	json_t *o;
	int r = 0;
	push_key(c, key);
	json_array_foreach(arr, i, o) {
		push_index(c, i);
		r = fn(c, o);
		pop(c);
		if (r < 0)
			break;
	}
	pop(c);
	return r;
}

static int apply(struct ctx *c, json_t *root, bool *had_rules)
{
	struct vn_model *m = c->m;
	if (!json_is_object(root))
		return fail(c, NULL, "expected a JSON object");
	if (load_facts(c, root) < 0)
		return -1;
	json_t *links = NULL, *routes = NULL, *neighs = NULL, *rules = NULL;
	if (get_array(c, root, "links", &links) < 0 || get_array(c, root, "routes", &routes) < 0 ||
	    get_array(c, root, "neighbours", &neighs) < 0 || get_array(c, root, "rules", &rules) < 0)
		return -1;
	if (links && load_links(c, links) < 0)
		return -1;
	if (routes || links) {
		free(m->routes);
		m->routes = NULL;
		m->nroutes = 0;
	}
	if (routes) {
		route_index_init(&c->routes, route_key_hash, same_route);
		route_index_fill(&c->routes, c->m->routes, c->m->nroutes);
	}
	int routes_rc = routes ? each(c, "routes", routes, load_route) : 0;
	route_index_free(&c->routes);
	if (routes_rc < 0)
		return -1;
	if (neighs || links) {
		free(m->neighs);
		m->neighs = NULL;
		m->nneighs = 0;
	}
	if (neighs && each(c, "neighbours", neighs, load_neigh) < 0)
		return -1;
	if (rules) {
		free(m->rules);
		m->rules = NULL;
		m->nrules = 0;
		int fam = AF_INET;
		long long prev = -1;
		size_t i;
		json_t *o;
		push_key(c, "rules");
		json_array_foreach(rules, i, o) {
			push_index(c, i);
			int r = load_rule(c, o, &fam, &prev);
			pop(c);
			if (r < 0) {
				pop(c);
				return -1;
			}
		}
		pop(c);
	}
	json_t *socks = NULL;
	if (get_array(c, root, "sockets", &socks) < 0)
		return -1;
	if (socks) {
		vn_model_free_sockets(m);
		if (each(c, "sockets", socks, load_socket) < 0)
			return -1;
	}
	vn_model_mark_scenario_sockets(m);
	*had_rules = rules != NULL;
	return 0;
}

static int load_text(struct vn_model *m, const char *text, size_t len, const char *name,
		     char *err, size_t errlen, bool *had_rules)
{
	json_error_t je;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		if (err && errlen) {
			snprintf(err, errlen, "%s:%d:%d: %s", name, je.line > 0 ? je.line : 1,
				 je.column > 0 ? je.column : 1, je.text);
			one_line(err);
		}
		return -1;
	}
	struct ctx c = { .m = m, .text = text, .len = len, .name = name, .err = err, .errlen = errlen };
	int r = apply(&c, root, had_rules);
	json_decref(root);
	return r;
}

static void load_default_parts(struct vn_model *m)
{
	char err[256];
	bool had_rules;
	free(m->rules);
	m->rules = NULL;
	m->nrules = 0;
	if (load_text(m, vn_default_scenario_json, strlen(vn_default_scenario_json),
		      "<default model>", err, sizeof(err), &had_rules) < 0) {
		fprintf(stderr, "veneer: the embedded default model: %s\n", err);
		abort();
	}
}

int vn_scenario_load_string(struct vn_model *m, const char *text, size_t len, const char *name,
			    char *err, size_t errlen)
{
	bool had_rules = false;
	if (err && errlen)
		err[0] = '\0';
	if (!name)
		name = "<scenario>";
	load_default_parts(m);
	if (load_text(m, text, len, name, err, errlen, &had_rules) < 0)
		return -1;
	vn_model_derive_routes(m);
	if (!had_rules)
		vn_model_default_rules(m);
	return 0;
}

int vn_scenario_load_file(struct vn_model *m, const char *path, char *err, size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
	FILE *f = fopen(path, "rb");
	if (!f) {
		if (err && errlen) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			one_line(err);
		}
		return -1;
	}
	char *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			char *nb = realloc(buf, cap);
			if (!nb)
				abort();
			buf = nb;
		}
		size_t n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	int rd_err = ferror(f);
	fclose(f);
	if (rd_err) {
		if (err && errlen) {
			snprintf(err, errlen, "%s: read error", path);
			one_line(err);
		}
		free(buf);
		return -1;
	}
	int r = vn_scenario_load_string(m, buf ? buf : "", len, path, err, errlen);
	free(buf);
	return r;
}
