/* A cell's outcome, in the parent after both children are gone: its status and note from
 * how they ended and what they reported, then, for an ok cell, the statistics of the
 * samples, the counted phase per message and the floors beside the cell. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include "cell/cell_int.h"
#include "cell/pace.h"
#include "cell/samples.h"

/* Appends "; text" to the cell's note. */
void cell_add_note(struct cell_result *out, const char *text)
{
	size_t len = strlen(out->note);

	if (text[0])
		snprintf(out->note + len, sizeof(out->note) - len, "%s%s", len ? "; " : "", text);
}

static const char *side_name(unsigned i, unsigned n, char *buf, size_t len)
{
	(void)n;
	(void)buf;
	(void)len;
	return i == TR_CLIENT ? "client" : "server";
}

/* Turns the children's exits and reports into the cell's status and note. */
void cell_judge(struct cell_ctx *c, const struct pair_outcome *o, struct cell_result *out)
{
	const struct side_result *res[2] = { &c->sh->res[TR_CLIENT], &c->sh->res[TR_SERVER] };
	struct judge_in j = { .n = 2, .res = res, .name = side_name, .wstatus = o->wstatus,
			      .killed_by_us = o->killed_by_us, .end = o->end,
			      .fork_errno = o->fork_errno,
			      .limit_ns = cell_timeout_ns(c->spec->set) };

	cell_judge_group(&j, out);
	if (out->status == CELL_OK) {
		cell_add_note(out, res[TR_CLIENT]->note);
		cell_add_note(out, res[TR_SERVER]->note);
	}
}

/* "events NA: a, b (reason)" per distinct reason, and the user-space-only ones. */
static void note_counters(const struct side_result res[2], const struct ctr_set *ev,
			  struct cell_result *out)
{
	int done[CTR_MAX] = { 0 };
	char text[320], why[128];

	for (size_t i = 0; i < ev->n; i++) {
		int err = res[0].ctr.r[i].err ? res[0].ctr.r[i].err : res[1].ctr.r[i].err;

		if (done[i] || !err)
			continue;
		snprintf(text, sizeof(text), "events NA: %s", ev->ev[i].name);
		for (size_t j = i + 1; j < ev->n; j++) {
			int e2 = res[0].ctr.r[j].err ? res[0].ctr.r[j].err : res[1].ctr.r[j].err;
			if (e2 == err && !done[j]) {
				done[j] = 1;
				snprintf(text + strlen(text), sizeof(text) - strlen(text), ", %s",
					 ev->ev[j].name);
			}
		}
		ctr_explain(err, why, sizeof(why));
		snprintf(text + strlen(text), sizeof(text) - strlen(text), " (%s)", why);
		cell_add_note(out, text);
	}
	for (size_t i = 0; i < ev->n; i++)
		if (res[0].ctr.r[i].user_only || res[1].ctr.r[i].user_only) {
			cell_add_note(out, "some events counted in user space only (perf_event_paranoid)");
			break;
		}
}

static void side_phase(const struct side_result *r, const struct ctr_set *ev, int s,
		       struct cell_result *out)
{
	double m = (double)r->phase_msgs;

	if (!r->has_phase || r->phase_msgs == 0)
		return;
	out->has_phase[s] = 1;
	out->counted_msgs[s] = r->phase_msgs;
	out->counted_wall_ns[s] = r->phase_wall_ns;
	for (size_t i = 0; i < r->ctr.n; i++)
		if (!r->ctr.r[i].err && r->ctr.r[i].enabled > out->counters_enabled_ns[s])
			out->counters_enabled_ns[s] = r->ctr.r[i].enabled;
	out->cpu_user_ns[s] = (double)r->user_ns / m;
	out->cpu_sys_ns[s] = (double)r->sys_ns / m;
	out->ctxsw_vol[s] = (double)r->nvcsw / m;
	out->ctxsw_invol[s] = (double)r->nivcsw / m;
	out->faults[s] = (double)r->faults / m;
	for (size_t i = 0; i < ev->n && i < r->ctr.n; i++)
		out->ctr.valid[s][i] =
			ctr_per_msg(&r->ctr.r[i], r->phase_msgs, &out->ctr.per_msg[s][i]) == 0;
}

/* The counted phase of both sides into out, and what was NA into its note. */
void cell_summarize_counted(const struct cell_spec *sp, const struct side_result res[2],
			    const struct ctr_set *ev, struct cell_result *out)
{
	out->ctr.n = (unsigned)ev->n;
	for (size_t i = 0; i < ev->n; i++)
		snprintf(out->ctr.name[i], CTR_NAME_LEN, "%s", ev->ev[i].name);
	if (out->status == CELL_OK && sp->set->counted_pct == 0)
		cell_add_note(out, "no counted phase (counted_share = 0): no CPU time or counters");
	if (out->status != CELL_OK)
		return;
	for (int s = 0; s < 2; s++)
		side_phase(&res[s], ev, s, out);
	if (out->has_stats && sp->set->mode == MODE_BANDWIDTH)
		out->bandwidth_bps = out->msgs_per_s * (double)sp->size;
	note_counters(res, ev, out);
}

/* The floors probed beside the cell, and its p50 read against them (latency mode). */
static void read_floors(const struct cell_ctx *c, struct cell_result *out)
{
	double b = c->sh->res[TR_CLIENT].floor_ns[0], a = c->sh->res[TR_CLIENT].floor_ns[1];
	char text[160];

	out->floor_before_ns = b;
	out->floor_after_ns = a;
	out->floor_stable = -1;
	if (b <= 0 || a <= 0)
		return;
	out->floor_stable = fabs(a - b) <= CELL_FLOOR_TOL * (a < b ? a : b);
	if (out->floor_stable && c->spec->set->mode == MODE_LATENCY)
		out->p50_over_floor = out->st.p50 / ((a + b) / 2);
	if (!out->floor_stable) {
		snprintf(text, sizeof(text), "the floor moved during the cell (%.0f ns before, %.0f "
			 "after): the host moved or halted a CPU", b, a);
		cell_add_note(out, text);
	}
}

/* The timed phase went on past its duration for min_samples (cell/measure.h): said. */
static void note_grace(const struct cell_ctx *c, uint64_t n, struct cell_result *out)
{
	double ms = clock_to_ns(c->spec->clk, c->sh->res[TR_CLIENT].grace_ticks) / 1e6;
	char text[200];

	if (c->sh->res[TR_CLIENT].grace_ticks == 0)
		return;
	snprintf(text, sizeof(text), "the timed phase went on %.1f ms past its %.1f ms duration to "
		 "reach min_samples = %llu: its round trips were slow or the host stalled it "
		 "(that time is in the samples)",
		 ms, (double)c->spec->set->duration_ns / 1e6, (unsigned long long)n);
	cell_add_note(out, text);
}

/* Too few samples for a figure, or for some of its percentiles: said, never hidden. */
static int check_sufficiency(const struct cell_ctx *c, uint64_t n, struct cell_result *out)
{
	static const struct { double q; const char *name; } pct[] = {
		{ 0.9, "p90" }, { 0.99, "p99" }, { 0.999, "p99.9" } };
	unsigned min = c->spec->set->min_samples;
	char text[160] = "";

	if (n < min) {
		out->status = CELL_INSUFFICIENT;
		out->st.n = n; /* said in the samples column too */
		snprintf(out->note, sizeof(out->note), "only %llu timed samples (min_samples = %u): too "
			 "few for a figure; raise duration or iterations", (unsigned long long)n, min);
		return -1;
	}
	note_grace(c, n, out);
	for (size_t i = 0; i < sizeof(pct) / sizeof(pct[0]); i++)
		if (!stats_quantile_supported(n, pct[i].q))
			snprintf(text + strlen(text), sizeof(text) - strlen(text), "%s%s",
				 text[0] ? ", " : "", pct[i].name);
	if (text[0]) {
		snprintf(text + strlen(text), sizeof(text) - strlen(text), " NA: %llu samples "
			 "(p90 needs 10, p99 100, p99.9 1000)", (unsigned long long)n);
		cell_add_note(out, text);
	}
	return 0;
}

void cell_note_hist(struct cell_result *out, uint64_t in_array)
{
	char text[200];

	snprintf(text, sizeof(text), "percentiles from the log histogram (within %.1f %%): %llu "
		 "samples, %llu more than the array holds", 100 * LOGHIST_REL_ERR,
		 (unsigned long long)out->st.n, (unsigned long long)(out->st.n - in_array));
	cell_add_note(out, text);
}

/* Offered against achieved, for a latency cell. */
static void summarize_load(const struct cell_ctx *c, struct cell_result *out)
{
	const struct side_result *cr = &c->sh->res[TR_CLIENT];
	const struct cell_settings *s = c->spec->set;
	double span_ns = clock_to_ns(c->spec->clk, cr->timed_span_ticks);
	char text[240];

	if (s->mode != MODE_LATENCY || span_ns <= 0 || cr->nsamples < 2)
		return;
	out->achieved_per_s = (double)(cr->nsamples - 1) * 1e9 / span_ns; /* reply to reply */
	out->late_msgs = cr->late;
	if (s->rate_per_s || s->idle_ns)
		out->msgs_per_s = out->achieved_per_s;
	if (cell_open_loop(s)) {
		snprintf(text, sizeof(text), "open loop at %llu/s, achieved %.0f/s, at most %u of "
			 "%u requests in flight, %llu of %llu timed messages sent late; latency "
			 "from each message's due time to its reply; counters: the sending thread",
			 (unsigned long long)s->rate_per_s, out->achieved_per_s, cr->inflight_max,
			 c->spec->t->open_window, (unsigned long long)cr->late,
			 (unsigned long long)cr->nsamples);
		cell_add_note(out, text);
	} else if (s->rate_per_s) {
		snprintf(text, sizeof(text), "paced at %llu/s, achieved %.0f/s, %llu of %llu timed "
			 "messages late; latency from each message's due time (pacing: "
			 "clock_nanosleep to %llu us before it, then spin)",
			 (unsigned long long)s->rate_per_s, out->achieved_per_s,
			 (unsigned long long)cr->late, (unsigned long long)cr->nsamples,
			 PACE_SPIN_NS / 1000);
		cell_add_note(out, text);
	} else if (s->idle_ns) {
		snprintf(text, sizeof(text), "idle %.0f us after each reply (clock_nanosleep, no "
			 "spin); latency from the send", (double)s->idle_ns / 1e3);
		cell_add_note(out, text);
	}
}

int cell_summarize(struct cell_ctx *c, int keep, struct cell_result *out)
{
	uint64_t n = c->sh->res[TR_CLIENT].nsamples;
	struct sample_set set = { .ticks = c->sh->samples, .n = n, .overflow = &c->sh->overflow,
				  .in_array = samples_in_array(n, c->max_samples) };
	struct sample_stats ss;
	int r;

	if (n == 0 || n - set.in_array != c->sh->overflow.count) {
		out->status = CELL_ERROR;
		snprintf(out->note, sizeof(out->note), n ? "harness bug: samples lost between the "
			 "array and the histogram" : "no samples recorded");
		return 0;
	}
	if (check_sufficiency(c, n, out) < 0)
		return 0;
	r = samples_stats(&set, 1, c->spec->clk->ns_per_tick / c->window, keep, &ss);
	if (r < 0)
		return r;
	out->st = ss.st;
	memcpy(out->spectrum, ss.spectrum, sizeof(out->spectrum));
	out->samples_ns = ss.kept;
	out->pct_from_hist = ss.from_hist;
	if (ss.from_hist)
		cell_note_hist(out, set.in_array);
	out->has_stats = 1;
	out->msgs_per_s = out->st.mean > 0 ? 1e9 / out->st.mean : 0;
	summarize_load(c, out);
	out->verified_full = c->sh->res[TR_CLIENT].verified_full + c->sh->res[TR_SERVER].verified_full;
	cell_summarize_counted(c->spec, c->sh->res, &c->events, out);
	read_floors(c, out);
	return 0;
}
