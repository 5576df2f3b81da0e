#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cachectl.h"
#include "cellx.h"
#include "settle.h"

unsigned cellx_window(const struct cell_spec *sp, size_t msg_bytes, char *note, size_t n)
{
	unsigned w = sp->set->window, lim = sp->t->window_limit;
	size_t fit = CELLX_WINDOW_BYTES / (msg_bytes ? msg_bytes : 1);

	if (sp->set->mode != MODE_BANDWIDTH)
		return 1;
	if (lim && w > lim) {
		snprintf(note, n, "window %u cut to %u: the transport holds no more untaken", w, lim);
		w = lim;
	}
	if (fit < 1)
		fit = 1;
	if (w > fit) {
		snprintf(note, n, "window %u cut to %zu: %u MiB of payload per window at most", w, fit,
			 CELLX_WINDOW_BYTES >> 20);
		w = (unsigned)fit;
	}
	return w ? w : 1;
}

int cellx_gated(const struct cell_settings *s)
{
	return s->mode == MODE_BANDWIDTH ||
	       settle_needed(s->cache == CACHE_COLD, s->touch, (size_t)s->footprint);
}

static unsigned char *zalloc(size_t len)
{
	size_t n = (len + 63) & ~(size_t)63;
	unsigned char *p = aligned_alloc(64, n ? n : 64);

	if (p)
		memset(p, 0, n); /* fault the pages in before anything is timed */
	return p;
}

int cellx_child_args(const struct cell_spec *sp, unsigned window, _Atomic uint32_t *gate,
		     const struct ctr_set *ev, struct measure_args *a)
{
	const struct cell_settings *s = sp->set;

	a->mode = s->mode == MODE_BANDWIDTH ? MEASURE_BANDWIDTH : MEASURE_LATENCY;
	a->window = window;
	a->max_msgs = s->iterations;
	a->cache_cold = s->cache == CACHE_COLD;
	a->use_clflushopt = cache_has_clflushopt();
	a->touch = s->touch;
	a->same_cpu = s->client_cpu == s->server_cpu;
	a->gate = cellx_gated(s) ? gate : NULL;
	a->events = ev;
	a->zero_copy = (sp->t->flags & TR_ZERO_COPY) && sp->t->send_place && sp->t->recv_place;
	a->inject_ticks = s->inject_ns ? clock_from_ns(a->clk, s->inject_ns) : 0;
	a->footprint_len = (size_t)s->footprint;
	if (a->footprint_len && !(a->footprint = zalloc(a->footprint_len)))
		return -ENOMEM;
	if (a->mode != MEASURE_BANDWIDTH || a->side != TR_CLIENT ||
	    !(sp->t->flags & TR_SEND_INPLACE))
		return 0;
	a->ring = calloc(window, sizeof(*a->ring));
	for (unsigned i = 0; a->ring && i < window; i++)
		if (!(a->ring[i] = zalloc(a->rx_cap)))
			return -ENOMEM;
	return a->ring ? 0 : -ENOMEM;
}

static void add_note(struct cell_result *out, const char *text)
{
	size_t len = strlen(out->note);

	snprintf(out->note + len, sizeof(out->note) - len, "%s%s", len ? "; " : "", text);
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
		add_note(out, text);
	}
	for (size_t i = 0; i < ev->n; i++)
		if (res[0].ctr.r[i].user_only || res[1].ctr.r[i].user_only) {
			add_note(out, "some events counted in user space only (perf_event_paranoid)");
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
	out->cpu_user_ns[s] = (double)r->user_ns / m;
	out->cpu_sys_ns[s] = (double)r->sys_ns / m;
	out->ctxsw_vol[s] = (double)r->nvcsw / m;
	out->ctxsw_invol[s] = (double)r->nivcsw / m;
	for (size_t i = 0; i < ev->n && i < r->ctr.n; i++)
		out->ctr.valid[s][i] =
			ctr_per_msg(&r->ctr.r[i], r->phase_msgs, &out->ctr.per_msg[s][i]) == 0;
}

void cellx_summarize(const struct cell_spec *sp, const struct side_result res[2],
		     const struct ctr_set *ev, struct cell_result *out)
{
	out->ctr.n = (unsigned)ev->n;
	for (size_t i = 0; i < ev->n; i++)
		snprintf(out->ctr.name[i], CTR_NAME_LEN, "%s", ev->ev[i].name);
	if (out->status != CELL_OK)
		return;
	for (int s = 0; s < 2; s++)
		side_phase(&res[s], ev, s, out);
	if (out->has_stats && sp->set->mode == MODE_BANDWIDTH)
		out->bandwidth_bps = out->msgs_per_s * (double)sp->size;
	note_counters(res, ev, out);
}
