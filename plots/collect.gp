# collect.gp: sorts data by message size for line plots (the rows of a run come in the
# order the sizes were configured, not necessarily ascending). The caller defines:
#   NSERIES, SIZES           number of series; the sizes to look for, in order
#   fileof(i), keep(i)       series i is the rows of file fileof(i) where keep(i) is true
#   col1(i), col2(i)         the names of the two columns series i takes: the line (a p50)
#                            and the top of its band (a p99; the same column: no band)
# For every size of SIZES, the largest value of each column over the series' rows of that
# size_bytes. Results:
#   $SERIES  block i-1 for series i (plot $SERIES index i-1), lines "size,v1,v2" for
#            every size where v1 > 0; v2 is NaN where it is not > 0 (a p99 is NA below
#            100 samples: the p50 is still drawn). NPOINTS[i]: the lines of block i-1.
#   $BANDS   block i-1: the same points where v2 is there too, a blank line wherever a
#            point of the series has none, so that a band never bridges a size without
#            its top; a series with points but none such has one band of no height
#            (a block that is plotted must not be empty: see common.gp). NBAND[i]: the
#            band points of series i.
#   lone_bands(fill)  the plot clause of the band points that are alone between two
#            breaks (filledcurves draws nothing for them): a box of the band's colour,
#            side by side when several series have one at a size ("" when there is none).
NS = words(SIZES)
# XCOL (optional): the column SIZES are values of, instead of size_bytes (rate_per_s, ...).
XCOL = exists("XCOL") ? XCOL : "size_bytes"
array NPOINTS[NSERIES]
array V1[NSERIES * NS]
array V2[NSERIES * NS]
do for [i=1:NSERIES] {
	NPOINTS[i] = 0
	do for [j=1:NS] {
		s = word(SIZES, j)
		at(i) = keep(i) && column(XCOL) == s + 0
		# one column at a time: a two-column stats of two points warns about its fit
		stats fileof(i) using (at(i) ? column(col1(i)) : 0) nooutput name "C1"
		C2_max = C1_max
		if (col2(i) ne col1(i)) {
			stats fileof(i) using (at(i) ? column(col2(i)) : 0) nooutput name "C2"
		}
		V1[(i-1)*NS + j] = C1_max > 0 ? C1_max : NaN
		V2[(i-1)*NS + j] = C1_max > 0 && C2_max > 0 ? C2_max : NaN
		if (C1_max > 0) { NPOINTS[i] = NPOINTS[i] + 1 }
	}
}
v1at(i, j) = V1[(i-1)*NS + j]
v2at(i, j) = V2[(i-1)*NS + j]
has1(i, j) = v1at(i, j) == v1at(i, j)  # NaN is not equal to itself
has2(i, j) = v2at(i, j) == v2at(i, j)

set print $SERIES
do for [i=1:NSERIES] {
	print "size_bytes,v1,v2"  # each block starts with a header line (columnheaders)
	do for [j=1:NS] {
		if (has1(i, j)) { print sprintf("%s,%.10g,%.10g", word(SIZES, j), v1at(i, j), v2at(i, j)) }
	}
	print ""; print ""
}
unset print

# A band point is alone when the series' points before and after it (skipping sizes the
# series lacks) have no band top. LONE[(i-1)*NS + j]: its place among the lone points at
# size j (0: not alone); NLONE_AT[j]: how many there are at size j.
array LONE[NSERIES * NS]
array NLONE_AT[NS]
array NBAND[NSERIES]  # the band points of series i (0: its block holds one of no height)
NLONE = 0
NBANDS = 0  # band points of all series: no band, no key entry for it
do for [j=1:NS] { NLONE_AT[j] = 0 }
set print $BANDS
do for [i=1:NSERIES] {
	print "size_bytes,v1,v2"
	nb = 0
	prev2 = 0  # the series' previous point had a band top
	do for [j=1:NS] {
		LONE[(i-1)*NS + j] = 0
		if (has1(i, j) && has2(i, j)) {
			print sprintf("%s,%.10g,%.10g", word(SIZES, j), v1at(i, j), v2at(i, j))
			nb = nb + 1
			nxt = j + 1
			while (nxt <= NS && !has1(i, nxt)) { nxt = nxt + 1 }
			if (!prev2 && (nxt > NS || !has2(i, nxt))) {
				NLONE_AT[j] = NLONE_AT[j] + 1
				LONE[(i-1)*NS + j] = NLONE_AT[j]
				NLONE = NLONE + 1
			}
		}
		if (has1(i, j) && !has2(i, j) && prev2) { print "" }
		if (has1(i, j)) { prev2 = has2(i, j) }
	}
	NBAND[i] = nb
	NBANDS = NBANDS + nb
	if (nb == 0 && NPOINTS[i] > 0) {  # no band: one of no height at its first point
		do for [j=NS:1:-1] {
			if (has1(i, j)) { first = j }
		}
		print sprintf("%s,%.10g,%.10g", word(SIZES, first), v1at(i, first), v1at(i, first))
	}
	print ""; print ""
}
unset print

# Lines "x,y,xlow,xhigh,ylow,yhigh,linetype" of the lone band points, for boxxyerror.
LONE_W = 0.5  # width of all the boxes over one size together, in powers of 2
set print $LONE
print "x,y,xlo,xhi,ylo,yhi,lt"
do for [i=1:NSERIES] {
	do for [j=1:NS] {
		k = LONE[(i-1)*NS + j]
		if (k > 0) {
			s = word(SIZES, j) + 0
			left = 2**(LONE_W * ((k - 1.0) / NLONE_AT[j] - 0.5))
			print sprintf("%g,%.10g,%.10g,%.10g,%.10g,%.10g,%d", s, v1at(i, j), s * left, \
			              s * left * 2**(LONE_W / NLONE_AT[j]), v1at(i, j), v2at(i, j), i)
		}
	}
}
unset print
lone_bands(fill) = NLONE == 0 ? "" : sprintf("$LONE using 1:2:3:4:5:6:7 with boxxyerror " \
    . "lc variable fs transparent solid %g noborder notitle, ", fill)
