/* A fan-in cell in the parent: what the transport and the settings allow, the shared
 * memory, the channel, the children under a deadline, the verdict (cell/party.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cell/party_int.h"
#include "cell/payload.h"
#include "cell/settle.h"
#include "sys/names.h"
#include "sys/shmem.h"

#define PARTY_SAMPLES (4u << 20) /* array entries per cell, shared by its clients */
#define PARTY_MIN_SAMPLES 4096u  /* per client at least; beyond: the log histogram */

static int unsupported(struct cell_result *out, const char *why)
{
	out->status = CELL_UNSUPPORTED;
	snprintf(out->note, sizeof(out->note), "fan-in: %s", why);
	return -1;
}

/* What the transport and the settings allow; the message size. */
static int check(struct party_ctx *c, struct cell_result *out)
{
	const struct cell_spec *sp = c->spec;
	const struct cell_settings *s = sp->set;
	long limit;
	char why[200];

	if (!c->f)
		return unsupported(out, sp->t->no_fanin ? sp->t->no_fanin
							: "not built for this transport");
	if (sp->t->flags & TR_NOPAYLOAD)
		return unsupported(out, "notification only: no message carries whose it is");
	if (s->mode != MODE_LATENCY)
		return unsupported(out, "measured in latency mode (round trips) only");
	if (settle_needed(s->cache == CACHE_COLD, s->touch, (size_t)s->footprint))
		return unsupported(out, "cache, touch and footprint settle one pair's messages");
	limit = c->f->probe_max_msg ? c->f->probe_max_msg() : (long)c->f->max_msg;
	c->wire = MSG_HDR_SIZE + sp->size;
	if (limit < 0) {
		out->status = CELL_ERROR;
		snprintf(out->note, sizeof(out->note), "fan-in: probing the message size limit: %s",
			 strerror((int)-limit));
		return -1;
	}
	if (limit && c->wire > (size_t)limit) {
		snprintf(why, sizeof(why), "a message of %zu bytes exceeds the channel's %ld (fan-in "
			 "does not fragment: %s)", c->wire, limit, c->f->how);
		return unsupported(out, why);
	}
	if (c->f->fits && c->f->fits(c->n, c->wire, why, sizeof(why)) < 0)
		return unsupported(out, why);
	if (ctr_resolve(s->events, &c->events, out->note, sizeof(out->note)) < 0) {
		out->status = CELL_ERROR;
		return -1;
	}
	return 0;
}

static int alloc_shared(struct party_ctx *c)
{
	uint64_t cap = c->spec->samples_cap ? c->spec->samples_cap : PARTY_SAMPLES / c->n;

	if (cap < PARTY_MIN_SAMPLES && !c->spec->samples_cap)
		cap = PARTY_MIN_SAMPLES;
	c->max_samples = c->spec->set->iterations < cap ? c->spec->set->iterations : cap;
	c->stride = (sizeof(struct party_area) + c->max_samples * sizeof(uint64_t) + 63) & ~(size_t)63;
	c->sh_len = sizeof(struct party_shared) + c->n * c->stride;
	c->sh = shmem_alloc(c->sh_len);
	if (!c->sh)
		return -errno;
	c->sh->srv.status = SIDE_NOT_STARTED;
	for (unsigned k = 0; k < c->n; k++)
		party_area(c, k)->res.status = SIDE_NOT_STARTED;
	return 0;
}

/* n: the processes; the last is the server. */
static const char *party_name(unsigned i, unsigned n, char *buf, size_t len)
{
	if (i + 1 == n)
		return "server";
	snprintf(buf, len, "client %u", i);
	return buf;
}

/* The children under the deadline, and the verdict. */
static int run_children(struct party_ctx *c, struct cell_result *out)
{
	unsigned m = c->n + 1;
	int *ws = calloc(m, sizeof(int)), *killed = calloc(m, sizeof(int));
	const struct side_result **res = calloc(m, sizeof(*res));
	struct group_outcome o = { .wstatus = ws, .killed_by_us = killed };
	int r = ws && killed && res ? spawn_group(party_child, c, m, cell_timeout_ns(c->spec->set), &o)
				    : -ENOMEM;

	if (r == 0) {
		for (unsigned k = 0; k < c->n; k++)
			res[k] = &party_area(c, k)->res;
		res[c->n] = &c->sh->srv;
		struct judge_in j = { .n = m, .res = res, .name = party_name, .wstatus = ws,
				      .killed_by_us = killed, .end = o.end, .fork_errno = o.fork_errno,
				      .limit_s = (double)cell_timeout_ns(c->spec->set) / 1e9 };
		cell_judge_group(&j, out);
		if (out->status == CELL_OK) {
			cell_add_note(out, c->sh->srv.note);
			cell_add_note(out, res[0]->note);
		}
	}
	free(ws);
	free(killed);
	free(res);
	return r < 0 ? r : o.end == PAIR_INTERRUPTED ? -EINTR : 0;
}

/* Some processes share a CPU (oversubscribed, or a client on the server's). */
static int cpus_shared(const struct party_plan *p)
{
	for (unsigned i = 1; i <= p->n; i++)
		if (p->cpu[i] == p->cpu[0])
			return 1;
	return p->oversubscribed;
}

static int with_channel(struct party_ctx *c, struct tr_params *params, struct cell_result *out)
{
	char tmpdir[512];
	int r = ipc_tmpdir_create(tmpdir, sizeof(tmpdir)), rc = 0;

	if (r < 0) {
		out->status = CELL_ERROR;
		snprintf(out->note, sizeof(out->note), "private temp dir: %s", strerror(-r));
		return 0;
	}
	params->tmpdir = tmpdir;
	r = c->f->setup(&c->ch, c->n);
	if (r < 0) {
		out->status = CELL_ERROR;
		snprintf(out->note, sizeof(out->note), "fan-in setup for %u clients: %s", c->n,
			 strerror(-r));
	} else {
		rc = run_children(c, out);
	}
	c->f->teardown(&c->ch);
	if (ipc_tmpdir_remove(tmpdir) > 0 && out->status == CELL_OK)
		cell_add_note(out, "transport left files in its temp dir (removed)");
	return rc;
}

int party_run(const struct cell_spec *spec, struct cell_result *out)
{
	const struct party_plan *plan = spec->plan;
	struct party_ctx c = { .spec = spec, .f = spec->t->fanin, .n = plan->n, .cpu = plan->cpu };
	struct tr_params params = { .window = 1 };
	int r;

	memset(out, 0, sizeof(*out));
	out->mem_node = -1;
	out->fragments = 1;
	out->floor_stable = -1;
	if (check(&c, out) < 0)
		return 0;
	out->wire_bytes = c.wire;
	params.max_wire = c.wire;
	params.same_cpu = c.same_cpu = cpus_shared(plan);
	c.ch.params = &params;
	if ((r = alloc_shared(&c)) < 0)
		return r;
	r = with_channel(&c, &params, out);
	if (r == 0 && out->status == CELL_OK)
		r = party_summarize(&c, out);
	shmem_free(c.sh, c.sh_len);
	return r;
}
