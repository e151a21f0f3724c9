# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#
# --prom-file with a real node_exporter: its textfile collector reads the
# file mmsgtrace writes, /metrics is scraped with curl while mmsgtrace runs
# and after it ended, and the scraped values must equal the JSON summary of
# the same run, exactly. Sourced by bpf_tests.sh, which provides pass, fail,
# skip, wait_for, $BIN, $ITMP and bpf_probe; uses the obs_* steps of
# observe_tests.sh to run mmsgtrace and the patterns helper in the background.
#
# node_exporter runs under a timeout (a failsafe) and is killed after each
# test, and by a trap if the suite is interrupted.

PROM_EXPORTER=${PROM_EXPORTER:-prometheus-node-exporter}
PROM_PID=		# the running node_exporter (its timeout)
PROM_PORT=
PROM_DIR=		# $ITMP/prom: files of these tests
PROM_TEXTFILES=		# the textfile collector's directory
PROM_ERR=		# why the last prom_* step failed

# prom_tsv: the samples of an exposition on stdin, one a line: name, TAB,
# the labels but le as key=value sorted by key and joined by commas (values
# unescaped), TAB, the value as written, TAB, le (buckets only)
# shellcheck disable=SC2016
PROM_AWK='
function unescape(s,   out, i, c) {
	out = ""
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c == "\\") {
			i++
			c = substr(s, i, 1)
			if (c == "n") c = "\n"
		}
		out = out c
	}
	return out
}
/^#/ || NF == 0 { next }
{
	line = $0
	value = line
	sub(/.* /, "", value)
	brace = index(line, "{")
	if (!brace) {
		name = substr(line, 1, index(line, " ") - 1)
		printf "%s\t\t%s\t\n", name, value
		next
	}
	name = substr(line, 1, brace - 1)
	rest = substr(line, brace + 1)
	n = 0
	le = ""
	# key="value" pairs; a value may hold \" and \\
	while (match(rest, /^[a-zA-Z_][a-zA-Z0-9_]*="/)) {
		key = substr(rest, 1, RLENGTH - 2)
		rest = substr(rest, RLENGTH + 1)
		v = ""
		while (length(rest) > 0) {
			c = substr(rest, 1, 1)
			if (c == "\\") { v = v substr(rest, 1, 2); rest = substr(rest, 3); continue }
			if (c == "\"") break
			v = v c
			rest = substr(rest, 2)
		}
		rest = substr(rest, 2)
		sub(/^,/, "", rest)
		if (key == "le") { le = v; continue }
		n++
		keys[n] = key
		vals[key] = unescape(v)
	}
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && keys[j - 1] > keys[j]; j--) {
			t = keys[j]; keys[j] = keys[j - 1]; keys[j - 1] = t
		}
	labels = ""
	for (i = 1; i <= n; i++)
		labels = labels (i > 1 ? "," : "") keys[i] "=" vals[keys[i]]
	printf "%s\t%s\t%s\t%s\n", name, labels, value, le
}'

prom_tsv() {
	LC_ALL=C awk "$PROM_AWK"
}

# prom_get TSV NAME LABELS: the value of that sample as an integer (node_exporter
# writes large numbers as 1.5e+06), or nothing when there is no such sample
prom_get() {
	# (ENVIRON: awk -v would turn a \x1b in a label into the byte)
	N=$2 L=$3 awk -F'\t' '$1 == ENVIRON["N"] && $2 == ENVIRON["L"] { printf "%.0f\n", $3; exit }' "$1"
}

# prom_sum TSV NAME: the sum of every sample of NAME
prom_sum() {
	N=$2 awk -F'\t' '$1 == ENVIRON["N"] { s += $3 } END { printf "%.0f\n", s }' "$1"
}

# prom_stop: node_exporter (the timeout and its child) is gone
prom_stop() {
	[ -n "$PROM_PID" ] || return 0
	kill "$PROM_PID" 2>/dev/null
	wait_for 5 obs_gone "$PROM_PID" || kill -KILL "$PROM_PID" 2>/dev/null
	wait "$PROM_PID" 2>/dev/null
	PROM_PID=
}

# prom_scrape OUT: /metrics into OUT, as samples (prom_tsv) into OUT.tsv
prom_scrape() {
	curl -sf --max-time 5 "http://127.0.0.1:$PROM_PORT/metrics" >"$1" 2>/dev/null || return 1
	prom_tsv <"$1" >"$1.tsv"
}

# prom_answers: node_exporter answers on its port, or has ended
prom_answers() {
	prom_scrape "$PROM_DIR/first" || ! obs_alive "$PROM_PID"
}

# prom_start: node_exporter with only the textfile collector, on a free
# loopback port, reading $PROM_TEXTFILES
prom_start() {
	local _try
	for _try in 1 2 3 4 5; do
		PROM_PORT=$((20000 + (RANDOM % 20000)))
		# a port someone listens on already: the next one
		ss -Htln "sport = :$PROM_PORT" 2>/dev/null | grep -q . && continue
		timeout -k 3 $((WAIT_S * 4)) "$PROM_EXPORTER" \
			--web.listen-address="127.0.0.1:$PROM_PORT" \
			--collector.disable-defaults --collector.textfile \
			--collector.textfile.directory="$PROM_TEXTFILES" \
			>"$PROM_DIR/exporter.log" 2>&1 &
		PROM_PID=$!
		if wait_for "$WAIT_S" prom_answers && obs_alive "$PROM_PID"; then
			return 0
		fi
		prom_stop
	done
	PROM_ERR="node_exporter did not answer: $(tail -c 300 "$PROM_DIR/exporter.log")"
	return 1
}

# prom_has OUT NAME LABELS: a scrape into OUT shows that sample
prom_has() {
	prom_scrape "$1" && [ -n "$(prom_get "$1.tsv" "$2" "$3")" ]
}

# prom_scrape_error TSV: node_textfile_scrape_error (1: a file it rejected)
prom_scrape_error() {
	prom_get "$1" node_textfile_scrape_error ""
}

# prom_equal TSV NAME LABELS WANT: the sample equals WANT, else PROM_ERR
prom_equal() {
	local got
	got=$(prom_get "$1" "$2" "$3")
	[ "$got" = "$4" ] && return 0
	PROM_ERR="$2{$3} is '${got}', the JSON summary says $4"
	return 1
}

# prom_histogram TSV LABELS HIST CALLS: the latency histogram of one series
# equals the JSON histogram HIST ([{low, high, count}]): every bucket's le
# is a log2 slot's upper bound in seconds and holds the calls up to it,
# +Inf and _count are CALLS, and _sum lies within the slots' bounds
prom_histogram() {
	local tsv=$1 labels=$2 hist=$3 calls=$4 got
	got=$(L=$labels awk -F'\t' '
		$1 == "mmsgtrace_call_latency_seconds_bucket" && $2 == ENVIRON["L"] {
			if ($4 == "+Inf") { inf = $3; next }
			printf "%.0f %.0f\n", $4 * 1e9, $3
		}
		END { printf "inf %.0f\n", inf }' "$tsv")
	if ! jq -ne --arg got "$got" --argjson h "$hist" --argjson calls "$calls" '
		($got | split("\n") | map(select(length > 0) | split(" "))) as $rows
		| ($rows | map(select(.[0] != "inf") | map(tonumber))) as $b
		| ($rows | map(select(.[0] == "inf"))[0][1] | tonumber) == $calls
		and ($b | length) == 37
		and ($b | all(. as $r | $r[1] == ([$h[] | select(.high <= $r[0]) | .count] | add // 0)))
		and ($h | map(.count) | add // 0) == $calls' >/dev/null 2>&1; then
		PROM_ERR="histogram {$labels}: buckets $(tr '\n' ' ' <<<"$got" | head -c 400), JSON $hist"
		return 1
	fi
	if ! prom_equal "$tsv" mmsgtrace_call_latency_seconds_count "$labels" "$calls"; then
		return 1
	fi
	got=$(L=$labels awk -F'\t' '$1 == "mmsgtrace_call_latency_seconds_sum" && $2 == ENVIRON["L"] {
		printf "%.0f", $3 * 1e9 }' "$tsv")
	if ! jq -ne --argjson sum "${got:-null}" --argjson h "$hist" '
		$sum != null and ([$h[] | .low * .count] | add // 0) * 0.999999 <= $sum
		and $sum <= ([$h[] | .high * .count] | add // 0) * 1.000001' >/dev/null; then
		PROM_ERR="_sum {$labels} is ${got:-missing} ns, outside the histogram's bounds $hist"
		return 1
	fi
}

# prom_not_backwards PREV CUR: no counter of scrape PREV is larger in CUR
prom_not_backwards() {
	local bad
	# a series of PREV missing from CUR went backwards too (to nothing)
	bad=$(awk -F'\t' '
		NR == FNR { if ($1 ~ /^mmsgtrace_.*(_total|_bucket|_count|_sum)$/) prev[$1 "\t" $2 "\t" $4] = $3; next }
		{ k = $1 "\t" $2 "\t" $4; seen[k] = 1 }
		(k in prev) && $3 + 0 < prev[k] + 0 { print k " " prev[k] " -> " $3; exit }
		END { for (k in prev) if (!(k in seen)) { print k " disappeared"; exit } }' "$1" "$2")
	[ -z "$bad" ] && return 0
	PROM_ERR="a counter went backwards: $bad"
	return 1
}

# prom_final_scrape: a scrape into $PROM_DIR/final, after mmsgtrace ended:
# node_exporter reads the files at each scrape, so this is the last version
prom_final_scrape() {
	prom_scrape "$PROM_DIR/final"
}

# prom_replaced FILE INODE: FILE is another inode now, or the tracer ended.
# (The caller holds INODE open, so no new file can get its number.)
prom_replaced() {
	[ "$(stat -c %i "$1" 2>/dev/null)" != "$2" ] || ! obs_alive "$OBS_TRACER"
}

# the drive run's totals by node_exporter equal its JSON summary; the file is
# replaced whole, never rewritten in place; counters never go backwards
test_prom_drive() {
	local mode=$1 label="prom $1: node_exporter's scrape equals the JSON summary (drive)"
	local f="$PROM_TEXTFILES/mmsgtrace.prom" lbl sum got inode scrapes=0 prev=""
	local s errno_want
	rm -f "$PROM_TEXTFILES"/* "$PROM_TEXTFILES"/.[!.]* 2>/dev/null
	prom_start || { fail "$label" "$PROM_ERR"; return; }
	# a call in five fails (EMSGSIZE), some are partial; paced, so it is
	# still running when scraped, until the SIGINT below
	obs_tracer pd --attach "$mode" --vlen 4 --size 64,64,64,64,70000 --allow-errors --rate 20000 \
		--duration "$OBS_LONG" --interval 0.1 --prom-file "$f" --json -o "$PROM_DIR/pd.json"
	lbl="comm=mmsgtrace,syscall=sendmmsg"
	if ! wait_for "$WAIT_S" prom_has "$PROM_DIR/live" mmsgtrace_calls_total "$lbl"; then
		fail "$label" "no series scraped while running: $(head -c 300 "$OBS_DIR/pd.err") $(head -c 300 "$PROM_DIR/live")"
		return
	fi
	# atomic: the version held open stays whole and unchanged after the next
	# one replaced it (a new inode), where a rewrite in place would change it
	exec 7<"$f"
	cat /proc/$$/fd/7 >"$PROM_DIR/held"
	inode=$(stat -L -c %i /proc/$$/fd/7)
	if ! wait_for "$WAIT_S" prom_replaced "$f" "$inode" || ! obs_alive "$OBS_TRACER"; then
		exec 7<&-
		fail "$label" "the file was not replaced (inode $inode) while running: $(head -c 300 "$OBS_DIR/pd.err")"
		return
	fi
	cat /proc/$$/fd/7 >"$PROM_DIR/held2"
	exec 7<&-
	if ! cmp -s "$PROM_DIR/held" "$PROM_DIR/held2" ||
		[ "$(tail -1 "$PROM_DIR/held" | cut -d'{' -f1)" != mmsgtrace_call_latency_seconds_count ]; then
		fail "$label" "the replaced version changed or is cut: $(tail -c 200 "$PROM_DIR/held2")"
		return
	fi
	# scrapes while it runs: each accepted, counters never backwards, and no
	# other *.prom file in the directory (the temporary one is .NAME.tmp.PID)
	while [ $scrapes -lt 20 ] && obs_alive "$OBS_TRACER"; do
		prom_scrape "$PROM_DIR/s$scrapes" || { fail "$label" "scrape failed"; return; }
		s=$PROM_DIR/s$scrapes.tsv
		if [ "$(prom_scrape_error "$s")" != 0 ]; then
			fail "$label" "node_exporter rejected a version: $(tail -c 300 "$PROM_DIR/exporter.log")"
			return
		fi
		if [ -n "$prev" ] && ! prom_not_backwards "$prev" "$s"; then
			fail "$label" "$PROM_ERR"
			return
		fi
		got=$(cd "$PROM_TEXTFILES" && ls -- *.prom)
		if [ "$got" != mmsgtrace.prom ]; then
			fail "$label" "*.prom files in the directory: $got"
			return
		fi
		prev=$s
		scrapes=$((scrapes + 1))
		# the next scrape after the next version
		exec 7<"$f"
		wait_for "$WAIT_S" prom_replaced "$f" "$(stat -L -c %i /proc/$$/fd/7)"
		exec 7<&-
	done
	obs_tracer_stop pd || { fail "$label" "$OBS_ERR"; return; }
	sum=$(grep '"type":"summary"' "$PROM_DIR/pd.json")
	if ! jq -e '.match and .calls > 0 and .errors > 0 and .partial > 0' <<<"$sum" >/dev/null; then
		fail "$label" "the run itself: $(head -c 400 <<<"$sum")"
		return
	fi
	if ! wait_for "$WAIT_S" prom_final_scrape; then
		fail "$label" "no scrape of the final version: $(tail -c 300 "$PROM_DIR/exporter.log")"
		return
	fi
	s=$PROM_DIR/final.tsv
	if ! prom_not_backwards "$prev" "$s"; then
		fail "$label" "$PROM_ERR"
		return
	fi
	if [ "$(prom_scrape_error "$s")" != 0 ] ||
		! prom_equal "$s" mmsgtrace_calls_total "$lbl" "$(jq .calls <<<"$sum")" ||
		! prom_equal "$s" mmsgtrace_messages_total "$lbl" "$(jq .msgs <<<"$sum")" ||
		! prom_equal "$s" mmsgtrace_bytes_total "$lbl" "$(jq .bytes <<<"$sum")" ||
		! prom_equal "$s" mmsgtrace_partial_calls_total "$lbl" "$(jq .partial <<<"$sum")" ||
		! prom_equal "$s" mmsgtrace_lost_events_total "" "$(jq .lost_events <<<"$sum")" ||
		! prom_histogram "$s" "$lbl" "$(jq -c .hist.latency_ns <<<"$sum")" "$(jq .calls <<<"$sum")"; then
		fail "$label" "${PROM_ERR:-node_exporter rejected the final version}"
		return
	fi
	# errors by errno: the same table as the summary's, nothing else
	errno_want=$(jq -c '.errno' <<<"$sum")
	got=$(awk -F'\t' '$1 == "mmsgtrace_errors_total" { sub(/^errno=/, "", $2); sub(/,syscall=sendmmsg$/, "", $2); printf "%s\t%.0f\n", $2, $3 }' "$s" |
		jq -Rsc 'split("\n") | map(select(length > 0) | split("\t") | {key: .[0], value: (.[1] | tonumber)}) | from_entries')
	if [ "$got" != "$errno_want" ] || [ "$(prom_sum "$s" mmsgtrace_errors_total)" != "$(jq .errors <<<"$sum")" ]; then
		fail "$label" "errors by errno: scraped $got, JSON $errno_want"
		return
	fi
	# the unread sink's drops by reason: the summary's table, nothing else
	errno_want=$(jq -c '.drops.by_reason' <<<"$sum")
	got=$(awk -F'\t' '$1 == "mmsgtrace_dropped_datagrams_total" { sub(/^reason=/, "", $2); printf "%s\t%.0f\n", $2, $3 }' "$s" |
		jq -Rsc 'split("\n") | map(select(length > 0) | split("\t") | {key: .[0], value: (.[1] | tonumber)}) | from_entries')
	if [ "$got" != "$errno_want" ] || [ "$(jq '.drops.total' <<<"$sum")" -le 0 ]; then
		fail "$label" "drops by reason: scraped $got, JSON $errno_want"
		return
	fi
	if [ "$(stat -c %a "$f")" != 644 ] || [ "$(ls -A "$PROM_TEXTFILES")" != mmsgtrace.prom ]; then
		fail "$label" "mode $(stat -c %a "$f"), directory: $(find "$PROM_TEXTFILES" -mindepth 1 -printf '%f ')"
		return
	fi
	pass "$label ($scrapes scrapes while running)"
}

# observe mode (-c of the patterns helper): the series of its name equal the
# JSON summary per syscall, errors by errno, the histogram of each syscall
test_prom_observe() {
	local label="prom: node_exporter's scrape equals the JSON summary (observe -c)"
	local f="$PROM_TEXTFILES/observe.prom" name="mmsgprom$$" sum sc lbl want calls s got
	name=${name:0:15}
	rm -f "$PROM_TEXTFILES"/* "$PROM_TEXTFILES"/.[!.]* 2>/dev/null
	prom_start || { fail "$label" "$PROM_ERR"; return; }
	obs_helper h --comm "$name" || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer po --json --attach raw -c "$name" --duration "$OBS_LONG" --interval 0.1 \
		--prom-file "$f" -o "$PROM_DIR/po.json"
	obs_wait_start po || { fail "$label" "$OBS_ERR"; return; }
	obs_go h
	obs_helper_done h 1 || { fail "$label" "$OBS_ERR"; return; }
	# while the tracer still runs: the helper's calls reach node_exporter
	if ! wait_for "$WAIT_S" prom_has "$PROM_DIR/olive" mmsgtrace_calls_total \
		"comm=$name,syscall=sendmmsg"; then
		fail "$label" "no series scraped while running: $(head -c 300 "$PROM_DIR/olive")"
		return
	fi
	obs_tracer_stop po || { fail "$label" "$OBS_ERR"; return; }
	sum=$(grep '"type":"summary"' "$PROM_DIR/po.json")
	if ! jq -e "$OBS_CLEAN" <<<"$sum" >/dev/null; then
		fail "$label" "the run lost something: $(head -c 400 <<<"$sum")"
		return
	fi
	if ! wait_for "$WAIT_S" prom_final_scrape; then
		fail "$label" "no scrape of the final version: $(tail -c 300 "$PROM_DIR/exporter.log")"
		return
	fi
	s=$PROM_DIR/final.tsv
	if [ "$(prom_scrape_error "$s")" != 0 ] ||
		! prom_equal "$s" mmsgtrace_lost_events_total "" "$(jq .lost_events <<<"$sum")" ||
		! prom_equal "$s" mmsgtrace_comm_labels_dropped "" 0; then
		fail "$label" "${PROM_ERR:-node_exporter rejected the final version}"
		return
	fi
	for sc in sendmmsg recvmmsg sendto sendmsg; do
		lbl="comm=$name,syscall=$sc"
		calls=$(jq ".syscalls.$sc.calls" <<<"$sum")
		if [ "$calls" = 0 ]; then
			if [ -n "$(prom_get "$s" mmsgtrace_calls_total "$lbl")" ]; then
				fail "$label" "a $sc series without calls"
				return
			fi
			continue
		fi
		# the helper's process object holds the histogram of its records
		if ! prom_equal "$s" mmsgtrace_calls_total "$lbl" "$calls" ||
			! prom_equal "$s" mmsgtrace_messages_total "$lbl" "$(jq ".syscalls.$sc.msgs" <<<"$sum")" ||
			! prom_equal "$s" mmsgtrace_bytes_total "$lbl" "$(jq ".syscalls.$sc.bytes" <<<"$sum")" ||
			! prom_equal "$s" mmsgtrace_partial_calls_total "$lbl" "$(jq ".syscalls.$sc.partial" <<<"$sum")" ||
			! prom_equal "$s" mmsgtrace_short_returns_total "$lbl" "$(jq ".syscalls.$sc.short" <<<"$sum")" ||
			! prom_histogram "$s" "$lbl" "$(jq -c "select(.type == \"process\") | .syscalls.$sc.hist_latency_ns" "$PROM_DIR/po.json")" "$calls"; then
			fail "$label" "$sc: $PROM_ERR"
			return
		fi
		want=$(jq -c ".syscalls.$sc.errno" <<<"$sum")
		got=$(awk -F'\t' -v sc="$sc" '$1 == "mmsgtrace_errors_total" && $2 ~ (",syscall=" sc "$") {
			sub(/^errno=/, "", $2); sub(/,syscall=.*$/, "", $2); printf "%s\t%.0f\n", $2, $3 }' "$s" |
			jq -Rsc 'split("\n") | map(select(length > 0) | split("\t") | {key: .[0], value: (.[1] | tonumber)}) | from_entries')
		if [ "$got" != "$want" ]; then
			fail "$label" "$sc errors by errno: scraped $got, JSON $want"
			return
		fi
	done
	# and the helper's own account of its calls agrees with the summary
	got=$(obs_exact "$PROM_DIR/po.json" "$(obs_line h)")
	if [ "$got" != true ]; then
		fail "$label" "the summary against the helper: $got"
		return
	fi
	pass "$label"
}

# a hostile process name: node_exporter accepts the file, and the comm label
# is the name as the terminal display escapes it
test_prom_hostile_comm() {
	local label="prom: a hostile process name is a valid, escaped comm label"
	local f="$PROM_TEXTFILES/hostile.prom" pid want
	rm -f "$PROM_TEXTFILES"/* "$PROM_TEXTFILES"/.[!.]* 2>/dev/null
	prom_start || { fail "$label" "$PROM_ERR"; return; }
	obs_helper h --comm "$OBS_HOSTILE" || { fail "$label" "$OBS_ERR"; return; }
	pid=$(cat "$OBS_DIR/h.pid")
	obs_tracer ph --json --attach raw -p "$pid" --prom-file "$f"
	obs_wait_start ph || { fail "$label" "$OBS_ERR"; return; }
	obs_go h
	obs_helper_done h 1 || { fail "$label" "$OBS_ERR"; return; }
	obs_tracer_done ph "$WAIT_S" || { fail "$label" "$OBS_ERR"; return; }
	if ! wait_for "$WAIT_S" prom_final_scrape; then
		fail "$label" "no scrape of the file: $(tail -c 300 "$PROM_DIR/exporter.log")"
		return
	fi
	# the bytes of OBS_HOSTILE as text__escape writes them
	want='comm=\x1b[31mevil"\x0a\xff,syscall=sendmmsg'
	if [ "$(prom_scrape_error "$PROM_DIR/final.tsv")" != 0 ]; then
		fail "$label" "node_exporter rejected the file: $(tail -c 300 "$PROM_DIR/exporter.log")"
	elif ! prom_equal "$PROM_DIR/final.tsv" mmsgtrace_calls_total "$want" \
		"$(jq -s 'map(select(.type == "summary"))[0].syscalls.sendmmsg.calls' "$OBS_DIR/ph.jsonl")"; then
		fail "$label" "$PROM_ERR; comm labels: $(cut -f2 "$PROM_DIR/final.tsv" | grep -a comm= | sort -u | head -3 | od -c | head -5)"
	else
		pass "$label"
	fi
}

# more process names than the cap (50): 52 helpers of distinct names under
# -p; 50 names get a label, the other two add up under "(other commands)",
# which stderr (once), a comment line and the gauge say; every call is in
# exactly one series
test_prom_comm_cap() {
	local label="prom: past 50 process names the rest add up under one comm label"
	local f="$PROM_TEXTFILES/cap.prom" i pids=() s got
	rm -f "$PROM_TEXTFILES"/* "$PROM_TEXTFILES"/.[!.]* 2>/dev/null
	prom_start || { fail "$label" "$PROM_ERR"; return; }
	for i in $(seq 10 61); do
		obs_helper "c$i" --comm "mmsgcap$i" --only sendto,errors || { fail "$label" "$OBS_ERR"; return; }
		pids+=("$(cat "$OBS_DIR/c$i.pid")")
	done
	obs_tracer pc --json --attach raw -p "$(IFS=,; echo "${pids[*]}")" --interval 0.1 \
		--prom-file "$f"
	obs_wait_start pc || { fail "$label" "$OBS_ERR"; return; }
	for i in $(seq 10 61); do
		obs_go "c$i"
	done
	for i in $(seq 10 61); do
		obs_helper_done "c$i" 1 || { fail "$label" "$OBS_ERR"; return; }
	done
	obs_tracer_done pc "$WAIT_S" || { fail "$label" "$OBS_ERR"; return; }
	if ! wait_for "$WAIT_S" prom_final_scrape; then
		fail "$label" "no scrape of the file: $(tail -c 300 "$PROM_DIR/exporter.log")"
		return
	fi
	s=$PROM_DIR/final.tsv
	# the process objects' sendto calls by name, against the series by comm
	got=$(awk -F'\t' '$1 == "mmsgtrace_calls_total" && $2 ~ /,syscall=sendto$/ {
		c = $2; sub(/^comm=/, "", c); sub(/,syscall=sendto$/, "", c); printf "%s\t%.0f\n", c, $3 }' "$s" |
		jq -Rsc 'split("\n") | map(select(length > 0) | split("\t") | {key: .[0], value: (.[1] | tonumber)}) | from_entries')
	if ! jq -se --argjson got "$got" '
		(map(select(.type == "process")) | map({key: .comm, value: .syscalls.sendto.calls})
			| from_entries) as $want
		| ($got | keys - ["(other commands)"]) as $labelled
		| ($labelled | length) == 50 and ($want | length) == 52
		and ($labelled | all(. as $k | $got[$k] == $want[$k]))
		and $got["(other commands)"] == ([$want | to_entries[] | select(.key | IN($labelled[]) | not) | .value] | add)
		and ([$got[]] | add) == (map(select(.type == "summary"))[0].syscalls.sendto.calls)' \
		"$OBS_DIR/pc.jsonl" >/dev/null; then
		fail "$label" "series by comm $got against the process objects"
		return
	fi
	if [ "$(prom_scrape_error "$s")" != 0 ] ||
		! prom_equal "$s" mmsgtrace_comm_labels_dropped "" 2; then
		fail "$label" "${PROM_ERR:-node_exporter rejected the file}"
		return
	fi
	if [ "$(grep -c 'more than 50 process names' "$OBS_DIR/pc.err")" != 1 ] ||
		! grep -q '^# more than 50 process names: 2 of them are counted under comm="(other commands)"$' "$f"; then
		fail "$label" "not said once on stderr and in the file: $(head -c 300 "$OBS_DIR/pc.err")"
		return
	fi
	pass "$label"
}

# a --prom-file whose directory is missing, is not one, or that is itself a
# directory: exit 2 with one line on stderr, before anything runs
test_prom_usage() {
	local label="prom: a bad --prom-file exits 2 with one line on stderr" path rc
	for path in "$PROM_DIR/missing/m.prom" /etc/passwd/m.prom "$PROM_TEXTFILES" ""; do
		timeout -k 3 10 "$BIN" --count 1 --prom-file "$path" >/dev/null 2>"$PROM_DIR/u.err"
		rc=$?
		if [ $rc != 2 ] || [ "$(wc -l <"$PROM_DIR/u.err")" != 1 ] ||
			! grep -q '^mmsgtrace: .*--prom-file' "$PROM_DIR/u.err"; then
			fail "$label" "'$path': rc=$rc, stderr: $(head -c 300 "$PROM_DIR/u.err")"
			return
		fi
	done
	# observe mode checks it the same way
	timeout -k 3 10 "$BIN" --all --duration 1 --prom-file "$PROM_DIR/missing/m.prom" \
		>/dev/null 2>"$PROM_DIR/u.err"
	rc=$?
	if [ $rc != 2 ] || [ "$(wc -l <"$PROM_DIR/u.err")" != 1 ]; then
		fail "$label" "observe: rc=$rc, stderr: $(head -c 300 "$PROM_DIR/u.err")"
		return
	fi
	pass "$label"
}

# under sudo (SUDO_UID/SUDO_GID) the file is written as that user: refused
# (exit 2) where the user may not write, created as theirs where they may
test_prom_sudo_user() {
	local label="prom: under sudo the file is the invoking user's, where that user may write"
	local d rc
	# not under $ITMP, which only root may enter
	d=$(mktemp -d /tmp/mmsgtrace-prom.XXXXXX) || { fail "$label" "mktemp"; return; }
	mkdir -p "$d/root-only" "$d/shared" || { fail "$label" "mkdir $d"; return; }
	chmod 755 "$d" "$d/root-only"
	chmod 1777 "$d/shared"
	SUDO_UID=65534 SUDO_GID=65534 timeout -k 3 30 "$BIN" --count 10 \
		--prom-file "$d/root-only/m.prom" >/dev/null 2>"$PROM_DIR/su.err"
	rc=$?
	if [ $rc != 2 ] || ! grep -q "cannot create files in" "$PROM_DIR/su.err" || [ -e "$d/root-only/m.prom" ]; then
		fail "$label" "a directory only root may write: rc=$rc, $(head -c 300 "$PROM_DIR/su.err")"
		rm -rf "$d"
		return
	fi
	SUDO_UID=65534 SUDO_GID=65534 timeout -k 3 30 "$BIN" --count 10 \
		--prom-file "$d/shared/m.prom" >/dev/null 2>"$PROM_DIR/su.err"
	rc=$?
	if [ $rc != 0 ] || [ "$(stat -c '%u:%g %a' "$d/shared/m.prom" 2>&1)" != "65534:65534 644" ] ||
		[ "$(ls -A "$d/shared")" != m.prom ]; then
		fail "$label" "rc=$rc, file $(stat -c '%u:%g %a' "$d/shared/m.prom" 2>&1), $(head -c 300 "$PROM_DIR/su.err")"
		rm -rf "$d"
		return
	fi
	rm -rf "$d"
	pass "$label"
}

# a version that cannot be written (a full file system): said once on
# stderr, no temporary file left, exit 1; the run itself goes on to its end
test_prom_write_fails() {
	local label="prom: a version that cannot be written is said once and exits 1"
	local d=$PROM_DIR/full out
	mkdir -p "$d" || { fail "$label" "mkdir $d"; return; }
	# a one-page tmpfs in a private mount namespace: the file (5 KiB) does not fit
	# shellcheck disable=SC2016
	out=$(unshare -m sh -c 'mount -t tmpfs -o size=4k none "$1" || exit 99
		timeout -k 3 30 "$2" --vlen 8 --rate 800 --duration 0.5 --interval 0.1 --json \
			--prom-file "$1/m.prom" >"$3.out" 2>"$3"
		echo "rc=$?"; ls -A "$1"' sh "$d" "$BIN" "$PROM_DIR/wf.err")
	# the exit code, and nothing left in the directory
	if [ "$out" = rc=99 ]; then
		skip "$label" "cannot mount a tmpfs in a private mount namespace"
	elif [ "$out" != rc=1 ] || ! jq -e 'select(.type == "summary") | .match' "$PROM_DIR/wf.err.out" >/dev/null; then
		fail "$label" "the run ($out) or its directory: $(tail -c 300 "$PROM_DIR/wf.err.out")"
	elif [ "$(wc -l <"$PROM_DIR/wf.err")" != 1 ] ||
		! grep -q '^mmsgtrace: --prom-file: cannot write .*No space left on device$' "$PROM_DIR/wf.err"; then
		fail "$label" "stderr: $(head -c 300 "$PROM_DIR/wf.err")"
	else
		pass "$label"
	fi
}

prom_run() {
	if [ -n "${TESTS:-}" ] && ! [[ "$1" =~ $TESTS ]]; then
		return
	fi
	"$@"
	obs_cleanup
	prom_stop
}

run_prom_tests() {
	local reason old_trap
	PROM_DIR=$ITMP/prom
	PROM_TEXTFILES=$PROM_DIR/textfile
	OBS_DIR=$PROM_DIR
	mkdir -p "$PROM_TEXTFILES" || return
	prom_run test_prom_usage
	if ! command -v "$PROM_EXPORTER" >/dev/null || ! command -v curl >/dev/null; then
		skip "prom tests" "$PROM_EXPORTER or curl is not installed (make deps)"
		return
	fi
	if ! reason=$(bpf_probe); then
		skip "prom tests" "$reason"
		return
	fi
	# node_exporter must not outlive an interrupted suite
	old_trap=$(trap -p EXIT)
	trap 'prom_stop; rm -rf "$LOCDIR" "$ITMP"' EXIT
	prom_run test_prom_drive raw
	prom_run test_prom_drive tp
	prom_run test_prom_observe
	prom_run test_prom_hostile_comm
	prom_run test_prom_comm_cap
	prom_run test_prom_sudo_user
	prom_run test_prom_write_fails
	eval "${old_trap:-trap - EXIT}"
}
