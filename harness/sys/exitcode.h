/* The exit codes of every ipcbench command, one list (`ipcbench --help`, README and the
 * man page print it from here). */
#ifndef IPCBENCH_EXITCODE_H
#define IPCBENCH_EXITCODE_H

#define EXIT_CODE_LIST(X) \
	X(EXIT_ALL_OK, 0, "everything asked for was done and passed") \
	X(EXIT_SOME_FAILED, 1, "a cell or figure failed, or compare found a regression") \
	X(EXIT_USAGE, 2, "bad usage or input (file:line: value named); nothing was measured") \
	X(EXIT_INCONCLUSIVE, 3, "compare or ab: nothing regressed, but some key could not be decided")

#define EXIT_CODE_VALUE(name, value, meaning) name = value,
enum exit_code { EXIT_CODE_LIST(EXIT_CODE_VALUE) };
#undef EXIT_CODE_VALUE

#endif
