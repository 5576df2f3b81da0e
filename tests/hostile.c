#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "hostile.h"
#include "leakcheck.h"

static char bin[4096];

int hostile_init(void)
{
	return testenv_binary(bin);
}

const char *hostile_binary(void)
{
	return bin;
}

int hostile_run(const char *dir, const char *prefix, const char *args, char *out, size_t n)
{
	char cmd[16384];
	size_t got = 0;
	FILE *p;
	int st;

	if (!bin[0] && hostile_init() < 0)
		return -1;
	snprintf(cmd, sizeof(cmd), "cd '%s' && %s '%s' %s 2>&1", dir, prefix, bin, args);
	if (!(p = popen(cmd, "r")))
		return -1;
	while (got + 1 < n && !feof(p)) {
		size_t k = fread(out + got, 1, n - 1 - got, p);
		if (k == 0)
			break;
		got += k;
	}
	out[got] = 0;
	while (fgetc(p) != EOF) /* the rest, so that the command is not stopped by SIGPIPE */
		;
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int as_nobody(int (*fn)(void *), void *arg)
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (setgroups(0, NULL) < 0 || setgid(NOBODY) < 0 || setuid(NOBODY) < 0)
			_exit(200);
		_exit(fn(arg) & 0xff);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st) == 200 ? -1 : WEXITSTATUS(st);
}

pid_t dead_pid(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	return pid;
}

char *slurp_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[n] = 0;
	fclose(f);
	return buf;
}

int count_entries(const char *dir, const char *part)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += strstr(e->d_name, part) != NULL;
	if (d)
		closedir(d);
	return n;
}

int hostile_workdir(char *work, size_t n)
{
	if (hostile_init() < 0 || leak_private_tmpdir(work, n) < 0 || chdir(work) < 0)
		return -1;
	return geteuid() == 0 && leak_private_ipc() == 0;
}
