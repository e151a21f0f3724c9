#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#
# Runs the libFuzzer targets that tests/fuzz/fuzz.mk builds (make fuzz-build).
#
#   tests/fuzz/fuzz.sh smoke SECONDS [TARGET...]
#       on the committed seed corpus tests/fuzz/corpus/TARGET (new inputs go to
#       a scratch directory, so the tree stays clean)
#   tests/fuzz/fuzz.sh long SECONDS [TARGET...]
#       on .output/fuzz/corpus-TARGET, seeded from the committed corpus and kept
#       between runs
#
# SECONDS 0 runs only the corpus, without fuzzing.
# TARGET is a name like "opts" (default: all). One "ok" or "FAIL" line per
# target; exit 1 when any target crashed or broke an invariant. A crashing
# input is kept in .output/fuzz/crashes-TARGET/ and the fuzzer's log in
# .output/fuzz/TARGET.log; reproduce with .output/fuzz/fuzz_TARGET FILE.
#
# tests/run.sh sources this file and calls fuzz_run with its own pass/fail.

FUZZ_SRC=tests/fuzz
FUZZ_OUT=${FUZZ_OUT:-.output/fuzz}

# the target names, from the sources
fuzz_targets() {
	local f
	for f in "$FUZZ_SRC"/fuzz_*.c; do
		f=${f##*/fuzz_}
		echo "${f%.c}"
	done
}

# fuzz_run MODE SECONDS TARGET: one run; reports through pass/fail
fuzz_run() {
	local mode=$1 secs=$2 t=$3
	local name="fuzz_$t" bin="$FUZZ_OUT/fuzz_$t" seeds="$FUZZ_SRC/corpus/$t"
	local log="$FUZZ_OUT/$t.log" crashes="$FUZZ_OUT/crashes-$t"
	local work dict=() dirs=() limit start rc done_line runs why input

	if [ ! -x "$bin" ]; then
		fail "$name" "$bin not built (make fuzz-build)"
		return 1
	fi
	mkdir -p "$crashes"
	if [ "$mode" = smoke ]; then
		work="$FUZZ_OUT/smoke-$t"
		rm -rf "$work"
		mkdir -p "$work"
		dirs=("$work" "$seeds")	# libFuzzer writes new inputs to the first
	else
		work="$FUZZ_OUT/corpus-$t"
		mkdir -p "$work"
		cp -n "$seeds"/* "$work"/ 2>/dev/null
		dirs=("$work")
	fi
	[ -f "$FUZZ_SRC/fuzz_$t.dict" ] && dict=("-dict=$FUZZ_SRC/fuzz_$t.dict")

	# 0 seconds: only run the corpus (libFuzzer's 0 would mean no limit)
	if [ "$secs" -gt 0 ]; then
		limit=(-max_total_time="$secs")
	else
		limit=(-runs=0)
	fi
	start=$SECONDS
	"$bin" "${limit[@]}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$crashes/" "${dict[@]}" "${dirs[@]}" >"$log" 2>&1
	rc=$?

	if [ $rc -eq 0 ]; then
		# "#41234  DONE   cov: 512 ft: 1830 corp: 120/4016b ..."
		done_line=$(grep -a 'DONE' "$log" | tail -1)
		runs=$(grep -a '^stat::number_of_executed_units:' "$log" | awk '{print $2}')
		pass "$name: ${runs:-?} runs in $((SECONDS - start)) s, $(sed -E \
			's/.*(cov: [0-9]+).*(ft: [0-9]+).*corp: ([0-9]+).*/\1, \2, corpus \3/' \
			<<<"$done_line")"
		return 0
	fi
	why=$(grep -a -m1 -E 'invariant failed|ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|ERROR: libFuzzer|deadly signal' "$log")
	input=$(grep -a -o -m1 'written to [^ ]*' "$log" | sed 's/written to //')
	fail "$name" "exit $rc: ${why:-see $log}${input:+; input $input}; log $log"
	return 1
}

# executed (not sourced): run the targets given, or all
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -u
	cd "$(dirname "$0")/../.." || exit 1
	if [ $# -lt 2 ] || { [ "$1" != smoke ] && [ "$1" != long ]; }; then
		echo "usage: $0 smoke|long SECONDS [TARGET...]" >&2
		exit 2
	fi
	mode=$1 secs=$2
	shift 2
	if [ $# -eq 0 ]; then
		mapfile -t all < <(fuzz_targets)
		set -- "${all[@]}"
	fi
	FAILED=0
	pass() { printf 'ok      %s\n' "$1"; }
	fail() { FAILED=$((FAILED + 1)); printf 'FAIL    %s%s\n' "$1" "${2:+: $2}"; }
	for t in "$@"; do
		fuzz_run "$mode" "$secs" "$t"
	done
	echo "fuzz $mode: $# targets, $FAILED failed"
	[ "$FAILED" -eq 0 ]
fi
