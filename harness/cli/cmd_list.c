/* `ipcbench list`: every transport with its model, as a table or CSV. */
#include <string.h>
#include "sys/exitcode.h"
#include "bench/transport.h"
#include "cli/cli.h"
#include "run/capacity.h"
#include "text/csv.h"

void usage_list(FILE *f)
{
	fprintf(f, "Usage: ipcbench list [--csv] [--probe]\n\n"
		   "Prints every transport with its model: data abstraction, how the receiver\n"
		   "waits, payload copies per one-way message, largest single message, what one\n"
		   "direction buffers before a sender blocks (the system's limit, read from the\n"
		   "kernel here; capacity.csv of a run says what a probe really pushed), flags.\n"
		   "--csv prints the same as CSV. --probe then measures what each transport\n"
		   "really buffers here: a fresh channel nobody reads, pushed with 64-byte and\n"
		   "4096-byte messages until the sender would block (a few seconds; with --csv,\n"
		   "as capacity.csv). Each transport also says how it serves many clients\n"
		   "(fan-in) and many subscribers (fan-out), and whether it runs an open loop\n"
		   "(loop = open: requests in flight while replies are taken apart), or why not.\n");
}

static void flags_text(unsigned fl, char *out, size_t n)
{
	out[0] = 0;
	for (size_t i = 0; i < ntr_flag_names; i++)
		if (fl & tr_flag_names[i].flag)
			snprintf(out + strlen(out), n - strlen(out), "%s%s", out[0] ? "|" : "",
				 tr_flag_names[i].word);
}

static void max_text(const struct transport *t, char *out, size_t n)
{
	long m = transport_max_msg(t);

	if (m == 0)
		snprintf(out, n, "none");
	else if (m < 0)
		snprintf(out, n, "NA");
	else
		snprintf(out, n, "%ld", m);
}

/* "how" when the transport has the pattern, "no: why" when not. */
static void party_text(const char *how, const char *why, char *out, size_t n)
{
	if (how)
		snprintf(out, n, "%s", how);
	else
		snprintf(out, n, "no: %s", why ? why : "not built for this transport");
}

/* "up to N requests in flight" when the transport runs loop = open, "no: why" when not. */
static void open_text(const struct transport *t, char *out, size_t n)
{
	if (t->open_window)
		snprintf(out, n, "up to %u requests in flight", t->open_window);
	else
		snprintf(out, n, "no: %s", transport_no_open(t));
}

static void list_csv_row(struct sbuf *b, const struct transport *t, const char *mx,
			 const char *fl, const char *buf)
{
	const char *f[] = { t->name, tr_abstraction_names[t->abstraction],
			    tr_peers_names[t->participants], tr_direction_names[t->direction],
			    tr_sync_names[t->synchrony], tr_notify_names[t->notification] };

	for (size_t k = 0; k < sizeof(f) / sizeof(f[0]); k++)
		sbuf_csv_field(b, f[k]), sbuf_printf(b, ",");
	sbuf_printf(b, "%d,", t->copies);
	sbuf_csv_field(b, t->copies_note);
	sbuf_printf(b, ",%s,", mx);
	sbuf_csv_field(b, buf);
	sbuf_printf(b, ",%s,", fl);
	sbuf_csv_field(b, t->description);
	for (int k = 0; k < 2; k++) {
		char p[400];

		party_text(k ? (t->fanout ? t->fanout->how : NULL) : (t->fanin ? t->fanin->how : NULL),
			   k ? t->no_fanout : t->no_fanin, p, sizeof(p));
		sbuf_putc(b, ',');
		sbuf_csv_field(b, p);
	}
	char ol[200];

	open_text(t, ol, sizeof(ol));
	sbuf_putc(b, ',');
	sbuf_csv_field(b, ol);
	sbuf_printf(b, "\n");
}

static void list_table_row(const struct transport *t, const char *mx, const char *buf)
{
	printf("%-15s %-11s %-5s %-7s %-5s %-17s %6d %8s  %s\n", t->name,
	       tr_abstraction_names[t->abstraction], tr_peers_names[t->participants],
	       tr_direction_names[t->direction], t->synchrony == TS_SYNC ? "sync" : "async",
	       tr_notify_names[t->notification], t->copies, mx, buf);
}

static void list_legend(void)
{
	printf("\npeers: 2 = a connected pair, many = any number may share the object; dir: "
	       "one-way objects are used in pairs;\nsync: async = send returns before the "
	       "receiver takes the message; copies: payload copies per one-way\nmessage in the "
	       "model; max msg: bytes one send carries (larger messages are fragmented);\nbuffers: "
	       "what one direction holds before a sender blocks, the system's limit\n(a run's "
	       "capacity.csv: what was measured).\n\n");
	for (size_t i = 0; i < ntransports; i++) {
		char fl[128];

		flags_text(transports[i]->flags, fl, sizeof(fl));
		const struct transport *t = transports[i];
		char in[400], out[400], ol[200];

		party_text(t->fanin ? t->fanin->how : NULL, t->no_fanin, in, sizeof(in));
		party_text(t->fanout ? t->fanout->how : NULL, t->no_fanout, out, sizeof(out));
		open_text(t, ol, sizeof(ol));
		printf("%-15s %s\n%-15s copies: %s\n%-15s buffers: %s\n%-15s flags: %s\n%-15s "
		       "fan-in: %s\n%-15s fan-out: %s\n%-15s open loop: %s\n", t->name,
		       t->description, "", t->copies_note, "", t->buffering, "", fl, "", in, "", out,
		       "", ol);
	}
	printf("\nflags:\n");
	for (size_t i = 0; i < ntr_flag_names; i++)
		printf("  %-14s %s\n", tr_flag_names[i].word, tr_flag_names[i].help);
}

/* --probe: the capacity probe of every transport, as a table or as capacity.csv. */
static int list_probe(int csv)
{
	struct sbuf b = { 0 };
	int r = 0;

	if (csv)
		capacity_csv_header(&b);
	else
		capacity_table_header(&b);
	for (size_t i = 0; i < ntransports && r == 0; i++)
		r = capacity_probe_transport(transports[i], csv ? &b : NULL, csv ? NULL : &b);
	if (b.p)
		fputs(b.p, stdout);
	sbuf_free(&b);
	if (r < 0)
		fprintf(stderr, "ipcbench list: probe: %s\n", strerror(-r));
	return r < 0 ? EXIT_SOME_FAILED : 0;
}

int cmd_list(int argc, char **argv)
{
	int csv = 0, probe = 0;
	struct sbuf b = { 0 };

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			usage_list(stdout);
			return 0;
		}
		if (strcmp(argv[i], "--csv") == 0)
			csv = 1;
		else if (strcmp(argv[i], "--probe") == 0)
			probe = 1;
		else
			return cli_error("list", "unexpected argument '%s'", argv[i]);
	}
	if (csv && probe)
		return list_probe(1);
	if (csv)
		sbuf_printf(&b, "transport,abstraction,participants,direction,synchrony,notification,"
				"copies_model,copies_note,max_msg_bytes,buffer_limit,flags,description,"
				"fan_in,fan_out,open_loop\n");
	else
		printf("%-15s %-11s %-5s %-7s %-5s %-17s %6s %8s  %s\n", "transport", "data",
		       "peers", "dir", "sync", "waits by", "copies", "max msg", "buffers (system)");
	for (size_t i = 0; i < ntransports; i++) {
		char fl[128], mx[32], buf[160];

		flags_text(transports[i]->flags, fl, sizeof(fl));
		max_text(transports[i], mx, sizeof(mx));
		capacity_limit_text(transports[i], buf, sizeof(buf));
		if (csv)
			list_csv_row(&b, transports[i], mx, fl, buf);
		else
			list_table_row(transports[i], mx, buf);
	}
	if (csv && b.p)
		fputs(b.p, stdout);
	if (!csv)
		list_legend();
	sbuf_free(&b);
	return probe ? list_probe(0) : 0;
}
