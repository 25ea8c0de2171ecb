/* veneer matrix's parts that need no process: the diff (against what GNU
 * diff -u prints for the same texts), the cleaning of output into what
 * XML carries, the XML reader, names and shards. The runs themselves are
 * tested in tests/matrix. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "matrix.h"
#include "plan.h"
#include "xml_read.h"

static char *diff_of(const char *a, const char *b, size_t max)
{
	struct buf out;
	buf_init(&out);
	mx_diff("a", a, strlen(a), "b", b, strlen(b), max, &out);
	return mx_buf_take(&out);
}

/* Each expected text is GNU diff's (diff -u --label a --label b). */
static const struct {
	const char *a, *b, *want;
} diffs[] = {
	{ "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", "1\nTWO\n3\n4\n5\n6\n7\n8\nNINE\n10\n",
	  "--- a\n+++ b\n@@ -1,10 +1,10 @@\n 1\n-2\n+TWO\n 3\n 4\n 5\n 6\n 7\n 8\n-9\n+NINE\n 10\n" },
	{ "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n",
	  "--- a\n+++ b\n@@ -1,3 +1,4 @@\n+0\n 1\n 2\n 3\n@@ -9,4 +10,3 @@\n 9\n 10\n 11\n-12\n" },
	{ "a\nb\n", "a\nb", "--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n" },
	{ "", "x\ny\n", "--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n" },
	{ "x\ny\n", "", "--- a\n+++ b\n@@ -1,2 +0,0 @@\n-x\n-y\n" },
	{ "a\nb\nc\nd\n", "a\nc\nb\nd\n", "--- a\n+++ b\n@@ -1,4 +1,4 @@\n a\n-b\n c\n+b\n d\n" },
	{ "same\n", "same\n", "" },
};

START_TEST(diff_is_gnu_diffs)
{
	char *got = diff_of(diffs[_i].a, diffs[_i].b, 1000);
	ck_assert_str_eq(got, diffs[_i].want);
	free(got);
}
END_TEST

START_TEST(diff_is_cut)
{
	char *got = diff_of("1\n2\n3\n", "4\n5\n6\n", 4);
	ck_assert_str_eq(got, "--- a\n+++ b\n@@ -1,3 +1,3 @@\n-1\n[5 more lines of diff]\n");
	free(got);
}
END_TEST

/* Past the edit budget the middle is all removed then all added: still a
 * diff that turns a into b. */
START_TEST(diff_of_large_differences)
{
	struct buf a, b;
	buf_init(&a);
	buf_init(&b);
	for (int i = 0; i < 3000; i++) {
		buf_printf(&a, "a%d\n", i);
		buf_printf(&b, "b%d\n", i);
	}
	buf_puts(&a, "end\n");
	buf_puts(&b, "end\n");
	char *got = diff_of(a.data, b.data, 100000);
	ck_assert(strncmp(got, "--- a\n+++ b\n@@ -1,3001 +1,3001 @@\n-a0\n", 37) == 0);
	ck_assert(strstr(got, "\n-a2999\n+b0\n") != NULL);
	ck_assert(strstr(got, "\n+b2999\n end\n") != NULL);
	free(got);
	buf_free(&a);
	buf_free(&b);
}
END_TEST

static const struct {
	const char *in, *out;
} cleans[] = {
	{ "plain\ttext\r\n", "plain\ttext\r\n" },
	{ "nul\001bel\a", "nul\xef\xbf\xbd" "bel\xef\xbf\xbd" },
	{ "\xff\xfe", "\xef\xbf\xbd\xef\xbf\xbd" },
	{ "\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd" },                  /* overlong '/' */
	{ "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },  /* a surrogate */
	{ "\xef\xbf\xbe", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },  /* U+FFFE */
	{ "\xc3\xa9\xf0\x9f\x98\x80", "\xc3\xa9\xf0\x9f\x98\x80" },  /* é and an emoji */
	{ "cut\xe2\x82", "cut\xef\xbf\xbd\xef\xbf\xbd" },
};

START_TEST(text_is_cleaned_for_xml)
{
	char *got = mx_text_clean(cleans[_i].in, strlen(cleans[_i].in));
	ck_assert_str_eq(got, cleans[_i].out);
	free(got);
}
END_TEST

START_TEST(text_with_nul_is_cleaned)
{
	char *got = mx_text_clean("a\0b", 3);
	ck_assert_str_eq(got, "a\xef\xbf\xbd" "b");
	free(got);
}
END_TEST

START_TEST(xml_reads_what_junit_writes)
{
	const char *doc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c -->\n"
			  "<a x=\"1&amp;2&#10;3\" y='q&quot;' z=\"t\tn\nr\">"
			  "t&lt;&#x41;&#233;<b/><![CDATA[<raw>]]>\r\nx<?pi?></a>\n";
	char err[256];
	struct xml_node *n = xml_parse(doc, strlen(doc), "f", err, sizeof(err));
	ck_assert_msg(n != NULL, "%s", err);
	ck_assert_str_eq(n->name, "a");
	ck_assert_str_eq(xml_attr(n, "x"), "1&2\n3");
	ck_assert_str_eq(xml_attr(n, "y"), "q\"");
	ck_assert_str_eq(xml_attr(n, "z"), "t n r");   /* attribute-value normalisation */
	ck_assert_ptr_null(xml_attr(n, "w"));
	ck_assert_str_eq(n->text, "t<A\xc3\xa9<raw>\nx");
	ck_assert_uint_eq(n->nkids, 1);
	ck_assert_str_eq(n->kids[0]->name, "b");
	xml_free(n);
}
END_TEST

static const struct {
	const char *doc, *err;
} bad_xml[] = {
	{ "<a>\n  <b></c>\n</a>", "f:2:6: </c> does not close <b>" },
	{ "<a>&nbsp;</a>", "f:1:4: an entity other than lt, gt, amp, quot, apos or a character" },
	{ "<a>&#0;</a>", "f:1:8: a reference to a character XML does not allow" },
	{ "<!DOCTYPE a><a/>", "f:1:1: a document type declaration (not read)" },
	{ "<a/><b/>", "f:1:5: content after the root element" },
	{ "<a x=1/>", "f:1:6: expected a quoted value for x" },
	{ "<a>", "f:1:4: <a> is not closed" },
	{ "", "f:1:1: no element" },
};

START_TEST(xml_errors_say_where)
{
	char err[256];
	struct xml_node *n = xml_parse(bad_xml[_i].doc, strlen(bad_xml[_i].doc), "f", err, sizeof(err));
	ck_assert_ptr_null(n);
	ck_assert_str_eq(err, bad_xml[_i].err);
}
END_TEST

START_TEST(xml_depth_is_bounded)
{
	struct buf b;
	buf_init(&b);
	for (int i = 0; i < 100; i++)
		buf_puts(&b, "<a>");
	char err[256];
	ck_assert_ptr_null(xml_parse(b.data, b.len, "f", err, sizeof(err)));
	ck_assert(strstr(err, "nested deeper than 64") != NULL);
	buf_free(&b);
}
END_TEST

START_TEST(shards_parse)
{
	unsigned i, n;
	ck_assert(mx_parse_shard("2/3", &i, &n) && i == 2 && n == 3);
	ck_assert(mx_parse_shard("1/1", &i, &n) && i == 1 && n == 1);
	static const char *const bad[] = { "0/3", "4/3", "1/0", "-1/3", "1/-3", "1", "1/", "/2", "a/b",
					   "1/3x", "+1/3", "1/100001" };
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++)
		ck_assert_msg(!mx_parse_shard(bad[k], &i, &n), "%s", bad[k]);
}
END_TEST

/* Every case is in exactly one shard, and shards differ by at most one. */
START_TEST(shards_partition)
{
	for (unsigned n = 1; n <= 7; n++) {
		size_t count[8] = { 0 };
		for (size_t i = 0; i < 50; i++) {
			unsigned in = 0;
			for (unsigned s = 1; s <= n; s++)
				if (mx_in_shard(i, s, n))
					in++, count[s]++;
			ck_assert_uint_eq(in, 1);
		}
		for (unsigned s = 2; s <= n; s++)
			ck_assert(count[1] - count[s] <= 1);
	}
}
END_TEST

START_TEST(names)
{
	char *const argv[] = { "python3", "-c", "print('x y')", "a=b", "", NULL };
	char *j = mx_shell_join(argv);
	ck_assert_str_eq(j, "python3 -c 'print('\\''x y'\\'')' a=b ''");
	free(j);
	static const struct {
		const char *label, *slug;
	} slugs[] = {
		{ "ip addr", "ip_addr" },
		{ "ip -br addr", "ip_-br_addr" },
		{ "  cat /proc/net/dev | wc -l ", "cat_proc_net_dev_wc_-l" },
	};
	for (size_t k = 0; k < sizeof(slugs) / sizeof(slugs[0]); k++) {
		char *s = mx_slug(slugs[k].label);
		ck_assert_str_eq(s, slugs[k].slug);
		free(s);
	}
	/* no name left, or only dots: a hash of the label (16 hex digits) */
	static const char *const hashed[] = { "..", "\xe2\x82\xac", "/" };
	static const char *const start[] = { "..-", "", "" };
	for (size_t k = 0; k < 3; k++) {
		char *s = mx_slug(hashed[k]);
		size_t n = strlen(start[k]);
		ck_assert_msg(strncmp(s, start[k], n) == 0 && strlen(s) == n + 16 &&
			      strspn(s + n, "0123456789abcdef") == 16, "%s", s);
		free(s);
	}
	char *longer = mx_slug("python3 -c 'import socket, psutil; print(socket.if_nameindex(), psutil.net_if_addrs())'");
	ck_assert_uint_eq(strlen(longer), 60);
	ck_assert(strncmp(longer, "python3_-c_import_socket_psutil_print_", 38) == 0);
	free(longer);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("matrix");
	TCase *t = tcase_create("matrix");
	tcase_add_loop_test(t, diff_is_gnu_diffs, 0, sizeof(diffs) / sizeof(diffs[0]));
	tcase_add_test(t, diff_is_cut);
	tcase_add_test(t, diff_of_large_differences);
	tcase_add_loop_test(t, text_is_cleaned_for_xml, 0, sizeof(cleans) / sizeof(cleans[0]));
	tcase_add_test(t, text_with_nul_is_cleaned);
	tcase_add_test(t, xml_reads_what_junit_writes);
	tcase_add_loop_test(t, xml_errors_say_where, 0, sizeof(bad_xml) / sizeof(bad_xml[0]));
	tcase_add_test(t, xml_depth_is_bounded);
	tcase_add_test(t, shards_parse);
	tcase_add_test(t, shards_partition);
	tcase_add_test(t, names);
	suite_add_tcase(s, t);
	SRunner *r = srunner_create(s);
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
