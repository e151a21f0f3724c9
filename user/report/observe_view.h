/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Observe mode's human-readable output: the live table of processes (a
 * top-like screen on a TTY, a block per interval otherwise), lines for
 * processes that fork or exit, and the summary per process with its
 * batching report. Task names come from other users' processes: they are
 * always printed escaped. (JSON is in output.h.)
 */
#ifndef MMSGTRACE_PROCVIEW_H
#define MMSGTRACE_PROCVIEW_H

#include <stdbool.h>
#include <stdio.h>

#include "core/batching.h"
#include "core/procstats.h"

struct observe_view_config {
	FILE *out;
	bool tty;			/* redraw a screen instead of appending blocks */
	int rows;			/* TTY height (0: unknown) */
	bool per_thread;
	const char *title;		/* "pid 1234, attach raw"; kept: it must outlive the view */
};

struct observe_view;

struct observe_view *observe_view__new(const struct observe_view_config *cfg);
void observe_view__free(struct observe_view *v);

/* The live table after an interval of `seconds` ending at t (seconds since
 * the start); tasks sorted as procstats__interval gives them; lost: lost
 * events in the interval. Returns false once the output cannot be written
 * (closed pipe). */
bool observe_view__interval(struct observe_view *v, double t, double seconds,
			struct procstats_task *const *tasks, size_t n, uint64_t lost);

/* A watched process forked or exited. */
void observe_view__task_event(struct observe_view *v, double t, const struct mmsg_task_record *rec);

/* One process in the summary: totals, latency, errnos and its batching report. */
void observe_view__process(struct observe_view *v, const struct procstats_task *t, bool histograms,
			   const struct batching_process *process, const struct batching_fd *batching,
			   size_t nbatching, const struct observe_summary *s);

/* The run-wide totals, after the processes. */
void observe_view__summary(struct observe_view *v, const struct observe_summary *s);

#endif /* MMSGTRACE_PROCVIEW_H */
