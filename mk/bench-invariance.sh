#!/bin/sh
# The invariance benchmark (issue 12): does asking for counters change what ipcbench
# measures? Runs the same cells with the default counters and with --events none,
# interleaved ABBA over rounds (counters first in odd rounds, none first in even ones),
# on one CPU and across two, and prints per cell the ratio of p50s (median over rounds;
# 1.00 = no effect). A benchmark, not a test: it asserts nothing; run it on a quiet machine.
# Shell, awk and the ipcbench binary only; results.csv is read by column name.
set -u
usage() {
	cat <<EOF
Usage: mk/bench-invariance.sh [-b BIN] [-r ROUNDS] [-d T] [-w T] [-c A,B] [-t LIST]
                              [-s SIZE] [-o DIR] [--quick]
  -b BIN     the ipcbench binary (default: ./ipcbench next to mk/)
  -r ROUNDS  rounds, each running both settings on both placements (default 6)
  -d T       measured time per cell (default 1s); -w T warm-up (default 100ms)
  -c A,B     the CPUs: same-CPU cells on A,A, cross-CPU cells on A,B (default 0,1)
  -t LIST    transports (default pipe,unix-stream,shm-futex,tcp,sysv-msg)
  -s SIZE    payload bytes (default 64)
  -o DIR     where the runs and invariance.csv go (default results/invariance-<UTC time>)
  --quick    2 rounds of 100 ms cells (a smoke run, not a measurement)
Prints one line per transport and placement: median p50 with counters and without, their
ratio, the range of the per-round ratios, and whether the ratio lies in 0.97-1.03.
Exit: 0 all runs passed, 1 some ipcbench run failed (the table shows what there is), 2 usage.
About 3 minutes with the defaults.
EOF
}

here=$(cd "$(dirname "$0")/.." && pwd)
bin="$here/ipcbench" rounds=6 dur=1s warm=100ms cpus=0,1 size=64 out=""
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
	-o) out=$2; shift ;;
	--quick) rounds=2 dur=100ms warm=20ms ;;
	-h | --help) usage; exit 0 ;;
	*) echo "bench-invariance: unknown option '$1'" >&2; usage >&2; exit 2 ;;
	esac
	[ $# -gt 0 ] && shift
done
case "$rounds" in '' | *[!0-9]*) echo "bench-invariance: -r '$rounds': expected a count" >&2; exit 2 ;; esac
case "$cpus" in *[0-9],*[0-9]) ;; *) echo "bench-invariance: -c '$cpus': expected A,B" >&2; exit 2 ;; esac
[ -x "$bin" ] || { echo "bench-invariance: no ipcbench binary at $bin (make, or -b BIN)" >&2; exit 2; }
a=${cpus%,*} b=${cpus#*,}
[ -n "$out" ] || out="$here/results/invariance-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out" || exit 2

failed=0
# One ipcbench run: mode (counters|none), placement (same|cross), round.
run_one() {
	pair="$a,$a"
	[ "$2" = cross ] && pair="$a,$b"
	dir="$out/round-$3/$1-$2"
	set -- "$1" "$bin" run -t "$list" -s "$size" --cpus "$pair" --duration "$dur" \
		--warmup "$warm" --repeat 1 -q -o "$dir"
	mode=$1
	shift
	[ "$mode" = none ] && set -- "$@" --events none
	"$@" >"$dir.log" 2>&1 || { failed=1; echo "bench-invariance: failed: $* (see $dir.log)" >&2; }
}

r=1
while [ "$r" -le "$rounds" ]; do
	order="counters none"
	[ $((r % 2)) -eq 0 ] && order="none counters"
	echo "round $r/$rounds: $order" >&2
	for place in same cross; do
		[ "$place" = cross ] && [ "$a" = "$b" ] && continue
		for mode in $order; do
			mkdir -p "$out/round-$r"
			run_one "$mode" "$place" "$r"
		done
	done
	r=$((r + 1))
done

# Every ok cell as "transport placement mode round p50", read by header name.
for f in "$out"/round-*/*-*/results.csv; do
	[ -f "$f" ] || continue
	d=$(basename "$(dirname "$f")") rd=$(basename "$(dirname "$(dirname "$f")")")
	awk -F, -v mode="${d%-*}" -v place="${d#*-}" -v round="${rd#round-}" '
		NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		$col["status"] == "ok" { print $col["transport"], place, mode, round, $col["p50_ns"] }
	' "$f"
done >"$out/cells.txt"

awk -v lo=0.97 -v hi=1.03 -v out="$out/invariance.csv.tmp" '
	function median(s,    n, v, i, j, t) {
		n = split(s, v, " ")
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
		return n == 0 ? "" : n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
	}
	{
		key = $1 " " $2
		if (!(key in seen)) { seen[key] = 1; keys[++nk] = key }
		all[key, $3] = all[key, $3] " " $5
		p50[key, $3, $4] = $5
		if ($4 + 0 > maxr) maxr = $4 + 0
	}
	END {
		printf "%-13s %-6s %13s %13s %7s %15s %s\n", "transport", "cpus", "p50 counters",
		       "p50 none", "ratio", "round ratios", "in 0.97-1.03"
		print "transport,placement,rounds,p50_counters_ns,p50_none_ns,ratio,round_ratio_min,round_ratio_max,within" > out
		for (k = 1; k <= nk; k++) {
			key = keys[k]; split(key, kp, " ")
			c = median(all[key, "counters"]); z = median(all[key, "none"])
			rmin = ""; rmax = ""; nr = 0
			for (r = 1; r <= maxr; r++)
				if ((key, "counters", r) in p50 && (key, "none", r) in p50) {
					q = p50[key, "counters", r] / p50[key, "none", r]; nr++
					if (rmin == "" || q < rmin) rmin = q
					if (rmax == "" || q > rmax) rmax = q
				}
			ratio = c != "" && z != "" && z > 0 ? c / z : ""
			ok = ratio == "" ? "NA" : ratio >= lo && ratio <= hi ? "yes" : "no"
			printf "%-13s %-6s %10.1f ns %10.1f ns %7s %15s %s\n", kp[1], kp[2], c, z,
			       ratio == "" ? "NA" : sprintf("%.3f", ratio),
			       nr ? sprintf("%.3f-%.3f", rmin, rmax) : "NA", ok
			printf "%s,%s,%d,%s,%s,%s,%s,%s,%s\n", kp[1], kp[2], nr, c, z,
			       ratio == "" ? "NA" : sprintf("%.4f", ratio),
			       nr ? sprintf("%.4f", rmin) : "NA", nr ? sprintf("%.4f", rmax) : "NA", ok > out
		}
	}
' "$out/cells.txt" && mv "$out/invariance.csv.tmp" "$out/invariance.csv"
echo "ratio = median p50 with the default counters / median p50 with --events none; runs in $out" >&2
exit "$failed"
