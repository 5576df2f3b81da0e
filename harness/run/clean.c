/* `ipcbench clean` may run as root in directories where anyone can create entries (/tmp,
 * /dev/shm), so it trusts no name: it never follows a symbolic link (every step is an
 * openat or fstatat relative to a directory it opened itself, with O_NOFOLLOW), it acts
 * only on entries of the caller (root: of anyone, but then a System V object must have
 * been created by the owner of the ledger that names it), and only for pids that are dead. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "run/clean.h"
#include "sys/files.h"
#include "sys/names.h"

struct clean {
	FILE *out;
	int dry_run;
	int removed;
};

/* One ledger: the temp dir a run made, its owner, and the run's pid. */
struct ledger {
	const char *path;
	uid_t owner;
	int pid;
};

/* One System V object found by a marker's key: what the kernel says made it. */
struct sysv_obj {
	char kind[8];
	int id;
	uid_t cuid;
	time_t ctime;
	int cpid; /* shm only; -1: the kernel keeps none (queues, semaphores) */
};

/* The pid in "ipcbench.<pid>.<rest>", or -1 when the name is not ours. */
static int owner_pid(const char *name)
{
	size_t n = strlen(IPC_NAME_PREFIX);
	char *end;
	long pid;

	if (strncmp(name, IPC_NAME_PREFIX, n) != 0)
		return -1;
	pid = strtol(name + n, &end, 10);
	return *end == '.' && pid > 0 && pid < 1 << 30 ? (int)pid : -1;
}

static int is_dead(int pid)
{
	return kill(pid, 0) < 0 && errno == ESRCH;
}

static int may_touch(uid_t owner)
{
	return geteuid() == 0 || owner == geteuid();
}

static void say(const struct clean *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(const struct clean *c, const char *fmt, ...)
{
	va_list ap;

	if (!c->out)
		return;
	va_start(ap, fmt);
	vfprintf(c->out, fmt, ap);
	va_end(ap);
	fputc('\n', c->out);
}

static int sysv_find(const char *marker, struct sysv_obj *o)
{
	unsigned key;

	if (sscanf(marker, "sysv-%7[a-z].%x", o->kind, &key) != 2)
		return -EINVAL;
	o->cpid = -1;
	if (strcmp(o->kind, "msg") == 0) {
		struct msqid_ds ds;
		if ((o->id = msgget((key_t)key, 0)) < 0 || msgctl(o->id, IPC_STAT, &ds) < 0)
			return -errno;
		o->cuid = ds.msg_perm.cuid;
		o->ctime = ds.msg_ctime;
	} else if (strcmp(o->kind, "sem") == 0) {
		struct semid_ds ds;
		if ((o->id = semget((key_t)key, 0, 0)) < 0 || semctl(o->id, 0, IPC_STAT, &ds) < 0)
			return -errno;
		o->cuid = ds.sem_perm.cuid;
		o->ctime = ds.sem_ctime;
	} else if (strcmp(o->kind, "shm") == 0) {
		struct shmid_ds ds;
		if ((o->id = shmget((key_t)key, 0, 0)) < 0 || shmctl(o->id, IPC_STAT, &ds) < 0)
			return -errno;
		o->cuid = ds.shm_perm.cuid;
		o->ctime = ds.shm_ctime;
		o->cpid = ds.shm_cpid;
	} else {
		return -EINVAL;
	}
	return 0;
}

/* Why the object is not the ledger's, or NULL when it is: made by the ledger's owner, by
 * the run's pid where the kernel keeps it, and after the marker (made just before it). */
static const char *not_ours(const struct sysv_obj *o, const struct ledger *l,
			    const struct stat *marker)
{
	if (o->cuid != l->owner)
		return "created by another user than the ledger's owner (left alone)";
	if (o->cpid >= 0 && o->cpid != l->pid)
		return "created by another process than the ledger's run (left alone)";
	if (o->ctime + 1 < marker->st_mtime)
		return "older than its ledger entry (left alone)";
	return NULL;
}

static int sysv_remove(const struct sysv_obj *o)
{
	int r;

	if (o->kind[1] == 's')
		r = msgctl(o->id, IPC_RMID, NULL);
	else if (o->kind[1] == 'e')
		r = semctl(o->id, 0, IPC_RMID);
	else
		r = shmctl(o->id, IPC_RMID, NULL);
	return r < 0 ? -errno : 0;
}

static const char *verb(const struct clean *c, const char *why)
{
	return why ? "left" : c->dry_run ? "would remove" : "removed";
}

/* One marker "sysv-KIND.KEY" (sys/names.h) of ledger l, open as dirfd. */
static void clean_marker(struct clean *c, int dirfd, const char *marker, const struct ledger *l)
{
	struct sysv_obj o;
	struct stat st;
	const char *why = NULL;
	int r;

	if (fstatat(dirfd, marker, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_uid != l->owner)
		why = "the entry is not a plain file of the ledger's owner";
	else if ((r = sysv_find(marker, &o)) < 0)
		why = r == -EINVAL ? "not a ledger entry" : "already gone";
	else if ((why = not_ours(&o, l, &st)) == NULL && !c->dry_run && (r = sysv_remove(&o)) < 0)
		why = strerror(-r);
	c->removed += !why;
	say(c, "%s System V %s (ledger %s/%s)%s%s", verb(c, why), marker + 5, l->path, marker,
	    why ? ": " : "", why ? why : "");
}

/* A dead run's temp dir entry `name` of parentfd: its ledger's objects, its files, the
 * dir itself; only a real directory of an owner the caller may act for. */
static void clean_tmpdir(struct clean *c, int parentfd, const char *base, const char *name,
			 int pid)
{
	char path[4200];
	struct stat st, got;
	struct dirent *e;
	DIR *d;
	int fd, r = 0;

	snprintf(path, sizeof(path), "%s/%s", base, name);
	if (fstatat(parentfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode)) {
		say(c, "left %s: not a directory (a link is never followed)", path);
		return;
	}
	if (!may_touch(st.st_uid))
		return; /* another user's: theirs to clean */
	fd = openat(parentfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &got) < 0 || got.st_ino != st.st_ino || !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return;
	}
	struct ledger l = { path, st.st_uid, pid };
	while ((e = readdir(d)))
		if (strncmp(e->d_name, "sysv-", 5) == 0)
			clean_marker(c, fd, e->d_name, &l);
	closedir(d);
	if (!c->dry_run)
		r = dir_remove_files(parentfd, name, st.st_uid);
	c->removed += r >= 0;
	say(c, "%s %s%s%s", verb(c, r < 0 ? "" : NULL), path, r < 0 ? ": " : "",
	    r < 0 ? strerror(-r) : "");
}

/* A POSIX shm or mq name of a dead run: a plain file of an owner the caller may act for. */
static void clean_name(struct clean *c, int dirfd, const char *dir, const char *name, int kind)
{
	char path[300];
	struct stat st;
	int r = 0;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode) ||
	    !may_touch(st.st_uid))
		return;
	snprintf(path, sizeof(path), "/%s", name);
	if (!c->dry_run && (kind == 's' ? shm_unlink(path) : mq_unlink(path)) < 0)
		r = -errno;
	c->removed += r == 0;
	say(c, "%s %s%s%s%s", verb(c, r < 0 ? "" : NULL), dir, path, r < 0 ? ": " : "",
	    r < 0 ? strerror(-r) : "");
}

static void scan(struct clean *c, const char *dir, int kind)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *e;
	DIR *d;

	if (fd < 0)
		return;
	if (!(d = fdopendir(fd))) {
		close(fd);
		return;
	}
	while ((e = readdir(d))) {
		int pid = owner_pid(e->d_name);

		if (pid < 0 || !is_dead(pid))
			continue;
		if (kind == 't')
			clean_tmpdir(c, fd, dir, e->d_name, pid);
		else
			clean_name(c, fd, dir, e->d_name, kind);
	}
	closedir(d);
}

int clean_leftovers(FILE *out, int dry_run)
{
	struct clean c = { out, dry_run, 0 };
	const char *tmp = getenv("TMPDIR");

	if (tmp && tmp[0] == '/' && strcmp(tmp, "/tmp") != 0)
		scan(&c, tmp, 't');
	scan(&c, "/tmp", 't');
	scan(&c, "/dev/shm", 's');
	scan(&c, "/dev/mqueue", 'q');
	return c.removed;
}
