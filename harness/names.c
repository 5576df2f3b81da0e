#include <dirent.h>
#include <fcntl.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>
#include "names.h"

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
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4200];
	int left = 0;

	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (unlink(path) == 0)
			left++;
	}
	closedir(d);
	return rmdir(dir) < 0 ? -errno : left;
}

static int ledger_path(char *buf, size_t len, const char *tmpdir, const char *kind, int id)
{
	int n = snprintf(buf, len, "%s/sysv-%s.%d", tmpdir, kind, id);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int ipc_ledger_add(const char *tmpdir, const char *kind, int id)
{
	char path[4200];
	int fd, r = ledger_path(path, sizeof(path), tmpdir, kind, id);

	if (r < 0)
		return r;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

void ipc_ledger_remove(const char *tmpdir, const char *kind, int id)
{
	char path[4200];

	if (ledger_path(path, sizeof(path), tmpdir, kind, id) == 0)
		unlink(path);
}
