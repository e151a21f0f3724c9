# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#
# The layering check (tests/layering.sh) on the real tree, and on small trees
# made to break each rule, where it must fail and say why. Sourced by
# tests/run.sh, which provides pass/fail.

# layering_case LABEL WANT FILE=CONTENT...: a tree of those files under a
# temporary user/, compiled to objects, checked; the check must fail with a
# line containing WANT
layering_case() {
	local label=$1 want=$2 dir out f
	shift 2
	dir=$(mktemp -d /tmp/mmsgtrace-layers.XXXXXX)
	for f in "$@"; do
		mkdir -p "$dir/user/$(dirname "${f%%=*}")"
		printf '%s\n' "${f#*=}" >"$dir/user/${f%%=*}"
	done
	(cd "$dir/user" && for c in $(find . -name '*.c'); do
		mkdir -p "../obj/$(dirname "$c")"
		gcc -c -I. "$c" -o "../obj/${c%.c}.o" || exit 1
	done) || { fail "layering check: $label" "the fixture does not compile"; rm -rf "$dir"; return; }
	out=$(tests/layering.sh "$dir/user" "$dir/obj")
	if [ $? = 0 ]; then
		fail "layering check: $label" "passed a tree that breaks the rule"
	elif ! grep -qF -- "$want" <<<"$out"; then
		fail "layering check: $label" "no line with '$want' in: $out"
	else
		pass "layering check: $label"
	fi
	rm -rf "$dir"
}

run_layering_tests() {
	local out
	echo "== layering"
	if out=$(tests/layering.sh user "$OUT/user"); then
		pass "layering: user/ includes and calls only its own layer or a lower one, no circles"
	else
		fail "layering: user/ includes and calls only its own layer or a lower one, no circles" \
			"$(tr '\n' ' ' <<<"$out")"
	fi
	# each rule, broken once
	layering_case "an include from a higher layer fails" 'core/a.c includes "report/b.h"' \
		'core/a.c=#include "report/b.h"' 'report/b.h=int b(void);'
	layering_case "drive and observe do not include each other" 'drive/a.c includes "observe/b.h"' \
		'drive/a.c=#include "observe/b.h"' 'observe/b.h=int b(void);'
	layering_case "a circle of includes in one layer fails" 'a circle of includes' \
		'common/a.h=#include "common/b.h"' 'common/b.h=#include "common/a.h"'
	layering_case "a call into a higher layer fails" 'common/a.c calls into core/b.c' \
		'common/a.c=int b(void); int a(void) { return b(); }' 'core/b.c=int b(void) { return 1; }'
	layering_case "a circle of calls in one layer fails" 'a circle of calls' \
		'core/a.c=int b(void); int a(void) { return b(); }' \
		'core/b.c=int a(void); int b(void) { return a(); }'
	layering_case "a file outside the layers fails" 'misc/a.c: not in a layer directory' \
		'misc/a.c=int a(void) { return 0; }'
}
