#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#
# What tracing costs as vlen grows: a traced call's own cost should not
# depend on vlen apart from reading each message's msg_len (the byte count)
# and the hooks that run once per message. For vlen 1, 64 and 1024, in drive
# mode (64 B UDP to the built-in discard sink, the sending thread on
# SENDER_CPU, the rest of mmsgtrace on OTHER_CPU), attached to sendmmsg's own
# tracepoints (--attach tp: its programs run for the traced calls only, so
# their time per run is per call; raw mode's run for every syscall of the
# machine), three configurations:
#
#   base    --no-drops: the syscall programs only (entry, exit)
#   hidden  --no-drops --hidden-errors: plus sock_send_length, which runs for
#           every message a socket sends
#   drops   the default: plus the drop counter on kfree_skb, which runs for
#           every packet the machine drops; the discard sink, once its
#           receive buffer is full, drops nearly every message
#
# Two phases, each a set of rounds with every configuration and vlen in turn:
#
#   1. programs: mmsgtrace's own measurement of itself (the self_cost object
#      of its JSON summary: the kernel's BPF run-time statistics in windows,
#      through a file descriptor of its own): the entry and exit programs per
#      traced call, and the per-message programs per run. The byte count is
#      the exit program's time at vlen V less its time at vlen 1, which makes
#      the same call on one message. The statistics' own cost is in every
#      figure: the "floor" is what they measure per run for a program that
#      does nothing (`OVERHEAD_PROG_STATS=1 overhead tp-empty`, bench/empty.bpf.c).
#   2. wall clock: msgs/s with --no-self-cost, each configuration and
#      --no-trace side by side; a hook's cost per message as the median over
#      the rounds of each round's 1e9/rate difference to base.
#
# Env: ROUNDS, DURATION (s per run), VLENS.
source "$(dirname "$0")/lib.sh"
set -euo pipefail

if [ "$SMOKE" = 1 ]; then
	ROUNDS=1 DURATION=0.3
else
	ROUNDS=${ROUNDS:-5} DURATION=${DURATION:-0.5}
fi
VLENS=${VLENS:-"1 64 1024"}
CONFIGS="base hidden drops"
for tool in jq taskset; do
	command -v $tool >/dev/null || { echo "vlen.sh: $tool is not installed" >&2; exit 1; }
done
TMP=$(mktemp -d /tmp/mmsgtrace-vlen.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

config_args() {
	case $1 in
	base) echo "--no-drops" ;;
	hidden) echo "--no-drops --hidden-errors" ;;
	drops) echo "" ;;
	notrace) echo "--no-trace" ;;
	esac
}

# one drive run (extra options after the configuration); its JSON summary
# in $TMP/run.json
drive() {
	local vlen=$1 conf=$2
	shift 2
	# shellcheck disable=SC2046 # the arguments split on purpose
	taskset -c "$OTHER_CPU" "$MMSGTRACE" --attach tp --vlen "$vlen" --duration "$DURATION" \
		--cpu "$SENDER_CPU" --no-tui --json -o "$TMP/run.jsonl" $(config_args "$conf") "$@" >/dev/null
	grep '"type":"summary"' "$TMP/run.jsonl" >"$TMP/run.json"
}

CSV="$OUT/vlen.csv"
echo "phase,round,config,vlen,enter_ns,exit_ns,send_hook_ns,send_hook_runs,drop_ns,drop_runs,calls_measured,msgs_per_call,msgs_per_s,latency_p50_ns" >"$CSV"

# phase 1: the programs' time, as the tool measures it
for ((r = 0; r < ROUNDS; r++)); do
	# (the do-nothing programs, and a period of the empty workload with the
	# statistics on at the end: its bpf_enter and bpf_exit rows)
	OVERHEAD_PROG_STATS=1 "$BENCH_BIN/overhead" tp-empty "$DURATION" "$SENDER_CPU" |
		awk -F, -v r="$r" '$1 == "bpf_enter" { e = $2 } $1 == "bpf_exit" { x = $2 }
			END { printf("programs,%s,floor,0,%s,%s,,,,,,,,\n", r, e, x) }' >>"$CSV"
	for vlen in $VLENS; do
		for conf in $CONFIGS; do
			drive "$vlen" "$conf"
			jq -e -r --arg p "programs,$r,$conf,$vlen" '.self_cost | select(.measured) |
				"\($p),\(.enter_ns),\(.exit_ns),\(.send_hook_ns_per_run // ""),\(.send_hook_runs),\(.drop_counter_ns_per_run // ""),\(.drop_counter_runs),\(.traced_calls_measured)"' \
				"$TMP/run.json" >"$TMP/row" ||
				{ echo "vlen.sh: $conf vlen $vlen: the tool did not measure its cost" >&2; exit 1; }
			echo "$(cat "$TMP/row"),$(jq -r '"\(.msgs_per_call),\(.msgs_per_s),\(.latency_ns.p50)"' "$TMP/run.json")" >>"$CSV"
		done
	done
done

# phase 2: wall clock, statistics off
for ((r = 0; r < ROUNDS; r++)); do
	for vlen in $VLENS; do
		for conf in notrace $CONFIGS; do
			drive "$vlen" "$conf" --no-self-cost
			jq -r --arg p "rate,$r,$conf,$vlen,,,,,,," \
				'"\($p),\(.msgs_per_call // ""),\(.msgs_per_s),\(.latency_ns.p50 // "")"' \
				"$TMP/run.json" >>"$CSV"
		done
	done
done

# column COL (a number) of phase 1 for configuration C at vlen V, each round's
prog_col() {
	awk -F, -v c="$1" -v v="$2" -v col="$3" '$1 == "programs" && $3 == c && $4 == v && $col != "" { print $col }' "$CSV"
}
# runs of the hook in column COL per message sent, each round's
runs_per_msg() {
	awk -F, -v c="$1" -v v="$2" -v col="$3" \
		'$1 == "programs" && $3 == c && $4 == v && $11 > 0 && $12 > 0 { print $col / ($11 * $12) }' "$CSV"
}
# each round's exit time at vlen V less at vlen 1 (per call, base), and the call's p50
bytes_cost() {
	awk -F, -v v="$1" '
		$1 == "programs" && $3 == "base" && $4 == 1 { one[$2] = $6 }
		$1 == "programs" && $3 == "base" && $4 == v { x[$2] = $6; lat[$2] = $14 }
		END { for (r in x) if (r in one) printf("%s %s\n", x[r] - one[r], lat[r]) }' "$CSV"
}
# each round's ns per message of configuration C over base at vlen V (wall clock)
rate_cost() {
	awk -F, -v c="$1" -v v="$2" '
		$1 == "rate" && $4 == v && $3 == "base" { b[$2] = 1e9 / $13 }
		$1 == "rate" && $4 == v && $3 == c { x[$2] = 1e9 / $13 }
		END { for (r in x) if (r in b) print x[r] - b[r] }' "$CSV"
}
rate_of() { awk -F, -v c="$1" -v v="$2" '$1 == "rate" && $3 == c && $4 == v { print $13 }' "$CSV"; }
fmt() { awk '{ printf("%.1f", $1) }'; }

FLOOR=$( (prog_col floor 0 5; prog_col floor 0 6) | median)
{
	echo "### vlen: what tracing costs from vlen 1 to 1024, and per message"
	echo
	echo "Run on $(machine_line) (Spectre v2: $(sed 's/;.*//' /sys/devices/system/cpu/vulnerabilities/spectre_v2 2>/dev/null || echo unknown));" \
		"drive mode, 64 B UDP to the discard sink (nobody reads it: once its buffer is full the kernel drops what arrives)," \
		"attach tp, sending thread on CPU $SENDER_CPU, the rest of mmsgtrace on CPU $OTHER_CPU; $ROUNDS rounds of ${DURATION} s runs," \
		"every configuration and vlen in turn; medians over the rounds, min..max in brackets."
	echo
	echo "**Programs**, as mmsgtrace measures itself (the \`self_cost\` of its JSON summary: the kernel's BPF statistics in windows;" \
		"each figure includes what the statistics themselves cost, $(fmt <<<"$FLOOR") ns per run for a program that does nothing):"
	echo
	echo "| vlen | entry, ns per call | exit, ns per call | byte count: exit less at vlen 1, ns per call | per message | share of the call (p50 latency) | sock_send_length (--hidden-errors), ns per run | runs per message | kfree_skb drop counter, ns per run | runs per message |"
	echo "|---|---|---|---|---|---|---|---|---|---|"
	for vlen in $VLENS; do
		enter=$(prog_col base "$vlen" 5 | median | fmt)
		exit_ns=$(prog_col base "$vlen" 6 | median | fmt)
		if [ "$vlen" = 1 ]; then
			bytes="0 (the reference)" permsg="-" share="-"
		else
			bytes=$(bytes_cost "$vlen" | awk '{ print $1 }' | median | fmt)
			permsg=$(awk -v b="$bytes" -v v="$vlen" 'BEGIN { printf("%.2f", b / (v - 1)) }')
			share=$(bytes_cost "$vlen" | awk '$2 > 0 { print 100 * $1 / $2 }' | median | awk '{ printf("%.3f%%", $1) }')
		fi
		hook=$(prog_col hidden "$vlen" 7 | median | fmt)
		hook_runs=$(runs_per_msg hidden "$vlen" 8 | median | awk '{ printf("%.2f", $1) }')
		drop=$(prog_col drops "$vlen" 9 | median | fmt)
		drop_runs=$(runs_per_msg drops "$vlen" 10 | median | awk '{ printf("%.2f", $1) }')
		echo "| $vlen | $enter | $exit_ns | $bytes | $permsg | $share | $hook | $hook_runs | $drop | $drop_runs |"
	done
	echo
	echo "**Wall clock** (\`--no-self-cost\`: statistics off): thousand msgs/s, and what a hook adds per message over base (the median of each round's difference of 1e9 / msgs/s)."
	echo
	echo "| vlen | --no-trace | base (--no-drops) | hidden | drops (default) | hidden: ns per message over base | drops: ns per message over base |"
	echo "|---|---|---|---|---|---|---|"
	for vlen in $VLENS; do
		row="| $vlen |"
		for conf in notrace $CONFIGS; do
			row+=" $(rate_of "$conf" "$vlen" | median | awk '{ printf("%.0f", $1 / 1000) }') ($(rate_of "$conf" "$vlen" | awk '{ print $1 / 1000 }' | spread)) |"
		done
		for conf in hidden drops; do
			row+=" $(rate_cost "$conf" "$vlen" | median | awk '{ printf("%+.0f", $1) }') ($(rate_cost "$conf" "$vlen" | spread %+.0f)) |"
		done
		echo "$row"
	done
	echo
	top=${VLENS##* }
	share=$(bytes_cost "$top" | awk '$2 > 0 { print 100 * $1 / $2 }' | median)
	echo "Target: at vlen $top the byte count adds at most 2% to the call:" \
		"$(awk -v s="$share" 'BEGIN { printf("%.3f%%, %s", s, (s <= 2) ? "met" : "not met") }')."
	echo
	echo "CSV: \`results/vlen.csv\` (every run; phase programs: the tool's self_cost figures, phase rate: msgs/s)."
} >"$OUT/vlen.md"
