# collect.gp: sorts data by message size for line plots (the rows of a run come in the
# order the sizes were configured, not necessarily ascending). The caller defines:
#   NSERIES, SIZES           number of series; the sizes to look for, in order
#   fileof(i), keep(i)       series i is the rows of file fileof(i) where keep(i) is true
#   col1(i), col2(i)         the names of the two columns series i takes
# Result in datablock $SERIES, block i-1 for series i (plot $SERIES index i-1), lines
# "size,v1,v2": for every size of SIZES, the largest value of each column over the
# series' rows of that size_bytes, when both are positive; other sizes are left out.
set print $SERIES
do for [i=1:NSERIES] {
	print "size_bytes,v1,v2"  # each block starts with a header line (columnheaders)
	do for [s in SIZES] {
		at(i) = keep(i) && column("size_bytes") == s + 0
		# one column at a time: a two-column stats of two points warns about its fit
		stats fileof(i) using (at(i) ? column(col1(i)) : 0) nooutput name "C1"
		stats fileof(i) using (at(i) ? column(col2(i)) : 0) nooutput name "C2"
		if (C1_max > 0 && C2_max > 0) {
			print sprintf("%s,%.10g,%.10g", s, C1_max, C2_max)
		}
	}
	print ""; print ""
}
unset print
