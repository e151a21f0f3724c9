# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
# Call latency (p50, p99) against vlen (bench/batching.sh). Variables:
#   data   batching.dat: one block per size, one line per vlen (columns: see batching.sh)
#   sizes  the message sizes of the blocks, in order, e.g. "64 512 1400"
n = words(sizes)
array col[3] = ["#1f77b4", "#ff7f0e", "#2ca02c"]
c(i) = col[(i % 3) + 1]
set title "The price of batching: one call takes longer the more messages it carries\n{/*0.85 time inside one sendmmsg call, entry to exit (traced runs); thin lines: that time divided by vlen, what each message costs}" font ",13"
set xlabel "vlen: messages per sendmmsg call (log scale)"
set ylabel "time (log scale)"
set logscale x 2
set logscale y
set xrange [0.7:1500]
set xtics ("1" 1, "2" 2, "4" 4, "8" 8, "16" 16, "32" 32, "64" 64, "128" 128, "256" 256, "512" 512, "1024" 1024)
set ytics ("100 ns" 100, "300 ns" 300, "1 µs" 1e3, "3 µs" 3e3, "10 µs" 1e4, "30 µs" 3e4, "100 µs" 1e5, \
	"300 µs" 3e5, "1 ms" 1e6, "3 ms" 3e6, "10 ms" 1e7, "30 ms" 3e7)
set grid
set autoscale yfix
set key below vertical maxrows 3 box width -2 samplen 3
set xlabel offset 0, 0.3
set bmargin 7
set offsets 0, 0, graph 0.05, graph 0.05

plot for [i = 0 : n - 1] data index i using 1:9:10:11 with yerrorlines lw 2.5 pt 7 ps 1.1 lc rgb c(i) \
	title sprintf("%s B: call latency p50", word(sizes, i + 1)), \
     for [i = 0 : n - 1] data index i using 1:12 with linespoints dt 2 lw 1.8 pt 6 ps 1 lc rgb c(i) \
	title sprintf("%s B: call latency p99", word(sizes, i + 1)), \
     for [i = 0 : n - 1] data index i using 1:($9 / $1) with lines lw 1 lc rgb c(i) \
	title sprintf("%s B: p50 / vlen, per message", word(sizes, i + 1))
