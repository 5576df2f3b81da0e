/* One cell: plan how its messages travel (whole, fragmented, as a token) and its window,
 * set the channel up, fork the two sides (cell/child.c) under a deadline, tear down, and
 * judge the outcome (cell/outcome.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cell/between.h"
#include "cell/cell_int.h"
#include "cell/party.h"
#include "cell/payload.h"
#include "cell/samples.h"
#include "sys/memplace.h"
#include "sys/names.h"
#include "sys/shmem.h"

#define SAMPLES_CAP (4u << 20) /* per cell; the duration usually ends first */

const double cell_spectrum_q[CELL_SPECTRUM_N] = { 0, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.995,
						     0.999, 0.9995, 0.9999, 0.99999, 1 };

static const char *const status_names[] = {
	[CELL_OK] = "ok", [CELL_FAIL] = "fail", [CELL_ERROR] = "error",
	[CELL_TIMEOUT] = "timeout", [CELL_PEER_DIED] = "peer-died",
	[CELL_UNSUPPORTED] = "unsupported", [CELL_SKIPPED] = "skipped",
	[CELL_INTERRUPTED] = "interrupted",
	[CELL_INSUFFICIENT] = "insufficient",
};

const char *cell_status_name(enum cell_status s)
{
	return status_names[s];
}

static int unsupported(struct cell_result *out, enum cell_status st, const char *fmt, long v)
{
	out->status = st;
	snprintf(out->note, sizeof(out->note), fmt, v);
	return -1;
}

/* How a message of this size travels: whole, in fragments, as a token, or not at all. */
static int plan_fragments(struct cell_ctx *c, struct cell_result *out)
{
	const struct cell_spec *sp = c->spec;
	long limit = transport_max_msg(sp->t);

	if (limit < 0)
		return unsupported(out, CELL_ERROR, "probing the message size limit: error %ld", -limit);
	if (sp->size > UINT32_MAX - MSG_HDR_SIZE)
		return unsupported(out, CELL_UNSUPPORTED, "sizes above %ld bytes are not supported",
				   (long)(UINT32_MAX - MSG_HDR_SIZE));
	if (sp->t->flags & TR_NOPAYLOAD) {
		if (limit < 1 || limit > 8)
			return unsupported(out, CELL_ERROR, "bad token size %ld", limit);
		if (sp->size > (uint64_t)limit)
			return unsupported(out, CELL_UNSUPPORTED, "notification only: carries at most "
				"%ld bytes (the sequence number), no payload", limit);
		c->token = 1;
		c->wire = c->frag = (size_t)limit;
		out->wire_bytes = c->wire;
		out->fragments = 1;
		return 0;
	}
	c->wire = out->wire_bytes = MSG_HDR_SIZE + sp->size;
	c->frag = limit && c->wire > (size_t)limit ? (size_t)limit : c->wire;
	if (c->frag < c->wire && !sp->set->fragment)
		return unsupported(out, CELL_UNSUPPORTED,
				   "message exceeds the %ld-byte limit of one send and fragment=no", limit);
	out->fragments = (unsigned)((c->wire + c->frag - 1) / c->frag);
	return 0;
}

/* loop = open needs a transport that allows it (bench/transport.h, open_window). */
static int plan_open_loop(const struct cell_spec *sp, struct cell_result *out)
{
	const char *why = transport_no_open(sp->t);

	if (!cell_open_loop(sp->set) || !why)
		return 0;
	out->status = CELL_UNSUPPORTED;
	snprintf(out->note, sizeof(out->note), "loop = open needs several requests in flight, "
		 "sent and taken by two threads: %s (use loop = closed)", why);
	return -1;
}

unsigned cell_window(const struct cell_spec *sp, size_t msg_bytes, char *note, size_t n)
{
	unsigned w = sp->set->window, lim = sp->t->window_limit;
	size_t fit = CELL_WINDOW_BYTES / (msg_bytes ? msg_bytes : 1);

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
			 CELL_WINDOW_BYTES >> 20);
		w = (unsigned)fit;
	}
	return w ? w : 1;
}

#define CELL_PATH_REP_BYTES (1u << 20) /* bytes a copy trial of the cell's path probe moves */
/* Above this the probe would take a second or more of the cell's timeout (3 trials of
 * each copy at least): such cells use the run's probe after the last cell. */
#define CELL_PATH_MAX_BYTES (4u << 20)

static void path_probes_free(struct cell_ctx *c)
{
	for (int k = 0; k < 2; k++) {
		slopes_pair_free(c->path[k]);
		c->path[k] = NULL;
	}
}

/* Bandwidth mode: the costs the path floor is made of, at the cell's size, which its
 * children probe just before and after they measure (cell/child.c); none when memory is
 * short (the run's probe after the last cell stands in). */
static void path_probes_new(struct cell_ctx *c)
{
	const struct cell_spec *sp = c->spec;

	if (sp->set->mode != MODE_BANDWIDTH || (sp->t->flags & TR_NOPAYLOAD) || sp->size == 0 ||
	    sp->size > CELL_PATH_MAX_BYTES)
		return;
	for (int k = 0; k < 2; k++)
		c->path[k] = slopes_pair_new(sp->clk, sp->set->client_cpu, sp->set->server_cpu,
					     sp->size, CELL_PATH_REP_BYTES, c->window,
					     k == 0 && c->between >= 0,
					     c->ch.params->mem);
	if (!c->path[0] || !c->path[1])
		path_probes_free(c);
}

static void path_probes_end(struct cell_ctx *c, struct cell_result *out)
{
	out->has_cell_path = c->path[0] && c->path[1] && out->status == CELL_OK &&
			     slopes_pair_result(c->path[0], &out->cell_path[0]) == 0 &&
			     slopes_pair_result(c->path[1], &out->cell_path[1]) == 0;
	if (out->has_cell_path && out->has_stats)
		out->between_ratio = between_ratio(c->sh->samples,
						   samples_in_array(c->sh->res[TR_CLIENT].nsamples,
								    c->max_samples),
						   c->spec->clk->ns_per_tick / c->window,
						   &out->cell_path[0], &out->between_floor_ns,
						   &out->between_parts);
	path_probes_free(c);
}

static int pair_run(const struct cell_spec *spec, int keep_samples, struct cell_result *out)
{
	struct cell_ctx c = { .spec = spec };
	struct tr_params params = { .same_cpu = spec->set->client_cpu == spec->set->server_cpu };
	struct pair_outcome o = { .end = PAIR_DONE };
	struct mem_place mp = { .policy = spec->set->mem_policy, .node = spec->set->mem_node };
	char tmpdir[512];
	char why[200] = "";
	int r;

	memset(out, 0, sizeof(*out));
	out->mem_node = -1;
	memplace_resolve(&mp, spec->set->client_cpu, spec->set->server_cpu);
	params.mem = &mp;
	if (plan_fragments(&c, out) < 0 || plan_open_loop(spec, out) < 0)
		return 0;
	params.max_wire = c.frag;
	c.window = cell_window(spec, spec->size, out->note, sizeof(out->note));
	c.between = between_path(spec->t, spec->set, c.window);
	params.window = c.window;
	out->window = spec->set->mode == MODE_BANDWIDTH ? c.window : 0;
	if (ctr_resolve(spec->set->events, &c.events, out->note, sizeof(out->note)) < 0) {
		out->status = CELL_ERROR;
		return 0;
	}
	params.tmpdir = tmpdir;
	params.why = why;
	params.whylen = sizeof(why);
	c.ch.params = &params;
	uint64_t cap = spec->samples_cap ? spec->samples_cap : SAMPLES_CAP;

	c.max_samples = spec->set->iterations < cap ? spec->set->iterations : cap;
	c.sh_len = sizeof(struct cell_shared) + c.max_samples * sizeof(uint64_t);
	c.sh = shmem_alloc(c.sh_len);
	if (!c.sh)
		return -errno;
	c.sh->res[0].status = c.sh->res[1].status = SIDE_NOT_STARTED;
	path_probes_new(&c);
	r = ipc_tmpdir_create(tmpdir, sizeof(tmpdir));
	if (r == 0) {
		r = spec->t->setup(&c.ch);
		if (r < 0) {
			out->status = CELL_ERROR;
			snprintf(out->note, sizeof(out->note), "setup: %s", why[0] ? why : strerror(-r));
		} else {
			spawn_pair(cell_child, &c, cell_timeout_ns(spec->set), &o);
			out->counters_opened = ctr_any_opened(&c.sh->res[0].ctr) ||
					       ctr_any_opened(&c.sh->res[1].ctr);
			cell_judge(&c, &o, out);
			out->mem_node = memplace_actual(&mp); /* before teardown unmaps */
		}
		spec->t->teardown(&c.ch);
		for (int s = 0; s < 2; s++) /* a child that died early leaves its names */
			if (o.pid[s] > 0 && ipc_names_remove_of(o.pid[s]) > 0 && out->status == CELL_OK)
				cell_add_note(out, "a child left named objects (removed)");
		if (ipc_tmpdir_remove(tmpdir) > 0 && out->status == CELL_OK)
			cell_add_note(out, "transport left files in its temp dir (removed)");
	} else {
		out->status = CELL_ERROR;
		snprintf(out->note, sizeof(out->note), "private temp dir: %s", strerror(-r));
	}
	r = out->status == CELL_OK ? cell_summarize(&c, keep_samples, out) : 0;
	path_probes_end(&c, out);
	shmem_free(c.sh, c.sh_len);
	if (r < 0)
		return r;
	return o.end == PAIR_INTERRUPTED ? -EINTR : 0;
}

int cell_run(const struct cell_spec *spec, int keep_samples, struct cell_result *out)
{
	int r;

	if (spec->counters_closed_ns)
		ctr_wait_hooks_off(*spec->counters_closed_ns);
	if (spec->set->clients || spec->set->subscribers)
		r = party_run(spec, out);
	else
		r = pair_run(spec, keep_samples, out);
	if (spec->counters_closed_ns && out->counters_opened)
		*spec->counters_closed_ns = clock_mono_ns();
	return r;
}

void cell_result_free(struct cell_result *r)
{
	free(r->samples_ns);
	r->samples_ns = NULL;
	free(r->party);
	r->party = NULL;
}
