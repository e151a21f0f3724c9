#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#
# Runs the unit tests (cmocka, TAP output), the fuzz smoke and the
# integration tests that load the real BPF programs. The last line is
# "N passed, N failed".
#
# MMSGTRACE_PASSES (set by make test): "plain" (the build in .output, ./mmsgtrace)
# and/or "sanitize" (the ASan+UBSan build in .output/sanitize): the unit and
# integration tests run once per pass; the sanitize pass prefixes its labels
# with "[asan] ". Default: plain.
# MMSGTRACE_REQUIRE_BPF=1 (CI) turns every skipped BPF test into a failure.
# TESTS=pattern runs only the integration tests whose name matches.
# MMSGTRACE_UNIT=0 skips the unit tests and the layering check (make stress).
set -u
cd "$(dirname "$0")/.."

PASSED=0
FAILED=0
SKIPPED=0
FAILURES=()

LABEL=			# "[asan] " in the sanitize pass

pass() { PASSED=$((PASSED + 1)); printf 'ok      %s\n' "$LABEL$1"; }
fail() {
	FAILED=$((FAILED + 1)); FAILURES+=("$LABEL$1")
	printf 'FAIL    %s%s\n' "$LABEL$1" "${2:+: $2}"
}
skip() {
	if [ "${MMSGTRACE_REQUIRE_BPF:-0}" = 1 ]; then
		fail "$1" "skipped but MMSGTRACE_REQUIRE_BPF=1 ($2)"
	else
		SKIPPED=$((SKIPPED + 1)); printf 'skip    %s: %s\n' "$LABEL$1" "$2"
	fi
}

# a decimal-comma locale for the tests that check numbers ignore the locale,
# built from the 'locales' package's sources into a private directory
LOCDIR=$(mktemp -d /tmp/mmsgtrace-locale.XXXXXX)
trap 'rm -rf "$LOCDIR"' EXIT
HAVE_LOCALE=0
if [ -e /usr/share/i18n/locales/de_DE ] &&
	localedef -i de_DE -f UTF-8 "$LOCDIR/de_DE.UTF-8" >/dev/null 2>&1; then
	HAVE_LOCALE=1
fi

# unit tests: count cmocka's TAP lines
run_unit_tests() {
local bin out rc line
echo "== ${LABEL}unit tests"
for bin in "$OUT"/tests/test_*; do
	[ -x "$bin" ] || continue
	if [ $HAVE_LOCALE = 1 ]; then
		out=$(LOCPATH=$LOCDIR CMOCKA_MESSAGE_OUTPUT=TAP "$bin" 2>&1)
	else
		out=$(CMOCKA_MESSAGE_OUTPUT=TAP "$bin" 2>&1)
	fi
	rc=$?
	while IFS= read -r line; do
		case "$line" in
		*"# SKIP"*)
			# a unit test that cannot run on this machine (not a BPF skip)
			SKIPPED=$((SKIPPED + 1)); printf 'skip    %s: %s\n' "$(basename "$bin")" "${line#*- }" ;;
		"ok "*) pass "$(basename "$bin"): ${line#ok * - }" ;;
		"not ok "*) fail "$(basename "$bin"): ${line#not ok * - }" ;;
		esac
	done <<<"$out"
	if [ $rc -ne 0 ] && ! grep -v '# SKIP' <<<"$out" | grep -q '^not ok'; then
		fail "$(basename "$bin")" "exited $rc: $(tail -3 <<<"$out" | tr '\n' ' ')"
	fi
done
}

# fuzz smoke: each libFuzzer target (tests/fuzz/) a few seconds on its
# committed seed corpus, one target per CPU at a time. FUZZ_SMOKE_SECONDS
# (default 3; 0 = only the corpus), MMSGTRACE_FUZZ=0 skips. Once: the
# targets have their own sanitizers.
run_fuzz_smoke() {
local out t targets i j jobs kind name why
echo "== fuzz smoke"
# shellcheck source=tests/fuzz/fuzz.sh
. tests/fuzz/fuzz.sh
jobs=$(nproc 2>/dev/null || echo 1)
if [ "${MMSGTRACE_FUZZ:-1}" = 0 ]; then
	SKIPPED=$((SKIPPED + 1)); printf 'skip    %s: %s\n' "fuzz smoke" "MMSGTRACE_FUZZ=0"
elif ! out=$(make --no-print-directory -j"$jobs" fuzz-build 2>&1); then
	fail "fuzz build" "$(grep -m1 -E 'error|cannot find' <<<"$out" || tail -1 <<<"$out")"
else
	mapfile -t targets < <(fuzz_targets)
	for ((i = 0; i < ${#targets[@]}; i += jobs)); do
		# each target in a subshell that writes its verdict to a file
		for ((j = i; j < i + jobs && j < ${#targets[@]}; j++)); do
			(
				pass() { printf 'pass\t%s\t\n' "$1"; }
				fail() { printf 'fail\t%s\t%s\n' "$1" "${2:-}"; }
				fuzz_run smoke "${FUZZ_SMOKE_SECONDS:-3}" "${targets[j]}"
			) >"$LOCDIR/fuzz-${targets[j]}" &
		done
		wait
		for ((j = i; j < i + jobs && j < ${#targets[@]}; j++)); do
			t=${targets[j]}
			if ! [ -s "$LOCDIR/fuzz-$t" ]; then
				fail "fuzz_$t" "no verdict"
				continue
			fi
			while IFS=$'\t' read -r kind name why; do
				if [ "$kind" = pass ]; then pass "$name"; else fail "$name" "$why"; fi
			done <"$LOCDIR/fuzz-$t"
		done
	done
fi
}

# Every JSON-lines file the integration tests write is checked against
# schema/mmsgtrace.schema.json. After each test, json_collect LABEL copies
# the *.json and *.jsonl files it wrote (newer than the last collection)
# aside; run_schema_checks validates them all in one python run at the end
# of a pass: one pass or fail per test that wrote JSON. A file of that name
# whose first byte is not '{' holds a text run's stdout (the observe
# helpers name every run's stdout NAME.jsonl), and is left out.
json_collect() {
	local f first
	[ -n "${JSON_SEEN:-}" ] || return 0
	while IFS= read -r -d '' f; do
		first=$(head -c 1 -- "$f" 2>/dev/null)
		[ "$first" = '{' ] || continue
		JSON_N=$((JSON_N + 1))
		cp -- "$f" "$JSON_KEPT/$JSON_N.jsonl" 2>/dev/null &&
			printf '%s\t%s\t%s\n' "$JSON_N" "$1" "${f#"$ITMP"/}" >>"$JSON_KEPT/index"
	done < <(find "$ITMP" -path "$JSON_KEPT" -prune -o -type f \( -name '*.json' -o -name '*.jsonl' \) \
		-newer "$JSON_SEEN" -print0 2>/dev/null)
	touch "$JSON_SEEN"
}

run_schema_checks() {
	local out id label path verdict file detail
	local -A label_of path_of objects bad
	local -a order=()
	[ -s "$JSON_KEPT/index" ] || return 0
	echo "== ${LABEL}JSON schema"
	if ! python3 -c 'import jsonschema' 2>/dev/null; then
		fail "json schema" "python3-jsonschema is missing (make deps installs it)"
		return
	fi
	while IFS=$'\t' read -r id label path; do
		label_of[$id]=$label path_of[$id]=$path
		[ -n "${objects[$label]+set}" ] || order+=("$label")
		objects[$label]=0
	done <"$JSON_KEPT/index"
	out=$(cd "$JSON_KEPT" && python3 "$OLDPWD/tests/validate_json.py" \
		--schema "$OLDPWD/schema/mmsgtrace.schema.json" $(cut -f1 index | sed 's/$/.jsonl/'))
	# one verdict per test, over every file it wrote; the first failure named
	while read -r verdict file detail; do
		id=${file%.jsonl} label=${label_of[${file%.jsonl}]:-?}
		if [ "$verdict" = ok ]; then
			objects[$label]=$((objects[$label] + detail))
		elif [ -z "${bad[$label]:-}" ]; then
			bad[$label]="${path_of[$id]} $detail"
		fi
	done <<<"$out"
	for label in "${order[@]}"; do
		if [ -n "${bad[$label]:-}" ]; then
			fail "json schema: $label" "${bad[$label]}"
		else
			pass "json schema: $label (${objects[$label]} objects)"
		fi
	done
}

# shellcheck source=tests/layering_tests.sh
. tests/layering_tests.sh
# shellcheck source=tests/integration/bpf_tests.sh
. tests/integration/bpf_tests.sh
# shellcheck source=tests/integration/package_tests.sh
. tests/integration/package_tests.sh
# (it sets its own EXIT trap for its temporary directory: clean both)
trap 'rm -rf "$LOCDIR" "$ITMP"' EXIT

for MMSGTRACE_PASS in ${MMSGTRACE_PASSES:-plain}; do
	case $MMSGTRACE_PASS in
	plain) OUT=.output BIN=./mmsgtrace LABEL= ;;
	sanitize)
		OUT=.output/sanitize BIN=.output/sanitize/mmsgtrace LABEL="[asan] "
		export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0 ;;
	*) fail "tests/run.sh" "unknown pass '$MMSGTRACE_PASS' in MMSGTRACE_PASSES"; continue ;;
	esac
	export MMSGTRACE_PASS
	if ! [ -x "$BIN" ]; then
		fail "$BIN" "not built (make test builds it)"
		continue
	fi
	if [ "${MMSGTRACE_UNIT:-1}" != 0 ]; then
		# the tree's shape does not depend on the build: checked once
		[ "$MMSGTRACE_PASS" = plain ] && run_layering_tests
		run_unit_tests
	fi
	[ "$MMSGTRACE_PASS" = plain ] && run_fuzz_smoke
	echo "== ${LABEL}integration tests"
	JSON_KEPT=$ITMP/json-kept JSON_SEEN=$ITMP/json-kept/.seen JSON_N=0
	rm -rf "$JSON_KEPT" && mkdir -p "$JSON_KEPT" && : >"$JSON_SEEN"
	run_integration_tests
	# the man page, completion, --version and install: once, no BPF needed
	[ "$MMSGTRACE_PASS" = plain ] && run_package_tests
	run_schema_checks
done
rm -rf "$LOCDIR"

echo
if [ ${#FAILURES[@]} -gt 0 ]; then
	echo "failed:"
	printf '  %s\n' "${FAILURES[@]}"
fi
if [ "$SKIPPED" -gt 0 ]; then
	echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
else
	echo "$PASSED passed, $FAILED failed"
fi
[ "$FAILED" -eq 0 ]
