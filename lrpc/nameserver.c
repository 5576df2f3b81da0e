/* The naming service as a process of its own (lrpc/lrpc.h, lrpc_ns_*): servers register a
 * service by handing the process its A-stacks as descriptors (SCM_RIGHTS), with the uids it
 * may be bound by; a client asks for a service by name, the naming service reads the
 * client's credentials from the kernel (SO_PEERCRED: they cannot be forged over the socket)
 * and, if the list allows them, hands it one A-stack that no one else holds. Nothing then
 * has the A-stack by name: the server unlinks the names once the naming service holds them,
 * so that the naming service alone decides who binds. One AF_UNIX SOCK_SEQPACKET socket,
 * one request at a time. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include "lrpc_int.h"
#include "lrpc/nsproto.h"

#define NS_SERVICES 32
#define NS_TIMEOUT_S 2 /* a request that does not arrive in time ends its connection */

struct ns_service {
	char name[LRPC_NAME_MAX + 1];
	int pid;
	uint32_t uid;
	unsigned n, nuids;
	uint32_t uids[LRPC_NS_MAX_UIDS];
	int fd[LRPC_MAX_ASTACKS];
	int given[LRPC_MAX_ASTACKS];
};

struct ns_state {
	struct ns_service svc[NS_SERVICES];
	unsigned n;
};

struct lrpc_ns {
	pid_t pid;
	char path[108];
};

static struct ns_service *find(struct ns_state *st, const char *name)
{
	for (unsigned i = 0; i < st->n; i++)
		if (strcmp(st->svc[i].name, name) == 0)
			return &st->svc[i];
	return NULL;
}

static void release(struct ns_service *s)
{
	for (unsigned i = 0; i < s->n; i++)
		if (s->fd[i] >= 0)
			close(s->fd[i]);
	s->n = 0;
}

static int allowed(const struct ns_service *s, uint32_t uid)
{
	for (unsigned i = 0; i < s->nuids; i++)
		if (s->uids[i] == uid)
			return 1;
	return 0;
}

/* Why this client may not have the service, or 0. */
static int refuse(const struct ns_state *st, const struct ns_msg *m, const struct ucred *cr,
		  const struct ns_service *s, struct ns_msg *rep)
{
	int n = 0;

	(void)st;
	if (!s) {
		snprintf(rep->why, sizeof(rep->why), "no service '%s' is registered", m->name);
		return -ENOENT;
	}
	if (allowed(s, cr->uid))
		return 0;
	n = snprintf(rep->why, sizeof(rep->why), "service '%s' may be bound by uid", s->name);
	for (unsigned i = 0; i < s->nuids && n > 0 && (size_t)n < sizeof(rep->why); i++)
		n += snprintf(rep->why + n, sizeof(rep->why) - (size_t)n, "%s %u", i ? "," : "",
			      s->uids[i]);
	snprintf(rep->why + n, n > 0 && (size_t)n < sizeof(rep->why) ? sizeof(rep->why) - (size_t)n : 0,
		 " only; this client is uid %u (pid %d)", cr->uid, cr->pid);
	return -EACCES;
}

static int publish(struct ns_state *st, const struct ns_msg *m, const struct ucred *cr,
		   const int *fds, unsigned nfd, struct ns_msg *rep)
{
	struct ns_service *s = find(st, m->name);

	if (s && s->pid != cr->pid && kill(s->pid, 0) == 0) {
		snprintf(rep->why, sizeof(rep->why), "service '%s' is registered by pid %d", m->name,
			 s->pid);
		return -EEXIST;
	}
	if (!s && st->n == NS_SERVICES)
		return -ENOSPC;
	if (!s)
		s = &st->svc[st->n++];
	release(s);
	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", m->name);
	s->pid = cr->pid;
	s->uid = cr->uid;
	s->nuids = m->nuids <= LRPC_NS_MAX_UIDS ? m->nuids : LRPC_NS_MAX_UIDS;
	memcpy(s->uids, m->uids, s->nuids * sizeof(s->uids[0]));
	for (unsigned i = 0; i < nfd; i++)
		s->fd[s->n++] = fds[i];
	return 0;
}

/* The first A-stack nobody was given; -ENOSPC when all were. */
static int take_free(struct ns_service *s, int *fd)
{
	for (unsigned i = 0; i < s->n; i++)
		if (!s->given[i]) {
			s->given[i] = 1;
			*fd = s->fd[i];
			return 0;
		}
	return -ENOSPC;
}

/* One request: its reply, and the descriptor to send with it (-1 none). */
static void serve(struct ns_state *st, const struct ns_msg *m, const struct ucred *cr,
		  const int *fds, unsigned nfd, struct ns_msg *rep, int *send_fd)
{
	struct ns_service *s = find(st, m->name);

	*send_fd = -1;
	memset(rep, 0, sizeof(*rep));
	rep->op = NS_REPLY;
	if (m->op == NS_PUBLISH) {
		rep->status = publish(st, m, cr, fds, nfd, rep);
		return;
	}
	for (unsigned i = 0; i < nfd; i++) /* only a publish brings descriptors */
		close(fds[i]);
	if ((rep->status = refuse(st, m, cr, s, rep)) < 0)
		return;
	for (unsigned i = 0; i < s->n; i++)
		rep->n += !s->given[i];
	if (m->op == NS_ALLOC && (rep->status = take_free(s, send_fd)) < 0)
		snprintf(rep->why, sizeof(rep->why), "every A-stack of service '%s' is bound",
			 s->name);
}

static void one_connection(struct ns_state *st, int c)
{
	struct timeval tv = { .tv_sec = NS_TIMEOUT_S };
	struct ucred cr;
	socklen_t len = sizeof(cr);
	struct ns_msg m, rep;
	int fds[LRPC_MAX_ASTACKS], sfd;
	unsigned nfd;

	if (getsockopt(c, SOL_SOCKET, SO_PEERCRED, &cr, &len) < 0 ||
	    setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0)
		return;
	while (ns_recv(c, &m, fds, LRPC_MAX_ASTACKS, &nfd) == 0) {
		m.name[LRPC_NAME_MAX] = 0;
		serve(st, &m, &cr, fds, nfd, &rep, &sfd);
		if (ns_send(c, &rep, &sfd, sfd >= 0 ? 1 : 0) < 0)
			break;
	}
}

static void ns_main(int lfd)
{
	static struct ns_state st;

	for (;;) {
		int c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

		if (c < 0 && errno == EINTR)
			continue;
		if (c < 0)
			_exit(1);
		one_connection(&st, c);
		close(c);
	}
}

static int listen_at(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0), r;

	if (fd < 0)
		return -errno;
	if (strlen(path) >= sizeof(a.sun_path)) {
		close(fd);
		return -ENAMETOOLONG;
	}
	memcpy(a.sun_path, path, strlen(path) + 1);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || chmod(path, 0666) < 0 ||
	    listen(fd, 64) < 0) {
		r = -errno;
		close(fd);
		unlink(path);
		return r;
	}
	return fd;
}

int lrpc_ns_start(const char *path, struct lrpc_ns **out)
{
	struct lrpc_ns *ns = calloc(1, sizeof(*ns));
	int lfd = ns ? listen_at(path) : -ENOMEM;
	pid_t parent = getpid();

	if (lfd < 0) {
		free(ns);
		return lfd;
	}
	snprintf(ns->path, sizeof(ns->path), "%s", path);
	fflush(NULL);
	ns->pid = fork();
	if (ns->pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(3);
		prctl(PR_SET_NAME, "ipcbench-lrpcns");
		ns_main(lfd);
	}
	close(lfd);
	if (ns->pid < 0) {
		int r = -errno;

		unlink(path);
		free(ns);
		return r;
	}
	*out = ns;
	return 0;
}

void lrpc_ns_stop(struct lrpc_ns *ns)
{
	if (!ns)
		return;
	kill(ns->pid, SIGKILL);
	waitpid(ns->pid, NULL, 0);
	unlink(ns->path);
	free(ns);
}
