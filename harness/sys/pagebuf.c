#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "sys/pagebuf.h"

void *pagebuf_alloc(size_t len, size_t offset)
{
	size_t n = (offset + (len ? len : 1) + PAGEBUF_PAGE - 1) & ~(size_t)(PAGEBUF_PAGE - 1);
	unsigned char *base;

	if (offset >= PAGEBUF_PAGE || n < len)
		return NULL;
	base = aligned_alloc(PAGEBUF_PAGE, n);
	if (!base)
		return NULL;
	memset(base, 0, n); /* fault the pages in before anything is timed */
	return base + offset;
}

void pagebuf_free(void *p)
{
	if (p)
		free((unsigned char *)p - ((uintptr_t)p & (PAGEBUF_PAGE - 1)));
}
