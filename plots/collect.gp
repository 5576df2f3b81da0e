# collect.gp: sorts data by message size for line plots (the rows of a run come in the
# order the sizes were configured, not necessarily ascending). The caller defines:
#   NSERIES, SIZES           number of series; the sizes to look for, in order
#   fileof(i), keep(i)       series i is the rows of file fileof(i) where keep(i) is true
#   col1(i), col2(i)         the names of the two columns series i takes
# Result in datablock $SERIES, block i-1 for series i (plot $SERIES index i-1), lines
# "size,v1,v2": for every size of SIZES, the largest value of each column over the
# series' rows of that size_bytes, when both are positive; other sizes are left out.
# NPOINTS[i]: the number of lines of block i-1.
# XCOL (optional): the column SIZES are values of, instead of size_bytes (rate_per_s, ...).
XCOL = exists("XCOL") ? XCOL : "size_bytes"
array NPOINTS[NSERIES]
set print $SERIES
do for [i=1:NSERIES] {
	NPOINTS[i] = 0
	print "size_bytes,v1,v2"  # each block starts with a header line (columnheaders)
	do for [s in SIZES] {
		at(i) = keep(i) && column(XCOL) == s + 0
		# one column at a time: a two-column stats of two points warns about its fit
		stats fileof(i) using (at(i) ? column(col1(i)) : 0) nooutput name "C1"
		stats fileof(i) using (at(i) ? column(col2(i)) : 0) nooutput name "C2"
		if (C1_max > 0 && C2_max > 0) {
			print sprintf("%s,%.10g,%.10g", s, C1_max, C2_max)
			NPOINTS[i] = NPOINTS[i] + 1
		}
	}
	print ""; print ""
}
unset print

# Command text for a macro (see common.gp): a band from v1 to v2 is drawn with filledcurves
# between the points of a series, so that a series of one point would have none; for each
# such series, a box of the band's colour over its point instead, side by side when there
# are several ("" when there is none).
NLONE = 0
array LONE_AT[NSERIES]  # place among the series of one point; 0: more points
do for [i=1:NSERIES] {
	LONE_AT[i] = 0
	if (NPOINTS[i] == 1) { NLONE = NLONE + 1; LONE_AT[i] = NLONE }
}
LONE_W = 0.5  # width of all the boxes over one size together, in powers of 2
lone_left(i) = 2**(LONE_W * ((LONE_AT[i] - 1.0) / NLONE - 0.5))
lone_bands(fill) = lone_bands_from(1, fill)
lone_bands_from(i, fill) = i > NSERIES ? "" : (LONE_AT[i] == 0 ? "" : sprintf( \
    "$SERIES index %d using 1:2:($1 * %.6g):($1 * %.6g):2:3 with boxxyerror lt %d " \
    . "fs transparent solid %g noborder notitle, ", i - 1, lone_left(i), \
    lone_left(i) * 2**(LONE_W / NLONE), i, fill)) . lone_bands_from(i + 1, fill)
