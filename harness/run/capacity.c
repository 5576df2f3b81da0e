#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "cell/capacity.h"
#include "run/capacity.h"
#include "sys/files.h"

const uint64_t capacity_sizes[CAPACITY_NSIZES] = { 64, 4096 };

void capacity_limit_text(const struct transport *t, char *out, size_t n)
{
	if (t->buffer_limit)
		t->buffer_limit(out, n);
	else
		snprintf(out, n, "%s", t->buffering ? t->buffering : "NA");
}

static int seen_before(const struct row *rows, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (rows[j].t == rows[i].t)
			return 1;
	return 0;
}

static void csv_line(struct sbuf *b, const struct transport *t, uint64_t payload,
		     const struct capacity_result *c, const char *limit)
{
	sbuf_csv_field(b, t->name);
	sbuf_printf(b, ",%llu,%zu,%s,", (unsigned long long)payload, c->send_bytes, c->method);
	sbuf_csv_num(b, c->measured, (double)c->messages, 0);
	sbuf_putc(b, ',');
	sbuf_csv_num(b, c->measured && c->bytes, (double)c->bytes, 0);
	sbuf_printf(b, ",%s,", !c->measured ? "NA" : c->blocked ? "yes" : "no");
	sbuf_csv_field(b, limit);
	sbuf_putc(b, ',');
	sbuf_csv_field(b, t->buffering);
	sbuf_putc(b, ',');
	sbuf_csv_field(b, c->note);
	sbuf_putc(b, '\n');
}

static void table_cell(struct sbuf *t, const struct capacity_result *c)
{
	char text[48];

	if (!c->measured)
		snprintf(text, sizeof(text), "%s", c->method);
	else if (!c->bytes)
		snprintf(text, sizeof(text), "%llu msgs (%s)", (unsigned long long)c->messages,
			 c->method);
	else
		snprintf(text, sizeof(text), "%llu msgs, %llu B%s", (unsigned long long)c->messages,
			 (unsigned long long)c->bytes, c->blocked ? "" : "+");
	sbuf_printf(t, " %-26s", text);
}

int capacity_probe_transport(const struct transport *t, struct sbuf *b, struct sbuf *table)
{
	char limit[160];

	capacity_limit_text(t, limit, sizeof(limit));
	if (table)
		sbuf_printf(table, "%-16s", t->name);
	for (int k = 0; k < CAPACITY_NSIZES; k++) {
		struct capacity_result c;
		int r = capacity_probe(t, capacity_sizes[k], &c);

		if (r < 0)
			return r;
		if (b)
			csv_line(b, t, capacity_sizes[k], &c, limit);
		if (table)
			table_cell(table, &c);
	}
	if (table)
		sbuf_printf(table, " %s\n", limit);
	return 0;
}

void capacity_csv_header(struct sbuf *b)
{
	sbuf_printf(b, "transport,payload_bytes,send_bytes,method,messages,bytes,blocked,"
		       "system_limit,buffering,note\n");
}

void capacity_table_header(struct sbuf *table)
{
	sbuf_printf(table, "\nBuffering: what a sender pushed before it would block, nobody "
		    "reading (capacity.csv; +: did not block):\n%-16s", "transport");
	for (int k = 0; k < CAPACITY_NSIZES; k++) {
		char head[40];

		snprintf(head, sizeof(head), "%llu-byte messages", (unsigned long long)capacity_sizes[k]);
		sbuf_printf(table, " %-26s", head);
	}
	sbuf_printf(table, " %s\n", "system limit");
}

int capacity_run(const struct row *rows, size_t n, const char *dir, struct sbuf *table)
{
	struct sbuf b = { 0 };
	char path[4200];
	int r = 0;

	if (n == 0)
		return 0;
	capacity_csv_header(&b);
	if (table)
		capacity_table_header(table);
	for (size_t i = 0; i < n && r == 0; i++)
		if (!seen_before(rows, i))
			r = capacity_probe_transport(rows[i].t, &b, table);
	snprintf(path, sizeof(path), "%s/capacity.csv", dir);
	if (r == 0)
		r = b.oom ? -ENOMEM : write_file_atomic(path, b.p, b.len);
	sbuf_free(&b);
	return r;
}
