/* `ipcbench clean`: removes what killed runs left behind. */
#include <string.h>
#include "cli/cli.h"
#include "run/clean.h"

void usage_clean(FILE *f)
{
	fprintf(f, "Usage: ipcbench clean [--dry-run]\n\n"
		   "Removes what runs that no longer exist left behind, which only happens when\n"
		   "the harness itself was killed (SIGKILL, power loss): private temp dirs\n"
		   "ipcbench.<pid>.* in $TMPDIR and /tmp, the System V queues, semaphores and\n"
		   "segments their ledgers name, and /dev/shm and /dev/mqueue entries\n"
		   "ipcbench.<pid>.*. Objects of running processes are never touched. Prints each\n"
		   "object it removes, and each one it leaves with why.\n\n"
		   "Safe to run as root where others can create entries: it never follows a\n"
		   "symbolic link, acts only on the caller's entries (root: anyone's), and removes\n"
		   "a System V object only when the ledger's owner created it (a segment: the run's\n"
		   "own pid) after the ledger entry was made.\n");
}

int cmd_clean(int argc, char **argv)
{
	int dry = argc > 1 && strcmp(argv[1], "--dry-run") == 0;
	int n;

	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		usage_clean(stdout);
		return 0;
	}
	if (argc > (dry ? 2 : 1))
		return cli_error("clean", "unexpected argument '%s'", argv[dry ? 2 : 1]);
	n = clean_leftovers(stdout, dry);
	if (n == 0)
		printf("nothing to clean: no leftovers of ipcbench runs that have ended\n");
	else
		printf("%d object%s of ended runs %s\n", n, n == 1 ? "" : "s",
		       dry ? "would be removed" : "removed");
	return 0;
}
