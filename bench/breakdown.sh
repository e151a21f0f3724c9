#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#
# Where the observer's time goes, piece by piece: the observe configuration
# of the tracer (as `mmsgtrace -p` runs it) with one piece changed at a time,
# side by side with the unchanged one and with the do-nothing programs, in
# each attach mode. The workload is bench/overhead.c's near-empty sendmmsg
# (ns added per traced call) and its getppid loop (the tax on a syscall
# nobody traces), pinned to SENDER_CPU; the consumer thread on OTHER_CPU.
# Each round runs every variant once, in the same order; a piece's cost is
# the median over the rounds of its run minus the unchanged run of the same
# round.
#
# The pieces (bench/overhead.c, MODE raw-observe:PIECES):
#   comm     select by name (bpf_get_current_comm-free loads of the task's
#            comm, compared) instead of the -p target set (a hash lookup)
#   tgid     select one tgid (a compare with read-only data), as drive mode
#   notasks  no per-process totals (a per-CPU hash update per call)
#   stage    records staged per CPU and sent 16 at a time, as drive mode
#            does, instead of one ring-buffer reservation per call
#   onesys   sendmmsg only instead of all six syscalls (raw mode checks the
#            number against each watched syscall)
#   sockets  each call's socket noted at its exit (observe mode with drop
#            attribution on, its default: a walk of the fd table per call)
#   all      tgid, notasks, stage and onesys together: the drive preset's
#            work in the observe programs
source "$(dirname "$0")/lib.sh"
set -euo pipefail

if [ "$SMOKE" = 1 ]; then
	ROUNDS=1 SECONDS_EACH=0.02
else
	ROUNDS=${ROUNDS:-7} SECONDS_EACH=${SECONDS_EACH:-0.3}
fi
PIECES="comm tgid notasks stage onesys sockets tgid+notasks+stage+onesys"
VARIANTS="none"
for a in raw tp; do
	VARIANTS+=" $a-empty $a-observe"
	for p in $PIECES; do
		VARIANTS+=" $a-observe:$p"
	done
done
WORKLOAD="$BENCH_BIN/overhead"
TMP=$(mktemp -d /tmp/mmsgtrace-breakdown.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
mountpoint -q /sys/kernel/tracing || mount -t tracefs nodev /sys/kernel/tracing

CSV="$OUT/breakdown.csv"
echo "round,variant,workload,ns_per_call,calls" >"$CSV"
for ((r = 0; r < ROUNDS; r++)); do
	for v in $VARIANTS; do
		# exits 3 when a record is missing: the figures would not be of the full work;
		# the programs' time per run comes from a period after the timed ones
		# (OVERHEAD_PROG_STATS: the statistics do not slow the timed calls)
		OVERHEAD_PROG_STATS=1 "$WORKLOAD" "$v" "$SECONDS_EACH" "$SENDER_CPU" >"$TMP/rows" ||
			{ echo "breakdown.sh: $v failed" >&2; exit 1; }
		grep -E '^(empty|getppid|bpf_enter|bpf_exit),' "$TMP/rows" | sed "s/^/$r,$v,/" >>"$CSV"
	done
done

med() { column "$CSV" ns_per_call variant="$1" workload="$2" | median; }
# each round's ns per call of B minus A's on workload W, one a line
paired() {
	awk -F, -v a="$1" -v b="$2" -v w="$3" '
		NR > 1 && $3 == w && $2 == a { x[$1] = $4 }
		NR > 1 && $3 == w && $2 == b { y[$1] = $4 }
		END { for (r in y) if (r in x) print y[r] - x[r] }' "$CSV"
}
label() {
	case $1 in
	tgid+notasks+stage+onesys) echo "all four (the drive preset's work)" ;;
	comm) echo "comm: select by name instead of the target set" ;;
	tgid) echo "tgid: select one tgid instead of the target set" ;;
	notasks) echo "notasks: no per-process totals" ;;
	stage) echo "stage: records staged, 16 per reservation" ;;
	onesys) echo "onesys: sendmmsg only instead of six syscalls" ;;
	sockets) echo "sockets: each call's socket noted (drop attribution)" ;;
	esac
}

{
	echo "### breakdown: where the observe programs' time goes"
	echo
	echo "Run on $(machine_line) (Spectre v2: $(sed 's/;.*//' /sys/devices/system/cpu/vulnerabilities/spectre_v2 2>/dev/null || echo unknown));" \
		"$ROUNDS rounds, each variant ${SECONDS_EACH} s per workload per round; workload on CPU $SENDER_CPU," \
		"consumer on CPU $OTHER_CPU. Untraced: empty sendmmsg $(med none empty | cut -d. -f1) ns," \
		"getppid $(med none getppid | cut -d. -f1) ns. \"added\": the variant's median minus the untraced" \
		"median; \"change\": the median over the rounds of the variant minus the unchanged observe" \
		"configuration of the same round (negative: the piece costs that much). Every traced call's" \
		"record arrived in every run. The programs' columns: the kernel's BPF statistics (on only" \
		"in a period of the empty workload after the timed ones), run_time_ns / run_cnt, medians;" \
		"less noisy than the wall clock, and including what the statistics cost per run (see the" \
		"do-nothing rows, whose programs are empty). In raw mode a run is any syscall's."
	echo
	for a in raw tp; do
		echo "| $a | empty sendmmsg: added ns | change | getppid (tax): added ns | change | entry program, ns per run | exit program, ns per run |"
		echo "|---|---|---|---|---|---|---|"
		printf '| %s | %+.0f | | %+.0f | | %.0f | %.0f |\n' "do-nothing programs ($a-empty)" \
			"$(echo "$(med "$a-empty" empty) - $(med none empty)" | bc -l)" \
			"$(echo "$(med "$a-empty" getppid) - $(med none getppid)" | bc -l)" \
			"$(med "$a-empty" bpf_enter)" "$(med "$a-empty" bpf_exit)"
		printf '| %s | %+.0f | | %+.0f | | %.0f | %.0f |\n' "observe (-p: target set, six syscalls, per-process totals, a reservation per call)" \
			"$(echo "$(med "$a-observe" empty) - $(med none empty)" | bc -l)" \
			"$(echo "$(med "$a-observe" getppid) - $(med none getppid)" | bc -l)" \
			"$(med "$a-observe" bpf_enter)" "$(med "$a-observe" bpf_exit)"
		for p in $PIECES; do
			printf '| %s | %+.0f | %+.0f (%s) | %+.0f | %+.0f | %.0f | %.0f |\n' "$(label "$p")" \
				"$(echo "$(med "$a-observe:$p" empty) - $(med none empty)" | bc -l)" \
				"$(paired "$a-observe" "$a-observe:$p" empty | median)" \
				"$(paired "$a-observe" "$a-observe:$p" empty | spread '%+.0f')" \
				"$(echo "$(med "$a-observe:$p" getppid) - $(med none getppid)" | bc -l)" \
				"$(paired "$a-observe" "$a-observe:$p" getppid | median)" \
				"$(med "$a-observe:$p" bpf_enter)" "$(med "$a-observe:$p" bpf_exit)"
		done
		echo
	done
	echo "CSV: \`results/breakdown.csv\` (every run)."
} >"$OUT/breakdown.md"
