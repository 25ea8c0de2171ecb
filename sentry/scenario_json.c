/* The scenario loader's JSON layer: errors that name the offending value's
 * path and position, typed getters, and address parsing. */
#include "scenario_load.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"

/* ---- errors ------------------------------------------------------------ */

void scn_one_line(char *s)
{
	for (; *s; s++)
		if (*s == '\n' || *s == '\r')
			*s = ' ';
}

void scn_push_key(struct ctx *c, const char *key)
{
	if (c->depth < MAX_PATH)
		c->path[c->depth] = (struct vn_jpath){ .key = key };
	c->depth++;
}

void scn_push_index(struct ctx *c, size_t i)
{
	if (c->depth < MAX_PATH)
		c->path[c->depth] = (struct vn_jpath){ .key = NULL, .index = i };
	c->depth++;
}

void scn_pop(struct ctx *c)
{
	c->depth--;
}

void scn_fail_msg(struct ctx *c, const char *key, const char *fmt, ...)
{
	if (key)
		scn_push_key(c, key);
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
		scn_pop(c);
	if (c->err && c->errlen) {
		char pos[32] = "";
		if (at)
			snprintf(pos, sizeof(pos), "%d:%d:", line, col);
		snprintf(c->err, c->errlen, "%s:%s %s%s%s", c->name, pos, path, path[0] ? ": " : "", msg);
		scn_one_line(c->err);
	}
}

/* ---- typed getters: 0 absent, 1 present, -1 error ------------------------ */

int scn_get_int(struct ctx *c, json_t *o, const char *key, long long min, long long max,
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

int scn_get_uint(struct ctx *c, json_t *o, const char *key, unsigned long max, unsigned int *out)
{
	long long x;
	int r = scn_get_int(c, o, key, 0, (long long)max, &x);
	if (r > 0)
		*out = (unsigned int)x;
	return r;
}

int scn_get_u64(struct ctx *c, json_t *o, const char *key, uint64_t *out)
{
	long long x;
	int r = scn_get_int(c, o, key, 0, LLONG_MAX, &x);
	if (r > 0)
		*out = (uint64_t)x;
	return r;
}

int scn_get_str(struct ctx *c, json_t *o, const char *key, const char **out)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	if (!json_is_string(v))
		return fail(c, key, "expected a string");
	*out = json_string_value(v);
	return 1;
}

/* A link of the model named by a string: its ifindex in *ifindex. */
int scn_get_link(struct ctx *c, json_t *o, const char *key, int *ifindex)
{
	const char *s;
	int r = scn_get_str(c, o, key, &s);
	if (r <= 0)
		return r;
	const struct vn_link *l = vn_link_by_name(c->m, s);
	if (!l)
		return fail(c, key, "expected the ifname of a link, not \"%s\"", s);
	*ifindex = l->ifindex;
	return 1;
}

/* A string copied into a fixed field of size bytes (NUL included). */
int scn_get_strbuf(struct ctx *c, json_t *o, const char *key, char *buf, size_t size)
{
	const char *s;
	int r = scn_get_str(c, o, key, &s);
	if (r <= 0)
		return r;
	if (strlen(s) >= size)
		return fail(c, key, "expected a string of at most %zu bytes", size - 1);
	strcpy(buf, s);
	return 1;
}

/* iproute2 prints flags as true booleans, some as null ("router": null). */
int scn_get_flag(struct ctx *c, json_t *o, const char *key, bool *out)
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

int scn_get_object(struct ctx *c, json_t *o, const char *key, json_t **out)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	if (!json_is_object(v))
		return fail(c, key, "expected an object");
	*out = v;
	return 1;
}

int scn_get_array(struct ctx *c, json_t *o, const char *key, json_t **out)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	if (!json_is_array(v))
		return fail(c, key, "expected an array");
	*out = v;
	return 1;
}

bool scn_lookup(const struct name_num *t, const char *s, unsigned long *out)
{
	for (; t->name; t++)
		if (strcmp(t->name, s) == 0) {
			*out = t->val;
			return true;
		}
	return false;
}

bool scn_parse_ulong(const char *s, int base, unsigned long max, unsigned long *out)
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
int scn_get_named(struct ctx *c, json_t *o, const char *key, const struct name_num *t,
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
		if ((t && scn_lookup(t, s, out)) || scn_parse_ulong(s, 10, max, out))
			return 1;
	}
	return fail(c, key, "expected %s or a number from 0 to %lu", what, max);
}

/* ---- addresses ---------------------------------------------------------- */

int scn_family_of(const char *s)
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
	int f = scn_family_of(buf);
	if (family && f != family)
		return false;
	if (inet_pton(f, buf, out) != 1)
		return false;
	int max = f == AF_INET ? 32 : 128;
	unsigned long l = (unsigned long)max;
	if (slash && !scn_parse_ulong(slash, 10, (unsigned long)max, &l))
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
int scn_get_addr(struct ctx *c, json_t *o, const char *key, int family, bool with_len,
		    uint8_t out[16], int *fam_out, int *len_out)
{
	const char *s;
	int r = scn_get_str(c, o, key, &s);
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
int scn_get_lladdr(struct ctx *c, json_t *o, const char *key, uint8_t out[VN_MAX_ADDR_LEN],
		      unsigned int *len)
{
	const char *s;
	int r = scn_get_str(c, o, key, &s);
	if (r <= 0)
		return r;
	memset(out, 0, VN_MAX_ADDR_LEN);
	/* hex bytes joined by ':' (ip prints "%02x"; one digit is accepted) */
	unsigned int n = 0;
	const char *p = s;
	while (*p && n < VN_MAX_ADDR_LEN) {
		int hi = vn_hex_to_bin(p[0]), lo = hi >= 0 ? vn_hex_to_bin(p[1]) : -1;
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
