#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#
# Capacity: how many calls a second the tracer records without losing one.
# One record per call reaches userspace through a ring buffer; when the
# consumer (mmsgtrace's main thread, which drains it) falls behind and the
# buffer fills, records are lost (the totals stay exact: they are counted in
# the kernel). For each ring-buffer size and each thread layout, at vlen 1
# (one message per call, the most calls per second, the most records):
#
#   1. full speed (--rate 0), ROUNDS times, the configurations in turn;
#      if no run lost a record, the full-speed rate is the answer;
#   2. otherwise bisection on --rate (total calls/s) between 0 and the
#      full-speed rate, one run per probe, the configurations' probes in turn,
#      until the interval is within TOLERANCE of its top or MAX_STEPS probes.
#
# Reported: the fastest achieved call rate with zero lost records, the lost
# records at full speed, and the consumer's CPU time as % of one core
# (summary key consumer_cpu_s / seconds; "n/a" when this mmsgtrace does not
# report it). Target: zero lost at full speed with the default ring (16M),
# consumer <= 5% of one core there.
#
# CPUs: --threads 1: the sender on SENDER_CPU (--cpu), the rest of the
# process, the consumer included, on OTHER_CPU (taskset). --threads 2: one
# sender on each CPU, the consumer wherever the scheduler puts it.
#
# Env: ROUNDS, DURATION (s per run), RINGS, THREADS, MAX_STEPS, TOLERANCE.
source "$(dirname "$0")/lib.sh"
set -euo pipefail

if [ "$SMOKE" = 1 ]; then
	# a 4K ring loses records at full speed: the bisection runs too
	ROUNDS=1 DURATION=0.2 MAX_STEPS=${MAX_STEPS:-2}
	RINGS=${RINGS:-"4K 16M"}
else
	ROUNDS=${ROUNDS:-5} DURATION=${DURATION:-1.5} MAX_STEPS=${MAX_STEPS:-6}
	RINGS=${RINGS:-"256K 1M 4M 16M 64M"}
fi
THREADS=${THREADS:-"1 2"}
TOLERANCE=${TOLERANCE:-0.05}
DEFAULT_RING=16M
for tool in jq gnuplot taskset bc; do
	command -v $tool >/dev/null || { echo "capacity.sh: $tool is not installed" >&2; exit 1; }
done
TMP=$(mktemp -d /tmp/mmsgtrace-capacity.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

runs() { if [ "$1" = 1 ]; then echo "1 run"; else echo "$1 runs"; fi; }
bytes() { # 256K -> 262144
	local n=${1%[KMG]}
	case $1 in
	*K) echo $((n << 10)) ;;
	*M) echo $((n << 20)) ;;
	*G) echo $((n << 30)) ;;
	*) echo "$n" ;;
	esac
}

CSV="$OUT/capacity.csv"
echo "ringbuf,threads,phase,step,rate_asked,calls,seconds,calls_per_s,lost_events,consumer_cpu_s,consumer_pct" >"$CSV"

# one traced run: ring $1, threads $2, --rate $3, CSV phase $4 and step $5;
# sets CPS (calls/s achieved), LOST, PCT (consumer % of one core, or n/a)
run() {
	local ring=$1 threads=$2 rate=$3 pin
	if [ "$threads" = 1 ]; then
		pin=(taskset -c "$OTHER_CPU" "$MMSGTRACE" --threads 1 --cpu "$SENDER_CPU")
	else
		pin=("$MMSGTRACE" --threads "$threads" --cpu "$SENDER_CPU,$OTHER_CPU")
	fi
	# mmsgtrace warns on stderr when records were lost: expected here
	"${pin[@]}" --json --duration "$DURATION" --vlen 1 --size 64 --ringbuf-size "$ring" \
		--rate "$rate" >"$TMP/out" 2>"$TMP/err" || {
		echo "capacity.sh: mmsgtrace failed (ring $ring, threads $threads, rate $rate):" >&2
		cat "$TMP/err" >&2
		exit 1
	}
	read -r calls seconds lost cpu < <(jq -r 'select(.type == "summary") |
		"\(.calls) \(.seconds) \(.lost_events) \(.consumer_cpu_s // "n/a")"' "$TMP/out" | tail -1)
	CPS=$(echo "$calls / $seconds" | bc -l)
	LOST=$lost
	if [ "$cpu" = n/a ]; then
		PCT=n/a
	else
		PCT=$(printf '%.2f' "$(echo "$cpu / $seconds * 100" | bc -l)")
	fi
	printf '%s,%s,%s,%s,%s,%s,%s,%.0f,%s,%s,%s\n' "$ring" "$threads" "$4" "$5" "$rate" "$calls" "$seconds" \
		"$CPS" "$LOST" "$cpu" "$PCT" >>"$CSV"
}

CONFIGS=()
for ring in $RINGS; do
	for t in $THREADS; do CONFIGS+=("$ring:$t"); done
done

# 1. full speed, every configuration once per round (reversed in odd rounds)
for ((r = 0; r < ROUNDS; r++)); do
	n=${#CONFIGS[@]}
	for ((k = 0; k < n; k++)); do
		((r % 2)) && i=$((n - 1 - k)) || i=$k
		run "${CONFIGS[$i]%:*}" "${CONFIGS[$i]#*:}" 0 full "$r"
	done
done

# 2. bisection for the configurations that lost records at full speed
declare -A LO HI BEST BEST_PCT BEST_ASKED STEPS
TODO=()
for c in "${CONFIGS[@]}"; do
	ring=${c%:*} t=${c#*:}
	maxlost=$(column "$CSV" lost_events ringbuf="$ring" threads="$t" phase=full | sort -g | tail -1)
	if [ "$maxlost" != 0 ]; then
		TODO+=("$c")
		LO[$c]=0
		HI[$c]=$(column "$CSV" calls_per_s ringbuf="$ring" threads="$t" phase=full | median)
		BEST[$c]="" BEST_PCT[$c]="" BEST_ASKED[$c]="" STEPS[$c]=0
	fi
done
for ((s = 1; s <= MAX_STEPS && ${#TODO[@]} > 0; s++)); do
	NEXT=()
	for c in "${TODO[@]}"; do
		mid=$(printf '%.0f' "$(echo "(${LO[$c]} + ${HI[$c]}) / 2" | bc -l)")
		run "${c%:*}" "${c#*:}" "$mid" bisect "$s"
		STEPS[$c]=$s
		if [ "$LOST" = 0 ]; then
			LO[$c]=$mid
			# the best achieved rate (the pacer may fall short of the rate asked)
			if [ -z "${BEST[$c]}" ] || [ "$(echo "$CPS > ${BEST[$c]}" | bc -l)" = 1 ]; then
				BEST[$c]=$CPS BEST_PCT[$c]=$PCT BEST_ASKED[$c]=$mid
			fi
		else
			HI[$c]=$mid
		fi
		[ "$(echo "${HI[$c]} - ${LO[$c]} <= $TOLERANCE * ${HI[$c]}" | bc -l)" = 1 ] || NEXT+=("$c")
	done
	TODO=(${NEXT[@]+"${NEXT[@]}"})
done

# ---------------------------------------------------------------- tables
HAVE_CPU=0
column "$CSV" consumer_pct | grep -qv '^n/a$' && HAVE_CPU=1
pct_cells() { # median (min..max) of the consumer % of full-speed runs, or n/a
	local v
	v=$(column "$CSV" consumer_pct ringbuf="$1" threads="$2" phase=full | grep -v '^n/a$' || true)
	if [ -z "$v" ]; then echo n/a; else echo "$(median <<<"$v" | xargs printf '%.1f') ($(spread %.1f <<<"$v"))"; fi
}
DAT="$OUT/capacity.dat"
: >"$DAT"
TABLE=$(
	echo "| ring buffer | threads (CPUs) | full speed, calls/s median (min..max) | lost at full speed, median (min..max) | fastest zero-loss calls/s | found by | consumer CPU, % of one core there |"
	echo "|---|---|---|---|---|---|---|"
	for t in $THREADS; do
		echo "# threads $t: ring_bytes ring full_calls_per_s fastest_zero_loss consumer_pct" >>"$DAT"
		for ring in $RINGS; do
			c="$ring:$t"
			full=$(column "$CSV" calls_per_s ringbuf="$ring" threads="$t" phase=full | median)
			fspread=$(column "$CSV" calls_per_s ringbuf="$ring" threads="$t" phase=full | spread)
			lost=$(column "$CSV" lost_events ringbuf="$ring" threads="$t" phase=full | median)
			lspread=$(column "$CSV" lost_events ringbuf="$ring" threads="$t" phase=full | spread)
			if [ "$t" = 1 ]; then cpus="1 (sender CPU $SENDER_CPU, consumer CPU $OTHER_CPU)"; else cpus="$t (CPUs $SENDER_CPU,$OTHER_CPU; consumer unpinned)"; fi
			if [ -z "${LO[$c]+x}" ]; then
				fastest=$full how="full speed, no loss in $(runs "$ROUNDS")" pct=$(pct_cells "$ring" "$t")
				dpct=$(column "$CSV" consumer_pct ringbuf="$ring" threads="$t" phase=full | grep -v '^n/a$' | median || true)
			elif [ -n "${BEST[$c]}" ]; then
				fastest=${BEST[$c]} dpct=${BEST_PCT[$c]} pct="${BEST_PCT[$c]} (one run)"
				[ "$dpct" = n/a ] || pct="$(printf '%.1f' "$dpct") (one run)"
				how="bisection, $(runs "${STEPS[$c]}"): lossless at --rate ${LO[$c]}, lost at ${HI[$c]}"
				# the pacer fell well short of the rate asked: the limit found is the pacer's
				[ "$(echo "$fastest < 0.95 * ${BEST_ASKED[$c]}" | bc -l)" = 1 ] &&
					how="$how (paced runs reached only $(printf '%.0f' "$fastest") of ${BEST_ASKED[$c]} asked)"
			else
				fastest=0 pct=n/a dpct=nan
				how="bisection, $(runs "${STEPS[$c]}"): every probe lost records (down to --rate ${HI[$c]})"
			fi
			case $dpct in "" | n/a) dpct=nan ;; esac
			printf '| %s | %s | %.0f (%s) | %s (%s) | %.0f | %s | %s |\n' "$ring" "$cpus" "$full" "$fspread" \
				"$lost" "$lspread" "$fastest" "$how" "$pct"
			printf '%s %s %.0f %.0f %s\n' "$(bytes "$ring")" "$ring" "$full" "$fastest" "$dpct" >>"$DAT"
		done
		printf '\n\n' >>"$DAT"
	done
)

# the target, at the default ring, per thread layout
TARGET=""
if [[ " $RINGS " == *" $DEFAULT_RING "* ]]; then
	for t in $THREADS; do
		maxlost=$(column "$CSV" lost_events ringbuf=$DEFAULT_RING threads="$t" phase=full | sort -g | tail -1)
		v=$(column "$CSV" consumer_pct ringbuf=$DEFAULT_RING threads="$t" phase=full | grep -v '^n/a$' || true)
		if [ -z "$v" ]; then
			p="consumer CPU n/a (this mmsgtrace reports no consumer_cpu_s)"
		else
			p="consumer $(median <<<"$v" | xargs printf '%.1f')% of one core (median)"
		fi
		if [ "$maxlost" != 0 ]; then
			verdict="NOT met"
		elif [ -z "$v" ]; then
			verdict="not decided: no loss, consumer CPU unknown"
		elif [ "$(echo "$(median <<<"$v") <= 5" | bc -l)" = 1 ]; then
			verdict=met
		else
			verdict="NOT met"
		fi
		TARGET+="- --threads $t: at most $maxlost lost in $ROUNDS full-speed run$( [ "$ROUNDS" = 1 ] || echo s), $p: **$verdict**"$'\n'
	done
fi

plot bench/plot/capacity.gp capacity data="$DAT" have_cpu="$HAVE_CPU" threads="$THREADS"

{
	echo "### capacity: calls per second recorded without loss"
	echo
	echo "Run on $(machine_line); vlen 1, 64 B UDP to a loopback socket nobody reads, traced (attach raw)," \
		"${DURATION} s per run. Full speed: $(runs "$ROUNDS") per configuration, the configurations in turn" \
		"(reversed every other round). Where any full-speed run lost records: bisection on \`--rate\`" \
		"between 0 and the full-speed median, one run per probe, until within $(printf "%.0f" "$(echo "$TOLERANCE * 100" | bc -l)")%" \
		"or $MAX_STEPS probes; the figure is the fastest achieved rate of a lossless probe." \
		"--threads 1: sender on CPU $SENDER_CPU, the rest of mmsgtrace (the ring-buffer consumer" \
		"included) on CPU $OTHER_CPU; --threads 2: a sender on each CPU, the consumer unpinned." \
		"Consumer CPU: \`consumer_cpu_s / seconds\` of the summary, at the rate in the table."
	echo
	echo "$TABLE"
	echo
	if [ -n "$TARGET" ]; then
		echo "Target: zero lost at the fastest vlen-1 rate (full speed) with the default ring ($DEFAULT_RING)," \
			"consumer <= 5% of one core there:"
		echo
		printf '%s' "$TARGET"
		echo
	fi
	echo "CSV: \`results/capacity.csv\` (every run; \`phase\` full or bisect)."
	echo
	echo "![fastest zero-loss call rate and consumer CPU against ring-buffer size](results/capacity.png)"
} >"$OUT/capacity.md"
