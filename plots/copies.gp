# copies.gp: payload copies per one-way message, per transport, at one placement, from
# copies.csv: the number the transport's model predicts next to the number measured (its
# 95 % bootstrap interval as a whisker, "NA" where the data could not give one); below,
# when copies.csv has them, the cost of one context switch on the transport's path next to
# the futex wake-up floor measured on the same CPUs.
# Variables (besides those of common.gp): file (copies.csv), transports (x order),
# placement (the rows drawn), regimes (1: copies.csv has a regime column; only "all" rows
# are drawn), interval (1: copies_lo and copies_hi to draw), nmissing (transports without
# a measured count), nmeasured (rows with one), nswitch (rows with a switch cost),
# nfloor (rows with a wake-up floor).
load plotdir . '/common.gp'

keep(d) = strcol("placement") eq placement && (!regimes || strcol("regime") eq "all")
x(d) = windex(transports, strcol("transport")) + d
NT = words(transports)
PANEL2 = nswitch + nfloor > 0
if (PANEL2) { H = 1100 }
set xrange [0.4:NT + 0.6]
set xtics () scale 0 rotate by -40 left
do for [i=1:NT] { eval sprintf("set xtics add ('%s' %d)", word(transports, i), i) }
set grid noxtics ytics
unset xlabel  # the tic labels are the transports
set key outside right top vertical Left reverse spacing 1.3 samplen 2 width -6

# Clauses that may have nothing to draw are macros (see common.gp).
LABELS = NT <= 12 ? \
	", file using (keep(0) ? x(-0.19) : NaN):(column('copies_model')):" . \
	"(sprintf('%g', column('copies_model'))) with labels offset 0, 0.8 notitle" . \
	(nmeasured > 0 ? ", file using (keep(0) ? x(0.19) : NaN):(column('copies_measured')):" . \
	"(sprintf('%.2f', column('copies_measured'))) with labels offset 2.2, 0.8 notitle" : "") : ""
MEASURED = nmeasured > 0 ? ", file using (keep(0) ? x(0.19) : NaN):" . \
	"(column('copies_measured')) with boxes dt 2 lc rgb COLOR[5] title 'measured'" : ""
WHISKER = interval ? ", file using (keep(0) ? x(0.19) : NaN):(column('copies_measured')):" . \
	"(column('copies_lo')):(column('copies_hi')) with yerrorbars lc rgb '#222222' dt 1 " . \
	"pt 0 lw 1.5 title '95 % interval (bootstrap)'" : ""
MISSING = nmissing > 0 ? ", file using (keep(0) && strcol('copies_measured') eq 'NA' ? " . \
	"x(0.19) : NaN):(0):('NA') with labels offset 0, 0.8 tc rgb '#D55E00' " . \
	"title 'NA: not separable (see note)'" : ""
SWITCH = nswitch > 0 ? "file using (keep(0) ? x(0) : NaN):(column('switch_cost_ns')):" . \
	"(column('switch_cost_lo_ns')):(column('switch_cost_hi_ns')) with yerrorbars " . \
	"lc rgb COLOR[1] dt 1 pt 7 ps 1.6 lw 1.5 title 'c: one switch on the path (95 %)'" : ""
FLOOR = nfloor > 0 ? (nswitch > 0 ? ", " : "") . "file using (keep(0) ? x(0) : NaN):" . \
	"(column('wakeup_floor_ns')):(0.32) with xerrorbars lc rgb '#444444' pt 0 lw 2 dt 1 " . \
	"title 'floor: futex wake-up, same CPUs'" : ""

do for [fmt in FORMATS] {
	eval term(fmt)
	set output out . "." . fmt
	if (PANEL2) { set multiplot layout 2, 1 }
	set yrange [0:*]
	set offsets 0, 0, graph 0.12, 0
	# Dark blue solid-edged bars for the model, light orange dash-edged ones measured:
	# apart in colour and in grey print. Values are written over the bars while they fit.
	set style fill solid 0.85 border lc rgb "#333333"
	set boxwidth 0.36
	set bmargin 6
	set ylabel "payload copies per one-way message (count)"
	set title sprintf("Payload copies per message: model vs measured, %s\n%s", placement, machine)
	plot file using (keep(0) ? x(-0.19) : NaN):(column("copies_model")) with boxes dt 1 \
	         lc rgb COLOR[1] title "model (ipcbench list)" @MEASURED @WHISKER @MISSING @LABELS
	if (PANEL2) {
		set yrange [0:*]
		set offsets 0, 0, graph 0.1, 0
		set ylabel "ns per context switch"
		set title "Context switches: their cost on the path against the wake-up floor"
		plot @SWITCH @FLOOR
	}
	if (PANEL2) { unset multiplot }
	unset output
}
