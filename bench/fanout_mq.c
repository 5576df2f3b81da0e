/* posix-mq fan-out: a POSIX message queue per subscriber (mq_open with a private random
 * name, unlinked at once; mq_maxmsg min(msg_max, 10)), the publisher sending the message to
 * each in turn; blocking mq_send and mq_receive. */
#include <errno.h>
#include <mqueue.h>
#include <stdlib.h>
#include "bench/lib/mqio.h"
#include "bench/transport.h"

extern const struct transport tr_posix_mq;

struct mq_out {
	unsigned n;
	mqd_t *q;
};

static int mq_out_setup(struct tr_chan *ch, unsigned n)
{
	struct mq_out *m = calloc(1, sizeof(*m));
	int r;

	if (!m)
		return -ENOMEM;
	ch->priv = m;
	m->q = malloc(n * sizeof(*m->q));
	if (!m->q)
		return -ENOMEM;
	for (unsigned k = 0; k < n; k++)
		m->q[k] = (mqd_t)-1;
	m->n = n;
	for (unsigned k = 0; k < n; k++)
		if ((r = mqio_open("mq-out", (long)ch->params->max_wire, &m->q[k])) < 0)
			return r;
	return 0;
}

static void mq_out_close(struct tr_chan *ch, int who)
{
	struct mq_out *m = ch->priv;

	for (unsigned k = 0; m->q && k < m->n; k++)
		if (m->q[k] != (mqd_t)-1 && (who < 0 || (unsigned)who != k)) {
			mq_close(m->q[k]);
			m->q[k] = (mqd_t)-1;
		}
}

/* A subscriber keeps its own queue; the publisher keeps them all. */
static int mq_out_open(struct tr_chan *ch, int who)
{
	if (who >= 0)
		mq_out_close(ch, who);
	return 0;
}

static ssize_t mq_out_publish(struct tr_chan *ch, const void *buf, size_t len, unsigned *dropped)
{
	struct mq_out *m = ch->priv;

	*dropped = 0;
	for (unsigned k = 0; k < m->n; k++) {
		ssize_t r = mqio_send(m->q[k], buf, len);

		if (r < 0)
			return r;
	}
	return (ssize_t)len;
}

static ssize_t mq_out_take(struct tr_chan *ch, unsigned k, void *buf, size_t len)
{
	return mqio_recv(((struct mq_out *)ch->priv)->q[k], buf, len);
}

static void mq_out_teardown(struct tr_chan *ch)
{
	struct mq_out *m = ch->priv;

	if (!m)
		return;
	mq_out_close(ch, TR_PUBLISHER);
	free(m->q);
	free(m);
	ch->priv = NULL;
}

static long mq_limit(void)
{
	return tr_posix_mq.probe_max_msg();
}

const struct tr_fanout fanout_posix_mq = {
	.how = "a message queue per subscriber, sent in turn",
	.probe_max_msg = mq_limit,
	.setup = mq_out_setup,
	.open = mq_out_open,
	.publish = mq_out_publish,
	.take = mq_out_take,
	.close = mq_out_close,
	.teardown = mq_out_teardown,
};
