#!/bin/sh
# The kill storm of issue 19: RUNS runs (100 by default) of tiny cells, each stopped at a
# random moment by one of SIGKILL, SIGINT, SIGTERM, SIGHUP, Ctrl-C to the whole process
# group, SIGKILL of a cell's child, or SIGKILL of the resume that follows a SIGTERM; then
# `ipcbench clean` (when the harness could not clean up) and resume until done. Counts
# the IPC objects and temp dirs left after clean, the CSVs resume refused to read (it
# checks every file strictly), and the rows lost, duplicated or changed by the resumes.
#   sh mk/killstorm.sh [RUNS] [BINARY]        (root: runs in its own IPC and mount
#                                              namespace, so that only its objects count)
set -u
RUNS=${1:-100}
BIN=$(realpath "${2:-./ipcbench}")
CELLS=10 # 5 transports x 1 size x 2 repeats
ARGS="-t pipe,shm-spin,sysv-msg,posix-mq,lrpc-futex -s 64 --duration 20ms --warmup 5ms --repeat 2"

if [ "$(id -u)" = 0 ] && [ -z "${KILLSTORM_NS:-}" ] && command -v unshare >/dev/null; then
	KILLSTORM_NS=1 exec unshare --ipc --mount --propagation private sh "$0" "$RUNS" "$BIN"
fi
if [ -n "${KILLSTORM_NS:-}" ]; then
	mount -t tmpfs -o mode=1777 tmpfs /dev/shm
	[ -d /dev/mqueue ] && mount -t mqueue mqueue /dev/mqueue
	echo "namespace: private IPC and /dev/shm (every object counted is the storm's)"
else
	echo "namespace: shared (objects of other programs may be counted)"
fi

WORK=$(mktemp -d /tmp/killstorm-XXXXXX)
export TMPDIR="$WORK/tmp"
mkdir "$TMPDIR"
cd "$WORK" || exit 1

rand() { od -An -N2 -tu2 /dev/urandom | tr -d ' '; }  # 0..65535
nap() { sleep "$(awk -v r="$(rand)" 'BEGIN { printf "%.3f", 0.05 + 1.45 * r / 65535 }')"; }
objects() {
	n=$(ipcs -q -m -s 2>/dev/null | grep -c '^0x')
	n=$((n + $(ls /dev/shm /dev/mqueue 2>/dev/null | grep -c '^ipcbench\.')))
	echo $((n + $(ls "$TMPDIR" | grep -c '^ipcbench\.')))
}
child_of() { # a cell child (client or server) of pid $1, if any
	for c in $(cat "/proc/$1/task/$1/children" 2>/dev/null); do
		case $(cat "/proc/$c/comm" 2>/dev/null) in ipcbench-cl*|ipcbench-se*) echo "$c"; return;; esac
	done
}
# rows, distinct keys (transport, mode, size, placement, CPUs, repeat) of results.csv
keys() {
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ k = $c["transport"] "/" $c["mode"] "/" $c["size_bytes"] "/" $c["placement"] "/" \
	      $c["client_cpu"] "/" $c["server_cpu"] "/" $c["repeat"]; n++; if (!(k in s)) u++; s[k] = 1 }
	END { print n + 0, u + 0 }' "$1"
}

stopped=0 left=0 refused=0 lost=0 dups=0 changed=0 badexit=0
for kind in kill int term hup group child resume; do eval "n_$kind=0"; done
i=0
while [ "$i" -lt "$RUNS" ]; do
	i=$((i + 1))
	set -- kill int term hup group child resume
	k=$(( $(rand) % 7 + 1 ))
	eval "kind=\${$k}"
	eval "n_$kind=\$((n_$kind + 1))"
	dir="run$i"
	# its own group (setsid), and SIGINT not ignored as sh makes it for a job started with &
	setsid env --default-signal=INT,QUIT "$BIN" run $ARGS -q -o "$dir" >"$dir.log" 2>&1 &
	pid=$!
	nap
	case $kind in
	kill) kill -KILL "$pid" ;;
	int) kill -INT "$pid" ;;
	term|resume) kill -TERM "$pid" ;;
	hup) kill -HUP "$pid" ;;
	group) kill -INT "-$pid" ;;
	child) c=$(child_of "$pid"); [ -n "$c" ] && kill -KILL "$c" ;;
	esac 2>/dev/null
	wait "$pid" 2>/dev/null; st=$?
	[ "$st" -ge 128 ] && "$BIN" clean >/dev/null
	{ [ "$st" -ge 128 ] || grep -q "^run_status,incomplete" "$dir/meta.csv" 2>/dev/null; } &&
		stopped=$((stopped + 1))
	if [ "$kind" = resume ] && [ -f "$dir/meta.csv" ]; then
		setsid env --default-signal=INT,QUIT "$BIN" run --resume "$dir" -q >>"$dir.log" 2>&1 &
		pid=$!
		nap
		kill -KILL "$pid" 2>/dev/null
		wait "$pid"; st=$?
		[ "$st" -ge 128 ] && "$BIN" clean >/dev/null
	fi
	now=$(objects)
	left=$((left + now))
	[ -f "$dir/results.csv" ] && cp "$dir/results.csv" before.csv || : >before.csv
	if [ -f "$dir/meta.csv" ]; then
		"$BIN" run --resume "$dir" -q >>"$dir.log" 2>&1; rc=$?
	else
		"$BIN" run $ARGS -q -o "$dir" --force >>"$dir.log" 2>&1; rc=$?
	fi
	[ "$rc" = 2 ] && refused=$((refused + 1))
	[ "$rc" -gt 1 ] && badexit=$((badexit + 1)) && echo "run $i ($kind): resume exit $rc: $(tail -n 1 "$dir.log")"
	set -- $(keys "$dir/results.csv")
	lost=$((lost + CELLS - $2))
	dups=$((dups + $1 - $2))
	kept=$(grep -c -F -x -f before.csv "$dir/results.csv")
	[ -s before.csv ] && [ "$kept" -lt "$(wc -l <before.csv)" ] && changed=$((changed + 1))
	now=$((now + $(objects)))
	[ "$now" -gt 0 ] && echo "run $i ($kind): $now objects left"
done
echo "kill storm: $RUNS runs (SIGKILL $n_kill, SIGINT $n_int, SIGTERM $n_term, SIGHUP $n_hup," \
     "Ctrl-C to the group $n_group, SIGKILL of a child $n_child, SIGKILL mid-resume $n_resume)"
echo "stopped before the end: $stopped of $RUNS (the others had finished, or lost a child's cell)"
echo "objects left after clean: $left; CSVs resume refused: $refused; other resume failures:" \
     "$badexit; rows lost: $lost; rows duplicated: $dups; runs whose earlier rows changed: $changed"
cd / && rm -rf "$WORK"
[ $((left + refused + badexit + lost + dups + changed)) -eq 0 ]
