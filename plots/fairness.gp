# fairness.gp: fan-in: Jain's fairness index over the clients' rates against the number of
# clients, one line per transport (1: every client got the same share; 1/N: one got all).
# Variables: as fanin.gp.
load plotdir . '/common.gp'
load plotdir . '/parties.gp'
col1(i) = "fairness_jain"
col2(i) = "fairness_jain"
load plotdir . '/collect.gp'

set yrange [0:1.05]
set ylabel "Jain's index over the clients' rates (1: all equal)"
set title sprintf("Fan-in: fairness vs clients, %s messages, spread %s%s\n%s", \
                  hsize(size), spread, rate > 0 ? sprintf(", each client paced at %g/s", rate) \
                  : ", closed loop", machine)
do for [fmt in FORMATS] {
	eval term(fmt)
	set output out . "." . fmt
	plot for [i=1:NSERIES] $SERIES index i-1 using 1:2 with linespoints lt i \
	         title word(transports, i)
	unset output
}
