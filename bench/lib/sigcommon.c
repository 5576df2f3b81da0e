/* The pid exchange and send path of the signal transports (see sigcommon.). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include "sys/shmem.h"
#include "bench/lib/sigcommon.h"

int sigchan_setup(struct tr_chan *ch)
{
	struct sigchan *s = calloc(1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	s->sh = shmem_alloc(sizeof(*s->sh));
	if (!s->sh) {
		int r = -errno;
		free(s);
		return r;
	}
	/* one signal for both directions: each process only receives its own */
	s->signo = SIGRTMIN + 1;
	sigemptyset(&s->set);
	sigaddset(&s->set, s->signo);
	s->fd = -1;
	ch->priv = s;
	return 0;
}

/* Blocks the signal first, then publishes the pid: a signal that arrives from then on
 * stays pending until the receiver waits for it. */
int sigchan_open(struct tr_chan *ch, enum tr_side side)
{
	struct sigchan *s = ch->priv;
	sigset_t old;

	if (sigprocmask(SIG_BLOCK, &s->set, &old) < 0)
		return -errno;
	s->waitmask = old;
	sigdelset(&s->waitmask, s->signo);
	atomic_store(&s->sh->pid[side], (int)getpid());
	return 0;
}

ssize_t sigchan_send(struct tr_chan *ch, enum tr_side side, const void *buf, size_t len)
{
	struct sigchan *s = ch->priv;
	pid_t peer = atomic_load(&s->sh->pid[side == TR_CLIENT ? TR_SERVER : TR_CLIENT]);
	union sigval v = { .sival_int = 0 };
	int r;

	if (len > SIGCHAN_TOKEN)
		return -EMSGSIZE;
	if (peer <= 0)
		return -ESRCH;
	memcpy(&v.sival_int, buf, len);
	do
		r = sigqueue(peer, s->signo, v);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : (ssize_t)len;
}

ssize_t sigchan_token(int value, void *buf, size_t len)
{
	if (len < SIGCHAN_TOKEN)
		return -EMSGSIZE;
	memcpy(buf, &value, SIGCHAN_TOKEN);
	return (ssize_t)SIGCHAN_TOKEN;
}

/* The signal stays blocked: the child exits next, and a late signal must not kill it. */
void sigchan_close(struct tr_chan *ch, enum tr_side side)
{
	struct sigchan *s = ch->priv;

	(void)side;
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

void sigchan_teardown(struct tr_chan *ch)
{
	struct sigchan *s = ch->priv;

	if (!s)
		return;
	shmem_free(s->sh, sizeof(*s->sh));
	free(s);
	ch->priv = NULL;
}

void sigchan_buffer_limit(char *out, size_t n)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_SIGPENDING, &rl) < 0)
		snprintf(out, n, "NA (RLIMIT_SIGPENDING unreadable)");
	else if (rl.rlim_cur == RLIM_INFINITY)
		snprintf(out, n, "unlimited (RLIMIT_SIGPENDING)");
	else
		snprintf(out, n, "%llu signals (RLIMIT_SIGPENDING, per user)",
			 (unsigned long long)rl.rlim_cur);
}
