/* The supervisor's state: one per veneer process. */
#ifndef VENEER_SUPERVISOR_H
#define VENEER_SUPERVISOR_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "model.h"

struct vlog;

struct supervisor {
	struct vn_model model;
	int procfd;          /* the host's /proc, opened before the cover hid it */
	int stagefd;         /* detached tmpfs: directories handed out for virtual dirs */
	dev_t stage_dev;
	dev_t cover_dev;     /* the empty tmpfs over /proc in the sandbox's mount ns */
	ino_t cover_ino;
	pid_t self;
	pid_t child;         /* the program veneer runs */
	uint64_t caps;       /* capabilities the model grants (bit n = CAP n) */
	struct vlog *log;
};

extern struct supervisor sv;

static inline bool sv_has_cap(int cap) { return (sv.caps >> cap) & 1; }

#endif
