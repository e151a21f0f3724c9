#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#
# The curve that teaches syscall batching, at several message sizes and with
# UDP GSO: a thin caller of `mmsgtrace sweep`, which runs the points (a
# sendto and a sendmsg loop, sendmmsg at every vlen), interleaves their
# rounds and takes medians. This script only runs the sweeps, pinned, and
# turns their JSON into the CSV, the tables and the plots.
#
# For each size in SIZES, two sweeps of the same points:
#   throughput  `sweep --no-trace`: msgs/s from the driver's own counts, with
#               no tracer on the calls (tracing adds about 1 us per call,
#               which at vlen 1 would be a third of what is measured)
#   latency     `sweep` traced: the time inside each call from the kernel's
#               records (p50, p99), ns per message inside the call, and the
#               sweep's fit of call time = fixed cost + cost per message
# and for each GSO segment size SEG, one throughput sweep with
# `--gso SEG --size SEG*K` (K = min(64, 65507 / SEG) segments per message):
# datagrams/s of sendmmsg + GSO at every vlen of GSO_VLENS.
#
# Every sweep is one mmsgtrace process under `taskset -c OTHER_CPU` with its
# sending thread moved to SENDER_CPU (`--cpu SENDER_CPU`).
#
# Env: ROUNDS (3: the sweep's --repeat), SECONDS_EACH (0.3: its --per-point),
# LAT_SECONDS (the traced sweeps' --per-point, default SECONDS_EACH), VLENS,
# SIZES, GSO_SEGS, GSO_VLENS.
source "$(dirname "$0")/lib.sh"
set -euo pipefail

if [ "$SMOKE" = 1 ]; then
	ROUNDS=1 SECONDS_EACH=0.1 LAT_SECONDS=0.1
	VLENS="1 64" SIZES=64 GSO_SEGS=64 GSO_VLENS="1 64"
else
	ROUNDS=${ROUNDS:-3} SECONDS_EACH=${SECONDS_EACH:-0.3} LAT_SECONDS=${LAT_SECONDS:-$SECONDS_EACH}
	VLENS=${VLENS:-"1 2 4 8 16 32 64 128 256 512 1024"}
	SIZES=${SIZES:-"64 512 1400"}
	GSO_SEGS=${GSO_SEGS:-"64 512 1400"}
	GSO_VLENS=${GSO_VLENS:-$VLENS}
fi
for tool in jq gnuplot taskset; do
	command -v $tool >/dev/null || { echo "batching.sh: $tool is not installed" >&2; exit 1; }
done
[ -x "$MMSGTRACE" ] || { echo "batching.sh: $MMSGTRACE not built (make)" >&2; exit 1; }

TMP=$(mktemp -d /tmp/mmsgtrace-batching.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
START=$(date +%s.%N)
list() { tr ' ' ',' <<<"$1"; }
calc() { awk -v OFMT='%.10g' "BEGIN { print ($*) }" </dev/null; }
# segments per GSO message for segment size $1
gso_k() { local k=$((65507 / $1)); ((k > 64)) && k=64; echo "$k"; }

# sweep NAME ARGS...: one sweep, its JSON lines in $TMP/NAME.jsonl
sweep() {
	local name=$1
	shift
	if ! taskset -c "$OTHER_CPU" "$MMSGTRACE" sweep --json --cpu "$SENDER_CPU" --repeat "$ROUNDS" \
		"$@" >"$TMP/$name.jsonl" 2>"$TMP/$name.err"; then
		echo "batching.sh: failed: $MMSGTRACE sweep $*" >&2
		cat "$TMP/$name.err" >&2
		exit 1
	fi
}

CSV="$OUT/batching.csv"
echo "kind,size,gso,traced,mode,vlen,runs,calls,messages,datagrams,msgs_per_s,msgs_per_s_min,msgs_per_s_max,datagrams_per_s,calls_per_s,ns_per_call,ns_per_msg,p50_ns,p99_ns,lost_events,match,errors" >"$CSV"
# csv_rows NAME KIND SIZE GSO TRACED: the sweep's points as CSV rows
csv_rows() {
	jq -r --arg pre "$2,$3,$4,$5" 'select(.type == "point") |
		[$pre, .mode, .vlen, .runs, .calls, .messages, .datagrams, .msgs_per_s, .msgs_per_s_min,
		 .msgs_per_s_max, .datagrams_per_s, .calls_per_s, (.ns_per_call // "nan"),
		 (.ns_per_msg // "nan"), (.p50_ns // "nan"), (.p99_ns // "nan"), .lost_events, .match,
		 .errors] | map(tostring) | join(",")' "$TMP/$1.jsonl" >>"$CSV"
}

for size in $SIZES; do
	sweep "t$size" --no-trace --vlen "$(list "$VLENS")" --size "$size" --per-point "$SECONDS_EACH"
	sweep "l$size" --vlen "$(list "$VLENS")" --size "$size" --per-point "$LAT_SECONDS"
	csv_rows "t$size" plain "$size" 0 0
	csv_rows "l$size" plain "$size" 0 1
done
for seg in $GSO_SEGS; do
	msize=$((seg * $(gso_k "$seg")))
	sweep "g$seg" --no-trace --gso "$seg" --size "$msize" --vlen "$(list "$GSO_VLENS")" \
		--per-point "$SECONDS_EACH"
	csv_rows "g$seg" gso "$msize" "$seg" 0
done
ELAPSED=$(calc "$(date +%s.%N) - $START")

# point NAME MODE VLEN FIELD: a point's field from a sweep (nan when null)
point() {
	jq -r --arg m "$2" --argjson v "$3" \
		"select(.type == \"point\" and .mode == \$m and .vlen == \$v) | .$4 // \"nan\"" "$TMP/$1.jsonl"
}
fit() { jq -r "select(.type == \"fit\") | .$2 // \"nan\"" "$TMP/$1.jsonl"; }

# batching.dat: one block per size (in the order of SIZES), one line per vlen:
#  1 vlen  2-4 msgs/s median min max  5-7 ns/msg median min max (1e9 / msgs/s)
#  8 syscalls/s  9-11 p50 median min max  12-14 p99 median min max (the traced
#  sweep keeps the median of each: min = max = median)  15 16 sendto, sendmsg
#  msgs/s  17 18 their ns/msg  19 20 their p50
DAT="$OUT/batching.dat"
: >"$DAT"
for size in $SIZES; do
	t="t$size" l="l$size"
	to=$(point "$t" sendto 1 msgs_per_s) msg=$(point "$t" sendmsg 1 msgs_per_s)
	for vlen in $VLENS; do
		r=$(point "$t" sendmmsg "$vlen" msgs_per_s)
		lo=$(point "$t" sendmmsg "$vlen" msgs_per_s_min) hi=$(point "$t" sendmmsg "$vlen" msgs_per_s_max)
		p50=$(point "$l" sendmmsg "$vlen" p50_ns) p99=$(point "$l" sendmmsg "$vlen" p99_ns)
		echo "$vlen $r $lo $hi $(calc "1e9 / $r") $(calc "1e9 / $hi") $(calc "1e9 / $lo")" \
			"$(point "$t" sendmmsg "$vlen" calls_per_s) $p50 $p50 $p50 $p99 $p99 $p99" \
			"$to $msg $(calc "1e9 / $to") $(calc "1e9 / $msg")" \
			"$(point "$l" sendto 1 p50_ns) $(point "$l" sendmsg 1 p50_ns)" >>"$DAT"
	done
	printf '\n\n' >>"$DAT"
done

# batching-gso.dat: one block per segment size (in the order of GSO_SEGS), one line per vlen:
#  1 vlen  2-4 datagrams/s with GSO, median min max (GSO's datagrams/s over
#  its messages/s: one message is K datagrams)  5 msgs/s (= datagrams/s)
#  without GSO: sendmmsg at this vlen with SEG-byte messages (nan: not measured)
GDAT="$OUT/batching-gso.dat"
: >"$GDAT"
for seg in $GSO_SEGS; do
	g="g$seg" k=$(gso_k "$seg")
	for vlen in $GSO_VLENS; do
		d=$(point "$g" gso "$vlen" datagrams_per_s)
		lo=$(calc "$(point "$g" gso "$vlen" msgs_per_s_min) * $k")
		hi=$(calc "$(point "$g" gso "$vlen" msgs_per_s_max) * $k")
		plain=nan
		[ -f "$TMP/t$seg.jsonl" ] && plain=$(point "t$seg" sendmmsg "$vlen" msgs_per_s)
		echo "$vlen $d $lo $hi ${plain:-nan}" >>"$GDAT"
	done
	printf '\n\n' >>"$GDAT"
done

plot bench/plot/batching.gp batching data="$DAT" sizes="$SIZES"
plot bench/plot/batching-rate.gp batching-rate data="$DAT" sizes="$SIZES"
plot bench/plot/batching-latency.gp batching-latency data="$DAT" sizes="$SIZES"
[ -z "$GSO_SEGS" ] || plot bench/plot/batching-gso.gp batching-gso data="$GDAT" segs="$GSO_SEGS"

# ---------------------------------------------------------------- tables
k() { printf '%.0f' "$(calc "$1 / 1000")"; }
# a duration in ns, readable: 950 ns, 3.4 µs, 160 µs, 2.46 ms
dur() {
	awk -v n="$1" 'BEGIN {
		if (n == "nan" || n == "") print "n/a";
		else if (n < 1000) printf "%.0f ns\n", n;
		else if (n < 1e5) printf "%.1f µs\n", n / 1e3;
		else if (n < 1e6) printf "%.0f µs\n", n / 1e3;
		else printf "%.2f ms\n", n / 1e6 }'
}
x() { printf '%.2f' "$(calc "$1 / $2")"; }
# row LABEL VLEN MODE SIZE: a table row of the point (mode, vlen) at size
row() {
	local label=$1 vlen=$2 mode=$3 size=$4 t="t$4" l="l$4" r
	r=$(point "$t" "$mode" "$vlen" msgs_per_s)
	printf '| %s | %s | %s (%s..%s) | %.0f | %s | %s | %s | %s | %sx |\n' "$label" "$vlen" \
		"$(k "$r")" "$(k "$(point "$t" "$mode" "$vlen" msgs_per_s_min)")" \
		"$(k "$(point "$t" "$mode" "$vlen" msgs_per_s_max)")" "$(calc "1e9 / $r")" \
		"$(k "$(point "$t" "$mode" "$vlen" calls_per_s)")" \
		"$(point "$l" "$mode" "$vlen" ns_per_msg | awk '{ printf "%.0f", $1 }')" \
		"$(dur "$(point "$l" "$mode" "$vlen" p50_ns)")" "$(dur "$(point "$l" "$mode" "$vlen" p99_ns)")" \
		"$(x "$r" "$(point "$t" sendto 1 msgs_per_s)")"
}
# every sweep's points matched and lost nothing
BAD=$(cat "$TMP"/*.jsonl | jq -s '[.[] | select(.type == "point" and (.match != true or .lost_events != 0))] | length')
{
	echo "### batching: what one message costs, one per call or many per sendmmsg"
	echo
	echo "Run on $(machine_line); each size is two \`mmsgtrace sweep\` runs (it took" \
		"$(printf '%.0f' "$ELAPSED") s in all) with \`--repeat $ROUNDS\` (every point once per round," \
		"rounds interleaved), medians over the rounds, min..max in brackets. Throughput comes from" \
		"\`sweep --no-trace\` (${SECONDS_EACH} s per run: the driver's own counts, no tracer on the" \
		"calls); the time inside the calls, its p50 and p99, from the traced sweep (${LAT_SECONDS} s" \
		"per run: the kernel's records). Each sweep is one process under \`taskset -c $OTHER_CPU\` with" \
		"its sending thread on CPU $SENDER_CPU (\`--cpu $SENDER_CPU\`). UDP over loopback to the" \
		"built-in sink, a socket nobody reads (once its receive buffer is full, the kernel drops what" \
		"arrives: the cost is the send path down to the receiving socket). The sendto and sendmsg" \
		"loops send one message per call. $BAD points lost records or had a kernel/driver mismatch."
	echo
	for size in $SIZES; do
		echo "**$size B messages.** Speed-up: msgs/s over the sendto loop's. The traced sweep's fit:" \
			"a call costs $(fit "l$size" fixed_ns | awk '{ printf "%.0f", $1 }') ns before its first" \
			"message and $(fit "l$size" per_msg_ns | awk '{ printf "%.0f", $1 }') ns per message" \
			"($(fit "l$size" good | sed 's/true/a good fit/;s/false/a poor fit: do not conclude from it/'), worst point off by" \
			"$(fit "l$size" worst_error | awk '{ printf "%.0f", 100 * $1 }')%)."
		echo
		echo "| call | vlen | thousand msgs/s (min..max) | ns per message | thousand syscalls/s | ns per message inside the call | call latency p50 | p99 | vs sendto loop |"
		echo "|---|---|---|---|---|---|---|---|---|"
		row "sendto loop" 1 sendto "$size"
		row "sendmsg loop" 1 sendmsg "$size"
		for vlen in $VLENS; do row sendmmsg "$vlen" sendmmsg "$size"; done
		echo
		echo "From vlen $(fit "t$size" knee_vlen) on, sendmmsg reaches 95% of its best here" \
			"($(k "$(point "t$size" sendmmsg "$(fit "t$size" best_vlen)" msgs_per_s)")k msgs/s" \
			"at vlen $(fit "t$size" best_vlen))."
		echo
	done
	if [ -n "$GSO_SEGS" ]; then
		echo "**UDP GSO** (\`sweep --gso SEG\`, UDP_SEGMENT): each message of SEG x K bytes, K = min(64," \
			"65507 / SEG) segments, goes down the stack once and is cut into K datagrams of SEG bytes at" \
			"the bottom (in software on loopback). \"vs without GSO\": over sendmmsg at the same vlen" \
			"sending SEG-byte messages without GSO (the plain sweep of that size, where measured)."
		echo
		echo "| segment size | vlen | message (segments) | thousand datagrams/s | ns per datagram | vs without GSO |"
		echo "|---|---|---|---|---|---|"
		for seg in $GSO_SEGS; do
			kk=$(gso_k "$seg")
			for vlen in $GSO_VLENS; do
				d=$(point "g$seg" gso "$vlen" datagrams_per_s)
				base=nan
				[ -f "$TMP/t$seg.jsonl" ] && base=$(point "t$seg" sendmmsg "$vlen" msgs_per_s)
				printf '| %s B | %s | %s B (%s) | %s | %.0f | %s |\n' "$seg" "$vlen" "$((seg * kk))" "$kk" \
					"$(k "$d")" "$(calc "1e9 / $d")" \
					"$([ "${base:-nan}" != nan ] && echo "$(x "$d" "$base")x" || echo "n/a")"
			done
		done
		echo
	fi
	echo "CSV: \`results/batching.csv\`, one row per point of every sweep (\`traced\` 0: throughput," \
		"1: latency; \`kind\` gso: the GSO sweeps, \`size\` their message size)."
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
