/* posix-mq: two POSIX message queues, one per direction, opened in setup with a private
 * random name (ipc_name) and unlinked at once: the children inherit the descriptors and
 * nothing is left by name. Attributes: mq_msgsize is the cell's largest single send,
 * mq_maxmsg min(fs.mqueue.msg_max, 10). Blocking mq_send/mq_receive, priority 0.
 * mq_receive refuses a buffer shorter than mq_msgsize; that happens only for the last,
 * shorter fragment of a fragmented message, which is then received into a staging buffer
 * (allocated in setup) and copied out. When the kernel refuses the queues (EINVAL; EMFILE:
 * out of descriptors or past the user's RLIMIT_MSGQUEUE, which setup tells apart and names;
 * ENOMEM; ENOSPC: fs.mqueue.queues_max), setup returns that error and the cell is recorded
 * as an error. */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include "bench/lib/mqio.h"
#include "bench/lib/proc_limit.h"
#include "bench/transport.h"

extern const struct tr_fanin fanin_posix_mq;
extern const struct tr_fanout fanout_posix_mq;

enum { MQ_REQ = 0, MQ_REP = 1 };

struct posix_mq {
	mqd_t q[2];         /* request (client to server), reply (server to client) */
	size_t msgsize;     /* mq_msgsize of both */
	unsigned char *stage; /* msgsize bytes: for a receive buffer shorter than msgsize */
	unsigned long staged; /* per child: receives that went through stage */
};

static long posix_mq_probe(void)
{
	return proc_limit_read("/proc/sys/fs/mqueue/msgsize_max");
}

/* mq_open says EMFILE both when the process is out of descriptors and when the queues
 * would exceed the user's RLIMIT_MSGQUEUE: tell which. */
static int explain_emfile(const struct tr_chan *ch, long msgsize)
{
	const struct tr_params *p = ch->params;
	struct rlimit rl;
	int fd = dup(0);

	if (fd >= 0)
		close(fd);
	if (fd < 0 || !p->why || getrlimit(RLIMIT_MSGQUEUE, &rl) < 0)
		return -EMFILE;
	snprintf(p->why, p->whylen, "mq_open: RLIMIT_MSGQUEUE (ulimit -q: %llu bytes for all of "
		 "this user's queues) is too small for two queues of %ld messages of %ld bytes",
		 (unsigned long long)rl.rlim_cur, mqio_maxmsg(), msgsize);
	return -EDQUOT;
}

static int posix_mq_setup(struct tr_chan *ch)
{
	struct posix_mq *m = calloc(1, sizeof(*m));
	int r;

	if (!m)
		return -ENOMEM;
	m->q[0] = m->q[1] = (mqd_t)-1;
	ch->priv = m;
	m->msgsize = ch->params->max_wire;
	m->stage = malloc(m->msgsize);
	if (!m->stage)
		return -ENOMEM;
	memset(m->stage, 0, m->msgsize);
	if ((r = mqio_open("mq-req", (long)m->msgsize, &m->q[MQ_REQ])) == 0)
		r = mqio_open("mq-rep", (long)m->msgsize, &m->q[MQ_REP]);
	return r == -EMFILE ? explain_emfile(ch, (long)m->msgsize) : r;
}

static int posix_mq_open(struct tr_chan *ch, enum tr_side side)
{
	struct posix_mq *m = ch->priv;

	(void)side;
	memset(m->stage, 0, m->msgsize); /* fault in this child's private copy */
	m->staged = 0;
	return 0;
}

static ssize_t posix_mq_send(struct tr_chan *ch, enum tr_side side, const void *buf, size_t len)
{
	struct posix_mq *m = ch->priv;
	if (len > m->msgsize)
		return -EMSGSIZE;
	return mqio_send(m->q[side == TR_CLIENT ? MQ_REQ : MQ_REP], buf, len);
}

static ssize_t posix_mq_recv(struct tr_chan *ch, enum tr_side side, void *buf, size_t len)
{
	struct posix_mq *m = ch->priv;
	mqd_t q = m->q[side == TR_CLIENT ? MQ_REP : MQ_REQ];
	int staged = len < m->msgsize;
	ssize_t r;

	do
		r = mq_receive(q, staged ? (char *)m->stage : buf, staged ? m->msgsize : len, NULL);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	if (staged) {
		m->staged++;
		if ((size_t)r > len)
			return -EMSGSIZE; /* consumed, but the cell fails on this anyway */
		memcpy(buf, m->stage, (size_t)r);
	}
	return r;
}

static void posix_mq_close(struct tr_chan *ch, enum tr_side side)
{
	struct posix_mq *m = ch->priv;

	(void)side;
	for (int i = 0; i < 2; i++)
		if (m->q[i] != (mqd_t)-1) {
			mq_close(m->q[i]);
			m->q[i] = (mqd_t)-1;
		}
}

static void posix_mq_describe(struct tr_chan *ch, enum tr_side side, char *buf, size_t len)
{
	struct posix_mq *m = ch->priv;

	if (m->staged)
		snprintf(buf, len, "%s: %lu short last fragments received via staging",
			 side == TR_CLIENT ? "client" : "server", m->staged);
}

static void posix_mq_teardown(struct tr_chan *ch)
{
	struct posix_mq *m = ch->priv;

	if (!m)
		return;
	posix_mq_close(ch, TR_CLIENT);
	free(m->stage);
	free(m);
	ch->priv = NULL;
}

static void posix_mq_limit(char *out, size_t n)
{
	long maxmsg = mqio_maxmsg();

	if (maxmsg < 0)
		snprintf(out, n, "NA (fs.mqueue.msg_max: %s)", strerror((int)-maxmsg));
	else
		snprintf(out, n, "%ld msgs (min(fs.mqueue.msg_max, %ld))",
			 maxmsg, MQIO_MAXMSG_WANT);
}

/* The request queue is the client's to send on, the reply queue the server's. */
static int posix_mq_nonblock(struct tr_chan *ch, enum tr_side side)
{
	struct posix_mq *m = ch->priv;
	struct mq_attr a = { .mq_flags = O_NONBLOCK };

	return mq_setattr(m->q[side == TR_CLIENT ? MQ_REQ : MQ_REP], &a, NULL) < 0 ? -errno : 0;
}

const struct transport tr_posix_mq = {
	.name = "posix-mq",
	.description = "two POSIX message queues (mq_open, unlinked at once), mq_maxmsg "
		       "min(msg_max, 10), blocking mq_send/mq_receive",
	.abstraction = TA_MESSAGE,
	.family = TF_QUEUE,
	.notification = TN_SYSCALL,
	.participants = TP_MANY,
	.direction = TD_ONE_WAY,
	.synchrony = TS_ASYNC,
	.copies = 2,
	.copies_note = "mq_send copies into a kernel message, mq_receive copies out (the "
		       "short last fragment of a fragmented message takes one more, through a "
		       "staging buffer)",
	.flags = TR_MESSAGE,
	.buffering = "a queue of mq_maxmsg messages of the cell's largest send",
	.buffer_limit = posix_mq_limit,
	.send_nonblock = posix_mq_nonblock,
	.probe_max_msg = posix_mq_probe,
	.setup = posix_mq_setup,
	.open = posix_mq_open,
	.send = posix_mq_send,
	.recv = posix_mq_recv,
	.open_window = 256, /* the kernel queues each direction apart; send blocks when full */
	.close = posix_mq_close,
	.teardown = posix_mq_teardown,
	.describe = posix_mq_describe,
	.fanin = &fanin_posix_mq,
	.fanout = &fanout_posix_mq,
};
