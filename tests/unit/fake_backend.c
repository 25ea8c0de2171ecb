/* See fake_backend.h. */
#include "fake_backend.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dispatch.h"
#include "loop.h"
#include "proc_mounts.h"
#include "sandbox_ctx.h"
#include "sandbox_procfs.h"
#include "scenario.h"
#include "stage.h"
#include "vlog.h"

/* The kernel's MAX_ERRNO: a syscall's result in [-4095, -1] is an errno. */
#define MAX_ERRNO 4095

static struct sandbox sandbox;  /* what the calls run against, as run.c's */
static uint8_t *map;            /* the whole mapping, guards included */
static size_t data_size;

#define NRECORDS 1024u          /* calls remembered; a fuzz run makes a few */
static struct fake_record records[NRECORDS];
static uint64_t next_id = 1;
static unsigned violations;

/* fds installed in the test process, with what they were, so that
 * fake_reset closes only those still holding that file */
struct installed {
	int fd;
	dev_t dev;
	ino_t ino;
};
static struct installed *inst;
static size_t ninst, capinst;

static uint64_t data_start(void) { return (uint64_t)(uintptr_t)map + FAKE_PAGE; }
static uint64_t ro_start(void) { return data_start() + data_size; }

uint8_t *fake_mem(void) { return map + FAKE_PAGE; }
size_t fake_mem_size(void) { return data_size; }
uint64_t fake_addr(const void *p) { return (uint64_t)(uintptr_t)p; }
uint64_t fake_ro_page(void) { return ro_start(); }
uint64_t fake_guard_below(void) { return (uint64_t)(uintptr_t)map; }
uint64_t fake_guard_above(void) { return ro_start() + FAKE_PAGE; }
uint64_t fake_map_start(void) { return (uint64_t)(uintptr_t)map; }

void fake_fill_ro(const void *src, size_t len)
{
	/* the page is read-only to the caller's writes (write_mem), not to
	 * ours: it is mapped read-write */
	memset(map + FAKE_PAGE + data_size, 0, FAKE_PAGE);
	memcpy(map + FAKE_PAGE + data_size, src, len < FAKE_PAGE ? len : FAKE_PAGE);
}

int fake_init(uintptr_t hint, size_t data_pages)
{
	if (map)
		return 0;
	data_size = data_pages * FAKE_PAGE;
	size_t total = data_size + 3 * FAKE_PAGE;
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | (hint ? MAP_FIXED_NOREPLACE : 0);
	void *p = mmap((void *)hint, total, PROT_READ | PROT_WRITE, flags, -1, 0);
	if (p == MAP_FAILED && hint)   /* taken: anywhere, stored pointers then miss */
		p = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	map = p;
	/* the guards are unmapped for real too: the fake itself must not
	 * stray into them */
	if (mprotect(map, FAKE_PAGE, PROT_NONE) < 0 ||
	    mprotect(map + FAKE_PAGE + data_size + FAKE_PAGE, FAKE_PAGE, PROT_NONE) < 0)
		return -errno;
	return 0;
}

/* How many bytes from addr on the caller can reach, at most len: the
 * kernel pins page after page and stops at the first it cannot get. */
static size_t reachable(uint64_t addr, size_t len, bool write)
{
	uint64_t lo = data_start(), hi = ro_start() + (write ? 0 : FAKE_PAGE);
	if (addr < lo || addr >= hi)
		return 0;
	return hi - addr < len ? (size_t)(hi - addr) : len;
}

static ssize_t fake_read_mem(struct vcall *c, void *dst, uint64_t addr, size_t len)
{
	(void)c;
	if (len == 0)
		return 0;
	size_t n = reachable(addr, len, false);
	if (!n)
		return -EFAULT;
	memcpy(dst, (const void *)(uintptr_t)addr, n);
	return (ssize_t)n;
}

static ssize_t fake_write_mem(struct vcall *c, uint64_t addr, const void *src, size_t len)
{
	(void)c;
	if (len == 0)
		return 0;
	size_t n = reachable(addr, len, true);
	if (!n)
		return -EFAULT;
	memcpy((void *)(uintptr_t)addr, src, n);
	return (ssize_t)n;
}

static struct fake_record *record_of(uint64_t id)
{
	struct fake_record *r = &records[id % NRECORDS];
	return r->id == id ? r : NULL;
}

const struct fake_record *fake_record_of(uint64_t id) { return record_of(id); }

static bool fake_valid(struct vcall *c)
{
	const struct fake_record *r = record_of(c->id);
	return r && r->state == FAKE_PENDING;
}

static void remember_fd(int fd)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return;
	if (ninst == capinst) {
		capinst = capinst ? capinst * 2 : 64;
		struct installed *p = realloc(inst, capinst * sizeof(*inst));
		if (!p)
			abort();
		inst = p;
	}
	inst[ninst++] = (struct installed){ fd, st.st_dev, st.st_ino };
}

void fake_forget_fd(int fd)
{
	for (size_t i = 0; i < ninst; i++)
		if (inst[i].fd == fd) {
			inst[i] = inst[--ninst];
			return;
		}
}

/* SECCOMP_IOCTL_NOTIF_ADDFD with SECCOMP_ADDFD_FLAG_SEND: the kernel takes
 * the lowest free number below the caller's RLIMIT_NOFILE (receive_fd:
 * EMFILE when there is none), or with SETFD replaces newfd as dup2 does
 * (replace_fd: EBADF at or past the limit). F_DUPFD from 0 and dup3 are
 * the same operations on our own table. On failure the call stays
 * pending; either way the supervisor's copy is closed by the backend. */
static int install(struct vcall *c)
{
	int nfd;
	if (c->newfd >= 0 && c->newfd == c->fd) {
		/* one table here, two in reality: the number is already it */
		nfd = fcntl(c->fd, F_SETFD, c->cloexec ? FD_CLOEXEC : 0) < 0 ? -1 : c->fd;
		return nfd < 0 ? -errno : nfd;
	}
	if (c->newfd >= 0)
		nfd = dup3(c->fd, c->newfd, c->cloexec ? O_CLOEXEC : 0);
	else
		nfd = fcntl(c->fd, c->cloexec ? F_DUPFD_CLOEXEC : F_DUPFD, 0);
	int err = errno;
	close(c->fd);
	return nfd < 0 ? -err : nfd;
}

static int fake_respond(struct vcall *c)
{
	struct fake_record *r = record_of(c->id);
	if (!r || r->state != FAKE_PENDING) {
		/* the kernel: ENOENT, nothing delivered. Trying a call that
		 * went away is normal (a parked read after a signal); a
		 * second answer to one that was answered is a defect. */
		if (r) {
			r->late++;
			if (r->state == FAKE_ANSWERED)
				violations++;
		}
		if (c->reply == VR_FD)
			close(c->fd);
		return -ENOENT;
	}
	switch (c->reply) {
	case VR_FD: {
		if (fcntl(c->fd, F_GETFD) < 0) {
			/* an fd the supervisor does not hold: ADDFD's EBADF,
			 * and a handler that lost track of its fd */
			r->bad = true;
			violations++;
			return -EBADF;
		}
		int nfd = install(c);
		if (nfd < 0)
			return nfd;
		c->value = nfd;
		r->fd = nfd;
		int fl = fcntl(nfd, F_GETFD);
		r->cloexec = fl >= 0 && (fl & FD_CLOEXEC);
		remember_fd(nfd);
		break;
	}
	case VR_VALUE:
		/* a negative result is an errno, and the kernel has no
		 * errno 0 or past MAX_ERRNO: a handler that answers one has
		 * computed it wrong */
		if (c->value < -MAX_ERRNO) {
			r->bad = true;
			violations++;
		}
		break;
	case VR_CONTINUE:
		break;
	default:
		/* VR_NONE or VR_PARKED reaching the kernel: no answer at all */
		r->bad = true;
		violations++;
		return -EINVAL;
	}
	r->state = FAKE_ANSWERED;
	r->reply = c->reply;
	r->value = c->value;
	r->answers++;
	return 0;
}

static const struct backend_ops fake_ops = {
	.name = "fake",
	.read_mem = fake_read_mem,
	.write_mem = fake_write_mem,
	.valid = fake_valid,
	.respond = fake_respond,
};

static struct backend fake_be = { &fake_ops, NULL };

struct backend *fake_backend(void) { return &fake_be; }
struct sandbox *fake_sandbox(void) { return &sandbox; }

void fake_vcall(struct vcall *c, int nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		uint64_t a4, uint64_t a5)
{
	memset(c, 0, sizeof(*c));
	/* the calling thread now: check runs each test in a child */
	c->tid = gettid();
	c->nr = nr;
	c->args[0] = a0;
	c->args[1] = a1;
	c->args[2] = a2;
	c->args[3] = a3;
	c->args[4] = a4;
	c->args[5] = a5;
	c->id = next_id++;
	c->be = &fake_be;
	c->reply = VR_NONE;
	c->fd = c->newfd = -1;
	struct fake_record *r = &records[c->id % NRECORDS];
	/* a call still pending from NRECORDS calls ago is gone by now */
	*r = (struct fake_record){ .id = c->id, .state = FAKE_PENDING, .fd = -1 };
}

/* as run.c's serve() */
const struct fake_record *fake_serve(struct vcall *c)
{
	c->sandbox = &sandbox;
	dispatch(c);
	if (c->reply != VR_PARKED)
		vcall_respond(c);
	vlog_call(c);
	return record_of(c->id);
}

void fake_gone(const struct vcall *c)
{
	struct fake_record *r = record_of(c->id);
	if (r && r->state == FAKE_PENDING)
		r->state = FAKE_GONE;
}

void fake_all_gone(void)
{
	for (size_t i = 0; i < NRECORDS; i++)
		if (records[i].state == FAKE_PENDING)
			records[i].state = FAKE_GONE;
}

unsigned fake_violations(void) { return violations; }

void fake_reset(void)
{
	for (size_t i = 0; i < ninst; i++) {
		struct stat st;
		if (fstat(inst[i].fd, &st) == 0 && st.st_dev == inst[i].dev && st.st_ino == inst[i].ino)
			close(inst[i].fd);
	}
	ninst = 0;
	memset(map + FAKE_PAGE, 0, data_size + FAKE_PAGE);
	fake_all_gone();
}

int fake_supervisor_init(void)
{
	int rc = fake_init(0, 16);
	if (rc < 0)
		return rc;
	/* the procfs the test process is a task of, standing for the
	 * sandbox's (run.c: sandbox_procfs), and the only procfs mount */
	int procfd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	struct stat st;
	if (procfd < 0 || fstat(procfd, &st) < 0)
		return -errno;
	sandbox_procfs_set(procfd);
	if ((rc = proc_mounts_add_host(st.st_dev, "/proc")) < 0)
		return rc;
	proc_covers_set(-1, getpid());
	sandbox.caps = 0;
	if ((rc = stage_init()) < 0 || (rc = loop_init()) < 0)
		return rc;
	vn_model_init(&sandbox.model);
	vn_model_load_default(&sandbox.model);
	return 0;
}

void fake_settle(void)
{
	/* each round runs up to 16 ready callbacks; a handful covers what a
	 * test or a fuzz run leaves */
	for (int i = 0; i < 4; i++)
		loop_run_once(0);
}
