/* See copyin.h. */
#include "copyin.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>

int copyin_iovec(struct vcall *c, uint64_t addr, uint64_t count, struct iovec **out, size_t *total)
{
	*out = NULL;
	*total = 0;
	if (count > UIO_MAXIOV)
		return -EINVAL;
	struct iovec *iov = calloc(count ? count : 1, sizeof(*iov));
	if (!iov)
		return -ENOMEM;
	if (count && vcall_read(c, iov, addr, count * sizeof(*iov)) < 0) {
		free(iov);
		return -EFAULT;
	}
	size_t sum = 0;
	for (uint64_t i = 0; i < count; i++) {
		if ((ssize_t)iov[i].iov_len < 0) {
			free(iov);
			return -EINVAL;
		}
		if (iov[i].iov_len > VN_MAX_RW_COUNT - sum)
			iov[i].iov_len = VN_MAX_RW_COUNT - sum;
		sum += iov[i].iov_len;
	}
	*out = iov;
	*total = sum;
	return 0;
}

int copyin_msghdr(struct vcall *c, uint64_t addr, struct msghdr *m, struct iovec **iov, size_t *total)
{
	*iov = NULL;
	*total = 0;
	if (vcall_read(c, m, addr, sizeof(*m)) < 0)
		return -EFAULT;
	if (m->msg_iovlen > UIO_MAXIOV)
		return -EMSGSIZE;
	if ((int)m->msg_namelen < 0)
		return -EINVAL;
	if (m->msg_namelen > sizeof(struct sockaddr_storage))
		m->msg_namelen = sizeof(struct sockaddr_storage);
	if (m->msg_controllen > INT_MAX)
		return -ENOBUFS;
	return copyin_iovec(c, (uint64_t)(uintptr_t)m->msg_iov, m->msg_iovlen, iov, total);
}
