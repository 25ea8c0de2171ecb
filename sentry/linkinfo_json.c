/* iproute2's -j rendering of kind-specific link data -> linkinfo values
 * (the inverse of what ip/iplink_bridge.c, iplink_bridge_slave.c and
 * iptuntap.c print). */
#include "linkinfo.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const char *const port_states[] = { "disabled", "listening", "learning",
					   "forwarding", "blocking" };
static const char *const tun_types[] = { "", "tun", "tap" };   /* IFF_TUN 1, IFF_TAP 2 */
/* the bits of struct br_boolopt_multi, as iproute2 names them (BR_BOOLOPT_*) */
static const char *const boolopt_keys[] = { "no_linklocal_learn", "mcast_vlan_snooping",
					    "mst_enabled" };

static bool name_index(const char *const *names, size_t n, const json_t *v, uint64_t *out)
{
	const char *s = json_string_value(v);
	for (size_t i = 0; s && i < n; i++)
		if (strcmp(names[i], s) == 0 && names[i][0]) {
			*out = i;
			return true;
		}
	return false;
}

/* n hex groups separated by sep ("62:d:c6:..."); each at most 0xff. */
static bool hex_bytes(const char *s, char sep, uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *end;
		unsigned long b = strtoul(s, &end, 16);
		if (end == s || b > 0xff || (i + 1 < n ? *end != sep : *end != '\0'))
			return false;
		out[i] = (uint8_t)b;
		s = end + 1;
	}
	return true;
}

static bool parse_brid(const char *s, uint64_t *out)
{
	char *end;
	unsigned long prio = s ? strtoul(s, &end, 16) : 0;
	uint8_t mac[6];
	if (!s || end == s || *end != '.' || prio > 0xffff || !hex_bytes(end + 1, ':', mac, 6))
		return false;
	*out = vn_linkinfo_brid((uint16_t)prio, mac);
	return true;
}

static bool get_bool(const json_t *v, uint64_t *out)
{
	if (json_is_boolean(v))
		*out = json_is_true(v);
	else if (json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= 1)
		*out = (uint64_t)json_integer_value(v);
	else
		return false;
	return true;
}

static bool parse_one(const struct vn_li_attr *a, const json_t *v, uint64_t *out)
{
	uint64_t max = a->size >= 8 ? UINT64_MAX : (1ull << (8 * a->size)) - 1;
	switch (a->style) {
	case LI_NUM:
		if (!json_is_integer(v) || json_integer_value(v) < 0)
			return false;
		*out = (uint64_t)json_integer_value(v);
		return *out <= max;
	case LI_BOOL:
		return get_bool(v, out);
	case LI_TIMER: {
		if (!json_is_number(v) || json_number_value(v) < 0 || json_number_value(v) > 1e15)
			return false;
		*out = (uint64_t)(json_number_value(v) * 100 + 0.5);   /* no libm */
		return true;
	}
	case LI_HEX: {
		const char *s = json_string_value(v);
		char *end;
		if (!s || !*s)
			return false;
		*out = strtoull(s, &end, 16);
		return *end == '\0' && *out <= max;
	}
	case LI_BRID:
		return parse_brid(json_string_value(v), out);
	case LI_MAC: {
		uint8_t b[8] = { 0 };
		const char *s = json_string_value(v);
		if (!s || !hex_bytes(s, ':', b, 6))
			return false;
		memcpy(out, b, 8);
		return true;
	}
	case LI_PORTSTATE:
		return name_index(port_states, 5, v, out);
	case LI_TUNTYPE:
		return name_index(tun_types, 3, v, out);
	default:
		return false;
	}
}

static const char *expected_of(const struct vn_li_attr *a)
{
	static const char *const what[] = {
		[LI_NUM] = "a non-negative integer", [LI_BOOL] = "true or false",
		[LI_TIMER] = "seconds (a number)", [LI_HEX] = "a hexadecimal string (\"0x8001\")",
		[LI_BRID] = "a bridge id (\"8000.52:54:0:12:34:56\")",
		[LI_MAC] = "a MAC address", [LI_PORTSTATE] = "a port state (forwarding, disabled, ...)",
		[LI_TUNTYPE] = "tun or tap", [LI_BOOLOPT] = "true or false",
	};
	return what[a->style];
}

int vn_linkinfo_from_json(const struct vn_li_table *t, uint64_t *vals,
			  const struct json_t *o, const char **key, const char **expected)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct vn_li_attr *a = &t->attrs[i];
		if (a->style == LI_BOOLOPT) {
			for (size_t b = 0; b < sizeof(boolopt_keys) / sizeof(boolopt_keys[0]); b++) {
				const json_t *v = json_object_get(o, boolopt_keys[b]);
				uint64_t on;
				if (!v)
					continue;
				if (!get_bool(v, &on)) {
					*key = boolopt_keys[b];
					*expected = expected_of(a);
					return -1;
				}
				vals[i] = on ? vals[i] | (1u << b) : vals[i] & ~(1ull << b);
			}
			continue;
		}
		const json_t *v = a->json ? json_object_get(o, a->json) : NULL;
		if (v && !parse_one(a, v, &vals[i])) {
			*key = a->json;
			*expected = expected_of(a);
			return -1;
		}
	}
	return 0;
}
