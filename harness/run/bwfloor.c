#include <math.h>
#include <stdio.h>
#include <string.h>
#include "run/bwfloor.h"
#include "cell/between.h"
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

/* What the sender and the receiver each do to one message (ns), and its words; extra:
 * what the receiver adds to its copy (transfer, its touch), also in rtext. */
struct sides {
	double send, recv;
	char stext[64], rtext[64], extra[32];
};

static void sides_of(const struct transport *t, const struct cell_settings *s,
		     const struct slopes *sl, size_t k, struct sides *d)
{
	int cross = s->client_cpu != s->server_cpu;
	enum copy_kind kind = bwfloor_copy_kind(t);
	double copy = sl->copy_ns[kind][k];

	*d = (struct sides){ 0 };
	if (t->copies == 0) {
		/* in place the sender writes every message whole into a slot whose lines the
		 * receiver read last time round: it takes them back, the receiver reads across */
		d->send = cross ? sl->xwrite_ns[k] : sl->write_ns[k];
		d->recv = sl->xread_ns[k];
		add(d->stext, sizeof(d->stext), cross ? "takes the lines back" : "writes");
		add(d->rtext, sizeof(d->rtext), cross ? "reads across" : "reads");
		return;
	}
	/* the receiver makes the last copy; the sender any before it */
	d->send = (t->copies - 1) * copy;
	d->recv = copy;
	if (t->copies > 1)
		snprintf(d->stext, sizeof(d->stext), "%d x %s", t->copies - 1, copy_kind_names[kind]);
	if (cross) {
		d->recv += fmax(0, sl->xread_ns[k] - sl->read_ns[k]);
		add(d->extra, sizeof(d->extra), "transfer");
	}
	if (s->touch != TOUCH_NONE) {
		d->recv += s->touch == TOUCH_READ ? sl->read_ns[k] : sl->write_ns[k];
		add(d->extra, sizeof(d->extra), s->touch == TOUCH_READ ? "read" : "write");
	}
	snprintf(d->rtext, sizeof(d->rtext), "1 x %s", copy_kind_names[kind]);
	if (d->extra[0])
		add(d->rtext, sizeof(d->rtext), d->extra);
}

int bwfloor_path_ns(const struct transport *t, const struct cell_settings *s,
		    const struct slopes *sl, size_t k, unsigned window, double *ns, char *text,
		    size_t n)
{
	int cross = s->client_cpu != s->server_cpu;
	struct sides d;
	int stream;

	text[0] = 0;
	if (t->flags & TR_NOPAYLOAD)
		return -1;
	if (t->copies == 0 && s->touch == TOUCH_NONE) {
		*ns = sl->write_ns[k];
		add(text, n, "sender writes");
		return 0;
	}
	/* measured as the stream does it: sender and receiver on a ring at once */
	stream = between_path(t, s, window);
	if (stream == 0 && sl->stream_ns[k] > 0) {
		*ns = sl->stream_ns[k];
		snprintf(text, n, "sender writes, receiver reads across, a ring of %u at once",
			 window);
		return 0;
	}
	if (stream == 1 && sl->stream_copy_ns[k] > 0) {
		*ns = sl->stream_copy_ns[k];
		snprintf(text, n, "sender copies in, receiver copies out and reads, a ring of "
			 "%u at once", window);
		return 0;
	}
	sides_of(t, s, sl, k, &d);
	if (cross && window > 1) {
		/* with messages in flight the two CPUs work on different ones at once */
		*ns = fmax(d.send, d.recv);
		snprintf(text, n, "slower of send (%s) and receive (%s), %u in flight",
			 d.stext[0] ? d.stext : "nothing", d.rtext, window);
		return 0;
	}
	*ns = d.send + d.recv;
	if (t->copies == 0) {
		add(text, n, cross ? "sender takes the lines back + cross-CPU read"
				   : "write + read on one CPU");
		return 0;
	}
	snprintf(text, n, "%d x %s", t->copies, copy_kind_names[bwfloor_copy_kind(t)]);
	if (d.extra[0])
		add(text, n, d.extra);
	return 0;
}

static int wants_floor(const struct row *r)
{
	return r->done && !r->carried && r->res.status == CELL_OK && r->res.has_stats &&
	       r->set.mode == MODE_BANDWIDTH && !(r->t->flags & TR_NOPAYLOAD) && r->size > 0;
}

int bwfloor_ask(const struct row *rows, size_t n, struct end_floors *f)
{
	for (size_t i = 0; i < n; i++) {
		/* a cell probed beside itself needs no probe after the last cell */
		int r = wants_floor(&rows[i]) && !rows[i].res.has_cell_path
				? endfloors_ask(f, rows[i].set.client_cpu, rows[i].set.server_cpu,
						rows[i].size, 0)
				: 0;

		if (r < 0)
			return r;
	}
	return 0;
}

/* The floor from the probes just before and after the cell: the faster of the two, the
 * best the path did beside the cell (so the ratio can come out low, never flattered); no
 * ratio when the cache-line probes say the host moved a CPU during the cell. Two path
 * probes that differ by more than CELL_FLOOR_TOL are noted: on the AMD VM the one before
 * was mostly the slower, with the cache-line floor steady (docs/copies.md). A path the
 * cell also streamed between its windows (cell/between.h) has its floor from there, and
 * its ratio pairs each part of the timed phase with the streams at its ends, which holds
 * when the host moves a CPU in between. */
/* What beside_cell found: no floor; a floor but no ratio; the probes' floor, the bandwidth
 * read against it; the streams' floor and their paired ratio. */
enum beside { BESIDE_NONE = -1, BESIDE_NO_RATIO, BESIDE_PROBED, BESIDE_STREAMED };

static enum beside beside_cell(struct row *r, double *ns)
{
	struct cell_result *res = &r->res;
	double b, a;
	char text[200];
	size_t len;

	if (bwfloor_path_ns(r->t, &r->set, &res->cell_path[0], 0, res->window, &b,
			    res->floor_path, sizeof(res->floor_path)) < 0 ||
	    bwfloor_path_ns(r->t, &r->set, &res->cell_path[1], 0, res->window, &a,
			    res->floor_path, sizeof(res->floor_path)) < 0 || !(a > 0) || !(b > 0))
		return BESIDE_NONE;
	if (fabs(a - b) > CELL_FLOOR_TOL * fmin(a, b)) {
		snprintf(text, sizeof(text), "the path floor's probes differ (%.2f GB/s before, "
			 "%.2f after)%s", (double)r->size / b, (double)r->size / a,
			 res->between_parts >= 2 ? "" : ": the faster is the floor");
		cell_add_note(res, text);
	}
	len = strlen(res->floor_path);
	if (res->between_parts >= 2) {
		snprintf(res->floor_path + len, sizeof(res->floor_path) - len,
			 ", streamed between the cell's windows (%u parts)", res->between_parts);
		*ns = res->between_floor_ns;
		return BESIDE_STREAMED;
	}
	snprintf(res->floor_path + len, sizeof(res->floor_path) - len, ", beside the cell");
	*ns = fmin(a, b);
	if (res->floor_stable == 0) {
		cell_add_note(res, "no floor_ratio: the host moved a CPU during the cell");
		return BESIDE_NO_RATIO;
	}
	return BESIDE_PROBED;
}

void bwfloor_apply(struct row *rows, size_t n, const struct end_floors *f)
{
	for (size_t i = 0; i < n; i++) {
		struct row *r = &rows[i];
		const struct pair_floors *p;
		struct cell_result *res = &r->res;
		double ns;
		enum beside how = BESIDE_PROBED; /* the run's probe reads as the cell's */
		int k;

		if (r->carried) /* resume: its floor was read back with its line */
			continue;
		res->has_path_floor = 0;
		if (!wants_floor(r))
			continue;
		if (res->has_cell_path) {
			if ((how = beside_cell(r, &ns)) == BESIDE_NONE)
				continue;
		} else {
			p = endfloors_find(f, r->set.client_cpu, r->set.server_cpu);
			k = endfloors_size_index(p, r->size);
			if (k < 0 || bwfloor_path_ns(r->t, &r->set, &p->sl, (size_t)k, res->window,
						     &ns, res->floor_path, sizeof(res->floor_path)) < 0 ||
			    !(ns > 0))
				continue;
		}
		res->has_path_floor = 1;
		res->path_floor_bps = (double)r->size / ns * 1e9;
		res->floor_ratio = how == BESIDE_STREAMED ? res->between_ratio
				 : how == BESIDE_PROBED ? res->bandwidth_bps / res->path_floor_bps : 0;
	}
}
