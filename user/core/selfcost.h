/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The tracer's own cost, measured as it runs: the kernel's BPF run-time
 * statistics of its syscall programs (a window lasts until it has seen
 * SELFCOST_MIN_CALLS traced calls, so that the first calls' setup of maps
 * does not stand for all, SELFCOST_RETRY_MS at most). Those statistics are not free (two
 * clock reads per program run while they are on, more than the tracer's own
 * work on some machines), so they are on only in short windows: the first
 * SELFCOST_WINDOW_MS of the run and then one every SELFCOST_PERIOD_S (every
 * SELFCOST_RETRY_MS while no window has seen a traced call yet), held
 * (the first opens when the measurement is set up, before the traced work
 * starts), held through the process's own statistics fd (bpf_enable_stats), which ends
 * with the process and leaves the sysctl as it was. When another holder
 * already has them on, they are read over the whole run and nothing is
 * switched.
 *
 * The programs that run per message rather than per call are measured in
 * the same windows, per run: sock_send_length (--hidden-errors: a run for
 * each message a socket sends) and the drop counter (a run for each packet
 * the kernel drops), once selfcost__watch_drops names it.
 *
 * In raw mode the entry and exit programs run for every syscall of the
 * machine and return at the syscall-number check for the others; what such
 * a run costs is calibrated once at the start, in a window of its own, on a
 * loop of getppid (a syscall no configuration traces), and subtracted.
 */
#ifndef MMSGTRACE_CORE_SELFCOST_H
#define MMSGTRACE_CORE_SELFCOST_H

#include <stdbool.h>
#include <stdint.h>

struct tracer;
struct tracer_settings;

#define SELFCOST_WINDOW_MS 10
#define SELFCOST_PERIOD_S 10
#define SELFCOST_RETRY_MS 1000		/* the next window, while none saw a traced call */
#define SELFCOST_MIN_CALLS 1000		/* a window sees this many traced calls (or 1 s) */
#define SELFCOST_CALIBRATION_CALLS 20000

/* What was measured (all from the windows). */
struct self_cost {
	bool measured;			/* a window saw traced calls */
	bool stats_already_on;		/* another holder had them on: the whole run */
	unsigned windows;
	double seconds_measured;	/* time with the statistics on */
	uint64_t traced_calls;		/* traced calls that exited in the windows */
	double enter_ns, exit_ns;	/* per traced call, in the entry and exit programs */
	double bpf_ns_per_traced_call;	/* enter_ns + exit_ns */
	double share_of_call_time;	/* BPF time of the traced calls / their latency (0..) */
	uint64_t other_syscalls;	/* runs for calls not traced, in the windows */
	double other_syscalls_per_s;	/* their rate */
	double ns_per_other_syscall;	/* raw mode: the calibrated early return; NaN in tp */
	/* the per-message programs, per run in the windows (NaN: no run) */
	bool send_hook_on, drop_counter_on;	/* loaded (--hidden-errors; drops counted) */
	uint64_t send_hook_runs, drop_counter_runs;
	double send_hook_ns_per_run, drop_counter_ns_per_run;
};

struct selfcost;
struct drops;

/*
 * Ready to measure the programs of t, attached as s says. NULL when s turns
 * the measurement off (err empty) or the kernel will not give statistics
 * (err says so, in a sentence for a warning): the run goes on without.
 * Calibrates raw mode's early return first (some milliseconds).
 */
struct selfcost *selfcost__new(struct tracer *t, const struct tracer_settings *s, char *err,
			       size_t errlen);
/* Measure the drop counter d too, from now on (s may be NULL). */
void selfcost__watch_drops(struct selfcost *s, struct drops *d);
/* From the run loop, with CLOCK_MONOTONIC now: opens and closes windows. */
void selfcost__tick(struct selfcost *s, uint64_t now_ns);
/* How long the run loop may wait before its next tick (ms, at most max_ms),
 * so that windows open and close on time; s may be NULL (max_ms). */
int selfcost__wait_ms(const struct selfcost *s, uint64_t now_ns, int max_ms);
/* The figures (closing an open window first); s may be NULL (nothing measured). */
void selfcost__finish(struct selfcost *s, uint64_t now_ns, struct self_cost *out);
void selfcost__free(struct selfcost *s);

#endif /* MMSGTRACE_CORE_SELFCOST_H */
