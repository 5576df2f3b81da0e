/* The figures of an ok fan-in cell: every client's round trips and rate, the round trips of
 * all together, the total rate and its fairness, and the counted phase per message (the
 * server's own; the clients' summed). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cell/party_int.h"
#include "cell/samples.h"

static struct sample_set set_of(const struct party_ctx *c, unsigned k)
{
	const struct party_area *ar = party_area(c, k);
	uint64_t n = ar->res.nsamples;

	return (struct sample_set){ .ticks = ar->samples, .n = n, .overflow = &ar->overflow,
				    .in_array = samples_in_array(n, c->max_samples) };
}

/* The clients' (subscribers') counted phases as one side: every count summed (the wall
 * time: the longest). */
void party_sum_sides(const struct party_ctx *c, struct side_result *sum)
{
	memset(sum, 0, sizeof(*sum));
	sum->has_phase = 1;
	for (unsigned k = 0; k < c->n; k++) {
		const struct side_result *r = &party_area(c, k)->res;

		sum->has_phase &= r->has_phase;
		sum->phase_msgs += r->phase_msgs;
		sum->phase_wall_ns = r->phase_wall_ns > sum->phase_wall_ns ? r->phase_wall_ns
									 : sum->phase_wall_ns;
		sum->user_ns += r->user_ns;
		sum->sys_ns += r->sys_ns;
		sum->nvcsw += r->nvcsw;
		sum->nivcsw += r->nivcsw;
		sum->faults += r->faults;
		sum->ctr.n = r->ctr.n;
		for (uint32_t i = 0; i < r->ctr.n && i < CTR_MAX; i++) {
			struct ctr_reading *d = &sum->ctr.r[i];
			const struct ctr_reading *s = &r->ctr.r[i];

			d->err = d->err ? d->err : s->err;
			d->user_only |= s->user_only;
			d->value += s->value;
			d->enabled += s->enabled;
			d->running += s->running;
		}
	}
}

/* One client's figures; 0 or a negative errno. */
static int client_figures(const struct party_ctx *c, unsigned k, struct party_client *pc)
{
	const struct side_result *r = &party_area(c, k)->res;
	struct sample_set set = set_of(c, k);
	struct sample_stats ss;
	double span_ns = clock_to_ns(c->spec->clk, r->timed_span_ticks);
	int e = samples_stats(&set, 1, c->spec->clk->ns_per_tick, 0, &ss);

	pc->cpu = c->cpu[k + 1];
	pc->st = ss.st;
	pc->from_hist = ss.from_hist;
	pc->msgs_per_s = r->nsamples > 1 && span_ns > 0 ? (double)(r->nsamples - 1) * 1e9 / span_ns : 0;
	return e;
}

static void note_party(const struct party_ctx *c, struct cell_result *out)
{
	char text[320];

	snprintf(text, sizeof(text), "fan-in: %u client%s (%s), Jain fairness %.3f over their "
		 "rates%s", c->n, c->n == 1 ? "" : "s", c->ops.how, out->fairness,
		 out->party->oversubscribed ? "; oversubscribed: more processes than CPUs" : "");
	cell_add_note(out, text);
	if (c->spec->set->rate_per_s) {
		snprintf(text, sizeof(text), "each client paced at %llu/s; latency from each "
			 "message's due time, %llu timed messages late",
			 (unsigned long long)c->spec->set->rate_per_s,
			 (unsigned long long)out->late_msgs);
		cell_add_note(out, text);
	}
	if (c->f && (c->f->flags & TR_FANIN_THREADED))
		cell_add_note(out, "server events NA: its lanes run on threads of their own");
}

int party_summarize(struct party_ctx *c, struct cell_result *out)
{
	struct sample_set *sets = calloc(c->n, sizeof(*sets));
	double *rates = calloc(c->n, sizeof(*rates));
	struct side_result both[2];
	struct sample_stats pooled;
	int r = sets && rates ? 0 : -ENOMEM;

	out->party = r ? NULL : calloc(1, sizeof(*out->party) + c->n * sizeof(out->party->c[0]));
	if (!out->party)
		r = -ENOMEM;
	for (unsigned k = 0; r == 0 && k < c->n; k++) {
		sets[k] = set_of(c, k);
		r = client_figures(c, k, &out->party->c[k]);
		rates[k] = out->party->c[k].msgs_per_s;
		out->msgs_per_s += rates[k];
		out->late_msgs += party_area(c, k)->res.late;
		out->verified_full += party_area(c, k)->res.verified_full;
	}
	if (r == 0)
		r = samples_stats(sets, c->n, c->spec->clk->ns_per_tick, 0, &pooled);
	if (r == 0) {
		out->party->n = c->n;
		out->party->oversubscribed = c->spec->plan->oversubscribed;
		out->fairness = stats_jain(rates, c->n);
		out->st = pooled.st;
		memcpy(out->spectrum, pooled.spectrum, sizeof(out->spectrum));
		out->pct_from_hist = pooled.from_hist;
		out->achieved_per_s = out->msgs_per_s;
		out->verified_full += c->sh->srv.verified_full;
		out->has_stats = 1;
		party_sum_sides(c, &both[TR_CLIENT]);
		both[TR_SERVER] = c->sh->srv;
		cell_summarize_counted(c->spec, both, &c->events, out);
		party_open_figures(c, out);
		note_party(c, out);
	}
	free(sets);
	free(rates);
	if (r == -EINVAL) {
		out->status = CELL_ERROR;
		snprintf(out->note, sizeof(out->note), "no samples recorded");
		return 0;
	}
	return r;
}

void party_open_figures(const struct party_ctx *c, struct cell_result *out)
{
	double *v = calloc(c->n ? c->n : 1, sizeof(*v));

	for (unsigned k = 0; v && k < c->n; k++) {
		const struct side_result *r = &party_area(c, k)->res;
		struct party_client *pc = &out->party->c[k];

		pc->open_ns = (double)r->open_ns;
		pc->has_bind = r->has_bind;
		for (int s = 0; s < 3; s++)
			pc->bind_ns[s] = (double)r->bind_ns[s];
	}
	for (int s = -1; v && s < 3; s++) {
		for (unsigned k = 0; k < c->n; k++)
			v[k] = s < 0 ? out->party->c[k].open_ns : out->party->c[k].bind_ns[s];
		double m = stats_median(v, c->n);

		if (s < 0)
			out->open_ns = m;
		else
			out->bind_ns[s] = m;
	}
	out->has_bind = c->n && out->party->c[0].has_bind;
	free(v);
}
