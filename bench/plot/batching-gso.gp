# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
# Datagrams per second against vlen, with and without UDP GSO (bench/batching.sh). Variables:
#   data   batching-gso.dat: one block per segment size, one line per vlen
#          (columns: see batching.sh)
#   segs   the segment sizes of the blocks, in order, e.g. "64 512 1400"
n = words(segs)
array col[3] = ["#1f77b4", "#ff7f0e", "#2ca02c"]
c(i) = col[(i % 3) + 1]
set title "Batching twice: sendmmsg batches messages into a call, UDP GSO batches datagrams into a message\n{/*0.85 with GSO each message goes down the stack once and is cut into up to 64 datagrams at the bottom; higher is better}" font ",13"
set xlabel "vlen: messages per sendmmsg call (log scale)"
set ylabel "thousand datagrams per second (log scale)"
set logscale x 2
set logscale y
set xrange [0.7:1500]
set xtics ("1" 1, "2" 2, "4" 4, "8" 8, "16" 16, "32" 32, "64" 64, "128" 128, "256" 256, "512" 512, "1024" 1024)
set autoscale yfix
set ytics ("1" 1, "2" 2, "3" 3, "5" 5, "10" 10, "20" 20, "30" 30, "50" 50, "100" 100, "200" 200, "300" 300, "500" 500, "1000" 1000, "2000" 2000, "3000" 3000, "5000" 5000, "10000" 10000, "20000" 20000, "30000" 30000, "50000" 50000)
set grid
set key below vertical maxrows 3 box width -2 samplen 3
set xlabel offset 0, 0.3
set bmargin 7
set offsets 0, 0, graph 0.05, graph 0.05

plot for [i = 0 : n - 1] data index i using 1:($2 / 1e3):($3 / 1e3):($4 / 1e3) with yerrorlines lw 2.5 pt 7 ps 1.1 lc rgb c(i) \
	title sprintf("%s B datagrams, sendmmsg + GSO", word(segs, i + 1)), \
     for [i = 0 : n - 1] data index i using 1:($5 / 1e3) with linespoints dt 2 lw 1.8 pt 6 ps 1 lc rgb c(i) \
	title sprintf("%s B datagrams, sendmmsg, no GSO", word(segs, i + 1))
