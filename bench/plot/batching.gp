# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
# ns per message against vlen (bench/batching.sh). Variables:
#   data   batching.dat: one block per size, one line per vlen (columns: see batching.sh)
#   sizes  the message sizes of the blocks, in order, e.g. "64 512 1400"
n = words(sizes)
array col[3] = ["#1f77b4", "#ff7f0e", "#2ca02c"]
c(i) = col[(i % 3) + 1]
set title "Syscall batching: one sendmmsg call carries vlen messages, so each message pays less of the call\n{/*0.85 UDP over loopback, one sending thread on one CPU; lower is better}" font ",13"
set xlabel "vlen: messages per sendmmsg call (log scale)"
set ylabel "ns of CPU per message sent (log scale; bars: min..max over rounds)"
set logscale x 2
set logscale y
set xrange [0.7:1500]
set xtics ("1" 1, "2" 2, "4" 4, "8" 8, "16" 16, "32" 32, "64" 64, "128" 128, "256" 256, "512" 512, "1024" 1024)
set autoscale yfix
set ytics ("100" 100, "125" 125, "150" 150, "200" 200, "250" 250, "300" 300, "400" 400, "500" 500, "600" 600, "800" 800, "1000" 1000, "1250" 1250, "1500" 1500, "2000" 2000, "2500" 2500, "3000" 3000, "4000" 4000, "5000" 5000, "6000" 6000, "8000" 8000, "10000" 10000, "12500" 12500, "15000" 15000, "20000" 20000, "25000" 25000, "30000" 30000, "40000" 40000, "50000" 50000, "60000" 60000, "80000" 80000, "100000" 100000, "125000" 125000, "150000" 150000, "200000" 200000, "250000" 250000, "300000" 300000, "400000" 400000, "500000" 500000, "600000" 600000, "800000" 800000)
set grid
set key below vertical maxrows 3 box width -2 samplen 3
set xlabel offset 0, 0.3
set bmargin 7
set offsets 0, 0, graph 0.05, graph 0.05

plot for [i = 0 : n - 1] data index i using 1:5:6:7 with yerrorlines lw 2.5 pt 7 ps 1.1 lc rgb c(i) \
	title sprintf("%s B, sendmmsg", word(sizes, i + 1)), \
     for [i = 0 : n - 1] data index i using 1:17 with lines dt 2 lw 1.8 lc rgb c(i) \
	title sprintf("%s B, sendto loop (1 per call)", word(sizes, i + 1)), \
     for [i = 0 : n - 1] data index i using 1:18 with lines dt 3 lw 2.2 lc rgb c(i) \
	title sprintf("%s B, sendmsg loop (1 per call)", word(sizes, i + 1))
