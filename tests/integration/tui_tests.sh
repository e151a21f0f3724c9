# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#
# The full-screen live view in a real terminal: mmsgtrace runs in a tmux
# pane of its own server; the tests read the screen with capture-pane,
# resize the window and type keys with send-keys. Every check polls the
# screen (wait_for) until the state it needs is there: the redraw after a
# resize, the help after ?, the summary after q; none sleeps. Also the line
# format when stdout is no terminal (or --no-tui): its rates per second and
# observe mode's --top/--sort. Sourced by tests/integration/bpf_tests.sh.

TUI_DIR=
TUI_SOCK=
TUI_TARGETS=()		# observe mode's target processes (their pids)

tui_tmux() {
	tmux -S "$TUI_SOCK" -f /dev/null "$@"
}

# tui_start WIDTH HEIGHT ARGS...: mmsgtrace ARGS in a new pane of that size;
# when it ends, the pane shows "exit=CODE" and stays (a read that nobody
# answers), so the summary can be read
tui_start() {
	local w=$1 h=$2
	shift 2
	{
		printf 'cd %q\n' "$PWD"
		printf '%q ' "$BIN" "$@"
		printf '\necho "exit=$?"\nread -r _\n'
	} >"$TUI_DIR/cmd.sh"
	tui_tmux kill-server 2>/dev/null
	tui_tmux new-session -d -s tui -x "$w" -y "$h" "bash $TUI_DIR/cmd.sh"
}

tui_screen() {
	tui_tmux capture-pane -p -t tui 2>/dev/null
}

# the pane's whole history: the scrollback and the screen
tui_history() {
	tui_tmux capture-pane -p -J -S - -E - -t tui 2>/dev/null
}

tui_cleanup() {
	local pid
	tui_tmux kill-server 2>/dev/null
	for pid in "${TUI_TARGETS[@]}"; do
		kill "$pid" 2>/dev/null
	done
	for pid in "${TUI_TARGETS[@]}"; do
		wait_for 10 tui_gone "$pid" || kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	TUI_TARGETS=()
	# the tmux server SIGHUPs the pane's mmsgtrace: it detaches and ends
	wait_for 10 tui_no_run
}

tui_gone() {
	! kill -0 "$1" 2>/dev/null
}

tui_no_run() {
	! pgrep -f "bash $TUI_DIR/cmd.sh" >/dev/null
}

# tui_matches EREGEX: a line of the screen matches
tui_matches() {
	tui_screen | grep -Eq -- "$1"
}

# lines of the screen matching EREGEX
tui_count() {
	tui_screen | grep -Ec -- "$1"
}

# the t= of the title line
tui_time() {
	tui_screen | sed -n 's/^mmsgtrace .* t=\([0-9.]*\)s.*/\1/p' | head -1
}

# drive mode's screen at 160x45 (or 80x24): the table of rates per second
# under its header, with a figure; the totals; lost events and the state of
# the totals; the trend; the keys; one frame only
tui_drive_wide() {
	local s
	s=$(tui_screen)
	grep -Eq '^ +calls/s +msgs/s +MB/s +msg/call .*errors/s +lost/s .*dropped/s' <<<"$s" &&
		awk 'NR == 3 { exit !($2 > 0) }' <<<"$s" &&
		grep -Eq '^total calls [0-9]+  msgs [0-9]+' <<<"$s" &&
		grep -q '^lost events 0  totals exact' <<<"$s" &&
		grep -Eq '^msgs/s  .+  max [0-9]+$' <<<"$s" &&
		grep -q '^q quit  p pause  ? help' <<<"$s" &&
		[ "$(grep -c '^mmsgtrace  t=' <<<"$s")" = 1 ] &&
		! grep -Eq '^msgs/s [0-9]' <<<"$s"
}

# at 40x10: msgs/s and its figure on the two-line layout, the state and the
# keys; no line of the wide table, one title
tui_drive_narrow() {
	local s
	s=$(tui_screen)
	[ "$(wc -l <<<"$s")" -le 10 ] &&
		awk 'NR == 2 { exit !($1 == "msgs/s" && $2 > 0) }' <<<"$s" &&
		grep -q '^lost events 0  totals exact' <<<"$s" &&
		grep -q '^q quit  p pause  ? help' <<<"$s" &&
		[ "$(grep -c '^mmsgtrace  t=' <<<"$s")" = 1 ] &&
		! grep -Eq 'calls/s +msgs/s' <<<"$s" &&
		! grep -q 'rates per second of the last interval' <<<"$s"
}

tui_json_intervals() {
	grep -c '"type":"interval"' "$TUI_DIR/d.jsonl" 2>/dev/null
}

# tui_json_past N: the -o file has more than N interval lines
tui_json_past() {
	[ "$(tui_json_intervals)" -gt "$1" ]
}

tui_time_not() {
	local t
	t=$(tui_time)
	[ -n "$t" ] && [ "$t" != "$1" ]
}

test_tui_drive() {
	local label="tui: drive mode at 160x45, resized to 40x10 and 80x24, keys ? p q" s t n
	tui_start 160 45 --vlen 8 --rate 100000 --interval 0.2 --duration 120 -o "$TUI_DIR/d.jsonl"
	if ! wait_for "$WAIT_S" tui_drive_wide; then
		fail "$label" "160x45: no full frame: $(tui_screen | head -12)"
		return
	fi
	tui_tmux resize-window -t tui -x 40 -y 10
	if ! wait_for "$WAIT_S" tui_drive_narrow; then
		fail "$label" "40x10: no two-line layout, or stale rows: $(tui_screen)"
		return
	fi
	tui_tmux resize-window -t tui -x 80 -y 24
	if ! wait_for "$WAIT_S" tui_drive_wide; then
		fail "$label" "back to 80x24: no table, or stale rows: $(tui_screen)"
		return
	fi
	# ? shows the help over the frame, ? again hides it
	tui_tmux send-keys -t tui '?'
	if ! wait_for "$WAIT_S" tui_matches '^  p  pause the display'; then
		fail "$label" "? showed no help: $(tui_screen)"
		return
	fi
	tui_tmux send-keys -t tui '?'
	if ! wait_for "$WAIT_S" tui_drive_wide; then
		fail "$label" "the second ? left the help: $(tui_screen)"
		return
	fi
	# p freezes the display while the intervals go on (-o has them)
	tui_tmux send-keys -t tui p
	if ! wait_for "$WAIT_S" tui_matches '^mmsgtrace  t=[0-9.]+s  PAUSED'; then
		fail "$label" "p: no PAUSED: $(tui_screen | head -3)"
		return
	fi
	t=$(tui_time)
	n=$(tui_json_intervals)
	if ! wait_for "$WAIT_S" tui_json_past $((n + 3)); then
		fail "$label" "paused: the run stopped counting ($n intervals in -o)"
		return
	fi
	if [ "$(tui_time)" != "$t" ] || ! tui_matches 'PAUSED'; then
		fail "$label" "paused at t=$t but the screen moved on: $(tui_screen | head -3)"
		return
	fi
	tui_tmux send-keys -t tui p
	if ! wait_for "$WAIT_S" tui_time_not "$t" || tui_matches 'PAUSED'; then
		fail "$label" "the second p did not resume: $(tui_screen | head -3)"
		return
	fi
	# q: the summary on the normal screen, and nothing of the frames left
	tui_tmux send-keys -t tui q
	if ! wait_for "$WAIT_S" tui_matches '^exit=[0-9]+$'; then
		fail "$label" "q did not end the run: $(tui_screen | tail -5)"
		return
	fi
	s=$(tui_history)
	if ! grep -q '^exit=0$' <<<"$s" || ! grep -q '^summary: ' <<<"$s" ||
		! grep -q '^  result: all match$' <<<"$s"; then
		fail "$label" "q: not the summary of a clean stop: $(tail -12 <<<"$s")"
	elif grep -Eq '^mmsgtrace  t=|^q quit|^lost events [0-9]+  totals' <<<"$s"; then
		fail "$label" "frames left in the scrollback: $(grep -E '^mmsgtrace  t=|^q quit' <<<"$s" | head -3)"
	elif ! grep -q '"type":"summary"' "$TUI_DIR/d.jsonl"; then
		fail "$label" "q: no summary in the -o file"
	else
		pass "$label"
	fi
}

# --no-tui on a terminal: the line format
test_tui_no_tui() {
	local label="tui: --no-tui on a terminal prints the line format" s
	tui_start 160 20 --no-tui --vlen 4 --rate 20000 --interval 0.2 --duration 0.5
	if ! wait_for "$WAIT_S" tui_matches '^exit=0$'; then
		fail "$label" "$(tui_screen | tail -5)"
		return
	fi
	s=$(tui_history)
	if ! grep -Eq '^  time_s    calls/s      msgs/s .* partial/s  errors/s  lost/s ' <<<"$s" ||
		! awk '/^ +0\.[0-9]+ / { n++ } END { exit !(n >= 2) }' <<<"$s" ||
		! grep -q '^summary: ' <<<"$s" || grep -q '^q quit' <<<"$s"; then
		fail "$label" "$(head -8 <<<"$s")"
	else
		pass "$label"
	fi
}

# the line format off a terminal: every interval figure a rate, so a run
# whose every call fails shows errors/s equal to calls/s
test_tui_line_rates() {
	local label="line format: errors/s equals calls/s when every call fails (--flags oob)" out
	out=$("$BIN" --vlen 4 --flags oob --allow-errors --rate 20000 --interval 0.2 --duration 0.7 2>"$TUI_DIR/l.err")
	if ! grep -Eq '^  time_s    calls/s      msgs/s      MB/s msg/call  fill% partial/s  errors/s  lost/s    p50_us    p99_us  ns/msg dropped/s$' <<<"$out"; then
		fail "$label" "no labelled header: $(head -3 <<<"$out")"
	elif ! awk '/^ +[0-9]+\.[0-9]+ / { n++; if ($2 != $8 || $2 <= 0 || $3 != 0) bad++ }
		END { exit !(n >= 2 && !bad) }' <<<"$out"; then
		fail "$label" "$(head -6 <<<"$out")"
	else
		pass "$label"
	fi
}

# three targets: two send (8 messages a call), one fails every call (oob)
tui_targets_start() {
	local rate flags
	TUI_TARGETS=()
	for spec in 20000:none 10000:none 2000:oob; do
		rate=${spec%%:*} flags=${spec##*:}
		"$BIN" --no-trace --no-tui --vlen 8 --rate "$rate" --flags "$flags" --allow-errors --duration 120 \
			>/dev/null 2>&1 &
		TUI_TARGETS+=($!)
	done
}

# the pid of the first row under the table's header
tui_first_row() {
	tui_screen | awk '/PID +COMM/ { getline; print $1; exit }'
}

tui_first_is() {
	[ "$(tui_first_row)" = "$1" ]
}

tui_observe_table() {
	local s first
	s=$(tui_screen)
	first=$(awk '/PID +COMM/ { getline; print $1; exit }' <<<"$s")
	grep -Eq 'PID +COMM +SYSCALL +CALLS/s +MSGS/s' <<<"$s" &&
		grep -q 'sort msgs  top 1' <<<"$s" &&
		grep -Eq '^ +others \(2 more\) +all ' <<<"$s" &&
		[ -n "$first" ] && [ "$first" != "${TUI_TARGETS[2]}" ] &&
		[ "$(grep -c '^mmsgtrace observe  t=' <<<"$s")" = 1 ]
}

tui_observe_narrow() {
	local s
	s=$(tui_screen)
	[ "$(wc -l <<<"$s")" -le 10 ] &&
		grep -Eq '^ +PID COMM +SYSCALL +MSGS/s$' <<<"$s" &&
		[ "$(awk '/PID +COMM/ { getline; print $1; exit }' <<<"$s")" = "${TUI_TARGETS[2]}" ] &&
		grep -Eq '^ +others \(2 more\) +all +[0-9]+$' <<<"$s" &&
		grep -q '^q quit  p pause  s sort  ? help$' <<<"$s" &&
		[ "$(grep -c '^mmsgtrace observe  t=' <<<"$s")" = 1 ] &&
		! grep -q 'CALLS/s' <<<"$s"
}

test_tui_observe() {
	local label="tui: observe mode --top 1, the key s to errors, resized to 40x10, q" s ids
	tui_targets_start
	ids=$(IFS=,; echo "${TUI_TARGETS[*]}")
	tui_start 120 30 -p "$ids" --top 1 --syscalls sendmmsg --interval 0.2
	if ! wait_for "$WAIT_S" tui_observe_table; then
		fail "$label" "no table sorted by msgs with the others' row: $(tui_screen | head -8)"
		return
	fi
	# msgs -> bytes -> errors: the failing process comes first
	tui_tmux send-keys -t tui s
	if ! wait_for "$WAIT_S" tui_matches 'sort bytes  top 1'; then
		fail "$label" "s: not sorted by bytes: $(tui_screen | head -3)"
		return
	fi
	tui_tmux send-keys -t tui s
	if ! wait_for "$WAIT_S" tui_first_is "${TUI_TARGETS[2]}" || ! tui_matches 'sort errors  top 1'; then
		fail "$label" "s s: the failing process is not first: $(tui_screen | head -6)"
		return
	fi
	tui_tmux resize-window -t tui -x 40 -y 10
	if ! wait_for "$WAIT_S" tui_observe_narrow; then
		fail "$label" "40x10: $(tui_screen)"
		return
	fi
	tui_tmux send-keys -t tui q
	if ! wait_for "$WAIT_S" tui_matches '^exit=[0-9]+$'; then
		fail "$label" "q did not end the run: $(tui_screen | tail -5)"
		return
	fi
	s=$(tui_history)
	# the summary in the live order (errors) and --top: one process listed
	if ! grep -q '^exit=0$' <<<"$s" ||
		[ "$(grep -c '^process [0-9]* (' <<<"$s")" != 1 ] ||
		! grep -q "^process ${TUI_TARGETS[2]} (mmsgtrace)" <<<"$s" ||
		! grep -q '^2 more processes past --top 1, added up: calls [0-9]*, msgs [1-9]' <<<"$s"; then
		fail "$label" "q: the summary: $(grep -E '^process|^exit|more processes' <<<"$s" | head -5)"
	elif grep -Eq '^mmsgtrace observe  t=|^q quit' <<<"$s"; then
		fail "$label" "frames left in the scrollback"
	else
		pass "$label"
	fi
}

# observe mode off a terminal: blocks sorted by --sort, --top rows and the
# others' row, the summary the same
test_tui_observe_lines() {
	local label="line format: observe --top 1 --sort errors in the blocks and the summary" out ids
	tui_targets_start
	ids=$(IFS=,; echo "${TUI_TARGETS[*]}")
	out=$("$BIN" -p "$ids" --top 1 --sort errors --syscalls sendmmsg --interval 0.2 \
		--duration 1 2>"$TUI_DIR/ol.err")
	if ! grep -Eq '^ +PID COMM +SYSCALL +CALLS/s +MSGS/s MSG/CALL  FILL% +MB/s +P50_us +P99_us  ERR/s PART/s SHORT/s DROP/s$' <<<"$out"; then
		fail "$label" "no labelled header: $(head -5 <<<"$out")"
	elif ! awk -v e="${TUI_TARGETS[2]}" '
		/PID +COMM/ { getline; blocks++; if ($1 != e) bad++; getline; if ($1 != "others") bad++ }
		END { exit !(blocks >= 3 && !bad) }' <<<"$out"; then
		fail "$label" "a block not led by the failing process and the others' row: $(head -12 <<<"$out")"
	elif [ "$(grep -c '^process [0-9]* (' <<<"$out")" != 1 ] ||
		! grep -q "^process ${TUI_TARGETS[2]} (mmsgtrace)" <<<"$out" ||
		! grep -q '^2 more processes past --top 1, added up: ' <<<"$out" ||
		! grep -q 'sort errors   top 1$' <<<"$out"; then
		fail "$label" "the summary: $(grep -E '^process|more processes' <<<"$out")"
	else
		pass "$label"
	fi
}

# SHORT/s: recvmmsg's short returns, apart from the sends' partial calls.
# The call_loop helper's recvmmsg calls each return one message of vlen 4
# (short, every one) and its sendto calls are whole; a driver sends whole
# sendmmsg batches. So recvmmsg's SHORT/s equals its CALLS/s, and the sends'
# SHORT/s is 0, in every interval.
tui_short_targets_start() {
	TUI_TARGETS=()
	"$CALL_LOOP" recv-short >/dev/null 2>&1 &
	TUI_TARGETS+=($!)
	"$BIN" --no-trace --no-tui --vlen 8 --rate 20000 --duration 120 >/dev/null 2>&1 &
	TUI_TARGETS+=($!)
}

# the rows of observe tables (lines under a header with SHORT/s, to the
# next line without a syscall) are right: recvmmsg's SHORT/s equals its
# CALLS/s and is above 0, its PART/s is 0; sendto's and sendmmsg's SHORT/s
# are 0; each syscall in at least MIN rows. The columns count from the
# syscall's (PART/s the 9th after it, SHORT/s the 10th): a process's first
# row ends with its DROP/s
tui_short_rows() {
	awk -v min="$1" '
		/ERR\/s +PART\/s +SHORT\/s( +DROP\/s)? *$/ { table = 1; next }
		table {
			sc = 0
			for (i = 1; i <= NF; i++)
				if ($i ~ /^(sendmmsg|recvmmsg|sendto)$/) { sc = $i; calls = $(i + 1); break }
			if (!sc) { table = 0; next }
			n[sc]++
			part = $(i + 9); short = $(i + 10)
			if (sc == "recvmmsg" && !(short == calls && calls > 0 && part == 0)) bad++
			if (sc != "recvmmsg" && short != 0) bad++
		}
		END { exit !(n["recvmmsg"] >= min && n["sendto"] >= min && n["sendmmsg"] >= min && !bad) }'
}

test_tui_observe_short_lines() {
	local label="line format: observe SHORT/s equals CALLS/s for recvmmsg returning short, 0 for the sends"
	local out ids got
	tui_short_targets_start
	ids=$(IFS=,; echo "${TUI_TARGETS[*]}")
	out=$("$BIN" -p "$ids" --syscalls sendmmsg,recvmmsg,sendto --interval 0.2 --duration 1.2 \
		-o "$TUI_DIR/sl.json" 2>"$TUI_DIR/sl.err")
	got=$(jq -c 'select(.type == "summary") | .syscalls
		| if .recvmmsg.calls > 0 and .recvmmsg.short == .recvmmsg.calls and .recvmmsg.partial == 0
			and .sendto.calls > 0 and .sendto.short == 0 and .sendto.partial == 0
			and .sendmmsg.calls > 0 and .sendmmsg.short == 0
		  then true else . end' "$TUI_DIR/sl.json" 2>&1)
	if ! grep -Eq '^ +PID COMM +SYSCALL +CALLS/s +MSGS/s MSG/CALL  FILL% +MB/s +P50_us +P99_us  ERR/s PART/s SHORT/s DROP/s$' <<<"$out"; then
		fail "$label" "no labelled header: $(head -5 <<<"$out")"
	elif ! tui_short_rows 3 <<<"$out"; then
		fail "$label" "$(grep -A4 'SHORT/s' <<<"$out" | head -12)"
	elif [ "$got" != true ]; then
		fail "$label" "the summary's counts: $got"
	else
		pass "$label"
	fi
}

tui_short_screen() {
	tui_screen | tui_short_rows 1
}

test_tui_observe_short() {
	local label="tui: observe mode at 160x30 shows SHORT/s, equal to CALLS/s for recvmmsg returning short, 0 for the sends" ids
	tui_short_targets_start
	ids=$(IFS=,; echo "${TUI_TARGETS[*]}")
	tui_start 160 30 -p "$ids" --syscalls sendmmsg,recvmmsg,sendto --interval 0.2
	if ! wait_for "$WAIT_S" tui_short_screen; then
		fail "$label" "$(tui_screen | head -10)"
		return
	fi
	tui_tmux send-keys -t tui q
	if ! wait_for "$WAIT_S" tui_matches '^exit=[0-9]+$' || ! tui_matches '^exit=0$'; then
		fail "$label" "q did not end the run cleanly: $(tui_screen | tail -5)"
		return
	fi
	pass "$label"
}

# the idle hint on the full-screen view: a line of the view (stderr would
# tear the screen), then once on stderr when the view has closed
test_tui_observe_hint() {
	local label="tui: the idle hint is a line of the view, then once on stderr after it" pid s
	TUI_TARGETS=()
	"$CALL_LOOP" getppid >/dev/null 2>&1 &
	pid=$!
	TUI_TARGETS+=("$pid")
	tui_start 100 30 -p "$pid" --syscalls sendmmsg --hint-after 0.3 --interval 0.2
	if ! wait_for "$WAIT_S" tui_matches "^pid $pid \(call_loop\) made no watched call in [0-9.]+ s; busiest"; then
		fail "$label" "no hint in the view: $(tui_screen | head -8)"
		return
	fi
	if ! tui_matches '^mmsgtrace observe  t=' || ! tui_matches 'PID +COMM +SYSCALL' ||
		tui_matches '^mmsgtrace: '; then
		fail "$label" "the view with the hint: $(tui_screen | head -8)"
		return
	fi
	tui_tmux send-keys -t tui q
	if ! wait_for "$WAIT_S" tui_matches '^exit=[0-9]+$'; then
		fail "$label" "q did not end the run: $(tui_screen | tail -5)"
		return
	fi
	s=$(tui_history)
	if ! grep -q '^exit=0$' <<<"$s" ||
		[ "$(grep -c 'made no watched call' <<<"$s")" != 1 ] ||
		! grep -Eq "^mmsgtrace: pid $pid \(call_loop\) made no watched call in [0-9.]+ s; busiest syscalls in the next [0-9.]+ s: getppid [0-9]+, write [0-9]+;" <<<"$s"; then
		fail "$label" "after q: $(grep -E 'watched call|^exit' <<<"$s" | head -4)"
	else
		pass "$label"
	fi
}

run_tui_tests() {
	local t
	TUI_DIR=$ITMP/tui
	TUI_SOCK=$TUI_DIR/tmux.sock
	mkdir -p "$TUI_DIR" || return
	for t in test_tui_drive test_tui_no_tui test_tui_line_rates test_tui_observe \
		test_tui_observe_lines test_tui_observe_short_lines test_tui_observe_short \
		test_tui_observe_hint; do
		if [ -n "${TESTS:-}" ] && ! [[ "$t" =~ $TESTS ]]; then
			continue
		fi
		if ! command -v tmux >/dev/null && [[ $t != *lines* && $t != *rates* ]]; then
			skip "$t" "tmux is not installed (make deps)"
			continue
		fi
		"$t"
		tui_cleanup
	done
}
