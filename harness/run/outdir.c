#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "sys/files.h"
#include "run/outdir.h"

/* The files whose presence says a directory holds a run. */
static const char *const run_files[] = { "meta.csv", "results.csv", "lrpc.csv" };
/* What a run writes, removed when --force replaces one. */
static const char *const outputs[] = { "meta.csv", "results.csv", "summary.csv", "spectrum.csv",
				       "copies.csv", "matrix.csv", "topology.xml", "lrpc.csv",
				       "report.html" };

static void remove_outputs(const char *dir)
{
	char path[PATH_MAX + 32];

	for (size_t i = 0; i < sizeof(outputs) / sizeof(outputs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, outputs[i]);
		unlink(path);
	}
}

/* An existing -o directory: the caller's own, not a link, not an earlier run's. */
static int check_outdir(const char *dir, int force, char *why, size_t n)
{
	uid_t who = 0;
	int r = dir_check_trusted(dir, &who);

	if (force && (r == 0 || r == -ELOOP || r == -EPERM)) {
		remove_outputs(dir); /* an earlier run's files would mix with this one's */
		return 0;
	}
	if (r == -ELOOP || r == -EPERM) {
		if (r == -ELOOP)
			snprintf(why, n, "%s is a symbolic link: give the directory itself (or "
				 "--force)", dir);
		else
			snprintf(why, n, "%s or its parent belongs to uid %d, who could replace what "
				 "is written there: use a directory of your own (or --force)", dir,
				 (int)who);
		return r;
	}
	if (r < 0) {
		snprintf(why, n, "%s: %s", dir, strerror(-r));
		return r;
	}
	for (size_t i = 0; i < sizeof(run_files) / sizeof(run_files[0]); i++) {
		char path[PATH_MAX + 32];
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", dir, run_files[i]);
		if (lstat(path, &st) == 0) {
			snprintf(why, n, "%s holds an earlier run (%s): 'ipcbench run --resume %s' "
				 "finishes it, --force replaces it, or give another -o", dir,
				 run_files[i], dir);
			return -EEXIST;
		}
	}
	return 0;
}

/* A fresh results/<UTC time>-<host>[-N]: mkdir makes it new and the caller's. */
static int fresh_dir(const char *root, char *dir, size_t n, char *why, size_t whylen)
{
	char stamp[64], host[128] = "host";
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	gethostname(host, sizeof(host) - 1);
	for (char *p = host; *p; p++)
		if (*p == '/' || *p == ' ')
			*p = '_';
	for (int i = 1; i < 1000; i++) {
		snprintf(dir, n, i == 1 ? "%s/%s-%s" : "%s/%s-%s-%d", root, stamp, host, i);
		if (mkdir(dir, 0755) == 0)
			return 0;
		if (errno != EEXIST) {
			snprintf(why, whylen, "%s: %s", dir, strerror(errno));
			return -errno;
		}
	}
	snprintf(why, whylen, "%s: a thousand runs this second", dir);
	return -EEXIST;
}

int outdir_make(const char *root, const char *outdir, int force, char *dir, size_t n,
		char *why, size_t whylen)
{
	struct stat st;
	int r;

	snprintf(dir, n, "%s", outdir ? outdir : root);
	if ((r = mkdir_p(dir)) < 0) {
		snprintf(why, whylen, "%s: %s", dir, strerror(-r));
		return r;
	}
	if (outdir)
		return check_outdir(dir, force, why, whylen);
	if (stat(root, &st) == 0 && st.st_uid != geteuid() && !force) {
		snprintf(why, whylen, "%s belongs to uid %d, who could replace what is written "
			 "there: give -o DIR (or --force)", root, (int)st.st_uid);
		return -EPERM;
	}
	return fresh_dir(root, dir, n, why, whylen);
}

/* dir's name inside root when that is where it lies (both resolved), else NULL. */
static const char *name_in_root(const char *root, const char *dir, char *buf, size_t n)
{
	char *rroot = realpath(root, NULL), *rdir = realpath(dir, NULL), *slash;
	const char *name = NULL;

	slash = rdir ? strrchr(rdir, '/') : NULL;
	if (rroot && slash && slash != rdir && (size_t)(slash - rdir) == strlen(rroot) &&
	    strncmp(rdir, rroot, strlen(rroot)) == 0) {
		snprintf(buf, n, "%s", slash + 1);
		name = buf;
	}
	free(rroot);
	free(rdir);
	return name;
}

void outdir_point_latest(const char *root, const char *dir)
{
	char link[PATH_MAX + 16], tmp[PATH_MAX + 48], name[NAME_MAX + 1];
	const char *target = name_in_root(root, dir, name, sizeof(name));
	struct stat st;
	uint64_t rnd = 0;

	if (!target)
		return; /* a run elsewhere (-o): latest keeps pointing at the newest in root */
	if (getrandom(&rnd, sizeof(rnd), 0) != sizeof(rnd))
		rnd = (uint64_t)getpid();
	snprintf(link, sizeof(link), "%s/latest", root);
	snprintf(tmp, sizeof(tmp), "%s.tmp-%016llx", link, (unsigned long long)rnd);
	if (lstat(link, &st) == 0 && !S_ISLNK(st.st_mode)) {
		fprintf(stderr, "ipcbench: warning: %s is not a link: left as it is\n", link);
		return;
	}
	if (symlink(target, tmp) < 0 || stat(tmp, &st) < 0 || !S_ISDIR(st.st_mode) ||
	    rename(tmp, link) < 0) {
		fprintf(stderr, "ipcbench: warning: cannot update %s: %s\n", link, strerror(errno));
		unlink(tmp);
	}
}
