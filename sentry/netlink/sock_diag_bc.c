/* inet_diag bytecode (INET_DIAG_REQ_BYTECODE), as net/ipv4/inet_diag.c
 * checks it (inet_diag_bc_audit: every jump lands on an instruction, every
 * operand fits) and runs it (inet_diag_bc_run). ss compiles its filter
 * expressions ("sport = :22", "dst 10.0.0.0/8", "dev eth0") into this. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "sock_diag.h"

struct op {
	uint8_t code, yes;
	uint16_t no;
};

static struct op op_at(const uint8_t *bc)
{
	struct op o;
	memcpy(&o, bc, sizeof(o));
	return o;
}

/* Does a jump `cc` bytes before the end land on an instruction? */
static bool valid_cc(const uint8_t *bc, int len, int cc)
{
	while (len >= 0) {
		if (cc > len)
			return false;
		if (cc == len)
			return true;
		struct op o = op_at(bc);
		if (o.yes < 4 || (o.yes & 3))
			return false;
		len -= o.yes;
		bc += o.yes;
	}
	return false;
}

static bool valid_hostcond(const uint8_t *bc, int len, int *min_len)
{
	*min_len += (int)sizeof(struct inet_diag_hostcond);
	if (len < *min_len)
		return false;
	struct inet_diag_hostcond c;
	memcpy(&c, bc + 4, sizeof(c));
	int alen;
	switch (c.family) {
	case AF_UNSPEC: alen = 0; break;
	case AF_INET: alen = 4; break;
	case AF_INET6: alen = 16; break;
	default: return false;
	}
	*min_len += alen;
	return len >= *min_len && c.prefix_len <= 8 * alen;
}

/* Extra operand bytes after the op, per code; -1 = unknown code. */
static int operand_len(uint8_t code)
{
	switch (code) {
	case INET_DIAG_BC_DEV_COND: return 4;
	case INET_DIAG_BC_S_EQ: case INET_DIAG_BC_S_GE: case INET_DIAG_BC_S_LE:
	case INET_DIAG_BC_D_EQ: case INET_DIAG_BC_D_GE: case INET_DIAG_BC_D_LE:
		return (int)sizeof(struct inet_diag_bc_op);
	case INET_DIAG_BC_MARK_COND: return (int)sizeof(struct inet_diag_markcond);
	case INET_DIAG_BC_CGROUP_COND: return 8;
	case INET_DIAG_BC_AUTO: case INET_DIAG_BC_JMP: case INET_DIAG_BC_NOP: return 0;
	default: return -1;
	}
}

int sd_bc_audit(const void *bytecode, int bytecode_len, bool net_admin)
{
	const uint8_t *bc = bytecode;
	int len = bytecode_len;
	if (len < (int)sizeof(struct op))
		return -EINVAL;
	while (len > 0) {
		if (len < (int)sizeof(struct op))
			return -EINVAL;
		int min_len = sizeof(struct op);
		struct op o = op_at(bc);
		if (o.code == INET_DIAG_BC_S_COND || o.code == INET_DIAG_BC_D_COND) {
			if (!valid_hostcond(bc, len, &min_len))
				return -EINVAL;
		} else {
			if (o.code == INET_DIAG_BC_MARK_COND && !net_admin)
				return -EPERM;
			int extra = operand_len(o.code);
			if (extra < 0)
				return -EINVAL;
			min_len += extra;
			if (len < min_len)
				return -EINVAL;
		}
		if (o.code != INET_DIAG_BC_NOP) {
			if (o.no < min_len || o.no > len + 4 || (o.no & 3))
				return -EINVAL;
			if (o.no < len && !valid_cc(bytecode, bytecode_len, len - o.no))
				return -EINVAL;
		}
		if (o.yes < min_len || o.yes > len + 4 || (o.yes & 3))
			return -EINVAL;
		bc += o.yes;
		len -= o.yes;
	}
	return len == 0 ? 0 : -EINVAL;
}

/* Prefix match of network-order addresses, most significant bit first. */
static bool prefix_match(const uint8_t *a, const uint8_t *b, int bits)
{
	int bytes = bits / 8, rest = bits % 8;
	if (memcmp(a, b, (size_t)bytes) != 0)
		return false;
	if (!rest)
		return true;
	uint8_t mask = (uint8_t)(0xff << (8 - rest));
	return ((a[bytes] ^ b[bytes]) & mask) == 0;
}

static bool host_cond(const uint8_t *bc, bool src, const struct bc_entry *e)
{
	struct inet_diag_hostcond c;
	memcpy(&c, bc + 4, sizeof(c));
	const uint8_t *want = bc + 4 + sizeof(c);
	if (c.port != -1 && c.port != (src ? e->sport : e->dport))
		return false;
	const uint8_t *addr = src ? e->saddr : e->daddr;
	if (c.family != AF_UNSPEC && c.family != e->family) {
		/* an IPv4 condition matches a v4-mapped address of an IPv6 socket */
		static const uint8_t mapped[12] = { [10] = 0xff, [11] = 0xff };
		return e->family == AF_INET6 && c.family == AF_INET && memcmp(addr, mapped, 12) == 0 &&
		       prefix_match(addr + 12, want, c.prefix_len);
	}
	return c.prefix_len == 0 || prefix_match(addr, want, c.prefix_len);
}

static uint32_t u32_at(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

bool sd_bc_run(const void *bytecode, int len, const struct bc_entry *e)
{
	const uint8_t *bc = bytecode;
	while (len > 0) {
		struct op o = op_at(bc);
		uint32_t arg = o.code >= INET_DIAG_BC_S_GE && o.code <= INET_DIAG_BC_D_LE ? op_at(bc + 4).no : 0;
		if (o.code == INET_DIAG_BC_S_EQ || o.code == INET_DIAG_BC_D_EQ)
			arg = op_at(bc + 4).no;
		bool yes = true;
		switch (o.code) {
		case INET_DIAG_BC_JMP: yes = false; break;
		case INET_DIAG_BC_S_EQ: yes = e->sport == arg; break;
		case INET_DIAG_BC_S_GE: yes = e->sport >= arg; break;
		case INET_DIAG_BC_S_LE: yes = e->sport <= arg; break;
		case INET_DIAG_BC_D_EQ: yes = e->dport == arg; break;
		case INET_DIAG_BC_D_GE: yes = e->dport >= arg; break;
		case INET_DIAG_BC_D_LE: yes = e->dport <= arg; break;
		case INET_DIAG_BC_AUTO: yes = !e->userlocks_bindport; break;
		case INET_DIAG_BC_S_COND: yes = host_cond(bc, true, e); break;
		case INET_DIAG_BC_D_COND: yes = host_cond(bc, false, e); break;
		case INET_DIAG_BC_DEV_COND: yes = u32_at(bc + 4) == e->ifindex; break;
		case INET_DIAG_BC_MARK_COND:
			yes = (e->mark & u32_at(bc + 8)) == u32_at(bc + 4);
			break;
		case INET_DIAG_BC_CGROUP_COND: {
			uint64_t id;
			memcpy(&id, bc + 4, 8);
			yes = id == e->cgroup_id;
			break;
		}
		default: break;
		}
		int step = yes ? o.yes : o.no;
		len -= step;
		bc += step;
	}
	return len == 0;
}
