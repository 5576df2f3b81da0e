#!/bin/sh
# The shm-* slot protocol against the floor probe's, outside the harness: builds
# mk/slot-pingpong.c and runs it (docs/methodology.md, "A shm-* message is more than the
# probe's one store"). A benchmark, not a test: it prints figures and decides nothing.
#   sh mk/bench-slot.sh [CLIENT_CPU SERVER_CPU [ROUNDS [ROUND_TRIPS]]]   (default 0 1 8 200000)
set -e
case "$(uname -m)" in
x86_64) ;;
*) echo "bench-slot: x86-64 only (rdtsc), this is $(uname -m)" >&2; exit 2 ;;
esac
dir=$(dirname "$0")
mkdir -p build
${CC:-cc} -std=c11 -O2 -Wall -Wextra -Werror -o build/slot-pingpong "$dir/slot-pingpong.c"
exec build/slot-pingpong "$@"
