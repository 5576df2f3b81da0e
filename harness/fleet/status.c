#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sys/files.h"
#include "text/csv.h"
#include "text/csvread.h"
#include "fleet/status.h"
#include "text/strmap.h"

const char *const task_state_names[TS_N] = {
	[TS_PENDING] = "pending", [TS_RUNNING] = "running", [TS_OK] = "ok",
	[TS_CELLS_FAILED] = "cells-failed", [TS_FAILED] = "failed",
};

static const char *const columns[] = { "kind", "task", "slot", "host", "state", "job_id",
				       "exit_code", "seconds", "run_dir", "note" };
#define NCOLS (sizeof(columns) / sizeof(columns[0]))

int task_state_done(enum task_state st)
{
	return st == TS_OK || st == TS_CELLS_FAILED || st == TS_FAILED;
}

/* Each name, then name#2, name#3 ... for its repeats. */
static int name_slots(struct fleet_status *s, char *const *names, size_t *repeats)
{
	struct strmap first = { 0 };
	int r = 0;

	for (size_t i = 0; i < s->n; i++) {
		struct fleet_task *t = &s->t[i];
		size_t f = strmap_put(&first, names[i], i, NULL);

		if (f == (size_t)-1) {
			r = -ENOMEM;
			break;
		}
		repeats[f]++;
		snprintf(t->host, sizeof(t->host), "%s", names[i]);
		snprintf(t->slot, sizeof(t->slot), repeats[f] > 1 ? "%s#%zu" : "%s", names[i],
			 repeats[f]);
		t->exit_code = -1;
		t->seconds = NAN;
	}
	strmap_free(&first);
	return r;
}

int fleet_status_init(struct fleet_status *s, const char *kind, char *const *names, size_t n)
{
	size_t *repeats = calloc(n ? n : 1, sizeof(*repeats));
	int r;

	memset(s, 0, sizeof(*s));
	snprintf(s->kind, sizeof(s->kind), "%s", kind);
	s->t = calloc(n ? n : 1, sizeof(*s->t));
	s->n = n;
	r = s->t && repeats ? name_slots(s, names, repeats) : -ENOMEM;
	free(repeats);
	if (r < 0)
		fleet_status_free(s);
	return r;
}

static void task_row(struct sbuf *b, const char *kind, size_t i, const struct fleet_task *t)
{
	int ran = t->state == TS_OK || t->state == TS_CELLS_FAILED;

	sbuf_printf(b, "%s,%zu,", kind, i);
	sbuf_csv_field(b, t->slot);
	sbuf_putc(b, ',');
	sbuf_csv_field(b, t->host);
	sbuf_printf(b, ",%s,", task_state_names[t->state]);
	sbuf_csv_field(b, t->job[0] ? t->job : NULL);
	if (t->exit_code >= 0)
		sbuf_printf(b, ",%d,", t->exit_code);
	else
		sbuf_printf(b, ",NA,");
	sbuf_csv_num(b, !isnan(t->seconds), t->seconds, 1);
	sbuf_putc(b, ',');
	if (ran) {
		sbuf_printf(b, "hosts/");
		sbuf_csv_field(b, t->slot);
	} else {
		sbuf_printf(b, "NA");
	}
	sbuf_putc(b, ',');
	sbuf_csv_field(b, t->note);
	sbuf_putc(b, '\n');
}

int fleet_status_write(const char *dir, const struct fleet_status *s)
{
	struct sbuf b = { 0 }, path = { 0 };
	int r;

	for (size_t k = 0; k < NCOLS; k++)
		sbuf_printf(&b, "%s%s", k ? "," : "", columns[k]);
	sbuf_putc(&b, '\n');
	for (size_t i = 0; i < s->n; i++)
		task_row(&b, s->kind, i, &s->t[i]);
	sbuf_printf(&path, "%s/%s", dir, FLEET_STATUS_FILE);
	r = b.oom || path.oom ? -ENOMEM : write_file_atomic(path.p, b.p, b.len);
	sbuf_free(&b);
	sbuf_free(&path);
	return r;
}

static int parse_state(const char *s, enum task_state *st)
{
	for (int k = 0; k < TS_N; k++)
		if (strcmp(s, task_state_names[k]) == 0) {
			*st = (enum task_state)k;
			return 0;
		}
	return -EINVAL;
}

static int read_task(const struct csv_table *t, size_t row, struct fleet_task *out)
{
	const char *ec = csv_get(t, row, "exit_code"), *sec = csv_get(t, row, "seconds");
	const char *job = csv_get(t, row, "job_id");

	snprintf(out->slot, sizeof(out->slot), "%s", csv_get(t, row, "slot"));
	snprintf(out->host, sizeof(out->host), "%s", csv_get(t, row, "host"));
	snprintf(out->job, sizeof(out->job), "%s", strcmp(job, "NA") == 0 ? "" : job);
	snprintf(out->note, sizeof(out->note), "%s", csv_get(t, row, "note"));
	out->exit_code = strcmp(ec, "NA") == 0 ? -1 : atoi(ec);
	out->seconds = strcmp(sec, "NA") == 0 ? NAN : strtod(sec, NULL);
	return parse_state(csv_get(t, row, "state"), &out->state);
}

static int check_columns(const struct csv_table *t, const char *path, char *err, size_t errlen)
{
	for (size_t k = 0; k < NCOLS; k++)
		if (csv_col(t, columns[k]) < 0) {
			snprintf(err, errlen, "%s: not a fleet status file (no column %s)", path,
				 columns[k]);
			return -EINVAL;
		}
	return 0;
}

int fleet_status_read(const char *dir, struct fleet_status *s, char *err, size_t errlen)
{
	struct csv_table t = { 0 };
	struct sbuf path = { 0 };
	int r;

	memset(s, 0, sizeof(*s));
	sbuf_printf(&path, "%s/%s", dir, FLEET_STATUS_FILE);
	r = path.oom ? -ENOMEM : csv_read_file(path.p, &t, err, errlen);
	if (r == 0)
		r = check_columns(&t, path.p, err, errlen);
	if (r == 0 && !(s->t = calloc(t.nrows ? t.nrows : 1, sizeof(*s->t))))
		r = -ENOMEM;
	if (r == 0 && t.nrows)
		snprintf(s->kind, sizeof(s->kind), "%s", csv_get(&t, 0, "kind"));
	for (size_t i = 0; r == 0 && i < t.nrows; i++, s->n++)
		if (read_task(&t, i, &s->t[i]) < 0) {
			snprintf(err, errlen, "%s:%zu: state '%s': expected pending, running, ok, "
				 "cells-failed or failed", path.p, i + 2, csv_get(&t, i, "state"));
			r = -EINVAL;
		}
	csv_table_free(&t);
	sbuf_free(&path);
	if (r < 0)
		fleet_status_free(s);
	return r;
}

void fleet_status_free(struct fleet_status *s)
{
	free(s->t);
	s->t = NULL;
	s->n = 0;
}

size_t fleet_status_count(const struct fleet_status *s, int st)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++)
		n += st < 0 || (int)s->t[i].state == st;
	return n;
}
