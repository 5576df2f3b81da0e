/* Inside a party cell (cell/party.h): the memory the parent and the children share, and the
 * parent's view. party.c runs the cell, party_child.c is each child, party_sum.c turns
 * the children's reports into the result. */
#ifndef IPCBENCH_PARTY_INT_H
#define IPCBENCH_PARTY_INT_H
#include <stdatomic.h>
#include "cell/cell_int.h"
#include "cell/party.h"
#include "sys/partyplan.h"

/* One client's report and samples. */
struct party_area {
	struct side_result res;
	struct loghist overflow;
	uint64_t samples[];
};

struct party_shared {
	_Atomic uint32_t barrier, done;
	_Atomic uint32_t stage; /* clients whose timed phase is over (cell/phase.h) */
	struct side_result srv;
	_Alignas(64) unsigned char areas[]; /* n areas of `stride` bytes */
};

struct party_ctx {
	const struct cell_spec *spec;
	const struct tr_fanin *f;
	struct tr_chan ch;
	struct party_shared *sh;
	size_t sh_len, stride;
	uint64_t max_samples; /* per client */
	size_t wire;
	unsigned n;
	const int *cpu; /* the plan's: [0] the server, [1 .. n] the clients */
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

#endif
