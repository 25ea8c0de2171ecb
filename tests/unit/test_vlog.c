/* The log's decoders (intercept/log/): strace's string escaping and -s
 * cut, flags and xlat tables, and netlink messages decoded to the text
 * strace 6.1 prints for the same bytes (captured with strace -f ip addr)
 * and to JSON that keeps every attribute. */
#include <check.h>
#include <fcntl.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "model.h"
#include "vnetlink.h"
#include "vout.h"
#include "xlat.h"

static const char *text(struct vout *o)
{
	buf_append(&o->text, "", 1);
	o->text.len--;
	return o->text.data;
}

START_TEST(escapes_as_strace)
{
	struct vout o;
	vout_init(&o, 32);
	static const unsigned char elf[] = "\177ELF\2\1\1\0\0\0\t\n\"\\7";
	vout_str(&o, NULL, elf, sizeof(elf) - 1, false, false);
	/* shortest octal, three digits before a digit */
	ck_assert_str_eq(text(&o), "\"\\177ELF\\2\\1\\1\\0\\0\\0\\t\\n\\\"\\\\7\"");
	vout_reset(&o);
	vout_str(&o, NULL, "\x01", 1, false, true);
	ck_assert_str_eq(text(&o), "\"\\x01\"");
	vout_free(&o);
}
END_TEST

START_TEST(strsize_cuts_strings_and_arrays)
{
	struct vout o;
	vout_init(&o, 4);
	vout_str(&o, NULL, "abcdefgh", 8, false, false);
	vout_array(&o, NULL);
	for (int i = 0; i < 6; i++)
		vout_int(&o, NULL, i);
	vout_end(&o);
	vout_str(&o, NULL, "ab\0cd", 5, true, false);
	ck_assert_str_eq(text(&o), "\"abcd\"..., [0, 1, 2, 3, ...], \"ab\"");
	/* JSON keeps everything */
	char *j = json_dumps(o.root, JSON_COMPACT);
	ck_assert_str_eq(j, "[\"abcdefgh\",[0,1,2,3,4,5],\"ab\"]");
	free(j);
	vout_free(&o);
}
END_TEST

START_TEST(flags_and_xlat)
{
	struct vout o;
	vout_init(&o, 32);
	vout_flags(&o, NULL, &xl_open_flags, O_CLOEXEC | O_CREAT | 0x40000000, NULL);
	vout_flags(&o, NULL, &xl_msg_flags, 0, NULL);
	vout_xlat(&o, "x", &xl_address_families, 0x7f);
	vout_xlat(&o, NULL, &xl_netlink_protocols, NETLINK_SOCK_DIAG);
	vout_flags(&o, NULL, &xl_iff_flags, 0x40000000, NULL);
	ck_assert_str_eq(text(&o), "O_CREAT|O_CLOEXEC|0x40000000, 0, 0x7f /* AF_??? */, NETLINK_SOCK_DIAG, "
			 "0x40000000 /* IFF_??? */");
	/* every row's value is the header's (XLAT takes it from the macro) */
	ck_assert_str_eq(xlat_name(&xl_ioctls, 0x8933), "SIOCGIFINDEX");
	ck_assert_str_eq(xlat_name(&xl_nlmsg_types, 20), "RTM_NEWADDR");
	vout_free(&o);
}
END_TEST

/* An RTM_NEWADDR reply as the kernel sends it for lo (127.0.0.1/8). */
static size_t newaddr(unsigned char *b)
{
	struct nlmsghdr h = { .nlmsg_len = 76, .nlmsg_type = RTM_NEWADDR, .nlmsg_flags = NLM_F_MULTI,
			      .nlmsg_seq = 1796684001, .nlmsg_pid = 6342 };
	struct ifaddrmsg m = { .ifa_family = AF_INET, .ifa_prefixlen = 8, .ifa_flags = IFA_F_PERMANENT,
			       .ifa_scope = RT_SCOPE_HOST, .ifa_index = 1 };
	size_t off = 0;
	memcpy(b, &h, sizeof(h));
	off += sizeof(h);
	memcpy(b + off, &m, sizeof(m));
	off += sizeof(m);
	const unsigned char addr[4] = { 127, 0, 0, 1 };
	struct { unsigned short type; const void *p; unsigned short len; } attrs[] = {
		{ IFA_ADDRESS, addr, 4 }, { IFA_LOCAL, addr, 4 }, { IFA_LABEL, "lo", 3 },
	};
	for (size_t i = 0; i < 3; i++) {
		struct nlattr a = { (unsigned short)(NLA_HDRLEN + attrs[i].len), attrs[i].type };
		memcpy(b + off, &a, sizeof(a));
		memcpy(b + off + NLA_HDRLEN, attrs[i].p, attrs[i].len);
		off += NLA_ALIGN(a.nla_len);
	}
	unsigned flags = IFA_F_PERMANENT;
	struct nlattr a = { 8, IFA_FLAGS };
	memcpy(b + off, &a, 4);
	memcpy(b + off + 4, &flags, 4);
	off += 8;
	struct ifa_cacheinfo ci = { 4294967295u, 4294967295u, 1450247, 1450247 };
	a = (struct nlattr){ 20, IFA_CACHEINFO };
	memcpy(b + off, &a, 4);
	memcpy(b + off + 4, &ci, sizeof(ci));
	off += 20;
	ck_assert_uint_eq(off, 76);
	return off;
}

START_TEST(netlink_as_strace)
{
	struct vn_model m;
	vn_model_init(&m);
	struct vn_link lo = { .ifindex = 1, .name = "lo" };
	vn_model_add_link(&m, &lo);
	unsigned char b[256];
	size_t n = newaddr(b);
	struct vout o;
	vout_init(&o, 32);
	vnetlink_decode(&o, NETLINK_ROUTE, &m, b, n);
	/* strace -f ip addr, strace 6.1 */
	ck_assert_str_eq(text(&o),
		"[{nlmsg_len=76, nlmsg_type=RTM_NEWADDR, nlmsg_flags=NLM_F_MULTI, nlmsg_seq=1796684001, "
		"nlmsg_pid=6342}, {ifa_family=AF_INET, ifa_prefixlen=8, ifa_flags=IFA_F_PERMANENT, "
		"ifa_scope=RT_SCOPE_HOST, ifa_index=if_nametoindex(\"lo\")}, [[{nla_len=8, "
		"nla_type=IFA_ADDRESS}, inet_addr(\"127.0.0.1\")], [{nla_len=8, nla_type=IFA_LOCAL}, "
		"inet_addr(\"127.0.0.1\")], [{nla_len=7, nla_type=IFA_LABEL}, \"lo\"], [{nla_len=8, "
		"nla_type=IFA_FLAGS}, IFA_F_PERMANENT], [{nla_len=20, nla_type=IFA_CACHEINFO}, "
		"{ifa_prefered=4294967295, ifa_valid=4294967295, cstamp=1450247, tstamp=1450247}]]]");
	/* -s 2: two attributes, then "..."; JSON still has all five */
	vout_free(&o);
	vout_init(&o, 2);
	vnetlink_decode(&o, NETLINK_ROUTE, &m, b, n);
	ck_assert_ptr_nonnull(strstr(text(&o), "inet_addr(\"127.0.0.1\")], ...]]"));
	/* JSON: a list of messages even for one, each [header, body, attributes] */
	json_t *msgs = json_array_get(o.root, 0);
	ck_assert_uint_eq(json_array_size(msgs), 1);
	json_t *attrs = json_array_get(json_array_get(msgs, 0), 2);
	ck_assert_uint_eq(json_array_size(attrs), 5);
	ck_assert_str_eq(json_string_value(json_array_get(json_array_get(attrs, 2), 1)), "lo");
	vout_free(&o);
	/* -X verbose and raw: strace -X verbose / -X raw ip addr, strace 6.1 */
	vout_init(&o, 32);
	o.style = VOUT_VERBOSE;
	vnetlink_decode(&o, NETLINK_ROUTE, &m, b, n);
	ck_assert_ptr_nonnull(strstr(text(&o),
		"{ifa_family=0x2 /* AF_INET */, ifa_prefixlen=8, ifa_flags=0x80 /* IFA_F_PERMANENT */, "
		"ifa_scope=0xfe /* RT_SCOPE_HOST */, ifa_index=1 /* if_nametoindex(\"lo\") */}, "
		"[[{nla_len=8, nla_type=0x1 /* IFA_ADDRESS */}, \"\\x7f\\x00\\x00\\x01\" /* "
		"inet_addr(\"127.0.0.1\") */]"));
	vout_reset(&o);
	o.style = VOUT_RAW;
	vnetlink_decode(&o, NETLINK_ROUTE, &m, b, n);
	ck_assert_ptr_nonnull(strstr(text(&o),
		"{ifa_family=0x2, ifa_prefixlen=8, ifa_flags=0x80, ifa_scope=0xfe, ifa_index=1}, "
		"[[{nla_len=8, nla_type=0x1}, \"\\x7f\\x00\\x00\\x01\"], "
		"[{nla_len=8, nla_type=0x2}, \"\\x7f\\x00\\x00\\x01\"], [{nla_len=7, nla_type=0x3}, \"lo\"], "
		"[{nla_len=8, nla_type=0x8}, 0x80]"));
	vout_free(&o);
	vn_model_free(&m);
}
END_TEST

START_TEST(netlink_short_and_done)
{
	struct vout o;
	vout_init(&o, 32);
	struct { struct nlmsghdr h; int v; } done = { { 20, NLMSG_DONE, NLM_F_MULTI, 7, 9 }, 0 };
	vnetlink_decode(&o, NETLINK_ROUTE, NULL, &done, sizeof(done));
	vout_str(&o, NULL, "", 0, false, false);
	vnetlink_decode(&o, NETLINK_ROUTE, NULL, "abc", 3);
	ck_assert_str_eq(text(&o), "[{nlmsg_len=20, nlmsg_type=NLMSG_DONE, nlmsg_flags=NLM_F_MULTI, "
			 "nlmsg_seq=7, nlmsg_pid=9}, 0], \"\", \"abc\"");
	/* a length near 4 GiB must not wrap to a step of 0 (a loop forever) */
	struct nlmsghdr two[2] = { { 0xfffffffdu, NLMSG_NOOP, 0, 1, 0 }, { 16, NLMSG_NOOP, 0, 2, 0 } };
	vout_reset(&o);
	vnetlink_decode(&o, NETLINK_ROUTE, NULL, two, sizeof(two));
	ck_assert_ptr_nonnull(strstr(text(&o), "nlmsg_len=4294967293"));
	ck_assert_ptr_null(strstr(text(&o), "nlmsg_seq=2"));
	/* a length that runs past the buffer is cut to it */
	done.h.nlmsg_len = 4000;
	vout_reset(&o);
	vnetlink_decode(&o, NETLINK_ROUTE, NULL, &done, sizeof(done));
	ck_assert_ptr_nonnull(strstr(text(&o), "nlmsg_len=4000"));
	vout_free(&o);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("vlog");
	TCase *tc = tcase_create("decoders");
	tcase_add_test(tc, escapes_as_strace);
	tcase_add_test(tc, strsize_cuts_strings_and_arrays);
	tcase_add_test(tc, flags_and_xlat);
	tcase_add_test(tc, netlink_as_strace);
	tcase_add_test(tc, netlink_short_and_done);
	suite_add_tcase(s, tc);
	SRunner *r = srunner_create(s);
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
