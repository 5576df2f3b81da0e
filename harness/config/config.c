#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config/config.h"
#include "config/ini.h"
#include "config/keys.h"
#include "text/csv.h"
#include "text/parse.h"

/* Every key's default, applied as if written: the defaults are the table's. */
static int apply_defaults(struct sweep *sw)
{
	char why[256];

	memset(&sw->set, 0, sizeof(sw->set));
	for (size_t i = 0; i < nconfig_keys; i++)
		if (config_keys[i].def && config_keys[i].apply(sw, config_keys[i].def, why,
							      sizeof(why)) < 0)
			return -EINVAL; /* a bad default: caught by the tests */
	return 0;
}

void config_default_settings(struct cell_settings *s)
{
	struct sweep sw = { 0 };

	apply_defaults(&sw);
	*s = sw.set;
	free(sw.t);
	free(sw.sizes);
	free(sw.matrix);
	free(sw.rates.v);
	free(sw.clients.v);
	free(sw.subscribers.v);
}

/* where: "FILE:LINE" or "command line (--opt)". */
static int apply_key(struct sweep *sw, const char *key, const char *value, const char *where,
		     struct config_error *e)
{
	const struct key_def *k = config_key(key);
	char why[256] = "";
	int r;

	if (!k) {
		const char *cand[64];
		size_t nc = 0;

		for (size_t i = 0; i < nconfig_keys && nc < 64; i++)
			cand[nc++] = config_keys[i].name;
		const char *s = suggest_nearest(key, cand, nc);
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
	free(sw->rates.v);
	free(sw->clients.v);
	free(sw->subscribers.v);
	free(sw->name);
	free(sw->matrix);
	free(sw->t);
	free(sw->sizes);
	memset(sw, 0, sizeof(*sw));
}

/* A copy of src's entries into dst (which held a shallow copy of src); 0 or -ENOMEM. */
static int list_dup(struct u64_list *dst, const struct u64_list *src)
{
	dst->v = src->n ? malloc(src->n * sizeof(*dst->v)) : NULL;
	if (src->n && !dst->v) {
		dst->n = 0;
		return -ENOMEM;
	}
	if (src->n)
		memcpy(dst->v, src->v, src->n * sizeof(*dst->v));
	return 0;
}

static int sweep_copy(struct sweep *dst, const struct sweep *src, const char *name)
{
	*dst = *src;
	dst->name = strdup(name);
	dst->t = src->nt ? malloc(src->nt * sizeof(*dst->t)) : NULL;
	dst->sizes = src->nsizes ? malloc(src->nsizes * sizeof(*dst->sizes)) : NULL;
	dst->matrix = src->matrix ? strdup(src->matrix) : NULL;
	int lists = list_dup(&dst->rates, &src->rates) | list_dup(&dst->clients, &src->clients) |
		    list_dup(&dst->subscribers, &src->subscribers);

	if (!dst->name || (src->nt && !dst->t) || (src->nsizes && !dst->sizes) ||
	    (src->matrix && !dst->matrix) || lists < 0) {
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
	cfg->results_root = strdup("results");
	cfg->base.name = strdup("global");
	if (!cfg->results_root || !cfg->base.name || apply_defaults(&cfg->base) < 0) {
		snprintf(e->msg, sizeof(e->msg), "out of memory");
		return -ENOMEM;
	}
	return 0;
}

static int apply_section(struct run_config *cfg, const struct ini_file *f, const char *sec,
			 struct sweep *sw, struct config_error *e, unsigned *nerr)
{
	char where[300];
	int first = 0;

	for (size_t i = 0; i < f->nentries; i++) {
		const struct ini_entry *en = &f->entries[i];

		if (strcmp(en->section, sec) != 0)
			continue;
		snprintf(where, sizeof(where), "%s:%d", cfg->config_path, en->line);
		struct config_error one;
		int r = apply_key(sw, en->key, en->value, where, &one);

		if (r < 0 && !first)
			first = r;
		if (r < 0 && ++*nerr <= CONFIG_MAX_ERRORS) /* every error of the file, each once */
			snprintf(e->msg + strlen(e->msg), sizeof(e->msg) - strlen(e->msg), "%s%s",
				 e->msg[0] ? "\nipcbench: " : "", one.msg);
	}
	return first;
}

static int apply_ini(struct run_config *cfg, const struct ini_file *f, const char *path,
		     struct config_error *e)
{
	unsigned nerr = 0;
	int r, rs;

	e->msg[0] = 0;
	free(cfg->config_path);
	cfg->config_path = strdup(path);
	r = cfg->config_path ? apply_section(cfg, f, "global", &cfg->base, e, &nerr) : -ENOMEM;
	for (size_t i = 0; r != -ENOMEM && i < f->nsections; i++) {
		const char *name = f->sections[i].name;
		struct sweep *sw;

		if (strcmp(name, "global") == 0)
			continue;
		sw = add_sweep(cfg, name);
		rs = sw ? apply_section(cfg, f, name, sw, e, &nerr) : -ENOMEM;
		r = r ? r : rs;
	}
	if (nerr > CONFIG_MAX_ERRORS)
		snprintf(e->msg + strlen(e->msg), sizeof(e->msg) - strlen(e->msg),
			 "\nipcbench: ... %u errors in all", nerr);
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

/* Settings that exclude each other, seen once every layer has been applied. */
static int check_sweep(const struct run_config *cfg, const struct sweep *sw,
		       struct config_error *e)
{
	const char *where = cfg->config_path ? cfg->config_path : "command line", *why = NULL;
	int paced = 0, parties = sw->clients.n || sw->subscribers.n;

	for (size_t i = 0; i < sw->rates.n; i++)
		paced |= sw->rates.v[i] != 0;
	if ((paced || sw->set.idle_ns) && sw->set.mode == MODE_BANDWIDTH)
		why = "rate and idle pace round trips: they need mode = latency";
	else if (sw->clients.n && sw->subscribers.n)
		why = "clients (fan-in) and subscribers (fan-out) are sweeps of their own: set one";
	else if (parties && (sw->nplacements || sw->matrix || sw->set.mode == MODE_BANDWIDTH))
		why = "clients and subscribers place their processes by spread and measure in "
		      "latency mode: drop placement and matrix, keep mode = latency";
	else if (sw->set.loop == LOOP_OPEN && (parties || !paced))
		why = "loop = open sends a pair's messages on a schedule: it needs a rate and no "
		      "clients or subscribers";
	else if (sw->set.loop == LOOP_OPEN &&
		 (sw->set.cache == CACHE_COLD || sw->set.touch || sw->set.footprint))
		why = "loop = open sends without waiting for replies, while cache = cold, touch "
		      "and footprint act between one reply and the next message: set loop = closed";
	else if (paced && sw->set.idle_ns)
		why = "rate (a schedule fixed in advance) and idle (a sleep after each reply) "
		      "exclude each other: set one";
	if (!why)
		return 0;
	snprintf(e->msg, sizeof(e->msg), "%s: [%s]: %s", where, sw->name, why);
	return -EINVAL;
}

int config_finish(struct run_config *cfg, struct config_error *e)
{
	if (cfg->nsweeps == 0 && !add_sweep(cfg, "command-line")) {
		snprintf(e->msg, sizeof(e->msg), "out of memory");
		return -ENOMEM;
	}
	for (size_t i = 0; i < cfg->nsweeps; i++)
		if (check_sweep(cfg, &cfg->sweeps[i], e) < 0)
			return -EINVAL;
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
	free(cfg->export_json);
	free(cfg->export_md);
	free(cfg->results_root);
	memset(cfg, 0, sizeof(*cfg));
}

static void sweep_to_text(struct sbuf *b, const struct sweep *sw)
{
	sbuf_printf(b, "[%s]\n", sw->name);
	for (size_t i = 0; i < nconfig_keys; i++)
		config_keys[i].to_text(b, &config_keys[i], sw);
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

void config_cell_settings(struct cell_settings *s, uint64_t warmup_ns, uint64_t duration_ns,
			  unsigned repeat, int client_cpu, int server_cpu)
{
	config_default_settings(s);
	s->warmup_ns = warmup_ns;
	s->duration_ns = duration_ns;
	s->iterations = 4u << 20; /* as many as a cell keeps: the duration ends it */
	s->repeat = repeat;
	s->client_cpu = client_cpu;
	s->server_cpu = server_cpu;
}
