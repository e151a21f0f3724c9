# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#
# Output tests: --csv against the JSON of the same run, the start object's
# run info and config, write errors that name their errno, and the schema
# check rejecting what it must. Sourced by tests/run.sh (through
# bpf_tests.sh), which provides pass/fail/skip; the observe helpers
# (obs_helper, obs_tracer, ...) come from observe_tests.sh.

CHECK_CSV=tests/integration/check_csv.py

# ot NAME.EXT ARGS...: run mmsgtrace, stdout to NAME.EXT (.jsonl for JSON:
# the schema check takes those), stderr to NAME.err, the exit code to
# NAME.rc; a run that would go on past the failsafe is killed
ot() {
	local out=$1 name=${1%.*}
	shift
	timeout -k 3 "$WAIT_S" "$BIN" "$@" >"$OT_DIR/$out" 2>"$OT_DIR/$name.err"
	echo $? >"$OT_DIR/$name.rc"
}

# ot_failed NAME RC PATTERN...: NAME exited RC with one line on stderr
# holding every PATTERN (extended regexes); else OT_ERR says what happened
ot_failed() {
	local name=$1 rc=$2 p
	shift 2
	OT_ERR="exit code $(cat "$OT_DIR/$name.rc") (want $rc), stderr: $(head -c 300 "$OT_DIR/$name.err")"
	[ "$(cat "$OT_DIR/$name.rc")" = "$rc" ] && [ "$(wc -l <"$OT_DIR/$name.err")" = 1 ] || return 1
	for p in "$@"; do
		grep -qE -- "$p" "$OT_DIR/$name.err" || return 1
	done
}

# drive --csv: a header, interval rows, a summary row equal to the JSON
# summary of the same run (-o), its calls the driver's --count
test_outputs_csv_drive() {
	local mode=$1 label err
	label="outputs $mode: drive --csv rows have the header's columns, the summary row equals the JSON summary and the --count"
	ot cd.csv --csv --attach "$mode" --count 3000 --vlen 16 --interval 0.1 -o "$OT_DIR/cd.jsonl"
	if [ "$(cat "$OT_DIR/cd.rc")" != 0 ]; then
		fail "$label" "exit code $(cat "$OT_DIR/cd.rc"): $(head -c 300 "$OT_DIR/cd.err")"
	elif ! err=$(python3 "$CHECK_CSV" drive "$OT_DIR/cd.csv" "$OT_DIR/cd.jsonl" 3000); then
		fail "$label" "$err"
	else
		pass "$label"
	fi
	label="outputs $mode: drive --no-trace --csv: the summary row has the driver's counts"
	ot cn.csv --csv --no-trace --count 500 --vlen 4 -o "$OT_DIR/cn.jsonl"
	if [ "$(cat "$OT_DIR/cn.rc")" != 0 ]; then
		fail "$label" "exit code $(cat "$OT_DIR/cn.rc"): $(head -c 300 "$OT_DIR/cn.err")"
	elif ! err=$(python3 "$CHECK_CSV" drive "$OT_DIR/cn.csv" "$OT_DIR/cn.jsonl" 500); then
		fail "$label" "$err"
	else
		pass "$label"
	fi
}

# a name with every CSV special: comma, quote, newline
OT_COMM='a,"b"\nc'

# observe --csv: the hostile name comes back whole from a CSV reader, the
# process and total rows equal the JSON objects of the same run
test_outputs_csv_observe() {
	local mode=$1 label err pid comm
	label="outputs $mode: observe --csv rows equal the JSON process and summary objects; a name with , \" and a newline reads back whole"
	obs_helper oc --comm "$OT_COMM" || { fail "$label" "$OBS_ERR"; return; }
	pid=$(cat "$OBS_DIR/oc.pid")
	obs_tracer ocs --csv --attach "$mode" -p "$pid" -o "$OBS_DIR/ocs-o.jsonl"
	obs_wait_start ocs '^type,' || { fail "$label" "$OBS_ERR"; return; }
	obs_go oc
	obs_helper_done oc 1 || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer_done ocs "$WAIT_S" || { fail "$label" "$OBS_ERR"; return; }
	comm=$(python3 -c 'import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
print(sorted({r["comm"] for r in rows if r["type"] == "process"}))' "$OBS_DIR/ocs.jsonl")
	if ! err=$(python3 "$CHECK_CSV" observe "$OBS_DIR/ocs.jsonl" "$OBS_DIR/ocs-o.jsonl"); then
		fail "$label" "$err"
	elif [ "$comm" != "['a,\"b\"\\nc']" ]; then
		fail "$label" "process names read back: $comm"
	else
		pass "$label"
	fi
}

# the start object: how the run was made, every option under config
test_outputs_start_object() {
	local label got want t0 t1
	label="outputs: the drive start object has version, libbpf_version, kernel, hostname, start_time, schema_version and every option under config"
	t0=$(date +%s)
	ot so.jsonl --json --count 20 --vlen 8 --size 100-200 --flags dontwait --threads 2 --rate 100000 \
		--cpu 0 --attach tp --interval 0.5 --ringbuf-size 1M
	t1=$(date +%s)
	if [ "$(cat "$OT_DIR/so.rc")" != 0 ]; then
		fail "$label" "exit code $(cat "$OT_DIR/so.rc"): $(head -c 300 "$OT_DIR/so.err")"
		return
	fi
	got=$(head -1 "$OT_DIR/so.jsonl" | python3 -c '
import datetime, json, sys
s = json.loads(sys.stdin.readline())
t = datetime.datetime.fromisoformat(s["start_time"])
c = s["config"]
print(s["version"], s["kernel"], s["hostname"], s["schema_version"], s["libbpf_version"],
      t.utcoffset() is not None and '"$t0"' <= t.timestamp() <= '"$t1"',
      c["vlen"], c["size"], c["size_min"], c["size_max"], c["flags"], c["threads"], c["rate"],
      c["cpu"], c["attach"], c["interval"], c["ringbuf_size"], c["count"], c["duration"],
      c["json"], c["csv"], c["sink"], c["dest"])' 2>&1)
	want="$("$BIN" --version | cut -d' ' -f2) $(uname -r) $(hostname) 1 v$(pkg-config --modversion libbpf | cut -d. -f1,2) True 8 100-200 100 200 dontwait 2 100000 [0] tp 0.5 1048576 20 None True False discard None"
	if [ "$got" = "$want" ]; then
		pass "$label"
	else
		fail "$label" "got '$got', want '$want'"
	fi
	label="outputs: the observe start object has the run info and its options under config"
	ot oso.jsonl --json --all --syscalls sendto,sendmsg --duration 0.2 --per-thread --burst-gap 50us
	got=$(head -1 "$OT_DIR/oso.jsonl" | python3 -c '
import json, sys
s = json.loads(sys.stdin.readline())
c = s["config"]
print(s["schema_version"], bool(s["start_time"]), c["select"], c["all"], c["syscalls"],
      c["per_thread"], c["burst_gap_ns"], c["duration"], c["pid"], c["hint_after"])' 2>&1)
	want="1 True all True ['sendto', 'sendmsg'] True 50000 0.2 [] 0.0"
	if [ "$(cat "$OT_DIR/oso.rc")" = 0 ] && [ "$got" = "$want" ]; then
		pass "$label"
	else
		fail "$label" "exit code $(cat "$OT_DIR/oso.rc"), got '$got', want '$want'"
	fi
}

# write errors name the errno and the path; an -o file or stdout that
# cannot be written fails before the run (the --duration here would
# outlast the failsafe: a run that went on is killed, exit 124)
test_outputs_write_errors() {
	local label
	label="outputs: --json -o /proc/version fails before the run, one line with the path and EIO"
	ot pv.out --json --duration 3600 -o /proc/version
	if ot_failed pv 1 '^mmsgtrace: cannot write --output /proc/version: Input/output error$' &&
		! grep -q '"summary"' "$OT_DIR/pv.out"; then
		pass "$label"
	else
		fail "$label" "$OT_ERR"
	fi
	label="outputs: -o /dev/full fails before the run with ENOSPC"
	ot df.out --duration 3600 -o /dev/full
	ot_failed df 1 'cannot write --output /dev/full: No space left on device' && pass "$label" ||
		fail "$label" "$OT_ERR"
	label="outputs: a stdout that cannot be written fails before the run with its errno (text, JSON, CSV)"
	for args in "--duration 3600" "--json --duration 3600" "--csv --duration 3600" \
		"--all --json --duration 3600"; do
		# shellcheck disable=SC2086
		timeout -k 3 "$WAIT_S" "$BIN" $args >/dev/full 2>"$OT_DIR/sf.err"
		echo $? >"$OT_DIR/sf.rc"
		if ! ot_failed sf 1 '^mmsgtrace: writing stdout failed: No space left on device$'; then
			fail "$label" "$args: $OT_ERR"
			return
		fi
	done
	pass "$label"
	label="outputs: sweep -o /proc/version fails before its first point, one line with EIO"
	ot sw.out sweep --vlen 1 --per-point 3600 -o /proc/version
	ot_failed sw 1 '^mmsgtrace: cannot write --output /proc/version: Input/output error$' &&
		pass "$label" || fail "$label" "$OT_ERR"
	label="outputs: learn -o /dev/full names the errno when the file cannot be written"
	ot lf.out learn --lesson 1 -o /dev/full
	ot_failed lf 1 'writing --output /dev/full failed: No space left on device' && pass "$label" ||
		fail "$label" "$OT_ERR"
}

test_outputs_usage() {
	local label
	label="outputs: --csv with --json or --events is a usage error (exit 2, one line)"
	ot u1.out --csv --json
	ot u2.out --csv --events --all
	if ot_failed u1 2 '--json and --csv both write stdout' &&
		ot_failed u2 2 '--events has no CSV form'; then
		pass "$label"
	else
		fail "$label" "$OT_ERR"
	fi
}

# the schema check can fail: real objects with one key too many, one key
# missing, or a wrong value are rejected, the unchanged ones accepted
test_outputs_schema_rejects() {
	local label f out
	label="outputs: the schema accepts the real objects and rejects each one changed (a key added, a key missing, a wrong value)"
	ot sr.jsonl --json --count 10 --vlen 4
	f=$OT_DIR/sr.jsonl
	if ! out=$(python3 tests/validate_json.py "$f"); then
		fail "$label" "the real objects: $out"
		return
	fi
	python3 - "$f" "$OT_DIR/broken" <<'PY'
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
changes = [
    lambda o: o.update(undocumented=1),
    lambda o: o.pop("type" if o["type"] == "interval" else "mode"),
    lambda o: o.update(calls=-1) if "calls" in o else o["config"].update(vlen="64"),
]
n = 0
for o in objs:
    for change in changes:
        c = json.loads(json.dumps(o))
        change(c)
        n += 1
        with open(f"{sys.argv[2]}-{n}.jsonl", "w") as out:
            out.write(json.dumps(c) + "\n")
PY
	out=$(python3 tests/validate_json.py "$OT_DIR"/broken-*.jsonl)
	if grep -q '^ok ' <<<"$out" || ! grep -q '^fail ' <<<"$out"; then
		fail "$label" "accepted: $(grep '^ok ' <<<"$out" | head -3 | tr '\n' ' ')"
	else
		pass "$label"
	fi
	rm -f "$OT_DIR"/broken-*.jsonl
}

run_outputs_tests() {
	local mode t
	OT_DIR=$ITMP/outputs
	# the obs_* helpers keep their files in OBS_DIR
	OBS_DIR=$OT_DIR
	mkdir -p "$OT_DIR" || return
	if ! python3 -c 'import jsonschema' 2>/dev/null; then
		fail "outputs tests" "python3-jsonschema is missing (make deps installs it)"
		return
	fi
	for t in test_outputs_start_object test_outputs_write_errors test_outputs_usage \
		test_outputs_schema_rejects; do
		if [ -n "${TESTS:-}" ] && ! [[ "$t" =~ $TESTS ]]; then
			continue
		fi
		"$t"
		json_collect "$t"
	done
	for mode in raw tp; do
		for t in test_outputs_csv_drive test_outputs_csv_observe; do
			if [ -n "${TESTS:-}" ] && ! [[ "$t" =~ $TESTS ]]; then
				continue
			fi
			"$t" "$mode"
			obs_cleanup
			json_collect "$t $mode"
		done
	done
}
