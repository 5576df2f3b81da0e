# lrpc.gp: where the time of one call goes, per transport (after Bershad's LRPC analysis):
# stacked bars of the stages of a call, in ns on the left and as shares of the call on the
# right, from lrpc.csv rows of one placement.
# Variables (besides those of common.gp): file (lrpc.csv), transports (x order), placement,
# call (the rows of that call only, when lrpc.csv has a call column; "" for all rows).
load plotdir . '/common.gp'

STAGES = "client_notify_ns server_wakeup_ns handler_ns return_notify_ns client_wakeup_ns"
NAMES = "'client notifies' 'server wakes up' 'handler runs' " \
        . "'server notifies back' 'client wakes up'"
ns = words(STAGES)
if (!exists("call")) call = ""
keep(dummy) = strcol("placement") eq placement && (call eq "" || strcol("call") eq call) \
             && windex(transports, strcol("transport")) > 0
x(dummy) = windex(transports, strcol("transport"))
upto(k) = k < 1 ? 0 : column(word(STAGES, k)) + upto(k - 1)
total(dummy) = upto(ns)
# Box of stage k: centre and half height, in ns (pct = 0) or in % of the call (pct = 1).
unit(v, pct) = pct ? 100 * v / total(0) : v
mid(k, pct) = keep(0) ? unit((upto(k - 1) + upto(k)) / 2, pct) : NaN
half(k, pct) = unit(column(word(STAGES, k)) / 2, pct)

set xrange [0.4:words(transports) + 0.6]
set xtics () scale 0
do for [i=1:words(transports)] { eval sprintf("set xtics add ('%s' %d)", word(transports, i), i) }
set grid noxtics ytics
set style fill solid 0.9 border lc rgb "#333333"
set xlabel "transport"
head = sprintf("Time breakdown of one call, stage by stage: all transports, %s\n%s", \
               placement, machine)
do for [fmt in FORMATS] {
	eval term(fmt)
	set output out . "." . fmt
	set multiplot title head font TITLEFONT
	set lmargin 12; set rmargin 30
	set size 1, 0.47; set origin 0, 0.45
	set yrange [0:*]
	set offsets 0, 0, graph 0.12, 0
	set ylabel "time per call (ns)"
	unset xlabel
	set key outside right top vertical Left reverse title "stage"
	plot for [k=1:ns] file using (x(0)):(mid(k, 0)):(0.3):(half(k, 0)) \
	         with boxxyerror lt k dt 1 title word(NAMES, k), \
	     file using (x(0)):(keep(0) ? total(0) : NaN):(sprintf("%.0f ns", total(0))) \
	         with labels offset 0, 0.8 notitle
	set size 1, 0.45; set origin 0, 0
	set yrange [0:100]
	set offsets 0, 0, 0, 0
	set ylabel "share of the call (%)"
	set xlabel "transport"
	unset key
	plot for [k=1:ns] file using (x(0)):(mid(k, 1)):(0.3):(half(k, 1)) \
	         with boxxyerror lt k dt 1 notitle
	unset multiplot
	unset output
}
