# counters.gp: counters per message against message size, as small multiples: one panel
# per counter, one colour per transport, the client side solid and the server side
# dashed, from the summary.csv columns COUNTER_per_msg_client and COUNTER_per_msg_server
# (rows of mode latency) of one placement; the key once, below the panels. CPU times are
# on a time axis (ns, µs, ms), counts on one labelled with plain decimals.
# Variables (besides those of common.gp): file (summary.csv), counters (the panels: only
# counters with a value for some transport), titles (quoted, one per counter), units ("ns"
# or "count", one per counter), transports, sizes (ascending), placement, ccpu, scpu;
# family (optional: the transports are one family of several figures).
load plotdir . '/common.gp'

NK = words(counters); NT = words(transports)
NCOL = NK <= 4 ? 2 : 3
NROW = int((NK + NCOL - 1) / NCOL)
PANEL_H = 330; TOP = 110; KEY_H = 40 + 26 * int((NT + 2 + 3) / 4)
H = TOP + NROW * PANEL_H + KEY_H

# Series i: counter k(i), transport t(i), side s(i) (1 client, 2 server).
NSERIES = NK * NT * 2; SIZES = sizes
k(i) = int((i - 1) / (2 * NT)) + 1
t(i) = int(((i - 1) % (2 * NT)) / 2) + 1
s(i) = (i - 1) % 2 + 1
fileof(i) = file
keep(i) = strcol("mode") eq "latency" && classic(classic_cols) \
          && strcol("transport") eq word(transports, t(i)) \
          && strcol("placement") eq placement && column("client_cpu") == ccpu \
          && column("server_cpu") == scpu
col1(i) = word(counters, k(i)) . "_per_msg_" . (s(i) == 1 ? "client" : "server")
col2(i) = col1(i)
load plotdir . '/collect.gp'

# The plot command of panel kk: the series of its counter that have points (an empty one
# would warn, see common.gp).
panel_cmd(kk) = panel_from(kk, (kk - 1) * 2 * NT + 1)
panel_from(kk, i) = i > kk * 2 * NT ? "" : (NPOINTS[i] == 0 ? "" : sprintf( \
    "$SERIES index %d using 1:2 with linespoints lt %d dt %d notitle, ", \
    i - 1, t(i), s(i) == 1 ? 1 : 2)) . panel_from(kk, i + 1)
strip(c) = c[1:strlen(c) - 2]  # the last ", "

# Panel geometry in screen coordinates: column c, row r (from the top), both from 0.
PX(c) = 0.01 + c * 0.99 / NCOL
PY(r) = (KEY_H + (NROW - 1 - r) * PANEL_H) / (1.0 * H)
head = sprintf("Counters per message (log scales): %s\n%s\n%s", subject, \
               where(placement, ccpu, scpu), machine)
do for [fmt in FORMATS] {
	eval term(fmt)
	set output out . "." . fmt
	set multiplot title head font TITLEFONT
	unset key
	eval size_axis(sizes)
	do for [kk=1:NK] {
		set size 0.99 / NCOL, PANEL_H / (1.0 * H)
		set origin PX((kk - 1) % NCOL), PY(int((kk - 1) / NCOL))
		set lmargin 10; set rmargin 4; set tmargin 2.5; set bmargin 3.5
		# the size label under the lowest panel of each column only
		if (kk + NCOL > NK) { set xlabel "message size (bytes each way)" } else { unset xlabel }
		set autoscale y  # stats honours the y range of the panel before
		stats $SERIES index ((kk - 1) * 2 * NT):(kk * 2 * NT - 1) using 2 nooutput name "P"
		eval decade_range(P_min, P_max)
		if (word(units, kk) eq "ns") { eval time_axis("y") } else { eval count_axis("y") }
		set title sprintf("%s (%s)", word(titles, kk), word(units, kk)) font ""
		eval "plot " . strip(panel_cmd(kk))
		unset logscale y
	}
	# The key across the bottom: lines above this plot's range, so that only their key
	# entries show (a plot of keyentry alone trips an assertion of gnuplot 5.4).
	set size 1, KEY_H / (1.0 * H); set origin 0, 0
	set lmargin 0; set rmargin 0; set tmargin 0; set bmargin 0
	unset title; unset xlabel; unset ylabel; unset xtics; unset ytics; unset border; unset grid
	unset logscale x
	set xrange [0:1]; set yrange [0:1]
	set key inside center center horizontal Left reverse maxcols 4 spacing 1.15 samplen 2.5
	plot for [j=1:NT] 2 with linespoints lt j dt 1 title word(transports, j), \
	     2 with lines lc rgb "#444444" dt 1 title "client (solid)", \
	     2 with lines lc rgb "#444444" dt 2 title "server (dashed)"
	unset multiplot
	# the next format starts from the panels' settings again
	set border 3 lw 1.2; set xtics nomirror out; set ytics nomirror out
	set grid xtics ytics lw 0.8 lc rgb "#cccccc" dt 1
	set autoscale xy
	unset output
}
