#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config.h"
#include "config_char.h"
#include "counters.h"
#include "csv.h"
#include "ini.h"
#include "memplace.h"
#include "parse.h"
#include "pin.h"

#define MAX_SIZES 256

struct key_def {
	const char *name;
	const char *help;
	const char *defval;
	int (*apply)(struct sweep *sw, const char *value, char *why, size_t whylen);
};

static const struct transport *lookup_transport(const char *name, char *why, size_t n)
{
	const struct transport *t = transport_find(name);
	const char *cand[128];
	size_t k;

	if (t)
		return t;
	for (k = 0; k < ntransports && k < 128; k++)
		cand[k] = transports[k]->name;
	const char *s = suggest_nearest(name, cand, k);
	snprintf(why, n, "unknown transport '%s'%s%s%s; 'ipcbench list' shows them", name,
		 s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
	return NULL;
}

static int set_transports(struct sweep *sw, const char *v, char *why, size_t n)
{
	char **names;
	size_t nn, cnt;
	int r = parse_name_list(v, &names, &nn), all;

	if (r < 0) {
		snprintf(why, n, "expected a comma-separated list of transport names, or 'all'");
		return r;
	}
	all = nn == 1 && strcmp(names[0], "all") == 0;
	cnt = all ? ntransports : nn;
	const struct transport **t = calloc(cnt, sizeof(*t));
	for (size_t i = 0; t && i < cnt && r == 0; i++) {
		t[i] = all ? transports[i] : lookup_transport(names[i], why, n);
		if (!t[i])
			r = -EINVAL;
	}
	free_name_list(names, nn);
	if (!t || r < 0) {
		free(t);
		return t ? r : -ENOMEM;
	}
	free(sw->t);
	sw->t = t;
	sw->nt = cnt;
	return 0;
}

static int set_sizes(struct sweep *sw, const char *v, char *why, size_t n)
{
	uint64_t tmp[MAX_SIZES];
	size_t cnt;
	int r = parse_size_list(v, tmp, MAX_SIZES, &cnt);

	if (r < 0) {
		snprintf(why, n, r == -ERANGE ? "a size is too large, or more than %d sizes"
					      : "expected sizes such as 1,64,4K,1M (%d at most)",
			 MAX_SIZES);
		return r;
	}
	uint64_t *s = malloc(cnt * sizeof(*s));
	if (!s)
		return -ENOMEM;
	memcpy(s, tmp, cnt * sizeof(*s));
	free(sw->sizes);
	sw->sizes = s;
	sw->nsizes = cnt;
	return 0;
}

static int set_mode(struct sweep *sw, const char *v, char *why, size_t n)
{
	if (strcmp(v, "latency") == 0 || strcmp(v, "bandwidth") == 0) {
		sw->set.mode = v[0] == 'b' ? MODE_BANDWIDTH : MODE_LATENCY;
		return 0;
	}
	snprintf(why, n, "expected 'latency' or 'bandwidth'");
	return -EINVAL;
}

static int set_duration_key(uint64_t *dst, const char *v, uint64_t min, char *why, size_t n)
{
	uint64_t ns;
	int r = parse_duration_ns(v, &ns);

	if (r == 0 && ns < min)
		r = -ERANGE;
	if (r < 0) {
		snprintf(why, n, "expected a duration such as 250ms, 1s or 500us%s",
			 min ? " (greater than zero)" : "");
		return r;
	}
	*dst = ns;
	return 0;
}

static int set_duration(struct sweep *sw, const char *v, char *why, size_t n)
{
	return set_duration_key(&sw->set.duration_ns, v, 1, why, n);
}

static int set_warmup(struct sweep *sw, const char *v, char *why, size_t n)
{
	return set_duration_key(&sw->set.warmup_ns, v, 0, why, n);
}

static int set_timeout(struct sweep *sw, const char *v, char *why, size_t n)
{
	return set_duration_key(&sw->set.timeout_ns, v, 0, why, n);
}

static int set_count(uint64_t *dst, const char *v, uint64_t max, char *why, size_t n)
{
	int r = parse_u64(v, 1, max, dst);

	if (r < 0)
		snprintf(why, n, "expected a whole number from 1 to %llu", (unsigned long long)max);
	return r;
}

static int set_iterations(struct sweep *sw, const char *v, char *why, size_t n)
{
	return set_count(&sw->set.iterations, v, 1000000000ull, why, n);
}

static int set_repeat(struct sweep *sw, const char *v, char *why, size_t n)
{
	uint64_t x;
	int r = set_count(&x, v, 1000, why, n);

	if (r == 0)
		sw->set.repeat = (unsigned)x;
	return r;
}

static int set_verify_every(struct sweep *sw, const char *v, char *why, size_t n)
{
	uint64_t x;
	int r = set_count(&x, v, 1000000, why, n);

	if (r == 0)
		sw->set.verify_every = (unsigned)x;
	return r;
}

static int set_choice(int *dst, const char *v, const char *no, const char *yes, char *why,
		      size_t n)
{
	if (strcmp(v, no) == 0 || strcmp(v, yes) == 0) {
		*dst = strcmp(v, yes) == 0;
		return 0;
	}
	snprintf(why, n, "expected '%s' or '%s'", no, yes);
	return -EINVAL;
}

static int set_verify(struct sweep *sw, const char *v, char *why, size_t n)
{
	return set_choice(&sw->set.verify_full, v, "sample", "full", why, n);
}

static int set_fragment(struct sweep *sw, const char *v, char *why, size_t n)
{
	return set_choice(&sw->set.fragment, v, "no", "yes", why, n);
}

static int set_cpus(struct sweep *sw, const char *v, char *why, size_t n)
{
	struct cpu_list *l;
	int r;

	sw->nplacements = 0; /* explicit CPUs replace placement classes and the matrix */
	free(sw->matrix);
	sw->matrix = NULL;
	if (strcmp(v, "auto") == 0 || strcmp(v, "same") == 0) {
		if (pin_default_pair(&sw->set.client_cpu, &sw->set.server_cpu) < 0)
			sw->set.client_cpu = sw->set.server_cpu = 0;
		if (v[0] == 's')
			sw->set.server_cpu = sw->set.client_cpu;
		return 0;
	}
	l = malloc(sizeof(*l));
	if (!l)
		return -ENOMEM;
	r = parse_cpu_list(v, l);
	if (r == 0 && l->n != 2)
		r = -EINVAL;
	for (size_t i = 0; r == 0 && i < 2; i++) {
		if (pin_cpu_allowed(l->cpu[i]) < 0) {
			snprintf(why, n, "CPU %d is not available to this process (%d CPUs allowed; "
				 "see 'ipcbench list' or taskset)", l->cpu[i], pin_allowed_count());
			free(l);
			return -EINVAL;
		}
	}
	if (r < 0)
		snprintf(why, n, "expected CLIENT,SERVER CPU ids such as 0,1 (0,0: one CPU), auto or same");
	else {
		sw->set.client_cpu = l->cpu[0];
		sw->set.server_cpu = l->cpu[1];
	}
	free(l);
	return r;
}

static int set_placement(struct sweep *sw, const char *v, char *why, size_t n)
{
	char **names;
	size_t nn;
	int r = parse_name_list(v, &names, &nn), all;

	if (r < 0) {
		snprintf(why, n, "expected placement classes such as same-cpu, same-l3, or all");
		return r;
	}
	all = nn == 1 && strcmp(names[0], "all") == 0;
	sw->nplacements = 0;
	for (size_t i = 0; all && i < PL_COUNT; i++)
		sw->placements[sw->nplacements++] = (int)i;
	for (size_t i = 0; !all && i < nn && r == 0; i++) {
		enum placement p = placement_from_name(names[i]);
		const char *cand[PL_COUNT];

		for (int k = 0; k < PL_COUNT; k++)
			cand[k] = placement_name((enum placement)k);
		if (p == PL_NONE || sw->nplacements == PL_COUNT) {
			const char *s = suggest_nearest(names[i], cand, PL_COUNT);
			snprintf(why, n, "unknown placement class '%s'%s%s%s (classes: same-cpu, smt, "
				 "same-l2, same-l3, cross-l3, cross-package, cross-numa, all)", names[i],
				 s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
			r = -EINVAL;
		} else {
			sw->placements[sw->nplacements++] = p;
		}
	}
	free_name_list(names, nn);
	if (r == 0) {
		free(sw->matrix);
		sw->matrix = NULL;
	}
	return r;
}

static int set_matrix(struct sweep *sw, const char *v, char *why, size_t n)
{
	struct cpu_list *l;
	int r = 0;

	if (strcmp(v, "all") != 0 && strcmp(v, "per-core") != 0 && strcmp(v, "per-l3") != 0) {
		l = malloc(sizeof(*l));
		r = l ? parse_cpu_list(v, l) : -ENOMEM;
		for (size_t i = 0; r == 0 && i < l->n; i++)
			if (pin_cpu_allowed(l->cpu[i]) < 0) {
				snprintf(why, n, "CPU %d is not available to this process", l->cpu[i]);
				r = -EINVAL;
			}
		if (r < 0 && !why[0])
			snprintf(why, n, "expected all, per-core, per-l3 or a CPU list such as 0-3,8");
		free(l);
	}
	if (r < 0)
		return r;
	free(sw->matrix);
	sw->matrix = strdup(v);
	sw->nplacements = 0;
	return sw->matrix ? 0 : -ENOMEM;
}

static int set_mem_node(struct sweep *sw, const char *v, char *why, size_t n)
{
	return memplace_parse(v, &sw->set.mem_policy, &sw->set.mem_node, why, n);
}

static int set_preheat(struct sweep *sw, const char *v, char *why, size_t n)
{
	return set_duration_key(&sw->set.preheat_ns, v, 0, why, n);
}

static const struct key_def keys[] = {
	{ "transports", "transports to run, comma-separated, or all", "all", set_transports },
	{ "sizes", "payload sizes in bytes, K/M/G suffixes", "1,64,4K,64K,1M", set_sizes },
	{ "mode", "what to measure: latency (round trips) or bandwidth (streamed windows)",
	  "latency", set_mode },
	{ "duration", "measured time per cell", "1s", set_duration },
	{ "warmup", "unrecorded traffic before measuring", "100ms", set_warmup },
	{ "iterations", "round trips per cell at most (ends before duration if reached)",
	  "1000000", set_iterations },
	{ "repeat", "fresh process pairs per transport and size", "3", set_repeat },
	{ "cpus", "CLIENT,SERVER CPU ids; auto: two different allowed CPUs; same: one CPU",
	  "auto", set_cpus },
	{ "placement", "placement classes to sweep (ipcbench topo), or all; overrides cpus",
	  "none: cpus", set_placement },
	{ "matrix", "core-pair matrix of every ordered CPU pair: all, per-core, per-l3 or a list",
	  "none", set_matrix },
	{ "mem_node", "NUMA node of shared buffers: N, client, server, interleave or none",
	  "none", set_mem_node },
	{ "preheat", "spin both CPUs this long before each cell so frequency has ramped up",
	  "0", set_preheat },
	{ "verify", "payload check: sample (full check every verify_every) or full", "sample",
	  set_verify },
	{ "verify_every", "full payload check of every Nth measured message", "64",
	  set_verify_every },
	{ "fragment", "split messages above a transport's limit: yes, or no (unsupported)",
	  "yes", set_fragment },
	{ "timeout", "a cell taking longer is killed and recorded as timeout",
	  "warmup+duration+max(10s, 2x that)", set_timeout },
	{ "window", "bandwidth mode: messages sent before the receiver's acknowledgement "
	  "(fewer where the transport or 16 MiB of buffers per side allow fewer)", "16", set_window },
	{ "cache", "warm, or cold: flush buffers and shared slots (clflushopt) between messages",
	  "warm", set_cache },
	{ "touch", "what a receiver does with each payload: none (only the sampled "
	  "verification reads it), read or write every word", "none", set_touch },
	{ "footprint", "bytes each side walks between messages (like lmbench lat_ctx -s)", "0",
	  set_footprint },
	{ "events", "counters per message and side (perf names via libpfm4), or none",
	  CTR_DEFAULT, set_events },
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

void config_default_settings(struct cell_settings *s)
{
	*s = (struct cell_settings){
		.mode = MODE_LATENCY,
		.warmup_ns = 100000000ull,
		.duration_ns = 1000000000ull,
		.iterations = 1000000,
		.repeat = 3,
		.verify_every = 64,
		.fragment = 1,
		.window = 16,
	};
	snprintf(s->events, sizeof(s->events), "%s", CTR_DEFAULT);
	if (pin_default_pair(&s->client_cpu, &s->server_cpu) < 0)
		s->client_cpu = s->server_cpu = 0;
}

uint64_t config_cell_timeout_ns(const struct cell_settings *s)
{
	uint64_t base = s->warmup_ns + s->duration_ns, slack = 2 * base;

	if (s->timeout_ns)
		return s->timeout_ns;
	return base + (slack > 10000000000ull ? slack : 10000000000ull);
}

const char *config_mode_name(int mode)
{
	return mode == MODE_LATENCY ? "latency" : mode == MODE_BANDWIDTH ? "bandwidth" : "?";
}

static const struct key_def *find_key(const char *name)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

/* where: "FILE:LINE" or "command line (--opt)". */
static int apply_key(struct sweep *sw, const char *key, const char *value, const char *where,
		     struct config_error *e)
{
	const struct key_def *k = find_key(key);
	char why[256] = "";
	int r;

	if (!k) {
		const char *cand[NKEYS];

		for (size_t i = 0; i < NKEYS; i++)
			cand[i] = keys[i].name;
		const char *s = suggest_nearest(key, cand, NKEYS);
		snprintf(e->msg, sizeof(e->msg), "%s: unknown key '%s'%s%s%s", where, key,
			 s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
		return -EINVAL;
	}
	r = k->apply(sw, value, why, sizeof(why));
	if (r < 0)
		snprintf(e->msg, sizeof(e->msg), "%s: %s = '%s': %s", where, key, value,
			 why[0] ? why : strerror(-r));
	return r;
}

static void sweep_free(struct sweep *sw)
{
	free(sw->name);
	free(sw->matrix);
	free(sw->t);
	free(sw->sizes);
	memset(sw, 0, sizeof(*sw));
}

static int sweep_copy(struct sweep *dst, const struct sweep *src, const char *name)
{
	*dst = *src;
	dst->name = strdup(name);
	dst->t = src->nt ? malloc(src->nt * sizeof(*dst->t)) : NULL;
	dst->sizes = src->nsizes ? malloc(src->nsizes * sizeof(*dst->sizes)) : NULL;
	dst->matrix = src->matrix ? strdup(src->matrix) : NULL;
	if (!dst->name || (src->nt && !dst->t) || (src->nsizes && !dst->sizes) ||
	    (src->matrix && !dst->matrix)) {
		sweep_free(dst);
		return -ENOMEM;
	}
	if (src->nt)
		memcpy(dst->t, src->t, src->nt * sizeof(*dst->t));
	if (src->nsizes)
		memcpy(dst->sizes, src->sizes, src->nsizes * sizeof(*dst->sizes));
	return 0;
}

static struct sweep *add_sweep(struct run_config *cfg, const char *name)
{
	struct sweep *v = realloc(cfg->sweeps, (cfg->nsweeps + 1) * sizeof(*v));

	if (!v)
		return NULL;
	cfg->sweeps = v;
	if (sweep_copy(&v[cfg->nsweeps], &cfg->base, name) < 0)
		return NULL;
	return &v[cfg->nsweeps++];
}

int config_init(struct run_config *cfg, struct config_error *e)
{
	memset(cfg, 0, sizeof(*cfg));
	config_default_settings(&cfg->base.set);
	cfg->results_root = strdup("results");
	cfg->base.name = strdup("global");
	if (!cfg->results_root || !cfg->base.name) {
		snprintf(e->msg, sizeof(e->msg), "out of memory");
		return -ENOMEM;
	}
	return 0;
}

static int apply_section(struct run_config *cfg, const struct ini_file *f, const char *sec,
			 struct sweep *sw, struct config_error *e)
{
	char where[300];

	for (size_t i = 0; i < f->nentries; i++) {
		const struct ini_entry *en = &f->entries[i];

		if (strcmp(en->section, sec) != 0)
			continue;
		snprintf(where, sizeof(where), "%s:%d", cfg->config_path, en->line);
		int r = apply_key(sw, en->key, en->value, where, e);
		if (r < 0)
			return r;
	}
	return 0;
}

static int apply_ini(struct run_config *cfg, const struct ini_file *f, const char *path,
		     struct config_error *e)
{
	int r;

	free(cfg->config_path);
	cfg->config_path = strdup(path);
	r = cfg->config_path ? apply_section(cfg, f, "global", &cfg->base, e) : -ENOMEM;
	for (size_t i = 0; r == 0 && i < f->nsections; i++) {
		const char *name = f->sections[i].name;
		struct sweep *sw;

		if (strcmp(name, "global") == 0)
			continue;
		sw = add_sweep(cfg, name);
		r = sw ? apply_section(cfg, f, name, sw, e) : -ENOMEM;
	}
	if (r == 0 && cfg->nsweeps == 0) {
		snprintf(e->msg, sizeof(e->msg),
			 "%s: no sweep section: add one such as [latency] with transports and sizes",
			 path);
		r = -EINVAL;
	}
	return r;
}

int config_load_file(struct run_config *cfg, const char *path, struct config_error *e)
{
	struct ini_file f = { 0 };
	int r = ini_load(path, &f, e->msg, sizeof(e->msg));

	if (r == 0)
		r = apply_ini(cfg, &f, path, e);
	ini_free(&f);
	return r;
}

int config_load_text(struct run_config *cfg, const char *name, const char *text,
		     struct config_error *e)
{
	struct ini_file f = { 0 };
	int r = ini_parse_buffer(name, text, strlen(text), &f, e->msg, sizeof(e->msg));

	if (r == 0)
		r = apply_ini(cfg, &f, name, e);
	ini_free(&f);
	return r;
}

int config_override(struct run_config *cfg, const char *key, const char *value,
		    const char *where, struct config_error *e)
{
	int r;

	if (cfg->nsweeps == 0 && !add_sweep(cfg, "command-line")) {
		snprintf(e->msg, sizeof(e->msg), "out of memory");
		return -ENOMEM;
	}
	for (size_t i = 0; i < cfg->nsweeps; i++) {
		r = apply_key(&cfg->sweeps[i], key, value, where, e);
		if (r < 0)
			return r;
	}
	return 0;
}

int config_finish(struct run_config *cfg, struct config_error *e)
{
	char why[64];

	if (cfg->nsweeps == 0 && !add_sweep(cfg, "command-line"))
		return -ENOMEM;
	for (size_t i = 0; i < cfg->nsweeps; i++) {
		struct sweep *sw = &cfg->sweeps[i];

		if (!sw->nt && set_transports(sw, "all", why, sizeof(why)) < 0)
			return -ENOMEM;
		if (!sw->nsizes && set_sizes(sw, find_key("sizes")->defval, why, sizeof(why)) < 0)
			return -ENOMEM;
	}
	(void)e;
	return 0;
}

void config_free(struct run_config *cfg)
{
	for (size_t i = 0; i < cfg->nsweeps; i++)
		sweep_free(&cfg->sweeps[i]);
	free(cfg->sweeps);
	sweep_free(&cfg->base);
	free(cfg->config_path);
	free(cfg->outdir);
	free(cfg->resume_dir);
	free(cfg->inject);
	free(cfg->results_root);
	memset(cfg, 0, sizeof(*cfg));
}

static void sweep_to_text(struct sbuf *b, const struct sweep *sw)
{
	const struct cell_settings *s = &sw->set;

	sbuf_printf(b, "[%s]\ntransports = ", sw->name);
	for (size_t i = 0; i < sw->nt; i++)
		sbuf_printf(b, "%s%s", i ? "," : "", sw->t[i]->name);
	sbuf_printf(b, "\nsizes = ");
	for (size_t i = 0; i < sw->nsizes; i++)
		sbuf_printf(b, "%s%llu", i ? "," : "", (unsigned long long)sw->sizes[i]);
	sbuf_printf(b, "\nmode = %s\nwarmup = %lluns\nduration = %lluns\niterations = %llu\n"
		       "repeat = %u\ncpus = %d,%d\nverify = %s\nverify_every = %u\nfragment = %s\n"
		       "timeout = %lluns\n",
		    config_mode_name(s->mode), (unsigned long long)s->warmup_ns,
		    (unsigned long long)s->duration_ns, (unsigned long long)s->iterations, s->repeat,
		    s->client_cpu, s->server_cpu, s->verify_full ? "full" : "sample", s->verify_every,
		    s->fragment ? "yes" : "no", (unsigned long long)config_cell_timeout_ns(s));
	{
		char mn[32];
		sbuf_printf(b, "preheat = %lluns\n", (unsigned long long)s->preheat_ns);
		sbuf_printf(b, "mem_node = %s\n", memplace_name(s->mem_policy, s->mem_node, mn,
							   sizeof(mn)));
	}
	if (sw->matrix)
		sbuf_printf(b, "matrix = %s\n", sw->matrix);
	for (size_t i = 0; i < sw->nplacements; i++)
		sbuf_printf(b, "%s%s%s", i ? "," : "placement = ",
			    placement_name((enum placement)sw->placements[i]),
			    i + 1 == sw->nplacements ? "\n" : "");
	sbuf_printf(b, "window = %u\ncache = %s\ntouch = %s\nfootprint = %llu\nevents = %s\n",
		    s->window, config_cache_name(s->cache), config_touch_name(s->touch),
		    (unsigned long long)s->footprint, s->events[0] ? s->events : "none");
}

char *config_to_text(const struct run_config *cfg)
{
	struct sbuf b = { 0 };

	for (size_t i = 0; i < cfg->nsweeps; i++)
		sweep_to_text(&b, &cfg->sweeps[i]);
	if (b.oom) {
		sbuf_free(&b);
		return NULL;
	}
	return b.p ? b.p : strdup("");
}

void config_print_keys(FILE *f)
{
	for (size_t i = 0; i < NKEYS; i++)
		fprintf(f, "  %-13s %s\n  %-13s (default: %s)\n", keys[i].name, keys[i].help, "",
			keys[i].defval);
}
