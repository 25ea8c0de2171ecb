/* See ready_files.h. */
#include "ready_files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sandbox_procfs.h"
#include "stage.h"

#define READY 4      /* a loop of opens takes one per round trip */
#define RETIRED 16   /* closes pending; past that, closed at once */

static struct ready_file pool[READY];
static unsigned nready;
static bool drawn;   /* the pool was used: keep it full */
static int retired[RETIRED];
static unsigned nretired;

static int make(struct ready_file *r)
{
	int wfd = stage_tmpfile(0444);
	if (wfd < 0)
		return wfd;
	struct stat st;
	char self[64];
	snprintf(self, sizeof(self), "self/fd/%d", wfd);
	/* reopened through our own /proc/self: the program cannot touch our
	 * fd table, so nothing is looked up by a name it controls */
	int rfd = fstat(wfd, &st) < 0 ? -1 : openat(sandbox_procfs(), self, O_RDONLY | O_CLOEXEC);
	if (rfd < 0) {
		int e = errno;
		close(wfd);
		return -e;
	}
	*r = (struct ready_file){ .wfd = wfd, .rfd = rfd, .ino = st.st_ino };
	return 0;
}

int ready_take(struct ready_file *out)
{
	drawn = true;
	if (nready) {
		*out = pool[--nready];
		return 0;
	}
	return make(out);
}

void ready_retire(int fd)
{
	if (nretired == RETIRED)
		close(fd);
	else
		retired[nretired++] = fd;
}

void ready_fill(void)
{
	while (nretired)
		close(retired[--nretired]);
	while (drawn && nready < READY && make(&pool[nready]) == 0)
		nready++;
}
