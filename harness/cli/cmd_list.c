/* `ipcbench list`: every transport with its model, as a table or CSV. */
#include <string.h>
#include "bench/transport.h"
#include "cli/cli.h"
#include "text/csv.h"

void usage_list(FILE *f)
{
	fprintf(f, "Usage: ipcbench list [--csv]\n\n"
		   "Prints every transport with its model: data abstraction, how the receiver\n"
		   "waits, payload copies per one-way message, largest single message, flags,\n"
		   "and how it serves many clients (fan-in) and many subscribers (fan-out), or\n"
		   "why it does not.\n"
		   "--csv prints the same as CSV.\n");
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

static void list_csv_row(struct sbuf *b, const struct transport *t, const char *mx,
			 const char *fl)
{
	const char *f[] = { t->name, tr_abstraction_names[t->abstraction],
			    tr_peers_names[t->participants], tr_direction_names[t->direction],
			    tr_sync_names[t->synchrony], tr_notify_names[t->notification] };

	for (size_t k = 0; k < sizeof(f) / sizeof(f[0]); k++)
		sbuf_csv_field(b, f[k]), sbuf_printf(b, ",");
	sbuf_printf(b, "%d,", t->copies);
	sbuf_csv_field(b, t->copies_note);
	sbuf_printf(b, ",%s,%s,", mx, fl);
	sbuf_csv_field(b, t->description);
	for (int k = 0; k < 2; k++) {
		char p[400];

		party_text(k ? (t->fanout ? t->fanout->how : NULL) : (t->fanin ? t->fanin->how : NULL),
			   k ? t->no_fanout : t->no_fanin, p, sizeof(p));
		sbuf_putc(b, ',');
		sbuf_csv_field(b, p);
	}
	sbuf_printf(b, "\n");
}

static void list_table_row(const struct transport *t, const char *mx)
{
	printf("%-15s %-11s %-5s %-7s %-5s %-17s %6d %8s\n", t->name,
	       tr_abstraction_names[t->abstraction], tr_peers_names[t->participants],
	       tr_direction_names[t->direction], t->synchrony == TS_SYNC ? "sync" : "async",
	       tr_notify_names[t->notification], t->copies, mx);
}

static void list_legend(void)
{
	printf("\npeers: 2 = a connected pair, many = any number may share the object; dir: "
	       "one-way objects are used in pairs;\nsync: async = send returns before the "
	       "receiver takes the message; copies: payload copies per one-way\nmessage in the "
	       "model; max msg: bytes one send carries (larger messages are fragmented).\n\n");
	for (size_t i = 0; i < ntransports; i++) {
		char fl[128];

		flags_text(transports[i]->flags, fl, sizeof(fl));
		const struct transport *t = transports[i];
		char in[400], out[400];

		party_text(t->fanin ? t->fanin->how : NULL, t->no_fanin, in, sizeof(in));
		party_text(t->fanout ? t->fanout->how : NULL, t->no_fanout, out, sizeof(out));
		printf("%-15s %s\n%-15s copies: %s\n%-15s flags: %s\n%-15s fan-in: %s\n%-15s "
		       "fan-out: %s\n", t->name, t->description, "", t->copies_note, "", fl, "", in,
		       "", out);
	}
	printf("\nflags:\n");
	for (size_t i = 0; i < ntr_flag_names; i++)
		printf("  %-14s %s\n", tr_flag_names[i].word, tr_flag_names[i].help);
}

int cmd_list(int argc, char **argv)
{
	int csv = argc > 1 && strcmp(argv[1], "--csv") == 0;
	struct sbuf b = { 0 };

	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		usage_list(stdout);
		return 0;
	}
	if (argc > (csv ? 2 : 1))
		return cli_error("list", "unexpected argument '%s'", argv[csv ? 2 : 1]);
	if (csv)
		sbuf_printf(&b, "transport,abstraction,participants,direction,synchrony,notification,"
				"copies_model,copies_note,max_msg_bytes,flags,description,fan_in,fan_out\n");
	else
		printf("%-15s %-11s %-5s %-7s %-5s %-17s %6s %8s\n", "transport", "data", "peers",
		       "dir", "sync", "waits by", "copies", "max msg");
	for (size_t i = 0; i < ntransports; i++) {
		char fl[128], mx[32];

		flags_text(transports[i]->flags, fl, sizeof(fl));
		max_text(transports[i], mx, sizeof(mx));
		if (csv)
			list_csv_row(&b, transports[i], mx, fl);
		else
			list_table_row(transports[i], mx);
	}
	if (csv && b.p)
		fputs(b.p, stdout);
	if (!csv)
		list_legend();
	sbuf_free(&b);
	return 0;
}
