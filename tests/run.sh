#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#
# Runs the unit tests (cmocka, TAP output) and the integration tests that
# load the real BPF programs. The last line is "N passed, N failed".
#
# MMSGTRACE_REQUIRE_BPF=1 (CI) turns every skipped BPF test into a failure.
# TESTS=pattern runs only the integration tests whose name matches.
set -u
cd "$(dirname "$0")/.."

PASSED=0
FAILED=0
SKIPPED=0
FAILURES=()

pass() { PASSED=$((PASSED + 1)); printf 'ok      %s\n' "$1"; }
fail() { FAILED=$((FAILED + 1)); FAILURES+=("$1"); printf 'FAIL    %s%s\n' "$1" "${2:+: $2}"; }
skip() {
	if [ "${MMSGTRACE_REQUIRE_BPF:-0}" = 1 ]; then
		fail "$1" "skipped but MMSGTRACE_REQUIRE_BPF=1 ($2)"
	else
		SKIPPED=$((SKIPPED + 1)); printf 'skip    %s: %s\n' "$1" "$2"
	fi
}

# a decimal-comma locale for the tests that check numbers ignore the locale,
# built from the 'locales' package's sources into a private directory
LOCDIR=$(mktemp -d /tmp/mmsgtrace-locale.XXXXXX)
if [ -e /usr/share/i18n/locales/de_DE ] &&
	localedef -i de_DE -f UTF-8 "$LOCDIR/de_DE.UTF-8" >/dev/null 2>&1; then
	export LOCPATH=$LOCDIR
fi

# unit tests: count cmocka's TAP lines
echo "== unit tests"
for bin in .output/tests/test_*; do
	[ -x "$bin" ] || continue
	out=$(CMOCKA_MESSAGE_OUTPUT=TAP "$bin" 2>&1)
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

rm -rf "$LOCDIR"
unset LOCPATH

echo "== integration tests"
# shellcheck source=tests/integration/bpf_tests.sh
. tests/integration/bpf_tests.sh
run_integration_tests

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
