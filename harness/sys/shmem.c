#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <sys/mman.h>
#include <unistd.h>
#include "sys/memplace.h"
#include "sys/shmem.h"

/* A memfd (no name anywhere), mapped shared, placed, then its pages reserved. */
static void *map_reserved(size_t len, struct mem_place *m)
{
	int fd = memfd_create("ipcbench-shm", MFD_CLOEXEC), r = 0;
	void *p = MAP_FAILED;

	if (fd < 0)
		return NULL;
	if (ftruncate(fd, (off_t)len) < 0)
		r = -errno;
	if (r == 0 && (p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) == MAP_FAILED)
		r = -errno;
	if (r == 0 && m)
		r = memplace_apply(m, p, len); /* before any page exists */
	if (r == 0)
		r = -posix_fallocate(fd, 0, (off_t)len);
	close(fd);
	if (r < 0 && p != MAP_FAILED)
		munmap(p, len);
	if (r < 0)
		errno = -r;
	return r < 0 ? NULL : p;
}

void *shmem_alloc(size_t len)
{
	return map_reserved(len, NULL);
}

void shmem_free(void *p, size_t len)
{
	if (p)
		munmap(p, len);
}

void *shmem_alloc_placed(struct mem_place *m, size_t len)
{
	return map_reserved(len, m);
}
