#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#
# The load generator: how fast `mmsgtrace --no-trace` sends.
#
#   a. against the smallest reasonable sendmmsg loop (bench/baseline/minimal.c),
#      vlen 1, 8, 64 and 1024, 64 B UDP to a loopback socket nobody reads.
#      Target: mmsgtrace >= 0.97x minimal at every vlen (median of paired ratios).
#   b. against two widely used UDP senders at 64 B: sockperf (one sendto per
#      message) and iperf3 -u (one write per message), each to a server that
#      reads on the other CPU. Target: mmsgtrace at vlen 64 >= 1.25x each.
#
# Every sending process runs entirely on SENDER_CPU (mmsgtrace: the whole
# process, main thread included, under taskset; its sender thread also gets
# --cpu); the servers run on OTHER_CPU.
#
# The machine is shared, and two things others do there disturb a run:
#   - running on SENDER_CPU: each run measures how much of SENDER_CPU
#     something else used meanwhile (busy time of SENDER_CPU in /proc/stat
#     minus the run's own user+sys time, which all ran there); more than
#     CONTENDED of the run's wall time disturbs it;
#   - tracing syscalls (another mmsgtrace, bpftrace, perf trace: their
#     programs run on every syscall of every process, ours too): a probe
#     times an empty sendmmsg (`minimal 0 ...`, PROBE_S seconds) before and
#     after each run (part b) or pair of runs (part a); a probe more than
#     TAX above the lowest seen so far disturbs it.
# A disturbed run (part a: the pair, both programs again) is repeated, up to
# RETRIES times and while the budget of repeats lasts (one per pair or run
# planned, so at most about twice the time). Every attempt is in the CSV;
# kept=1 marks the ones the tables use.
#
# Env: ROUNDS, SECONDS_EACH (part a, s), PEER_SECONDS (part b, whole seconds:
# sockperf and iperf3 take no fractions), VLENS, RETRIES, CONTENDED, TAX,
# PROBE_S, SOCKPERF_PORT, IPERF_PORT (first ports tried; the next free one
# is used).
source "$(dirname "$0")/lib.sh"
set -euo pipefail

if [ "$SMOKE" = 1 ]; then
	# sockperf and iperf3 run 1 s at least; mmsgtrace's runs against them are shortened
	ROUNDS=1 SECONDS_EACH=0.1 PEER_SECONDS=1 MMSG_PEER_SECONDS=0.2 RETRIES=0
else
	ROUNDS=${ROUNDS:-9} SECONDS_EACH=${SECONDS_EACH:-0.5} PEER_SECONDS=${PEER_SECONDS:-1}
	MMSG_PEER_SECONDS=$PEER_SECONDS RETRIES=${RETRIES:-4}
fi
VLENS=${VLENS:-"1 8 64 1024"}
CONTENDED=${CONTENDED:-0.03}
TAX=${TAX:-0.15}
PROBE_S=${PROBE_S:-0.03}
SIZE=64
MINIMAL="$BENCH_BIN/minimal"
for tool in sockperf iperf3 jq gnuplot taskset ss; do
	command -v $tool >/dev/null || { echo "driver.sh: $tool is not installed" >&2; exit 1; }
done
[ -x "$MINIMAL" ] || { echo "driver.sh: $MINIMAL not built (make bench-build)" >&2; exit 1; }

TMP=$(mktemp -d /tmp/mmsgtrace-driver.XXXXXX)
SERVERS=()
cleanup() {
	local pid
	for pid in "${SERVERS[@]}"; do kill "$pid" 2>/dev/null || true; done
	sleep 0.2
	# sockperf's server only notices SIGTERM once a datagram arrives
	for pid in "${SERVERS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
	for pid in "${SERVERS[@]}"; do wait "$pid" 2>/dev/null || true; done
	rm -rf "$TMP"
}
trap cleanup EXIT

# measure CMD...: runs it, its stdout into $TMP/out, stderr into $TMP/err;
# sets WALL (s), CPU_S (its user+sys, s) and OTHERS_S (s of SENDER_CPU used by
# anything else meanwhile; the command must run on SENDER_CPU only)
measure() {
	local b0 b1 u s
	b0=$(cpu_busy "$SENDER_CPU")
	{
		TIMEFORMAT='%3R %3U %3S'
		time "$@" >"$TMP/out" 2>"$TMP/err"
	} 2>"$TMP/time" || {
		[ "${MAY_FAIL:-0}" = 1 ] && return 1
		echo "driver.sh: failed: $*" >&2
		cat "$TMP/err" >&2
		exit 1
	}
	b1=$(cpu_busy "$SENDER_CPU")
	read -r WALL u s <"$TMP/time"
	CPU_S=$(echo "$u + $s" | bc -l)
	OTHERS_S=$(printf '%.3f' "$(echo "($b1 - $b0) / $CLK_TCK - $CPU_S" | bc -l)")
}
# contended: did others use more than CONTENDED of the last run's wall time (at least 20 ms)?
contended() {
	[ "$(echo "t = $CONTENDED * $WALL; if (t < 0.02) t = 0.02; $OTHERS_S > t" | bc -l)" = 1 ]
}

# probe: ns per empty sendmmsg(fd, m, 0, 0) on SENDER_CPU; QUIET_NS: the lowest so far
QUIET_NS=""
probe() {
	PROBE=$("$MINIMAL" 0 "$SIZE" "$PROBE_S" "$SENDER_CPU" | awk '{ printf "%.0f", 1e9 / $2 }')
	if [ -z "$QUIET_NS" ] || ((PROBE < QUIET_NS)); then QUIET_NS=$PROBE; fi
}
taxed() { [ "$(echo "$1 > (1 + $TAX) * $QUIET_NS" | bc -l)" = 1 ]; }

# guarded CSV GROUP ARGS...: runs GROUP ARGS (a function that runs one or more
# programs with measure, adding one CSV row start per run to ROWS, each ending
# in "$ATTEMPT,<figures>"), between two probes; repeats it while disturbed (see
# the top). Appends the rows with ",probe_before_ns,probe_after_ns,others_ok,
# probe_ok,kept" to CSV. Counts in RETRIED (groups repeated) and STILL
# (groups kept although disturbed).
BUDGET=0 RETRIED=0 STILL=0
guarded() {
	local csv=$1 p0 p1 cpu_ok probe_ok
	shift
	for ((ATTEMPT = 0; ; ATTEMPT++)); do
		ROWS="" cpu_ok=1 probe_ok=1
		probe
		p0=$PROBE
		"$@"
		probe
		p1=$PROBE
		taxed "$p0" && probe_ok=0
		taxed "$p1" && probe_ok=0
		[ "$ROWS_CONTENDED" = 1 ] && cpu_ok=0
		if ((!(cpu_ok && probe_ok) && ATTEMPT < RETRIES && BUDGET > 0)); then
			BUDGET=$((BUDGET - 1))
			((ATTEMPT == 0)) && RETRIED=$((RETRIED + 1))
			printf '%s' "$ROWS" | sed "s/\$/,$p0,$p1,$cpu_ok,$probe_ok,0/" >>"$csv"
			sleep 0.3
			continue
		fi
		printf '%s' "$ROWS" | sed "s/\$/,$p0,$p1,$cpu_ok,$probe_ok,1/" >>"$csv"
		((cpu_ok && probe_ok)) || STILL=$((STILL + 1))
		return
	done
}
# add_row FIGURES...: one run's row start (after measure), and its contention
add_row() {
	local IFS=,
	ROWS+="$*,$ATTEMPT,$RATE,$WALL,$CPU_S,$OTHERS_S"$'\n'
	contended && ROWS_CONTENDED=1
	return 0
}

# the last JSON summary of an mmsgtrace run: messages per second
mmsgtrace_rate() { jq -r 'select(.type == "summary") | .msgs / .seconds' "$TMP/out" | tail -1; }

# ---------------------------------------------------------------- part a
# one run of program $1 at vlen $2 for $3 s: sets RATE (msgs/s) and the measure figures
run_local() {
	case $1 in
	minimal)
		measure "$MINIMAL" "$2" "$SIZE" "$3" "$SENDER_CPU"
		RATE=$(cut -d' ' -f1 "$TMP/out")
		;;
	mmsgtrace)
		measure taskset -c "$SENDER_CPU" "$MMSGTRACE" --no-trace --json --vlen "$2" --size "$SIZE" \
			--duration "$3" --cpu "$SENDER_CPU"
		RATE=$(mmsgtrace_rate)
		;;
	esac
}

# a pair: both programs at vlen $2, in the order $1
pair() {
	local prog
	ROWS_CONTENDED=0
	for prog in $1; do
		run_local "$prog" "$2" "$SECONDS_EACH"
		add_row "$r" "$2" "$prog"
	done
}

CSV="$OUT/driver.csv"
echo "round,vlen,program,attempt,msgs_per_s,wall_s,cpu_s,others_s,probe_before_ns,probe_after_ns,cpu_ok,probe_ok,kept" >"$CSV"
# warm-up, not recorded: both programs once at every vlen; the first probes
for vlen in $VLENS; do
	probe
	run_local minimal "$vlen" 0.05
	run_local mmsgtrace "$vlen" 0.05
done
probe
NVLENS=$(wc -w <<<"$VLENS")
BUDGET=$((ROUNDS * NVLENS)) RETRIED=0 STILL=0
for ((r = 0; r < ROUNDS; r++)); do
	# A B in even rounds, B A in odd ones: drift does not favour either
	if ((r % 2 == 0)); then order="minimal mmsgtrace"; else order="mmsgtrace minimal"; fi
	for vlen in $VLENS; do
		guarded "$CSV" pair "$order" "$vlen"
	done
done
A_RETRIED=$RETRIED A_STILL=$STILL A_QUIET=$QUIET_NS
A_ATTEMPTS=$(($(wc -l <"$CSV") - 1))

# ---------------------------------------------------------------- part b
port_free() { [ -z "$(ss -Hantu "( sport = :$1 )")" ]; }
free_port() {
	local p
	for ((p = $1; p < $1 + 200; p++)); do
		port_free "$p" && { echo "$p"; return; }
	done
	echo "driver.sh: no free port from $1" >&2
	exit 1
}
# wait until something listens on port $1 (proto $2: u or t)
wait_listen() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ -n "$(ss -Hln"$2" "( sport = :$1 )")" ] && return
		sleep 0.05
	done
	echo "driver.sh: nothing listens on port $1" >&2
	exit 1
}

SP_PORT=$(free_port "${SOCKPERF_PORT:-47311}")
taskset -c "$OTHER_CPU" sockperf server -i 127.0.0.1 -p "$SP_PORT" >"$TMP/sockperf-server.log" 2>&1 &
SERVERS+=($!)
IP_PORT=$(free_port "${IPERF_PORT:-$((SP_PORT + 1))}")
taskset -c "$OTHER_CPU" iperf3 -s -p "$IP_PORT" >"$TMP/iperf3-server.log" 2>&1 &
SERVERS+=($!)
wait_listen "$SP_PORT" u
wait_listen "$IP_PORT" t

# one run of sender $1 for PEER_SECONDS: sets RATE (messages sent per second)
run_peer() {
	case $1 in
	sockperf)
		measure taskset -c "$SENDER_CPU" sockperf throughput -i 127.0.0.1 -p "$SP_PORT" -m "$SIZE" \
			-t "$PEER_SECONDS" --mps=max
		# "sockperf: Summary: Message Rate is 166317 [msg/sec]": its sent rate
		RATE=$(cat "$TMP/out" "$TMP/err" | sed -n 's/.*Summary: Message Rate is \([0-9.]*\) .*/\1/p' | tail -1)
		;;
	iperf3)
		# the client's own count: end.sum_sent (sum_received is the server's
		# report, whose "packets" counts the lost ones too)
		# a server still closing the previous test answers "busy": try again
		for try in 1 2 3; do
			MAY_FAIL=$((try < 3)) measure taskset -c "$SENDER_CPU" iperf3 -u -c 127.0.0.1 -p "$IP_PORT" \
				-b 0 -l "$SIZE" -t "$PEER_SECONDS" -A "$SENDER_CPU" --json && break
			sleep 1
		done
		RATE=$(jq -r '.end.sum_sent.packets / .end.sum_sent.seconds' "$TMP/out")
		;;
	mmsgtrace-vlen*)
		measure taskset -c "$SENDER_CPU" "$MMSGTRACE" --no-trace --json --dest "127.0.0.1:$SP_PORT" \
			--vlen "${1#mmsgtrace-vlen}" --size "$SIZE" --duration "$MMSG_PEER_SECONDS" --cpu "$SENDER_CPU"
		RATE=$(mmsgtrace_rate)
		;;
	esac
	[[ "$RATE" =~ ^[0-9.]+$ ]] || {
		echo "driver.sh: no rate from $1:" >&2
		cat "$TMP/out" "$TMP/err" >&2
		exit 1
	}
}

PEERS="sockperf mmsgtrace-vlen64 mmsgtrace-vlen1 iperf3"
NPEERS=$(wc -w <<<"$PEERS")
one_peer() {
	ROWS_CONTENDED=0
	run_peer "$1"
	add_row "$r" "$1"
}
PCSV="$OUT/driver-peers.csv"
echo "round,sender,attempt,msgs_per_s,wall_s,cpu_s,others_s,probe_before_ns,probe_after_ns,cpu_ok,probe_ok,kept" >"$PCSV"
[ "$SMOKE" = 1 ] || run_peer sockperf # warm-up of the server path, not recorded
BUDGET=$((ROUNDS * NPEERS)) RETRIED=0 STILL=0
for ((r = 0; r < ROUNDS; r++)); do
	# each round starts one sender later: every sender runs first once in a while
	read -r -a list <<<"$PEERS"
	for ((k = 0; k < NPEERS; k++)); do
		guarded "$PCSV" one_peer "${list[$(((k + r) % NPEERS))]}"
	done
done
B_RETRIED=$RETRIED B_STILL=$STILL

# ---------------------------------------------------------------- tables
# verdict VALUE TARGET: met when VALUE >= TARGET
verdict() { [ "$(echo "$1 >= $2" | bc -l)" = 1 ] && echo met || echo "NOT met"; }
ratio() { echo "$1 / $2" | bc -l; }

MET_A=met
DAT="$OUT/driver.dat"
echo "# vlen minimal_median minimal_min minimal_max mmsgtrace_median mmsgtrace_min mmsgtrace_max" >"$DAT"
TABLE_A=$(
	echo "| vlen | minimal msgs/s, median (min..max) | mmsgtrace --no-trace msgs/s, median (min..max) | ratio of medians | median of paired ratios (min..max) |"
	echo "|---|---|---|---|---|"
	for vlen in $VLENS; do
		m=$(column "$CSV" msgs_per_s vlen="$vlen" program=minimal kept=1 | median)
		d=$(column "$CSV" msgs_per_s vlen="$vlen" program=mmsgtrace kept=1 | median)
		# each round's mmsgtrace run over the minimal run of the same pair
		ratios=$(awk -F, -v v="$vlen" '$2 == v && $13 == 1 { if ($3 == "minimal") m[$1] = $5; else d[$1] = $5 }
			END { for (r in m) print d[r] / m[r] }' "$CSV")
		printf '| %s | %.0f (%s) | %.0f (%s) | %.3f | %.3f (%s) |\n' "$vlen" \
			"$m" "$(column "$CSV" msgs_per_s vlen="$vlen" program=minimal kept=1 | spread)" \
			"$d" "$(column "$CSV" msgs_per_s vlen="$vlen" program=mmsgtrace kept=1 | spread)" \
			"$(ratio "$d" "$m")" "$(median <<<"$ratios")" "$(spread %.3f <<<"$ratios")"
		printf '%s %s %s %s %s %s %s\n' "$vlen" "$m" \
			"$(column "$CSV" msgs_per_s vlen="$vlen" program=minimal kept=1 | sort -g | head -1)" \
			"$(column "$CSV" msgs_per_s vlen="$vlen" program=minimal kept=1 | sort -g | tail -1)" "$d" \
			"$(column "$CSV" msgs_per_s vlen="$vlen" program=mmsgtrace kept=1 | sort -g | head -1)" \
			"$(column "$CSV" msgs_per_s vlen="$vlen" program=mmsgtrace kept=1 | sort -g | tail -1)" >>"$DAT"
		echo "$vlen $(median <<<"$ratios")" >>"$TMP/paired"
	done
)
read -r LOW_VLEN LOW_RATIO < <(sort -g -k2 "$TMP/paired" | head -1)
MET_A=$(verdict "$LOW_RATIO" 0.97)

pmed() { column "$PCSV" msgs_per_s sender="$1" kept=1 | median; }
V64=$(pmed mmsgtrace-vlen64)
SP=$(pmed sockperf)
IP=$(pmed iperf3)
X_SP=$(ratio "$V64" "$SP")
X_IP=$(ratio "$V64" "$IP")
TABLE_B=$(
	echo "| sender | how it sends | received by | msgs/s, median (min..max) | mmsgtrace vlen 64 ÷ this |"
	echo "|---|---|---|---|---|"
	for s in mmsgtrace-vlen64 mmsgtrace-vlen1 sockperf iperf3; do
		case $s in
		sockperf) name="sockperf throughput --mps=max" how="sendto, 1 msg per call" rcv="sockperf server" ;;
		iperf3) name="iperf3 -u -b 0" how="write, 1 msg per call" rcv="iperf3 -s" ;;
		*) name="mmsgtrace --no-trace --vlen ${s#mmsgtrace-vlen}" how="sendmmsg, ${s#mmsgtrace-vlen} msg$([ "${s#mmsgtrace-vlen}" = 1 ] || echo s) per call" rcv="sockperf server" ;;
		esac
		printf '| %s | %s | %s | %.0f (%s) | %.2f |\n' "$name" "$how" "$rcv" "$(pmed "$s")" \
			"$(column "$PCSV" msgs_per_s sender="$s" kept=1 | spread)" "$(ratio "$V64" "$(pmed "$s")")"
	done
)

plot bench/plot/driver.gp driver data="$DAT" sockperf="$SP" iperf3="$IP" \
	dest64="$V64" dest1="$(pmed mmsgtrace-vlen1)"

# disturbance_note UNIT PLANNED RETRIED STILL RUNS: what happened to the plan
disturbance_note() {
	printf '%s %ss planned, %s runs made' "$2" "$1" "$5"
	(($3 == 0 && $4 == 0)) && printf '; none was disturbed'
	(($3)) && printf '; %s %ss were disturbed and repeated' "$3" "$1"
	(($4)) && printf '; %s kept although disturbed (repeats used up)' "$4"
	echo
}
{
	echo "### driver: the load generator"
	echo
	echo "Run on $(machine_line). Senders on CPU $SENDER_CPU: the minimal loop, the whole mmsgtrace" \
		"process (taskset, main thread included; its sending thread also \`--cpu $SENDER_CPU\`), sockperf," \
		"iperf3 (\`-A $SENDER_CPU\`); the sockperf and iperf3 servers on CPU $OTHER_CPU. 64 B UDP over loopback."
	echo
	echo "**Against a minimal sendmmsg loop** (\`bench/baseline/minimal.c\`), both sending to a loopback" \
		"socket nobody reads: $ROUNDS rounds x ${SECONDS_EACH} s per program per vlen, after a warm-up" \
		"that is not counted; the two alternate (minimal first in even rounds, mmsgtrace first in odd ones)." \
		"A paired ratio is mmsgtrace's run over the minimal run next to it." \
		"$(disturbance_note pair "$((ROUNDS * NVLENS))" "$A_RETRIED" "$A_STILL" "$A_ATTEMPTS")" \
		"(disturbed: another task used more than $(printf '%.0f' "$(echo "$CONTENDED * 100" | bc -l)")% of CPU $SENDER_CPU during a run," \
		"or an empty sendmmsg timed before or after the pair took more than $(printf '%.0f' "$(echo "$TAX * 100" | bc -l)")% over the" \
		"quietest seen, $A_QUIET ns: someone else was tracing syscalls)."
	echo
	echo "$TABLE_A"
	echo
	echo "Target: mmsgtrace >= 0.97x minimal at every vlen (median of paired ratios):" \
		"lowest $(printf '%.3f' "$LOW_RATIO") at vlen $LOW_VLEN, **$MET_A**."
	echo
	echo "**Against sockperf and iperf3**: $ROUNDS rounds x ${PEER_SECONDS} s per sender$(
		[ "$MMSG_PEER_SECONDS" = "$PEER_SECONDS" ] || echo " (mmsgtrace ${MMSG_PEER_SECONDS} s)"), the four in turn," \
		"each round starting one later. sockperf's figure is its own \"Message Rate\" line; iperf3's is" \
		"its sender's count (\`end.sum_sent.packets / end.sum_sent.seconds\` in its JSON). mmsgtrace sends" \
		"to the sockperf server. iperf3 sends to its own server (\`iperf3 -s\`, also on CPU $OTHER_CPU): it" \
		"needs that server's control connection, so its datagrams cannot go to the sockperf server." \
		"$(disturbance_note run "$((ROUNDS * NPEERS))" "$B_RETRIED" "$B_STILL" "$(($(wc -l <"$PCSV") - 1))")" \
		"(as above, with the probes around each run)."
	echo
	echo "$TABLE_B"
	echo
	echo "Target: mmsgtrace at vlen 64 >= 1.25x sockperf: $(printf '%.2f' "$X_SP")x, **$(verdict "$X_SP" 1.25)**;" \
		">= 1.25x iperf3: $(printf '%.2f' "$X_IP")x, **$(verdict "$X_IP" 1.25)** (ratios of medians)."
	echo
	echo "CSV: \`results/driver.csv\` (part a), \`results/driver-peers.csv\` (part b): every attempt;" \
		"\`others_s\`: CPU $SENDER_CPU time other tasks used during the run; \`probe_*_ns\`: the empty sendmmsg" \
		"before and after; \`cpu_ok\`, \`probe_ok\`: not disturbed by either; \`kept\`: used in the tables."
	echo
	echo "![messages per second against vlen: mmsgtrace, the minimal loop, sockperf, iperf3](results/driver.png)"
} >"$OUT/driver.md"
