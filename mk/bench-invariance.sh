#!/bin/sh
# The invariance benchmark (issue 12): does asking for counters change what ipcbench
# measures? `ipcbench ab` runs the same build twice a round, with the default counters
# (side a) and with events = none (side b, --b-set), in ABBA order, on one CPU and across
# two, and pairs the rounds: per cell the Hodges-Lehmann estimate of the per-round ratio of
# p50s (counters over none; 1.00 = no effect) with its exact 95 % interval, and whether
# that interval lies within 0.97-1.03, outside it, or neither (undecided: more rounds).
# A benchmark, not a test: it asserts nothing; run it on a quiet machine.
# Shell, awk and the ipcbench binary only.
set -u
usage() {
	cat <<EOF
Usage: mk/bench-invariance.sh [-b BIN] [-r ROUNDS] [-d T] [-w T] [-c A,B] [-t LIST]
                              [-s SIZE] [-e EVENTS] [-o DIR] [--quick]
  -b BIN     the ipcbench binary (default: ./ipcbench next to mk/)
  -r ROUNDS  rounds, even, each running both settings on both placements (default 10)
  -d T       measured time per cell (default 1s); -w T warm-up (default 100ms)
  -c A,B     the CPUs: same-CPU cells on A,A, cross-CPU cells on A,B (default 0,1)
  -t LIST    transports (default pipe,unix-stream,shm-futex,tcp,sysv-msg)
  -s SIZE    payload bytes (default 64)
  -e EVENTS  side a's counters (default: the default events). Where those cannot open
             (a VM without a PMU has no hardware events) side a counts nothing and
             the check is of the counted phase alone; the last line says so. Software
             events open everywhere: -e context-switches,page-faults
  -o DIR     where the runs and invariance.csv go (default results/invariance-<UTC time>)
  --quick    2 rounds of 100 ms cells (a smoke run, not a measurement)
Prints one line per transport and placement: median p50 with counters and without, the
paired ratio (counters / none) with its 95 % interval, and the verdict against 0.97-1.03:
within, outside, or undecided (the interval reaches past the tolerance: more rounds).
The ab run (DIR/ab: both sides' runs, order.csv, compare.*) stays for a second look.
Exit: 0 all runs measured, 1 some run failed (the table shows what there is), 2 usage.
About 5 minutes with the defaults (10 rounds x 2 settings x 10 cells of 1 s).
EOF
}

here=$(cd "$(dirname "$0")/.." && pwd)
events="" bin="$here/ipcbench" rounds=10 dur=1s warm=100ms cpus=0,1 size=64 out=""
list=pipe,unix-stream,shm-futex,tcp,sysv-msg
while [ $# -gt 0 ]; do
	case "$1" in
	-b) bin=$2; shift ;;
	-r) rounds=$2; shift ;;
	-d) dur=$2; shift ;;
	-w) warm=$2; shift ;;
	-c) cpus=$2; shift ;;
	-t) list=$2; shift ;;
	-s) size=$2; shift ;;
	-e) events=$2; shift ;;
	-o) out=$2; shift ;;
	--quick) rounds=2 dur=100ms warm=20ms ;;
	-h | --help) usage; exit 0 ;;
	*) echo "bench-invariance: unknown option '$1'" >&2; usage >&2; exit 2 ;;
	esac
	[ $# -gt 0 ] && shift
done
case "$rounds" in '' | *[!0-9]*) echo "bench-invariance: -r '$rounds': expected a count" >&2; exit 2 ;; esac
[ $((rounds % 2)) -eq 0 ] || { echo "bench-invariance: -r $rounds: expected an even count (ABBA)" >&2; exit 2; }
case "$cpus" in *[0-9],*[0-9]) ;; *) echo "bench-invariance: -c '$cpus': expected A,B" >&2; exit 2 ;; esac
[ -x "$bin" ] || { echo "bench-invariance: no ipcbench binary at $bin (make, or -b BIN)" >&2; exit 2; }
a=${cpus%,*} b=${cpus#*,}
[ -n "$out" ] || out="$here/results/invariance-$(date -u +%Y%m%dT%H%M%SZ)"
[ -e "$out" ] && { echo "bench-invariance: $out exists: an earlier run is not overwritten" >&2; exit 2; }
mkdir -p "$out" || exit 2

{
	printf '; written by mk/bench-invariance.sh\n[global]\nsizes = %s\n' "$size"
	printf 'duration = %s\nwarmup = %s\n\n[same-cpu]\ntransports = %s\ncpus = %s,%s\n' \
		"$dur" "$warm" "$list" "$a" "$a"
	[ "$a" != "$b" ] && printf '\n[cross-cpu]\ntransports = %s\ncpus = %s,%s\n' "$list" "$a" "$b"
} >"$out/invariance.conf"

"$bin" ab --a "$bin" --b "$bin" ${events:+--set "events=$events"} --b-set events=none -c "$out/invariance.conf" \
	--rounds "$rounds" -o "$out/ab" --allow-inconclusive --threshold 3% >"$out/ab.log"
rc=$?
if [ ! -f "$out/ab/compare.csv" ]; then
	cat "$out/ab.log" >&2
	echo "bench-invariance: ipcbench ab wrote no comparison (exit $rc; log $out/ab.log)" >&2
	exit 1
fi
failed=0
awk -F, 'NR > 1 && $NF != 0 { bad = 1 } END { exit !bad }' "$out/ab/order.csv" && failed=1 # a run failed a cell

# compare.csv: ratio = b / a = none / counters; turned over here (counters / none).
awk -v lo=0.97 -v hi=1.03 -v out="$out/invariance.csv.tmp" '
	function field(    f) { # the next CSV field of line s (quotes doubled inside)
		if (substr(s, 1, 1) != "\"") {
			f = index(s, ",") ? substr(s, 1, index(s, ",") - 1) : s
			s = index(s, ",") ? substr(s, index(s, ",") + 1) : ""
			return f
		}
		f = ""; s = substr(s, 2)
		while (1) {
			i = index(s, "\""); f = f substr(s, 1, i - 1); s = substr(s, i + 1)
			if (substr(s, 1, 1) != "\"") break
			f = f "\""; s = substr(s, 2)
		}
		s = substr(s, 2)
		return f
	}
	function inv(x) { return x == "NA" || x + 0 <= 0 ? "NA" : 1 / x }
	NR == 1 { s = $0; for (n = 1; s != ""; n++) col[field()] = n; next }
	{
		s = $0; for (n = 1; s != ""; n++) v[n] = field()
		key = v[col["key"]]; split(key, kp, " ")
		r = inv(v[col["ratio"]]); rlo = inv(v[col["ci_hi"]]); rhi = inv(v[col["ci_lo"]])
		if (v[col["n_baseline"]] + 0 < 6) rlo = rhi = "NA" # no 95 % interval yet
		# the exact signed-rank interval reaches 95 % coverage from 6 pairs on
		verdict = v[col["n_baseline"]] + 0 < 6 ? "too few rounds for an interval (6 at least)" : \
			  r == "NA" || rlo == "NA" ? "NA" : rlo >= lo && rhi <= hi ? "within" : \
			  rhi < lo || rlo > hi ? "outside" : "undecided"
		for (k = ++nk; k > 1 && name[k - 1] > key; k--) { # kept sorted by key
			name[k] = name[k - 1]; line[k] = line[k - 1]; csv[k] = csv[k - 1]
		}
		name[k] = key
		line[k] = sprintf("%-13s %-15s %10s ns %10s ns %7s %15s  %s", kp[1], kp[3] " " kp[4],
			v[col["median_baseline"]], v[col["median_current"]],
			r == "NA" ? "NA" : sprintf("%.3f", r),
			rlo == "NA" ? "NA" : sprintf("%.3f-%.3f", rlo, rhi), verdict)
		csv[k] = sprintf("%s,%s,%s,%s,%s,%s,%s,%s,%s", kp[1], kp[3], v[col["n_baseline"]],
			v[col["median_baseline"]], v[col["median_current"]],
			r == "NA" ? "NA" : sprintf("%.4f", r), rlo == "NA" ? "NA" : sprintf("%.4f", rlo),
			rhi == "NA" ? "NA" : sprintf("%.4f", rhi), verdict)
	}
	END {
		printf "%-13s %-15s %13s %13s %7s %15s  %s\n", "transport", "placement",
		       "p50 counters", "p50 none", "ratio", "95% interval", "in 0.97-1.03"
		print "transport,placement,rounds,p50_counters_ns,p50_none_ns,ratio,ratio_lo,ratio_hi,verdict" > out
		for (k = 1; k <= nk; k++) { print line[k]; print csv[k] > out }
	}
' "$out/ab/compare.csv" && mv "$out/invariance.csv.tmp" "$out/invariance.csv"
echo "ratio = p50 with ${events:-the default counters} / p50 with events = none, paired over the rounds" \
	"(Hodges-Lehmann, exact 95 % interval); runs in $out/ab" >&2
# what side a really counted: its first round's meta.csv says which counters opened
meta=$(ls "$out"/ab/a/round-*/meta.csv 2>/dev/null | head -n 1)
if [ -n "$meta" ]; then
	awk -F, '/^counter_/ { n++; if ($2 !~ /^NA/) on++ }
		END { printf "side a opened %d of its %d counters%s\n", on, n,
			  on ? "" : ": nothing was counted, so this compares the counted phase alone (-e context-switches,page-faults to enable software events)" }' "$meta" >&2
fi
exit "$failed"
