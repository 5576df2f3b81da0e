# parties.gp: what fanin.gp, fairness.gp and fanout.gp share: the rows of one spread, size
# and rate, collected by the number of parties (COUNTCOL: clients, or subscribers), an x
# axis of those numbers (log 2), and the dashed line from where the plan oversubscribes.
COUNTCOL = exists("COUNTCOL") ? COUNTCOL : "clients"
NSERIES = words(transports); SIZES = counts; XCOL = COUNTCOL
fileof(i) = file
keep(i) = strcol("mode") eq "latency" && strcol("transport") eq word(transports, i) \
          && strcol("spread") eq spread && column("size_bytes") == size \
          && column("rate_per_s") == rate && classic(zero_cols) && column(COUNTCOL) > 0
set logscale x 2
set xrange [word(counts, 1) / 1.5 : word(counts, words(counts)) * 1.5]
set xtics ()
do for [w in counts] { eval sprintf("set xtics add ('%s' %s)", w, w) }
set xlabel (COUNTCOL eq "clients" ? "clients of the one server" \
           : "subscribers of the one publisher") . " (log scale)"
if (oversub > 0) {
	set arrow 1 from oversub / 1.2, graph 0 to oversub / 1.2, graph 1 nohead dt 3 lc rgb "#7F7F7F"
	set label 1 "oversubscribed →" at oversub / 1.2, graph 0.97 left offset 0.5, 0 tc rgb "#7F7F7F"
}
