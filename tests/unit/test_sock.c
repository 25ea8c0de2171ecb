/* The socket table: /proc/net socket and counter files against bytes Linux
 * 6.18 printed for the same sockets (a namespace with a TCP listener on
 * 127.0.0.1:5555 and its accepted pair, a UDP socket on 0.0.0.0:5353 and a
 * unix listener on /tmp/xx.sock; the kernel pointer column shows zeros, as
 * it does to a reader without CAP_SYSLOG), and scenario sockets. */
#include <check.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "proc/proc_gen.h"
#include "scenario.h"

static struct vn_model m;
static struct buf out;

static void setup(void)
{
	vn_model_init(&m);
	buf_init(&out);
}

static void teardown(void)
{
	buf_free(&out);
	vn_model_free(&m);
}

static void v4(uint8_t a[16], uint8_t x, uint8_t y, uint8_t z, uint8_t w)
{
	a[0] = x; a[1] = y; a[2] = z; a[3] = w;
}

static void sockets(void)
{
	struct vn_socket l = { .family = AF_INET, .protocol = IPPROTO_TCP, .type = SOCK_STREAM,
			       .state = VN_TCP_LISTEN, .ino = 332065, .sport = 5555, .rto = 100,
			       .cwnd = 10, .ssthresh = 0, .rqueue = 0, .wqueue = 8 };
	v4(l.src, 127, 0, 0, 1);
	vn_model_add_socket(&m, &l);
	struct vn_socket e = { .family = AF_INET, .protocol = IPPROTO_TCP, .type = SOCK_STREAM,
			       .state = VN_TCP_ESTABLISHED, .ino = 332066, .sport = 60886,
			       .dport = 5555, .rto = 20, .cwnd = 10, .ssthresh = -1 };
	v4(e.src, 127, 0, 0, 1);
	v4(e.dst, 127, 0, 0, 1);
	vn_model_add_socket(&m, &e);
	struct vn_socket u = { .family = AF_INET, .protocol = IPPROTO_UDP, .type = SOCK_DGRAM,
			       .state = VN_TCP_CLOSE, .ino = 332069, .sport = 5353 };
	vn_model_add_socket(&m, &u);
	struct vn_socket x = { .family = AF_UNIX, .type = SOCK_STREAM, .state = VN_TCP_LISTEN,
			       .ino = 332068, .path = "/tmp/xx.sock", .path_len = 13 };
	vn_model_add_socket(&m, &x);
}

static const char tcp_want[] =
	"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode                                                     \n"
	"   0: 0100007F:15B3 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 332065 1 0000000000000000 100 0 0 10 0                    \n"
	"   1: 0100007F:EDD6 0100007F:15B3 01 00000000:00000000 00:00000000 00000000     0        0 332066 2 0000000000000000 20 0 0 10 -1                    \n";

START_TEST(proc_net_tcp)
{
	sockets();
	gen_net_tcp(&m, NULL, &out);
	ck_assert_str_eq(out.data, tcp_want);
}
END_TEST

START_TEST(proc_net_udp)
{
	sockets();
	gen_net_udp(&m, NULL, &out);
	/* the kernel's "sl" was the hash bucket 4473; the model numbers rows */
	ck_assert_str_eq(out.data,
		"   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops            \n"
		"    0: 00000000:14E9 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 332069 2 0000000000000000 0        \n");
}
END_TEST

START_TEST(proc_net_unix_and_v6_empty)
{
	sockets();
	gen_net_unix(&m, NULL, &out);
	ck_assert_str_eq(out.data, "Num       RefCount Protocol Flags    Type St Inode Path\n"
				   "0000000000000000: 00000002 00000000 00010000 0001 01 332068 /tmp/xx.sock\n");
	buf_reset(&out);
	gen_net_tcp6(&m, NULL, &out);
	ck_assert_str_eq(out.data, "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n");
}
END_TEST

START_TEST(proc_net_sockstat)
{
	sockets();
	gen_net_sockstat(&m, NULL, &out);
	ck_assert_str_eq(out.data, "sockets: used 4\nTCP: inuse 2 orphan 0 tw 0 alloc 2 mem 0\n"
				   "UDP: inuse 1 mem 0\nUDPLITE: inuse 0\nRAW: inuse 0\nFRAG: inuse 0 memory 0\n");
	buf_reset(&out);
	gen_net_snmp(&m, NULL, &out);
	ck_assert_ptr_nonnull(strstr(out.data, "\nTcp: 1 200 120000 -1 0 0 0 0 1 0 0 0 0 0 0\n"));
	ck_assert_ptr_nonnull(strstr(out.data, "Ip: 2 64 0 0"));
}
END_TEST

/* A namespace's kernel sockets of NETLINK_ROUTE and NETLINK_SOCK_DIAG and
 * a process's route socket bound with groups 0x11 (lines Linux printed). */
static void netlink_sockets(void)
{
	struct vn_socket k0 = { .family = AF_NETLINK, .type = SOCK_RAW, .ino = 332032 };
	struct vn_socket k4 = { .family = AF_NETLINK, .type = SOCK_RAW, .protocol = 4, .ino = 332038 };
	struct vn_socket p = { .family = AF_NETLINK, .type = SOCK_RAW, .portid = 964,
			       .groups = 0x11, .groups_len = 8, .ino = 1094444 };
	vn_model_add_socket(&m, &k4);
	vn_model_add_socket(&m, &p);
	vn_model_add_socket(&m, &k0);
}

START_TEST(proc_net_netlink)
{
	netlink_sockets();
	gen_net_netlink(&m, NULL, &out);
	ck_assert_str_eq(out.data,
		"sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode\n"
		"0000000000000000 0   964        00000011 0        0        0     2        0        1094444 \n"
		"0000000000000000 0   0          00000000 0        0        0     2        0        332032  \n"
		"0000000000000000 4   0          00000000 0        0        0     2        0        332038  \n");
	/* the kernel's sockets do not hold their namespace: not "used" */
	buf_reset(&out);
	gen_net_sockstat(&m, NULL, &out);
	ck_assert_ptr_nonnull(strstr(out.data, "sockets: used 1\n"));
	buf_reset(&out);
	gen_net_packet(&m, NULL, &out);
	ck_assert_str_eq(out.data, "sk               RefCnt Type Proto  Iface R Rmem   User   Inode\n");
}
END_TEST

START_TEST(skb_truesize)
{
	ck_assert_uint_eq(vn_skb_truesize(40), 832);      /* a small request */
	ck_assert_uint_eq(vn_skb_truesize(3776), 4352);   /* NLMSG_GOODSIZE */
	ck_assert_uint_eq(vn_skb_truesize(32448), 33024);
}
END_TEST

START_TEST(scenario_sockets)
{
	const char *sc = "{\"sockets\": [{\"netid\": \"tcp\", \"local\": \"0.0.0.0:22\", \"inode\": 7},"
			 " {\"netid\": \"unix\", \"state\": \"LISTEN\", \"local\": \"@abs\", \"inode\": 8}]}";
	char err[256];
	ck_assert_int_eq(vn_scenario_load_string(&m, sc, strlen(sc), "t.json", err, sizeof(err)), 0);
	ck_assert_uint_eq(m.nsocks, 2);
	gen_net_unix(&m, NULL, &out);
	ck_assert_ptr_nonnull(strstr(out.data, "00010000 0001 01     8 @abs\n"));
	buf_reset(&out);
	gen_net_tcp(&m, NULL, &out);
	ck_assert_ptr_nonnull(strstr(out.data, "   0: 00000000:0016 00000000:0000 0A "));
	const char *bad = "{\"sockets\": [{\"netid\": \"tcp\", \"local\": \"nope\"}]}";
	ck_assert_int_eq(vn_scenario_load_string(&m, bad, strlen(bad), "t.json", err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "sockets[0].local"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sock");
	TCase *tc = tcase_create("proc");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, proc_net_tcp);
	tcase_add_test(tc, proc_net_udp);
	tcase_add_test(tc, proc_net_unix_and_v6_empty);
	tcase_add_test(tc, proc_net_sockstat);
	tcase_add_test(tc, scenario_sockets);
	tcase_add_test(tc, proc_net_netlink);
	tcase_add_test(tc, skb_truesize);
	suite_add_tcase(s, tc);
	SRunner *r = srunner_create(s);
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? 1 : 0;
}
