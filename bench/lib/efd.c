#include <errno.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include "bench/lib/efd.h"

int efd_pair_open(int fd[2])
{
	fd[0] = fd[1] = -1;
	for (int i = 0; i < 2; i++) {
		fd[i] = eventfd(0, EFD_CLOEXEC);
		if (fd[i] < 0) {
			int r = -errno;
			efd_pair_close(fd);
			return r;
		}
	}
	return 0;
}

void efd_pair_close(int fd[2])
{
	for (int i = 0; i < 2; i++) {
		if (fd[i] >= 0)
			close(fd[i]);
		fd[i] = -1;
	}
}

int efd_post(int fd, uint64_t v)
{
	ssize_t r;

	do
		r = write(fd, &v, sizeof(v));
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	return r == sizeof(v) ? 0 : -EIO;
}

int efd_wait(int fd, uint64_t *v)
{
	ssize_t r;

	do
		r = read(fd, v, sizeof(*v));
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	return r == sizeof(*v) ? 0 : -EIO;
}
