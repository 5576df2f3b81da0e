# fanout.gp: fan-out, one publisher to N subscribers: the median one-way time from the
# publish to the first subscriber's receive (solid) and to the last one's (dashed) against
# N, one colour per transport, for one spread, message size and rate (0: the next message
# as soon as every subscriber has the last).
# Variables: as fanin.gp (counts: the numbers of subscribers).
load plotdir . '/common.gp'
COUNTCOL = "subscribers"
load plotdir . '/parties.gp'
col1(i) = "first_p50_ns"
col2(i) = "last_p50_ns"
load plotdir . '/collect.gp'
stats $SERIES using 2 nooutput name "LO"
stats $SERIES using 3 nooutput name "HI"
eval decade_range(LO_min, HI_max)
eval time_axis("y")
set ylabel "one-way time from the publish (median; log scale)"
set title sprintf("Fan-out: time to the first and the last subscriber, %s messages, " \
                  . "spread %s%s\n%s", hsize(size), spread, \
                  rate > 0 ? sprintf(", paced at %g/s", rate) : ", closed loop", machine)
do for [fmt in FORMATS] {
	eval term(fmt)
	set output out . "." . fmt
	plot for [i=1:NSERIES] $SERIES index i-1 using 1:2 with linespoints lt i dt 1 \
	         title word(transports, i) . " first", \
	     for [i=1:NSERIES] $SERIES index i-1 using 1:3 with linespoints lt i dt 2 \
	         title word(transports, i) . " last"
	unset output
}
