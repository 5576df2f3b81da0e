/* Is the process at the other end of an A-stack still there? A pidfd answers without
 * being fooled by a recycled pid and sees a killed child before it is reaped; kill(pid, 0)
 * is the fallback where pidfd_open is missing (Linux before 5.3). */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "lrpc_int.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

void peer_watch(struct lrpc_peer *p, int pid)
{
	p->pid = pid;
	p->pidfd = pid > 0 ? (int)syscall(SYS_pidfd_open, pid, 0) : -1;
}

int peer_alive(const struct lrpc_peer *p)
{
	struct pollfd pf = { .fd = p->pidfd, .events = POLLIN };

	if (p->pid <= 0)
		return 1; /* nobody bound yet */
	if (p->pidfd >= 0)
		return poll(&pf, 1, 0) == 0; /* readable once the process has exited */
	return !(kill(p->pid, 0) < 0 && errno == ESRCH);
}

void peer_forget(struct lrpc_peer *p)
{
	if (p->pidfd >= 0)
		close(p->pidfd);
	p->pid = 0;
	p->pidfd = -1;
}
