/* A-stack objects: one POSIX shared-memory object each, created 0600 with O_EXCL under an
 * unpredictable name (harness/names.h) by the server, mapped and claimed by exactly one
 * client, which then unlinks the name: from then on only the two mappings hold it. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sys/futex.h"
#include "lrpc_int.h"
#include "sys/names.h"

static int map_fd(struct lrpc_astack *a, int fd, size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	if (p == MAP_FAILED)
		return -errno;
	a->h = p;
	a->body = (unsigned char *)p + ASTACK_BODY_OFF;
	a->map_len = len;
	return 0;
}

int astack_create(struct lrpc_astack *a, size_t cap, const struct lrpc_opts *o)
{
	size_t len = ASTACK_BODY_OFF + ((cap + 63) & ~(size_t)63);
	int fd, mapped, r = ipc_name(a->shm_name, sizeof(a->shm_name), "lrpc");

	if (r < 0)
		return r;
	fd = shm_open(a->shm_name, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return -errno;
	/* sized, mapped and placed first, then its pages reserved: a full /dev/shm is
	 * ENOSPC here, never a SIGBUS at the first touch */
	r = ftruncate(fd, (off_t)len) < 0 ? -errno : map_fd(a, fd, len);
	mapped = r == 0;
	if (r == 0 && o->place)
		r = o->place(a->h, len, o->place_arg);
	if (r == 0)
		r = -posix_fallocate(fd, 0, (off_t)len);
	close(fd);
	if (r < 0 && mapped)
		munmap(a->h, len);
	if (r < 0) {
		a->h = NULL;
		shm_unlink(a->shm_name);
		return r;
	}
	a->cap = cap;
	a->server = 1;
	a->h->magic = LRPC_MAGIC;
	a->h->layout = LRPC_LAYOUT;
	a->h->handoff = (uint32_t)o->handoff;
	a->h->server_pid = (int32_t)getpid();
	a->h->cap = cap;
	peer_watch(&a->peer, 0);
	return 0;
}

/* The header a server wrote, checked before anything trusts it. */
static int check_hdr(const struct lrpc_astack *a)
{
	const struct astack_hdr *h = a->h;

	if (h->magic != LRPC_MAGIC || h->layout != LRPC_LAYOUT || h->handoff > LRPC_YIELD)
		return -EPROTO;
	if (h->cap > a->map_len - ASTACK_BODY_OFF)
		return -EPROTO;
	return 0;
}

/* Maps the A-stack open at fd and claims it for this process; -EBUSY when another client
 * holds it. */
int astack_attach_fd(struct lrpc_astack *a, int fd)
{
	struct stat st;
	int32_t nobody = 0;
	int r;

	if (fstat(fd, &st) < 0)
		r = -errno;
	else if ((size_t)st.st_size < ASTACK_BODY_OFF)
		r = -EPROTO;
	else
		r = map_fd(a, fd, (size_t)st.st_size);
	if (r == 0 && (r = check_hdr(a)) == 0 &&
	    !atomic_compare_exchange_strong(&a->h->client_pid, &nobody, (int32_t)getpid()))
		r = -EBUSY;
	if (r < 0) {
		if (a->h)
			munmap(a->h, a->map_len);
		a->h = NULL;
		return r;
	}
	a->cap = a->h->cap;
	a->server = 0;
	peer_watch(&a->peer, a->h->server_pid);
	return 0;
}

/* Maps the named A-stack and claims it for this process. -ENOENT when another client got
 * there first (it unlinked the name), -EBUSY when it was claimed meanwhile. */
int astack_attach(struct lrpc_astack *a, const char *shm_name)
{
	int fd = shm_open(shm_name, O_RDWR, 0), r;

	if (fd < 0)
		return -errno;
	r = astack_attach_fd(a, fd);
	close(fd);
	if (r < 0)
		return r;
	shm_unlink(shm_name); /* both sides have it mapped now */
	snprintf(a->shm_name, sizeof(a->shm_name), "%s", shm_name);
	return 0;
}

void astack_unmap(struct lrpc_astack *a)
{
	if (a->h)
		munmap(a->h, a->map_len);
	a->h = NULL;
	peer_forget(&a->peer);
}

void astack_close(struct lrpc_astack *a)
{
	uint32_t v = atomic_load(&a->h->state);

	while (PHASE(v) != PH_CLOSED &&
	       !atomic_compare_exchange_weak(&a->h->state, &v, WITH_PHASE(v, PH_CLOSED)))
		;
	futex_wake(&a->h->state, INT_MAX);
}
