#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#
# The curve that teaches syscall batching: what one message costs when a
# single sendmmsg(2) call carries vlen = 1, 2, 4, ..., 1024 of them, against
# one message per call (a sendto loop and a sendmsg loop), at 64, 512 and
# 1400 B; and UDP GSO (UDP_SEGMENT), where one message itself carries up to
# 64 datagrams that the kernel cuts only at the bottom of the stack.
#
# Every run is `mmsgtrace` driving one sending thread to the built-in sink (a
# loopback UDP socket nobody reads), the process under `taskset -c OTHER_CPU`
# and its sending thread moved to SENDER_CPU with --cpu: the main thread (and,
# traced, the ring-buffer consumer) does not compete with the sender.
#
#   throughput  --no-trace runs: msgs/s = .msgs / .seconds, ns per message =
#               1e9 / msgs/s, syscalls/s = .calls / .seconds
#   latency     separate traced runs (default attach, a record per call):
#               p50 and p99 of .latency_ns, with .lost_events and .match
#               (tracing adds about 1 us per call: it would distort the
#               throughput at small vlen, so the two are never the same run)
#   GSO         --no-trace runs with --gso SEG --size SEG*K, K = min(64,
#               floor(65507 / SEG)) segments per message: datagrams/s =
#               .driver.datagrams / .seconds
#
# One round is the whole grid in a fixed order; for each size: sendto loop,
# sendmsg loop, sendmmsg at every vlen (each untraced, then traced); then for
# each GSO segment size: sendmsg loop, sendmmsg at every vlen. The sendto and
# sendmsg loops send one message per call whatever --vlen is: they run once per
# size (at --vlen 64) and are drawn as flat lines. Tables: medians over the
# rounds, min..max in brackets.
#
# Runs disturbed by others on this shared machine are repeated (see run_one).
#
# Env: ROUNDS (3), SECONDS_EACH (0.3, s per run), LAT_SECONDS (the traced runs,
# default SECONDS_EACH), VLENS, SIZES, GSO_SEGS, GSO_VLENS (the GSO rows compare
# with the plain runs whose size is the segment size: keep those in SIZES),
# RETRIES (2), CONTENDED (0.05).
# Default grid: 114 runs per round, about 65 s here; a full run (3 rounds) about
# 3.5 minutes, up to about 5 if others disturb enough runs to use up the repeats.
source "$(dirname "$0")/lib.sh"
set -euo pipefail

if [ "$SMOKE" = 1 ]; then
	ROUNDS=1 SECONDS_EACH=0.1 LAT_SECONDS=0.1
	VLENS="1 64" SIZES=64 GSO_SEGS=64 GSO_VLENS="1 64" RETRIES=0
else
	ROUNDS=${ROUNDS:-3} SECONDS_EACH=${SECONDS_EACH:-0.3} LAT_SECONDS=${LAT_SECONDS:-$SECONDS_EACH}
	VLENS=${VLENS:-"1 2 4 8 16 32 64 128 256 512 1024"}
	SIZES=${SIZES:-"64 512 1400"}
	GSO_SEGS=${GSO_SEGS:-"64 512 1400"}
	GSO_VLENS=${GSO_VLENS:-$VLENS}
	RETRIES=${RETRIES:-2}
fi
CONTENDED=${CONTENDED:-0.05}
# the loops send one message per call: --vlen only sets how many are built at once
LOOP_VLEN=64
for tool in jq gnuplot taskset; do
	command -v $tool >/dev/null || { echo "batching.sh: $tool is not installed" >&2; exit 1; }
done
[ -x "$MMSGTRACE" ] || { echo "batching.sh: $MMSGTRACE not built (make)" >&2; exit 1; }

TMP=$(mktemp -d /tmp/mmsgtrace-batching.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
START=$(date +%s.%N)

# segments per GSO message for segment size $1
gso_k() { local k=$((65507 / $1)); ((k > 64)) && k=64; echo "$k"; }

# arithmetic (awk: takes 1.2e+06 as well), comparisons print 1 or 0
calc() { awk -v OFMT='%.10g' "BEGIN { print ($*) }" </dev/null; }

# What others on this shared machine do can disturb a run:
#   - run on SENDER_CPU: for a throughput run, others_s = the busy time of
#     SENDER_CPU in /proc/stat (steal included) minus the run's own user+sys
#     time (its main thread barely runs untraced); more than CONTENDED of the
#     run's wall time (at least 30 ms: /proc/stat counts in ticks) disturbs it.
#     Not measured for traced runs: their consumer and BPF loading run too.
#   - trace syscalls: another tracer's programs (another mmsgtrace, bpftrace,
#     perf trace) run on every syscall of every process, ours too; tracers =
#     the tracing BPF links attached before or after the run (ours are gone
#     by then); any disturbs it.
# A disturbed run is repeated after a pause, up to RETRIES times while the
# budget of repeats (a quarter of the runs planned) lasts. Every attempt is in
# the CSV; kept=1 marks the ones the tables use.
tracers() {
	command -v bpftool >/dev/null || { echo nan; return; }
	bpftool link list -j 2>/dev/null |
		jq '[.[]? | select(.type | test("tracing|raw_tracepoint|tracepoint|kprobe|uprobe|perf_event"))] | length' 2>/dev/null ||
		echo nan
}
# run_one ROUND KIND MODE SIZE GSO VLEN TRACED ATTEMPT: one run, its CSV row
# (without "kept") into $TMP/row; DISTURBED=1 if disturbed
CSV="$OUT/batching.csv"
HEADER="round,kind,mode,size,gso,vlen,traced,attempt,seconds,calls,msgs,datagrams,msgs_per_s,datagrams_per_s,calls_per_s,p50_ns,p99_ns,lost_events,match,errors,partial,wall_s,cpu_s,others_s,tracers,kept"
LINKS=""
run_one() {
	local round=$1 kind=$2 mode=$3 size=$4 gso=$5 vlen=$6 traced=$7 attempt=$8 rc=0 d=$SECONDS_EACH
	local b0 b1 wall u s cpu others=nan links
	local args=(--json --cpu "$SENDER_CPU" --mode "$mode" --vlen "$vlen" --size "$size")
	((gso)) && args+=(--gso "$gso")
	if ((traced)); then d=$LAT_SECONDS; else args+=(--no-trace); fi
	# the count after the previous run is the count before this one
	[ -n "$LINKS" ] || LINKS=$(tracers)
	links=$LINKS
	b0=$(cpu_busy "$SENDER_CPU")
	{
		TIMEFORMAT='%3R %3U %3S'
		time taskset -c "$OTHER_CPU" "$MMSGTRACE" "${args[@]}" --duration "$d" >"$TMP/out" 2>"$TMP/err"
	} 2>"$TMP/time" || rc=$?
	b1=$(cpu_busy "$SENDER_CPU")
	LINKS=$(tracers)
	read -r wall u s <"$TMP/time"
	cpu=$(calc "$u + $s")
	((traced)) || others=$(printf '%.3f' "$(calc "($b1 - $b0) / $CLK_TCK - $cpu")")
	if [ "$LINKS" != nan ] && { [ "$links" = nan ] || ((LINKS > links)); }; then links=$LINKS; fi
	jq -c 'select(.type == "summary")' "$TMP/out" | tail -1 >"$TMP/summary"
	# exit 1 with a summary whose .match is false: a cross-check mismatch, recorded
	if [ ! -s "$TMP/summary" ] || ((rc > 1)) ||
		{ ((rc == 1)) && [ "$(jq -r '.match' "$TMP/summary")" != false ]; }; then
		echo "batching.sh: failed (exit $rc): $MMSGTRACE ${args[*]} --duration $d" >&2
		cat "$TMP/err" "$TMP/out" >&2
		exit 1
	fi
	# the options took effect
	[ "$(jq -r '"\(.send_mode) \(.gso)"' "$TMP/summary")" = "$mode $gso" ] || {
		echo "batching.sh: asked for --mode $mode --gso $gso, got: $(cat "$TMP/summary")" >&2
		exit 1
	}
	jq -r --arg pre "$round,$kind,$mode,$size,$gso,$vlen,$traced,$attempt" \
		--arg post "$wall,$cpu,$others,$links" '
		[$pre, .seconds, .calls, .msgs, .driver.datagrams,
		 .msgs / .seconds, .driver.datagrams / .seconds, .calls / .seconds,
		 (.latency_ns.p50 // "nan"), (.latency_ns.p99 // "nan"),
		 .lost_events, (.match // "na"), .errors, .partial, $post]
		| map(tostring) | join(",")' "$TMP/summary" >"$TMP/row"
	DISTURBED=0
	[ "$links" != nan ] && ((links > 0)) && DISTURBED=1
	[ "$others" != nan ] &&
		[ "$(calc "$others > ($CONTENDED * $wall > 0.03 ? $CONTENDED * $wall : 0.03)")" = 1 ] && DISTURBED=1
	return 0
}
# guarded ARGS...: run_one ARGS, repeated while disturbed (see above)
BUDGET=0 RETRIED=0 STILL=0
guarded() {
	local attempt
	for ((attempt = 0; ; attempt++)); do
		run_one "$@" "$attempt"
		if ((DISTURBED && attempt < RETRIES && BUDGET > 0)); then
			BUDGET=$((BUDGET - 1))
			((attempt == 0)) && RETRIED=$((RETRIED + 1))
			sed 's/$/,0/' "$TMP/row" >>"$CSV"
			sleep 0.5
			continue
		fi
		sed 's/$/,1/' "$TMP/row" >>"$CSV"
		((DISTURBED)) && STILL=$((STILL + 1))
		return 0
	done
}

# GSO works here? One short run: every message must leave as K datagrams.
GSO_OK=1
GSO_NOTE=""
if [ -n "$GSO_SEGS" ]; then
	if taskset -c "$OTHER_CPU" "$MMSGTRACE" --no-trace --json --cpu "$SENDER_CPU" --vlen 4 \
		--size 640 --gso 64 --duration 0.05 >"$TMP/gso" 2>&1; then
		read -r msgs dgrams errors < <(jq -r 'select(.type == "summary") | "\(.msgs) \(.driver.datagrams) \(.errors)"' "$TMP/gso")
		if [ "${errors:-1}" != 0 ] || [ "${dgrams:-0}" != "$((msgs * 10))" ] || [ "${msgs:-0}" = 0 ]; then
			GSO_OK=0 GSO_NOTE="a 640 B message with --gso 64 did not leave as 10 datagrams ($msgs messages, $dgrams datagrams, $errors errors)"
		fi
	else
		GSO_OK=0 GSO_NOTE="--gso 64 failed: $(head -c 300 "$TMP/gso" | tr '\n' ' ')"
	fi
	((GSO_OK)) || echo "batching.sh: skipping GSO: $GSO_NOTE" >&2
fi
((GSO_OK)) || GSO_SEGS=""

# warm-up, not recorded
taskset -c "$OTHER_CPU" "$MMSGTRACE" --no-trace --json --cpu "$SENDER_CPU" --duration 0.1 >/dev/null

echo "$HEADER" >"$CSV"
NV=$(wc -w <<<"$VLENS") NS=$(wc -w <<<"$SIZES") NG=$(wc -w <<<"$GSO_SEGS") NGV=$(wc -w <<<"$GSO_VLENS")
PLANNED=$((ROUNDS * (NS * 2 * (NV + 2) + NG * (NGV + 1))))
BUDGET=$((PLANNED / 4))
for ((r = 0; r < ROUNDS; r++)); do
	for size in $SIZES; do
		for t in 0 1; do guarded "$r" plain sendto "$size" 0 "$LOOP_VLEN" "$t"; done
		for t in 0 1; do guarded "$r" plain sendmsg "$size" 0 "$LOOP_VLEN" "$t"; done
		for vlen in $VLENS; do
			for t in 0 1; do guarded "$r" plain sendmmsg "$size" 0 "$vlen" "$t"; done
		done
	done
	for seg in $GSO_SEGS; do
		msize=$((seg * $(gso_k "$seg")))
		guarded "$r" gso sendmsg "$msize" "$seg" "$LOOP_VLEN" 0
		for vlen in $GSO_VLENS; do
			guarded "$r" gso sendmmsg "$msize" "$seg" "$vlen" 0
		done
	done
done
ELAPSED=$(calc "$(date +%s.%N) - $START")
RUNS=$(($(wc -l <"$CSV") - 1))

# ---------------------------------------------------------------- figures
# med FIELD CONDS...: the median of FIELD over the rows matching; spr: its min..max
med() { local f=$1; shift; column "$CSV" "$f" "$@" | grep -v '^nan$' | median; }
spr() { local fmt=$1 f=$2; shift 2; column "$CSV" "$f" "$@" | grep -v '^nan$' | spread "$fmt"; }
mn() { local f=$1; shift; column "$CSV" "$f" "$@" | sort -g | head -1; }
mx() { local f=$1; shift; column "$CSV" "$f" "$@" | sort -g | tail -1; }
# plain point: key conditions for size $1, mode $2, vlen $3, traced $4
pc() { echo "kind=plain size=$1 mode=$2 vlen=$3 traced=$4 kept=1"; }
k() { printf '%.0f' "$(calc "$1 / 1000")"; }
# a duration in ns, readable: 950 ns, 3.4 us, 160 us, 2.46 ms
dur() {
	awk -v n="$1" 'BEGIN {
		if (n == "nan" || n == "") print "n/a";
		else if (n < 1000) printf "%.0f ns\n", n;
		else if (n < 1e5) printf "%.1f µs\n", n / 1e3;
		else if (n < 1e6) printf "%.0f µs\n", n / 1e3;
		else printf "%.2f ms\n", n / 1e6 }'
}
x() { printf '%.2f' "$(calc "$1 / $2")"; }

# batching.dat: one block per size (in the order of SIZES), one line per vlen:
#  1 vlen  2-4 msgs/s median min max  5-7 ns/msg median min max  8 syscalls/s
#  9-11 p50 median min max  12-14 p99 median min max
#  15 16 sendto, sendmsg msgs/s  17 18 their ns/msg  19 20 their p50
DAT="$OUT/batching.dat"
: >"$DAT"
declare -A RATE CALLS P50 P99 P50S RATES
for size in $SIZES; do
	for mode in sendto sendmsg; do
		RATE[$size,$mode]=$(med msgs_per_s "$(pc "$size" $mode $LOOP_VLEN 0)")
		RATES[$size,$mode]=$(column "$CSV" msgs_per_s "$(pc "$size" $mode $LOOP_VLEN 0)" |
			awk '{ printf "%.0f\n", $1 / 1000 }' | spread)
		CALLS[$size,$mode]=$(med calls_per_s "$(pc "$size" $mode $LOOP_VLEN 0)")
		P50[$size,$mode]=$(med p50_ns "$(pc "$size" $mode $LOOP_VLEN 1)")
		P99[$size,$mode]=$(med p99_ns "$(pc "$size" $mode $LOOP_VLEN 1)")
		P50S[$size,$mode]=$(spr %.0f p50_ns "$(pc "$size" $mode $LOOP_VLEN 1)")
	done
	for vlen in $VLENS; do
		c="$(pc "$size" sendmmsg "$vlen" 0)"
		ct="$(pc "$size" sendmmsg "$vlen" 1)"
		RATE[$size,$vlen]=$(med msgs_per_s "$c")
		RATES[$size,$vlen]=$(column "$CSV" msgs_per_s "$c" | awk '{ printf "%.0f\n", $1 / 1000 }' | spread)
		CALLS[$size,$vlen]=$(med calls_per_s "$c")
		P50[$size,$vlen]=$(med p50_ns "$ct")
		P99[$size,$vlen]=$(med p99_ns "$ct")
		P50S[$size,$vlen]=$(spr %.0f p50_ns "$ct")
		lo=$(mn msgs_per_s "$c") hi=$(mx msgs_per_s "$c")
		echo "$vlen ${RATE[$size,$vlen]} $lo $hi $(calc "1e9 / ${RATE[$size,$vlen]}")" \
			"$(calc "1e9 / $hi") $(calc "1e9 / $lo") ${CALLS[$size,$vlen]}" \
			"${P50[$size,$vlen]} $(mn p50_ns "$ct") $(mx p50_ns "$ct")" \
			"${P99[$size,$vlen]} $(mn p99_ns "$ct") $(mx p99_ns "$ct")" \
			"${RATE[$size,sendto]} ${RATE[$size,sendmsg]}" \
			"$(calc "1e9 / ${RATE[$size,sendto]}") $(calc "1e9 / ${RATE[$size,sendmsg]}")" \
			"${P50[$size,sendto]} ${P50[$size,sendmsg]}" >>"$DAT"
	done
	printf '\n\n' >>"$DAT"
done

# batching-gso.dat: one block per segment size (in the order of GSO_SEGS), one line per vlen:
#  1 vlen  2-4 datagrams/s with GSO, median min max  5 msgs/s (= datagrams/s)
#  without GSO, sendmmsg at this vlen with SEG-byte messages (nan: not measured)
#  6 sendmsg + GSO datagrams/s  7 sendmsg without GSO msgs/s (nan: not measured)
GDAT="$OUT/batching-gso.dat"
: >"$GDAT"
declare -A GRATE GRATES
for seg in $GSO_SEGS; do
	msize=$((seg * $(gso_k "$seg")))
	gc() { echo "kind=gso size=$msize gso=$seg mode=$1 vlen=$2 traced=0 kept=1"; }
	GRATE[$seg,sendmsg]=$(med datagrams_per_s "$(gc sendmsg $LOOP_VLEN)")
	GRATES[$seg,sendmsg]=$(column "$CSV" datagrams_per_s "$(gc sendmsg $LOOP_VLEN)" |
		awk '{ printf "%.0f\n", $1 / 1000 }' | spread)
	for vlen in $GSO_VLENS; do
		GRATE[$seg,$vlen]=$(med datagrams_per_s "$(gc sendmmsg "$vlen")")
		GRATES[$seg,$vlen]=$(column "$CSV" datagrams_per_s "$(gc sendmmsg "$vlen")" |
			awk '{ printf "%.0f\n", $1 / 1000 }' | spread)
		echo "$vlen ${GRATE[$seg,$vlen]} $(mn datagrams_per_s "$(gc sendmmsg "$vlen")")" \
			"$(mx datagrams_per_s "$(gc sendmmsg "$vlen")") ${RATE[$seg,$vlen]:-nan}" \
			"${GRATE[$seg,sendmsg]} ${RATE[$seg,sendmsg]:-nan}" >>"$GDAT"
	done
	printf '\n\n' >>"$GDAT"
done

plot bench/plot/batching.gp batching data="$DAT" sizes="$SIZES"
plot bench/plot/batching-rate.gp batching-rate data="$DAT" sizes="$SIZES"
plot bench/plot/batching-latency.gp batching-latency data="$DAT" sizes="$SIZES"
[ -z "$GSO_SEGS" ] || plot bench/plot/batching-gso.gp batching-gso data="$GDAT" segs="$GSO_SEGS"

# traced runs that lost records or whose kernel totals did not match the driver's
# rows of CSV (kept ones) matching an awk condition on named columns
count_rows() {
	awk -F, -v cond="$1" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["kept"] != 1 { next }
		cond == "traced" && $c["traced"] == 1 { n++ }
		cond == "bad" && $c["traced"] == 1 && ($c["lost_events"] != 0 || $c["match"] != "true") { n++ }
		cond == "errors" && ($c["errors"] != 0 || $c["partial"] != 0) { n++ }
		END { print n + 0 }' "$CSV"
}
TRACED=$(count_rows traced)
BAD=$(count_rows bad)
ERRS=$(count_rows errors)

# ---------------------------------------------------------------- tables
# the smallest vlen within 10% of the best rate at size $1
knee() {
	local size=$1 best=0 v
	for v in $VLENS; do
		[ "$(calc "${RATE[$size,$v]} > $best")" = 1 ] && best=${RATE[$size,$v]}
	done
	for v in $VLENS; do
		[ "$(calc "${RATE[$size,$v]} >= 0.9 * $best")" = 1 ] && { echo "$v $best"; return; }
	done
}
row() { # row LABEL VLEN-COLUMN KEY(mode or vlen) SIZE
	local key=$3 size=$4
	printf '| %s | %s | %s (%s) | %.0f | %s | %s (%s) | %s | %sx |\n' "$1" "$2" \
		"$(k "${RATE[$size,$key]}")" "${RATES[$size,$key]}" "$(calc "1e9 / ${RATE[$size,$key]}")" \
		"$(k "${CALLS[$size,$key]}")" "$(dur "${P50[$size,$key]}")" \
		"$(dur "${P50S[$size,$key]%%..*}")..$(dur "${P50S[$size,$key]##*..}")" \
		"$(dur "${P99[$size,$key]}")" "$(x "${RATE[$size,$key]}" "${RATE[$size,sendto]}")"
}
{
	echo "### batching: what one message costs, one per call or many per sendmmsg"
	echo
	echo "Run on $(machine_line); $ROUNDS round$( ((ROUNDS == 1)) || echo s) of the whole grid" \
		"(it took $(printf '%.0f' "$ELAPSED") s), ${SECONDS_EACH} s per throughput run" \
		"(\`--no-trace\`), ${LAT_SECONDS} s per latency run (traced). Each run is one \`mmsgtrace\` process under" \
		"\`taskset -c $OTHER_CPU\` with its one sending thread moved to CPU $SENDER_CPU (\`--cpu $SENDER_CPU\`):" \
		"the sender has CPU $SENDER_CPU to itself (as far as others on this shared machine allow), and the main" \
		"thread (traced: the ring-buffer consumer) runs on CPU $OTHER_CPU. UDP over loopback to the built-in" \
		"sink, a socket nobody reads (once its receive buffer is full, the kernel drops what arrives: the" \
		"cost is the send path down to the receiving socket). One round runs, for each size, the sendto" \
		"loop, the sendmsg loop, then sendmmsg at vlen ${VLENS// /, }, each untraced" \
		"then traced; then the GSO runs. Medians over the rounds, min..max in brackets; ns per message" \
		"= 1e9 / the median msgs/s."
	echo
	echo "This machine is shared. A run is disturbed when another task used more than" \
		"$(printf '%.0f' "$(calc "$CONTENDED * 100")")% of CPU $SENDER_CPU during it (throughput runs: CPU $SENDER_CPU's busy" \
		"time in /proc/stat, steal included, minus the run's own CPU time), or when another tracer's" \
		"BPF links were attached before or after it (their programs run on our syscalls too)." \
		"$( ((RETRIES)) && echo "A disturbed run is repeated after a pause, up to $RETRIES times while a budget of" \
			"a quarter of the runs planned lasts:" || echo "Disturbed runs were not repeated (RETRIES=0):")" \
		"$PLANNED runs planned, $RUNS made; $RETRIED were disturbed and repeated, $STILL kept although" \
		"disturbed. The CSV has every attempt (\`others_s\`, \`tracers\`; \`kept\` marks the runs in the" \
		"tables). Slowdowns from outside this VM (the host) are not seen this way: the min..max spread shows them."
	echo
	echo "Throughput and latency come from separate runs: tracing (default raw attach, a record per call)" \
		"adds about 1 µs to every call, which at vlen 1 would be a third of the cost measured. Call" \
		"latency is the time inside one send call, entry to exit, from the tracer's records" \
		"(\`.latency_ns\`); $TRACED traced runs, $BAD of them with lost records or a kernel/driver" \
		"count mismatch$( ((ERRS)) && echo "; $ERRS runs had send errors or partial sends (see the CSV)")."
	echo
	for size in $SIZES; do
		read -r kv kbest < <(knee "$size")
		echo "**$size B messages.** sendto and sendmsg loops: one message per call (their vlen does not" \
			"change what a call does). Speed-up: msgs/s over the sendto loop's."
		echo
		echo "| call | vlen | thousand msgs/s (min..max) | ns per message | thousand syscalls/s | call latency p50 (min..max) | p99 | vs sendto loop |"
		echo "|---|---|---|---|---|---|---|---|"
		row "sendto loop" 1 sendto "$size"
		row "sendmsg loop" 1 sendmsg "$size"
		for vlen in $VLENS; do row sendmmsg "$vlen" "$vlen" "$size"; done
		echo
		echo "From vlen $kv on, sendmmsg is within 10% of its best here ($(k "$kbest")k msgs/s)."
		echo
	done
	if [ -n "$GSO_SEGS" ]; then
		echo "**UDP GSO** (\`--gso SEG\`, UDP_SEGMENT): each message of SEG x K bytes, K = min(64, 65507 / SEG)" \
			"segments, goes down the stack once and is cut into K datagrams of SEG bytes at the bottom (in" \
			"software on loopback). Datagrams/s = \`.driver.datagrams / .seconds\`. \"vs without GSO\": over" \
			"the same call at the same vlen sending SEG-byte messages without GSO (the sendmsg row: over the" \
			"sendmsg loop). This kernel accepted UDP_SEGMENT on loopback (checked first: a 640 B message with" \
			"\`--gso 64\` left as 10 datagrams)."
		echo
		echo "| segment size | call | vlen | message (segments) | thousand datagrams/s (min..max) | ns per datagram | vs without GSO |"
		echo "|---|---|---|---|---|---|---|"
		for seg in $GSO_SEGS; do
			kk=$(gso_k "$seg")
			for key in sendmsg $GSO_VLENS; do
				if [ "$key" = sendmsg ]; then call="sendmsg loop" v=1; else call=sendmmsg v=$key; fi
				base=${RATE[$seg,$key]:-}
				printf '| %s B | %s | %s | %s B (%s) | %s (%s) | %.0f | %s |\n' "$seg" "$call" "$v" \
					"$((seg * kk))" "$kk" "$(k "${GRATE[$seg,$key]}")" "${GRATES[$seg,$key]}" \
					"$(calc "1e9 / ${GRATE[$seg,$key]}")" \
					"$([ -n "$base" ] && echo "$(x "${GRATE[$seg,$key]}" "$base")x" || echo "n/a")"
			done
		done
		echo
	elif [ -n "$GSO_NOTE" ]; then
		echo "**UDP GSO**: not measured, $GSO_NOTE."
		echo
	fi
	echo "CSV: \`results/batching.csv\`, one row per run (\`traced\` 0: throughput, 1: latency;" \
		"\`kind\` gso: the GSO runs, \`size\` their message size)."
	echo
	echo "![ns per message against vlen, per message size, with the one-message-per-call loops](results/batching.png)"
	echo
	echo "![messages per second against vlen](results/batching-rate.png)"
	echo
	echo "![call latency p50 and p99 against vlen](results/batching-latency.png)"
	if [ -n "$GSO_SEGS" ]; then
		echo
		echo "![datagrams per second against vlen, with and without UDP GSO](results/batching-gso.png)"
	fi
} >"$OUT/batching.md"
