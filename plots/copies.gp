# copies.gp: payload copies per one-way message, per transport, at one placement: the
# number the transport's model predicts next to the number measured, from copies.csv.
# Variables (besides those of common.gp): file (copies.csv), transports (x order),
# placement (the rows drawn).
load plotdir . '/common.gp'

keep(d) = strcol("placement") eq placement
x(d) = windex(transports, strcol("transport")) + d
NT = words(transports)
set xrange [0.4:NT + 0.6]
set xtics () scale 0 rotate by -40 left
do for [i=1:NT] { eval sprintf("set xtics add ('%s' %d)", word(transports, i), i) }
set yrange [0:*]
set offsets 0, 0, graph 0.1, 0
set grid noxtics ytics
# Dark blue solid-edged bars for the model, light orange dash-edged ones measured: apart
# in colour and in grey print. Values are written over the bars while they fit.
set style fill solid 0.85 border lc rgb "#333333"
set boxwidth 0.36
set bmargin 9
unset xlabel  # the tic labels are the transports
set ylabel "payload copies per one-way message (count)"
set title sprintf("Payload copies per message: model vs measured, %s\n%s", placement, machine)
LABELS_SEP = NT <= 12 ? "," : ""
LABELS = NT <= 12 ? \
	sprintf("file using (keep(0) ? x(-0.19) : NaN):(column(\"copies_model\")):" . \
		"(sprintf(\"%%g\", column(\"copies_model\"))) with labels offset 0, 0.8 notitle, " . \
		"file using (keep(0) ? x(0.19) : NaN):(column(\"copies_measured\")):" . \
		"(sprintf(\"%%.2f\", column(\"copies_measured\"))) with labels offset 0, 0.8 notitle") \
	: ""
do for [fmt in FORMATS] {
	eval term(fmt)
	set output out . "." . fmt
	plot file using (keep(0) ? x(-0.19) : NaN):(column("copies_model")) with boxes dt 1 \
	         lc rgb COLOR[1] title "model (ipcbench list)", \
	     file using (keep(0) ? x(0.19) : NaN):(column("copies_measured")) with boxes dt 2 \
	         lc rgb COLOR[5] title "measured" @LABELS_SEP @LABELS
	unset output
}
