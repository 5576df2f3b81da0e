/* What every measured message carries, and how a receiver proves it is the right one.
 *
 * A message is a 16-byte header followed by `len` payload bytes. The header holds the
 * sequence number, the payload length, flags and a 16-bit check over those three, so a
 * damaged or stale header is caught on every message. The payload is a pattern computed
 * from the sequence number and the direction (request or reply), so a transport that
 * loses, repeats, reorders, truncates or reflects messages cannot pass: three words are
 * spot-checked on every message and the whole payload on the messages chosen for a full
 * check. */
#ifndef IPCBENCH_PAYLOAD_H
#define IPCBENCH_PAYLOAD_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct msg_hdr {
	uint64_t seq;
	uint32_t len;   /* payload bytes after the header */
	uint16_t flags; /* MSG_* */
	uint16_t check;
};

enum {
	MSG_REPLY = 1u << 0,  /* server to client */
	MSG_WARMUP = 1u << 1, /* sent during warm-up: the receiver checks it in full */
	MSG_STOP = 1u << 2,   /* last message of the cell; echoed, then both sides finish */
	MSG_FULL = 1u << 3,   /* the sender asks for a full payload check */
	MSG_ACK = 1u << 4,    /* bandwidth mode: the server acknowledges a window (no payload) */
	MSG_COUNTED = 1u << 5, /* sent in the counted phase: the server counts from the first (fan-out:
				no subscriber records it) */
	MSG_STREAM = 1u << 6,  /* bandwidth: after this window both sides stream the path floor */
};

#define MSG_HDR_SIZE sizeof(struct msg_hdr)

/* Party cells: the sequence number of message k of client c carries c + 1 in its top 24
 * bits, so that every client's messages have patterns of their own and the server can tell
 * whose a message is (and check it against that client's next number). */
#define MSG_PARTY_SHIFT 40
static inline uint64_t msg_party_seq(unsigned client, uint64_t k)
{
	return ((uint64_t)(client + 1) << MSG_PARTY_SHIFT) | k;
}

/* The client of a party sequence number, or -1 when it names none. */
static inline long msg_party_of(uint64_t seq)
{
	return (long)(seq >> MSG_PARTY_SHIFT) - 1;
}

/* Why a message was rejected, for the cell's note. */
struct verify_err {
	char msg[192];
};

/* Writes header and payload pattern for (seq, len, flags) into buf (MSG_HDR_SIZE + len). */
void msg_fill(void *buf, uint64_t seq, uint32_t len, uint16_t flags);
/* Rewrites only the header: the payload already holds the pattern for seq. */
void msg_set_hdr(void *buf, uint64_t seq, uint32_t len, uint16_t flags);
/* Header plus only the three payload words a sampled check reads (bandwidth mode: the
 * other bytes keep what the buffer held). */
void msg_stamp(void *buf, uint64_t seq, uint32_t len, uint16_t flags);
/* Checks the header: integrity, then seq, len and the REPLY direction against what was
 * expected. got is the number of bytes that arrived. On success *flags gets the flags. */
int msg_check_hdr(const void *buf, size_t got, uint64_t seq, uint32_t len, int reply,
		  uint16_t *flags, struct verify_err *e);
/* The flags as written, unchecked: for echoing before the full check. */
static inline uint16_t msg_peek_flags(const void *buf)
{
	uint16_t f;

	memcpy(&f, (const unsigned char *)buf + offsetof(struct msg_hdr, flags), sizeof(f));
	return f;
}
/* Checks the payload pattern: every byte when full, else the first, last and one
 * pseudo-random 8-byte word. */
int msg_check_payload(const void *buf, uint64_t seq, uint32_t len, uint16_t flags, int full,
		      struct verify_err *e);

/* Notification-only transports (TR_NOPAYLOAD) carry a token of `carry` bytes (1..8)
 * instead of a message: the sequence number with the direction and stop bits. */
void token_put(void *buf, size_t carry, uint64_t seq, uint16_t flags);
uint16_t token_peek_flags(const void *buf, size_t carry);
int token_check(const void *buf, size_t carry, uint64_t seq, int reply, uint16_t *flags,
		struct verify_err *e);

#endif
