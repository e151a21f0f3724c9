# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#
# Integration tests: load the real BPF programs, drive sendmmsg, and compare
# what the kernel saw with what was sent, exactly. Sourced by tests/run.sh,
# which provides pass/fail/skip.

BIN=${BIN:-./mmsgtrace}
OUT=${OUT:-.output}		# the build whose tool and helper programs are tested
OTHER_SENDER=$OUT/tests/other_sender
ITMP=$(mktemp -d /tmp/mmsgtrace-test.XXXXXX)
trap 'rm -rf "$ITMP"' EXIT
MAX_LOST=0

# Waiting: a test never sleeps a fixed time hoping a state was reached; it
# waits for the state itself, polling every 10 ms, and gives up after
# WAIT_S seconds (a failsafe, reached only when something is broken).
WAIT_S=${MMSGTRACE_TEST_WAIT_S:-30}
# x86_64 syscall numbers, as /proc/PID/task/TID/syscall shows them
NR_WRITE=1 NR_SENDTO=44 NR_RECVMMSG=299 NR_SENDMMSG=307

now_us() {
	echo "${EPOCHREALTIME/./}"
}

# wait_for SECONDS COMMAND...: run COMMAND (in this shell) every 10 ms until
# it succeeds; false when it still fails after SECONDS
wait_for() {
	local end=$(($(now_us) + $1 * 1000000))
	shift
	until "$@"; do
		[ "$(now_us)" -ge "$end" ] && return 1
		sleep 0.01
	done
}

# task_state PID [TID]: the state letter of the thread (R, S, D, T, t, Z), or nothing
task_state() {
	local stat
	{ read -r stat <"/proc/$1/task/${2:-$1}/stat"; } 2>/dev/null || return 1
	stat=${stat##*) }
	echo "${stat%% *}"
}

# asleep_in PID NR: the tids of PID's threads asleep (state S) inside
# syscall NR, one a line. /proc shows a thread's syscall number only while
# the thread is off the CPU; S is an interruptible wait.
asleep_in() {
	local f line tid
	for f in /proc/"$1"/task/*/syscall; do
		{ read -r line <"$f"; } 2>/dev/null || continue
		[ "${line%% *}" = "$2" ] || continue
		tid=${f%/syscall}
		tid=${tid##*/}
		[ "$(task_state "$1" "$tid")" = S ] && echo "$tid"
	done
}

# n_asleep_in PID NR N: at least N threads of PID are asleep inside syscall NR
n_asleep_in() {
	[ "$(asleep_in "$1" "$2" | wc -l)" -ge "$3" ]
}

# all_stopped PID: every thread of PID is in the stopped state (SIGSTOP)
all_stopped() {
	local t
	for t in /proc/"$1"/task/*; do
		[ "$(task_state "$1" "${t##*/}")" = T ] || return 1
	done
}

# no_signal_pending PID: nothing pending for the process or its main thread
no_signal_pending() {
	local st
	st=$(grep -E '^(SigPnd|ShdPnd):' "/proc/$1/status" 2>/dev/null) || return 1
	! grep -qv ':[[:space:]]*0*$' <<<"$st"
}

# sigint_handled PID: the process no longer catches SIGINT (its handler,
# installed with SA_RESETHAND, has run once), or it is gone
sigint_handled() {
	local cgt
	cgt=$(awk '$1 == "SigCgt:" { print $2 }' "/proc/$1/status" 2>/dev/null) || return 0
	[ -z "$cgt" ] && return 0
	(((16#$cgt & 2) == 0))
}

# mt NAME ARGS...: run mmsgtrace with JSON on stdout; the summary line goes
# to $ITMP/NAME.json, stderr to NAME.err, the exit code to NAME.rc
mt() {
	local name=$1
	shift
	timeout 120 "$BIN" --json "$@" >"$ITMP/$name.jsonl" 2>"$ITMP/$name.err"
	echo $? >"$ITMP/$name.rc"
	grep '"type":"summary"' "$ITMP/$name.jsonl" | tail -1 >"$ITMP/$name.json"
}

# check NAME LABEL JQ-EXPR [EXPECTED-RC]: run NAME's summary satisfies the
# expression; LABEL names the test in the report
check() {
	local name=$1 label=$2 expr=$3 want_rc=${4:-0} rc got lost ok
	rc=$(cat "$ITMP/$name.rc")
	if [ "$rc" != "$want_rc" ]; then
		fail "$label" "exit code $rc, expected $want_rc: $(head -c 300 "$ITMP/$name.err")"
		return
	fi
	# one jq for the common case: the lost-event count and the verdict
	if ! got=$(jq -r "[(.lost_events // 0), ($expr)] | @tsv" "$ITMP/$name.json" 2>/dev/null) ||
		[ -z "$got" ]; then
		fail "$label" "no parseable JSON summary"
		return
	fi
	read -r lost ok <<<"$got"
	[ "$lost" -gt "$MAX_LOST" ] && MAX_LOST=$lost
	if [ "$ok" = true ]; then
		pass "$label"
	else
		fail "$label" "$(jq -c '{calls,msgs,bytes,errors,partial,lost_events,records,driver,errno,match}' "$ITMP/$name.json")"
	fi
}

# kernel totals equal the driver's, exactly, with every call recorded
EXACT='.match == true and .calls == .driver.calls and .msgs == .driver.msgs
	and .bytes == .driver.bytes and .errors == .driver.errors
	and .lost_events == 0 and .records == .calls and .inflight_overflow == 0
	and .exit_unmatched == 0 and .bytes_read_faults == 0'

# expected bytes for MSGS messages cycling through the comma list SIZES
cycled_bytes() {
	local msgs=$1 sizes=$2 total=0 i n
	IFS=, read -r -a list <<<"$sizes"
	n=${#list[@]}
	local per_cycle=0
	for i in "${list[@]}"; do per_cycle=$((per_cycle + i)); done
	total=$((msgs / n * per_cycle))
	for ((i = 0; i < msgs % n; i++)); do total=$((total + list[i])); done
	echo "$total"
}

bpf_probe() {
	if [ "$(id -u)" != 0 ]; then
		echo "not root"
		return 1
	fi
	if ! "$BIN" --count 1 --vlen 1 >/dev/null 2>"$ITMP/probe.err"; then
		echo "mmsgtrace cannot trace here: $(head -1 "$ITMP/probe.err")"
		return 1
	fi
	return 0
}

# matrix_start N MODE VLEN SIZE FLAGS THREADS: start run N of the matrix in
# the background: about 20000 messages (at least 20 calls)
MATRIX_VLENS="1 7 64 1024 2000"
MATRIX_SIZES="0 1 1400 64,512,1400"
MATRIX_JOBS=${MMSGTRACE_MATRIX_JOBS:-3}
matrix_count() {
	local capped=$(($1 < 1024 ? $1 : 1024)) count
	count=$((20000 / capped))
	[ "$count" -lt 20 ] && count=20
	echo "$count"
}

matrix_start() {
	local n=$1 mode=$2 vlen=$3 size=$4 flags=$5 threads=$6
	mt "m$n" --attach "$mode" --vlen "$vlen" --size "$size" --flags "$flags" \
		--threads "$threads" --count "$(matrix_count "$vlen")" &
}

# matrix_check N MODE VLEN SIZE FLAGS THREADS: the kernel's totals of run N
# equal the driver's, and both the expected calls, messages and bytes
matrix_check() {
	local n=$1 mode=$2 vlen=$3 size=$4 flags=$5 threads=$6 name count capped sent expect_bytes c1 c2
	capped=$((vlen < 1024 ? vlen : 1024))
	count=$(matrix_count "$vlen")
	name="$mode vlen=$vlen size=$size flags=$flags threads=$threads"
	sent=$((count * capped))
	if [ "$size" = 64,512,1400 ]; then
		# each thread's messages cycle the list from its start
		c1=$(((count + 1) / 2)) c2=$((count / 2))
		if [ "$threads" = 1 ]; then
			expect_bytes=$(cycled_bytes "$sent" "$size")
		else
			expect_bytes=$(($(cycled_bytes $((c1 * capped)) "$size") + $(cycled_bytes $((c2 * capped)) "$size")))
		fi
	else
		expect_bytes=$((sent * size))
	fi
	check "m$n" "$name" "$EXACT and .calls == $count and .msgs == $sent
		and .bytes == $expect_bytes and .errors == 0"
}

# matrix_runs MODE "VLEN SIZE FLAGS THREADS"...: the runs, MATRIX_JOBS at a
# time. Runs at once do not disturb each other's counts: each tracer counts
# its own process only (what "another process is not counted" and the
# two-instance test check), no run makes more records than the ring buffer
# holds (20000 at most, 16 MiB), and UDP on loopback never makes a send wait
# or fail (the datagram leaves the sender's buffer as it is queued). Only
# the time of a run changes, and nothing here depends on it.
matrix_runs() {
	local mode=$1 i j pids
	shift
	local runs=("$@")
	for ((i = 0; i < ${#runs[@]}; i += MATRIX_JOBS)); do
		pids=()
		for ((j = i; j < i + MATRIX_JOBS && j < ${#runs[@]}; j++)); do
			# shellcheck disable=SC2086
			matrix_start "$j" "$mode" ${runs[j]}
			pids+=("$!")
		done
		wait "${pids[@]}"
		for ((j = i; j < i + MATRIX_JOBS && j < ${#runs[@]}; j++)); do
			# shellcheck disable=SC2086
			matrix_check "$j" "$mode" ${runs[j]}
		done
	done
}

# The plain pass runs every combination of vlen x size x flags x threads.
# Whether the kernel and the driver agree does not depend on the sanitizer:
# the sanitize pass runs a covering subset instead, five runs per attach
# mode in which every vlen (its class: 1, small, 64, the cap, above the cap),
# every size kind, both flags and both thread counts occur, with different
# pairings in the two modes.
test_matrix() {
	local mode=$1 vlen size flags threads cases=()
	if [ "${MMSGTRACE_PASS:-plain}" != sanitize ]; then
		for vlen in $MATRIX_VLENS; do
			for size in $MATRIX_SIZES; do
				for flags in none dontwait; do
					for threads in 1 2; do
						cases+=("$vlen $size $flags $threads")
					done
				done
			done
		done
	elif [ "$mode" = raw ]; then
		cases=("1 0 none 1" "7 1 dontwait 2" "64 1400 none 2" "1024 64,512,1400 dontwait 1"
			"2000 64,512,1400 none 2")
	else
		cases=("1 64,512,1400 dontwait 2" "7 0 none 1" "64 1 dontwait 1" "1024 1400 none 2"
			"2000 0 dontwait 1")
	fi
	matrix_runs "$mode" "${cases[@]}"
}

# --mode sendto/sendmsg: the same messages, one per call; the tracer watches
# that syscall and its totals equal the driver's (calls == msgs, bytes exact)
test_send_modes() {
	local mode=$1 sm threads name count=3000 sizes=64,512,1400 expect_bytes c1 c2
	for sm in sendto sendmsg; do
		for threads in 1 2; do
			name="$mode --mode $sm threads=$threads size=$sizes: kernel totals equal the driver's"
			# two threads: unconnected sockets, the address in every call
			# shellcheck disable=SC2046
			mt "sm" --attach "$mode" --mode "$sm" --vlen 8 --size "$sizes" --threads "$threads" \
				--count "$count" $([ "$threads" = 2 ] && echo --no-connect)
			# each thread's messages cycle the list from its start
			c1=$(((count + threads - 1) / threads)) c2=$((count - c1))
			expect_bytes=$(($(cycled_bytes "$c1" "$sizes") + $(cycled_bytes "$c2" "$sizes")))
			if ! head -1 "$ITMP/sm.jsonl" | jq -e --arg sm "$sm" '.type == "start" and
				.mode == "drive" and .send_mode == $sm and .gso == 0' >/dev/null 2>&1; then
				fail "$name" "start line: $(head -c 300 "$ITMP/sm.jsonl")"
				continue
			fi
			check sm "$name" "$EXACT and .send_mode == \"$sm\" and .calls == $count
				and .msgs == .calls and .driver.msgs == .driver.calls and .partial == 0
				and .bytes == $expect_bytes and .errors == 0 and .driver.datagrams == .msgs
				and .hist.msgs_per_call == [{low: 1, high: 1, count: $count}]"
		done
	done
	# a failing call counts as an error in both, and sends no message
	name="$mode --mode sendto size=70000 is EMSGSIZE on every call, in both counts"
	mt "sm" --attach "$mode" --mode sendto --size 70000 --allow-errors --count 200
	check sm "$name" "$EXACT and .calls == 200 and .errors == 200 and .msgs == 0 and .bytes == 0
		and .errno.EMSGSIZE == 200 and .driver.datagrams == 0"
}

# --gso: each message leaves as ceil(size/gso) datagrams; the kernel's
# message and byte totals still equal the driver's
test_gso() {
	local mode=$1 name want
	name="$mode --gso 1400 --size 1400,2800 (udp4, sendmmsg): datagrams counted, totals exact"
	mt "g" --attach "$mode" --size 1400,2800 --gso 1400 --vlen 8 --count 500
	# 1400 B is one datagram, 2800 B two: cycle 1,2 over the messages sent
	want=$(cycled_bytes "$(jq '.driver.msgs' "$ITMP/g.json" 2>/dev/null || echo 0)" 1,2)
	check g "$name" "$EXACT and .gso == 1400 and .send_mode == \"sendmmsg\" and .msgs == 4000
		and .bytes == $(cycled_bytes 4000 1400,2800) and .driver.datagrams == $want
		and .driver.datagrams == 6000"
	name="$mode --gso 1000 --size 0,1,2500 (udp6, sendto, count sink): the sink receives every datagram"
	mt "g6" --attach "$mode" --proto udp6 --mode sendto --size 0,1,2500 --gso 1000 --sink count \
		--count 3000
	# 0 and 1 byte: one datagram each; 2500 bytes: three
	want=$(cycled_bytes "$(jq '.driver.msgs' "$ITMP/g6.json" 2>/dev/null || echo 0)" 1,1,3)
	check g6 "$name" "$EXACT and .gso == 1000 and .calls == 3000 and .msgs == 3000
		and .bytes == $(cycled_bytes 3000 0,1,2500) and .driver.datagrams == $want
		and .driver.datagrams == 5000 and .sink.delivered + .sink.dropped == .driver.datagrams"
}

# a UDP port on loopback that nobody holds: bound by the kernel's choice,
# then closed
free_udp_port() {
	python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# drops: where the driver's datagrams went, from the skb:kfree_skb counter,
# against what follows from each setup and the kernel's own counters
test_drops() {
	local mode=$1 name port
	name="$mode drops: the unread sink drops what it does not queue (datagrams = queued + dropped, = its own counter)"
	mt dr --attach "$mode" --vlen 64 --count 200
	check dr "$name" "$EXACT and .match_detail.delivery == true and .drops.total > 0
		and .drops.by_reason == {SOCKET_RCVBUFF: .drops.total}
		and .drops.to_its_sockets == .drops.total and .drops.from_its_sockets == .drops.total
		and .drops.total == .sink.dropped and .sink.delivered + .drops.total == .driver.datagrams"
	name="$mode drops: the text summary says of N sent, the sink received R and the kernel dropped D, and why; the cross-check adds up"
	timeout 60 "$BIN" --attach "$mode" --no-tui --vlen 64 --count 200 >"$ITMP/dt.txt" 2>"$ITMP/dt.err"
	if grep -qE '^  drops          of 12800 datagrams sent, the sink received [0-9]+ and the kernel dropped [0-9]+: receive buffer full \(SOCKET_RCVBUFF\) [0-9]+$' "$ITMP/dt.txt" &&
		grep -qE '^  delivery: 12800 datagrams sent = [0-9]+ received by the sink \+ [0-9]+ dropped   match$' "$ITMP/dt.txt"; then
		pass "$name"
	else
		fail "$name" "$(grep -E 'drops|delivery|sink' "$ITMP/dt.txt" | head -c 400)"
	fi
	port=$(free_udp_port)
	name="$mode drops: a port nobody listens on drops every datagram (no socket), and its ICMP error fails the next send (ECONNREFUSED)"
	mt dp --attach "$mode" --vlen 1 --count 100 --dest "127.0.0.1:$port"
	check dp "$name" "$EXACT and .match_detail.delivery == null and .driver.datagrams > 0
		and .drops == {total: .driver.datagrams, by_reason: {NO_SOCKET: .driver.datagrams},
			to_its_sockets: 0, from_its_sockets: .driver.datagrams, unattributed: 0}
		and .errors == .calls - .driver.datagrams and .errno == {ECONNREFUSED: .errors}
		and .errors > 0"
	name="$mode drops: unconnected sockets to a port nobody listens on (their ports bound at the first send) are known by port"
	mt dn --attach "$mode" --vlen 8 --count 50 --threads 2 --no-connect --dest "127.0.0.1:$port"
	check dn "$name" "$EXACT and .errors == 0 and .driver.datagrams == 400
		and .drops == {total: 400, by_reason: {NO_SOCKET: 400}, to_its_sockets: 0, from_its_sockets: 400,
			unattributed: 0}"
	# 1000 datagrams fit the count sink's 8 MiB queue: none can drop, read or not
	name="$mode drops: a reader that keeps up drops nothing (udp4 and unix)"
	mt dc --attach "$mode" --sink count --vlen 10 --count 100
	mt du --attach "$mode" --proto unix --vlen 10 --count 100
	check dc "$name (udp4)" "$EXACT and .match_detail.delivery == true and .drops.total == 0
		and .sink == {delivered: 1000, dropped: 0}"
	check du "$name (unix)" "$EXACT and .match_detail.delivery == true and .drops.total == 0
		and .sink == {delivered: 1000, dropped: 0}"
	name="$mode drops: --no-drops counts none, and says so"
	mt dx --attach "$mode" --count 10 --no-drops
	check dx "$name" "$EXACT and .drops == null and .match_detail.delivery == null"
}

# flood_ports PORT: one datagram to 127.0.0.1:PORT (nobody's) from each of
# 20000 source ports bound one by one, 20000 to 39999 (those in use are
# skipped): as many NO_SOCKET drops, each with a key of its own in the drop
# counter's table; prints how many were sent
flood_ports() {
	python3 -c 'import socket, sys
sent = 0
for p in range(20000, 40000):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.bind(("127.0.0.1", p))
        s.sendto(b"x", ("127.0.0.1", int(sys.argv[1])))
        sent += 1
    except OSError:
        pass
    s.close()
print(sent)' "$1"
}

# the drop counter's table holds 16384 keys: a flood of drops with more keys
# than that (forced: one per source port) leaves some it cannot key, which
# no owner can be given. They are counted, shown, and the delivery sum is
# not claimed.
test_drops_table_full() {
	local label="drops: past the counter's 16384 keys, the drops no owner can be given are counted (unattributed) and the delivery sum is not checked"
	local port pid sent
	port=$(free_udp_port)
	# (an earlier pass's files must not look like this run's start)
	rm -f "$ITMP/dtf.jsonl" "$ITMP/dtf.txt"
	timeout 60 "$BIN" --json -o "$ITMP/dtf.jsonl" --vlen 8 --rate 8000 --duration 4 \
		>/dev/null 2>"$ITMP/dtf.err" &
	pid=$!
	# the start object is written once the programs are attached
	if ! wait_for 20 grep -q '"type":"start"' "$ITMP/dtf.jsonl"; then
		kill "$pid" 2>/dev/null
		wait "$pid"
		fail "$label" "not started: $(head -c 300 "$ITMP/dtf.err")"
		return
	fi
	sent=$(flood_ports "$port")
	wait "$pid"
	echo $? >"$ITMP/dtf.rc"
	grep '"type":"summary"' "$ITMP/dtf.jsonl" >"$ITMP/dtf.json"
	if [ "$sent" -lt 17000 ]; then
		fail "$label" "only $sent source ports were free: not enough keys to fill the table"
		return
	fi
	check dtf "$label" "$EXACT and .drops.unattributed > 0 and .match_detail.delivery == null
		and .drops.from_its_sockets > 0"
	jq -e '.drops.unattributed > 0' "$ITMP/dtf.json" >/dev/null ||
		echo "    (drops: $(jq -c .drops "$ITMP/dtf.json"), $sent datagrams flooded)"
	# the text says so, under the drops line and in the cross-check
	timeout 60 "$BIN" --no-tui --vlen 8 --rate 8000 --duration 4 >"$ITMP/dtf.txt" 2>&1 &
	pid=$!
	if ! wait_for 20 test -s "$ITMP/dtf.txt"; then
		kill "$pid" 2>/dev/null
		wait "$pid"
		fail "$label (text)" "not started: $(head -c 300 "$ITMP/dtf.txt")"
		return
	fi
	flood_ports "$port" >/dev/null
	wait "$pid"
	if grep -qE '^                 not attributed: [0-9]+ drops on the machine \(the drop table was full, or a packet had no headers\): some may be these$' "$ITMP/dtf.txt" &&
		grep -qE '^  delivery: not checked: [0-9]+ drops on the machine could not be attributed$' "$ITMP/dtf.txt"; then
		pass "$label (text)"
	else
		fail "$label (text)" "$(grep -E 'drops|delivery|attributed' "$ITMP/dtf.txt" | head -c 400)"
	fi
}

# the ring buffer's consumer reports its own CPU time, in both modes and
# without tracing (then the main thread's). A thread's CPU time cannot exceed
# the time it ran, and that is within the process's lifetime, which the test
# measures around the run: the bound holds by construction.
cc_wall() {
	awk -v us=$(($(now_us) - $1)) 'BEGIN { printf "%.6f", us / 1e6 }'
}

test_consumer_cpu() {
	local label="consumer_cpu_s: a number from 0 to the run's lifetime (drive, --no-trace, observe); text says it"
	local t target t0 wall expr='(.consumer_cpu_s | type) == "number" and .consumer_cpu_s >= 0'
	t0=$(now_us)
	mt cc --vlen 8 --duration 0.5 --rate 20000
	wall=$(cc_wall "$t0")
	if ! jq -e "$expr and .consumer_cpu_s <= $wall" "$ITMP/cc.json" >/dev/null 2>&1; then
		fail "$label" "drive: $(jq -c '{seconds, consumer_cpu_s}' "$ITMP/cc.json" 2>&1), lifetime $wall s"
		return
	fi
	t0=$(now_us)
	mt cn --no-trace --vlen 8 --duration 0.5 --rate 20000
	wall=$(cc_wall "$t0")
	if ! jq -e "$expr and .consumer_cpu_s <= $wall" "$ITMP/cn.json" >/dev/null 2>&1; then
		fail "$label" "--no-trace: $(jq -c '{seconds, consumer_cpu_s}' "$ITMP/cn.json" 2>&1), lifetime $wall s"
		return
	fi
	# observe a process that lives until the tracer is attached; the run
	# ends by itself when it exits
	sleep $((WAIT_S * 2)) &
	target=$!
	t0=$(now_us)
	hd_start co --json -p "$target" || { fail "$label" "observe: $HD_ERR"; return; }
	hd_wait_line co "$HD_PID" start || { fail "$label" "observe: $HD_ERR"; return; }
	kill "$target"
	wait "$target" 2>/dev/null
	if ! hd_finish "$HD_TPID" "$WAIT_S" || [ "$HD_RC" != 0 ]; then
		fail "$label" "observe: rc=${HD_RC:-none} ${HD_ERR:-}"
		return
	fi
	wall=$(cc_wall "$t0")
	if [ "$(hd_summary co "$expr and .consumer_cpu_s <= $wall and .mode == \"observe\"")" != true ]; then
		fail "$label" "observe: $(hd_summary co "$expr and .consumer_cpu_s <= $wall"), lifetime $wall s"
		return
	fi
	t=$(timeout 60 "$BIN" --vlen 1 --count 1000 --gso 100 --size 1000 2>&1)
	if ! grep -qE '^  consumer thread CPU: [0-9]+\.[0-9]{3} s \([0-9]+\.[0-9]% of one core over the run\)$' <<<"$t" ||
		! grep -qE '^  datagrams +10000 \(the driver.s count: messages cut into 100-byte datagrams by GSO\)$' <<<"$t"; then
		fail "$label" "text summary: $(grep -E 'consumer|datagrams' <<<"$t")"
		return
	fi
	# of the consumer's own run time, so at most one core
	if ! awk -F'[(%]' '/^  consumer thread CPU: / { exit !($2 + 0 <= 100) }' <<<"$t"; then
		fail "$label" "text summary: $(grep -E 'consumer' <<<"$t")"
		return
	fi
	check cc "$label" "$EXACT"
}

# pace_calls RATE PER_CALL THREADS SECONDS: the most calls one thread of a
# paced run can make (user/driver.c checkpoint()). Call k+1 of a thread
# (k >= 1) goes out only when call k's schedule slot, start + floor(k * num /
# RATE) ns with num = 1e9 * PER_CALL * THREADS, is before the deadline,
# start + SECONDS: ceil(SECONDS * 1e9 * RATE / num) calls at most. A stall
# moves the schedule later, never earlier, so it only lowers this.
pace_calls() {
	local rate=$1 num=$((1000000000 * $2 * $3)) dns
	dns=$(awk -v s="$4" 'BEGIN { printf "%d", s * 1e9 }')
	echo $(((dns * rate + num - 1) / num))
}

# --rate: the pacer never sends ahead of its schedule, so a paced run of D
# seconds sends at most rate x D messages (exactly the bound pace_calls
# gives), whatever the machine's speed; it sends at least the first call;
# and the traced totals still equal the driver's. (How close a run comes to
# the rate depends on the machine, not on the pacer alone: not checked here.)
test_rate() {
	local name args rate per_call threads max label
	for name in rl r8 rt rm rs; do
		case $name in
		rl) args=(--vlen 1) rate=2000 per_call=1 threads=1 ;;
		r8) args=(--vlen 8) rate=2000 per_call=8 threads=1 ;;
		rt) args=(--vlen 1 --threads 2) rate=2000 per_call=1 threads=2 ;;
		rm) args=(--mode sendmsg) rate=2000 per_call=1 threads=1 ;;
		rs) args=(--no-trace --mode sendto) rate=120000 per_call=1 threads=1 ;;
		esac
		max=$(($(pace_calls "$rate" "$per_call" "$threads" 0.5) * threads))
		label="--rate $rate --duration 0.5 ${args[*]}: at most $max calls ($((max * per_call)) messages)"
		[ "$name" = rs ] || label+=", totals exact"
		mt "$name" "${args[@]}" --rate "$rate" --duration 0.5
		if [ "$name" = rs ]; then
			check "$name" "$label" ".errors == 0 and .calls >= 1 and .calls <= $max and .msgs == .calls"
		else
			check "$name" "$label" "$EXACT and .errors == 0 and .calls >= 1 and .calls <= $max
				and .msgs == .calls * $per_call"
		fi
	done
}

test_emsgsize() {
	local mode=$1 name="$1 size=70000 is EMSGSIZE on every call"
	mt e --attach "$mode" --size 70000 --allow-errors --vlen 8 --count 200
	check e "$name" "$EXACT and .calls == 200 and .errors == 200 and .msgs == 0 and .bytes == 0
		and .errno.EMSGSIZE == 200"
}

# --hidden-errors. A sendmmsg whose message k > 0 fails returns k and drops
# the error (net/socket.c: "We only return an error if no datagrams were able
# to be sent"); sock_send_length shows it. On loopback each case is exact:
# to a port nobody has, the first message of every call brings back an ICMP
# port unreachable (delivered before the send returns, and loopback is not
# rate limited) that fails the second with ECONNREFUSED, so every call
# returns 1; a 70000-byte third message is EMSGSIZE every time, so every call
# returns 2. The driver's counts cannot see these errors either: the
# cross-check still matches, and the exit code is 0.
HIDDEN_PORT=9
HIDDEN_DEST=127.0.0.1:$HIDDEN_PORT

# nothing bound to UDP port 9 (else the ICMP would not come back)
hidden_port_free() {
	[ -z "$(ss -Huan "sport = :$HIDDEN_PORT" 2>/dev/null)" ]
}

# mt_text NAME ARGS...: as mt, but the text summary on stdout (NAME.txt) and
# the JSON lines through -o
mt_text() {
	local name=$1
	shift
	timeout 120 "$BIN" -o "$ITMP/$name.jsonl" "$@" >"$ITMP/$name.txt" 2>"$ITMP/$name.err"
	echo $? >"$ITMP/$name.rc"
	grep '"type":"summary"' "$ITMP/$name.jsonl" | tail -1 >"$ITMP/$name.json"
}

# text_has NAME LABEL LINE...: NAME.txt holds each LINE (a fixed string)
text_has() {
	local name=$1 label=$2 l
	shift 2
	for l in "$@"; do
		if ! grep -qF -- "$l" "$ITMP/$name.txt"; then
			fail "$label" "no '$l' in: $(grep -A3 -E 'partial|hidden' "$ITMP/$name.txt" | head -c 500)"
			return 1
		fi
	done
	pass "$label"
}

test_hidden_errors() {
	local mode=$1 n=500 label
	label="$mode --hidden-errors --dest $HIDDEN_DEST --vlen 4: each call returns 1, its ECONNREFUSED counted as hidden"
	if ! hidden_port_free; then
		fail "$label" "something has UDP port $HIDDEN_PORT: $(ss -Huan "sport = :$HIDDEN_PORT")"
		return
	fi
	mt_text hr --attach "$mode" --dest "$HIDDEN_DEST" --vlen 4 --count $n --hidden-errors
	check hr "$label" "$EXACT and .calls == $n and .msgs == $n and .partial == $n and .errors == 0
		and .errno == {} and .hidden_errors == {messages: $n, errno: {ECONNREFUSED: $n}}"
	text_has hr "$mode --hidden-errors: the text summary says so, in words" \
		"  hidden errors  $n messages failed inside batches: ECONNREFUSED $n" \
		"sendmmsg did not report them" "(sendmmsg(2), ERRORS)" \
		"the $n hidden errors are in neither column" "result: all match"

	label="$mode without --hidden-errors: \"hidden_errors\": null, and the text names the option"
	mt_text hn --attach "$mode" --dest "$HIDDEN_DEST" --vlen 4 --count $n
	check hn "$label" "$EXACT and .calls == $n and .partial == $n and .hidden_errors == null"
	text_has hn "$mode without --hidden-errors: the text summary with partial calls names --hidden-errors" \
		"  hidden errors  not counted:" "--hidden-errors counts those errors"

	label="$mode --hidden-errors --size 64,64,70000,64 --vlen 4: each call returns 2, its EMSGSIZE counted as hidden"
	mt hp --attach "$mode" --size 64,64,70000,64 --allow-errors --vlen 4 --count $n --hidden-errors
	check hp "$label" "$EXACT and .calls == $n and .msgs == $((2 * n)) and .bytes == $((128 * n))
		and .partial == $n and .errors == 0 and .hidden_errors == {messages: $n, errno: {EMSGSIZE: $n}}"

	# the full unix queue: each partial call stopped at a message that met EAGAIN
	label="$mode --hidden-errors on a full unix queue: one hidden EAGAIN per partial call"
	mt hu --attach "$mode" --proto unix --sink discard --flags dontwait --vlen 64 --count 100 --hidden-errors
	check hu "$label" "$EXACT and .partial >= 1 and .errno.EAGAIN == .errors
		and .hidden_errors == {messages: .partial, errno: {EAGAIN: .partial}}"
}

# the links of process PID on sock_send_length, "PROG_ID PROG_NAME" a line
send_length_links() {
	local kind id
	hd_held "$1" | while read -r kind id; do
		[ "$kind" = link ] || continue
		bpftool -j link show id "$id" 2>/dev/null |
			jq -r 'select(.tp_name == "sock_send_length") | .prog_id'
	done | while read -r id; do
		echo "$id $(bpftool -j prog show id "$id" 2>/dev/null | jq -r .name)"
	done
}

# the names of the programs process PID holds, one a line
held_prog_names() {
	local kind id
	hd_held "$1" | while read -r kind id; do
		[ "$kind" = prog ] && bpftool -j prog show id "$id" 2>/dev/null | jq -r .name
	done
}

# without --hidden-errors no program of the run is on sock_send_length (it
# would run for every socket send of the machine); with it, exactly one is
test_hidden_attach() {
	local mode=$1 flag label links names got expr
	for flag in "" --hidden-errors; do
		label="$mode ${flag:-without --hidden-errors}: $([ -n "$flag" ] && echo "one program" || echo "no program") of the run on sock_send_length (bpftool)"
		# shellcheck disable=SC2086
		hd_start ha --json --attach "$mode" --dest "$HIDDEN_DEST" --vlen 4 --rate 4000 \
			--interval 0.1 --duration "$HD_LONG" $flag || { fail "$label" "$HD_ERR"; return; }
		hd_wait_line ha "$HD_PID" interval "$HD_SENT" || { fail "$label" "$HD_ERR"; return; }
		links=$(send_length_links "$HD_PID")
		names=$(held_prog_names "$HD_PID" | sort -u | tr '\n' ' ')
		kill -INT "$HD_PID"
		if ! hd_finish "$HD_TPID" "$WAIT_S" || [ "$HD_RC" != 0 ]; then
			fail "$label" "exit code ${HD_RC:-none} ${HD_ERR:-}: $(head -c 300 "$HD_DIR/ha.err")"
			return
		fi
		if [ -n "$flag" ]; then
			expr='.hidden_errors == {messages: .partial, errno: {ECONNREFUSED: .partial}}'
			[ "$(wc -l <<<"$links")" = 1 ] && [ "${links#* }" = sock_send_len ] ||
				{ fail "$label" "links on sock_send_length: '$links'; programs: $names"; return; }
		else
			expr='.hidden_errors == null'
			[ -z "$links" ] && [[ " $names " != *" sock_send_len "* ]] && [[ "$names" == *raw_task_exit* ]] ||
				{ fail "$label" "links on sock_send_length: '$links'; programs: $names"; return; }
		fi
		got=$(hd_summary ha "$EXACT and .calls > 0 and .partial == .calls and $expr")
		if [ "$got" = true ]; then pass "$label"; else fail "$label" "$got"; fi
		hd_cleanup
	done
}

# the per-message records, which no mode turns on yet, from the real tracer
test_msg_records() {
	local mode=$1 label="$1 per-message records: one per message handed to the socket, in order, with its result; hidden errors exact" rc
	timeout 60 "$MSG_RECORDS" 300 "$mode" >"$ITMP/mr.out" 2>"$ITMP/mr.err"
	rc=$?
	if [ $rc = 0 ] && jq -e '.calls == 1500 and .hidden_errors == 600' "$ITMP/mr.out" >/dev/null 2>&1; then
		pass "$label"
	else
		fail "$label" "rc=$rc $(head -c 300 "$ITMP/mr.out") $(head -c 300 "$ITMP/mr.err")"
	fi
}

test_unix_partial() {
	local mode=$1
	# nobody reads the unix sink: its queue fills, nonblocking sends come back short
	mt u --attach "$mode" --proto unix --sink discard --flags dontwait --vlen 64 --count 100
	check u "$mode unix full queue: partial sends agree" "$EXACT and .partial >= 1 and .partial == .driver.partial and .calls == 100
		and .errors > 0 and .errno.EAGAIN == .errors"
}

test_vlen_cap() {
	local mode=$1
	mt c --attach "$mode" --vlen 2000 --count 30
	if ! grep -q 'UIO_MAXIOV' "$ITMP/c.err"; then
		fail "$mode vlen=2000 capped at 1024" "no UIO_MAXIOV warning on stderr"
		return
	fi
	check c "$mode vlen=2000 capped at 1024" "$EXACT and .msgs == .calls * 1024 and .vlen == 2000
		and ([.hist.msgs_per_call[] | select(.count > 0)] | length) == 1"
}

# another process's sendmmsg calls, made while the tracer is attached (the
# driver waits in sendmmsg on a unix queue nobody reads, so it runs until
# stopped), are not counted: the kernel's totals still equal the driver's
test_other_process() {
	local mode=$1 label="$1 another process is not counted" n=5000 got
	obs_helper_bin os "$OTHER_SENDER" "$n" || { fail "$label" "$OBS_ERR"; return; }
	hd_start o --json --attach "$mode" --proto unix --sink discard --vlen 16 --duration "$HD_LONG" ||
		{ fail "$label" "$HD_ERR"; return; }
	hd_wait_line o "$HD_PID" start || { fail "$label" "$HD_ERR"; return; }
	obs_go os
	if ! wait_for "$WAIT_S" test -s "$OBS_DIR/os.out" ||
		! wait_for "$WAIT_S" n_asleep_in "$HD_PID" "$NR_SENDMMSG" 1; then
		fail "$label" "the other sender ($(head -c 100 "$OBS_DIR/os.out" "$OBS_DIR/os.err")) or the driver did not run"
		return
	fi
	kill -INT "$HD_PID"
	obs_go os
	obs_helper_done os 1 || { fail "$label" "$OBS_ERR"; return; }
	if [ "$(cat "$OBS_DIR/os.out")" != "$n" ]; then
		fail "$label" "the other sender made $(cat "$OBS_DIR/os.out") calls, not $n"
		return
	fi
	if ! hd_finish "$HD_TPID" "$WAIT_S" || [ "$HD_RC" != 0 ]; then
		fail "$label" "exit code ${HD_RC:-none} ${HD_ERR:-}: $(head -c 300 "$HD_DIR/o.err")"
		return
	fi
	got=$(hd_summary o "$EXACT and .calls > 0")
	if [ "$got" = true ]; then pass "$label"; else fail "$label" "$got"; fi
}

test_json_equals_text() {
	local mode=$1 key want got
	timeout 60 "$BIN" --attach "$mode" --vlen 64 --count 500 -o "$ITMP/t.jsonl" \
		>"$ITMP/t.txt" 2>"$ITMP/t.err"
	echo $? >"$ITMP/t.rc"
	grep '"type":"summary"' "$ITMP/t.jsonl" >"$ITMP/t.json"
	for key in calls:calls messages:msgs bytes:bytes errors:errors partial:partial \
		lost_events:lost_events records:records; do
		got=$(awk -v k="${key%%:*}" '$1 == k && NF == 2 { print $2 }' "$ITMP/t.txt")
		want=$(jq ".${key#*:}" "$ITMP/t.json")
		if [ -z "$got" ] || [ "$got" != "$want" ]; then
			fail "$mode JSON summary equals text summary" "text ${key%%:*}='$got' but JSON ${key#*:}='$want'"
			return
		fi
	done
	got=$(awk '$1 == "latency_ns" { print $3, $5, $7, $9 }' "$ITMP/t.txt")
	want=$(jq -r '.latency_ns | "\(.p50) \(.p90) \(.p99) \(.max)"' "$ITMP/t.json")
	if [ "$got" != "$want" ]; then
		fail "$mode JSON summary equals text summary" "text latency '$got' but JSON '$want'"
		return
	fi
	check t "$mode JSON summary equals text summary" "$EXACT and .calls == 500"
}

test_unprivileged() {
	local label="not permitted: one line naming what is missing, exit 1; --no-trace still works" rc
	if ! command -v setpriv >/dev/null; then
		fail "$label" "setpriv (util-linux) is missing"
		return
	fi
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all \
		"$BIN" --count 10 >"$ITMP/np.out" 2>"$ITMP/np.err"
	rc=$?
	if [ $rc != 1 ] || [ "$(wc -l <"$ITMP/np.err")" != 1 ] || ! grep -q 'CAP_BPF' "$ITMP/np.err" \
		|| ! grep -q -- '--no-trace' "$ITMP/np.err"; then
		fail "$label" "rc=$rc stderr: $(cat "$ITMP/np.err")"
		return
	fi
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all \
		"$BIN" --no-trace --json --count 100 >"$ITMP/np.jsonl" 2>"$ITMP/np.err"
	rc=$?
	if [ $rc != 0 ] || ! grep '"type":"summary"' "$ITMP/np.jsonl" | jq -e '.calls == 100 and .attach == "none"' >/dev/null; then
		fail "$label" "--no-trace as nobody: rc=$rc $(cat "$ITMP/np.err")"
		return
	fi
	pass "$label"
}

test_tracefs_unmounted() {
	local label="tp mode mounts tracefs when it is not mounted (private mount namespace)" rc
	unshare -m sh -c 'umount /sys/kernel/tracing 2>/dev/null; umount /sys/kernel/debug/tracing 2>/dev/null
		test ! -e /sys/kernel/tracing/events || exit 99
		exec "$0" --json --attach tp --count 50' "$BIN" >"$ITMP/tf.jsonl" 2>"$ITMP/tf.err"
	rc=$?
	if [ $rc = 99 ]; then
		fail "$label" "could not unmount tracefs in the namespace"
		return
	fi
	if [ $rc != 0 ] || ! grep '"type":"summary"' "$ITMP/tf.jsonl" | jq -e ".calls == 50 and .match" >/dev/null; then
		fail "$label" "rc=$rc $(cat "$ITMP/tf.err")"
		return
	fi
	pass "$label"

	# without CAP_SYS_ADMIN tp cannot mount it: one clear line, exit 1; raw needs no tracefs
	label="tracefs not mounted and not mountable: tp says so and names --attach raw; raw works"
	unshare -m sh -c 'umount /sys/kernel/tracing 2>/dev/null; umount /sys/kernel/debug/tracing 2>/dev/null
		test ! -e /sys/kernel/tracing/events || exit 99
		setpriv --bounding-set -sys_admin --inh-caps -sys_admin "$0" --attach tp --count 10 \
			>/dev/null 2>"$1.tp.err"
		echo $? >"$1.tp.rc"
		exec setpriv --bounding-set -sys_admin --inh-caps -sys_admin "$0" --json --count 50' \
		"$BIN" "$ITMP/tf2" >"$ITMP/tf2.jsonl" 2>"$ITMP/tf2.err"
	rc=$?
	if [ $rc = 99 ]; then
		fail "$label" "could not unmount tracefs in the namespace"
	elif [ "$(cat "$ITMP/tf2.tp.rc")" != 1 ] || [ "$(wc -l <"$ITMP/tf2.tp.err")" != 1 ] ||
		! grep -q 'could not be mounted.*--attach raw' "$ITMP/tf2.tp.err"; then
		fail "$label" "tp: rc=$(cat "$ITMP/tf2.tp.rc") stderr: $(cat "$ITMP/tf2.tp.err")"
	elif [ $rc != 0 ] || ! grep '"type":"summary"' "$ITMP/tf2.jsonl" | jq -e '.calls == 50 and .match' >/dev/null; then
		fail "$label" "raw: rc=$rc $(cat "$ITMP/tf2.err")"
	else
		pass "$label"
	fi
}

# interval objects: the run is stopped once it has printed four, so there are
# four at least; paced, so that no run makes more records than the ring holds
test_intervals() {
	local label="--json prints an interval object per --interval with exact deltas" got
	hd_start i --json --vlen 8 --rate 80000 --interval 0.1 --duration "$HD_LONG" ||
		{ fail "$label" "$HD_ERR"; return; }
	if ! wait_for "$WAIT_S" hd_sends_after i 3; then
		fail "$label" "fewer than 4 interval lines: $(head -c 400 "$HD_DIR/i.out")"
		return
	fi
	kill -INT "$HD_PID"
	if ! hd_finish "$HD_TPID" "$WAIT_S" || [ "$HD_RC" != 0 ]; then
		fail "$label" "exit code ${HD_RC:-none} ${HD_ERR:-}: $(head -c 300 "$HD_DIR/i.err")"
		return
	fi
	# (an interval in which the sender did not get to run has no calls, and no fill)
	if ! jq -se '[.[] | select(.type == "interval")] as $iv | ($iv | map(select(.calls > 0)) | length) >= 4
		and ([$iv[].calls] | add) <= (.[-1].calls)
		and all($iv[] | select(.calls > 0); .fill_pct == 100 and .msgs == .calls * 8)' \
		"$HD_DIR/i.out" >/dev/null; then
		fail "$label" "$(head -c 400 "$HD_DIR/i.out")"
		return
	fi
	got=$(hd_summary i "$EXACT")
	if [ "$got" = true ]; then pass "$label"; else fail "$label" "$got"; fi
}

# The bench smoke runs in the background while the plain pass's other
# integration tests run (it is mostly fixed-length runs and waits): its
# checks are of the tables and plots it writes, which do not depend on what
# else the machine does, and the other tests do not depend on its load.
BENCH_PID=
bench_smoke_start() {
	# the benchmarks measure the plain build; the sanitize pass has nothing to add
	[ "${MMSGTRACE_PASS:-plain}" = sanitize ] && return
	rm -rf "$ITMP/bench" "$ITMP/bench.rc"
	# the exit code goes to a file: bash forgets a finished job's status
	# once another child gets its pid, and the tests that run meanwhile
	# start enough processes for pids to wrap (pid_max 32768 here)
	(SMOKE=1 OUT="$ITMP/bench" bench/run.sh >"$ITMP/bench.out" 2>&1; echo $? >"$ITMP/bench.rc") &
	BENCH_PID=$!
}

# the bench smoke's exit code is there
bench_done() {
	[ -s "$ITMP/bench.rc" ]
}

test_bench_smoke() {
	[ -n "$BENCH_PID" ] || return
	local label="bench smoke: every benchmark runs, fills its tables and draws its plots" b out="$ITMP/bench"
	wait "$BENCH_PID" 2>/dev/null
	if ! wait_for 600 bench_done; then
		fail "$label" "no exit code after 600 s: $(tail -5 "$ITMP/bench.out")"
		BENCH_PID=
		return
	fi
	b=$(cat "$ITMP/bench.rc")
	BENCH_PID=
	if [ "$b" != 0 ]; then
		fail "$label" "$(tail -5 "$ITMP/bench.out")"
		return
	fi
	for b in overhead batching batching-rate batching-latency batching-gso driver capacity; do
		if ! [ -s "$out/$b.png" ] || ! [ -s "$out/$b.svg" ]; then
			fail "$label" "no plot $b.png/.svg"
			return
		fi
	done
	for b in overhead breakdown vlen batching driver capacity; do
		if [ "$(wc -l <"$out/$b.csv")" -lt 2 ] || ! grep -q '^### ' "$out/$b.md"; then
			fail "$label" "$b: no samples or no section"
			return
		fi
	done
	# overhead: a row of figures for every observer, the targets judged, and
	# the sock_send_length hook's cost in both attach modes with its rule
	if [ "$(grep -cE '^\| (raw-empty|tp-empty|raw|raw-hidden|tp|tp-hidden|raw-observe|tp-observe|events-raw|events-tp|mt-raw-noself|mt-raw|mt-raw-nodrops|mt-tp-noself|mt-tp|mt-tp-nodrops|bpftrace|perf-trace|strace) \| [+-][0-9]+ \| (-?[0-9.]+|n/a) \|' "$out/overhead.md")" != 19 ] ||
		[ "$(grep -cE '^\| (raw|tp) \| [+-][0-9.]+ \(.*\) \| ([+-][0-9.]+%|n/a) \|$' "$out/overhead.md")" != 4 ] ||
		[ "$(grep -cE '^- .*: (-?[0-9.]+x, (met|not met)|n/ax, n/a)$' "$out/overhead.md")" != 3 ] ||
		! grep -qE '^- the tax on getppid .*: [+-][0-9]+ against [+-][0-9]+ ns, [+-][0-9]+ ns, (met|not met)$' "$out/overhead.md" ||
		[ "$(grep -cE '^\| (raw|tp) \| [+-][0-9]+ ns \(.*\) \| [+-][0-9.]+ ns \(.*\) \| [+-][0-9]+ ns \(.*\) \|$' "$out/overhead.md")" != 2 ] ||
		! grep -qE '^- the hook on by default only if an unrelated sender pays <= 5 ns per send: [+-][0-9]+ ns, (met|not met) \((on|off) by default' "$out/overhead.md"; then
		fail "$label" "overhead: $(cat "$out/overhead.md")"
		return
	fi
	# breakdown: in each attach mode the floor, the observe configuration and
	# each of its seven changed pieces, with figures and the programs' times
	if [ "$(grep -cE '^\| .* \| [+-][0-9]+ \| [+-][0-9]+ \([+-][0-9]+\.\.[+-][0-9]+\) \| [+-][0-9]+ \| [+-][0-9]+ \| [0-9]+ \| [0-9]+ \|$' "$out/breakdown.md")" != 14 ] ||
		[ "$(grep -cE '^\| (do-nothing|observe \().* \| [+-][0-9]+ \| \| [+-][0-9]+ \| \| [0-9]+ \| [0-9]+ \|$' "$out/breakdown.md")" != 4 ]; then
		fail "$label" "breakdown: $(cat "$out/breakdown.md")"
		return
	fi
	# vlen: program times at vlen 1, 64 and 1024 (the byte count against vlen
	# 1 from 64 on), the wall-clock rows, and the byte-count target judged
	if [ "$(grep -cE '^\| (1|64|1024) \| [0-9.]+ \| [0-9.]+ \| (0 \(the reference\)|-?[0-9.]+) \| (-|-?[0-9.]+) \| (-|-?[0-9.]+%) \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \|$' "$out/vlen.md")" != 3 ] ||
		[ "$(grep -cE '^\| (1|64|1024) \| [0-9]+ \([0-9.]+\.\.[0-9.]+\) \|.* \| [+-][0-9]+ \(.*\) \|$' "$out/vlen.md")" != 3 ] ||
		! grep -qE '^Target: at vlen 1024 the byte count adds at most 2% to the call: -?[0-9.]+%, (met|not met)\.$' "$out/vlen.md"; then
		fail "$label" "vlen: $(cat "$out/vlen.md")"
		return
	fi
	# driver: the minimal-loop comparison and the sockperf/iperf3 one
	if ! grep -qE '^\| 1 \| [0-9]+ \(' "$out/driver.md" || ! grep -qE '^\| sockperf.* \| [0-9]+ \(' "$out/driver.md" ||
		! grep -qE '^\| iperf3.* \| [0-9]+ \(' "$out/driver.md"; then
		fail "$label" "driver: $(cat "$out/driver.md")"
		return
	fi
	if ! grep -qE '^\| [0-9]+[KM] \| ' "$out/capacity.md" || ! grep -qE '^\| (sendto|sendmmsg).* \| [0-9]+ \| [0-9.]+ \(' "$out/batching.md"; then
		fail "$label" "capacity/batching: $(cat "$out/capacity.md" "$out/batching.md")"
		return
	fi
	pass "$label"
}

# the tracer's own cost in the summary, from the kernel's BPF statistics in
# windows: in both attach modes, with figures that only a measurement gives
# (time in the entry and exit programs); raw mode's other syscalls
# calibrated; the sysctl left as it was; off with --no-self-cost; and when
# another holder has the statistics on, read over the run, not switched
test_self_cost() {
	local label="self cost: the summary states the BPF programs' cost per traced call, measured in windows" mode before after
	local common='.self_cost.measured and .self_cost.windows >= 1 and .self_cost.enter_ns > 0
		and .self_cost.exit_ns > 0
		and (.self_cost.bpf_ns_per_traced_call - .self_cost.enter_ns - .self_cost.exit_ns | fabs) < 0.01
		and .self_cost.share_of_call_time > 0 and .self_cost.share_of_call_time < 1
		and .self_cost.traced_calls_measured > 0 and .self_cost.traced_calls_measured <= .calls
		and .self_cost.seconds_measured > 0 and .self_cost.consumer_cpu_share >= 0'
	before=$(cat /proc/sys/kernel/bpf_stats_enabled)
	if [ "$before" != 0 ]; then
		skip "$label" "kernel.bpf_stats_enabled is $before: something else holds the statistics"
		return
	fi
	for mode in raw tp; do
		mt "sc$mode" --attach "$mode" --vlen 1 --count 20000
		if [ "$mode" = raw ]; then
			check "sc$mode" "$label ($mode)" "$EXACT and $common and (.self_cost.stats_already_on | not)
				and .self_cost.ns_per_other_syscall > 0"
		else
			check "sc$mode" "$label ($mode)" "$EXACT and $common and .self_cost.ns_per_other_syscall == null"
		fi
	done
	after=$(cat /proc/sys/kernel/bpf_stats_enabled)
	[ "$after" = 0 ] || fail "$label" "kernel.bpf_stats_enabled is $after after the runs, was 0"
	# the per-message programs: sock_send_length runs once per message sent,
	# the drop counter once per datagram the unread sink dropped. Lower
	# bounds: a window counts the calls that exited in it, the first of which
	# may have sent messages before it opened, and other tasks' sends and
	# drops run the programs too
	mt schk --vlen 64 --count 2000 --hidden-errors
	check schk "self cost: the per-message programs are measured per run" \
		"$EXACT and .self_cost.measured and .self_cost.send_hook_ns_per_run > 0
			and .self_cost.send_hook_runs >= (.self_cost.traced_calls_measured - 1) * 64
			and .self_cost.drop_counter_ns_per_run > 0 and .self_cost.drop_counter_runs > 0"
	mt scnd --vlen 1 --count 1000 --no-drops
	check scnd "self cost: no per-message programs, no figures" \
		"$EXACT and .self_cost.measured and .self_cost.send_hook_ns_per_run == null
			and .self_cost.send_hook_runs == 0 and .self_cost.drop_counter_runs == 0"
	mt scn --vlen 1 --count 1000 --no-self-cost
	check scn "self cost: --no-self-cost gives \"self_cost\": null" "$EXACT and .self_cost == null"
	# text: the line and how it was measured
	"$BIN" --vlen 1 --count 20000 >"$ITMP/sct.txt" 2>&1
	if ! grep -qE '^  tracing cost: [0-9]+ ns per traced call in BPF \(enter [0-9]+, exit [0-9]+\), [0-9.]+% of the traced calls.? time; about [0-9]+ other syscalls passed the filter, [0-9]+ ns each$' "$ITMP/sct.txt" ||
		! grep -qE '^ +measured: the kernel.s BPF statistics, on (in [0-9]+ windows? |for the whole run )' "$ITMP/sct.txt"; then
		fail "self cost: the text summary states it" "$(grep -A1 'tracing cost' "$ITMP/sct.txt")"
	else
		pass "self cost: the text summary states it"
	fi
	# someone else holds the statistics on: read over the run, left on
	sysctl -qw kernel.bpf_stats_enabled=1
	mt sco --vlen 1 --count 20000
	after=$(cat /proc/sys/kernel/bpf_stats_enabled)
	sysctl -qw kernel.bpf_stats_enabled=0
	check sco "self cost: statistics another holder keeps on are read, and left on" \
		"$EXACT and $common and .self_cost.stats_already_on and .self_cost.windows == 1"
	[ "$after" = 1 ] || fail "self cost: statistics another holder keeps on are left on" "the sysctl was $after"
}

test_errors_exit_codes() {
	local label="bad input exits 2 with one line; missing BTF exits 1 with a clear error" rc args
	for args in "--vlen 0" "--vlen -3" "--vlen x" "--size 10-5" "--flags foo" "--proto tcp" \
		"--cpu 999 --count 1" "--attach kprobe" "--ringbuf-size 1000" "--bogus" \
		"--mode sendfile" "--gso 1400 --proto unix" "--gso 0" "--gso 65508" \
		"--gso 1400 --size 70000" "--gso 100 --size 9000" "-p 1 --mode sendto" "-p 1 --gso 1400" \
		"--size 70000" "--size 64,65508" "--proto udp6 --size 65528" "--proto unix --size 300000" \
		"--flags oob" "--proto unix --flags dontwait,oob" "--rate 10 --vlen 64 --duration 3" \
		"--rate 1 --mode sendto --threads 2"; do
		# shellcheck disable=SC2086
		"$BIN" $args >/dev/null 2>"$ITMP/u.err"
		rc=$?
		if [ $rc != 2 ] || [ "$(wc -l <"$ITMP/u.err")" != 1 ]; then
			fail "$label" "'$args': rc=$rc, stderr: $(cat "$ITMP/u.err")"
			return
		fi
	done
	MMSGTRACE_BTF_PATH=/nonexistent/vmlinux "$BIN" --count 1 >/dev/null 2>"$ITMP/u.err"
	rc=$?
	if [ $rc != 1 ] || ! grep -q 'kernel BTF not found at /nonexistent/vmlinux' "$ITMP/u.err"; then
		fail "$label" "missing BTF: rc=$rc, stderr: $(cat "$ITMP/u.err")"
		return
	fi
	pass "$label"
}

test_run_ends() {
	local label
	label="--count smaller than --threads sends exactly that many calls"
	mt k --count 1 --threads 3
	check k "$label" "$EXACT and .calls == 1"
	# without the main thread's deadline the run would wait forever (mt's
	# timeout ends it with 124)
	label="--duration ends a run whose sends block (unix queue nobody reads)"
	mt b --proto unix --sink discard --duration 0.5
	check b "$label" "$EXACT and .calls > 0"
	label="unix count sink receives every message sent"
	mt s --proto unix --duration 0.5
	check s "$label" "$EXACT and .sink.delivered == .msgs and .sink.dropped == 0 and .msgs > 0"
}

run_integration_tests() {
	local reason mode t
	# tests/run.sh sets OUT and BIN for each pass: the helper programs follow
	OTHER_SENDER=$OUT/tests/other_sender
	PATTERNS=$OUT/tests/patterns
	COMPAT=$OUT/tests/compat_calls
	MSG_RECORDS=$OUT/tests/msg_records
	CALL_LOOP=$OUT/tests/call_loop
	if ! reason=$(bpf_probe); then
		skip "integration tests" "$reason"
		return
	fi
	# the background runs and helpers of these tests (hd_* and obs_*)
	HD_DIR=$ITMP/drive
	OBS_DIR=$ITMP/drive
	mkdir -p "$HD_DIR" || return
	if [ -z "${TESTS:-}" ] || [[ test_bench_smoke =~ $TESTS ]]; then
		bench_smoke_start
	fi
	for t in test_run_ends test_errors_exit_codes test_unprivileged test_tracefs_unmounted test_intervals \
		test_consumer_cpu test_rate test_self_cost test_drops_table_full; do
		if [ -n "${TESTS:-}" ] && ! [[ "$t" =~ $TESTS ]]; then
			continue
		fi
		"$t"
		hd_cleanup
		obs_cleanup
		json_collect "$t"
	done
	for mode in raw tp; do
		for t in test_emsgsize test_unix_partial test_vlen_cap test_other_process \
			test_json_equals_text test_send_modes test_gso test_hidden_errors test_hidden_attach \
			test_msg_records test_drops test_matrix; do
			if [ -n "${TESTS:-}" ] && ! [[ "$t" =~ $TESTS ]]; then
				continue
			fi
			"$t" "$mode"
			hd_cleanup
			obs_cleanup
			json_collect "$t $mode"
		done
	done
	run_observe_tests
	run_hint_tests
	run_hardening_tests
	run_teach_tests
	run_outputs_tests
	run_prom_tests
	run_tui_tests
	test_bench_smoke
	echo "largest lost-event count in these runs: $MAX_LOST"
}

# shellcheck source=tests/integration/observe_tests.sh
. tests/integration/observe_tests.sh
# shellcheck source=tests/integration/hint_tests.sh
. tests/integration/hint_tests.sh
# shellcheck source=tests/integration/hardening_tests.sh
. tests/integration/hardening_tests.sh
# shellcheck source=tests/integration/teach_tests.sh
. tests/integration/teach_tests.sh
# shellcheck source=tests/integration/outputs_tests.sh
. tests/integration/outputs_tests.sh
# shellcheck source=tests/integration/prom_tests.sh
. tests/integration/prom_tests.sh
# shellcheck source=tests/integration/tui_tests.sh
. tests/integration/tui_tests.sh
