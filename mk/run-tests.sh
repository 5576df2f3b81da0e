#!/bin/sh
# Runs every test binary given on the command line, prints each one's cmocka output and a
# closing "N passed, N failed" line counted over all of them. Exit 1 if any test failed.
passed=0; failed=0; broken=""
for t in "$@"; do
	echo "== $t"
	out=$("$t" 2>&1); rc=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
	if [ "$rc" -ne 0 ] && [ -z "$f" ]; then
		failed=$((failed + 1)); broken="$broken $t(rc=$rc)"
	fi
done
[ -n "$broken" ] && echo "crashed or exited non-zero without a cmocka summary:$broken"
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
