/* A party cell (fan-in or fan-out) in the parent: what the transport and the settings
 * allow, the shared memory, the channel, the children under a deadline, the verdict
 * (cell/party.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cell/party_int.h"
#include "cell/payload.h"
#include "cell/settle.h"
#include "sys/names.h"
#include "sys/shmem.h"

#define PARTY_SAMPLES (4u << 20) /* array entries per cell, shared by its parties */
#define PARTY_MIN_SAMPLES 4096u  /* per party at least; beyond: the log histogram */

static int unsupported(const struct party_ctx *c, struct cell_result *out, const char *why)
{
	out->status = CELL_UNSUPPORTED;
	snprintf(out->note, sizeof(out->note), "%s: %s", c->ops.pattern, why);
	return -1;
}

/* The operations of the pattern the settings ask for; the transport's limit (or -1 when it
 * has no such operations, the reason in *why). */
static long pick_ops(struct party_ctx *c, const char **why)
{
	const struct transport *t = c->spec->t;
	const struct tr_fanout *o = t->fanout;
	const struct tr_fanin *f = t->fanin;

	c->fanout = c->spec->set->subscribers > 0;
	c->ops.pattern = c->fanout ? "fan-out" : "fan-in";
	*why = c->fanout ? t->no_fanout : t->no_fanin;
	if (!*why)
		*why = "not built for this transport";
	if (c->fanout && o) {
		c->fo = o;
		c->ops = (struct party_ops){ "fan-out", o->how, o->setup, o->open, o->close,
					     o->teardown, o->describe };
		return o->probe_max_msg ? o->probe_max_msg() : (long)o->max_msg;
	}
	if (!c->fanout && f) {
		c->f = f;
		c->ops = (struct party_ops){ "fan-in", f->how, f->setup, f->open, f->close,
					     f->teardown, f->describe };
		return f->probe_max_msg ? f->probe_max_msg() : (long)f->max_msg;
	}
	return -1 - (long)ENOSYS; /* below any errno: the pattern is not there */
}

/* What the transport and the settings allow; the message size. */
static int check(struct party_ctx *c, struct cell_result *out)
{
	const struct cell_spec *sp = c->spec;
	const struct cell_settings *s = sp->set;
	const char *none;
	long limit = pick_ops(c, &none);
	char why[200];

	if (limit == -1 - (long)ENOSYS)
		return unsupported(c, out, none);
	if (sp->t->flags & TR_NOPAYLOAD)
		return unsupported(c, out, "notification only: no message to verify per party");
	if (s->mode != MODE_LATENCY)
		return unsupported(c, out, "measured in latency mode only");
	if (settle_needed(s->cache == CACHE_COLD, s->touch, (size_t)s->footprint))
		return unsupported(c, out, "cache, touch and footprint settle one pair's messages");
	c->wire = MSG_HDR_SIZE + sp->size;
	if (limit < 0) {
		out->status = CELL_ERROR;
		snprintf(out->note, sizeof(out->note), "%s: probing the message size limit: %s",
			 c->ops.pattern, strerror((int)-limit));
		return -1;
	}
	if (limit && c->wire > (size_t)limit) {
		snprintf(why, sizeof(why), "a message of %zu bytes exceeds the channel's %ld (%s "
			 "does not fragment: %s)", c->wire, limit, c->ops.pattern, c->ops.how);
		return unsupported(c, out, why);
	}
	if (c->f && c->f->fits && c->f->fits(c->n, c->wire, why, sizeof(why)) < 0)
		return unsupported(c, out, why);
	if (ctr_resolve(s->events, &c->events, out->note, sizeof(out->note)) < 0) {
		out->status = CELL_ERROR;
		return -1;
	}
	return 0;
}

static int alloc_shared(struct party_ctx *c)
{
	uint64_t cap = c->spec->samples_cap ? c->spec->samples_cap : PARTY_SAMPLES / c->nareas;

	if (cap < PARTY_MIN_SAMPLES && !c->spec->samples_cap)
		cap = PARTY_MIN_SAMPLES;
	c->max_samples = c->spec->set->iterations < cap ? c->spec->set->iterations : cap;
	c->stride = (sizeof(struct party_area) + c->max_samples * sizeof(uint64_t) + 63) & ~(size_t)63;
	c->sh_len = sizeof(struct party_shared) + c->nareas * c->stride;
	c->sh = shmem_alloc(c->sh_len);
	if (!c->sh)
		return -errno;
	c->sh->srv.status = SIDE_NOT_STARTED;
	for (unsigned k = 0; k < c->nareas; k++)
		party_area(c, k)->res.status = SIDE_NOT_STARTED;
	return 0;
}

/* n: the processes; the last is the server (publisher). */
static const char *inbound_name(unsigned i, unsigned n, char *buf, size_t len)
{
	if (i + 1 == n)
		return "server";
	snprintf(buf, len, "client %u", i);
	return buf;
}

static const char *outbound_name(unsigned i, unsigned n, char *buf, size_t len)
{
	if (i + 1 == n)
		return "publisher";
	snprintf(buf, len, "subscriber %u", i);
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
		struct judge_in j = { .n = m, .res = res, .wstatus = ws,
				      .name = c->fanout ? outbound_name : inbound_name,
				      .killed_by_us = killed, .end = o.end, .fork_errno = o.fork_errno,
				      .limit_ns = cell_timeout_ns(c->spec->set) };
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
	r = c->ops.setup(&c->ch, c->n);
	if (r < 0) {
		out->status = CELL_ERROR;
		snprintf(out->note, sizeof(out->note), "%s setup for %u %s: %s", c->ops.pattern,
			 c->n, c->fanout ? "subscribers" : "clients", strerror(-r));
	} else {
		rc = run_children(c, out);
	}
	c->ops.teardown(&c->ch);
	if (ipc_tmpdir_remove(tmpdir) > 0 && out->status == CELL_OK)
		cell_add_note(out, "transport left files in its temp dir (removed)");
	return rc;
}

int party_run(const struct cell_spec *spec, struct cell_result *out)
{
	const struct party_plan *plan = spec->plan;
	struct party_ctx c = { .spec = spec, .n = plan->n, .cpu = plan->cpu };
	struct tr_params params = { .window = 1 };
	int r;

	memset(out, 0, sizeof(*out));
	out->mem_node = -1;
	out->fragments = 1;
	out->floor_stable = -1;
	if (check(&c, out) < 0)
		return 0;
	c.nareas = c.fanout ? c.n + 1 : c.n;
	out->wire_bytes = c.wire;
	params.max_wire = c.wire;
	params.same_cpu = c.same_cpu = cpus_shared(plan);
	c.ch.params = &params;
	if ((r = alloc_shared(&c)) < 0)
		return r;
	r = with_channel(&c, &params, out);
	for (unsigned k = 0; k < c.nareas; k++)
		out->counters_opened |= ctr_any_opened(&party_area(&c, k)->res.ctr);
	if (r == 0 && out->status == CELL_OK)
		r = c.fanout ? fanout_summarize(&c, out) : party_summarize(&c, out);
	shmem_free(c.sh, c.sh_len);
	return r;
}
