#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
"""Check mmsgtrace --csv output against the JSON lines of the same run (-o).

usage: check_csv.py drive|observe CSV JSONL [EXPECTED_CALLS]

The CSV must start with its header (not commented), every row must have
the header's columns, the first column ("type") names the kind of row.
drive: interval rows, then one summary row whose figures equal the JSON
summary's exactly (and whose calls equal EXPECTED_CALLS, the driver's own
--count, when given). observe: the process rows equal the JSON process
objects' per-syscall counts, the total rows the JSON summary's. Prints
nothing and exits 0 when all holds; else one line saying what differs, exit 1.
"""
import csv
import json
import sys

# CSV column -> path in the drive JSON summary
DRIVE_SUMMARY = {
    "seconds": "seconds", "calls": "calls", "msgs": "msgs", "bytes": "bytes",
    "errors": "errors", "partial": "partial", "lost_events": "lost_events",
    "calls_per_s": "calls_per_s", "msgs_per_s": "msgs_per_s", "mb_per_s": "mb_per_s",
    "msgs_per_call": "msgs_per_call", "fill_pct": "fill_pct", "ns_per_msg": "ns_per_msg",
    "p50_ns": "latency_ns.p50", "p90_ns": "latency_ns.p90", "p99_ns": "latency_ns.p99",
    "max_ns": "latency_ns.max", "latency_exact": "latency_ns.exact", "records": "records",
    "datagrams": "driver.datagrams", "driver_calls": "driver.calls",
    "driver_msgs": "driver.msgs", "driver_bytes": "driver.bytes",
    "driver_errors": "driver.errors", "match": "match", "consumer_cpu_s": "consumer_cpu_s",
    "dropped": "drops.from_its_sockets",
}
DRIVE_COUNTS = ("calls", "msgs", "bytes", "errors", "partial")
# observe mode: recvmmsg's short returns are their own column
COUNTS = DRIVE_COUNTS + ("short",)


def die(msg):
    print(msg)
    sys.exit(1)


def lookup(obj, path):
    for key in path.split("."):
        if not isinstance(obj, dict) or key not in obj:
            return None
        obj = obj[key]
    return obj


def same(field, value):
    """the CSV text equals the JSON value: numbers as numbers, exactly"""
    if value is None:
        return field == ""
    if isinstance(value, bool):
        return field == ("true" if value else "false")
    try:
        return float(field) == float(value)
    except ValueError:
        return False


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        text = f.read()
    if not text.startswith("type,"):
        die(f"{path}: the first line is not the header: {text[:60]!r}")
    rows = list(csv.reader(text.splitlines(keepends=True)))
    header = rows[0]
    for i, row in enumerate(rows[1:], 2):
        if len(row) != len(header):
            die(f"{path} row {i}: {len(row)} columns, the header has {len(header)}")
    return header, [dict(zip(header, r)) for r in rows[1:]]


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def check_drive(rows, objs, expected_calls):
    kinds = [r["type"] for r in rows]
    if not kinds or kinds[-1] != "summary" or set(kinds[:-1]) - {"interval"}:
        die(f"row types {kinds}: expected interval rows, then one summary")
    summary = [o for o in objs if o["type"] == "summary"]
    if len(summary) != 1:
        die(f"{len(summary)} JSON summaries")
    row = rows[-1]
    for col, path in DRIVE_SUMMARY.items():
        if not same(row[col], lookup(summary[0], path)):
            die(f"summary {col}: CSV {row[col]!r}, JSON {lookup(summary[0], path)!r}")
    if expected_calls is not None and int(row["driver_calls"]) != expected_calls:
        die(f"summary driver_calls {row['driver_calls']}, the driver was told {expected_calls}")
    intervals = [o for o in objs if o["type"] == "interval"]
    if len(intervals) != len(rows) - 1:
        die(f"{len(rows) - 1} interval rows, {len(intervals)} JSON intervals")
    for r, o in zip(rows, intervals):
        for col in DRIVE_COUNTS + ("lost_events", "t", "seconds", "msgs_per_s", "fill_pct", "dropped"):
            if not same(r[col], o[col]):
                die(f"interval t={o['t']} {col}: CSV {r[col]!r}, JSON {o[col]!r}")


def check_observe(rows, objs):
    procs = {(str(o["pid"]), o["comm"]): o for o in objs if o["type"] == "process"}
    summary = [o for o in objs if o["type"] == "summary"][0]
    seen = 0
    for r in rows:
        if r["type"] == "process":
            o = procs.get((r["pid"], r["comm"]))
            if o is None:
                die(f"process row {r['pid']} {r['comm']!r}: no such JSON process object")
            sc = o["syscalls"][r["syscall"]]
            for col in COUNTS + ("records",):
                if not same(r[col], sc[col]):
                    die(f"process {r['pid']} {r['syscall']} {col}: CSV {r[col]}, JSON {sc[col]}")
            seen += 1
        elif r["type"] == "total":
            src = summary if r["syscall"] == "all" else summary["syscalls"][r["syscall"]]
            for col in COUNTS:
                if not same(r[col], src[col]):
                    die(f"total {r['syscall']} {col}: CSV {r[col]}, JSON {src[col]}")
            if r["syscall"] == "all":
                for col in ("records", "lost_events"):
                    if not same(r[col], summary[col]):
                        die(f"total all {col}: CSV {r[col]}, JSON {summary[col]}")
        elif r["type"] not in ("interval", "fork", "exit"):
            die(f"unknown row type {r['type']!r}")
    want = sum(len(o["syscalls"]) for o in procs.values())
    if seen != want:
        die(f"{seen} process rows, the JSON has {want} (process, syscall) pairs")
    totals = [r["syscall"] for r in rows if r["type"] == "total"]
    if totals[-1:] != ["all"] or len(totals) != len(summary["syscalls"]) + 1:
        die(f"total rows {totals}, the JSON summary watches {list(summary['syscalls'])}")


def main():
    if len(sys.argv) not in (4, 5) or sys.argv[1] not in ("drive", "observe"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    header, rows = read_csv(sys.argv[2])
    objs = read_jsonl(sys.argv[3])
    if sys.argv[1] == "drive":
        check_drive(rows, objs, int(sys.argv[4]) if len(sys.argv) == 5 else None)
    else:
        check_observe(rows, objs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
