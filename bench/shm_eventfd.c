/* shm-eventfd: the shm-spin slots (bench/shmslot.h) for the data, two eventfds for the
 * notification: the sender publishes, then writes 1 to its direction's eventfd; the
 * receiver blocks in read() on it. Every message is posted once, and the receiver never
 * looks at a slot before a read has returned a post for it: one read may return several
 * posts (bandwidth mode has many messages in flight), which it keeps as credit. */
#include "bench/lib/efd.h"
#include "bench/lib/shmslot.h"

extern const struct tr_fanin fanin_shm_eventfd;

struct shm_eventfd {
	struct shmslot sl; /* first: the shmslot helpers see priv as a struct shmslot */
	int fd[2];
	uint64_t credit; /* per process: posts read but not yet matched with a message */
};

static void shm_eventfd_teardown(struct tr_chan *ch)
{
	struct shm_eventfd *p = ch->priv;

	if (p)
		efd_pair_close(p->fd);
	shmslot_teardown(ch);
}

static int shm_eventfd_setup(struct tr_chan *ch)
{
	int r = shmslot_setup_priv(ch, sizeof(struct shm_eventfd));
	struct shm_eventfd *p = ch->priv;

	if (r < 0)
		return r;
	r = efd_pair_open(p->fd);
	if (r < 0)
		shm_eventfd_teardown(ch);
	return r;
}

static ssize_t shm_eventfd_send(struct tr_chan *ch, enum tr_side side, const void *buf,
				size_t len)
{
	struct shm_eventfd *p = ch->priv;
	ssize_t n = shmslot_put(&p->sl, side, buf, len);
	int r;

	if (n < 0)
		return n;
	r = efd_post(efd_tx(p->fd, side), 1);
	return r < 0 ? r : n;
}

static ssize_t shm_eventfd_recv(struct tr_chan *ch, enum tr_side side, void *buf, size_t len)
{
	struct shm_eventfd *p = ch->priv;
	uint64_t v;

	do {
		if (p->credit == 0) {
			int r = efd_wait(efd_rx(p->fd, side), &v);
			if (r < 0)
				return r;
			p->credit = v;
		}
		p->credit--;
	} while (!shmslot_ready(&p->sl, side)); /* a stray count: wait for the next post */
	return shmslot_take(&p->sl, side, buf, len);
}

static void shm_eventfd_close(struct tr_chan *ch, enum tr_side side)
{
	struct shm_eventfd *p = ch->priv;

	(void)side;
	efd_pair_close(p->fd);
}

const struct transport tr_shm_eventfd = {
	.name = "shm-eventfd",
	.description = "shm-spin's slots; the sender writes 1 to an eventfd (one per direction), "
		       "the receiver blocks in read() on it",
	.abstraction = TA_MEMORY,
	.family = TF_SHM,
	.notification = TN_EVENTFD,
	.participants = TP_MANY,
	.direction = TD_TWO_WAY,
	.synchrony = TS_ASYNC,
	.copies = 2,
	.copies_note = "sender copies into the shared slot, receiver copies out",
	.flags = TR_MESSAGE | TR_SHARED_MEM | TR_SLOTS,
	.buffering = "one slot per message in flight (the window)",
	.setup = shm_eventfd_setup,
	.open = shmslot_open,
	.send = shm_eventfd_send,
	.recv = shm_eventfd_recv,
	.close = shm_eventfd_close,
	.teardown = shm_eventfd_teardown,
	.shared_region = shmslot_shared_region,
	.probe_lines = shmslot_probe_lines,
	.data_offset = SHMSLOT_DATA_OFFSET,
	.fanin = &fanin_shm_eventfd,
	.no_fanout = "the one slot all subscribers read waits by spin (shm-spin) or futex "
		     "(shm-futex) only",
};
