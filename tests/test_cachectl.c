/* Cache control between messages: touch reads every word (its sum is the plain sum) or
 * writes every word, at any length and alignment; a flush leaves the data as it was. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "sys/cachectl.h"

static unsigned char buf[4096 + 64];

static uint64_t plain_sum(const unsigned char *p, size_t len)
{
	uint64_t s = 0;

	for (size_t off = 0; off + 8 <= len; off += 8) {
		uint64_t w;
		memcpy(&w, p + off, 8);
		s += w;
	}
	return s;
}

static void test_read_sums_every_word(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 131 + 7);
	for (size_t shift = 0; shift < 9; shift++)
		for (size_t len = 0; len < 300; len += 7)
			assert_true(cache_touch(buf + shift, len, TOUCH_READ) == plain_sum(buf + shift, len));
	assert_true(cache_touch(buf + 3, 4096, TOUCH_READ) == plain_sum(buf + 3, 4096));
}

static void test_write_writes_every_word(void **state)
{
	(void)state;
	for (size_t len = 0; len <= 200; len += 8) {
		memset(buf, 0xee, sizeof(buf));
		cache_touch(buf + 5, len, TOUCH_WRITE);
		for (size_t off = 0; off + 8 <= len; off += 8) {
			uint64_t w;
			memcpy(&w, buf + 5 + off, 8);
			assert_true(w == off); /* word at offset off holds off */
		}
		assert_int_equal(buf[5 + len], 0xee); /* nothing past the end */
		assert_int_equal(buf[4], 0xee);
	}
	assert_true(cache_touch(buf, 64, TOUCH_NONE) == 0);
}

static void test_flush_and_walk_keep_data(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)i;
	cache_flush(buf + 1, 4000, cache_has_clflushopt());
	cache_flush(buf, 100, 0);
	cache_flush(NULL, 0, 0);
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], (unsigned char)i);
	uint64_t w;
	memcpy(&w, buf, 8);
	assert_true(cache_walk(buf, 64) == w);
	assert_true(cache_flush_method()[0] != 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_sums_every_word),
		cmocka_unit_test(test_write_writes_every_word),
		cmocka_unit_test(test_flush_and_walk_keep_data),
	};

	return cmocka_run_group_tests_name("cachectl", tests, NULL, NULL);
}
