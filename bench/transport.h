/* The transport interface: one `struct transport` per IPC mechanism, filled in that
 * mechanism's own file in bench/ and listed once in bench/registry.c.
 *
 * Life of a channel in one cell (one repetition of one transport at one size):
 *   parent:  setup(ch, params)          before fork: create the kernel or shared objects
 *   child:   open(ch, side)             after fork, pinned: attach, close the peer's ends
 *   child:   send / recv ...            the measured traffic
 *   child:   close(ch, side)            before the child exits
 *   parent:  teardown(ch)               after both children are gone: remove everything
 *
 * send and recv move one message (or fragment) and return the byte count or a negative
 * errno. They never print, time, allocate or exit: the harness owns all of that.
 * The buffer given to send stays unchanged until the sender has received the peer's next
 * message, or, for the last message, until both sides have finished (the harness
 * alternates two send buffers and meets at a barrier before close), so a transport may
 * let the peer read it in place (vmsplice, process_vm_readv) and return before it has been read.
 * In bandwidth mode the client sends params->window messages, then waits for one
 * acknowledgement from the server. A transport that reads the send buffer in place sets
 * TR_SEND_INPLACE: each of those messages then has its own buffer, unchanged until the
 * acknowledgement has arrived; for any other transport the harness may rewrite a send
 * buffer as soon as send has returned. A transport that cannot hold that many
 * untaken messages in one direction (one slot, a counter that sums, a lossy queue) says so
 * in window_limit, and the harness never sends more.
 * A TR_NOPAYLOAD transport carries a sequence token of max_msg bytes (1 to 8) instead
 * of a message; larger sizes are reported unsupported, never faked.
 * Named objects (paths, POSIX names) live in params->tmpdir or are made with ipc_name()
 * (harness/names.h), and are removed as soon as both sides hold them, and in teardown.
 * A byte-stream transport (TR_STREAM) may return fewer bytes than asked; the harness loops.
 * A message transport returns exactly one message per recv; a size the harness did not
 * expect is a boundary error. recv returning 0 means the peer closed its end. */
#ifndef IPCBENCH_TRANSPORT_H
#define IPCBENCH_TRANSPORT_H
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum tr_side { TR_CLIENT = 0, TR_SERVER = 1 };

struct mem_place; /* harness/memplace.h */

/* The classic model of a mechanism (what `ipcbench list` prints): each field an enum whose
 * values and words come from one list, so the two cannot drift apart. */
#define TR_ABSTRACTION_LIST(X) \
	X(TA_STREAM, "byte stream") X(TA_MESSAGE, "message") X(TA_MEMORY, "memory") \
	X(TA_SIGNAL, "signal") X(TA_COUNTER, "counter")
#define TR_NOTIFY_LIST(X) \
	X(TN_SYSCALL, "blocking syscall") X(TN_SPIN, "spin") X(TN_FUTEX, "futex") \
	X(TN_SPIN_FUTEX, "spin then futex") X(TN_SEMAPHORE, "SysV semaphore") \
	X(TN_EVENTFD, "eventfd") X(TN_SIGNAL, "signal") X(TN_YIELD, "sched_yield")
#define TR_PEERS_LIST(X) X(TP_PAIR, "2") X(TP_MANY, "many")
#define TR_DIRECTION_LIST(X) X(TD_ONE_WAY, "one-way") X(TD_TWO_WAY, "two-way")
#define TR_SYNC_LIST(X) X(TS_SYNC, "synchronous") X(TS_ASYNC, "asynchronous")
/* Which family its figures put it in (plot/family.c): TF_OTHER is the unset value. */
#define TR_FAMILY_LIST(X) \
	X(TF_OTHER, "other") X(TF_QUEUE, "pipes and queues") X(TF_SOCKET, "sockets") \
	X(TF_SHM, "shared memory") X(TF_NOTIFY, "signals and notification") X(TF_LRPC, "LRPC")
#define TR_ENUM_VALUE(e, word) e,
enum tr_abstraction { TR_ABSTRACTION_LIST(TR_ENUM_VALUE) };
enum tr_notify { TR_NOTIFY_LIST(TR_ENUM_VALUE) };
enum tr_peers { TR_PEERS_LIST(TR_ENUM_VALUE) };
enum tr_direction { TR_DIRECTION_LIST(TR_ENUM_VALUE) };
enum tr_sync { TR_SYNC_LIST(TR_ENUM_VALUE) };
enum tr_family { TR_FAMILY_LIST(TR_ENUM_VALUE) };

/* The flags, with the word `ipcbench list` prints and what each means. */
#define TR_FLAG_LIST(X) \
	X(TR_STREAM, 0, "stream", "byte stream: no message boundaries, short transfers") \
	X(TR_MESSAGE, 1, "message", "each send arrives as one recv") \
	X(TR_POLLING, 2, "polling", "waits by spinning: needs its own CPU, or must yield") \
	X(TR_NOPAYLOAD, 3, "no-payload", "notification only: carries at most max_msg bytes") \
	X(TR_SHARED_MEM, 4, "shared-mem", "data travels through a shared mapping (NUMA-placeable)") \
	X(TR_SEND_INPLACE, 5, "send-in-place", "the peer reads the send buffer after send returned") \
	X(TR_ZERO_COPY, 6, "zero-copy", "messages are built and read in the transport's memory") \
	X(TR_SLOTS, 7, "slots", "one shared slot per message in flight: send never waits for room, " \
	  "the harness's window keeps messages apart")
#define TR_FLAG_VALUE(e, bit, word, help) e = 1u << bit,
enum tr_flags { TR_FLAG_LIST(TR_FLAG_VALUE) };

/* The words of each field (NULL past the last), and of the flags. */
extern const char *const tr_abstraction_names[];
extern const char *const tr_notify_names[];
extern const char *const tr_peers_names[];
extern const char *const tr_direction_names[];
extern const char *const tr_sync_names[];
extern const char *const tr_family_names[];
struct tr_flag_name {
	unsigned flag;
	const char *word, *help;
};
extern const struct tr_flag_name tr_flag_names[];
extern const size_t ntr_flag_names;

/* What the harness tells setup about the cell. */
struct tr_params {
	size_t max_wire;   /* largest message (header + payload) the cell will send */
	int same_cpu;      /* both sides pinned to one CPU: spinning must yield */
	const char *tmpdir; /* private 0700 directory of this run, for named objects */
	unsigned window;    /* messages one direction may hold untaken: 1 in latency mode */
	struct mem_place *mem; /* NUMA placement of shared buffers: shmem_alloc_placed() */
	char *why;          /* setup may say here why it failed, when errno alone would mislead */
	size_t whylen;
};

/* Per-cell state, owned by the transport through priv; the harness only carries it.
 * setup allocates priv (before fork, so both children inherit it); teardown frees it. */
struct tr_chan {
	const struct tr_params *params;
	void *priv;
};

/* Optional: many clients to one server (fan-in, cell/party.h), the way the mechanism serves
 * many: one request queue and a reply queue per client, one bound or listening socket, a
 * multi-producer ring, an A-stack per binding. setup(ch, n) runs before fork, with
 * params->max_wire the message size, for clients 0 .. n-1 and one server; open and close
 * run in each child with who = the client's number or TR_FANIN_SERVER. A client sends its
 * request with csend and takes its reply with crecv; the server takes the next request of
 * any client with srecv (*from: the sender, or TR_FROM_UNKNOWN when the mechanism cannot
 * tell, and the harness then goes by the message's header) and replies with ssend. Each
 * moves one whole message of exactly len bytes (a byte stream loops inside) and returns
 * len, 0 when the peer closed, or a negative errno; none prints, times or allocates. A
 * client has one request outstanding at a time. Messages above max_msg (0: no limit; or
 * probe_max_msg) are unsupported. With TR_FANIN_THREADED the server serves each binding
 * on a thread of its own: lane k's thread calls srecv_on and ssend_on for lane k only (a
 * lane is one binding; which client holds it is the message's to say). */
#define TR_FANIN_SERVER (-1)
#define TR_FROM_UNKNOWN (~0u)
enum { TR_FANIN_THREADED = 1u << 0 };

struct tr_fanin {
	const char *how; /* one line: the objects and how each side waits */
	unsigned flags;
	size_t max_msg;
	long (*probe_max_msg)(void);
	int (*setup)(struct tr_chan *ch, unsigned nclients);
	int (*open)(struct tr_chan *ch, int who);
	ssize_t (*csend)(struct tr_chan *ch, unsigned k, const void *buf, size_t len);
	ssize_t (*crecv)(struct tr_chan *ch, unsigned k, void *buf, size_t len);
	ssize_t (*srecv)(struct tr_chan *ch, unsigned *from, void *buf, size_t len);
	ssize_t (*ssend)(struct tr_chan *ch, unsigned to, const void *buf, size_t len);
	ssize_t (*srecv_on)(struct tr_chan *ch, unsigned lane, void *buf, size_t len);
	ssize_t (*ssend_on)(struct tr_chan *ch, unsigned lane, const void *buf, size_t len);
	void (*close)(struct tr_chan *ch, int who);
	void (*teardown)(struct tr_chan *ch);
	/* Optional: whether n clients with messages of wire bytes fit the mechanism at all (0),
	 * or why not (-1, the reason in why): the cell is then unsupported. */
	int (*fits)(unsigned n, size_t wire, char *why, size_t len);
	/* Optional, in a client after open: its binding through a naming service, in ns, in
	 * three stages: lookup, allocation of its channel, mapping (left alone: none). */
	void (*bind_cost)(struct tr_chan *ch, int who, uint64_t stages_ns[3]);
	/* Optional, in the child after measuring, as describe below. */
	void (*describe)(struct tr_chan *ch, int who, char *buf, size_t len);
};

/* Optional: one publisher, many subscribers (fan-out, cell/party.h), each message delivered
 * to every subscriber: one ring that all read, or one object per subscriber. setup(ch, n)
 * runs before fork; open and close run in each child with who = the subscriber's number or
 * TR_PUBLISHER. publish moves one message to every subscriber and returns len or a
 * negative errno; a lossy mechanism (TR_FANOUT_LOSSY) may leave some without it rather than
 * block, and says how many in *dropped. take waits for subscriber k's next message: exactly
 * len bytes (0: the publisher closed; a negative errno). None prints, times or allocates.
 * The harness publishes the next message only once every subscriber has taken the last. */
#define TR_PUBLISHER (-1)
enum { TR_FANOUT_LOSSY = 1u << 0 };

struct tr_fanout {
	const char *how;
	unsigned flags;
	size_t max_msg;
	long (*probe_max_msg)(void);
	int (*setup)(struct tr_chan *ch, unsigned nsubs);
	int (*open)(struct tr_chan *ch, int who);
	ssize_t (*publish)(struct tr_chan *ch, const void *buf, size_t len, unsigned *dropped);
	ssize_t (*take)(struct tr_chan *ch, unsigned k, void *buf, size_t len);
	void (*close)(struct tr_chan *ch, int who);
	void (*teardown)(struct tr_chan *ch);
	void (*describe)(struct tr_chan *ch, int who, char *buf, size_t len);
};

struct transport {
	const char *name;         /* canonical name used on the command line and in CSV */
	const char *description;  /* one line: what is measured, how it waits */
	enum tr_abstraction abstraction; /* what the mechanism carries */
	enum tr_notify notification;     /* how the receiver waits */
	enum tr_peers participants;      /* a connected pair, or any number may share it */
	enum tr_direction direction;     /* one object per direction, or one for both */
	enum tr_sync synchrony;          /* send waits for the receiver, or returns before */
	enum tr_family family;          /* its kind, for the figures' families */
	int copies;               /* analytic copies of the payload per one-way message */
	const char *copies_note;  /* how the copies are counted */
	unsigned flags;           /* enum tr_flags */
	size_t max_msg;           /* largest message one send carries; 0: no limit */
	/* Run-time probe of max_msg (e.g. from /proc limits); NULL: use max_msg. Returns
	 * the limit in bytes, 0 for none, or a negative errno. */
	long (*probe_max_msg)(void);

	int (*setup)(struct tr_chan *ch);
	int (*open)(struct tr_chan *ch, enum tr_side side);
	ssize_t (*send)(struct tr_chan *ch, enum tr_side side, const void *buf, size_t len);
	ssize_t (*recv)(struct tr_chan *ch, enum tr_side side, void *buf, size_t len);
	void (*close)(struct tr_chan *ch, enum tr_side side);
	void (*teardown)(struct tr_chan *ch);
	/* Optional, in the child after measuring: a short note for the cell (drops seen,
	 * the notification path used, ...). Must not block. */
	void (*describe)(struct tr_chan *ch, enum tr_side side, char *buf, size_t len);
	/* Most messages one direction can hold untaken without losing or overwriting one;
	 * 0: no limit (send blocks while the mechanism is full). */
	unsigned window_limit;
	/* Open loop (loop = open, cell/openloop.c): most requests the client may have in flight
	 * while one of its threads sends on schedule and another takes the replies, so send and
	 * recv of the client run at once, on two threads: the transport keeps no state shared by
	 * its two directions and never loses a message while that many wait. 0: it cannot (one
	 * slot, a shared staging buffer, a counter, one queue for both directions): such a cell
	 * is unsupported, no_open says why. */
	unsigned open_window;
	const char *no_open;
	/* Buffering, for `ipcbench list` and the capacity probe (harness/cell/capacity.h).
	 * buffering: how one direction holds messages not yet taken, in a few words.
	 * buffer_limit: optional; the same with the system's figure (e.g. "65536 B
	 * (F_GETPIPE_SZ)"), read from the kernel's limits; NULL: buffering says it all.
	 * send_nonblock: optional; makes side's sends return -EAGAIN where they would block,
	 * so that the probe counts what went in before; NULL: the probe watches the sender
	 * stall (or sees -EAGAIN, which some sends return by themselves). */
	const char *buffering;
	void (*buffer_limit)(char *out, size_t n);
	int (*send_nonblock)(struct tr_chan *ch, enum tr_side side);
	/* Most messages the probe may push; 0: no limit of its own. For a buffer the whole
	 * user shares (RLIMIT_SIGPENDING), so that probing it never starves other processes. */
	unsigned probe_cap;
	/* Optional: the memory both sides share for this channel (slots, control words), so
	 * that cache=cold can flush it. NULL: the channel lives in the kernel. */
	void (*shared_region)(struct tr_chan *ch, void **base, size_t *len);
	/* Optional: the words a request and its reply first move through in shared memory (the
	 * same word for a one-line hand-over), 8 bytes each at the start of a line. The floor
	 * probed beside every cell hands these very lines back and forth (and puts back what
	 * they held), because on a mesh a line's address sets what moving it costs. NULL:
	 * the harness's own line. */
	void (*probe_lines)(struct tr_chan *ch, _Atomic uint64_t **req, _Atomic uint64_t **rep);
	/* Where the transport's own copy of a message starts, in bytes past a 128-byte
	 * boundary (a slot's data after its header); 0 for the kernel's pages. The harness's
	 * send and receive buffers start that far past a page, so no copy between them runs
	 * at a 4K-aliasing distance (harness/sys/pagebuf.h). */
	unsigned data_offset;
	/* With TR_ZERO_COPY: the harness builds side's next message of len bytes where
	 * send_place says (NULL: too long) and publishes it with send(ch, side, that place,
	 * len), which copies nothing; recv_place waits for the next message and returns its
	 * length, or a negative errno, with *msg pointing where it lies. A message stays there
	 * unchanged until its receiver has sent its next message; the harness is done with it
	 * by then. send and recv still work, with copies. */
	unsigned char *(*send_place)(struct tr_chan *ch, enum tr_side side, size_t len);
	ssize_t (*recv_place)(struct tr_chan *ch, enum tr_side side, unsigned char **msg);
	/* Many parties: fan-in (see struct tr_fanin), or NULL with the reason in no_fanin. */
	const struct tr_fanin *fanin;
	const char *no_fanin;
	/* and fan-out (see struct tr_fanout), or NULL with the reason in no_fanout. */
	const struct tr_fanout *fanout;
	const char *no_fanout;
};

/* The table, in bench/registry.c. */
extern const struct transport *const transports[];
extern const size_t ntransports;
const struct transport *transport_find(const char *name);
/* Effective one-send limit: the probe's answer, or max_msg. 0 means unlimited. */
long transport_max_msg(const struct transport *t);
/* NULL when the transport runs loop = open (open_window), else why it cannot. */
const char *transport_no_open(const struct transport *t);

#endif
