/* What the tool runners share: a run to the end with a bounded time, the version line and
 * the equivalent command line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sys/clock.h"
#include "crosscheck/tools.h"
#include "crosscheck/xproc.h"

int xtool_run_simple(char *const argv[], int cpu, uint64_t timeout_ns, struct sbuf *out,
		     struct sbuf *err, char *note, size_t n)
{
	struct xproc p;
	char st[64], line[200];
	int e = xproc_start(&p, argv, cpu);

	if (e < 0) {
		snprintf(note, n, "cannot start %s: %s", argv[0], strerror(-e));
		return e;
	}
	e = xproc_wait(&p, p.start_ns + timeout_ns, NULL, NULL);
	xproc_status_text(&p, st, sizeof(st));
	if (e == -ETIMEDOUT)
		snprintf(note, n, "no result within %.0f s: killed", (double)timeout_ns / 1e9);
	else if (e == 0 && !xproc_ok(&p))
		e = -EIO;
	if (e == -EIO) {
		xparse_failure_line(p.out.p, p.err.p, line, sizeof(line));
		snprintf(note, n, "%s (%s)", line, st);
	}
	*out = p.out;
	*err = p.err;
	p.out = p.err = (struct sbuf){ 0 };
	xproc_free(&p);
	return e;
}

void xtool_version(const char *path, const char *flag, char *buf, size_t n)
{
	char *argv[] = { (char *)path, (char *)flag, NULL };
	struct sbuf out = { 0 }, err = { 0 };
	char note[64];
	char *s;

	snprintf(buf, n, "NA");
	if (xtool_run_simple(argv, -1, 5000000000ull, &out, &err, note, sizeof(note)) == 0 &&
	    (s = xparse_strip_ansi(out.p ? out.p : err.p)) != NULL) {
		char *line = s + strspn(s, " \n");

		line[strcspn(line, "\n")] = 0;
		if (*line)
			snprintf(buf, n, "%s", line);
		free(s);
	}
	sbuf_free(&out);
	sbuf_free(&err);
}

void xtool_command_text(char *const argv[], int cpu, char *buf, size_t n)
{
	const char *base = strrchr(argv[0], '/');
	size_t len;

	buf[0] = 0;
	if (cpu >= 0)
		snprintf(buf, n, "taskset -c %d ", cpu);
	len = strlen(buf);
	snprintf(buf + len, n - len, "%s", base ? base + 1 : argv[0]);
	for (int i = 1; argv[i]; i++) {
		len = strlen(buf);
		snprintf(buf + len, n - len, " %s", argv[i]);
	}
}
