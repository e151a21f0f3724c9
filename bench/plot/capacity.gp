# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
# Fastest zero-loss call rate and consumer CPU against ring-buffer size (bench/capacity.sh).
# Variables:
#   data      capacity.dat: one block per thread count (in the order of 'threads'), each line
#             ring_bytes ring_label full_speed_calls_per_s fastest_zero_loss consumer_pct (nan: unknown)
#   threads   the thread counts, e.g. "1 2"
#   have_cpu  1 when some consumer_pct is known
n = words(threads)
set multiplot layout 2, 1 title "Ring-buffer capacity: vlen 1, one record per sendmmsg call" font ",13"
set logscale x 2
set xrange [*:*]
set offsets graph 0.05, graph 0.05, graph 0.45, 0
set grid
set key spacing 1.3 box opaque
set lmargin 12
set xtics ("4K" 2**12, "16K" 2**14, "64K" 2**16, "256K" 2**18, "1M" 2**20, "4M" 2**22, "16M" 2**24, "64M" 2**26)

set ylabel "thousand calls per second"
set yrange [0:*]
set key top center horizontal maxrows 2 width 1
set format x ""
plot for [i = 0 : n - 1] data index i using 1:($3 / 1e3) with linespoints dt 2 lw 1.5 pt 6 ps 2 lc i + 1 \
	title sprintf("full speed (median), --threads %s", word(threads, i + 1)), \
     for [i = 0 : n - 1] data index i using 1:($4 / 1e3) with linespoints lw 2 pt 7 ps 1.2 lc i + 1 \
	title sprintf("fastest with zero lost, --threads %s", word(threads, i + 1))

set ylabel "consumer CPU, % of one core"
set xlabel "ring buffer size (--ringbuf-size, log scale)"
set format x "%g"
set key top center horizontal maxrows 2 width 1
set yrange [0:*]
if (have_cpu) {
	plot for [i = 0 : n - 1] data index i using 1:5 with linespoints lw 2 pt 5 ps 1.3 lc i + 1 \
		title sprintf("at that rate, --threads %s", word(threads, i + 1)), \
	     5 with lines dt 3 lw 2 lc rgb "#555555" title "target: at most 5%"
} else {
	set yrange [0:10]
	set label 1 "consumer CPU not reported by this mmsgtrace (no consumer_cpu_s in its summary)" \
		at graph 0.5, 0.3 center noenhanced
	plot data index 0 using 1:(5) with lines dt 3 lw 2 lc rgb "#555555" title "target: at most 5%"
}
unset multiplot
