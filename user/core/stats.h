/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Aggregation: per-interval deltas of exact counters, distributions fed by
 * per-call records, percentiles, and the final summary with the driver
 * cross-check.
 *
 * Pure: knows neither the driver nor the tracer, only numbers. Counters are
 * snapshots that only grow; intervals are differences of snapshots, never
 * resets of something another party is still updating.
 */
#ifndef MMSGTRACE_STATS_H
#define MMSGTRACE_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/contract.h"	/* MMSG_ERRNO_SLOTS, MMSG_UIO_MAXIOV */
#include "core/drops.h"		/* struct drop_counts */

#define STATS_HIST_SLOTS 65	/* slot 0: value 0; slot k>0: [2^(k-1), 2^k - 1] */

/* Exact, monotonically growing counters (kernel totals or driver counts). */
struct stats_counts {
	uint64_t calls;
	uint64_t msgs;
	uint64_t bytes;
	uint64_t errors;
	uint64_t partial;
	uint64_t latency_ns;		/* sum of call latencies (0 when unknown) */
	uint64_t lost_events;
	uint64_t inflight_overflow;
	uint64_t exit_unmatched;
	uint64_t bytes_read_faults;
	uint64_t dropped;		/* the driver's datagrams the kernel dropped
					 * (core/drops.h; 0 when not counted) */
};

struct log2_hist {
	uint64_t slot[STATS_HIST_SLOTS];
};

void log2_hist__add(struct log2_hist *h, uint64_t value);
uint64_t log2_hist__total(const struct log2_hist *h);
/* inclusive value bounds of slot k */
uint64_t log2_hist__low(unsigned k);
uint64_t log2_hist__high(unsigned k);

/*
 * Latency samples for percentiles. Exact while the run has at most
 * `exact_cap` samples (all are kept); past that, percentiles come from a
 * log-linear histogram (128 sub-buckets per power of two, midpoint reported,
 * so within 0.4%) and are flagged as estimated.
 */
struct latency_store {
	uint64_t *samples;
	size_t n, cap, exact_cap;
	bool overflowed;		/* exact_cap exceeded: estimates from buckets */
	uint64_t *buckets;		/* log-linear counts */
	uint64_t count, max;
};

struct stats_percentiles {
	bool valid;			/* at least one sample */
	bool exact;			/* false: from log-linear buckets (within 0.4%) */
	uint64_t count;
	uint64_t p50, p90, p99, max;
};

struct stats {
	unsigned vlen;			/* requested vlen */
	unsigned vlen_effective;	/* min(vlen, 1024): the fill denominator */
	struct stats_counts last;	/* snapshot at the previous interval */
	struct latency_store interval_latency;	/* reset each interval */
	struct latency_store run_latency;
	struct log2_hist latency_hist;	/* ns */
	uint64_t latency_sum_ns;	/* sum of latency_hist's samples (--prom-file _sum) */
	struct log2_hist msgs_hist;	/* messages per call (successful calls) */
	struct log2_hist bytes_hist;	/* bytes per call (successful calls) */
	uint64_t records;		/* per-call records seen */
};

struct stats_interval {
	double seconds;
	struct stats_counts delta;	/* exact counter differences */
	double calls_per_s, msgs_per_s, mb_per_s;	/* MB = 10^6 bytes */
	double msgs_per_call;		/* delta.msgs / delta.calls */
	double fill_pct;		/* 100 * msgs / (calls * vlen_effective) */
	bool have_latency;		/* latency counters and samples exist */
	bool have_drops;		/* delta.dropped was counted (set by the caller) */
	double ns_per_msg;		/* delta.latency_ns / delta.msgs */
	struct stats_percentiles latency;	/* from this interval's records */
};

/* exact_cap: samples kept for exact run percentiles (0 = a default). */
int stats__init(struct stats *s, unsigned vlen, size_t exact_cap);
void stats__free(struct stats *s);

/* One completed call (from a ring-buffer record). */
void stats__add_call(struct stats *s, uint64_t latency_ns, int32_t ret, uint64_t bytes);

/*
 * Close an interval: `now` is the current counter snapshot, `seconds` the
 * interval's wall time. Fills *out and starts the next interval.
 */
void stats__interval(struct stats *s, const struct stats_counts *now, double seconds,
		     bool have_latency, struct stats_interval *out);

void stats__percentiles(const struct stats *s, struct stats_percentiles *out);

/* Percentiles of a store (exposed for tests). q in [0, 1]. */
int latency_store__init(struct latency_store *ls, size_t exact_cap);
void latency_store__free(struct latency_store *ls);
void latency_store__reset(struct latency_store *ls);
void latency_store__add(struct latency_store *ls, uint64_t v);
void latency_store__percentiles(const struct latency_store *ls, struct stats_percentiles *out);

/* The driver's own exact counts, for the cross-check. */
struct driver_counts {
	uint64_t calls, msgs, bytes, errors, partial;
	uint64_t datagrams;		/* UDP datagrams the sent messages became (--gso) */
};

/*
 * The errors sendmmsg hid (--hidden-errors): messages that failed inside
 * calls that returned > 0. Such a call returns the messages sent before the
 * failing one and drops its error (sendmmsg(2), RETURN VALUE and ERRORS), so
 * neither the call's result nor the driver's counts show it.
 */
struct hidden_errors {
	bool counted;			/* the hook ran: exact; false: not known (JSON null) */
	uint64_t messages;
	const uint64_t *errnos;		/* MMSG_ERRNO_SLOTS counts (NULL: none) */
};

struct self_cost;

struct summary {
	const char *mode;		/* "drive" */
	const char *attach;		/* "raw", "tp" or "none" (--no-trace) */
	double seconds;
	unsigned vlen;
	bool traced;			/* kernel counters present */
	struct stats_counts kernel;	/* traced: kernel totals */
	const uint64_t *errnos;		/* MMSG_ERRNO_SLOTS counts (kernel, else driver) */
	struct hidden_errors hidden;	/* not in the cross-check: the driver cannot see them */
	struct stats_percentiles latency;
	const struct log2_hist *latency_hist, *msgs_hist, *bytes_hist;
	uint64_t records;		/* records received from the ring buffer */
	bool have_driver;
	struct driver_counts driver;
	bool have_sink;
	bool sink_reads;		/* the count sink read while the senders ran;
					 * discard was drained only at the end */
	uint64_t sink_delivered, sink_dropped;
	/* the datagrams the kernel dropped of the driver's sockets (counted
	 * false: not counted, --no-drops or --no-trace) */
	struct drop_counts drops;
	/* the built-in sink: datagrams sent = received by the sink + dropped */
	bool delivery_checked, match_delivery;
	const char *send_mode;		/* "sendmmsg", "sendmsg" or "sendto" (NULL: not known) */
	unsigned gso;			/* --gso segment size; 0 = off */
	unsigned call_slots;		/* messages one call can carry, the fill denominator
					 * (0: min(vlen, 1024), as for sendmmsg) */
	double consumer_cpu_s;		/* CPU time of the thread that drained the ring buffer */
	double consumer_wall_s;		/* the wall time it was measured over */
	const struct self_cost *self_cost;	/* the tracer's own cost; NULL: not measured */
	/* filled by stats__cross_check */
	bool match_calls, match_msgs, match_bytes, match_errors;
	bool match;			/* all four, the delivery check, and no loss that
					 * affects totals */
};

/*
 * Compare kernel totals with the driver's counts. Totals are affected by
 * in-flight overflow, unmatched exits and msg_len read faults (not by lost
 * ring-buffer records), so any of those makes match false. The delivery
 * check (match_delivery, set by the caller) is part of match when made.
 */
void stats__cross_check(struct summary *sum);

/* The figures the summary derives from its totals, as the text summary
 * prints them and the JSON and CSV summaries give them. NAN where a figure
 * has no value (no calls, no time, not traced). */
struct summary_figures {
	uint64_t calls, msgs, bytes, errors, partial;	/* the kernel's, else the driver's */
	double msgs_per_call;
	double fill_pct;		/* messages / (calls x fill_of) */
	unsigned fill_of;		/* messages one call can carry: min(vlen, 1024), or 1 */
	double calls_per_s, msgs_per_s, mb_per_s;	/* over the run's seconds */
	double ns_per_msg;		/* traced: time inside the calls / messages */
	double consumer_cpu_pct;	/* the consumer's CPU time, % of one core */
	bool complete;			/* traced: no in-flight overflow, unmatched exit or read fault */
};

void summary__figures(const struct summary *sum, struct summary_figures *out);

/* Sampled: distributions miss records (lost events). */
static inline bool summary__sampled(const struct summary *sum)
{
	return sum->traced && sum->kernel.lost_events > 0;
}

#endif /* MMSGTRACE_STATS_H */
