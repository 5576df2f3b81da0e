#include <unistd.h>
#include "run/progress.h"
#include "sys/clock.h"

#define LINE_EVERY_NS 5000000000ull /* a plain line every 5 s when stderr is no terminal */
#define CELL_OVERHEAD_S 0.015       /* fork, pinning, setup, teardown */

double progress_cell_seconds(const struct row *r)
{
	const struct cell_settings *s = &r->set;
	double timed = (double)s->duration_ns / 1e9;
	double probes = s->client_cpu == s->server_cpu ? 0.004 : 0.001;

	return (double)s->warmup_ns / 1e9 + timed * (1 + s->counted_pct / 100.0) + probes +
	       CELL_OVERHEAD_S;
}

static void say_duration(FILE *f, double s)
{
	if (s < 90)
		fprintf(f, "%.0f s", s);
	else if (s < 5400)
		fprintf(f, "%.0f min", s / 60);
	else
		fprintf(f, "%.1f h", s / 3600);
}

void progress_start(struct progress *p, const struct row *rows, size_t n, int quiet)
{
	*p = (struct progress){ .f = stderr, .tty = isatty(STDERR_FILENO), .quiet = quiet,
				.total = n };
	for (size_t i = 0; i < n; i++)
		if (!rows[i].done) {
			p->todo++;
			p->planned_s += progress_cell_seconds(&rows[i]);
		}
	p->t0_ns = p->last_ns = clock_mono_ns();
	if (quiet)
		return;
	fprintf(p->f, "ipcbench: %zu cells to run", p->todo);
	if (p->todo < n)
		fprintf(p->f, " (%zu of %zu already done)", n - p->todo, n);
	fprintf(p->f, ", about ");
	say_duration(p->f, p->planned_s);
	fprintf(p->f, "\n");
}

/* Time left: the plan's remaining estimate, scaled by how the cells so far compared. */
static double left_s(const struct progress *p, double elapsed)
{
	double rest = p->planned_s - p->done_planned_s;

	if (p->done_planned_s > 0.5)
		rest *= elapsed / p->done_planned_s;
	return rest > 0 ? rest : 0;
}

void progress_cell(struct progress *p, const struct row *rows, size_t i)
{
	const struct row *r = &rows[i];
	uint64_t now = clock_mono_ns();
	double elapsed = (double)(now - p->t0_ns) / 1e9;
	size_t k = 0;

	for (size_t j = 0; j < i; j++)
		k += rows[j].done;
	if (!p->quiet && (p->tty || now - p->last_ns >= LINE_EVERY_NS)) {
		fprintf(p->f, "%s[%zu/%zu] %s %llu B rep %u/%u, ", p->tty ? "\r\033[K" : "", k + 1,
			p->total, r->t->name, (unsigned long long)r->size, r->rep, r->set.repeat);
		say_duration(p->f, elapsed);
		fprintf(p->f, " elapsed, about ");
		say_duration(p->f, left_s(p, elapsed));
		fprintf(p->f, " left%s", p->tty ? "" : "\n");
		fflush(p->f);
		p->last_ns = now;
	}
	p->done_planned_s += progress_cell_seconds(r);
}

void progress_end(struct progress *p)
{
	if (!p->quiet && p->tty)
		fprintf(p->f, "\r\033[K");
}

/* One line per sweep: its cells, their share of the estimate, and how they multiply. */
void progress_describe(FILE *f, const struct row *rows, size_t n)
{
	double total = 0;

	for (size_t i = 0; i < n; i++) {
		size_t cells = 0, skipped = 0;
		double s = 0;
		int seen = 0;

		for (size_t j = 0; j < i && !seen; j++)
			seen = rows[j].sw == rows[i].sw;
		if (seen)
			continue;
		for (size_t j = i; j < n; j++)
			if (rows[j].sw == rows[i].sw) {
				cells++;
				skipped += rows[j].done; /* planned as skipped: no pair here */
				s += rows[j].done ? 0 : progress_cell_seconds(&rows[j]);
			}
		fprintf(f, "[%s] %zu transports x %zu sizes x %u repetitions: %zu cells",
			rows[i].sw->name, rows[i].sw->nt, rows[i].sw->nsizes, rows[i].sw->set.repeat,
			cells);
		if (skipped)
			fprintf(f, " (%zu skipped: placement classes this machine lacks)", skipped);
		fprintf(f, ", about ");
		say_duration(f, s);
		fprintf(f, " (%s, %.0f ms timed per cell)\n", cell_mode_name(rows[i].set.mode),
			(double)rows[i].set.duration_ns / 1e6);
		total += s;
	}
	fprintf(f, "%zu cells in all, about ", n);
	say_duration(f, total);
	fprintf(f, ", plus the floors (~1 s) and copies.csv's slopes at the end\n");
}
