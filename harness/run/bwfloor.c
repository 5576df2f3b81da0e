#include <math.h>
#include <stdio.h>
#include <string.h>
#include "run/bwfloor.h"
#include "sys/cachectl.h"

enum copy_kind bwfloor_copy_kind(const struct transport *t)
{
	if (t->flags & TR_SHARED_MEM)
		return COPY_MEMCPY;
	return t->flags & TR_SEND_INPLACE ? COPY_PINNED : COPY_UACCESS;
}

static void add(char *text, size_t n, const char *part)
{
	size_t len = strlen(text);

	snprintf(text + len, n - len, "%s%s", len ? " + " : "", part);
}

int bwfloor_path_ns(const struct transport *t, const struct cell_settings *s,
		    const struct slopes *sl, size_t k, double *ns, char *text, size_t n)
{
	int cross = s->client_cpu != s->server_cpu;
	enum copy_kind kind = bwfloor_copy_kind(t);
	double transfer = fmax(0, sl->xread_ns[k] - sl->read_ns[k]);
	char part[64];

	text[0] = 0;
	if (t->flags & TR_NOPAYLOAD)
		return -1;
	if (t->copies == 0 && s->touch == TOUCH_NONE) {
		*ns = sl->write_ns[k];
		add(text, n, "sender writes");
		return 0;
	}
	/* in place the sender writes every message whole into a slot whose lines the receiver
	 * read last time round: it takes them back, then the receiver reads them across */
	if (t->copies == 0) {
		*ns = (cross ? sl->xwrite_ns[k] : sl->write_ns[k]) + sl->xread_ns[k];
		add(text, n, cross ? "sender takes the lines back + cross-CPU read"
				   : "write + read on one CPU");
		return 0;
	}
	*ns = t->copies * sl->copy_ns[kind][k];
	snprintf(part, sizeof(part), "%d x %s", t->copies, copy_kind_names[kind]);
	add(text, n, part);
	if (cross) {
		*ns += transfer;
		add(text, n, "transfer");
	}
	if (s->touch != TOUCH_NONE) {
		*ns += s->touch == TOUCH_READ ? sl->read_ns[k] : sl->write_ns[k];
		add(text, n, s->touch == TOUCH_READ ? "read" : "write");
	}
	return 0;
}

static int wants_floor(const struct row *r)
{
	return r->done && r->res.status == CELL_OK && r->res.has_stats &&
	       r->set.mode == MODE_BANDWIDTH && !(r->t->flags & TR_NOPAYLOAD) && r->size > 0;
}

int bwfloor_ask(const struct row *rows, size_t n, struct end_floors *f)
{
	for (size_t i = 0; i < n; i++) {
		int r = wants_floor(&rows[i]) ? endfloors_ask(f, rows[i].set.client_cpu,
							      rows[i].set.server_cpu, rows[i].size, 0) : 0;

		if (r < 0)
			return r;
	}
	return 0;
}

void bwfloor_apply(struct row *rows, size_t n, const struct end_floors *f)
{
	for (size_t i = 0; i < n; i++) {
		struct row *r = &rows[i];
		const struct pair_floors *p;
		struct cell_result *res = &r->res;
		double ns;
		int k;

		res->has_path_floor = 0;
		if (!wants_floor(r))
			continue;
		p = endfloors_find(f, r->set.client_cpu, r->set.server_cpu);
		k = endfloors_size_index(p, r->size);
		if (k < 0 || bwfloor_path_ns(r->t, &r->set, &p->sl, (size_t)k, &ns, res->floor_path,
					     sizeof(res->floor_path)) < 0 || !(ns > 0))
			continue;
		res->has_path_floor = 1;
		res->path_floor_bps = (double)r->size / ns * 1e9;
		res->floor_ratio = res->bandwidth_bps / res->path_floor_bps;
	}
}
