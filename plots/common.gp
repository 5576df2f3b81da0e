# common.gp: what every ipcbench figure shares; each script loads it first.
# Set by the caller (ipcbench plot, harness/plot.c) with gnuplot -e:
#   plotdir  this directory        out   output path without extension (.png, .svg added)
#   host, kernel, cpu              the machine, from the run's meta.csv (for titles;
#                                  not set when comparing runs)
# Data are read by column name. NaN, from a filter below or from NA in the data, is
# skipped without breaking the line through the points around it.
set encoding utf8
set datafile separator comma
set datafile columnheaders
set datafile missing NaN

# Both formats at 1200x800: PNG for viewing and embedding, SVG for print and zooming.
FORMATS = "png svg"
W = 1200; H = 800
term(fmt) = sprintf(fmt eq "png" ? PNG : SVG, W, H) . "; " . linetypes(fmt eq "png" ? 1.4 : 1.0) \
    . sprintf("; TITLEFONT = ',%d'; set title font TITLEFONT", fmt eq "png" ? 16 : 21)
PNG = "set terminal pngcairo size %d,%d font 'sans-serif,14' linewidth 1.3 noenhanced"
# The SVG's text at the PNG's size (cairo's 14 points are 18.7 pixels), given as its font
# size: gnuplot lays a figure out for the font size, and a browser drawing the text larger
# than that (with fontscale) made labels overlap. Its points are larger: ps 1.0, not 1.4.
SVG = "set terminal svg size %d,%d dynamic font 'sans-serif,18' linewidth 1.3 " \
      . "noenhanced background rgb 'white'"

# Okabe-Ito colours (they stay apart with the common colour-vision deficiencies), each
# line also with its own dash type and point type, so that lines stay apart in grey
# print; 16 distinct line types, then they repeat (set by term(), with the point size of
# the format).
array COLOR[8] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", \
                  "#E69F00", "#56B4E9", "#000000", "#7F7F7F"]
array DASH[5] = [1, 2, 4, 5, 3]
array POINT[7] = [7, 5, 9, 13, 11, 4, 6]
linetypes(ps) = linetype(1, ps)
linetype(i, ps) = sprintf("set linetype %d lc rgb '%s' lw 2 dt %d pt %d ps %g; ", \
    i, COLOR[(i-1)%8+1], DASH[(i-1)%5+1], POINT[(i-1)%7+1], ps) \
    . (i < 16 ? linetype(i + 1, ps) : "set linetype cycle 16")

set border 3 lw 1.2
set tics nomirror out
set grid xtics ytics lw 0.8 lc rgb "#cccccc" dt 1
# The key outside the data, right of the plot, one entry a line: no script has more
# lines than fit (the builders split many transports into families).
set key outside right top vertical Left reverse spacing 1.15 samplen 2.5 width 0
TITLEFONT = ",16"  # the title's font, set again by term() for its format

# Clauses of a plot command that may have nothing to draw (the thin lines of a spectrum
# when every transport ran once, a reference line a run did not record): `for [i=1:0]`
# does not leave a clause out. gnuplot (5.4) still evaluates it once and reads its file or
# datablock, and when no point of it is valid it warns "Skipping data file with no valid
# points", which fails the figure. Such a clause is a string variable, empty when there is
# nothing to draw, put into the command as a macro:
#   EXTRA = n > 0 ? "for [i=1:n] file using ... notitle, " : ""
#   plot @EXTRA file using ...
# Inside the string, strings are in single quotes.

machine = exists("host") ? sprintf("%s, %s, %s", host, kernel, cpu) : ""
where(placement, ccpu, scpu) = \
    sprintf("%s (client on CPU %d, server on CPU %d)", placement, ccpu, scpu)

# Readable byte sizes and times for tic labels: 4096 -> "4 KiB", 1500 (ns) -> "1.5 µs".
hsize(s) = s >= 2**30 && s % 2**30 == 0 ? sprintf("%d GiB", s / 2**30) \
         : s >= 2**20 && s % 2**20 == 0 ? sprintf("%d MiB", s / 2**20) \
         : s >= 2**10 && s % 2**10 == 0 ? sprintf("%d KiB", s / 2**10) : sprintf("%d B", s)
htime(ns) = ns < 1e3 ? sprintf("%g ns", ns) : ns < 1e6 ? sprintf("%g µs", ns / 1e3) \
          : ns < 1e9 ? sprintf("%g ms", ns / 1e6) : sprintf("%g s", ns / 1e9)

# Position of word w in the list l (0 when absent).
windex(l, w) = windex_from(l, w, 1)
windex_from(l, w, i) = i > words(l) ? 0 : word(l, i) eq w ? i : windex_from(l, w, i + 1)

NOLABELS = 0  # 1: size tics without labels (upper panels of a multiplot)
# Command strings, run with eval: message sizes on a log x axis, ticked at the sizes of
# the list; round-trip times on a log y axis, ticked at decades with their unit.
size_axis(sizes) = sprintf("set logscale x 2; set xrange [%g:%g]; set xtics (%s) %s", \
    word(sizes, 1) / 1.5, word(sizes, words(sizes)) * 1.5, size_tics(sizes, 1), \
    words(sizes) > 10 ? "rotate by -30" : "norotate")  # level labels while they fit
size_tics(sizes, i) = \
    sprintf("'%s' %s", NOLABELS ? "" : hsize(word(sizes, i) + 0), word(sizes, i)) \
    . (i < words(sizes) ? ", " . size_tics(sizes, i + 1) : "")
time_axis(axis) = sprintf("set logscale %s 10; set %stics (%s)", axis, axis, time_tics(0))
time_tics(e) = sprintf("'%s' %g", htime(10**e), 10**e) . minor_tics(e, 2) \
    . (e < 11 ? ", " . time_tics(e + 1) : "")
minor_tics(e, k) = k > 9 ? "" : sprintf(", '' %g 1", k * 10**e) . minor_tics(e, k + 1)
# Counts on a log axis: decades labelled as plain decimals (0.001, 1, 1000, 1000000),
# never with SI prefixes (1m would read as a million or as milli).
count_axis(axis) = sprintf("set logscale %s 10; set %stics (%s)", axis, axis, count_tics(-6))
count_tics(e) = sprintf("'%s' %g", count_label(e), 10**e) . minor_tics(e, 2) \
    . (e < 12 ? ", " . count_tics(e + 1) : "")
count_label(e) = e >= 0 ? sprintf("%.0f", 10**e) : sprintf(sprintf("%%.%df", -e), 10**e)
# Command string: a y range from the decade at or below lo to the decade at or above hi,
# so that labelled decade tics frame the data, and with some room when the data sit on a
# decade.
decade_range(lo, hi) = sprintf("set yrange [%g:%g]", \
    pad_lo(10**decade_lo(lo), lo / 1.2), pad_hi(10**decade_hi(lo, hi), hi * 1.2))
decade_lo(lo) = floor(log10(lo) + 1e-9)
decade_up(hi) = ceil(log10(hi) - 1e-9)
decade_hi(lo, hi) = decade_up(hi) > decade_lo(lo) ? decade_up(hi) : decade_lo(lo) + 1
pad_lo(a, b) = 0.999 * (a < b ? a : b)
pad_hi(a, b) = 1.001 * (a > b ? a : b)
# The same from the variables ylo and yhi when the builder computed them (the common axis
# of several figures), else from lo and hi of this figure's data.
yrange_of(lo, hi) = exists("ylo") && ylo == ylo && yhi == yhi && ylo > 0 \
    ? decade_range(ylo, yhi) : decade_range(lo, hi)
# The figure's subject: "family" when the builder split the transports, else "all".
subject = exists("family") ? family : "all transports"

# 1 when the row is the classic closed-loop pair of one client and one server: every column
# of the list (the ones of rate_per_s idle_ns clients subscribers the table has, set by the
# caller as classic_cols) is 0. Rows of offered load or many parties have figures of their own.
classic(list) = classic_from(list, 1)
classic_from(list, i) = i > words(list) ? 1 : \
    (column(word(list, i)) == 0 ? classic_from(list, i + 1) : 0)
