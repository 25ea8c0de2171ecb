/* The byte buffer generators write into. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

START_TEST(appends_and_formats)
{
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "lo");
	buf_printf(&b, ":%8llu", 42ULL);
	ck_assert_str_eq(b.data, "lo:      42");
	ck_assert_uint_eq(b.len, 11);
	buf_free(&b);
}
END_TEST

START_TEST(grows_past_initial_capacity)
{
	struct buf b;
	buf_init(&b);
	for (int i = 0; i < 10000; i++)
		buf_append(&b, "x", 1);
	ck_assert_uint_eq(b.len, 10000);
	ck_assert_int_eq(b.data[9999], 'x');
	ck_assert_int_eq(b.data[10000], '\0');
	buf_free(&b);
}
END_TEST

START_TEST(pads_lines_like_proc_net_route)
{
	struct buf b;
	buf_init(&b);
	size_t start = b.len;
	buf_puts(&b, "Iface");
	buf_pad_line(&b, start, 10);
	ck_assert_str_eq(b.data, "Iface     \n");
	start = b.len;
	buf_puts(&b, "longer than ten");
	buf_pad_line(&b, start, 10);
	ck_assert_str_eq(b.data + start, "longer than ten\n");
	buf_free(&b);
}
END_TEST

START_TEST(reset_keeps_memory)
{
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "abc");
	char *p = b.data;
	buf_reset(&b);
	ck_assert_uint_eq(b.len, 0);
	buf_puts(&b, "d");
	ck_assert_ptr_eq(b.data, p);
	ck_assert_int_eq(b.data[0], 'd');
	buf_free(&b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("buf");
	TCase *tc = tcase_create("buf");
	tcase_add_test(tc, appends_and_formats);
	tcase_add_test(tc, grows_past_initial_capacity);
	tcase_add_test(tc, pads_lines_like_proc_net_route);
	tcase_add_test(tc, reset_keeps_memory);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
