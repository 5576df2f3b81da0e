#!/bin/sh
# The power of the CI gate on this machine (issue 13's closing figures): how often each
# recipe's gate catches a known slowdown and how often it cries wolf.
#
#   1. ab, A/A: TRIALS trials of `ipcbench ab` with the same build on both sides.
#   2. ab, slowed: TRIALS trials with side b slowed by PCT % of the round trip in SLOWED
#      (the test-only `run --inject-slowdown`, calibrated by `ab --self-test`); the
#      other transports of CONFIG (shm-spin in configs/ci.conf) are not slowed.
#   3. stored baseline: BASE_RUNS runs recorded first, then TRIALS trials whose current
#      side is BASE_RUNS fresh runs, compared with `ipcbench compare` (two-level
#      bootstrap), A/A and slowed as above.
# For each: per key, how many trials flagged it REGRESSED (a catch where slowed, a false
# alarm where not), how many were inconclusive, and the detectable change the reports
# printed (median over the trials) next to the observed rate.
#
# Defaults are the recommended recipes on configs/ci.conf: ab with its default rounds
# (30 rounds x 6 cells x 200 ms = 36 s of cells per side and trial), the stored baseline
# 5 runs x 4 repetitions (24 s per side). About 100 s per ab trial and 30 s per stored
# trial on the 2-vCPU VM: TRIALS=20 takes about 90 minutes. Run it on a quiet machine.
#
# Environment: BIN (./ipcbench), CONFIG (configs/ci.conf), TRIALS (20), ROUNDS (ab's
# default), PCT (10), SLOWED ("pipe unix-stream"), BASE_RUNS (5), BASE_REPEAT (4),
# SET (extra "--set KEY=VALUE" words for every run, e.g. tiny cells for a dry run),
# OUT (results/gate-power-<UTC time>), PARTS ("ab stored").
#   TRIALS=2 ROUNDS=6 BASE_RUNS=3 SET="--set duration=20ms --set warmup=5ms" \
#       sh mk/gate-power.sh        # a dry run of a few minutes
set -eu

BIN=${BIN:-./ipcbench}
CONFIG=${CONFIG:-configs/ci.conf}
TRIALS=${TRIALS:-20}
ROUNDS=${ROUNDS:-}
PCT=${PCT:-10}
SLOWED=${SLOWED:-pipe unix-stream}
BASE_RUNS=${BASE_RUNS:-5}
BASE_REPEAT=${BASE_REPEAT:-4}
SET=${SET:-}
OUT=${OUT:-results/gate-power-$(date -u +%Y%m%dT%H%M%SZ)}
PARTS=${PARTS:-ab stored}

rounds_opt=""
[ -n "$ROUNDS" ] && rounds_opt="--rounds $ROUNDS"
self_test=""
for t in $SLOWED; do self_test="$self_test${self_test:+,}$t:$PCT%"; done
mkdir -p "$OUT"
t_start=$(date +%s)

# A CSV line into f[1..n] (quoted fields may hold commas); portable awk (mawk too).
AWK_CSV='
function csvsplit(s, f,    n, i, c, q, cur) {
	n = 0; cur = ""; q = 0
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (q) {
			if (c == "\"") {
				if (substr(s, i + 1, 1) == "\"") { cur = cur "\""; i++ } else q = 0
			} else cur = cur c
		} else if (c == "\"") q = 1
		else if (c == ",") { f[++n] = cur; cur = "" }
		else cur = cur c
	}
	f[++n] = cur
	return n
}
function median(v, n,    i, j, x) {
	for (i = 2; i <= n; i++) { x = v[i]; for (j = i - 1; j >= 1 && v[j] > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
	if (n == 0) return "NA"
	return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}'

# The table of one set of trials from its trials.csv (trial,exit_code,key,transport,
# injected_pct,verdict,ratio,detectable_change_pct).
summarize() {
	title=$1; csv=$2
	echo
	echo "== $title"
	awk "$AWK_CSV"'
	NR == 1 { next }
	{
		csvsplit($0, f); t = f[1]; k = f[3]; tr[k] = f[4]
		if (!(k in seen)) { seen[k] = 1; order[++nk] = k }
		if (!(t in trial)) { trial[t] = 1; nt++; exits[f[2]]++ }
		inj[k] = (f[5] + 0 > inj[k] + 0) ? f[5] + 0 : inj[k] + 0
		if (f[6] == "REGRESSED") { reg[k]++; treg[tr[k] SUBSEP t] = 1 }
		if (f[6] == "inconclusive") { inc[k]++; tinc[tr[k] SUBSEP t] = 1 }
		if (f[8] == "none") none[k]++
		else if (f[8] != "NA" && f[8] != "") det[k, ++nd[k]] = f[8] + 0
		if (f[7] != "NA" && f[7] != "") rat[k, ++nr[k]] = f[7] + 0
		trs[f[4]] = (inj[k] > 0) ? 1 : ((f[4] in trs) ? trs[f[4]] : 0)
	}
	END {
		printf "%d trials: %d failed the gate (exit 1), %d inconclusive (exit 3), %d passed (exit 0)\n",
			nt, exits[1], exits[3], exits[0]
		printf "%-34s %9s %10s %13s %11s %8s\n", "key", "injected", "REGRESSED", "inconclusive",
			"detectable", "ratio"
		for (i = 1; i <= nk; i++) {
			k = order[i]; n = 0
			for (j = 1; j <= nd[k]; j++) v[++n] = det[k, j]
			for (j = 1; j <= none[k]; j++) v[++n] = 1e300 # "none": no change detectable
			m = median(v, n)
			d = m == "NA" ? "NA" : m >= 1e299 ? "none" : m > 1000 ? ">1000%" : sprintf("%.1f%%", m)
			n = 0
			for (j = 1; j <= nr[k]; j++) w[++n] = rat[k, j]
			r = median(w, n)
			printf "%-34s %9s %7d/%-2d %10d/%-2d %11s %8s\n", k,
				(inj[k] > 0 ? sprintf("+%.1f%%", inj[k]) : "none"), reg[k], nt, inc[k], nt, d,
				(r == "NA" ? "NA" : sprintf("%.3f", r))
		}
		for (x in trs) {
			c = 0; ic = 0
			for (t in trial) { c += (x SUBSEP t) in treg; ic += (x SUBSEP t) in tinc }
			printf "%s %s: a key REGRESSED in %d of %d trials (%s), inconclusive in %d\n",
				trs[x] ? "slowed    " : "not slowed", x, c, nt,
				trs[x] ? "caught" : "false alarms", ic
		}
	}' "$csv"
}

ab_part() {
	echo "== ab, A/A: $TRIALS trials ($OUT/ab-aa)"
	# shellcheck disable=SC2086
	"$BIN" ab --a "$BIN" --b "$BIN" -c "$CONFIG" $rounds_opt $SET --trials "$TRIALS" \
		-o "$OUT/ab-aa" >"$OUT/ab-aa.log" 2>&1 || { cat "$OUT/ab-aa.log"; exit 1; }
	echo "== ab, $self_test: $TRIALS trials ($OUT/ab-slow)"
	# shellcheck disable=SC2086
	"$BIN" ab --a "$BIN" --b "$BIN" -c "$CONFIG" $rounds_opt $SET --trials "$TRIALS" \
		--self-test "$self_test" -o "$OUT/ab-slow" >"$OUT/ab-slow.log" 2>&1 ||
		{ cat "$OUT/ab-slow.log"; exit 1; }
	grep 'self-test: .* waits' "$OUT/ab-slow.log" || true
}

# BASE_RUNS runs of CONFIG into $1/run-N; extra options after it.
runs() {
	dir=$1; shift
	i=1
	while [ "$i" -le "$BASE_RUNS" ]; do
		# shellcheck disable=SC2086
		"$BIN" run -c "$CONFIG" --repeat "$BASE_REPEAT" -q $SET "$@" -o "$dir/run-$i" \
			>>"$OUT/stored.log" 2>&1 || [ $? -eq 1 ] # 1: some cell failed, still a run
		i=$((i + 1))
	done
}

# "pipe:NS,unix-stream:NS": PCT % of each slowed transport's median p50 in the
# baseline, halved (two sends per round trip), as ab --self-test calibrates it.
stored_inject() {
	cat "$OUT"/stored/baseline/run-*/results.csv | awk -v slowed="$SLOWED" -v pct="$PCT" "$AWK_CSV"'
	BEGIN { split(slowed, s, " ") }
	/^transport,/ { nc = csvsplit($0, h); for (i = 1; i <= nc; i++) col[h[i]] = i; next }
	{ csvsplit($0, f); if (f[col["status"]] == "ok") p[f[1], ++n[f[1]]] = f[col["p50_ns"]] }
	END {
		for (i = 1; s[i] != ""; i++) {
			m = 0; c = 0
			for (j = 1; j <= n[s[i]]; j++) v[++c] = p[s[i], j]
			m = median(v, c)
			if (m == "NA") { print "no ok row of " s[i] > "/dev/stderr"; exit 1 }
			printf "%s%s:%d", (i > 1 ? "," : ""), s[i], pct / 100 * m / 2 + 0.5
		}
	}'
}

# One stored-baseline trial: fresh current runs, compare, rows appended to trials.csv.
stored_trial() {
	set_name=$1; t=$2; shift 2
	cur="$OUT/stored/$set_name/trial-$t"
	runs "$cur" "$@"
	rc=0
	"$BIN" compare "$OUT/stored/baseline" "$cur" --csv "$cur.csv" >"$cur.txt" 2>&1 || rc=$?
	awk -v t="$t" -v rc="$rc" -v injected="$INJECT_NOW" "$AWK_CSV"'
	NR == 1 { next }
	{
		csvsplit($0, f); inj = 0
		n = split(injected, it, ",")
		for (i = 1; i <= n; i++) {
			split(it[i], kv, ":")
			if (kv[1] == f[2] && f[9] > 0) inj = 200 * kv[2] / f[9]
		}
		printf "%d,%d,\"%s\",%s,%.2f,%s,%s,%s\n", t, rc, f[1], f[2], inj, f[3], f[11], f[16]
	}' "$cur.csv" >>"$OUT/stored/$set_name/trials.csv"
}

stored_part() {
	echo "== stored baseline: $BASE_RUNS runs of --repeat $BASE_REPEAT ($OUT/stored/baseline)"
	: >"$OUT/stored.log"
	runs "$OUT/stored/baseline"
	inject=$(stored_inject)
	[ -n "$inject" ] || { echo "gate-power.sh: no calibration for $SLOWED" >&2; exit 1; }
	echo "stored: slowed side waits $inject (ns before every send)"
	for set_name in aa slow; do
		hdr="trial,exit_code,key,transport,injected_pct,verdict,ratio,detectable_change_pct"
		mkdir -p "$OUT/stored/$set_name"
		echo "$hdr" >"$OUT/stored/$set_name/trials.csv"
		t=1
		while [ "$t" -le "$TRIALS" ]; do
			if [ "$set_name" = aa ]; then
				INJECT_NOW="" stored_trial "$set_name" "$t"
			else
				INJECT_NOW="$inject" stored_trial "$set_name" "$t" --inject-slowdown "$inject"
			fi
			echo "stored, $set_name: trial $t of $TRIALS done"
			t=$((t + 1))
		done
	done
}

for part in $PARTS; do
	case $part in
	ab) ab_part ;;
	stored) stored_part ;;
	*) echo "gate-power.sh: unknown part '$part' (ab, stored)" >&2; exit 2 ;;
	esac
done

echo
echo "gate power on $(uname -n), $(date -u +%Y-%m-%dT%H:%M:%SZ), $CONFIG, $TRIALS trials a set," \
	"slowdown $PCT % in: $SLOWED"
case " $PARTS " in *" ab "*)
	summarize "ab (${ROUNDS:-default} rounds), A/A" "$OUT/ab-aa/trials.csv"
	summarize "ab (${ROUNDS:-default} rounds), slowed $self_test" "$OUT/ab-slow/trials.csv" ;;
esac
case " $PARTS " in *" stored "*)
	summarize "stored baseline ($BASE_RUNS runs x $BASE_REPEAT a side), A/A" \
		"$OUT/stored/aa/trials.csv"
	summarize "stored baseline ($BASE_RUNS runs x $BASE_REPEAT a side), slowed" \
		"$OUT/stored/slow/trials.csv" ;;
esac
echo
echo "took $(( $(date +%s) - t_start )) s; everything is under $OUT"
