/* Descriptors of a fan-in channel (bench/lib/fdfan.h). */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>
#include "bench/lib/fdfan.h"

int fdfan_add(struct fdfan *f, int fd, int owner)
{
	if (f->nfd == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 16;
		int *a = realloc(f->fd, cap * sizeof(*a)), *b = a ? realloc(f->owner, cap * sizeof(*b)) : NULL;

		if (a)
			f->fd = a;
		if (!b) {
			close(fd);
			return -ENOMEM;
		}
		f->owner = b;
		f->cap = cap;
	}
	f->fd[f->nfd] = fd;
	f->owner[f->nfd] = owner;
	return (int)f->nfd++;
}

static int mine(int owner, int who)
{
	return owner == who || (owner == FAN_CLIENTS && who >= 0);
}

void fdfan_keep(struct fdfan *f, int who)
{
	for (size_t i = 0; i < f->nfd; i++)
		if (f->fd[i] >= 0 && !mine(f->owner[i], who)) {
			close(f->fd[i]);
			f->fd[i] = -1;
		}
}

void fdfan_free(struct fdfan *f)
{
	for (size_t i = 0; i < f->nfd; i++)
		if (f->fd[i] >= 0)
			close(f->fd[i]);
	free(f->fd);
	free(f->owner);
	*f = (struct fdfan){ 0 };
}

/* Descriptors open in this process now. */
static size_t open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	size_t n = 0;

	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n;
}

int fdfan_room(size_t more)
{
	struct rlimit rl;
	size_t want = open_fds() + more + 16;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return -errno;
	if (rl.rlim_cur >= want)
		return 0;
	if (rl.rlim_max < want)
		return -EMFILE;
	rl.rlim_cur = want;
	return setrlimit(RLIMIT_NOFILE, &rl) < 0 ? -errno : 0;
}

ssize_t fdfan_write(int fd, const void *buf, size_t len)
{
	for (size_t done = 0; done < len;) {
		ssize_t r = write(fd, (const char *)buf + done, len - done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r < 0 ? -errno : -EPIPE;
		done += (size_t)r;
	}
	return (ssize_t)len;
}

ssize_t fdfan_read(int fd, void *buf, size_t len)
{
	for (size_t done = 0; done < len;) {
		ssize_t r = read(fd, (char *)buf + done, len - done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			return 0;
		done += (size_t)r;
	}
	return (ssize_t)len;
}
