/* The naming service: a directory, one file per service, named after the service:
 *
 *     lrpc-registry 1
 *     pid 1234
 *     astack /ipcbench.1234.lrpc.0123456789abcdef
 *
 * A directory rather than a shared segment because the file system already gives what a
 * registry needs with nothing to run or lock: atomic creation that fails when the name is
 * taken (link(2) of a finished temp file), atomic removal, permissions (the default
 * directory is made 0700 and refused unless it is ours), and it survives no reboot. The
 * default is $TMPDIR/ipcbench.lrpc-<uid> (/tmp without TMPDIR); it is removed when its last
 * entry goes. An entry whose server is dead is stale: whoever finds it removes it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lrpc_int.h"

int registry_check_name(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0 || n > LRPC_NAME_MAX || name[0] == '.')
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", name[i]))
			return -EINVAL;
	return 0;
}

/* The default directory must be a real directory of ours that no one else can enter. */
static int check_private(const char *dir)
{
	struct stat st;

	if (lstat(dir, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 077))
		return -EPERM;
	return 0;
}

int registry_dir(const char *given, int create, char *buf, size_t n, int *own)
{
	const char *base = getenv("TMPDIR");
	int len;

	*own = !given;
	if (given) {
		len = snprintf(buf, n, "%s", given);
		return len < 0 || (size_t)len >= n ? -ENAMETOOLONG : 0;
	}
	if (!base || base[0] != '/')
		base = "/tmp";
	len = snprintf(buf, n, "%s/ipcbench.lrpc-%u", base, (unsigned)geteuid());
	if (len < 0 || (size_t)len >= n)
		return -ENAMETOOLONG;
	if (create && mkdir(buf, 0700) < 0 && errno != EEXIST)
		return -errno;
	return check_private(buf);
}

void registry_dir_release(const char *dir, int own)
{
	if (own)
		rmdir(dir); /* fails harmlessly while other services are registered */
}

static int entry_path(char *buf, size_t n, const char *dir, const char *name)
{
	int len = snprintf(buf, n, "%s/%s", dir, name);

	return len < 0 || (size_t)len >= n ? -ENAMETOOLONG : 0;
}

static int write_entry(int fd, const struct reg_entry *e)
{
	FILE *f = fdopen(fd, "w");
	int bad;

	if (!f) {
		close(fd);
		return -errno;
	}
	fprintf(f, "lrpc-registry 1\npid %d\n", e->pid);
	for (unsigned i = 0; i < e->n; i++)
		fprintf(f, "astack %s\n", e->shm[i]);
	bad = ferror(f);
	return fclose(f) != 0 || bad ? -EIO : 0;
}

/* Written to a temp file, then linked under the service's name: the entry appears whole
 * or not at all, and link fails with EEXIST where rename would replace a live entry. */
int registry_add(const char *dir, const char *name, const struct reg_entry *e)
{
	char tmp[4200], path[4200];
	int fd, r;

	if ((r = entry_path(path, sizeof(path), dir, name)) < 0)
		return r;
	snprintf(tmp, sizeof(tmp), "%s/.new.%d.%s", dir, (int)getpid(), name);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -errno;
	r = write_entry(fd, e);
	if (r == 0 && link(tmp, path) < 0)
		r = -errno;
	unlink(tmp);
	return r;
}

static int parse_line(const char *line, struct reg_entry *e)
{
	char name[96];

	if (sscanf(line, "pid %d", &e->pid) == 1)
		return 0;
	if (sscanf(line, "astack %95s", name) == 1) {
		if (e->n == LRPC_MAX_ASTACKS || name[0] != '/')
			return -EPROTO;
		memcpy(e->shm[e->n++], name, sizeof(name));
		return 0;
	}
	return strncmp(line, "lrpc-registry 1", 15) == 0 ? 0 : -EPROTO;
}

int registry_read(const char *dir, const char *name, struct reg_entry *e)
{
	char path[4200], line[256];
	FILE *f;
	int fd, r = entry_path(path, sizeof(path), dir, name);

	if (r < 0)
		return r;
	memset(e, 0, sizeof(*e));
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return -errno;
	}
	while (r == 0 && fgets(line, sizeof(line), f))
		r = parse_line(line, e);
	fclose(f);
	return r == 0 && e->pid <= 0 ? -EPROTO : r;
}

int registry_remove(const char *dir, const char *name, int pid, int purge)
{
	struct reg_entry e;
	char path[4200];
	int r = registry_read(dir, name, &e);

	if (r == -ENOENT)
		return r;
	if (r == 0 && pid && e.pid != pid)
		return -ESRCH; /* someone else's entry now */
	if ((r = entry_path(path, sizeof(path), dir, name)) < 0)
		return r;
	for (unsigned i = 0; purge && i < e.n; i++)
		shm_unlink(e.shm[i]); /* ENOENT for the A-stacks clients took */
	return unlink(path) < 0 ? -errno : 0;
}
