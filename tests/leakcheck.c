#include <dirent.h>
#include <libgen.h>
#include <errno.h>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "text/csv.h"
#include <stdarg.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "leakcheck.h"

static void sysv_ids(struct sbuf *b, const char *kind)
{
	char path[64], line[512];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sysvipc/%s", kind);
	f = fopen(path, "r");
	if (!f)
		return;
	if (fgets(line, sizeof(line), f)) /* header */
		while (fgets(line, sizeof(line), f)) {
			long key, id;
			if (sscanf(line, "%ld %ld", &key, &id) == 2)
				sbuf_printf(b, "sysv-%s id %ld\n", kind, id);
		}
	fclose(f);
}

static void dir_entries(struct sbuf *b, const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)))
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			sbuf_printf(b, "%s/%s\n", dir, e->d_name);
	closedir(d);
}

void leak_snapshot_take(struct leak_snapshot *s)
{
	struct sbuf b = { 0 };
	const char *tmp = getenv("TMPDIR");

	sysv_ids(&b, "shm");
	sysv_ids(&b, "msg");
	sysv_ids(&b, "sem");
	dir_entries(&b, "/dev/shm", "ipcbench.");
	dir_entries(&b, "/dev/mqueue", "ipcbench.");
	dir_entries(&b, tmp && tmp[0] == '/' ? tmp : "/tmp", "ipcbench.");
	s->names = b.p ? b.p : strdup("");
}

char *leak_new_since(const struct leak_snapshot *before)
{
	struct leak_snapshot now;
	struct sbuf out = { 0 };
	char *save = NULL;

	leak_snapshot_take(&now);
	for (char *l = strtok_r(now.names, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *hit = strstr(before->names, l);
		size_t n = strlen(l);
		if (!hit || (hit[n] != '\n' && hit[n] != 0) || (hit != before->names && hit[-1] != '\n'))
			sbuf_printf(&out, "%s\n", l);
	}
	leak_snapshot_free(&now);
	return out.p;
}

void leak_snapshot_free(struct leak_snapshot *s)
{
	free(s->names);
	s->names = NULL;
}

int leak_private_tmpdir(char *buf, size_t n)
{
	snprintf(buf, n, "/tmp/ipcbench-test-XXXXXX");
	if (!mkdtemp(buf))
		return -1;
	return setenv("TMPDIR", buf, 1);
}

void leak_assert_none(const struct leak_snapshot *before)
{
	char *left = leak_new_since(before);

	if (left) {
		fprintf(stderr, "IPC objects left behind:\n%s", left);
		free(left);
		fail();
	}
}

int testenv_binary(char *bin)
{
	const char *b = getenv("IPCBENCH");

	if (b && realpath(b, bin))
		return 0;
	fprintf(stderr, "set IPCBENCH to the ipcbench binary\n");
	return -1;
}

int testenv_remove_dir(const char *dir)
{
	char cmd[4200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int testenv_fixtures(const char *bin, const char *sub, char *dir, size_t n)
{
	char tmp[4096];

	snprintf(tmp, sizeof(tmp), "%s", bin);
	snprintf(dir, n, "%s/tests/fixtures/%s", dirname(tmp), sub);
	if (access(dir, R_OK) == 0)
		return 0;
	fprintf(stderr, "no fixtures at %s\n", dir);
	return -1;
}

int testenv_begin(char *work, size_t n, struct leak_snapshot *before)
{
	if (geteuid() == 0)
		leak_private_ipc(); /* objects of other programs are then not counted as ours */
	if (leak_private_tmpdir(work, n) < 0)
		return -1;
	leak_snapshot_take(before);
	return 0;
}

int testenv_end(struct leak_snapshot *before, const char *work)
{
	leak_snapshot_free(before);
	return testenv_remove_dir(work);
}

char *testenv_read(const char *path, char *buf, size_t n)
{
	FILE *f = fopen(path, "r");
	size_t len;

	if (!f)
		fail_msg("cannot open %s", path);
	len = fread(buf, 1, n - 1, f);
	buf[len] = 0;
	fclose(f);
	return buf;
}

int leak_private_ipc(void)
{
	if (unshare(CLONE_NEWIPC | CLONE_NEWNS) < 0)
		return -errno;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") < 0)
		return -errno;
	if (access("/dev/mqueue", F_OK) == 0 &&
	    mount("mqueue", "/dev/mqueue", "mqueue", MS_NOSUID | MS_NODEV, NULL) < 0)
		return -errno;
	return 0;
}

void testenv_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		fail_msg("cannot create %s", path);
	fputs(text, f);
	fclose(f);
}
