#include <dirent.h>
#include <errno.h>
#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>
#include "run/clean.h"
#include "sys/names.h"

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

/* One marker "sysv-KIND.KEY" (sys/names.h): remove the object with that key, if it exists. */
static int remove_sysv(const char *marker, int dry_run)
{
	char kind[8];
	unsigned key;
	int id;

	if (sscanf(marker, "sysv-%7[a-z].%x", kind, &key) != 2)
		return -EINVAL;
	if (strcmp(kind, "msg") == 0)
		id = msgget((key_t)key, 0);
	else if (strcmp(kind, "sem") == 0)
		id = semget((key_t)key, 0, 0);
	else if (strcmp(kind, "shm") == 0)
		id = shmget((key_t)key, 0, 0);
	else
		return -EINVAL;
	if (id < 0 || dry_run)
		return id < 0 ? -errno : 0;
	if (kind[1] == 's')
		return msgctl(id, IPC_RMID, NULL) < 0 ? -errno : 0;
	if (kind[1] == 'e')
		return semctl(id, 0, IPC_RMID) < 0 ? -errno : 0;
	return shmctl(id, IPC_RMID, NULL) < 0 ? -errno : 0;
}

/* A dead run's temp dir: its ledger's objects, its files, the dir itself. */
static int clean_tmpdir(const char *dir, FILE *out, int dry_run)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "sysv-", 5) != 0)
			continue;
		int r = remove_sysv(e->d_name, dry_run);
		if (out)
			fprintf(out, "%s System V %s (ledger %s/%s)%s\n",
				dry_run ? "would remove" : "removed", e->d_name + 5, dir, e->d_name,
				r < 0 && r != -EINVAL ? " (already gone)" : "");
		n++;
	}
	closedir(d);
	if (!dry_run)
		ipc_tmpdir_remove(dir);
	if (out)
		fprintf(out, "%s %s\n", dry_run ? "would remove" : "removed", dir);
	return n + 1;
}

static int scan(const char *dir, int kind, FILE *out, int dry_run)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4200];
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		int pid = owner_pid(e->d_name);

		if (pid < 0 || !is_dead(pid))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (kind == 't') {
			n += clean_tmpdir(path, out, dry_run);
			continue;
		}
		snprintf(path, sizeof(path), "/%s", e->d_name);
		if (!dry_run)
			kind == 's' ? shm_unlink(path) : mq_unlink(path);
		if (out)
			fprintf(out, "%s %s%s\n", dry_run ? "would remove" : "removed",
				kind == 's' ? "/dev/shm" : "/dev/mqueue", path);
		n++;
	}
	closedir(d);
	return n;
}

int clean_leftovers(FILE *out, int dry_run)
{
	const char *tmp = getenv("TMPDIR");
	int n = 0;

	if (tmp && tmp[0] == '/' && strcmp(tmp, "/tmp") != 0)
		n += scan(tmp, 't', out, dry_run);
	n += scan("/tmp", 't', out, dry_run);
	n += scan("/dev/shm", 's', out, dry_run);
	n += scan("/dev/mqueue", 'q', out, dry_run);
	return n;
}
