/* Both ends of binding through the naming-service process (lrpc/lrpc.h, lrpc_ns_*): the
 * server handing its A-stacks over, the client asking for one and mapping it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "lrpc_int.h"
#include "lrpc/nsproto.h"
#include "sys/clock.h"

/* One request and its reply on the connection; the reason of a refusal into why. */
static int ask(int sock, struct ns_msg *m, int *fd, char *why, size_t whylen)
{
	unsigned nfd = 0;
	int r = ns_send(sock, m, NULL, 0);

	if (r == 0)
		r = ns_recv(sock, m, fd, fd ? 1 : 0, &nfd);
	if (r == 0 && m->status < 0) {
		snprintf(why, whylen, "%s", m->why);
		r = m->status;
	}
	if (r == 0 && fd && nfd != 1)
		r = -EPROTO;
	if (r < 0 && fd && nfd == 1)
		close(*fd);
	return r;
}

int lrpc_ns_publish(const char *path, struct lrpc_service *s, const uint32_t *uids,
		    unsigned nuids, char *why, size_t whylen)
{
	struct ns_msg m = { .op = NS_PUBLISH, .nuids = nuids ? nuids : 1 };
	int fds[LRPC_MAX_ASTACKS], r = 0, sock;
	unsigned n = 0, nfd;

	if (nuids > LRPC_NS_MAX_UIDS)
		return -E2BIG;
	snprintf(m.name, sizeof(m.name), "%s", s->name);
	if (nuids)
		memcpy(m.uids, uids, nuids * sizeof(*uids));
	else
		m.uids[0] = (uint32_t)getuid();
	for (; n < s->n && r == 0; n++)
		if ((fds[n] = shm_open(s->as[n].a.shm_name, O_RDWR | O_CLOEXEC, 0)) < 0)
			r = -errno;
	if (r == 0 && (sock = r = ns_dial(path)) >= 0) {
		r = ns_send(sock, &m, fds, n);
		if (r == 0 && (r = ns_recv(sock, &m, NULL, 0, &nfd)) == 0 && m.status < 0) {
			snprintf(why, whylen, "%s", m.why);
			r = m.status;
		}
		close(sock);
	}
	for (unsigned i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	if (r < 0)
		return r;
	/* the naming service holds them now, and no one else may find them */
	for (unsigned i = 0; i < s->n; i++)
		shm_unlink(s->as[i].a.shm_name);
	registry_remove(s->dir, s->name, (int)getpid(), 0);
	return 0;
}

int lrpc_ns_connect(const char *path, const char *name, const struct lrpc_connect_opts *o,
		    struct lrpc_binding **out, struct lrpc_bind_cost *cost, char *why,
		    size_t whylen)
{
	struct ns_msg m = { .op = NS_LOOKUP };
	uint64_t t0 = clock_mono_ns(), t1, t2;
	int fd = -1, r, sock;

	why[0] = 0;
	if (registry_check_name(name) < 0)
		return -EINVAL;
	snprintf(m.name, sizeof(m.name), "%s", name);
	if ((sock = ns_dial(path)) < 0)
		return sock;
	r = ask(sock, &m, NULL, why, whylen);
	t1 = clock_mono_ns();
	if (r == 0) {
		m = (struct ns_msg){ .op = NS_ALLOC };
		snprintf(m.name, sizeof(m.name), "%s", name);
		r = ask(sock, &m, &fd, why, whylen);
	}
	close(sock);
	t2 = clock_mono_ns();
	if (r == 0) {
		r = binding_from_fd(fd, name, o, out);
		close(fd);
	}
	if (r == 0 && cost)
		*cost = (struct lrpc_bind_cost){ .lookup_ns = t1 - t0, .alloc_ns = t2 - t1,
						 .map_ns = clock_mono_ns() - t2 };
	return r;
}
