#include <dirent.h>
#include <fcntl.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <mqueue.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/random.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>
#include "sys/files.h"
#include "sys/names.h"

int ipc_name(char *buf, size_t len, const char *tag)
{
	uint64_t rnd;
	int n;

	if (getrandom(&rnd, sizeof(rnd), 0) != sizeof(rnd))
		return -errno;
	n = snprintf(buf, len, "/" IPC_NAME_PREFIX "%d.%s.%016llx", (int)getpid(), tag,
		     (unsigned long long)rnd);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int ipc_tmpdir_create(char *buf, size_t len)
{
	const char *base = getenv("TMPDIR");
	int n;

	if (!base || base[0] != '/')
		base = "/tmp";
	n = snprintf(buf, len, "%s/" IPC_NAME_PREFIX "%d.XXXXXX", base, (int)getpid());
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return mkdtemp(buf) ? 0 : -errno; /* mkdtemp makes it 0700 */
}

int ipc_tmpdir_remove(const char *dir)
{
	const char *slash = strrchr(dir, '/');
	char parent[4200];
	int fd, r;

	if (!slash || (size_t)(slash - dir) >= sizeof(parent))
		return -EINVAL;
	snprintf(parent, sizeof(parent), "%.*s", (int)(slash - dir), dir);
	fd = open(parent[0] ? parent : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = dir_remove_files(fd, slash + 1, geteuid());
	close(fd);
	return r == -ENOENT ? 0 : r;
}

static int marker_path(char *buf, size_t len, const char *tmpdir, const char *kind, key_t key)
{
	int n = snprintf(buf, len, "%s/sysv-%s.%08x", tmpdir, kind, (unsigned)key);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

static int sysv_create(const char *kind, key_t key, size_t arg)
{
	int fl = IPC_CREAT | IPC_EXCL | 0600;

	if (strcmp(kind, "msg") == 0)
		return msgget(key, fl);
	if (strcmp(kind, "sem") == 0)
		return semget(key, (int)arg, fl);
	return shmget(key, arg, fl);
}

int ipc_sysv_get(const char *tmpdir, const char *kind, size_t arg, key_t *key)
{
	char path[4200];

	for (int tries = 0; tries < 64; tries++) {
		uint32_t rnd;
		int fd, id, r;

		if (getrandom(&rnd, sizeof(rnd), 0) != sizeof(rnd))
			return -errno;
		*key = (key_t)(rnd & 0x7fffffff);
		if (*key == IPC_PRIVATE)
			continue;
		if ((r = marker_path(path, sizeof(path), tmpdir, kind, *key)) < 0)
			return r;
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0)
			return -errno;
		close(fd);
		id = sysv_create(kind, *key, arg);
		if (id >= 0)
			return id;
		r = -errno;
		unlink(path);
		if (r != -EEXIST)
			return r;
	}
	return -EEXIST;
}

void ipc_sysv_forget(const char *tmpdir, const char *kind, key_t key)
{
	char path[4200];

	if (marker_path(path, sizeof(path), tmpdir, kind, key) == 0)
		unlink(path);
}

/* Names "ipcbench.<pid>.*" in dir (/dev/shm or /dev/mqueue) of the caller's. */
static int remove_names_in(const char *dir, int pid, int (*unlink_name)(const char *))
{
	char prefix[48], name[300];
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	if (!d)
		return 0;
	snprintf(prefix, sizeof(prefix), IPC_NAME_PREFIX "%d.", pid);
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, prefix, strlen(prefix)) != 0)
			continue;
		snprintf(name, sizeof(name), "/%s", e->d_name);
		n += unlink_name(name) == 0;
	}
	closedir(d);
	return n;
}

int ipc_names_remove_of(int pid)
{
	return remove_names_in("/dev/shm", pid, shm_unlink) +
	       remove_names_in("/dev/mqueue", pid, mq_unlink);
}
