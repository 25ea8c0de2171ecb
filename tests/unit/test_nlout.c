/* Datagram packing of queued netlink messages, as netlink_dump fills skbs:
 * dump parts packed up to the reader's size, NLMSG_DONE riding in the last
 * one when it fits, replies and errors alone. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "netlink/nlout.h"

static struct nl_out o;

static void setup(void) { nl_out_init(&o); }
static void teardown(void) { nl_out_free(&o); }

static void add(uint16_t type, size_t payload, bool alone)
{
	char buf[4096] = { 0 };
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	h->nlmsg_len = (uint32_t)NLMSG_LENGTH(payload);
	h->nlmsg_type = type;
	nl_out_add(&o, h, alone);
}

static uint32_t next(size_t limit, size_t *nmarks)
{
	uint32_t off, len, groups;
	ck_assert(nl_out_peek_dgram(&o, limit, &off, &len, &groups, nmarks));
	nl_out_pop(&o, *nmarks);
	return len;
}

START_TEST(dump_parts_pack_up_to_the_limit)
{
	struct nlmsghdr req = { .nlmsg_seq = 5 };
	for (int i = 0; i < 10; i++)
		add(16, 1000 - 16, false);   /* 1000 bytes each */
	nl_out_done(&o, &req, 9, 0, false);
	size_t n;
	ck_assert_uint_eq(next(3776, &n), 3000);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(next(32768, &n), 7000 + 20);   /* the rest and NLMSG_DONE */
	ck_assert_uint_eq(n, 8);
	ck_assert(nl_out_empty(&o));
}
END_TEST

START_TEST(done_alone_after_links)
{
	struct nlmsghdr req = { .nlmsg_seq = 5 };
	add(16, 100, false);
	nl_out_done(&o, &req, 9, 0, true);
	size_t n;
	ck_assert_uint_eq(next(32768, &n), 116);
	ck_assert_uint_eq(next(32768, &n), 20);
}
END_TEST

START_TEST(a_message_larger_than_the_limit_still_goes_alone)
{
	add(16, 2000, false);
	size_t n;
	ck_assert_uint_eq(next(100, &n), 2016);
	ck_assert_uint_eq(n, 1);
}
END_TEST

START_TEST(replies_and_errors_are_their_own_datagrams)
{
	struct {
		struct nlmsghdr h;
		uint32_t body;
	} req = { .h = { .nlmsg_len = 20, .nlmsg_type = 18, .nlmsg_seq = 5 } };
	add(16, 100, true);
	nl_out_error(&o, &req.h, 9, -ENODEV, false, NULL);
	size_t n;
	ck_assert_uint_eq(next(32768, &n), 116);
	ck_assert_uint_eq(next(32768, &n), NLMSG_LENGTH(sizeof(struct nlmsgerr) + 4));
	ck_assert(nl_out_empty(&o));
}
END_TEST

START_TEST(two_dumps_never_share_a_datagram)
{
	struct nlmsghdr req = { .nlmsg_seq = 1 };
	add(16, 84, false);
	nl_out_done(&o, &req, 9, 0, false);
	add(16, 84, false);
	nl_out_done(&o, &req, 9, 0, false);
	size_t n;
	ck_assert_uint_eq(next(32768, &n), 120);
	ck_assert_uint_eq(next(32768, &n), 120);
}
END_TEST

START_TEST(errors_echo_the_request_and_ext_ack)
{
	struct {
		struct nlmsghdr h;
		char body[12];
	} req = { .h = { .nlmsg_len = 28, .nlmsg_type = 26, .nlmsg_flags = 5, .nlmsg_seq = 3 } };
	nl_out_error(&o, &req.h, 7, -EINVAL, false, "bad");
	const struct nlmsghdr *h = (const struct nlmsghdr *)o.data.data;
	ck_assert_uint_eq(h->nlmsg_type, NLMSG_ERROR);
	ck_assert_uint_eq(h->nlmsg_flags, NLM_F_ACK_TLVS);
	ck_assert_uint_eq(h->nlmsg_seq, 3);
	ck_assert_uint_eq(h->nlmsg_pid, 7);
	ck_assert_uint_eq(h->nlmsg_len, 16 + 4 + 28 + 8);
	const struct nlmsgerr *e = NLMSG_DATA(h);
	ck_assert_int_eq(e->error, -EINVAL);
	ck_assert_uint_eq(e->msg.nlmsg_len, 28);
	ck_assert_str_eq((const char *)h + 16 + 4 + 28 + 4, "bad");
	nl_out_pop(&o, 1);
	/* capped: header only */
	nl_out_error(&o, &req.h, 7, -EINVAL, true, NULL);
	h = (const struct nlmsghdr *)o.data.data;
	ck_assert_uint_eq(h->nlmsg_len, 36);
	ck_assert_uint_eq(h->nlmsg_flags, NLM_F_CAPPED);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("nlout");
	TCase *tc = tcase_create("nlout");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, dump_parts_pack_up_to_the_limit);
	tcase_add_test(tc, a_message_larger_than_the_limit_still_goes_alone);
	tcase_add_test(tc, done_alone_after_links);
	tcase_add_test(tc, replies_and_errors_are_their_own_datagrams);
	tcase_add_test(tc, two_dumps_never_share_a_datagram);
	tcase_add_test(tc, errors_echo_the_request_and_ext_ack);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
