# copies.gp: payload copies per one-way message, per transport: the number the transport's
# model predicts next to the number measured, from copies.csv.
# Variables (besides those of common.gp): file (copies.csv), transports (x order).
load plotdir . '/common.gp'

x(d) = windex(transports, strcol("transport")) + d
set xrange [0.4:words(transports) + 0.6]
set xtics () scale 0
do for [i=1:words(transports)] { eval sprintf("set xtics add ('%s' %d)", word(transports, i), i) }
set yrange [0:*]
set offsets 0, 0, graph 0.1, 0
set grid noxtics ytics
# Dark blue solid-edged bars for the model, light orange dash-edged ones measured: apart
# in colour and in grey print.
set style fill solid 0.85 border lc rgb "#333333"
set boxwidth 0.36
set xlabel "transport"
set ylabel "payload copies per one-way message (count)"
set title sprintf("Payload copies per message: model vs measured, all transports\n%s", machine)
do for [fmt in FORMATS] {
	eval term(fmt)
	set output out . "." . fmt
	plot file using (x(-0.19)):(column("copies_model")) with boxes dt 1 lc rgb COLOR[1] \
	         title "model (ipcbench list)", \
	     file using (x(0.19)):(column("copies_measured")) with boxes dt 2 lc rgb COLOR[5] \
	         title "measured", \
	     file using (x(-0.19)):(column("copies_model")):(sprintf("%g", column("copies_model"))) \
	         with labels offset 0, 0.8 notitle, \
	     file using (x(0.19)):(column("copies_measured")) \
	         :(sprintf("%.2f", column("copies_measured"))) \
	         with labels offset 0, 0.8 notitle
	unset output
}
