# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#
# Shared by the bench/*.sh benchmarks: where results go, how medians and
# spreads are taken, which CPUs run what, and plotting.
#
# Every benchmark script sources this file, then writes
#   $OUT/NAME.csv        the raw samples, one row per run
#   $OUT/NAME.md         its section of the results (conditions, table, plot links)
#   $OUT/NAME*.png/.svg  its plots
# SMOKE=1: tiny runs into a temporary directory (make test), same code paths.

cd "$(dirname "${BASH_SOURCE[0]}")/.."
MMSGTRACE=${MMSGTRACE:-./mmsgtrace}
BENCH_BIN=${BENCH_BIN:-.output/bench}
SMOKE=${SMOKE:-0}
# the program measured runs on SENDER_CPU, everything else it needs
# (consumer thread, receiver, observer) on OTHER_CPU
SENDER_CPU=${SENDER_CPU:-0}
OTHER_CPU=${OTHER_CPU:-1}
if [ -z "${OUT:-}" ]; then
	if [ "$SMOKE" = 1 ]; then
		OUT=$(mktemp -d /tmp/mmsgtrace-bench.XXXXXX)
	else
		OUT=bench/results
	fi
fi
mkdir -p "$OUT"

# one value per line in, the median out
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# one value per line in, "min..max" out, printed with FORMAT (default %.0f)
spread() { sort -g | awk -v f="${1:-%.0f}" 'NR == 1 { lo = $1 } { hi = $1 } END { printf(f ".." f "\n", lo, hi) }'; }
# the values of column COL of CSV FILE where every KEY=VALUE given matches
#   column FILE COL key=value ...   (keys are header names)
column() {
	local file=$1 col=$2
	shift 2
	awk -F, -v col="$col" -v conds="$*" '
		NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; n = split(conds, c, " "); next }
		{
			for (k = 1; k <= n; k++) {
				split(c[k], kv, "=")
				if ($(idx[kv[1]]) != kv[2]) next
			}
			print $(idx[col])
		}' "$file"
}

cpu_model() { grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'; }
machine_line() {
	echo "$(date -u +%Y-%m-%d), kernel $(uname -r), $(cpu_model), $(nproc) cores"
}

# plot SCRIPT.gp STEM [var=value ...]: writes $OUT/STEM.png and $OUT/STEM.svg
# (the script reads its CSV from the variables given; 'out' is set here)
plot() {
	local gp=$1 stem=$2 vars="" term
	shift 2
	for v in "$@"; do vars="$vars${v%%=*}='${v#*=}'; "; done
	for term in png svg; do
		if [ $term = png ]; then
			gnuplot -e "set terminal pngcairo size 1000,600 font 'DejaVu Sans,10'; set output '$OUT/$stem.png'; $vars" "$gp"
		else
			gnuplot -e "set terminal svg size 1000,600 dynamic font 'DejaVu Sans,10'; set output '$OUT/$stem.svg'; $vars" "$gp"
		fi
	done
}

# busy time of a CPU so far, in clock ticks (user nice system irq softirq
# steal): the difference around a run, less the run's own CPU time, is what
# others used of that CPU meanwhile
CLK_TCK=$(getconf CLK_TCK)
cpu_busy() { awk -v c="cpu$1" '$1 == c { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }

# run a command pinned to a CPU
pinned() { local cpu=$1; shift; taskset -c "$cpu" "$@"; }
