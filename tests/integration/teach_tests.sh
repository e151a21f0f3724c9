# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#
# `mmsgtrace learn` and `mmsgtrace sweep`, with the real BPF programs.
# Sourced by tests/integration/bpf_tests.sh (which provides mt-style
# helpers, wait_for, asleep_in, pass/fail). No timing thresholds: every check
# follows from the experiment's own construction (return values, counts,
# keys, verdicts), never from how fast something ran.

TEACH_DIR=
NR_SENDMMSG=307

# every lesson confirmed, and its evidence what the experiment built
test_learn_lessons() {
	local label="learn: every lesson's verdict is confirmed, with the evidence its experiment makes" out rc bad
	out=$TEACH_DIR/learn.jsonl
	timeout 120 "$BIN" learn --json -o "$TEACH_DIR/learn-o.jsonl" >"$out" 2>"$TEACH_DIR/learn.err"
	rc=$?
	if [ "$rc" != 0 ]; then
		fail "$label" "exit code $rc: $(head -c 300 "$TEACH_DIR/learn.err") $(jq -c 'select(.verdict != "confirmed") | {number, finding}' "$out" 2>/dev/null)"
		return
	fi
	# shellcheck disable=SC2016
	bad=$(jq -s -c '
		def lesson(n): .[] | select(.number == n) | .evidence;
		def rets(n): [lesson(n).calls[] | if .ret < 0 then .errno else .ret end];
		[ (length == 7),
		  (map(.type == "lesson" and .verdict == "confirmed" and (.statement | length) > 0
			and (.section | length) > 0 and (.evidence | type) == "object") | all),
		  (lesson(1) | .msgs_per_call_vlen64 == 64 and .messages_vlen64 == 64 * .calls_vlen64
			and .calls_vlen64 > 0 and .match),
		  (lesson(2) | .msg_len == "1,100,1400,0,9000" and .bytes_read_by_bpf == 10501
			and .calls[0].ret == 5 and .calls[0].bytes == 10501
			and [.messages[] | .ret] == [1,100,1400,0,9000]),
		  (lesson(3) | .first_ret > 0 and .first_ret < 64 and .messages_recorded == 64
			and (.calls | length) == .calls_to_finish and ([.calls[].ret] | add) == 64),
		  (lesson(4) | .nonblocking_ret >= 0 and .nonblocking_ret < 16 and .blocking_ret == 16
			and .reader_saw_caller_blocked and .calls[1].ret == 16),
		  (rets(5) == [2, "EMSGSIZE", 1, 1, 1] and lesson(5).persistent_retry_errno == "EMSGSIZE"
			and lesson(5).hidden_errors == 4 and lesson(5).hidden_errnos == "EMSGSIZE 1, ECONNREFUSED 3"
			and ([lesson(5).messages[] | select(.ret < 0) | [.call, .index, .errno]]
			     == [[1,2,"EMSGSIZE"],[2,0,"EMSGSIZE"],[3,1,"ECONNREFUSED"],[4,1,"ECONNREFUSED"],[5,1,"ECONNREFUSED"]])),
		  (lesson(6) | .calls[0].vlen == 2000 and .calls[0].ret == 1024 and .ret == 1024),
		  (lesson(7) | .socket_blocking and .ret > 0 and .ret < 64 and .calls[0].flags == 64)
		] | to_entries | map(select(.value != true) | .key)' "$out" 2>&1)
	if [ "$bad" != "[]" ]; then
		fail "$label" "checks that fail (0: count, 1: keys and verdicts, N: lesson N): $bad"
		return
	fi
	if ! cmp -s "$out" "$TEACH_DIR/learn-o.jsonl"; then
		fail "$label" "-o FILE differs from stdout"
		return
	fi
	pass "$label"
}

test_learn_options() {
	local label="learn: --lesson runs one, --list needs no privileges, bad input exits 2" rc
	timeout 60 "$BIN" learn --lesson 6 >"$TEACH_DIR/l6.txt" 2>&1
	rc=$?
	if [ "$rc" != 0 ] || [ "$(grep -c '^lesson ' "$TEACH_DIR/l6.txt")" != 1 ] ||
		! grep -q '^  verdict: confirmed' "$TEACH_DIR/l6.txt"; then
		fail "$label" "--lesson 6: rc=$rc $(head -c 300 "$TEACH_DIR/l6.txt")"
		return
	fi
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all \
		"$BIN" learn --list >"$TEACH_DIR/list.txt" 2>&1
	rc=$?
	if [ "$rc" != 0 ] || [ "$(grep -c '^ *[1-7]  ' "$TEACH_DIR/list.txt")" != 7 ]; then
		fail "$label" "--list as nobody: rc=$rc $(head -c 300 "$TEACH_DIR/list.txt")"
		return
	fi
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all \
		"$BIN" learn --lesson 2 >/dev/null 2>"$TEACH_DIR/np.err"
	rc=$?
	if [ "$rc" != 1 ] || [ "$(wc -l <"$TEACH_DIR/np.err")" != 1 ] || ! grep -q CAP_BPF "$TEACH_DIR/np.err"; then
		fail "$label" "unprivileged lesson: rc=$rc $(cat "$TEACH_DIR/np.err")"
		return
	fi
	if ! teach_usage "learn --lesson 0" learn --lesson 0 || ! teach_usage "learn --lesson 8" learn --lesson 8 ||
		! teach_usage "learn x" learn x || ! teach_usage "learn --list --lesson 1" learn --list --lesson 1; then
		fail "$label" "$TEACH_ERR"
		return
	fi
	pass "$label"
}

# teach_usage WHAT ARGS...: a usage error, one line on stderr, exit 2, nothing on stdout
teach_usage() {
	local what=$1 rc
	shift
	timeout 30 "$BIN" "$@" >"$TEACH_DIR/u.out" 2>"$TEACH_DIR/u.err"
	rc=$?
	if [ "$rc" != 2 ] || [ "$(wc -l <"$TEACH_DIR/u.err")" != 1 ] || [ -s "$TEACH_DIR/u.out" ]; then
		TEACH_ERR="$what: rc=$rc stdout '$(head -c 100 "$TEACH_DIR/u.out")' stderr '$(cat "$TEACH_DIR/u.err")'"
		return 1
	fi
}

# the documented keys of a point and of the fit (README: mmsgtrace sweep)
POINT_KEYS='["type","mode","vlen","runs","calls","messages","bytes","datagrams","errors","lost_events","seconds","calls_per_s","msgs_per_s","msgs_per_s_min","msgs_per_s_max","mb_per_s","datagrams_per_s","ns_per_call","ns_per_call_min","ns_per_call_max","ns_per_msg","msgs_per_call","p50_ns","p99_ns","fill","syscall_share","match","speedup_vs_sendto"]'
FIT_KEYS='["type","valid","good","fixed_ns","per_msg_ns","residual","worst_error","points","knee_vlen","knee_fixed_share","best_vlen","speedup_vs_sendto","repeat","spread","noisy","match"]'

test_sweep_json() {
	local label="sweep: three vlens, --repeat 2: a start, five points and a fit, every key, exact counts" rc bad
	timeout 120 "$BIN" sweep --vlen 1,8,64 --per-point 0.1 --repeat 2 --json \
		>"$TEACH_DIR/sw.jsonl" 2>"$TEACH_DIR/sw.err"
	rc=$?
	if [ "$rc" != 0 ]; then
		fail "$label" "exit code $rc: $(head -c 300 "$TEACH_DIR/sw.err")"
		return
	fi
	# shellcheck disable=SC2016
	bad=$(jq -s -c --argjson pk "$POINT_KEYS" --argjson fk "$FIT_KEYS" '
		(map(select(.type == "point"))) as $p | (map(select(.type == "fit")) | .[0]) as $f |
		[ (.[0].type == "start" and .[0].mode == "sweep" and .[0].vlens == [1,8,64] and .[0].points == 5),
		  ($p | length == 5),
		  ($p | map(keys_unsorted == $pk) | all),
		  ([$p[].mode] == ["sendto","sendmsg","sendmmsg","sendmmsg","sendmmsg"]),
		  ([$p[].vlen] == [1,1,1,8,64]),
		  ($p | map(.runs == 2 and .match and .calls > 0 and .lost_events == 0 and .errors == 0) | all),
		  ($p | map(.messages == .calls * .vlen and .datagrams == .messages and .bytes == .messages * 64) | all),
		  ($p | map(.msgs_per_call == .vlen and .fill == 1 and .msgs_per_s_min <= .msgs_per_s
			and .msgs_per_s <= .msgs_per_s_max and .p50_ns != null) | all),
		  ($p[0].speedup_vs_sendto == 1),
		  ($f | keys_unsorted == $fk),
		  ($f | .valid and .points == 3 and .repeat == 2 and .match and (.good | type) == "boolean"
			and .fixed_ns != null and .per_msg_ns != null and (.knee_vlen | IN(1, 8, 64)))
		] | to_entries | map(select(.value != true) | .key)' "$TEACH_DIR/sw.jsonl" 2>&1)
	if [ "$bad" != "[]" ]; then
		fail "$label" "checks that fail: $bad"
		return
	fi
	pass "$label"
}

test_sweep_csv_text_plot() {
	local label="sweep: --csv has the documented columns in every row, text explains, --plot writes PNG and SVG" rc cols
	timeout 120 "$BIN" sweep --vlen 1,4 --per-point 0.05 --csv --plot "$TEACH_DIR/s.png" \
		>"$TEACH_DIR/sw.csv" 2>"$TEACH_DIR/csv.err"
	rc=$?
	cols=$(awk -F, '{ print NF }' "$TEACH_DIR/sw.csv" | sort -u | tr '\n' ' ')
	if [ "$rc" != 0 ] || [ "$cols" != "35 " ] || [ "$(wc -l <"$TEACH_DIR/sw.csv")" != 6 ] ||
		[ "$(cut -d, -f1 "$TEACH_DIR/sw.csv" | tr '\n' ' ')" != "type point point point point fit " ] ||
		! head -1 "$TEACH_DIR/sw.csv" | grep -q '^type,mode,vlen,runs,calls,messages,bytes,.*,ns_per_call,.*,match,speedup_vs_sendto,fixed_ns,per_msg_ns,residual,worst_error,good,knee_vlen,best_vlen$'; then
		fail "$label" "rc=$rc columns '$cols' $(head -c 300 "$TEACH_DIR/csv.err")"
		return
	fi
	if [ "$(head -c 8 "$TEACH_DIR/s.png" | od -An -tx1 | tr -d ' \n')" != 89504e470d0a1a0a ]; then
		fail "$label" "--plot s.png is not a PNG"
		return
	fi
	timeout 120 "$BIN" sweep --vlen 1,4 --per-point 0.05 --plot "$TEACH_DIR/s.svg" \
		>"$TEACH_DIR/sw.txt" 2>"$TEACH_DIR/txt.err"
	rc=$?
	if [ "$rc" != 0 ] || ! grep -q '<svg' "$TEACH_DIR/s.svg" || ! grep -q '</svg>' "$TEACH_DIR/s.svg"; then
		fail "$label" "--plot s.svg: rc=$rc $(head -c 300 "$TEACH_DIR/txt.err")"
		return
	fi
	if ! grep -q '^mode *vlen *calls/s *msgs/s' "$TEACH_DIR/sw.txt" ||
		! grep -qE '^fit: call time = -?[0-9]+ ns \+ -?[0-9.]+ ns x messages per call' "$TEACH_DIR/sw.txt"; then
		fail "$label" "text: $(head -c 500 "$TEACH_DIR/sw.txt")"
		return
	fi
	pass "$label"
}

test_sweep_bad_input() {
	local label="sweep: bad lists, times, plots and formats exit 2 with one line, and write nothing" what
	local nogp=$TEACH_DIR/nogp
	mkdir -p "$nogp"
	for what in "--vlen=" "--vlen 8,1" "--vlen 1,1" "--vlen 1,2000" "--vlen 0,8" "--per-point 0" \
		"--per-point 5x" "--repeat 0" "--repeat 101" "--json --csv" "--plot $TEACH_DIR/no/such/dir/p.png" \
		"--plot $TEACH_DIR/p.jpg" "--gso 64 --size 64" "--count 5" "--mode sendto" "x" \
		"--size 70000" "--flags oob" "--allow-errors"; do
		# shellcheck disable=SC2086
		if ! teach_usage "sweep $what" sweep $what; then
			fail "$label" "$TEACH_ERR"
			return
		fi
	done
	# gnuplot not on the PATH: a usage error before anything runs
	timeout 30 env PATH="$nogp" "$BIN" sweep --plot "$TEACH_DIR/p.png" >"$TEACH_DIR/u.out" \
		2>"$TEACH_DIR/u.err"
	if [ $? != 2 ] || [ "$(wc -l <"$TEACH_DIR/u.err")" != 1 ] || ! grep -q gnuplot "$TEACH_DIR/u.err"; then
		fail "$label" "--plot without gnuplot: $(cat "$TEACH_DIR/u.err")"
		return
	fi
	if [ -e "$TEACH_DIR/p.png" ] || [ -e "$TEACH_DIR/p.jpg" ]; then
		fail "$label" "a plot file was written"
		return
	fi
	pass "$label"
}

# sweep_sending PID: the sweep's sender is asleep in or making sendmmsg
# calls: its driver thread exists (a second thread)
sweep_sending() {
	[ "$(ls "/proc/$1/task" 2>/dev/null | wc -l)" -ge 2 ]
}

test_sweep_interrupted() {
	local label="sweep: Ctrl-C reports the runs measured and says it was interrupted (exit 1)" pid rc
	"$BIN" sweep --vlen 1,8,64,128,256,512 --per-point 30 --json >"$TEACH_DIR/int.jsonl" 2>"$TEACH_DIR/int.err" &
	pid=$!
	if ! wait_for "$WAIT_S" sweep_sending "$pid"; then
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		fail "$label" "the sweep did not start sending"
		return
	fi
	kill -INT "$pid"
	wait "$pid"
	rc=$?
	# the run cut short is reported as measured (its rates over the time it ran)
	if [ "$rc" != 1 ] || ! grep -qE 'interrupted after [0-9]+ of 8 runs' "$TEACH_DIR/int.err" ||
		! jq -s -e 'map(.type) | .[0] == "start" and .[-1] == "fit" and (map(select(. == "point")) | length) >= 1' \
			"$TEACH_DIR/int.jsonl" >/dev/null 2>&1; then
		fail "$label" "rc=$rc $(cat "$TEACH_DIR/int.err")"
		return
	fi
	pass "$label"
}

run_teach_tests() {
	local t
	TEACH_DIR=$ITMP/teach
	mkdir -p "$TEACH_DIR" || return
	for t in test_learn_lessons test_learn_options test_sweep_json test_sweep_csv_text_plot \
		test_sweep_bad_input test_sweep_interrupted; do
		if [ -n "${TESTS:-}" ] && ! [[ "$t" =~ $TESTS ]]; then
			continue
		fi
		"$t"
		json_collect "$t"
	done
}
