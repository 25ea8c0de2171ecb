/* A backend for tests and fuzzing: intercept/'s handlers run on calls made
 * by a pretend task that is the test process itself.
 *
 * The caller's tid is the test's own (gettid()), so /proc/<tid>/fd/N and
 * pidfd_getfd, which the handlers use to look at the caller's fds, see the
 * test's fd table, and an fd the handler answers with is installed there.
 * The caller's memory is an arena the fake owns:
 *
 *     [guard][data, RW ...][read-only page][guard]
 *
 * read_mem/write_mem reach only the data (and, for reading, the read-only
 * page); any other address fails with -EFAULT and a range that runs off
 * the end is cut at the page where it stops being accessible, as
 * process_vm_readv/writev do. Each call is answered at most once: the fake
 * records what each call got and counts as violations a second answer,
 * an answer the kernel would not take (an errno past MAX_ERRNO, an fd the
 * supervisor does not hold, no answer at all); an answer to a call that
 * went away is refused with -ENOENT, as by the kernel, and counted. */
#ifndef VENEER_FAKE_BACKEND_H
#define VENEER_FAKE_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "backend.h"

#define FAKE_PAGE 4096u

/* What became of one call. */
struct fake_record {
	uint64_t id;
	enum { FAKE_PENDING, FAKE_ANSWERED, FAKE_GONE } state;
	int reply;               /* VR_VALUE, VR_CONTINUE or VR_FD once answered */
	int64_t value;           /* VR_VALUE: result or -errno; VR_FD: the fd number */
	int fd;                  /* VR_FD: the number installed in the test process */
	bool cloexec;            /* VR_FD: as installed (FD_CLOEXEC read back) */
	int answers;             /* delivered answers: 0 or 1, else a defect */
	int late;                /* answers attempted after it was answered or gone */
	bool bad;                /* an answer the kernel would not take (see .c) */
};

/* Map the arena (data_pages of data) once, at hint if not 0 (so that
 * pointers stored in fuzz inputs stay valid from run to run). 0 or -errno. */
int fake_init(uintptr_t hint, size_t data_pages);
/* The backend, for struct vcall. */
struct backend *fake_backend(void);

/* The arena: its data (the caller's memory, writable here directly), as
 * an address the handlers use, and the pages around it. */
uint8_t *fake_mem(void);
size_t fake_mem_size(void);
uint64_t fake_addr(const void *p);        /* a pointer into fake_mem() as the caller's address */
uint64_t fake_ro_page(void);              /* readable, not writable */
uint64_t fake_guard_below(void);          /* neither */
uint64_t fake_guard_above(void);
/* The first byte of the arena's mapping (the guard below): fuzz inputs
 * give addresses as offsets from here. */
uint64_t fake_map_start(void);
/* Bytes for the read-only page (what the caller would have mapped there). */
void fake_fill_ro(const void *src, size_t len);

/* A trapped call (nr, args) from the pretend task, pending. */
void fake_vcall(struct vcall *c, int nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		uint64_t a4, uint64_t a5);
/* Run c as the supervisor does (dispatch, then answer unless parked) and
 * return what it got. */
const struct fake_record *fake_serve(struct vcall *c);
/* The record of call id (NULL if unknown or recycled). */
const struct fake_record *fake_record_of(uint64_t id);
/* The caller of c went away (interrupted or dead): valid() says false
 * from now on and an answer is refused with -ENOENT, as by the kernel. */
void fake_gone(const struct vcall *c);
/* Every pending call goes away (between fuzz runs). */
void fake_all_gone(void);
/* Answers that broke the contract since fake_init: a second answer, or
 * one the kernel would not take. */
unsigned fake_violations(void);

/* Close every fd the fake installed that is still the same file (the
 * test may have closed and reused the number), zero the arena, and end
 * pending calls. */
void fake_reset(void);
/* Forget fd: the test closed it or keeps it. */
void fake_forget_fd(int fd);

/* The supervisor's state for the handlers, as run.c's setup_supervisor
 * makes it but without namespaces: sandbox_procfs() is the procfs at /proc (where
 * the test process is a task), the stage, the event loop, the default
 * model. 0, or -errno of what failed (-EPERM: not root). */
int fake_supervisor_init(void);
/* The sandbox fake_serve runs calls against: the test sets its caps and
 * reloads its model. */
struct sandbox *fake_sandbox(void);
/* Let the event loop run what is ready (peer hang-ups free the state of
 * closed stand-ins, async opens complete). */
void fake_settle(void);

#endif
