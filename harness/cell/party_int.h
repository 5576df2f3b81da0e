/* Inside a party cell (cell/party.h): the memory the parent and the children share, and the
 * parent's view. party.c runs the cell, party_child.c is each child, party_sum.c turns
 * the children's reports into the result. */
#ifndef IPCBENCH_PARTY_INT_H
#define IPCBENCH_PARTY_INT_H
#include <stdatomic.h>
#include "cell/cell_int.h"
#include "cell/party.h"
#include "sys/partyplan.h"

/* One client's report and samples (fan-out: a subscriber's, its receive stamps by message;
 * and the publisher's, its send stamps). */
struct party_area {
	struct side_result res;
	struct loghist overflow;
	uint64_t samples[];
};

struct party_shared {
	_Atomic uint32_t barrier, done;
	_Atomic uint32_t stage; /* clients whose timed phase is over (cell/phase.h) */
	/* fan-out: subscribers that took the last message, the publisher asleep on that, and
	 * the number of the first timed message (message k is stamp k - first_timed) */
	_Atomic uint32_t acked, pub_waiting;
	_Atomic uint64_t first_timed;
	struct side_result srv; /* the server's, or the publisher's */
	_Alignas(64) unsigned char areas[]; /* n areas of `stride` bytes */
};

/* What fan-in and fan-out share of their channel's operations. */
struct party_ops {
	const char *pattern, *how; /* "fan-in" or "fan-out"; the transport's words */
	int (*setup)(struct tr_chan *ch, unsigned n);
	int (*open)(struct tr_chan *ch, int who);
	void (*close)(struct tr_chan *ch, int who);
	void (*teardown)(struct tr_chan *ch);
	void (*describe)(struct tr_chan *ch, int who, char *buf, size_t len);
};

struct party_ctx {
	const struct cell_spec *spec;
	int fanout;
	const struct tr_fanin *f;   /* fan-in */
	const struct tr_fanout *fo; /* fan-out */
	struct party_ops ops;
	struct tr_chan ch;
	struct party_shared *sh;
	size_t sh_len, stride;
	uint64_t max_samples; /* per client */
	size_t wire;
	unsigned n, nareas; /* clients or subscribers; their areas (fan-out: and the publisher's) */
	const int *cpu; /* the plan's: [0] the server (publisher), [1 .. n] the others */
	int same_cpu;   /* some processes share a CPU: spinning must yield */
	struct ctr_set events;
};

static inline struct party_area *party_area(const struct party_ctx *c, unsigned k)
{
	return (struct party_area *)(c->sh->areas + (size_t)k * c->stride);
}

/* party_child.c: child i of spawn_group: client i (i < n), or the server (i == n). */
int party_child(void *arg, int i);
/* party_server.c: the server: its buffers, made before the start (NULL: no memory), and
 * its loop, one thread or a thread per lane. */
struct party_srv;
struct party_srv *party_server_new(struct party_ctx *c, const struct measure_args *a);
void party_serve(struct party_srv *s, struct side_result *res);
void party_server_free(struct party_srv *s);
/* party_sum.c: the figures of an ok cell. 0 or -ENOMEM. */
int party_summarize(struct party_ctx *c, struct cell_result *out);
/* fanout.c: child i of a fan-out cell: subscriber i (i < n), or the publisher (i == n);
 * fanout_sum.c: the figures of an ok fan-out cell. */
int fanout_child(struct party_ctx *c, unsigned i);
int fanout_summarize(struct party_ctx *c, struct cell_result *out);
/* party_sum.c: the clients' (subscribers') counted phases summed into one side. */
void party_sum_sides(const struct party_ctx *c, struct side_result *sum);
/* ... and every party's open and binding into out->party, their medians into out. */
void party_open_figures(const struct party_ctx *c, struct cell_result *out);
/* party_child.c, for both patterns: pin and open, the start barrier, the end barrier. */
int party_prepare(const struct party_ctx *c, int cpu, int who, struct side_result *res);
/* What every child of a party cell measures with (its side, buffers and samples: its own). */
void party_base_args(const struct party_ctx *c, struct measure_args *a);
int party_meet(struct party_ctx *c, struct side_result *res);
void party_meet_done(struct party_ctx *c, const struct side_result *res);
int party_fail_start(struct side_result *res, int r);

#endif
