#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cell/payload.h"

static uint64_t mix64(uint64_t x)
{
	/* splitmix64 finaliser: consecutive sequence numbers give unrelated patterns */
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static uint16_t hdr_check(uint64_t seq, uint32_t len, uint16_t flags)
{
	uint64_t h = mix64(seq ^ ((uint64_t)len << 32) ^ ((uint64_t)flags << 16) ^ 0x1bcb);

	return (uint16_t)(h ^ (h >> 16) ^ (h >> 32) ^ (h >> 48));
}

static uint64_t pattern_base(uint64_t seq, uint16_t flags)
{
	return mix64(seq * 2 + ((flags & MSG_REPLY) ? 1 : 0));
}

#define PATTERN_STEP 0xd1342543de82ef95ull

typedef uint64_t u64x2 __attribute__((vector_size(16)));
typedef uint64_t u64x2u __attribute__((vector_size(16), aligned(1), may_alias));

static uint64_t pattern_word(uint64_t base, size_t i)
{
	return base + (uint64_t)i * PATTERN_STEP;
}

void msg_set_hdr(void *buf, uint64_t seq, uint32_t len, uint16_t flags)
{
	struct msg_hdr h = { .seq = seq, .len = len, .flags = flags };

	h.check = hdr_check(seq, len, flags);
	memcpy(buf, &h, sizeof(h));
}

/* Byte j of the payload is byte j%8 (little-endian) of word j/8. */
void msg_fill(void *buf, uint64_t seq, uint32_t len, uint16_t flags)
{
	unsigned char *p = (unsigned char *)buf + MSG_HDR_SIZE;
	uint64_t base = pattern_base(seq, flags);
	size_t words = len / 8, i;

	msg_set_hdr(buf, seq, len, flags);
	/* eight words per step in vector registers, so that building a message runs at memory
	 * speed, like the copies it is compared with */
	const u64x2 step = { 8 * PATTERN_STEP, 8 * PATTERN_STEP };
	u64x2 v0 = { pattern_word(base, 0), pattern_word(base, 1) };
	u64x2 v1 = { pattern_word(base, 2), pattern_word(base, 3) };
	u64x2 v2 = { pattern_word(base, 4), pattern_word(base, 5) };
	u64x2 v3 = { pattern_word(base, 6), pattern_word(base, 7) };

	for (i = 0; i + 8 <= words; i += 8) {
		u64x2u *q = (u64x2u *)(p + i * 8);

		q[0] = v0, q[1] = v1, q[2] = v2, q[3] = v3;
		v0 += step, v1 += step, v2 += step, v3 += step;
	}
	for (; i < words; i++) {
		uint64_t w = pattern_word(base, i);
		memcpy(p + i * 8, &w, 8);
	}
	if (len % 8) {
		uint64_t w = pattern_word(base, words);
		memcpy(p + words * 8, &w, len % 8);
	}
}

/* The three words msg_check_payload checks without `full`, and the header. */
void msg_stamp(void *buf, uint64_t seq, uint32_t len, uint16_t flags)
{
	unsigned char *p = (unsigned char *)buf + MSG_HDR_SIZE;
	uint64_t base = pattern_base(seq, flags);
	size_t words = (len + 7) / 8, spot[3] = { 0, words - 1, words ? base % words : 0 };

	msg_set_hdr(buf, seq, len, flags);
	for (int k = 0; words && k < 3; k++) {
		size_t off = spot[k] * 8, n = len - off < 8 ? len - off : 8;
		uint64_t w = pattern_word(base, spot[k]);

		memcpy(p + off, &w, n);
	}
}


int msg_check_hdr(const void *buf, size_t got, uint64_t seq, uint32_t len, int reply,
		  uint16_t *flags, struct verify_err *e)
{
	struct msg_hdr h;

	if (got < MSG_HDR_SIZE) {
		snprintf(e->msg, sizeof(e->msg), "message %llu: %zu bytes arrived, less than a header",
			 (unsigned long long)seq, got);
		return -EBADMSG;
	}
	memcpy(&h, buf, sizeof(h));
	if (h.check != hdr_check(h.seq, h.len, h.flags)) {
		snprintf(e->msg, sizeof(e->msg), "message %llu: header damaged (check mismatch)",
			 (unsigned long long)seq);
		return -EBADMSG;
	}
	if (h.seq != seq || h.len != len || !(h.flags & MSG_REPLY) != !reply) {
		snprintf(e->msg, sizeof(e->msg),
			 "expected %s seq %llu len %u, got %s seq %llu len %u",
			 reply ? "reply" : "request", (unsigned long long)seq, len,
			 (h.flags & MSG_REPLY) ? "reply" : "request", (unsigned long long)h.seq, h.len);
		return -EBADMSG;
	}
	if (got != MSG_HDR_SIZE + (size_t)len) {
		snprintf(e->msg, sizeof(e->msg), "message %llu: %zu bytes arrived, header says %zu",
			 (unsigned long long)seq, got, MSG_HDR_SIZE + (size_t)len);
		return -EBADMSG;
	}
	*flags = h.flags;
	return 0;
}

static int check_word(const unsigned char *p, uint32_t len, uint64_t base, size_t i,
		      uint64_t seq, struct verify_err *e)
{
	size_t off = i * 8, n = len - off < 8 ? len - off : 8;
	uint64_t want = pattern_word(base, i), got = 0;

	if (n == 8)
		memcpy(&got, p + off, 8); /* a load, not a call: this runs for every message */
	else
		memcpy(&got, p + off, n), want &= ~0ull >> (64 - 8 * n);
	if (got == want)
		return 0;
	size_t k = 0;

	while (k < n && p[off + k] == ((const unsigned char *)&want)[k])
		k++;
	snprintf(e->msg, sizeof(e->msg), "message %llu: payload differs at byte %zu of %u",
		 (unsigned long long)seq, off + k, len);
	return -EBADMSG;
}

/* Every whole word at once; check_word finds and names the first that differs. */
static int check_all(const unsigned char *p, uint32_t len, uint64_t base, uint64_t seq,
		     struct verify_err *e)
{
	size_t words = (len + 7) / 8, whole = len / 8;
	uint64_t diff = 0;

	for (size_t i = 0; i < whole; i++) {
		uint64_t got;

		memcpy(&got, p + i * 8, 8);
		diff |= got ^ pattern_word(base, i);
	}
	for (size_t i = diff ? 0 : whole; i < words; i++)
		if (check_word(p, len, base, i, seq, e))
			return -EBADMSG;
	return 0;
}

int msg_check_payload(const void *buf, uint64_t seq, uint32_t len, uint16_t flags, int full,
		      struct verify_err *e)
{
	const unsigned char *p = (const unsigned char *)buf + MSG_HDR_SIZE;
	uint64_t base = pattern_base(seq, flags);
	size_t words = (len + 7) / 8;

	if (len == 0)
		return 0;
	if (full)
		return check_all(p, len, base, seq, e);
	if (check_word(p, len, base, 0, seq, e) || check_word(p, len, base, words - 1, seq, e) ||
	    check_word(p, len, base, words > 1 ? base % words : 0, seq, e))
		return -EBADMSG;
	return 0;
}

/* Token: (seq << 2 | stop << 1 | reply) + 1, little-endian, cut to `carry` bytes. */
static uint64_t token_value(uint64_t seq, uint16_t flags)
{
	return ((seq << 2) | ((flags & MSG_STOP) ? 2u : 0u) | ((flags & MSG_REPLY) ? 1u : 0u)) + 1;
}

void token_put(void *buf, size_t carry, uint64_t seq, uint16_t flags)
{
	uint64_t v = token_value(seq, flags);

	memcpy(buf, &v, carry < 8 ? carry : 8);
}

uint16_t token_peek_flags(const void *buf, size_t carry)
{
	uint64_t v = 0;

	memcpy(&v, buf, carry < 8 ? carry : 8);
	v -= 1;
	return (uint16_t)(((v & 2) ? MSG_STOP : 0) | ((v & 1) ? MSG_REPLY : 0));
}

int token_check(const void *buf, size_t carry, uint64_t seq, int reply, uint16_t *flags,
		struct verify_err *e)
{
	uint64_t got = 0, mask = carry >= 8 ? ~0ull : (1ull << (8 * carry)) - 1;
	uint16_t f = token_peek_flags(buf, carry);

	memcpy(&got, buf, carry < 8 ? carry : 8);
	if (!(f & MSG_REPLY) != !reply || (got & mask) != (token_value(seq, f) & mask)) {
		snprintf(e->msg, sizeof(e->msg), "token %#llx is not %s %llu",
			 (unsigned long long)got, reply ? "reply" : "request", (unsigned long long)seq);
		return -EBADMSG;
	}
	*flags = f;
	return 0;
}
