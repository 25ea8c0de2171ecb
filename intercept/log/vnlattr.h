/* Netlink attributes in the log, as strace's nlattr.c decodes them: a
 * family's attributes are a table with a row per attribute type (like
 * strace's nla_decoder_t arrays), naming how its value prints. Shared by
 * the rtnetlink (vrtnl.c) and sock_diag (vsockdiag.c) decoders. */
#ifndef VENEER_VNLATTR_H
#define VENEER_VNLATTR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vout.h"

struct vn_model;

struct nl_ctx {
	struct vout *o;
	const struct vn_model *model;
	int family;   /* of the message body: how addresses print */
};

enum nla_kind {
	NK_HEX,       /* no decoder: the bytes as a hex string */
	NK_U8, NK_U16, NK_U32, NK_U64, NK_S32, NK_X32,
	NK_STR, NK_ADDR, NK_HWADDR, NK_IFINDEX,
	NK_FLAGS,     /* x, size bytes (4 if 0) */
	NK_XLAT,      /* x, the number in hex; up to 8 bytes (size: at most) */
	NK_XLAT_DEC,  /* x, the number in decimal */
	NK_NESTED,    /* attributes of the table `nested` (NULL: none known) */
	NK_STRUCT,    /* fields */
	NK_U32_ARRAY, /* [1, 2, ...] */
	NK_XLONG_ARRAY, /* [0x1, ...] of unsigned longs */
	NK_MEMINFO,   /* u32s by SK_MEMINFO_* index */
	NK_UID,       /* a uid: -1 or unsigned */
	NK_SOCKOPT,   /* struct inet_diag_sockopt's bits that are set */
};

/* A field of a fixed structure: unsigned (how 0), hex ('x'), a dev_t ('d'). */
struct field {
	const char *name;
	size_t off;
	size_t size;
	char how;
};

struct nla_table;

struct nla_row {
	uint16_t type;
	const char *name;
	enum nla_kind kind;
	const struct xlat *x;          /* NK_FLAGS, NK_XLAT, NK_XLAT_DEC */
	const struct field *fields;    /* NK_STRUCT, in order */
	size_t nfields, size;          /* NK_STRUCT: the least size; NK_FLAGS/NK_XLAT: bytes */
	const struct nla_table *nested;
	bool verbose;                  /* flags whose names are not uapi: always with the number */
};

struct nla_table {
	const struct nla_row *rows;
	size_t n;
	const char *unknown;           /* "IFLA_???" */
};

#define FIELD(type, f) { #f, offsetof(type, f), sizeof(((type *)0)->f), 0 }
#define FIELD_X(type, f) { #f, offsetof(type, f), sizeof(((type *)0)->f), 'x' }
#define FIELD_DEV(type, f) { #f, offsetof(type, f), sizeof(((type *)0)->f), 'd' }
#define FIELDS(var, type, ...)                                                          \
	static const struct field var[] = { __VA_ARGS__ };                              \
	enum { var##_n = sizeof(var) / sizeof(var[0]), var##_size = sizeof(type) }
#define NLA(t, k) [t] = { t, #t, k, NULL, NULL, 0, 0, NULL, false }
#define NLA_X(t, k, x) [t] = { t, #t, k, &x, NULL, 0, 0, NULL, false }
#define NLA_XS(t, k, x, sz) [t] = { t, #t, k, &x, NULL, 0, sz, NULL, false }
#define NLA_S(t, f) [t] = { t, #t, NK_STRUCT, NULL, f, f##_n, f##_size, NULL, false }
#define NLA_N(t, tab) [t] = { t, #t, NK_NESTED, NULL, NULL, 0, 0, &tab, false }
#define NLA_TABLE(rows, unk) { rows, sizeof(rows) / sizeof(rows[0]), unk }

uint64_t nl_get_uint(const unsigned char *p, size_t size);
/* An interface index: if_nametoindex("eth0") from the model, else the number. */
void nl_ifindex(struct nl_ctx *n, const char *key, uint32_t idx);
/* An address of n->family: inet_addr("..."), inet_pton(AF_INET6, "..."), or hex. */
void nl_addr(struct nl_ctx *n, const char *key, const unsigned char *p, size_t len);
/* The fields of a structure at p (at least its size). */
void nl_struct(struct vout *o, const struct field *f, size_t nf, const unsigned char *p);
/* The attributes in p..len decoded with t: strace's decode_nlattr. */
void nl_attrs(struct nl_ctx *n, const struct nla_table *t, const unsigned char *p, size_t len);

/* The body of a message of a family: its header structure, then its
 * attributes (strace's decode_netlink_route, decode_netlink_sock_diag). */
void vrtnl_body(struct nl_ctx *n, uint16_t type, const unsigned char *p, size_t len);
void vsockdiag_body(struct nl_ctx *n, uint16_t flags, const unsigned char *p, size_t len);

#endif
