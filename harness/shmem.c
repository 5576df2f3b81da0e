#include <stddef.h>
#include <sys/mman.h>
#include "shmem.h"

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
