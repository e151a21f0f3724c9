/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Observe mode's aggregation per process (or per thread) and syscall.
 *
 * Two sources, kept apart: the kernel's exact per-task totals (snapshots
 * that only grow; intervals are their differences) and the per-call records
 * (latency percentiles and histograms, errno names, the task's name), which
 * are sampled when the ring buffer lost events.
 *
 * Pure: no I/O, no BPF; unit-tested.
 */
#ifndef MMSGTRACE_PROCSTATS_H
#define MMSGTRACE_PROCSTATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "common/contract.h"
#include "common/record.h"
#include "core/stats.h"

struct procstats_errno {
	int err;
	uint64_t count;
};

struct procstats_syscall {
	struct mmsg_task_totals total;	/* kernel totals, latest snapshot (exact) */
	struct mmsg_task_totals last;	/* snapshot at the end of the previous interval */
	struct mmsg_task_totals delta;	/* the interval just closed */
	struct latency_store interval_latency;	/* records of the open interval */
	struct latency_store run_latency;
	struct stats_percentiles interval_pct;	/* of the interval just closed */
	struct log2_hist latency_hist;	/* ns, from records */
	uint64_t latency_sum_ns;	/* sum of latency_hist's samples */
	uint64_t records;
	/* receives (enum mmsg_call_info, from the BPF side): records of calls
	 * that could block (no MSG_DONTWAIT, the socket not O_NONBLOCK), and of
	 * calls for which it could not tell (the fd could not be read) */
	uint64_t could_block_records;
	uint64_t block_unknown_records;
	/* from records, by first appearance; restart codes count as EINTR and
	 * values >= MMSG_ERRNO_SLOTS - 1 share that last slot, as in the kernel's table */
	struct procstats_errno *errnos;
	unsigned nerrnos;
};

struct procstats_task {
	uint32_t pid;
	uint32_t tid;			/* 0 unless per thread */
	char comm[MMSG_COMM_LEN];	/* raw bytes from the kernel: escape before printing */
	bool exited;
	struct procstats_syscall sc[MMSG_SYS_COUNT];
	double msgs_per_s;		/* all syscalls, the interval just closed */
	/* the process's datagrams the kernel dropped in the interval just
	 * closed (core/drop_owners.h), set by the caller after
	 * procstats__interval; drops_counted false: not counted */
	bool drops_counted;
	uint64_t dropped;
};

struct procstats;

/*
 * Whether a syscall's latency includes time blocked waiting for data: a
 * receive could block unless it passed MSG_DONTWAIT or its socket was
 * O_NONBLOCK, which the BPF side reads at the call's entry.
 */
enum procstats_blocking {
	PROCSTATS_BLOCKING_NONE,	/* a send, or no recorded call could block */
	PROCSTATS_BLOCKING_SOME,	/* some recorded calls could block */
	PROCSTATS_BLOCKING_UNKNOWN,	/* none known to: for some calls the BPF side could
					 * not tell, or no call was recorded */
};

enum procstats_blocking procstats__blocking(const struct procstats_syscall *s, unsigned syscall);

struct procstats *procstats__new(bool per_thread);
void procstats__free(struct procstats *ps);

/* A per-call record: distributions, errno names and the task's name.
 * Returns 0 or -ENOMEM. */
int procstats__add_record(struct procstats *ps, const struct mmsg_call_record *rec);

/* The kernel's running totals of one (pid, tid, syscall). Returns the task
 * (whose comm may still be empty), or NULL when out of memory or the
 * syscall index is out of range. */
struct procstats_task *procstats__set_totals(struct procstats *ps, const struct mmsg_task_key *key,
					     const struct mmsg_task_totals *totals);

/* Every task of process pid is gone (its rows stay, marked). */
void procstats__mark_exited(struct procstats *ps, uint32_t pid);

/*
 * Close an interval of the given length: deltas of the kernel totals, rates
 * and the interval's latency percentiles. Returns the number of tasks and
 * points *tasks at them, sorted by messages per second in the interval
 * (then by total messages, then pid, tid). Valid until the next call that
 * adds a task.
 */
size_t procstats__interval(struct procstats *ps, double seconds, struct procstats_task ***tasks);

/* All tasks sorted by total messages (then pid, tid), for the summary. */
size_t procstats__by_total(struct procstats *ps, struct procstats_task ***tasks);

/* Messages of all syscalls of a task (total or interval delta). */
uint64_t procstats_task__msgs(const struct procstats_task *t, bool interval);

/* Observe mode's run-wide figures, for the summary. */
struct self_cost;

struct observe_summary {
	const char *attach;		/* "raw" or "tp" */
	const char *select;		/* "pid", "tid", "comm", "cgroup", "all" */
	double seconds;
	unsigned syscall_mask;		/* syscalls watched */
	struct mmsg_totals sc[MMSG_SYS_COUNT];	/* kernel totals per syscall (exact) */
	struct mmsg_totals all;		/* their sum */
	const uint64_t *errnos[MMSG_SYS_COUNT];	/* kernel errno counts per syscall */
	struct hidden_errors hidden;	/* sendmmsg's (--hidden-errors) */
	size_t tasks;			/* processes (threads with --per-thread) seen */
	uint64_t records;		/* per-call records received */
	uint64_t records_dropped;	/* records userspace could not keep (out of memory) */
	double per_call_ns;		/* batching estimate: cost per avoided call */
	uint64_t burst_gap_ns;
	double consumer_cpu_s;		/* CPU time of the thread that drained the ring buffer */
	double consumer_wall_s;		/* the wall time it was measured over */
	const struct self_cost *self_cost;	/* the tracer's own cost; NULL: not measured */
	struct drop_counts drops;	/* of all watched processes' sockets (counted false:
					 * not counted) */
};

/* The run's partial calls (the sends') and short returns (recvmmsg's): the
 * kernel's partial counters told apart by syscall (common/record.h). */
static inline uint64_t observe_summary__partial(const struct observe_summary *s)
{
	uint64_t n = 0;

	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++)
		n += record__partial(sc, s->sc[sc].partial);
	return n;
}

static inline uint64_t observe_summary__short(const struct observe_summary *s)
{
	uint64_t n = 0;

	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++)
		n += record__short(sc, s->sc[sc].partial);
	return n;
}

/* Distributions miss records: lost in the kernel or dropped in userspace. */
static inline bool observe_summary__sampled(const struct observe_summary *s)
{
	return s->all.lost_events > 0 || s->records_dropped > 0;
}

/*
 * Totals miss calls: the in-kernel tables overflowed, reads faulted, or a
 * forked child of a -p target could not be followed.
 * (Unmatched exits are calls already in progress when tracing began: outside
 * the observed window, not a loss.)
 */
static inline bool observe_summary__incomplete(const struct observe_summary *s)
{
	return s->all.inflight_overflow || s->all.bytes_read_faults || s->all.task_overflow ||
	       s->all.targets_overflow;
}

#endif /* MMSGTRACE_PROCSTATS_H */
