#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sys/files.h"

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t w = write(fd, data, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

/* A name no one can have planted: NAME.tmp-<64 random bits>, created with O_EXCL (which
 * also refuses a symbolic link of that name). */
static int open_temp(int dirfd, const char *name, char *tmp, size_t n)
{
	for (int tries = 0; tries < 16; tries++) {
		uint64_t rnd;
		int fd;

		if (getrandom(&rnd, sizeof(rnd), 0) != sizeof(rnd))
			return -errno;
		if ((size_t)snprintf(tmp, n, "%s.tmp-%016llx", name, (unsigned long long)rnd) >= n)
			return -ENAMETOOLONG;
		fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0 || errno != EEXIST)
			return fd < 0 ? -errno : fd;
	}
	return -EEXIST;
}

/* What is at name now may be replaced: nothing, or a regular file. */
static int replaceable(int dirfd, const char *name)
{
	struct stat st;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (S_ISLNK(st.st_mode))
		return -ELOOP;
	return S_ISREG(st.st_mode) ? 0 : -EISDIR;
}

int write_file_at(int dirfd, const char *name, const char *data, size_t len)
{
	char tmp[NAME_MAX + 1];
	int fd, r;

	if (strchr(name, '/') || !*name)
		return -EINVAL;
	if ((r = replaceable(dirfd, name)) < 0)
		return r;
	if ((fd = open_temp(dirfd, name, tmp, sizeof(tmp))) < 0)
		return fd;
	r = write_all(fd, data, len);
	if (r == 0 && fchmod(fd, 0644) < 0)
		r = -errno;
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0)
		r = replaceable(dirfd, name);
	if (r == 0 && renameat(dirfd, tmp, dirfd, name) < 0)
		r = -errno;
	if (r < 0)
		unlinkat(dirfd, tmp, 0);
	else if (fsync(dirfd) < 0 && errno != EINVAL)
		r = -errno;
	return r;
}

/* The directory part of path (opened) and its last component; -errno on failure. */
static int open_parent(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX];
	int fd;

	*base = slash ? slash + 1 : path;
	if (!slash) {
		fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		return fd < 0 ? -errno : fd;
	}
	if ((size_t)(slash - path) >= sizeof(dir))
		return -ENAMETOOLONG;
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = 0;
	fd = open(slash == path ? "/" : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int write_file_atomic(const char *path, const char *data, size_t len)
{
	const char *base;
	int dirfd = open_parent(path, &base), r;

	if (dirfd < 0)
		return dirfd;
	r = write_file_at(dirfd, base, data, len);
	close(dirfd);
	return r;
}

int mkdir_p(const char *path)
{
	char tmp[PATH_MAX];

	if (snprintf(tmp, sizeof(tmp), "%s", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return mkdir(tmp, 0755) < 0 && errno != EEXIST ? -errno : 0;
}

/* A directory whose entries only the caller (or root) can rename: one it owns, or root's
 * that others cannot write to, or a sticky one (/tmp). */
static int holds_safely(const struct stat *st)
{
	if (st->st_uid != geteuid() && st->st_uid != 0)
		return 0;
	return st->st_uid == geteuid() || !(st->st_mode & (S_IWGRP | S_IWOTH)) ||
	       (st->st_mode & S_ISVTX);
}

int dir_check_trusted(const char *path, uid_t *who)
{
	char parent[PATH_MAX + 4];
	struct stat st;

	if (lstat(path, &st) < 0)
		return -errno;
	*who = st.st_uid;
	if (S_ISLNK(st.st_mode))
		return -ELOOP;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	if (st.st_uid != geteuid())
		return -EPERM;
	if ((size_t)snprintf(parent, sizeof(parent), "%s/..", path) >= sizeof(parent))
		return -ENAMETOOLONG;
	if (stat(parent, &st) < 0)
		return -errno;
	*who = st.st_uid;
	return holds_safely(&st) ? 0 : -EPERM;
}

int dir_remove_files(int parentfd, const char *name, uid_t owner)
{
	int fd = openat(parentfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d;
	struct dirent *e;
	int removed = 0;

	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!(d = fdopendir(fd))) {
		close(fd);
		return -errno;
	}
	while ((e = readdir(d))) {
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || S_ISDIR(st.st_mode) ||
		    (owner != (uid_t)-1 && st.st_uid != owner))
			continue; /* never a subdirectory, never another user's file */
		removed += unlinkat(fd, e->d_name, 0) == 0;
	}
	closedir(d);
	return unlinkat(parentfd, name, AT_REMOVEDIR) < 0 ? -errno : removed;
}

/* The lock is the flock on the file: the kernel drops it when its holder dies, however it
 * dies, so a lock left by a dead run is simply taken over. The pid in it is for messages. */
int lock_take(const char *path, pid_t *holder)
{
	for (int tries = 0; tries < 8; tries++) {
		struct stat a, b;
		char pid[32];
		int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644), n;

		if (fd < 0)
			return -errno;
		if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
			int e = errno == EWOULDBLOCK ? -EBUSY : -errno;
			ssize_t len = pread(fd, pid, sizeof(pid) - 1, 0);

			pid[len > 0 ? len : 0] = 0;
			*holder = (pid_t)atoi(pid);
			close(fd);
			return e;
		}
		/* the file may have been released and unlinked between open and flock */
		if (fstat(fd, &a) < 0 || lstat(path, &b) < 0 || a.st_ino != b.st_ino ||
		    a.st_dev != b.st_dev) {
			close(fd);
			continue;
		}
		n = snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
		if (ftruncate(fd, 0) < 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
			int e = -errno;
			close(fd);
			return e ? e : -EIO;
		}
		return fd;
	}
	return -EAGAIN;
}

void lock_release(int fd, const char *path)
{
	if (fd < 0)
		return;
	unlink(path); /* before the lock goes: a newcomer then sees a new file */
	close(fd);
}
