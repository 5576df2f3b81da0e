/* --resume against damaged run directories: every damage (a column missing, a NUL byte,
 * a quote left open, a value no column can hold, a row the plan does not have or has
 * twice, a file cut short, a meta.csv without its header, ...) is exit 2 naming file and
 * line, and leaves every file as it was. An undamaged copy resumes and keeps its rows
 * byte for byte; a run that is still going is not resumed; a dead one's lock is taken
 * over. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "hostile.h"
#include "leakcheck.h"
#include "text/csv.h"
#include "text/csvread.h"
#include "sys/files.h"

static char work[64], out[1 << 16];
static int cases, crashes, wrong_code, no_line, changed;

static void shell(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void shell(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd) != 0)
		fail_msg("failed: %s", cmd);
}

/* Whole file with its length (NUL bytes included). */
static char *load(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	struct sbuf b = { 0 };
	char chunk[4096];
	size_t n;

	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sbuf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return b.p ? b.p : strdup("");
}

static void store(const char *path, const char *p, size_t len)
{
	assert_int_equal(write_file_atomic(path, p, len), 0);
}

/* Offset of the start of line `line` (from 1) of p. */
static size_t line_start(const char *p, size_t len, int line)
{
	size_t i = 0;

	for (int l = 1; l < line && i < len; i++)
		l += p[i] == '\n';
	return i;
}

/* Raw edits of a file, by line. */
enum raw { RAW_NUL, RAW_APPEND, RAW_DELETE, RAW_INSERT, RAW_DUP, RAW_CUT_END, RAW_EMPTY };

static void raw_edit(const char *path, enum raw how, int line, const char *text)
{
	size_t len, at, end, from, to;
	char *p = load(path, &len);
	struct sbuf b = { 0 }, put = { 0 };

	at = line_start(p, len, line);
	end = at;
	while (end < len && p[end] != '\n')
		end++;
	from = to = at; /* each edit: bytes [from, to) of the file replaced by put */
	switch (how) {
	case RAW_NUL: /* the line's second byte */
		from = at + 1;
		to = at + 2;
		sbuf_add(&put, "", 1);
		break;
	case RAW_APPEND:
		from = to = end;
		sbuf_printf(&put, "%s", text);
		break;
	case RAW_DELETE: to = end + 1; break;
	case RAW_INSERT: sbuf_printf(&put, "%s\n", text); break;
	case RAW_DUP: sbuf_add(&put, p + at, end + 1 - at); break;
	case RAW_CUT_END: from = len - 7; to = len; break;
	case RAW_EMPTY: from = 0; to = len; break;
	}
	sbuf_add(&b, p, from);
	sbuf_add(&b, put.p ? put.p : "", put.len);
	sbuf_add(&b, p + to, len - to);
	store(path, b.p ? b.p : "", b.len);
	sbuf_free(&put);
	sbuf_free(&b);
	free(p);
}

/* Table edits: the file read, one thing changed, written back as ipcbench writes. */
enum tab { TAB_DROP_COL, TAB_SET, TAB_DUP_ROW, TAB_RENAME_COL };

static void tab_edit(const char *path, enum tab how, const char *col, int row, const char *v)
{
	char err[512];
	struct csv_table t;
	struct sbuf b = { 0 };
	int c;

	assert_int_equal(csv_read_file(path, &t, err, sizeof(err)), 0);
	c = csv_col(&t, col);
	assert_true(c >= 0);
	for (long i = -1; i < (long)t.nrows; i++) {
		char **f = i < 0 ? t.cols : t.rows[i];
		for (int rep = 0; rep < (how == TAB_DUP_ROW && i == row ? 2 : 1); rep++) {
			for (size_t k = 0, first = 1; k < t.ncols; k++) {
				const char *s = f[k];
				if (how == TAB_DROP_COL && (int)k == c)
					continue;
				if ((int)k == c && ((how == TAB_SET && i == row) ||
						    (how == TAB_RENAME_COL && i < 0)))
					s = v;
				sbuf_printf(&b, "%s", first ? "" : ",");
				sbuf_csv_field(&b, s);
				first = 0;
			}
			sbuf_putc(&b, '\n');
		}
	}
	store(path, b.p, b.len);
	sbuf_free(&b);
	csv_table_free(&t);
}

struct damage {
	const char *file, *what;
	int raw;          /* 1: a raw edit, 0: a table edit */
	int how, line;    /* raw: enum raw and line; table: enum tab and data row */
	const char *col, *text;
};

#define RAW(f, what, how, line, text) { f, what, 1, how, line, NULL, text }
#define TAB(f, what, how, col, row, text) { f, what, 0, how, row, col, text }

static const struct damage damages[] = {
	TAB("results.csv", "no transport column", TAB_DROP_COL, "transport", 0, NULL),
	TAB("results.csv", "no status column", TAB_DROP_COL, "status", 0, NULL),
	TAB("results.csv", "no mode column", TAB_DROP_COL, "mode", 0, NULL),
	TAB("results.csv", "no placement column", TAB_DROP_COL, "placement", 0, NULL),
	TAB("results.csv", "no p50_ns column", TAB_DROP_COL, "p50_ns", 0, NULL),
	TAB("results.csv", "no size_bytes column", TAB_DROP_COL, "size_bytes", 0, NULL),
	TAB("results.csv", "no repeat column", TAB_DROP_COL, "repeat", 0, NULL),
	TAB("results.csv", "no mem_node column", TAB_DROP_COL, "mem_node", 0, NULL),
	TAB("results.csv", "a column renamed", TAB_RENAME_COL, "p50_ns", 0, "p50"),
	RAW("results.csv", "NUL byte in a row", RAW_NUL, 3, NULL),
	RAW("results.csv", "NUL byte in the header", RAW_NUL, 1, NULL),
	RAW("results.csv", "a quote left open", RAW_APPEND, 2, ",\"open"),
	RAW("results.csv", "a field too many", RAW_APPEND, 3, ",extra"),
	RAW("results.csv", "an empty line", RAW_INSERT, 3, ""),
	RAW("results.csv", "cut short (no line end)", RAW_CUT_END, 0, NULL),
	RAW("results.csv", "empty file", RAW_EMPTY, 0, NULL),
	TAB("results.csv", "unknown status", TAB_SET, "status", 1, "okay"),
	TAB("results.csv", "p50_ns not a number", TAB_SET, "p50_ns", 0, "fast"),
	TAB("results.csv", "p50_ns infinite", TAB_SET, "p50_ns", 2, "1e999"),
	TAB("results.csv", "mem_node not a node", TAB_SET, "mem_node", 0, "x"),
	TAB("results.csv", "floor_stable not yes/no", TAB_SET, "floor_stable", 1, "maybe"),
	TAB("results.csv", "a transport not in the plan", TAB_SET, "transport", 1, "pipe2"),
	TAB("results.csv", "a size not in the plan", TAB_SET, "size_bytes", 0, "12345"),
	TAB("results.csv", "an empty setting", TAB_SET, "cache", 0, ""),
	TAB("results.csv", "a row twice", TAB_DUP_ROW, "transport", 1, NULL),
	RAW("meta.csv", "no header", RAW_DELETE, 1, NULL),
	RAW("meta.csv", "another header", RAW_APPEND, 1, "s"),
	RAW("meta.csv", "NUL byte", RAW_NUL, 3, NULL),
	RAW("meta.csv", "a quote left open", RAW_APPEND, 2, ",\"x"),
	RAW("meta.csv", "a key twice", RAW_INSERT, 3, "tool,again"),
	RAW("meta.csv", "an empty key", RAW_INSERT, 3, ",x"),
	RAW("meta.csv", "cut short", RAW_CUT_END, 0, NULL),
	RAW("meta.csv", "empty file", RAW_EMPTY, 0, NULL),
	TAB("meta.csv", "config with an unknown key", TAB_SET, "value", -2, "[a]\nbogus = 1\n"),
	TAB("meta.csv", "config with a bad value", TAB_SET, "value", -2, "[a]\nsizes = 64,64\n"),
	RAW("spectrum.csv", "NUL byte", RAW_NUL, 4, NULL),
	RAW("spectrum.csv", "a header changed", RAW_APPEND, 1, "_x"),
	RAW("spectrum.csv", "a quantile twice", RAW_DUP, 3, NULL),
	RAW("spectrum.csv", "rows of a kept cell missing", RAW_DELETE, 2, NULL),
	TAB("spectrum.csv", "an unknown quantile", TAB_SET, "quantile", 3, "0.123"),
	TAB("spectrum.csv", "latency not a number", TAB_SET, "latency_ns", 5, "slow"),
	RAW("spectrum.csv", "cut short", RAW_CUT_END, 0, NULL),
};
#define NDAMAGES (sizeof(damages) / sizeof(damages[0]))

/* The data row of meta.csv with key `config` (TAB_SET's row -2 stands for it). */
static int config_row(const char *path)
{
	char err[512];
	struct csv_table t;
	int row = -1;

	assert_int_equal(csv_read_file(path, &t, err, sizeof(err)), 0);
	for (size_t i = 0; i < t.nrows; i++)
		if (strcmp(t.rows[i][0], "config") == 0)
			row = (int)i;
	csv_table_free(&t);
	return row;
}

static void apply(const char *dir, const struct damage *d)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, d->file);
	if (d->raw)
		raw_edit(path, (enum raw)d->how, d->line, d->text);
	else
		tab_edit(path, (enum tab)d->how, d->col, d->line == -2 ? config_row(path) : d->line,
			 d->text);
}

/* The fixture: a finished run with its last three rows taken away, as if it had been
 * stopped there (results.csv is written last after each cell: the other files may have
 * them). */
static void make_pristine(void)
{
	char path[128];
	size_t len;
	char *p;
	int rc;

	rc = hostile_run(work, "", "run -t pipe,shm-spin -s 64,4K --repeat 2 --iterations 100 "
			 "--duration 2s --warmup 5ms -q -o pristine", out, sizeof(out));
	if (rc != 0)
		fail_msg("the fixture run exited %d: %s", rc, out);
	snprintf(path, sizeof(path), "%s/pristine/results.csv", work);
	p = load(path, &len);
	for (int k = 0; k < 3; k++)
		while (len > 0 && p[--len - 1] != '\n')
			;
	store(path, p, len);
	free(p);
}

/* 0 when a and b hold the same files with the same bytes. */
static int same_dirs(const char *a, const char *b)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "cd %s && diff -r -q %s %s >/dev/null 2>&1", work, a, b);
	return system(cmd);
}

static int names_file_and_line(const char *msg, const char *file)
{
	const char *p = msg;

	while ((p = strstr(p, ".csv:")))
		if (p[5] >= '1' && p[5] <= '9' && strstr(msg, file))
			return 1;
		else
			p++;
	return 0;
}

static void test_resume_refuses_every_damage(void **state)
{
	(void)state;
	make_pristine();
	for (size_t i = 0; i < NDAMAGES; i++) {
		const struct damage *d = &damages[i];
		char args[128];
		int rc, bad;

		shell("cd %s && rm -rf damaged kept && cp -a pristine damaged", work);
		apply("damaged", d);
		shell("cd %s && cp -a damaged kept", work);
		rc = hostile_run(work, "", "run --resume damaged -q", out, sizeof(out));
		snprintf(args, sizeof(args), "%s: %s", d->file, d->what);
		cases++;
		crashes += rc >= 128;
		wrong_code += rc != 2;
		no_line += !names_file_and_line(out, d->file);
		changed += same_dirs("damaged", "kept") != 0;
		bad = rc != 2 || !names_file_and_line(out, d->file) || same_dirs("damaged", "kept");
		printf("%-48s exit %d%s  %.*s", args, rc, bad ? " WRONG" : "",
		       (int)strcspn(out, "\n") + 1, out);
	}
	printf("resume against %d damaged run directories: %d crashes, %d not exit 2, %d without "
	       "file:line, %d changed a file\n", cases, crashes, wrong_code, no_line, changed);
	assert_true(cases >= 30);
	assert_int_equal(crashes + wrong_code + no_line + changed, 0);
}

/* Every line of a (a file) is a line of b. */
static int lines_kept(const char *a, const char *b)
{
	char *x = slurp_file(a), *y = slurp_file(b), *save = NULL;
	int ok = x && y;

	for (char *l = ok ? strtok_r(x, "\n", &save) : NULL; l; l = strtok_r(NULL, "\n", &save))
		if (!strstr(y, l))
			ok = 0;
	free(x);
	free(y);
	return ok;
}

static const char *meta_value(const char *dir, const char *key, char *buf, size_t n)
{
	char path[256], err[256];
	struct csv_table t;

	snprintf(path, sizeof(path), "%s/%s/meta.csv", work, dir);
	buf[0] = 0;
	if (csv_read_file(path, &t, err, sizeof(err)) < 0)
		return buf;
	for (size_t i = 0; i < t.nrows; i++)
		if (strcmp(t.rows[i][0], key) == 0)
			snprintf(buf, n, "%s", t.rows[i][1]);
	csv_table_free(&t);
	return buf;
}

/* The control: the undamaged copy resumes, its rows byte for byte, its floors kept. */
static void test_resume_keeps_rows_and_floors(void **state)
{
	char before[256], after[256], a[64], b[64];

	(void)state;
	shell("cd %s && rm -rf whole && cp -a pristine whole", work);
	meta_value("whole", "floor_cacheline_rt_ns", a, sizeof(a));
	assert_int_equal(hostile_run(work, "", "run --resume whole -q", out, sizeof(out)), 0);
	snprintf(before, sizeof(before), "%s/pristine/results.csv", work);
	snprintf(after, sizeof(after), "%s/whole/results.csv", work);
	assert_true(lines_kept(before, after));
	assert_string_equal(meta_value("whole", "floor_cacheline_rt_ns", b, sizeof(b)), a);
	assert_string_equal(meta_value("whole", "resume_floor_status", b, sizeof(b)), "ok");
	assert_string_equal(meta_value("whole", "run_status", b, sizeof(b)), "complete");
	assert_int_equal(count_entries(after, ".ipcbench."), 0);
}

static pid_t start_run(const char *dir)
{
	const char *bin = hostile_binary();
	pid_t pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
			_exit(126);
		execl(bin, bin, "run", "-t", "pipe", "-s", "64", "--duration", "300ms", "--warmup",
		      "5ms", "--repeat", "4", "-q", "-o", dir, (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* While the run lives its directory is refused (exit 4, naming the pid); once it has been
 * killed, its lock is stale and resume takes it over. */
static void test_resume_refused_while_the_run_lives(void **state)
{
	char meta[256], pidtext[32];
	pid_t pid;
	int st;

	(void)state;
	snprintf(meta, sizeof(meta), "%s/alive/meta.csv", work);
	pid = start_run("alive");
	for (int i = 0; i < 400 && access(meta, F_OK) != 0; i++)
		usleep(10000);
	assert_int_equal(access(meta, F_OK), 0);
	assert_int_equal(hostile_run(work, "", "run --resume alive -q", out, sizeof(out)), 4);
	snprintf(pidtext, sizeof(pidtext), "pid %d", (int)pid);
	assert_non_null(strstr(out, pidtext));
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	hostile_run(work, "", "clean", out, sizeof(out));
	assert_int_equal(hostile_run(work, "", "run --resume alive -q", out, sizeof(out)), 0);
}

/* Resuming a run outside results/ leaves results/latest alone, and latest never dangles. */
static void test_resume_of_o_run_keeps_latest(void **state)
{
	char link[256], target[256];
	struct stat st;
	ssize_t n;

	(void)state;
	assert_int_equal(hostile_run(work, "", "run -t pipe -s 64 --iterations 100 --duration 2s --warmup 5ms -q",
				     out, sizeof(out)), 0);
	snprintf(link, sizeof(link), "%s/results/latest", work);
	n = readlink(link, target, sizeof(target) - 1);
	assert_true(n > 0);
	target[n] = 0;
	shell("cd %s && rm -rf elsewhere && cp -a pristine elsewhere", work);
	assert_int_equal(hostile_run(work, "", "run --resume elsewhere -q", out, sizeof(out)), 0);
	n = readlink(link, out, sizeof(out) - 1);
	out[n > 0 ? n : 0] = 0;
	assert_string_equal(out, target);
	assert_int_equal(stat(link, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
}

static int setup(void **state)
{
	(void)state;
	return hostile_workdir(work, sizeof(work)) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	return testenv_remove_dir(work);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resume_refuses_every_damage),
		cmocka_unit_test(test_resume_keeps_rows_and_floors),
		cmocka_unit_test(test_resume_refused_while_the_run_lives),
		cmocka_unit_test(test_resume_of_o_run_keeps_latest),
	};

	return cmocka_run_group_tests_name("resume", tests, setup, teardown);
}
