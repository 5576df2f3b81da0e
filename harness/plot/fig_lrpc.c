/* The LRPC breakdown of lrpc.csv: per placement, where the time of one call goes, stage
 * by stage, for every transport. */
#include <stdio.h>
#include "plot/figures.h"
#include "plot/gnuplot.h"

static void lrpc_one(const struct run_dir *r, struct rowsel *s, const char *placement,
		     struct figlist *l)
{
	struct sbuf tr = { 0 };
	struct fig *f;

	s->value[0] = placement;
	distinct_words(&r->t[RF_LRPC], s, "transport", &tr);
	f = fig_add(l, FK_LRPC, "lrpc-%s\tTime breakdown of one %scall, stage by stage, all "
		    "transports, %s", placement, s->col[1] ? "null " : "", placement);
	if (f) {
		fig_run_vars(&f->vars, r, RF_LRPC);
		gp_str(&f->vars, "transports", tr.p);
		gp_str(&f->vars, "placement", placement);
		gp_str(&f->vars, "call", s->col[1] ? s->value[1] : "");
	}
	sbuf_free(&tr);
}

/* One figure per placement, of the rows with every stage (of the null call, when the
 * rows say which call they are). */
void fig_lrpc(const struct fig_input *in, struct figlist *l)
{
	const struct run_dir *r = in->r;
	struct rowsel s = { .nonneg = { "client_notify_ns", "server_wakeup_ns", "handler_ns",
					"return_notify_ns", "client_wakeup_ns" } };
	struct sbuf pl = { 0 };
	char name[128];

	if (!fig_table_usable(r, RF_LRPC, FK_LRPC, l))
		return;
	if (csv_col(&r->t[RF_LRPC], "call") >= 0) { /* `ipcbench lrpc`: one bar per transport */
		s.col[1] = "call";
		s.value[1] = "null";
	}
	if (csv_col(&r->t[RF_LRPC], "transport") >= 0)
		distinct_words(&r->t[RF_LRPC], &s, "placement", &pl);
	if (pl.len == 0)
		fig_nodata(l, FK_LRPC, "lrpc.csv has no row with a transport, a placement and "
			   "every stage");
	s.col[0] = "placement";
	for (size_t i = 0, n = word_count(pl.p); i < n; i++) {
		word_at(pl.p, i, name, sizeof(name));
		lrpc_one(r, &s, name, l);
	}
	sbuf_free(&pl);
}
