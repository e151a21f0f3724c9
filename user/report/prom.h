/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The run's totals in the Prometheus text exposition format (0.0.4), for
 * node_exporter's textfile collector (--prom-file). Every family has its
 * HELP and TYPE lines; the counters are totals since the start of the run,
 * so they only grow from one version of the file to the next.
 *
 *   mmsgtrace_calls_total{syscall,comm}             counter, exact (kernel)
 *   mmsgtrace_messages_total{syscall,comm}          counter, exact
 *   mmsgtrace_bytes_total{syscall,comm}             counter, exact
 *   mmsgtrace_partial_calls_total{syscall,comm}     counter, exact
 *   mmsgtrace_short_returns_total{syscall,comm}     counter, exact (recvmmsg)
 *   mmsgtrace_errors_total{syscall,errno}           counter, exact (the kernel
 *                                                   counts errnos per syscall)
 *   mmsgtrace_lost_events_total                     counter (traced runs)
 *   mmsgtrace_call_latency_seconds{syscall,comm}    histogram (traced runs),
 *                                                   from the per-call records
 *   mmsgtrace_comm_labels_dropped                   gauge (observe mode)
 *
 * Pure: writes only to the FILE given; unit-tested.
 */
#ifndef MMSGTRACE_REPORT_PROM_H
#define MMSGTRACE_REPORT_PROM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/contract.h"
#include "core/stats.h"

/* The latency histogram's buckets are the log2 slots of core/stats.h, each
 * with its exact upper bound as le (slot k holds 2^(k-1) .. 2^k - 1 ns, so
 * le = (2^k - 1) ns). Slots above this one (2^36 - 1 ns = 68.7 s) are
 * counted in le="+Inf" only, so that every series has the same buckets. */
#define PROM_LATENCY_TOP_SLOT 36

/* A comm label that no task name can be: names have at most 15 bytes, and
 * text__escape leaves 15 printable bytes 15 bytes long. */
#define PROM_OTHER_COMMS "(other commands)"

/* One (syscall, comm) series of the counters and the histogram. */
struct prom_series {
	unsigned syscall;		/* enum mmsg_syscall */
	char comm[MMSG_COMM_LEN];	/* the task name's raw bytes, NUL-padded */
	bool other;			/* the comms past the cap: PROM_OTHER_COMMS */
	uint64_t calls, msgs, bytes, partial;
	uint64_t shorts;		/* recvmmsg: returns of fewer messages than vlen */
	struct log2_hist latency;	/* ns, from the per-call records */
	uint64_t latency_sum_ns;	/* the sum of the samples in latency */
};

struct prom_snapshot {
	const struct prom_series *series;
	size_t nseries;
	/* per syscall, MMSG_ERRNO_SLOTS counts; NULL: not watched */
	const uint64_t *errnos[MMSG_SYS_COUNT];
	bool traced;			/* lost events and the histogram exist */
	uint64_t lost_events;
	bool comm_cap;			/* observe mode: comm labels are capped */
	unsigned comm_labels_max;	/* the cap */
	uint64_t comm_labels_dropped;	/* names counted under PROM_OTHER_COMMS */
	/* the drops of the driver's or the watched processes' datagrams, by
	 * reason (NULL: not counted) */
	const struct drop_counts *drops;
};

/* The exposition of s. */
void prom__write(FILE *f, const struct prom_snapshot *s);

/* A label value for arbitrary bytes (at most len, stops at NUL), quoted:
 * the name as the terminal display shows it (text__escape: control bytes and
 * invalid UTF-8 as \xNN), then the exposition format's escapes (backslash,
 * double quote, newline), so the file is always valid UTF-8. */
void prom__label_value(FILE *f, const char *s, size_t len);

/* ns as seconds, exactly: "0.000001023", "68.719476735", "0", "2" */
void prom__seconds(FILE *f, uint64_t ns);

#endif /* MMSGTRACE_REPORT_PROM_H */
