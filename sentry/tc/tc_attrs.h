/* The attributes of a tc object as the kernel lays them out: building them
 * (for what the model makes) and finding or replacing one in a recorded
 * object (for what it changes). Attributes are written as nla_put writes
 * them: a header, the payload, zeros to a 4-byte boundary. x86-64 needs no
 * TCA_PAD/TCA_STATS_PAD before 64-bit values (efficient unaligned access). */
#ifndef VENEER_TC_ATTRS_H
#define VENEER_TC_ATTRS_H

#include <linux/netlink.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../buf.h"

struct vn_tc;

/* An attribute's payload read as the kernel's nla_get_* read it (the
 * policy checked its length). */
static inline uint8_t tc_nla_u8(const struct nlattr *a)
{
	return *(const uint8_t *)(a + 1);
}

static inline uint32_t tc_nla_u32(const struct nlattr *a)
{
	uint32_t v;
	__builtin_memcpy(&v, a + 1, sizeof(v));
	return v;
}

static inline uint64_t tc_nla_u64(const struct nlattr *a)
{
	uint64_t v;
	__builtin_memcpy(&v, a + 1, sizeof(v));
	return v;
}

void tc_put(struct buf *b, uint16_t type, const void *p, size_t len);
void tc_put_u8(struct buf *b, uint16_t type, uint8_t v);
void tc_put_u16(struct buf *b, uint16_t type, uint16_t v);
void tc_put_u32(struct buf *b, uint16_t type, uint32_t v);
void tc_put_u64(struct buf *b, uint16_t type, uint64_t v);
void tc_put_str(struct buf *b, uint16_t type, const char *s);
/* A nest (nla_nest_start_noflag: no NLA_F_NESTED, as tc's nests are
 * sent); returns its offset for tc_nest_end. */
size_t tc_nest_start(struct buf *b, uint16_t type);
void tc_nest_end(struct buf *b, size_t off);

/* What gnet_stats puts after a qdisc's or class's own attributes, for an
 * object whose counters are all zero (the model moves no packets):
 * TCA_STATS2 {[TCA_STATS_APP], TCA_STATS_BASIC, TCA_STATS_QUEUE,
 * [TCA_STATS_APP]}, the compat TCA_STATS, then TCA_XSTATS. */
enum tc_stats_shape {
	TC_STATS_NONE,        /* a class kind without dump_stats: an empty TCA_STATS2 */
	TC_STATS_APP_FIRST,   /* a qdisc: its dump_stats runs before the basic counters */
	TC_STATS_APP_LAST,    /* a class: its dump_stats copies them, then its own */
};
void tc_put_stats(struct buf *b, enum tc_stats_shape shape, const void *xstats, size_t xlen);

/* The top-level attribute of type in [p, p + len), or NULL. */
const struct nlattr *tc_attr_find(const void *p, size_t len, uint16_t type);
/* The object's top-level attribute of type replaced by attr (a whole
 * attribute, header included, nla_len bytes); if it has none, attr goes
 * before the attribute of type `before` (or at the end). */
void tc_attrs_replace(struct vn_tc *t, uint16_t type, const struct nlattr *attr, uint16_t before);
/* The kind's statistics (TCA_XSTATS and TCA_STATS2's TCA_STATS_APP)
 * replaced by xlen bytes, counters kept. */
void tc_attrs_set_xstats(struct vn_tc *t, const void *xstats, size_t xlen);

#endif
