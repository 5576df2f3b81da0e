#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "sys/files.h"
#include "run/outdir.h"

int outdir_make(const char *root, const char *outdir, char *dir, size_t n)
{
	char stamp[64], host[128] = "host";
	time_t now = time(NULL);
	struct tm tm;
	int r;

	if (outdir) {
		snprintf(dir, n, "%s", outdir);
		return mkdir_p(dir);
	}
	r = mkdir_p(root);
	if (r < 0)
		return r;
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
		if (errno != EEXIST)
			return -errno;
	}
	return -EEXIST;
}

void outdir_point_latest(const char *root, const char *dir)
{
	char link[4200], tmp[4300];
	const char *base = strrchr(dir, '/');

	snprintf(link, sizeof(link), "%s/latest", root);
	snprintf(tmp, sizeof(tmp), "%s.%d", link, (int)getpid());
	unlink(tmp);
	if (symlink(base ? base + 1 : dir, tmp) < 0 || rename(tmp, link) < 0) {
		fprintf(stderr, "ipcbench: warning: cannot update %s: %s\n", link, strerror(errno));
		unlink(tmp);
	}
}
