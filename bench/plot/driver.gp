# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
# Messages per second against vlen (bench/driver.sh). Variables:
#   data      driver.dat: vlen, then median min max for the minimal loop and for mmsgtrace
#   sockperf, iperf3, dest64, dest1
#             medians (msgs/s) of sockperf, iperf3, and mmsgtrace at vlen 64 and 1 sending to
#             the sockperf server
set title "How fast each sender sends 64 B UDP datagrams over loopback, on one CPU (higher is better)" font ",13"
set xlabel "vlen: messages per sendmmsg call (log scale)"
set ylabel "thousand messages per second (median; bars: min..max)"
set logscale x 2
set xrange [0.7:1500]
set xtics ("1" 1, "2" 2, "4" 4, "8" 8, "16" 16, "32" 32, "64" 64, "128" 128, "256" 256, "512" 512, "1024" 1024)
set yrange [0:*]
set grid
set key bottom right box opaque spacing 1.3
set offsets 0, 0, graph 0.08, 0

array px[2] = [1, 64]
array py[2] = [real(dest1) / 1e3, real(dest64) / 1e3]

# the two loops drawn a little apart, so that their bars do not hide each other
plot data using ($1 * 0.95):($2 / 1e3):($3 / 1e3):($4 / 1e3) with yerrorlines lw 2 pt 7 ps 1.2 lc rgb "#1f77b4" \
	title "minimal sendmmsg loop, to a socket nobody reads", \
     data using ($1 * 1.05):($5 / 1e3):($6 / 1e3):($7 / 1e3) with yerrorlines lw 2 pt 5 ps 1.2 lc rgb "#d62728" \
	title "mmsgtrace --no-trace, to a socket nobody reads", \
     py using (px[$1]):2 with points pt 9 ps 2.2 lc rgb "#d62728" \
	title "mmsgtrace --no-trace, to the sockperf server (vlen 1 and 64)", \
     real(sockperf) / 1e3 with lines dt 2 lw 2 lc rgb "#2ca02c" \
	title sprintf("sockperf: one sendto per message (%.0fk/s)", real(sockperf) / 1e3), \
     real(iperf3) / 1e3 with lines dt 4 lw 2 lc rgb "#9467bd" \
	title sprintf("iperf3 -u: one write per message (%.0fk/s)", real(iperf3) / 1e3)
