/* posix-mq and sysv-msg fan-in: one request queue that every client sends to and the server
 * receives from, and a reply per client. posix-mq: a reply queue per client (mq_open with
 * a private random name, unlinked at once; mq_maxmsg min(msg_max, 10)); sysv-msg: one
 * queue for everything, requests as mtype 1, the replies to client k as mtype 2 + k, each
 * receiver taking only its own type (the server needs 2 n messages of room in the queue:
 * checked in setup). Blocking send and receive; neither queue says who sent, so the server
 * goes by the request's header. */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include "bench/lib/mqio.h"
#include "bench/lib/proc_limit.h"
#include "bench/transport.h"
#include "sys/names.h"

#define MTYPE_REQUEST 1L

extern const struct transport tr_posix_mq, tr_sysv_msg;

/* posix-mq ----------------------------------------------------------------------------- */

struct mq_fan {
	unsigned n;
	mqd_t req, *rep;
};

static int mq_setup(struct tr_chan *ch, unsigned n)
{
	struct mq_fan *m = calloc(1, sizeof(*m));
	long size = (long)ch->params->max_wire;
	int r;

	if (!m)
		return -ENOMEM;
	ch->priv = m;
	m->req = (mqd_t)-1;
	m->rep = malloc(n * sizeof(*m->rep));
	if (!m->rep)
		return -ENOMEM;
	for (unsigned k = 0; k < n; k++)
		m->rep[k] = (mqd_t)-1;
	m->n = n;
	if ((r = mqio_open("mq-fan", size, &m->req)) < 0)
		return r;
	for (unsigned k = 0; k < n; k++)
		if ((r = mqio_open("mq-fan", size, &m->rep[k])) < 0)
			return r;
	return 0;
}

static void mq_close_one(mqd_t *q)
{
	if (*q != (mqd_t)-1)
		mq_close(*q);
	*q = (mqd_t)-1;
}

/* Each child keeps the request queue and what it reads or writes of the replies. */
static int mq_fan_open(struct tr_chan *ch, int who)
{
	struct mq_fan *m = ch->priv;

	for (unsigned k = 0; who >= 0 && k < m->n; k++)
		if (k != (unsigned)who)
			mq_close_one(&m->rep[k]);
	return 0;
}



static ssize_t mq_csend(struct tr_chan *ch, unsigned k, const void *buf, size_t len)
{
	(void)k;
	return mqio_send(((struct mq_fan *)ch->priv)->req, buf, len);
}

static ssize_t mq_crecv(struct tr_chan *ch, unsigned k, void *buf, size_t len)
{
	return mqio_recv(((struct mq_fan *)ch->priv)->rep[k], buf, len);
}

static ssize_t mq_srecv(struct tr_chan *ch, unsigned *from, void *buf, size_t len)
{
	*from = TR_FROM_UNKNOWN;
	return mqio_recv(((struct mq_fan *)ch->priv)->req, buf, len);
}

static ssize_t mq_ssend(struct tr_chan *ch, unsigned to, const void *buf, size_t len)
{
	return mqio_send(((struct mq_fan *)ch->priv)->rep[to], buf, len);
}

static void mq_fan_close(struct tr_chan *ch, int who)
{
	struct mq_fan *m = ch->priv;

	(void)who;
	mq_close_one(&m->req);
	for (unsigned k = 0; m->rep && k < m->n; k++)
		mq_close_one(&m->rep[k]);
}

static void mq_teardown(struct tr_chan *ch)
{
	struct mq_fan *m = ch->priv;

	if (!m)
		return;
	mq_fan_close(ch, TR_FANIN_SERVER);
	free(m->rep);
	free(m);
	ch->priv = NULL;
}

static long mq_limit(void)
{
	return tr_posix_mq.probe_max_msg();
}

const struct tr_fanin fanin_posix_mq = {
	.how = "one request queue, a reply queue per client",
	.probe_max_msg = mq_limit,
	.setup = mq_setup,
	.open = mq_fan_open,
	.csend = mq_csend,
	.crecv = mq_crecv,
	.srecv = mq_srecv,
	.ssend = mq_ssend,
	.close = mq_fan_close,
	.teardown = mq_teardown,
};

/* sysv-msg ------------------------------------------------------------------------------ */

struct stage {
	long mtype;
	unsigned char mtext[];
};

struct msg_fan {
	int qid;
	key_t key;
	const char *tmpdir;
	size_t len;
	struct stage *stage; /* each child has its own after fork */
};

static int msg_setup(struct tr_chan *ch, unsigned n)
{
	struct msg_fan *q = calloc(1, sizeof(*q));
	struct msqid_ds ds;
	int r;

	if (!q)
		return -ENOMEM;
	ch->priv = q;
	q->qid = -1;
	q->tmpdir = ch->params->tmpdir;
	q->len = ch->params->max_wire;
	q->stage = calloc(1, sizeof(*q->stage) + q->len);
	if (!q->stage)
		return -ENOMEM;
	if ((r = ipc_sysv_get(q->tmpdir, "msg", 0, &q->key)) < 0)
		return r;
	q->qid = r;
	if (msgctl(q->qid, IPC_STAT, &ds) < 0)
		return -errno;
	return ds.msg_qbytes < 2 * (size_t)n * q->len ? -ENOSPC : 0; /* msg_fits said it would */
}

static int msg_fan_open(struct tr_chan *ch, int who)
{
	struct msg_fan *q = ch->priv;

	(void)who;
	memset(q->stage, 0, sizeof(*q->stage) + q->len); /* this child's copy, faulted in */
	return 0;
}

static ssize_t msg_put(struct msg_fan *q, long type, const void *buf, size_t len)
{
	int r;

	if (len > q->len)
		return -EMSGSIZE;
	q->stage->mtype = type;
	memcpy(q->stage->mtext, buf, len);
	do
		r = msgsnd(q->qid, q->stage, len, 0);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : (ssize_t)len;
}

static ssize_t msg_take(struct msg_fan *q, long type, void *buf, size_t len)
{
	ssize_t r;

	do
		r = msgrcv(q->qid, q->stage, q->len, type, 0);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return errno == E2BIG ? -EMSGSIZE : -errno;
	if ((size_t)r != len)
		return -EMSGSIZE;
	memcpy(buf, q->stage->mtext, len);
	return r;
}

static ssize_t msg_csend(struct tr_chan *ch, unsigned k, const void *buf, size_t len)
{
	(void)k;
	return msg_put(ch->priv, MTYPE_REQUEST, buf, len);
}

static ssize_t msg_crecv(struct tr_chan *ch, unsigned k, void *buf, size_t len)
{
	return msg_take(ch->priv, MTYPE_REQUEST + 1 + (long)k, buf, len);
}

static ssize_t msg_srecv(struct tr_chan *ch, unsigned *from, void *buf, size_t len)
{
	*from = TR_FROM_UNKNOWN;
	return msg_take(ch->priv, MTYPE_REQUEST, buf, len);
}

static ssize_t msg_ssend(struct tr_chan *ch, unsigned to, const void *buf, size_t len)
{
	return msg_put(ch->priv, MTYPE_REQUEST + 1 + (long)to, buf, len);
}

static void msg_fan_close(struct tr_chan *ch, int who)
{
	(void)ch;
	(void)who;
}

static void msg_teardown(struct tr_chan *ch)
{
	struct msg_fan *q = ch->priv;

	if (!q)
		return;
	if (q->qid >= 0) {
		msgctl(q->qid, IPC_RMID, NULL);
		ipc_sysv_forget(q->tmpdir, "msg", q->key);
	}
	free(q->stage);
	free(q);
	ch->priv = NULL;
}

/* Every client may have a request waiting while the server replies to one: 2 n messages. */
static int msg_fits(unsigned n, size_t wire, char *why, size_t len)
{
	long mnb = proc_limit_read("/proc/sys/kernel/msgmnb");

	if (mnb > 0 && (size_t)mnb >= 2 * (size_t)n * wire)
		return 0;
	snprintf(why, len, "%u clients may have %zu bytes in the queue at once; it holds %ld "
		 "(kernel.msgmnb)", n, 2 * (size_t)n * wire, mnb);
	return -1;
}

static long msg_limit(void)
{
	return tr_sysv_msg.probe_max_msg();
}

const struct tr_fanin fanin_sysv_msg = {
	.how = "one System V queue: requests mtype 1, client k's replies mtype 2 + k",
	.probe_max_msg = msg_limit,
	.fits = msg_fits,
	.setup = msg_setup,
	.open = msg_fan_open,
	.csend = msg_csend,
	.crecv = msg_crecv,
	.srecv = msg_srecv,
	.ssend = msg_ssend,
	.close = msg_fan_close,
	.teardown = msg_teardown,
};
