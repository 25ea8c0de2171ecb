/* Files of the model's /proc handed to the program: an anonymous file
 * (O_TMPFILE) in the stage's tmpfs holding the rendered bytes, reopened
 * read-only. read, pread, fstat, mmap and close then run natively;
 * lseek(fd, 0, SEEK_SET) is trapped and re-renders into the same file, so
 * a rewind sees fresh content, as with procfs's seq_file.
 *
 * What a served file stands for is found from its inode: only the
 * supervisor can make files on the stage's device, so a program cannot
 * forge one (a memfd's name, which it chooses, decides nothing). */
#ifndef VENEER_SERVED_H
#define VENEER_SERVED_H

#include <stdbool.h>
#include <sys/types.h>

#include "backend.h"
#include "buf.h"
#include "resolve.h"

/* 0, or the errno a read of the file fails with (the bytes are then none) */
int served_render(struct vcall *c, const struct vnode *n, struct buf *out);
/* A new read-only fd holding node n's bytes, or -errno. */
int served_open(struct vcall *c, const struct vnode *n, int flags);
/* A new fd holding data, standing for node n, with n's file mode, opened
 * with flags' access mode (O_RDONLY or O_RDWR), O_NONBLOCK and O_NOATIME;
 * or -errno. */
int served_bytes(const struct vnode *n, const char *data, size_t len, int flags, mode_t mode);
/* The node a served file's inode (on the stage's device) stands for. */
bool served_node(ino_t ino, struct vnode *out);
/* If the caller's fd is a served file, render it again into that file. */
void served_rewind(struct vcall *c, int fd);

#endif
