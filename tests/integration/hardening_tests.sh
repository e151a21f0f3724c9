# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#
# Hardening tests: how runs end (signals, a closed pipe, a second Ctrl-C,
# SIGKILL), that nothing outlives a run (BPF programs, maps, links, threads,
# sockets), that two instances each count exactly their own calls, and that
# an overloaded ring buffer loses records but never totals. Sourced by
# bpf_tests.sh, which provides pass/fail/skip, $BIN, $ITMP, $EXACT and
# bpf_probe; the patterns helper is driven with observe_tests.sh's obs_*.
#
# Every mmsgtrace runs under timeout(1); the tests signal mmsgtrace itself
# (timeout's child), never timeout, so it gets exactly the signals sent.
# hd_cleanup kills what a test left running, by pid, pass or fail.

HD_TIMEOUT=$((WAIT_S * 3))	# hard limit on one run, seconds (a failsafe)
HD_LONG=$((WAIT_S * 2))		# --duration of a run the test stops itself
HD_DIR=			# $ITMP/hardening, set by run_hardening_tests
HD_TPIDS=()		# timeout processes started by the running test
HD_KIDS=()		# their mmsgtrace children
HD_PID=			# the last started mmsgtrace
HD_TPID=		# its timeout process
HD_RC=			# exit code left by hd_finish
HD_MS=			# milliseconds hd_finish waited
HD_ERR=			# why the last hd_* step failed

hd_now_us() {
	echo "${EPOCHREALTIME/./}"
}

# is PID alive (a zombie is not)?
hd_alive() {
	local stat
	{ read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
	stat=${stat##*) }
	[ "${stat%% *}" != Z ]
}

# is PID still the mmsgtrace we started (not a reused pid)?
hd_is_ours() {
	hd_alive "$1" && [ "$(readlink "/proc/$1/exe" 2>/dev/null)" = "$(readlink -f "$BIN")" ]
}

# hd_start NAME ARGS...: mmsgtrace ARGS in the background under a timeout,
# stdout to $HD_DIR/NAME.out, stderr to NAME.err; HD_PID is mmsgtrace's pid
# (once it has exec'd), HD_TPID timeout's. When NAME.out is a fifo, stdout is
# opened on it read-write: nobody else reads it, so writes block once it is full.
hd_start() {
	local name=$1 kid i
	shift
	# emptied here, not by the background job's redirection: a wait for its
	# first line must not find the previous pass's
	: >"$HD_DIR/$name.err"
	if [ -p "$HD_DIR/$name.out" ]; then
		timeout -k 3 "$HD_TIMEOUT" "$BIN" "$@" 1<>"$HD_DIR/$name.out" 2>>"$HD_DIR/$name.err" &
	else
		: >"$HD_DIR/$name.out"
		timeout -k 3 "$HD_TIMEOUT" "$BIN" "$@" >>"$HD_DIR/$name.out" 2>>"$HD_DIR/$name.err" &
	fi
	HD_TPID=$!
	HD_TPIDS+=("$HD_TPID")
	HD_PID=
	if wait_for "$WAIT_S" hd_started "$HD_TPID" && [ -n "$HD_PID" ]; then
		HD_KIDS+=("$HD_PID")
		return 0
	fi
	HD_ERR="mmsgtrace $name did not start: $(head -c 300 "$HD_DIR/$name.err")"
	return 1
}

# hd_started TPID: timeout TPID's child is our mmsgtrace (HD_PID), or TPID ended
hd_started() {
	local kid
	kid=$(cat "/proc/$1/task/$1/children" 2>/dev/null)
	kid=${kid%% *}
	if [ -n "$kid" ] && hd_is_ours "$kid"; then
		HD_PID=$kid
		return 0
	fi
	! hd_alive "$1"
}

# hd_wait_line NAME PID TYPE [REGEX]: a {"type":TYPE} line (that also
# matches REGEX) appeared in NAME.out while PID ran
hd_wait_line() {
	local name=$1 pid=$2 type=$3 re=${4:-}
	if ! wait_for "$WAIT_S" hd_line_or_gone "$HD_DIR/$name.out" "$pid" "\"type\": *\"$type\".*$re"; then
		HD_ERR="no $type line from $name within $WAIT_S s"
		return 1
	fi
	grep -q "\"type\": *\"$type\".*$re" "$HD_DIR/$name.out" 2>/dev/null && return 0
	HD_ERR="mmsgtrace $name exited before its first $type line: $(head -c 300 "$HD_DIR/$name.err")"
	return 1
}

# hd_line_or_gone FILE PID REGEX: FILE has a line matching REGEX, or PID is gone
hd_line_or_gone() {
	grep -q "$3" "$1" 2>/dev/null || ! hd_alive "$2"
}

# a drive run's interval line that counts calls: it has sent
HD_SENT='"calls":[1-9]'


# hd_finish TPID SECONDS: the timeout process TPID (and so its mmsgtrace)
# ended within SECONDS; its exit code goes to HD_RC, the wait to HD_MS.
# Nothing it says goes to stderr: it only reaps
hd_finish() {
	local tpid=$1 limit_us=$(($2 * 1000000)) t0
	t0=$(hd_now_us)
	HD_RC=
	while hd_alive "$tpid"; do
		HD_MS=$((($(hd_now_us) - t0) / 1000))
		if [ $((HD_MS * 1000)) -gt "$limit_us" ]; then
			HD_ERR="still running after $2 s"
			return 1
		fi
		sleep 0.01
	done
	HD_MS=$((($(hd_now_us) - t0) / 1000))
	wait "$tpid"
	HD_RC=$?
} 2>/dev/null	# and bash's "Killed" notice for a job that died by a signal

# hd_signal_stop NAME SIG: SIG to the running mmsgtrace; it must end with
# exit code 0 (WAIT_S at most)
hd_signal_stop() {
	local name=$1 sig=$2 tpid=$HD_TPID pid=$HD_PID
	kill "-$sig" "$pid"
	if ! hd_finish "$tpid" "$WAIT_S"; then
		HD_ERR="$sig: $HD_ERR"
		return 1
	fi
	if [ "$HD_RC" != 0 ]; then
		HD_ERR="$sig: exit code $HD_RC after $HD_MS ms: $(head -c 300 "$HD_DIR/$name.err")"
		return 1
	fi
}

# hd_summary NAME EXPR: NAME.out's last summary line parses and satisfies
# EXPR; prints "true" or what it has
hd_summary() {
	local name=$1 expr=$2 line
	line=$(grep '"type": *"summary"' "$HD_DIR/$name.out" | tail -1)
	if [ -z "$line" ]; then
		echo "no summary line: $(tail -c 200 "$HD_DIR/$name.out")"
		return
	fi
	jq -c "if $expr then true else {calls, msgs, bytes, errors, lost_events, records, sampled,
		seconds, driver, match} | with_entries(select(.value != null)) end" <<<"$line" 2>&1 ||
		echo "summary does not parse: ${line:0:200}"
}

# kill what the last test left running, only the pids it started
hd_cleanup() {
	local pid
	for pid in "${HD_KIDS[@]}"; do
		hd_is_ours "$pid" && kill -KILL "$pid" 2>/dev/null
	done
	for pid in "${HD_TPIDS[@]}"; do
		hd_finish "$pid" 3 || { kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
	done
	HD_KIDS=()
	HD_TPIDS=()
}

# BPF objects on the machine, one "KIND ID NAME" a line
hd_bpf_ids() {
	local kind
	for kind in prog map link; do
		bpftool -j "$kind" show 2>/dev/null | jq -r --arg k "$kind" \
			'.[] | "\($k) \(.id) \(.name // .tp_name // .type // "")"'
	done | sort
}

# BPF objects held through a file descriptor, "KIND ID" a line: of PID, or
# of every process
hd_held() {
	local files
	if [ -n "${1:-}" ]; then
		files=("/proc/$1/fdinfo/"*)
	else
		files=(/proc/[0-9]*/fdinfo/*)
	fi
	grep -h -E '^(prog|map|link)_id:' "${files[@]}" 2>/dev/null |
		awk '{ sub(/_id:$/, "", $1); print $1, $2 }' | sort -u
}

# the inodes of PID's sockets
hd_socket_inodes() {
	local fd l
	for fd in "/proc/$1/fd/"*; do
		l=$(readlink "$fd" 2>/dev/null) || continue
		[[ "$l" =~ ^socket:\[([0-9]+)\]$ ]] && echo "${BASH_REMATCH[1]}"
	done
}

# UDP sockets of the machine (this network namespace), by inode
hd_udp_inodes() {
	awk 'FNR > 1 { print $10 }' /proc/net/udp /proc/net/udp6 2>/dev/null | sort -u
}

# hd_leftovers BEFORE: BPF objects that did not exist in BEFORE (hd_bpf_ids
# output) and are still there, other than those another live process holds;
# waits up to WAIT_S for them to go (the kernel frees them once the last
# reference is gone, some of it deferred). Prints what is left, nothing when
# nothing is.
HD_LEFT=
hd_none_left() {
	HD_LEFT=$(comm -13 <(echo "$1") <(hd_bpf_ids))
	if [ -n "$HD_LEFT" ]; then
		HD_LEFT=$(awk 'FILENAME == ARGV[1] { held[$1 " " $2] = 1; next } !(($1 " " $2) in held)' \
			<(hd_held) <(echo "$HD_LEFT"))
	fi
	[ -z "$HD_LEFT" ]
}

hd_leftovers() {
	wait_for "$WAIT_S" hd_none_left "$1" && return 0
	echo "$HD_LEFT" | tr '\n' ' '
}

# hd_totals_map PID: the id of the BPF map named "totals" that PID holds
hd_totals_map() {
	awk 'FILENAME == ARGV[1] { if ($1 == "map") held[$2] = 1; next }
		$1 == "map" && ($2 in held) && $3 == "totals" { print $2 }' \
		<(hd_held "$1") <(hd_bpf_ids) | head -1
}

# hd_own_totals PID PID: while both run, each holds a "totals" map of its own
# (once both have loaded); HD_ERR says what was seen when not
HD_OWN_A= HD_OWN_B=
hd_own_maps() {
	if ! hd_alive "$1" || ! hd_alive "$2"; then
		return 0
	fi
	HD_OWN_A=$(hd_totals_map "$1")
	HD_OWN_B=$(hd_totals_map "$2")
	[ -n "$HD_OWN_A" ] && [ -n "$HD_OWN_B" ] && [ "$HD_OWN_A" != "$HD_OWN_B" ]
}

hd_own_totals() {
	HD_OWN_A= HD_OWN_B=
	if wait_for "$WAIT_S" hd_own_maps "$1" "$2" && hd_alive "$1" && hd_alive "$2"; then
		return 0
	fi
	HD_ERR="while both ran, pid $1 held totals map '$HD_OWN_A', pid $2 '$HD_OWN_B' (want one each, not shared); bpftool shows $(bpftool -j map show 2>/dev/null | jq '[.[] | select(.name == "totals")] | length') totals map(s)"
	return 1
}

# 1. the first SIGINT, SIGTERM or SIGHUP stops a run cleanly, with its
# summary: sent once the run has sent (drive) or is attached (observe), and
# the run ends long before its --duration would end it
test_hardening_signals() {
	local sig label got
	for sig in INT TERM HUP; do
		label="hardening: SIG$sig stops a drive run cleanly: exit 0, summary matches"
		hd_start d --json --vlen 8 --duration "$HD_LONG" --interval 0.1 || { fail "$label" "$HD_ERR"; continue; }
		hd_wait_line d "$HD_PID" interval "$HD_SENT" || { fail "$label" "$HD_ERR"; continue; }
		hd_signal_stop d "$sig" || { fail "$label" "$HD_ERR"; continue; }
		got=$(hd_summary d '.mode == "drive" and .match == true and .calls > 0
			and .calls == .driver.calls and .seconds < '"$HD_LONG")
		if [ "$got" = true ]; then pass "$label"; else fail "$label" "$got"; fi
	done
	for sig in INT TERM HUP; do
		label="hardening: SIG$sig stops an observe run cleanly: exit 0, summary"
		hd_start o --json --all --duration "$HD_LONG" || { fail "$label" "$HD_ERR"; continue; }
		hd_wait_line o "$HD_PID" start || { fail "$label" "$HD_ERR"; continue; }
		hd_signal_stop o "$sig" || { fail "$label" "$HD_ERR"; continue; }
		got=$(hd_summary o '.mode == "observe" and .select == "all" and .seconds < '"$HD_LONG")
		if [ "$got" = true ]; then pass "$label"; else fail "$label" "$got"; fi
	done
}

# 2. a reader that goes away (| head -1) ends the run: exit 0, no error, long
# before its --duration
test_hardening_pipe() {
	local label t0 ms rc first
	label="hardening: drive text output into '| head -1' ends the run, exit 0, stderr empty"
	t0=$(hd_now_us)
	timeout -k 3 "$HD_TIMEOUT" "$BIN" --vlen 8 --duration "$HD_LONG" --interval 0.1 \
		2>"$HD_DIR/p1.err" | head -1 >"$HD_DIR/p1.out"
	rc=${PIPESTATUS[0]}
	first=$(cat "$HD_DIR/p1.out")
	ms=$((($(hd_now_us) - t0) / 1000))
	if [ "$ms" -ge $((HD_LONG * 1000)) ] || [ "$rc" != 0 ] || [ -s "$HD_DIR/p1.err" ] || [[ "$first" != "# vlen 8,"* ]]; then
		fail "$label" "${ms} ms, exit code $rc, first line '$first', stderr: $(head -c 300 "$HD_DIR/p1.err")"
	else
		pass "$label"
	fi
	label="hardening: observe JSON output into '| head -1' ends the run, exit 0, stderr empty"
	t0=$(hd_now_us)
	timeout -k 3 "$HD_TIMEOUT" "$BIN" --json --all --duration "$HD_LONG" --interval 0.1 \
		2>"$HD_DIR/p2.err" | head -1 >"$HD_DIR/p2.out"
	rc=${PIPESTATUS[0]}
	first=$(cat "$HD_DIR/p2.out")
	ms=$((($(hd_now_us) - t0) / 1000))
	if [ "$ms" -ge $((HD_LONG * 1000)) ] || [ "$rc" != 0 ] || [ -s "$HD_DIR/p2.err" ] ||
		! jq -e '.type == "start" and .mode == "observe"' <<<"$first" >/dev/null 2>&1; then
		fail "$label" "${ms} ms, exit code $rc, first line '$first', stderr: $(head -c 300 "$HD_DIR/p2.err")"
	else
		pass "$label"
	fi
}

# 3. a second Ctrl-C does not wait for the clean stop. The first SIGINT's
# handler (SA_RESETHAND) leaves SIGINT uncaught once it has run: the second
# is sent then, and kills (130) whatever the run is doing. A plain run may
# finish its clean stop first (0, nothing left to kill); one whose stdout is
# a full pipe that nobody reads cannot (it waits in write), so there the
# second SIGINT must be what ends it.
test_hardening_second_sigint() {
	local label pid
	label="hardening: a second SIGINT after the first was handled: the run is gone (130, or 0 when the clean stop was done)"
	hd_start s --json --vlen 8 --duration "$HD_LONG" || { fail "$label" "$HD_ERR"; return; }
	pid=$HD_PID
	hd_wait_line s "$pid" start || { fail "$label" "$HD_ERR"; return; }
	kill -INT "$pid"
	wait_for "$WAIT_S" sigint_handled "$pid" || { fail "$label" "the first SIGINT was not handled"; return; }
	hd_alive "$pid" && kill -INT "$pid" 2>/dev/null
	if ! hd_finish "$HD_TPID" "$WAIT_S"; then
		fail "$label" "$HD_ERR"
	elif [ "$HD_RC" != 130 ] && [ "$HD_RC" != 0 ]; then
		fail "$label" "exit code $HD_RC, expected 130 (SIGINT) or 0: $(head -c 300 "$HD_DIR/s.err")"
	elif [ -e "/proc/$pid" ]; then
		fail "$label" "/proc/$pid still exists"
	else
		pass "$label"
	fi

	label="hardening: a second SIGINT kills a run stuck writing to a full pipe (130)"
	rm -f "$HD_DIR/sb.out"
	mkfifo "$HD_DIR/sb.out" || { fail "$label" "mkfifo failed"; return; }
	hd_start sb --json --events --vlen 1 --duration "$HD_LONG" || { fail "$label" "$HD_ERR"; return; }
	pid=$HD_PID
	if ! wait_for "$WAIT_S" hd_stuck_writing "$pid"; then
		fail "$label" "the main thread is not waiting in write(2) on the full pipe"
		return
	fi
	kill -INT "$pid"
	# handled, and stuck again: the clean stop cannot end this run
	if ! wait_for "$WAIT_S" sigint_handled "$pid" || ! wait_for "$WAIT_S" hd_stuck_writing "$pid"; then
		fail "$label" "after the first SIGINT: state $(task_state "$pid"), $(grep SigCgt "/proc/$pid/status" 2>&1)"
		return
	fi
	kill -INT "$pid"
	if ! hd_finish "$HD_TPID" "$WAIT_S"; then
		fail "$label" "$HD_ERR"
	elif [ "$HD_RC" != 130 ]; then
		fail "$label" "exit code $HD_RC, expected 130 (killed by the second SIGINT): $(head -c 300 "$HD_DIR/sb.err")"
	elif [ -e "/proc/$pid" ]; then
		fail "$label" "/proc/$pid still exists"
	else
		pass "$label"
	fi
}

# hd_stuck_writing PID: PID's main thread waits in write(2)
hd_stuck_writing() {
	asleep_in "$1" "$NR_WRITE" | grep -qx "$1"
}

# hd_killed_leaves_nothing LABEL NAME ARGS...: start a run, wait until it is
# attached and running, SIGKILL it; then its process (threads and all) and
# sockets are gone, and so is every BPF object it created
hd_killed_leaves_nothing() {
	local label=$1 name=$2 before pid held names socks udp left observe=0
	shift 2
	[[ " $* " == *" --all "* ]] && observe=1
	before=$(hd_bpf_ids)
	hd_start "$name" "$@" || { fail "$label" "$HD_ERR"; return; }
	pid=$HD_PID
	# attached: both modes print their start line once the programs are
	# attached (and a drive run's sockets are open)
	hd_wait_line "$name" "$pid" start || { fail "$label" "$HD_ERR"; return; }
	held=$(hd_held "$pid")
	socks=$(hd_socket_inodes "$pid" | sort -u)
	# its programs: new ones, named as ours
	names=$(awk 'FILENAME == ARGV[1] { if ($1 == "prog") held[$2] = 1; next }
		$1 == "prog" && ($2 in held) { print $3 }' <(echo "$held") <(comm -13 <(echo "$before") <(hd_bpf_ids)) |
		sort -u | tr '\n' ' ')
	if [[ " $names " != *" raw_enter "* ]] || [[ " $names " != *" raw_exit "* ]]; then
		fail "$label" "its programs raw_enter and raw_exit are not loaded: new programs it holds: '$names'"
		return
	fi
	# a drive run's sockets (senders, sink) are UDP; an observe run has none open
	if [ "$observe" = 0 ] && { [ -z "$socks" ] || [ -z "$(comm -12 <(echo "$socks") <(hd_udp_inodes))" ]; }; then
		fail "$label" "no UDP socket of pid $pid found while it runs (sockets: $(echo "$socks" | tr '\n' ' '))"
		return
	fi
	kill -KILL "$pid"
	if ! hd_finish "$HD_TPID" "$WAIT_S"; then
		fail "$label" "SIGKILL: $HD_ERR"
		return
	fi
	if [ -e "/proc/$pid" ]; then
		fail "$label" "/proc/$pid (its threads) still exists after SIGKILL"
		return
	fi
	udp=$(comm -12 <(echo "$socks") <(hd_udp_inodes))
	if [ -n "$udp" ]; then
		fail "$label" "its UDP sockets remain: inodes $(echo "$udp" | tr '\n' ' ')"
		return
	fi
	left=$(hd_leftovers "$before")
	if [ -n "$left" ]; then
		fail "$label" "BPF objects left after $WAIT_S s: $left"
		return
	fi
	pass "$label"
}

# 4. nothing outlives a run: BPF objects, threads, sockets
test_hardening_leftovers() {
	local label before left got
	hd_killed_leaves_nothing "hardening: drive run killed with SIGKILL leaves no BPF object, thread or socket" \
		k --json --vlen 8 --duration "$HD_LONG"
	hd_cleanup
	hd_killed_leaves_nothing "hardening: observe run killed with SIGKILL leaves no BPF object, thread or socket" \
		ko --json --all --attach raw --duration "$HD_LONG"
	hd_cleanup
	label="hardening: a --count run that ends normally leaves no BPF object"
	before=$(hd_bpf_ids)
	hd_start n --json --vlen 8 --count 2000 || { fail "$label" "$HD_ERR"; return; }
	if ! hd_finish "$HD_TPID" "$WAIT_S" || [ "$HD_RC" != 0 ]; then
		fail "$label" "exit code ${HD_RC:-none}, ${HD_ERR:-}: $(head -c 300 "$HD_DIR/n.err")"
		return
	fi
	got=$(hd_summary n '.match == true and .calls == 2000 and .attach == "raw"')
	if [ "$got" != true ]; then
		fail "$label" "$got"
		return
	fi
	left=$(hd_leftovers "$before")
	if [ -n "$left" ]; then
		fail "$label" "BPF objects left after $WAIT_S s: $left"
		return
	fi
	pass "$label"
}

# 5. two instances at once: each counts exactly its own calls. Both run
# until stopped, so they overlap by construction: each holds a totals map of
# its own while both run, and each has sent since the other was attached.
# Paced (1000 calls/s each) so that no run, whatever its length up to the
# timeout, makes more records than the ring buffer holds.
HD_PACED_VLEN16=(--vlen 16 --rate 16000 --interval 0.1)

# hd_sends_after NAME N: NAME.out has more than N interval lines with calls
hd_sends_after() {
	[ "$(grep -c "\"type\":\"interval\".*$HD_SENT" "$HD_DIR/$1.out")" -gt "$2" ]
}

test_hardening_two_instances() {
	local label tpa tpb pida pidb own=true got vlen name n pid tp
	label="hardening: two drive runs at once each count exactly their own calls"
	hd_start a --json "${HD_PACED_VLEN16[@]}" --duration "$HD_LONG" || { fail "$label" "$HD_ERR"; return; }
	tpa=$HD_TPID
	pida=$HD_PID
	hd_wait_line a "$pida" start || { fail "$label" "$HD_ERR"; return; }
	hd_start b --json --vlen 7 --rate 7000 --interval 0.1 --duration "$HD_LONG" ||
		{ fail "$label" "$HD_ERR"; return; }
	tpb=$HD_TPID
	pidb=$HD_PID
	hd_wait_line b "$pidb" start || { fail "$label" "$HD_ERR"; return; }
	# while both run, each has its own maps, and each sends
	hd_own_totals "$pida" "$pidb" || own=$HD_ERR
	n=$(grep -c "\"type\":\"interval\".*$HD_SENT" "$HD_DIR/a.out")
	if ! wait_for "$WAIT_S" hd_sends_after a "$n" || ! wait_for "$WAIT_S" hd_sends_after b 0; then
		fail "$label" "the two runs did not both send while both were attached"
		return
	fi
	kill -INT "$pida" "$pidb"
	for name in a b; do
		if [ $name = a ]; then vlen=16 tp=$tpa pid=$pida; else vlen=7 tp=$tpb pid=$pidb; fi
		if ! hd_finish "$tp" "$WAIT_S" || [ "$HD_RC" != 0 ]; then
			fail "$label" "run $name (vlen $vlen): exit code ${HD_RC:-none} ${HD_ERR:-}: $(head -c 300 "$HD_DIR/$name.err")"
			return
		fi
		got=$(hd_summary $name "$EXACT and .calls > 0 and .msgs == .calls * $vlen
			and .bytes == .msgs * 64 and .errors == 0")
		if [ "$got" != true ]; then
			fail "$label" "run $name (vlen $vlen): $got"
			return
		fi
	done
	if [ "$own" != true ]; then
		fail "$label" "$own"
		return
	fi
	pass "$label"

	label="hardening: an observe run (-p) and a drive run at once each count exactly their own"
	hd_observe_and_drive "$label"
}

hd_observe_and_drive() {
	local label=$1 hpid tpo opid tpd dpid line own=true got
	obs_helper h || { fail "$label" "$OBS_ERR"; return; }
	hpid=$(cat "$HD_DIR/h.pid")
	hd_start ob --json -p "$hpid" || { fail "$label" "$HD_ERR"; return; }
	tpo=$HD_TPID
	opid=$HD_PID
	hd_wait_line ob "$opid" start || { fail "$label" "$HD_ERR"; return; }
	hd_start dr --json "${HD_PACED_VLEN16[@]}" --duration "$HD_LONG" || { fail "$label" "$HD_ERR"; return; }
	tpd=$HD_TPID
	dpid=$HD_PID
	hd_wait_line dr "$dpid" interval "$HD_SENT" || { fail "$label" "$HD_ERR"; return; }
	hd_own_totals "$opid" "$dpid" || own=$HD_ERR
	obs_go h
	obs_helper_done h 1 || { fail "$label" "$OBS_ERR"; return; }
	if ! hd_alive "$dpid"; then
		fail "$label" "the drive run ended before the helper had run: no overlap"
		return
	fi
	if [ "$own" != true ]; then
		fail "$label" "$own"
		return
	fi
	if ! hd_finish "$tpo" "$WAIT_S" || [ "$HD_RC" != 0 ]; then
		fail "$label" "observe run: exit code ${HD_RC:-none} ${HD_ERR:-}: $(head -c 300 "$HD_DIR/ob.err")"
		return
	fi
	line=$(obs_line h)
	got=$(obs_exact "$HD_DIR/ob.out" "$line")
	if [ "$got" != true ]; then
		fail "$label" "observe run: $got"
		return
	fi
	if ! jq -se --argjson pid "$hpid" '[.[] | select(.type == "process") | .pid] == [$pid]
		and (.[] | select(.type == "summary") | .processes == 1)' "$HD_DIR/ob.out" >/dev/null; then
		fail "$label" "observe run counted other processes: $(jq -c 'select(.type == "process") | .pid' "$HD_DIR/ob.out" | tr '\n' ' ')"
		return
	fi
	kill -INT "$dpid"
	if ! hd_finish "$tpd" "$WAIT_S" || [ "$HD_RC" != 0 ]; then
		fail "$label" "drive run: exit code ${HD_RC:-none} ${HD_ERR:-}: $(head -c 300 "$HD_DIR/dr.err")"
		return
	fi
	got=$(hd_summary dr "$EXACT and .calls > 0 and .msgs == .calls * 16 and .bytes == .msgs * 64")
	if [ "$got" != true ]; then
		fail "$label" "drive run: $got"
		return
	fi
	pass "$label"
}

# hd_kernel_lost PID: lost_events in the totals map PID holds, all CPUs and slots
hd_kernel_lost() {
	local id
	id=$(hd_totals_map "$1")
	[ -n "$id" ] && bpftool -j map dump id "$id" 2>/dev/null |
		jq '[.[].formatted.values[].value.lost_events] | add'
}

# hd_has_lost PID: the run's kernel totals count lost records
hd_has_lost() {
	[ "$(hd_kernel_lost "$1")" -gt 0 ] 2>/dev/null
}

# hd_overload NAME ARGS...: a 4 KiB ring buffer that the consumer cannot
# drain: its --events output goes to a pipe nobody reads, so once the pipe is
# full the main thread, which is also the consumer, waits in write while the
# two driver threads go on. Once the kernel has counted lost records, the
# pipe is read (to NAME.txt) and the run stopped with SIGINT; exit 0.
hd_overload() {
	local name=$1 pid reader
	shift
	rm -f "$HD_DIR/$name.out"
	mkfifo "$HD_DIR/$name.out" || { HD_ERR="mkfifo failed"; return 1; }
	hd_start "$name" --events --vlen 1 --size 0 --threads 2 --ringbuf-size 4096 \
		--duration "$HD_LONG" "$@" || return 1
	pid=$HD_PID
	if ! wait_for "$WAIT_S" hd_stuck_writing "$pid"; then
		HD_ERR="the consumer is not waiting in write(2) on the full pipe"
		return 1
	fi
	if ! wait_for "$WAIT_S" hd_has_lost "$pid"; then
		HD_ERR="no lost records in the kernel totals while the consumer waits: $(hd_kernel_lost "$pid")"
		return 1
	fi
	cat "$HD_DIR/$name.out" >"$HD_DIR/$name.txt" &
	reader=$!
	kill -INT "$pid"
	if ! hd_finish "$HD_TPID" "$WAIT_S" || [ "$HD_RC" != 0 ]; then
		HD_ERR="exit code ${HD_RC:-none} ${HD_ERR:-}: $(head -c 300 "$HD_DIR/$name.err")"
		kill "$reader" 2>/dev/null
		wait "$reader" 2>/dev/null
		return 1
	fi
	wait "$reader"
}

# 6. a 4 KiB ring buffer the consumer cannot drain: records are lost, totals
# are not
test_hardening_overload() {
	local label="hardening: overloaded 4 KiB ring buffer loses records, totals stay exact (JSON)"
	local got lost
	if ! hd_overload ov --json; then
		fail "$label" "$HD_ERR"
	else
		cp "$HD_DIR/ov.txt" "$HD_DIR/ovs.out"
		got=$(hd_summary ovs '.lost_events > 0 and .sampled == true and .match == true
			and .calls == .driver.calls and .msgs == .driver.msgs and .bytes == .driver.bytes
			and .records + .lost_events == .calls')
		if [ "$got" = true ]; then pass "$label"; else fail "$label" "$got"; fi
	fi

	label="hardening: overloaded 4 KiB ring buffer: the text summary shows the lost events, sampled"
	hd_overload ovt || { fail "$label" "$HD_ERR"; return; }
	# the summary's totals line, after the "summary:" header
	lost=$(awk '/^summary:/ { s = 1 } s && $1 == "lost_events" { print; exit }' "$HD_DIR/ovt.txt")
	if ! [[ "$lost" =~ ^\ *lost_events\ +[1-9][0-9]*\ .*sampled ]]; then
		fail "$label" "summary line '${lost:-none}' (want lost_events > 0 and 'sampled')"
		return
	fi
	pass "$label"
}

# A blocked send interrupted by SIGSTOP/SIGCONT is restarted by the kernel:
# the caller sees one call, and so must the tracer (it sees a restart code
# at the first exit, then the call entering again). Each stop lands while
# the driver thread waits inside sendmmsg (a unix queue nobody reads), and
# the next stop only once it waits there again: five restarts, each forced.
test_hardening_restart() {
	local mode label got i tid
	for mode in raw tp; do
		label="hardening $mode: a call the kernel restarts (SIGSTOP/SIGCONT) counts once"
		HD_TIMEOUT=$((WAIT_S * 3)) hd_start rs$mode --json --attach "$mode" --proto unix \
			--sink discard --vlen 1 --duration $((WAIT_S * 2)) || { fail "$label" "$HD_ERR"; continue; }
		if ! wait_for "$WAIT_S" n_asleep_in "$HD_PID" "$NR_SENDMMSG" 1; then
			fail "$label" "the driver thread is not waiting in sendmmsg after $WAIT_S s"
			continue
		fi
		tid=$(asleep_in "$HD_PID" "$NR_SENDMMSG")
		for ((i = 0; i < 5; i++)); do
			kill -STOP "$HD_PID"
			wait_for "$WAIT_S" all_stopped "$HD_PID" || break
			kill -CONT "$HD_PID"
			# waiting again: the kernel has restarted the call
			wait_for "$WAIT_S" n_asleep_in "$HD_PID" "$NR_SENDMMSG" 1 || break
		done
		if [ $i != 5 ]; then
			fail "$label" "stop $((i + 1)): thread $tid is in state $(task_state "$HD_PID" "$tid"), syscall '$(cut -d' ' -f1 "/proc/$HD_PID/task/$tid/syscall" 2>&1)'"
			continue
		fi
		kill -INT "$HD_PID"
		if ! hd_finish "$HD_TPID" "$WAIT_S" || [ "$HD_RC" != 0 ]; then
			fail "$label" "exit code ${HD_RC:-none} ${HD_ERR:-}: $(head -c 300 "$HD_DIR/rs$mode.err")"
			continue
		fi
		# the stop kick's EINTR is the one error both sides see
		got=$(hd_summary "rs$mode" "$EXACT"' and .errors == 1 and .errno == {"EINTR": 1}')
		if [ "$got" = true ]; then pass "$label"; else fail "$label" "$got"; fi
	done
}

# hd_restart_case NAME ARG SEEN SIGNALS...: restart_cases ARG waits in
# recvmmsg under `mmsgtrace -p`; the signals are sent in order while it
# waits, then a datagram ends the wait. The program must see SEEN (its JSON
# line, which says the case happened as meant), and the tracer must count
# what the program saw.
# Each step waits for its effect: STOP until the process is stopped; a
# signal sent to a running process until it has been taken and recvmmsg
# waits again (restarted, or called again after EINTR); signals sent while
# it is stopped stay pending until CONT, then likewise.
hd_restart_case() {
	local name=$1 arg=$2 seen=$3 sig pid sock got want stopped=0
	shift 3
	rm -f "$HD_DIR/$name.go"
	mkfifo "$HD_DIR/$name.go" || return 1
	: >"$HD_DIR/$name.prog"
	: >"$HD_DIR/$name.sock"
	"$OUT/tests/restart_cases" "$arg" <>"$HD_DIR/$name.go" >>"$HD_DIR/$name.prog" \
		2>>"$HD_DIR/$name.sock" &
	pid=$!
	HD_TPIDS+=("$pid")
	hd_start "$name" --json -p "$pid" || { HD_ERR="tracer: $HD_ERR"; return 1; }
	hd_wait_line "$name" "$HD_PID" start || return 1
	# the receive starts once the tracer is attached
	printf 'g' 1<>"$HD_DIR/$name.go"
	if ! wait_for "$WAIT_S" n_asleep_in "$pid" "$NR_RECVMMSG" 1; then
		HD_ERR="restart_cases is not waiting in recvmmsg after $WAIT_S s"
		return 1
	fi
	for sig in "$@"; do
		kill "-$sig" "$pid"
		case $sig in
		STOP)
			stopped=1
			wait_for "$WAIT_S" all_stopped "$pid" || { HD_ERR="SIGSTOP: not stopped"; return 1; } ;;
		*)
			[ "$sig" = CONT ] && stopped=0
			[ $stopped = 1 ] && continue
			if ! wait_for "$WAIT_S" no_signal_pending "$pid" ||
				! wait_for "$WAIT_S" n_asleep_in "$pid" "$NR_RECVMMSG" 1; then
				HD_ERR="after SIG$sig: state $(task_state "$pid"), $(grep -E 'SigPnd|ShdPnd' "/proc/$pid/status" | tr '\n' ' ')"
				return 1
			fi ;;
		esac
	done
	sock=$(head -1 "$HD_DIR/$name.sock")
	"$OUT/tests/restart_cases" send "$sock"
	wait "$pid" || { HD_ERR="restart_cases failed: $(tail -2 "$HD_DIR/$name.sock")"; return 1; }
	if ! hd_finish "$HD_TPID" "$WAIT_S" || [ "$HD_RC" != 0 ]; then
		HD_ERR="tracer exit code ${HD_RC:-none} ${HD_ERR:-}"
		return 1
	fi
	if [ "$(jq -c . "$HD_DIR/$name.prog")" != "$seen" ]; then
		HD_ERR="the program saw $(cat "$HD_DIR/$name.prog"), the case wants $seen"
		return 1
	fi
	want=$(jq -c '{recvmmsg: {calls: .recvmmsg_calls, errors: .recvmmsg_eintr},
		sendto: {calls: .sendto_calls}}' "$HD_DIR/$name.prog")
	got=$(jq -c 'select(.type == "process") | .syscalls
		| {recvmmsg: {calls: .recvmmsg.calls, errors: .recvmmsg.errors},
		   sendto: {calls: (.sendto.calls // 0)}}' "$HD_DIR/$name.out")
	[ "$got" = "$want" ] || { HD_ERR="program saw $want, tracer counted $got"; return 1; }
}

# A signal handler with SA_RESTART that makes a traced call of its own while
# the interrupted call waits to be restarted; and stacked signals (a stop, an
# SA_RESTART handler, then one without SA_RESTART): only the first handler
# decides the interrupted call's fate, as in the kernel
test_hardening_restart_handlers() {
	local label="hardening: an SA_RESTART handler's own sendto: the restarted recvmmsg counts once"
	if hd_restart_case rh1 sendto \
		'{"recvmmsg_calls":1,"recvmmsg_eintr":0,"sendto_calls":1}' USR1; then pass "$label"; else fail "$label" "$HD_ERR"; fi
	hd_cleanup
	label="hardening: stop, SA_RESTART handler, plain handler, continue: one recvmmsg"
	if hd_restart_case rh2 quiet \
		'{"recvmmsg_calls":1,"recvmmsg_eintr":0,"sendto_calls":0}' STOP USR1 USR2 CONT; then pass "$label"; else fail "$label" "$HD_ERR"; fi
	hd_cleanup
	label="hardening: a handler without SA_RESTART: EINTR, then the retry"
	if hd_restart_case rh3 quiet \
		'{"recvmmsg_calls":2,"recvmmsg_eintr":1,"sendto_calls":0}' USR2; then pass "$label"; else fail "$label" "$HD_ERR"; fi
}

# More sending threads than the in-flight table holds: every call that found
# no slot is counted as overflow, so the kernel's calls plus the overflow are
# exactly the driver's calls, and the summary says the totals are incomplete.
# MMSGTRACE_INFLIGHT_MAX=4: one shared slot and a hash of 4, room for 5
# threads. A thread's entry is made at its first call and held until the
# thread exits, so once each of the 16 driver threads has been seen inside
# sendmmsg (blocked on a unix queue nobody reads), 11 of them have made at
# least one call without an entry. They stay blocked until the stop kick,
# after which no thread calls again: the counts are final.
HD_IFO_TIDS=" "
hd_ifo_seen() {
	local tid
	for tid in $(asleep_in "$1" "$NR_SENDMMSG"); do
		[[ "$HD_IFO_TIDS" == *" $tid "* ]] || HD_IFO_TIDS+="$tid "
	done
	[ "$(wc -w <<<"$HD_IFO_TIDS")" -ge "$2" ]
}

test_hardening_inflight_overflow() {
	local label="hardening: in-flight table overflow is counted call by call (16 threads, 4 slots)"
	local got
	HD_IFO_TIDS=" "
	MMSGTRACE_INFLIGHT_MAX=4 HD_TIMEOUT=$((WAIT_S + 30)) hd_start ifo --json --threads 16 \
		--vlen 4 --proto unix --sink discard --duration $((WAIT_S + 20)) ||
		{ fail "$label" "$HD_ERR"; return; }
	if ! wait_for "$WAIT_S" hd_ifo_seen "$HD_PID" 16; then
		fail "$label" "driver threads seen inside sendmmsg:$HD_IFO_TIDS(want 16)"
		return
	fi
	kill -INT "$HD_PID"
	if ! hd_finish "$HD_TPID" "$WAIT_S" || [ "$HD_RC" != 1 ]; then
		fail "$label" "exit code ${HD_RC:-none} (want 1: totals incomplete) ${HD_ERR:-}"
		return
	fi
	got=$(hd_summary ifo '.inflight_overflow >= 11 and .calls + .inflight_overflow == .driver.calls
		and .exit_unmatched == .inflight_overflow and .match == false')
	if [ "$got" != true ]; then
		fail "$label" "$got $(jq -c 'select(.type == "summary") | {inflight_overflow, exit_unmatched}' "$HD_DIR/ifo.out")"
		return
	fi
	pass "$label"
}

# Started through sudo: the sending threads run as the invoking user, the
# thread that reads the maps stays root, a created -o file belongs to the user
test_hardening_sudo_user() {
	local label="hardening: under sudo the driver threads run as SUDO_UID/SUDO_GID"
	local t uids=() got owner
	# -o goes where the user may write (the test directory itself is root's, 0700)
	mkdir -p "$HD_DIR/user" && chown 65534:65534 "$HD_DIR/user" && chmod 711 "$ITMP" "$HD_DIR" ||
		{ fail "$label" "cannot make a directory for the user"; return; }
	# paced: no more records than the ring buffer holds, however long it runs
	SUDO_UID=65534 SUDO_GID=65534 hd_start su --json --vlen 8 --rate 8000 --interval 0.1 \
		--duration "$HD_LONG" -o "$HD_DIR/user/su.json" || { fail "$label" "$HD_ERR"; return; }
	# the driver thread drops to the user before its first send
	hd_wait_line su "$HD_PID" interval "$HD_SENT" || { fail "$label" "$HD_ERR"; return; }
	# the main thread first, then the others (whatever their tids)
	uids=("$(awk '/^Uid:/ { print $2 "/" $3 }' "/proc/$HD_PID/task/$HD_PID/status" 2>/dev/null)")
	for t in /proc/"$HD_PID"/task/*; do
		[ "${t##*/}" = "$HD_PID" ] && continue
		uids+=("$(awk '/^Uid:/ { print $2 "/" $3 }' "$t/status" 2>/dev/null)")
	done
	kill -INT "$HD_PID"
	if ! hd_finish "$HD_TPID" "$WAIT_S" || [ "$HD_RC" != 0 ]; then
		fail "$label" "exit code ${HD_RC:-none} ${HD_ERR:-}: $(head -c 300 "$HD_DIR/su.err")"
		return
	fi
	# the main thread (root) and one driver thread (the user)
	if [ "${uids[*]}" != "0/0 65534/65534" ]; then
		fail "$label" "thread uids (real/effective): ${uids[*]}"
		return
	fi
	got=$(hd_summary su "$EXACT")
	owner=$(stat -c %u:%g "$HD_DIR/user/su.json")
	if [ "$got" != true ] || [ "$owner" != 65534:65534 ]; then
		fail "$label" "summary: $got; -o file owner $owner"
		return
	fi
	pass "$label"

	# -o is opened with the user's rights: a link into a root-only directory
	# cannot make root create a file there for the user
	label="hardening: under sudo, -o through a symlink into a root-only directory is refused"
	rm -rf "$HD_DIR/rootonly" "$HD_DIR/user/link"	# the other pass's
	mkdir -m 700 "$HD_DIR/rootonly" && ln -s "$HD_DIR/rootonly/created" "$HD_DIR/user/link" ||
		{ fail "$label" "cannot set up the directory and link"; return; }
	SUDO_UID=65534 SUDO_GID=65534 "$BIN" --count 10 -o "$HD_DIR/user/link" >/dev/null \
		2>"$HD_DIR/link.err"
	HD_RC=$?
	if [ "$HD_RC" != 1 ] || [ -e "$HD_DIR/rootonly/created" ] ||
		! grep -q 'cannot write --output.*Permission denied' "$HD_DIR/link.err"; then
		fail "$label" "exit code $HD_RC, created: $([ -e "$HD_DIR/rootonly/created" ] && echo yes || echo no), stderr: $(head -c 200 "$HD_DIR/link.err")"
		return
	fi
	pass "$label"
}

# A short drive run and a short observe run are clean under valgrind, leaks
# included (tests/valgrind.supp: libbpf's bpf(2) calls that valgrind models
# too strictly)
test_hardening_valgrind() {
	local label name vg=(valgrind --quiet --suppressions=tests/valgrind.supp --error-exitcode=99
		--leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect)
	local tpid pid hpid got
	# valgrind cannot run an ASan build: this test belongs to the plain pass
	[ "${MMSGTRACE_PASS:-plain}" = sanitize ] && return
	if ! command -v valgrind >/dev/null; then
		fail "hardening: valgrind" "valgrind is not installed (it is in the deps: make deps)"
		return
	fi
	label="hardening: the drive run is clean under valgrind (no errors, no leaks)"
	timeout -k 3 "$HD_TIMEOUT" "${vg[@]}" "$BIN" --json --vlen 8 --count 2000 \
		>"$HD_DIR/vgdrive.out" 2>"$HD_DIR/vgdrive.err"
	HD_RC=$?
	if [ "$HD_RC" != 0 ]; then
		fail "$label" "exit code $HD_RC: $(grep -m3 -E '==[0-9]+== [A-Z]|mmsgtrace:' "$HD_DIR/vgdrive.err" | tr '\n' ' ')"
	elif [ "$(hd_summary vgdrive "$EXACT and .calls == 2000")" != true ]; then
		fail "$label" "summary: $(hd_summary vgdrive "$EXACT and .calls == 2000")"
	else
		pass "$label"
	fi

	# an --all run that sees the patterns helper's calls (made once it is
	# attached), stopped with SIGINT once the helper is done
	label="hardening: the observe run is clean under valgrind (no errors, no leaks)"
	obs_helper vgh || { fail "$label" "$OBS_ERR"; return; }
	hpid=$(cat "$HD_DIR/vgh.pid")
	: >"$HD_DIR/vgobserve.out"
	timeout -k 3 "$HD_TIMEOUT" "${vg[@]}" "$BIN" --json --all --duration "$HD_LONG" \
		>>"$HD_DIR/vgobserve.out" 2>"$HD_DIR/vgobserve.err" &
	tpid=$!
	HD_TPIDS+=("$tpid")
	HD_PID=
	if ! wait_for "$WAIT_S" hd_vg_started "$tpid" || [ -z "$HD_PID" ]; then
		fail "$label" "valgrind did not start: $(head -c 300 "$HD_DIR/vgobserve.err")"
		return
	fi
	pid=$HD_PID
	# valgrind is slow to get there: a failsafe of twice the usual
	if ! wait_for $((WAIT_S * 2)) hd_line_or_gone "$HD_DIR/vgobserve.out" "$pid" '"type":"start"' ||
		! hd_alive "$pid"; then
		fail "$label" "no start line: $(grep -m3 -E '==[0-9]+== [A-Z]|mmsgtrace:' "$HD_DIR/vgobserve.err" | tr '\n' ' ')"
		return
	fi
	obs_go vgh
	obs_helper_done vgh 1 || { fail "$label" "$OBS_ERR"; return; }
	kill -INT "$pid"
	if ! hd_finish "$tpid" $((WAIT_S * 2)) || [ "$HD_RC" != 0 ]; then
		fail "$label" "exit code ${HD_RC:-none} ${HD_ERR:-}: $(grep -m3 -E '==[0-9]+== [A-Z]|mmsgtrace:' "$HD_DIR/vgobserve.err" | tr '\n' ' ')"
		return
	fi
	if ! grep -q '"type":"summary"' "$HD_DIR/vgobserve.out"; then
		fail "$label" "no summary line"
		return
	fi
	got=$(obs_exact "$HD_DIR/vgobserve.out" "$(obs_line vgh)")
	if [ "$got" != true ]; then
		fail "$label" "the helper's process object: $got"
		return
	fi
	pass "$label"
}

# hd_vg_started TPID: timeout TPID's child (valgrind, running mmsgtrace) is
# there (HD_PID), or TPID ended
hd_vg_started() {
	local kid
	kid=$(cat "/proc/$1/task/$1/children" 2>/dev/null)
	kid=${kid%% *}
	if [ -n "$kid" ]; then
		HD_PID=$kid
		return 0
	fi
	! hd_alive "$1"
}

run_hardening_tests() {
	local reason t OBS_DIR
	HD_DIR=$ITMP/hardening
	# the obs_* helpers keep their files in OBS_DIR: ours, for these tests
	# shellcheck disable=SC2034
	OBS_DIR=$HD_DIR
	mkdir -p "$HD_DIR" || return
	for t in test_hardening_signals test_hardening_pipe test_hardening_second_sigint \
		test_hardening_leftovers test_hardening_two_instances test_hardening_overload \
		test_hardening_restart test_hardening_restart_handlers test_hardening_inflight_overflow \
		test_hardening_sudo_user \
		test_hardening_valgrind; do
		if [ -n "${TESTS:-}" ] && ! [[ "$t" =~ $TESTS ]]; then
			continue
		fi
		if [ -z "${reason+set}" ] && ! reason=$(bpf_probe); then
			skip "hardening tests" "$reason"
			return
		fi
		"$t"
		hd_cleanup
		obs_cleanup
		json_collect "$t"
	done
}
