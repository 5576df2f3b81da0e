/* The one table of configuration keys: each key's name in INI files, its `run` option,
 * default, help, value parser (config/values.c) and how its resolved value is written
 * back (meta.csv's config, from which --resume reloads a run). Option parsing, --help,
 * the key reference in docs and the man page are all made from it. */
#include <stdarg.h>
#include <string.h>
#include "cell/counters.h"
#include "config/keys.h"
#include "config/values.h"
#include "sys/memplace.h"

static void kv(struct sbuf *b, const struct key_def *k, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void kv(struct sbuf *b, const struct key_def *k, const char *fmt, ...)
{
	char v[CELL_EVENTS_LEN + 64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v, sizeof(v), fmt, ap);
	va_end(ap);
	sbuf_printf(b, "%s = %s\n", k->name, v);
}

#define FMT(fn, fmt, expr) \
	static void fn(struct sbuf *b, const struct key_def *k, const struct sweep *sw) \
	{ \
		kv(b, k, fmt, expr); \
	}

FMT(t_mode, "%s", cell_mode_name(sw->set.mode))
FMT(t_duration, "%lluns", (unsigned long long)sw->set.duration_ns)
FMT(t_warmup, "%lluns", (unsigned long long)sw->set.warmup_ns)
FMT(t_timeout, "%lluns", (unsigned long long)cell_timeout_ns(&sw->set))
FMT(t_preheat, "%lluns", (unsigned long long)sw->set.preheat_ns)
FMT(t_iterations, "%llu", (unsigned long long)sw->set.iterations)
FMT(t_repeat, "%u", sw->set.repeat)
FMT(t_verify, "%s", sw->set.verify_full ? "full" : "sample")
FMT(t_verify_every, "%u", sw->set.verify_every)
FMT(t_fragment, "%s", sw->set.fragment ? "yes" : "no")
FMT(t_window, "%u", sw->set.window)
FMT(t_cache, "%s", cell_cache_name(sw->set.cache))
FMT(t_touch, "%s", cell_touch_name(sw->set.touch))
FMT(t_footprint, "%llu", (unsigned long long)sw->set.footprint)
FMT(t_events, "%s", sw->set.events[0] ? sw->set.events : "none")
FMT(t_counted_share, "%u%%", sw->set.counted_pct)
FMT(t_min_samples, "%u", sw->set.min_samples)

static void t_cpus(struct sbuf *b, const struct key_def *k, const struct sweep *sw)
{
	kv(b, k, "%d,%d", sw->set.client_cpu, sw->set.server_cpu);
}

static void t_mem_node(struct sbuf *b, const struct key_def *k, const struct sweep *sw)
{
	char mn[32];

	kv(b, k, "%s", memplace_name(sw->set.mem_policy, sw->set.mem_node, mn, sizeof(mn)));
}

static void t_transports(struct sbuf *b, const struct key_def *k, const struct sweep *sw)
{
	sbuf_printf(b, "%s = ", k->name);
	for (size_t i = 0; i < sw->nt; i++)
		sbuf_printf(b, "%s%s", i ? "," : "", sw->t[i]->name);
	sbuf_putc(b, '\n');
}

static void t_sizes(struct sbuf *b, const struct key_def *k, const struct sweep *sw)
{
	sbuf_printf(b, "%s = ", k->name);
	for (size_t i = 0; i < sw->nsizes; i++)
		sbuf_printf(b, "%s%llu", i ? "," : "", (unsigned long long)sw->sizes[i]);
	sbuf_putc(b, '\n');
}


/* A list of counts; zero: the word for 0 (NULL: 0 itself), empty: the word for no list. */
static void u64_text(struct sbuf *b, const struct key_def *k, const struct u64_list *l,
		     const char *zero, const char *empty)
{
	sbuf_printf(b, "%s = %s", k->name, l->n ? "" : empty);
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i] || !zero)
			sbuf_printf(b, "%s%llu", i ? "," : "", (unsigned long long)l->v[i]);
		else
			sbuf_printf(b, "%s%s", i ? "," : "", zero);
	sbuf_putc(b, '\n');
}

#define LIST_TEXT(fn, field, zero, empty) \
	static void fn(struct sbuf *b, const struct key_def *k, const struct sweep *sw) \
	{ \
		u64_text(b, k, &sw->field, zero, empty); \
	}

LIST_TEXT(t_rates, rates, "hot", "hot")
LIST_TEXT(t_clients, clients, NULL, "none")
LIST_TEXT(t_subscribers, subscribers, NULL, "none")
FMT(t_idle, "%lluns", (unsigned long long)sw->set.idle_ns)
FMT(t_loop, "%s", cell_loop_name(sw->set.loop))



static void t_spread(struct sbuf *b, const struct key_def *k, const struct sweep *sw)
{
	sbuf_printf(b, "%s = ", k->name);
	for (size_t i = 0; i < sw->nspreads; i++)
		sbuf_printf(b, "%s%s", i ? "," : "", spread_name((enum spread)sw->spreads[i]));
	sbuf_putc(b, '\n');
}

/* Only when set: placement and matrix each replace the CPU pair (and each other). */
static void t_placement(struct sbuf *b, const struct key_def *k, const struct sweep *sw)
{
	for (size_t i = 0; i < sw->nplacements; i++)
		sbuf_printf(b, "%s%s%s", i ? "," : "placement = ",
			    placement_name((enum placement)sw->placements[i]),
			    i + 1 == sw->nplacements ? "\n" : "");
	(void)k;
}

static void t_matrix(struct sbuf *b, const struct key_def *k, const struct sweep *sw)
{
	if (sw->matrix)
		kv(b, k, "%s", sw->matrix);
}

/* Keys with their command-line option first, in the order --help lists them. */
const struct key_def config_keys[] = {
	{ "transports", "transports", 't', "LIST", "all", NULL, NULL,
	  "transports to run, comma-separated, or all (ipcbench list); each once: a list "
	  "that repeats one is refused, not deduplicated", set_transports,
	  t_transports },
	{ "sizes", "sizes", 's', "LIST", "1,64,4K,64K,1M", NULL, NULL,
	  "payload bytes per message, K/M/G suffixes, e.g. 1,64,4K,64K,1M; each once (4K and "
	  "4096 are the same: refused)", set_sizes, t_sizes },
	{ "mode", "mode", 0, "M", "latency", NULL, NULL,
	  "latency (round trips) or bandwidth (streamed windows, one acknowledgement each)",
	  set_mode, t_mode },
	{ "cpus", "cpus", 0, "A,B", "auto", NULL, NULL,
	  "client CPU A, server CPU B (A,A: one CPU); auto: two different allowed CPUs; "
	  "same: both on the first", set_cpus, t_cpus },
	{ "placement", "placement", 0, "LIST", NULL, "none: the CPUs of cpus", NULL,
	  "placement classes to sweep instead of cpus: same-cpu, smt, same-l2, same-l3, "
	  "cross-l3, cross-package, cross-numa, or all; each resolved on this machine "
	  "(ipcbench topo), missing ones skipped", set_placement, t_placement },
	{ "matrix", "matrix", 0, "CPUS", NULL, "none", "all",
	  "every ordered CPU pair: all, per-core, per-l3 or a CPU list; writes matrix.csv "
	  "(use -t cacheline for the floor)", set_matrix, t_matrix },
	{ "mem_node", "mem-node", 0, "N", "none", NULL, NULL,
	  "NUMA node of shared buffers: N, client, server, interleave or none", set_mem_node,
	  t_mem_node },
	{ "duration", "duration", 0, "T", "1s", NULL, NULL,
	  "timed phase per cell, e.g. 500ms, 2s (a number needs its unit; every duration key "
	  "at most 1440m); a two-party latency cell goes on, 1 s at most, until it has "
	  "min_samples round trips (the cell's note says so)", set_duration, t_duration },
	{ "warmup", "warmup", 0, "T", "100ms", NULL, NULL,
	  "unrecorded traffic before the timed phase, checked in full", set_warmup, t_warmup },
	{ "iterations", "iterations", 0, "N", "1000000", NULL, NULL,
	  "round trips (or messages) per cell at most: the timed phase ends at N if that "
	  "comes before duration", set_iterations, t_iterations },
	{ "repeat", "repeat", 0, "R", "3", NULL, NULL,
	  "repetitions per cell, each a fresh pair of processes", set_repeat, t_repeat },
	{ "preheat", "preheat", 0, "T", "0", NULL, NULL,
	  "spin both CPUs this long before each cell so their frequency has ramped up",
	  set_preheat, t_preheat },
	{ "verify", "verify", 0, "MODE", "sample", NULL, NULL,
	  "payload check: sample (header and three words of every message, all of every "
	  "verify_every-th) or full (every byte of every message)", set_verify, t_verify },
	{ "timeout", "timeout", 0, "T", NULL, "warmup + duration + max(10s, 2x that)", NULL,
	  "a cell taking longer is killed and recorded as timeout", set_timeout, t_timeout },
	{ "window", "window", 0, "W", "16", NULL, NULL,
	  "bandwidth mode: messages sent before the receiver's acknowledgement (fewer where "
	  "the transport or 16 MiB of buffers per side allow fewer)", set_window, t_window },
	{ "cache", "cache", 0, "C", "warm", NULL, NULL,
	  "warm, or cold: flush buffers and shared slots (clflushopt) between messages",
	  set_cache, t_cache },
	{ "touch", "touch", 0, "T", "none", NULL, NULL,
	  "what a receiver does with each payload: none (only the verification reads it), "
	  "read or write every word", set_touch, t_touch },
	{ "footprint", "footprint", 0, "SIZE", "0", NULL, NULL,
	  "working set each side walks between messages (like lmbench lat_ctx -s)",
	  set_footprint, t_footprint },
	{ "events", "events", 0, "LIST", CTR_DEFAULT, NULL, NULL,
	  "counters per message and side (perf names via libpfm4), or none; counted in the "
	  "counted phase after the timed one, never while samples are taken", set_events,
	  t_events },
	{ "counted_share", "counted-share", 0, "PCT", "25%", NULL, NULL,
	  "after the timed phase, this share of its traffic again with the counters and "
	  "getrusage on (the counted phase); 0: none", set_counted_share, t_counted_share },
	{ "min_samples", "min-samples", 0, "N", "10", NULL, NULL,
	  "a cell with fewer timed samples (after duration's grace) is insufficient (no "
	  "figure), never ok; each percentile also needs enough of them (p99: 100, p99.9: "
	  "1000) or it is NA",
	  set_min_samples, t_min_samples },
	{ "rate", "rate", 0, "LIST", "hot", NULL, NULL,
	  "offered load, latency mode: messages per second sent on a schedule fixed in advance, "
	  "each rate a cell, e.g. hot,1k,10k,100k; the latency counts from each message's due "
	  "time, so a stall cannot hide the messages it delayed; hot: the closed loop (the next "
	  "message as soon as the reply lands)", set_rate, t_rates },
	{ "idle", "idle", 0, "T", "0", NULL, NULL,
	  "latency mode, closed loop: sleep this long after each reply before the next message "
	  "(rt-tests style: the cost of waking an idle receiver); 0: none; not with a rate",
	  set_idle, t_idle },
	{ "loop", "loop", 0, "L", "closed", NULL, NULL,
	  "with a rate: closed (one message in flight: the next is sent when the reply has "
	  "landed, or when it is due if later) or open (sent on schedule by one thread while "
	  "another takes the replies, several in flight, like sockperf under-load); for "
	  "transports that allow it (ipcbench list); hot cells stay closed", set_loop, t_loop },
	{ "clients", "clients", 0, "LIST", "none", NULL, NULL,
	  "fan-in, latency mode: this many clients of one server, each a process in its own "
	  "closed loop (or paced at rate), each count a cell, e.g. 1,2,4,8; placed by spread "
	  "(cpus, placement and matrix do not apply); none: the pair", set_clients, t_clients },
	{ "subscribers", "subscribers", 0, "LIST", "none", NULL, NULL,
	  "fan-out, latency mode: one publisher, this many subscribers, each message delivered "
	  "to all (the next once all have it), each count a cell, e.g. 1,2,4; placed by spread "
	  "like clients; one-way times to the first and the last subscriber", set_subscribers,
	  t_subscribers },
	{ "spread", "spread", 0, "LIST", "core", NULL, NULL,
	  "fan-in and fan-out: how the parties are placed, each a cell: core (one per core, nearest the "
	  "server first), l3, package or numa (round robin over those groups, the first one "
	  "across); past one per CPU the plan wraps round and the row says oversubscribed",
	  set_spread, t_spread },
	{ "verify_every", NULL, 0, "N", "64", NULL, NULL,
	  "with verify = sample: full payload check of every Nth measured message",
	  set_verify_every, t_verify_every },
	{ "fragment", NULL, 0, "yes|no", "yes", NULL, NULL,
	  "split messages above a transport's limit of one send: yes, or no (unsupported)",
	  set_fragment, t_fragment },
};
const size_t nconfig_keys = sizeof(config_keys) / sizeof(config_keys[0]);

const struct key_def *config_key(const char *name)
{
	for (size_t i = 0; i < nconfig_keys; i++)
		if (strcmp(config_keys[i].name, name) == 0)
			return &config_keys[i];
	return NULL;
}

const char *config_key_default(const struct key_def *k)
{
	return k->def_doc ? k->def_doc : k->def;
}

void config_print_keys(FILE *f, int markdown)
{
	if (markdown)
		fprintf(f, "| key | option | default | meaning |\n|---|---|---|---|\n");
	for (size_t i = 0; i < nconfig_keys; i++) {
		const struct key_def *k = &config_keys[i];
		char opt[64] = "";

		if (k->option)
			snprintf(opt, sizeof(opt), "--%s %s", k->option, k->metavar);
		if (markdown)
			fprintf(f, "| `%s` | %s%s%s | `%s` | %s |\n", k->name, opt[0] ? "`" : "", opt,
				opt[0] ? "`" : "--set", config_key_default(k), k->help);
		else
			fprintf(f, "  %-14s %s\n  %-14s (default: %s)\n", k->name, k->help, "",
				config_key_default(k));
	}
}
