/* NETLINK_SOCK_DIAG against the bytes Linux 6.18 sends for the same
 * sockets and requests (captured with the requests ss 6.1 makes). */
#include <check.h>
#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink_diag.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "netlink/sock_diag.h"
#include "scenario.h"

static struct vn_model m;
static struct nl_out out;
static struct nl_ctx ctx;

static void setup(void)
{
	vn_model_init(&m);
	const char *sc = "{\"sockets\": ["
			 "{\"netid\": \"tcp\", \"local\": \"0.0.0.0:22\", \"inode\": 7},"
			 "{\"netid\": \"tcp\", \"state\": \"ESTAB\", \"local\": \"10.0.2.15:22\","
			 " \"peer\": \"10.1.2.3:40000\", \"inode\": 9},"
			 "{\"netid\": \"unix\", \"local\": \"/run/x\", \"inode\": 8}]}";
	char err[256];
	ck_assert_int_eq(vn_scenario_load_string(&m, sc, strlen(sc), "t", err, sizeof(err)), 0);
	nl_out_init(&out);
	ctx = (struct nl_ctx){ .model = &m, .portid = 77 };
}

static void teardown(void)
{
	nl_out_free(&out);
	vn_model_free(&m);
}

static union {
	char b[512];
	struct nlmsghdr h;
} req __attribute__((aligned(8)));

static void inet_req(uint8_t family, uint8_t proto, uint32_t states, uint16_t flags)
{
	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(struct inet_diag_req_v2));
	req.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req.h.nlmsg_flags = flags;
	req.h.nlmsg_seq = 123456;
	struct inet_diag_req_v2 *r = NLMSG_DATA(&req.h);
	r->sdiag_family = family;
	r->sdiag_protocol = proto;
	r->idiag_states = states;
}

static const struct nlmsghdr *msg(size_t i)
{
	return i < out.n ? (const void *)(out.data.data + out.marks[i].off) : NULL;
}

/* ss -tan: one message per socket, inet_diag_msg + SHUTDOWN, CGROUP_ID,
 * SOCKOPT, then NLMSG_DONE alone. */
static const unsigned char listener_want[] = {
	0x74, 0, 0, 0, 0x14, 0, 0x02, 0, 0x40, 0xe2, 0x01, 0, 0x4d, 0, 0, 0,   /* nlmsghdr */
	0x02, 0x0a, 0, 0, 0, 0x16, 0, 0,                                          /* family state timer retrans sport dport */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,                           /* src */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,                           /* dst */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,                                       /* if, cookie */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x07, 0, 0, 0,            /* expires rq wq uid inode */
	0x05, 0, 0x08, 0, 0, 0, 0, 0,                                             /* SHUTDOWN 0 */
	0x0c, 0, 0x15, 0, 0x01, 0, 0, 0, 0, 0, 0, 0,                              /* CGROUP_ID 1 */
	0x06, 0, 0x16, 0, 0, 0, 0, 0,                                             /* SOCKOPT */
};

START_TEST(inet_dump)
{
	inet_req(AF_INET, IPPROTO_TCP, 0xfff, NLM_F_REQUEST | NLM_F_DUMP);
	sock_diag_rcv(&ctx, &req, req.h.nlmsg_len, &out);
	ck_assert_uint_eq(out.n, 3);
	ck_assert_uint_eq(msg(0)->nlmsg_len, sizeof(listener_want));
	ck_assert_int_eq(memcmp(msg(0), listener_want, sizeof(listener_want)), 0);
	ck_assert_uint_eq(msg(2)->nlmsg_type, NLMSG_DONE);
	ck_assert(out.marks[2].alone);
	/* states: LISTEN only (ss -tln) */
	nl_out_free(&out);
	nl_out_init(&out);
	inet_req(AF_INET, IPPROTO_TCP, 1 << 10, NLM_F_REQUEST | NLM_F_DUMP);
	sock_diag_rcv(&ctx, &req, req.h.nlmsg_len, &out);
	ck_assert_uint_eq(out.n, 2);
}
END_TEST

/* ss -tan 'dst 10.1.0.0/16': S/D_COND bytecode as ss compiles it */
START_TEST(inet_bytecode)
{
	inet_req(AF_INET, IPPROTO_TCP, 0xfff, NLM_F_REQUEST | NLM_F_DUMP);
	struct nlattr *a = (void *)(req.b + req.h.nlmsg_len);
	unsigned char bc[] = { INET_DIAG_BC_D_COND, 16, 20, 0,        /* op yes=16 no=20 */
			       AF_INET, 16, 0, 0, 0xff, 0xff, 0xff, 0xff, /* family plen port=-1 */
			       10, 1, 0, 0 };
	a->nla_type = INET_DIAG_REQ_BYTECODE;
	a->nla_len = NLA_HDRLEN + sizeof(bc);
	memcpy(a + 1, bc, sizeof(bc));
	req.h.nlmsg_len += NLA_ALIGN(a->nla_len);
	sock_diag_rcv(&ctx, &req, req.h.nlmsg_len, &out);
	ck_assert_uint_eq(out.n, 2);
	const struct inet_diag_msg *d = NLMSG_DATA(msg(0));
	ck_assert_uint_eq(d->idiag_inode, 9);
	/* a jump out of the program: EINVAL, as inet_diag_bc_audit */
	nl_out_free(&out);
	nl_out_init(&out);
	((unsigned char *)(a + 1))[1] = 40;
	sock_diag_rcv(&ctx, &req, req.h.nlmsg_len, &out);
	ck_assert_uint_eq(out.n, 1);
	const struct nlmsgerr *e = NLMSG_DATA(msg(0));
	ck_assert_int_eq(e->error, -EINVAL);
}
END_TEST

START_TEST(destroy_and_errors)
{
	inet_req(AF_INET, IPPROTO_TCP, 0xfff, NLM_F_REQUEST);
	req.h.nlmsg_type = SOCK_DESTROY;
	sock_diag_rcv(&ctx, &req, req.h.nlmsg_len, &out);
	ck_assert_int_eq(((const struct nlmsgerr *)NLMSG_DATA(msg(0)))->error, -EPERM);
	inet_req(AF_INET, IPPROTO_SCTP, 0xfff, NLM_F_REQUEST | NLM_F_DUMP);
	sock_diag_rcv(&ctx, &req, req.h.nlmsg_len, &out);
	ck_assert_int_eq(((const struct nlmsgerr *)NLMSG_DATA(msg(1)))->error, -ENOENT);
	inet_req(AF_INET, IPPROTO_TCP, 0xfff, NLM_F_REQUEST);   /* get one: no such id */
	sock_diag_rcv(&ctx, &req, req.h.nlmsg_len, &out);
	ck_assert_int_eq(((const struct nlmsgerr *)NLMSG_DATA(msg(2)))->error, -ENOENT);
	inet_req(AF_MAX, IPPROTO_TCP, 0xfff, NLM_F_REQUEST);
	sock_diag_rcv(&ctx, &req, req.h.nlmsg_len, &out);
	ck_assert_int_eq(((const struct nlmsgerr *)NLMSG_DATA(msg(3)))->error, -EINVAL);
}
END_TEST

/* ss -xl: unix_diag_req{states=LISTEN, show NAME|PEER|RQLEN} */
START_TEST(unix_dump)
{
	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(struct unix_diag_req));
	req.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	struct unix_diag_req *u = NLMSG_DATA(&req.h);
	u->sdiag_family = AF_UNIX;
	u->udiag_states = 1 << 10;
	u->udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER | UDIAG_SHOW_RQLEN;
	sock_diag_rcv(&ctx, &req, req.h.nlmsg_len, &out);
	ck_assert_uint_eq(out.n, 2);
	static const unsigned char want[] = {
		0x40, 0, 0, 0, 0x14, 0, 0x02, 0, 0, 0, 0, 0, 0x4d, 0, 0, 0,
		0x01, 0x01, 0x0a, 0, 0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* family type state ino cookie */
		0x0b, 0, 0, 0, '/', 'r', 'u', 'n', '/', 'x', 0, 0,          /* NAME "/run/x\0" */
		0x0c, 0, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0,                    /* RQLEN */
		0x05, 0, 0x06, 0, 0, 0, 0, 0,                                /* SHUTDOWN */
	};
	ck_assert_uint_eq(msg(0)->nlmsg_len, sizeof(want));
	ck_assert_int_eq(memcmp(msg(0), want, sizeof(want)), 0);
}
END_TEST

/* ss -a -A netlink: netlink_diag_req{PROTO_ALL, show GROUPS|MEMINFO}. A
 * subscribed socket is listed twice (hash walk, then mc_list); the
 * kernel's diag socket holds the request, the asking one its dump skb. */
START_TEST(netlink_dump)
{
	struct vn_socket k4 = { .family = AF_NETLINK, .type = SOCK_RAW, .protocol = 4, .ino = 3,
				.rcvbuf = 212992, .sndbuf = 212992 };
	struct vn_socket me = { .family = AF_NETLINK, .type = SOCK_DGRAM, .protocol = 4, .ino = 4,
				.portid = 77, .rcvbuf = 2097152, .sndbuf = 65536 };
	struct vn_socket rt = { .family = AF_NETLINK, .type = SOCK_RAW, .ino = 5, .portid = 964,
				.groups = 0x11, .groups_len = 8, .rcvbuf = 212992, .sndbuf = 212992 };
	vn_model_add_socket(&m, &k4);
	vn_model_add_socket(&m, &me);
	vn_model_add_socket(&m, &rt);
	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(struct netlink_diag_req));
	req.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	struct netlink_diag_req *n = NLMSG_DATA(&req.h);
	n->sdiag_family = AF_NETLINK;
	n->sdiag_protocol = NDIAG_PROTO_ALL;
	n->ndiag_show = NDIAG_SHOW_GROUPS | NDIAG_SHOW_MEMINFO;
	sock_diag_rcv(&ctx, &req, req.h.nlmsg_len, &out);
	ck_assert_uint_eq(out.n, 5);
	static const uint32_t want[][3] = {   /* protocol, portid, rmem */
		{ 0, 964, 0 }, { 0, 964, 0 }, { 4, 0, 832 }, { 4, 77, 4352 },
	};
	for (size_t i = 0; i < 4; i++) {
		const struct netlink_diag_msg *d = NLMSG_DATA(msg(i));
		ck_assert_uint_eq(d->ndiag_protocol, want[i][0]);
		ck_assert_uint_eq(d->ndiag_portid, want[i][1]);
		const struct nlattr *a = (const void *)((const char *)d + NLMSG_ALIGN(sizeof(*d)));
		if (want[i][1] == 964) {   /* GROUPS first: 8 bytes of bitmap */
			ck_assert_uint_eq(a->nla_type, NETLINK_DIAG_GROUPS);
			ck_assert_uint_eq(a->nla_len, NLA_HDRLEN + 8);
			ck_assert_uint_eq(*(const uint32_t *)(a + 1), 0x11);
			a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len));
		}
		ck_assert_uint_eq(a->nla_type, NETLINK_DIAG_MEMINFO);
		ck_assert_uint_eq(a->nla_len, NLA_HDRLEN + 4 * SK_MEMINFO_VARS);
		ck_assert_uint_eq(((const uint32_t *)(a + 1))[SK_MEMINFO_RMEM_ALLOC], want[i][2]);
	}
	ck_assert_uint_eq(msg(4)->nlmsg_type, NLMSG_DONE);
	ck_assert(out.marks[4].alone);
	/* a protocol past MAX_LINKS: the dump ends with -ENOENT; get-one: EOPNOTSUPP */
	n->sdiag_protocol = 40;
	sock_diag_rcv(&ctx, &req, req.h.nlmsg_len, &out);
	ck_assert_uint_eq(msg(5)->nlmsg_type, NLMSG_DONE);
	ck_assert_int_eq(*(const int *)NLMSG_DATA(msg(5)), -ENOENT);
	req.h.nlmsg_flags = NLM_F_REQUEST;
	sock_diag_rcv(&ctx, &req, req.h.nlmsg_len, &out);
	ck_assert_int_eq(((const struct nlmsgerr *)NLMSG_DATA(msg(6)))->error, -EOPNOTSUPP);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sock_diag");
	TCase *tc = tcase_create("diag");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, inet_dump);
	tcase_add_test(tc, inet_bytecode);
	tcase_add_test(tc, destroy_and_errors);
	tcase_add_test(tc, unix_dump);
	tcase_add_test(tc, netlink_dump);
	suite_add_tcase(s, tc);
	SRunner *r = srunner_create(s);
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? 1 : 0;
}
