/* shm-sem: the shm-spin slots (bench/shmslot.h) in a SysV shared memory segment, with a
 * SysV semaphore per direction: the sender publishes, then V (semop +1); the receiver P
 * (semop -1) blocks until a message is posted. The segment is marked for removal as soon
 * as the parent has attached it (the children inherit the attachment through fork); a
 * semaphore set dies the moment it is removed, so it lives until teardown. */
#include <errno.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include "sys/memplace.h"
#include "sys/names.h"
#include "bench/lib/shmslot.h"

struct shm_sem {
	struct shmslot sl; /* first: the shmslot helpers see priv as a struct shmslot */
	int shmid, semid;  /* -1 once removed */
	key_t shmkey, semkey;
};

/* semctl's fourth argument: the caller defines it (SUSv3). */
union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

static void shm_sem_teardown(struct tr_chan *ch)
{
	struct shm_sem *p = ch->priv;

	if (!p)
		return;
	if (p->semid >= 0) {
		semctl(p->semid, 0, IPC_RMID);
		ipc_sysv_forget(ch->params->tmpdir, "sem", p->semkey);
	}
	/* still attached here, so the id cannot have been reused by anyone else */
	if (p->shmid >= 0) {
		shmctl(p->shmid, IPC_RMID, NULL);
		ipc_sysv_forget(ch->params->tmpdir, "shm", p->shmkey);
	}
	if (p->sl.map)
		shmdt(p->sl.map);
	free(p);
	ch->priv = NULL;
}

static int attach_segment(struct shm_sem *p, const struct tr_params *params, unsigned nslots)
{
	size_t len = shmslot_region_len(params->max_wire, nslots);
	void *map;
	int r = ipc_sysv_get(params->tmpdir, "shm", len, &p->shmkey);

	if (r < 0)
		return r;
	p->shmid = r;
	map = shmat(p->shmid, NULL, 0);
	if (map == (void *)-1)
		return -errno;
	p->sl.map = map; /* detached in teardown whatever happens next */
	r = params->mem ? memplace_apply(params->mem, map, len) : 0; /* before the first touch */
	if (r < 0)
		return r;
	shmslot_init(&p->sl, map, params->max_wire, nslots); /* a new segment is zeroed */
	if (shmctl(p->shmid, IPC_RMID, NULL) < 0)
		return -errno;
	ipc_sysv_forget(params->tmpdir, "shm", p->shmkey);
	p->shmid = -1;
	return 0;
}

static int make_semaphores(struct shm_sem *p, const char *tmpdir)
{
	unsigned short zero[2] = { 0, 0 };
	int r;

	r = ipc_sysv_get(tmpdir, "sem", 2, &p->semkey); /* random key, ledgered */
	if (r < 0)
		return r;
	p->semid = r;
	/* SysV leaves new semaphore values unspecified */
	if (semctl(p->semid, 0, SETALL, (union semun){ .array = zero }) < 0)
		return -errno;
	return 0;
}

static int shm_sem_setup(struct tr_chan *ch)
{
	struct shm_sem *p = calloc(1, sizeof(*p));
	int r;

	if (!p)
		return -ENOMEM;
	p->shmid = p->semid = -1;
	ch->priv = p;
	r = attach_segment(p, ch->params, shmslot_nslots(ch));
	if (r == 0)
		r = make_semaphores(p, ch->params->tmpdir);
	if (r < 0)
		shm_sem_teardown(ch);
	return r;
}

/* Adds delta to semaphore dir (0: requests, 1: replies), blocking while it would go
 * below zero. */
static int sem_add(int semid, int dir, short delta)
{
	struct sembuf op = { .sem_num = (unsigned short)dir, .sem_op = delta, .sem_flg = 0 };
	int r;

	do
		r = semop(semid, &op, 1);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : 0;
}

static ssize_t shm_sem_send(struct tr_chan *ch, enum tr_side side, const void *buf, size_t len)
{
	struct shm_sem *p = ch->priv;
	ssize_t n = shmslot_put(&p->sl, side, buf, len);
	int r;

	if (n < 0)
		return n;
	r = sem_add(p->semid, side == TR_CLIENT ? 0 : 1, 1);
	return r < 0 ? r : n;
}

static ssize_t shm_sem_recv(struct tr_chan *ch, enum tr_side side, void *buf, size_t len)
{
	struct shm_sem *p = ch->priv;

	do {
		int r = sem_add(p->semid, side == TR_CLIENT ? 1 : 0, -1);
		if (r < 0)
			return r;
	} while (!shmslot_ready(&p->sl, side)); /* a stray count: wait for the next V */
	return shmslot_take(&p->sl, side, buf, len);
}

const struct transport tr_shm_sem = {
	.name = "shm-sem",
	.description = "shm-spin's slots in a SysV segment; the receiver blocks in semop P on "
		       "a SysV semaphore (one per direction), the sender posts V",
	.abstraction = TA_MEMORY,
	.family = TF_SHM,
	.notification = TN_SEMAPHORE,
	.participants = TP_MANY,
	.direction = TD_TWO_WAY,
	.synchrony = TS_ASYNC,
	.copies = 2,
	.copies_note = "sender copies into the shared slot, receiver copies out",
	.flags = TR_MESSAGE | TR_SHARED_MEM | TR_SLOTS,
	.buffering = "one slot per message in flight (the window)",
	.setup = shm_sem_setup,
	.open = shmslot_open,
	.send = shm_sem_send,
	.recv = shm_sem_recv,
	.close = shmslot_close,
	.teardown = shm_sem_teardown,
	.shared_region = shmslot_shared_region,
	.probe_lines = shmslot_probe_lines,
	.data_offset = SHMSLOT_DATA_OFFSET,
	.no_fanin = "the multi-producer ring waits by spin (shm-spin) or futex (shm-futex) "
		    "only",
	.no_fanout = "the one slot all subscribers read waits by spin (shm-spin) or futex "
		     "(shm-futex) only",
};
