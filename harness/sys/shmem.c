#include <stddef.h>
#include <sys/mman.h>
#include <errno.h>
#include "sys/memplace.h"
#include "sys/shmem.h"

void *shmem_alloc(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

void shmem_free(void *p, size_t len)
{
	if (p)
		munmap(p, len);
}

void *shmem_alloc_placed(struct mem_place *m, size_t len)
{
	void *p = shmem_alloc(len);
	int r;

	if (!p || !m)
		return p;
	r = memplace_apply(m, p, len);
	if (r < 0) {
		shmem_free(p, len);
		errno = -r;
		return NULL;
	}
	return p;
}
