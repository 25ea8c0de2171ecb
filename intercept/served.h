/* Files of the model's /proc handed to the program: a memfd named
 * "veneer:<path>" holding the rendered bytes, reopened read-only. read,
 * pread, fstat, mmap and close then run natively; lseek(fd, 0, SEEK_SET) is
 * trapped and re-renders into the same file, so a rewind sees fresh
 * content, as with procfs's seq_file. */
#ifndef VENEER_SERVED_H
#define VENEER_SERVED_H

#include "backend.h"
#include "resolve.h"
#include "buf.h"

/* 0, or the errno a read of the file fails with (the bytes are then none) */
int served_render(struct vcall *c, const struct vnode *n, struct buf *out);
/* A new read-only fd holding node n's bytes, or -errno. */
int served_open(struct vcall *c, const struct vnode *n, int flags);
/* A new read-only fd holding data, shown as /proc path vpath, or -errno. */
int served_bytes(const char *vpath, const char *data, size_t len, int flags);
/* If the caller's fd is a served file, render it again into that file. */
void served_rewind(struct vcall *c, int fd);

#endif
