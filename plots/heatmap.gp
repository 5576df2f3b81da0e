# heatmap.gp: core-pair map: median round trip for every (client CPU, server CPU) pair
# that was measured, as a colour, from matrix.csv (columns client_cpu, server_cpu, p50_ns;
# with transport, mode and size_bytes columns, only the rows asked for). The colour scale
# spans the pairs of two different CPUs: the same-CPU diagonal (both processes share one
# CPU and take turns on it) is often 10-100 times slower and would squeeze every other pair
# into one colour, so it is drawn grey with its values written in.
# Variables (besides those of common.gp): file (matrix.csv), transport ("" for all rows),
# mode ("" for all rows), size (message size; 0 for all rows).
load plotdir . '/common.gp'

# A row counts when it is of the transport, mode and size asked for and has a p50.
keep(dummy) = (transport eq "" ? 1 : strcol("transport") eq transport) \
              && (mode eq "" ? 1 : strcol("mode") eq mode) \
              && (size > 0 ? column("size_bytes") == size : 1) && column("p50_ns") > 0
diag(dummy) = column("client_cpu") == column("server_cpu")
v(col) = keep(0) ? column(col) : NaN
off(col) = keep(0) && !diag(0) ? column(col) : NaN
on(col) = keep(0) && diag(0) ? column(col) : NaN
# one column at a time: a two-column stats of one or two cells warns about its fit
stats file using (v("client_cpu")) nooutput name "X"
stats file using (v("server_cpu")) nooutput name "Y"
xlo = X_min; xhi = X_max; ylo = Y_min; yhi = Y_max
ncells = X_records
stats file using (v("p50_ns")) nooutput name "ALL"
stats file using (keep(0) && !diag(0) ? 1 : 0) nooutput name "N"
NOFF = N_sum  # cells of two different CPUs
if (NOFF > 0) {
	stats file using (off("p50_ns")) nooutput name "OFF"
	CBLO = OFF_min; CBHI = OFF_max
} else {
	CBLO = ALL_min; CBHI = ALL_max  # only same-CPU cells: they are the scale
}
if (CBLO == CBHI) { CBLO = CBLO * 0.9; CBHI = CBHI * 1.1 + 1 }
set cbrange [CBLO:CBHI]
mid = (CBLO + CBHI) / 2
grey = NOFF > 0  # the diagonal apart from the scale

# Viridis, from dark (fast) to yellow (slow): ordered in lightness, readable in grey.
set palette defined (0 "#440154", 1 "#3b528b", 2 "#21918c", 3 "#5ec962", 4 "#fde725")
set xrange [xlo - 0.5:xhi + 0.5]
set yrange [ylo - 0.5:yhi + 0.5]
set xtics 1 format "%.0f"
set ytics 1 format "%.0f"
if (xhi - xlo > 32) { set xtics autofreq; set ytics autofreq }
set mxtics 1; set mytics 1
set size ratio -1
set grid noxtics noytics
set border 15
set xtics mirror; set ytics mirror
set xlabel "client CPU (id)"
set ylabel "server CPU (id)"
set cblabel grey ? "p50 round trip, pairs of two CPUs (ns)" : "p50 round trip (ns)"
set colorbox user origin graph 1.04, 0 size graph 0.03, 1
unset key
set title sprintf("Core-pair map: p50 round trip for each pair of client and server " \
                  . "CPUs%s%s\n%s%s", \
                  transport eq "" ? "" : ", " . transport, \
                  size > 0 ? ", " . hsize(size) . " messages" : "", machine, \
                  grey ? "\ngrey: client and server on the same CPU (off the colour scale)" : "")
# Values in the cells while they fit: "90 ns", "6.84 µs".
hval(ns) = ns < 1e3 ? sprintf("%.0f ns", ns) : ns < 1e6 ? sprintf("%.3g µs", ns / 1e3) \
         : sprintf("%.3g ms", ns / 1e6)
label(col) = ncells <= 144 ? hval(column(col)) : ""
ink(col) = grey && diag(0) ? 0x000000 : column(col) < mid ? 0xffffff : 0x000000
DIAG = grey ? "file using (on('client_cpu')):(on('server_cpu')):(0.5):(0.5) with boxxyerror " \
       . "fs solid 1.0 noborder lc rgb '#d9d9d9', " : ""
do for [fmt in FORMATS] {
	eval term(fmt)
	set output out . "." . fmt
	plot file using (grey ? off("client_cpu") : v("client_cpu")) \
	         :(grey ? off("server_cpu") : v("server_cpu")):(0.5):(0.5):(column("p50_ns")) \
	         with boxxyerror fs solid 1.0 noborder fc palette, \
	     @DIAG \
	     file using (v("client_cpu")):(v("server_cpu")):(label("p50_ns")):(ink("p50_ns")) \
	         with labels tc rgb variable
	unset output
}
