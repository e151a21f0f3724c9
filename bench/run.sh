#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#
# Runs the benchmarks side by side (A B A B ...), writes CSV under
# bench/results/ and prints the tables that go into bench/README.md.
#
#   bench/run.sh            full run (a few minutes)
#   SMOKE=1 bench/run.sh    tiny run into a temporary directory (make test)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SMOKE:-0}" = 1 ]; then
	ROUNDS=1 CALLS=20000 SECONDS_EACH=0.2 VLENS="1 64"
	OUT=$(mktemp -d /tmp/mmsgtrace-bench.XXXXXX)
else
	ROUNDS=${ROUNDS:-11} CALLS=${CALLS:-1000000} SECONDS_EACH=${SECONDS_EACH:-1}
	VLENS=${VLENS:-"1 8 64 1024"}
	OUT=bench/results
fi
mkdir -p "$OUT"
SENDER_CPU=0

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "# $(date -u +%Y-%m-%d), kernel $(uname -r), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"

# --- observer effect: ns added per traced call, and per untraced syscall
.output/bench/overhead "$ROUNDS" "$CALLS" "$SENDER_CPU" >"$OUT/overhead.csv" 2>"$OUT/overhead.log"
base_empty=$(awk -F, '$2 == "none" { print $3 }' "$OUT/overhead.csv" | median)
base_ppid=$(awk -F, '$2 == "none" { print $4 }' "$OUT/overhead.csv" | median)
echo
echo "observer effect ($ROUNDS rounds x $CALLS calls; caller on CPU $SENDER_CPU, consumer on the other)"
echo "(raw-empty/tp-empty: programs that do nothing, attached where the tracer's are: each mode's floor)"
echo "| mode | sendmmsg(fd, m, 0, 0) ns | added ns per traced call | x raw-empty floor | getppid ns | added ns per other syscall |"
echo "|---|---|---|---|---|---|"
floor=$(awk -F, '$2 == "raw-empty" { print $3 }' "$OUT/overhead.csv" | median)
floor_added=$(echo "$floor - $base_empty" | bc -l)
for mode in none raw-empty tp-empty raw tp raw-observe tp-observe; do
	e=$(awk -F, -v m=$mode '$2 == m { print $3 }' "$OUT/overhead.csv" | median)
	p=$(awk -F, -v m=$mode '$2 == m { print $4 }' "$OUT/overhead.csv" | median)
	added=$(echo "$e - $base_empty" | bc -l)
	printf '| %s | %.0f | %+.0f | %.2f | %.0f | %+.0f |\n' "$mode" "$e" "$added" \
		"$(echo "$added / $floor_added" | bc -l)" "$p" "$(echo "$p - $base_ppid" | bc -l)"
done

# --- driver vs a minimal hand-written loop, interleaved
echo "round,vlen,program,msgs_per_s" >"$OUT/driver.csv"
for ((r = 0; r < ROUNDS; r++)); do
	for vlen in $VLENS; do
		m=$(.output/bench/minimal "$vlen" 64 "$SECONDS_EACH" "$SENDER_CPU" | cut -d' ' -f1)
		echo "$r,$vlen,minimal,$m" >>"$OUT/driver.csv"
		d=$(./mmsgtrace --no-trace --json --vlen "$vlen" --size 64 --duration "$SECONDS_EACH" \
			--cpu "$SENDER_CPU" | jq -r 'select(.type == "summary") | .msgs / .seconds')
		echo "$r,$vlen,driver,$d" >>"$OUT/driver.csv"
	done
done
echo
echo "driver vs minimal loop (64 B UDP to a loopback socket nobody reads; sender on CPU $SENDER_CPU, main thread and display unpinned; $ROUNDS rounds x ${SECONDS_EACH} s)"
echo "| vlen | minimal msgs/s | mmsgtrace --no-trace msgs/s | ratio of medians | median of paired ratios (min..max) |"
echo "|---|---|---|---|---|"
for vlen in $VLENS; do
	m=$(awk -F, -v v=$vlen '$2 == v && $3 == "minimal" { print $4 }' "$OUT/driver.csv" | median)
	d=$(awk -F, -v v=$vlen '$2 == v && $3 == "driver" { print $4 }' "$OUT/driver.csv" | median)
	# each round's driver run divided by the minimal run just before it
	ratios=$(awk -F, -v v=$vlen '$2 == v && $3 == "minimal" { m[$1] = $4 }
		$2 == v && $3 == "driver" { print $4 / m[$1] }' "$OUT/driver.csv")
	printf '| %s | %.0f | %.0f | %.3f | %.3f (%.3f..%.3f) |\n' "$vlen" "$m" "$d" "$(echo "$d / $m" | bc -l)" \
		"$(median <<<"$ratios")" "$(sort -g <<<"$ratios" | head -1)" "$(sort -g <<<"$ratios" | tail -1)"
done
[ "${SMOKE:-0}" = 1 ] && rm -rf "$OUT"
exit 0
