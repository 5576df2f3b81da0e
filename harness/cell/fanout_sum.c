/* The figures of an ok fan-out cell, from the publisher's send stamps and each subscriber's
 * receive stamps of the same messages: the one-way time to each subscriber, to the first
 * and to the last of them, each subscriber's rate, the publisher's rate, the drops. The
 * stamps of two CPUs are compared: the TSC, invariant, is taken to run in step on every CPU
 * (as the kernel's clocks assume); a receive stamped before its send says it does not, and
 * the cell is an error then, not a figure. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cell/party_int.h"
#include "cell/samples.h"

/* The one-way times of the timed messages: per subscriber (row s of lat, counts in got),
 * to the first and the last. Returns the receives stamped before their send. */
static uint64_t one_way(const struct party_ctx *c, uint64_t nt, uint64_t *lat, uint64_t *got,
			uint64_t *first, uint64_t *last, uint64_t *nfl)
{
	const uint64_t *t0 = party_area(c, c->n)->samples;
	uint64_t early = 0;

	*nfl = 0;
	for (uint64_t i = 0; i < nt; i++) {
		uint64_t lo = UINT64_MAX, hi = 0;

		for (unsigned s = 0; s < c->n; s++) {
			uint64_t t1 = party_area(c, s)->samples[i];

			if (t1 == 0) /* never got it */
				continue;
			if (t1 < t0[i]) {
				early++;
				continue;
			}
			lat[(size_t)s * nt + got[s]++] = t1 - t0[i];
			lo = t1 - t0[i] < lo ? t1 - t0[i] : lo;
			hi = t1 - t0[i] > hi ? t1 - t0[i] : hi;
		}
		if (hi) {
			first[*nfl] = lo;
			last[(*nfl)++] = hi;
		}
	}
	return early;
}

static int stats_of(const uint64_t *v, uint64_t n, double k, struct sample_stats *ss)
{
	struct sample_set set = { .ticks = v, .n = n, .in_array = n };

	return samples_stats(&set, 1, k, 0, ss);
}

/* Per subscriber, pooled, first and last. */
static int figures(struct party_ctx *c, uint64_t nt, const uint64_t *lat, const uint64_t *got,
		   const uint64_t *first, const uint64_t *last, uint64_t nfl, struct cell_result *out)
{
	double k = c->spec->clk->ns_per_tick, span = 0;
	const uint64_t *t0 = party_area(c, c->n)->samples;
	struct sample_set *sets = calloc(c->n, sizeof(*sets));
	double *rates = calloc(c->n, sizeof(*rates));
	struct sample_stats ss;
	int r = sets && rates ? 0 : -ENOMEM;

	if (nt > 1)
		span = clock_to_ns(c->spec->clk, t0[nt - 1] - t0[0]);
	for (unsigned s = 0; r == 0 && s < c->n; s++) {
		struct party_client *pc = &out->party->c[s];

		sets[s] = (struct sample_set){ .ticks = lat + (size_t)s * nt, .n = got[s],
					       .in_array = got[s] };
		if ((r = stats_of(sets[s].ticks, got[s], k, &ss)) < 0)
			break;
		pc->cpu = c->cpu[s + 1];
		pc->st = ss.st;
		rates[s] = pc->msgs_per_s = span > 0 ? (double)(got[s] - 1) * 1e9 / span : 0;
	}
	if (r == 0 && (r = samples_stats(sets, c->n, k, 0, &ss)) == 0) {
		out->st = ss.st;
		memcpy(out->spectrum, ss.spectrum, sizeof(out->spectrum));
		out->fairness = stats_jain(rates, c->n);
		out->msgs_per_s = out->achieved_per_s = span > 0 ? (double)(nt - 1) * 1e9 / span : 0;
	}
	if (r == 0 && (r = stats_of(first, nfl, k, &ss)) == 0) {
		out->first_p50 = ss.st.p50;
		out->first_p99 = ss.st.p99;
	}
	if (r == 0 && (r = stats_of(last, nfl, k, &ss)) == 0) {
		out->last_p50 = ss.st.p50;
		out->last_p99 = ss.st.p99;
	}
	free(sets);
	free(rates);
	return r;
}

static void note_fanout(const struct party_ctx *c, struct cell_result *out)
{
	char text[400];

	snprintf(text, sizeof(text), "fan-out: %u subscriber%s, %llu dropped (%s); one-way "
		 "times from the publish to each receive, across CPUs; to the first p50 %.0f ns, "
		 "to the last %.0f ns%s", c->n, c->n == 1 ? "" : "s",
		 (unsigned long long)out->dropped, c->ops.how, out->first_p50, out->last_p50,
		 out->party->oversubscribed ? "; oversubscribed: more processes than CPUs" : "");
	cell_add_note(out, text);
}

static void fail(struct cell_result *out, const char *why)
{
	out->status = CELL_ERROR;
	snprintf(out->note, sizeof(out->note), "%s", why);
	free(out->party);
	out->party = NULL;
}

/* Why the stamps give no figures, or NULL. */
static const char *unusable(const struct party_ctx *c, uint64_t nt, uint64_t early,
			    const uint64_t *got)
{
	if (nt < 2)
		return "fewer than two timed messages";
	if (early)
		return "a receive was stamped before its send on another CPU: the CPUs' clocks "
		       "are not in step (TSC offset), no one-way time can be trusted";
	for (unsigned s = 0; s < c->n; s++)
		if (got[s] < 2)
			return "a subscriber took fewer than two timed messages";
	return NULL;
}

int fanout_summarize(struct party_ctx *c, struct cell_result *out)
{
	uint64_t nt = c->sh->srv.nsamples, m = nt ? nt : 1, nfl = 0, early = 0;
	uint64_t *lat = malloc(m * c->n * sizeof(*lat)), *got = calloc(c->n, sizeof(*got));
	uint64_t *first = malloc(m * sizeof(*first)), *last = malloc(m * sizeof(*last));
	struct side_result both[2];
	const char *why;
	int r = lat && got && first && last ? 0 : -ENOMEM;

	out->party = r ? NULL : calloc(1, sizeof(*out->party) + c->n * sizeof(out->party->c[0]));
	if (r == 0 && !out->party)
		r = -ENOMEM;
	if (r == 0) {
		early = nt ? one_way(c, nt, lat, got, first, last, &nfl) : 0;
		if ((why = unusable(c, nt, early, got)))
			fail(out, why);
		else
			r = figures(c, nt, lat, got, first, last, nfl, out);
	}
	if (r == 0 && out->status == CELL_OK) {
		out->party->n = c->n;
		out->party->oversubscribed = c->spec->plan->oversubscribed;
		out->has_stats = 1;
		for (unsigned s = 0; s < c->n; s++) {
			out->dropped += party_area(c, s)->res.dropped;
			out->verified_full += party_area(c, s)->res.verified_full;
		}
		out->verified_full += c->sh->srv.verified_full;
		both[TR_SERVER] = c->sh->srv;
		party_sum_sides(c, &both[TR_CLIENT]);
		cell_summarize_counted(c->spec, both, &c->events, out);
		party_open_figures(c, out);
		note_fanout(c, out);
	}
	free(lat);
	free(got);
	free(first);
	free(last);
	return r;
}
