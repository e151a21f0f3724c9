# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#
# Observe mode's hint about targets that make none of the watched calls
# (observe/idle_watch.h): the call_loop helper makes one pattern of syscalls
# in a loop whose busiest call follows from the pattern (1000 of it to one
# of another), and --hint-after 0.3 makes the hint due at once. Every wait
# is for a state (a line on stderr, so many interval blocks), never a fixed
# time: a run that must not give the hint is stopped only after more
# intervals than the hint would take. Sourced by bpf_tests.sh; uses the obs_*
# steps of observe_tests.sh.

HINT_AFTER=0.3
# interval blocks (0.2 s each) that outlast --hint-after and the census
# window (1 s) with room to spare: a hint that was to come has come
HINT_BLOCKS=8

# hint_blocks NAME: interval blocks in the text output of tracer NAME
hint_blocks() {
	grep -c '^mmsgtrace observe ' "$OBS_DIR/$1.jsonl" 2>/dev/null
}

# hint_blocks_past NAME N: more than N blocks
hint_blocks_past() {
	[ "$(hint_blocks "$1")" -gt "$2" ]
}

# hint_ready NAME: the helper NAME printed its ready line
hint_ready() {
	grep -qx ready "$OBS_DIR/$1.out" 2>/dev/null
}

# hint_loop NAME ARGS...: call_loop ARGS as helper NAME, set up and looping
hint_loop() {
	local name=$1
	shift
	obs_helper_bin "$name" "$CALL_LOOP" "$@" || return 1
	if ! wait_for "$WAIT_S" hint_ready "$name"; then
		OBS_ERR="helper $name not ready: $(head -c 300 "$OBS_DIR/$name.err")"
		return 1
	fi
}

# hint_counts_fit LINE BUSY OTHER: in the hint LINE, BUSY's count is within
# a loop of 1000 times OTHER's, as the helper's pattern makes it in any window
hint_counts_fit() {
	local busy other
	busy=$(sed -nE "s/.*: $2 ([0-9]+), $3 ([0-9]+);.*/\1/p" <<<"$1")
	other=$(sed -nE "s/.*: $2 ([0-9]+), $3 ([0-9]+);.*/\2/p" <<<"$1")
	[ -n "$busy" ] && [ -n "$other" ] && [ "$other" -gt 0 ] &&
		[ "$busy" -ge $((1000 * (other - 1))) ] && [ "$busy" -le $((1000 * (other + 1))) ]
}

# hint_times_fit LINE: the hint came no sooner than --hint-after, and
# counted for the census window (1 s, of which it prints one decimal)
hint_times_fit() {
	local idle window
	idle=$(sed -nE 's/.* made no watched call in ([0-9.]+) s.*/\1/p' <<<"$1")
	window=$(sed -nE 's/.* in the next ([0-9.]+) s.*/\1/p' <<<"$1")
	awk -v i="$idle" -v w="$window" -v h="$HINT_AFTER" 'BEGIN { exit !(i != "" && i + 0 >= h && w + 0 >= 1.0) }'
}

# hint_once NAME REGEX: wait for the hint on tracer NAME's stderr, then for
# HINT_BLOCKS more intervals, stop it; its stderr is exactly one line, the
# hint, matching REGEX. The line is left in HINT_LINE.
hint_once() {
	local name=$1 re=$2 n
	HINT_LINE=
	if ! wait_for "$WAIT_S" grep -q 'made no watched call' "$OBS_DIR/$name.err"; then
		OBS_ERR="no hint on stderr: $(head -c 300 "$OBS_DIR/$name.err")"
		return 1
	fi
	n=$(hint_blocks "$name")
	if ! wait_for "$WAIT_S" hint_blocks_past "$name" $((n + HINT_BLOCKS)); then
		OBS_ERR="no interval blocks after the hint: $(tail -c 300 "$OBS_DIR/$name.jsonl")"
		return 1
	fi
	obs_tracer_stop "$name" || return 1
	HINT_LINE=$(cat "$OBS_DIR/$name.err")
	if [ "$(wc -l <"$OBS_DIR/$name.err")" != 1 ] || ! grep -Eqx -- "$re" <<<"$HINT_LINE"; then
		OBS_ERR="stderr is not the one hint line: $(head -c 600 "$OBS_DIR/$name.err")"
		return 1
	fi
}

# -p of a process that makes getppid and write only, sendmmsg watched: the
# hint once, getppid the busiest (1000 per write), write second
test_hint_pid() {
	local label="hint: -p of a getppid loop, sendmmsg watched: once, getppid busiest, then write"
	local pid
	hint_loop hp getppid || { fail "$label" "$OBS_ERR"; return; }
	pid=$(cat "$OBS_DIR/hp.pid")
	obs_tracer hpt -p "$pid" --syscalls sendmmsg --hint-after "$HINT_AFTER" --interval 0.2
	# (write is a name --syscalls takes once write can be watched)
	hint_once hpt "mmsgtrace: pid $pid \(call_loop\) made no watched call in [0-9]+\.[0-9] s; busiest syscalls in the next [0-9]+\.[0-9] s: getppid [0-9]+, write [0-9]+; (mmsgtrace can watch none of them|--syscalls write would watch write)" ||
		{ fail "$label" "$OBS_ERR"; return; }
	if ! hint_counts_fit "$HINT_LINE" getppid write; then
		fail "$label" "getppid is not 1000 times write: $HINT_LINE"
		return
	fi
	if ! hint_times_fit "$HINT_LINE"; then
		fail "$label" "sooner than --hint-after $HINT_AFTER, or a window under 1 s: $HINT_LINE"
		return
	fi
	pass "$label"
}

# -c NAME of a sendto loop, only the mmsg calls watched (raw attach): the
# hint names sendto and the --syscalls that watches it; stdout stays JSON
test_hint_comm_suggests() {
	local label="hint: -c of a sendto loop, mmsg calls watched (raw): names sendto, suggests --syscalls sendto"
	local name="mmsghint$$"
	name=${name:0:15}
	hint_loop hc --comm "$name" sendto || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer hct --json --attach raw -c "$name" --syscalls sendmmsg,recvmmsg \
		--hint-after "$HINT_AFTER" --interval 0.2
	obs_wait_start hct || { fail "$label" "$OBS_ERR"; return; }
	if ! wait_for "$WAIT_S" grep -q 'made no watched call' "$OBS_DIR/hct.err"; then
		fail "$label" "no hint on stderr: $(head -c 300 "$OBS_DIR/hct.err")"
		return
	fi
	obs_tracer_stop hct || { fail "$label" "$OBS_ERR"; return; }
	HINT_LINE=$(cat "$OBS_DIR/hct.err")
	if [ "$(wc -l <"$OBS_DIR/hct.err")" != 1 ] ||
		! grep -Eqx "mmsgtrace: the tasks named '$name' made no watched call in [0-9]+\.[0-9] s; busiest syscalls in the next [0-9]+\.[0-9] s: sendto [0-9]+, getppid [0-9]+; --syscalls sendto would watch sendto" <<<"$HINT_LINE"; then
		fail "$label" "stderr: $(head -c 600 "$OBS_DIR/hct.err")"
	elif ! hint_counts_fit "$HINT_LINE" sendto getppid || ! hint_times_fit "$HINT_LINE"; then
		fail "$label" "sendto is not 1000 times getppid, or the times: $HINT_LINE"
	elif ! jq -se --argjson h "$HINT_AFTER" '(.[0] | .type == "start" and .config.hint_after == $h)
		and (.[-1].type == "summary") and ([.[] | select(.type == "process")] | length == 0)' \
		"$OBS_DIR/hct.jsonl" >/dev/null; then
		fail "$label" "stdout: $(head -c 300 "$OBS_DIR/hct.jsonl")"
	else
		pass "$label"
	fi
}

# hint_none NAME: tracer NAME ran HINT_BLOCKS intervals, then was stopped;
# its stderr (less the lines of grep -v REGEX, if given) is empty
hint_none() {
	local name=$1
	obs_wait_start "$name" '^mmsgtrace observe ' || return 1
	if ! wait_for "$WAIT_S" hint_blocks_past "$name" "$HINT_BLOCKS"; then
		OBS_ERR="fewer than $HINT_BLOCKS interval blocks: $(tail -c 300 "$OBS_DIR/$name.jsonl")"
		return 1
	fi
	obs_tracer_stop "$name"
}

# no hint when the target makes a watched call, nor with --hint-after 0;
# -c of a name no task has: only the line that says so, until a task of
# that name starts: then its hint
test_hint_none() {
	local label="hint: none for a target making watched calls, none with --hint-after 0, late for a late -c task"
	local pid name="mmsglate$$"
	name=${name:0:15}
	hint_loop hs sendto || { fail "$label" "$OBS_ERR"; return; }
	pid=$(cat "$OBS_DIR/hs.pid")
	obs_tracer hst -p "$pid" --syscalls sendto --hint-after "$HINT_AFTER" --interval 0.2
	hint_none hst || { fail "$label" "$OBS_ERR"; return; }
	if [ -s "$OBS_DIR/hst.err" ] || ! grep -Eq '^ +[0-9]+ call_loop +sendto +[1-9]' "$OBS_DIR/hst.jsonl"; then
		fail "$label" "watched sendto: stderr '$(head -c 300 "$OBS_DIR/hst.err")', rows: $(grep -m2 sendto "$OBS_DIR/hst.jsonl")"
		return
	fi
	hint_loop hg getppid || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer hgt -p "$(cat "$OBS_DIR/hg.pid")" --syscalls sendmmsg --hint-after 0 --interval 0.2
	hint_none hgt || { fail "$label" "$OBS_ERR"; return; }
	if [ -s "$OBS_DIR/hgt.err" ]; then
		fail "$label" "--hint-after 0: stderr '$(head -c 300 "$OBS_DIR/hgt.err")'"
		return
	fi
	obs_tracer hnt -c "$name" --syscalls sendmmsg --hint-after "$HINT_AFTER" --interval 0.2
	obs_wait_start hnt '^mmsgtrace observe ' || { fail "$label" "$OBS_ERR"; return; }
	if ! wait_for "$WAIT_S" hint_blocks_past hnt "$HINT_BLOCKS" ||
		[ "$(cat "$OBS_DIR/hnt.err")" != "mmsgtrace: no task named '$name' runs yet: waiting for one to start" ]; then
		fail "$label" "-c of no task: stderr '$(head -c 300 "$OBS_DIR/hnt.err")'"
		return
	fi
	hint_loop hl --comm "$name" getppid || { fail "$label" "$OBS_ERR"; return; }
	if ! wait_for "$WAIT_S" grep -q "^mmsgtrace: the tasks named '$name' made no watched call in [0-9.]* s; busiest syscalls in the next [0-9.]* s: getppid [0-9]*, write [0-9]*;" "$OBS_DIR/hnt.err"; then
		fail "$label" "-c of a task that started late: stderr '$(head -c 400 "$OBS_DIR/hnt.err")'"
		return
	fi
	obs_tracer_stop hnt || { fail "$label" "$OBS_ERR"; return; }
	pass "$label"
}

run_hint_tests() {
	local t
	OBS_DIR=$ITMP/hint
	mkdir -p "$OBS_DIR" || return
	if ! [ -x "$CALL_LOOP" ]; then
		fail "hint tests" "$CALL_LOOP is not built (make $CALL_LOOP)"
		return
	fi
	for t in test_hint_pid test_hint_comm_suggests test_hint_none; do
		obs_run "$t"
	done
}
