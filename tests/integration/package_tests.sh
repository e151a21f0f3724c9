# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#
# What a distribution packages: the man page (lint clean, every option of
# --help documented and nothing else), the bash completion (run for real
# under bash-completion), --version (the build's git revision and libbpf,
# and the object rebuilt when the revision changes), make install and make
# uninstall. No root or BPF needed. Sourced by tests/run.sh (pass, fail,
# skip; BIN is the binary under test, ITMP a temporary directory).

MAN_PAGE=man/mmsgtrace.8
COMPLETION=completions/mmsgtrace
BASH_COMPLETION=/usr/share/bash-completion/bash_completion
PKG_DIR=

# help_options [SUBCOMMAND]: the options that mode's --help lists, short and
# long, one a line ("-p", "--pid"), sorted
help_options() {
	"$BIN" ${1:+"$1"} --help | sed -n 's/^[[:space:]]\{1,\}\(-[^[:space:]].*\)$/\1/p' |
		sed 's/  .*//; s/, /\n/g' | sed -n 's/^\(--\{0,1\}[[:alnum:]?][[:alnum:]-]*\).*/\1/p' |
		sort -u
}

# man_options [SECTION]: the options with an entry (a .TP head) under
# OPTIONS: in its "Sweep options" or "Learn options" subsection (SECTION
# sweep or learn), or in the others (no SECTION: the root parser's groups)
man_options() {
	awk -v want="${1:-main}" '
		/^\.SH/ { in_opts = ($2 == "OPTIONS"); sect = "main" }
		/^\.SS/ { sect = /"Sweep options"/ ? "sweep" : /"Learn options"/ ? "learn" : "main" }
		in_opts && head && sect == want { print }
		{ head = 0 }
		in_opts && /^\.TP/ { head = 1 }' "$MAN_PAGE" |
		sed 's/\\f[BIRP]//g; s/\\-/-/g; s/"//g' |
		grep -oE '(^|[[:space:],])--?[[:alnum:]?][[:alnum:]-]*' | sed 's/^[[:space:],]*//' | sort -u
}

# missing_stale HELP MAN WHERE: what HELP lists and MAN lacks, and back
missing_stale() {
	local missing stale
	missing=$(comm -23 <(echo "$1") <(echo "$2") | tr '\n' ' ')
	stale=$(comm -13 <(echo "$1") <(echo "$2") | tr '\n' ' ')
	echo "${missing:+$3 lacks: $missing; }${stale:+$3 has, but the --help does not: $stale; }"
}

test_man_lint() {
	local label="package: the man page is lint clean (mandoc -T lint -W warning, groff -ww)" out
	if ! command -v mandoc >/dev/null || ! command -v groff >/dev/null; then
		fail "$label" "mandoc or groff is not installed: run 'make deps' (packages.txt)"
		return
	fi
	if ! out=$(mandoc -T lint -W warning "$MAN_PAGE" 2>&1) || [ -n "$out" ]; then
		fail "$label" "mandoc: $(head -3 <<<"$out" | tr '\n' ' ')"
		return
	fi
	if ! out=$(groff -ww -z -man "$MAN_PAGE" 2>&1) || [ -n "$out" ]; then
		fail "$label" "groff: $(head -3 <<<"$out" | tr '\n' ' ')"
		return
	fi
	pass "$label"
}

# every option in --help has a man page entry, and every entry is an option
# of --help: a new option fails until it is documented, a removed one until
# its entry goes. The root's options belong in the groups' subsections, the
# subcommands' own in theirs (an option both have may be in both).
test_man_options() {
	local label="package: the man page documents exactly the options of --help, sweep --help, learn --help"
	local root sweep learn bad
	root=$(help_options) sweep=$(help_options sweep) learn=$(help_options learn)
	if [ "$(wc -l <<<"$root")" -lt 35 ] || [ "$(wc -l <<<"$sweep")" -lt 20 ] ||
		[ "$(wc -l <<<"$learn")" -lt 10 ]; then
		fail "$label" "too few options read from the three --help texts: $(wc -l <<<"$root") / $(wc -l <<<"$sweep") / $(wc -l <<<"$learn")"
		return
	fi
	bad=$(missing_stale "$root" "$(man_options)" "OPTIONS (but Sweep and Learn)")
	bad+=$(missing_stale "$(comm -23 <(echo "$sweep") <(echo "$root"))" \
		"$(comm -23 <(man_options sweep) <(echo "$root"))" "Sweep options")
	bad+=$(missing_stale "$(comm -23 <(echo "$learn") <(echo "$root"))" \
		"$(comm -23 <(man_options learn) <(echo "$root"))" "Learn options")
	# an option both have: the Sweep entry must still be one sweep takes
	bad+=$(comm -23 <(man_options sweep) <(echo "$sweep") | sed 's/.*/Sweep options has & (not in sweep --help); /')
	bad+=$(comm -23 <(man_options learn) <(echo "$learn") | sed 's/.*/Learn options has & (not in learn --help); /')
	if [ -n "$bad" ]; then
		fail "$label" "$bad"
		return
	fi
	pass "$label"
}

# complete_at LINE...: for each LINE, what the completion offers at its end,
# sorted, the candidates of one line joined by spaces, one line each. The
# words are split as readline splits them for bash (at spaces and at '=').
complete_at() {
	bash --norc --noprofile -c '
		. "$1" && . "$2" || exit 1
		shift 2
		for line; do
			COMP_LINE=$line COMP_POINT=${#line}
			read -ra COMP_WORDS <<<"${line//=/ = }"
			[[ $line == *" " ]] && COMP_WORDS+=("")
			COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
			COMPREPLY=()
			_mmsgtrace "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
			printf "%s\n" "${COMPREPLY[@]}" | sort -u | tr "\n" " " | sed "s/ $//"
			echo
		done' complete_at "$BASH_COMPLETION" "$COMPLETION" "$@"
}

# the candidates for each line, against what they should be
test_completion() {
	local label="package: bash completion: options per mode, enumerated values, comma lists, files"
	local lessons pids i bad=""
	local -a lines wants got
	if ! [ -r "$BASH_COMPLETION" ]; then
		fail "$label" "bash-completion is not installed: run 'make deps' (packages.txt)"
		return
	fi
	: >"$PKG_DIR/file-one"
	lessons=$("$BIN" learn --list | awk '{ print $1 }' | tr '\n' ' ')
	lines=("$BIN --prot" "$BIN --proto " "$BIN --proto=u" "$BIN --sink " "$BIN --attach t"
		"$BIN --mode send" "$BIN --flags dontwait,no" "$BIN --syscalls sendto,recvmmsg,"
		"$BIN sweep --p" "$BIN learn --l" "$BIN learn --lesson " "$BIN s"
		"$BIN --json --ver" "$BIN -o $PKG_DIR/file-" "$BIN --vlen " "$BIN sweep --vlen ")
	wants=("--proto" "udp4 udp6 unix" "udp4 udp6 unix" "count discard none" "tp"
		"sendmmsg sendmsg sendto" "dontwait,none dontwait,nosignal"
		"sendto,recvmmsg,recvfrom sendto,recvmmsg,recvmsg sendto,recvmmsg,sendmmsg sendto,recvmmsg,sendmsg sendto,recvmmsg,write sendto,recvmmsg,writev"
		"--per-point --plot --proto" "--lesson --list" "${lessons% }" "sweep"
		"--verbose --version" "$PKG_DIR/file-one" "" "")
	if [ "$(wc -w <<<"$lessons")" -lt 1 ]; then
		fail "$label" "'learn --list' named no lesson"
		return
	fi
	mapfile -t got < <(complete_at "${lines[@]}")
	for i in "${!lines[@]}"; do
		[ "${got[i]-<none>}" = "${wants[i]}" ] ||
			bad+="'${lines[i]#"$BIN" }' offered '${got[i]-<none>}', not '${wants[i]}'; "
	done
	# -p offers running pids: this shell's among them
	pids=$(complete_at "$BIN -p $$")
	[[ " $pids " == *" $$ "* ]] || bad+="'-p $$' offered '$pids'; "
	if [ -n "$bad" ]; then
		fail "$label" "$bad"
		return
	fi
	pass "$label"
}

# the options offered on "-" are those of the mode's --help
test_completion_options() {
	local label="package: bash completion offers exactly each mode's --help options" sub got want bad=""
	for sub in "" sweep learn; do
		want=$(help_options $sub | tr '\n' ' ' | sed 's/ $//')
		got=$(complete_at "$BIN ${sub:+$sub }-" | tr ' ' '\n' | sort -u | tr '\n' ' ' | sed 's/ $//')
		[ -n "$want" ] && [ "$got" = "$want" ] || bad+="'${sub:-mmsgtrace} -': offered '$got', --help has '$want'; "
	done
	if [ -n "$bad" ]; then
		fail "$label" "$bad"
		return
	fi
	pass "$label"
}

# the value words a usage error lists for OPTION's bad value "x", sorted
# ("expected udp4, udp6 or unix"; "valid names are a, b (or a number)")
listed_values() {
	"$BIN" "$1" x 2>&1 >/dev/null | sed 's/.*: //; s/(or a number)//; s/expected //;
		s/valid names are //; s/^use //; s/ or /,/g; s/[, ]\{1,\}/\n/g' | grep . | sort -u
}

# every value the completion offers is one the program takes, and every
# value the program names is offered: checked for each enumerated option
# its mode's --help has
test_completion_values() {
	local label="package: bash completion's enumerated values are exactly those the options take"
	local opt offered listed v err bad="" n=0
	for opt in --proto --sink --attach --mode --flags --syscalls --sort; do
		help_options | grep -qx -- "$opt" || continue
		n=$((n + 1))
		offered=$(complete_at "$BIN $opt " | tr ' ' '\n' | sort -u)
		listed=$(listed_values "$opt")
		if [ "$offered" != "$listed" ]; then
			bad+="$opt: offered '$(tr '\n' ' ' <<<"$offered")', its error lists '$(tr '\n' ' ' <<<"$listed")'; "
			continue
		fi
		for v in $offered; do
			# a bad value after it: its error means $v itself was taken
			err=$("$BIN" "$opt" "$v" --ringbuf-size 1 2>&1 >/dev/null)
			[[ $err == *"invalid --ringbuf-size"* ]] || bad+="$opt $v: $err; "
		done
	done
	if [ "$n" -lt 6 ]; then
		bad+="only $n enumerated options found in --help; "
	fi
	if [ -n "$bad" ]; then
		fail "$label" "$bad"
		return
	fi
	pass "$label"
}

# --version names the revision git describes now (make rebuilds on a change)
# and the libbpf of this machine
test_version() {
	local label="package: --version names the git revision and libbpf's version" out rev lib re
	out=$("$BIN" --version)
	re='^mmsgtrace 0\.1\.0 \(git ([0-9a-f]{7,}(-dirty)?|unknown)\), libbpf ([0-9]+\.[0-9]+) \(built against ([0-9.]+)\)$'
	if ! [[ $out =~ $re ]]; then
		fail "$label" "not of the form 'mmsgtrace 0.1.0 (git REV), libbpf M.N (built against M.N.P)': '$out'"
		return
	fi
	rev=$(git describe --always --dirty 2>/dev/null || echo unknown)
	lib=$(pkg-config --modversion libbpf)
	if [ "${BASH_REMATCH[1]}" != "$rev" ]; then
		fail "$label" "revision ${BASH_REMATCH[1]}, but git describe says $rev now: rebuild ('make')"
	elif [ "${BASH_REMATCH[4]}" != "$lib" ] || [ "${BASH_REMATCH[3]}" != "${lib%.*}" ]; then
		fail "$label" "libbpf '${BASH_REMATCH[3]}' built against '${BASH_REMATCH[4]}', pkg-config says $lib"
	else
		pass "$label"
	fi
}

# mtime FILE: its modification time, to the nanosecond
mtime() {
	stat -c %y "$1"
}

# in a clone: the revision header follows git describe, is rewritten only
# when it changes (so only then is cli/version.o rebuilt), and says
# "unknown" in a tree that is not a git work tree's top
test_version_rebuild() {
	local label="package: make rebuilds --version's object when the revision changes, and only then"
	local src=$PKG_DIR/clone hdr=.output/build_info.gen.h obj=.output/user/cli/version.o
	local h1 o1 rev
	mk() { make -s --no-print-directory -C "$1" "${@:2}" >"$PKG_DIR/make.log" 2>&1; }
	if ! git clone -q . "$src" 2>"$PKG_DIR/clone.err" || ! mk "$src" "$obj"; then
		fail "$label" "clone or build failed: $(tail -2 "$PKG_DIR/clone.err" "$PKG_DIR/make.log" | tr '\n' ' ')"
		return
	fi
	rev=$(git -C "$src" describe --always --dirty)
	if ! grep -qx "#define BUILD_GIT_REVISION \"$rev\"" "$src/$hdr"; then
		fail "$label" "the header does not name $rev: $(tr '\n' ' ' <"$src/$hdr")"
		return
	fi
	h1=$(mtime "$src/$hdr") o1=$(mtime "$src/$obj")
	mk "$src" "$obj"
	if [ "$(mtime "$src/$hdr")" != "$h1" ] || [ "$(mtime "$src/$obj")" != "$o1" ]; then
		fail "$label" "a second make with the same revision rewrote the header or rebuilt the object"
		return
	fi
	git -C "$src" -c user.name=test -c user.email=test@localhost commit -q --allow-empty -m next
	rev=$(git -C "$src" describe --always --dirty)
	mk "$src" "$obj"
	if ! grep -qx "#define BUILD_GIT_REVISION \"$rev\"" "$src/$hdr" ||
		[ "$(mtime "$src/$obj")" = "$o1" ]; then
		fail "$label" "after a commit: header '$(tr '\n' ' ' <"$src/$hdr")', object rebuilt: $([ "$(mtime "$src/$obj")" = "$o1" ] && echo no || echo yes), want $rev"
		return
	fi
	# an unpacked tarball, even inside another git work tree
	mkdir -p "$src/unpacked"
	git -C "$src" archive HEAD | tar -x -C "$src/unpacked"
	mk "$src/unpacked" "$hdr"
	if ! grep -qx '#define BUILD_GIT_REVISION "unknown"' "$src/unpacked/$hdr"; then
		fail "$label" "outside git: $(tr '\n' ' ' <"$src/unpacked/$hdr" 2>&1)"
		return
	fi
	pass "$label"
}

# make install DESTDIR PREFIX puts the three files where man and
# bash-completion find them; make uninstall removes exactly those
test_install() {
	local label="package: make install (binary, man page, completion) and make uninstall"
	local root=$PKG_DIR/root left found
	mkdir -p "$root/usr/bin"
	echo keep >"$root/usr/bin/other"
	if ! make -s --no-print-directory install DESTDIR="$root" PREFIX=/usr >"$PKG_DIR/install.log" 2>&1; then
		fail "$label" "make install: $(tail -2 "$PKG_DIR/install.log" | tr '\n' ' ')"
		return
	fi
	if [ "$(stat -c %a "$root/usr/bin/mmsgtrace" 2>&1)" != 755 ] ||
		[ "$(stat -c %a "$root/usr/share/man/man8/mmsgtrace.8" 2>&1)" != 644 ] ||
		! cmp -s "$COMPLETION" "$root/usr/share/bash-completion/completions/mmsgtrace"; then
		fail "$label" "installed: $(cd "$root" && find . -type f -printf '%p %m, ')"
		return
	fi
	if ! "$root/usr/bin/mmsgtrace" --version | grep -q '^mmsgtrace 0\.1\.0 (git '; then
		fail "$label" "the installed binary's --version: $("$root/usr/bin/mmsgtrace" --version 2>&1)"
		return
	fi
	# man finds the page in that tree, and it renders with its sections
	found=$(MANPATH=$root/usr/share/man man -w mmsgtrace 2>&1)
	if [ "$found" != "$root/usr/share/man/man8/mmsgtrace.8" ] ||
		[ "$(MANWIDTH=80 man -l "$found" 2>/dev/null | grep -cE '^(SYNOPSIS|OPTIONS|EXIT STATUS|EXAMPLES|SEE ALSO)$')" != 5 ]; then
		fail "$label" "man -w said '$found', or the page lacks its sections when rendered"
		return
	fi
	# bash-completion loads the installed file on demand, for the command name
	found=$(XDG_DATA_DIRS=$root/usr/share bash --norc --noprofile -c '
		. "$1"
		# the loader (renamed _comp_load in bash-completion 2.12)
		if declare -F _comp_load >/dev/null; then _comp_load mmsgtrace; else __load_completion mmsgtrace; fi &&
			complete -p mmsgtrace' x "$BASH_COMPLETION" 2>&1)
	if [ "$found" != "complete -F _mmsgtrace mmsgtrace" ]; then
		fail "$label" "bash-completion did not load the installed completion: $found"
		return
	fi
	if ! make -s --no-print-directory uninstall DESTDIR="$root" PREFIX=/usr >"$PKG_DIR/install.log" 2>&1; then
		fail "$label" "make uninstall: $(tail -2 "$PKG_DIR/install.log" | tr '\n' ' ')"
		return
	fi
	left=$(cd "$root" && find . -type f | sort | tr '\n' ' ')
	if [ "$left" != "./usr/bin/other " ]; then
		fail "$label" "after make uninstall the files are '$left', want only ./usr/bin/other (not installed by it)"
		return
	fi
	pass "$label"
}

run_package_tests() {
	local t
	echo "== ${LABEL}package tests"
	PKG_DIR=$ITMP/package
	mkdir -p "$PKG_DIR" || return
	for t in test_man_lint test_man_options test_completion test_completion_options \
		test_completion_values test_version test_version_rebuild test_install; do
		if [ -n "${TESTS:-}" ] && ! [[ "$t" =~ $TESTS ]]; then
			continue
		fi
		"$t"
	done
	rm -rf "$PKG_DIR"
}
