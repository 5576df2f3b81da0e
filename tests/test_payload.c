/* The message format: what the receiver accepts and what it must reject. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cell/payload.h"

static unsigned char buf[MSG_HDR_SIZE + 4096];

static void test_roundtrip_all_sizes(void **state)
{
	struct verify_err e;
	uint16_t f;

	(void)state;
	for (uint32_t len = 0; len <= 300; len++) {
		msg_fill(buf, 42, len, MSG_FULL);
		assert_int_equal(msg_check_hdr(buf, MSG_HDR_SIZE + len, 42, len, 0, &f, &e), 0);
		assert_int_equal(f, MSG_FULL);
		assert_int_equal(msg_check_payload(buf, 42, len, f, 1, &e), 0);
		assert_int_equal(msg_check_payload(buf, 42, len, f, 0, &e), 0);
	}
}

/* A stamped message passes the sampled check, and only a full check sees the rest. */
static void test_stamp_passes_sampled_check_only(void **state)
{
	struct verify_err e;
	uint16_t f;

	(void)state;
	for (uint32_t len = 0; len <= 300; len++) {
		memset(buf, 0xa5, sizeof(buf));
		msg_stamp(buf, 99, len, 0);
		assert_int_equal(msg_check_hdr(buf, MSG_HDR_SIZE + len, 99, len, 0, &f, &e), 0);
		assert_int_equal(msg_check_payload(buf, 99, len, f, 0, &e), 0);
		if (len > 24)
			assert_int_equal(msg_check_payload(buf, 99, len, f, 1, &e), -EBADMSG);
	}
}


/* A full check finds a flipped bit in any byte. */
static void test_every_byte_is_checked(void **state)
{
	struct verify_err e;
	char want[64];

	(void)state;
	for (uint32_t len = 1; len <= 100; len++)
		for (uint32_t i = 0; i < len; i++) {
			msg_fill(buf, 7, len, 0);
			buf[MSG_HDR_SIZE + i] ^= 1;
			assert_int_equal(msg_check_payload(buf, 7, len, 0, 1, &e), -EBADMSG);
			snprintf(want, sizeof(want), "differs at byte %u of %u", i, len);
			assert_non_null(strstr(e.msg, want)); /* the byte named, not its word */
		}
}

static void test_stale_or_foreign_message_rejected(void **state)
{
	struct verify_err e;
	uint16_t f;

	(void)state;
	msg_fill(buf, 5, 64, 0);
	assert_int_equal(msg_check_hdr(buf, MSG_HDR_SIZE + 64, 6, 64, 0, &f, &e), -EBADMSG);
	assert_non_null(strstr(e.msg, "expected request seq 6"));
	assert_int_equal(msg_check_hdr(buf, MSG_HDR_SIZE + 64, 5, 64, 1, &f, &e), -EBADMSG);
	assert_int_equal(msg_check_hdr(buf, MSG_HDR_SIZE + 64, 5, 32, 0, &f, &e), -EBADMSG);
	assert_int_equal(msg_check_hdr(buf, MSG_HDR_SIZE + 63, 5, 64, 0, &f, &e), -EBADMSG);
	assert_int_equal(msg_check_hdr(buf, 10, 5, 64, 0, &f, &e), -EBADMSG);
	/* the payload of message 5 is not the payload of message 6, nor of its reply */
	assert_int_equal(msg_check_payload(buf, 6, 64, 0, 1, &e), -EBADMSG);
	assert_int_equal(msg_check_payload(buf, 5, 64, MSG_REPLY, 1, &e), -EBADMSG);
}

static void test_damaged_header_rejected(void **state)
{
	struct verify_err e;
	uint16_t f;

	(void)state;
	for (size_t i = 0; i < MSG_HDR_SIZE; i++) {
		msg_fill(buf, 99, 16, MSG_WARMUP);
		buf[i] ^= 0x10;
		assert_int_equal(msg_check_hdr(buf, MSG_HDR_SIZE + 16, 99, 16, 0, &f, &e), -EBADMSG);
	}
}

static void test_spot_check_catches_first_and_last_word(void **state)
{
	struct verify_err e;

	(void)state;
	msg_fill(buf, 3, 4096, 0);
	buf[MSG_HDR_SIZE] ^= 1;
	assert_int_equal(msg_check_payload(buf, 3, 4096, 0, 0, &e), -EBADMSG);
	msg_fill(buf, 3, 4096, 0);
	buf[MSG_HDR_SIZE + 4095] ^= 1;
	assert_int_equal(msg_check_payload(buf, 3, 4096, 0, 0, &e), -EBADMSG);
}

static void test_tokens(void **state)
{
	struct verify_err e;
	uint16_t f;
	unsigned char t[8];

	(void)state;
	for (size_t carry = 1; carry <= 8; carry++) {
		token_put(t, carry, 1000, MSG_REPLY);
		assert_int_equal(token_check(t, carry, 1000, 1, &f, &e), 0);
		assert_int_equal(f, MSG_REPLY);
		assert_int_equal(token_check(t, carry, 1000, 0, &f, &e), -EBADMSG);
		if (carry >= 2)
			assert_int_equal(token_check(t, carry, 1001, 1, &f, &e), -EBADMSG);
		token_put(t, carry, 5, MSG_STOP);
		assert_int_equal(token_check(t, carry, 5, 0, &f, &e), 0);
		assert_int_equal(f, MSG_STOP);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_all_sizes),
		cmocka_unit_test(test_stamp_passes_sampled_check_only),
		cmocka_unit_test(test_every_byte_is_checked),
		cmocka_unit_test(test_stale_or_foreign_message_rejected),
		cmocka_unit_test(test_damaged_header_rejected),
		cmocka_unit_test(test_spot_check_catches_first_and_last_word),
		cmocka_unit_test(test_tokens),
	};

	return cmocka_run_group_tests_name("payload", tests, NULL, NULL);
}
