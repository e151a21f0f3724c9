# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#
# Observe-mode integration tests: mmsgtrace watches processes it did not
# start (the patterns helper), and its per-process totals must equal what the
# helper says its calls returned, exactly. Sourced by bpf_tests.sh, which
# provides pass/fail/skip, $BIN, $ITMP and bpf_probe.
#
# Each helper blocks on a fifo until the tracer's "start" line is out, so no
# call can happen before the programs are attached. Every background process
# runs under a timeout and is killed after each test, pass or fail. The obs_*
# steps start and reap background jobs, so they run in this shell, never in
# $(...); a failing step leaves its reason in OBS_ERR.

PATTERNS=.output/tests/patterns
COMPAT=.output/tests/compat_calls
OBS_SYSCALLS='["sendmmsg","recvmmsg","sendto","sendmsg","recvfrom","recvmsg"]'	# the default
OBS_ALL_SYSCALLS=sendmmsg,recvmmsg,sendto,sendmsg,recvfrom,recvmsg,write,writev
OBS_TIMEOUT=$((WAIT_S * 3))	# hard limit on one tracer run, seconds (a failsafe)
OBS_LONG=$((WAIT_S * 2))	# --duration of a run the test stops itself
OBS_PIDS=()		# background processes of the running test
OBS_ERR=		# why the last obs_* step failed
OBS_HELPER_RC=		# exit code of the helper obs_helper_done waited for
OBS_DIR=		# $ITMP/observe: files of these tests, set by run_observe_tests

# is PID alive (a zombie is not)?
obs_alive() {
	local state
	state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
	[ -n "$state" ] && [ "$state" != Z ]
}

# obs_gone PID: PID has ended
obs_gone() {
	! obs_alive "$1"
}

# obs_wait_gone PID SECONDS: wait for PID to end; false if it is still running
obs_wait_gone() {
	wait_for "$2" obs_gone "$1"
}

# obs_reap PID: its exit code (after it ended), and forget it
obs_reap() {
	local pid=$1 rc i keep=()
	wait "$pid" 2>/dev/null
	rc=$?
	for i in "${OBS_PIDS[@]}"; do
		[ "$i" != "$pid" ] && keep+=("$i")
	done
	OBS_PIDS=("${keep[@]}")
	return $rc
}

# kill what the last test left running (only the pids it started): SIGTERM
# (timeout passes it on to mmsgtrace, and SIGKILLs it 3 s later), then
# SIGKILL for whatever is still there after 5 s
obs_cleanup() {
	local pid
	for pid in "${OBS_PIDS[@]}"; do
		kill "$pid" 2>/dev/null
	done
	for pid in "${OBS_PIDS[@]}"; do
		obs_wait_gone "$pid" 5 || kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	OBS_PIDS=()
}

# obs_helper_bin NAME PROGRAM ARGS...: start PROGRAM blocked on the fifo
# $OBS_DIR/NAME.go (opened read-write, so neither side ever blocks in open);
# its pid goes to $OBS_DIR/NAME.pid, its JSON line(s) to NAME.out, stderr to
# NAME.err
obs_helper_bin() {
	local name=$1 prog=$2 pid
	shift 2
	rm -f "$OBS_DIR/$name.go"
	mkfifo "$OBS_DIR/$name.go" || return 1
	: >"$OBS_DIR/$name.out"
	: >"$OBS_DIR/$name.err"
	"$prog" "$@" <>"$OBS_DIR/$name.go" >>"$OBS_DIR/$name.out" 2>>"$OBS_DIR/$name.err" &
	pid=$!
	OBS_PIDS+=("$pid")
	echo "$pid" >"$OBS_DIR/$name.pid"
	# wait for the exec, so /proc shows the helper and not the forking shell
	wait_for "$WAIT_S" obs_execd "$pid" "$(readlink -f "$prog")" && obs_alive "$pid" && return 0
	OBS_ERR="helper $name did not start: $(head -c 300 "$OBS_DIR/$name.err")"
	return 1
}

# obs_execd PID EXE: PID runs EXE, or has ended
obs_execd() {
	[ "$(readlink "/proc/$1/exe" 2>/dev/null)" = "$2" ] || ! obs_alive "$1"
}

# obs_helper NAME ARGS...: the patterns helper, as obs_helper_bin
obs_helper() {
	local name=$1
	shift
	obs_helper_bin "$name" "$PATTERNS" "$@"
}

# obs_go NAME [LINES]: let helper NAME run (LINES go lines, 1 unless given,
# in one write)
obs_go() {
	local text='' i
	for ((i = 0; i < ${2:-1}; i++)); do
		text+=$'go\n'
	done
	printf '%s' "$text" 1<>"$OBS_DIR/$1.go"
}

# obs_helper_done NAME LINES: helper NAME ended with 0 and printed LINES JSON
# lines; its exit code is left in OBS_HELPER_RC
obs_helper_done() {
	local name=$1 lines=$2 pid rc
	OBS_HELPER_RC=
	pid=$(cat "$OBS_DIR/$name.pid")
	if ! obs_wait_gone "$pid" "$WAIT_S"; then
		OBS_ERR="helper $name still running $WAIT_S s after go"
		return 1
	fi
	obs_reap "$pid"
	rc=$?
	OBS_HELPER_RC=$rc
	if [ $rc != 0 ] || [ "$(jq -c . "$OBS_DIR/$name.out" 2>/dev/null | wc -l)" != "$lines" ]; then
		OBS_ERR="helper $name: rc=$rc $(head -c 300 "$OBS_DIR/$name.err") $(head -c 300 "$OBS_DIR/$name.out")"
		return 1
	fi
}

# obs_tracer NAME ARGS...: start mmsgtrace ARGS in the background under a
# timeout: stdout to $OBS_DIR/NAME.jsonl, stderr to NAME.err; pid in OBS_TRACER
obs_tracer() {
	local name=$1
	shift
	# emptied here, not by the background job's redirection: a wait for its
	# first line must not find the previous pass's
	: >"$OBS_DIR/$name.jsonl"
	: >"$OBS_DIR/$name.err"
	timeout -k 3 "$OBS_TIMEOUT" "$BIN" "$@" >>"$OBS_DIR/$name.jsonl" 2>>"$OBS_DIR/$name.err" &
	OBS_TRACER=$!
	OBS_PIDS+=("$OBS_TRACER")
}

# obs_wait_start NAME [REGEX]: the tracer's start line (or the first line
# matching REGEX) appeared: it is attached
obs_wait_start() {
	local name=$1 re=${2:-'"type": *"start"'}
	if ! wait_for "$WAIT_S" obs_line_or_gone "$OBS_DIR/$name.jsonl" "$OBS_TRACER" "$re"; then
		OBS_ERR="no start line within $WAIT_S s: $(head -c 300 "$OBS_DIR/$name.err")"
		return 1
	fi
	grep -q "$re" "$OBS_DIR/$name.jsonl" 2>/dev/null && return 0
	obs_reap "$OBS_TRACER"
	OBS_ERR="mmsgtrace exited ($?) before its start line: $(head -c 300 "$OBS_DIR/$name.err")"
	return 1
}

# obs_line_or_gone FILE PID REGEX: FILE has a line matching REGEX, or PID ended
obs_line_or_gone() {
	grep -q "$3" "$1" 2>/dev/null || ! obs_alive "$2"
}

# obs_tracer_stop NAME: SIGINT to the tracer (timeout's child, mmsgtrace
# itself); it ends with exit 0
obs_tracer_stop() {
	local kid
	kid=$(cat "/proc/$OBS_TRACER/task/$OBS_TRACER/children" 2>/dev/null)
	kid=${kid%% *}
	if [ -z "$kid" ]; then
		OBS_ERR="mmsgtrace is not running: $(head -c 300 "$OBS_DIR/$1.err")"
		return 1
	fi
	kill -INT "$kid"
	obs_tracer_done "$1" "$WAIT_S"
}

# obs_tracer_done NAME SECONDS: the tracer ended by itself within SECONDS, exit 0
obs_tracer_done() {
	local name=$1 rc
	if ! obs_wait_gone "$OBS_TRACER" "$2"; then
		OBS_ERR="mmsgtrace still running $2 s after the watched processes ended"
		return 1
	fi
	obs_reap "$OBS_TRACER"
	rc=$?
	if [ $rc != 0 ]; then
		OBS_ERR="mmsgtrace exit code $rc: $(head -c 300 "$OBS_DIR/$name.err")"
		return 1
	fi
}

# jq: the per-syscall fields compared (fields), errno tables added up
# (errno_sum), the syscalls called (used), totals over process objects (total)
# shellcheck disable=SC2016
OBS_JQ_DEFS='
def fields: {calls, msgs, bytes, errors, partial, short, errno: (.errno // {})};
def errno_sum: map(to_entries[]) | group_by(.key)
	| map({key: .[0].key, value: (map(.value) | add)}) | from_entries;
def used: with_entries(select(.value.calls > 0) | .value |= fields);
def total: [.[].syscalls | to_entries[]] | group_by(.key)
	| map({key: .[0].key, value: (map(.value | fields) as $v | {
		calls: ($v | map(.calls) | add), msgs: ($v | map(.msgs) | add),
		bytes: ($v | map(.bytes) | add), errors: ($v | map(.errors) | add),
		partial: ($v | map(.partial) | add), short: ($v | map(.short) | add),
		errno: ($v | map(.errno) | errno_sum)})})
	| from_entries;
'

# obs_exact JSONL LINE [N]: the tracer's process objects for LINE's pid (N of
# them, 1 unless --per-thread) add up to exactly LINE's totals; syscalls the
# helper did not call are absent. Prints "true" or what differs.
obs_exact() {
	jq -nc --argjson h "$2" --argjson n "${3:-1}" "$OBS_JQ_DEFS"'
		[inputs | select(.type == "process" and .pid == $h.pid)] as $p
		| ($h.syscalls | used) as $want
		| ($p | total) as $got
		| if ($p | length) == $n and $got == $want then true
		  else {pid: $h.pid, objects: ($p | length), want: $want, got: $got} end' "$1" 2>&1
}

# the summary shows nothing lost and a record per call
OBS_CLEAN='.lost_events == 0 and .records == .calls and .inflight_overflow == 0
	and .exit_unmatched == 0 and .bytes_read_faults == 0 and .task_overflow == 0'

# obs_line NAME [PID]: helper NAME's JSON line (the one for PID with --fork)
obs_line() {
	if [ -n "${2:-}" ]; then
		jq -c --argjson pid "$2" 'select(.pid == $pid)' "$OBS_DIR/$1.out"
	else
		head -1 "$OBS_DIR/$1.out"
	fi
}

# the helper runs to the end and the tracer ends by itself: exact, every field
test_observe_exact() {
	local mode=$1 label="observe $1: exact totals, ends by itself after the process exits"
	local pid line got
	obs_helper h || { fail "$label" "$OBS_ERR"; return; }
	pid=$(cat "$OBS_DIR/h.pid")
	obs_tracer x --json --attach "$mode" -p "$pid"
	obs_wait_start x || { fail "$label" "$OBS_ERR"; return; }
	obs_go h
	obs_helper_done h 1 || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer_done x "$WAIT_S" || { fail "$label" "$OBS_ERR"; return; }
	line=$(obs_line h)
	got=$(obs_exact "$OBS_DIR/x.jsonl" "$line")
	if [ "$got" != true ]; then
		fail "$label" "$got"
		return
	fi
	if ! jq -se --argjson pid "$pid" --arg mode "$mode" --argjson sys "$OBS_SYSCALLS" \
		'(first(.[] | select(.type == "start")) | .mode == "observe" and .attach == $mode
			and (.syscalls | sort) == ($sys | sort) and .select == "pid" and .targets == [$pid])
		and any(.[]; .type == "exit" and .pid == $pid)
		and ([.[] | select(.type == "process")] | length == 1 and .[0].exited == true)' \
		"$OBS_DIR/x.jsonl" >/dev/null; then
		fail "$label" "start/exit/process objects: $(jq -c 'select(.type != "process" and .type != "summary")' "$OBS_DIR/x.jsonl" | head -c 400)"
		return
	fi
	got=$(jq -c --argjson h "$line" --arg mode "$mode" "$OBS_JQ_DEFS"'select(.type == "summary")
		| if .mode == "observe" and .attach == $mode and .processes == 1
			and '"$OBS_CLEAN"' and (.syscalls | used) == ($h.syscalls | used)
			and .calls == ([$h.syscalls[].calls] | add) and .msgs == ([$h.syscalls[].msgs] | add)
			and .bytes == ([$h.syscalls[].bytes] | add) and .errors == ([$h.syscalls[].errors] | add)
			and .partial == ([$h.syscalls[].partial] | add) and .short == ([$h.syscalls[].short] | add)
			and .hidden_errors == null
		  then true else del(.syscalls) end' "$OBS_DIR/x.jsonl" 2>&1)
	if [ "$got" != true ]; then
		fail "$label" "summary: ${got:-none}"
		return
	fi
	pass "$label"
}

# --hidden-errors: the message errors the helper's sendmmsg calls did not
# report (it knows each by construction: see patterns.c), exactly, in the
# JSON summary and in words in the text one
test_observe_hidden() {
	local mode=$1 label="observe $1 --hidden-errors: the errors sendmmsg hid, exactly (ECONNREFUSED, EMSGSIZE, EAGAIN)"
	local pid line got n
	obs_helper hh --only mmsg,partial,hidden || { fail "$label" "$OBS_ERR"; return; }
	pid=$(cat "$OBS_DIR/hh.pid")
	obs_tracer hx --attach "$mode" -p "$pid" --hidden-errors -o "$OBS_DIR/hx.json"
	obs_wait_start hx '^# watching' || { fail "$label" "$OBS_ERR"; return; }
	obs_go hh
	obs_helper_done hh 1 || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer_done hx "$WAIT_S" || { fail "$label" "$OBS_ERR"; return; }
	line=$(obs_line hh)
	got=$(obs_exact "$OBS_DIR/hx.json" "$line")
	if [ "$got" != true ]; then
		fail "$label" "$got"
		return
	fi
	got=$(jq -c --argjson h "$line" 'select(.type == "summary")
		| if '"$OBS_CLEAN"' and .hidden_errors == $h.hidden_errors and $h.hidden_errors.messages == 31
			and .syscalls.sendmmsg.partial == $h.hidden_errors.messages
		  then true else {hidden_errors, want: $h.hidden_errors, sendmmsg: .syscalls.sendmmsg} end' \
		"$OBS_DIR/hx.json" 2>&1)
	if [ "$got" != true ]; then
		fail "$label" "summary: ${got:-none}"
		return
	fi
	n=$(jq '.hidden_errors.messages' <<<"$line")
	if ! grep -qF "  sendmmsg hidden errors: $n messages failed inside batches: EAGAIN 1, EMSGSIZE 10, ECONNREFUSED 20" \
		"$OBS_DIR/hx.jsonl" || ! grep -qF "(sendmmsg(2), ERRORS)" "$OBS_DIR/hx.jsonl"; then
		fail "$label" "text summary: $(grep -A2 'hidden' "$OBS_DIR/hx.jsonl" | head -c 400)"
		return
	fi
	pass "$label"
}

# drops: the datagrams the kernel dropped of the helper's sockets (its full
# receiver, a port with no socket), in a network namespace of its own so that
# the kernel's UDP counters there are the helper's alone: mmsgtrace's process
# and summary drops equal what the helper made happen, and the kernel's
# RcvbufErrors and NoPorts
test_observe_drops() {
	local mode=$1 label="observe $1: drops of the process's datagrams by reason, equal to the kernel's UDP counters"
	local ns=mmsgtrace-drops-$$ pid line got
	if ! ip netns add "$ns" 2>"$OBS_DIR/ns.err" || ! ip -n "$ns" link set lo up 2>>"$OBS_DIR/ns.err"; then
		fail "$label" "cannot make a network namespace: $(head -c 300 "$OBS_DIR/ns.err")"
		ip netns del "$ns" 2>/dev/null
		return
	fi
	obs_helper hd --netns "/run/netns/$ns" --only drops || {
		fail "$label" "$OBS_ERR"; ip netns del "$ns"; return; }
	pid=$(cat "$OBS_DIR/hd.pid")
	obs_tracer xd --attach "$mode" -p "$pid" --no-tui -o "$OBS_DIR/xd.json"
	obs_wait_start xd '^# watching' || { fail "$label" "$OBS_ERR"; ip netns del "$ns"; return; }
	obs_go hd
	obs_helper_done hd 1 || { fail "$label" "$OBS_ERR"; ip netns del "$ns"; return; }
	obs_tracer_done xd "$WAIT_S" || { fail "$label" "$OBS_ERR"; ip netns del "$ns"; return; }
	ip netns del "$ns"
	line=$(obs_line hd)
	got=$(obs_exact "$OBS_DIR/xd.json" "$line")
	if [ "$got" != true ]; then
		fail "$label" "$got"
		return
	fi
	# the helper's own count is the kernel's, and mmsgtrace's is both
	got=$(jq -sc --argjson h "$line" '
		(.[] | select(.type == "process") | .drops) as $p
		| (.[] | select(.type == "summary") | .drops) as $s
		| ($h.drops + {unattributed: 0}) as $want
		| if $p == $want and $s == $want
			and $h.drops.by_reason.SOCKET_RCVBUFF == $h.kernel_udp.RcvbufErrors
			and $h.drops.by_reason.NO_SOCKET == $h.kernel_udp.NoPorts
		  then true else {process: $p, summary: $s, want: $want, kernel: $h.kernel_udp} end' \
		"$OBS_DIR/xd.json" 2>&1)
	if [ "$got" != true ]; then
		fail "$label" "$got"
		return
	fi
	if ! grep -qE "^  drops of its datagrams  $(jq '.drops.total' <<<"$line"): .*receive buffer full \(SOCKET_RCVBUFF\) $(jq '.drops.by_reason.SOCKET_RCVBUFF' <<<"$line")" \
		"$OBS_DIR/xd.jsonl"; then
		fail "$label" "text: $(grep -i 'drop' "$OBS_DIR/xd.jsonl" | head -c 400)"
		return
	fi
	pass "$label"
}

# --events: one event object per call, adding up to the totals
test_observe_events() {
	local mode=$1 label="observe $1: --events gives one event per call, summing to the totals"
	local pid line got
	obs_helper h || { fail "$label" "$OBS_ERR"; return; }
	pid=$(cat "$OBS_DIR/h.pid")
	obs_tracer e --json --events --attach "$mode" -p "$pid"
	obs_wait_start e || { fail "$label" "$OBS_ERR"; return; }
	obs_go h
	obs_helper_done h 1 || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer_done e "$WAIT_S" || { fail "$label" "$OBS_ERR"; return; }
	line=$(obs_line h)
	got=$(jq -nc --argjson h "$line" '
		[inputs | select(.type == "event")] as $ev
		| ($ev | group_by(.syscall) | map({key: .[0].syscall, value: {
			calls: length, msgs: (map(.msgs) | add), bytes: (map(.bytes) | add),
			errors: (map(select(.errno != null)) | length),
			errno: (map(select(.errno != null)) | group_by(.errno)
				| map({key: .[0].errno, value: length}) | from_entries)}})
		  | from_entries) as $got
		| ($h.syscalls | with_entries(select(.value.calls > 0)
			| .value |= {calls, msgs, bytes, errors, errno})) as $want
		| if $got == $want and all($ev[]; .pid == $h.pid and .comm == "patterns") then true
		  else {want: $want, got: $got, other_pids: [$ev[].pid | select(. != $h.pid)] | unique} end' \
		"$OBS_DIR/e.jsonl" 2>&1)
	if [ "$got" != true ]; then
		fail "$label" "$got"
		return
	fi
	got=$(obs_exact "$OBS_DIR/e.jsonl" "$line")
	if [ "$got" != true ]; then
		fail "$label" "process object: $got"
		return
	fi
	pass "$label"
}

# two helpers run at once; -p selects one, and only that one is counted
test_observe_two_helpers() {
	local mode=$1 label="observe $1: -p counts the selected process only"
	local pid got
	obs_helper a || { fail "$label" "$OBS_ERR"; return; }
	obs_helper b || { fail "$label" "$OBS_ERR"; return; }
	pid=$(cat "$OBS_DIR/a.pid")
	obs_tracer p --json --attach "$mode" -p "$pid"
	obs_wait_start p || { fail "$label" "$OBS_ERR"; return; }
	obs_go b
	obs_go a
	obs_helper_done a 1 || { fail "$label" "$OBS_ERR"; return; }
	obs_helper_done b 1 || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer_done p "$WAIT_S" || { fail "$label" "$OBS_ERR"; return; }
	got=$(obs_exact "$OBS_DIR/p.jsonl" "$(obs_line a)")
	if [ "$got" != true ]; then
		fail "$label" "$got"
		return
	fi
	if ! jq -se --argjson pid "$pid" '[.[] | select(.type == "process") | .pid] == [$pid]
		and (.[] | select(.type == "summary") | .processes == 1)' "$OBS_DIR/p.jsonl" >/dev/null; then
		fail "$label" "other processes counted: $(jq -c 'select(.type == "process") | .pid' "$OBS_DIR/p.jsonl" | tr '\n' ' ')"
		return
	fi
	pass "$label"
}

# -c NAME: of two helpers with different names, only the named one is counted
test_observe_comm() {
	local mode=$1 label="observe $1: -c counts the named process only"
	local pid got a="mmsgobs-a$$" b="mmsgobs-b$$"
	a=${a:0:15}
	b=${b:0:15}
	obs_helper a --comm "$a" || { fail "$label" "$OBS_ERR"; return; }
	obs_helper b --comm "$b" || { fail "$label" "$OBS_ERR"; return; }
	pid=$(cat "$OBS_DIR/a.pid")
	obs_tracer c --json --attach "$mode" -c "$a" --duration "$OBS_LONG"
	obs_wait_start c || { fail "$label" "$OBS_ERR"; return; }
	obs_go a
	obs_go b
	obs_helper_done a 1 || { fail "$label" "$OBS_ERR"; return; }
	obs_helper_done b 1 || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer_stop c || { fail "$label" "$OBS_ERR"; return; }
	got=$(obs_exact "$OBS_DIR/c.jsonl" "$(obs_line a)")
	if [ "$got" != true ]; then
		fail "$label" "$got"
		return
	fi
	if ! jq -se --argjson pid "$pid" --arg comm "$a" '[.[] | select(.type == "process")]
		| map(.pid) == [$pid] and .[0].comm == $comm' "$OBS_DIR/c.jsonl" >/dev/null; then
		fail "$label" "process objects: $(jq -c 'select(.type == "process") | {pid, comm}' "$OBS_DIR/c.jsonl" | tr '\n' ' ')"
		return
	fi
	pass "$label"
}

# the cgroup v2 mount point, if there is one
obs_cgroup2_root() {
	local d
	for d in /sys/fs/cgroup/unified /sys/fs/cgroup; do
		if [ "$(stat -fc %T "$d" 2>/dev/null)" = cgroup2fs ]; then
			echo "$d"
			return 0
		fi
	done
	return 1
}

# --cgroup PATH: a helper moved into a new cgroup is counted, one outside is not
test_observe_cgroup() {
	local mode=$1 label="observe $1: --cgroup counts the processes in that cgroup only"
	local pid root cg got
	if ! root=$(obs_cgroup2_root); then
		skip "$label" "no cgroup v2 mount at /sys/fs/cgroup/unified or /sys/fs/cgroup"
		return
	fi
	cg="$root/mmsgtrace-test.$$"
	if ! mkdir "$cg" 2>"$OBS_DIR/cg.err"; then
		skip "$label" "cannot create a cgroup: $(cat "$OBS_DIR/cg.err")"
		return
	fi
	obs_cgroup_test "$mode" "$label" "$cg"
	# the helpers are gone (or killed); the cgroup empties when they are reaped
	obs_cleanup
	wait_for "$WAIT_S" rmdir "$cg" 2>/dev/null
	[ -d "$cg" ] && echo "warning: could not remove $cg" >&2
}

obs_cgroup_test() {
	local mode=$1 label=$2 cg=$3 pid got
	obs_helper a || { fail "$label" "$OBS_ERR"; return; }
	obs_helper b || { fail "$label" "$OBS_ERR"; return; }
	pid=$(cat "$OBS_DIR/a.pid")
	if ! echo "$pid" >"$cg/cgroup.procs" 2>"$OBS_DIR/cg.err"; then
		fail "$label" "cannot move $pid into $cg: $(cat "$OBS_DIR/cg.err")"
		return
	fi
	obs_tracer g --json --attach "$mode" --cgroup "$cg" --duration "$OBS_LONG"
	obs_wait_start g || { fail "$label" "$OBS_ERR"; return; }
	obs_go a
	obs_go b
	obs_helper_done a 1 || { fail "$label" "$OBS_ERR"; return; }
	obs_helper_done b 1 || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer_stop g || { fail "$label" "$OBS_ERR"; return; }
	got=$(obs_exact "$OBS_DIR/g.jsonl" "$(obs_line a)")
	if [ "$got" != true ]; then
		fail "$label" "$got"
		return
	fi
	if ! jq -se --argjson pid "$pid" '[.[] | select(.type == "process") | .pid] == [$pid]' \
		"$OBS_DIR/g.jsonl" >/dev/null; then
		fail "$label" "other processes counted: $(jq -c 'select(.type == "process") | .pid' "$OBS_DIR/g.jsonl" | tr '\n' ' ')"
		return
	fi
	pass "$label"
}

# a signal interrupts blocked sendto, sendmmsg and recvmmsg calls twice each:
# with a handler without SA_RESTART the caller sees EINTR and retries (an
# error plus the retry), with SA_RESTART the kernel restarts the call (one
# call). The process object and the summary are exact either way.
test_observe_interrupt() {
	local mode=$1 label="observe $1: interrupted calls count as the caller saw them (EINTR, SA_RESTART)"
	local pid line got
	obs_helper i --only interrupt || { fail "$label" "$OBS_ERR"; return; }
	pid=$(cat "$OBS_DIR/i.pid")
	obs_tracer ix --json --attach "$mode" -p "$pid"
	obs_wait_start ix || { fail "$label" "$OBS_ERR"; return; }
	obs_go i
	obs_helper_done i 1 || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer_done ix "$WAIT_S" || { fail "$label" "$OBS_ERR"; return; }
	# the helper notes on stderr what it did not expect (an EINTR despite
	# SA_RESTART, not one EINTR per signal); its line counts it all the same
	[ -s "$OBS_DIR/i.err" ] && echo "note ($mode): $(head -c 300 "$OBS_DIR/i.err" | tr '\n' ' ')" >&2
	line=$(obs_line i)
	# without EINTR in the helper's line no signal interrupted anything
	if ! jq -e '[.syscalls | (.sendto, .sendmmsg, .recvmmsg) | .errno.EINTR // 0 | . > 0] | all' \
		<<<"$line" >/dev/null; then
		fail "$label" "the helper saw no EINTR on some syscall: $line"
		return
	fi
	got=$(obs_exact "$OBS_DIR/ix.jsonl" "$line")
	if [ "$got" != true ]; then
		fail "$label" "$got"
		return
	fi
	got=$(jq -c --argjson h "$line" "$OBS_JQ_DEFS"'select(.type == "summary")
		| if .processes == 1 and '"$OBS_CLEAN"' and (.syscalls | used) == ($h.syscalls | used)
			and .calls == ([$h.syscalls[].calls] | add) and .msgs == ([$h.syscalls[].msgs] | add)
			and .bytes == ([$h.syscalls[].bytes] | add) and .errors == ([$h.syscalls[].errors] | add)
			and .partial == ([$h.syscalls[].partial] | add)
		  then true else del(.syscalls) end' "$OBS_DIR/ix.jsonl" 2>&1)
	if [ "$got" != true ]; then
		fail "$label" "summary: ${got:-none}"
		return
	fi
	pass "$label"
}

# -p follows a child forked by the watched process; both are exact
test_observe_fork() {
	local mode=$1 label="observe $1: -p follows a forked child, both exact"
	local pid child p got
	obs_helper f --fork || { fail "$label" "$OBS_ERR"; return; }
	pid=$(cat "$OBS_DIR/f.pid")
	obs_tracer k --json --attach "$mode" -p "$pid"
	obs_wait_start k || { fail "$label" "$OBS_ERR"; return; }
	obs_go f
	obs_helper_done f 2 || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer_done k "$WAIT_S" || { fail "$label" "$OBS_ERR"; return; }
	child=$(jq --argjson pid "$pid" 'select(.pid != $pid) | .pid' "$OBS_DIR/f.out")
	for p in "$pid" "$child"; do
		got=$(obs_exact "$OBS_DIR/k.jsonl" "$(obs_line f "$p")")
		if [ "$got" != true ]; then
			fail "$label" "$got"
			return
		fi
	done
	if ! jq -se --argjson pid "$pid" --argjson child "$child" '
		([.[] | select(.type == "process") | .pid] | sort) == ([$pid, $child] | sort)
		and any(.[]; .type == "fork" and .pid == $pid and .child == $child)
		and any(.[]; .type == "exit" and .pid == $child)
		and any(.[]; .type == "exit" and .pid == $pid)' "$OBS_DIR/k.jsonl" >/dev/null; then
		fail "$label" "child $child: $(jq -c 'select(.type == "fork" or .type == "exit" or .type == "process") | {type, pid, child}' "$OBS_DIR/k.jsonl" | tr '\n' ' ')"
		return
	fi
	pass "$label"
}

# ia32 syscalls (int $0x80 from a 64-bit process) are numbered like x86_64's
# writev/sendto/recvfrom/sendmsg/recvmsg/recvmmsg/sendmmsg (20/44-47/299/307):
# none of them is counted, and the real sendto and write calls that follow
# are, exactly (all eight syscalls watched)
test_observe_compat() {
	local mode=$1 label="observe $1: ia32 syscalls with colliding numbers are not counted"
	local line got rc
	timeout 10 "$COMPAT" --probe 2>"$OBS_DIR/cp.err"
	rc=$?
	if [ $rc = 3 ]; then
		skip "$label" "$(head -c 300 "$OBS_DIR/cp.err")"
		return
	elif [ $rc != 0 ]; then
		fail "$label" "compat_calls --probe: rc=$rc $(head -c 300 "$OBS_DIR/cp.err")"
		return
	fi
	obs_helper_bin cc "$COMPAT" || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer ct --json --attach "$mode" -p "$(cat "$OBS_DIR/cc.pid")" --syscalls "$OBS_ALL_SYSCALLS"
	obs_wait_start ct || { fail "$label" "$OBS_ERR"; return; }
	obs_go cc
	if ! obs_helper_done cc 1; then
		if [ "$OBS_HELPER_RC" = 3 ]; then
			skip "$label" "$(head -c 300 "$OBS_DIR/cc.err")"
		else
			fail "$label" "$OBS_ERR"
		fi
		return
	fi
	obs_tracer_done ct "$WAIT_S" || { fail "$label" "$OBS_ERR"; return; }
	line=$(obs_line cc)
	# what the summary and the process objects say, next to what they should
	got=$(jq -nr --argjson h "$line" '
		def zero: {calls: 0, bytes: 0, errors: 0};
		def sys: {calls: (.calls // 0), bytes: (.bytes // 0), errors: (.errors // 0)};
		[inputs] as $all
		| {calls: ($h.sendto + $h.write), errors: 0,
		   syscalls: {sendmmsg: zero, recvmmsg: zero, sendmsg: zero, recvfrom: zero, recvmsg: zero,
			writev: zero, sendto: {calls: $h.sendto, bytes: $h.sendto_bytes, errors: 0},
			write: {calls: $h.write, bytes: $h.write_bytes, errors: 0}},
		   processes: [{pid: $h.pid, calls: ($h.sendto + $h.write)}], clean: true} as $want
		| (first($all[] | select(.type == "summary")) // {}) as $s
		| {calls: $s.calls, errors: $s.errors,
		   syscalls: ({sendmmsg: {}, recvmmsg: {}, sendto: {}, sendmsg: {}, recvfrom: {},
			recvmsg: {}, write: {}, writev: {}} * ($s.syscalls // {})
			| map_values(sys)),
		   processes: [$all[] | select(.type == "process")
			| {pid, calls: ([.syscalls[].calls] | add)}],
		   clean: ($s | '"$OBS_CLEAN"')} as $got
		| if $got == $want then true
		  else "\($h.compat_calls) ia32 calls, then \($h.sendto) sendto and \($h.write) write: want \($want | tojson), got \($got | tojson)" end' \
		"$OBS_DIR/ct.jsonl" 2>&1)
	if [ "$got" != true ]; then
		fail "$label" "$got"
		return
	fi
	pass "$label"
}

# obs_summary_exact JSONL LINE: the summary has the helper LINE's totals
# exactly, per syscall and in all, and nothing was lost. Prints "true" or
# what differs.
obs_summary_exact() {
	jq -c --argjson h "$2" "$OBS_JQ_DEFS"'select(.type == "summary")
		| if .processes == 1 and '"$OBS_CLEAN"' and (.syscalls | used) == ($h.syscalls | used)
			and .calls == ([$h.syscalls[].calls] | add) and .msgs == ([$h.syscalls[].msgs] | add)
			and .bytes == ([$h.syscalls[].bytes] | add) and .errors == ([$h.syscalls[].errors] | add)
			and .partial == ([$h.syscalls[].partial] | add)
		  then true else del(.config) end' "$1" 2>&1
}

# write and writev count their calls on datagram sockets only: the helper
# writes to UDP and unix datagram sockets, and in between to a file, a pipe,
# a TCP connection, a unix stream socket and fds that are not open; the
# totals are exactly its datagram-socket calls. Without --syscalls they are
# not watched at all.
test_observe_writes() {
	local mode=$1 label="observe $1: write/writev counted on datagram sockets only, exactly"
	local pid line got
	obs_helper w --only write || { fail "$label" "$OBS_ERR"; return; }
	pid=$(cat "$OBS_DIR/w.pid")
	obs_tracer wx --json --attach "$mode" -p "$pid" --syscalls "$OBS_ALL_SYSCALLS"
	obs_wait_start wx || { fail "$label" "$OBS_ERR"; return; }
	obs_go w
	obs_helper_done w 1 || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer_done wx "$WAIT_S" || { fail "$label" "$OBS_ERR"; return; }
	line=$(obs_line w)
	# the helper did write both ways (else this test could not fail)
	if ! jq -e '.syscalls.write.msgs >= 20 and .syscalls.writev.msgs >= 10
		and .syscalls.write.errors == 1 and .syscalls.writev.errors == 1
		and .other_writes >= 100' <<<"$line" >/dev/null; then
		fail "$label" "the helper's writes are not what the test needs: $line"
		return
	fi
	got=$(obs_exact "$OBS_DIR/wx.jsonl" "$line")
	if [ "$got" != true ]; then
		fail "$label" "$got"
		return
	fi
	got=$(obs_summary_exact "$OBS_DIR/wx.jsonl" "$line")
	if [ "$got" != true ]; then
		fail "$label" "summary: ${got:-none}"
		return
	fi
	# the default set leaves them out: nothing of the same helper is counted
	obs_cleanup
	obs_helper w2 --only write || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer wd --json --attach "$mode" -p "$(cat "$OBS_DIR/w2.pid")"
	obs_wait_start wd || { fail "$label" "$OBS_ERR"; return; }
	obs_go w2
	obs_helper_done w2 1 || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer_done wd "$WAIT_S" || { fail "$label" "$OBS_ERR"; return; }
	if ! jq -se --argjson sys "$OBS_SYSCALLS" '
		(.[] | select(.type == "start") | .syscalls == $sys)
		and (.[] | select(.type == "summary") | .calls == 0 and (.syscalls | has("write") | not))
		and ([.[] | select(.type == "process")] | length == 0)' "$OBS_DIR/wd.jsonl" >/dev/null; then
		fail "$label" "default syscalls: $(jq -c 'select(.type == "start") | .syscalls' "$OBS_DIR/wd.jsonl") $(jq -c 'select(.type == "summary") | {calls, syscalls}' "$OBS_DIR/wd.jsonl" | head -c 300)"
		return
	fi
	pass "$label"
}

# a receive's latency "includes time blocked" only when some of its calls
# could block: the recv helper reads a blocking socket (6 calls of each
# receive syscall without MSG_DONTWAIT, one with it), the recvnb helper an
# O_NONBLOCK one without MSG_DONTWAIT. The first is labelled, the second is
# not, in JSON (exact counts) and in the text summary.
test_observe_blocking() {
	local mode=$1 label="observe $1: latency includes time blocked only for calls that could block (O_NONBLOCK read)"
	local a b got sc
	obs_helper ba --only recv || { fail "$label" "$OBS_ERR"; return; }
	obs_helper bn --only recvnb || { fail "$label" "$OBS_ERR"; return; }
	a=$(cat "$OBS_DIR/ba.pid") b=$(cat "$OBS_DIR/bn.pid")
	obs_tracer bx --attach "$mode" -p "$a,$b" -o "$OBS_DIR/bx.json"
	obs_wait_start bx '^# watching' || { fail "$label" "$OBS_ERR"; return; }
	obs_go ba
	obs_go bn
	obs_helper_done ba 1 || { fail "$label" "$OBS_ERR"; return; }
	obs_helper_done bn 1 || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer_done bx "$WAIT_S" || { fail "$label" "$OBS_ERR"; return; }
	for sc in ba bn; do
		got=$(obs_exact "$OBS_DIR/bx.json" "$(obs_line "$sc")")
		if [ "$got" != true ]; then
			fail "$label" "$sc: $got"
			return
		fi
	done
	# per receive syscall: labelled when the helper made calls that could
	# block, with as many as it made; never "could not tell"
	got=$(jq -nc --argjson ha "$(obs_line ba)" --argjson hb "$(obs_line bn)" '
		[inputs | select(.type == "process")] as $p
		| [($ha, $hb) as $h | $p[] | select(.pid == $h.pid) | .syscalls as $s
			| ("recvfrom", "recvmsg") as $k
			| {pid: .pid, syscall: $k, blocking: $s[$k].latency_includes_blocking,
			   could_block: $s[$k].records_could_block, unknown: $s[$k].records_block_unknown,
			   records: $s[$k].records,
			   want: {blocking: ($h.syscalls[$k].could_block > 0),
				  could_block: $h.syscalls[$k].could_block,
				  records: $h.syscalls[$k].calls}}] as $r
		| if ($r | length) == 4 and ([$r[] | select(.pid == $ha.pid) | .want.could_block]
			| all(. == 6)) and ([$r[] | select(.pid == $hb.pid) | .want.could_block] | all(. == 0))
			and all($r[]; .blocking == .want.blocking and .could_block == .want.could_block
				and .unknown == 0 and .records == .want.records)
		  then true else $r end' "$OBS_DIR/bx.json" 2>&1)
	if [ "$got" != true ]; then
		fail "$label" "$got"
		return
	fi
	# the text summary: each process's receive rows say it in words
	got=$(awk -v a="$a" -v b="$b" '
		/^process / { pid = $2 }
		/^  (recvfrom|recvmsg) / {
			if (pid == a && index($0, "(includes time blocked waiting: 6 of 7 recorded calls could block"))
				ok++
			if (pid == b && index($0, "(no time blocked: MSG_DONTWAIT or an O_NONBLOCK socket on every call)"))
				ok++
		}
		END { print ok + 0 }' "$OBS_DIR/bx.jsonl")
	if [ "$got" != 4 ]; then
		fail "$label" "text: $got of 4 receive rows labelled as expected: $(grep -E '^process |^  recv' "$OBS_DIR/bx.jsonl" | head -c 800)"
		return
	fi
	pass "$label"
}

# iperf3 -u sends its datagrams with write(2): watched with -p (its client
# started under the tracer: a shell that execs it on the go line), its
# UDP writes are counted exactly, its control connection's (TCP) and its
# output's writes are not. The client sends -n bytes in -l byte datagrams
# (its JSON says how many), plus the 4-byte datagram it first writes so the
# server learns its address (iperf3's UDP "connect"), whose 4-byte answer it
# reads with recv (recvfrom). The server is not watched.
test_observe_iperf3() {
	local mode=$1 label="observe $1: iperf3 -u's datagram writes, exactly"
	local port server pid got
	if ! command -v iperf3 >/dev/null; then
		fail "$label" "iperf3 is not installed: run 'make deps' (packages.txt)"
		return
	fi
	port=$((20000 + RANDOM % 20000))
	timeout -k 3 "$OBS_TIMEOUT" iperf3 -s -1 -p "$port" >"$OBS_DIR/ips.out" 2>&1 &
	server=$!
	OBS_PIDS+=("$server")
	if ! wait_for "$WAIT_S" obs_listening "$port" "$server" || ! obs_alive "$server"; then
		fail "$label" "iperf3 -s -p $port did not start: $(head -c 300 "$OBS_DIR/ips.out")"
		return
	fi
	obs_helper_bin ic /bin/bash -c 'read -r _ && exec iperf3 -c 127.0.0.1 -p "$1" -u -b 10M 		-n 64000 -l 1000 -J' iperf3-client "$port" || { fail "$label" "$OBS_ERR"; return; }
	pid=$(cat "$OBS_DIR/ic.pid")
	obs_tracer ix3 --json --attach "$mode" -p "$pid" --syscalls "$OBS_ALL_SYSCALLS"
	obs_wait_start ix3 || { fail "$label" "$OBS_ERR"; return; }
	obs_go ic
	obs_helper_done ic 1 || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer_done ix3 "$WAIT_S" || { fail "$label" "$OBS_ERR"; return; }
	got=$(jq -nc --slurpfile c "$OBS_DIR/ic.out" '
		($c[0].end.sum) as $sent
		| {recvfrom: {calls: 1, msgs: 1, bytes: 4, errors: 0},
		   write: {calls: ($sent.packets + 1), msgs: ($sent.packets + 1),
			bytes: ($sent.bytes + 4), errors: 0}} as $want
		| [inputs] as $all
		| ($all[] | select(.type == "summary")) as $s
		| [$all[] | select(.type == "process") | .syscalls
			| map_values({calls, msgs, bytes, errors})] as $p
		| if $sent.packets == 64 and $sent.bytes == 64000 and $p == [$want]
			and ($s | '"$OBS_CLEAN"') and $s.calls == $want.write.calls + 1
		  then true else {want: $want, got: $p, sent: $sent} end' "$OBS_DIR/ix3.jsonl" 2>&1)
	if [ "$got" != true ]; then
		fail "$label" "$got"
		return
	fi
	pass "$label"
}

# obs_listening PORT PID: something listens on TCP PORT, or PID has ended
obs_listening() {
	ss -Hltn "sport = :$1" 2>/dev/null | grep -q . || ! obs_alive "$2"
}

# the main thread exits (pthread_exit, a zombie in /proc) while a worker
# thread runs the patterns: the process is still watched, exact, to its end.
# The /proc sweep for dead targets runs right after each interval line: the
# worker is let go only after two interval lines that came once the main
# thread was a zombie, so a sweep has seen the process in that state.
test_observe_leader_exits() {
	local mode=$1 label="observe $1: a process whose main thread exited is watched until its last thread ends"
	local pid got n
	obs_helper l --leader-exits || { fail "$label" "$OBS_ERR"; return; }
	pid=$(cat "$OBS_DIR/l.pid")
	obs_tracer lx --json --attach "$mode" --interval 0.1 -p "$pid"
	obs_wait_start lx || { fail "$label" "$OBS_ERR"; return; }
	obs_go l
	if ! wait_for "$WAIT_S" obs_zombie "$pid"; then
		fail "$label" "the main thread of $pid is not a zombie after its go: state $(task_state "$pid")"
		return
	fi
	n=$(grep -c '"type":"interval"' "$OBS_DIR/lx.jsonl")
	if ! wait_for "$WAIT_S" obs_lines_after "$OBS_DIR/lx.jsonl" '"type":"interval"' $((n + 1)); then
		fail "$label" "no interval lines after the main thread exited: $(head -c 300 "$OBS_DIR/lx.err")"
		return
	fi
	obs_go l
	obs_helper_done l 1 || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer_done lx "$WAIT_S" || { fail "$label" "$OBS_ERR"; return; }
	got=$(obs_exact "$OBS_DIR/lx.jsonl" "$(obs_line l)")
	if [ "$got" != true ]; then
		fail "$label" "$got; exit objects: $(jq -c 'select(.type == "exit")' "$OBS_DIR/lx.jsonl" | tr '\n' ' ')"
		return
	fi
	if ! jq -se --argjson pid "$pid" '
		([.[] | select(.type == "process")] | length == 1 and .[0].exited == true)
		and any(.[]; .type == "exit" and .pid == $pid)' "$OBS_DIR/lx.jsonl" >/dev/null; then
		fail "$label" "exit/process objects: $(jq -c 'select(.type == "exit"),
			(select(.type == "process") | {type, pid, exited})' "$OBS_DIR/lx.jsonl" | tr '\n' ' ')"
		return
	fi
	pass "$label"
}

# obs_zombie PID: PID's main thread is a zombie
obs_zombie() {
	[ "$(task_state "$1")" = Z ]
}

# obs_lines_after FILE REGEX N: FILE has more than N lines matching REGEX
obs_lines_after() {
	[ "$(grep -c "$2" "$1" 2>/dev/null)" -gt "$3" ]
}

# obs_child_of PID: the one child of PID (once it has one)
OBS_KIDS=()
obs_has_child() {
	local kids
	kids=$(cat "/proc/$1/task/$1/children" 2>/dev/null) || return 0
	read -r -a OBS_KIDS <<<"$kids"
	[ ${#OBS_KIDS[@]} -ge 1 ]
}

obs_child_of() {
	OBS_KIDS=()
	wait_for "$WAIT_S" obs_has_child "$1"
	if [ ${#OBS_KIDS[@]} = 1 ]; then
		echo "${OBS_KIDS[0]}"
		return 0
	fi
	OBS_ERR="process $1 has ${#OBS_KIDS[@]} children, expected 1"
	return 1
}

# -p PARENT: a child forked before the tracer started is watched too. (The
# child dies with its parent, PR_SET_PDEATHSIG, so killing the parent cleans
# it up; its pid is not ours to kill, it may be reused once the parent reaped it.)
test_observe_fork_early() {
	local mode=$1 label="observe $1: -p watches a child that existed before the start, both exact"
	local pid child p line got
	obs_helper fe --fork-early || { fail "$label" "$OBS_ERR"; return; }
	pid=$(cat "$OBS_DIR/fe.pid")
	child=$(obs_child_of "$pid") || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer fx --json --attach "$mode" -p "$pid"
	obs_wait_start fx || { fail "$label" "$OBS_ERR"; return; }
	obs_go fe 2
	obs_helper_done fe 2 || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer_done fx "$WAIT_S" || { fail "$label" "$OBS_ERR"; return; }
	for p in "$pid" "$child"; do
		line=$(obs_line fe "$p")
		if [ -z "$line" ]; then
			fail "$label" "no helper line for pid $p: $(jq -c .pid "$OBS_DIR/fe.out" | tr '\n' ' ')"
			return
		fi
		got=$(obs_exact "$OBS_DIR/fx.jsonl" "$line")
		if [ "$got" != true ]; then
			fail "$label" "$([ "$p" = "$child" ] && echo child || echo parent): $got"
			return
		fi
	done
	if ! jq -se --argjson pid "$pid" --argjson child "$child" '
		([.[] | select(.type == "process") | .pid] | sort) == ([$pid, $child] | sort)
		and (.[] | select(.type == "start") | .targets == [$pid] and .children == [$child])
		and (.[] | select(.type == "summary") | .processes == 2)' "$OBS_DIR/fx.jsonl" >/dev/null; then
		fail "$label" "parent $pid, child $child: $(jq -c 'select(.type == "start" or .type == "fork" or .type == "exit"),
			(select(.type == "process" or .type == "summary") | {type, pid, processes}
				| with_entries(select(.value != null)))' "$OBS_DIR/fx.jsonl" | tr '\n' ' ')"
		return
	fi
	pass "$label"
}

# --per-thread: one object per thread of the helper, adding up to its totals
test_observe_per_thread() {
	local mode=$1 label="observe $1: --per-thread objects per thread add up to the process totals"
	local pid got
	obs_helper t --threads --only mmsg || { fail "$label" "$OBS_ERR"; return; }
	pid=$(cat "$OBS_DIR/t.pid")
	obs_tracer r --json --attach "$mode" --per-thread -p "$pid"
	obs_wait_start r || { fail "$label" "$OBS_ERR"; return; }
	obs_go t
	obs_helper_done t 1 || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer_done r "$WAIT_S" || { fail "$label" "$OBS_ERR"; return; }
	got=$(obs_exact "$OBS_DIR/r.jsonl" "$(obs_line t)" 2)
	if [ "$got" != true ]; then
		fail "$label" "$got"
		return
	fi
	if ! jq -se --argjson pid "$pid" '[.[] | select(.type == "process")] | map(.tid) as $t
		| ($t | unique | length) == 2 and ($t | index($pid)) != null' "$OBS_DIR/r.jsonl" >/dev/null; then
		fail "$label" "tids: $(jq -c 'select(.type == "process") | {pid, tid}' "$OBS_DIR/r.jsonl" | tr '\n' ' ')"
		return
	fi
	pass "$label"
}

# a name with ESC, a quote, a newline and 0xff: text output carries none of
# them raw; JSON carries the real bytes, escaped
OBS_HOSTILE='\e[31mevil"\n\xff'
# the bytes of the name up to the 0xff, which JSON cannot carry as it is
OBS_HOSTILE_HEX='1b 5b 33 31 6d 65 76 69 6c 22 0a'

test_observe_hostile_comm() {
	local mode=$1 label pid got
	label="observe $1: a hostile process name is escaped in JSON"
	obs_helper h --comm "$OBS_HOSTILE" || { fail "$label" "$OBS_ERR"; return; }
	pid=$(cat "$OBS_DIR/h.pid")
	obs_tracer hj --json --attach "$mode" -p "$pid"
	obs_wait_start hj || { fail "$label" "$OBS_ERR"; return; }
	obs_go h
	obs_helper_done h 1 || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer_done hj "$WAIT_S" || { fail "$label" "$OBS_ERR"; return; }
	if ! jq -c . "$OBS_DIR/hj.jsonl" >/dev/null 2>"$OBS_DIR/hj.jq"; then
		fail "$label" "output does not parse: $(head -c 200 "$OBS_DIR/hj.jq")"
	elif LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f\xff]' "$OBS_DIR/hj.jsonl"; then
		fail "$label" "raw control or 0xff bytes in the JSON output"
	elif [ "$(jq -c 'select(.type == "process" or .type == "exit") | .type' "$OBS_DIR/hj.jsonl" | wc -l)" -lt 2 ]; then
		fail "$label" "no process or exit object: $(head -c 300 "$OBS_DIR/hj.jsonl")"
	else
		got=$(jq -c 'select(has("comm")) | .comm' "$OBS_DIR/hj.jsonl" | while IFS= read -r c; do
			jq -j . <<<"$c" | head -c 11 | od -An -tx1 | tr -s ' \n' ' ' | sed 's/^ //; s/ $//'
			echo
		done | sort -u)
		if [ "$got" = "$OBS_HOSTILE_HEX" ]; then
			pass "$label"
		else
			fail "$label" "comm bytes '$got', expected '$OBS_HOSTILE_HEX' first"
		fi
	fi
	obs_cleanup

	label="observe $1: a hostile process name reaches text output escaped"
	obs_helper h --comm "$OBS_HOSTILE" || { fail "$label" "$OBS_ERR"; return; }
	pid=$(cat "$OBS_DIR/h.pid")
	obs_tracer ht --attach "$mode" -p "$pid"
	# text mode prints its "# watching" line once attached
	obs_wait_start ht '^# watching ' || { fail "$label" "$OBS_ERR"; return; }
	obs_go h
	obs_helper_done h 1 || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer_done ht "$WAIT_S" || { fail "$label" "$OBS_ERR"; return; }
	if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f\xff]' "$OBS_DIR/ht.jsonl" "$OBS_DIR/ht.err"; then
		fail "$label" "raw control or 0xff bytes: $(LC_ALL=C grep -n $'[\x01-\x08\x0b-\x1f\x7f\xff]' "$OBS_DIR/ht.jsonl" "$OBS_DIR/ht.err" | od -c | head -5)"
	elif ! grep -q 'evil' "$OBS_DIR/ht.jsonl"; then
		fail "$label" "the process name is not shown: $(head -c 300 "$OBS_DIR/ht.jsonl")"
	elif grep -q 'evil"$' "$OBS_DIR/ht.jsonl"; then
		fail "$label" "the newline in the name reached the output raw"
	else
		pass "$label"
	fi
}

# bad selections: exit 2 with one line "mmsgtrace: ..." on stderr
test_observe_usage() {
	local label="observe: bad selections exit 2 with one line on stderr" rc args
	for args in "-p 999999999" "-p 1 -c x" "--all --duration 1 --syscalls sendfile" \
		"-p 1 --syscalls sendmmsg,bogus" "-p 1,x"; do
		# shellcheck disable=SC2086
		timeout -k 3 10 "$BIN" $args >/dev/null 2>"$OBS_DIR/ou.err"
		rc=$?
		if [ $rc != 2 ] || [ "$(wc -l <"$OBS_DIR/ou.err")" != 1 ] || ! grep -q '^mmsgtrace: ' "$OBS_DIR/ou.err"; then
			fail "$label" "'$args': rc=$rc, stderr: $(head -c 300 "$OBS_DIR/ou.err")"
			return
		fi
	done
	pass "$label"
}

# obs_run TEST [MODE]: run one test unless TESTS filters it out, then clean up
# the tids in the in-flight map of the mmsgtrace running under OBS_TRACER
# (timeout's child): its map ids come from its fds' fdinfo
# the tids that hold an in-flight entry: the owners of the direct-mapped
# slots and the keys of the hash that takes the threads whose slot is taken
obs_inflight_keys() {
	local child id name found=0
	child=$(cat "/proc/$OBS_TRACER/task/$OBS_TRACER/children" 2>/dev/null | awk '{ print $1 }')
	[ -n "$child" ] || return 1
	for id in $(grep -h '^map_id:' /proc/"$child"/fdinfo/* 2>/dev/null | awk '{ print $2 }' | sort -u); do
		name=$(bpftool map show id "$id" -j | jq -r .name)
		if [ "$name" = inflight ]; then
			bpftool map dump id "$id" -j | jq -r '.[].formatted.key'
			found=$((found + 1))
		elif [ "$name" = inflight_slots ]; then
			bpftool map dump id "$id" -j | jq -r '.[].formatted.value.tid | select(. != 0)'
			found=$((found + 1))
		fi
	done
	[ "$found" = 2 ]
}

# a thread's in-flight entry lives while the thread does and goes when it
# exits: a long --all run does not fill the table with dead threads. The
# sender makes its calls once the tracer is attached and then waits: it has
# an entry while it lives, and none once it has exited. (Only its own entry
# is judged: other threads of the machine come and go meanwhile.)
test_observe_inflight_reclaim() {
	local label="observe: the in-flight entry of a thread that exits is reclaimed"
	local sender keys
	obs_tracer reclaim --json --all --syscalls sendmmsg --duration "$OBS_LONG"
	obs_wait_start reclaim || { fail "$label" "$OBS_ERR"; return; }
	obs_helper_bin rs "$OTHER_SENDER" 10 || { fail "$label" "$OBS_ERR"; return; }
	sender=$(cat "$OBS_DIR/rs.pid")
	obs_go rs
	if ! wait_for "$WAIT_S" test -s "$OBS_DIR/rs.out"; then
		fail "$label" "the sender did not make its calls: $(head -c 300 "$OBS_DIR/rs.err")"
		return
	fi
	if ! keys=$(obs_inflight_keys) || ! grep -qx "$sender" <<<"$keys"; then
		fail "$label" "no entry for the running sender $sender: $(tr '\n' ' ' <<<"$keys")"
		return
	fi
	obs_go rs
	obs_helper_done rs 1 || { fail "$label" "$OBS_ERR"; return; }
	keys=$(obs_inflight_keys) || { fail "$label" "cannot read the in-flight map"; return; }
	if grep -qx "$sender" <<<"$keys"; then
		fail "$label" "the entry of the exited sender $sender remains"
		return
	fi
	pass "$label"
}

# -o FILE: the start line is in the file as soon as the tracer is attached
# (a script waits for it there before it starts its load, as README says),
# and the totals in the file are exact
test_observe_outfile_start() {
	local label="observe: -o FILE holds the start line once attached; the load started after it is exact"
	local pid got
	obs_helper h || { fail "$label" "$OBS_ERR"; return; }
	pid=$(cat "$OBS_DIR/h.pid")
	: >"$OBS_DIR/of.json"
	# no interval ends before the load: only the start line's own flush can show it
	obs_tracer of -p "$pid" -o "$OBS_DIR/of.json" --interval 3600
	if ! wait_for "$WAIT_S" obs_line_or_gone "$OBS_DIR/of.json" "$OBS_TRACER" '"type": *"start"' ||
		! grep -q '"type": *"start"' "$OBS_DIR/of.json"; then
		fail "$label" "no start line in the -o file while running: $(head -c 300 "$OBS_DIR/of.err")"
		return
	fi
	obs_go h
	obs_helper_done h 1 || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer_done of "$WAIT_S" || { fail "$label" "$OBS_ERR"; return; }
	got=$(obs_exact "$OBS_DIR/of.json" "$(obs_line h)")
	if [ "$got" != true ]; then
		fail "$label" "$got"
		return
	fi
	pass "$label"
}

# --quiet: no text line per fork or exit (the JSON file keeps both objects);
# -c NAME that no task has yet: one line on stderr saying so, and the wait goes on
test_observe_quiet() {
	local label="observe: --quiet hides fork/exit lines, -o keeps them; -c of no task says so once"
	local pid child name="nosuch$$"
	obs_helper q --fork || { fail "$label" "$OBS_ERR"; return; }
	pid=$(cat "$OBS_DIR/q.pid")
	obs_tracer qt -p "$pid" --quiet -o "$OBS_DIR/q.json"
	obs_wait_start qt '^# watching' || { fail "$label" "$OBS_ERR"; return; }
	obs_go q
	obs_helper_done q 2 || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer_done qt "$WAIT_S" || { fail "$label" "$OBS_ERR"; return; }
	child=$(jq --argjson pid "$pid" 'select(.pid != $pid) | .pid' "$OBS_DIR/q.out")
	if grep -qE '^# [0-9.]+s: [0-9]+ \(.*\) (forked|exited)' "$OBS_DIR/qt.jsonl" ||
		! jq -se --argjson pid "$pid" --argjson child "$child" '
			any(.[]; .type == "fork" and .pid == $pid and .child == $child)
			and any(.[]; .type == "exit" and .pid == $pid)' "$OBS_DIR/q.json" >/dev/null; then
		fail "$label" "text: $(grep -E 'forked|exited' "$OBS_DIR/qt.jsonl" | head -c 200); json: $(jq -c 'select(.type == "fork" or .type == "exit")' "$OBS_DIR/q.json" | tr '\n' ' ')"
		return
	fi
	name=${name:0:15}
	obs_tracer qn -c "$name" --duration 0.2
	obs_tracer_done qn "$WAIT_S" || { fail "$label" "$OBS_ERR"; return; }
	if [ "$(grep -c "no task named '$name' runs yet: waiting for one to start" "$OBS_DIR/qn.err")" != 1 ] ||
		[ "$(wc -l <"$OBS_DIR/qn.err")" != 1 ]; then
		fail "$label" "-c $name: stderr: $(head -c 300 "$OBS_DIR/qn.err")"
		return
	fi
	# a task of that name exists: no such line
	obs_helper qc --comm "$name" || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer qm -c "$name" --duration 0.2
	obs_tracer_done qm "$WAIT_S" || { fail "$label" "$OBS_ERR"; return; }
	if [ -s "$OBS_DIR/qm.err" ]; then
		fail "$label" "-c of a running task: stderr: $(head -c 300 "$OBS_DIR/qm.err")"
		return
	fi
	obs_go qc
	obs_helper_done qc 1 || { fail "$label" "$OBS_ERR"; return; }
	pass "$label"
}

# the batching report on patterns whose answer follows from the pattern
# alone (patterns.c: pingpong, burst, batched). --burst-gap is a minute, so
# no pause of a loaded machine splits a burst: only the receives do.
# obs_batching NAME GROUP ARGS...: the helper runs GROUP watched with ARGS;
# its process object is left in OBS_PROC
obs_batching() {
	local name=$1 group=$2 pid got
	shift 2
	obs_helper "$name" --only "$group" || return 1
	pid=$(cat "$OBS_DIR/$name.pid")
	obs_tracer "$name-t" --json -p "$pid" --burst-gap 60s "$@"
	obs_wait_start "$name-t" || return 1
	obs_go "$name"
	obs_helper_done "$name" 1 || return 1
	obs_tracer_done "$name-t" "$WAIT_S" || return 1
	OBS_PROC=$(jq -c 'select(.type == "process")' "$OBS_DIR/$name-t.jsonl")
	got=$(obs_exact "$OBS_DIR/$name-t.jsonl" "$(obs_line "$name")")
	if [ "$got" != true ] && [ $# = 0 ]; then
		OBS_ERR="totals: $got"
		return 1
	fi
}

test_observe_batching() {
	local label="observe: batching verdicts of a ping-pong, a burst sender and a batched sender, calls saved exactly"
	local got
	obs_batching bp pingpong || { fail "$label" "pingpong: $OBS_ERR"; return; }
	got=$(jq -c '.batching | if .verdict == "nothing_to_batch" and .calls_saved == 0
		and .added_wait_p50_ns == null and .receives_watched
		and ([.per_fd[].bursts_cut_by_receive] | add) == 79 then true else . end' <<<"$OBS_PROC")
	[ "$got" = true ] || { fail "$label" "pingpong: $got"; return; }
	obs_batching bb burst || { fail "$label" "burst: $OBS_ERR"; return; }
	got=$(jq -c '.batching | if (.verdict == "worth_it" or .verdict == "little_to_gain")
		and .calls_saved == 300 and .time_saved_ns > 0 and .added_wait_p50_ns > 0
		and .added_wait_p99_ns >= .added_wait_p50_ns
		and (.per_fd | length) == 1 and .per_fd[0].joined_bursts == 20
		and .per_fd[0].bursts == 20 and .per_fd[0].bursts_cut_by_receive == 20
		then true else . end' <<<"$OBS_PROC")
	[ "$got" = true ] || { fail "$label" "burst: $got"; return; }
	obs_batching bm batched || { fail "$label" "batched: $OBS_ERR"; return; }
	got=$(jq -c '.batching | if .verdict == "already_batched" and .calls_saved == 0
		and .multi_msg_share == 1 and .per_fd[0].recvmmsg.calls >= 20
		and .per_fd[0].recvmmsg.vlen_max == 64 and .per_fd[0].recvmmsg.ret_max <= 64
		then true else . end' <<<"$OBS_PROC")
	[ "$got" = true ] || { fail "$label" "batched: $got"; return; }
	# without the receives the rule cannot be applied
	obs_batching bu burst --syscalls sendto || { fail "$label" "burst, sendto only: $OBS_ERR"; return; }
	got=$(jq -c '.batching | if .verdict == "unknown" and (.receives_watched | not) then true
		else . end' <<<"$OBS_PROC")
	[ "$got" = true ] || { fail "$label" "burst, sendto only: $got"; return; }
	# the text summary says the verdict in words
	obs_helper bt --only burst || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer btt -p "$(cat "$OBS_DIR/bt.pid")" --burst-gap 60s
	obs_wait_start btt '^# watching' || { fail "$label" "$OBS_ERR"; return; }
	obs_go bt
	obs_helper_done bt 1 || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer_done btt "$WAIT_S" || { fail "$label" "$OBS_ERR"; return; }
	if ! grep -qE '^  batching verdict \(ESTIMATE\): (worth it: .* calls/s that batching would save|little to gain: the 300 calls)' "$OBS_DIR/btt.jsonl" ||
		! grep -q 'the price: the first message of each of the 20 batches would wait' "$OBS_DIR/btt.jsonl"; then
		fail "$label" "text: $(grep -A3 'batching verdict' "$OBS_DIR/btt.jsonl" | head -c 500)"
		return
	fi
	pass "$label"
}

obs_run() {
	if [ -n "${TESTS:-}" ] && ! [[ "$1" =~ $TESTS ]]; then
		return
	fi
	"$@"
	obs_cleanup
	json_collect "$*"
}

run_observe_tests() {
	local reason mode t
	OBS_DIR=$ITMP/observe
	mkdir -p "$OBS_DIR" || return
	for t in "$PATTERNS" "$COMPAT"; do
		if ! [ -x "$t" ]; then
			fail "observe tests" "$t is not built (make $t)"
			return
		fi
	done
	if ! reason=$(bpf_probe); then
		skip "observe tests" "$reason"
		return
	fi
	obs_run test_observe_usage
	obs_run test_observe_inflight_reclaim
	# one attach mode is enough for these
	for t in test_observe_events test_observe_two_helpers test_observe_comm test_observe_cgroup \
		test_observe_per_thread test_observe_hostile_comm test_observe_leader_exits \
		test_observe_fork_early test_observe_outfile_start test_observe_quiet \
		test_observe_batching; do
		obs_run "$t" raw
	done
	for mode in raw tp; do
		obs_run test_observe_exact "$mode"
		obs_run test_observe_fork "$mode"
		obs_run test_observe_compat "$mode"
		obs_run test_observe_writes "$mode"
		obs_run test_observe_blocking "$mode"
		obs_run test_observe_iperf3 "$mode"
		obs_run test_observe_interrupt "$mode"
		obs_run test_observe_hidden "$mode"
		obs_run test_observe_drops "$mode"
	done
}
