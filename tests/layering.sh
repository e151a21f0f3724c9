#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#
# The layering of user/, checked: a file includes and calls only its own
# layer or a lower one, lowest first
#
#     common -> core -> report -> drive | observe -> teach -> cli -> main.c
#
# (drive and observe are siblings: neither includes nor calls the other),
# and no files form a circle, of includes (between the .c and .h files) or
# of calls (between the objects: a call from one file into a function that
# only another file defines ties the two like an include does).
#
# usage: tests/layering.sh [SRC_DIR [OBJ_DIR]]
#   SRC_DIR  the tree of C files (default user); headers are included by
#            their path under it ("core/tracer.h")
#   OBJ_DIR  its objects, the same paths with .o (default .output/user);
#            without it (or when it holds no objects) calls are not checked
# Prints each violation on a line of its own; exits 1 when there is one.
set -u
SRC=${1:-user}
OBJ=${2:-.output/user}
FAIL=0
EDGES=$(mktemp)
trap 'rm -f "$EDGES" "$EDGES".*' EXIT

# the rank of a file's layer; drive and observe share one
rank() {
	case $1 in
	common/*) echo 0 ;;
	core/*) echo 1 ;;
	report/*) echo 2 ;;
	drive/* | observe/*) echo 3 ;;
	teach/*) echo 4 ;;
	cli/*) echo 5 ;;
	main.c) echo 6 ;;
	*) echo unknown ;;
	esac
}

violation() {
	echo "layering: $*"
	FAIL=1
}

# may FROM (a path under SRC) use TO? both ranked, TO not above FROM, and
# not the other of the two siblings
allowed() {
	local from=$1 to=$2 rf rt
	rf=$(rank "$from")
	rt=$(rank "$to")
	[ "$rf" != unknown ] && [ "$rt" != unknown ] || return 1
	[ "$rt" -le "$rf" ] || return 1
	[ "${from%%/*}" = "${to%%/*}" ] || [ "$rt" != 3 ] || [ "$rf" != 3 ]
}

cd_src_files() {
	(cd "$SRC" && find . -name '*.[ch]' | sed 's|^\./||' | sort)
}

# --- includes --------------------------------------------------------------
: >"$EDGES.inc"
for f in $(cd_src_files); do
	[ "$(rank "$f")" = unknown ] && violation "$f: not in a layer directory"
	while IFS= read -r inc; do
		# the contract and the generated skeleton live outside user/
		case $inc in
		mmsgtrace.h)
			[ "$f" = common/contract.h ] ||
				violation "$f includes \"mmsgtrace.h\": include \"common/contract.h\""
			continue ;;
		*.skel.h) continue ;;
		esac
		if ! [ -f "$SRC/$inc" ]; then
			violation "$f includes \"$inc\", which is not a file under $SRC/"
			continue
		fi
		allowed "$f" "$inc" || violation "$f includes \"$inc\": a higher layer or a sibling"
		echo "$f $inc" >>"$EDGES.inc"
	done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$SRC/$f")
done

# tsort names the files of a circle on stderr
check_circle() {
	local what=$1 file=$2 out
	out=$(tsort "$file" 2>&1 >/dev/null)
	[ -z "$out" ] || violation "a circle of $what: $(grep -v 'input contains a loop' <<<"$out" |
		sed 's/^tsort: //' | tr '\n' ' ')"
}
check_circle includes "$EDGES.inc"

# --- calls -----------------------------------------------------------------
if compgen -G "$OBJ/*/*.o" >/dev/null; then
	: >"$EDGES.def"
	: >"$EDGES.call"
	for o in "$OBJ"/*.o "$OBJ"/*/*.o; do
		[ -f "$o" ] || continue
		m=${o#"$OBJ"/}
		m=${m%.o}
		nm --defined-only -g "$o" | awk -v m="$m" 'NF == 3 { print $3, m }' >>"$EDGES.def"
	done
	for o in "$OBJ"/*.o "$OBJ"/*/*.o; do
		[ -f "$o" ] || continue
		m=${o#"$OBJ"/}
		m=${m%.o}
		nm -u "$o" | awk '{ print $NF }' | while read -r sym; do
			awk -v s="$sym" -v m="$m" '$1 == s && $2 != m { print m, $2 }' "$EDGES.def"
		done >>"$EDGES.call"
	done
	sort -u "$EDGES.call" -o "$EDGES.call"
	while read -r from to; do
		allowed "$from.c" "$to.c" || violation "$from.c calls into $to.c: a higher layer or a sibling"
	done <"$EDGES.call"
	check_circle calls "$EDGES.call"
fi

exit $FAIL
