/* The exit codes of every ipcbench command, one list (`ipcbench --help`, README and the
 * man page print it from here). 3 is left for compare (inconclusive). */
#ifndef IPCBENCH_EXITCODE_H
#define IPCBENCH_EXITCODE_H

#define EXIT_CODE_LIST(X) \
	X(EXIT_ALL_OK, 0, "everything asked for was done and passed") \
	X(EXIT_SOME_FAILED, 1, "a cell or figure failed, the run was interrupted, or compare " \
	  "found a regression") \
	X(EXIT_USAGE, 2, "bad usage or input (file:line: value named); nothing was measured") \
	X(EXIT_INCONCLUSIVE, 3, "compare or ab: nothing regressed, but some key could not be decided") \
	X(EXIT_OUTDIR, 4, "the run directory could not be created or was refused (another " \
	  "user's, a symbolic link, an earlier run's without --force, or a run still going); " \
	  "nothing was measured") \
	X(EXIT_NOT_STARTED, 5, "the run could not start (clock, topology, TMPDIR, floors); " \
	  "nothing was measured") \
	X(EXIT_WRITE_FAILED, 6, "a result file could not be written (disk full, I/O error): " \
	  "the run stopped there, meta.csv says incomplete and why, the files are valid")

#define EXIT_CODE_VALUE(name, value, meaning) name = value,
enum exit_code { EXIT_CODE_LIST(EXIT_CODE_VALUE) };
#undef EXIT_CODE_VALUE

#endif
