/* The parties.csv table (out/parties.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "out/parties.h"
#include "out/schema.h"

#define GET(fn, expr) \
	static double fn(const struct party_client *c, unsigned k) \
	{ \
		(void)k; \
		return (double)(expr); \
	}
#define PUT(fn, lvalue) \
	static void fn(struct party_client *c, double v) \
	{ \
		lvalue = v; \
	}

static double g_party(const struct party_client *c, unsigned k)
{
	(void)c;
	return k;
}

GET(g_cpu, c->cpu)
GET(g_samples, c->st.n)
GET(g_rate, c->msgs_per_s)
GET(g_min, c->st.min)
GET(g_p50, c->st.p50)
GET(g_p90, c->st.p90)
GET(g_p99, c->st.p99)
GET(g_p999, c->st.p999)
GET(g_max, c->st.max)
GET(g_mean, c->st.mean)
GET(g_hist, c->from_hist)
GET(g_open, c->open_ns)
GET(g_lookup, c->has_bind ? c->bind_ns[0] : NAN)
GET(g_alloc, c->has_bind ? c->bind_ns[1] : NAN)
GET(g_map, c->has_bind ? c->bind_ns[2] : NAN)
PUT(p_cpu, c->cpu)
PUT(p_samples, c->st.n)
PUT(p_rate, c->msgs_per_s)
PUT(p_min, c->st.min)
PUT(p_p50, c->st.p50)
PUT(p_p90, c->st.p90)
PUT(p_p99, c->st.p99)
PUT(p_p999, c->st.p999)
PUT(p_max, c->st.max)
PUT(p_mean, c->st.mean)
PUT(p_hist, c->from_hist)
PUT(p_open, c->open_ns)
static void p_lookup(struct party_client *c, double v)
{
	c->bind_ns[0] = v;
	c->has_bind = 1;
}

PUT(p_alloc, c->bind_ns[1])
PUT(p_map, c->bind_ns[2])

const struct party_col party_cols[] = {
	{ "party", "", 0, g_party, NULL, "the client's number (fan-in; its messages' sequence "
	  "numbers carry it) or the subscriber's (fan-out), from 0" },
	{ "party_cpu", "", 0, g_cpu, p_cpu, "the CPU the placement plan pinned it to" },
	{ "party_samples", "count", 0, g_samples, p_samples, "its timed round trips (fan-in) or "
	  "messages taken (fan-out)" },
	{ "party_msgs_per_s", "1/s", 1, g_rate, p_rate, "its round trips (messages) per second, "
	  "from its first timed one to its last: the rates fairness_jain is over" },
	{ "party_min_ns", "ns", 1, g_min, p_min, "its fastest round trip (fan-out: one-way time "
	  "from the publisher's send to its receive)" },
	{ "party_p50_ns", "ns", 1, g_p50, p_p50, "its median" },
	{ "party_p90_ns", "ns", 1, g_p90, p_p90, "its 90th percentile" },
	{ "party_p99_ns", "ns", 1, g_p99, p_p99, "its 99th percentile" },
	{ "party_p999_ns", "ns", 1, g_p999, p_p999, "its 99.9th percentile" },
	{ "party_max_ns", "ns", 1, g_max, p_max, "its slowest" },
	{ "party_mean_ns", "ns", 1, g_mean, p_mean, "its mean" },
	{ "party_from_hist", "", 0, g_hist, p_hist, "1 when its percentiles come from the log "
	  "histogram (more samples than its array held)" },
	{ "party_open_ns", "ns", 0, g_open, p_open, "its channel's open before the start, untimed "
	  "(lrpc-*: its binding through the naming service)" },
	{ "party_lookup_ns", "ns", 0, g_lookup, p_lookup, "lrpc-* fan-in: its binding's lookup at "
	  "the naming service (NA: no such binding)" },
	{ "party_alloc_ns", "ns", 0, g_alloc, p_alloc, "... its A-stack's allocation there" },
	{ "party_map_ns", "ns", 0, g_map, p_map, "... and its mapping" },
};
const size_t nparty_cols = sizeof(party_cols) / sizeof(party_cols[0]);

static int is_key(const struct col_def *d)
{
	return d->role == COL_SETTING || d->role == COL_REPEAT;
}

void parties_csv(struct sbuf *b, const struct row *rows, size_t n)
{
	for (size_t i = 0; i < nresults_cols; i++)
		if (is_key(&results_cols[i]))
			sbuf_printf(b, "%s,", results_cols[i].name);
	for (size_t i = 0; i < nparty_cols; i++)
		sbuf_printf(b, "%s%s", party_cols[i].name, i + 1 < nparty_cols ? "," : "\n");
	for (size_t r = 0; r < n; r++) {
		const struct party_result *p = rows[r].res.party;

		for (unsigned k = 0; rows[r].done && p && k < p->n; k++) {
			for (size_t i = 0; i < nresults_cols; i++)
				if (is_key(&results_cols[i])) {
					schema_field(b, &results_cols[i], &rows[r], (struct col_ref){ 0 });
					sbuf_putc(b, ',');
				}
			for (size_t i = 0; i < nparty_cols; i++) {
				double v = party_cols[i].get(&p->c[k], k);

				sbuf_csv_num(b, !isnan(v), v, party_cols[i].decimals);
				sbuf_putc(b, i + 1 < nparty_cols ? ',' : '\n');
			}
		}
	}
}

int parties_load(const struct csv_table *t, struct row *r)
{
	unsigned n = cell_parties(&r->set), found = 0;
	struct party_result *p = calloc(1, sizeof(*p) + n * sizeof(p->c[0]));

	if (!p)
		return -ENOMEM;
	p->n = n;
	p->oversubscribed = r->oversubscribed;
	for (size_t i = 0; i < t->nrows; i++) {
		const char *f = csv_get(t, i, "party");
		unsigned long k = f ? strtoul(f, NULL, 10) : n;

		if (k >= n || !schema_same_cell(t, i, r))
			continue;
		for (size_t c = 0; c < nparty_cols; c++) {
			const char *v = csv_get(t, i, party_cols[c].name);

			if (party_cols[c].put && v && strcmp(v, "NA") != 0)
				party_cols[c].put(&p->c[k], strtod(v, NULL));
		}
		found++;
	}
	if (found < n) {
		free(p);
		return -ENOENT;
	}
	free(r->res.party);
	r->res.party = p;
	return 0;
}

void parties_print_reference(FILE *f, int markdown)
{
	if (markdown)
		fprintf(f, "\nparties.csv: one row per client of each fan-in cell; first the key "
			"columns of results.csv (its settings and repeat), then:\n\n"
			"| column | unit | meaning |\n|---|---|---|\n");
	else
		fprintf(f, "\nparties.csv (one row per client of each fan-in cell; results.csv's "
			"key columns, then):\n");
	for (size_t i = 0; i < nparty_cols; i++)
		if (markdown)
			fprintf(f, "| %s | %s | %s |\n", party_cols[i].name, party_cols[i].unit,
				party_cols[i].help);
		else
			fprintf(f, "  %-44s %-7s %s\n", party_cols[i].name, party_cols[i].unit,
				party_cols[i].help);
}
