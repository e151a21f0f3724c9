/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * What `mmsgtrace sweep` shows: one point per send mode and vlen, each
 * measured by the kernel (totals and per-call records), the fit of the
 * batching model over the sendmmsg points, and what follows from it. The
 * table, the terminal plot, the explanation, CSV (here) and JSON (json.h)
 * print the same structures.
 */
#ifndef MMSGTRACE_REPORT_SWEEP_H
#define MMSGTRACE_REPORT_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/fit.h"

/* A point: the totals of all its runs, and the median (min, max) over its
 * runs of what varies from run to run. */
struct sweep_point {
	const char *mode;		/* "sendmmsg", "sendto", "sendmsg" or "gso" */
	unsigned vlen;			/* messages per call asked for (sendto, sendmsg: 1) */
	unsigned runs;			/* runs measured (--repeat) */
	/* exact kernel totals over the runs */
	uint64_t calls, messages, bytes, datagrams, errors, lost_events;
	double seconds;			/* wall time of the runs, summed */
	/* medians over the runs (min and max where kept) */
	double calls_per_s, msgs_per_s, mb_per_s, datagrams_per_s;
	double msgs_per_s_min, msgs_per_s_max;
	double ns_per_call;		/* mean time inside the syscall per call */
	double ns_per_call_min, ns_per_call_max;
	double ns_per_msg;		/* time inside the syscall per message */
	double msgs_per_call;		/* messages / calls: what the fit uses */
	bool have_latency;		/* records arrived: p50/p99 */
	uint64_t p50_ns, p99_ns;	/* call latency, from the per-call records */
	double fill;			/* messages / (calls * min(vlen, 1024)), 0..1 */
	double syscall_share;		/* time inside the syscall / (wall time * threads) */
	bool match;			/* every run's kernel totals equal the driver's */
	double speedup_vs_sendto;	/* msgs_per_s / the sendto point's (0: no sendto point) */
};

/* What the points say, computed from them. */
struct sweep_summary {
	struct fit fit;			/* over the sendmmsg points */
	size_t fit_points;		/* how many took part */
	unsigned knee_vlen;		/* smallest sendmmsg vlen reaching 95% of the best msgs/s (0: none) */
	double knee_fixed_share;	/* the model's fixed share of a call at the knee (0..1) */
	unsigned best_vlen;		/* the sendmmsg point with the most msgs/s */
	double best_speedup;		/* its msgs/s over sendto's (0: no sendto point) */
	unsigned repeat;		/* runs per point */
	double spread;			/* largest (max - min) / median of ns_per_call over points */
	bool noisy;			/* spread above SWEEP_NOISY */
	bool all_match;			/* every point's cross-check */
};

#define SWEEP_KNEE_SHARE 0.95		/* the knee: this share of the best msgs/s */
#define SWEEP_NOISY 0.25		/* runs of a point further apart than this: noisy */

/* The first point of mode ("sendto", ...) among n, or NULL. */
const struct sweep_point *sweep__find_mode(const struct sweep_point *p, size_t n, const char *mode);

/* The summary of n points (speed-ups are filled into the points too). */
void sweep__summarize(struct sweep_point *p, size_t n, unsigned repeat, struct sweep_summary *s);

/* The table, one line per point. */
void sweep__print_table(FILE *f, const struct sweep_point *p, size_t n);
/* msgs/s and ns per message against vlen on a log2 axis, in width columns
 * (at least 40): the sendmmsg points, the single-message modes as marks. */
void sweep__print_plot(FILE *f, const struct sweep_point *p, size_t n, unsigned width);
/* The model and what follows from it in sentences, every number from the
 * summary of the points; when the fit is poor or the runs noisy, it says so
 * instead. */
void sweep__print_explanation(FILE *f, const struct sweep_summary *s);

/* CSV: a header, a row per point, a row for the fit (column "type"). */
void sweep__print_csv_header(FILE *f);
void sweep__print_csv_point(FILE *f, const struct sweep_point *p);
void sweep__print_csv_fit(FILE *f, const struct sweep_summary *s);

#endif /* MMSGTRACE_REPORT_SWEEP_H */
