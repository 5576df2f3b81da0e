/* The verdict on a group of children (the pair of a cell, or the many of a party cell): its
 * status and note from how they ended and what each reported. A wrong message outranks an
 * error, an error a signal, and the first child to say so is the one named. */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include "cell/cell_int.h"
#include "text/parse.h"

static int judge_end(const struct judge_in *j, struct cell_result *out)
{
	if (j->end == PAIR_FORK_FAILED) {
		out->status = CELL_ERROR;
		snprintf(out->note, sizeof(out->note), "fork: %s", strerror(j->fork_errno));
	} else if (j->end == PAIR_INTERRUPTED) {
		out->status = CELL_INTERRUPTED;
		snprintf(out->note, sizeof(out->note), "interrupted by a signal to the harness");
	} else if (j->end == PAIR_TIMEOUT) {
		out->status = CELL_TIMEOUT;
		char limit[32];

		snprintf(out->note, sizeof(out->note), "no result within the cell timeout of %s; %s "
			 "killed", format_duration(j->limit_ns, limit, sizeof(limit)),
			 j->n == 2 ? "both sides" : "every process");
	} else {
		return 0;
	}
	return 1;
}

/* The first child whose report says status st, or -1. */
static int first_with(const struct judge_in *j, int st)
{
	for (unsigned i = 0; i < j->n; i++)
		if (j->res[i]->status == st)
			return (int)i;
	return -1;
}

void cell_judge_group(const struct judge_in *j, struct cell_result *out)
{
	static const int order[] = { SIDE_FAIL, SIDE_ERROR };
	char who[32];

	if (judge_end(j, out))
		return;
	for (size_t k = 0; k < 2; k++) {
		int i = first_with(j, order[k]);

		if (i >= 0) {
			out->status = order[k] == SIDE_FAIL ? CELL_FAIL : CELL_ERROR;
			snprintf(out->note, sizeof(out->note), "%s: %s",
				 j->name((unsigned)i, j->n, who, sizeof(who)), j->res[i]->reason);
			return;
		}
	}
	for (unsigned i = 0; i < j->n; i++)
		if (j->res[i]->phase_violation) {
			out->status = CELL_ERROR;
			snprintf(out->note, sizeof(out->note), "%s: harness bug: the counted phase "
				 "began while samples were taken", j->name(i, j->n, who, sizeof(who)));
			return;
		}
	for (unsigned i = 0; i < j->n; i++) {
		int w = j->wstatus[i];

		if (WIFSIGNALED(w) && !j->killed_by_us[i]) {
			out->status = CELL_PEER_DIED;
			snprintf(out->note, sizeof(out->note), "%s killed by signal %d (%s)",
				 j->name(i, j->n, who, sizeof(who)), WTERMSIG(w), strsignal(WTERMSIG(w)));
			return;
		}
	}
	for (unsigned i = 0; i < j->n; i++) {
		const struct side_result *r = j->res[i];
		int w = j->wstatus[i];

		if (r->status != SIDE_OK || !WIFEXITED(w) || WEXITSTATUS(w) != 0) {
			out->status = r->status == SIDE_PEER_CLOSED ? CELL_PEER_DIED : CELL_ERROR;
			snprintf(out->note, sizeof(out->note), "%s: %s",
				 j->name(i, j->n, who, sizeof(who)),
				 r->reason[0] ? r->reason : "exited early");
			return;
		}
	}
	out->status = CELL_OK;
}
