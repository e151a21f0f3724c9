# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
# Added ns per call for each observer (bench/overhead.sh). Variables: data.
set title "The observer effect: what each observer adds to one call (lower is better)"
set ylabel "added ns per call (log scale)"
set logscale y
set yrange [1:*]
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set xtics rotate by -30 nomirror
set key top left
set grid ytics
set key autotitle columnhead
plot data using 2:xtic(1) title "empty sendmmsg (vlen 0)", \
     '' using 3 title "sendmmsg, 1 x 64 B UDP", \
     '' using 4 title "sendmmsg, 64 x 64 B UDP", \
     '' using 5 title "getppid (not traced)", \
     '' using 6 title "another process's sendto (not selected)"
