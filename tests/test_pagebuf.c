/* Where message buffers lie (sys/pagebuf.h): at the offset asked for past a page, zeroed,
 * freed whole; and the harness's buffers for each transport start where that transport's
 * own copy of a message does, so that no copy between them is 8 to 31 bytes ahead of its
 * source modulo 4096 (the distance that made memcpy twentyfold slower on AMD Zen). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include "bench/lib/shmslot.h"
#include "cell/msgio.h"
#include "sys/pagebuf.h"

static unsigned page_off(const void *p)
{
	return (unsigned)((uintptr_t)p & (PAGEBUF_PAGE - 1));
}

/* The distance of a copy from src to dst, modulo the page. */
static unsigned ahead(const void *dst, const void *src)
{
	return (unsigned)(((uintptr_t)dst - (uintptr_t)src) & (PAGEBUF_PAGE - 1));
}

static void at_the_offset_zeroed_and_freed(void **state)
{
	static const size_t offs[] = { 0, 16, 64, 4095 };
	static const size_t lens[] = { 1, 17, 4096, 3 * 4096 + 5 };

	(void)state;
	for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++)
		for (size_t j = 0; j < sizeof(lens) / sizeof(lens[0]); j++) {
			unsigned char *p = pagebuf_alloc(lens[j], offs[i]);

			assert_non_null(p);
			assert_int_equal(page_off(p), offs[i]);
			for (size_t k = 0; k < lens[j]; k++)
				assert_int_equal(p[k], 0);
			p[lens[j] - 1] = 1; /* the whole length is there (ASan would see past it) */
			pagebuf_free(p);
		}
	pagebuf_free(NULL);
}

static void refuses_an_offset_past_the_page(void **state)
{
	(void)state;
	assert_null(pagebuf_alloc(64, PAGEBUF_PAGE));
	assert_null(pagebuf_alloc(SIZE_MAX - 8, 16));
}

/* Every slot of a ring, of any message size, and the harness's buffers of a shm-*
 * transport: the sender's copy into the slot and the receiver's out of it. */
static void slot_copies_never_at_an_aliasing_distance(void **state)
{
	const struct transport *t = transport_find("shm-spin");
	static const size_t wires[] = { 24, 1040, 4096, 65552, 1048592 };

	(void)state;
	assert_non_null(t);
	assert_int_equal(t->data_offset, SHMSLOT_DATA_OFFSET);
	for (size_t w = 0; w < sizeof(wires) / sizeof(wires[0]); w++) {
		struct shmslot s;
		void *region = pagebuf_alloc(shmslot_region_len(wires[w], 4), 0); /* a mapping: a page */
		unsigned char *tx = mio_alloc(t, wires[w]), *rx = mio_alloc(t, wires[w]);

		assert_non_null(region);
		assert_non_null(tx);
		assert_non_null(rx);
		shmslot_init(&s, region, wires[w], 4);
		for (int dir = 0; dir < 2; dir++)
			for (unsigned k = 0; k < 4; k++) {
				const unsigned char *data = shmslot_at(&s, dir, k)->data;
				unsigned in = ahead(data, tx), out = ahead(rx, data);

				assert_false(in >= 8 && in < 32);
				assert_false(out >= 8 && out < 32);
			}
		mio_free(tx);
		mio_free(rx);
		pagebuf_free(region);
	}
}

/* A kernel transport copies between the harness's buffers and page-aligned kernel pages
 * (pipe buffers): both start on a page. */
static void kernel_transports_at_a_page(void **state)
{
	const struct transport *t = transport_find("pipe");
	unsigned char *p;

	(void)state;
	assert_non_null(t);
	assert_int_equal(t->data_offset, 0);
	p = mio_alloc(t, 100000);
	assert_non_null(p);
	assert_int_equal(page_off(p), 0);
	mio_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(at_the_offset_zeroed_and_freed),
		cmocka_unit_test(refuses_an_offset_past_the_page),
		cmocka_unit_test(slot_copies_never_at_an_aliasing_distance),
		cmocka_unit_test(kernel_transports_at_a_page),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
