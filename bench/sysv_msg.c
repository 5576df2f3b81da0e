/* sysv-msg: one System V message queue (msgget with a random key, IPC_EXCL, 0600) for both
 * directions:
 * requests as mtype 1, replies as mtype 2, each side receiving only its own type.
 * msgsnd/msgrcv take a buffer that starts with the long mtype, so each side moves the
 * message through its own staging buffer (allocated in setup, one private copy per child
 * after fork): one user-space copy into it before msgsnd and one out of it after msgrcv,
 * on top of the kernel's two. msgrcv is called without MSG_NOERROR, so a message larger
 * than the receiver's buffer fails with E2BIG (reported as EMSGSIZE) instead of being cut.
 * The queue has no name and lives until IPC_RMID, which destroys it at once, so it is
 * removed in teardown only. Created with a random key after a marker in the cell's temp
 * dir (ipc_sysv_get), so `ipcbench clean` can remove it if the harness is killed. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include "sys/names.h"
#include "bench/lib/proc_limit.h"
#include "bench/transport.h"
#include <stdio.h>

extern const struct tr_fanin fanin_sysv_msg;

#define MTYPE_REQUEST 1L
#define MTYPE_REPLY 2L

struct stage {
	long mtype;
	unsigned char mtext[];
};

struct sysv_msg {
	int qid;
	key_t key;
	size_t stage_len;   /* bytes of mtext */
	struct stage *stage; /* each child has its own copy after fork */
	int send_flags;      /* 0, or IPC_NOWAIT for the capacity probe */
};

/* A message has to fit both the per-message limit and the queue's byte capacity: a
 * msgsnd larger than msgmnb would wait for room forever. */
static long sysv_msg_probe(void)
{
	long max = proc_limit_read("/proc/sys/kernel/msgmax");
	long mnb = proc_limit_read("/proc/sys/kernel/msgmnb");

	if (max < 0)
		return max;
	if (mnb < 0)
		return mnb;
	return max < mnb ? max : mnb;
}

static int sysv_msg_setup(struct tr_chan *ch)
{
	struct sysv_msg *q = calloc(1, sizeof(*q));
	struct msqid_ds ds;
	size_t n;
	int r;

	if (!q)
		return -ENOMEM;
	q->qid = -1;
	ch->priv = q;
	q->stage_len = ch->params->max_wire;
	n = (sizeof(struct stage) + q->stage_len + 63) & ~(size_t)63;
	q->stage = aligned_alloc(64, n);
	if (!q->stage)
		return -ENOMEM;
	memset(q->stage, 0, n);
	r = ipc_sysv_get(ch->params->tmpdir, "msg", 0, &q->key); /* random key, ledgered */
	if (r < 0)
		return r;
	q->qid = r;
	/* the queue's capacity may be lower than msgmnb said when the probe ran */
	if (msgctl(q->qid, IPC_STAT, &ds) < 0)
		return -errno;
	if (ds.msg_qbytes < q->stage_len)
		return -EMSGSIZE;
	return 0;
}

static int sysv_msg_open(struct tr_chan *ch, enum tr_side side)
{
	struct sysv_msg *q = ch->priv;

	(void)side;
	/* fault in this child's private copy of the staging buffer before anything is timed */
	memset(q->stage, 0, sizeof(struct stage) + q->stage_len);
	return 0;
}

static ssize_t sysv_msg_send(struct tr_chan *ch, enum tr_side side, const void *buf, size_t len)
{
	struct sysv_msg *q = ch->priv;
	int r;

	if (len > q->stage_len)
		return -EMSGSIZE;
	q->stage->mtype = side == TR_CLIENT ? MTYPE_REQUEST : MTYPE_REPLY;
	memcpy(q->stage->mtext, buf, len);
	do
		r = msgsnd(q->qid, q->stage, len, q->send_flags);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : (ssize_t)len;
}

static ssize_t sysv_msg_recv(struct tr_chan *ch, enum tr_side side, void *buf, size_t len)
{
	struct sysv_msg *q = ch->priv;
	long type = side == TR_CLIENT ? MTYPE_REPLY : MTYPE_REQUEST;
	size_t cap = len < q->stage_len ? len : q->stage_len;
	ssize_t r;

	do
		r = msgrcv(q->qid, q->stage, cap, type, 0);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return errno == E2BIG ? -EMSGSIZE : -errno;
	memcpy(buf, q->stage->mtext, (size_t)r);
	return r;
}

static void sysv_msg_close(struct tr_chan *ch, enum tr_side side)
{
	(void)ch;
	(void)side;
}

static void sysv_msg_teardown(struct tr_chan *ch)
{
	struct sysv_msg *q = ch->priv;

	if (!q)
		return;
	if (q->qid >= 0) {
		msgctl(q->qid, IPC_RMID, NULL);
		ipc_sysv_forget(ch->params->tmpdir, "msg", q->key);
	}
	free(q->stage);
	free(q);
	ch->priv = NULL;
}

static void sysv_msg_limit(char *out, size_t n)
{
	long mnb = proc_limit_read("/proc/sys/kernel/msgmnb");

	if (mnb < 0)
		snprintf(out, n, "NA (kernel.msgmnb: %s)", strerror((int)-mnb));
	else
		snprintf(out, n, "%ld B (kernel.msgmnb)", mnb);
}

static int sysv_msg_nonblock(struct tr_chan *ch, enum tr_side side)
{
	struct sysv_msg *q = ch->priv;

	(void)side;
	q->send_flags = IPC_NOWAIT;
	return 0;
}

const struct transport tr_sysv_msg = {
	.name = "sysv-msg",
	.description = "one System V message queue (msgget IPC_PRIVATE), requests mtype 1, "
		       "replies mtype 2, blocking msgsnd/msgrcv",
	.abstraction = TA_MESSAGE,
	.family = TF_QUEUE,
	.notification = TN_SYSCALL,
	.participants = TP_MANY,
	.direction = TD_TWO_WAY,
	.synchrony = TS_ASYNC,
	.copies = 4,
	.copies_note = "msgsnd copies into a kernel message, msgrcv copies out; plus 2 extra "
		       "user-space copies through the mtype-prefixed staging buffer (into it "
		       "before msgsnd, out of it after msgrcv) that the msgbuf layout forces",
	.flags = TR_MESSAGE,
	.buffering = "one queue of msgmnb bytes for both directions",
	.buffer_limit = sysv_msg_limit,
	.send_nonblock = sysv_msg_nonblock,
	.probe_max_msg = sysv_msg_probe,
	.setup = sysv_msg_setup,
	.open = sysv_msg_open,
	.send = sysv_msg_send,
	.recv = sysv_msg_recv,
	.no_open = "one queue carries both directions: requests in flight can fill it and "
		   "leave the server's reply no room",
	.close = sysv_msg_close,
	.teardown = sysv_msg_teardown,
	.fanin = &fanin_sysv_msg,
	.no_fanout = "a System V message is taken by one receiver: a queue per subscriber is "
		     "posix-mq's fan-out",
};
