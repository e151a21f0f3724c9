# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
# Messages per second against vlen (bench/batching.sh). Variables:
#   data   batching.dat: one block per size, one line per vlen (columns: see batching.sh)
#   sizes  the message sizes of the blocks, in order, e.g. "64 512 1400"
n = words(sizes)
array col[3] = ["#1f77b4", "#ff7f0e", "#2ca02c"]
c(i) = col[(i % 3) + 1]
set title "How many messages one CPU sends per second as each call carries more of them\n{/*0.85 UDP over loopback, one sending thread; higher is better; flat lines: one message per call}" font ",13"
set xlabel "vlen: messages per sendmmsg call (log scale)"
set ylabel "thousand messages per second (median; bars: min..max)"
set logscale x 2
set xrange [0.7:1500]
set xtics ("1" 1, "2" 2, "4" 4, "8" 8, "16" 16, "32" 32, "64" 64, "128" 128, "256" 256, "512" 512, "1024" 1024)
set yrange [0:*]
set grid
set key below vertical maxrows 3 box width -2 samplen 3
set xlabel offset 0, 0.3
set bmargin 7
set offsets 0, 0, graph 0.08, 0

plot for [i = 0 : n - 1] data index i using 1:($2 / 1e3):($3 / 1e3):($4 / 1e3) with yerrorlines lw 2.5 pt 7 ps 1.1 lc rgb c(i) \
	title sprintf("%s B, sendmmsg", word(sizes, i + 1)), \
     for [i = 0 : n - 1] data index i using 1:($15 / 1e3) with lines dt 2 lw 1.8 lc rgb c(i) \
	title sprintf("%s B, sendto loop", word(sizes, i + 1)), \
     for [i = 0 : n - 1] data index i using 1:($16 / 1e3) with lines dt 3 lw 2.2 lc rgb c(i) \
	title sprintf("%s B, sendmsg loop", word(sizes, i + 1))
