/* The structures the log decodes from the caller's memory, as strace
 * prints them: sockaddr, msghdr and iovec, stat and statx, utsname,
 * sysinfo, struct ifreq, argv. Used by vdecode.c's argument printers. */
#ifndef VENEER_VSTRUCT_H
#define VENEER_VSTRUCT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "backend.h"
#include "vout.h"

/* One call being decoded. */
struct dctx {
	struct vout *o;
	struct vcall *c;
	bool ok;            /* answered with a result >= 0: outputs are there */
	int64_t ret;
	int nlproto;        /* the fd's netlink protocol, -1 if not a socket of ours */
	size_t budget;      /* bytes of the caller's buffers still to decode */
};

/* What one call may have decoded from its buffers in all: the program
 * chooses their number (iovecs, argv) and sizes. */
#define CALL_BUDGET (256 * 1024)

/* len bytes at addr: as netlink messages, or a string cut at strsize. */
void print_bytes(struct dctx *d, uint64_t addr, size_t len, bool as_netlink);
void print_sockaddr(struct dctx *d, const char *key, uint64_t addr, uint64_t len);
void print_stat(struct dctx *d, uint64_t addr);
void print_statx(struct dctx *d, uint64_t addr);
void print_utsname(struct dctx *d, uint64_t addr);
void print_sysinfo(struct dctx *d, uint64_t addr);
/* n iovecs; with_data: their bytes, data_len of them in all */
void print_iov(struct dctx *d, const char *key, uint64_t addr, uint64_t n, size_t data_len,
	       bool with_data);
/* out: the received bytes (d->ret of them) */
void print_msghdr(struct dctx *d, uint64_t addr, bool out);
void print_optval(struct dctx *d, uint64_t addr, uint64_t len);
/* after: the answer's fields too (a get prints only its name before) */
void print_ifreq(struct dctx *d, unsigned long req, uint64_t addr, bool after);
/* argv, or envp as strace abbreviates it: its address and how many vars */
void print_strv(struct dctx *d, uint64_t addr, bool envp);

#endif
