/* The model's traffic control objects: storage, lookups and the positions
 * the kernel's hash tables give them (tc_model.h). */
#include "tc_model.h"

#include <stdlib.h>
#include <string.h>

#include "../model.h"

/* Objects are grouped by device, then by type. */
static bool before(const struct vn_tc *t, int ifindex, uint8_t type)
{
	return t->ifindex < ifindex || (t->ifindex == ifindex && t->type < type);
}

void vn_tc_range(const struct vn_model *m, int ifindex, uint8_t type, size_t *a, size_t *b)
{
	size_t i = 0;
	while (i < m->ntcs && before(&m->tcs[i], ifindex, type))
		i++;
	*a = i;
	while (i < m->ntcs && m->tcs[i].ifindex == ifindex && m->tcs[i].type == type)
		i++;
	*b = i;
}

struct vn_tc *vn_tc_insert(struct vn_model *m, size_t i, const struct vn_tc *t)
{
	struct vn_tc *p = realloc(m->tcs, (m->ntcs + 1) * sizeof(*p));
	if (!p)
		abort();
	m->tcs = p;
	memmove(&p[i + 1], &p[i], (m->ntcs - i) * sizeof(*p));
	p[i] = *t;
	m->ntcs++;
	return &p[i];
}

void vn_tc_remove(struct vn_model *m, size_t i)
{
	free(m->tcs[i].attrs);
	memmove(&m->tcs[i], &m->tcs[i + 1], (m->ntcs - i - 1) * sizeof(m->tcs[0]));
	m->ntcs--;
}

void vn_tc_remove_link(struct vn_model *m, int ifindex)
{
	for (size_t i = m->ntcs; i-- > 0;)
		if (m->tcs[i].ifindex == ifindex)
			vn_tc_remove(m, i);
}

void vn_tc_free(struct vn_model *m)
{
	for (size_t i = 0; i < m->ntcs; i++)
		free(m->tcs[i].attrs);
	free(m->tcs);
	m->tcs = NULL;
	m->ntcs = 0;
}

void vn_tc_set_attrs(struct vn_tc *t, const void *p, size_t len)
{
	uint8_t *a = NULL;
	if (len) {
		a = malloc(len);
		if (!a)
			abort();
		memcpy(a, p, len);
	}
	free(t->attrs);
	t->attrs = a;
	t->attrs_len = len;
}

struct vn_tc *vn_tc_qdisc(const struct vn_model *m, int ifindex, uint32_t handle, size_t *at)
{
	size_t a, b;
	vn_tc_range(m, ifindex, VN_TC_QDISC, &a, &b);
	for (size_t i = a; i < b; i++) {
		if (m->tcs[i].handle != handle)
			continue;
		if (at)
			*at = i;
		return &m->tcs[i];
	}
	return NULL;
}

struct vn_tc *vn_tc_root(const struct vn_model *m, int ifindex, uint8_t slot, size_t *at)
{
	size_t a, b;
	vn_tc_range(m, ifindex, VN_TC_QDISC, &a, &b);
	for (size_t i = a; i < b; i++) {
		if (m->tcs[i].slot != slot)
			continue;
		if (at)
			*at = i;
		return &m->tcs[i];
	}
	return NULL;
}

struct vn_tc *vn_tc_class(const struct vn_model *m, int ifindex, uint32_t qdisc,
			  uint32_t classid, size_t *at)
{
	size_t a, b;
	vn_tc_range(m, ifindex, VN_TC_CLASS, &a, &b);
	for (size_t i = a; i < b; i++) {
		if (m->tcs[i].qdisc != qdisc || m->tcs[i].handle != classid)
			continue;
		if (at)
			*at = i;
		return &m->tcs[i];
	}
	return NULL;
}

/* hash_32 (include/linux/hash.h) with the bits of DECLARE_HASHTABLE(
 * qdisc_hash, 4) */
unsigned vn_tc_qdisc_bucket(uint32_t handle)
{
	return (uint32_t)(handle * 0x61C88647u) >> (32 - 4);
}

unsigned vn_tc_class_bucket(uint32_t id, unsigned mask)
{
	id ^= id >> 8;
	id ^= id >> 4;
	return id & mask;
}

size_t vn_tc_hashed_pos(const struct vn_model *m, int ifindex, uint32_t handle)
{
	size_t a, b;
	vn_tc_range(m, ifindex, VN_TC_QDISC, &a, &b);
	unsigned k = vn_tc_qdisc_bucket(handle);
	size_t i = a;
	while (i < b && m->tcs[i].slot == VN_TCQ_ROOT)
		i++;
	while (i < b && m->tcs[i].slot == VN_TCQ_HASHED && vn_tc_qdisc_bucket(m->tcs[i].handle) < k)
		i++;
	return i;
}
